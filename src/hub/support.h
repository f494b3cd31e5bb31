/* Support from other organisations as use cases, one transaction each: the centre keeps
 * the catalogue's offers (which organisation can do what), requests support on a case
 * with a respond-by time; the supporting organisation sees the requests addressed to it
 * (what the centre wrote, not the case's member) and moves them through their workflow
 * (accept or decline, progress, complete); the centre may cancel. Each step is an entry
 * of the case's timeline. Errors: FK_ERR_INVALID naming the field, FK_ERR_DENIED,
 * FK_ERR_CONFLICT (a step the workflow does not allow, the allowed ones named). */
#ifndef FK_HUB_SUPPORT_H
#define FK_HUB_SUPPORT_H

#include "../store/db.h"
#include "../store/directory.h"
#include "../store/support.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

/* A centre-admin: what org offers (codes of the catalogue). */
int fk_hub_supporter_set(fk_db *db, const fk_principal *who, const char *org, json_t *codes,
                         fk_err *err);
/* in: {"supporter", "capability", "description", "due" (RFC 3339, optional)}. 1 when
 * the caller may not see the case. */
int fk_hub_support_request(fk_db *db, const fk_principal *who, int64_t case_id, json_t *in,
                           int64_t now_ms, int64_t *id, fk_err *err);
/* The centre every request (case_id 0) or a case's; a supporting organisation those
 * addressed to it, without the case's organisation. */
int fk_hub_support_requests(fk_db *db, const fk_principal *who, int64_t case_id, json_t **out,
                            fk_err *err);
/* Whether who may take a request addressed to supporter (an organisation's name) to
 * state `to`: the centre cancels and asks again, the supporting organisation takes
 * every other step. The one rule the use case and the console's buttons follow. */
bool fk_hub_support_may(const fk_principal *who, const char *supporter, const char *to);
/* 1 when the caller may not see the request. */
int fk_hub_support_move(fk_db *db, const fk_principal *who, int64_t id, const char *to,
                        const char *note, int64_t now_ms, fk_err *err);

#endif
