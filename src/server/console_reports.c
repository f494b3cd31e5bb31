/* The console's report pages (see console_reports.h). */
#include "console_reports.h"

#include "../hub/reporting.h"
#include "../hub/sharing.h"
#include "../intel/report_types.h"
#include "../intel/severity.h"
#include "console.h"
#include "console_page.h"
#include "console_triage.h"
#include "i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { REPORTS_PER_PAGE = 50 };

static bool japanese(const fk_html *h)
{
    return !strcmp(h->lang, "ja");
}

/* ---- the list ------------------------------------------------------------------------- */

void fk_console_reports(fk_request *req, fk_response *res)
{
    const char *after = fk_console_after(req);
    fk_page page = {.after = after, .limit = REPORTS_PER_PAGE};
    /* newest first, as an analyst works; a filter that is not one is no filter */
    fk_report_filter f = {.status = fk_http_query(req, "status"),
                          .type = fk_http_query(req, "type"),
                          .newest_first = true};
    if (f.status && !fk_report_status_valid(f.status))
        f.status = NULL;
    if (f.type && !fk_report_type_find(f.type))
        f.type = NULL;
    json_t *list;
    fk_err err;
    if (fk_hub_reports_list(req->db, req->who, &f, &page, &list, &err) != 0)
        return fk_console_storage_fail(req, res, &err);
    bool centre = fk_role_is_centre(req->who->role);
    fk_html h = {.lang = fk_console_lang(req)};
    fk_console_page_open(&h, req, "reports.title");
    if (fk_access_allows(FK_ACT_REPORT_SUBMIT, req->who->role)) {
        fk_html_raw(&h, "<p><a class=\"button\" href=\"/console/reports/new\">");
        fk_html_msg(&h, "reports.new", NULL);
        fk_html_raw(&h, "</a></p>");
    }
    static const char *const statuses[] = {"new", "triaged", "released", "merged"};
    fk_html_raw(&h, "<form method=\"get\" class=\"filters\" action=\"/console/reports\"><label>");
    fk_html_msg(&h, "reports.status", NULL);
    fk_html_raw(&h, " <select name=\"status\">");
    fk_console_option(&h, "", "filter.any", f.status);
    for (size_t i = 0; i < 4; i++) {
        char key[48];
        snprintf(key, sizeof key, "report_status.%s", statuses[i]);
        fk_console_option(&h, statuses[i], key, f.status);
    }
    fk_html_raw(&h, "</select></label><label>");
    fk_html_msg(&h, "reports.type", NULL);
    fk_html_raw(&h, " <select name=\"type\"><option value=\"\">");
    fk_html_msg(&h, "filter.any", NULL);
    fk_html_raw(&h, "</option>");
    for (size_t i = 0; i < fk_report_type_count(); i++) {
        const fk_report_type *t = fk_report_type_at(i);
        fk_html_raw(&h, "<option value=\"");
        fk_html_text(&h, t->code);
        fk_html_raw(&h, f.type && !strcmp(f.type, t->code) ? "\" selected>" : "\">");
        fk_html_text(&h, japanese(&h) ? t->name_ja : t->name_en);
        fk_html_raw(&h, "</option>");
    }
    fk_html_raw(&h, "</select></label><button>");
    fk_html_msg(&h, "filter.apply", NULL);
    fk_html_raw(&h, "</button></form>");
    const char *const head[] = {"#",
                                "reports.received",
                                "reports.type",
                                "reports.subject",
                                centre ? "reports.provider" : NULL,
                                "reports.status"};
    fk_console_table_head(&h, "reports", head, sizeof head / sizeof head[0]);
    size_t i;
    json_t *r;
    json_int_t last = 0;
    json_array_foreach(list, i, r)
    {
        last = json_integer_value(json_object_get(r, "id"));
        fk_html_raw(&h, "<tr><td class=\"num\">");
        fk_html_int(&h, last);
        fk_html_raw(&h, "</td><td>");
        fk_html_time_text(&h, fk_console_str(r, "created_at"));
        fk_html_raw(&h, "</td><td>");
        fk_html_text(&h, fk_console_type_name(&h, fk_console_str(r, "type")));
        fk_html_raw(&h, "</td><td><a href=\"/console/reports/");
        fk_html_int(&h, last);
        fk_html_raw(&h, "\">");
        fk_html_text(&h, fk_console_str(r, "title"));
        fk_html_raw(&h, "</a></td>");
        if (centre) {
            fk_html_raw(&h, "<td>");
            fk_html_text(&h, fk_console_str(json_object_get(r, "provider"), "organisation"));
            fk_html_raw(&h, "</td>");
        }
        fk_html_raw(&h, "<td>");
        char key[48];
        snprintf(key, sizeof key, "report_status.%s", fk_console_str(r, "status"));
        fk_html_msg(&h, key, NULL);
        fk_html_raw(&h, "</td></tr>");
    }
    fk_html_raw(&h, "</tbody></table>");
    fk_console_empty(&h, json_array_size(list), "reports.none");
    if (json_array_size(list) == REPORTS_PER_PAGE)
        fk_console_pager(&h, "/console/reports", last, "pager.next",
                         (const char *const[][2]){{"status", f.status}, {"type", f.type}}, 2);
    json_decref(list);
    fk_console_page_close(&h, res, 200);
}

