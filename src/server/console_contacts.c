/* The console's contact pages (see console_contacts.h). */
#include "console_contacts.h"

#include "../core/timefmt.h"

#include "../hub/access.h"
#include "../hub/contacts.h"
#include "console_page.h"
#include "html.h"
#include "http.h"
#include "i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void cell(fk_html *h, const char *text)
{
    fk_html_raw(h, "<td>");
    fk_html_text(h, text);
    fk_html_raw(h, "</td>");
}

static void chain_name(fk_html *h, const char *chain)
{
    char key[48];
    snprintf(key, sizeof key, "contacts.chain_%s", chain);
    fk_html_msg(h, key, NULL);
}

static void add_form(fk_html *h, const fk_request *req, bool centre)
{
    fk_html_raw(h, "<details class=\"add\"><summary>");
    fk_html_msg(h, "contacts.add", NULL);
    fk_html_raw(h,
                "</summary><form method=\"post\" class=\"stacked\" action=\"/console/contacts\">");
    fk_console_csrf_field(h, req);
    if (centre) {
        fk_html_raw(h, "<label>");
        fk_html_msg(h, "alerts.organisation", NULL);
        fk_html_raw(h, " <input name=\"organisation\" required></label>");
    }
    const char *const texts[][2] = {
        {"name", "contacts.name"}, {"role", "contacts.role"}, {"address", "contacts.address"}};
    for (size_t i = 0; i < 3; i++) {
        fk_html_raw(h, "<label>");
        fk_html_msg(h, texts[i][1], NULL);
        fk_html_raw(h, " <input name=\"");
        fk_html_raw(h, texts[i][0]);
        fk_html_raw(h, i == 1 ? "\"></label>" : "\" required></label>");
    }
    fk_html_raw(h, "<label>");
    fk_html_msg(h, "contacts.channel", NULL);
    fk_html_raw(h, " <select name=\"channel\">");
    static const char *const channels[] = {"email", "phone", "hotline"};
    for (size_t i = 0; i < 3; i++) {
        char key[48];
        snprintf(key, sizeof key, "contacts.channel_%s", channels[i]);
        fk_console_option(h, channels[i], key, "email");
    }
    fk_html_raw(h, "</select></label><label>");
    fk_html_msg(h, "contacts.chain", NULL);
    fk_html_raw(h, " <select name=\"chain\">");
    fk_console_option(h, "normal", "contacts.chain_normal", "normal");
    fk_console_option(h, "large-scale", "contacts.chain_large-scale", "normal");
    fk_html_raw(h, "</select></label><label>");
    fk_html_msg(h, "settings.language", NULL);
    fk_html_raw(h, " <select name=\"lang\">");
    fk_console_option(h, "ja", "settings.japanese", "ja");
    fk_console_option(h, "en", "settings.english", "ja");
    fk_html_raw(h, "</select></label><label>");
    fk_html_msg(h, "contacts.position", NULL);
    fk_html_raw(h, " <input name=\"position\" inputmode=\"numeric\" pattern=\"[0-9]*\"></label>"
                   "<button>");
    fk_html_msg(h, "directory.add", NULL);
    fk_html_raw(h, "</button></form></details>");
}

/* The centre's part: the mode with its switch, and a drill to start. */
static void centre_part(fk_html *h, const fk_request *req)
{
    char mode[16];
    fk_err err;
    if (fk_contact_mode(req->db, mode, &err) != 0)
        snprintf(mode, sizeof mode, "normal");
    fk_html_raw(h, "<section><h2>");
    fk_html_msg(h, "contacts.mode", NULL);
    fk_html_raw(h, "</h2><p>");
    chain_name(h, mode);
    fk_html_raw(h, "</p><form method=\"post\" class=\"inline\" action=\"/console/contacts/mode\">");
    fk_console_csrf_field(h, req);
    bool normal = !strcmp(mode, "normal");
    fk_html_raw(h, normal ? "<input type=\"hidden\" name=\"mode\" value=\"large-scale\"><button>"
                          : "<input type=\"hidden\" name=\"mode\" value=\"normal\"><button>");
    fk_html_msg(h, normal ? "contacts.switch_large" : "contacts.switch_normal", NULL);
    fk_html_raw(h, "</button></form></section><section><h2>");
    fk_html_msg(h, "contacts.drill", NULL);
    fk_html_raw(h, "</h2><form method=\"post\" class=\"stacked\" action=\"/console/drills\">");
    fk_console_csrf_field(h, req);
    fk_html_raw(h, "<label>");
    fk_html_msg(h, "contacts.chain", NULL);
    fk_html_raw(h, " <select name=\"chain\">");
    fk_console_option(h, "normal", "contacts.chain_normal", mode);
    fk_console_option(h, "large-scale", "contacts.chain_large-scale", mode);
    fk_html_raw(h, "</select></label><label>");
    fk_html_msg(h, "contacts.drill_org", NULL);
    fk_html_raw(h, " <input name=\"organisation\"></label><button>");
    fk_html_msg(h, "contacts.drill_start", NULL);
    fk_html_raw(h, "</button></form></section>");
}

