/* The console's case pages (see console_cases.h). */
#include "console_cases.h"

#include "../cases/workflow.h"
#include "../core/timefmt.h"
#include "../hub/access.h"
#include "../hub/cases.h"
#include "console_page.h"
#include "console_support.h"
#include "html.h"
#include "i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { CASES_PER_PAGE = 50, TIMELINE_ENTRIES = 100 };

static bool japanese(const fk_html *h)
{
    return !strcmp(h->lang, "ja");
}

static const fk_severity_scale *scale_of(const fk_request *req)
{
    return req->policy && req->policy->scale ? req->policy->scale : fk_severity_scale_default();
}

static void kind_name(fk_html *h, const char *code)
{
    const fk_case_kind *k = fk_case_kind_find(code);
    fk_html_text(h, !k ? code : japanese(h) ? k->name_ja : k->name_en);
}

static void state_name(fk_html *h, const char *kind, const char *code)
{
    const fk_case_state *s = fk_case_state_find(fk_case_kind_find(kind), code);
    fk_html_text(h, !s ? code : japanese(h) ? s->name_ja : s->name_en);
}

static void redirect_to_case(fk_response *res, int64_t id)
{
    char to[64];
    snprintf(to, sizeof to, "/console/cases/%lld", (long long)id);
    fk_console_redirect(res, to);
}

/* After a change: back to the case, or what went wrong in the use case's words. */
static void after_change(fk_request *req, fk_response *res, int rc, int64_t id, const fk_err *err)
{
    if (rc == 0)
        return redirect_to_case(res, id);
    if (rc > 0)
        return fk_console_fail(req, res, 404, "no such case");
    fk_console_refused(req, res, err);
}

/* ---- the list ------------------------------------------------------------------------- */

void fk_console_cases(fk_request *req, fk_response *res)
{
    fk_case_filter f = {.state = fk_http_query(req, "state"), .kind = fk_http_query(req, "kind")};
    if (f.kind && !fk_case_kind_find(f.kind))
        f.kind = NULL;
    fk_page page = {.after = fk_console_after(req), .limit = CASES_PER_PAGE};
    json_t *list;
    fk_err err;
    if (fk_hub_cases_list(req->db, req->who, &f, &page, &list, &err) != 0)
        return fk_console_storage_fail(req, res, &err);
    bool centre = fk_role_is_centre(req->who->role);
    fk_html h = {.lang = fk_console_lang(req)};
    fk_console_page_open(&h, req, "cases.title");
    if (fk_access_allows(FK_ACT_CASE_WORK, req->who->role)) {
        fk_html_raw(&h, "<p><a class=\"button\" href=\"/console/cases/new\">");
        fk_html_msg(&h, "cases.new", NULL);
        fk_html_raw(&h, "</a></p>");
    }
    fk_html_raw(&h, "<form method=\"get\" class=\"filters\" action=\"/console/cases\"><label>");
    fk_html_msg(&h, "cases.kind", NULL);
    fk_html_raw(&h, " <select name=\"kind\"><option value=\"\">");
    fk_html_msg(&h, "filter.any", NULL);
    fk_html_raw(&h, "</option>");
    for (size_t i = 0; i < fk_case_kind_count(); i++) {
        const fk_case_kind *k = fk_case_kind_at(i);
        fk_html_raw(&h, "<option value=\"");
        fk_html_text(&h, k->code);
        fk_html_raw(&h, f.kind && !strcmp(f.kind, k->code) ? "\" selected>" : "\">");
        kind_name(&h, k->code);
        fk_html_raw(&h, "</option>");
    }
    fk_html_raw(&h, "</select></label><label>");
    fk_html_msg(&h, "cases.state", NULL);
    fk_html_raw(&h, " <input name=\"state\" size=\"14\" value=\"");
    fk_html_text(&h, f.state ? f.state : "");
    fk_html_raw(&h, "\"></label><button>");
    fk_html_msg(&h, "filter.apply", NULL);
    fk_html_raw(&h, "</button></form>");
    const char *const head[] = {"#",
                                "cases.updated",
                                "cases.kind",
                                "cases.subject",
                                centre ? "alerts.organisation" : NULL,
                                "cases.state",
                                "cases.assignee"};
    fk_console_table_head(&h, "cases", head, sizeof head / sizeof head[0]);
    size_t i;
    json_t *c;
    json_int_t last = 0;
    json_array_foreach(list, i, c)
    {
        last = json_integer_value(json_object_get(c, "id"));
        fk_html_raw(&h, "<tr><td class=\"num\">");
        fk_html_int(&h, last);
        fk_html_raw(&h, "</td><td>");
        fk_html_time_text(&h, fk_console_str(c, "updated"));
        fk_html_raw(&h, "</td><td>");
        kind_name(&h, fk_console_str(c, "kind"));
        fk_html_raw(&h, "</td><td><a href=\"/console/cases/");
        fk_html_int(&h, last);
        fk_html_raw(&h, "\">");
        fk_html_text(&h, fk_console_str(c, "title"));
        fk_html_raw(&h, "</a></td>");
        if (centre) {
            fk_html_raw(&h, "<td>");
            fk_html_text(&h, fk_console_str(c, "organisation"));
            fk_html_raw(&h, "</td>");
        }
        fk_html_raw(&h, "<td>");
        state_name(&h, fk_console_str(c, "kind"), fk_console_str(c, "state"));
        fk_html_raw(&h, "</td><td>");
        fk_html_text(&h, fk_console_str(c, "assignee"));
        fk_html_raw(&h, "</td></tr>");
    }
    fk_html_raw(&h, "</tbody></table>");
    fk_console_empty(&h, json_array_size(list), "cases.none");
    if (json_array_size(list) == CASES_PER_PAGE)
        fk_console_pager(&h, "/console/cases", last, "pager.next",
                         (const char *const[][2]){{"state", f.state}, {"kind", f.kind}}, 2);
    json_decref(list);
    fk_console_page_close(&h, res, 200);
}

