/* The console's triage, merge and release pages (see console_triage.h). */
#include "console_triage.h"

#include "../core/timefmt.h"
#include "../hub/access.h"
#include "../hub/reporting.h"
#include "../hub/sharing.h"
#include "../intel/report_types.h"
#include "../intel/severity.h"
#include "console.h"
#include "console_page.h"
#include "i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool japanese(const fk_html *h)
{
    return !strcmp(h->lang, "ja");
}

static void redirect_to_report(fk_response *res, int64_t id)
{
    char to[64];
    snprintf(to, sizeof to, "/console/reports/%lld", (long long)id);
    fk_console_redirect(res, to);
}

/* ---- severity --------------------------------------------------------------------------- */

static void triage_form(fk_html *h, const fk_request *req, int64_t id)
{
    fk_html_raw(h, "<h2>");
    fk_html_msg(h, "triage.title", NULL);
    fk_html_raw(h, "</h2><form method=\"post\" class=\"stacked\" action=\"/console/reports/");
    fk_html_int(h, id);
    fk_html_raw(h, "/triage\">");
    fk_console_csrf_field(h, req);
    fk_html_raw(h, "<label>");
    fk_html_msg(h, "triage.severity", NULL);
    fk_html_raw(h, " ");
    fk_console_severity_select(h, req, NULL);
    fk_html_raw(h, "</label><label>");
    fk_html_msg(h, "triage.society", NULL);
    fk_html_raw(h, " <textarea name=\"society\" rows=\"2\" required></textarea></label><label>");
    fk_html_msg(h, "triage.systems", NULL);
    fk_html_raw(h, " <textarea name=\"systems\" rows=\"2\" required></textarea></label><button>");
    fk_html_msg(h, "triage.submit", NULL);
    fk_html_raw(h, "</button></form>");
}

void fk_console_report_triage(fk_request *req, fk_response *res)
{
    int64_t id;
    if (!fk_console_id(req, res, &id))
        return;
    json_t *mine;
    fk_err err;
    int rc = fk_hub_report_get(req->db, req->who, id, &mine, &err);
    if (rc < 0)
        return fk_console_storage_fail(req, res, &err);
    json_decref(mine);
    if (rc > 0)
        return fk_console_fail(req, res, 404, "no such report");
    const char *level = fk_form_field(req->body, "severity");
    char *end;
    long v = strtol(level, &end, 10);
    if (!*level || *end)
        return fk_console_fail(req, res, 400, "severity: expected a level of the scale");
    json_t *decision = json_pack("{sis{ssss}}", "severity", (int)v, "reasons", "society",
                                 fk_form_field(req->body, "society"), "systems",
                                 fk_form_field(req->body, "systems"));
    rc = decision ? fk_hub_triage(req->db, req->policy, req->who, id, decision, &err)
                  : (err.code = FK_ERR_NOMEM, -1);
    json_decref(decision);
    if (rc != 0)
        return err.code == FK_ERR_INVALID  ? fk_console_fail(req, res, 400, err.msg)
               : err.code == FK_ERR_DENIED ? fk_console_fail(req, res, 403, err.msg)
                                           : fk_console_storage_fail(req, res, &err);
    redirect_to_report(res, id);
}

/* ---- merge ------------------------------------------------------------------------------ */

static void merge_form(fk_html *h, const fk_request *req, int64_t id)
{
    fk_html_raw(h, "<h2>");
    fk_html_msg(h, "merge.title", NULL);
    fk_html_raw(h, "</h2><form method=\"post\" class=\"stacked\" action=\"/console/reports/");
    fk_html_int(h, id);
    fk_html_raw(h, "/merge\">");
    fk_console_csrf_field(h, req);
    fk_html_raw(h, "<label>");
    fk_html_msg(h, "merge.into", NULL);
    fk_html_raw(h, " <input name=\"into\" inputmode=\"numeric\" pattern=\"[0-9]+\" "
                   "required></label><p class=\"hint\">");
    fk_html_msg(h, "merge.hint", NULL);
    fk_html_raw(h, "</p><button>");
    fk_html_msg(h, "merge.submit", NULL);
    fk_html_raw(h, "</button></form>");
}

