#include "alerts.h"

#include "../detect/ioc.h"
#include "../intel/report_types.h"
#include "../store/alerts.h"
#include "../store/audit.h"
#include "../store/ingest.h"
#include "../store/reports.h"

#include <stdio.h>
#include <string.h>

static const char *text(json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? s : "";
}

/* The values of the alert that can be shared as indicators. */
static json_t *indicators_of(json_t *alert)
{
    json_t *out = json_array();
    const char *candidates[] = {text(alert, "src_ip"), text(alert, "indicator")};
    for (size_t i = 0; out && i < 2; i++) {
        char norm[4096];
        fk_ioc_type t;
        fk_err e;
        if (!*candidates[i] ||
            fk_ioc_classify(candidates[i], strlen(candidates[i]), &t, norm, sizeof norm, &e) != 0)
            continue;
        bool dup = false;
        size_t k;
        json_t *v;
        json_array_foreach(out, k, v) dup = dup || !strcmp(json_string_value(v), norm);
        if (!dup)
            json_array_append_new(out, json_string(norm));
    }
    return out;
}

static json_t *draft_of(json_t *alert)
{
    char title[400], desc[4000];
    snprintf(title, sizeof title, "%s: %.200s", text(alert, "title"), text(alert, "value"));
    json_t *d = json_object_get(alert, "detail");
    snprintf(desc, sizeof desc,
             "Raised by fukurou's %s engine, rule %s, severity %s; seen %lld times from %s to "
             "%s.\nEvidence: %s = %.1500s\nSource address: %s\nTarget: %.500s%s%s",
             text(alert, "engine"), text(alert, "rule"), text(alert, "severity"),
             (long long)json_integer_value(json_object_get(alert, "count")), text(alert, "first"),
             text(alert, "last"), text(alert, "field"), text(alert, "value"),
             *text(alert, "src_ip") ? text(alert, "src_ip") : "-",
             *text(alert, "target") ? text(alert, "target") : "-",
             *text(d, "tags") ? "\nATT&CK: " : "", text(d, "tags"));
    char sensor[200];
    snprintf(sensor, sizeof sensor, "fukurou hub, %s engine", text(alert, "engine"));
    return json_pack("{sssssssssss{ssssssss}so}", "type", "observation", "title", title,
                     "description", desc, "tlp", "AMBER", "consent", "centre", "fields",
                     "observed_from", text(alert, "first"), "observed_until", text(alert, "last"),
                     "sensor", sensor, "method", "automated detection", "indicators",
                     indicators_of(alert));
}

int fk_hub_alert_to_report(fk_db *db, const fk_principal *who, int64_t alert_id, json_t *overrides,
                           int64_t *report_id, fk_err *err)
{
    bool centre = fk_role_is_centre(who->role);
    json_t *alert = NULL;
    int rc = fk_alert_get(db, alert_id, centre ? 0 : who->org_id, &alert, err);
    if (rc != 0)
        return rc;
    if (overrides && !json_is_object(overrides)) {
        json_decref(alert);
        return fk_errf(err, "expected a JSON object of fields to override (or no body)");
    }
    json_t *draft = draft_of(alert);
    const char *key;
    json_t *v;
    static const char *const allowed[] = {"type", "title",   "description", "impact",    "tlp",
                                          "pap",  "consent", "fields",      "indicators"};
    json_object_foreach(overrides, key, v)
    {
        bool ok = false;
        for (size_t i = 0; i < sizeof allowed / sizeof allowed[0]; i++)
            ok = ok || !strcmp(key, allowed[i]);
        if (!ok) {
            json_decref(alert);
            json_decref(draft);
            return fk_errf(err,
                           "'%s' cannot be overridden (type, title, description, impact, tlp, "
                           "pap, consent, fields, indicators)",
                           key);
        }
        json_object_set(draft, key, v);
    }
    json_t *norm = NULL;
    if (!draft || fk_report_normalise(draft, &norm, err) != 0) {
        json_decref(alert);
        json_decref(draft);
        return -1;
    }
    json_decref(draft);
    /* the provider is the member whose logs raised it; the centre's own campaign alerts
     * are the caller's */
    fk_principal provider = *who;
    const char *org = json_string_value(json_object_get(alert, "organisation"));
    if (org && strcmp(org, who->org) != 0) {
        char sector[48];
        int64_t org_id;
        if (fk_org_find(db, org, &org_id, sector, err) != 0) {
            json_decref(alert);
            json_decref(norm);
            return -1;
        }
        provider.org_id = org_id;
        snprintf(provider.org, sizeof provider.org, "%s", org);
        snprintf(provider.sector, sizeof provider.sector, "%s", sector);
    }
    json_decref(alert);
    char actor[160], object[48], detail[96], note[64];
    snprintf(actor, sizeof actor, "account:%s", who->account);
    if (fk_db_begin(db, err) != 0) {
        json_decref(norm);
        return -1;
    }
    rc = fk_report_insert(db, &provider, norm, report_id, err);
    json_decref(norm);
    snprintf(note, sizeof note, "promoted to report %lld", (long long)*report_id);
    if (rc == 0)
        rc = fk_alert_set_state(db, actor, alert_id, 0, "escalated", note, err);
    snprintf(object, sizeof object, "alert:%lld", (long long)alert_id);
    snprintf(detail, sizeof detail, "{\"report\":%lld}", (long long)*report_id);
    if (rc == 0)
        rc = fk_audit_append(db, actor, "alert.promote", object, detail, err);
    if (rc == 0 && fk_db_commit(db, err) != 0)
        rc = -1;
    if (rc != 0) {
        fk_db_rollback(db);
        return -1;
    }
    return 0;
}

/* The one rule of who sees which alerts: the centre every one, a member its own. */
static int64_t view_of(const fk_principal *who)
{
    return fk_role_is_centre(who->role) ? 0 : who->org_id;
}

int fk_hub_alerts_list(fk_db *db, const fk_principal *who, fk_alert_filter *f, const fk_page *page,
                       json_t **out, char next[32], fk_err *err)
{
    f->only_org_id = view_of(who);
    return fk_alert_list(db, f, page, out, next, err);
}

int fk_hub_alert_get(fk_db *db, const fk_principal *who, int64_t id, json_t **out, fk_err *err)
{
    return fk_alert_get(db, id, view_of(who), out, err);
}

int fk_hub_alert_set_state(fk_db *db, const fk_principal *who, int64_t id, const char *state,
                           const char *note, fk_err *err)
{
    char actor[160];
    snprintf(actor, sizeof actor, "account:%s", who->account);
    return fk_alert_set_state(db, actor, id, view_of(who), state, note, err);
}

int fk_hub_alert_evidence(fk_db *db, const json_t *alert, char *line, size_t cap, fk_err *err)
{
    int64_t batch = json_integer_value(json_object_get(alert, "batch_id"));
    int64_t n = json_integer_value(json_object_get(json_object_get(alert, "detail"), "line"));
    if (batch <= 0 || n <= 0 || cap == 0)
        return 1;
    fk_batch b;
    int rc = fk_batch_load(db, batch, &b, err);
    if (rc != 0) {
        fk_batch_release(&b);
        return rc;
    }
    const char *p = b.body, *end = b.body + b.body_len;
    for (int64_t k = 1; p && p < end && k < n; k++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        p = nl ? nl + 1 : NULL;
    }
    rc = 1;
    if (p && p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t len = (size_t)((nl ? nl : end) - p);
        if (len >= cap)
            len = cap - 1;
        memcpy(line, p, len);
        line[len] = '\0';
        rc = 0;
    }
    fk_batch_release(&b);
    return rc;
}
