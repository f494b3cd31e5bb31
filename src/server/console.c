/* The web console (see console.h).
 *
 * Why server-rendered HTML and no script. Every page is one request that the hub
 * answers from the same use cases as the API, so a page is as fast as its query and
 * works in any browser the centre's staff have; there is no front-end build, nothing
 * from a CDN, and the Content-Security-Policy can forbid script altogether, which
 * closes the usual way hostile report text becomes an attack. What a page shows from
 * data goes through html.h's escaping; what it says comes from the catalogues. */
#include "console.h"

#include "../core/timefmt.h"
#include "../hub/alerts.h"
#include "../store/ingest.h"
#include "../store/reports.h"
#include "console_ack.h"
#include "console_cases.h"
#include "console_contacts.h"
#include "console_deadlines.h"
#include "console_directory.h"
#include "console_overview.h"
#include "console_page.h"
#include "console_releases.h"
#include "console_reports.h"
#include "console_support.h"
#include "console_triage.h"
#include "console_vulns.h"
#include "console_webhooks.h"
#include "html.h"
#include "http.h"
#include "i18n.h"

#include <openssl/crypto.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

extern const char *const fk_console_css;
extern const size_t fk_console_css_len;

const char *const fk_console_headers[][2] = {
    {"Content-Security-Policy",
     "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
     "frame-ancestors 'none'; base-uri 'none'"},
    {"X-Frame-Options", "DENY"},
    {"Referrer-Policy", "same-origin"},
    {"Cross-Origin-Opener-Policy", "same-origin"},
    {NULL, NULL},
};

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ---- errors and the way in ------------------------------------------------------------ */

void fk_console_error_page(fk_response *res, const char *lang)
{
    const char *desc = json_string_value(json_object_get(res->body, "description"));
    char text[600];
    snprintf(text, sizeof text, "%s", desc ? desc : "");
    unsigned status = res->status ? res->status : 500;
    fk_html h = {.lang = fk_i18n_known(lang) ? lang : "en"};
    fk_principal nobody = {0};
    fk_request none = {.who = &nobody};
    fk_console_page_open(&h, &none, "error.title");
    fk_html_raw(&h, "<p class=\"error\">");
    char code[16];
    snprintf(code, sizeof code, "%u", status);
    fk_html_msg(&h, "error.status", "status", code, NULL);
    fk_html_raw(&h, "</p><p>");
    fk_html_text(&h, text);
    fk_html_raw(&h, "</p><p><a href=\"/console/\">");
    fk_html_msg(&h, "error.back", NULL);
    fk_html_raw(&h, "</a></p>");
    fk_console_page_close(&h, res, status);
}

void fk_console_to_sign_in(fk_response *res, const char *url)
{
    fk_html h = {.lang = "en"};
    fk_html_raw(&h, "/console/sign-in?next=");
    fk_html_url_value(&h, url && !strncmp(url, "/console", 8) ? url : "/console/");
    if (h.failed || !h.b.p) {
        fk_sbuf_free(&h.b);
        fk_http_error(res, 500, "Internal error", "out of memory");
        return;
    }
    fk_console_redirect(res, h.b.p);
    fk_sbuf_free(&h.b);
}

bool fk_console_request_ok(const fk_route *r, const char *method, const fk_session *session,
                           const json_t *form, const char *sec_fetch_site, fk_response *res)
{
    if (strcmp(method, "POST") != 0)
        return true; /* pages that only read change nothing */
    const char *lang = session ? session->lang : NULL;
    if (sec_fetch_site && strcmp(sec_fetch_site, "same-origin") && strcmp(sec_fetch_site, "none")) {
        fk_http_error(res, 403, "Forbidden", "a change must come from this hub's own pages");
        fk_console_error_page(res, lang);
        return false;
    }
    if (!(r->flags & FK_ROUTE_CONSOLE))
        return true;
    const char *token = fk_form_field(form, "csrf");
    bool ok = session && strlen(token) == 64 && CRYPTO_memcmp(token, session->csrf, 64) == 0;
    if (!ok) {
        fk_http_error(res, 403, "Forbidden",
                      "this form has expired or did not come from this hub; reload the page");
        fk_console_error_page(res, lang);
    }
    return ok;
}

static void root(fk_request *req, fk_response *res)
{
    fk_console_redirect(res, req->session ? "/console/" : "/console/sign-in");
}

static void stylesheet(fk_request *req, fk_response *res)
{
    (void)req;
    res->raw_body = strndup(fk_console_css, fk_console_css_len);
    if (!res->raw_body)
        return fk_http_error(res, 500, "Internal error", "out of memory");
    res->content_type = "text/css; charset=utf-8";
}

/* Only a path on this hub's console: never a redirect elsewhere. */
static const char *safe_next(const char *next)
{
    return next && !strncmp(next, "/console", 8) && !strpbrk(next, "\\\r\n") &&
                   strncmp(next, "//", 2)
               ? next
               : "/console/";
}