void fk_console_report_merge(fk_request *req, fk_response *res)
{
    int64_t id;
    if (!fk_console_id(req, res, &id))
        return;
    const char *into_text = fk_form_field(req->body, "into");
    char *end;
    long long into = strtoll(into_text, &end, 10);
    if (!*into_text || *end || into <= 0)
        return fk_console_fail(req, res, 400, "into: expected the number of a report");
    fk_err err;
    /* both reports are checked by the use case (the centre sees every one) */
    if (fk_hub_merge(req->db, req->who, id, into, &err) != 0)
        return err.code == FK_ERR_DENIED     ? fk_console_fail(req, res, 403, err.msg)
               : err.code == FK_ERR_CONFLICT ? fk_console_fail(req, res, 409, err.msg)
               : err.code == FK_ERR_INVALID  ? fk_console_fail(req, res, 400, err.msg)
                                             : fk_console_storage_fail(req, res, &err);
    redirect_to_report(res, into);
}

/* ---- release ---------------------------------------------------------------------------- */

static const char *const tiers[] = {"immediate", "advisory", "general"};

/* "electricity, finance" as a list of sector codes. */
static json_t *sector_list(const char *text)
{
    json_t *out = json_array();
    for (const char *p = text; out && *p;) {
        p += strspn(p, " ,\t");
        size_t n = strcspn(p, " ,\t");
        if (n)
            json_array_append_new(out, json_stringn(p, n));
        p += n;
    }
    return out;
}

/* The release form's fields as the decision the use case takes. The respond-by time is
 * typed in the reader's zone (an <input type="datetime-local">); empty: the tier's. NULL
 * with err (FK_ERR_INVALID naming the field) when a field is wrong. */
static json_t *decision_of_form(const fk_request *req, fk_err *err)
{
    json_t *f = req->body;
    json_t *d = json_pack("{sss{sosbsb}s{sbsbsb}}", "tier", fk_form_field(f, "tier"), "audience",
                          "sectors", sector_list(fk_form_field(f, "sectors")), "all_members",
                          !strcmp(fk_form_field(f, "all_members"), "true"), "public",
                          !strcmp(fk_form_field(f, "public"), "true"), "include", "description",
                          !strcmp(fk_form_field(f, "include_description"), "true"), "indicators",
                          !strcmp(fk_form_field(f, "include_indicators"), "true"), "cves",
                          !strcmp(fk_form_field(f, "include_cves"), "true"));
    if (!d) {
        fk_errc(err, FK_ERR_NOMEM, "out of memory");
        return NULL;
    }
    /* "12, 15": the cases shared with the release, as incidents */
    const char *cases = fk_form_field(f, "cases");
    if (*cases) {
        json_t *ids = json_array();
        json_object_set_new(d, "cases", ids);
        for (const char *p = cases; ids && *p;) {
            p += strspn(p, " ,\t");
            if (!*p)
                break;
            char *end;
            long long n = strtoll(p, &end, 10);
            if (end == p || n <= 0 || (*end && !strchr(" ,\t", *end))) {
                json_decref(d);
                fk_errc(err, FK_ERR_INVALID, "cases: case numbers separated by commas");
                return NULL;
            }
            json_array_append_new(ids, json_integer(n));
            p = end;
        }
    }
    const char *local = fk_form_field(f, "deadline");
    if (*local) {
        int64_t ms;
        if (fk_console_local_time(req, local, "deadline", &ms, err) != 0) {
            json_decref(d);
            return NULL;
        }
        char utc[32];
        json_object_set_new(d, "deadline", json_string(fk_time_format(ms, utc)));
    }
    return d;
}

