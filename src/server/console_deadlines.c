/* The console's deadline policy page (see console_deadlines.h). */
#include "console_deadlines.h"

#include "../cases/workflow.h"
#include "../hub/cases.h"
#include "console_page.h"
#include "html.h"
#include "http.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* rows beyond the policy's own, for clocks to add */
#define BLANK_ROWS 4
#define MAX_ROWS   128

static void text_input(fk_html *h, const char *name, int row, const char *value, const char *size)
{
    fk_html_raw(h, "<input name=\"");
    fk_html_raw(h, name);
    if (row >= 0) {
        char n[16];
        snprintf(n, sizeof n, "_%d", row);
        fk_html_raw(h, n);
    }
    fk_html_raw(h, "\" size=\"");
    fk_html_raw(h, size);
    fk_html_raw(h, "\" value=\"");
    fk_html_text(h, value);
    fk_html_raw(h, "\">");
}

static void number_text(char out[24], json_t *v)
{
    if (json_is_integer(v))
        snprintf(out, 24, "%lld", (long long)json_integer_value(v));
    else if (json_is_number(v))
        snprintf(out, 24, "%g", json_number_value(v));
    else
        out[0] = '\0';
}

void fk_console_deadlines(fk_request *req, fk_response *res)
{
    json_t *p;
    fk_err err;
    if (fk_hub_deadline_policy(req->db, &p, &err) != 0)
        return fk_console_storage_fail(req, res, &err);
    bool admin = req->who->role == FK_ROLE_CENTRE_ADMIN;
    fk_html h = {.lang = fk_console_lang(req)};
    fk_console_page_open(&h, req, "deadlines.title");
    fk_html_raw(&h, "<p class=\"hint\">");
    fk_html_msg(&h, "deadlines.hint", NULL);
    fk_html_raw(&h, "</p>");
    if (admin) {
        fk_html_raw(&h, "<form method=\"post\" class=\"stacked\" action=\"/console/deadlines\">");
        fk_console_csrf_field(&h, req);
    }
    fk_html_raw(&h, "<dl class=\"alert\"><dt>");
    fk_html_msg(&h, "deadlines.calendar", NULL);
    fk_html_raw(&h, "</dt><dd>");
    const char *cal = fk_console_str(p, "calendar");
    if (admin) {
        fk_html_raw(&h, "<select name=\"calendar\">");
        fk_console_option(&h, "business", "deadlines.business", cal);
        fk_console_option(&h, "continuous", "deadlines.continuous", cal);
        fk_html_raw(&h, "</select>");
    } else {
        char key[48];
        snprintf(key, sizeof key, "deadlines.%s", cal);
        fk_html_msg(&h, key, NULL);
    }
    fk_html_raw(&h, "</dd><dt>");
    fk_html_msg(&h, "deadlines.day", NULL);
    fk_html_raw(&h, "</dt><dd>");
    if (admin) {
        text_input(&h, "day_start", -1, fk_console_str(p, "day_start"), "5");
        fk_html_raw(&h, " – ");
        text_input(&h, "day_end", -1, fk_console_str(p, "day_end"), "5");
        fk_html_raw(&h, " <label class=\"check\"><input type=\"checkbox\" "
                        "name=\"year_end_closed\" value=\"true\"");
        fk_html_raw(&h, json_is_true(json_object_get(p, "year_end_closed")) ? " checked>" : ">");
        fk_html_msg(&h, "deadlines.year_end", NULL);
        fk_html_raw(&h, "</label>");
    } else {
        fk_html_text(&h, fk_console_str(p, "day_start"));
        fk_html_raw(&h, " – ");
        fk_html_text(&h, fk_console_str(p, "day_end"));
    }
    fk_html_raw(&h, "</dd></dl>");
    const char *const head[] = {"deadlines.kind", "deadlines.state", "deadlines.min_severity",
                                "deadlines.hours"};
    fk_console_table_head(&h, NULL, head, 4);
    json_t *clocks = json_object_get(p, "clocks");
    size_t n = json_array_size(clocks);
    size_t rows = admin ? n + BLANK_ROWS : n;
    if (rows > MAX_ROWS)
        rows = MAX_ROWS;
    for (size_t i = 0; i < rows; i++) {
        json_t *c = json_array_get(clocks, i);
        char sev[24], hours[24];
        number_text(sev, json_object_get(c, "min_severity"));
        number_text(hours, json_object_get(c, "hours"));
        const char *values[] = {fk_console_str(c, "kind"), fk_console_str(c, "state"), sev, hours};
        static const char *const names[] = {"kind", "state", "min_severity", "hours"};
        static const char *const sizes[] = {"12", "16", "4", "6"};
        fk_html_raw(&h, "<tr>");
        for (int k = 0; k < 4; k++) {
            fk_html_raw(&h, k >= 2 ? "<td class=\"num\">" : "<td>");
            if (admin)
                text_input(&h, names[k], (int)i, values[k], sizes[k]);
            else
                fk_html_text(&h, values[k]);
            fk_html_raw(&h, "</td>");
        }
        fk_html_raw(&h, "</tr>");
    }
    fk_html_raw(&h, "</tbody></table>");
    if (admin) {
        fk_html_raw(&h, "<p class=\"hint\">");
        fk_html_msg(&h, "deadlines.edit_hint", NULL);
        fk_html_raw(&h, "</p><button>");
        fk_html_msg(&h, "deadlines.save", NULL);
        fk_html_raw(&h, "</button></form>");
    }
    json_decref(p);
    fk_console_page_close(&h, res, 200);
}

/* A number typed in a row: an integer or a decimal; NULL when not one (the use case
 * names the row's field). */
static json_t *number_of(const char *text)
{
    char *end;
    if (strspn(text, "0123456789") == strlen(text))
        return json_integer(strtoll(text, NULL, 10));
    double v = strtod(text, &end);
    return *end ? json_string(text) : json_real(v);
}

void fk_console_deadlines_set(fk_request *req, fk_response *res)
{
    json_t *f = req->body;
    json_t *clocks = json_array();
    json_t *p = json_pack("{ss ss ss sb so}", "calendar", fk_form_field(f, "calendar"), "day_start",
                          fk_form_field(f, "day_start"), "day_end", fk_form_field(f, "day_end"),
                          "year_end_closed", !strcmp(fk_form_field(f, "year_end_closed"), "true"),
                          "clocks", clocks);
    if (!p)
        return fk_console_fail(req, res, 500, "out of memory");
    for (int i = 0; i < MAX_ROWS; i++) {
        char name[32];
        const char *v[4];
        static const char *const names[] = {"kind", "state", "min_severity", "hours"};
        bool any = false;
        for (int k = 0; k < 4; k++) {
            snprintf(name, sizeof name, "%s_%d", names[k], i);
            v[k] = fk_form_field(f, name);
            any = any || *v[k];
        }
        if (!any) /* an empty row: a clock removed, or a blank left blank */
            continue;
        json_array_append_new(
            clocks, json_pack("{ss ss so so}", "kind", v[0], "state", v[1], "min_severity",
                              *v[2] ? number_of(v[2]) : json_integer(0), "hours", number_of(v[3])));
    }
    fk_err err;
    int rc = fk_hub_deadline_policy_set(req->db, req->who, p, &err);
    json_decref(p);
    if (rc != 0)
        return fk_console_refused(req, res, &err);
    fk_console_redirect(res, "/console/deadlines");
}
