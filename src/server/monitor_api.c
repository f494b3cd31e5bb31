#include "monitor_api.h"

#include "../store/workers.h"

#include "../core/timefmt.h"
#include "../hub/alerts.h"
#include "../hub/edge.h"
#include "../hub/monitor.h"
#include "../store/alerts.h"
#include "../store/ingest.h"
#include "../store/leases.h"
#include "../store/reports.h"
#include "api.h"

#include <libdeflate.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

/* A parameter given as a query argument or, for shippers that can only set constant
 * headers or only a URL, as a header. */
static const char *param(const fk_request *req, const char *query, const char *header)
{
    const char *v = fk_http_query(req, query);
    return v ? v : fk_http_header(req, header);
}

/* Inflates a gzip body (one member or several, concatenated) into at most max bytes. 0,
 * or the HTTP status to answer. libdeflate rather than zlib's stream: the body is whole in
 * memory, and zlib's passes over a batch (this one, deflating it to store, inflating it
 * again for detection) took 29% of the hub's CPU on ingest with every engine on. Its
 * output buffer must hold a member whole: sized from the gzip trailer's length, grown
 * when a member says it needs more. */
static unsigned gunzip(const char *in, size_t n, size_t max, char **out, size_t *out_len)
{
    struct libdeflate_decompressor *d = libdeflate_alloc_decompressor();
    if (!d)
        return 500;
    size_t hint = 0;
    if (n >= 18) /* ISIZE: the last member's length modulo 2^32 */
        hint = (size_t)(unsigned char)in[n - 4] | (size_t)(unsigned char)in[n - 3] << 8 |
               (size_t)(unsigned char)in[n - 2] << 16 | (size_t)(unsigned char)in[n - 1] << 24;
    size_t cap = hint + 1 > 65536 ? hint + 1 : 65536;
    if (cap > max)
        cap = max;
    char *buf = malloc(cap + 1);
    unsigned status = buf ? 0 : 500;
    size_t in_off = 0, len = 0;
    while (status == 0 && in_off < n) {
        size_t used_in = 0, made = 0;
        enum libdeflate_result r = libdeflate_gzip_decompress_ex(
            d, in + in_off, n - in_off, buf + len, cap - len, &used_in, &made);
        if (r == LIBDEFLATE_SUCCESS) {
            in_off += used_in;
            len += made;
        } else if (r == LIBDEFLATE_INSUFFICIENT_SPACE) {
            if (cap >= max) {
                status = 413;
                break;
            }
            size_t ncap = cap * 2 < max ? cap * 2 : max;
            char *nb = realloc(buf, ncap + 1);
            if (!nb)
                status = 500;
            else
                buf = nb, cap = ncap;
        } else {
            status = 400;
        }
    }
    libdeflate_free_decompressor(d);
    if (status == 0 && n == 0)
        status = 400;
    if (status) {
        free(buf);
        return status;
    }
    *out = buf;
    *out_len = len;
    return 0;
}

static bool media_type_ok(const char *ct)
{
    static const char *const types[] = {"application/x-ndjson",  "application/json",
                                        "application/jsonlines", "application/json-lines",
                                        "application/jsonl",     "text/plain"};
    if (!ct)
        return true; /* a shipper that names nothing sends lines */
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
        if (!strncasecmp(ct, types[i], strlen(types[i])))
            return true;
    return false;
}

