/* The console's page frame and the helpers every page uses (see console_page.h). */
#include "console_page.h"

#include "../core/timefmt.h"

#include "../hub/access.h"
#include "../intel/report_types.h"
#include "../intel/severity.h"
#include "console.h"
#include "i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The language of this request: the session's, else the browser's. */
const char *fk_console_lang(const fk_request *req)
{
    if (req->session && fk_i18n_known(req->session->lang))
        return req->session->lang;
    const char *q = fk_http_query(req, "lang");
    if (fk_i18n_known(q))
        return q;
    return fk_i18n_pick(fk_http_header(req, "Accept-Language"));
}

void fk_console_redirect(fk_response *res, const char *to)
{
    res->status = 303;
    snprintf(res->location, sizeof res->location, "%s", to);
    res->html = true;
}

/* ---- the page frame ----------------------------------------------------------------- */

void fk_console_csrf_field(fk_html *h, const fk_request *req)
{
    if (!req->session)
        return;
    fk_html_raw(h, "<input type=\"hidden\" name=\"csrf\" value=\"");
    fk_html_text(h, req->session->csrf);
    fk_html_raw(h, "\">");
}

typedef struct nav_item {
    const char *href, *key;
    fk_action action; /* shown to those the role table lets take it */
} nav_item;

static const nav_item nav[] = {
    {"/console/", "nav.overview", FK_ACT_ALERT_READ},
    {"/console/alerts", "nav.alerts", FK_ACT_ALERT_READ},
    {"/console/reports", "nav.reports", FK_ACT_REPORT_READ},
    {"/console/releases", "nav.releases", FK_ACT_SHARED_READ},
    {"/console/cases", "nav.cases", FK_ACT_CASE_READ},
    {"/console/support", "nav.support", FK_ACT_CASE_READ},
    {"/console/contacts", "nav.contacts", FK_ACT_CONTACT_READ},
    {"/console/webhooks", "nav.webhooks", FK_ACT_CONTACT_READ},
    {"/console/deadlines", "nav.deadlines", FK_ACT_CASE_READ},
    {"/console/ledger", "nav.ledger", FK_ACT_ASSET_READ},
    {"/console/vulnerabilities", "nav.vulnerabilities", FK_ACT_VULN_READ},
    {"/console/advisories", "nav.advisories", FK_ACT_ASSET_READ},
    {"/console/directory", "nav.directory", FK_ACT_DIRECTORY_ADMIN},
};

void fk_console_page_open(fk_html *h, const fk_request *req, const char *title_key)
{
    if (req->session && !h->zone)
        h->zone = req->session->zone;
    fk_html_raw(h, "<!DOCTYPE html>\n<html lang=\"");
    fk_html_text(h, h->lang);
    fk_html_raw(h, "\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
                   "content=\"width=device-width, initial-scale=1\"><title>");
    fk_html_msg(h, title_key, NULL);
    fk_html_raw(h,
                " - fukurou</title><link rel=\"stylesheet\" href=\"/console/assets/console.css\">"
                "</head><body><header><span class=\"brand\">fukurou</span>");
    if (req->session) {
        fk_html_raw(h, "<nav>");
        for (size_t i = 0; i < sizeof nav / sizeof nav[0]; i++) {
            if (!fk_access_allows(nav[i].action, req->who->role))
                continue;
            fk_html_raw(h, "<a href=\"");
            fk_html_text(h, nav[i].href);
            fk_html_raw(h, "\">");
            fk_html_msg(h, nav[i].key, NULL);
            fk_html_raw(h, "</a>");
        }
        fk_html_raw(h, "</nav><div class=\"who\">");
        fk_html_raw(h, "<a href=\"/console/settings\">");
        fk_html_msg(h, "frame.signed_in_as", "account", req->who->account, "organisation",
                    req->who->org, NULL);
        fk_html_raw(h, "</a>");
        fk_html_raw(h, "<form method=\"post\" action=\"/console/language\">");
        fk_console_csrf_field(h, req);
        fk_html_raw(h, "<input type=\"hidden\" name=\"lang\" value=\"");
        fk_html_text(h, strcmp(h->lang, "ja") ? "ja" : "en");
        fk_html_raw(h, "\"><button>");
        fk_html_msg(h, "frame.switch_language", NULL);
        fk_html_raw(h, "</button></form><form method=\"post\" action=\"/console/sign-out\">");
        fk_console_csrf_field(h, req);
        fk_html_raw(h, "<button>");
        fk_html_msg(h, "frame.sign_out", NULL);
        fk_html_raw(h, "</button></form></div>");
    }
    fk_html_raw(h, "</header><main><h1>");
    fk_html_msg(h, title_key, NULL);
    fk_html_raw(h, "</h1>");
}

