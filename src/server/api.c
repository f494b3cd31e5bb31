#include "api.h"

#include "../intel/sectors.h"

#include <stdio.h>
#include <string.h>

/* ---- helpers ---- */

static bool is_admin(const fk_request *req)
{
    return req->who->role == FK_ROLE_CENTRE_ADMIN;
}

static bool is_centre(const fk_request *req)
{
    return fk_role_is_centre(req->who->role);
}

static void forbid(fk_response *res, const char *what)
{
    fk_http_error(res, 403, "Forbidden", "%s", what);
}

/* The actor written to the audit log for API actions. */
static const char *actor(const fk_request *req, char buf[160])
{
    snprintf(buf, 160, "account:%s", req->who->account);
    return buf;
}

/* A required string member of the body; sets a 400 naming the field when missing. */
static const char *field(const fk_request *req, fk_response *res, const char *name, bool required)
{
    json_t *v = req->body ? json_object_get(req->body, name) : NULL;
    if (v && json_is_string(v))
        return json_string_value(v);
    if (v || required)
        fk_http_error(res, 400, "Invalid request", "field '%s': expected a string", name);
    return NULL;
}

static bool need_object_body(const fk_request *req, fk_response *res)
{
    if (req->body && json_is_object(req->body))
        return true;
    fk_http_error(res, 400, "Invalid request", "expected a JSON object in the body");
    return false;
}

/* Errors from the directory are the client's (duplicate, unknown reference, bad value)
 * unless they come from the database itself. */
static void directory_error(fk_response *res, const fk_err *err)
{
    unsigned status = strstr(err->msg, "already exists") ? 409
                      : strstr(err->msg, "database")     ? 500
                                                         : 400;
    fk_http_error(res, status,
                  status == 409   ? "Conflict"
                  : status == 500 ? "Internal error"
                                  : "Invalid request",
                  "%s", err->msg);
}

static json_t *list(const fk_request *req, fk_response *res, const char *what)
{
    json_t *arr;
    fk_err err;
    if (fk_directory_list(req->db, what, &arr, &err) != 0) {
        directory_error(res, &err);
        return NULL;
    }
    return arr;
}

/* Keeps the entries whose member `key` equals value (or contains it, for arrays). */
static void keep_only(json_t *arr, const char *key, const char *value)
{
    for (size_t i = json_array_size(arr); i-- > 0;) {
        json_t *v = json_object_get(json_array_get(arr, i), key);
        bool keep = json_is_string(v) && strcmp(json_string_value(v), value) == 0;
        if (json_is_array(v)) {
            size_t k;
            json_t *m;
            json_array_foreach(v, k, m) keep =
                keep || (json_is_string(m) && !strcmp(json_string_value(m), value));
        }
        if (!keep)
            json_array_remove(arr, i);
    }
}

/* ---- handlers ---- */

static void get_me(fk_request *req, fk_response *res)
{
    res->body = json_pack("{ssssssss}", "account", req->who->account, "organisation", req->who->org,
                          "sector", req->who->sector, "role", fk_role_name(req->who->role));
}

static void get_sectors(fk_request *req, fk_response *res)
{
    (void)req;
    json_t *arr = json_array();
    for (size_t i = 0; i < fk_sector_count(); i++) {
        const fk_sector *s = fk_sector_at(i);
        json_array_append_new(arr, json_pack("{sssssssb}", "code", s->code, "name_ja", s->name_ja,
                                             "name_en", s->name_en, "critical_infrastructure",
                                             s->critical_infrastructure));
    }
    res->body = arr;
}

/* Members see their own organisation; the centre sees all. */
static void get_organisations(fk_request *req, fk_response *res)
{
    json_t *arr = list(req, res, "organisations");
    if (!arr)
        return;
    if (!is_centre(req))
        keep_only(arr, "name", req->who->org);
    res->body = arr;
}

static void post_organisation(fk_request *req, fk_response *res)
{
    if (!is_admin(req))
        return forbid(res, "only a centre-admin can create organisations");
    if (!need_object_body(req, res))
        return;
    const char *name = field(req, res, "name", true),
               *sector = name ? field(req, res, "sector", true) : NULL;
    if (!name || !sector)
        return;
    json_t *ids = json_object_get(req->body, "identifiers");
    if (ids && !json_is_array(ids))
        return fk_http_error(res, 400, "Invalid request", "field 'identifiers': expected an array");
    size_t i;
    json_t *id;
    json_array_foreach(ids, i, id)
    {
        if (!json_is_string(json_object_get(id, "kind")) ||
            !json_is_string(json_object_get(id, "value")))
            return fk_http_error(
                res, 400, "Invalid request",
                "field 'identifiers[%zu]': expected {\"kind\": ..., \"value\": ...}", i);
    }
    char who[160];
    fk_err err;
    int64_t oid;
    if (fk_org_create(req->db, actor(req, who), name, sector, &oid, &err) != 0)
        return directory_error(res, &err);
    json_array_foreach(ids, i, id)
    {
        if (fk_org_add_identifier(req->db, who, name,
                                  json_string_value(json_object_get(id, "kind")),
                                  json_string_value(json_object_get(id, "value")), &err) != 0)
            return directory_error(res, &err);
    }
    res->status = 201;
    res->body = json_pack("{sIssss}", "id", (json_int_t)oid, "name", name, "sector", sector);
}

/* Members see the groups they belong to. */
static void get_groups(fk_request *req, fk_response *res)
{
    json_t *arr = list(req, res, "groups");
    if (!arr)
        return;
    if (!is_centre(req))
        keep_only(arr, "members", req->who->org);
    res->body = arr;
}

