/* The console's administration pages (see console_directory.h). */
#include "console_directory.h"

#include "../core/timefmt.h"

#include "../hub/admin.h"
#include "../store/audit.h"
#include "../store/directory.h"
#include "../store/sectors.h"
#include "console.h"
#include "console_page.h"
#include "i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

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

/* ---- the forms -------------------------------------------------------------------------- */

static void form_open(fk_html *h, const fk_request *req, const char *action, const char *title)
{
    fk_html_raw(h, "<details class=\"add\"><summary>");
    fk_html_msg(h, title, NULL);
    fk_html_raw(h, "</summary><form method=\"post\" class=\"stacked\" action=\"");
    fk_html_text(h, action);
    fk_html_raw(h, "\">");
    fk_console_csrf_field(h, req);
}

static void form_close(fk_html *h, const char *button_key)
{
    fk_html_raw(h, "<button>");
    fk_html_msg(h, button_key, NULL);
    fk_html_raw(h, "</button></form></details>");
}

/* A labelled text input; the value typed before stays after a refusal. */
static void input(fk_html *h, const fk_request *req, const char *name, const char *label_key,
                  const char *type, bool required)
{
    fk_html_raw(h, "<label>");
    fk_html_msg(h, label_key, NULL);
    fk_html_raw(h, " <input name=\"");
    fk_html_raw(h, name);
    fk_html_raw(h, "\" type=\"");
    fk_html_raw(h, type);
    fk_html_raw(h, required ? "\" required" : "\"");
    if (strcmp(type, "password") != 0) {
        fk_html_raw(h, " value=\"");
        fk_html_text(h, req->body ? fk_form_field(req->body, name) : "");
        fk_html_raw(h, "\"");
    }
    fk_html_raw(h, "></label>");
}

/* A select of the names in a listing (organisations, accounts). */
static void name_select(fk_html *h, const char *name, json_t *list)
{
    fk_html_raw(h, "<select name=\"");
    fk_html_raw(h, name);
    fk_html_raw(h, "\">");
    size_t i;
    json_t *o;
    json_array_foreach(list, i, o)
    {
        fk_html_raw(h, "<option>");
        fk_html_text(h, fk_console_str(o, "name"));
        fk_html_raw(h, "</option>");
    }
    fk_html_raw(h, "</select>");
}

static void org_form(fk_html *h, const fk_request *req, json_t *sectors)
{
    form_open(h, req, "/console/directory/organisations", "directory.new_org");
    input(h, req, "name", "directory.name", "text", true);
    fk_html_raw(h, "<label>");
    fk_html_msg(h, "directory.sector", NULL);
    fk_html_raw(h, " <select name=\"sector\">");
    bool ja = !strcmp(h->lang, "ja");
    size_t i;
    json_t *s;
    json_t *seen = json_object();
    json_array_foreach(sectors, i, s)
    {
        const char *code = fk_console_str(s, "code");
        if (json_object_get(seen, code))
            continue; /* a code in several lists is one sector */
        json_object_set_new(seen, code, json_true());
        fk_html_raw(h, "<option value=\"");
        fk_html_text(h, code);
        fk_html_raw(h, "\">");
        fk_html_text(h, fk_console_str(s, ja ? "name_ja" : "name_en"));
        fk_html_raw(h, " (");
        fk_html_text(h, code);
        fk_html_raw(h, ")</option>");
    }
    json_decref(seen);
    fk_html_raw(h, "</select></label><p class=\"hint\">");
    fk_html_msg(h, "directory.identifiers_hint", NULL);
    fk_html_raw(h, "</p>");
    input(h, req, "domains", "directory.domains", "text", false);
    input(h, req, "networks", "directory.networks", "text", false);
    input(h, req, "emails", "directory.emails", "text", false);
    input(h, req, "names", "directory.other_names", "text", false);
    form_close(h, "directory.create");
}

