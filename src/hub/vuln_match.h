/* Matching the asset ledgers against the vulnerability records inside a use case's
 * transaction: a few changed records asked lazily (only the names of their products
 * read), whole ledgers asked on every core, an update's records asked ahead on the
 * second core while the first stores them. Owns a run's matcher and its threads; the
 * store reads and writes. */
#ifndef FK_HUB_VULN_MATCH_H
#define FK_HUB_VULN_MATCH_H

#include "../store/matches.h"

#include <jansson.h>
#include <stdint.h>

/* Matches a scope again inside the caller's transaction; summary (may be NULL) gets
 * "matches", "candidates", "systems" added. */
int fk_hub_match_scope(fk_db *db, const fk_match_scope *scope, int64_t now_ms, json_t *summary,
                       fk_err *err);

/* An update's NVD records asked of the ledger on a thread of its own, through a second
 * connection to db's store, while this one stores them. Begin it inside the update's
 * write transaction, before storing; records (fk_feed_read_all's) must stay unchanged
 * until fk_hub_match_ahead_end. NULL when there is nothing to ask ahead or it could not
 * start: the records are then asked after they are stored, as they always were. */
typedef struct fk_hub_match_ahead fk_hub_match_ahead;
fk_hub_match_ahead *fk_hub_match_ahead_begin(fk_db *db, json_t *records);
/* Stops the thread if it still runs, and frees what it found. */
void fk_hub_match_ahead_end(fk_hub_match_ahead *a);
/* fk_hub_match_scope taking the answers found ahead (a may be NULL) for each record
 * stored with the configurations they were found for; summary also gets "asked_ahead"
 * (records whose asking ended whole), "taken_from_ahead" and "ahead_stopped" (told to
 * stop, its answers not worth the wait). */
int fk_hub_match_scope_with(fk_db *db, const fk_match_scope *scope, fk_hub_match_ahead *a,
                            int64_t now_ms, json_t *summary, fk_err *err);

#endif