void fk_console_contacts(fk_request *req, fk_response *res)
{
    bool centre = fk_role_is_centre(req->who->role);
    const char *org = fk_http_query(req, "organisation");
    json_t *list;
    fk_err err;
    if (fk_hub_contacts(req->db, req->who, org && *org ? org : NULL, &list, &err) != 0)
        return fk_console_refused(req, res, &err);
    fk_html h = {.lang = fk_console_lang(req)};
    fk_console_page_open(&h, req, "contacts.title");
    if (centre)
        centre_part(&h, req);
    fk_html_raw(&h, "<section><h2>");
    fk_html_msg(&h, "contacts.registry", NULL);
    fk_html_raw(&h, "</h2>");
    const char *const head[] = {centre ? "alerts.organisation" : NULL,
                                "contacts.chain",
                                "contacts.position",
                                "contacts.name",
                                "contacts.role",
                                "contacts.channel",
                                "contacts.address",
                                "directory.change"};
    fk_console_table_head(&h, NULL, head, sizeof head / sizeof head[0]);
    bool can_edit = fk_access_allows(FK_ACT_CONTACT_EDIT, req->who->role);
    size_t i;
    json_t *c;
    json_array_foreach(list, i, c)
    {
        fk_html_raw(&h, "<tr>");
        if (centre)
            cell(&h, fk_console_str(c, "organisation"));
        fk_html_raw(&h, "<td>");
        chain_name(&h, fk_console_str(c, "chain"));
        fk_html_raw(&h, "</td><td class=\"num\">");
        fk_html_int(&h, json_integer_value(json_object_get(c, "position")));
        fk_html_raw(&h, "</td>");
        cell(&h, fk_console_str(c, "name"));
        cell(&h, fk_console_str(c, "role"));
        char key[48];
        snprintf(key, sizeof key, "contacts.channel_%s", fk_console_str(c, "channel"));
        fk_html_raw(&h, "<td>");
        fk_html_msg(&h, key, NULL);
        fk_html_raw(&h, "</td>");
        cell(&h, fk_console_str(c, "address"));
        fk_html_raw(&h, "<td>");
        if (can_edit) {
            fk_html_raw(&h, "<form method=\"post\" class=\"inline\" action=\"/console/contacts/");
            fk_html_int(&h, json_integer_value(json_object_get(c, "id")));
            fk_html_raw(&h, "/remove\">");
            fk_console_csrf_field(&h, req);
            fk_html_raw(&h, "<button>");
            fk_html_msg(&h, "contacts.remove", NULL);
            fk_html_raw(&h, "</button></form>");
        }
        fk_html_raw(&h, "</td></tr>");
    }
    fk_html_raw(&h, "</tbody></table>");
    fk_console_empty(&h, json_array_size(list), "contacts.none");
    if (can_edit)
        add_form(&h, req, centre);
    fk_html_raw(&h, "</section>");
    json_decref(list);
    fk_console_page_close(&h, res, 200);
}

void fk_console_contact_add(fk_request *req, fk_response *res)
{
    json_t *f = req->body;
    json_t *in = json_object();
    static const char *const fields[] = {"organisation", "name",  "role", "channel",
                                         "address",      "chain", "lang"};
    for (size_t i = 0; in && i < sizeof fields / sizeof fields[0]; i++)
        if (*fk_form_field(f, fields[i]))
            json_object_set_new(in, fields[i], json_string(fk_form_field(f, fields[i])));
    const char *pos = fk_form_field(f, "position");
    if (in && *pos)
        json_object_set_new(in, "position", json_integer(strtol(pos, NULL, 10)));
    fk_err err = {.code = FK_ERR_NOMEM};
    int64_t id;
    int rc = in ? fk_hub_contact_add(req->db, req->who, in, fk_time_now_ms(), &id, &err) : -1;
    json_decref(in);
    if (rc != 0)
        return fk_console_refused(req, res, &err);
    fk_console_redirect(res, "/console/contacts");
}

