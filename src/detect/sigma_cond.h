/* The Sigma condition language: "selection and not 1 of filter_*", parentheses,
 * "all of them", "2 of sel*". Parses a condition into a tree whose leaves are indexes
 * of the rule's search identifiers, and evaluates it. Owns nothing: nodes live in the
 * caller's arena. */
#ifndef FK_SIGMA_COND_H
#define FK_SIGMA_COND_H

#include "../core/arena.h"
#include "../core/error.h"

#include <stdbool.h>
#include <stddef.h>

typedef enum fk_cond_op {
    FK_COND_ID,  /* one search identifier */
    FK_COND_AND, /* a and b */
    FK_COND_OR,  /* a or b */
    FK_COND_NOT, /* not a */
    FK_COND_OF,  /* at least `need` of ids[] (need == nids for "all of") */
} fk_cond_op;

typedef struct fk_cond {
    fk_cond_op op;
    int id;                /* FK_COND_ID */
    struct fk_cond *a, *b; /* AND, OR (a, b), NOT (a) */
    const int *ids;        /* FK_COND_OF */
    int nids, need;
} fk_cond;

/* Parses text against the rule's identifier names. "1 of sel*" expands the wildcard
 * over names; "them" is every name except those starting with '_' (as Sigma says).
 * Errors name the position and what was expected; an aggregation ("| count() > 5", the
 * Sigma 1 form) is reported as unsupported. */
int fk_cond_parse(const char *text, const char *const *names, int nnames, fk_arena *arena,
                  fk_cond **out, fk_err *err);

/* Evaluates with value(id, ctx) giving each identifier's truth; identifiers are asked
 * lazily, so an AND stops at its first false side. */
bool fk_cond_eval(const fk_cond *c, bool (*value)(int id, void *ctx), void *ctx);

#endif
