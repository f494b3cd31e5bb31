/* Matching the asset ledgers against the vulnerability records inside a use case's
 * transaction: a few changed records asked lazily (only the names of their products
 * read), whole ledgers asked on every core. Owns a run's matcher and its threads; the
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

#endif