/* ---- one report ------------------------------------------------------------------------- */

static void list_row(fk_html *h, const char *label_key, json_t *list, const char *member)
{
    if (!json_array_size(list))
        return;
    fk_html_raw(h, "<dt>");
    fk_html_msg(h, label_key, NULL);
    fk_html_raw(h, "</dt><dd><ul class=\"values\">");
    size_t i;
    json_t *v;
    json_array_foreach(list, i, v)
    {
        fk_html_raw(h, "<li>");
        fk_html_text(h, member ? fk_console_str(v, member) : json_string_value(v));
        fk_html_raw(h, "</li>");
    }
    fk_html_raw(h, "</ul></dd>");
}

void fk_console_report(fk_request *req, fk_response *res)
{
    int64_t id;
    if (!fk_console_id(req, res, &id))
        return;
    json_t *r;
    fk_err err;
    int rc = fk_hub_report_get(req->db, req->who, id, &r, &err);
    if (rc < 0)
        return fk_console_storage_fail(req, res, &err);
    if (rc > 0)
        return fk_console_fail(req, res, 404, "no report of yours with this number");
    fk_html h = {.lang = fk_console_lang(req)};
    fk_console_page_open(&h, req, "report.title");
    fk_html_raw(&h, "<h2>");
    fk_html_text(&h, fk_console_str(r, "title"));
    fk_html_raw(&h, "</h2><dl class=\"alert\">");
    fk_console_field_row(&h, "reports.type", fk_console_type_name(&h, fk_console_str(r, "type")));
    char key[48];
    snprintf(key, sizeof key, "report_status.%s", fk_console_str(r, "status"));
    fk_console_field_row(&h, "reports.status", fk_i18n(h.lang, key));
    json_t *prov = json_object_get(r, "provider");
    if (prov)
        fk_console_field_row(&h, "reports.provider", fk_console_str(prov, "organisation"));
    fk_html_raw(&h, "<dt>");
    fk_html_msg(&h, "reports.received", NULL);
    fk_html_raw(&h, "</dt><dd>");
    fk_html_time_text(&h, fk_console_str(r, "created_at"));
    fk_html_raw(&h, "</dd>");
    fk_console_field_row(&h, "report.description", fk_console_str(r, "description"));
    fk_console_field_row(&h, "report.impact", fk_console_str(r, "impact"));
    fk_console_field_row(&h, "report.tlp", fk_console_str(r, "tlp"));
    fk_console_field_row(&h, "report.pap", fk_console_str(r, "pap"));
    snprintf(key, sizeof key, "consent.%s", fk_console_str(r, "consent"));
    fk_console_field_row(&h, "report.consent", fk_i18n(h.lang, key));
    /* the template's own fields, labelled in the page's language */
    const fk_report_type *t = fk_report_type_find(fk_console_str(r, "type"));
    json_t *fields = json_object_get(r, "fields");
    for (size_t i = 0; t && i < t->nfields; i++) {
        const fk_template_field *f = &t->fields[i];
        json_t *v = json_object_get(fields, f->name);
        if (!v)
            continue;
        fk_html_raw(&h, "<dt>");
        fk_html_text(&h, japanese(&h) ? f->label_ja : f->label_en);
        fk_html_raw(&h, "</dt><dd>");
        if (json_is_array(v)) {
            size_t k;
            json_t *e;
            json_array_foreach(v, k, e)
            {
                if (k)
                    fk_html_raw(&h, ", ");
                fk_html_text(&h, json_string_value(e));
            }
        } else if (json_is_string(v)) {
            fk_html_text(&h, json_string_value(v));
        } else {
            char *text = json_dumps(v, JSON_ENCODE_ANY);
            fk_html_text(&h, text);
            free(text);
        }
        fk_html_raw(&h, "</dd>");
    }
    list_row(&h, "report.indicators", json_object_get(r, "indicators"), "value");
    list_row(&h, "report.cves", json_object_get(r, "cves"), NULL);
    json_t *sev = json_object_get(r, "severity");
    if (sev) {
        char level[16];
        snprintf(level, sizeof level, "%lld",
                 (long long)json_integer_value(json_object_get(sev, "level")));
        fk_console_field_row(&h, "triage.severity", level);
        json_t *why = json_object_get(sev, "reasons");
        fk_console_field_row(&h, "triage.society", fk_console_str(why, "society"));
        fk_console_field_row(&h, "triage.systems", fk_console_str(why, "systems"));
    }
    fk_html_raw(&h, "</dl>");
    if (fk_access_allows(FK_ACT_TRIAGE, req->who->role))
        fk_console_triage_forms(&h, req, r, id);
    json_decref(r);
    fk_console_page_close(&h, res, 200);
}

