#include "taxii.h"

#include "../hub/intake.h"
#include "../intel/stix.h"
#include "../store/audit.h"
#include "../store/collections.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define DEFAULT_LIMIT 1000
#define MAX_LIMIT     10000

/* The client must accept the TAXII media type (406 otherwise); answers carry it. */
/* Whether an Accept header admits TAXII 2.1: some media range with q > 0 that is
 * application/taxii+json (without a version, or version=2.1), or a wildcard range (any
 * type, or any application type). "application/taxii+json;version=2.0" followed by a
 * wildcard with q=0.1 does: the wildcard admits 2.1. */
static bool accepts_taxii(const char *accept)
{
    const char *p = accept;
    while (p && *p) {
        size_t n = strcspn(p, ",");
        char range[256];
        size_t k = n < sizeof range - 1 ? n : sizeof range - 1;
        memcpy(range, p, k);
        range[k] = '\0';
        p += n + (p[n] == ',');
        char *type = range + strspn(range, " \t");
        size_t tl = strcspn(type, "; \t");
        bool taxii = tl == 22 && !strncasecmp(type, "application/taxii+json", 22);
        bool wild = (tl == 3 && !strncmp(type, "*/*", 3)) ||
                    (tl == 13 && !strncasecmp(type, "application/*", 13));
        if (!taxii && !wild)
            continue;
        bool version_ok = true, q_ok = true;
        for (char *param = strchr(type, ';'); param; param = strchr(param + 1, ';')) {
            char *name = param + 1 + strspn(param + 1, " \t");
            if (!strncasecmp(name, "version=", 8))
                version_ok = !strncmp(name + 8, "2.1", 3) &&
                             strspn(name + 11, " \t") == strcspn(name + 11, ";");
            else if (!strncasecmp(name, "q=", 2))
                q_ok = strtod(name + 2, NULL) > 0;
        }
        if (q_ok && (wild || version_ok))
            return true;
    }
    return false;
}

static bool negotiate(fk_request *req, fk_response *res)
{
    const char *accept = fk_http_header(req, "Accept");
    res->content_type = FK_TAXII_MEDIA;
    if (accept && accepts_taxii(accept))
        return true;
    fk_http_error(res, 406, "Not acceptable", "the Accept header must allow %s", FK_TAXII_MEDIA);
    res->content_type = FK_TAXII_MEDIA;
    return false;
}

static bool known_root(fk_request *req, fk_response *res)
{
    json_t *roots;
    fk_err err;
    if (fk_api_roots(req->db, &roots, &err) != 0) {
        fk_http_error(res, 500, "Internal error", "%s", err.msg);
        return false;
    }
    bool found = false;
    size_t i;
    json_t *r;
    json_array_foreach(roots, i, r) found = found || !strcmp(json_string_value(r), req->params[0]);
    json_decref(roots);
    if (!found)
        fk_http_error(res, 404, "Not found", "no API root '%s'", req->params[0]);
    return found;
}

void fk_taxii_discovery(fk_request *req, fk_response *res)
{
    if (!negotiate(req, res))
        return;
    json_t *roots;
    fk_err err;
    if (fk_api_roots(req->db, &roots, &err) != 0)
        return fk_http_error(res, 500, "Internal error", "%s", err.msg);
    json_t *urls = json_array();
    size_t i;
    json_t *r;
    json_array_foreach(roots, i, r)
    {
        char url[160];
        snprintf(url, sizeof url, "/taxii2/%s/", json_string_value(r));
        json_array_append_new(urls, json_string(url));
    }
    json_decref(roots);
    char dflt[160];
    snprintf(dflt, sizeof dflt, "/taxii2/%s/", FK_DEFAULT_API_ROOT);
    res->body = json_pack("{ss ss ss so}", "title", req->policy->hub_name, "description",
                          "Threat information shared by the centre with its members (TAXII 2.1)",
                          "default", dflt, "api_roots", urls);
}

void fk_taxii_api_root(fk_request *req, fk_response *res)
{
    if (!negotiate(req, res) || !known_root(req, res))
        return;
    json_t *info;
    fk_err err;
    if (fk_api_root_info(req->db, req->params[0], &info, &err) != 0)
        return fk_http_error(res, 500, "Internal error", "%s", err.msg);
    res->body = json_pack("{sO sO s[s] sI}", "title", json_object_get(info, "title"), "description",
                          json_object_get(info, "description"), "versions", FK_TAXII_MEDIA,
                          "max_content_length", (json_int_t)req->max_body);
    json_decref(info);
}

