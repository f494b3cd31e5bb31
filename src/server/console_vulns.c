/* The console's ledger, vulnerability and advisory pages (see console_vulns.h). */
#include "console_vulns.h"

#include "../core/timefmt.h"
#include "../hub/access.h"
#include "../hub/advisories.h"
#include "../hub/vulns.h"
#include "console_page.h"
#include "html.h"
#include "http.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { PER_PAGE = 50 };

/* A number member as text ("" when absent), one decimal for scores. */
static void cell_number(fk_html *h, json_t *v, bool decimal)
{
    char buf[32] = "";
    if (json_is_integer(v))
        snprintf(buf, sizeof buf, "%lld", (long long)json_integer_value(v));
    else if (json_is_number(v))
        snprintf(buf, sizeof buf, decimal ? "%.1f" : "%.3f", json_number_value(v));
    fk_html_text(h, buf);
}

static void cell(fk_html *h, const char *text)
{
    fk_html_raw(h, "<td>");
    fk_html_text(h, text);
    fk_html_raw(h, "</td>");
}

static void vuln_link(fk_html *h, const char *id)
{
    fk_html_raw(h, "<a href=\"/console/vulnerabilities/");
    fk_html_text(h, id);
    fk_html_raw(h, "\">");
    fk_html_text(h, id);
    fk_html_raw(h, "</a>");
}

static void yes_no(fk_html *h, bool v)
{
    fk_html_msg(h, v ? "vulns.yes" : "vulns.no", NULL);
}

/* ---- the ledger ---------------------------------------------------------------------- */

void fk_console_ledger(fk_request *req, fk_response *res)
{
    const char *q = fk_http_query(req, "q");
    bool centre = fk_role_is_centre(req->who->role);
    fk_page page = {.after = fk_console_after(req), .limit = PER_PAGE};
    json_t *list;
    fk_err err;
    if (fk_hub_assets_list(req->db, req->who, centre ? fk_http_query(req, "organisation") : NULL, q,
                           false, false, &page, &list, &err) != 0)
        return fk_console_refused(req, res, &err);
    fk_html h = {.lang = fk_console_lang(req)};
    fk_console_page_open(&h, req, "ledger.title");
    fk_html_raw(&h, "<p class=\"hint\">");
    fk_html_msg(&h, "ledger.hint", NULL);
    fk_html_raw(&h,
                "</p><form method=\"get\" class=\"filters\" action=\"/console/ledger\"><label>");
    fk_html_msg(&h, "ledger.search", NULL);
    fk_html_raw(&h, " <input name=\"q\" value=\"");
    fk_html_text(&h, q ? q : "");
    fk_html_raw(&h, "\"></label><button>");
    fk_html_msg(&h, "ledger.filter", NULL);
    fk_html_raw(&h, "</button></form>");
    const char *const head[] = {"webhooks.number",       centre ? "alerts.organisation" : NULL,
                                "ledger.name",           "ledger.exposure",
                                "ledger.criticality",    "ledger.ics",
                                "ledger.programs",       "ledger.matches",
                                "ledger.known_exploited"};
    fk_console_table_head(&h, NULL, head, sizeof head / sizeof head[0]);
    size_t i;
    json_t *a;
    int64_t last = 0;
    json_array_foreach(list, i, a)
    {
        last = json_integer_value(json_object_get(a, "id"));
        fk_html_raw(&h, "<tr><td class=\"num\"><a href=\"/console/ledger/");
        fk_html_int(&h, last);
        fk_html_raw(&h, "\">");
        fk_html_int(&h, last);
        fk_html_raw(&h, "</a></td>");
        if (centre)
            cell(&h, fk_console_str(a, "organisation"));
        cell(&h, fk_console_str(a, "name"));
        cell(&h, fk_console_str(a, "exposure"));
        cell(&h, fk_console_str(a, "criticality"));
        fk_html_raw(&h, "<td>");
        yes_no(&h, json_is_true(json_object_get(a, "ics")) ||
                       json_integer_value(json_object_get(a, "ics")) != 0);
        fk_html_raw(&h, "</td><td class=\"num\">");
        cell_number(&h, json_object_get(a, "programs"), false);
        fk_html_raw(&h, "</td><td class=\"num\">");
        cell_number(&h, json_object_get(a, "matches"), false);
        fk_html_raw(&h, "</td><td class=\"num\">");
        cell_number(&h, json_object_get(a, "known_exploited"), false);
        fk_html_raw(&h, "</td></tr>");
    }
    fk_html_raw(&h, "</tbody></table>");
    fk_console_empty(&h, json_array_size(list), "ledger.none");
    if (json_array_size(list) == PER_PAGE) {
        const char *const keep[][2] = {{"q", q}};
        fk_console_pager(&h, "/console/ledger", last, "pager.next", keep, q ? 1 : 0);
    }
    json_decref(list);
    fk_console_page_close(&h, res, 200);
}

