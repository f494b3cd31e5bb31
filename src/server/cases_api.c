#include "cases_api.h"

#include "../cases/workflow.h"
#include "../core/timefmt.h"
#include "../hub/cases.h"
#include "../hub/support.h"
#include "api.h"
#include "http.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

static const fk_severity_scale *scale_of(const fk_request *req)
{
    return req->policy && req->policy->scale ? req->policy->scale : fk_severity_scale_default();
}

/* The number in the path; false having answered 404. */
static bool case_id(fk_request *req, fk_response *res, unsigned param, int64_t *id)
{
    char *end;
    long long v = strtoll(req->params[param], &end, 10);
    if (*end || v <= 0) {
        fk_http_error(res, 404, "Not found", "no case %s", req->params[param]);
        return false;
    }
    *id = v;
    return true;
}

/* The answer to a use case: the case as it is now, or the error's status. */
static void answer(fk_request *req, fk_response *res, int rc, int64_t id, const fk_err *err,
                   unsigned status)
{
    if (rc > 0)
        return fk_http_error(res, 404, "Not found", "no case %lld of yours", (long long)id);
    if (rc < 0)
        return fk_api_fail(res, err);
    json_t *c;
    fk_err e2;
    if (fk_hub_case_get(req->db, req->who, id, &c, &e2) != 0)
        return fk_http_storage_error(res, &e2);
    res->body = c;
    res->status = status;
}

static const char *body_text(const fk_request *req, const char *name)
{
    return req->body ? json_string_value(json_object_get(req->body, name)) : NULL;
}

void fk_api_case_kinds(fk_request *req, fk_response *res)
{
    (void)req;
    json_t *out = json_array();
    for (size_t i = 0; out && i < fk_case_kind_count(); i++) {
        const fk_case_kind *k = fk_case_kind_at(i);
        json_t *states = json_array();
        for (size_t s = 0; states && s < k->nstates; s++) {
            const fk_case_state *st = &k->states[s];
            json_t *next = json_array();
            for (const char *p = st->next; next && *p;) {
                size_t n = strcspn(p, "|");
                json_array_append_new(next, json_stringn(p, n));
                p += n + (p[n] == '|');
            }
            json_array_append_new(states,
                                  json_pack("{ss ss ss sb sb so}", "code", st->code, "name_ja",
                                            st->name_ja, "name_en", st->name_en, "waiting",
                                            st->waiting, "closed", st->closed, "next", next));
        }
        json_array_append_new(out, json_pack("{ss ss ss so}", "code", k->code, "name_ja",
                                             k->name_ja, "name_en", k->name_en, "states", states));
    }
    res->body = out;
}

void fk_api_cases(fk_request *req, fk_response *res)
{
    fk_page page;
    if (!fk_api_read_page(req, res, &page))
        return;
    fk_case_filter f = {.state = fk_http_query(req, "state"), .kind = fk_http_query(req, "kind")};
    if (f.kind && !fk_case_kind_find(f.kind))
        return fk_http_error(res, 400, "Invalid request",
                             "kind: expected incident, preventive or third-party");
    fk_err err;
    if (fk_hub_cases_list(req->db, req->who, &f, &page, &res->body, &err) != 0)
        return fk_http_storage_error(res, &err);
    fk_api_link_next(req, res, res->body, json_array_size(res->body), &page, "id");
}

void fk_api_case_open(fk_request *req, fk_response *res)
{
    int64_t id = 0;
    fk_err err;
    int rc =
        fk_hub_case_open(req->db, req->who, scale_of(req), req->body, fk_time_now_ms(), &id, &err);
    answer(req, res, rc, id, &err, 201);
}

void fk_api_case(fk_request *req, fk_response *res)
{
    int64_t id;
    if (!case_id(req, res, 0, &id))
        return;
    json_t *c;
    fk_err err;
    int rc = fk_hub_case_get(req->db, req->who, id, &c, &err);
    if (rc > 0)
        return fk_http_error(res, 404, "Not found", "no case %lld of yours", (long long)id);
    if (rc < 0)
        return fk_http_storage_error(res, &err);
    res->body = c;
}

void fk_api_case_state(fk_request *req, fk_response *res)
{
    int64_t id;
    if (!case_id(req, res, 0, &id))
        return;
    fk_err err;
    int rc = fk_hub_case_move(req->db, req->who, id, body_text(req, "state"),
                              body_text(req, "note"), fk_time_now_ms(), &err);
    answer(req, res, rc, id, &err, 200);
}

void fk_api_case_link(fk_request *req, fk_response *res)
{
    int64_t id;
    if (!case_id(req, res, 0, &id))
        return;
    fk_err err;
    int rc = fk_hub_case_link(req->db, req->who, id, body_text(req, "kind"), body_text(req, "ref"),
                              fk_time_now_ms(), &err);
    answer(req, res, rc, id, &err, 200);
}

void fk_api_case_task(fk_request *req, fk_response *res)
{
    int64_t id, task, due = 0;
    if (!case_id(req, res, 0, &id))
        return;
    const char *due_text = body_text(req, "due");
    if (due_text && !fk_time_parse_iso8601(due_text, strlen(due_text), &due))
        return fk_http_error(res, 400, "Invalid request",
                             "due: expected an RFC 3339 time such as 2026-12-01T09:00:00Z");
    fk_err err;
    int rc = fk_hub_case_task(req->db, req->who, id, body_text(req, "title"),
                              body_text(req, "owner"), due, fk_time_now_ms(), &task, &err);
    answer(req, res, rc, id, &err, 201);
}