/* ---- opening one ---------------------------------------------------------------------- */

void fk_console_case_new(fk_request *req, fk_response *res)
{
    bool centre = fk_role_is_centre(req->who->role);
    fk_html h = {.lang = fk_console_lang(req)};
    fk_console_page_open(&h, req, "cases.new");
    fk_html_raw(&h, "<form method=\"post\" class=\"stacked\" action=\"/console/cases\">");
    fk_console_csrf_field(&h, req);
    fk_html_raw(&h, "<label>");
    fk_html_msg(&h, "cases.kind", NULL);
    fk_html_raw(&h, " <select name=\"kind\">");
    for (size_t i = 0; i < fk_case_kind_count(); i++) {
        const fk_case_kind *k = fk_case_kind_at(i);
        if (!centre && !strcmp(k->code, "third-party"))
            continue; /* the centre's to record */
        fk_html_raw(&h, "<option value=\"");
        fk_html_text(&h, k->code);
        fk_html_raw(&h, "\">");
        kind_name(&h, k->code);
        fk_html_raw(&h, "</option>");
    }
    fk_html_raw(&h, "</select></label><label>");
    fk_html_msg(&h, "cases.subject", NULL);
    fk_html_raw(&h, " <input name=\"title\" required></label><label>");
    fk_html_msg(&h, "report.description", NULL);
    fk_html_raw(&h, " <textarea name=\"description\" rows=\"4\"></textarea></label>");
    if (centre) {
        fk_html_raw(&h, "<label>");
        fk_html_msg(&h, "cases.organisation", NULL);
        fk_html_raw(&h, " <input name=\"organisation\" required></label><label>");
        fk_html_msg(&h, "cases.finder", NULL);
        fk_html_raw(&h, " <input name=\"finder\"></label>");
    }
    fk_html_raw(&h, "<label>");
    fk_html_msg(&h, "triage.severity", NULL);
    fk_html_raw(&h, " ");
    fk_console_severity_select(&h, req, "cases.no_severity");
    fk_html_raw(&h, "</label><button>");
    fk_html_msg(&h, "cases.open", NULL);
    fk_html_raw(&h, "</button></form>");
    fk_console_page_close(&h, res, 200);
}

