#include "contacts.h"

#include <stdio.h>
#include <string.h>

static const char *actor_of(const fk_principal *who, char buf[160])
{
    snprintf(buf, 160, "account:%s", who->account);
    return buf;
}

static bool one_of(const char *s, const char *const *list)
{
    for (; s && *list; list++)
        if (!strcmp(s, *list))
            return true;
    return false;
}

static const char *const channels[] = {"email", "phone", "hotline", NULL};
static const char *const chains[] = {"normal", "large-scale", NULL};
static const char *const langs[] = {"ja", "en", NULL};

/* The organisation the caller acts for: a member its own only. */
static int org_for(fk_db *db, const fk_principal *who, const char *org, int64_t *org_id,
                   fk_err *err)
{
    bool centre = fk_role_is_centre(who->role);
    if (!org || !*org) {
        if (centre)
            return fk_errc(err, FK_ERR_INVALID, "organisation: whose contact");
        org = who->org;
    }
    if (!centre && strcmp(org, who->org) != 0)
        return fk_errc(err, FK_ERR_DENIED, "a member keeps its own contacts only");
    char sector[48];
    int rc = fk_org_find(db, org, org_id, sector, err);
    return rc == 0  ? 0
           : rc < 0 ? -1
                    : fk_errc(err, FK_ERR_INVALID, "organisation: no organisation named '%s'", org);
}

static bool phone_ok(const char *s)
{
    size_t digits = 0;
    for (const char *p = s; *p; p++) {
        if (*p >= '0' && *p <= '9')
            digits++;
        else if (!strchr("+-() ", *p))
            return false;
    }
    return digits >= 3 && digits <= 20;
}

int fk_hub_contact_add(fk_db *db, const fk_principal *who, json_t *in, int64_t now_ms, int64_t *id,
                       fk_err *err)
{
    if (!json_is_object(in))
        return fk_errc(err, FK_ERR_INVALID, "expected a JSON object: {\"name\", \"channel\", ...}");
    fk_contact c = {
        .name = json_string_value(json_object_get(in, "name")),
        .role = json_string_value(json_object_get(in, "role")),
        .channel = json_string_value(json_object_get(in, "channel")),
        .address = json_string_value(json_object_get(in, "address")),
        .lang = json_object_get(in, "lang") ? json_string_value(json_object_get(in, "lang")) : "ja",
        .chain = json_object_get(in, "chain") ? json_string_value(json_object_get(in, "chain"))
                                              : "normal",
    };
    if (!c.name || !*c.name || strlen(c.name) > 200)
        return fk_errc(err, FK_ERR_INVALID, "name: who (at most 200 bytes)");
    if (!c.role)
        c.role = "";
    if (strlen(c.role) > 200)
        return fk_errc(err, FK_ERR_INVALID, "role: at most 200 bytes");
    if (!one_of(c.channel, channels))
        return fk_errc(err, FK_ERR_INVALID, "channel: expected email, phone or hotline");
    if (!c.address || !*c.address || strlen(c.address) > 254)
        return fk_errc(err, FK_ERR_INVALID, "address: the e-mail address or number");
    if (!strcmp(c.channel, "email") ? !strchr(c.address, '@') || strpbrk(c.address, " <>\r\n,;")
                                    : !phone_ok(c.address))
        return fk_errc(err, FK_ERR_INVALID, "address: '%s' is not %s", c.address,
                       !strcmp(c.channel, "email") ? "an e-mail address" : "a telephone number");
    if (!one_of(c.lang, langs))
        return fk_errc(err, FK_ERR_INVALID, "lang: expected ja or en");
    if (!one_of(c.chain, chains))
        return fk_errc(err, FK_ERR_INVALID, "chain: expected normal or large-scale");
    json_t *pos = json_object_get(in, "position");
    if (pos &&
        (!json_is_integer(pos) || json_integer_value(pos) < 1 || json_integer_value(pos) > 1000))
        return fk_errc(err, FK_ERR_INVALID, "position: 1 (called first) to 1000");
    int64_t org_id;
    if (org_for(db, who, json_string_value(json_object_get(in, "organisation")), &org_id, err) != 0)
        return -1;
    if (fk_db_begin(db, err) != 0)
        return -1;
    int rc = 0;
    if (pos) {
        c.position = (int)json_integer_value(pos);
    } else { /* after the others of its chain */
        json_t *list;
        rc = fk_contact_list(db, org_id, c.chain, &list, err);
        c.position = rc == 0 ? (int)json_array_size(list) + 1 : 0;
        json_decref(list);
    }
    char actor[160];
    if (rc == 0)
        rc = fk_contact_add(db, actor_of(who, actor), org_id, &c, now_ms, id, err);
    if (rc == 0)
        rc = fk_db_commit(db, err);
    if (rc != 0)
        fk_db_rollback(db);
    return rc;
}

