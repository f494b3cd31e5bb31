/* The console's release pages (see console_releases.h). */
#include "console_releases.h"

#include "../core/timefmt.h"
#include "../hub/access.h"
#include "../hub/admin.h"
#include "../hub/sharing.h"
#include "../intel/report_types.h"
#include "../store/collections.h"
#include "console.h"
#include "console_page.h"
#include "i18n.h"

#include <openssl/crypto.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { RELEASES_PER_PAGE = 50 };

/* How a TAXII client reads what is released to this member: the hub's address as the
 * browser reached it, the collections this account may read, and a key of its own. */
static void taxii_help(fk_html *h, fk_request *req)
{
    const char *host = fk_http_header(req, "Host");
    json_t *colls = NULL;
    fk_err err;
    fk_html_raw(h, "<section class=\"taxii\"><h2>");
    fk_html_msg(h, "releases.taxii_title", NULL);
    fk_html_raw(h, "</h2><p>");
    fk_html_msg(h, "releases.taxii_intro", NULL);
    fk_html_raw(h, "</p><dl class=\"alert\"><dt>");
    fk_html_msg(h, "releases.taxii_discovery", NULL);
    fk_html_raw(h, "</dt><dd><code>");
    fk_html_text(h, req->tls ? "https://" : "http://");
    fk_html_text(h, host ? host : "HUB");
    fk_html_raw(h, "/taxii2/</code></dd>");
    if (fk_collection_list(req->db, req->who, NULL, &colls, &err) == 0) {
        size_t i;
        json_t *c;
        json_array_foreach(colls, i, c)
        {
            if (!json_is_true(json_object_get(c, "can_read")))
                continue;
            fk_html_raw(h, "<dt>");
            fk_html_text(h, fk_console_str(c, "title"));
            fk_html_raw(h, "</dt><dd><code>");
            fk_html_text(h, req->tls ? "https://" : "http://");
            fk_html_text(h, host ? host : "HUB");
            fk_html_raw(h, "/taxii2/fukurou/collections/");
            fk_html_text(h, fk_console_str(c, "id"));
            fk_html_raw(h, "/</code></dd>");
        }
    }
    json_decref(colls);
    fk_html_raw(h, "</dl><form method=\"post\" action=\"/console/keys\">");
    fk_console_csrf_field(h, req);
    fk_html_raw(h, "<button>");
    fk_html_msg(h, "releases.new_key", NULL);
    fk_html_raw(h, "</button></form></section>");
}