/* The measures recorded for one system. */
static json_t *measures_of(fk_request *req, int64_t asset, const char *org)
{
    json_t *all, *mine = json_array();
    fk_err err;
    if (!mine || fk_hub_measures(req->db, req->who, org, NULL, &all, &err) != 0)
        return mine;
    size_t i;
    json_t *m;
    json_array_foreach(all, i, m) if (json_integer_value(json_object_get(m, "asset")) == asset)
        json_array_append(mine, m);
    json_decref(all);
    return mine;
}

void fk_console_ledger_system(fk_request *req, fk_response *res)
{
    int64_t id;
    if (!fk_console_id(req, res, &id))
        return;
    json_t *a;
    fk_err err;
    int rc = fk_hub_asset_get(req->db, req->who, id, &a, &err);
    if (rc > 0)
        return fk_console_fail(req, res, 404, "no such system");
    if (rc < 0)
        return fk_console_refused(req, res, &err);
    bool ics = json_is_true(json_object_get(a, "ics")) ||
               json_integer_value(json_object_get(a, "ics")) != 0;
    fk_html h = {.lang = fk_console_lang(req)};
    fk_console_page_open(&h, req, "ledger.system");
    fk_html_raw(&h, "<h2>");
    fk_html_text(&h, fk_console_str(a, "name"));
    fk_html_raw(&h, "</h2><dl>");
    fk_console_field_row(&h, "alerts.organisation", fk_console_str(a, "organisation"));
    static const char *const fields[][2] = {
        {"owner", "ledger.owner"},         {"egress", "ledger.egress"},
        {"operation", "ledger.operation"}, {"classification", "ledger.classification"},
        {"exposure", "ledger.exposure"},   {"criticality", "ledger.criticality"},
        {"cc_certification", "ledger.cc"}, {"compensating", "ledger.compensating"},
        {"notes", "ledger.notes"},
    };
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        fk_console_field_row(&h, fields[i][1], fk_console_str(a, fields[i][0]));
    fk_html_raw(&h, "<dt>");
    fk_html_msg(&h, "ledger.ics", NULL);
    fk_html_raw(&h, "</dt><dd>");
    yes_no(&h, ics);
    fk_html_raw(&h, "</dd></dl><h3>");
    fk_html_msg(&h, "ledger.software", NULL);
    fk_html_raw(&h, "</h3><ul class=\"plain\">");
    size_t i;
    json_t *s;
    json_array_foreach(json_object_get(a, "software"), i, s)
    {
        fk_html_raw(&h, "<li><code>");
        fk_html_text(&h, fk_console_str(s, "cpe"));
        fk_html_raw(&h, "</code></li>");
    }
    fk_html_raw(&h, "</ul><h3>");
    fk_html_msg(&h, "ledger.applies", NULL);
    fk_html_raw(&h, "</h3>");
    const char *const head[] = {"vulns.id",  "vulns.title_col",  "vulns.cvss",
                                "vulns.kev", "vulns.confidence", "vulns.evidence"};
    fk_console_table_head(&h, NULL, head, sizeof head / sizeof head[0]);
    json_t *m, *matches = json_object_get(a, "matches");
    json_array_foreach(matches, i, m)
    {
        fk_html_raw(&h, "<tr><td>");
        vuln_link(&h, fk_console_str(m, "vuln_id"));
        fk_html_raw(&h, "</td>");
        cell(&h, fk_console_str(m, "title"));
        fk_html_raw(&h, "<td class=\"num\">");
        cell_number(&h, json_object_get(m, "cvss_score"), true);
        fk_html_raw(&h, "</td>");
        cell(&h, fk_console_str(m, "kev_added"));
        cell(&h, fk_console_str(m, "confidence"));
        cell(&h, fk_console_str(m, "evidence"));
        fk_html_raw(&h, "</tr>");
    }
    fk_html_raw(&h, "</tbody></table>");
    fk_console_empty(&h, json_array_size(matches), "ledger.nothing_applies");
    /* a control system: what stands in for the patch, recorded per vulnerability */
    json_t *measures = measures_of(
        req, id, fk_role_is_centre(req->who->role) ? fk_console_str(a, "organisation") : NULL);
    if (ics || json_array_size(measures)) {
        fk_html_raw(&h, "<h3>");
        fk_html_msg(&h, "ledger.measures", NULL);
        fk_html_raw(&h, "</h3>");
        const char *const mhead[] = {"vulns.id", "ledger.measure", "ledger.state",
                                     "ledger.review_by", "ledger.recorded_by"};
        fk_console_table_head(&h, NULL, mhead, sizeof mhead / sizeof mhead[0]);
        json_array_foreach(measures, i, m)
        {
            fk_html_raw(&h, "<tr><td>");
            vuln_link(&h, fk_console_str(m, "vulnerability"));
            fk_html_raw(&h, "</td>");
            cell(&h, fk_console_str(m, "measure"));
            cell(&h, fk_console_str(m, "state"));
            cell(&h, fk_console_str(m, "review_by"));
            cell(&h, fk_console_str(m, "recorded_by"));
            fk_html_raw(&h, "</tr>");
        }
        fk_html_raw(&h, "</tbody></table>");
        fk_console_empty(&h, json_array_size(measures), "ledger.no_measures");
        if (fk_access_allows(FK_ACT_ASSET_EDIT, req->who->role) && json_array_size(matches)) {
            fk_html_raw(&h, "<form method=\"post\" class=\"stacked\" action=\"/console/ledger/");
            fk_html_int(&h, id);
            fk_html_raw(&h, "/measures\">");
            fk_console_csrf_field(&h, req);
            fk_html_raw(&h, "<label>");
            fk_html_msg(&h, "vulns.id", NULL);
            fk_html_raw(&h, " <select name=\"vulnerability\">");
            json_array_foreach(matches, i, m)
            {
                fk_html_raw(&h, "<option>");
                fk_html_text(&h, fk_console_str(m, "vuln_id"));
                fk_html_raw(&h, "</option>");
            }
            fk_html_raw(&h, "</select></label><label>");
            fk_html_msg(&h, "ledger.measure", NULL);
            fk_html_raw(&h, " <textarea name=\"measure\" required></textarea></label><label>");
            fk_html_msg(&h, "ledger.state", NULL);
            fk_html_raw(&h, " <select name=\"state\">");
            fk_console_option(&h, "in-place", "ledger.in_place", "in-place");
            fk_console_option(&h, "planned", "ledger.planned", NULL);
            fk_console_option(&h, "patched", "ledger.patched", NULL);
            fk_html_raw(&h, "</select></label><label>");
            fk_html_msg(&h, "ledger.review_by", NULL);
            fk_html_raw(&h, " <input name=\"review_by\" type=\"date\"></label><button>");
            fk_html_msg(&h, "ledger.record", NULL);
            fk_html_raw(&h, "</button></form>");
        }
    }
    json_decref(measures);
    json_decref(a);
    fk_console_page_close(&h, res, 200);
}