int fk_hub_contact_remove(fk_db *db, const fk_principal *who, int64_t id, int64_t now_ms,
                          fk_err *err)
{
    char actor[160];
    if (fk_db_begin(db, err) != 0)
        return -1;
    int rc = fk_contact_remove(db, actor_of(who, actor), id,
                               fk_role_is_centre(who->role) ? 0 : who->org_id, now_ms, err);
    if (rc == 0 && fk_db_commit(db, err) == 0)
        return 0;
    fk_db_rollback(db);
    return rc > 0 ? 1 : -1;
}

int fk_hub_contacts(fk_db *db, const fk_principal *who, const char *org, json_t **out, fk_err *err)
{
    int64_t org_id = 0;
    if ((org && *org) || !fk_role_is_centre(who->role))
        if (org_for(db, who, org, &org_id, err) != 0)
            return -1;
    return fk_contact_list(db, org_id, NULL, out, err);
}

int fk_hub_contact_route(fk_db *db, const fk_principal *who, const char *org, json_t **out,
                         fk_err *err)
{
    int64_t org_id;
    char mode[16];
    if (org_for(db, who, org, &org_id, err) != 0 || fk_contact_mode(db, mode, err) != 0)
        return -1;
    json_t *list;
    if (fk_contact_list(db, org_id, mode, &list, err) != 0)
        return -1;
    *out = json_pack("{ss ss so}", "mode", mode, "organisation", org && *org ? org : who->org,
                     "contacts", list);
    return *out ? 0 : fk_errc(err, FK_ERR_NOMEM, "out of memory");
}

int fk_hub_contact_mode_set(fk_db *db, const fk_principal *who, const char *mode, fk_err *err)
{
    if (!fk_role_is_centre(who->role))
        return fk_errc(err, FK_ERR_DENIED, "the centre switches the contact mode");
    if (!one_of(mode, chains))
        return fk_errc(err, FK_ERR_INVALID, "mode: expected normal or large-scale");
    char actor[160];
    if (fk_db_begin(db, err) != 0)
        return -1;
    if (fk_contact_mode_set(db, actor_of(who, actor), mode, err) != 0 ||
        fk_db_commit(db, err) != 0) {
        fk_db_rollback(db);
        return -1;
    }
    return 0;
}

/* The check's message in the contact's language. */
static void message_of(const char *lang, const char *org, const char *name, const char *link,
                       char *subject, size_t scap, char *body, size_t bcap)
{
    if (!strcmp(lang, "en")) {
        snprintf(subject, scap, "Contact check from the centre (%s)", org);
        snprintf(body, bcap,
                 "Dear %s,\n\nThis is a reachability check of the contact registry of %s.\n"
                 "Please confirm that you received it by opening this link (it works once):\n\n"
                 "%s\n\nNo other action is needed.\n",
                 name, org, link);
    } else {
        snprintf(subject, scap, "連絡体制の確認（%s）", org);
        snprintf(body, bcap,
                 "%s 様\n\n%s の連絡窓口の到達確認です。\n"
                 "受信したことを、次のリンクを開いて確認してください（一度だけ有効です）。\n\n"
                 "%s\n\nほかに必要な対応はありません。\n",
                 name, org, link);
    }
}