static void post_group(fk_request *req, fk_response *res)
{
    if (!is_admin(req))
        return forbid(res, "only a centre-admin can create groups");
    if (!need_object_body(req, res))
        return;
    const char *name = field(req, res, "name", true);
    if (!name)
        return;
    const char *desc = field(req, res, "description", false);
    if (res->status >= 400)
        return;
    json_t *members = json_object_get(req->body, "members");
    if (members && !json_is_array(members))
        return fk_http_error(res, 400, "Invalid request",
                             "field 'members': expected an array of names");
    char who[160];
    fk_err err;
    int64_t gid;
    if (fk_group_create(req->db, actor(req, who), name, desc, &gid, &err) != 0)
        return directory_error(res, &err);
    size_t i;
    json_t *m;
    json_array_foreach(members, i, m)
    {
        if (!json_is_string(m))
            return fk_http_error(res, 400, "Invalid request",
                                 "field 'members[%zu]': expected a name", i);
        if (fk_group_add_member(req->db, who, name, json_string_value(m), &err) != 0)
            return directory_error(res, &err);
    }
    res->status = 201;
    res->body = json_pack("{sIss}", "id", (json_int_t)gid, "name", name);
}

static void post_group_member(fk_request *req, fk_response *res)
{
    if (!is_admin(req))
        return forbid(res, "only a centre-admin can change groups");
    if (!need_object_body(req, res))
        return;
    const char *org = field(req, res, "organisation", true);
    if (!org)
        return;
    char who[160];
    fk_err err;
    if (fk_group_add_member(req->db, actor(req, who), req->params[0], org, &err) != 0)
        return directory_error(res, &err);
    res->status = 201;
    res->body = json_pack("{ssss}", "group", req->params[0], "organisation", org);
}

static void get_accounts(fk_request *req, fk_response *res)
{
    if (!is_admin(req))
        return forbid(res, "only a centre-admin can list accounts");
    res->body = list(req, res, "accounts");
}

static void post_account(fk_request *req, fk_response *res)
{
    if (!is_admin(req))
        return forbid(res, "only a centre-admin can create accounts");
    if (!need_object_body(req, res))
        return;
    const char *name = field(req, res, "name", true);
    const char *org = name ? field(req, res, "organisation", true) : NULL;
    const char *role_s = org ? field(req, res, "role", true) : NULL;
    if (!role_s)
        return;
    const char *password = field(req, res, "password", false);
    if (res->status >= 400)
        return;
    fk_role role;
    if (!fk_role_parse(role_s, &role))
        return fk_http_error(res, 400, "Invalid request",
                             "field 'role': expected centre-admin, centre-analyst, member-reporter "
                             "or member-reader");
    char who[160];
    fk_err err;
    int64_t aid;
    if (fk_account_create(req->db, actor(req, who), name, org, role, password, &aid, &err) != 0)
        return directory_error(res, &err);
    res->status = 201;
    res->body = json_pack("{sIssssss}", "id", (json_int_t)aid, "name", name, "organisation", org,
                          "role", role_s);
}

/* Everyone sees and manages their own keys; a centre-admin sees and manages all. */
static void get_apikeys(fk_request *req, fk_response *res)
{
    json_t *arr = list(req, res, "apikeys");
    if (arr && !is_admin(req))
        keep_only(arr, "account", req->who->account);
    res->body = arr;
}

static void post_apikey(fk_request *req, fk_response *res)
{
    const char *account = req->body ? field(req, res, "account", false) : NULL;
    const char *label = req->body ? field(req, res, "label", false) : NULL;
    if (res->status >= 400)
        return;
    if (!account)
        account = req->who->account;
    if (strcmp(account, req->who->account) != 0 && !is_admin(req))
        return forbid(res, "only a centre-admin can create keys for other accounts");
    char who[160], id[32], token[96];
    fk_err err;
    if (fk_apikey_create(req->db, actor(req, who), account, label, id, token, &err) != 0)
        return directory_error(res, &err);
    res->status = 201;
    res->body = json_pack("{ssssss}", "id", id, "account", account, "token", token);
}

static void delete_apikey(fk_request *req, fk_response *res)
{
    json_t *arr = list(req, res, "apikeys");
    if (!arr)
        return;
    keep_only(arr, "id", req->params[0]);
    json_t *key = json_array_get(arr, 0);
    bool mine =
        key && !strcmp(json_string_value(json_object_get(key, "account")), req->who->account);
    bool exists = key != NULL;
    json_decref(arr);
    if (!exists || (!mine && !is_admin(req)))
        return fk_http_error(res, 404, "Not found", "no API key %s of yours", req->params[0]);
    char who[160];
    fk_err err;
    if (fk_apikey_revoke(req->db, actor(req, who), req->params[0], &err) != 0)
        return fk_http_error(res, 409, "Conflict", "%s", err.msg);
    res->status = 204;
}

static const fk_route routes[] = {
    {"GET", "/api/v1/me", get_me},
    {"GET", "/api/v1/sectors", get_sectors},
    {"GET", "/api/v1/organisations", get_organisations},
    {"POST", "/api/v1/organisations", post_organisation},
    {"GET", "/api/v1/groups", get_groups},
    {"POST", "/api/v1/groups", post_group},
    {"POST", "/api/v1/groups/{}/members", post_group_member},
    {"GET", "/api/v1/accounts", get_accounts},
    {"POST", "/api/v1/accounts", post_account},
    {"GET", "/api/v1/apikeys", get_apikeys},
    {"POST", "/api/v1/apikeys", post_apikey},
    {"DELETE", "/api/v1/apikeys/{}", delete_apikey},
    {NULL, NULL, NULL},
};

const fk_route *fk_api_routes(void)
{
    return routes;
}