void fk_console_case_open(fk_request *req, fk_response *res)
{
    json_t *f = req->body;
    json_t *in =
        json_pack("{ss ss ss}", "kind", fk_form_field(f, "kind"), "title",
                  fk_form_field(f, "title"), "description", fk_form_field(f, "description"));
    fk_err err = {0};
    if (!in)
        return fk_console_storage_fail(req, res, &(fk_err){.code = FK_ERR_NOMEM});
    const char *optional[] = {"organisation", "finder"};
    for (size_t i = 0; i < 2; i++)
        if (*fk_form_field(f, optional[i]))
            json_object_set_new(in, optional[i], json_string(fk_form_field(f, optional[i])));
    const char *sev = fk_form_field(f, "severity");
    if (*sev)
        json_object_set_new(in, "severity", json_integer(strtol(sev, NULL, 10)));
    int64_t id = 0;
    int rc = fk_hub_case_open(req->db, req->who, scale_of(req), in, fk_time_now_ms(), &id, &err);
    json_decref(in);
    after_change(req, res, rc, id, &err);
}

/* ---- one case ------------------------------------------------------------------------- */

static void link_item(fk_html *h, json_t *l)
{
    const char *kind = fk_console_str(l, "kind"), *ref = fk_console_str(l, "ref");
    char key[48];
    snprintf(key, sizeof key, "cases.link_%s", kind);
    fk_html_raw(h, "<li>");
    fk_html_msg(h, key, NULL);
    fk_html_raw(h, " ");
    bool numbered = !strcmp(kind, "alert") || !strcmp(kind, "report") || !strcmp(kind, "release");
    if (numbered) {
        fk_html_raw(h, "<a href=\"/console/");
        fk_html_raw(h, kind);
        fk_html_raw(h, "s/");
        fk_html_url_value(h, ref);
        fk_html_raw(h, "\">#");
        fk_html_text(h, ref);
        fk_html_raw(h, "</a>");
    } else {
        fk_html_raw(h, "<span class=\"value\">");
        fk_html_text(h, ref);
        fk_html_raw(h, "</span>");
    }
    fk_html_raw(h, "</li>");
}

static void tasks(fk_html *h, const fk_request *req, json_t *c, bool can_work)
{
    json_t *list = json_object_get(c, "tasks");
    const char *const head[] = {"cases.task", "cases.owner", "cases.due", "cases.done"};
    fk_console_table_head(h, NULL, head, 4);
    size_t i;
    json_t *t;
    json_array_foreach(list, i, t)
    {
        fk_html_raw(h, "<tr><td>");
        fk_html_text(h, fk_console_str(t, "title"));
        fk_html_raw(h, "</td><td>");
        fk_html_text(h, fk_console_str(t, "owner"));
        fk_html_raw(h, "</td><td>");
        if (json_object_get(t, "due"))
            fk_html_time_text(h, fk_console_str(t, "due"));
        fk_html_raw(h, "</td><td>");
        if (json_object_get(t, "done")) {
            fk_html_time_text(h, fk_console_str(t, "done"));
        } else if (can_work) {
            fk_html_raw(h, "<form method=\"post\" class=\"inline\" action=\"/console/cases/");
            fk_html_int(h, json_integer_value(json_object_get(c, "id")));
            fk_html_raw(h, "/tasks/");
            fk_html_int(h, json_integer_value(json_object_get(t, "id")));
            fk_html_raw(h, "/done\">");
            fk_console_csrf_field(h, req);
            fk_html_raw(h, "<button>");
            fk_html_msg(h, "cases.mark_done", NULL);
            fk_html_raw(h, "</button></form>");
        }
        fk_html_raw(h, "</td></tr>");
    }
    fk_html_raw(h, "</tbody></table>");
    fk_console_empty(h, json_array_size(list), "cases.no_tasks");
}

