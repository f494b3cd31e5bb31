#include "sharing.h"

#include "../core/timefmt.h"
#include "../store/audit.h"
#include "../store/cases.h"
#include "../store/collections.h"
#include "../store/receipts.h"
#include "../store/reports.h"
#include "../store/sectors.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool sector_in_db(void *db, const char *code)
{
    return fk_sector_known(db, code);
}

/* The cases the centre chose to share with the release (decision "cases": [ids]) put on
 * the report as intel/release.h takes them. Only cases about the report's provider: the
 * anonymiser masks the provider's identity, and would not mask another organisation's.
 * -1 on a storage error; otherwise 0 with *status. */
static int attach_cases(fk_db *db, json_t *report, json_t *ids, fk_release_refusal *status,
                        fk_err *err)
{
    *status = FK_RELEASE_OK;
    if (!ids)
        return 0;
    if (!json_is_array(ids) || json_array_size(ids) > 50) {
        *status = FK_RELEASE_BAD_REQUEST;
        fk_errc(err, FK_ERR_INVALID, "cases: expected a list of at most 50 case numbers");
        return 0;
    }
    const char *provider =
        json_string_value(json_object_get(json_object_get(report, "provider"), "organisation"));
    json_t *shared = json_array();
    if (!shared)
        return fk_errc(err, FK_ERR_NOMEM, "out of memory");
    json_object_set_new(report, "cases", shared);
    size_t i;
    json_t *id;
    json_array_foreach(ids, i, id)
    {
        json_t *c = NULL;
        int found = json_is_integer(id) ? fk_case_load(db, json_integer_value(id), &c, err) : 1;
        if (found < 0)
            return -1;
        if (found > 0) {
            *status = FK_RELEASE_BAD_REQUEST;
            fk_errc(err, FK_ERR_INVALID, "cases[%zu]: no such case", i);
            return 0;
        }
        const char *org = json_string_value(json_object_get(c, "organisation"));
        if (!provider || strcmp(org, provider) != 0) {
            *status = FK_RELEASE_REFUSED;
            fk_errc(err, FK_ERR_CONFLICT,
                    "cases[%zu]: case %lld concerns another organisation than the report's "
                    "provider, whose identity the release would not mask",
                    i, (long long)json_integer_value(id));
            json_decref(c);
            return 0;
        }
        json_array_append_new(shared, c);
    }
    return 0;
}

/* Loads the report and builds its release under decision, writing nothing. -1 on a
 * storage error; otherwise 0 with *status (a report that does not exist is
 * FK_RELEASE_BAD_REQUEST with err saying so) and rr filled when it is FK_RELEASE_OK. */
static int build(fk_db *db, const fk_hub_policy *policy, int64_t report_id, json_t *decision,
                 fk_release_result *rr, fk_release_refusal *status, fk_err *err)
{
    json_t *report = NULL;
    int found = fk_report_load(db, report_id, true, &report, err);
    if (found != 0) {
        if (found < 0)
            return -1;
        *status = FK_RELEASE_BAD_REQUEST;
        fk_errf(err, "no report %lld", (long long)report_id);
        return 0;
    }
    if (attach_cases(db, report, json_object_get(decision, "cases"), status, err) != 0 ||
        *status != FK_RELEASE_OK) {
        json_decref(report);
        return *status == FK_RELEASE_OK ? -1 : 0;
    }
    char hub[80];
    /* the audience's sectors are checked against this hub's edited lists */
    fk_hub_policy local = *policy;
    local.sector_known = sector_in_db;
    local.sector_ctx = db;
    *status = fk_release_build(&local, fk_hub_identity(db, hub), report, decision, rr, err);
    json_decref(report);
    /* the organisations an advisory names must be members the directory knows */
    size_t i;
    json_t *name;
    json_array_foreach(
        *status == FK_RELEASE_OK ? json_object_get(rr->audience, "organisations") : NULL, i, name)
    {
        int64_t id;
        char sector[48];
        int found = fk_org_find(db, json_string_value(name), &id, sector, err);
        if (found != 0) {
            fk_release_result_free(rr);
            if (found < 0)
                return -1;
            *status = FK_RELEASE_BAD_REQUEST;
            fk_errf(err, "audience.organisations[%zu]: no organisation named '%.80s'", i,
                    json_string_value(name));
            return 0;
        }
    }
    return *status == FK_RELEASE_ERROR ? -1 : 0;
}