void fk_console_ledger_measure(fk_request *req, fk_response *res)
{
    int64_t id;
    if (!fk_console_id(req, res, &id))
        return;
    const char *review = fk_form_field(req->body, "review_by");
    json_t *in = json_pack("{ss? ss? ss?}", "measure", fk_form_field(req->body, "measure"), "state",
                           fk_form_field(req->body, "state"), "review_by",
                           review && *review ? review : NULL);
    const char *vuln = fk_form_field(req->body, "vulnerability");
    fk_err err;
    int rc = in && vuln
                 ? fk_hub_measure_record(req->db, req->who, id, vuln, in, fk_time_now_ms(), &err)
                 : fk_errf(&err, "vulnerability and measure are needed");
    json_decref(in);
    char to[64];
    snprintf(to, sizeof to, "/console/ledger/%lld", (long long)id);
    fk_console_done(req, res, rc, &err, "no such system", to);
}

/* ---- vulnerabilities ------------------------------------------------------------------ */

static void cell_time(fk_html *h, json_t *ms)
{
    char t[32];
    cell(h, json_is_integer(ms) ? fk_time_format(json_integer_value(ms), t) : "");
}

/* The entry of list whose key is name, NULL when none. */
static json_t *entry_named(json_t *list, const char *key, const char *name)
{
    size_t i;
    json_t *e;
    json_array_foreach(list, i, e)
    {
        if (!strcmp(fk_console_str(e, key), name))
            return e;
    }
    return NULL;
}