/* A timeline entry's detail, as its fields (JSON from the audit log; shown as text). */
static void entry_detail(fk_html *h, const char *detail)
{
    json_t *d = json_loads(detail, 0, NULL);
    if (!json_is_object(d)) {
        fk_html_text(h, detail);
        json_decref(d);
        return;
    }
    const char *key;
    json_t *v;
    bool first = true;
    json_object_foreach(d, key, v)
    {
        if (!first)
            fk_html_raw(h, "; ");
        first = false;
        fk_html_text(h, key);
        fk_html_raw(h, ": ");
        if (json_is_string(v)) {
            fk_html_text(h, json_string_value(v));
        } else {
            char *t = json_dumps(v, JSON_ENCODE_ANY);
            fk_html_text(h, t ? t : "");
            free(t);
        }
    }
    json_decref(d);
}

static void timeline(fk_html *h, json_t *entries)
{
    const char *const head[] = {"audit.at", "audit.actor", "audit.action", "audit.detail"};
    fk_console_table_head(h, "timeline", head, 4);
    size_t i;
    json_t *e;
    json_array_foreach(entries, i, e)
    {
        fk_html_raw(h, "<tr><td>");
        fk_html_time_text(h, fk_console_str(e, "at"));
        fk_html_raw(h, "</td><td>");
        fk_html_text(h, fk_console_str(e, "actor"));
        fk_html_raw(h, "</td><td>");
        char key[64];
        snprintf(key, sizeof key, "timeline.%s", fk_console_str(e, "action"));
        fk_html_msg(h, key, NULL);
        fk_html_raw(h, "</td><td class=\"value\">");
        entry_detail(h, fk_console_str(e, "detail"));
        fk_html_raw(h, "</td></tr>");
    }
    fk_html_raw(h, "</tbody></table>");
}

static void form_open(fk_html *h, const fk_request *req, int64_t id, const char *what,
                      const char *title_key)
{
    fk_html_raw(h, "<form method=\"post\" class=\"stacked\" action=\"/console/cases/");
    fk_html_int(h, id);
    fk_html_raw(h, "/");
    fk_html_raw(h, what);
    fk_html_raw(h, "\"><h3>");
    fk_html_msg(h, title_key, NULL);
    fk_html_raw(h, "</h3>");
    fk_console_csrf_field(h, req);
}

static void form_close(fk_html *h, const char *button_key)
{
    fk_html_raw(h, "<button>");
    fk_html_msg(h, button_key, NULL);
    fk_html_raw(h, "</button></form>");
}

/* The forms that fit the caller: the workflow's next states, a message, a link, a task,
 * and for the centre assignment. */
