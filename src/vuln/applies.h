/* Whether a vulnerability applies to a system, from the vulnerability's configurations
 * as NVD's CVE API 2.0 gives them (configurations of nodes of CPE match criteria with
 * version ranges, AND/OR, negation) and the CPE names of what the system runs: with how
 * sure the match is and the evidence of why. Versions compare as versions
 * (vuln/version.h), names by NISTIR 7696 (vuln/cpe.h). Owns nothing; no I/O. */
#ifndef FK_VULN_APPLIES_H
#define FK_VULN_APPLIES_H

#include "cpe.h"

#include <jansson.h>
#include <stdint.h>

typedef enum fk_match_confidence {
    FK_MATCH_NONE,
    FK_MATCH_UNVERSIONED, /* the source names the product and gives versions in words only */
    FK_MATCH_PRODUCT,     /* vendor and product match; the version is unknown or unproved */
    FK_MATCH_VERSION,     /* the system's version is in the vulnerable range */
} fk_match_confidence;

/* What joins a match's evidence to the system's name it took in: "<criteria> [range]
 * takes in <name>". The store keeps a name's answers without the name repeated and puts
 * it back after this (store/matches.c). */
#define FK_APPLIES_TAKES_IN " takes in "

typedef struct fk_applies {
    fk_match_confidence confidence;
    int software;       /* which of the system's names matched, -1 for none */
    char evidence[600]; /* the criteria, the range and what matched them */
    /* the best any configuration's vulnerable criteria took, its platform there or not:
     * what other programs of the same system could at most raise confidence to */
    fk_match_confidence potential;
} fk_applies;

const char *fk_match_confidence_name(fk_match_confidence c);

/* configurations: the record's "configurations" array (NULL: none, nothing applies).
 * software: the system's names, n of them. -1 with err when a criteria is not a CPE
 * name (the configuration and node named). */
int fk_vuln_applies(json_t *configurations, const fk_cpe *software, size_t n, fk_applies *out,
                    fk_err *err);

/* The same question asked of many systems: the configurations compiled once (criteria
 * unbound), then applied to each system's names. The rule keeps a reference to
 * configurations. */
typedef struct fk_vuln_rule fk_vuln_rule;
int fk_vuln_rule_compile(json_t *configurations, fk_vuln_rule **out, fk_err *err);
void fk_vuln_rule_apply(const fk_vuln_rule *r, const fk_cpe *software, size_t n, fk_applies *out);
/* The same with the names packed and given by address (a matcher keeps each name once). */
void fk_vuln_rule_apply_refs(const fk_vuln_rule *r, const fk_cpe_packed *const *software, size_t n,
                             fk_applies *out);
/* What a question needs of a name besides the name: which attributes hold wildcards
 * (fk_cpe_wildcard_mask) and its version with the WFN quoting undone. */
typedef struct fk_vuln_name_facts {
    unsigned wild;
    const char *version;
} fk_vuln_name_facts;
/* version: room for FK_CPE_VALUE_MAX bytes, where f->version points. */
void fk_vuln_name_facts_of(const fk_cpe_packed *name, char *version, fk_vuln_name_facts *f);
/* The same with each name's fk_vuln_product_hash and facts given (a matcher works them
 * out once per name, not once per question; facts may be NULL). */
void fk_vuln_rule_apply_hashed(const fk_vuln_rule *r, const fk_cpe_packed *const *software,
                               const uint64_t *products, const fk_vuln_name_facts *facts, size_t n,
                               fk_applies *out);
/* A name's vendor and product as one hash (0 when either is a wildcard): a criteria is
 * asked of a name only when theirs are the same. */
uint64_t fk_vuln_product_hash(const fk_cpe_packed *name);
/* Whether each of a system's names can be judged alone (no AND across nodes, no
 * platform criteria, no negation): then a ledger's distinct names are asked once each
 * and systems sharing a name share the answer. */
bool fk_vuln_rule_simple(const fk_vuln_rule *r);
/* Whether the rule's platforms are plain: no negated node, and no node mixing vulnerable
 * and platform criteria. Then a system proves a platform only through a name that takes
 * one of its platform criteria (fk_vuln_rule_platform_taken). */
bool fk_vuln_rule_pure_platforms(const fk_vuln_rule *r);
/* Whether one name (product: its fk_vuln_product_hash; facts: its facts or NULL) takes a
 * platform criteria. */
bool fk_vuln_rule_platform_taken(const fk_vuln_rule *r, const fk_cpe_packed *name, uint64_t product,
                                 const fk_vuln_name_facts *facts);
void fk_vuln_rule_free(fk_vuln_rule *r);
/* The same from configurations as JSON text (what the store keeps), read with yajl
 * straight into the rule. */
int fk_vuln_rule_compile_text(const char *text, size_t len, fk_vuln_rule **out, fk_err *err);
/* Its criteria: how many, and each one's CPE name and whether it is a vulnerable one. */
size_t fk_vuln_rule_criteria(const fk_vuln_rule *r);
const char *fk_vuln_rule_criteria_text(const fk_vuln_rule *r, size_t i, bool *vulnerable);

#endif