void fk_console_releases(fk_request *req, fk_response *res)
{
    const char *after = fk_console_after(req);
    fk_page page = {.after = after, .limit = RELEASES_PER_PAGE};
    json_t *list;
    fk_err err;
    const char *tier = fk_http_query(req, "tier");
    if (tier && fk_tier_index(tier) < 0)
        tier = NULL; /* a filter that is not one is no filter */
    if (fk_hub_releases_read_tier(req->db, req->who, 0, tier, &page, req->path, &list, &err) != 0)
        return fk_console_storage_fail(req, res, &err);
    fk_html h = {.lang = fk_console_lang(req)};
    fk_console_page_open(&h, req, "releases.title");
    static const char *const tiers[] = {"immediate", "advisory", "general"};
    fk_html_raw(&h, "<form method=\"get\" class=\"filters\" action=\"/console/releases\"><label>");
    fk_html_msg(&h, "releases.tier", NULL);
    fk_html_raw(&h, " <select name=\"tier\">");
    fk_console_option(&h, "", "filter.any", tier);
    for (size_t i = 0; i < 3; i++) {
        char key[48];
        snprintf(key, sizeof key, "tier.%s", tiers[i]);
        fk_console_option(&h, tiers[i], key, tier);
    }
    fk_html_raw(&h, "</select></label><button>");
    fk_html_msg(&h, "filter.apply", NULL);
    fk_html_raw(&h, "</button></form>");
    const char *const head[] = {"#", "releases.released_at", "reports.type", "releases.tier",
                                "releases.deadline"};
    fk_console_table_head(&h, NULL, head, sizeof head / sizeof head[0]);
    size_t i;
    json_t *r;
    json_int_t last = 0;
    json_array_foreach(list, i, r)
    {
        last = json_integer_value(json_object_get(r, "id"));
        fk_html_raw(&h, "<tr><td class=\"num\"><a href=\"/console/releases/");
        fk_html_int(&h, last);
        fk_html_raw(&h, "\">");
        fk_html_int(&h, last);
        fk_html_raw(&h, "</a></td><td>");
        fk_html_time_text(&h, fk_console_str(r, "released_at"));
        fk_html_raw(&h, "</td><td>");
        fk_html_text(&h, fk_console_type_name(&h, fk_console_str(r, "report_type")));
        fk_html_raw(&h, "</td><td>");
        char key[48];
        snprintf(key, sizeof key, "tier.%s", fk_console_str(r, "tier"));
        fk_html_msg(&h, key, NULL);
        fk_html_raw(&h, "</td><td>");
        fk_html_time_text(&h, fk_console_str(r, "deadline"));
        fk_html_raw(&h, "</td></tr>");
    }
    fk_html_raw(&h, "</tbody></table>");
    fk_console_empty(&h, json_array_size(list), "releases.none");
    if (json_array_size(list) == RELEASES_PER_PAGE)
        fk_console_pager(&h, "/console/releases", last, "pager.next",
                         (const char *const[][2]){{"tier", tier}}, 1);
    json_decref(list);
    taxii_help(&h, req);
    fk_console_page_close(&h, res, 200);
}

/* One release the caller may read, with its bundle; NULL with res set when it may not. */
static json_t *one_release(fk_request *req, fk_response *res, int64_t *id)
{
    char *end;
    long long v = strtoll(req->params[0], &end, 10);
    if (*end || v <= 0) {
        fk_console_fail(req, res, 404, "no such release");
        return NULL;
    }
    json_t *list;
    fk_err err;
    if (fk_hub_releases_read(req->db, req->who, v, NULL, req->path, &list, &err) != 0) {
        fk_console_storage_fail(req, res, &err);
        return NULL;
    }
    json_t *r = json_incref(json_array_get(list, 0));
    json_decref(list);
    if (!r)
        fk_console_fail(req, res, 404, "no release with this number for you");
    *id = v;
    return r;
}

static void answers(fk_html *h, const fk_request *req, int64_t id);

void fk_console_release(fk_request *req, fk_response *res)
{
    int64_t id;
    json_t *r = one_release(req, res, &id);
    if (!r)
        return;
    json_t *objects = json_object_get(json_object_get(r, "bundle"), "objects");
    json_t *report = NULL;
    size_t i;
    json_t *o;
    json_array_foreach(objects, i, o) if (!strcmp(fk_console_str(o, "type"), "report")) report = o;
    fk_html h = {.lang = fk_console_lang(req)};
    fk_console_page_open(&h, req, "release.title");
    fk_html_raw(&h, "<h2>");
    fk_html_text(&h, fk_console_str(report, "name"));
    fk_html_raw(&h, "</h2><dl class=\"alert\">");
    fk_console_field_row(&h, "reports.type",
                         fk_console_type_name(&h, fk_console_str(r, "report_type")));
    char key[48];
    snprintf(key, sizeof key, "tier.%s", fk_console_str(r, "tier"));
    fk_console_field_row(&h, "releases.tier", fk_i18n(h.lang, key));
    fk_html_raw(&h, "<dt>");
    fk_html_msg(&h, "releases.released_at", NULL);
    fk_html_raw(&h, "</dt><dd>");
    fk_html_time_text(&h, fk_console_str(r, "released_at"));
    fk_html_raw(&h, "</dd><dt>");
    fk_html_msg(&h, "releases.deadline", NULL);
    fk_html_raw(&h, "</dt><dd>");
    fk_html_time_text(&h, fk_console_str(r, "deadline"));
    fk_html_raw(&h, "</dd>");
    fk_console_field_row(&h, "report.description", fk_console_str(report, "description"));
    fk_html_raw(&h, "<dt>");
    fk_html_msg(&h, "report.indicators", NULL);
    fk_html_raw(&h, "</dt><dd><ul class=\"values\">");
    json_array_foreach(objects, i, o)
    {
        if (strcmp(fk_console_str(o, "type"), "indicator"))
            continue;
        fk_html_raw(&h, "<li>");
        fk_html_text(&h, fk_console_str(o, "pattern"));
        fk_html_raw(&h, "</li>");
    }
    fk_html_raw(&h, "</ul></dd></dl><p><a class=\"button\" href=\"/console/releases/");
    fk_html_int(&h, id);
    fk_html_raw(&h, "/stix\" download>");
    fk_html_msg(&h, "release.download", NULL);
    fk_html_raw(&h, "</a></p>");
    answers(&h, req, id);
    json_decref(r);
    fk_console_page_close(&h, res, 200);
}

