#include "access.h"

#include <string.h>

#define ROLE(r) (1u << (r))
#define CENTRE  (ROLE(FK_ROLE_CENTRE_ADMIN) | ROLE(FK_ROLE_CENTRE_ANALYST))
#define ANYONE  (CENTRE | ROLE(FK_ROLE_MEMBER_REPORTER) | ROLE(FK_ROLE_MEMBER_READER))

static const struct {
    const char *name;
    unsigned roles;
    const char *who;
} table[FK_ACT_COUNT_] = {
    [FK_ACT_SELF] = {"self", ANYONE, "every account"},
    [FK_ACT_DIRECTORY_READ] = {"directory.read", ANYONE, "every account"},
    [FK_ACT_DIRECTORY_ADMIN] = {"directory.admin", ROLE(FK_ROLE_CENTRE_ADMIN),
                                "only a centre-admin"},
    [FK_ACT_REPORT_SUBMIT] = {"report.submit", CENTRE | ROLE(FK_ROLE_MEMBER_REPORTER),
                              "centre accounts and member-reporters (not member-readers)"},
    [FK_ACT_REPORT_READ] = {"report.read", ANYONE, "every account"},
    [FK_ACT_TRIAGE] = {"report.triage", CENTRE, "only centre analysts"},
    [FK_ACT_SHARED_READ] = {"shared.read", ANYONE, "every account"},
    [FK_ACT_SHARED_DELETE] = {"shared.delete", CENTRE, "only centre analysts"},
    [FK_ACT_INGEST] = {"ingest", CENTRE | ROLE(FK_ROLE_MEMBER_REPORTER),
                       "centre accounts and member-reporters (not member-readers)"},
    [FK_ACT_ALERT_READ] = {"alert.read", ANYONE, "every account"},
    [FK_ACT_ALERT_TRIAGE] = {"alert.triage", CENTRE | ROLE(FK_ROLE_MEMBER_REPORTER),
                             "centre accounts and member-reporters (not member-readers)"},
    [FK_ACT_FEED_READ] = {"feed.read", CENTRE, "only centre analysts"},
    [FK_ACT_CASE_READ] = {"case.read", ANYONE, "every account"},
    [FK_ACT_CASE_WORK] = {"case.work", CENTRE | ROLE(FK_ROLE_MEMBER_REPORTER),
                          "centre accounts and member-reporters (not member-readers)"},
    [FK_ACT_CONTACT_READ] = {"contact.read", ANYONE, "every account"},
    [FK_ACT_CONTACT_EDIT] = {"contact.edit", CENTRE | ROLE(FK_ROLE_MEMBER_REPORTER),
                             "centre accounts and member-reporters (not member-readers)"},
    [FK_ACT_RELEASE_ANSWER] = {"release.answer", ANYONE,
                               "every account (the hub takes answers from members only)"},
    [FK_ACT_ASSET_READ] = {"asset.read", ANYONE, "every account"},
    [FK_ACT_ASSET_EDIT] = {"asset.edit", CENTRE | ROLE(FK_ROLE_MEMBER_REPORTER),
                           "centre accounts and member-reporters (not member-readers)"},
    [FK_ACT_VULN_READ] = {"vuln.read", ANYONE, "every account"},
    [FK_ACT_VULN_FEED] = {"vuln.feed", CENTRE, "only centre analysts"},
};

bool fk_access_allows(fk_action action, fk_role role)
{
    return action >= 0 && action < FK_ACT_COUNT_ && (table[action].roles & ROLE(role)) != 0;
}

const char *fk_access_name(fk_action action)
{
    return action >= 0 && action < FK_ACT_COUNT_ ? table[action].name : "?";
}

const char *fk_access_who(fk_action action)
{
    return action >= 0 && action < FK_ACT_COUNT_ ? table[action].who : "nobody";
}

int fk_access_sender_org(fk_db *db, const fk_principal *who, const char *named, const char *what,
                         int64_t *org_id, char sector[48], fk_err *err)
{
    const char *org = named && *named ? named : who->org;
    if (strcmp(org, who->org) != 0 && !fk_role_is_centre(who->role))
        return fk_errc(err, FK_ERR_DENIED,
                       "a member sends its own %s only: this key belongs to '%s', not '%s'", what,
                       who->org, org);
    int rc = fk_org_find(db, org, org_id, sector, err);
    return rc == 0 ? 0 : rc < 0 ? -1 : fk_errf(err, "no organisation named '%s'", org);
}