void fk_console_contact_remove(fk_request *req, fk_response *res)
{
    int64_t id;
    if (!fk_console_id(req, res, &id))
        return;
    fk_err err;
    int rc = fk_hub_contact_remove(req->db, req->who, id, fk_time_now_ms(), &err);
    fk_console_done(req, res, rc, &err, "no such contact", "/console/contacts");
}

void fk_console_contact_mode(fk_request *req, fk_response *res)
{
    fk_err err;
    if (fk_hub_contact_mode_set(req->db, req->who, fk_form_field(req->body, "mode"), &err) != 0)
        return fk_console_refused(req, res, &err);
    fk_console_redirect(res, "/console/contacts");
}

void fk_console_drill_start(fk_request *req, fk_response *res)
{
    char base[300], to[64];
    fk_err err;
    int64_t id;
    const char *org = fk_form_field(req->body, "organisation");
    if (fk_hub_drill_start(req->db, req->who, fk_server_mail(req->server),
                           fk_server_public_url(req->server, req, base, sizeof base),
                           fk_form_field(req->body, "chain"), *org ? org : NULL, fk_time_now_ms(),
                           &id, &err) != 0)
        return fk_console_refused(req, res, &err);
    snprintf(to, sizeof to, "/console/drills/%lld", (long long)id);
    fk_console_redirect(res, to);
}

void fk_console_drill(fk_request *req, fk_response *res)
{
    int64_t id;
    if (!fk_console_id(req, res, &id))
        return;
    json_t *d;
    fk_err err;
    int rc = fk_hub_drill_report(req->db, req->who, id, &d, &err);
    if (rc > 0)
        return fk_console_fail(req, res, 404, "no such drill");
    if (rc < 0)
        return fk_console_refused(req, res, &err);
    fk_html h = {.lang = fk_console_lang(req)};
    fk_console_page_open(&h, req, "drill.title");
    char n[24], total[24];
    snprintf(n, sizeof n, "%lld", (long long)json_integer_value(json_object_get(d, "answered")));
    snprintf(total, sizeof total, "%lld",
             (long long)json_integer_value(json_object_get(d, "contacts")));
    fk_html_raw(&h, "<p>");
    fk_html_msg(&h, "drill.summary", "answered", n, "contacts", total, NULL);
    fk_html_raw(&h, " ");
    fk_html_time_text(&h, fk_console_str(d, "started"));
    fk_html_raw(&h, "</p>");
    const char *const head[] = {"alerts.organisation", "contacts.name", "contacts.channel",
                                "contacts.address",    "drill.sent",    "drill.answered",
                                "drill.via",           "drill.seconds"};
    fk_console_table_head(&h, NULL, head, 8);
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(d, "checks"), i, c)
    {
        bool answered = json_object_get(c, "answered") != NULL;
        fk_html_raw(&h, answered ? "<tr>" : "<tr class=\"silent\">");
        cell(&h, fk_console_str(c, "organisation"));
        cell(&h, fk_console_str(c, "name"));
        char key[48];
        snprintf(key, sizeof key, "contacts.channel_%s", fk_console_str(c, "channel"));
        fk_html_raw(&h, "<td>");
        fk_html_msg(&h, key, NULL);
        fk_html_raw(&h, "</td>");
        cell(&h, fk_console_str(c, "address"));
        fk_html_raw(&h, "<td>");
        if (json_object_get(c, "sent"))
            fk_html_time_text(&h, fk_console_str(c, "sent"));
        else
            fk_html_text(&h, fk_console_str(c, "error"));
        fk_html_raw(&h, "</td><td>");
        if (answered)
            fk_html_time_text(&h, fk_console_str(c, "answered"));
        fk_html_raw(&h, "</td>");
        cell(&h, fk_console_str(c, "via"));
        fk_html_raw(&h, "<td class=\"num\">");
        if (answered) {
            char secs[32];
            snprintf(secs, sizeof secs, "%.0f", json_number_value(json_object_get(c, "seconds")));
            fk_html_text(&h, secs);
        }
        fk_html_raw(&h, "</td></tr>");
    }
    fk_html_raw(&h, "</tbody></table>");
    json_decref(d);
    fk_console_page_close(&h, res, 200);
}