static void sign_in_form(fk_request *req, fk_response *res, const char *lang, const char *message,
                         const char *account, unsigned status)
{
    fk_html h = {.lang = lang};
    fk_console_page_open(&h, req, "signin.title");
    if (message) {
        fk_html_raw(&h, "<p class=\"error\" role=\"alert\">");
        fk_html_msg(&h, message, NULL);
        fk_html_raw(&h, "</p>");
    }
    const char *next = safe_next(fk_http_query(req, "next"));
    fk_html_raw(&h, "<form method=\"post\" class=\"signin\" action=\"/console/sign-in?next=");
    fk_html_url_value(&h, next);
    fk_html_raw(&h, "\"><input type=\"hidden\" name=\"lang\" value=\"");
    fk_html_text(&h, lang);
    fk_html_raw(&h, "\"><label>");
    fk_html_msg(&h, "signin.account", NULL);
    fk_html_raw(&h, " <input name=\"account\" autocomplete=\"username\" value=\"");
    fk_html_text(&h, account ? account : "");
    fk_html_raw(&h, "\"></label><label>");
    fk_html_msg(&h, "signin.password", NULL);
    fk_html_raw(&h, " <input type=\"password\" name=\"password\" "
                    "autocomplete=\"current-password\"></label><p class=\"or\">");
    fk_html_msg(&h, "signin.or_key", NULL);
    fk_html_raw(&h, "</p><label>");
    fk_html_msg(&h, "signin.api_key", NULL);
    fk_html_raw(&h, " <input type=\"password\" name=\"api_key\" autocomplete=\"off\"></label>"
                    "<button>");
    fk_html_msg(&h, "signin.submit", NULL);
    fk_html_raw(&h, "</button></form><p class=\"languages\"><a href=\"/console/sign-in?lang=ja\">"
                    "日本語</a> · <a href=\"/console/sign-in?lang=en\">English</a></p>");
    fk_console_page_close(&h, res, status);
}

static void sign_in_page(fk_request *req, fk_response *res)
{
    if (req->session)
        return fk_console_redirect(res, safe_next(fk_http_query(req, "next")));
    sign_in_form(req, res, fk_console_lang(req), NULL, NULL, 200);
}

static void sign_in_post(fk_request *req, fk_response *res)
{
    const char *account = fk_form_field(req->body, "account");
    const char *password = fk_form_field(req->body, "password");
    const char *key = fk_form_field(req->body, "api_key");
    const char *lang = fk_form_field(req->body, "lang");
    if (!fk_i18n_known(lang))
        lang = fk_console_lang(req);
    fk_principal who;
    fk_err err;
    int rc = 1;
    const char *limited = *key ? "key" : account; /* what failures count against */
    unsigned wait = fk_server_signin_wait(req->server, limited, req->addr);
    if (wait) {
        snprintf(res->retry_after, sizeof res->retry_after, "%u", wait);
        return sign_in_form(req, res, lang, "signin.paused", account, 429);
    }
    if (*key) {
        rc = fk_authenticate_token(req->db, key, &who, &err);
        if (rc == 0 && !(who.permissions & FK_PERM_API))
            rc = 1; /* a shipper's ingest-only key opens no console */
    } else if (*account && *password) {
        rc = fk_authenticate_password(req->db, account, password, &who, NULL, &err);
    }
    if (rc < 0)
        return fk_console_storage_fail(req, res, &err);
    fk_server_signin_done(req->server, limited, req->addr, rc == 0);
    if (rc != 0)
        return sign_in_form(req, res, lang, "signin.refused", account, 401);
    char token[65];
    fk_session s;
    int64_t ttl = fk_server_session_ttl(req->server);
    if (fk_session_create(req->db, &who, lang, now_ms(), ttl, token, &s, &err) != 0)
        return fk_console_storage_fail(req, res, &err);
    snprintf(res->set_cookie, sizeof res->set_cookie,
             "fk_session=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%lld%s", token,
             (long long)(ttl / 1000), req->tls ? "; Secure" : "");
    OPENSSL_cleanse(token, sizeof token);
    fk_console_redirect(res, safe_next(fk_http_query(req, "next")));
}

static void sign_out(fk_request *req, fk_response *res)
{
    fk_err err;
    if (fk_session_end(req->db, req->session_token, now_ms(), &err) != 0)
        return fk_console_storage_fail(req, res, &err);
    snprintf(res->set_cookie, sizeof res->set_cookie,
             "fk_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0%s",
             req->tls ? "; Secure" : "");
    fk_console_redirect(res, "/console/sign-in");
}

static void set_language(fk_request *req, fk_response *res)
{
    const char *lang = fk_form_field(req->body, "lang");
    fk_err err;
    if (!fk_i18n_known(lang)) {
        fk_http_error(res, 400, "Bad request", "lang: expected en or ja");
        return fk_console_error_page(res, fk_console_lang(req));
    }
    if (fk_session_set_lang(req->db, req->session_token, lang, &err) < 0)
        return fk_console_storage_fail(req, res, &err);
    const char *back = fk_http_header(req, "Referer");
    const char *path = back ? strstr(back, "/console") : NULL;
    fk_console_redirect(res, safe_next(path));
}

/* ---- settings: the reader's language and time zone ------------------------------ */

