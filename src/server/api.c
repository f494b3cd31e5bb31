#include "api.h"

#include "../core/timefmt.h"

#include "advisories_api.h"
#include "cases_api.h"
#include "contacts_api.h"
#include "monitor_api.h"
#include "vulns_api.h"

#include "../hub/admin.h"
#include "../hub/reporting.h"

#include "../detect/pipeline.h"

#include "../hub/sharing.h"
#include "../intel/release.h"
#include "../intel/report_types.h"
#include "../store/audit.h"
#include "../store/collections.h"
#include "../store/feeds.h"
#include "../store/reports.h"
#include "../store/sectors.h"
#include "taxii.h"

#include <ctype.h>
#include <stdlib.h>

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
void fk_api_fail(fk_response *res, const fk_err *err)
{
    switch (err->code) {
    case FK_ERR_INVALID: return fk_http_error(res, 400, "Invalid request", "%s", err->msg);
    case FK_ERR_DENIED: return forbid(res, err->msg);
    case FK_ERR_CONFLICT: return fk_http_error(res, 409, "Conflict", "%s", err->msg);
    default: return fk_http_storage_error(res, err);
    }
}

static void directory_error(fk_response *res, const fk_err *err)
{
    fk_api_fail(res, err);
}

/* ---- pages: every listing is bounded ---- */

#define PAGE_DEFAULT 100
#define PAGE_MAX     1000

/* ?limit=N&after=KEY; false (with a 400) when they are unusable. */
bool fk_api_read_page(const fk_request *req, fk_response *res, fk_page *page)
{
    page->limit = PAGE_DEFAULT;
    page->after = fk_http_query(req, "after");
    const char *limit = fk_http_query(req, "limit");
    if (limit) {
        char *end;
        long v = strtol(limit, &end, 10);
        if (*end || v < 1) {
            fk_http_error(res, 400, "Invalid request", "limit: expected a number from 1 to %d",
                          PAGE_MAX);
            return false;
        }
        page->limit = v > PAGE_MAX ? PAGE_MAX : (size_t)v;
    }
    if (page->after && (strlen(page->after) > 200 || !*page->after)) {
        fk_http_error(res, 400, "Invalid request", "after: not a key this server gave");
        return false;
    }
    return true;
}

/* When a page came back full, a Link header (RFC 8288) names the next one. */
void fk_api_link_next(const fk_request *req, fk_response *res, json_t *arr, size_t fetched,
                      const fk_page *page, const char *key)
{
    if (fetched < page->limit || !json_array_size(arr))
        return;
    json_t *k = json_object_get(json_array_get(arr, json_array_size(arr) - 1), key);
    char kbuf[64], enc[512];
    const char *kv = json_is_string(k) ? json_string_value(k) : kbuf;
    snprintf(kbuf, sizeof kbuf, "%lld", (long long)json_integer_value(k));
    size_t o = 0;
    for (const unsigned char *p = (const unsigned char *)kv; *p && o + 4 < sizeof enc; p++)
        o += (size_t)(isalnum(*p) || strchr("-._~", *p)
                          ? snprintf(enc + o, sizeof enc - o, "%c", *p)
                          : snprintf(enc + o, sizeof enc - o, "%%%02X", *p));
    enc[o] = '\0';
    snprintf(res->link_next, sizeof res->link_next, "<%s?limit=%zu&after=%s>; rel=\"next\"",
             req->path, page->limit, enc);
}

static json_t *list(const fk_request *req, fk_response *res, const char *what, const char *key)
{
    json_t *arr;
    fk_err err;
    fk_page page;
    if (!fk_api_read_page(req, res, &page))
        return NULL;
    if (fk_directory_list(req->db, what, &page, &arr, &err) != 0) {
        directory_error(res, &err);
        return NULL;
    }
    fk_api_link_next(req, res, arr, json_array_size(arr), &page, key);
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
    json_t *arr;
    fk_err err;
    if (fk_sectors_list(req->db, fk_http_query(req, "list"), &arr, &err) != 0)
        return fk_http_storage_error(res, &err);
    res->body = arr;
}

static void post_sector(fk_request *req, fk_response *res)
{
    if (!need_object_body(req, res))
        return;
    const char *list = field(req, res, "list", true), *code = field(req, res, "code", true),
               *ja = field(req, res, "name_ja", true), *en = field(req, res, "name_en", true);
    json_t *ci = json_object_get(req->body, "critical_infrastructure");
    if (res->status >= 400)
        return;
    if (ci && !json_is_boolean(ci))
        return fk_http_error(res, 400, "Invalid request",
                             "field 'critical_infrastructure': expected true or false");
    fk_err err;
    if (fk_hub_sector_put(req->db, req->who, list, code, ja, en, json_is_true(ci), &err) != 0)
        return directory_error(res, &err);
    res->status = 201;
    res->body = json_pack("{ssss}", "list", list, "code", code);
}

static void delete_sector(fk_request *req, fk_response *res)
{
    char who[160];
    fk_err err;
    int rc = fk_sector_remove(req->db, actor(req, who), req->params[0], req->params[1], &err);
    if (rc < 0)
        return directory_error(res, &err);
    if (rc > 0)
        return fk_http_error(res, 404, "Not found", "no sector %s in list %s", req->params[1],
                             req->params[0]);
    res->status = 204;
}

/* Members see their own organisation; the centre sees all. */
static void get_organisations(fk_request *req, fk_response *res)
{
    json_t *arr = list(req, res, "organisations", "name");
    if (!arr)
        return;
    if (!is_centre(req))
        keep_only(arr, "name", req->who->org);
    res->body = arr;
}

/* A member's choice of detection: {"engines": "all"}, {"engines": "web,sigma"} or with
 * Sigma rule sets and a floor, {"engines": "ioc,sigma:windows,sigma>=high"}. */