/* ---- submitting ------------------------------------------------------------------------- */

static const char *const tlps[] = {"CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED"};
static const char *const consents[] = {"centre", "sector", "members", "public"};

static void type_choice(fk_html *h)
{
    fk_html_raw(h, "<ul class=\"types\">");
    for (size_t i = 0; i < fk_report_type_count(); i++) {
        const fk_report_type *t = fk_report_type_at(i);
        fk_html_raw(h, "<li><a href=\"/console/reports/new?type=");
        fk_html_url_value(h, t->code);
        fk_html_raw(h, "\">");
        fk_html_text(h, japanese(h) ? t->name_ja : t->name_en);
        fk_html_raw(h, "</a></li>");
    }
    fk_html_raw(h, "</ul>");
}

/* One input for a template field, by its kind; value is what was sent (or ""). */
static void field_input(fk_html *h, const fk_template_field *f, const char *value)
{
    fk_html_raw(h, "<label>");
    fk_html_text(h, japanese(h) ? f->label_ja : f->label_en);
    if (f->required)
        fk_html_raw(h, " *");
    fk_html_raw(h, " ");
    char name[96];
    snprintf(name, sizeof name, "f.%s", f->name);
    switch (f->kind) {
    case FK_FIELD_CHOICE: {
        fk_html_raw(h, "<select name=\"");
        fk_html_text(h, name);
        fk_html_raw(h, "\"><option value=\"\"></option>");
        for (const char *c = f->choices; c && *c;) {
            size_t n = strcspn(c, "|");
            char one[64];
            snprintf(one, sizeof one, "%.*s", (int)n, c);
            fk_html_raw(h, "<option");
            if (!strcmp(one, value))
                fk_html_raw(h, " selected");
            fk_html_raw(h, ">");
            fk_html_text(h, one);
            fk_html_raw(h, "</option>");
            c += n + (c[n] == '|');
        }
        fk_html_raw(h, "</select>");
        break;
    }
    case FK_FIELD_BOOL:
        fk_html_raw(h, "<input type=\"checkbox\" value=\"true\" name=\"");
        fk_html_text(h, name);
        fk_html_raw(h, !strcmp(value, "true") ? "\" checked>" : "\">");
        break;
    case FK_FIELD_TEXT_LIST:
    case FK_FIELD_CVE_LIST:
        fk_html_raw(h, "<textarea rows=\"3\" name=\"");
        fk_html_text(h, name);
        fk_html_raw(h, "\">");
        fk_html_text(h, value);
        fk_html_raw(h, "</textarea>");
        break;
    default:
        fk_html_raw(h, "<input name=\"");
        fk_html_text(h, name);
        fk_html_raw(h, f->kind == FK_FIELD_NUMBER ? "\" inputmode=\"decimal\" value=\""
                       : f->kind == FK_FIELD_TIME
                           ? "\" placeholder=\"2026-12-01T09:00:00+09:00\" value=\""
                           : "\" value=\"");
        fk_html_text(h, value);
        fk_html_raw(h, "\">");
    }
    fk_html_raw(h, "</label>");
}