/* The zones offered in the list; any other IANA name can be typed in. */
static const char *const common_zones[] = {"Asia/Tokyo",          "UTC",
                                           "Asia/Seoul",          "Asia/Shanghai",
                                           "Asia/Singapore",      "Asia/Kolkata",
                                           "Australia/Sydney",    "Europe/London",
                                           "Europe/Paris",        "Europe/Berlin",
                                           "America/New_York",    "America/Chicago",
                                           "America/Los_Angeles", "Pacific/Honolulu"};

static void settings_form(fk_request *req, fk_response *res, const char *error, unsigned status)
{
    fk_html h = {.lang = fk_console_lang(req)};
    fk_console_page_open(&h, req, "settings.title");
    if (error) {
        fk_html_raw(&h, "<p class=\"error\">");
        fk_html_msg(&h, error, NULL);
        fk_html_raw(&h, "</p>");
    }
    const char *zone = *req->session->zone ? req->session->zone : FK_HTML_DEFAULT_ZONE;
    fk_html_raw(&h, "<form class=\"stacked\" method=\"post\" action=\"/console/settings\">");
    fk_console_csrf_field(&h, req);
    fk_html_raw(&h, "<label>");
    fk_html_msg(&h, "settings.language", NULL);
    fk_html_raw(&h, "<select name=\"lang\">");
    fk_console_option(&h, "ja", "settings.japanese", h.lang);
    fk_console_option(&h, "en", "settings.english", h.lang);
    fk_html_raw(&h, "</select></label><label>");
    fk_html_msg(&h, "settings.zone", NULL);
    fk_html_raw(&h, "<input name=\"zone\" list=\"zones\" value=\"");
    fk_html_text(&h, zone);
    fk_html_raw(&h, "\"></label><datalist id=\"zones\">");
    for (size_t i = 0; i < sizeof common_zones / sizeof common_zones[0]; i++) {
        fk_html_raw(&h, "<option value=\"");
        fk_html_text(&h, common_zones[i]);
        fk_html_raw(&h, "\">");
    }
    fk_html_raw(&h, "</datalist><p class=\"hint\">");
    fk_html_msg(&h, "settings.zone_hint", NULL);
    fk_html_raw(&h, " ");
    fk_html_time(&h, now_ms());
    fk_html_raw(&h, "</p><button>");
    fk_html_msg(&h, "settings.save", NULL);
    fk_html_raw(&h, "</button></form>");
    fk_console_page_close(&h, res, status);
}

static void settings_page(fk_request *req, fk_response *res)
{
    settings_form(req, res, NULL, 200);
}

static void settings_post(fk_request *req, fk_response *res)
{
    const char *lang = fk_form_field(req->body, "lang"), *zone = fk_form_field(req->body, "zone");
    fk_err err;
    if (!fk_i18n_known(lang))
        return settings_form(req, res, "settings.bad_language", 400);
    if (!fk_html_zone_known(zone) || strlen(zone) >= sizeof req->session->zone)
        return settings_form(req, res, "settings.bad_zone", 400);
    if (fk_session_set_lang(req->db, req->session_token, lang, &err) < 0 ||
        fk_session_set_zone(req->db, req->session_token,
                            strcmp(zone, FK_HTML_DEFAULT_ZONE) ? zone : "", &err) < 0)
        return fk_console_storage_fail(req, res, &err);
    fk_console_redirect(res, "/console/settings");
}

/* ---- alerts --------------------------------------------------------------------------- */

static const char *const severities[] = {"info", "low", "medium", "high", "critical"};
static const char *const states[] = {"new", "acknowledged", "false-positive", "escalated"};

enum { ALERTS_PER_PAGE = 50, SEARCH_WINDOW = FK_CONSOLE_SEARCH_WINDOW, SEARCH_WINDOWS = 2 };

