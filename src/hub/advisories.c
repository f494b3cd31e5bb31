#include "advisories.h"

#include "../core/timefmt.h"
#include "../intel/report_types.h"
#include "../store/advisories.h"
#include "../store/assets.h"
#include "../store/audit.h"
#include "../store/matches.h"
#include "../store/reports.h"
#include "../store/vulns.h"
#include "../vuln/priority.h"
#include "../vuln/record.h"
#include "access.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NOMEM(err) fk_errc(err, FK_ERR_NOMEM, "out of memory")

/* ---- ranked advisories --------------------------------------------------------------- */

/* The measure recorded for a system and a vulnerability, or JSON null. */
static json_t *measure_of(json_t *measures, json_t *asset, const char *vuln)
{
    size_t i;
    json_t *m;
    json_array_foreach(measures, i, m)
    {
        if (json_integer_value(json_object_get(m, "asset")) == json_integer_value(asset) &&
            !strcmp(json_string_value(json_object_get(m, "vulnerability")), vuln))
            return m;
    }
    return json_null();
}

static int by_score(const void *a, const void *b)
{
    double x = json_real_value(json_object_get(*(json_t *const *)a, "score")),
           y = json_real_value(json_object_get(*(json_t *const *)b, "score"));
    return x < y ? 1 : x > y ? -1 : 0;
}

static double number_or(json_t *v, double fallback)
{
    return json_is_number(v) ? json_number_value(v) : fallback;
}

