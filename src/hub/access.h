/* Who may do what: the one table from each action the hub offers to the roles allowed
 * to take it. Every route names its action and the server checks this table before a
 * handler runs; handlers only narrow further (a member sees its own reports). */
#ifndef FK_ACCESS_H
#define FK_ACCESS_H

#include "../store/directory.h"

#include <stdbool.h>

typedef enum fk_action {
    FK_ACT_SELF,            /* who am I, reference lists, own keys and password */
    FK_ACT_DIRECTORY_READ,  /* organisations and groups (members see their own) */
    FK_ACT_DIRECTORY_ADMIN, /* organisations, groups, accounts, collections, API roots */
    FK_ACT_REPORT_SUBMIT,   /* report to the centre (API or TAXII POST) */
    FK_ACT_REPORT_READ,     /* read reports (members their own) */
    FK_ACT_TRIAGE,          /* triage, merge, release */
    FK_ACT_SHARED_READ,     /* releases and TAXII collections addressed to the caller */
    FK_ACT_SHARED_DELETE,   /* remove objects from a TAXII collection */
    FK_ACT_INGEST,          /* stream logs in (members as themselves) */
    FK_ACT_ALERT_READ,      /* alerts, metering, sources (members their own) */
    FK_ACT_ALERT_TRIAGE,    /* move an alert to a state, promote it to a report */
    FK_ACT_FEED_READ,       /* remote TAXII feeds and how their polls went */
    FK_ACT_CASE_READ,       /* cases and their timelines (members those about themselves) */
    FK_ACT_CASE_WORK,       /* open cases, messages, links, tasks (the hub says on which) */
    FK_ACT_CONTACT_READ,    /* the contact registry and mode (members their own) */
    FK_ACT_CONTACT_EDIT,    /* keep contacts; the centre: the mode and drills */
    FK_ACT_RELEASE_ANSWER,  /* a member answers a release addressed to it */
    FK_ACT_ASSET_READ,      /* the asset ledger and what applies to it (members their own) */
    FK_ACT_ASSET_EDIT,      /* keep the ledger (members their own systems) */
    FK_ACT_VULN_READ,       /* vulnerability records (public information) */
    FK_ACT_VULN_FEED,       /* take in feeds (NVD, JVN, KEV, EPSS), match the ledgers again */
    FK_ACT_COUNT_
} fk_action;

bool fk_access_allows(fk_action action, fk_role role);
/* "report.submit", ... for error messages and the OpenAPI document. */
const char *fk_access_name(fk_action action);
/* A sentence naming the roles that may, for a 403 body. */
const char *fk_access_who(fk_action action);

/* The organisation a sender sends for (logs, alerts): the one it names, NULL or "" for
 * its own. A member names only itself (FK_ERR_DENIED, saying that a member sends its own
 * `what`); the centre may send for a member (a relay). FK_ERR_INVALID when no such
 * organisation exists. */
int fk_access_sender_org(fk_db *db, const fk_principal *who, const char *named, const char *what,
                         int64_t *org_id, char sector[48], fk_err *err);

#endif