/* Ends the page and hands it to the response (a 500 when memory ran out building it). */
void fk_console_page_close(fk_html *h, fk_response *res, unsigned status)
{
    fk_html_raw(h, "</main></body></html>\n");
    if (h->failed) {
        fk_sbuf_free(&h->b);
        fk_http_error(res, 500, "Internal error", "out of memory building the page");
        return;
    }
    json_decref(res->body);
    res->body = NULL;
    res->raw_body = h->b.p ? h->b.p : strdup("");
    h->b.p = NULL;
    res->status = status;
    res->content_type = "text/html; charset=utf-8";
    res->html = true;
}

const char *fk_console_str(json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? s : "";
}

void fk_console_option(fk_html *h, const char *value, const char *label_key, const char *chosen)
{
    fk_html_raw(h, "<option value=\"");
    fk_html_text(h, value);
    fk_html_raw(h, chosen && !strcmp(chosen, value) ? "\" selected>" : "\">");
    fk_html_msg(h, label_key, NULL);
    fk_html_raw(h, "</option>");
}

void fk_console_field_row(fk_html *h, const char *label_key, const char *value)
{
    if (!value || !*value)
        return;
    fk_html_raw(h, "<dt>");
    fk_html_msg(h, label_key, NULL);
    fk_html_raw(h, "</dt><dd>");
    fk_html_text(h, value);
    fk_html_raw(h, "</dd>");
}

void fk_console_fail(fk_request *req, fk_response *res, unsigned status, const char *what)
{
    fk_http_error(res, status,
                  status == 404   ? "Not found"
                  : status == 403 ? "Forbidden"
                  : status == 409 ? "Refused"
                                  : "Bad request",
                  "%s", what);
    fk_console_error_page(res, fk_console_lang(req));
}

void fk_console_storage_fail(fk_request *req, fk_response *res, const fk_err *err)
{
    fk_http_storage_error(res, err);
    fk_console_error_page(res, fk_console_lang(req));
}

void fk_console_refused(fk_request *req, fk_response *res, const fk_err *err)
{
    switch (err->code) {
    case FK_ERR_INVALID: return fk_console_fail(req, res, 400, err->msg);
    case FK_ERR_DENIED: return fk_console_fail(req, res, 403, err->msg);
    case FK_ERR_CONFLICT: return fk_console_fail(req, res, 409, err->msg);
    default: return fk_console_storage_fail(req, res, err);
    }
}

int fk_console_local_time(const fk_request *req, const char *local, const char *field, int64_t *ms,
                          fk_err *err)
{
    /* "2026-12-01T18:30" in the reader's zone: read as if UTC, then moved by the zone's
     * offset at that time */
    char iso[40];
    snprintf(iso, sizeof iso, "%.16s:00Z", local);
    if (strlen(local) != 16 || !fk_time_parse_iso8601(iso, strlen(iso), ms))
        return fk_errc(err, FK_ERR_INVALID, "%s: expected a date and time (2026-12-01T18:30)",
                       field);
    fk_html zone = {.zone = req->session ? req->session->zone : NULL};
    *ms -= (int64_t)fk_html_zone_offset(&zone, *ms) * 1000;
    return 0;
}

void fk_console_done(fk_request *req, fk_response *res, int rc, const fk_err *err,
                     const char *missing, const char *to)
{
    if (rc > 0)
        return fk_console_fail(req, res, 404, missing);
    if (rc < 0)
        return fk_console_refused(req, res, err);
    fk_console_redirect(res, to);
}

const char *fk_console_after(const fk_request *req)
{
    const char *after = fk_http_query(req, "after");
    if (after && (!*after || strspn(after, "0123456789") != strlen(after) || strlen(after) > 18))
        return NULL;
    return after;
}

void fk_console_table_head(fk_html *h, const char *css_class, const char *const *keys, size_t n)
{
    fk_html_raw(h, "<table");
    if (css_class) {
        fk_html_raw(h, " class=\"");
        fk_html_text(h, css_class);
        fk_html_raw(h, "\"");
    }
    fk_html_raw(h, "><thead><tr>");
    for (size_t i = 0; i < n; i++) {
        if (!keys[i])
            continue;
        fk_html_raw(h, "<th>");
        if (!strcmp(keys[i], "#"))
            fk_html_raw(h, "#");
        else
            fk_html_msg(h, keys[i], NULL);
        fk_html_raw(h, "</th>");
    }
    fk_html_raw(h, "</tr></thead><tbody>");
}

void fk_console_empty(fk_html *h, size_t n, const char *key)
{
    if (n)
        return;
    fk_html_raw(h, "<p class=\"empty\">");
    fk_html_msg(h, key, NULL);
    fk_html_raw(h, "</p>");
}