static void checkbox(fk_html *h, const char *name, bool checked, const char *label_key)
{
    fk_html_raw(h, "<label class=\"check\"><input type=\"checkbox\" name=\"");
    fk_html_raw(h, name);
    fk_html_raw(h, checked ? "\" value=\"true\" checked> " : "\" value=\"true\"> ");
    fk_html_msg(h, label_key, NULL);
    fk_html_raw(h, "</label>");
}

static void release_form(fk_html *h, const fk_request *req, int64_t id)
{
    fk_html_raw(h, "<h2>");
    fk_html_msg(h, "release_form.title", NULL);
    fk_html_raw(h, "</h2><form method=\"post\" class=\"stacked\" action=\"/console/reports/");
    fk_html_int(h, id);
    fk_html_raw(h, "/preview\">");
    fk_console_csrf_field(h, req);
    fk_html_raw(h, "<label>");
    fk_html_msg(h, "releases.tier", NULL);
    fk_html_raw(h, " <select name=\"tier\">");
    for (size_t i = 0; i < 3; i++) {
        char key[48];
        snprintf(key, sizeof key, "tier.%s", tiers[i]);
        fk_console_option(h, tiers[i], key, "advisory");
    }
    fk_html_raw(h, "</select></label>");
    checkbox(h, "all_members", false, "release_form.all_members");
    fk_html_raw(h, "<label>");
    fk_html_msg(h, "release_form.sectors", NULL);
    fk_html_raw(h, " <input name=\"sectors\" placeholder=\"electricity, finance\"></label>");
    checkbox(h, "public", false, "release_form.public");
    fk_html_raw(h, "<label>");
    fk_html_msg(h, "release_form.deadline", NULL);
    fk_html_raw(h, " <input type=\"datetime-local\" name=\"deadline\"></label>");
    fk_html_raw(h, "<label>");
    fk_html_msg(h, "release_form.cases", NULL);
    fk_html_raw(h, " <input name=\"cases\" placeholder=\"12, 15\"></label>");
    checkbox(h, "include_description", true, "release_form.include_description");
    checkbox(h, "include_indicators", true, "release_form.include_indicators");
    checkbox(h, "include_cves", true, "release_form.include_cves");
    fk_html_raw(h, "<p class=\"hint\">");
    fk_html_msg(h, "release_form.hint", NULL);
    fk_html_raw(h, "</p><button>");
    fk_html_msg(h, "release_form.preview", NULL);
    fk_html_raw(h, "</button></form>");
}

void fk_console_triage_forms(fk_html *h, const fk_request *req, json_t *report, int64_t id)
{
    const char *status = fk_console_str(report, "status");
    bool open = !strcmp(status, "new") || !strcmp(status, "triaged");
    if (open)
        triage_form(h, req, id);
    if (!strcmp(status, "triaged"))
        release_form(h, req, id);
    if (open)
        merge_form(h, req, id);
}

/* The form's fields again, hidden, for the button that releases what was previewed. */
static void hidden_decision(fk_html *h, const fk_request *req)
{
    static const char *const names[] = {"tier",
                                        "all_members",
                                        "sectors",
                                        "public",
                                        "deadline",
                                        "cases",
                                        "include_description",
                                        "include_indicators",
                                        "include_cves"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        fk_html_raw(h, "<input type=\"hidden\" name=\"");
        fk_html_raw(h, names[i]);
        fk_html_raw(h, "\" value=\"");
        fk_html_text(h, fk_form_field(req->body, names[i]));
        fk_html_raw(h, "\">");
    }
}