static const char *const answer_states[] = {"acknowledged", "done", "not-affected"};

static void answer_state(fk_html *h, const char *state)
{
    char key[64];
    snprintf(key, sizeof key, "release.answer_%s", state);
    fk_html_msg(h, *state ? key : "release.no_answer", NULL);
}

/* Who answered the release and how (the centre: every organisation addressed; a member:
 * its own answer, and a form to give or change it). */
static void answers(fk_html *h, const fk_request *req, int64_t id)
{
    json_t *list;
    fk_err err;
    if (fk_hub_release_answers(req->db, req->who, id, &list, &err) != 0)
        return;
    bool centre = fk_role_is_centre(req->who->role);
    fk_html_raw(h, "<section><h2>");
    fk_html_msg(h, "release.answers", NULL);
    fk_html_raw(h, "</h2>");
    const char *const head[] = {centre ? "alerts.organisation" : NULL, "release.answer",
                                "release.answer_note", "release.answered_by"};
    fk_console_table_head(h, NULL, head, sizeof head / sizeof head[0]);
    size_t i, answered = 0;
    json_t *a;
    json_array_foreach(list, i, a)
    {
        answered += *fk_console_str(a, "state") != '\0';
        fk_html_raw(h, "<tr>");
        if (centre) {
            fk_html_raw(h, "<td>");
            fk_html_text(h, fk_console_str(a, "organisation"));
            fk_html_raw(h, "</td>");
        }
        fk_html_raw(h, "<td>");
        answer_state(h, fk_console_str(a, "state"));
        fk_html_raw(h, "</td><td>");
        fk_html_text(h, fk_console_str(a, "note"));
        fk_html_raw(h, "</td><td>");
        fk_html_text(h, fk_console_str(a, "account"));
        if (*fk_console_str(a, "at")) {
            fk_html_raw(h, " ");
            fk_html_time_text(h, fk_console_str(a, "at"));
        }
        fk_html_raw(h, "</td></tr>");
    }
    fk_html_raw(h, "</tbody></table>");
    if (centre) {
        char n[24], total[24];
        snprintf(n, sizeof n, "%zu", answered);
        snprintf(total, sizeof total, "%zu", json_array_size(list));
        fk_html_raw(h, "<p>");
        fk_html_msg(h, "release.answered_count", "count", n, "total", total, NULL);
        fk_html_raw(h, "</p>");
    } else if (fk_access_allows(FK_ACT_RELEASE_ANSWER, req->who->role)) {
        fk_html_raw(h, "<form method=\"post\" class=\"stacked\" action=\"/console/releases/");
        fk_html_int(h, id);
        fk_html_raw(h, "/answer\">");
        fk_console_csrf_field(h, req);
        fk_html_raw(h, "<label>");
        fk_html_msg(h, "release.answer", NULL);
        fk_html_raw(h, " <select name=\"state\">");
        const char *mine = fk_console_str(json_array_get(list, 0), "state");
        for (size_t k = 0; k < 3; k++) {
            char key[64];
            snprintf(key, sizeof key, "release.answer_%s", answer_states[k]);
            fk_console_option(h, answer_states[k], key, *mine ? mine : "acknowledged");
        }
        fk_html_raw(h, "</select></label><label>");
        fk_html_msg(h, "release.answer_note", NULL);
        fk_html_raw(h, " <input name=\"note\" maxlength=\"4000\"></label><button>");
        fk_html_msg(h, "release.answer_submit", NULL);
        fk_html_raw(h, "</button></form>");
    }
    fk_html_raw(h, "</section>");
    json_decref(list);
}

