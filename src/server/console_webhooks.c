/* The console's webhook page (see console_webhooks.h). */
#include "console_webhooks.h"

#include "../core/timefmt.h"
#include "../hub/access.h"
#include "../hub/webhooks.h"
#include "console_page.h"
#include "html.h"
#include "http.h"

#include <stdio.h>
#include <string.h>

/* The list, with (secret non-NULL) the secret of the webhook just added, shown once. */
static void page(fk_request *req, fk_response *res, json_t *added)
{
    json_t *list;
    fk_err err;
    if (fk_hub_webhooks(req->db, req->who, &list, &err) != 0)
        return fk_console_storage_fail(req, res, &err);
    bool centre = fk_role_is_centre(req->who->role);
    bool can_edit = fk_access_allows(FK_ACT_CONTACT_EDIT, req->who->role);
    fk_html h = {.lang = fk_console_lang(req)};
    fk_console_page_open(&h, req, "webhooks.title");
    if (added) {
        fk_html_raw(&h, "<div class=\"secret\"><p>");
        fk_html_msg(&h, "webhooks.secret_once", NULL);
        fk_html_raw(&h, "</p><code>");
        fk_html_text(&h, fk_console_str(added, "secret"));
        fk_html_raw(&h, "</code></div>");
    }
    fk_html_raw(&h, "<p class=\"hint\">");
    fk_html_msg(&h, "webhooks.hint", NULL);
    fk_html_raw(&h, "</p>");
    const char *const head[] = {"webhooks.number", centre ? "alerts.organisation" : NULL,
                                "webhooks.url", "webhooks.created", "directory.change"};
    fk_console_table_head(&h, NULL, head, sizeof head / sizeof head[0]);
    size_t i;
    json_t *w;
    json_array_foreach(list, i, w)
    {
        int64_t id = json_integer_value(json_object_get(w, "id"));
        fk_html_raw(&h, "<tr><td class=\"num\"><a href=\"/console/webhooks/");
        fk_html_int(&h, id);
        fk_html_raw(&h, "\">");
        fk_html_int(&h, id);
        fk_html_raw(&h, "</a></td>");
        if (centre) {
            fk_html_raw(&h, "<td>");
            fk_html_text(&h, fk_console_str(w, "organisation"));
            fk_html_raw(&h, "</td>");
        }
        fk_html_raw(&h, "<td>");
        fk_html_text(&h, fk_console_str(w, "url"));
        fk_html_raw(&h, "</td><td>");
        fk_html_time_text(&h, fk_console_str(w, "created"));
        fk_html_raw(&h, "</td><td>");
        if (can_edit) {
            fk_html_raw(&h, "<form method=\"post\" class=\"inline\" action=\"/console/webhooks/");
            fk_html_int(&h, id);
            fk_html_raw(&h, "/remove\">");
            fk_console_csrf_field(&h, req);
            fk_html_raw(&h, "<button>");
            fk_html_msg(&h, "contacts.remove", NULL);
            fk_html_raw(&h, "</button></form>");
        }
        fk_html_raw(&h, "</td></tr>");
    }
    fk_html_raw(&h, "</tbody></table>");
    fk_console_empty(&h, json_array_size(list), "webhooks.none");
    if (can_edit) {
        fk_html_raw(&h, "<form method=\"post\" class=\"stacked\" action=\"/console/webhooks\">");
        fk_console_csrf_field(&h, req);
        fk_html_raw(&h, "<label>");
        fk_html_msg(&h, "webhooks.url", NULL);
        fk_html_raw(&h, " <input name=\"url\" type=\"url\" required "
                        "placeholder=\"https://soc.example/fukurou\"></label><button>");
        fk_html_msg(&h, "webhooks.add", NULL);
        fk_html_raw(&h, "</button></form>");
    }
    json_decref(list);
    fk_console_page_close(&h, res, added ? 201 : 200);
}

void fk_console_webhooks(fk_request *req, fk_response *res)
{
    page(req, res, NULL);
}

void fk_console_webhook_add(fk_request *req, fk_response *res)
{
    json_t *added;
    fk_err err;
    if (fk_hub_webhook_add(req->db, req->who, fk_form_field(req->body, "url"), fk_time_now_ms(),
                           &added, &err) != 0)
        return fk_console_refused(req, res, &err);
    page(req, res, added);
    json_decref(added);
}

void fk_console_webhook_remove(fk_request *req, fk_response *res)
{
    int64_t id;
    if (!fk_console_id(req, res, &id))
        return;
    fk_err err;
    int rc = fk_hub_webhook_remove(req->db, req->who, id, fk_time_now_ms(), &err);
    fk_console_done(req, res, rc, &err, "no such webhook", "/console/webhooks");
}

void fk_console_webhook(fk_request *req, fk_response *res)
{
    int64_t id;
    if (!fk_console_id(req, res, &id))
        return;
    json_t *list;
    fk_err err;
    int rc = fk_hub_webhook_deliveries(req->db, req->who, id, &list, &err);
    if (rc > 0)
        return fk_console_fail(req, res, 404, "no such webhook");
    if (rc < 0)
        return fk_console_storage_fail(req, res, &err);
    fk_html h = {.lang = fk_console_lang(req)};
    fk_console_page_open(&h, req, "webhooks.deliveries");
    const char *const head[] = {"webhooks.number",   "webhooks.event",     "webhooks.created",
                                "webhooks.attempts", "webhooks.delivered", "webhooks.error"};
    fk_console_table_head(&h, NULL, head, sizeof head / sizeof head[0]);
    size_t i;
    json_t *d;
    json_array_foreach(list, i, d)
    {
        fk_html_raw(&h, "<tr><td class=\"num\">");
        fk_html_int(&h, json_integer_value(json_object_get(d, "id")));
        fk_html_raw(&h, "</td><td>");
        fk_html_text(&h, fk_console_str(d, "event"));
        fk_html_raw(&h, "</td><td>");
        fk_html_time_text(&h, fk_console_str(d, "created"));
        fk_html_raw(&h, "</td><td class=\"num\">");
        fk_html_int(&h, json_integer_value(json_object_get(d, "attempts")));
        fk_html_raw(&h, "</td><td>");
        if (*fk_console_str(d, "delivered")) {
            fk_html_time_text(&h, fk_console_str(d, "delivered"));
        } else if (*fk_console_str(d, "next_try")) {
            fk_html_msg(&h, "webhooks.next_try", NULL);
            fk_html_raw(&h, " ");
            fk_html_time_text(&h, fk_console_str(d, "next_try"));
        } else {
            fk_html_msg(&h, "webhooks.given_up", NULL);
        }
        fk_html_raw(&h, "</td><td>");
        fk_html_text(&h, fk_console_str(d, "error"));
        fk_html_raw(&h, "</td></tr>");
    }
    fk_html_raw(&h, "</tbody></table>");
    fk_console_empty(&h, json_array_size(list), "webhooks.no_deliveries");
    json_decref(list);
    fk_console_page_close(&h, res, 200);
}