static void case_forms(fk_html *h, const fk_request *req, json_t *c)
{
    int64_t id = json_integer_value(json_object_get(c, "id"));
    const char *kind_code = fk_console_str(c, "kind");
    const fk_case_kind *kind = fk_case_kind_find(kind_code);
    const fk_case_state *st = fk_case_state_find(kind, fk_console_str(c, "state"));
    bool centre = fk_role_is_centre(req->who->role);
    fk_html_raw(h, "<div class=\"columns\">");
    if (st && (centre || !strcmp(kind_code, "preventive"))) {
        form_open(h, req, id, "state", "cases.move");
        fk_html_raw(h, "<label>");
        fk_html_msg(h, "cases.to", NULL);
        fk_html_raw(h, " <select name=\"state\">");
        char code[32];
        for (const char *p = st->next; fk_case_next_state(&p, code);) {
            fk_html_raw(h, "<option value=\"");
            fk_html_text(h, code);
            fk_html_raw(h, "\">");
            state_name(h, kind_code, code);
            fk_html_raw(h, "</option>");
        }
        fk_html_raw(h, "</select></label><label>");
        fk_html_msg(h, "cases.note", NULL);
        fk_html_raw(h, " <input name=\"note\"></label>");
        form_close(h, "cases.move_submit");
    }
    form_open(h, req, id, "messages", "cases.message");
    fk_html_raw(h, "<textarea name=\"text\" rows=\"3\" required></textarea>");
    form_close(h, "cases.send");
    form_open(h, req, id, "links", "cases.link");
    fk_html_raw(h, "<label>");
    fk_html_msg(h, "cases.link_kind", NULL);
    fk_html_raw(h, " <select name=\"kind\">");
    static const char *const kinds[] = {"alert", "report", "release", "indicator"};
    for (size_t i = 0; i < 4; i++) {
        char key[48];
        snprintf(key, sizeof key, "cases.link_%s", kinds[i]);
        fk_console_option(h, kinds[i], key, "alert");
    }
    fk_html_raw(h, "</select></label><label>");
    fk_html_msg(h, "cases.link_ref", NULL);
    fk_html_raw(h, " <input name=\"ref\" required></label>");
    form_close(h, "cases.add");
    form_open(h, req, id, "tasks", "cases.new_task");
    fk_html_raw(h, "<label>");
    fk_html_msg(h, "cases.task", NULL);
    fk_html_raw(h, " <input name=\"title\" required></label><label>");
    fk_html_msg(h, "cases.owner", NULL);
    fk_html_raw(h, " <input name=\"owner\" required></label><label>");
    fk_html_msg(h, "cases.due", NULL);
    fk_html_raw(h, " <input type=\"datetime-local\" name=\"due\"></label>");
    form_close(h, "cases.add");
    if (centre) {
        form_open(h, req, id, "assign", "cases.assign");
        fk_html_raw(h, "<label>");
        fk_html_msg(h, "cases.assignee", NULL);
        fk_html_raw(h, " <input name=\"assignee\" value=\"");
        fk_html_text(h, *fk_console_str(c, "assignee") ? fk_console_str(c, "assignee")
                                                       : req->who->account);
        fk_html_raw(h, "\"></label><label>");
        fk_html_msg(h, "triage.severity", NULL);
        fk_html_raw(h, " ");
        fk_console_severity_select(h, req, "cases.no_severity");
        fk_html_raw(h, "</label>");
        form_close(h, "cases.assign_submit");
    }
    fk_html_raw(h, "</div>");
}

/* The e-mail notices about the case: to whom (a member: its own contacts only), of
 * what, and whether they went out. */
static void notices(fk_html *h, const fk_request *req, int64_t id)
{
    json_t *list;
    fk_err err;
    if (fk_hub_case_notices(req->db, req->who, id, &list, &err) != 0)
        return;
    fk_html_raw(h, "<h2>");
    fk_html_msg(h, "case.notices", NULL);
    fk_html_raw(h, "</h2>");
    const char *const head[] = {"notices.event", "notices.recipient", "notices.contact",
                                "notices.created", "notices.outcome"};
    fk_console_table_head(h, NULL, head, sizeof head / sizeof head[0]);
    size_t i;
    json_t *n;
    json_array_foreach(list, i, n)
    {
        char key[64];
        fk_html_raw(h, "<tr><td>");
        fk_html_text(h, fk_console_str(n, "event"));
        fk_html_raw(h, "</td><td>");
        snprintf(key, sizeof key, "notices.to_%s", fk_console_str(n, "recipient"));
        fk_html_msg(h, key, NULL);
        fk_html_raw(h, "</td><td>");
        fk_html_text(h, fk_console_str(n, "contact"));
        fk_html_raw(h, "</td><td>");
        fk_html_time_text(h, fk_console_str(n, "created"));
        fk_html_raw(h, "</td><td>");
        if (*fk_console_str(n, "sent")) {
            fk_html_msg(h, "notices.sent", NULL);
            fk_html_raw(h, " ");
            fk_html_time_text(h, fk_console_str(n, "sent"));
        } else {
            fk_html_msg(h, *fk_console_str(n, "next_try") ? "notices.pending" : "notices.not_sent",
                        NULL);
            if (*fk_console_str(n, "error")) {
                fk_html_raw(h, ": ");
                fk_html_text(h, fk_console_str(n, "error"));
            }
        }
        fk_html_raw(h, "</td></tr>");
    }
    fk_html_raw(h, "</tbody></table>");
    fk_console_empty(h, json_array_size(list), "case.no_notices");
    json_decref(list);
}

