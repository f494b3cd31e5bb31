#include "vulns_api.h"

#include "../core/timefmt.h"
#include "../hub/vulns.h"
#include "../vuln/feed.h"
#include "api.h"
#include "http.h"

#include <stdlib.h>
#include <string.h>

static bool flag(const fk_request *req, const char *name)
{
    const char *v = fk_http_query(req, name);
    return v && (!strcmp(v, "1") || !strcmp(v, "true") || !strcmp(v, "yes"));
}

static bool asset_id(fk_request *req, fk_response *res, int64_t *out)
{
    char *end;
    long long v = strtoll(req->params[0], &end, 10);
    if (*end || v <= 0) {
        fk_http_error(res, 404, "Not found", "no asset %s", req->params[0]);
        return false;
    }
    *out = v;
    return true;
}

void fk_api_vulns(fk_request *req, fk_response *res)
{
    fk_page page;
    if (!fk_api_read_page(req, res, &page))
        return;
    const char *min = fk_http_query(req, "min_score");
    char *end = NULL;
    double score = min ? strtod(min, &end) : 0;
    if (min && (*end || score < 0 || score > 10))
        return fk_http_error(res, 400, "Invalid request", "min_score: expected 0 to 10");
    fk_err err;
    if (fk_hub_vulns_list(req->db, req->who, fk_http_query(req, "q"), flag(req, "kev"), score,
                          flag(req, "mine"), &page, &res->body, &err) != 0)
        return fk_api_fail(res, &err);
    fk_api_link_next(req, res, res->body, json_array_size(res->body), &page, "id");
}

void fk_api_vuln(fk_request *req, fk_response *res)
{
    fk_err err;
    int rc = fk_hub_vuln_get(req->db, req->who, req->params[0], &res->body, &err);
    if (rc > 0)
        return fk_http_error(res, 404, "Not found", "no vulnerability %s", req->params[0]);
    if (rc < 0)
        fk_api_fail(res, &err);
}

void fk_api_vuln_overview(fk_request *req, fk_response *res)
{
    fk_err err;
    if (fk_hub_vuln_overview(req->db, req->who, &res->body, &err) != 0)
        fk_api_fail(res, &err);
}

void fk_api_vuln_feed(fk_request *req, fk_response *res)
{
    const char *feed = fk_http_query(req, "feed");
    fk_feed_kind k;
    if (feed && !fk_feed_named(feed, &k))
        return fk_http_error(res, 400, "Invalid request", "feed: expected nvd, jvn, kev or epss");
    fk_err err;
    if (fk_hub_vuln_import(req->db, req->who, fk_http_query(req, "name"), req->raw, req->raw_len,
                           feed ? (int)k : -1, fk_time_now_ms(), &res->body, &err) != 0)
        return fk_api_fail(res, &err);
}

void fk_api_vuln_rematch(fk_request *req, fk_response *res)
{
    fk_err err;
    if (fk_hub_vuln_rematch(req->db, req->who, fk_time_now_ms(), &res->body, &err) != 0)
        fk_api_fail(res, &err);
}

void fk_api_assets(fk_request *req, fk_response *res)
{
    fk_page page;
    if (!fk_api_read_page(req, res, &page))
        return;
    fk_err err;
    if (fk_hub_assets_list(req->db, req->who, fk_http_query(req, "organisation"),
                           fk_http_query(req, "q"), flag(req, "ics"), flag(req, "internet"), &page,
                           &res->body, &err) != 0)
        return fk_api_fail(res, &err);
    fk_api_link_next(req, res, res->body, json_array_size(res->body), &page, "id");
}

void fk_api_asset(fk_request *req, fk_response *res)
{
    int64_t id;
    if (!asset_id(req, res, &id))
        return;
    fk_err err;
    int rc = fk_hub_asset_get(req->db, req->who, id, &res->body, &err);
    if (rc > 0)
        return fk_http_error(res, 404, "Not found", "no asset %lld", (long long)id);
    if (rc < 0)
        fk_api_fail(res, &err);
}

void fk_api_asset_put(fk_request *req, fk_response *res)
{
    fk_err err;
    int64_t id;
    bool created;
    const char *org = json_string_value(json_object_get(req->body, "organisation"));
    if (fk_hub_asset_put(req->db, req->who, org, req->body, fk_time_now_ms(), &id, &created,
                         &err) != 0)
        return fk_api_fail(res, &err);
    if (fk_hub_asset_get(req->db, req->who, id, &res->body, &err) != 0)
        return fk_api_fail(res, &err);
    res->status = created ? 201 : 200;
}

void fk_api_asset_import(fk_request *req, fk_response *res)
{
    fk_err err;
    if (fk_hub_assets_import(req->db, req->who, fk_http_query(req, "organisation"),
                             fk_http_query(req, "format"), req->raw, req->raw_len,
                             fk_http_query(req, "name"), true, fk_time_now_ms(), &res->body,
                             &err) != 0)
        return fk_api_fail(res, &err);
}

void fk_api_asset_remove(fk_request *req, fk_response *res)
{
    int64_t id;
    if (!asset_id(req, res, &id))
        return;
    fk_err err;
    int rc = fk_hub_asset_remove(req->db, req->who, id, &err);
    if (rc > 0)
        return fk_http_error(res, 404, "Not found", "no asset %lld", (long long)id);
    if (rc < 0)
        return fk_api_fail(res, &err);
    res->status = 204;
}

void fk_api_crypto_report(fk_request *req, fk_response *res)
{
    fk_err err;
    if (fk_hub_crypto_report(req->db, req->who, &res->body, &err) != 0)
        fk_api_fail(res, &err);
}