void fk_console_release_answer(fk_request *req, fk_response *res)
{
    int64_t id;
    if (!fk_console_id(req, res, &id))
        return;
    fk_err err;
    int rc = fk_hub_release_answer(req->db, req->who, id, fk_form_field(req->body, "state"),
                                   fk_form_field(req->body, "note"), fk_time_now_ms(), &err);
    char to[64];
    snprintf(to, sizeof to, "/console/releases/%lld", (long long)id);
    fk_console_done(req, res, rc, &err, "no release with this number for you", to);
}

void fk_console_release_stix(fk_request *req, fk_response *res)
{
    int64_t id;
    json_t *r = one_release(req, res, &id);
    if (!r)
        return;
    res->raw_body = json_dumps(json_object_get(r, "bundle"), JSON_COMPACT);
    json_decref(r);
    if (!res->raw_body)
        return fk_http_error(res, 500, "Internal error", "out of memory");
    res->content_type = "application/stix+json;version=2.1";
    snprintf(res->disposition, sizeof res->disposition,
             "attachment; filename=\"fukurou-release-%lld.json\"", (long long)id);
}

/* A key of the signed-in account's own for a TAXII client: shown once, as the API's. */
void fk_console_new_key(fk_request *req, fk_response *res)
{
    /* the directory's form names the account, the label and the permissions (a
     * centre-admin's keys for others: the use case decides who may); the releases
     * page's button makes one for a TAXII client of one's own */
    const char *account = fk_form_field(req->body, "account");
    const char *label = fk_form_field(req->body, "label");
    const char *perms = fk_form_field(req->body, "permissions");
    bool directory = !strcmp(fk_form_field(req->body, "back"), "directory");
    unsigned bits = FK_PERM_API;
    if (*perms && !fk_permissions_parse(perms, &bits))
        return fk_console_fail(req, res, 400, "permissions: expected api, ingest or api,ingest");
    char id[32], token[96];
    fk_err err;
    if (fk_hub_apikey_create(req->db, req->who, *account ? account : NULL,
                             *label ? label : "TAXII client (console)", bits, id, token,
                             &err) != 0) {
        if (err.code == FK_ERR_STORAGE || err.code == FK_ERR_BUSY || err.code == FK_ERR_NOMEM)
            return fk_console_storage_fail(req, res, &err);
        return fk_console_fail(req, res, err.code == FK_ERR_DENIED ? 403 : 409, err.msg);
    }
    fk_html h = {.lang = fk_console_lang(req)};
    fk_console_page_open(&h, req, "key.title");
    fk_html_raw(&h, "<p>");
    fk_html_msg(&h, "key.shown_once", NULL);
    fk_html_raw(&h, "</p><p><code class=\"secret\">");
    fk_html_text(&h, token);
    fk_html_raw(&h, "</code></p><p>");
    fk_html_msg(&h, "key.how", NULL);
    fk_html_raw(&h, directory ? "</p><p><a href=\"/console/directory\">"
                              : "</p><p><a href=\"/console/releases\">");
    fk_html_msg(&h, directory ? "key.back_directory" : "key.back", NULL);
    fk_html_raw(&h, "</a></p>");
    OPENSSL_cleanse(token, sizeof token);
    fk_console_page_close(&h, res, 201);
}
