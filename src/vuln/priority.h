/* How urgent a vulnerability is for one system, from what is known of both: known
 * exploitation (CISA KEV) puts it in the immediate tier; then the chance of exploitation
 * (EPSS), the severity (CVSS), the system's criticality and exposure, and how sure the
 * match is. An industrial-control system gets compensating measures to keep rather than a
 * patch deadline, as such systems cannot be patched at once. Owns the tiers, their
 * deadlines and the advice; no I/O. */
#ifndef FK_VULN_PRIORITY_H
#define FK_VULN_PRIORITY_H

#include <stdbool.h>

typedef enum fk_priority_tier {
    FK_TIER_IMMEDIATE, /* known exploited */
    FK_TIER_HIGH,
    FK_TIER_MEDIUM,
    FK_TIER_LOW,
} fk_priority_tier;

typedef struct fk_priority_input {
    bool kev;
    double epss;             /* < 0: unknown */
    double cvss;             /* < 0: unknown */
    const char *criticality; /* low, medium, high, critical */
    const char *exposure;    /* internet, internal, isolated */
    const char *confidence;  /* version, product, unversioned */
    bool ics;
} fk_priority_input;

typedef struct fk_priority {
    fk_priority_tier tier;
    double score;      /* to order advisories: higher first */
    int deadline_days; /* for a patch; 0 for an industrial-control system */
    bool compensating; /* keep compensating measures instead */
} fk_priority;

const char *fk_priority_tier_name(fk_priority_tier t);
/* "immediate", ... into *t; false for another word. */
bool fk_priority_tier_named(const char *name, fk_priority_tier *t);
void fk_priority_of(const fk_priority_input *in, fk_priority *out);
/* What to do, in English or Japanese (lang "ja"). */
const char *fk_priority_advice(const fk_priority *p, const char *lang);

#endif