void fk_api_ingest(fk_request *req, fk_response *res)
{
    if (!req->monitor)
        return fk_http_error(res, 503, "Unavailable",
                             "this hub does not take logs (monitoring off)");
    if (!media_type_ok(fk_http_header(req, "Content-Type")))
        return fk_http_error(res, 415, "Unsupported media type",
                             "send application/x-ndjson (one JSON value or log line per line)");
    const char *enc = fk_http_header(req, "Content-Encoding");
    char *inflated = NULL;
    const char *body = req->raw;
    size_t len = req->raw_len;
    if (enc && strcasecmp(enc, "identity") != 0) {
        if (strcasecmp(enc, "gzip") != 0 && strcasecmp(enc, "x-gzip") != 0)
            return fk_http_error(res, 415, "Unsupported media type",
                                 "Content-Encoding: expected gzip or none, not '%s'", enc);
        unsigned st = gunzip(req->raw, req->raw_len, req->max_ingest_body, &inflated, &len);
        if (st == 413)
            return fk_http_error(res, 413, "Payload too large",
                                 "the batch exceeds %zu bytes once decompressed; send smaller "
                                 "batches",
                                 req->max_ingest_body);
        if (st)
            return fk_http_error(res, st, st == 400 ? "Bad request" : "Internal error",
                                 st == 400 ? "the body is not valid gzip"
                                           : "out of memory while decompressing");
        body = inflated;
    }
    fk_ingest_request rq = {
        .org = param(req, "org", "X-Fukurou-Organisation"),
        .batch_key = param(req, "batch", "Idempotency-Key"),
        .source = param(req, "source", "X-Fukurou-Source"),
        .format = param(req, "format", "X-Fukurou-Format"),
        .policy = param(req, "policy", "X-Fukurou-Policy"),
        .body = body,
        .len = len,
    };
    if (!rq.batch_key)
        rq.batch_key = fk_http_header(req, "X-Fukurou-Batch");
    if ((rq.batch_key && strlen(rq.batch_key) > 200) || (rq.source && strlen(rq.source) > 120) ||
        (rq.policy && strlen(rq.policy) > 160)) {
        free(inflated);
        return fk_http_error(res, 400, "Bad request",
                             "batch id (at most 200 bytes), source (at most 120) or privacy "
                             "policy (at most 160) too long");
    }
    fk_ingest_result out;
    fk_err err;
    int rc = fk_monitor_ingest(req->monitor, req->db, req->who, &rq, &out, &err);
    free(inflated);
    if (rc != 0) {
        fk_ingest_result_free(&out);
        switch (err.code) {
        case FK_ERR_DENIED: return fk_http_error(res, 403, "Forbidden", "%s", err.msg);
        case FK_ERR_BUSY:
            snprintf(res->retry_after, sizeof res->retry_after, "5");
            return fk_http_error(res, 503, "Unavailable", "%s", err.msg);
        case FK_ERR_STORAGE: return fk_http_storage_error(res, &err);
        case FK_ERR_NOMEM: return fk_http_error(res, 503, "Unavailable", "%s", err.msg);
        default: return fk_http_error(res, 400, "Bad request", "%s", err.msg);
        }
    }
    res->status = out.duplicate ? 200 : 202;
    res->body =
        json_pack("{sIsbsIsIsIsIsOssss}", "batch", (json_int_t)out.batch_id, "duplicate",
                  out.duplicate, "lines", (json_int_t)out.lines, "events", (json_int_t)out.events,
                  "skipped", (json_int_t)out.skipped, "malformed", (json_int_t)out.malformed,
                  "errors", out.malformed_lines, "format", out.format, "sha256", out.digest);
    fk_ingest_result_free(&out);
}

/* The alerts a member's collector raised itself, sent before their batch. */
void fk_api_edge_alerts(fk_request *req, fk_response *res)
{
    fk_edge_request rq;
    fk_edge_result out;
    fk_err err;
    if (fk_edge_parse(req->body, &rq, &err) != 0)
        return fk_http_error(res, 400, "Invalid request", "%s", err.msg);
    if (fk_edge_alerts(req->db, req->who, &rq, &out, &err) != 0) {
        switch (err.code) {
        case FK_ERR_DENIED: return fk_http_error(res, 403, "Forbidden", "%s", err.msg);
        case FK_ERR_INVALID: return fk_http_error(res, 400, "Invalid request", "%s", err.msg);
        case FK_ERR_NOMEM: return fk_http_error(res, 503, "Unavailable", "%s", err.msg);
        default: return fk_http_storage_error(res, &err);
        }
    }
    res->status = out.duplicate ? 200 : 201;
    res->body = json_pack("{sbsIsI}", "duplicate", out.duplicate, "stored", (json_int_t)out.stored,
                          "withheld", (json_int_t)out.withheld);
}

/* ---- alerts ---- */

static bool parse_time(const char *s, int64_t *ms)
{
    if (!s)
        return true;
    return fk_time_parse_iso8601(s, strlen(s), ms);
}