void fk_console_case(fk_request *req, fk_response *res)
{
    int64_t id;
    if (!fk_console_id(req, res, &id))
        return;
    json_t *c, *entries = NULL;
    fk_err err;
    int rc = fk_hub_case_get(req->db, req->who, id, &c, &err);
    if (rc > 0)
        return fk_console_fail(req, res, 404, "no such case");
    fk_page page = {.limit = TIMELINE_ENTRIES};
    if (rc < 0 || fk_hub_case_timeline(req->db, req->who, id, &page, &entries, &err) != 0) {
        json_decref(c);
        return fk_console_storage_fail(req, res, &err);
    }
    fk_html h = {.lang = fk_console_lang(req)};
    fk_console_page_open(&h, req, "case.title");
    fk_html_raw(&h, "<h2>");
    fk_html_text(&h, fk_console_str(c, "title"));
    fk_html_raw(&h, "</h2><dl class=\"alert\"><dt>");
    fk_html_msg(&h, "cases.kind", NULL);
    fk_html_raw(&h, "</dt><dd>");
    kind_name(&h, fk_console_str(c, "kind"));
    fk_html_raw(&h, "</dd><dt>");
    fk_html_msg(&h, "cases.state", NULL);
    fk_html_raw(&h, "</dt><dd>");
    state_name(&h, fk_console_str(c, "kind"), fk_console_str(c, "state"));
    fk_html_raw(&h, " (");
    fk_html_msg(&h, "cases.since", NULL);
    fk_html_raw(&h, " ");
    fk_html_time_text(&h, fk_console_str(c, "state_since"));
    fk_html_raw(&h, ")</dd>");
    fk_console_field_row(&h, "cases.organisation", fk_console_str(c, "organisation"));
    fk_console_field_row(&h, "cases.finder", fk_console_str(c, "finder"));
    fk_console_field_row(&h, "report.description", fk_console_str(c, "description"));
    json_t *sev = json_object_get(c, "severity");
    if (json_is_integer(sev)) {
        char level[16];
        snprintf(level, sizeof level, "%lld", (long long)json_integer_value(sev));
        fk_console_field_row(&h, "triage.severity", level);
    }
    fk_console_field_row(&h, "cases.assignee", fk_console_str(c, "assignee"));
    if (json_object_get(c, "due")) {
        fk_html_raw(&h, "<dt>");
        fk_html_msg(&h, "cases.step_due", NULL);
        fk_html_raw(&h, "</dt><dd>");
        fk_html_time_text(&h, fk_console_str(c, "due"));
        json_int_t level = json_integer_value(json_object_get(c, "escalation"));
        if (level) {
            char n[24];
            snprintf(n, sizeof n, "%lld", (long long)level);
            fk_html_raw(&h, " (");
            fk_html_msg(&h, "cases.escalated", "count", n, NULL);
            fk_html_raw(&h, ")");
        }
        fk_html_raw(&h, "</dd>");
    }
    fk_console_field_row(&h, "cases.opened_by", fk_console_str(c, "opened_by"));
    fk_html_raw(&h, "<dt>");
    fk_html_msg(&h, "cases.opened", NULL);
    fk_html_raw(&h, "</dt><dd>");
    fk_html_time_text(&h, fk_console_str(c, "created"));
    fk_html_raw(&h, "</dd></dl><h2>");
    fk_html_msg(&h, "cases.links", NULL);
    fk_html_raw(&h, "</h2><ul class=\"links\">");
    size_t i;
    json_t *l;
    json_array_foreach(json_object_get(c, "links"), i, l) link_item(&h, l);
    fk_html_raw(&h, "</ul>");
    fk_console_empty(&h, json_array_size(json_object_get(c, "links")), "cases.no_links");
    bool can_work = fk_access_allows(FK_ACT_CASE_WORK, req->who->role);
    fk_html_raw(&h, "<h2>");
    fk_html_msg(&h, "cases.tasks", NULL);
    fk_html_raw(&h, "</h2>");
    tasks(&h, req, c, can_work);
    if (can_work)
        case_forms(&h, req, c);
    if (fk_role_is_centre(req->who->role))
        fk_console_case_support(&h, req, id);
    notices(&h, req, id);
    fk_html_raw(&h, "<h2>");
    fk_html_msg(&h, "cases.timeline", NULL);
    fk_html_raw(&h, "</h2><p><a href=\"/console/cases/");
    fk_html_int(&h, id);
    fk_html_raw(&h, "/report\">");
    fk_html_msg(&h, "case.printable", NULL);
    fk_html_raw(&h, "</a></p>");
    timeline(&h, entries);
    json_decref(entries);
    json_decref(c);
    fk_console_page_close(&h, res, 200);
}