static void post_org_engines(fk_request *req, fk_response *res)
{
    if (!need_object_body(req, res))
        return;
    const char *engines = field(req, res, "engines", true);
    if (res->status >= 400)
        return;
    unsigned mask;
    fk_err err;
    if (!fk_pipeline_mask_parse(engines, &mask, &err))
        return fk_http_error(res, 400, "Invalid request", "engines: %s", err.msg);
    char who[160];
    if (fk_org_set_engines(req->db, actor(req, who), req->params[0], engines, &err) != 0)
        return directory_error(res, &err);
    res->body = json_pack("{ssss}", "organisation", req->params[0], "engines", engines);
}

static void post_organisation(fk_request *req, fk_response *res)
{
    if (!need_object_body(req, res))
        return;
    const char *name = field(req, res, "name", true),
               *sector = name ? field(req, res, "sector", true) : NULL;
    if (!name || !sector)
        return;
    fk_err err;
    int64_t oid;
    if (fk_hub_org_create(req->db, req->who, name, sector,
                          json_object_get(req->body, "identifiers"), &oid, &err) != 0)
        return directory_error(res, &err);
    res->status = 201;
    res->body = json_pack("{sIssss}", "id", (json_int_t)oid, "name", name, "sector", sector);
}

/* Members see the groups they belong to. */
static void get_groups(fk_request *req, fk_response *res)
{
    json_t *arr = list(req, res, "groups", "name");
    if (!arr)
        return;
    if (!is_centre(req))
        keep_only(arr, "members", req->who->org);
    res->body = arr;
}

static void post_group(fk_request *req, fk_response *res)
{
    if (!need_object_body(req, res))
        return;
    const char *name = field(req, res, "name", true);
    if (!name)
        return;
    const char *desc = field(req, res, "description", false);
    if (res->status >= 400)
        return;
    fk_err err;
    int64_t gid;
    if (fk_hub_group_create(req->db, req->who, name, desc, json_object_get(req->body, "members"),
                            &gid, &err) != 0)
        return directory_error(res, &err);
    res->status = 201;
    res->body = json_pack("{sIss}", "id", (json_int_t)gid, "name", name);
}

static void post_group_member(fk_request *req, fk_response *res)
{
    if (!need_object_body(req, res))
        return;
    const char *org = field(req, res, "organisation", true);
    if (!org)
        return;
    fk_err err;
    if (fk_hub_group_add(req->db, req->who, req->params[0], org, &err) != 0)
        return directory_error(res, &err);
    res->status = 201;
    res->body = json_pack("{ssss}", "group", req->params[0], "organisation", org);
}

static void get_accounts(fk_request *req, fk_response *res)
{
    if (!is_admin(req))
        return forbid(res, "only a centre-admin can list accounts");
    res->body = list(req, res, "accounts", "name");
}

static void post_account(fk_request *req, fk_response *res)
{
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
    fk_err err;
    int64_t aid;
    if (fk_hub_account_create(req->db, req->who, name, org, role, password, &aid, &err) != 0)
        return directory_error(res, &err);
    res->status = 201;
    res->body = json_pack("{sIssssss}", "id", (json_int_t)aid, "name", name, "organisation", org,
                          "role", role_s);
}

static void set_disabled(fk_request *req, fk_response *res, bool disabled)
{
    char who[160];
    fk_err err;
    if (!strcmp(req->params[0], req->who->account) && disabled)
        return fk_http_error(res, 409, "Conflict",
                             "an administrator cannot disable their own account");
    if (fk_account_set_disabled(req->db, actor(req, who), req->params[0], disabled, &err) != 0)
        return fk_http_error(res, 404, "Not found", "%s", err.msg);
    res->body = json_pack("{ss sb}", "account", req->params[0], "disabled", disabled);
}

static void post_account_disable(fk_request *req, fk_response *res)
{
    set_disabled(req, res, true);
}

static void post_account_enable(fk_request *req, fk_response *res)
{
    set_disabled(req, res, false);
}

/* Anyone changes their own password, giving the current one (when the account has
 * one); a centre-admin sets anyone's. */
static void post_account_password(fk_request *req, fk_response *res)
{
    if (!need_object_body(req, res))
        return;
    const char *password = field(req, res, "password", true);
    if (!password)
        return;
    const char *current = field(req, res, "current_password", false);
    if (res->status >= 400)
        return;
    bool own = !strcmp(req->params[0], req->who->account);
    if (!own && !is_admin(req))
        return forbid(res, "only a centre-admin can set another account's password");
    fk_err err;
    if (own && !is_admin(req)) {
        fk_principal check;
        char hash[192];
        int has = fk_account_password_hash(req->db, req->who->account, &check, hash, &err);
        if (has < 0)
            return fk_http_storage_error(res, &err);
        if (has == 0 && (!current || fk_authenticate_password(req->db, req->who->account, current,
                                                              &check, NULL, &err) != 0))
            return forbid(res, "field 'current_password': the current password is required and "
                               "must be right");
    }
    char who[160];
    if (fk_account_set_password(req->db, actor(req, who), req->params[0], password, &err) != 0)
        return fk_http_error(res, 400, "Invalid request", "%s", err.msg);
    res->status = 204;
}

/* Everyone sees and manages their own keys; a centre-admin sees and manages all. */
static void get_apikeys(fk_request *req, fk_response *res)
{
    json_t *arr = list(req, res, "apikeys", "id");
    if (arr && !is_admin(req))
        keep_only(arr, "account", req->who->account);
    res->body = arr;
}

static void post_apikey(fk_request *req, fk_response *res)
{
    const char *account = req->body ? field(req, res, "account", false) : NULL;
    const char *label = req->body ? field(req, res, "label", false) : NULL;
    const char *perms = req->body ? field(req, res, "permissions", false) : NULL;
    if (res->status >= 400)
        return;
    unsigned bits = FK_PERM_API;
    if (perms && !fk_permissions_parse(perms, &bits))
        return fk_http_error(res, 400, "Bad request",
                             "permissions: expected \"api\", \"ingest\" or \"api,ingest\"");
    if (!account)
        account = req->who->account;
    char id[32], token[96];
    fk_err err;
    if (fk_hub_apikey_create(req->db, req->who, account, label, bits, id, token, &err) != 0)
        return directory_error(res, &err);
    char pbuf[32];
    res->status = 201;
    res->body = json_pack("{ssssssss}", "id", id, "account", account, "token", token, "permissions",
                          fk_permissions_name(bits, pbuf));
}