static void group_form(fk_html *h, const fk_request *req)
{
    form_open(h, req, "/console/directory/groups", "directory.new_group");
    input(h, req, "name", "directory.name", "text", true);
    input(h, req, "description", "directory.description", "text", false);
    input(h, req, "members", "directory.members_list", "text", false);
    form_close(h, "directory.create");
}

static void group_member_form(fk_html *h, const fk_request *req, const char *group, json_t *orgs)
{
    fk_html_raw(h, "<form method=\"post\" class=\"inline\" action=\"/console/directory/groups/");
    fk_html_url_value(h, group);
    fk_html_raw(h, "/members\">");
    fk_console_csrf_field(h, req);
    name_select(h, "organisation", orgs);
    fk_html_raw(h, " <button>");
    fk_html_msg(h, "directory.add", NULL);
    fk_html_raw(h, "</button></form>");
}

static void account_form(fk_html *h, const fk_request *req, json_t *orgs)
{
    static const char *const roles[] = {"member-reporter", "member-reader", "centre-analyst",
                                        "centre-admin"};
    form_open(h, req, "/console/directory/accounts", "directory.new_account");
    input(h, req, "name", "directory.name", "text", true);
    fk_html_raw(h, "<label>");
    fk_html_msg(h, "alerts.organisation", NULL);
    fk_html_raw(h, " ");
    name_select(h, "organisation", orgs);
    fk_html_raw(h, "</label><label>");
    fk_html_msg(h, "directory.role", NULL);
    fk_html_raw(h, " <select name=\"role\">");
    for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++) {
        char key[48];
        snprintf(key, sizeof key, "role.%s", roles[i]);
        fk_console_option(h, roles[i], key, "member-reporter");
    }
    fk_html_raw(h, "</select></label>");
    input(h, req, "password", "directory.password", "password", false);
    fk_html_raw(h, "<p class=\"hint\">");
    fk_html_msg(h, "directory.password_hint", NULL);
    fk_html_raw(h, "</p>");
    form_close(h, "directory.create");
}

static void key_form(fk_html *h, const fk_request *req, json_t *accounts)
{
    form_open(h, req, "/console/keys", "directory.new_key");
    fk_html_raw(h, "<input type=\"hidden\" name=\"back\" value=\"directory\"><label>");
    fk_html_msg(h, "signin.account", NULL);
    fk_html_raw(h, " ");
    name_select(h, "account", accounts);
    fk_html_raw(h, "</label>");
    input(h, req, "label", "directory.label", "text", true);
    fk_html_raw(h, "<label>");
    fk_html_msg(h, "directory.permissions", NULL);
    fk_html_raw(h, " <select name=\"permissions\">");
    fk_console_option(h, "ingest", "directory.perm_ingest", "ingest");
    fk_console_option(h, "api", "directory.perm_api", "ingest");
    fk_console_option(h, "api,ingest", "directory.perm_both", "ingest");
    fk_html_raw(h, "</select></label>");
    form_close(h, "directory.create");
}

static void sector_section(fk_html *h, const fk_request *req, json_t *sectors)
{
    fk_html_raw(h, "<h2>");
    fk_html_msg(h, "directory.sectors", NULL);
    fk_html_raw(h, "</h2>");
    const char *const head[] = {"directory.list", "directory.code", "directory.name_ja",
                                "directory.name_en", "directory.critical"};
    fk_console_table_head(h, NULL, head, 5);
    size_t i;
    json_t *s;
    json_array_foreach(sectors, i, s)
    {
        fk_html_raw(h, "<tr>");
        cell(h, fk_console_str(s, "list"));
        cell(h, fk_console_str(s, "code"));
        cell(h, fk_console_str(s, "name_ja"));
        cell(h, fk_console_str(s, "name_en"));
        fk_html_raw(h, "<td>");
        if (json_is_true(json_object_get(s, "critical_infrastructure")))
            fk_html_msg(h, "directory.yes", NULL);
        fk_html_raw(h, "</td></tr>");
    }
    fk_html_raw(h, "</tbody></table>");
    form_open(h, req, "/console/directory/sectors", "directory.put_sector");
    input(h, req, "list", "directory.list", "text", true);
    input(h, req, "code", "directory.code", "text", true);
    input(h, req, "name_ja", "directory.name_ja", "text", true);
    input(h, req, "name_en", "directory.name_en", "text", true);
    fk_html_raw(h, "<label class=\"check\"><input type=\"checkbox\" name=\"critical\" "
                   "value=\"true\"> ");
    fk_html_msg(h, "directory.critical", NULL);
    fk_html_raw(h, "</label>");
    form_close(h, "directory.save");
}