/* ---- changes -------------------------------------------------------------------------- */

void fk_console_case_state(fk_request *req, fk_response *res)
{
    int64_t id;
    if (!fk_console_id(req, res, &id))
        return;
    fk_err err = {0};
    int rc = fk_hub_case_move(req->db, req->who, id, fk_form_field(req->body, "state"),
                              fk_form_field(req->body, "note"), fk_time_now_ms(), &err);
    after_change(req, res, rc, id, &err);
}

void fk_console_case_message(fk_request *req, fk_response *res)
{
    int64_t id;
    if (!fk_console_id(req, res, &id))
        return;
    fk_err err = {0};
    int rc = fk_hub_case_message(req->db, req->who, id, fk_form_field(req->body, "text"),
                                 fk_time_now_ms(), &err);
    after_change(req, res, rc, id, &err);
}

void fk_console_case_link(fk_request *req, fk_response *res)
{
    int64_t id;
    if (!fk_console_id(req, res, &id))
        return;
    fk_err err = {0};
    int rc = fk_hub_case_link(req->db, req->who, id, fk_form_field(req->body, "kind"),
                              fk_form_field(req->body, "ref"), fk_time_now_ms(), &err);
    after_change(req, res, rc, id, &err);
}

void fk_console_case_task(fk_request *req, fk_response *res)
{
    int64_t id, task, due = 0;
    if (!fk_console_id(req, res, &id))
        return;
    const char *local = fk_form_field(req->body, "due");
    fk_err err = {0};
    if (*local && fk_console_local_time(req, local, "due", &due, &err) != 0)
        return fk_console_refused(req, res, &err);
    int rc =
        fk_hub_case_task(req->db, req->who, id, fk_form_field(req->body, "title"),
                         fk_form_field(req->body, "owner"), due, fk_time_now_ms(), &task, &err);
    after_change(req, res, rc, id, &err);
}

void fk_console_case_task_done(fk_request *req, fk_response *res)
{
    int64_t id;
    if (!fk_console_id(req, res, &id))
        return;
    char *end;
    long long task = strtoll(req->params[1], &end, 10);
    if (*end || task <= 0)
        return fk_console_fail(req, res, 404, "no such task");
    fk_err err = {0};
    int rc = fk_hub_case_task_done(req->db, req->who, id, task, fk_time_now_ms(), &err);
    after_change(req, res, rc, id, &err);
}