static void delete_apikey(fk_request *req, fk_response *res)
{
    json_t *arr;
    fk_err lerr;
    if (fk_directory_list(req->db, "apikeys", NULL, &arr, &lerr) != 0)
        return directory_error(res, &lerr);
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

/* ---- reports (情報連絡), triage, releases (情報提供) ---- */

static void get_report_types(fk_request *req, fk_response *res)
{
    (void)req;
    res->body = fk_report_types_json();
}

static void get_severity_scale(fk_request *req, fk_response *res)
{
    res->body = fk_severity_scale_json(req->policy->scale);
}

static bool parse_id(const char *s, int64_t *id)
{
    char *end;
    long long v = strtoll(s, &end, 10);
    if (*end || v <= 0)
        return false;
    *id = v;
    return true;
}

/* A use case's failure as an answer: its code decides the status. */
static void use_case_error(fk_response *res, const fk_err *err, const char *invalid_title)
{
    switch (err->code) {
    case FK_ERR_DENIED: return forbid(res, err->msg);
    case FK_ERR_CONFLICT: return fk_http_error(res, 409, "Conflict", "%s", err->msg);
    case FK_ERR_STORAGE:
    case FK_ERR_NOMEM: return fk_http_error(res, 500, "Internal error", "%s", err->msg);
    default: return fk_http_error(res, 400, invalid_title, "%s", err->msg);
    }
}

static void post_report(fk_request *req, fk_response *res)
{
    fk_err err;
    int64_t id;
    if (fk_hub_submit_report(req->db, req->who, req->body, &id, &err) != 0)
        return use_case_error(res, &err, "Invalid report");
    if (fk_report_load(req->db, id, false, &res->body, &err) != 0)
        return fk_http_error(res, 500, "Internal error", "%s", err.msg);
    res->status = 201;
}

/* The centre sees every report with its provider; a member sees its own, without. */
static void get_reports(fk_request *req, fk_response *res)
{
    fk_err err;
    fk_page page;
    if (!fk_api_read_page(req, res, &page))
        return;
    fk_report_filter f = {.status = fk_http_query(req, "status"),
                          .type = fk_http_query(req, "type")};
    if (f.status && !fk_report_status_valid(f.status))
        return fk_http_error(res, 400, "Invalid request",
                             "status: expected new, triaged, merged or released");
    if (f.type && !fk_report_type_find(f.type))
        return fk_http_error(res, 400, "Invalid request", "type: not one of the report types");
    if (fk_hub_reports_list(req->db, req->who, &f, &page, &res->body, &err) != 0)
        return fk_http_error(res, 500, "Internal error", "%s", err.msg);
    fk_api_link_next(req, res, res->body, json_array_size(res->body), &page, "id");
}

/* Loads the report named in the path, if the caller may see it (404 otherwise, so
 * that members cannot probe which report ids exist). */
static json_t *visible_report(fk_request *req, fk_response *res, bool with_provider)
{
    int64_t id;
    json_t *r = NULL;
    fk_err err;
    if (!parse_id(req->params[0], &id)) {
        fk_http_error(res, 404, "Not found", "no report %s", req->params[0]);
        return NULL;
    }
    int found = fk_hub_report_get(req->db, req->who, id, &r, &err);
    if (found < 0) {
        fk_http_error(res, 500, "Internal error", "%s", err.msg);
        return NULL;
    }
    if (found != 0) {
        fk_http_error(res, 404, "Not found", "no report %s", req->params[0]);
        return NULL;
    }
    if (!with_provider)
        json_object_del(r, "provider");
    return r;
}

/* visible_report leaves its error in res: only a report found replaces it. */
static void answer_report(fk_request *req, fk_response *res, bool with_provider)
{
    json_t *r = visible_report(req, res, with_provider);
    if (r)
        res->body = r;
}

static void get_report(fk_request *req, fk_response *res)
{
    answer_report(req, res, is_centre(req));
}

static void post_triage(fk_request *req, fk_response *res)
{
    if (!is_centre(req))
        return forbid(res, "only centre analysts triage reports");
    if (!need_object_body(req, res))
        return;
    json_t *report = visible_report(req, res, false);
    if (!report)
        return;
    json_decref(report);
    fk_err err;
    if (fk_hub_triage(req->db, req->policy, req->who, strtoll(req->params[0], NULL, 10), req->body,
                      &err) != 0)
        return use_case_error(res, &err, "Invalid request");
    answer_report(req, res, true);
}

static void post_merge(fk_request *req, fk_response *res)
{
    if (!is_centre(req))
        return forbid(res, "only centre analysts merge reports");
    if (!need_object_body(req, res))
        return;
    json_t *into = json_object_get(req->body, "into");
    if (!json_is_integer(into))
        return fk_http_error(res, 400, "Invalid request", "field 'into': expected a report id");
    fk_err err;
    int64_t id;
    if (!parse_id(req->params[0], &id))
        return fk_http_error(res, 404, "Not found", "no report %s", req->params[0]);
    if (fk_hub_merge(req->db, req->who, id, json_integer_value(into), &err) != 0)
        return use_case_error(res, &err, "Invalid request");
    answer_report(req, res, true);
}

/* A release's decision in the body, for a report the caller may see: false having
 * answered otherwise. */
static bool release_request(fk_request *req, fk_response *res, int64_t *id)
{
    if (!need_object_body(req, res))
        return false;
    json_t *report = visible_report(req, res, false);
    if (!report)
        return false;
    json_decref(report);
    *id = strtoll(req->params[0], NULL, 10);
    return true;
}

static void post_release(fk_request *req, fk_response *res)
{
    int64_t id;
    if (!release_request(req, res, &id))
        return;
    fk_err err;
    err.msg[0] = '\0';
    fk_release_outcome out;
    if (fk_hub_release(req->db, req->policy, req->who, id, req->body, &out, &err) != 0)
        return fk_http_error(res, 500, "Internal error", "%s", err.msg);
    if (out.status == FK_RELEASE_BAD_REQUEST)
        return fk_http_error(res, 400, "Invalid request", "%s", err.msg);
    if (out.status == FK_RELEASE_REFUSED)
        return fk_http_error(res, 409, "Refused", "%s", err.msg);
    /* the release as listings show it (its bundle may be tens of megabytes: it is read
     * with GET /api/v1/releases/{id}) */
    json_t *list;
    char before[32];
    snprintf(before, sizeof before, "%lld", (long long)out.release_id - 1);
    fk_page just_this = {before, 1};
    if (fk_release_list(req->db, req->who, 0, &just_this, &list, &err) != 0) {
        json_decref(out.withheld_text);
        return fk_http_storage_error(res, &err);
    }
    res->body = json_incref(json_array_get(list, 0));
    json_decref(list);
    json_object_set_new(res->body, "withheld_indicators", json_integer((json_int_t)out.withheld));
    json_object_set_new(res->body, "indicators_left_out",
                        json_integer((json_int_t)out.not_selected));
    json_object_set_new(res->body, "taxii_collections", json_integer((json_int_t)out.collections));
    json_object_set_new(res->body, "withheld_text",
                        out.withheld_text ? out.withheld_text : json_array());
    res->status = 201;
}

/* What a release would be, without releasing: the bundle, what anonymising removes from
 * each text and which indicators are withheld. */
static void post_release_preview(fk_request *req, fk_response *res)
{
    int64_t id;
    if (!release_request(req, res, &id))
        return;
    fk_err err;
    err.msg[0] = '\0';
    fk_release_result rr;
    fk_release_refusal status;
    if (fk_hub_release_preview(req->db, req->policy, req->who, id, req->body, &rr, &status, &err) !=
        0)
        return fk_http_error(res, 500, "Internal error", "%s", err.msg);
    if (status == FK_RELEASE_BAD_REQUEST)
        return fk_http_error(res, 400, "Invalid request", "%s", err.msg);
    if (status != FK_RELEASE_OK)
        return fk_http_error(res, 409, "Refused", "%s", err.msg);
    /* "O" takes a reference of its own: the empty list stood in for a missing one is
     * released here (it leaked once per preview with nothing withheld) */
    json_t *none = json_array();
    res->body =
        json_pack("{sO sO ss ss sI sI sO sO sO}", "bundle", rr.bundle, "audience", rr.audience,
                  "tier", rr.tier, "deadline", rr.deadline, "withheld_indicators",
                  (json_int_t)rr.withheld, "indicators_left_out", (json_int_t)rr.not_selected,
                  "withheld_values", rr.withheld_values ? rr.withheld_values : none, "redactions",
                  rr.redactions ? rr.redactions : none, "withheld_text",
                  rr.withheld_text ? rr.withheld_text : none);
    json_decref(none);
    fk_release_result_free(&rr);
    if (!res->body)
        return fk_http_error(res, 500, "Internal error", "out of memory");
    res->status = 200;
}

static void get_releases(fk_request *req, fk_response *res)
{
    fk_err err;
    fk_page page;
    if (!fk_api_read_page(req, res, &page))
        return;
    const char *tier = fk_http_query(req, "tier");
    if (tier && fk_tier_index(tier) < 0)
        return fk_http_error(res, 400, "Invalid request",
                             "tier: expected immediate, advisory or general");
    if (fk_hub_releases_read_tier(req->db, req->who, 0, tier, &page, req->path, &res->body, &err) !=
        0)
        return fk_http_error(res, 500, "Internal error", "%s", err.msg);
    fk_api_link_next(req, res, res->body, json_array_size(res->body), &page, "id");
}

static void get_release(fk_request *req, fk_response *res)
{
    int64_t id;
    json_t *list;
    fk_err err;
    if (!parse_id(req->params[0], &id))
        return fk_http_error(res, 404, "Not found", "no release %s", req->params[0]);
    if (fk_hub_releases_read(req->db, req->who, id, NULL, req->path, &list, &err) != 0)
        return fk_http_error(res, 500, "Internal error", "%s", err.msg);
    if (json_array_size(list) == 0) {
        json_decref(list);
        return fk_http_error(res, 404, "Not found", "no release %s for you", req->params[0]);
    }
    res->body = json_incref(json_array_get(list, 0));
    json_decref(list);
}

/* A member's answer to a release: {"state": acknowledged | done | not-affected, "note"}. */
static void post_release_answer(fk_request *req, fk_response *res)
{
    int64_t id;
    if (!parse_id(req->params[0], &id))
        return fk_http_error(res, 404, "Not found", "no release %s", req->params[0]);
    if (!need_object_body(req, res))
        return;
    const char *note = json_string_value(json_object_get(req->body, "note"));
    if (json_object_get(req->body, "note") && !note)
        return fk_http_error(res, 400, "Invalid request", "note: expected text");
    fk_err err;
    int rc = fk_hub_release_answer(req->db, req->who, id,
                                   json_string_value(json_object_get(req->body, "state")), note,
                                   fk_time_now_ms(), &err);
    if (rc > 0)
        return fk_http_error(res, 404, "Not found", "no release %s for you", req->params[0]);
    if (rc < 0)
        return fk_api_fail(res, &err);
    res->body = json_pack("{sI}", "release", (json_int_t)id);
}

static void get_release_answers(fk_request *req, fk_response *res)
{
    int64_t id;
    if (!parse_id(req->params[0], &id))
        return fk_http_error(res, 404, "Not found", "no release %s", req->params[0]);
    fk_err err;
    int rc = fk_hub_release_answers(req->db, req->who, id, &res->body, &err);
    if (rc > 0)
        return fk_http_error(res, 404, "Not found", "no release %s for you", req->params[0]);
    if (rc < 0)
        return fk_http_storage_error(res, &err);
}

/* ---- TAXII collections (administration) ---- */

static int by_id(const void *a, const void *b)
{
    return strcmp(json_string_value(json_object_get(*(json_t *const *)a, "id")),
                  json_string_value(json_object_get(*(json_t *const *)b, "id")));
}

/* One page of collections by id (they are few, declared by the centre: gathered from
 * every API root, then cut). */
static json_t *page_of(json_t *all, const fk_page *page)
{
    size_t n = json_array_size(all);
    json_t **items = malloc((n + 1) * sizeof *items);
    json_t *out = json_array();
    if (!items || !out) {
        free(items);
        json_decref(out);
        return NULL;
    }
    for (size_t i = 0; i < n; i++)
        items[i] = json_array_get(all, i);
    qsort(items, n, sizeof *items, by_id);
    for (size_t i = 0; i < n && json_array_size(out) < page->limit; i++)
        if (!page->after ||
            strcmp(json_string_value(json_object_get(items[i], "id")), page->after) > 0)
            json_array_append(out, items[i]);
    free(items);
    return out;
}

static void get_collections(fk_request *req, fk_response *res)
{
    json_t *roots, *all = json_array();
    fk_err err;
    fk_page page;
    if (!fk_api_read_page(req, res, &page)) {
        json_decref(all);
        return;
    }
    if (fk_api_roots(req->db, &roots, &err) != 0) {
        json_decref(all);
        return fk_http_storage_error(res, &err);
    }
    size_t i;
    json_t *r;
    json_array_foreach(roots, i, r)
    {
        json_t *list;
        if (fk_collection_list(req->db, req->who, json_string_value(r), &list, &err) != 0)
            break;
        size_t k;
        json_t *c;
        json_array_foreach(list, k, c)
        {
            json_object_set(c, "api_root", r);
            json_array_append(all, c);
        }
        json_decref(list);
    }
    json_decref(roots);
    res->body = page_of(all, &page);
    json_decref(all);
    if (!res->body)
        return fk_http_error(res, 500, "Internal error", "out of memory");
    fk_api_link_next(req, res, res->body, json_array_size(res->body), &page, "id");
}

static void post_collection(fk_request *req, fk_response *res)
{
    if (!is_admin(req))
        return forbid(res, "only a centre-admin can create collections");
    if (!need_object_body(req, res))
        return;
    const char *title = field(req, res, "title", true);
    if (!title)
        return;
    const char *id = field(req, res, "id", false), *root = field(req, res, "api_root", false),
               *desc = field(req, res, "description", false);
    if (res->status >= 400)
        return;
    json_t *aud = json_object_get(req->body, "audience"),
           *wg = json_object_get(req->body, "write_groups");
    if (!json_is_object(aud))
        return fk_http_error(
            res, 400, "Invalid request",
            "field 'audience': expected {sectors, groups, all_members, public} (who may read)");
    if (wg && !json_is_array(wg))
        return fk_http_error(res, 400, "Invalid request",
                             "field 'write_groups': expected a list of group names");
    char who[160], cid[40];
    fk_err err;
    if (fk_collection_create(req->db, actor(req, who), id, root ? root : FK_DEFAULT_API_ROOT, title,
                             desc, aud, wg, cid, &err) != 0)
        return directory_error(res, &err);
    res->status = 201;
    res->body = json_pack("{ss ss ss}", "id", cid, "api_root", root ? root : FK_DEFAULT_API_ROOT,
                          "title", title);
}

static void get_openapi(fk_request *req, fk_response *res)
{
    (void)req;
    res->raw_body = strdup(fk_openapi_json);
    if (!res->raw_body)
        fk_http_error(res, 500, "Internal error", "out of memory");
}

static void post_api_root(fk_request *req, fk_response *res)
{
    if (!is_admin(req))
        return forbid(res, "only a centre-admin can declare API roots");
    if (!need_object_body(req, res))
        return;
    const char *name = field(req, res, "name", true);
    const char *title = name ? field(req, res, "title", true) : NULL;
    if (!title)
        return;
    const char *desc = field(req, res, "description", false);
    if (res->status >= 400)
        return;
    char who[160];
    fk_err err;
    if (fk_api_root_create(req->db, actor(req, who), name, title, desc, &err) != 0)
        return directory_error(res, &err);
    res->status = 201;
    res->body = json_pack("{ss ss}", "name", name, "title", title);
}

/* ---- remote TAXII feeds (the poller runs in the hub; here they are listed and edited) */

static void get_feeds(fk_request *req, fk_response *res)
{
    json_t *arr;
    fk_err err;
    if (fk_feed_list(req->db, &arr, &err) != 0)
        return fk_http_storage_error(res, &err);
    res->body = arr;
}

static void post_feed(fk_request *req, fk_response *res)
{
    if (!need_object_body(req, res))
        return;
    const char *name = field(req, res, "name", true), *url = field(req, res, "url", true),
               *coll = field(req, res, "collection", true),
               *key_env = field(req, res, "key_env", false);
    if (res->status >= 400)
        return;
    char who[160];
    fk_err err;
    if (fk_feed_add(req->db, actor(req, who), name, url, coll, key_env, &err) != 0)
        return directory_error(res, &err);
    res->status = 201;
    res->body = json_pack("{ssssss}", "name", name, "url", url, "collection", coll);
}

static void delete_feed(fk_request *req, fk_response *res)
{
    char who[160];
    fk_err err;
    int rc = fk_feed_remove(req->db, actor(req, who), req->params[0], &err);
    if (rc < 0)
        return directory_error(res, &err);
    if (rc > 0)
        return fk_http_error(res, 404, "Not found", "no feed %s", req->params[0]);
    res->status = 204;
}

static const fk_route routes[] = {
    {"GET", "/api/v1/me", get_me, FK_ACT_SELF, FK_BODY_JSON, 0, 0},
    {"GET", "/api/v1/openapi.json", get_openapi, FK_ACT_SELF, FK_BODY_JSON, 0, 0},
    {"GET", "/api/v1/sectors", get_sectors, FK_ACT_SELF, FK_BODY_JSON, 0, 0},
    {"POST", "/api/v1/sectors", post_sector, FK_ACT_DIRECTORY_ADMIN, FK_BODY_JSON, 0, 0},
    {"DELETE", "/api/v1/sectors/{}/{}", delete_sector, FK_ACT_DIRECTORY_ADMIN, FK_BODY_JSON, 0, 0},
    {"GET", "/api/v1/organisations", get_organisations, FK_ACT_DIRECTORY_READ, FK_BODY_JSON, 0, 0},
    {"POST", "/api/v1/organisations", post_organisation, FK_ACT_DIRECTORY_ADMIN, FK_BODY_JSON, 0,
     0},
    {"POST", "/api/v1/organisations/{}/engines", post_org_engines, FK_ACT_DIRECTORY_ADMIN,
     FK_BODY_JSON, 0, 0},
    {"GET", "/api/v1/groups", get_groups, FK_ACT_DIRECTORY_READ, FK_BODY_JSON, 0, 0},
    {"POST", "/api/v1/groups", post_group, FK_ACT_DIRECTORY_ADMIN, FK_BODY_JSON, 0, 0},
    {"POST", "/api/v1/groups/{}/members", post_group_member, FK_ACT_DIRECTORY_ADMIN, FK_BODY_JSON,
     0, 0},
    {"GET", "/api/v1/accounts", get_accounts, FK_ACT_DIRECTORY_ADMIN, FK_BODY_JSON, 0, 0},
    {"POST", "/api/v1/accounts", post_account, FK_ACT_DIRECTORY_ADMIN, FK_BODY_JSON, 0, 0},
    {"POST", "/api/v1/accounts/{}/disable", post_account_disable, FK_ACT_DIRECTORY_ADMIN,
     FK_BODY_JSON, 0, 0},
    {"POST", "/api/v1/accounts/{}/enable", post_account_enable, FK_ACT_DIRECTORY_ADMIN,
     FK_BODY_JSON, 0, 0},
    {"POST", "/api/v1/accounts/{}/password", post_account_password, FK_ACT_SELF, FK_BODY_JSON, 0,
     0},
    {"GET", "/api/v1/apikeys", get_apikeys, FK_ACT_SELF, FK_BODY_JSON, 0, 0},
    {"POST", "/api/v1/apikeys", post_apikey, FK_ACT_SELF, FK_BODY_JSON, 0, 0},
    {"DELETE", "/api/v1/apikeys/{}", delete_apikey, FK_ACT_SELF, FK_BODY_JSON, 0, 0},
    {"GET", "/api/v1/report-types", get_report_types, FK_ACT_SELF, FK_BODY_JSON, 0, 0},
    {"GET", "/api/v1/severity-scale", get_severity_scale, FK_ACT_SELF, FK_BODY_JSON, 0, 0},
    {"GET", "/api/v1/reports", get_reports, FK_ACT_REPORT_READ, FK_BODY_JSON, 0, 0},
    {"POST", "/api/v1/reports", post_report, FK_ACT_REPORT_SUBMIT, FK_BODY_JSON, 0, 0},
    {"GET", "/api/v1/reports/{}", get_report, FK_ACT_REPORT_READ, FK_BODY_JSON, 0, 0},
    {"POST", "/api/v1/reports/{}/triage", post_triage, FK_ACT_TRIAGE, FK_BODY_JSON, 0, 0},
    {"POST", "/api/v1/reports/{}/merge", post_merge, FK_ACT_TRIAGE, FK_BODY_JSON, 0, 0},
    {"POST", "/api/v1/reports/{}/release", post_release, FK_ACT_TRIAGE, FK_BODY_JSON, 0, 0},
    {"POST", "/api/v1/reports/{}/release-preview", post_release_preview, FK_ACT_TRIAGE,
     FK_BODY_JSON, 0, 0},
    {"GET", "/api/v1/releases", get_releases, FK_ACT_SHARED_READ, FK_BODY_JSON, 0, 0},
    {"GET", "/api/v1/releases/{}", get_release, FK_ACT_SHARED_READ, FK_BODY_JSON, 0, 0},
    {"POST", "/api/v1/releases/{}/answer", post_release_answer, FK_ACT_RELEASE_ANSWER, FK_BODY_JSON,
     0, 0},
    {"GET", "/api/v1/releases/{}/answers", get_release_answers, FK_ACT_SHARED_READ, FK_BODY_JSON, 0,
     0},
    {"GET", "/api/v1/collections", get_collections, FK_ACT_SHARED_READ, FK_BODY_JSON, 0, 0},
    {"POST", "/api/v1/collections", post_collection, FK_ACT_DIRECTORY_ADMIN, FK_BODY_JSON, 0, 0},
    {"POST", "/api/v1/api-roots", post_api_root, FK_ACT_DIRECTORY_ADMIN, FK_BODY_JSON, 0, 0},
    {"GET", "/api/v1/feeds", get_feeds, FK_ACT_FEED_READ, FK_BODY_JSON, 0, 0},
    {"POST", "/api/v1/feeds", post_feed, FK_ACT_DIRECTORY_ADMIN, FK_BODY_JSON, 0, 0},
    {"DELETE", "/api/v1/feeds/{}", delete_feed, FK_ACT_DIRECTORY_ADMIN, FK_BODY_JSON, 0, 0},
    {"GET", "/taxii2", fk_taxii_discovery, FK_ACT_SHARED_READ, FK_BODY_JSON, 0, 0},
    {"GET", "/taxii2/{}", fk_taxii_api_root, FK_ACT_SHARED_READ, FK_BODY_JSON, 0, 0},
    {"GET", "/taxii2/{}/collections", fk_taxii_collections, FK_ACT_SHARED_READ, FK_BODY_JSON, 0, 0},
    {"GET", "/taxii2/{}/collections/{}", fk_taxii_collection, FK_ACT_SHARED_READ, FK_BODY_JSON, 0,
     0},
    {"GET", "/taxii2/{}/collections/{}/objects", fk_taxii_get_objects, FK_ACT_SHARED_READ,
     FK_BODY_JSON, 0, 0},
    {"POST", "/taxii2/{}/collections/{}/objects", fk_taxii_post_objects, FK_ACT_REPORT_SUBMIT,
     FK_BODY_JSON, 0, 0},
    {"GET", "/taxii2/{}/collections/{}/objects/{}", fk_taxii_get_object, FK_ACT_SHARED_READ,
     FK_BODY_JSON, 0, 0},
    {"DELETE", "/taxii2/{}/collections/{}/objects/{}", fk_taxii_delete_object, FK_ACT_SHARED_DELETE,
     FK_BODY_JSON, 0, 0},
    {"GET", "/taxii2/{}/collections/{}/objects/{}/versions", fk_taxii_versions, FK_ACT_SHARED_READ,
     FK_BODY_JSON, 0, 0},
    {"GET", "/taxii2/{}/collections/{}/manifest", fk_taxii_manifest, FK_ACT_SHARED_READ,
     FK_BODY_JSON, 0, 0},
    {"GET", "/taxii2/{}/status/{}", fk_taxii_status, FK_ACT_SHARED_READ, FK_BODY_JSON, 0, 0},
    /* continuous monitoring */
    {"POST", "/api/v1/ingest", fk_api_ingest, FK_ACT_INGEST, FK_BODY_RAW, FK_PERM_INGEST, 0},
    {"POST", "/api/v1/ingest/alerts", fk_api_edge_alerts, FK_ACT_INGEST, FK_BODY_JSON,
     FK_PERM_INGEST, 0},
    {"GET", "/api/v1/contacts", fk_api_contacts, FK_ACT_CONTACT_READ, FK_BODY_JSON, 0, 0},
    {"POST", "/api/v1/contacts", fk_api_contact_add, FK_ACT_CONTACT_EDIT, FK_BODY_JSON, 0, 0},
    {"DELETE", "/api/v1/contacts/{}", fk_api_contact_remove, FK_ACT_CONTACT_EDIT, FK_BODY_JSON, 0,
     0},
    {"GET", "/api/v1/contact-mode", fk_api_contact_mode, FK_ACT_CONTACT_READ, FK_BODY_JSON, 0, 0},
    {"POST", "/api/v1/contact-mode", fk_api_contact_mode_set, FK_ACT_CONTACT_EDIT, FK_BODY_JSON, 0,
     0},
    {"GET", "/api/v1/organisations/{}/route", fk_api_contact_route, FK_ACT_CONTACT_READ,
     FK_BODY_JSON, 0, 0},
    {"POST", "/api/v1/drills", fk_api_drill_start, FK_ACT_CONTACT_EDIT, FK_BODY_JSON, 0, 0},
    {"GET", "/api/v1/drills/{}", fk_api_drill, FK_ACT_CONTACT_READ, FK_BODY_JSON, 0, 0},
    {"POST", "/api/v1/drills/{}/contacts/{}/confirm", fk_api_drill_confirm, FK_ACT_CONTACT_EDIT,
     FK_BODY_JSON, 0, 0},
    {"GET", "/api/v1/support-capabilities", fk_api_support_capabilities, FK_ACT_CASE_READ,
     FK_BODY_JSON, 0, 0},
    {"GET", "/api/v1/supporters", fk_api_supporters, FK_ACT_CASE_READ, FK_BODY_JSON, 0, 0},
    {"POST", "/api/v1/supporters", fk_api_supporter_set, FK_ACT_DIRECTORY_ADMIN, FK_BODY_JSON, 0,
     0},
    {"POST", "/api/v1/cases/{}/support", fk_api_case_support, FK_ACT_CASE_WORK, FK_BODY_JSON, 0, 0},
    {"GET", "/api/v1/support-requests", fk_api_support_requests, FK_ACT_CASE_READ, FK_BODY_JSON, 0,
     0},
    {"POST", "/api/v1/support-requests/{}/state", fk_api_support_state, FK_ACT_CASE_WORK,
     FK_BODY_JSON, 0, 0},
    {"GET", "/api/v1/deadline-policy", fk_api_deadline_policy, FK_ACT_CASE_READ, FK_BODY_JSON, 0,
     0},
    {"POST", "/api/v1/deadline-policy", fk_api_deadline_policy_set, FK_ACT_DIRECTORY_ADMIN,
     FK_BODY_JSON, 0, 0},
    {"GET", "/api/v1/webhooks", fk_api_webhooks, FK_ACT_CONTACT_READ, FK_BODY_JSON, 0, 0},
    {"POST", "/api/v1/webhooks", fk_api_webhook_add, FK_ACT_CONTACT_EDIT, FK_BODY_JSON, 0, 0},
    {"DELETE", "/api/v1/webhooks/{}", fk_api_webhook_remove, FK_ACT_CONTACT_EDIT, FK_BODY_JSON, 0,
     0},
    {"GET", "/api/v1/webhooks/{}/deliveries", fk_api_webhook_deliveries, FK_ACT_CONTACT_READ,
     FK_BODY_JSON, 0, 0},
    /* the asset ledger and vulnerabilities */
    {"GET", "/api/v1/vulnerabilities", fk_api_vulns, FK_ACT_VULN_READ, FK_BODY_JSON, 0, 0},
    {"GET", "/api/v1/vulnerabilities/{}", fk_api_vuln, FK_ACT_VULN_READ, FK_BODY_JSON, 0, 0},
    {"GET", "/api/v1/vulnerability-overview", fk_api_vuln_overview, FK_ACT_VULN_READ, FK_BODY_JSON,
     0, 0},
    {"POST", "/api/v1/vulnerability-feeds", fk_api_vuln_feed, FK_ACT_VULN_FEED, FK_BODY_RAW, 0, 0},
    {"POST", "/api/v1/vulnerability-matching", fk_api_vuln_rematch, FK_ACT_VULN_FEED, FK_BODY_JSON,
     0, 0},
    {"GET", "/api/v1/assets", fk_api_assets, FK_ACT_ASSET_READ, FK_BODY_JSON, 0, 0},
    {"POST", "/api/v1/assets", fk_api_asset_put, FK_ACT_ASSET_EDIT, FK_BODY_JSON, 0, 0},
    {"POST", "/api/v1/assets/import", fk_api_asset_import, FK_ACT_ASSET_EDIT, FK_BODY_RAW, 0, 0},
    {"GET", "/api/v1/assets/{}", fk_api_asset, FK_ACT_ASSET_READ, FK_BODY_JSON, 0, 0},
    {"DELETE", "/api/v1/assets/{}", fk_api_asset_remove, FK_ACT_ASSET_EDIT, FK_BODY_JSON, 0, 0},
    {"GET", "/api/v1/crypto-report", fk_api_crypto_report, FK_ACT_ASSET_READ, FK_BODY_JSON, 0, 0},
    {"GET", "/api/v1/advisories", fk_api_advisories, FK_ACT_ASSET_READ, FK_BODY_JSON, 0, 0},
    {"POST", "/api/v1/advisories/{}/draft", fk_api_advisory_draft, FK_ACT_TRIAGE, FK_BODY_JSON, 0,
     0},
    {"GET", "/api/v1/advisory-drafts", fk_api_advisory_drafts, FK_ACT_TRIAGE, FK_BODY_JSON, 0, 0},
    {"GET", "/api/v1/advisory-drafts/{}", fk_api_advisory_draft_get, FK_ACT_TRIAGE, FK_BODY_JSON, 0,
     0},
    {"POST", "/api/v1/advisory-drafts/{}/release", fk_api_advisory_draft_release, FK_ACT_TRIAGE,
     FK_BODY_JSON, 0, 0},
    {"GET", "/api/v1/measures", fk_api_measures, FK_ACT_ASSET_READ, FK_BODY_JSON, 0, 0},
    {"PUT", "/api/v1/assets/{}/measures/{}", fk_api_measure_put, FK_ACT_ASSET_EDIT, FK_BODY_JSON, 0,
     0},
    {"PUT", "/api/v1/organisations/{}/early-delivery", fk_api_early_delivery,
     FK_ACT_DIRECTORY_ADMIN, FK_BODY_JSON, 0, 0},
    {"GET", "/api/v1/case-kinds", fk_api_case_kinds, FK_ACT_CASE_READ, FK_BODY_JSON, 0, 0},
    {"GET", "/api/v1/cases", fk_api_cases, FK_ACT_CASE_READ, FK_BODY_JSON, 0, 0},
    {"POST", "/api/v1/cases", fk_api_case_open, FK_ACT_CASE_WORK, FK_BODY_JSON, 0, 0},
    {"GET", "/api/v1/cases/{}", fk_api_case, FK_ACT_CASE_READ, FK_BODY_JSON, 0, 0},
    {"POST", "/api/v1/cases/{}/state", fk_api_case_state, FK_ACT_CASE_WORK, FK_BODY_JSON, 0, 0},
    {"POST", "/api/v1/cases/{}/links", fk_api_case_link, FK_ACT_CASE_WORK, FK_BODY_JSON, 0, 0},
    {"POST", "/api/v1/cases/{}/tasks", fk_api_case_task, FK_ACT_CASE_WORK, FK_BODY_JSON, 0, 0},
    {"POST", "/api/v1/cases/{}/tasks/{}/done", fk_api_case_task_done, FK_ACT_CASE_WORK,
     FK_BODY_JSON, 0, 0},
    {"POST", "/api/v1/cases/{}/messages", fk_api_case_message, FK_ACT_CASE_WORK, FK_BODY_JSON, 0,
     0},
    {"POST", "/api/v1/cases/{}/assign", fk_api_case_assign, FK_ACT_CASE_WORK, FK_BODY_JSON, 0, 0},
    {"GET", "/api/v1/cases/{}/notices", fk_api_case_notices, FK_ACT_CASE_READ, FK_BODY_JSON, 0, 0},
    {"GET", "/api/v1/cases/{}/timeline", fk_api_case_timeline, FK_ACT_CASE_READ, FK_BODY_JSON, 0,
     0},
    {"GET", "/api/v1/alerts", fk_api_alerts, FK_ACT_ALERT_READ, FK_BODY_JSON, 0, 0},
    {"GET", "/api/v1/alerts/{}", fk_api_alert, FK_ACT_ALERT_READ, FK_BODY_JSON, 0, 0},
    {"POST", "/api/v1/alerts/{}/state", fk_api_alert_state, FK_ACT_ALERT_TRIAGE, FK_BODY_JSON, 0,
     0},
    {"POST", "/api/v1/alerts/{}/report", fk_api_alert_report, FK_ACT_ALERT_TRIAGE, FK_BODY_JSON, 0,
     0},
    {"GET", "/api/v1/health", fk_api_health, FK_ACT_SELF, FK_BODY_JSON,
     FK_PERM_API | FK_PERM_INGEST, 0},
    {"GET", "/api/v1/metering", fk_api_metering, FK_ACT_ALERT_READ, FK_BODY_JSON, 0, 0},
    {"GET", "/api/v1/sources", fk_api_sources, FK_ACT_ALERT_READ, FK_BODY_JSON, 0, 0},
    {NULL, NULL, NULL, 0, FK_BODY_JSON, 0, 0},
};

const fk_route *fk_api_routes(void)
{
    return routes;
}