static void alerts_page(fk_request *req, fk_response *res)
{
    const char *lang = fk_console_lang(req);
    fk_alert_filter f = {.engine = fk_http_query(req, "engine"),
                         .state = fk_http_query(req, "state"),
                         .min_severity = -1};
    if (f.engine && !*f.engine)
        f.engine = NULL;
    if (f.state && (!*f.state || !fk_alert_state_valid(f.state)))
        f.state = NULL;
    const char *sev = fk_http_query(req, "severity");
    fk_severity s;
    if (sev && fk_severity_parse(sev, &s))
        f.min_severity = (int)s;
    const char *after = fk_console_after(req);
    /* Searched a window of the key at a time, newest first: a filter that matches few
     * alerts (engine=sigma where there are none) would otherwise read every alert of
     * the store for one page (316 ms at a million). When the windows searched did not
     * fill the page, the page says so and offers to search older alerts. */
    json_t *list = json_array();
    char next[32] = "", cursor[32];
    fk_err err;
    int64_t newest = 0, hi = after ? strtoll(after, NULL, 10) : 0;
    if (!list || (!hi && fk_alert_newest_id(req->db, &newest, &err) != 0)) {
        json_decref(list);
        return fk_console_storage_fail(req, res, &err);
    }
    if (!hi)
        hi = newest + 1;
    bool exhausted = false;
    for (int w = 0; w < SEARCH_WINDOWS && json_array_size(list) < ALERTS_PER_PAGE; w++) {
        f.min_id = hi > SEARCH_WINDOW ? hi - SEARCH_WINDOW : 1;
        snprintf(cursor, sizeof cursor, "%lld", (long long)hi);
        fk_page page = {.after = cursor, .limit = ALERTS_PER_PAGE - json_array_size(list)};
        json_t *part;
        if (fk_hub_alerts_list(req->db, req->who, &f, &page, &part, next, &err) != 0) {
            json_decref(list);
            return fk_console_storage_fail(req, res, &err);
        }
        json_array_extend(list, part);
        json_decref(part);
        if (next[0])
            break; /* the page is full inside this window: next says where it ends */
        hi = f.min_id;
        exhausted = hi <= 1;
    }
    bool searched_only = !next[0] && !exhausted && json_array_size(list) < ALERTS_PER_PAGE;
    if (!next[0] && json_array_size(list) == ALERTS_PER_PAGE)
        snprintf(next, sizeof next, "%lld",
                 (long long)json_integer_value(
                     json_object_get(json_array_get(list, ALERTS_PER_PAGE - 1), "id")));
    if (searched_only)
        snprintf(next, sizeof next, "%lld", (long long)hi);
    fk_html h = {.lang = lang};
    fk_console_page_open(&h, req, "alerts.title");
    fk_html_raw(&h, "<form method=\"get\" class=\"filters\" action=\"/console/alerts\"><label>");
    fk_html_msg(&h, "alerts.severity_from", NULL);
    fk_html_raw(&h, " <select name=\"severity\">");
    fk_console_option(&h, "", "filter.any", sev);
    for (size_t i = 0; i < 5; i++) {
        char key[48];
        snprintf(key, sizeof key, "severity.%s", severities[i]);
        fk_console_option(&h, severities[i], key, sev);
    }
    fk_html_raw(&h, "</select></label><label>");
    fk_html_msg(&h, "alerts.state", NULL);
    fk_html_raw(&h, " <select name=\"state\">");
    fk_console_option(&h, "", "filter.any", f.state);
    for (size_t i = 0; i < 4; i++) {
        char key[48];
        snprintf(key, sizeof key, "state.%s", states[i]);
        fk_console_option(&h, states[i], key, f.state);
    }
    fk_html_raw(&h, "</select></label><label>");
    fk_html_msg(&h, "alerts.engine", NULL);
    fk_html_raw(&h, " <input name=\"engine\" size=\"10\" value=\"");
    fk_html_text(&h, f.engine ? f.engine : "");
    fk_html_raw(&h, "\"></label><button>");
    fk_html_msg(&h, "filter.apply", NULL);
    fk_html_raw(&h, "</button></form>");
    fk_console_alert_rows(&h, req, list);
    if (next[0]) { /* the next page: the same filters, after the last alert shown */
        fk_html_raw(&h, "<p class=\"pager\"><a href=\"/console/alerts?after=");
        fk_html_url_value(&h, next);
        const char *keep[][2] = {{"severity", sev}, {"state", f.state}, {"engine", f.engine}};
        for (size_t i = 0; i < 3; i++) {
            if (!keep[i][1] || !*keep[i][1])
                continue;
            fk_html_raw(&h, "&amp;");
            fk_html_raw(&h, keep[i][0]);
            fk_html_raw(&h, "=");
            fk_html_url_value(&h, keep[i][1]);
        }
        fk_html_raw(&h, "\">");
        fk_html_msg(&h, searched_only ? "pager.search_older" : "pager.next", NULL);
        fk_html_raw(&h, "</a></p>");
    }
    json_decref(list);
    fk_console_page_close(&h, res, 200);
}

static bool alert_id(fk_request *req, fk_response *res, int64_t *id)
{
    const char *p = req->params[0];
    char *end;
    long long v = strtoll(p, &end, 10);
    if (*end || v <= 0) {
        fk_http_error(res, 404, "Not found", "no alert %.40s", p);
        fk_console_error_page(res, fk_console_lang(req));
        return false;
    }
    *id = v;
    return true;
}

static void state_button(fk_html *h, const fk_request *req, int64_t id, const char *state,
                         const char *label_key)
{
    fk_html_raw(h, "<form method=\"post\" action=\"/console/alerts/");
    fk_html_int(h, id);
    fk_html_raw(h, "/state\">");
    fk_console_csrf_field(h, req);
    fk_html_raw(h, "<input type=\"hidden\" name=\"state\" value=\"");
    fk_html_text(h, state);
    fk_html_raw(h, "\"><input name=\"note\" maxlength=\"2000\" placeholder=\"");
    fk_html_msg(h, "alert.note", NULL);
    fk_html_raw(h, "\"><button>");
    fk_html_msg(h, label_key, NULL);
    fk_html_raw(h, "</button></form>");
}

