/* The Sigma prefilter: which rules of a logsource can match an event, found without
 * evaluating them. From each rule's condition it derives text the rule cannot match
 * without (per field), and compiles that text into one Hyperscan database per field, so
 * an event costs one scan per field instead of one evaluation per rule. Owns the
 * databases and the pattern-to-rule lists; the scratch space belongs to the caller. */
#ifndef FK_SIGMA_PREFILTER_H
#define FK_SIGMA_PREFILTER_H

#include "../core/error.h"
#include "sigma_rule.h"

#include <stddef.h>

struct hs_scratch;
typedef struct fk_sigma_prefilter fk_sigma_prefilter;

/* Builds the prefilter of rules[0..n). *scratch (may start NULL) is grown to serve the
 * new databases; one scratch serves every prefilter of a set. Rules whose conditions
 * name no required text (only negations, numbers, address ranges, null checks) are
 * always candidates. */
int fk_sigma_prefilter_build(fk_sigma_prefilter **out, const fk_sigma_rule *const *rules, size_t n,
                             struct hs_scratch **scratch, fk_err *err);
void fk_sigma_prefilter_free(fk_sigma_prefilter *p);

/* Sets cand[i] (n bytes, as built) for every rule that may match the event the view
 * reads. When a scan fails every rule becomes a candidate: nothing is lost, only time. */
void fk_sigma_prefilter_run(const fk_sigma_prefilter *p, const fk_sigma_view *view,
                            struct hs_scratch *scratch, unsigned char *cand);

typedef struct fk_sigma_prefilter_stats {
    size_t rules;    /* rules in the prefilter */
    size_t always;   /* of which evaluated on every event of the logsource */
    size_t fields;   /* databases (one per field; keywords count as one) */
    size_t patterns; /* distinct patterns over all databases */
    size_t bytes;    /* size of the compiled databases */
} fk_sigma_prefilter_stats;

void fk_sigma_prefilter_stats_get(const fk_sigma_prefilter *p, fk_sigma_prefilter_stats *st);

#endif