void fk_console_case_assign(fk_request *req, fk_response *res)
{
    int64_t id;
    if (!fk_console_id(req, res, &id))
        return;
    const char *sev = fk_form_field(req->body, "severity");
    fk_err err = {0};
    int rc = fk_hub_case_assign(req->db, req->who, scale_of(req), id,
                                fk_form_field(req->body, "assignee"),
                                *sev ? (int)strtol(sev, NULL, 10) : -1, fk_time_now_ms(), &err);
    after_change(req, res, rc, id, &err);
}

/* ---- the printable report ------------------------------------------------------------- */

void fk_console_case_report(fk_request *req, fk_response *res)
{
    int64_t id;
    if (!fk_console_id(req, res, &id))
        return;
    json_t *c, *entries = NULL;
    fk_err err;
    int rc = fk_hub_case_get(req->db, req->who, id, &c, &err);
    if (rc > 0)
        return fk_console_fail(req, res, 404, "no such case");
    /* the whole timeline a report can hold, oldest first when printed */
    fk_page page = {.limit = 1000};
    if (rc < 0 || fk_hub_case_timeline(req->db, req->who, id, &page, &entries, &err) != 0) {
        json_decref(c);
        return fk_console_storage_fail(req, res, &err);
    }
    json_t *oldest_first = json_array();
    for (size_t i = json_array_size(entries); oldest_first && i > 0; i--)
        json_array_append(oldest_first, json_array_get(entries, i - 1));
    fk_html h = {.lang = fk_console_lang(req)};
    fk_console_page_open(&h, req, "case.report_title");
    fk_html_raw(&h, "<article class=\"report\"><h2>#");
    fk_html_int(&h, id);
    fk_html_raw(&h, " ");
    fk_html_text(&h, fk_console_str(c, "title"));
    fk_html_raw(&h, "</h2><dl class=\"alert\"><dt>");
    fk_html_msg(&h, "cases.kind", NULL);
    fk_html_raw(&h, "</dt><dd>");
    kind_name(&h, fk_console_str(c, "kind"));
    fk_html_raw(&h, "</dd><dt>");
    fk_html_msg(&h, "cases.state", NULL);
    fk_html_raw(&h, "</dt><dd>");
    state_name(&h, fk_console_str(c, "kind"), fk_console_str(c, "state"));
    fk_html_raw(&h, "</dd>");
    fk_console_field_row(&h, "cases.organisation", fk_console_str(c, "organisation"));
    fk_console_field_row(&h, "cases.finder", fk_console_str(c, "finder"));
    fk_console_field_row(&h, "report.description", fk_console_str(c, "description"));
    fk_console_field_row(&h, "cases.assignee", fk_console_str(c, "assignee"));
    fk_html_raw(&h, "<dt>");
    fk_html_msg(&h, "cases.opened", NULL);
    fk_html_raw(&h, "</dt><dd>");
    fk_html_time_text(&h, fk_console_str(c, "created"));
    fk_html_raw(&h, "</dd><dt>");
    fk_html_msg(&h, "case.printed", NULL);
    fk_html_raw(&h, "</dt><dd>");
    fk_html_time(&h, fk_time_now_ms());
    fk_html_raw(&h, "</dd></dl><h3>");
    fk_html_msg(&h, "cases.links", NULL);
    fk_html_raw(&h, "</h3><ul class=\"links\">");
    size_t i;
    json_t *l;
    json_array_foreach(json_object_get(c, "links"), i, l) link_item(&h, l);
    fk_html_raw(&h, "</ul><h3>");
    fk_html_msg(&h, "cases.tasks", NULL);
    fk_html_raw(&h, "</h3>");
    tasks(&h, req, c, false);
    fk_html_raw(&h, "<h3>");
    fk_html_msg(&h, "case.timeline_oldest", NULL);
    fk_html_raw(&h, "</h3>");
    timeline(&h, oldest_first);
    fk_html_raw(&h, "</article>");
    json_decref(oldest_first);
    json_decref(entries);
    json_decref(c);
    fk_console_page_close(&h, res, 200);
}
