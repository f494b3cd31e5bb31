/* A ledger taken into a matcher on a thread of its own: the caller (the store's thread)
 * hands in each system's programs as the store reads them, and a second thread adds them
 * to the matcher, so that reading the store and building the matcher's maps overlap.
 * Owns that thread and the batches of rows in flight; no I/O. */
#ifndef FK_VULN_LEDGER_FEED_H
#define FK_VULN_LEDGER_FEED_H

#include "matcher.h"

typedef struct fk_ledger_feed fk_ledger_feed;

/* m is the feed's alone until fk_ledger_feed_finish or fk_ledger_feed_free returns. */
int fk_ledger_feed_new(fk_matcher *m, fk_ledger_feed **out, fk_err *err);
/* One row as fk_matcher_add takes it (its strings are copied); rows reach the matcher in
 * the order they are handed in. -1 with err when memory ran out here or the matcher
 * refused an earlier row. */
int fk_ledger_feed_add(fk_ledger_feed *f, int64_t asset_id, int64_t org_id, const char *cpe,
                       const char *product, fk_err *err);
/* Waits until every row handed in is in the matcher, then frees the feed: -1 with the
 * matcher's error when a row was refused. */
int fk_ledger_feed_finish(fk_ledger_feed *f, fk_err *err);
/* Stops the thread without adding what is still queued, and frees the feed (after an
 * error of the caller's own). */
void fk_ledger_feed_free(fk_ledger_feed *f);

#endif