/* What a text of the report is called on the page. */
static void field_label(fk_html *h, const char *field, const char *type)
{
    if (!strncmp(field, "fields.", 7)) {
        const fk_report_type *t = fk_report_type_find(type);
        for (size_t i = 0; t && i < t->nfields; i++)
            if (!strcmp(t->fields[i].name, field + 7)) {
                fk_html_text(h, japanese(h) ? t->fields[i].label_ja : t->fields[i].label_en);
                return;
            }
        fk_html_text(h, field + 7);
        return;
    }
    if (!strncmp(field, "cases[", 6)) { /* "cases[0].title": a case shared as an incident */
        fk_html_msg(h, "preview.field.case", NULL);
        fk_html_raw(h, " ");
        fk_html_text(h, field);
        return;
    }
    char key[48];
    snprintf(key, sizeof key, "preview.field.%s", field);
    fk_html_msg(h, key, NULL);
}

/* The original text with each removed piece struck through and its placeholder after
 * it: exactly what the anonymisation takes out. */
static void redacted_text(fk_html *h, json_t *r)
{
    const char *text = fk_console_str(r, "original");
    size_t len = strlen(text), pos = 0, i;
    json_t *piece;
    fk_html_raw(h, "<p class=\"redacted\">");
    json_array_foreach(json_object_get(r, "removed"), i, piece)
    {
        size_t start = (size_t)json_integer_value(json_object_get(piece, "start"));
        size_t end = (size_t)json_integer_value(json_object_get(piece, "end"));
        if (start < pos || end > len || end <= start)
            continue; /* never happens: the anonymiser gives them in order, inside the text */
        fk_html_textn(h, text + pos, start - pos);
        fk_html_raw(h, "<del>");
        fk_html_textn(h, text + start, end - start);
        fk_html_raw(h, "</del><ins>");
        fk_html_text(h, fk_console_str(piece, "label"));
        fk_html_raw(h, "</ins>");
        pos = end;
    }
    fk_html_textn(h, text + pos, len - pos);
    fk_html_raw(h, "</p>");
}

/* The STIX report object of a bundle: what members read first. */
static json_t *stix_report(json_t *bundle)
{
    size_t i;
    json_t *o;
    json_array_foreach(json_object_get(bundle, "objects"), i,
                       o) if (!strcmp(fk_console_str(o, "type"), "report")) return o;
    return NULL;
}

static void audience_text(fk_html *h, json_t *audience)
{
    bool any = false;
    if (json_is_true(json_object_get(audience, "public"))) {
        fk_html_msg(h, "release_form.public", NULL);
        any = true;
    }
    if (json_is_true(json_object_get(audience, "all_members"))) {
        if (any)
            fk_html_raw(h, "; ");
        fk_html_msg(h, "release_form.all_members", NULL);
        any = true;
    }
    const char *lists[] = {"sectors", "groups"};
    for (size_t l = 0; l < 2; l++) {
        size_t i;
        json_t *v;
        json_array_foreach(json_object_get(audience, lists[l]), i, v)
        {
            if (any)
                fk_html_raw(h, "; ");
            fk_html_text(h, json_string_value(v));
            any = true;
        }
    }
}