int fk_hub_drill_start(fk_db *db, const fk_principal *who, const fk_mail_config *mail,
                       const char *base_url, const char *chain, const char *org, int64_t now_ms,
                       int64_t *drill_id, fk_err *err)
{
    if (!fk_role_is_centre(who->role))
        return fk_errc(err, FK_ERR_DENIED, "the centre runs reachability drills");
    char mode[16];
    if (!chain || !*chain) {
        if (fk_contact_mode(db, mode, err) != 0)
            return -1;
        chain = mode;
    }
    if (!one_of(chain, chains))
        return fk_errc(err, FK_ERR_INVALID, "chain: expected normal or large-scale");
    int64_t org_id = 0;
    if (org && *org && org_for(db, who, org, &org_id, err) != 0)
        return -1;
    json_t *checks;
    char actor[160];
    if (fk_db_begin(db, err) != 0)
        return -1;
    if (fk_drill_start(db, actor_of(who, actor), chain, org_id, now_ms, drill_id, &checks, err) !=
            0 ||
        fk_db_commit(db, err) != 0) {
        fk_db_rollback(db);
        return -1;
    }
    /* sent after the checks are stored, so that an answer always finds its check; each
     * outcome recorded (a phone or a hotline is for the centre to call) */
    size_t i;
    json_t *c;
    json_array_foreach(checks, i, c)
    {
        int64_t contact = json_integer_value(json_object_get(c, "contact_id"));
        if (strcmp(json_string_value(json_object_get(c, "channel")), "email") != 0)
            continue;
        char link[600], subject[300], body[2000];
        snprintf(link, sizeof link, "%s/ack/%s", base_url,
                 json_string_value(json_object_get(c, "token")));
        message_of(json_string_value(json_object_get(c, "lang")),
                   json_string_value(json_object_get(c, "organisation")),
                   json_string_value(json_object_get(c, "name")), link, subject, sizeof subject,
                   body, sizeof body);
        fk_err mail_err;
        int sent = fk_notify_mail(mail, json_string_value(json_object_get(c, "address")), subject,
                                  body, &mail_err);
        if (fk_drill_sent(db, *drill_id, contact, now_ms, sent == 0 ? NULL : mail_err.msg, err) !=
            0) {
            json_decref(checks);
            return -1;
        }
    }
    json_decref(checks);
    return 0;
}

int fk_hub_drill_ack(fk_db *db, const char *token, const char *via, int64_t now_ms, fk_err *err)
{
    if (fk_db_begin(db, err) != 0)
        return -1;
    int64_t drill;
    int rc = fk_drill_ack(db, token, via, now_ms, &drill, err);
    if (rc == 0 && fk_db_commit(db, err) == 0)
        return 0;
    fk_db_rollback(db);
    return rc == 0 ? -1 : rc;
}

int fk_hub_drill_confirm(fk_db *db, const fk_principal *who, int64_t drill_id, int64_t contact_id,
                         const char *via, int64_t now_ms, fk_err *err)
{
    if (!fk_role_is_centre(who->role))
        return fk_errc(err, FK_ERR_DENIED, "the centre confirms the answers of a drill");
    if (!one_of(via, channels))
        return fk_errc(err, FK_ERR_INVALID, "via: expected email, phone or hotline");
    char actor[160];
    if (fk_db_begin(db, err) != 0)
        return -1;
    int rc = fk_drill_confirm(db, actor_of(who, actor), drill_id, contact_id, via, now_ms, err);
    if (rc == 0 && fk_db_commit(db, err) == 0)
        return 0;
    fk_db_rollback(db);
    return rc == 0 ? -1 : rc;
}

int fk_hub_drill_report(fk_db *db, const fk_principal *who, int64_t drill_id, json_t **out,
                        fk_err *err)
{
    if (!fk_role_is_centre(who->role))
        return fk_errc(err, FK_ERR_DENIED, "drills are the centre's");
    return fk_drill_report(db, drill_id, out, err);
}