static void report_form(fk_request *req, fk_response *res, const fk_report_type *t,
                        const json_t *sent, const char *problem, unsigned status)
{
    fk_html h = {.lang = fk_console_lang(req)};
    fk_console_page_open(&h, req, "reports.new");
    fk_html_raw(&h, "<h2>");
    fk_html_text(&h, japanese(&h) ? t->name_ja : t->name_en);
    fk_html_raw(&h, "</h2>");
    if (problem) {
        fk_html_raw(&h, "<p class=\"error\" role=\"alert\">");
        fk_html_text(&h, problem);
        fk_html_raw(&h, "</p>");
    }
    fk_html_raw(&h, "<form method=\"post\" class=\"stacked\" action=\"/console/reports\">");
    fk_console_csrf_field(&h, req);
    fk_html_raw(&h, "<input type=\"hidden\" name=\"type\" value=\"");
    fk_html_text(&h, t->code);
    fk_html_raw(&h, "\"><label>");
    fk_html_msg(&h, "reports.subject", NULL);
    fk_html_raw(&h, " * <input name=\"title\" maxlength=\"300\" required value=\"");
    fk_html_text(&h, fk_form_field(sent, "title"));
    fk_html_raw(&h, "\"></label><label>");
    fk_html_msg(&h, "report.description", NULL);
    fk_html_raw(&h, " <textarea name=\"description\" rows=\"5\">");
    fk_html_text(&h, fk_form_field(sent, "description"));
    fk_html_raw(&h, "</textarea></label>");
    for (size_t i = 0; i < t->nfields; i++) {
        char name[96];
        snprintf(name, sizeof name, "f.%s", t->fields[i].name);
        field_input(&h, &t->fields[i], fk_form_field(sent, name));
    }
    fk_html_raw(&h, "<label>");
    fk_html_msg(&h, "report.indicators", NULL);
    fk_html_raw(&h, t->indicators_required ? " *" : "");
    fk_html_raw(&h, " <textarea name=\"indicators\" rows=\"4\" placeholder=\"");
    fk_html_msg(&h, "report.indicators_hint", NULL);
    fk_html_raw(&h, "\">");
    fk_html_text(&h, fk_form_field(sent, "indicators"));
    fk_html_raw(&h, "</textarea></label><label>TLP <select name=\"tlp\">");
    const char *tlp = *fk_form_field(sent, "tlp") ? fk_form_field(sent, "tlp") : "AMBER";
    for (size_t i = 0; i < 5; i++) {
        fk_html_raw(&h, "<option");
        if (!strcmp(tlps[i], tlp))
            fk_html_raw(&h, " selected");
        fk_html_raw(&h, ">");
        fk_html_text(&h, tlps[i]);
        fk_html_raw(&h, "</option>");
    }
    fk_html_raw(&h, "</select></label><label>");
    fk_html_msg(&h, "report.consent", NULL);
    fk_html_raw(&h, " <select name=\"consent\">");
    const char *consent =
        *fk_form_field(sent, "consent") ? fk_form_field(sent, "consent") : "centre";
    for (size_t i = 0; i < 4; i++) {
        char key[48];
        snprintf(key, sizeof key, "consent.%s", consents[i]);
        fk_console_option(&h, consents[i], key, consent);
    }
    fk_html_raw(&h, "</select></label><button>");
    fk_html_msg(&h, "reports.submit", NULL);
    fk_html_raw(&h, "</button></form>");
    fk_console_page_close(&h, res, status);
}