/* The centre's view of its intake: each feed's newest record and last import, and how
 * the hub's last poll of each live API went (a failed one with its error). */
static void feeds_table(fk_html *h, fk_request *req)
{
    json_t *ov;
    fk_err err;
    if (fk_hub_vuln_intake(req->db, req->who, &ov, &err) != 0)
        return; /* the list above still serves; the intake's failure is not the page's */
    fk_html_raw(h, "<h2>");
    fk_html_msg(h, "vulns.feeds", NULL);
    fk_html_raw(h, "</h2>");
    const char *const head[] = {"vulns.feed",        "vulns.feed_newest", "vulns.feed_taken",
                                "vulns.feed_count",  "vulns.poll_state",  "vulns.poll_started",
                                "vulns.poll_outcome"};
    fk_console_table_head(h, NULL, head, sizeof head / sizeof head[0]);
    json_t *feeds = json_object_get(ov, "feeds"), *polls = json_object_get(ov, "polls");
    size_t i, k;
    json_t *f, *p;
    json_array_foreach(feeds, i, f)
    {
        json_t *poll = entry_named(polls, "api", fk_console_str(f, "feed"));
        fk_html_raw(h, "<tr>");
        cell(h, fk_console_str(f, "feed"));
        cell(h, fk_console_str(f, "last_modified"));
        cell_time(h, json_object_get(f, "imported_ms"));
        fk_html_raw(h, "<td class=\"num\">");
        cell_number(h, json_object_get(f, "records"), false);
        fk_html_raw(h, "</td>");
        cell(h, poll ? fk_console_str(poll, "state") : "");
        cell_time(h, poll ? json_object_get(poll, "started_ms") : NULL);
        cell(h, poll ? fk_console_str(poll, "outcome") : "");
        fk_html_raw(h, "</tr>");
    }
    /* an API polled that never gave a record (failing from the first poll) */
    json_array_foreach(polls, k, p)
    {
        if (entry_named(feeds, "feed", fk_console_str(p, "api")))
            continue;
        fk_html_raw(h, "<tr>");
        cell(h, fk_console_str(p, "api"));
        cell(h, "");
        cell(h, "");
        cell(h, "");
        cell(h, fk_console_str(p, "state"));
        cell_time(h, json_object_get(p, "started_ms"));
        cell(h, fk_console_str(p, "outcome"));
        fk_html_raw(h, "</tr>");
    }
    fk_html_raw(h, "</tbody></table>");
    fk_console_empty(h, json_array_size(feeds) + json_array_size(polls), "vulns.no_feeds");
    json_decref(ov);
}