int fk_hub_release(fk_db *db, const fk_hub_policy *policy, const fk_principal *who,
                   int64_t report_id, json_t *decision, fk_release_outcome *out, fk_err *err)
{
    memset(out, 0, sizeof *out);
    char actor[160];
    snprintf(actor, sizeof actor, "account:%s", who->account);
    /* The report is read inside the transaction, so a concurrent merge or release of
     * the same report cannot slip between the decision and its record. */
    if (fk_db_begin(db, err) != 0)
        return -1;
    fk_release_result rr;
    memset(&rr, 0, sizeof rr);
    if (build(db, policy, report_id, decision, &rr, &out->status, err) != 0 ||
        out->status != FK_RELEASE_OK) {
        fk_db_rollback(db);
        return out->status == FK_RELEASE_OK ? -1 : 0;
    }
    int rc = fk_release_insert(db, actor, who, report_id, rr.stix_report_id, rr.audience, rr.tier,
                               rr.deadline, rr.bundle, &out->release_id, err);
    if (rc == 0)
        rc = fk_taxii_publish(db, rr.audience, rr.bundle, &out->collections, err);
    /* each case shared links to the release, in its timeline */
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(decision, "cases"), i, c)
    {
        char ref[32];
        bool added;
        snprintf(ref, sizeof ref, "%lld", (long long)out->release_id);
        if (rc == 0)
            rc = fk_case_link(db, actor, json_integer_value(c), "release", ref, fk_time_now_ms(),
                              &added, err);
    }
    if (rc == 0)
        rc = fk_db_commit(db, err);
    if (rc != 0) {
        fk_db_rollback(db);
        fk_release_result_free(&rr);
        return -1;
    }
    out->withheld = rr.withheld;
    out->not_selected = rr.not_selected;
    out->withheld_text = rr.withheld_text;
    rr.withheld_text = NULL;
    fk_release_result_free(&rr);
    return 0;
}

int fk_hub_release_preview(fk_db *db, const fk_hub_policy *policy, const fk_principal *who,
                           int64_t report_id, json_t *decision, fk_release_result *out,
                           fk_release_refusal *status, fk_err *err)
{
    memset(out, 0, sizeof *out);
    *status = FK_RELEASE_REFUSED;
    if (!fk_role_is_centre(who->role)) {
        fk_errc(err, FK_ERR_DENIED, "only the centre releases reports");
        return 0;
    }
    return build(db, policy, report_id, decision, out, status, err);
}

/* Every read of released data is audited: who read which releases, and where. */
static void audit_read(fk_db *db, const fk_principal *who, json_t *releases, const char *where)
{
    json_t *ids = json_array();
    size_t i;
    json_t *r;
    json_array_foreach(releases, i, r) json_array_append(ids, json_object_get(r, "id"));
    json_t *d = json_pack("{so}", "releases", ids);
    char *detail = d ? json_dumps(d, JSON_COMPACT) : NULL;
    json_decref(d);
    char actor[160];
    snprintf(actor, sizeof actor, "account:%s", who->account);
    fk_err aerr;
    /* the read is answered even when its audit entry cannot be written; the log says so */
    if (detail && fk_audit_append(db, actor, "release.read", where, detail, &aerr) != 0)
        fprintf(stderr, "fukurou hub: audit: %s\n", aerr.msg);
    free(detail);
}