void fk_console_report_preview(fk_request *req, fk_response *res)
{
    int64_t id;
    if (!fk_console_id(req, res, &id))
        return;
    fk_err err = {0};
    json_t *report = NULL;
    int found = fk_hub_report_get(req->db, req->who, id, &report, &err);
    if (found != 0)
        return found < 0 ? fk_console_storage_fail(req, res, &err)
                         : fk_console_fail(req, res, 404, "no such report");
    json_t *decision = decision_of_form(req, &err);
    if (!decision) {
        json_decref(report);
        return err.code == FK_ERR_INVALID ? fk_console_fail(req, res, 400, err.msg)
                                          : fk_console_storage_fail(req, res, &err);
    }
    fk_release_result rr;
    fk_release_refusal status;
    int rc =
        fk_hub_release_preview(req->db, req->policy, req->who, id, decision, &rr, &status, &err);
    json_decref(decision);
    if (rc != 0 || status != FK_RELEASE_OK) {
        json_decref(report);
        return rc != 0                        ? fk_console_storage_fail(req, res, &err)
               : status == FK_RELEASE_REFUSED ? fk_console_fail(req, res, 409, err.msg)
                                              : fk_console_fail(req, res, 400, err.msg);
    }
    fk_html h = {.lang = fk_console_lang(req)};
    fk_console_page_open(&h, req, "preview.title");
    fk_html_raw(&h, "<h2>");
    fk_html_text(&h, fk_console_str(report, "title"));
    fk_html_raw(&h, "</h2><dl class=\"alert\"><dt>");
    fk_html_msg(&h, "preview.audience", NULL);
    fk_html_raw(&h, "</dt><dd>");
    audience_text(&h, rr.audience);
    fk_html_raw(&h, "</dd>");
    char key[48];
    snprintf(key, sizeof key, "tier.%s", rr.tier);
    fk_console_field_row(&h, "releases.tier", fk_i18n(h.lang, key));
    fk_html_raw(&h, "<dt>");
    fk_html_msg(&h, "releases.deadline", NULL);
    fk_html_raw(&h, "</dt><dd>");
    fk_html_time_text(&h, rr.deadline);
    fk_html_raw(&h, "</dd></dl>");

    fk_html_raw(&h, "<section class=\"removed\"><h2>");
    fk_html_msg(&h, "preview.removed", NULL);
    fk_html_raw(&h, "</h2>");
    size_t i;
    json_t *r;
    json_array_foreach(rr.redactions, i, r)
    {
        fk_html_raw(&h, "<h3>");
        field_label(&h, fk_console_str(r, "field"), fk_console_str(report, "type"));
        fk_html_raw(&h, "</h3>");
        redacted_text(&h, r);
    }
    json_array_foreach(rr.withheld_text, i, r)
    {
        fk_html_raw(&h, "<h3>");
        field_label(&h, fk_console_str(r, "field"), fk_console_str(report, "type"));
        fk_html_raw(&h, "</h3><p class=\"error\">");
        fk_html_msg(&h, "preview.text_withheld", NULL);
        fk_html_raw(&h, "</p>");
    }
    if (!json_array_size(rr.redactions) && !json_array_size(rr.withheld_text)) {
        fk_html_raw(&h, "<p class=\"empty\">");
        fk_html_msg(&h, "preview.nothing_removed", NULL);
        fk_html_raw(&h, "</p>");
    }
    fk_html_raw(&h, "<h3>");
    fk_html_msg(&h, "preview.withheld_indicators", NULL);
    fk_html_raw(&h, "</h3>");
    if (json_array_size(rr.withheld_values)) {
        fk_html_raw(&h, "<ul class=\"values\">");
        json_array_foreach(rr.withheld_values, i, r)
        {
            fk_html_raw(&h, "<li><del>");
            fk_html_text(&h, fk_console_str(r, "value"));
            fk_html_raw(&h, "</del> (");
            fk_html_text(&h, fk_console_str(r, "type"));
            fk_html_raw(&h, ")</li>");
        }
        fk_html_raw(&h, "</ul>");
    } else {
        fk_html_raw(&h, "<p class=\"empty\">");
        fk_html_msg(&h, "preview.none_withheld", NULL);
        fk_html_raw(&h, "</p>");
    }
    if (rr.not_selected) {
        char n[24];
        snprintf(n, sizeof n, "%zu", rr.not_selected);
        fk_html_raw(&h, "<p>");
        fk_html_msg(&h, "preview.left_out", "count", n, NULL);
        fk_html_raw(&h, "</p>");
    }
    fk_html_raw(&h, "</section><section><h2>");
    fk_html_msg(&h, "preview.as_released", NULL);
    fk_html_raw(&h, "</h2>");
    json_t *sr = stix_report(rr.bundle);
    fk_html_raw(&h, "<dl class=\"alert\">");
    fk_console_field_row(&h, "reports.subject", fk_console_str(sr, "name"));
    fk_html_raw(&h, "<dt>");
    fk_html_msg(&h, "report.description", NULL);
    fk_html_raw(&h, "</dt><dd><pre class=\"released\">");
    fk_html_text(&h, fk_console_str(sr, "description"));
    fk_html_raw(&h, "</pre></dd><dt>");
    fk_html_msg(&h, "preview.objects", NULL);
    fk_html_raw(&h, "</dt><dd>");
    fk_html_int(&h, (int64_t)json_array_size(json_object_get(rr.bundle, "objects")));
    fk_html_raw(&h, "</dd></dl></section>");

    fk_html_raw(&h, "<form method=\"post\" class=\"stacked\" action=\"/console/reports/");
    fk_html_int(&h, id);
    fk_html_raw(&h, "/release\">");
    fk_console_csrf_field(&h, req);
    hidden_decision(&h, req);
    fk_html_raw(&h, "<button>");
    fk_html_msg(&h, "release_form.submit", NULL);
    fk_html_raw(&h, "</button></form><p><a href=\"/console/reports/");
    fk_html_int(&h, id);
    fk_html_raw(&h, "\">");
    fk_html_msg(&h, "preview.back", NULL);
    fk_html_raw(&h, "</a></p>");
    fk_release_result_free(&rr);
    json_decref(report);
    fk_console_page_close(&h, res, 200);
}