int fk_hub_advisories(fk_db *db, const fk_principal *who, const fk_advisory_query *q, json_t **out,
                      fk_err *err)
{
    const char *tier = q->tier && *q->tier ? q->tier : NULL, *lang = q->lang ? q->lang : "en";
    size_t limit = q->limit;
    fk_priority_tier only_tier = FK_TIER_LOW;
    if (tier && !fk_priority_tier_named(tier, &only_tier))
        return fk_errf(err, "tier: expected immediate, high, medium or low");
    if (!fk_access_allows(FK_ACT_ASSET_READ, who->role))
        return fk_errc(err, FK_ERR_DENIED, "advisories are for the centre and members' ledgers");
    int64_t only_org = 0;
    char sector[48];
    if (!fk_role_is_centre(who->role))
        only_org = who->org_id;
    else if (q->org && *q->org &&
             fk_access_sender_org(db, who, q->org, "systems", &only_org, sector, err) != 0)
        return -1;
    json_t *rows, *measures;
    if (fk_matches_for_advice(db, only_org, q->vuln, &rows, err) != 0)
        return -1;
    if (fk_measures_list(db, only_org, q->vuln, &measures, err) != 0) {
        json_decref(rows);
        return -1;
    }
    /* one advisory per organisation and vulnerability: the most urgent of its systems
     * decides the tier, the earliest deadline stands */
    json_t *list = json_array(), *current = NULL;
    int rc = list ? 0 : NOMEM(err);
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row)
    {
        if (rc != 0)
            break;
        fk_priority_input in = {
            .kev = json_is_string(json_object_get(row, "kev_added")),
            .epss = number_or(json_object_get(row, "epss"), -1),
            .cvss = number_or(json_object_get(row, "cvss_score"), -1),
            .criticality = json_string_value(json_object_get(row, "criticality")),
            .exposure = json_string_value(json_object_get(row, "exposure")),
            .confidence = json_string_value(json_object_get(row, "confidence")),
            .ics = json_integer_value(json_object_get(row, "ics")) != 0,
        };
        fk_priority p;
        fk_priority_of(&in, &p);
        const char *vuln = json_string_value(json_object_get(row, "vuln_id"));
        json_int_t org_id = json_integer_value(json_object_get(row, "org_id"));
        if (!current ||
            strcmp(json_string_value(json_object_get(current, "vulnerability")), vuln) != 0 ||
            json_integer_value(json_object_get(current, "org_id")) != org_id) {
            current = json_pack(
                "{sI sO ss sO sO sO sO sO sO sf s[]}", "org_id", org_id, "organisation",
                json_object_get(row, "organisation"), "vulnerability", vuln, "title",
                json_object_get(row, "title"), "cvss", json_object_get(row, "cvss_score"), "epss",
                json_object_get(row, "epss"), "known_exploited", json_object_get(row, "kev_added"),
                "kev_due", json_object_get(row, "kev_due"), "required_action",
                json_object_get(row, "kev_action"), "score", -1.0, "systems");
            if (!current || json_array_append_new(list, current) != 0) {
                rc = NOMEM(err);
                break;
            }
        }
        json_t *system = json_pack(
            "{sO sO ss sO sO sb ss si sO}", "asset", json_object_get(row, "asset"), "name",
            json_object_get(row, "name"), "tier", fk_priority_tier_name(p.tier), "criticality",
            json_object_get(row, "criticality"), "exposure", json_object_get(row, "exposure"),
            "ics", in.ics, "advice", fk_priority_advice(&p, lang), "deadline_days",
            p.compensating ? -1 : p.deadline_days, "confidence",
            json_object_get(row, "confidence"));
        /* what stands in for the patch, as recorded (an industrial-control system) */
        if (system && p.compensating)
            json_object_set_new(
                system, "measure",
                json_incref(measure_of(measures, json_object_get(row, "asset"), vuln)));
        /* a system that runs two matching names, or is matched both through a name and
         * through its platform, is listed once: as the more urgent */
        json_t *systems = json_object_get(current, "systems");
        json_t *last = json_array_get(systems, json_array_size(systems) - 1);
        bool again = last && json_integer_value(json_object_get(last, "asset")) ==
                                 json_integer_value(json_object_get(row, "asset"));
        if (again && json_real_value(json_object_get(last, "score")) >= p.score) {
            json_decref(system);
            continue;
        }
        if (system)
            json_object_set_new(system, "score", json_real(p.score));
        if (!system || (again ? json_array_set_new(systems, json_array_size(systems) - 1, system)
                              : json_array_append_new(systems, system)) != 0) {
            rc = NOMEM(err);
            break;
        }
        if (p.score > json_real_value(json_object_get(current, "score"))) {
            json_object_set_new(current, "score", json_real(p.score));
            json_object_set_new(current, "tier", json_string(fk_priority_tier_name(p.tier)));
            json_object_set_new(current, "advice", json_string(fk_priority_advice(&p, lang)));
        }
        if (!p.compensating) {
            json_t *d = json_object_get(current, "deadline_days");
            if (!d || json_integer_value(d) > p.deadline_days)
                json_object_set_new(current, "deadline_days", json_integer(p.deadline_days));
        } else
            json_object_set_new(current, "compensating_measures", json_true());
    }
    json_decref(rows);
    json_decref(measures);
    if (rc != 0) {
        json_decref(list);
        return -1;
    }
    /* highest first, then the tier asked for and the limit */
    size_t n = json_array_size(list);
    json_t **items = malloc((n ? n : 1) * sizeof *items), *sorted = json_array();
    if (!items || !sorted) {
        free(items);
        json_decref(sorted);
        json_decref(list);
        return NOMEM(err);
    }
    for (i = 0; i < n; i++)
        items[i] = json_array_get(list, i);
    if (n)
        qsort(items, n, sizeof *items, by_score);
    for (i = 0; i < n && json_array_size(sorted) < limit; i++) {
        if (tier && strcmp(json_string_value(json_object_get(items[i], "tier")), tier) != 0)
            continue;
        json_object_del(items[i], "org_id");
        json_array_append(sorted, items[i]);
    }
    free(items);
    json_decref(list);
    *out = sorted;
    return 0;
}

/* ---- drafts of releases ------------------------------------------------------------- */

static const char *actor_of(const fk_principal *who, char buf[160])
{
    snprintf(buf, 160, "account:%s", who->account);
    return buf;
}

/* The release tier of an advisory tier: known exploited is immediate, high an advisory,
 * the rest general information. */
static const char *release_tier(const char *tier)
{
    return !strcmp(tier, "immediate") ? "immediate"
           : !strcmp(tier, "high")    ? "advisory"
                                      : "general";
}

/* A text of the record in lang, else English, else any. */
static const char *text_in(json_t *texts, const char *lang)
{
    const char *t = json_string_value(json_object_get(texts, lang));
    if (!t)
        t = json_string_value(json_object_get(texts, "en"));
    if (!t) {
        const char *k;
        json_t *v;
        json_object_foreach(texts, k, v) if ((t = json_string_value(v))) break;
    }
    return t;
}

