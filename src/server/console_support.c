/* The console's support pages (see console_support.h). */
#include "console_support.h"

#include "../cases/workflow.h"
#include "../core/timefmt.h"
#include "../hub/support.h"
#include "../store/support.h"
#include "console_page.h"
#include "http.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool japanese(const fk_html *h)
{
    return h->lang && !strcmp(h->lang, "ja");
}

static void step_name(fk_html *h, const char *code)
{
    const fk_case_state *s = fk_case_state_find(fk_support_workflow(), code);
    fk_html_text(h, !s ? code : japanese(h) ? s->name_ja : s->name_en);
}

/* A capability's name in the page's language, from the catalogue. */
static void capability_name(fk_html *h, json_t *catalogue, const char *code)
{
    size_t i;
    json_t *c;
    json_array_foreach(catalogue, i, c) if (!strcmp(fk_console_str(c, "code"), code))
    {
        fk_html_text(h, fk_console_str(c, japanese(h) ? "name_ja" : "name_en"));
        return;
    }
    fk_html_text(h, code);
}

/* A button for each step the workflow allows from the request's state and the caller
 * may take (hub/support.h's rule). */
static void step_buttons(fk_html *h, const fk_request *req, json_t *r)
{
    const fk_case_state *s = fk_case_state_find(fk_support_workflow(), fk_console_str(r, "state"));
    char to[32];
    for (const char *p = s ? s->next : NULL; fk_case_next_state(&p, to);) {
        if (!fk_hub_support_may(req->who, fk_console_str(r, "supporter"), to))
            continue;
        fk_html_raw(h, "<form method=\"post\" class=\"inline\" action=\"/console/support/");
        fk_html_int(h, json_integer_value(json_object_get(r, "id")));
        fk_html_raw(h, "/state\">");
        fk_console_csrf_field(h, req);
        fk_html_raw(h, "<input type=\"hidden\" name=\"state\" value=\"");
        fk_html_text(h, to);
        fk_html_raw(h, "\"><input name=\"note\" placeholder=\"");
        fk_html_msg(h, "support.note", NULL);
        fk_html_raw(h, "\"><button>");
        step_name(h, to);
        fk_html_raw(h, "</button></form> ");
    }
}

static void requests_table(fk_html *h, const fk_request *req, json_t *list, json_t *catalogue,
                           bool with_case)
{
    const char *const head[] = {"support.number",
                                with_case ? "support.case" : NULL,
                                with_case ? "cases.organisation" : NULL,
                                "support.supporter",
                                "support.capability",
                                "support.description",
                                "support.state",
                                "support.due",
                                "support.updated",
                                "support.move"};
    fk_console_table_head(h, NULL, head, sizeof head / sizeof head[0]);
    size_t i;
    json_t *r;
    json_array_foreach(list, i, r)
    {
        fk_html_raw(h, "<tr><td class=\"num\">");
        fk_html_int(h, json_integer_value(json_object_get(r, "id")));
        fk_html_raw(h, "</td>");
        if (with_case) {
            fk_html_raw(h, "<td><a href=\"/console/cases/");
            fk_html_int(h, json_integer_value(json_object_get(r, "case_id")));
            fk_html_raw(h, "\">");
            fk_html_int(h, json_integer_value(json_object_get(r, "case_id")));
            fk_html_raw(h, "</a></td><td>");
            fk_html_text(h, fk_console_str(r, "organisation"));
            fk_html_raw(h, "</td>");
        }
        fk_html_raw(h, "<td>");
        fk_html_text(h, fk_console_str(r, "supporter"));
        fk_html_raw(h, "</td><td>");
        capability_name(h, catalogue, fk_console_str(r, "capability"));
        fk_html_raw(h, "</td><td>");
        fk_html_text(h, fk_console_str(r, "description"));
        fk_html_raw(h, "</td><td>");
        step_name(h, fk_console_str(r, "state"));
        fk_html_raw(h, "</td><td>");
        if (*fk_console_str(r, "due"))
            fk_html_time_text(h, fk_console_str(r, "due"));
        fk_html_raw(h, "</td><td>");
        fk_html_time_text(h, fk_console_str(r, "updated"));
        fk_html_raw(h, "</td><td>");
        step_buttons(h, req, r);
        fk_html_raw(h, "</td></tr>");
    }
    fk_html_raw(h, "</tbody></table>");
    fk_console_empty(h, json_array_size(list), "support.none");
}

