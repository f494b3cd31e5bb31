/* Privacy at the source (通信の秘密): what a member's lines lose before they leave it.
 * Lines matching a drop pattern are not sent; query-string values, user names and
 * addresses in given networks are replaced by keyed pseudonyms (the same value gives the
 * same pseudonym under one key, so the centre can still count and correlate, but cannot
 * read them back); custom patterns are replaced as written. Every batch names the policy
 * it went through. Owns the compiled patterns and the key. */
#ifndef FK_COLLECT_PRIVACY_H
#define FK_COLLECT_PRIVACY_H

#include "../core/error.h"
#include "../core/sbuf.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct fk_privacy_replace {
    const char *pattern; /* PCRE2 */
    const char *with;    /* PCRE2 substitution ($1 for a group) */
} fk_privacy_replace;

typedef struct fk_privacy_opts {
    const char *name; /* the policy's name, sent with each batch */
    bool mask_query, mask_users;
    const char *const *networks; /* CIDRs whose addresses are pseudonymised */
    size_t nnetworks;
    const char *const *drop; /* PCRE2 patterns: matching lines are not sent */
    size_t ndrop;
    const fk_privacy_replace *replace;
    size_t nreplace;
    const unsigned char *key; /* for the pseudonyms */
    size_t key_len;
} fk_privacy_opts;

typedef struct fk_privacy_counts {
    uint64_t lines_in, lines_out, dropped, masked_values;
} fk_privacy_counts;

typedef struct fk_privacy fk_privacy;

/* Compiles the policy; err names the pattern or network that is wrong. */
int fk_privacy_new(fk_privacy **out, const fk_privacy_opts *o, fk_err *err);
void fk_privacy_free(fk_privacy *p);
/* Rewrites n bytes of whole lines (each ending in \n) into out; counts added to c. */
int fk_privacy_apply(fk_privacy *p, const char *in, size_t n, fk_sbuf *out, fk_privacy_counts *c,
                     fk_err *err);
/* "NAME:HASH": the policy's name and a digest of its rules (not of the key), which the
 * hub records with every batch sent under it. */
const char *fk_privacy_id(const fk_privacy *p);

#endif