void fk_taxii_collections(fk_request *req, fk_response *res)
{
    if (!negotiate(req, res) || !known_root(req, res))
        return;
    json_t *arr;
    fk_err err;
    if (fk_collection_list(req->db, req->who, req->params[0], &arr, &err) != 0)
        return fk_http_error(res, 500, "Internal error", "%s", err.msg);
    res->body = json_array_size(arr) ? json_pack("{so}", "collections", arr) : json_object();
    if (!json_array_size(arr))
        json_decref(arr);
}

/* Looks up the collection in params[1]: 404 if the caller may neither read nor write
 * it (or it does not exist), 403 when it lacks the right needed. */
static bool collection_right(fk_request *req, fk_response *res, bool write)
{
    bool can_read = false, can_write = false;
    fk_err err;
    int rc = fk_collection_access(req->db, req->who, req->params[0], req->params[1], &can_read,
                                  &can_write, &err);
    if (rc < 0) {
        fk_http_error(res, 500, "Internal error", "%s", err.msg);
        return false;
    }
    if (rc == 1 || (!can_read && !can_write)) {
        fk_http_error(res, 404, "Not found", "no collection %s in API root %s", req->params[1],
                      req->params[0]);
        return false;
    }
    if (write ? !can_write : !can_read) {
        fk_http_error(res, 403, "Forbidden", "you may not %s this collection",
                      write ? "add to" : "read");
        return false;
    }
    return true;
}

void fk_taxii_collection(fk_request *req, fk_response *res)
{
    if (!negotiate(req, res))
        return;
    json_t *arr;
    fk_err err;
    if (fk_collection_list(req->db, req->who, req->params[0], &arr, &err) != 0)
        return fk_http_error(res, 500, "Internal error", "%s", err.msg);
    size_t i;
    json_t *c;
    json_array_foreach(arr, i, c)
    {
        if (!strcmp(json_string_value(json_object_get(c, "id")), req->params[1])) {
            res->body = json_incref(c);
            break;
        }
    }
    json_decref(arr);
    if (!res->body)
        fk_http_error(res, 404, "Not found", "no collection %s in API root %s", req->params[1],
                      req->params[0]);
}

static bool read_query(fk_request *req, fk_response *res, fk_taxii_query *q)
{
    memset(q, 0, sizeof *q);
    q->limit = DEFAULT_LIMIT;
    const char *limit = fk_http_query(req, "limit"), *next = fk_http_query(req, "next");
    char *end;
    if (limit) {
        long v = strtol(limit, &end, 10);
        if (*end || v < 1) {
            fk_http_error(res, 400, "Bad request", "limit: expected a positive number");
            return false;
        }
        q->limit = v > MAX_LIMIT ? MAX_LIMIT : (size_t)v;
    }
    if (next) {
        long long v = strtoll(next, &end, 10);
        if (*end || v < 0) {
            fk_http_error(res, 400, "Bad request", "next: not a value this server gave");
            return false;
        }
        q->next = v;
    }
    q->added_after = fk_http_query(req, "added_after");
    q->ids = fk_http_query(req, "match[id]");
    q->types = fk_http_query(req, "match[type]");
    q->versions = fk_http_query(req, "match[version]");
    q->spec_versions = fk_http_query(req, "match[spec_version]");
    return true;
}

static void run_query(fk_request *req, fk_response *res, fk_taxii_view view, const char *object_id)
{
    if (!negotiate(req, res) || !collection_right(req, res, false))
        return;
    fk_taxii_query q;
    if (!read_query(req, res, &q))
        return;
    q.object_id = object_id;
    fk_taxii_page page;
    fk_err err;
    if (fk_taxii_query_run(req->db, req->params[1], &q, view, &page, &err) != 0)
        return err.code == FK_ERR_STORAGE ? fk_http_storage_error(res, &err)
                                          : fk_http_error(res, 400, "Bad request", "%s", err.msg);
    if (object_id && page.count == 0 && !q.next) {
        free(page.body);
        return fk_http_error(res, 404, "Not found", "no object %s in this collection", object_id);
    }
    res->raw_body = page.body;
    if (page.count) {
        snprintf(res->added_first, sizeof res->added_first, "%s", page.first_added);
        snprintf(res->added_last, sizeof res->added_last, "%s", page.last_added);
    }
    /* reading shared objects is audited, as reads of releases are */
    char actor[160], detail[200];
    fk_err aerr;
    snprintf(actor, sizeof actor, "account:%s", req->who->account);
    snprintf(detail, sizeof detail, "{\"collection\":\"%s\",\"count\":%zu}", req->params[1],
             page.count);
    if (fk_audit_append(req->db, actor, "taxii.read", req->path, detail, &aerr) != 0)
        fprintf(stderr, "fukurou hub: audit: %s\n", aerr.msg);
}

