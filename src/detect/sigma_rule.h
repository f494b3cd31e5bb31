/* One Sigma rule, loaded from YAML and compiled for matching: metadata, logsource,
 * search identifiers (maps, lists of maps, keyword lists) with every value modifier
 * applied at load time, and the parsed condition. Owns nothing outside the set's arena
 * except compiled regular expressions, which fk_sigma_rule_release frees. */
#ifndef FK_SIGMA_RULE_H
#define FK_SIGMA_RULE_H

#include "../core/arena.h"
#include "../core/error.h"
#include "../core/netaddr.h"
#include "../model/event.h"
#include "sigma_cond.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum fk_sv_kind {
    FK_SV_STRING,   /* literal or wildcard text */
    FK_SV_RE,       /* |re (PCRE2) */
    FK_SV_CIDR,     /* |cidr */
    FK_SV_EXISTS,   /* |exists: true/false */
    FK_SV_NULL,     /* null: the field is absent or empty */
    FK_SV_NUM,      /* |lt |lte |gt |gte */
    FK_SV_FIELDREF, /* |fieldref: compare with another field of the same event */
    FK_SV_TIME,     /* |minute |hour |day |week |month |year */
    FK_SV_NEVER,    /* |expand of a placeholder without values */
} fk_sv_kind;

typedef enum fk_sv_anchor { FK_AT_EXACT, FK_AT_PREFIX, FK_AT_SUFFIX, FK_AT_CONTAINS } fk_sv_anchor;
typedef enum fk_sv_cmp { FK_CMP_EQ, FK_CMP_LT, FK_CMP_LTE, FK_CMP_GT, FK_CMP_GTE } fk_sv_cmp;

typedef struct fk_sigma_value {
    fk_sv_kind kind;
    fk_sv_anchor anchor;
    fk_sv_cmp cmp;
    bool cased;       /* compare case-sensitively (|cased, or bytes made by |base64) */
    bool wild;        /* text holds wildcards: '\1' for '*', '\2' for '?' */
    bool negate;      /* |neq */
    const char *text; /* lower-cased unless cased; |re: the expression as written */
    size_t n;
    const char *glob; /* wild: text with the anchor's stars added, made once at load */
    size_t globn;
    void *re;   /* pcre2_code */
    void *md;   /* its pcre2_match_data, made once (matching is single-threaded) */
    int source; /* which written value this is a variant of (|all counts these) */
    fk_ip net;
    int prefix;
    double num;
    bool exists;
    int timepart; /* FK_SV_TIME: 0 minute .. 5 year */
} fk_sigma_value;

typedef struct fk_sigma_item {
    const char *field; /* NULL: a keyword, searched in every value of the event */
    fk_sigma_value *vals;
    size_t nvals;
    bool all; /* |all: every value must match, not one */
} fk_sigma_item;

typedef struct fk_sigma_group { /* a map: every item must match */
    fk_sigma_item *items;
    size_t nitems;
} fk_sigma_group;

typedef struct fk_sigma_search { /* a search identifier: one of its groups must match */
    const char *name;
    fk_sigma_group *groups;
    size_t ngroups;
} fk_sigma_search;

typedef enum fk_corr_type {
    FK_CORR_NONE,
    FK_CORR_EVENT_COUNT,
    FK_CORR_VALUE_COUNT,
    FK_CORR_TEMPORAL,
    FK_CORR_TEMPORAL_ORDERED,
    FK_CORR_VALUE_SUM,
    FK_CORR_VALUE_AVG,
    FK_CORR_VALUE_PERCENTILE,
} fk_corr_type;

typedef struct fk_sigma_alias { /* aliases: one name for a field that differs per rule */
    const char *name;
    const char **rules, **fields;
    size_t n;
} fk_sigma_alias;

