/* The console's administration pages (see console_directory.h). */
#include "console_directory.h"

#include "../store/audit.h"
#include "../store/directory.h"
#include "console.h"
#include "console_page.h"
#include "i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { AUDIT_PER_PAGE = 100 };

/* One text cell of a row. */
static void cell(fk_html *h, const char *text)
{
    fk_html_raw(h, "<td>");
    fk_html_text(h, text);
    fk_html_raw(h, "</td>");
}

/* A list of strings as one cell ("a, b"). */
static void list_cell(fk_html *h, json_t *list)
{
    fk_html_raw(h, "<td>");
    size_t i;
    json_t *v;
    json_array_foreach(list, i, v)
    {
        if (i)
            fk_html_raw(h, ", ");
        fk_html_text(h, json_string_value(v));
    }
    fk_html_raw(h, "</td>");
}

/* A form with one button posting to path (the session's CSRF token with it). */
static void button(fk_html *h, const fk_request *req, const char *path, const char *key)
{
    fk_html_raw(h, "<form method=\"post\" class=\"inline\" action=\"");
    fk_html_text(h, path);
    fk_html_raw(h, "\">");
    fk_console_csrf_field(h, req);
    fk_html_raw(h, "<button>");
    fk_html_msg(h, key, NULL);
    fk_html_raw(h, "</button></form>");
}

void fk_console_directory(fk_request *req, fk_response *res)
{
    /* the directory of a national centre is hundreds of organisations and accounts, not
     * millions: listed whole, as `fukurou admin` does */
    json_t *orgs = NULL, *groups = NULL, *accounts = NULL, *keys = NULL;
    fk_err err;
    if (fk_directory_list(req->db, "organisations", NULL, &orgs, &err) != 0 ||
        fk_directory_list(req->db, "groups", NULL, &groups, &err) != 0 ||
        fk_directory_list(req->db, "accounts", NULL, &accounts, &err) != 0 ||
        fk_directory_list(req->db, "apikeys", NULL, &keys, &err) != 0) {
        json_decref(orgs);
        json_decref(groups);
        json_decref(accounts);
        return fk_console_storage_fail(req, res, &err);
    }
    fk_html h = {.lang = fk_console_lang(req)};
    fk_console_page_open(&h, req, "directory.title");
    size_t i;
    json_t *o;
    fk_html_raw(&h, "<h2>");
    fk_html_msg(&h, "directory.organisations", NULL);
    fk_html_raw(&h, "</h2>");
    const char *const org_head[] = {"alerts.organisation", "directory.sector", "directory.engines"};
    fk_console_table_head(&h, NULL, org_head, 3);
    json_array_foreach(orgs, i, o)
    {
        fk_html_raw(&h, "<tr>");
        cell(&h, fk_console_str(o, "name"));
        cell(&h, fk_console_str(o, "sector"));
        cell(&h, fk_console_str(o, "engines"));
        fk_html_raw(&h, "</tr>");
    }
    fk_html_raw(&h, "</tbody></table><h2>");
    fk_html_msg(&h, "directory.groups", NULL);
    fk_html_raw(&h, "</h2>");
    const char *const group_head[] = {"directory.group", "directory.members"};
    fk_console_table_head(&h, NULL, group_head, 2);
    json_array_foreach(groups, i, o)
    {
        fk_html_raw(&h, "<tr>");
        cell(&h, fk_console_str(o, "name"));
        list_cell(&h, json_object_get(o, "members"));
        fk_html_raw(&h, "</tr>");
    }
    fk_html_raw(&h, "</tbody></table><h2>");
    fk_html_msg(&h, "directory.accounts", NULL);
    fk_html_raw(&h, "</h2>");
    const char *const account_head[] = {"signin.account", "alerts.organisation", "directory.role",
                                        "directory.account_state", "directory.change"};
    fk_console_table_head(&h, NULL, account_head, 5);
    json_array_foreach(accounts, i, o)
    {
        const char *name = fk_console_str(o, "name");
        bool disabled = json_is_true(json_object_get(o, "disabled"));
        fk_html_raw(&h, "<tr>");
        cell(&h, name);
        cell(&h, fk_console_str(o, "organisation"));
        cell(&h, fk_console_str(o, "role"));
        fk_html_raw(&h, "<td>");
        fk_html_msg(&h, disabled ? "directory.disabled" : "directory.enabled", NULL);
        fk_html_raw(&h, "</td><td>");
        if (strcmp(name, req->who->account) != 0) { /* not one's own way out */
            fk_html h2 = {.lang = h.lang};
            fk_html_raw(&h2, "/console/directory/accounts/");
            fk_html_url_value(&h2, name);
            fk_html_raw(&h2, disabled ? "/enable" : "/disable");
            if (h2.failed || !h2.b.p)
                h.failed = true;
            else
                button(&h, req, h2.b.p, disabled ? "directory.enable" : "directory.disable");
            fk_sbuf_free(&h2.b);
        }
        fk_html_raw(&h, "</td></tr>");
    }
    fk_html_raw(&h, "</tbody></table><h2>");
    fk_html_msg(&h, "directory.keys", NULL);
    fk_html_raw(&h, "</h2>");
    const char *const key_head[] = {"directory.key_id", "signin.account", "directory.label",
                                    "directory.permissions", "directory.change"};
    fk_console_table_head(&h, NULL, key_head, 5);
    json_array_foreach(keys, i, o)
    {
        const char *id = fk_console_str(o, "id");
        bool revoked =
            json_object_get(o, "revoked_at") && !json_is_null(json_object_get(o, "revoked_at"));
        fk_html_raw(&h, "<tr>");
        cell(&h, id);
        cell(&h, fk_console_str(o, "account"));
        cell(&h, fk_console_str(o, "label"));
        cell(&h, fk_console_str(o, "permissions"));
        fk_html_raw(&h, "<td>");
        if (revoked) {
            fk_html_msg(&h, "directory.revoked", NULL);
        } else if (strspn(id, "0123456789abcdef") == strlen(id) && strlen(id) < 40) {
            char path[96];
            snprintf(path, sizeof path, "/console/keys/%s/revoke", id);
            button(&h, req, path, "directory.revoke");
        }
        fk_html_raw(&h, "</td></tr>");
    }
    fk_html_raw(&h, "</tbody></table><p><a href=\"/console/audit\">");
    fk_html_msg(&h, "audit.title", NULL);
    fk_html_raw(&h, "</a></p>");
    json_decref(orgs);
    json_decref(groups);
    json_decref(accounts);
    json_decref(keys);
    fk_console_page_close(&h, res, 200);
}