void fk_api_case_task_done(fk_request *req, fk_response *res)
{
    int64_t id, task;
    if (!case_id(req, res, 0, &id) || !case_id(req, res, 1, &task))
        return;
    fk_err err;
    int rc = fk_hub_case_task_done(req->db, req->who, id, task, fk_time_now_ms(), &err);
    answer(req, res, rc, id, &err, 200);
}

void fk_api_case_message(fk_request *req, fk_response *res)
{
    int64_t id;
    if (!case_id(req, res, 0, &id))
        return;
    fk_err err;
    int rc =
        fk_hub_case_message(req->db, req->who, id, body_text(req, "text"), fk_time_now_ms(), &err);
    answer(req, res, rc, id, &err, 201);
}

void fk_api_case_assign(fk_request *req, fk_response *res)
{
    int64_t id;
    if (!case_id(req, res, 0, &id))
        return;
    json_t *sev = req->body ? json_object_get(req->body, "severity") : NULL;
    if (sev && (!json_is_integer(sev) || json_integer_value(sev) < 0))
        return fk_http_error(res, 400, "Invalid request",
                             "severity: expected a level of the hub's scale");
    fk_err err;
    int rc = fk_hub_case_assign(req->db, req->who, scale_of(req), id, body_text(req, "assignee"),
                                sev ? (int)json_integer_value(sev) : -1, fk_time_now_ms(), &err);
    answer(req, res, rc, id, &err, 200);
}

void fk_api_case_notices(fk_request *req, fk_response *res)
{
    int64_t id;
    if (!case_id(req, res, 0, &id))
        return;
    fk_err err;
    int rc = fk_hub_case_notices(req->db, req->who, id, &res->body, &err);
    if (rc > 0)
        return fk_http_error(res, 404, "Not found", "no case %lld of yours", (long long)id);
    if (rc < 0)
        return fk_http_storage_error(res, &err);
}

void fk_api_case_timeline(fk_request *req, fk_response *res)
{
    int64_t id;
    if (!case_id(req, res, 0, &id))
        return;
    fk_page page;
    if (!fk_api_read_page(req, res, &page))
        return;
    fk_err err;
    int rc = fk_hub_case_timeline(req->db, req->who, id, &page, &res->body, &err);
    if (rc > 0)
        return fk_http_error(res, 404, "Not found", "no case %lld of yours", (long long)id);
    if (rc < 0)
        return fk_http_storage_error(res, &err);
    fk_api_link_next(req, res, res->body, json_array_size(res->body), &page, "seq");
}

/* ---- support from other organisations ------------------------------------------------ */

void fk_api_support_capabilities(fk_request *req, fk_response *res)
{
    fk_err err;
    if (fk_support_capabilities(req->db, &res->body, &err) != 0)
        fk_api_fail(res, &err);
}

void fk_api_supporters(fk_request *req, fk_response *res)
{
    fk_err err;
    if (fk_supporters(req->db, &res->body, &err) != 0)
        fk_api_fail(res, &err);
}

void fk_api_supporter_set(fk_request *req, fk_response *res)
{
    fk_err err;
    if (fk_hub_supporter_set(req->db, req->who, body_text(req, "organisation"),
                             req->body ? json_object_get(req->body, "capabilities") : NULL,
                             &err) != 0)
        return fk_api_fail(res, &err);
    fk_api_supporters(req, res);
}

void fk_api_case_support(fk_request *req, fk_response *res)
{
    int64_t id, rid;
    if (!case_id(req, res, 0, &id))
        return;
    fk_err err;
    int rc = fk_hub_support_request(req->db, req->who, id, req->body, fk_time_now_ms(), &rid, &err);
    if (rc > 0)
        return fk_http_error(res, 404, "Not found", "no case %lld of yours", (long long)id);
    if (rc < 0)
        return fk_api_fail(res, &err);
    json_t *r;
    if (fk_support_request_load(req->db, rid, &r, &err) != 0)
        return fk_api_fail(res, &err);
    res->body = r;
    res->status = 201;
}

void fk_api_support_requests(fk_request *req, fk_response *res)
{
    const char *c = fk_http_query(req, "case");
    char *end = NULL;
    long long cid = c ? strtoll(c, &end, 10) : 0;
    if (c && (*end || cid <= 0))
        return fk_http_error(res, 400, "Invalid request", "case: the number of a case");
    fk_err err;
    if (fk_hub_support_requests(req->db, req->who, cid, &res->body, &err) != 0)
        fk_api_fail(res, &err);
}

void fk_api_support_state(fk_request *req, fk_response *res)
{
    int64_t id;
    if (!case_id(req, res, 0, &id))
        return;
    fk_err err;
    int rc = fk_hub_support_move(req->db, req->who, id, body_text(req, "state"),
                                 body_text(req, "note"), fk_time_now_ms(), &err);
    if (rc > 0)
        return fk_http_error(res, 404, "Not found", "no support request %lld for you",
                             (long long)id);
    if (rc < 0)
        return fk_api_fail(res, &err);
    json_t *list;
    if (fk_hub_support_requests(req->db, req->who, 0, &list, &err) != 0)
        return fk_api_fail(res, &err);
    size_t i;
    json_t *r;
    json_array_foreach(list, i, r) if (json_integer_value(json_object_get(r, "id")) == id)
        res->body = json_incref(r);
    json_decref(list);
}

void fk_api_deadline_policy(fk_request *req, fk_response *res)
{
    fk_err err;
    if (fk_hub_deadline_policy(req->db, &res->body, &err) != 0)
        fk_api_fail(res, &err);
}

void fk_api_deadline_policy_set(fk_request *req, fk_response *res)
{
    fk_err err;
    if (fk_hub_deadline_policy_set(req->db, req->who, req->body, &err) != 0)
        return fk_api_fail(res, &err);
    fk_api_deadline_policy(req, res);
}