void fk_console_vulns(fk_request *req, fk_response *res)
{
    const char *q = fk_http_query(req, "q"), *kev = fk_http_query(req, "kev");
    bool centre = fk_role_is_centre(req->who->role);
    /* a member sees first what applies to its own systems; the centre the records */
    const char *mine_q = fk_http_query(req, "mine");
    bool mine = mine_q ? !strcmp(mine_q, "1") : !centre;
    const char *after = fk_http_query(req, "after");
    if (after && (strlen(after) > 40 || strspn(after, "CVEJNDB-0123456789") != strlen(after)))
        after = NULL;
    fk_page page = {.after = after, .limit = PER_PAGE};
    json_t *list;
    fk_err err;
    if (fk_hub_vulns_list(req->db, req->who, q, kev && !strcmp(kev, "1"), 0, mine, &page, &list,
                          &err) != 0)
        return fk_console_refused(req, res, &err);
    fk_html h = {.lang = fk_console_lang(req)};
    fk_console_page_open(&h, req, "vulns.title");
    fk_html_raw(&h, "<form method=\"get\" class=\"filters\" action=\"/console/vulnerabilities\">"
                    "<label>");
    fk_html_msg(&h, "ledger.search", NULL);
    fk_html_raw(&h, " <input name=\"q\" value=\"");
    fk_html_text(&h, q ? q : "");
    fk_html_raw(&h, "\"></label><label><input type=\"checkbox\" name=\"kev\" value=\"1\"");
    fk_html_raw(&h, kev && !strcmp(kev, "1") ? " checked>" : ">");
    fk_html_msg(&h, "vulns.kev_only", NULL);
    fk_html_raw(&h, "</label><label><input type=\"checkbox\" name=\"mine\" value=\"1\"");
    fk_html_raw(&h, mine ? " checked>" : ">");
    fk_html_msg(&h, centre ? "vulns.matched_only" : "vulns.mine_only", NULL);
    fk_html_raw(&h, "</label><input type=\"hidden\" name=\"mine\" value=\"0\"><button>");
    fk_html_msg(&h, "ledger.filter", NULL);
    fk_html_raw(&h, "</button></form>");
    const char *const head[] = {"vulns.id",
                                "vulns.title_col",
                                "vulns.cvss",
                                "vulns.severity",
                                "vulns.kev",
                                "vulns.epss",
                                mine ? "vulns.systems" : NULL};
    fk_console_table_head(&h, NULL, head, sizeof head / sizeof head[0]);
    size_t i;
    json_t *v;
    const char *last = NULL;
    json_array_foreach(list, i, v)
    {
        last = fk_console_str(v, "id");
        fk_html_raw(&h, "<tr><td>");
        vuln_link(&h, last);
        fk_html_raw(&h, "</td>");
        cell(&h, fk_console_str(v, "title"));
        fk_html_raw(&h, "<td class=\"num\">");
        cell_number(&h, json_object_get(v, "cvss_score"), true);
        fk_html_raw(&h, "</td>");
        cell(&h, fk_console_str(v, "severity"));
        cell(&h, fk_console_str(v, "kev_added"));
        fk_html_raw(&h, "<td class=\"num\">");
        cell_number(&h, json_object_get(v, "epss"), false);
        fk_html_raw(&h, "</td>");
        if (mine) {
            fk_html_raw(&h, "<td class=\"num\">");
            cell_number(&h, json_object_get(v, "systems"), false);
            fk_html_raw(&h, "</td>");
        }
        fk_html_raw(&h, "</tr>");
    }
    fk_html_raw(&h, "</tbody></table>");
    fk_console_empty(&h, json_array_size(list), "vulns.none");
    if (last && json_array_size(list) == PER_PAGE) {
        fk_html_raw(&h, "<p class=\"pager\"><a href=\"/console/vulnerabilities?after=");
        fk_html_url_value(&h, last);
        fk_html_raw(&h, mine ? "&amp;mine=1" : "&amp;mine=0");
        if (kev && !strcmp(kev, "1"))
            fk_html_raw(&h, "&amp;kev=1");
        if (q) {
            fk_html_raw(&h, "&amp;q=");
            fk_html_url_value(&h, q);
        }
        fk_html_raw(&h, "\">");
        fk_html_msg(&h, "pager.next", NULL);
        fk_html_raw(&h, "</a></p>");
    }
    json_decref(list);
    if (centre)
        feeds_table(&h, req);
    fk_console_page_close(&h, res, 200);
}

/* A text of {"en": ..., "ja": ...} in the page's language, else the other. */
static const char *in_lang(json_t *texts, const char *lang)
{
    const char *t = json_string_value(json_object_get(texts, lang));
    return t ? t : json_string_value(json_object_get(texts, strcmp(lang, "ja") ? "ja" : "en"));
}