static void alert_page(fk_request *req, fk_response *res)
{
    const char *lang = fk_console_lang(req);
    int64_t id;
    if (!alert_id(req, res, &id))
        return;
    json_t *a;
    fk_err err;
    int rc = fk_hub_alert_get(req->db, req->who, id, &a, &err);
    if (rc < 0)
        return fk_console_storage_fail(req, res, &err);
    if (rc > 0) {
        fk_http_error(res, 404, "Not found", "no alert %lld of yours", (long long)id);
        return fk_console_error_page(res, lang);
    }
    fk_html h = {.lang = lang};
    fk_console_page_open(&h, req, "alert.title");
    fk_html_raw(&h, "<h2>");
    fk_html_text(&h, *fk_console_str(a, "title") ? fk_console_str(a, "title")
                                                 : fk_console_str(a, "rule"));
    fk_html_raw(&h, "</h2><dl class=\"alert\">");
    char key[48];
    snprintf(key, sizeof key, "severity.%s", fk_console_str(a, "severity"));
    fk_console_field_row(&h, "alerts.severity", fk_i18n(lang, key));
    snprintf(key, sizeof key, "state.%s", fk_console_str(a, "state"));
    fk_console_field_row(&h, "alerts.state", fk_i18n(lang, key));
    if (fk_role_is_centre(req->who->role))
        fk_console_field_row(&h, "alerts.organisation", fk_console_str(a, "organisation"));
    fk_console_field_row(&h, "alerts.engine", fk_console_str(a, "engine"));
    fk_console_field_row(&h, "alert.rule", fk_console_str(a, "rule"));
    fk_html_raw(&h, "<dt>");
    fk_html_msg(&h, "alert.seen", NULL);
    fk_html_raw(&h, "</dt><dd>");
    fk_html_time_text(&h, fk_console_str(a, "first"));
    fk_html_raw(&h, " – ");
    fk_html_time_text(&h, fk_console_str(a, "last"));
    char count[24];
    snprintf(count, sizeof count, "%lld",
             (long long)json_integer_value(json_object_get(a, "count")));
    fk_html_raw(&h, " (");
    fk_html_msg(&h, "alert.times", "count", count, NULL);
    fk_html_raw(&h, ")</dd>");
    fk_console_field_row(&h, "alert.field", fk_console_str(a, "field"));
    fk_console_field_row(&h, "alert.value", fk_console_str(a, "value"));
    fk_console_field_row(&h, "alert.source_address", fk_console_str(a, "src_ip"));
    fk_console_field_row(&h, "alert.target", fk_console_str(a, "target"));
    fk_console_field_row(&h, "alert.indicator", fk_console_str(a, "indicator"));
    json_t *d = json_object_get(a, "detail");
    fk_console_field_row(&h, "alert.indicator_label", fk_console_str(d, "indicator_label"));
    fk_console_field_row(&h, "alert.family", fk_console_str(d, "family"));
    fk_console_field_row(&h, "alert.tags", fk_console_str(d, "tags"));
    fk_console_field_row(&h, "alert.evidence_file", fk_console_str(d, "file"));
    if (json_integer_value(json_object_get(d, "line"))) {
        char line[24];
        snprintf(line, sizeof line, "%lld",
                 (long long)json_integer_value(json_object_get(d, "line")));
        fk_console_field_row(&h, "alert.evidence_line", line);
    }
    char *line = malloc(4096);
    if (line && fk_hub_alert_evidence(req->db, a, line, 4096, &err) == 0) {
        fk_html_raw(&h, "<dt>");
        fk_html_msg(&h, "alert.log_line", NULL);
        fk_html_raw(&h, "</dt><dd class=\"value\">");
        fk_html_text(&h, line);
        fk_html_raw(&h, "</dd>");
    }
    free(line);
    if (!strcmp(fk_console_str(d, "origin"), "collector"))
        fk_console_field_row(&h, "alert.origin", fk_i18n(lang, "alert.origin_collector"));
    fk_console_field_row(&h, "alert.state_by", fk_console_str(a, "state_by"));
    fk_html_raw(&h, "</dl>");
    if (fk_access_allows(FK_ACT_ALERT_TRIAGE, req->who->role)) {
        fk_html_raw(&h, "<section class=\"actions\">");
        state_button(&h, req, id, "acknowledged", "alert.acknowledge");
        state_button(&h, req, id, "false-positive", "alert.false_positive");
        fk_html_raw(&h, "<form method=\"post\" action=\"/console/alerts/");
        fk_html_int(&h, id);
        fk_html_raw(&h, "/report\">");
        fk_console_csrf_field(&h, req);
        fk_html_raw(&h, "<button>");
        fk_html_msg(&h, "alert.promote", NULL);
        fk_html_raw(&h, "</button></form></section>");
    }
    json_decref(a);
    fk_console_page_close(&h, res, 200);
}

static void alert_state(fk_request *req, fk_response *res)
{
    const char *lang = fk_console_lang(req);
    int64_t id;
    if (!alert_id(req, res, &id))
        return;
    const char *state = fk_form_field(req->body, "state");
    const char *note = fk_form_field(req->body, "note");
    if (!fk_alert_state_valid(state) || strlen(note) > 2000) {
        fk_http_error(res, 400, "Bad request",
                      "state: expected new, acknowledged, false-positive or escalated; note: at "
                      "most 2000 bytes");
        return fk_console_error_page(res, lang);
    }
    fk_err err;
    int rc = fk_hub_alert_set_state(req->db, req->who, id, state, *note ? note : NULL, &err);
    if (rc < 0)
        return fk_console_storage_fail(req, res, &err);
    if (rc > 0) {
        fk_http_error(res, 404, "Not found", "no alert %lld of yours", (long long)id);
        return fk_console_error_page(res, lang);
    }
    char to[64];
    snprintf(to, sizeof to, "/console/alerts/%lld", (long long)id);
    fk_console_redirect(res, to);
}