/* Who offers what, and for a centre-admin the form to set an organisation's offers. */
static void catalogue_section(fk_html *h, const fk_request *req, json_t *catalogue,
                              json_t *supporters)
{
    fk_html_raw(h, "<section><h2>");
    fk_html_msg(h, "support.catalogue", NULL);
    fk_html_raw(h, "</h2>");
    const char *const head[] = {"support.supporter", "support.capability"};
    fk_console_table_head(h, NULL, head, 2);
    size_t i, j;
    json_t *s, *code;
    json_array_foreach(supporters, i, s)
    {
        fk_html_raw(h, "<tr><td>");
        fk_html_text(h, fk_console_str(s, "organisation"));
        fk_html_raw(h, "</td><td>");
        json_array_foreach(json_object_get(s, "capabilities"), j, code)
        {
            if (j)
                fk_html_raw(h, ", ");
            capability_name(h, catalogue, json_string_value(code));
        }
        fk_html_raw(h, "</td></tr>");
    }
    fk_html_raw(h, "</tbody></table>");
    fk_console_empty(h, json_array_size(supporters), "support.no_supporters");
    if (req->who->role == FK_ROLE_CENTRE_ADMIN) {
        fk_html_raw(h, "<details class=\"add\"><summary>");
        fk_html_msg(h, "support.offers_set", NULL);
        fk_html_raw(h, "</summary><form method=\"post\" class=\"stacked\" "
                       "action=\"/console/supporters\">");
        fk_console_csrf_field(h, req);
        fk_html_raw(h, "<label>");
        fk_html_msg(h, "support.supporter", NULL);
        fk_html_raw(h, " <input name=\"organisation\" required></label>");
        json_array_foreach(catalogue, i, s)
        {
            fk_html_raw(h, "<label class=\"check\"><input type=\"checkbox\" name=\"cap_");
            fk_html_text(h, fk_console_str(s, "code"));
            fk_html_raw(h, "\" value=\"true\"> ");
            fk_html_text(h, fk_console_str(s, japanese(h) ? "name_ja" : "name_en"));
            fk_html_raw(h, "</label>");
        }
        fk_html_raw(h, "<button>");
        fk_html_msg(h, "support.offers_submit", NULL);
        fk_html_raw(h, "</button></form></details>");
    }
    fk_html_raw(h, "</section>");
}

void fk_console_support(fk_request *req, fk_response *res)
{
    json_t *list = NULL, *catalogue = NULL, *supporters = NULL;
    fk_err err;
    if (fk_hub_support_requests(req->db, req->who, 0, &list, &err) != 0 ||
        fk_support_capabilities(req->db, &catalogue, &err) != 0 ||
        fk_supporters(req->db, &supporters, &err) != 0) {
        json_decref(list);
        json_decref(catalogue);
        return fk_console_storage_fail(req, res, &err);
    }
    fk_html h = {.lang = fk_console_lang(req)};
    fk_console_page_open(&h, req, "support.title");
    fk_html_raw(&h, "<section>");
    requests_table(&h, req, list, catalogue, fk_role_is_centre(req->who->role));
    fk_html_raw(&h, "</section>");
    if (fk_role_is_centre(req->who->role))
        catalogue_section(&h, req, catalogue, supporters);
    json_decref(list);
    json_decref(catalogue);
    json_decref(supporters);
    fk_console_page_close(&h, res, 200);
}

void fk_console_support_move(fk_request *req, fk_response *res)
{
    int64_t id;
    if (!fk_console_id(req, res, &id))
        return;
    fk_err err;
    int rc = fk_hub_support_move(req->db, req->who, id, fk_form_field(req->body, "state"),
                                 fk_form_field(req->body, "note"), fk_time_now_ms(), &err);
    fk_console_done(req, res, rc, &err, "no such support request", "/console/support");
}

void fk_console_supporter_set(fk_request *req, fk_response *res)
{
    json_t *catalogue, *codes = json_array();
    fk_err err;
    if (!codes || fk_support_capabilities(req->db, &catalogue, &err) != 0) {
        json_decref(codes);
        return fk_console_storage_fail(req, res, &err);
    }
    size_t i;
    json_t *c;
    json_array_foreach(catalogue, i, c)
    {
        char field[80];
        snprintf(field, sizeof field, "cap_%s", fk_console_str(c, "code"));
        if (!strcmp(fk_form_field(req->body, field), "true"))
            json_array_append(codes, json_object_get(c, "code"));
    }
    json_decref(catalogue);
    int rc = fk_hub_supporter_set(req->db, req->who, fk_form_field(req->body, "organisation"),
                                  codes, &err);
    json_decref(codes);
    if (rc != 0)
        return fk_console_refused(req, res, &err);
    fk_console_redirect(res, "/console/support");
}

