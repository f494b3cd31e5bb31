#include "reporting.h"

#include "../intel/report_types.h"
#include "../store/reports.h"

#include <stdio.h>
#include <string.h>

static const char *actor_of(const fk_principal *who, char buf[160])
{
    snprintf(buf, 160, "account:%s", who->account);
    return buf;
}

int fk_hub_submit_report(fk_db *db, const fk_principal *who, json_t *report, int64_t *id,
                         fk_err *err)
{
    if (who->role == FK_ROLE_MEMBER_READER)
        return fk_errc(err, FK_ERR_DENIED, "a member-reader cannot submit reports");
    json_t *norm;
    if (fk_report_normalise(report, &norm, err) != 0)
        return -1;
    int rc = fk_report_insert(db, who, norm, id, err);
    json_decref(norm);
    if (rc != 0 && err->code != FK_ERR_STORAGE)
        err->code = FK_ERR_STORAGE; /* the report was valid: what failed is the store */
    return rc;
}

int fk_hub_triage(fk_db *db, const fk_hub_policy *policy, const fk_principal *who, int64_t id,
                  json_t *decision, fk_err *err)
{
    if (!fk_role_is_centre(who->role))
        return fk_errc(err, FK_ERR_DENIED, "only centre analysts triage reports");
    json_t *sev = json_object_get(decision, "severity"),
           *reasons = json_object_get(decision, "reasons");
    int max = policy->scale->nlevels - 1;
    if (!json_is_integer(sev) || json_integer_value(sev) < 0 || json_integer_value(sev) > max)
        return fk_errf(err, "field 'severity': expected a level from 0 to %d (%s)", max,
                       policy->scale->code);
    if (!json_is_object(reasons) || !json_is_string(json_object_get(reasons, "society")) ||
        !json_is_string(json_object_get(reasons, "systems")))
        return fk_errf(
            err,
            "field 'reasons': expected {\"society\": text, \"systems\": text} (impact on each)");
    char actor[160];
    if (fk_report_triage(db, actor_of(who, actor), id, (int)json_integer_value(sev),
                         policy->scale->code, reasons, err) != 0) {
        err->code = FK_ERR_STORAGE;
        return -1;
    }
    return 0;
}

int fk_hub_merge(fk_db *db, const fk_principal *who, int64_t id, int64_t into, fk_err *err)
{
    if (!fk_role_is_centre(who->role))
        return fk_errc(err, FK_ERR_DENIED, "only centre analysts merge reports");
    char actor[160];
    if (fk_report_merge(db, actor_of(who, actor), id, into, err) != 0) {
        if (err->code != FK_ERR_STORAGE)
            err->code = FK_ERR_CONFLICT;
        return -1;
    }
    return 0;
}

int fk_hub_reports_list(fk_db *db, const fk_principal *who, const fk_report_filter *f,
                        const fk_page *page, json_t **out, fk_err *err)
{
    bool centre = fk_role_is_centre(who->role);
    return fk_report_list(db, centre ? 0 : who->org_id, f, page, centre, out, err);
}

int fk_hub_report_get(fk_db *db, const fk_principal *who, int64_t id, json_t **out, fk_err *err)
{
    *out = NULL;
    json_t *r = NULL;
    int found = fk_report_load(db, id, true, &r, err);
    if (found != 0)
        return found;
    const char *owner =
        json_string_value(json_object_get(json_object_get(r, "provider"), "organisation"));
    bool centre = fk_role_is_centre(who->role);
    if (!centre && (!owner || strcmp(owner, who->org) != 0)) {
        json_decref(r);
        return 1;
    }
    if (!centre)
        json_object_del(r, "provider");
    *out = r;
    return 0;
}
