#include "advisories_api.h"

#include "../core/timefmt.h"
#include "../hub/advisories.h"
#include "api.h"
#include "http.h"

#include <stdlib.h>
#include <string.h>

static bool read_limit(const fk_request *req, fk_response *res, size_t *out)
{
    const char *limit = fk_http_query(req, "limit");
    char *end = NULL;
    long n = limit ? strtol(limit, &end, 10) : 100;
    if (limit && (*end || n < 1 || n > 10000)) {
        fk_http_error(res, 400, "Invalid request", "limit: expected 1 to 10000");
        return false;
    }
    *out = (size_t)n;
    return true;
}

static bool number_param(fk_request *req, fk_response *res, const char *what, int64_t *out)
{
    char *end;
    long long v = strtoll(req->params[0], &end, 10);
    if (*end || v <= 0) {
        fk_http_error(res, 404, "Not found", "no %s %s", what, req->params[0]);
        return false;
    }
    *out = v;
    return true;
}

void fk_api_advisories(fk_request *req, fk_response *res)
{
    fk_advisory_query q = {
        .org = fk_http_query(req, "organisation"),
        .tier = fk_http_query(req, "tier"),
        .vuln = fk_http_query(req, "vulnerability"),
        .lang = fk_http_query(req, "lang"),
    };
    if (!read_limit(req, res, &q.limit))
        return;
    fk_err err;
    if (fk_hub_advisories(req->db, req->who, &q, &res->body, &err) != 0)
        fk_api_fail(res, &err);
}

void fk_api_advisory_draft(fk_request *req, fk_response *res)
{
    const char *lang = json_string_value(json_object_get(req->body, "lang"));
    if (!lang)
        lang = fk_http_query(req, "lang");
    fk_err err;
    int rc = fk_hub_advisory_draft(req->db, req->policy, req->who, req->params[0], lang,
                                   fk_time_now_ms(), &res->body, &err);
    if (rc > 0)
        return fk_http_error(res, 404, "Not found", "no vulnerability %s", req->params[0]);
    if (rc < 0)
        return fk_api_fail(res, &err);
    res->status = 201;
}

void fk_api_advisory_drafts(fk_request *req, fk_response *res)
{
    size_t limit;
    if (!read_limit(req, res, &limit))
        return;
    const char *pending = fk_http_query(req, "pending");
    fk_err err;
    if (fk_hub_advisory_drafts(req->db, req->who, fk_http_query(req, "vulnerability"),
                               pending && (!strcmp(pending, "true") || !strcmp(pending, "1")),
                               limit, &res->body, &err) != 0)
        fk_api_fail(res, &err);
}

void fk_api_advisory_draft_get(fk_request *req, fk_response *res)
{
    int64_t id;
    if (!number_param(req, res, "advisory draft", &id))
        return;
    fk_err err;
    int rc = fk_hub_advisory_draft_get(req->db, req->who, id, &res->body, &err);
    if (rc > 0)
        return fk_http_error(res, 404, "Not found", "no advisory draft %lld", (long long)id);
    if (rc < 0)
        fk_api_fail(res, &err);
}

void fk_api_advisory_draft_release(fk_request *req, fk_response *res)
{
    int64_t id;
    if (!number_param(req, res, "advisory draft", &id))
        return;
    /* an empty body releases the draft's own decision; a body is an edited decision */
    json_t *decision = json_object_size(req->body) ? req->body : NULL;
    fk_err err;
    err.msg[0] = '\0';
    fk_release_outcome out;
    if (fk_hub_advisory_draft_release(req->db, req->policy, req->who, id, decision, &out, &err) !=
        0)
        return fk_api_fail(res, &err);
    if (out.status == FK_RELEASE_BAD_REQUEST)
        return fk_http_error(res, err.code == FK_ERR_INVALID ? 400 : 409, "Invalid request", "%s",
                             err.msg);
    if (out.status != FK_RELEASE_OK)
        return fk_http_error(res, err.code == FK_ERR_DENIED ? 403 : 409, "Refused", "%s", err.msg);
    res->body =
        json_pack("{sI sI sI so}", "release", (json_int_t)out.release_id, "withheld_indicators",
                  (json_int_t)out.withheld, "taxii_collections", (json_int_t)out.collections,
                  "withheld_text", out.withheld_text ? out.withheld_text : json_array());
    res->status = 201;
}

void fk_api_measure_put(fk_request *req, fk_response *res)
{
    int64_t id;
    if (!number_param(req, res, "asset", &id))
        return;
    fk_err err;
    int rc = fk_hub_measure_record(req->db, req->who, id, req->params[1], req->body,
                                   fk_time_now_ms(), &err);
    if (rc > 0)
        return fk_http_error(res, 404, "Not found", "no asset %lld", (long long)id);
    if (rc < 0)
        return fk_api_fail(res, &err);
    json_t *list;
    if (fk_hub_measures(req->db, req->who, NULL, req->params[1], &list, &err) != 0)
        return fk_api_fail(res, &err);
    size_t i;
    json_t *m;
    json_array_foreach(list, i, m) if (json_integer_value(json_object_get(m, "asset")) == id)
        res->body = json_incref(m);
    json_decref(list);
}

void fk_api_measures(fk_request *req, fk_response *res)
{
    fk_err err;
    if (fk_hub_measures(req->db, req->who, fk_http_query(req, "organisation"),
                        fk_http_query(req, "vulnerability"), &res->body, &err) != 0)
        fk_api_fail(res, &err);
}

void fk_api_early_delivery(fk_request *req, fk_response *res)
{
    json_t *v = json_object_get(req->body, "early_delivery");
    if (!json_is_boolean(v))
        return fk_http_error(res, 400, "Invalid request", "early_delivery: expected true or false");
    fk_err err;
    if (fk_hub_early_delivery_set(req->db, req->who, req->params[0], json_is_true(v), &err) != 0)
        return err.code == FK_ERR_INVALID ? fk_http_error(res, 404, "Not found", "%s", err.msg)
                                          : fk_api_fail(res, &err);
    res->body =
        json_pack("{ss sb}", "organisation", req->params[0], "early_delivery", json_is_true(v));
}