void fk_taxii_get_objects(fk_request *req, fk_response *res)
{
    run_query(req, res, FK_TAXII_OBJECTS, NULL);
}

void fk_taxii_get_object(fk_request *req, fk_response *res)
{
    run_query(req, res, FK_TAXII_OBJECTS, req->params[2]);
}

void fk_taxii_versions(fk_request *req, fk_response *res)
{
    run_query(req, res, FK_TAXII_VERSIONS, req->params[2]);
}

void fk_taxii_manifest(fk_request *req, fk_response *res)
{
    run_query(req, res, FK_TAXII_MANIFEST, NULL);
}

void fk_taxii_delete_object(fk_request *req, fk_response *res)
{
    if (!negotiate(req, res) || !collection_right(req, res, true))
        return;
    if (!fk_role_is_centre(req->who->role))
        return fk_http_error(res, 403, "Forbidden", "only the centre deletes shared objects");
    fk_taxii_query q;
    if (!read_query(req, res, &q))
        return;
    char actor[160];
    snprintf(actor, sizeof actor, "account:%s", req->who->account);
    int deleted;
    fk_err err;
    if (fk_taxii_delete(req->db, actor, req->params[1], req->params[2], &q, &deleted, &err) != 0)
        return err.code == FK_ERR_STORAGE ? fk_http_storage_error(res, &err)
                                          : fk_http_error(res, 400, "Bad request", "%s", err.msg);
    if (!deleted)
        return fk_http_error(res, 404, "Not found", "no object %s in this collection",
                             req->params[2]);
    res->status = 200;
}

static bool media_type_ok(fk_request *req)
{
    const char *ct = fk_http_header(req, "Content-Type");
    return ct && strncasecmp(ct, "application/taxii+json", 22) == 0 &&
           (!strstr(ct, "version=") || strstr(ct, "version=2.1"));
}

void fk_taxii_post_objects(fk_request *req, fk_response *res)
{
    if (!negotiate(req, res))
        return;
    if (!media_type_ok(req))
        return fk_http_error(res, 415, "Unsupported media type", "the body must be %s",
                             FK_TAXII_MEDIA);
    if (!collection_right(req, res, true))
        return;
    json_t *objects = req->body ? json_object_get(req->body, "objects") : NULL;
    if (!json_is_array(objects))
        return fk_http_error(res, 400, "Bad request", "expected an envelope {\"objects\": [...]}");
    char status_id[40];
    fk_err err;
    if (fk_hub_taxii_post(req->db, req->who, req->params[1], objects, status_id, &err) != 0) {
        if (err.code == FK_ERR_INVALID)
            return fk_http_error(res, 400, "Bad request",
                                 "the bundle cannot be taken as a report: %s", err.msg);
        if (err.code == FK_ERR_DENIED)
            return fk_http_error(res, 403, "Forbidden", "%s", err.msg);
        return fk_http_storage_error(res, &err);
    }
    if (fk_taxii_status_load(req->db, status_id, req->who, &res->body, &err) != 0)
        return fk_http_error(res, 500, "Internal error", "%s", err.msg);
    res->status = 202;
}

void fk_taxii_status(fk_request *req, fk_response *res)
{
    if (!negotiate(req, res) || !known_root(req, res))
        return;
    fk_err err;
    int rc = fk_taxii_status_load(req->db, req->params[1], req->who, &res->body, &err);
    if (rc < 0)
        return fk_http_error(res, 500, "Internal error", "%s", err.msg);
    if (rc == 1)
        fk_http_error(res, 404, "Not found", "no status %s of yours", req->params[1]);
}