void fk_console_vuln(fk_request *req, fk_response *res)
{
    json_t *v;
    fk_err err;
    int rc = fk_hub_vuln_get(req->db, req->who, req->params[0], &v, &err);
    if (rc > 0)
        return fk_console_fail(req, res, 404, "no such vulnerability");
    if (rc < 0)
        return fk_console_refused(req, res, &err);
    bool centre = fk_role_is_centre(req->who->role);
    fk_html h = {.lang = fk_console_lang(req)};
    fk_console_page_open(&h, req, "vulns.record");
    json_t *src = json_object_get(v, "nvd");
    if (!json_is_object(src))
        src = json_object_get(v, "jvn");
    fk_html_raw(&h, "<h2>");
    fk_html_text(&h, fk_console_str(v, "id"));
    fk_html_raw(&h, "</h2><dl>");
    const char *title = in_lang(json_object_get(json_object_get(v, "jvn"), "title"), h.lang);
    fk_console_field_row(&h, "vulns.title_col",
                         title && !strcmp(h.lang, "ja") ? title : fk_console_str(v, "title"));
    fk_console_field_row(&h, "vulns.description",
                         in_lang(json_object_get(src, "description"), h.lang));
    char score[64] = "";
    if (json_is_number(json_object_get(v, "cvss_score")))
        snprintf(score, sizeof score, "%.1f (%s %s)",
                 json_number_value(json_object_get(v, "cvss_score")), fk_console_str(v, "severity"),
                 fk_console_str(v, "cvss_version"));
    fk_console_field_row(&h, "vulns.cvss", score);
    fk_console_field_row(&h, "vulns.vector", fk_console_str(v, "cvss_vector"));
    fk_console_field_row(&h, "vulns.kev", fk_console_str(v, "kev_added"));
    fk_console_field_row(&h, "vulns.kev_due", fk_console_str(v, "kev_due"));
    fk_console_field_row(&h, "vulns.kev_action", fk_console_str(v, "kev_action"));
    char epss[32] = "";
    if (json_is_number(json_object_get(v, "epss")))
        snprintf(epss, sizeof epss, "%.4f", json_number_value(json_object_get(v, "epss")));
    fk_console_field_row(&h, "vulns.epss", epss);
    fk_console_field_row(&h, "vulns.published", fk_console_str(v, "published"));
    fk_console_field_row(&h, "vulns.modified", fk_console_str(v, "modified"));
    fk_html_raw(&h, "</dl>");
    size_t i;
    json_t *x;
    if (json_array_size(json_object_get(v, "aliases"))) {
        fk_html_raw(&h, "<p>");
        fk_html_msg(&h, "vulns.aliases", NULL);
        json_array_foreach(json_object_get(v, "aliases"), i, x)
        {
            fk_html_raw(&h, " <code>");
            fk_html_text(&h, json_string_value(x));
            fk_html_raw(&h, "</code>");
        }
        fk_html_raw(&h, "</p>");
    }
    fk_html_raw(&h, "<h3>");
    fk_html_msg(&h, "vulns.affected", NULL);
    fk_html_raw(&h, "</h3>");
    const char *const head[] = {centre ? "alerts.organisation" : NULL,
                                "ledger.name",
                                "ledger.criticality",
                                "ledger.exposure",
                                "vulns.confidence",
                                "vulns.evidence"};
    fk_console_table_head(&h, NULL, head, sizeof head / sizeof head[0]);
    json_t *matches = json_object_get(v, "matches");
    json_array_foreach(matches, i, x)
    {
        fk_html_raw(&h, "<tr>");
        if (centre)
            cell(&h, fk_console_str(x, "organisation"));
        fk_html_raw(&h, "<td><a href=\"/console/ledger/");
        fk_html_int(&h, json_integer_value(json_object_get(x, "asset")));
        fk_html_raw(&h, "\">");
        fk_html_text(&h, fk_console_str(x, "name"));
        fk_html_raw(&h, "</a></td>");
        cell(&h, fk_console_str(x, "criticality"));
        cell(&h, fk_console_str(x, "exposure"));
        cell(&h, fk_console_str(x, "confidence"));
        cell(&h, fk_console_str(x, "evidence"));
        fk_html_raw(&h, "</tr>");
    }
    fk_html_raw(&h, "</tbody></table>");
    fk_console_empty(&h, json_array_size(matches), "vulns.no_systems");
    if (fk_access_allows(FK_ACT_TRIAGE, req->who->role) && json_array_size(matches)) {
        fk_html_raw(&h, "<form method=\"post\" class=\"inline\" action=\"/console/advisories/");
        fk_html_text(&h, fk_console_str(v, "id"));
        fk_html_raw(&h, "/draft\">");
        fk_console_csrf_field(&h, req);
        fk_html_raw(&h, "<button>");
        fk_html_msg(&h, "advisories.draft", NULL);
        fk_html_raw(&h, "</button></form>");
    }
    json_decref(v);
    fk_console_page_close(&h, res, 200);
}

/* ---- advisories ----------------------------------------------------------------------- */