static void alert_report(fk_request *req, fk_response *res)
{
    const char *lang = fk_console_lang(req);
    int64_t id, report;
    if (!alert_id(req, res, &id))
        return;
    fk_err err;
    int rc = fk_hub_alert_to_report(req->db, req->who, id, NULL, &report, &err);
    if (rc > 0) {
        fk_http_error(res, 404, "Not found", "no alert %lld of yours", (long long)id);
        return fk_console_error_page(res, lang);
    }
    if (rc < 0) {
        if (err.code == FK_ERR_STORAGE)
            fk_http_storage_error(res, &err);
        else
            fk_http_error(res, 400, "Bad request", "%s", err.msg);
        return fk_console_error_page(res, lang);
    }
    fk_html h = {.lang = lang};
    fk_console_page_open(&h, req, "alert.promoted_title");
    char num[24];
    snprintf(num, sizeof num, "%lld", (long long)report);
    fk_html_raw(&h, "<p>");
    fk_html_msg(&h, "alert.promoted", "report", num, NULL);
    fk_html_raw(&h, "</p><p><a href=\"/console/alerts/");
    fk_html_int(&h, id);
    fk_html_raw(&h, "\">");
    fk_html_msg(&h, "alert.back", NULL);
    fk_html_raw(&h, "</a></p>");
    fk_console_page_close(&h, res, 201);
}

