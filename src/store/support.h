/* Support from other organisations on a case (issue 16, seed 002): the catalogue of
 * what supporting organisations can do (data the centre edits; the seed's list first),
 * which organisation offers what, and requests for support with their state and
 * respond-by time. Each request's changes are entries of its case's timeline (audit
 * object "case:<id>"). Owns support_capability, supporter and support_request. */
#ifndef FK_STORE_SUPPORT_H
#define FK_STORE_SUPPORT_H

#include "db.h"

#include <jansson.h>
#include <stdint.h>

/* [{"code", "name_ja", "name_en"}] */
int fk_support_capabilities(fk_db *db, json_t **out, fk_err *err);
/* Sets what org offers (codes of the catalogue; an empty list: nothing). */
int fk_supporter_set(fk_db *db, const char *actor, int64_t org_id, json_t *codes, fk_err *err);
/* [{"organisation", "capabilities": [codes]}] */
int fk_supporters(fk_db *db, json_t **out, fk_err *err);

int fk_support_request_add(fk_db *db, const char *actor, int64_t case_id, int64_t supporter_id,
                           const char *capability, const char *description, const char *state,
                           int64_t due_ms, int64_t now_ms, int64_t *id, fk_err *err);
/* {"id", "case_id", "organisation" (the case's), "supporter", "capability", "description",
 * "state", "due", "created", "updated"}; 0, 1 none, -1 error. */
int fk_support_request_load(fk_db *db, int64_t id, json_t **out, fk_err *err);
/* Newest first; supporter_id / case_id 0: any. */
int fk_support_requests(fk_db *db, int64_t supporter_id, int64_t case_id, json_t **out,
                        fk_err *err);
/* 1 when it is no longer in `from`. */
int fk_support_request_move(fk_db *db, const char *actor, int64_t id, int64_t case_id,
                            const char *from, const char *to, const char *note, int64_t now_ms,
                            fk_err *err);

#endif