void fk_console_case_support_request(fk_request *req, fk_response *res)
{
    int64_t id;
    if (!fk_console_id(req, res, &id))
        return;
    json_t *in = json_pack("{ss ss ss}", "supporter", fk_form_field(req->body, "supporter"),
                           "capability", fk_form_field(req->body, "capability"), "description",
                           fk_form_field(req->body, "description"));
    const char *due = fk_form_field(req->body, "due");
    fk_err err = {.code = FK_ERR_NOMEM};
    int64_t due_ms;
    char due_text[32];
    if (in && *due) {
        if (fk_console_local_time(req, due, "due", &due_ms, &err) != 0) {
            json_decref(in);
            return fk_console_refused(req, res, &err);
        }
        json_object_set_new(in, "due", json_string(fk_time_format(due_ms, due_text)));
    }
    int64_t rid;
    int rc =
        in ? fk_hub_support_request(req->db, req->who, id, in, fk_time_now_ms(), &rid, &err) : -1;
    json_decref(in);
    char to[64];
    snprintf(to, sizeof to, "/console/cases/%lld", (long long)id);
    fk_console_done(req, res, rc, &err, "no such case", to);
}

void fk_console_case_support(fk_html *h, const fk_request *req, int64_t case_id)
{
    json_t *list = NULL, *catalogue = NULL, *supporters = NULL;
    fk_err err;
    if (fk_hub_support_requests(req->db, req->who, case_id, &list, &err) != 0 ||
        fk_support_capabilities(req->db, &catalogue, &err) != 0 ||
        fk_supporters(req->db, &supporters, &err) != 0) {
        json_decref(list);
        json_decref(catalogue);
        fk_html_raw(h, "<p class=\"error\">");
        fk_html_text(h, err.msg);
        fk_html_raw(h, "</p>");
        return;
    }
    fk_html_raw(h, "<h2>");
    fk_html_msg(h, "case.support", NULL);
    fk_html_raw(h, "</h2>");
    requests_table(h, req, list, catalogue, false);
    fk_html_raw(h, "<details class=\"add\"><summary>");
    fk_html_msg(h, "support.request", NULL);
    fk_html_raw(h, "</summary><form method=\"post\" class=\"stacked\" action=\"/console/cases/");
    fk_html_int(h, case_id);
    fk_html_raw(h, "/support\">");
    fk_console_csrf_field(h, req);
    fk_html_raw(h, "<label>");
    fk_html_msg(h, "support.supporter", NULL);
    fk_html_raw(h, " <select name=\"supporter\" required>");
    size_t i;
    json_t *s;
    json_array_foreach(supporters, i, s)
    {
        fk_html_raw(h, "<option>");
        fk_html_text(h, fk_console_str(s, "organisation"));
        fk_html_raw(h, "</option>");
    }
    fk_html_raw(h, "</select></label><label>");
    fk_html_msg(h, "support.capability", NULL);
    fk_html_raw(h, " <select name=\"capability\">");
    json_array_foreach(catalogue, i, s)
    {
        fk_html_raw(h, "<option value=\"");
        fk_html_text(h, fk_console_str(s, "code"));
        fk_html_raw(h, "\">");
        fk_html_text(h, fk_console_str(s, japanese(h) ? "name_ja" : "name_en"));
        fk_html_raw(h, "</option>");
    }
    fk_html_raw(h, "</select></label><label>");
    fk_html_msg(h, "support.description", NULL);
    fk_html_raw(h, " <textarea name=\"description\" rows=\"4\" required></textarea></label>"
                   "<p class=\"hint\">");
    fk_html_msg(h, "support.description_hint", NULL);
    fk_html_raw(h, "</p><label>");
    fk_html_msg(h, "support.due", NULL);
    fk_html_raw(h, " <input type=\"datetime-local\" name=\"due\"></label><button>");
    fk_html_msg(h, "support.request_submit", NULL);
    fk_html_raw(h, "</button></form></details>");
    json_decref(list);
    json_decref(catalogue);
    json_decref(supporters);
}
