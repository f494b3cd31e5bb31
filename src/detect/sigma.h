/* The Sigma engine: a set of rules loaded from files and directories, the mapping of
 * their logsources onto decoded events (rules/sigma-logsources.yml, embedded), and
 * matching of events against every rule whose logsource takes them. Owns the rules,
 * the mapping and the per-event scratch space; the scan and the hub call it. */
#ifndef FK_SIGMA_H
#define FK_SIGMA_H

#include "../core/error.h"
#include "../model/event.h"
#include "sigma_prefilter.h"
#include "sigma_rule.h"

#include <stddef.h>

typedef struct fk_sigma_set fk_sigma_set;

/* logsources: YAML text of the mapping (NULL: the embedded default). placeholders: a
 * file of |expand values (NULL: none). */
int fk_sigma_new(fk_sigma_set **out, const char *logsources, const char *placeholders_file,
                 fk_err *err);
void fk_sigma_free(fk_sigma_set *s);

/* Called for each rule file that does not load (message names file, line, rule and the
 * construct), and for warnings (placeholders without values) with is_warning set. */
typedef void (*fk_sigma_report_fn)(void *ctx, const char *msg, int is_warning);

/* Loads a rule file, or every .yml/.yaml file under a directory (sorted, recursively).
 * Rules that do not load are reported and skipped; returns -1 only when the path
 * cannot be read. Counts what loaded and what did not. */
int fk_sigma_add_path(fk_sigma_set *s, const char *path, fk_sigma_report_fn report, void *ctx,
                      size_t *loaded, size_t *failed, fk_err *err);

/* Evaluates every rule of a logsource in turn, without the prefilter (before compile):
 * the reference the benchmark and the tests compare the prefilter against. */
void fk_sigma_set_sequential(fk_sigma_set *s, bool on);

/* Resolves logsources and correlation references and builds the prefilters; call once
 * after adding paths. */
int fk_sigma_compile(fk_sigma_set *s, fk_err *err);

/* Which events the rules will read, after compile: served() for each logsource entry
 * that serves rules (its attributes, how many rules), then unserved() for each logsource
 * of rules that no entry serves (they read JSON events that are not Windows events, by
 * field name), with how many rules have it. Attributes may be NULL. */
typedef void (*fk_sigma_source_fn)(void *ctx, const char *product, const char *category,
                                   const char *service, size_t nrules);
void fk_sigma_logsource_report(const fk_sigma_set *s, fk_sigma_source_fn served,
                               fk_sigma_source_fn unserved, void *ctx);

/* The prefilters' sizes summed over the set (each shared prefilter once); rules counts
 * a rule once per logsource entry that serves it. */
void fk_sigma_prefilter_totals(const fk_sigma_set *s, fk_sigma_prefilter_stats *st);

size_t fk_sigma_count(const fk_sigma_set *s);
/* The i-th rule loaded (i < fk_sigma_count); hits point into the same array. */
const fk_sigma_rule *fk_sigma_rule_at(const fk_sigma_set *s, size_t i);

typedef struct fk_sigma_hit {
    const fk_sigma_rule *rule;
    /* the fields of the selections that held, with the event's values */
    const char *fields[16];
    fk_str values[16];
    int nfields;
    int64_t count;    /* correlation: what was counted, summed or averaged */
    fk_str group;     /* correlation: the group-by values, joined by '|' */
    int64_t first_ms; /* correlation: the window */
} fk_sigma_hit;

typedef int (*fk_sigma_hit_fn)(void *ctx, const fk_sigma_hit *hit);

/* Matches one event; calls fn for every rule that fires (and every correlation that
 * completes). Returns the number of hits, or -1 when fn did. */
int fk_sigma_match_event(fk_sigma_set *s, const fk_event *ev, fk_sigma_hit_fn fn, void *ctx);

#endif
