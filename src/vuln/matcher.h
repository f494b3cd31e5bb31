/* Matching a ledger against vulnerabilities: the ledger's programs are taken in once
 * (each distinct CPE name kept once, indexed by vendor:product, with the systems that
 * run it), then each candidate vulnerability is asked of the names its products share
 * with the ledger: a simple rule once per distinct name, a rule that depends on what
 * else a system runs (platforms, AND, negation) once per system. Owns the ledger's
 * in-memory index; no I/O: rows come in, matches go out through a callback. */
#ifndef FK_VULN_MATCHER_H
#define FK_VULN_MATCHER_H

#include "applies.h"

#include <stdbool.h>
#include <stdint.h>

typedef struct fk_matcher fk_matcher;

fk_matcher *fk_matcher_new(void);
void fk_matcher_free(fk_matcher *m);

/* One program of one system (cpe: a bound formatted string; product: its
 * "vendor:product"). */
int fk_matcher_add(fk_matcher *m, int64_t asset_id, int64_t org_id, const char *cpe,
                   const char *product, fk_err *err);
/* A name alone, its systems taken in later, when a rule needs them: for matching a few
 * changed vulnerabilities against a ledger without reading every system. load is asked
 * for every system running cpe (it calls fk_matcher_add for each of their programs). */
typedef int (*fk_holders_load)(void *ctx, fk_matcher *m, const char *cpe, fk_err *err);
void fk_matcher_lazy(fk_matcher *m, fk_holders_load load, void *ctx);
int fk_matcher_add_name(fk_matcher *m, const char *cpe, const char *product, fk_err *err);
/* How many systems and distinct names were taken in. */
size_t fk_matcher_assets(const fk_matcher *m);
size_t fk_matcher_names(const fk_matcher *m);
/* A distinct name's number (0 to fk_matcher_names - 1; false: not taken in), and the
 * name of a number. Only read: threads may ask while a pool asks rules. */
bool fk_matcher_name_number(const fk_matcher *m, const char *cpe, size_t *out);
const char *fk_matcher_name_text(const fk_matcher *m, size_t number);

typedef struct fk_match {
    int64_t asset_id, org_id; /* 0, 0: every system running cpe (a simple rule) */
    const char *vuln_id;
    fk_match_confidence confidence;
    const char *cpe;      /* the system's name that matched */
    size_t name;          /* its number (fk_matcher_name_number) */
    const char *evidence; /* why */
} fk_match;
typedef int (*fk_match_emit)(void *ctx, const fk_match *match, fk_err *err);

/* Asks one vulnerability of the ledger and emits what it applies to: for a simple rule
 * each matching name (asset_id 0: the systems running it share the answer, and a system
 * running two such names has two), otherwise each system once, with the best
 * confidence. versions false (a JVN-only record): a match is 'unversioned',
 * and note (may be NULL: the versions in the source's words) joins the evidence. */
int fk_matcher_run(fk_matcher *m, const char *vuln_id, json_t *configurations, bool versions,
                   const char *note, fk_match_emit emit, void *ctx, fk_err *err);

/* The same with a rule compiled already (fk_vuln_rule_compile_text), the caller's, asked
 * with a question state: st, or the matcher's own when NULL. Several threads may ask at
 * once (fk_match_pool), each with a state of its own and rules of its own (a compiled
 * rule keeps the scratch of its questions), once every name is parsed
 * (fk_matcher_prepare, not for a lazy matcher): asking then only reads the ledger. No
 * name or system may be added meanwhile. */
typedef struct fk_matcher_state fk_matcher_state;
fk_matcher_state *fk_matcher_state_new(void);
void fk_matcher_state_free(fk_matcher_state *st);
int fk_matcher_ask(fk_matcher *m, fk_matcher_state *st, const char *vuln_id,
                   const fk_vuln_rule *rule, bool versions, const char *note, fk_match_emit emit,
                   void *ctx, fk_err *err);
/* Before threads share a ledger taken in whole: its names renumbered so that each
 * product's lie together (a rule asks a product's names one after another, and they
 * are then read in the order they lie in memory), and a place for each of parts shares
 * to parse its names into. Numbers given before (fk_matcher_name_number) change. */
int fk_matcher_seal(fk_matcher *m, size_t parts, fk_err *err);
/* Parses part (0 to parts - 1) of the names, a share each for threads parsing them
 * together. */
void fk_matcher_prepare(fk_matcher *m, size_t part, size_t parts);
bool fk_matcher_is_lazy(const fk_matcher *m);

#endif