void fk_api_alerts(fk_request *req, fk_response *res)
{
    fk_page page;
    if (!fk_api_read_page(req, res, &page))
        return;
    fk_alert_filter f = {
        .org = fk_http_query(req, "organisation"),
        .sector = fk_http_query(req, "sector"),
        .engine = fk_http_query(req, "engine"),
        .rule = fk_http_query(req, "rule"),
        .state = fk_http_query(req, "state"),
        .min_severity = -1,
    };
    const char *sev = fk_http_query(req, "severity");
    fk_severity s;
    if (sev) {
        if (!fk_severity_parse(sev, &s))
            return fk_http_error(res, 400, "Invalid request",
                                 "severity: expected info, low, medium, high or critical");
        f.min_severity = (int)s;
    }
    if (f.state && !fk_alert_state_valid(f.state))
        return fk_http_error(res, 400, "Invalid request",
                             "state: expected new, acknowledged, false-positive or escalated");
    if (!parse_time(fk_http_query(req, "since"), &f.since_ms) ||
        !parse_time(fk_http_query(req, "until"), &f.until_ms))
        return fk_http_error(res, 400, "Invalid request",
                             "since/until: expected an RFC 3339 time (2026-01-31T09:00:00Z)");
    if (page.after) {
        char *end;
        strtoll(page.after, &end, 10);
        if (*end)
            return fk_http_error(res, 400, "Invalid request", "after: not a key this server gave");
    }
    json_t *arr;
    char next[32];
    fk_err err;
    if (fk_hub_alerts_list(req->db, req->who, &f, &page, &arr, next, &err) != 0)
        return fk_http_storage_error(res, &err);
    res->body = arr;
    if (next[0])
        fk_api_link_next(req, res, arr, page.limit, &page, "id");
}

static bool alert_id(const fk_request *req, fk_response *res, int64_t *id)
{
    char *end;
    long long v = strtoll(req->params[0], &end, 10);
    if (*end || v <= 0) {
        fk_http_error(res, 404, "Not found", "no alert %s", req->params[0]);
        return false;
    }
    *id = v;
    return true;
}

void fk_api_alert(fk_request *req, fk_response *res)
{
    int64_t id;
    if (!alert_id(req, res, &id))
        return;
    fk_err err;
    json_t *a;
    int rc = fk_hub_alert_get(req->db, req->who, id, &a, &err);
    if (rc < 0)
        return fk_http_storage_error(res, &err);
    if (rc > 0)
        return fk_http_error(res, 404, "Not found", "no alert %lld of yours", (long long)id);
    res->body = a;
}

void fk_api_alert_state(fk_request *req, fk_response *res)
{
    int64_t id;
    if (!alert_id(req, res, &id))
        return;
    json_t *st = req->body ? json_object_get(req->body, "state") : NULL;
    json_t *nt = req->body ? json_object_get(req->body, "note") : NULL;
    if (!json_is_string(st) || !fk_alert_state_valid(json_string_value(st)))
        return fk_http_error(res, 400, "Invalid request",
                             "field 'state': expected new, acknowledged, false-positive or "
                             "escalated");
    if (nt && (!json_is_string(nt) || json_string_length(nt) > 2000))
        return fk_http_error(res, 400, "Invalid request",
                             "field 'note': expected text of at most 2000 bytes");
    fk_err err;
    int rc = fk_hub_alert_set_state(req->db, req->who, id, json_string_value(st),
                                    json_string_value(nt), &err);
    if (rc < 0)
        return fk_http_storage_error(res, &err);
    if (rc > 0)
        return fk_http_error(res, 404, "Not found", "no alert %lld of yours", (long long)id);
    json_t *a;
    if (fk_hub_alert_get(req->db, req->who, id, &a, &err) != 0)
        return fk_http_storage_error(res, &err);
    res->body = a;
}

/* An alert becomes a report in one call; the report then follows triage and release. */
void fk_api_alert_report(fk_request *req, fk_response *res)
{
    int64_t id;
    if (!alert_id(req, res, &id))
        return;
    int64_t report;
    fk_err err;
    int rc = fk_hub_alert_to_report(req->db, req->who, id, req->body, &report, &err);
    if (rc > 0)
        return fk_http_error(res, 404, "Not found", "no alert %lld of yours", (long long)id);
    if (rc < 0)
        return err.code == FK_ERR_STORAGE
                   ? fk_http_storage_error(res, &err)
                   : fk_http_error(res, 400, "Invalid request", "%s", err.msg);
    if (fk_report_load(req->db, report, fk_role_is_centre(req->who->role), &res->body, &err) != 0)
        return fk_http_storage_error(res, &err);
    res->status = 201;
}

/* ---- operating it ---- */

