/* Web-attack signatures: a set loaded from YAML (rules/web.yml, shipped inside the
 * binary), compiled into Hyperscan databases, one per normalisation (general and
 * SQL), so each request field is scanned once per form for all signatures; PCRE2
 * confirms the matches of signatures that need more than Hyperscan's prefilter. Owns
 * the compiled databases and the scratch space of one scanning thread. */
#ifndef FK_WEBSIG_H
#define FK_WEBSIG_H

#include "../core/error.h"
#include "../model/alert.h"
#include "../model/event.h"

typedef struct fk_websig_set fk_websig_set;

typedef struct fk_websig_hit {
    const char *id, *family, *title, *confidence;
    fk_severity severity;
    const char *field;  /* path, query, user_agent, referrer */
    fk_str evidence;    /* the field after normalisation, where the signature matched */
    const char *reason; /* a structural reader's: what it saw; NULL for a signature */
} fk_websig_hit;

typedef int (*fk_websig_fn)(void *ctx, const fk_websig_hit *hit);

/* families: comma list ("sqli,xss") or NULL for all. Errors name the signature.
 * cache_dir: a directory of this process's own where compiled databases are kept
 * between runs (NULL: always compile); see the cache notes in websig.c. */
int fk_websig_load(fk_websig_set **out, const char *name, const char *yaml, size_t n,
                   const char *families, const char *cache_dir, fk_err *err);
size_t fk_websig_count(const fk_websig_set *s);
/* The signatures shipped with fukurou. */
int fk_websig_load_default(fk_websig_set **out, const char *families, const char *cache_dir,
                           fk_err *err);
/* Scans the path, query, user agent, referrer and method of a web event; one hit per
 * signature and field. Returns hits, or -1 if the callback failed. */
int fk_websig_match_event(fk_websig_set *s, const fk_event *ev, fk_websig_fn fn, void *ctx);
void fk_websig_free(fk_websig_set *s);

#endif
