/* Alerts a member's collector raised itself (see edge.h). */
#include "edge.h"

#include "../core/sbuf.h"
#include "../store/alerts.h"
#include "../store/audit.h"
#include "../store/collections.h"
#include "access.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static bool one_line(const char *s, size_t max)
{
    return s && *s && strlen(s) <= max && !strpbrk(s, "\r\n");
}

int fk_edge_parse(json_t *body, fk_edge_request *rq, fk_err *err)
{
    memset(rq, 0, sizeof *rq);
    if (!json_is_object(body))
        return fk_errf(err, "expected a JSON object {\"batch\", \"alerts\": [...]}");
    static const char *const texts[] = {"batch", "source", "policy", "organisation"};
    const char **dst[] = {&rq->batch_key, &rq->source, &rq->policy, &rq->org};
    static const size_t max[] = {200, 120, 160, 128};
    for (size_t i = 0; i < 4; i++) {
        json_t *v = json_object_get(body, texts[i]);
        if (!v || json_is_null(v))
            continue;
        if (!json_is_string(v) || !one_line(json_string_value(v), max[i]))
            return fk_errf(err, "%s: expected a string of 1 to %zu characters on one line",
                           texts[i], max[i]);
        *dst[i] = json_string_value(v);
    }
    if (!rq->batch_key)
        return fk_errf(err, "batch: required (the key of the batch the alerts were raised on)");
    rq->alerts = json_object_get(body, "alerts");
    if (!json_is_array(rq->alerts) || json_array_size(rq->alerts) > FK_EDGE_MAX_ALERTS)
        return fk_errf(err, "alerts: expected an array of at most %d alerts", FK_EDGE_MAX_ALERTS);
    size_t i;
    json_t *o;
    json_array_foreach(rq->alerts, i, o)
    {
        fk_alert a;
        const char *bad;
        if (fk_alert_from_json(o, &a, &bad) != 0)
            return fk_errf(err,
                           "alerts[%zu].%s: missing or not as expected (a string; a severity "
                           "name; a number from 0)",
                           i, bad);
        /* the collector matches the centre's indicators, nothing else */
        if (!a.engine || strcmp(a.engine, "ioc") != 0)
            return fk_errf(err, "alerts[%zu].engine: expected \"ioc\"", i);
        if (!a.indicator || !*a.indicator || !a.indicator_id || !*a.indicator_id)
            return fk_errf(err, "alerts[%zu]: expected the indicator and its indicator_id", i);
        if (strchr(a.indicator, '\n'))
            return fk_errf(err, "alerts[%zu].indicator: expected one line", i);
        if (!a.count)
            return fk_errf(err, "alerts[%zu].count: expected at least 1", i);
        if (a.has_time && a.first_ms > a.last_ms)
            return fk_errf(err, "alerts[%zu]: expected first_ms <= last_ms", i);
    }
    return 0;
}

int fk_edge_alerts(fk_db *db, const fk_principal *who, const fk_edge_request *rq,
                   fk_edge_result *out, fk_err *err)
{
    memset(out, 0, sizeof *out);
    int64_t org_id;
    char sector[48];
    if (fk_access_sender_org(db, who, rq->org, "alerts", &org_id, sector, err) != 0)
        return -1;
    const char *org = rq->org ? rq->org : who->org;
    int rc;
    size_t n = json_array_size(rq->alerts);
    fk_alert *alerts = calloc(n ? n : 1, sizeof *alerts);
    fk_alert_in *in = calloc(n ? n : 1, sizeof *in);
    int64_t *ids = calloc(n ? n : 1, sizeof *ids);
    bool *fresh = calloc(n ? n : 1, sizeof *fresh);
    fk_sbuf indicators = {0};
    int64_t t = now_ms();
    rc = alerts && in && ids && fresh ? 0 : fk_errc(err, FK_ERR_NOMEM, "out of memory");
    if (rc == 0)
        rc = fk_db_begin(db, err);
    bool open = rc == 0;
    size_t kept = 0;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        const char *bad;
        if (fk_alert_from_json(json_array_get(rq->alerts, i), &alerts[i], &bad) != 0) {
            rc = fk_errf(err, "alerts[%zu].%s: wrong type", i, bad); /* checked by parse */
            break;
        }
        fk_alert *a = &alerts[i];
        bool readable = false;
        if (fk_taxii_readable_by(db, org_id, sector, a->indicator_id, &readable, err) != 0) {
            rc = -1;
            break;
        }
        if (!readable) { /* not released to this member: not its to report */
            out->withheld++;
            continue;
        }
        a->origin = "collector";
        a->org = (fk_str){NULL, 0};
        a->sector = (fk_str){NULL, 0};
        in[kept++] = (fk_alert_in){org_id, 0, a};
        if ((indicators.len && fk_sbuf_put(&indicators, "\n", 1) != 0) ||
            fk_sbuf_puts(&indicators, a->indicator) != 0)
            rc = fk_errc(err, FK_ERR_NOMEM, "out of memory");
    }
    int added = 0;
    if (rc == 0) {
        added = fk_alert_edge_add(db, org_id, rq->batch_key, (int64_t)kept,
                                  indicators.p ? indicators.p : "", t, err);
        rc = added < 0 ? -1 : 0;
    }
    if (rc == 0 && added && kept)
        rc = fk_alert_record_many(db, in, kept, t, ids, fresh, err);
    if (rc == 0 && added) {
        json_t *d = json_pack("{sssssIsIss*ss*}", "organisation", org, "key", rq->batch_key,
                              "alerts", (json_int_t)kept, "withheld", (json_int_t)out->withheld,
                              "source", rq->source, "policy", rq->policy);
        char *detail = d ? json_dumps(d, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
        json_decref(d);
        char actor[160];
        snprintf(actor, sizeof actor, "account:%s", who->account);
        rc = detail ? fk_audit_append(db, actor, "ingest.edge-alerts", "edge-alerts", detail, err)
                    : fk_errc(err, FK_ERR_NOMEM, "out of memory");
        free(detail);
    }
    if (rc == 0 && open)
        rc = fk_db_commit(db, err);
    if (rc != 0 && open)
        fk_db_rollback(db);
    if (rc == 0) {
        out->duplicate = !added;
        out->stored = added ? kept : 0;
    }
    free(alerts);
    free(in);
    free(ids);
    free(fresh);
    fk_sbuf_free(&indicators);
    return rc;
}