void fk_console_pager(fk_html *h, const char *path, int64_t last, const char *key,
                      const char *const (*keep)[2], size_t nkeep)
{
    fk_html_raw(h, "<p class=\"pager\"><a href=\"");
    fk_html_text(h, path);
    fk_html_raw(h, "?after=");
    fk_html_int(h, last);
    for (size_t i = 0; i < nkeep; i++) {
        if (!keep[i][1] || !*keep[i][1])
            continue;
        fk_html_raw(h, "&amp;");
        fk_html_raw(h, keep[i][0]);
        fk_html_raw(h, "=");
        fk_html_url_value(h, keep[i][1]);
    }
    fk_html_raw(h, "\">");
    fk_html_msg(h, key, NULL);
    fk_html_raw(h, "</a></p>");
}

const char *fk_console_type_name(const fk_html *h, const char *code)
{
    const fk_report_type *t = fk_report_type_find(code);
    return !t ? code : !strcmp(h->lang, "ja") ? t->name_ja : t->name_en;
}

void fk_console_alert_rows(fk_html *h, const fk_request *req, json_t *list)
{
    bool centre = fk_role_is_centre(req->who->role);
    const char *const head[] = {
        "alerts.last_seen", "alerts.severity", centre ? "alerts.organisation" : NULL,
        "alerts.engine",    "alerts.what",     "alerts.count",
        "alerts.state"};
    fk_console_table_head(h, "alerts", head, sizeof head / sizeof head[0]);
    size_t i;
    json_t *a;
    json_array_foreach(list, i, a)
    {
        fk_html_raw(h, "<tr><td>");
        fk_html_time_text(h, fk_console_str(a, "last"));
        fk_html_raw(h, "</td><td class=\"sev sev-");
        fk_html_text(h, fk_console_str(a, "severity"));
        fk_html_raw(h, "\">");
        char key[48];
        snprintf(key, sizeof key, "severity.%s", fk_console_str(a, "severity"));
        fk_html_msg(h, key, NULL);
        if (centre) {
            fk_html_raw(h, "</td><td>");
            fk_html_text(h, fk_console_str(a, "organisation"));
        }
        fk_html_raw(h, "</td><td>");
        fk_html_text(h, fk_console_str(a, "engine"));
        fk_html_raw(h, "</td><td><a href=\"/console/alerts/");
        fk_html_int(h, json_integer_value(json_object_get(a, "id")));
        fk_html_raw(h, "\">");
        fk_html_text(h, *fk_console_str(a, "title") ? fk_console_str(a, "title")
                                                    : fk_console_str(a, "rule"));
        fk_html_raw(h, "</a><div class=\"value\">");
        fk_html_text(h, *fk_console_str(a, "indicator") ? fk_console_str(a, "indicator")
                                                        : fk_console_str(a, "value"));
        fk_html_raw(h, "</div></td><td class=\"num\">");
        fk_html_int(h, json_integer_value(json_object_get(a, "count")));
        fk_html_raw(h, "</td><td>");
        snprintf(key, sizeof key, "state.%s", fk_console_str(a, "state"));
        fk_html_msg(h, key, NULL);
        fk_html_raw(h, "</td></tr>");
    }
    fk_html_raw(h, "</tbody></table>");
    fk_console_empty(h, json_array_size(list), "alerts.none");
}

bool fk_console_id(fk_request *req, fk_response *res, int64_t *id)
{
    char *end;
    long long v = strtoll(req->params[0], &end, 10);
    if (*end || v <= 0) {
        fk_console_fail(req, res, 404, "no such item");
        return false;
    }
    *id = v;
    return true;
}

void fk_console_severity_select(fk_html *h, const fk_request *req, const char *none_key)
{
    const fk_severity_scale *scale =
        req->policy && req->policy->scale ? req->policy->scale : fk_severity_scale_default();
    fk_html_raw(h, "<select name=\"severity\">");
    if (none_key) {
        fk_html_raw(h, "<option value=\"\">");
        fk_html_msg(h, none_key, NULL);
        fk_html_raw(h, "</option>");
    }
    for (int i = 0; i < scale->nlevels; i++) {
        const fk_severity_level *l = &scale->levels[i];
        fk_html_raw(h, "<option value=\"");
        fk_html_int(h, l->level);
        fk_html_raw(h, "\">");
        fk_html_int(h, l->level);
        fk_html_raw(h, " – ");
        fk_html_text(h, !strcmp(h->lang, "ja") ? l->name_ja : l->name_en);
        fk_html_raw(h, "</option>");
    }
    fk_html_raw(h, "</select>");
}