void fk_console_report_release(fk_request *req, fk_response *res)
{
    int64_t id;
    if (!fk_console_id(req, res, &id))
        return;
    fk_err err = {0};
    json_t *decision = decision_of_form(req, &err);
    if (!decision)
        return err.code == FK_ERR_INVALID ? fk_console_fail(req, res, 400, err.msg)
                                          : fk_console_storage_fail(req, res, &err);
    fk_release_outcome out = {0};
    int rc = fk_hub_release(req->db, req->policy, req->who, id, decision, &out, &err);
    json_decref(decision);
    if (rc != 0)
        return fk_console_storage_fail(req, res, &err);
    if (out.status != FK_RELEASE_OK) {
        json_decref(out.withheld_text);
        return fk_console_fail(req, res, out.status == FK_RELEASE_REFUSED ? 409 : 400, err.msg);
    }
    fk_html h = {.lang = fk_console_lang(req)};
    fk_console_page_open(&h, req, "released.title");
    char num[24], withheld[24], left[24], colls[24];
    snprintf(num, sizeof num, "%lld", (long long)out.release_id);
    snprintf(withheld, sizeof withheld, "%zu", out.withheld);
    snprintf(left, sizeof left, "%zu", out.not_selected);
    snprintf(colls, sizeof colls, "%zu", out.collections);
    fk_html_raw(&h, "<p>");
    fk_html_msg(&h, "released.summary", "release", num, "collections", colls, NULL);
    fk_html_raw(&h, "</p><p>");
    fk_html_msg(&h, "released.withheld", "withheld", withheld, "left_out", left, NULL);
    fk_html_raw(&h, "</p>");
    if (json_array_size(out.withheld_text)) {
        fk_html_raw(&h, "<h2>");
        fk_html_msg(&h, "released.removed_text", NULL);
        fk_html_raw(&h, "</h2><ul>");
        size_t i;
        json_t *w;
        json_array_foreach(out.withheld_text, i, w)
        {
            fk_html_raw(&h, "<li>");
            fk_html_text(&h, fk_console_str(w, "field"));
            fk_html_raw(&h, ": ");
            fk_html_text(&h, fk_console_str(w, "reason"));
            fk_html_raw(&h, "</li>");
        }
        fk_html_raw(&h, "</ul>");
    }
    json_decref(out.withheld_text);
    fk_html_raw(&h, "<p><a href=\"/console/releases/");
    fk_html_text(&h, num);
    fk_html_raw(&h, "\">");
    fk_html_msg(&h, "released.open", NULL);
    fk_html_raw(&h, "</a></p>");
    fk_console_page_close(&h, res, 201);
}