/* The centre's report about the vulnerability, as a member's report is normalised: what
 * it is and what to do; no organisation and no system is named in it, since every
 * organisation it goes to reads the same words. */
static json_t *draft_report(json_t *vuln, json_t *top, const char *lang, fk_err *err)
{
    const char *id = json_string_value(json_object_get(vuln, "id"));
    json_t *source = json_object_get(vuln, "nvd");
    if (!json_is_object(source))
        source = json_object_get(vuln, "jvn");
    const char *title = text_in(json_object_get(source, "title"), lang);
    if (!title)
        title = json_string_value(json_object_get(vuln, "title"));
    const char *summary = text_in(json_object_get(source, "description"), lang);
    bool ja = !strcmp(lang, "ja");
    const char *action = json_string_value(json_object_get(vuln, "kev_action"));
    char heading[240], deadline[120], *description = NULL;
    snprintf(heading, sizeof heading, "%s: %.200s", id, title ? title : id);
    json_t *days = json_object_get(top, "deadline_days");
    if (json_is_integer(days))
        snprintf(deadline, sizeof deadline, ja ? "%lld日以内" : "within %lld days",
                 (long long)json_integer_value(days));
    else
        snprintf(deadline, sizeof deadline, "%s",
                 ja ? "なし（制御システム: 補償措置を記録してください）"
                    : "none (industrial control: record the compensating measures)");
    if (asprintf(&description, "%s\n\n%s: %s%s%s\n%s: %s",
                 summary ? summary : (ja ? "(概要なし)" : "(no summary)"),
                 ja ? "対応" : "What to do", json_string_value(json_object_get(top, "advice")),
                 action ? " " : "", action ? action : "", ja ? "期限" : "Deadline", deadline) < 0) {
        NOMEM(err);
        return NULL;
    }
    json_t *cves = json_array(), *products = json_array();
    if (fk_vuln_is_cve(id))
        json_array_append_new(cves, json_string(id));
    size_t i;
    json_t *a;
    json_array_foreach(json_object_get(vuln, "aliases"), i,
                       a) if (fk_vuln_is_cve(json_string_value(a))) json_array_append(cves, a);
    json_array_foreach(json_object_get(source, "products"), i,
                       a) if (json_array_size(products) < 50) json_array_append(products, a);
    if (!json_array_size(products))
        json_array_append_new(products, json_string(ja ? "(製品情報なし)" : "(no product named)"));
    json_t *fields = json_pack("{so so sb}", "cves", cves, "products", products, "exploited",
                               json_is_string(json_object_get(vuln, "kev_added")));
    if (fields && json_is_number(json_object_get(vuln, "cvss_score")))
        json_object_set(fields, "cvss_base_score", json_object_get(vuln, "cvss_score"));
    json_t *in = json_pack("{ss ss ss so ss ss ss}", "type", "vulnerability", "title", heading,
                           "description", description, "fields", fields, "tlp", "AMBER", "pap",
                           "GREEN", "consent", "members");
    free(description);
    if (!in) {
        NOMEM(err);
        return NULL;
    }
    json_t *norm = NULL;
    int rc = fk_report_normalise(in, &norm, err);
    json_decref(in);
    return rc == 0 ? norm : NULL;
}

/* The organisations of the advisories, and the earliest deadline among them. */
static json_t *organisations_of(json_t *advisories, int64_t *days)
{
    json_t *names = json_array();
    *days = -1;
    size_t i;
    json_t *a;
    json_array_foreach(advisories, i, a)
    {
        json_array_append(names, json_object_get(a, "organisation"));
        json_t *d = json_object_get(a, "deadline_days");
        if (json_is_integer(d) && (*days < 0 || json_integer_value(d) < *days))
            *days = json_integer_value(d);
    }
    return names;
}

static json_t *decision_for(const char *tier, json_t *orgs, int64_t days, int64_t now_ms)
{
    json_t *d = json_pack("{ss s{sO} s{sbsbsb}}", "tier", tier, "audience", "organisations", orgs,
                          "include", "description", 1, "indicators", 0, "cves", 1);
    if (d && days >= 0) {
        char when[32];
        json_object_set_new(d, "deadline",
                            json_string(fk_time_format(now_ms + days * 86400000LL, when)));
    }
    return d;
}

