/* Answers to releases and their deadlines (issue 16): a member organisation answers a
 * release addressed to it with a receipt (acknowledged, done, not affected, with a
 * note); when a release's deadline passes, the organisations that have not answered are
 * reminded once by e-mail (store/outbox.h) and the reminder audited. Owns
 * release_receipt and release.deadline_watch. */
#ifndef FK_STORE_RECEIPTS_H
#define FK_STORE_RECEIPTS_H

#include "db.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

bool fk_receipt_state_valid(const char *state);
/* Records (or replaces) org_id's answer to release_id, audited as release.receipt. */
int fk_receipt_set(fk_db *db, const char *actor, int64_t release_id, int64_t org_id,
                   const char *state, const char *note, const char *account, int64_t now_ms,
                   fk_err *err);
/* The organisations release_id is addressed to (the centre's excluded), each with its
 * answer if any: [{"organisation", "sector", "state", "note", "account", "at"}], by
 * organisation; only_org: that organisation's row only (0: all). */
int fk_receipts(fk_db *db, int64_t release_id, int64_t only_org, json_t **out, fk_err *err);

/* The releases still watched whose deadline (RFC 3339, as stored) is at or before now:
 * [{"id", "tier", "deadline"}], at most limit. */
int fk_release_deadlines_due(fk_db *db, const char *now, size_t limit, json_t **out, fk_err *err);
/* A passed deadline handled: the organisations that have not answered reminded (queued
 * notices, *reminded how many), audited as release.overdue, and the release no longer
 * watched. */
int fk_release_deadline_passed(fk_db *db, int64_t release_id, const char *tier,
                               const char *deadline, int64_t now_ms, size_t *reminded, fk_err *err);

#endif