/* The page, with what went wrong with the last change (NULL: nothing) above it and
 * the fields it was given still in its forms. */
static void directory_page(fk_request *req, fk_response *res, const char *error, unsigned status)
{
    /* the directory of a national centre is hundreds of organisations and accounts, not
     * millions: listed whole, as `fukurou admin` does */
    json_t *orgs = NULL, *groups = NULL, *accounts = NULL, *keys = NULL, *sectors = NULL;
    fk_err err;
    if (fk_directory_list(req->db, "organisations", NULL, &orgs, &err) != 0 ||
        fk_directory_list(req->db, "groups", NULL, &groups, &err) != 0 ||
        fk_directory_list(req->db, "accounts", NULL, &accounts, &err) != 0 ||
        fk_directory_list(req->db, "apikeys", NULL, &keys, &err) != 0 ||
        fk_sectors_list(req->db, NULL, &sectors, &err) != 0) {
        json_decref(orgs);
        json_decref(groups);
        json_decref(accounts);
        json_decref(keys);
        return fk_console_storage_fail(req, res, &err);
    }
    fk_html h = {.lang = fk_console_lang(req)};
    fk_console_page_open(&h, req, "directory.title");
    if (error) {
        fk_html_raw(&h, "<p class=\"error\">");
        fk_html_text(&h, error);
        fk_html_raw(&h, "</p>");
    }
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
    fk_html_raw(&h, "</tbody></table>");
    org_form(&h, req, sectors);
    fk_html_raw(&h, "<h2>");
    fk_html_msg(&h, "directory.groups", NULL);
    fk_html_raw(&h, "</h2>");
    const char *const group_head[] = {"directory.group", "directory.members",
                                      "directory.add_member"};
    fk_console_table_head(&h, NULL, group_head, 3);
    json_array_foreach(groups, i, o)
    {
        fk_html_raw(&h, "<tr>");
        cell(&h, fk_console_str(o, "name"));
        list_cell(&h, json_object_get(o, "members"));
        fk_html_raw(&h, "<td>");
        group_member_form(&h, req, fk_console_str(o, "name"), orgs);
        fk_html_raw(&h, "</td></tr>");
    }
    fk_html_raw(&h, "</tbody></table>");
    group_form(&h, req);
    fk_html_raw(&h, "<h2>");
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
        char role[48];
        snprintf(role, sizeof role, "role.%s", fk_console_str(o, "role"));
        cell(&h, fk_i18n(h.lang, role));
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
    fk_html_raw(&h, "</tbody></table>");
    account_form(&h, req, orgs);
    fk_html_raw(&h, "<h2>");
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
    fk_html_raw(&h, "</tbody></table>");
    key_form(&h, req, accounts);
    sector_section(&h, req, sectors);
    fk_html_raw(&h, "<p><a href=\"/console/audit\">");
    fk_html_msg(&h, "audit.title", NULL);
    fk_html_raw(&h, "</a></p>");
    json_decref(orgs);
    json_decref(groups);
    json_decref(accounts);
    json_decref(keys);
    json_decref(sectors);
    fk_console_page_close(&h, res, status);
}

void fk_console_directory(fk_request *req, fk_response *res)
{
    directory_page(req, res, NULL, 200);
}

/* ---- changes ---------------------------------------------------------------------------- */

