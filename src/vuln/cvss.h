/* CVSS scores computed from vectors, by the specifications: 3.0 and 3.1 (base, temporal
 * and environmental scores, FIRST's formulas and their rounding) and 4.0 (the score of
 * the whole vector by FIRST's MacroVector method). A wrong vector is refused naming the
 * bad metric and what it may be. Owns only constant data (values, weights, the 4.0
 * MacroVector scores); no I/O. */
#ifndef FK_VULN_CVSS_H
#define FK_VULN_CVSS_H

#include "../core/error.h"

typedef struct fk_cvss_scores {
    int version;              /* 30, 31 or 40 */
    double base;              /* 4.0: the score of the whole vector */
    double temporal;          /* 3.x only */
    double environmental;     /* 3.x only */
    const char *nomenclature; /* 4.0: CVSS-B, CVSS-BT, CVSS-BE or CVSS-BTE (what was scored) */
} fk_cvss_scores;

/* 0 with out filled, or -1 with err (FK_ERR_INVALID) naming the metric: unknown,
 * repeated, missing or with a value it may not have. */
int fk_cvss_score(const char *vector, fk_cvss_scores *out, fk_err *err);

/* The qualitative rating of a score: None, Low, Medium, High or Critical. */
const char *fk_cvss_severity(double score);

#endif