static const fk_route routes[] = {
    {"GET", "/", root, FK_ACT_SELF, FK_BODY_JSON, 0, FK_ROUTE_PUBLIC},
    {"GET", "/console/assets/console.css", stylesheet, FK_ACT_SELF, FK_BODY_JSON, 0,
     FK_ROUTE_PUBLIC},
    {"GET", "/ack/{}", fk_console_ack_page, FK_ACT_SELF, FK_BODY_JSON, 0, FK_ROUTE_PUBLIC},
    {"POST", "/ack/{}", fk_console_ack, FK_ACT_SELF, FK_BODY_FORM, 0, FK_ROUTE_PUBLIC},
    {"GET", "/console/sign-in", sign_in_page, FK_ACT_SELF, FK_BODY_JSON, 0, FK_ROUTE_PUBLIC},
    {"POST", "/console/sign-in", sign_in_post, FK_ACT_SELF, FK_BODY_FORM, 0, FK_ROUTE_PUBLIC},
    {"POST", "/console/sign-out", sign_out, FK_ACT_SELF, FK_BODY_FORM, 0, FK_ROUTE_CONSOLE},
    {"POST", "/console/language", set_language, FK_ACT_SELF, FK_BODY_FORM, 0, FK_ROUTE_CONSOLE},
    {"GET", "/console/settings", settings_page, FK_ACT_SELF, FK_BODY_JSON, 0, FK_ROUTE_CONSOLE},
    {"POST", "/console/settings", settings_post, FK_ACT_SELF, FK_BODY_FORM, 0, FK_ROUTE_CONSOLE},
    {"GET", "/console", fk_console_overview, FK_ACT_ALERT_READ, FK_BODY_JSON, 0, FK_ROUTE_CONSOLE},
    {"GET", "/console/alerts", alerts_page, FK_ACT_ALERT_READ, FK_BODY_JSON, 0, FK_ROUTE_CONSOLE},
    {"GET", "/console/alerts/{}", alert_page, FK_ACT_ALERT_READ, FK_BODY_JSON, 0, FK_ROUTE_CONSOLE},
    {"POST", "/console/alerts/{}/state", alert_state, FK_ACT_ALERT_TRIAGE, FK_BODY_FORM, 0,
     FK_ROUTE_CONSOLE},
    {"POST", "/console/alerts/{}/report", alert_report, FK_ACT_ALERT_TRIAGE, FK_BODY_FORM, 0,
     FK_ROUTE_CONSOLE},
    {"GET", "/console/reports", fk_console_reports, FK_ACT_REPORT_READ, FK_BODY_JSON, 0,
     FK_ROUTE_CONSOLE},
    {"GET", "/console/reports/new", fk_console_report_new, FK_ACT_REPORT_SUBMIT, FK_BODY_JSON, 0,
     FK_ROUTE_CONSOLE},
    {"POST", "/console/reports", fk_console_report_post, FK_ACT_REPORT_SUBMIT, FK_BODY_FORM, 0,
     FK_ROUTE_CONSOLE},
    {"GET", "/console/reports/{}", fk_console_report, FK_ACT_REPORT_READ, FK_BODY_JSON, 0,
     FK_ROUTE_CONSOLE},
    {"POST", "/console/reports/{}/triage", fk_console_report_triage, FK_ACT_TRIAGE, FK_BODY_FORM, 0,
     FK_ROUTE_CONSOLE},
    {"POST", "/console/reports/{}/merge", fk_console_report_merge, FK_ACT_TRIAGE, FK_BODY_FORM, 0,
     FK_ROUTE_CONSOLE},
    {"POST", "/console/reports/{}/preview", fk_console_report_preview, FK_ACT_TRIAGE, FK_BODY_FORM,
     0, FK_ROUTE_CONSOLE},
    {"POST", "/console/reports/{}/release", fk_console_report_release, FK_ACT_TRIAGE, FK_BODY_FORM,
     0, FK_ROUTE_CONSOLE},
    {"GET", "/console/releases", fk_console_releases, FK_ACT_SHARED_READ, FK_BODY_JSON, 0,
     FK_ROUTE_CONSOLE},
    {"GET", "/console/releases/{}", fk_console_release, FK_ACT_SHARED_READ, FK_BODY_JSON, 0,
     FK_ROUTE_CONSOLE},
    {"GET", "/console/releases/{}/stix", fk_console_release_stix, FK_ACT_SHARED_READ, FK_BODY_JSON,
     0, FK_ROUTE_CONSOLE},
    {"POST", "/console/keys", fk_console_new_key, FK_ACT_SELF, FK_BODY_FORM, 0, FK_ROUTE_CONSOLE},
    {"GET", "/console/cases", fk_console_cases, FK_ACT_CASE_READ, FK_BODY_JSON, 0,
     FK_ROUTE_CONSOLE},
    {"GET", "/console/cases/new", fk_console_case_new, FK_ACT_CASE_WORK, FK_BODY_JSON, 0,
     FK_ROUTE_CONSOLE},
    {"POST", "/console/cases", fk_console_case_open, FK_ACT_CASE_WORK, FK_BODY_FORM, 0,
     FK_ROUTE_CONSOLE},
    {"GET", "/console/cases/{}", fk_console_case, FK_ACT_CASE_READ, FK_BODY_JSON, 0,
     FK_ROUTE_CONSOLE},
    {"GET", "/console/cases/{}/report", fk_console_case_report, FK_ACT_CASE_READ, FK_BODY_JSON, 0,
     FK_ROUTE_CONSOLE},
    {"POST", "/console/cases/{}/state", fk_console_case_state, FK_ACT_CASE_WORK, FK_BODY_FORM, 0,
     FK_ROUTE_CONSOLE},
    {"POST", "/console/cases/{}/messages", fk_console_case_message, FK_ACT_CASE_WORK, FK_BODY_FORM,
     0, FK_ROUTE_CONSOLE},
    {"POST", "/console/cases/{}/links", fk_console_case_link, FK_ACT_CASE_WORK, FK_BODY_FORM, 0,
     FK_ROUTE_CONSOLE},
    {"POST", "/console/cases/{}/tasks", fk_console_case_task, FK_ACT_CASE_WORK, FK_BODY_FORM, 0,
     FK_ROUTE_CONSOLE},
    {"POST", "/console/cases/{}/tasks/{}/done", fk_console_case_task_done, FK_ACT_CASE_WORK,
     FK_BODY_FORM, 0, FK_ROUTE_CONSOLE},
    {"POST", "/console/cases/{}/assign", fk_console_case_assign, FK_ACT_CASE_WORK, FK_BODY_FORM, 0,
     FK_ROUTE_CONSOLE},
    {"GET", "/console/contacts", fk_console_contacts, FK_ACT_CONTACT_READ, FK_BODY_JSON, 0,
     FK_ROUTE_CONSOLE},
    {"POST", "/console/contacts", fk_console_contact_add, FK_ACT_CONTACT_EDIT, FK_BODY_FORM, 0,
     FK_ROUTE_CONSOLE},
    {"POST", "/console/contacts/{}/remove", fk_console_contact_remove, FK_ACT_CONTACT_EDIT,
     FK_BODY_FORM, 0, FK_ROUTE_CONSOLE},
    {"POST", "/console/contacts/mode", fk_console_contact_mode, FK_ACT_CONTACT_EDIT, FK_BODY_FORM,
     0, FK_ROUTE_CONSOLE},
    {"POST", "/console/drills", fk_console_drill_start, FK_ACT_CONTACT_EDIT, FK_BODY_FORM, 0,
     FK_ROUTE_CONSOLE},
    {"GET", "/console/drills/{}", fk_console_drill, FK_ACT_CONTACT_READ, FK_BODY_JSON, 0,
     FK_ROUTE_CONSOLE},
    {"POST", "/console/releases/{}/answer", fk_console_release_answer, FK_ACT_RELEASE_ANSWER,
     FK_BODY_FORM, 0, FK_ROUTE_CONSOLE},
    {"POST", "/console/cases/{}/support", fk_console_case_support_request, FK_ACT_CASE_WORK,
     FK_BODY_FORM, 0, FK_ROUTE_CONSOLE},
    {"GET", "/console/support", fk_console_support, FK_ACT_CASE_READ, FK_BODY_JSON, 0,
     FK_ROUTE_CONSOLE},
    {"POST", "/console/support/{}/state", fk_console_support_move, FK_ACT_CASE_WORK, FK_BODY_FORM,
     0, FK_ROUTE_CONSOLE},
    {"POST", "/console/supporters", fk_console_supporter_set, FK_ACT_DIRECTORY_ADMIN, FK_BODY_FORM,
     0, FK_ROUTE_CONSOLE},
    {"GET", "/console/webhooks", fk_console_webhooks, FK_ACT_CONTACT_READ, FK_BODY_JSON, 0,
     FK_ROUTE_CONSOLE},
    {"POST", "/console/webhooks", fk_console_webhook_add, FK_ACT_CONTACT_EDIT, FK_BODY_FORM, 0,
     FK_ROUTE_CONSOLE},
    {"GET", "/console/webhooks/{}", fk_console_webhook, FK_ACT_CONTACT_READ, FK_BODY_JSON, 0,
     FK_ROUTE_CONSOLE},
    {"POST", "/console/webhooks/{}/remove", fk_console_webhook_remove, FK_ACT_CONTACT_EDIT,
     FK_BODY_FORM, 0, FK_ROUTE_CONSOLE},
    {"GET", "/console/ledger", fk_console_ledger, FK_ACT_ASSET_READ, FK_BODY_JSON, 0,
     FK_ROUTE_CONSOLE},
    {"GET", "/console/ledger/{}", fk_console_ledger_system, FK_ACT_ASSET_READ, FK_BODY_JSON, 0,
     FK_ROUTE_CONSOLE},
    {"POST", "/console/ledger/{}/measures", fk_console_ledger_measure, FK_ACT_ASSET_EDIT,
     FK_BODY_FORM, 0, FK_ROUTE_CONSOLE},
    {"GET", "/console/vulnerabilities", fk_console_vulns, FK_ACT_VULN_READ, FK_BODY_JSON, 0,
     FK_ROUTE_CONSOLE},
    {"GET", "/console/vulnerabilities/{}", fk_console_vuln, FK_ACT_VULN_READ, FK_BODY_JSON, 0,
     FK_ROUTE_CONSOLE},
    {"GET", "/console/advisories", fk_console_advisories, FK_ACT_ASSET_READ, FK_BODY_JSON, 0,
     FK_ROUTE_CONSOLE},
    {"POST", "/console/advisories/{}/draft", fk_console_advisory_draft, FK_ACT_TRIAGE, FK_BODY_FORM,
     0, FK_ROUTE_CONSOLE},
    {"GET", "/console/advisory-drafts", fk_console_advisory_drafts, FK_ACT_TRIAGE, FK_BODY_JSON, 0,
     FK_ROUTE_CONSOLE},
    {"POST", "/console/advisory-drafts/{}/release", fk_console_advisory_draft_release,
     FK_ACT_TRIAGE, FK_BODY_FORM, 0, FK_ROUTE_CONSOLE},
    {"GET", "/console/deadlines", fk_console_deadlines, FK_ACT_CASE_READ, FK_BODY_JSON, 0,
     FK_ROUTE_CONSOLE},
    {"POST", "/console/deadlines", fk_console_deadlines_set, FK_ACT_DIRECTORY_ADMIN, FK_BODY_FORM,
     0, FK_ROUTE_CONSOLE},
    {"GET", "/console/directory", fk_console_directory, FK_ACT_DIRECTORY_ADMIN, FK_BODY_JSON, 0,
     FK_ROUTE_CONSOLE},
    {"POST", "/console/directory/organisations", fk_console_org_create, FK_ACT_DIRECTORY_ADMIN,
     FK_BODY_FORM, 0, FK_ROUTE_CONSOLE},
    {"POST", "/console/directory/groups", fk_console_group_create, FK_ACT_DIRECTORY_ADMIN,
     FK_BODY_FORM, 0, FK_ROUTE_CONSOLE},
    {"POST", "/console/directory/groups/{}/members", fk_console_group_add, FK_ACT_DIRECTORY_ADMIN,
     FK_BODY_FORM, 0, FK_ROUTE_CONSOLE},
    {"POST", "/console/directory/accounts", fk_console_account_create, FK_ACT_DIRECTORY_ADMIN,
     FK_BODY_FORM, 0, FK_ROUTE_CONSOLE},
    {"POST", "/console/directory/sectors", fk_console_sector_put, FK_ACT_DIRECTORY_ADMIN,
     FK_BODY_FORM, 0, FK_ROUTE_CONSOLE},
    {"POST", "/console/directory/accounts/{}/disable", fk_console_account_disable,
     FK_ACT_DIRECTORY_ADMIN, FK_BODY_FORM, 0, FK_ROUTE_CONSOLE},
    {"POST", "/console/directory/accounts/{}/enable", fk_console_account_enable,
     FK_ACT_DIRECTORY_ADMIN, FK_BODY_FORM, 0, FK_ROUTE_CONSOLE},
    {"POST", "/console/keys/{}/revoke", fk_console_key_revoke, FK_ACT_DIRECTORY_ADMIN, FK_BODY_FORM,
     0, FK_ROUTE_CONSOLE},
    {"GET", "/console/audit", fk_console_audit, FK_ACT_DIRECTORY_ADMIN, FK_BODY_JSON, 0,
     FK_ROUTE_CONSOLE},
    {"POST", "/console/audit/check", fk_console_audit_check, FK_ACT_DIRECTORY_ADMIN, FK_BODY_FORM,
     0, FK_ROUTE_CONSOLE},
    {NULL, NULL, NULL, 0, FK_BODY_JSON, 0, 0},
};

const fk_route *fk_console_routes(void)
{
    return routes;
}