/* After a change: back to the page, or the page again with the use case's words. */
static void changed(fk_request *req, fk_response *res, int rc, const fk_err *err)
{
    if (rc == 0)
        return fk_console_redirect(res, "/console/directory");
    if (err->code == FK_ERR_STORAGE || err->code == FK_ERR_NOMEM || err->code == FK_ERR_BUSY)
        return fk_console_storage_fail(req, res, err);
    if (err->code == FK_ERR_DENIED)
        return fk_console_fail(req, res, 403, err->msg);
    directory_page(req, res, err->msg, err->code == FK_ERR_CONFLICT ? 409 : 400);
}

/* "a.example, b.example" (commas, spaces or new lines between) into identifiers of kind. */
static void add_identifiers(json_t *ids, const char *kind, const char *text)
{
    for (const char *p = text; ids && *p;) {
        p += strspn(p, " ,\t\r\n");
        size_t n = strcspn(p, " ,\t\r\n");
        if (n)
            json_array_append_new(ids, json_pack("{sss s%}", "kind", kind, "value", p, n));
        p += n;
    }
}

void fk_console_org_create(fk_request *req, fk_response *res)
{
    json_t *ids = json_array();
    static const char *const kinds[] = {"domain", "network", "email", "name"};
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        char field[32];
        snprintf(field, sizeof field, "%ss", kinds[i]);
        add_identifiers(ids, kinds[i], fk_form_field(req->body, field));
    }
    fk_err err;
    int64_t id;
    int rc = ids ? fk_hub_org_create(req->db, req->who, fk_form_field(req->body, "name"),
                                     fk_form_field(req->body, "sector"), ids, &id, &err)
                 : fk_errc(&err, FK_ERR_NOMEM, "out of memory");
    json_decref(ids);
    changed(req, res, rc, &err);
}

void fk_console_group_create(fk_request *req, fk_response *res)
{
    json_t *members = json_array();
    const char *text = fk_form_field(req->body, "members");
    for (const char *p = text; members && *p;) {
        p += strspn(p, ",\r\n");
        size_t n = strcspn(p, ",\r\n");
        size_t b = 0, e = n; /* names may hold spaces: only commas and lines part them */
        while (b < e && p[b] == ' ')
            b++;
        while (e > b && p[e - 1] == ' ')
            e--;
        if (e > b)
            json_array_append_new(members, json_stringn(p + b, e - b));
        p += n;
    }
    fk_err err;
    int64_t id;
    const char *desc = fk_form_field(req->body, "description");
    int rc = members ? fk_hub_group_create(req->db, req->who, fk_form_field(req->body, "name"),
                                           *desc ? desc : NULL, members, &id, &err)
                     : fk_errc(&err, FK_ERR_NOMEM, "out of memory");
    json_decref(members);
    changed(req, res, rc, &err);
}

void fk_console_group_add(fk_request *req, fk_response *res)
{
    fk_err err;
    int rc = fk_hub_group_add(req->db, req->who, req->params[0],
                              fk_form_field(req->body, "organisation"), &err);
    changed(req, res, rc, &err);
}

void fk_console_account_create(fk_request *req, fk_response *res)
{
    fk_role role;
    fk_err err;
    const char *password = fk_form_field(req->body, "password");
    int64_t id;
    int rc = fk_role_parse(fk_form_field(req->body, "role"), &role)
                 ? fk_hub_account_create(req->db, req->who, fk_form_field(req->body, "name"),
                                         fk_form_field(req->body, "organisation"), role,
                                         *password ? password : NULL, &id, &err)
                 : fk_errc(&err, FK_ERR_INVALID,
                           "role: expected centre-admin, centre-analyst, member-reporter or "
                           "member-reader");
    changed(req, res, rc, &err);
}

