/* The contact registry, the centre's contact mode and reachability drills as use cases:
 * a member keeps its own contacts, the centre everyone's; the centre switches between
 * normal operation and large-scale failure and routing follows the chain of the mode;
 * a drill sends each contact of a chain a check by e-mail with a one-time link (phones
 * and hotlines are listed to be called, and confirmed by the centre), and reports who
 * answered, through which channel and how fast. Errors: FK_ERR_INVALID naming the field,
 * FK_ERR_DENIED, FK_ERR_STORAGE. */
#ifndef FK_HUB_CONTACTS_H
#define FK_HUB_CONTACTS_H

#include "../store/contacts.h"
#include "../store/db.h"
#include "../store/directory.h"
#include "notify.h"

#include <jansson.h>
#include <stdint.h>

/* in: {"organisation" (the centre: whose; a member: its own), "name", "role", "channel":
 * email|phone|hotline, "address", "lang": ja|en (default ja), "chain": normal|large-scale
 * (default normal), "position" (1 is called first; default after the others)}. */
int fk_hub_contact_add(fk_db *db, const fk_principal *who, json_t *in, int64_t now_ms, int64_t *id,
                       fk_err *err);
/* 1 when there is no such contact the caller keeps. */
int fk_hub_contact_remove(fk_db *db, const fk_principal *who, int64_t id, int64_t now_ms,
                          fk_err *err);
/* The contacts the caller keeps (org NULL: the centre every organisation's). */
int fk_hub_contacts(fk_db *db, const fk_principal *who, const char *org, json_t **out, fk_err *err);
/* {"mode", "organisation", "contacts": [...]}: whom to reach at org now, in order. */
int fk_hub_contact_route(fk_db *db, const fk_principal *who, const char *org, json_t **out,
                         fk_err *err);
int fk_hub_contact_mode_set(fk_db *db, const fk_principal *who, const char *mode, fk_err *err);

/* Starts a drill of the chain (NULL: the current mode's) for org (NULL: every
 * organisation) and sends its checks; base_url is where the hub's /ack/ links point. */
int fk_hub_drill_start(fk_db *db, const fk_principal *who, const fk_mail_config *mail,
                       const char *base_url, const char *chain, const char *org, int64_t now_ms,
                       int64_t *drill_id, fk_err *err);
/* A contact's answer through its link: 0 recorded, 1 no such link, 2 answered before. */
int fk_hub_drill_ack(fk_db *db, const char *token, const char *via, int64_t now_ms, fk_err *err);
/* The centre records an answer it took itself (a call to a phone or a hotline): 0, 1
 * when the drill has no such check, 2 answered before. */
int fk_hub_drill_confirm(fk_db *db, const fk_principal *who, int64_t drill_id, int64_t contact_id,
                         const char *via, int64_t now_ms, fk_err *err);
/* The centre's report of a drill; 1 when there is none. */
int fk_hub_drill_report(fk_db *db, const fk_principal *who, int64_t drill_id, json_t **out,
                        fk_err *err);

#endif
