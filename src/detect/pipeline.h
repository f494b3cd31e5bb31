/* The detection pipeline: every engine (indicators, web signatures and signs that an
 * attack worked, Sigma rules and correlations, threshold rules) behind one contract:
 * load from a spec, match one event, flush at the end of a stream. `fukurou scan` and
 * the hub's detection workers drive the same pipeline. Owns the loaded rule sets and
 * the engines' windows (kept per organisation); alerts go to the caller's sink. */
#ifndef FK_PIPELINE_H
#define FK_PIPELINE_H

#include "../core/error.h"
#include "../model/alert.h"
#include "../model/event.h"
#include "ioc.h"

#include <stdbool.h>
#include <stddef.h>

/* A warning while loading (a Sigma rule that does not load, indicators that cannot match
 * a single event): named, not fatal. */
typedef void (*fk_pipeline_report_fn)(void *ctx, const char *msg);

typedef struct fk_pipeline_spec {
    /* indicators: lists, CSV or STIX 2.1 bundles */
    const char *const *ioc_files;
    size_t nioc;
    const char *ioc_column;
    fk_severity ioc_severity;
    /* an indicator set built by the caller (the hub's released indicators); the pipeline
     * takes it over. Used with or instead of ioc_files. */
    fk_ioc_set *iocs;
    /* threshold rules (YAML files); without any, the shipped rules/threshold.yml (built
     * in), unless no_rules */
    const char *const *rule_files;
    size_t nrules;
    bool no_rules;
    /* web signatures: the shipped set unless web_file; families NULL for all */
    bool no_web;
    const char *web_families, *web_file;
    const char *cache_dir; /* compiled signature databases (NULL: none) */
    /* Sigma rules: files or directories */
    const char *const *sigma_paths;
    size_t nsigma;
    const char *sigma_logsources, *sigma_placeholders;
    fk_severity sigma_min; /* Sigma alerts below this level are not reported */
    fk_pipeline_report_fn report;
    void *report_ctx;
} fk_pipeline_spec;

typedef struct fk_pipeline fk_pipeline;

/* Loads every engine the spec asks for. Errors name the file (and line) that failed. */
int fk_pipeline_new(fk_pipeline **out, const fk_pipeline_spec *spec, fk_alert_fn sink, void *ctx,
                    fk_err *err);
/* Matches one event against every engine; alerts carry the event's organisation.
 * Returns 0, or -1 when memory ran out or the sink failed. */
int fk_pipeline_event(fk_pipeline *p, const fk_event *ev);
/* The same with only the engines of mask (FK_PIPELINE_ALL for all). */
int fk_pipeline_event_only(fk_pipeline *p, const fk_event *ev, unsigned mask);
#define FK_PIPELINE_ALL 0xffffffffu

/* A member's choice of detection: which engines run on its events, which Sigma rule
 * sets (each --sigma path is a set, named by its last path component: "windows",
 * "rules-emerging-threats") and from which Sigma level up. Written as a list:
 *   all | ioc,web,sigma,threshold | sigma:windows,sigma:linux | sigma>=high
 * "sigma:NAME" turns the Sigma engine on for that set only; a list without any
 * "sigma:" item takes every set, and one that names no engine (only a floor) every
 * engine. */
#define FK_PIPELINE_MAX_SETS 16
typedef struct fk_pipeline_profile {
    unsigned engines;                          /* mask of engine rows */
    char sigma_sets[FK_PIPELINE_MAX_SETS][64]; /* names; none: every set */
    size_t nsigma_sets;
    unsigned sigma_bits;   /* the sets as bits of the pipeline's --sigma paths (resolve) */
    fk_severity sigma_min; /* the member's floor */
} fk_pipeline_profile;

/* Parses a profile; false (err names the item and what was expected) when it is not one. */
bool fk_pipeline_profile_parse(const char *text, fk_pipeline_profile *out, fk_err *err);
/* Turns the profile's set names into the pipeline's set bits, once per profile rather
 * than per event. False (err lists the sets loaded) when it names a set this pipeline did
 * not load, which matches nothing; the sets it does know are resolved either way. */
bool fk_pipeline_profile_resolve(const fk_pipeline *p, fk_pipeline_profile *prof, fk_err *err);
/* Matches one event with a member's resolved profile (NULL: everything). */
int fk_pipeline_event_profile(fk_pipeline *p, const fk_event *ev, const fk_pipeline_profile *prof);
/* Only the engine part of a profile, for callers that need no more ("ioc,web" -> mask). */
bool fk_pipeline_mask_parse(const char *list, unsigned *mask, fk_err *err);
/* End of a stream: emits what windows still hold (threshold bursts, flagged requests
 * awaiting a baseline). */
int fk_pipeline_flush(fk_pipeline *p);
/* Replaces the indicator set between two events (the hub, when indicators are released)
 * and returns the old one for the caller to free. */
fk_ioc_set *fk_pipeline_swap_iocs(fk_pipeline *p, fk_ioc_set *iocs);
/* Replaces the delta: indicators added since the full set was built, matched beside it,
 * so that a release reaches detection in milliseconds while the full set (with
 * revocations and new versions) is rebuilt in the background. A new full set drops the
 * delta. Returns the old delta for the caller to free. */
fk_ioc_set *fk_pipeline_swap_delta(fk_pipeline *p, fk_ioc_set *delta);
/* The names of the engines loaded, comma-separated ("ioc,web,sigma"). */
const char *fk_pipeline_engines(const fk_pipeline *p, char *buf, size_t cap);
/* Flagged requests that could not be judged for signs of success (memory bound). */
uint64_t fk_pipeline_unjudged(const fk_pipeline *p);
void fk_pipeline_free(fk_pipeline *p);

#endif
