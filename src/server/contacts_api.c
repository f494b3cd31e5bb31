#include "contacts_api.h"

#include "../core/timefmt.h"

#include "../hub/contacts.h"
#include "../hub/webhooks.h"
#include "api.h"
#include "http.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

static bool number(fk_request *req, fk_response *res, unsigned param, int64_t *out)
{
    char *end;
    long long v = strtoll(req->params[param], &end, 10);
    if (*end || v <= 0) {
        fk_http_error(res, 404, "Not found", "no %s", req->params[param]);
        return false;
    }
    *out = v;
    return true;
}

static const char *body_text(const fk_request *req, const char *name)
{
    return req->body ? json_string_value(json_object_get(req->body, name)) : NULL;
}

void fk_api_contacts(fk_request *req, fk_response *res)
{
    fk_err err;
    if (fk_hub_contacts(req->db, req->who, fk_http_query(req, "organisation"), &res->body, &err) !=
        0)
        fk_api_fail(res, &err);
}

void fk_api_contact_add(fk_request *req, fk_response *res)
{
    fk_err err;
    int64_t id;
    if (fk_hub_contact_add(req->db, req->who, req->body, fk_time_now_ms(), &id, &err) != 0)
        return fk_api_fail(res, &err);
    res->body = json_pack("{sI}", "id", (json_int_t)id);
    res->status = 201;
}

void fk_api_contact_remove(fk_request *req, fk_response *res)
{
    int64_t id;
    if (!number(req, res, 0, &id))
        return;
    fk_err err;
    int rc = fk_hub_contact_remove(req->db, req->who, id, fk_time_now_ms(), &err);
    if (rc > 0)
        return fk_http_error(res, 404, "Not found", "no contact %lld that you keep", (long long)id);
    if (rc < 0)
        return fk_api_fail(res, &err);
    res->status = 204;
}

void fk_api_contact_mode(fk_request *req, fk_response *res)
{
    char mode[16];
    fk_err err;
    if (fk_contact_mode(req->db, mode, &err) != 0)
        return fk_api_fail(res, &err);
    res->body = json_pack("{ss}", "mode", mode);
}

void fk_api_contact_mode_set(fk_request *req, fk_response *res)
{
    fk_err err;
    if (fk_hub_contact_mode_set(req->db, req->who, body_text(req, "mode"), &err) != 0)
        return fk_api_fail(res, &err);
    fk_api_contact_mode(req, res);
}

void fk_api_contact_route(fk_request *req, fk_response *res)
{
    fk_err err;
    if (fk_hub_contact_route(req->db, req->who, req->params[0], &res->body, &err) != 0)
        fk_api_fail(res, &err);
}

void fk_api_drill_start(fk_request *req, fk_response *res)
{
    char base[300];
    fk_err err;
    int64_t id;
    if (fk_hub_drill_start(req->db, req->who, fk_server_mail(req->server),
                           fk_server_public_url(req->server, req, base, sizeof base),
                           body_text(req, "chain"), body_text(req, "organisation"),
                           fk_time_now_ms(), &id, &err) != 0)
        return fk_api_fail(res, &err);
    if (fk_hub_drill_report(req->db, req->who, id, &res->body, &err) != 0)
        return fk_api_fail(res, &err);
    res->status = 201;
}

void fk_api_drill(fk_request *req, fk_response *res)
{
    int64_t id;
    if (!number(req, res, 0, &id))
        return;
    fk_err err;
    int rc = fk_hub_drill_report(req->db, req->who, id, &res->body, &err);
    if (rc > 0)
        return fk_http_error(res, 404, "Not found", "no drill %lld", (long long)id);
    if (rc < 0)
        fk_api_fail(res, &err);
}

void fk_api_drill_confirm(fk_request *req, fk_response *res)
{
    int64_t id, contact;
    if (!number(req, res, 0, &id) || !number(req, res, 1, &contact))
        return;
    fk_err err;
    int rc = fk_hub_drill_confirm(req->db, req->who, id, contact, body_text(req, "via"),
                                  fk_time_now_ms(), &err);
    if (rc == 1)
        return fk_http_error(res, 404, "Not found", "drill %lld has no check of contact %lld",
                             (long long)id, (long long)contact);
    if (rc == 2)
        return fk_http_error(res, 409, "Conflict", "this contact answered before");
    if (rc < 0)
        return fk_api_fail(res, &err);
    fk_api_drill(req, res);
}

void fk_api_webhooks(fk_request *req, fk_response *res)
{
    fk_err err;
    if (fk_hub_webhooks(req->db, req->who, &res->body, &err) != 0)
        fk_api_fail(res, &err);
}

void fk_api_webhook_add(fk_request *req, fk_response *res)
{
    fk_err err;
    if (fk_hub_webhook_add(req->db, req->who, body_text(req, "url"), fk_time_now_ms(), &res->body,
                           &err) != 0)
        return fk_api_fail(res, &err);
    res->status = 201;
}

void fk_api_webhook_remove(fk_request *req, fk_response *res)
{
    int64_t id;
    if (!number(req, res, 0, &id))
        return;
    fk_err err;
    int rc = fk_hub_webhook_remove(req->db, req->who, id, fk_time_now_ms(), &err);
    if (rc > 0)
        return fk_http_error(res, 404, "Not found", "no webhook %lld of yours", (long long)id);
    if (rc < 0)
        return fk_api_fail(res, &err);
    res->status = 204;
}

void fk_api_webhook_deliveries(fk_request *req, fk_response *res)
{
    int64_t id;
    if (!number(req, res, 0, &id))
        return;
    fk_err err;
    int rc = fk_hub_webhook_deliveries(req->db, req->who, id, &res->body, &err);
    if (rc > 0)
        return fk_http_error(res, 404, "Not found", "no webhook %lld of yours", (long long)id);
    if (rc < 0)
        fk_api_fail(res, &err);
}
