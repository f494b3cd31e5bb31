/* The contact registry and reachability drills (issue 16): per organisation, contacts
 * with role, channel (e-mail, phone, hotline), language and place in the escalation order
 * of one of two chains (normal operation, large-scale failure); the centre's mode, which
 * says the chain routing follows; drills with one check per contact, each with a
 * one-time acknowledgement token kept only as its SHA-256. Changes are audited with the
 * object "org:<id>" or "drill:<id>". Owns contact, drill and drill_check, and the
 * contact_mode setting. */
#ifndef FK_STORE_CONTACTS_H
#define FK_STORE_CONTACTS_H

#include "db.h"

#include <jansson.h>
#include <stdint.h>

typedef struct fk_contact {
    const char *name, *role, *channel, *address, *lang, *chain;
    int position; /* 1: called first */
} fk_contact;

int fk_contact_add(fk_db *db, const char *actor, int64_t org_id, const fk_contact *c,
                   int64_t now_ms, int64_t *id, fk_err *err);
/* only_org 0: any organisation's. 1 when there is no such contact (of that organisation). */
int fk_contact_remove(fk_db *db, const char *actor, int64_t id, int64_t only_org, int64_t now_ms,
                      fk_err *err);
/* [{"id", "organisation", "name", "role", "channel", "address", "lang", "chain",
 * "position"}] by organisation, chain and position; org_id 0: every organisation's;
 * chain NULL: both. */
int fk_contact_list(fk_db *db, int64_t org_id, const char *chain, json_t **out, fk_err *err);

/* "normal" or "large-scale". */
int fk_contact_mode(fk_db *db, char out[16], fk_err *err);
int fk_contact_mode_set(fk_db *db, const char *actor, const char *mode, fk_err *err);

/* A drill of the contacts of chain (org_id 0: of every organisation): one check each,
 * with a fresh token. *checks: [{"contact_id", "organisation", "name", "channel",
 * "address", "lang", "token"}] (the tokens in clear, for the messages; the store keeps
 * their digests). */
int fk_drill_start(fk_db *db, const char *actor, const char *chain, int64_t org_id, int64_t now_ms,
                   int64_t *drill_id, json_t **checks, fk_err *err);
/* Records that the check was sent (error NULL) or could not be. */
int fk_drill_sent(fk_db *db, int64_t drill_id, int64_t contact_id, int64_t now_ms,
                  const char *error, fk_err *err);
/* The answer to a check by its token: 0 recorded (drill and contact filled), 1 no such
 * token, 2 answered before. */
int fk_drill_ack(fk_db *db, const char *token, const char *via, int64_t now_ms, int64_t *drill_id,
                 fk_err *err);
/* The same for a check the centre confirms itself (by drill and contact). */
int fk_drill_confirm(fk_db *db, const char *actor, int64_t drill_id, int64_t contact_id,
                     const char *via, int64_t now_ms, fk_err *err);
/* {"id", "chain", "started", "started_by", "contacts", "answered", "checks": [{"organisation",
 * "name", "role", "channel", "address", "sent", "error", "answered", "via", "seconds"}]};
 * 1 when there is no such drill. */
int fk_drill_report(fk_db *db, int64_t drill_id, json_t **out, fk_err *err);

#endif