/* Every name of `all` not in `some`. */
static json_t *without(json_t *all, json_t *some)
{
    json_t *rest = json_array();
    size_t i, j;
    json_t *a, *b;
    json_array_foreach(all, i, a)
    {
        bool in = false;
        json_array_foreach(some, j, b) in = in || json_equal(a, b);
        if (!in)
            json_array_append(rest, a);
    }
    return rest;
}

/* The draft in one transaction: the centre's report, triaged (known exploitation a level
 * above a weakness not known to be exploited, so that it can be released), and the
 * decisions that would release it; *report_id the report's. */
static int store_draft(fk_db *db, const fk_hub_policy *policy, const fk_principal *who,
                       json_t *report, const char *id, json_t *decision, json_t *early_decision,
                       bool exploited, int64_t now_ms, int64_t *report_id, fk_err *err)
{
    char actor[160];
    json_t *stored = json_pack("{sO sO}", "decision", decision, "early", early_decision);
    json_t *reasons =
        json_pack("{ss ss}", "society",
                  exploited ? "known to be exploited in the wild (CISA KEV)"
                            : "a weakness in software members run, not known to be exploited",
                  "systems", "members' systems run the affected software (the centre's ledger)");
    int rc = stored && reasons ? fk_db_begin(db, err) : NOMEM(err);
    if (rc == 0) {
        rc = fk_report_insert(db, who, report, report_id, err);
        if (rc == 0)
            rc = fk_advisory_draft_insert(db, *report_id, id, stored, now_ms, err);
        if (rc == 0)
            rc = fk_report_triage(db, actor_of(who, actor), *report_id, exploited ? 2 : 1,
                                  policy->scale->code, reasons, err);
        if (rc == 0)
            rc = fk_audit_append(db, actor_of(who, actor), "advisory.draft", id, "{}", err);
        if (rc == 0)
            rc = fk_db_commit(db, err);
        if (rc != 0)
            fk_db_rollback(db);
    }
    json_decref(stored);
    json_decref(reasons);
    return rc;
}

/* By prior agreement the early organisations get it at once, in its own transaction: the
 * draft stands even if this fails, and says so. {release, organisations} or {error,
 * organisations}. */
static json_t *release_early(fk_db *db, const fk_hub_policy *policy, const fk_principal *who,
                             int64_t report_id, json_t *early_decision, json_t *early)
{
    fk_release_outcome ro;
    fk_err rerr;
    rerr.msg[0] = '\0';
    if (fk_hub_release(db, policy, who, report_id, early_decision, &ro, &rerr) != 0 ||
        ro.status != FK_RELEASE_OK)
        return json_pack("{ss sO}", "error", rerr.msg, "organisations", early);
    json_decref(ro.withheld_text);
    if (fk_advisory_draft_released(db, report_id, true, ro.release_id, &rerr) != 0)
        return json_pack("{ss sO}", "error", rerr.msg, "organisations", early);
    return json_pack("{sI sO}", "release", (json_int_t)ro.release_id, "organisations", early);
}