/* Which partitions each worker holds now, and which hub stores the workers' alerts. */
static void attach_leases(json_t *workers, json_t *leases, json_t *health)
{
    size_t i, k;
    json_t *w, *l;
    json_array_foreach(workers, i, w) json_object_set_new(w, "partitions", json_array());
    json_array_foreach(leases, k, l)
    {
        const char *name = json_string_value(json_object_get(l, "name"));
        const char *owner = json_string_value(json_object_get(l, "owner"));
        if (!name || !owner)
            continue;
        if (!strcmp(name, "correlator"))
            json_object_set_new(health, "correlator", json_string(owner));
        if (strncmp(name, "partition:", 10) != 0)
            continue;
        json_array_foreach(workers, i, w)
        {
            const char *wname = json_string_value(json_object_get(w, "name"));
            if (wname && !strcmp(wname, owner))
                json_array_append_new(json_object_get(w, "partitions"),
                                      json_integer(atoi(name + 10)));
        }
    }
}

void fk_api_health(fk_request *req, fk_response *res)
{
    int64_t backlog = 0, bytes = 0;
    fk_err err;
    if (fk_batch_backlog(req->db, &backlog, &bytes, &err) != 0)
        return fk_http_storage_error(res, &err);
    json_t *h = json_pack("{sssIsI}", "status", "ok", "backlog_batches", (json_int_t)backlog,
                          "backlog_bytes", (json_int_t)bytes);
    /* detection totals span every member: the centre's to see */
    if (h && req->monitor && fk_role_is_centre(req->who->role)) {
        fk_monitor_stats s;
        fk_monitor_stats_get(req->monitor, &s);
        char last[32] = "", swap[32] = "";
        if (s.last_batch_ms)
            fk_time_format(s.last_batch_ms, last);
        if (s.last_swap_ms)
            fk_time_format(s.last_swap_ms, swap);
        json_object_set_new(
            h, "detection",
            json_pack("{sssIsIsIsIsIssss?ss?sI}", "engines", s.engines, "batches",
                      (json_int_t)s.batches, "events", (json_int_t)s.events, "alerts",
                      (json_int_t)s.alerts, "indicators", (json_int_t)s.indicators,
                      "indicator_generation", (json_int_t)s.indicators_generation, "state",
                      backlog ? "catching up" : "current", "last_batch", last[0] ? last : NULL,
                      "indicators_swapped", swap[0] ? swap : NULL, "release_to_first_match_ms",
                      (json_int_t)(s.first_match_ms ? s.first_match_ms - s.last_swap_ms : -1)));
    }
    /* a scaled-out hub: its workers, and how far behind detection is */
    if (h && fk_role_is_centre(req->who->role)) {
        json_t *workers;
        int64_t oldest = 0, now = (int64_t)time(NULL) * 1000;
        if (fk_worker_list(req->db, now, 10000, &workers, &err) != 0 ||
            fk_batch_oldest_pending(req->db, &oldest, &err) != 0) {
            json_decref(h);
            return fk_http_storage_error(res, &err);
        }
        json_t *leases;
        if (fk_lease_list(req->db, now, &leases, &err) != 0) {
            json_decref(workers);
            json_decref(h);
            return fk_http_storage_error(res, &err);
        }
        attach_leases(workers, leases, h);
        json_decref(leases);
        json_object_set_new(h, "workers", workers);
        json_object_set_new(h, "lag_ms", json_integer(oldest ? now - oldest : 0));
    }
    res->body = h;
}

void fk_api_metering(fk_request *req, fk_response *res)
{
    const char *org = fk_http_query(req, "organisation");
    const char *days_s = fk_http_query(req, "days");
    int days = days_s ? atoi(days_s) : 31;
    if (days < 1 || days > 3660)
        return fk_http_error(res, 400, "Invalid request", "days: expected 1 to 3660");
    if (!fk_role_is_centre(req->who->role))
        org = req->who->org;
    fk_err err;
    json_t *arr;
    if (fk_metering_list(req->db, org, days, &arr, &err) != 0)
        return fk_http_storage_error(res, &err);
    res->body = arr;
}

void fk_api_sources(fk_request *req, fk_response *res)
{
    const char *org = fk_http_query(req, "organisation");
    if (!fk_role_is_centre(req->who->role))
        org = req->who->org;
    fk_err err;
    json_t *arr;
    if (fk_sources_list(req->db, org, &arr, &err) != 0)
        return fk_http_storage_error(res, &err);
    res->body = arr;
}