void fk_console_advisories(fk_request *req, fk_response *res)
{
    const char *tier = fk_http_query(req, "tier");
    bool centre = fk_role_is_centre(req->who->role);
    fk_html h = {.lang = fk_console_lang(req)};
    fk_advisory_query q = {.org = centre ? fk_http_query(req, "organisation") : NULL,
                           .tier = tier && *tier ? tier : NULL,
                           .lang = h.lang,
                           .limit = 200};
    json_t *list;
    fk_err err;
    if (fk_hub_advisories(req->db, req->who, &q, &list, &err) != 0)
        return fk_console_refused(req, res, &err);
    fk_console_page_open(&h, req, "advisories.title");
    fk_html_raw(&h, "<p class=\"hint\">");
    fk_html_msg(&h, "advisories.hint", NULL);
    fk_html_raw(&h, "</p><form method=\"get\" class=\"filters\" action=\"/console/advisories\">"
                    "<label>");
    fk_html_msg(&h, "advisories.tier", NULL);
    fk_html_raw(&h, " <select name=\"tier\">");
    fk_console_option(&h, "", "advisories.any", tier ? tier : "");
    fk_console_option(&h, "immediate", "advisories.immediate", tier);
    fk_console_option(&h, "high", "advisories.high", tier);
    fk_console_option(&h, "medium", "advisories.medium", tier);
    fk_console_option(&h, "low", "advisories.low", tier);
    fk_html_raw(&h, "</select></label><button>");
    fk_html_msg(&h, "ledger.filter", NULL);
    fk_html_raw(&h, "</button></form>");
    if (fk_access_allows(FK_ACT_TRIAGE, req->who->role)) {
        fk_html_raw(&h, "<p><a href=\"/console/advisory-drafts\">");
        fk_html_msg(&h, "advisories.drafts", NULL);
        fk_html_raw(&h, "</a></p>");
    }
    const char *const head[] = {"advisories.tier",  "vulns.id",
                                "vulns.title_col",  centre ? "alerts.organisation" : NULL,
                                "ledger.matches",   "advisories.deadline",
                                "advisories.advice"};
    fk_console_table_head(&h, NULL, head, sizeof head / sizeof head[0]);
    size_t i;
    json_t *a;
    json_array_foreach(list, i, a)
    {
        const char *t = fk_console_str(a, "tier");
        fk_html_raw(&h, "<tr class=\"tier-");
        fk_html_text(&h, t);
        fk_html_raw(&h, "\"><td>");
        char key[48];
        snprintf(key, sizeof key, "advisories.%s", t);
        fk_html_msg(&h, key, NULL);
        fk_html_raw(&h, "</td><td>");
        vuln_link(&h, fk_console_str(a, "vulnerability"));
        fk_html_raw(&h, "</td>");
        cell(&h, fk_console_str(a, "title"));
        if (centre)
            cell(&h, fk_console_str(a, "organisation"));
        fk_html_raw(&h, "<td>");
        size_t k;
        json_t *s;
        json_array_foreach(json_object_get(a, "systems"), k, s)
        {
            if (k)
                fk_html_raw(&h, ", ");
            fk_html_raw(&h, "<a href=\"/console/ledger/");
            fk_html_int(&h, json_integer_value(json_object_get(s, "asset")));
            fk_html_raw(&h, "\">");
            fk_html_text(&h, fk_console_str(s, "name"));
            fk_html_raw(&h, "</a>");
            json_t *m = json_object_get(s, "measure");
            if (json_object_get(s, "measure")) {
                fk_html_raw(&h, " (");
                fk_html_msg(&h,
                            json_is_object(m) ? "advisories.measure_recorded"
                                              : "advisories.measure_missing",
                            NULL);
                fk_html_raw(&h, ")");
            }
        }
        fk_html_raw(&h, "</td><td>");
        json_t *days = json_object_get(a, "deadline_days");
        if (json_is_integer(days)) {
            char n[24];
            snprintf(n, sizeof n, "%lld", (long long)json_integer_value(days));
            fk_html_msg(&h, "advisories.days", "days", n, NULL);
        } else
            fk_html_msg(&h, "advisories.compensating", NULL);
        fk_html_raw(&h, "</td>");
        cell(&h, fk_console_str(a, "advice"));
        fk_html_raw(&h, "</tr>");
    }
    fk_html_raw(&h, "</tbody></table>");
    fk_console_empty(&h, json_array_size(list), "advisories.none");
    json_decref(list);
    fk_console_page_close(&h, res, 200);
}