void fk_console_report_new(fk_request *req, fk_response *res)
{
    const char *code = fk_http_query(req, "type");
    const fk_report_type *t = code ? fk_report_type_find(code) : NULL;
    if (t)
        return report_form(req, res, t, NULL, NULL, 200);
    fk_html h = {.lang = fk_console_lang(req)};
    fk_console_page_open(&h, req, "reports.new");
    fk_html_raw(&h, "<p>");
    fk_html_msg(&h, "reports.choose_type", NULL);
    fk_html_raw(&h, "</p>");
    type_choice(&h);
    fk_console_page_close(&h, res, 200);
}

/* Lines of a textarea as a JSON list (blank lines left out). */
static json_t *lines_of(const char *text)
{
    json_t *out = json_array();
    for (const char *p = text; out && *p;) {
        size_t n = strcspn(p, "\r\n");
        size_t b = 0, e = n;
        while (b < e && (p[b] == ' ' || p[b] == '\t'))
            b++;
        while (e > b && (p[e - 1] == ' ' || p[e - 1] == '\t'))
            e--;
        if (e > b)
            json_array_append_new(out, json_stringn(p + b, e - b));
        p += n;
        while (*p == '\r' || *p == '\n')
            p++;
    }
    return out;
}

/* The form as the report the API takes: the same use case checks it. */
static json_t *report_of_form(const fk_report_type *t, json_t *form)
{
    json_t *fields = json_object();
    for (size_t i = 0; fields && i < t->nfields; i++) {
        const fk_template_field *f = &t->fields[i];
        char name[96];
        snprintf(name, sizeof name, "f.%s", f->name);
        const char *v = fk_form_field(form, name);
        if (!*v)
            continue;
        json_t *j;
        if (f->kind == FK_FIELD_TEXT_LIST || f->kind == FK_FIELD_CVE_LIST) {
            j = lines_of(v);
        } else if (f->kind == FK_FIELD_BOOL) {
            j = json_boolean(!strcmp(v, "true"));
        } else if (f->kind == FK_FIELD_NUMBER) {
            char *end;
            double d = strtod(v, &end);
            j = *end ? json_string(v) : json_real(d); /* the use case names what is wrong */
        } else {
            j = json_string(v);
        }
        json_object_set_new(fields, f->name, j);
    }
    json_t *r =
        json_pack("{sssssssosssssoss}", "type", t->code, "title", fk_form_field(form, "title"),
                  "description", fk_form_field(form, "description"), "fields", fields, "tlp",
                  fk_form_field(form, "tlp"), "consent", fk_form_field(form, "consent"),
                  "indicators", lines_of(fk_form_field(form, "indicators")), "pap", "");
    return r;
}

void fk_console_report_post(fk_request *req, fk_response *res)
{
    const fk_report_type *t = fk_report_type_find(fk_form_field(req->body, "type"));
    if (!t)
        return fk_console_fail(req, res, 400, "type: expected one of the report types");
    json_t *report = report_of_form(t, req->body);
    if (!report) {
        fk_http_error(res, 500, "Internal error", "out of memory");
        return fk_console_error_page(res, fk_console_lang(req));
    }
    int64_t id;
    fk_err err;
    int rc = fk_hub_submit_report(req->db, req->who, report, &id, &err);
    json_decref(report);
    if (rc != 0 && err.code == FK_ERR_INVALID)
        return report_form(req, res, t, req->body, err.msg, 400); /* what was typed stays */
    if (rc != 0)
        return err.code == FK_ERR_DENIED ? fk_console_fail(req, res, 403, err.msg)
                                         : fk_console_storage_fail(req, res, &err);
    char to[64];
    snprintf(to, sizeof to, "/console/reports/%lld", (long long)id);
    fk_console_redirect(res, to);
}
