#include "taxii.h"

#include "../core/sbuf.h"
#include "../core/uuid.h"
#include "../detect/stix_pattern.h"
#include "../intel/report_types.h"
#include "../intel/stix.h"
#include "../store/audit.h"
#include "../store/collections.h"
#include "../store/reports.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define DEFAULT_LIMIT 1000
#define MAX_LIMIT     10000

/* The client must accept the TAXII media type (406 otherwise); answers carry it. */
static bool negotiate(fk_request *req, fk_response *res)
{
    const char *accept = fk_http_header(req, "Accept");
    res->content_type = FK_TAXII_MEDIA;
    if (accept && (strstr(accept, "application/taxii+json") || strstr(accept, "*/*")) &&
        (!strstr(accept, "version=") || strstr(accept, "version=2.1")))
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

static json_t *object_ref(json_t *obj)
{
    json_t *v = json_object_get(obj, "modified");
    if (!v)
        v = json_object_get(obj, "created");
    return json_pack("{sO sO}", "id", json_object_get(obj, "id"), "version",
                     v ? v : json_string(""));
}

typedef struct {
    json_t *indicators;
} pattern_ctx;

static int collect_value(void *ctx, fk_ioc_type type, const char *value, size_t n)
{
    (void)type;
    json_array_append_new(((pattern_ctx *)ctx)->indicators, json_stringn(value, n));
    return 0;
}

static const char *const consents[] = {"centre", "sector", "members", "public"};
static const char *const pap_levels[] = {"CLEAR", "GREEN", "AMBER", "RED"};

/* A member's bundle becomes a report of type "observation": title and description from
 * its report objects, indicators from its patterns, CVE ids from its vulnerabilities.
 * Markings only tighten: the report takes the strictest TLP and PAP that any object
 * carries (AMBER when none does) and the narrowest consent (x_fukurou_consent; the
 * centre only when none is given, or a value is not one of the four), so a CLEAR report
 * cannot carry a RED indicator out. Indicators whose pattern is partly unsupported keep
 * the values that could be read and are listed in failures with the reason. */
static int bundle_to_report(fk_request *req, json_t *objects, json_t *failures, int64_t *report_id,
                            fk_err *err)
{
    json_t *indicators = json_array(), *defs = fk_stix_marking_definitions(objects);
    pattern_ctx pc = {indicators};
    const char *title = NULL, *first = NULL, *last = NULL;
    int tlp = -1, pap = -1, consent = 3;
    bool consent_given = false;
    fk_sbuf desc = {0};
    fk_sbuf_put(&desc, "", 0);
    size_t i;
    json_t *o;
    json_array_foreach(objects, i, o)
    {
        const char *type = json_string_value(json_object_get(o, "type"));
        const char *created = json_string_value(json_object_get(o, "created"));
        if (created && (!first || strcmp(created, first) < 0))
            first = created;
        if (created && (!last || strcmp(created, last) > 0))
            last = created;
        json_t *c = json_object_get(o, "x_fukurou_consent");
        if (c) {
            int rank = 0; /* anything unreadable means the centre only */
            for (int k = 0; k < 4; k++)
                if (json_is_string(c) && !strcmp(json_string_value(c), consents[k]))
                    rank = k;
            consent = rank < consent ? rank : consent;
            consent_given = true;
        }
        int t = fk_stix_object_tlp(o, defs, &pap);
        tlp = t > tlp ? t : tlp;
        if (!type)
            continue;
        if (!strcmp(type, "report")) {
            title = title ? title : json_string_value(json_object_get(o, "name"));
            const char *d = json_string_value(json_object_get(o, "description"));
            if (d &&
                ((desc.len && fk_sbuf_puts(&desc, "\n\n") != 0) || fk_sbuf_puts(&desc, d) != 0))
                break;
        } else if (!strcmp(type, "indicator") && json_is_string(json_object_get(o, "pattern"))) {
            fk_err perr;
            fk_stix_result r = fk_stix_pattern_observables(
                json_string_value(json_object_get(o, "pattern")), collect_value, &pc, &perr);
            if (r != FK_STIX_OK && json_is_string(json_object_get(o, "id")))
                json_array_append_new(failures, json_pack("{sO ss}", "id", json_object_get(o, "id"),
                                                          "message", perr.msg));
        } else if (!strcmp(type, "vulnerability") && json_is_string(json_object_get(o, "name")) &&
                   fk_cve_valid(json_string_value(json_object_get(o, "name")))) {
            json_array_append(indicators, json_object_get(o, "name"));
        }
    }
    json_decref(defs);
    if (!consent_given)
        consent = 0;
    char dflt_title[80];
    snprintf(dflt_title, sizeof dflt_title, "STIX bundle submitted over TAXII (%zu objects)",
             json_array_size(objects));
    char now[32];
    fk_db_now(now);
    json_t *in =
        json_pack("{ss ss ss s{ss ss} so ss ss ss}", "type", "observation", "title",
                  title ? title : dflt_title, "description", desc.p ? desc.p : "", "fields",
                  "observed_from", first ? first : now, "observed_until", last ? last : now,
                  "indicators", indicators, "tlp", tlp >= 0 ? fk_tlp_name((fk_tlp)tlp) : "AMBER",
                  "pap", pap >= 0 ? pap_levels[pap] : "AMBER", "consent", consents[consent]);
    fk_sbuf_free(&desc);
    json_t *norm;
    int rc = in ? fk_report_normalise(in, &norm, err) : fk_errf(err, "out of memory");
    json_decref(in);
    if (rc != 0)
        return -1;
    rc = fk_report_insert(req->db, req->who, norm, report_id, err);
    json_decref(norm);
    return rc;
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
    char status_id[40], now[32];
    if (!fk_uuid4(status_id))
        return fk_http_error(res, 500, "Internal error", "no randomness");
    fk_db_now(now);
    json_t *succ = json_array(), *fail = json_array(), *pend = json_array();
    int64_t report_id = 0;
    fk_err err;
    size_t i;
    json_t *o;
    if (fk_role_is_centre(req->who->role)) {
        if (fk_db_begin(req->db, &err) != 0)
            return fk_http_error(res, 500, "Internal error", "%s", err.msg);
        json_t *defs = fk_stix_marking_definitions(objects);
        json_array_foreach(objects, i, o)
        {
            int pap = -1, tlp = fk_stix_object_tlp(o, defs, &pap);
            int rc = tlp >= 3 ? fk_errf(&err, "TLP:%s objects are not redistributed by the centre",
                                        fk_tlp_name((fk_tlp)tlp))
                              : fk_taxii_add(req->db, req->params[1], o, now, &err);
            if (rc < 0)
                json_array_append_new(fail,
                                      json_pack("{ss ss}", "id",
                                                json_is_string(json_object_get(o, "id"))
                                                    ? json_string_value(json_object_get(o, "id"))
                                                    : "",
                                                "message", err.msg));
            else
                json_array_append_new(succ, object_ref(o));
        }
        json_decref(defs);
        if (fk_db_commit(req->db, &err) != 0) {
            fk_db_rollback(req->db);
            json_decref(succ);
            json_decref(fail);
            json_decref(pend);
            return fk_http_error(res, 500, "Internal error", "%s", err.msg);
        }
    } else {
        if (bundle_to_report(req, objects, fail, &report_id, &err) != 0) {
            json_decref(succ);
            json_decref(fail);
            json_decref(pend);
            return fk_http_error(res, 400, "Bad request",
                                 "the bundle cannot be taken as a report: %s", err.msg);
        }
        json_t *failed = json_object(); /* ids listed as failures, looked up once each */
        size_t k;
        json_t *f;
        json_array_foreach(fail, k, f)
            json_object_set(failed, json_string_value(json_object_get(f, "id")), json_true());
        json_array_foreach(objects, i, o)
        {
            const char *id = json_string_value(json_object_get(o, "id"));
            if (!id || !json_object_get(failed, id))
                json_array_append_new(pend, object_ref(o));
        }
        json_decref(failed);
    }
    if (fk_taxii_status_save(req->db, status_id, req->params[1], req->who->account_id, succ, fail,
                             pend, report_id, &err) != 0) {
        json_decref(succ);
        json_decref(fail);
        json_decref(pend);
        return fk_http_error(res, 500, "Internal error", "%s", err.msg);
    }
    json_decref(succ);
    json_decref(fail);
    json_decref(pend);
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