int fk_hub_releases_read(fk_db *db, const fk_principal *who, int64_t only_id, const fk_page *page,
                         const char *where, json_t **out, fk_err *err)
{
    return fk_hub_releases_read_tier(db, who, only_id, NULL, page, where, out, err);
}

int fk_hub_releases_read_tier(fk_db *db, const fk_principal *who, int64_t only_id, const char *tier,
                              const fk_page *page, const char *where, json_t **out, fk_err *err)
{
    if (fk_release_list_tier(db, who, only_id, tier, page, out, err) != 0)
        return -1;
    audit_read(db, who, *out, where);
    return 0;
}

int fk_hub_releases_due(fk_db *db, const fk_principal *who, int64_t now_ms, size_t limit,
                        const char *where, json_t **out, fk_err *err)
{
    char from[32];
    if (fk_release_due(db, who, fk_time_format(now_ms, from), limit, out, err) != 0)
        return -1;
    if (json_array_size(*out))
        audit_read(db, who, *out, where);
    return 0;
}

int fk_hub_release_visible(fk_db *db, const fk_principal *who, int64_t release_id, fk_err *err)
{
    char before[32];
    snprintf(before, sizeof before, "%lld", (long long)release_id - 1);
    fk_page just = {before, 1};
    json_t *rows;
    if (fk_release_list(db, who, 0, &just, &rows, err) != 0)
        return -1;
    int rc =
        json_integer_value(json_object_get(json_array_get(rows, 0), "id")) == release_id ? 0 : 1;
    json_decref(rows);
    return rc;
}

int fk_hub_release_answer(fk_db *db, const fk_principal *who, int64_t release_id, const char *state,
                          const char *note, int64_t now_ms, fk_err *err)
{
    if (fk_role_is_centre(who->role))
        return fk_errc(err, FK_ERR_DENIED, "the organisations a release is addressed to answer it");
    if (!fk_receipt_state_valid(state))
        return fk_errc(err, FK_ERR_INVALID, "state: expected acknowledged, done or not-affected");
    if (note && strlen(note) > 4000)
        return fk_errc(err, FK_ERR_INVALID, "note: at most 4000 bytes");
    int rc = fk_hub_release_visible(db, who, release_id, err);
    if (rc != 0)
        return rc;
    char actor[160];
    snprintf(actor, sizeof actor, "account:%s", who->account);
    if (fk_db_begin(db, err) != 0)
        return -1;
    if (fk_receipt_set(db, actor, release_id, who->org_id, state, note, who->account, now_ms,
                       err) != 0 ||
        fk_db_commit(db, err) != 0) {
        fk_db_rollback(db);
        return -1;
    }
    return 0;
}

int fk_hub_release_answers(fk_db *db, const fk_principal *who, int64_t release_id, json_t **out,
                           fk_err *err)
{
    int rc = fk_hub_release_visible(db, who, release_id, err);
    if (rc != 0)
        return rc;
    return fk_receipts(db, release_id, fk_role_is_centre(who->role) ? 0 : who->org_id, out, err);
}

int fk_hub_release_deadlines_check(fk_db *db, int64_t now_ms, size_t limit, size_t *handled,
                                   fk_err *err)
{
    *handled = 0;
    char now[32];
    json_t *due;
    if (fk_release_deadlines_due(db, fk_time_format(now_ms, now), limit, &due, err) != 0)
        return -1;
    int rc = 0;
    size_t i;
    json_t *r;
    json_array_foreach(due, i, r)
    {
        size_t reminded;
        if ((rc = fk_db_begin(db, err)) != 0)
            break;
        rc = fk_release_deadline_passed(db, json_integer_value(json_object_get(r, "id")),
                                        json_string_value(json_object_get(r, "tier")),
                                        json_string_value(json_object_get(r, "deadline")), now_ms,
                                        &reminded, err);
        if (rc == 0 && (rc = fk_db_commit(db, err)) == 0) {
            (*handled)++;
            continue;
        }
        fk_db_rollback(db);
        break;
    }
    json_decref(due);
    return rc;
}