int fk_hub_advisory_draft(fk_db *db, const fk_hub_policy *policy, const fk_principal *who,
                          const char *vuln_id, const char *lang, int64_t now_ms, json_t **out,
                          fk_err *err)
{
    *out = NULL;
    if (!fk_access_allows(FK_ACT_TRIAGE, who->role))
        return fk_errc(err, FK_ERR_DENIED, "only the centre's analysts draft releases");
    lang = lang && !strcmp(lang, "ja") ? "ja" : "en";
    json_t *vuln;
    if (fk_vulns_get(db, vuln_id, &vuln, err) != 0)
        return -1;
    if (!vuln)
        return 1;
    const char *id = json_string_value(json_object_get(vuln, "id"));
    fk_advisory_query q = {.vuln = id, .lang = lang, .limit = 1000000};
    json_t *advisories = NULL, *report = NULL, *decision = NULL, *early_decision = NULL,
           *early = NULL, *orgs = NULL, *rest = NULL;
    int64_t days = -1, report_id = 0;
    int rc = fk_hub_advisories(db, who, &q, &advisories, err);
    if (rc == 0 && !json_array_size(advisories))
        rc = fk_errc(err, FK_ERR_CONFLICT, "%s applies to no member's systems: nothing to release",
                     id);
    /* the most urgent organisation's tier, the earliest deadline; those with early
     * delivery apart */
    json_t *top = json_array_get(advisories, 0);
    const char *top_tier = json_string_value(json_object_get(top, "tier"));
    if (rc == 0) {
        orgs = organisations_of(advisories, &days);
        report = draft_report(vuln, top, lang, err);
        rc = report && orgs ? 0 : -1;
    }
    if (rc == 0)
        rc = fk_orgs_early_delivery(db, orgs, &early, err);
    if (rc == 0) {
        const char *tier = release_tier(top_tier);
        rest = without(orgs, early);
        decision = json_array_size(rest) ? decision_for(tier, rest, days, now_ms) : json_null();
        early_decision =
            json_array_size(early) ? decision_for(tier, early, days, now_ms) : json_null();
        rc = rest && decision && early_decision ? 0 : NOMEM(err);
    }
    if (rc == 0)
        rc = store_draft(db, policy, who, report, id, decision, early_decision,
                         !strcmp(top_tier, "immediate"), now_ms, &report_id, err);
    json_t *early_out = rc == 0 && json_array_size(early)
                            ? release_early(db, policy, who, report_id, early_decision, early)
                            : json_null();
    if (rc == 0 && (rc = fk_advisory_draft_get(db, report_id, out, err)) == 0)
        json_object_set_new(*out, "early", early_out ? early_out : json_null());
    else
        json_decref(early_out);
    if (rc > 0) /* the draft just stored is not there: the store failed */
        rc = fk_errc(err, FK_ERR_STORAGE, "advisory draft %lld: not found after storing",
                     (long long)report_id);
    json_decref(vuln);
    json_decref(advisories);
    json_decref(report);
    json_decref(decision);
    json_decref(early_decision);
    json_decref(early);
    json_decref(orgs);
    json_decref(rest);
    return rc;
}

int fk_hub_advisory_draft_release(fk_db *db, const fk_hub_policy *policy, const fk_principal *who,
                                  int64_t report_id, json_t *decision_override,
                                  fk_release_outcome *out, fk_err *err)
{
    memset(out, 0, sizeof *out);
    if (!fk_access_allows(FK_ACT_TRIAGE, who->role)) {
        out->status = FK_RELEASE_REFUSED;
        fk_errc(err, FK_ERR_DENIED, "only the centre's analysts release");
        return 0;
    }
    json_t *draft;
    int found = fk_advisory_draft_get(db, report_id, &draft, err);
    if (found < 0)
        return -1;
    json_t *decision = decision_override
                           ? decision_override
                           : json_object_get(json_object_get(draft, "decision"), "decision");
    if (found > 0 || !json_is_null(json_object_get(draft, "release")) ||
        !json_is_object(decision)) {
        out->status = FK_RELEASE_BAD_REQUEST;
        fk_errc(err, FK_ERR_INVALID,
                found > 0 ? "no advisory draft %lld"
                : json_is_object(decision)
                    ? "advisory draft %lld was released already"
                    : "advisory draft %lld has no one left to release to (early delivery took all)",
                (long long)report_id);
        json_decref(draft);
        return 0;
    }
    int rc = fk_hub_release(db, policy, who, report_id, decision, out, err);
    json_decref(draft);
    if (rc == 0 && out->status == FK_RELEASE_OK)
        rc = fk_advisory_draft_released(db, report_id, false, out->release_id, err);
    return rc;
}

int fk_hub_advisory_draft_get(fk_db *db, const fk_principal *who, int64_t report_id, json_t **out,
                              fk_err *err)
{
    if (!fk_access_allows(FK_ACT_TRIAGE, who->role))
        return fk_errc(err, FK_ERR_DENIED, "drafts are the centre's");
    return fk_advisory_draft_get(db, report_id, out, err);
}