static void set_disabled(fk_request *req, fk_response *res, bool disabled)
{
    const char *name = req->params[0];
    if (!strcmp(name, req->who->account))
        return fk_console_fail(req, res, 409, "an administrator does not disable itself here");
    char actor[160];
    snprintf(actor, sizeof actor, "account:%s", req->who->account);
    fk_err err;
    if (fk_account_set_disabled(req->db, actor, name, disabled, &err) != 0)
        return err.code == FK_ERR_INVALID ? fk_console_fail(req, res, 404, err.msg)
                                          : fk_console_storage_fail(req, res, &err);
    fk_console_redirect(res, "/console/directory");
}

void fk_console_account_disable(fk_request *req, fk_response *res)
{
    set_disabled(req, res, true);
}

void fk_console_account_enable(fk_request *req, fk_response *res)
{
    set_disabled(req, res, false);
}

void fk_console_key_revoke(fk_request *req, fk_response *res)
{
    char actor[160];
    snprintf(actor, sizeof actor, "account:%s", req->who->account);
    fk_err err;
    if (fk_apikey_revoke(req->db, actor, req->params[0], &err) != 0)
        return err.code == FK_ERR_INVALID ? fk_console_fail(req, res, 404, err.msg)
                                          : fk_console_storage_fail(req, res, &err);
    fk_console_redirect(res, "/console/directory");
}

void fk_console_audit(fk_request *req, fk_response *res)
{
    fk_audit_report report;
    fk_err err;
    int verified = fk_audit_verify(req->db, &report, &err);
    if (verified < 0)
        return fk_console_storage_fail(req, res, &err);
    fk_page page = {.after = fk_console_after(req), .limit = AUDIT_PER_PAGE};
    json_t *list;
    if (fk_audit_list(req->db, &page, &list, &err) != 0)
        return fk_console_storage_fail(req, res, &err);
    fk_html h = {.lang = fk_console_lang(req)};
    fk_console_page_open(&h, req, "audit.title");
    char entries[24], bad[24];
    snprintf(entries, sizeof entries, "%lld", (long long)report.entries);
    snprintf(bad, sizeof bad, "%lld", (long long)report.first_bad);
    fk_html_raw(&h, verified == 0 ? "<p class=\"ok\">" : "<p class=\"error\">");
    if (verified == 0)
        fk_html_msg(&h, "audit.verified", "entries", entries, NULL);
    else
        fk_html_msg(&h, "audit.broken", "entry", bad, "why", report.why, NULL);
    fk_html_raw(&h, "</p>");
    const char *const head[] = {
        "#", "audit.at", "audit.actor", "audit.action", "audit.object", "audit.detail"};
    fk_console_table_head(&h, "audit", head, 6);
    size_t i;
    json_t *e;
    json_int_t last = 0;
    json_array_foreach(list, i, e)
    {
        last = json_integer_value(json_object_get(e, "seq"));
        fk_html_raw(&h, "<tr><td class=\"num\">");
        fk_html_int(&h, last);
        fk_html_raw(&h, "</td><td>");
        fk_html_time_text(&h, fk_console_str(e, "at"));
        fk_html_raw(&h, "</td>");
        cell(&h, fk_console_str(e, "actor"));
        cell(&h, fk_console_str(e, "action"));
        cell(&h, fk_console_str(e, "object"));
        fk_html_raw(&h, "<td class=\"value\">");
        fk_html_text(&h, fk_console_str(e, "detail"));
        fk_html_raw(&h, "</td></tr>");
    }
    fk_html_raw(&h, "</tbody></table>");
    if (json_array_size(list) == AUDIT_PER_PAGE)
        fk_console_pager(&h, "/console/audit", last, "pager.next");
    json_decref(list);
    fk_console_page_close(&h, res, 200);
}
