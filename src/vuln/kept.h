/* The names' answers of a full match (every ledger matched again): those kept from
 * before, filed by the matcher's name number and the vulnerability, so that a new answer
 * is compared with the kept one on the thread that found it (most say again what was
 * kept and go no further); the new and changed ones, held until the end and handed out
 * in the table's key order; and the kept ones no new answer repeated, for removal. Owns
 * copies of the answers' ids and evidence and a hash of what each kept one says; no
 * I/O. */
#ifndef FK_VULN_KEPT_H
#define FK_VULN_KEPT_H

#include "matcher.h"

typedef struct fk_kept fk_kept;

typedef enum fk_kept_verdict {
    FK_KEPT_NEW,     /* nothing was kept for the name and vulnerability */
    FK_KEPT_SAME,    /* the kept answer says the same: nothing to write */
    FK_KEPT_CHANGED, /* the kept answer says something else: to be written again */
} fk_kept_verdict;

/* m: the matcher whose names number the answers, its ledger read in full; it must
 * outlive the set. NULL when memory is exhausted. */
fk_kept *fk_kept_new(const fk_matcher *m);
void fk_kept_free(fk_kept *k);

/* A kept answer, as the store has it. One for a name that no ledger runs any more is
 * only listed for removal. */
int fk_kept_add(fk_kept *k, const char *cpe, const char *vuln_id, const char *confidence,
                const char *evidence, fk_err *err);
/* Once every kept answer is in and before the first check. */
int fk_kept_seal(fk_kept *k, fk_err *err);

/* How a new answer of a name (its number) compares with the kept one, which it marks
 * as given again (SAME or CHANGED). Threads may check at once, each for vulnerabilities
 * of its own. */
fk_kept_verdict fk_kept_check(fk_kept *k, size_t name, const char *vuln_id, const char *confidence,
                              const char *evidence);

/* An answer fk_kept_check did not find the same, to be written, on one thread: the
 * store's. Whether it is new or changes a kept one is looked up here. */
int fk_kept_stage(fk_kept *k, size_t name, const char *vuln_id, fk_match_confidence confidence,
                  const char *evidence, fk_err *err);
size_t fk_kept_staged(const fk_kept *k);
/* The staged answers in the order of the table's key (the name's text, then the
 * vulnerability's, byte by byte): written in that order, each lands beside the last. */
typedef int (*fk_kept_row)(void *ctx, const char *cpe, const char *vuln_id, const char *confidence,
                           const char *evidence, bool changed, fk_err *err);
int fk_kept_each_staged(fk_kept *k, fk_kept_row row, void *ctx, fk_err *err);

/* Every kept answer no new answer gave again, its name and vulnerability. */
typedef int (*fk_kept_gone)(void *ctx, const char *cpe, const char *vuln_id, fk_err *err);
int fk_kept_each_gone(const fk_kept *k, fk_kept_gone gone, void *ctx, fk_err *err);

#endif
