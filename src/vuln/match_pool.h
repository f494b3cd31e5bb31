/* Matching on every core: a caller hands in candidate vulnerabilities (as their
 * configurations' JSON text) one by one, worker threads compile and ask them of one
 * prepared ledger, and their matches come back on the caller's thread, in the order the
 * vulnerabilities were handed in, through the caller's emit. Owns the threads, their
 * question states and the batches in flight; no I/O. */
#ifndef FK_VULN_MATCH_POOL_H
#define FK_VULN_MATCH_POOL_H

#include "matcher.h"

typedef struct fk_match_pool fk_match_pool;

/* threads <= 0: one per online processor. m must stay unchanged while the pool lives
 * (the workers parse its names first, fk_matcher_prepare). */
int fk_match_pool_new(fk_matcher *m, int threads, fk_match_emit emit, void *ctx,
                      fk_match_pool **out, fk_err *err);
/* One vulnerability to ask (its strings are copied). May emit earlier ones' matches; an
 * error of theirs (a rule that does not compile, emit's own) is returned here. */
int fk_match_pool_add(fk_match_pool *p, const char *vuln_id, const char *configurations,
                      bool versions, const char *note, fk_err *err);
/* A test each match passes on the worker that found it, before it is kept for the
 * caller's thread (false: dropped there, only counted): a full match drops there the
 * answers that say again what was kept. Set before the first fk_match_pool_add. */
typedef bool (*fk_match_filter)(void *ctx, const fk_match *match);
void fk_match_pool_filter(fk_match_pool *p, fk_match_filter pass, void *ctx);
/* How many matches the filter dropped, of the vulnerabilities emitted so far. */
size_t fk_match_pool_dropped(const fk_match_pool *p);
/* Waits for every vulnerability handed in and emits the rest of the matches. */
int fk_match_pool_finish(fk_match_pool *p, fk_err *err);
/* Stops the threads (what is still queued is dropped) and frees the pool. */
void fk_match_pool_free(fk_match_pool *p);

#endif