void fk_console_sector_put(fk_request *req, fk_response *res)
{
    fk_err err;
    int rc = fk_hub_sector_put(
        req->db, req->who, fk_form_field(req->body, "list"), fk_form_field(req->body, "code"),
        fk_form_field(req->body, "name_ja"), fk_form_field(req->body, "name_en"),
        !strcmp(fk_form_field(req->body, "critical"), "true"), &err);
    changed(req, res, rc, &err);
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

/* What the checks found: the last full check of the chain (run now when none has run),
 * and the entries written since, checked on every view. */
static int audit_status(fk_request *req, fk_html *h, fk_err *err)
{
    fk_audit_checkpoint cp;
    if (fk_audit_checkpoint_load(req->db, &cp, err) != 0)
        return -1;
    if (!cp.checked_ms && fk_audit_check_full(req->db, fk_time_now_ms(), &cp, err) < 0)
        return -1;
    fk_audit_report tail;
    int since = cp.first_bad ? 1 : fk_audit_verify_since(req->db, &cp, &tail, err);
    if (since < 0)
        return -1;
    char n[24], bad[24];
    snprintf(n, sizeof n, "%lld", (long long)cp.entries);
    snprintf(bad, sizeof bad, "%lld", (long long)cp.first_bad);
    fk_html_raw(h, cp.first_bad ? "<p class=\"error\">" : "<p class=\"ok\">");
    if (cp.first_bad)
        fk_html_msg(h, "audit.broken", "entry", bad, "why", cp.why, NULL);
    else
        fk_html_msg(h, "audit.verified", "entries", n, NULL);
    fk_html_raw(h, " ");
    fk_html_msg(h, "audit.checked_at", NULL);
    fk_html_raw(h, " ");
    fk_html_time(h, cp.checked_ms);
    fk_html_raw(h, "</p>");
    if (!cp.first_bad) {
        snprintf(n, sizeof n, "%lld", (long long)tail.entries);
        snprintf(bad, sizeof bad, "%lld", (long long)tail.first_bad);
        fk_html_raw(h, since ? "<p class=\"error\">" : "<p>");
        if (since)
            fk_html_msg(h, "audit.broken", "entry", bad, "why", tail.why, NULL);
        else
            fk_html_msg(h, "audit.since_verified", "entries", n, NULL);
        fk_html_raw(h, "</p>");
    }
    fk_html_raw(h, "<form method=\"post\" action=\"/console/audit/check\">");
    fk_console_csrf_field(h, req);
    fk_html_raw(h, "<button>");
    fk_html_msg(h, "audit.check_now", NULL);
    fk_html_raw(h, "</button></form>");
    return 0;
}

void fk_console_audit_check(fk_request *req, fk_response *res)
{
    fk_audit_checkpoint cp;
    fk_err err;
    if (fk_audit_check_full(req->db, fk_time_now_ms(), &cp, &err) < 0)
        return fk_console_storage_fail(req, res, &err);
    fk_console_redirect(res, "/console/audit");
}

void fk_console_audit(fk_request *req, fk_response *res)
{
    fk_err err;
    fk_page page = {.after = fk_console_after(req), .limit = AUDIT_PER_PAGE};
    /* one object's entries ("case:12", "org:3", "report:7"), by its index */
    const char *object = fk_http_query(req, "object");
    if (object && !*object)
        object = NULL;
    json_t *list;
    if (fk_audit_list_object(req->db, object, &page, &list, &err) != 0)
        return fk_console_storage_fail(req, res, &err);
    fk_html h = {.lang = fk_console_lang(req)};
    fk_console_page_open(&h, req, "audit.title");
    if (audit_status(req, &h, &err) != 0) {
        json_decref(list);
        fk_sbuf_free(&h.b);
        return fk_console_storage_fail(req, res, &err);
    }
    fk_html_raw(&h, "<form method=\"get\" class=\"filters\" action=\"/console/audit\"><label>");
    fk_html_msg(&h, "audit.object", NULL);
    fk_html_raw(&h, " <input name=\"object\" placeholder=\"case:12\" value=\"");
    fk_html_text(&h, object ? object : "");
    fk_html_raw(&h, "\"></label><button>");
    fk_html_msg(&h, "filter.apply", NULL);
    fk_html_raw(&h, "</button></form>");
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
        fk_console_pager(&h, "/console/audit", last, "pager.next",
                         (const char *const[][2]){{"object", object}}, 1);
    json_decref(list);
    fk_console_page_close(&h, res, 200);
}