typedef struct fk_sigma_rule {
    const char *file;
    const char *title, *id, *name, *level, *status, *description;
    const char **tags;
    size_t ntags;
    const char *product, *category, *service;
    fk_sigma_search *searches;
    size_t nsearches;
    fk_cond **conds; /* a list of conditions is their OR */
    size_t nconds;
    /* correlation rules */
    fk_corr_type corr;
    const char **corr_rules; /* ids or names of the rules correlated */
    size_t ncorr_rules;
    const char **group_by;
    size_t ngroup_by;
    int64_t timespan_ms;
    const char *corr_field; /* value_count, value_sum, value_avg, value_percentile */
    fk_sv_cmp corr_cmp[2];  /* up to two bounds: gte 3 and lt 10 */
    double corr_bound[2];
    int ncorr_bounds;
    double percentile; /* value_percentile: which one (default 95) */
    fk_sigma_alias *aliases;
    size_t naliases;
    bool generate; /* correlated rules also alert on their own */
    /* filters (Sigma filters): a document whose condition is added with "and" to the
     * rules it names, where their logsource lies within the filter's */
    bool filter;
    bool filter_any;           /* rules: any */
    const char **filter_rules; /* ids or names */
    size_t nfilter_rules;
    const struct fk_sigma_rule **filters; /* on a rule: the filters that apply to it */
    size_t nfilters;
    struct fk_sigma_regex *regexes; /* every compiled expression, for release */
} fk_sigma_rule;

typedef struct fk_sigma_regex {
    void *re, *md;
    struct fk_sigma_regex *next;
} fk_sigma_regex;

/* Site values for |expand: "%name%" -> list. */
typedef struct fk_sigma_placeholders {
    const char **names;
    const char ***values;
    size_t *nvalues;
    size_t n;
} fk_sigma_placeholders;

/* Loads every YAML document of text (file names the errors) into rules, appended to
 * *rules (grown in the arena). Returns 0, or -1 with err naming the file, the rule and
 * the exact construct that is not supported or not valid. Values with placeholders
 * that have no site values are noted in warn (when not NULL) and never match. */
int fk_sigma_parse(const char *text, size_t n, const char *file, const fk_sigma_placeholders *ph,
                   fk_arena *arena, fk_sigma_rule **rules, size_t *nrules, size_t *cap, fk_err *err,
                   fk_err *warn);

/* Loads a placeholder file: a YAML map of name -> list of values. */
int fk_sigma_placeholders_parse(const char *text, size_t n, const char *file, fk_arena *arena,
                                fk_sigma_placeholders *out, fk_err *err);

/* Frees what the arena does not hold (compiled regular expressions). */
void fk_sigma_rule_release(fk_sigma_rule *r);

/* How a rule reads an event: the value of a field by its Sigma name, and every value
 * (for keywords). The set provides it over the decoders' events. */
typedef struct fk_sigma_view {
    bool (*get)(void *ctx, const char *field, fk_str *out);
    /* optional: the value ASCII-lower-cased, which case-insensitive values compare with
     * plain byte search; false when it is absent or could not be folded (then the value
     * is folded while it is compared) */
    bool (*get_folded)(void *ctx, const char *field, fk_str *out);
    /* calls fn on every value; stops when fn returns true, and returns that */
    bool (*any)(void *ctx, bool (*fn)(fk_str v, void *arg), void *arg);
    void *ctx;
} fk_sigma_view;

/* True when the rule's condition holds for the event. */
bool fk_sigma_rule_match(const fk_sigma_rule *r, const fk_sigma_view *view);

/* The whole of s as a number (strtod), for |lt..|gte and correlations. */
bool fk_sigma_number(fk_str s, double *out);

/* a <cmp> b, for modifiers and correlation conditions */
bool fk_sigma_compare(double a, fk_sv_cmp cmp, double b);

/* True when one value matches the text (exported for the tests). */
bool fk_sigma_value_match(const fk_sigma_value *v, fk_str text, const fk_sigma_view *view);

#endif