void fk_console_advisory_draft(fk_request *req, fk_response *res)
{
    json_t *draft;
    fk_err err;
    int rc = fk_hub_advisory_draft(req->db, req->policy, req->who, req->params[0],
                                   fk_console_lang(req), fk_time_now_ms(), &draft, &err);
    if (rc > 0)
        return fk_console_fail(req, res, 404, "no such vulnerability");
    if (rc < 0)
        return fk_console_refused(req, res, &err);
    json_decref(draft);
    fk_console_redirect(res, "/console/advisory-drafts");
}

void fk_console_advisory_drafts(fk_request *req, fk_response *res)
{
    json_t *list;
    fk_err err;
    if (fk_hub_advisory_drafts(req->db, req->who, NULL, false, 100, &list, &err) != 0)
        return fk_console_refused(req, res, &err);
    fk_html h = {.lang = fk_console_lang(req)};
    fk_console_page_open(&h, req, "advisories.drafts");
    fk_html_raw(&h, "<p class=\"hint\">");
    fk_html_msg(&h, "advisories.drafts_hint", NULL);
    fk_html_raw(&h, "</p>");
    const char *const head[] = {"webhooks.number", "vulns.id",         "advisories.tier",
                                "advisories.to",   "advisories.early", "advisories.status"};
    fk_console_table_head(&h, NULL, head, sizeof head / sizeof head[0]);
    size_t i;
    json_t *d;
    json_array_foreach(list, i, d)
    {
        int64_t id = json_integer_value(json_object_get(d, "report"));
        json_t *both = json_object_get(d, "decision");
        json_t *decision = json_object_get(both, "decision"),
               *early = json_object_get(both, "early");
        fk_html_raw(&h, "<tr><td class=\"num\"><a href=\"/console/reports/");
        fk_html_int(&h, id);
        fk_html_raw(&h, "\">");
        fk_html_int(&h, id);
        fk_html_raw(&h, "</a></td><td>");
        vuln_link(&h, fk_console_str(d, "vulnerability"));
        fk_html_raw(&h, "</td>");
        cell(&h, fk_console_str(json_is_object(decision) ? decision : early, "tier"));
        for (int part = 0; part < 2; part++) {
            json_t *orgs = json_object_get(json_object_get(part ? early : decision, "audience"),
                                           "organisations");
            fk_html_raw(&h, "<td>");
            size_t k;
            json_t *o;
            json_array_foreach(orgs, k, o)
            {
                if (k)
                    fk_html_raw(&h, ", ");
                fk_html_text(&h, json_string_value(o));
            }
            fk_html_raw(&h, "</td>");
        }
        fk_html_raw(&h, "<td>");
        if (json_is_integer(json_object_get(d, "release"))) {
            fk_html_raw(&h, "<a href=\"/console/releases/");
            fk_html_int(&h, json_integer_value(json_object_get(d, "release")));
            fk_html_raw(&h, "\">");
            fk_html_msg(&h, "advisories.released", NULL);
            fk_html_raw(&h, "</a>");
        } else if (json_is_object(decision)) {
            fk_html_raw(&h, "<form method=\"post\" class=\"inline\" "
                            "action=\"/console/advisory-drafts/");
            fk_html_int(&h, id);
            fk_html_raw(&h, "/release\">");
            fk_console_csrf_field(&h, req);
            fk_html_raw(&h, "<button>");
            fk_html_msg(&h, "advisories.release", NULL);
            fk_html_raw(&h, "</button></form>");
        } else
            fk_html_msg(&h, "advisories.all_early", NULL);
        fk_html_raw(&h, "</td></tr>");
    }
    fk_html_raw(&h, "</tbody></table>");
    fk_console_empty(&h, json_array_size(list), "advisories.no_drafts");
    json_decref(list);
    fk_console_page_close(&h, res, 200);
}

void fk_console_advisory_draft_release(fk_request *req, fk_response *res)
{
    int64_t id;
    if (!fk_console_id(req, res, &id))
        return;
    fk_release_outcome out;
    fk_err err;
    err.msg[0] = '\0';
    if (fk_hub_advisory_draft_release(req->db, req->policy, req->who, id, NULL, &out, &err) != 0)
        return fk_console_storage_fail(req, res, &err);
    json_decref(out.withheld_text);
    if (out.status != FK_RELEASE_OK)
        return fk_console_refused(req, res, &err);
    fk_console_redirect(res, "/console/advisory-drafts");
}