int fk_hub_advisory_drafts(fk_db *db, const fk_principal *who, const char *vuln, bool pending,
                           size_t limit, json_t **out, fk_err *err)
{
    if (!fk_access_allows(FK_ACT_TRIAGE, who->role))
        return fk_errc(err, FK_ERR_DENIED, "drafts are the centre's");
    return fk_advisory_drafts_list(db, vuln && *vuln ? vuln : NULL, pending, limit, out, err);
}

/* ---- compensating measures ---------------------------------------------------------- */

static bool is_day(const char *s)
{
    int y, m, d;
    char tail;
    return strlen(s) == 10 && sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) == 3 && m >= 1 &&
           m <= 12 && d >= 1 && d <= 31;
}

int fk_hub_measure_record(fk_db *db, const fk_principal *who, int64_t asset_id, const char *vuln_id,
                          json_t *in, int64_t now_ms, fk_err *err)
{
    if (!fk_access_allows(FK_ACT_ASSET_EDIT, who->role))
        return fk_errc(err, FK_ERR_DENIED, "this account does not keep the ledger");
    const char *measure = json_string_value(json_object_get(in, "measure"));
    const char *state = json_string_value(json_object_get(in, "state"));
    json_t *review = json_object_get(in, "review_by");
    if (!json_is_object(in))
        return fk_errf(err, "expected {\"measure\": ..., \"state\": ..., \"review_by\": ...}");
    if (!measure || !*measure || strlen(measure) > 4000)
        return fk_errf(err, "measure: expected what stands in for the patch (1 to 4000 bytes)");
    if (!state ||
        (strcmp(state, "planned") && strcmp(state, "in-place") && strcmp(state, "patched")))
        return fk_errf(err, "state: expected planned, in-place or patched");
    if (review && !json_is_null(review) &&
        (!json_is_string(review) || !is_day(json_string_value(review))))
        return fk_errf(err, "review_by: expected a date YYYY-MM-DD");
    const char *key;
    json_t *v;
    json_object_foreach(in, key, v) if (strcmp(key, "measure") && strcmp(key, "state") &&
                                        strcmp(key, "review_by")) return fk_errf(err,
                                                                                 "%.60s: unknown "
                                                                                 "member",
                                                                                 key);
    json_t *vuln, *asset;
    if (fk_vulns_get(db, vuln_id, &vuln, err) != 0)
        return -1;
    if (!vuln)
        return fk_errf(err, "no vulnerability %.80s", vuln_id);
    char id[64];
    snprintf(id, sizeof id, "%s", json_string_value(json_object_get(vuln, "id")));
    json_decref(vuln);
    int64_t only = fk_role_is_centre(who->role) ? 0 : who->org_id;
    if (fk_db_begin(db, err) != 0)
        return -1;
    int rc = fk_assets_get(db, only, asset_id, &asset, err);
    if (rc == 0 && !asset)
        rc = 1;
    json_decref(asset);
    char actor[160];
    if (rc == 0)
        rc = fk_measure_put(db, actor_of(who, actor), asset_id, id, measure, state,
                            json_string_value(review), now_ms, err);
    if (rc == 0 && fk_db_commit(db, err) == 0)
        return 0;
    fk_db_rollback(db);
    return rc > 0 ? rc : -1;
}

int fk_hub_measures(fk_db *db, const fk_principal *who, const char *org, const char *vuln,
                    json_t **out, fk_err *err)
{
    if (!fk_access_allows(FK_ACT_ASSET_READ, who->role))
        return fk_errc(err, FK_ERR_DENIED, "this account does not read the ledger");
    int64_t only = 0;
    char sector[48];
    if (!fk_role_is_centre(who->role))
        only = who->org_id;
    else if (org && *org && fk_access_sender_org(db, who, org, "systems", &only, sector, err) != 0)
        return -1;
    return fk_measures_list(db, only, vuln && *vuln ? vuln : NULL, out, err);
}

int fk_hub_early_delivery_set(fk_db *db, const fk_principal *who, const char *org, bool early,
                              fk_err *err)
{
    if (!fk_access_allows(FK_ACT_DIRECTORY_ADMIN, who->role))
        return fk_errc(err, FK_ERR_DENIED, "only the centre's administrators set early delivery");
    char actor[160];
    return fk_org_set_early_delivery(db, actor_of(who, actor), org, early, err);
}
