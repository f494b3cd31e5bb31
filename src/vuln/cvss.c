#include "cvss.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- vectors ------------------------------------------------------------------------------ */

/* A metric: its key, its values (one letter each, in order) and, for 3.x, their weights
 * (a metric whose weight depends on another, PR on the scope, is settled by the caller).
 * "X" (not defined) is the first value of every optional metric. */
typedef struct metric {
    const char *key;
    const char *values;
    double weights[6];
    bool required;
} metric;

enum { MAX_METRICS = 32 };

/* The vector's metrics as indexes into their values; -1 for a metric not given. */
typedef struct parsed {
    int value[MAX_METRICS];
} parsed;

/* Reads "KEY:V/KEY:V..." (after the version prefix) against a table of metrics. */
static int parse(const char *text, const metric *table, size_t n, parsed *p, fk_err *err)
{
    for (size_t i = 0; i < n; i++)
        p->value[i] = -1;
    const char *s = text;
    while (*s) {
        const char *slash = strchr(s, '/');
        size_t len = slash ? (size_t)(slash - s) : strlen(s);
        const char *colon = memchr(s, ':', len);
        if (!colon || colon == s || (size_t)(colon - s) + 1 >= len)
            return fk_errc(err, FK_ERR_INVALID, "'%.*s': expected METRIC:VALUE", (int)len, s);
        size_t klen = (size_t)(colon - s), vlen = len - klen - 1;
        size_t m = 0;
        while (m < n && (strlen(table[m].key) != klen || strncmp(table[m].key, s, klen)))
            m++;
        if (m == n)
            return fk_errc(err, FK_ERR_INVALID, "%.*s: not a metric of this version", (int)klen, s);
        if (p->value[m] >= 0)
            return fk_errc(err, FK_ERR_INVALID, "%s: given twice", table[m].key);
        const char *v = vlen == 1 ? strchr(table[m].values, colon[1]) : NULL;
        if (!v || !colon[1])
            return fk_errc(err, FK_ERR_INVALID, "%s: '%.*s' is not one of %s", table[m].key,
                           (int)vlen, colon + 1, table[m].values);
        p->value[m] = (int)(v - table[m].values);
        s += len + (slash != NULL);
        if (slash && !*s)
            return fk_errc(err, FK_ERR_INVALID, "the vector ends with '/'");
    }
    for (size_t i = 0; i < n; i++)
        if (table[i].required && p->value[i] < 0)
            return fk_errc(err, FK_ERR_INVALID, "%s: missing (a base metric)", table[i].key);
    return 0;
}

/* ---- 3.0 and 3.1 ------------------------------------------------------------------------- */

enum { AV, AC, PR, UI, S, C, I, A, E, RL, RC, CR, IR, AR, MAV, MAC, MPR, MUI, MS, MC, MI, MA };

/* Weights by the specification's tables; PR's are for an unchanged scope (changed: see
 * pr_weight). Modified metrics take their base metric's weight when not defined. */
static const metric v3[] = {
    [AV] = {"AV", "NALP", {0.85, 0.62, 0.55, 0.2}, true},
    [AC] = {"AC", "LH", {0.77, 0.44}, true},
    [PR] = {"PR", "NLH", {0.85, 0.62, 0.27}, true},
    [UI] = {"UI", "NR", {0.85, 0.62}, true},
    [S] = {"S", "UC", {0}, true},
    [C] = {"C", "HLN", {0.56, 0.22, 0}, true},
    [I] = {"I", "HLN", {0.56, 0.22, 0}, true},
    [A] = {"A", "HLN", {0.56, 0.22, 0}, true},
    [E] = {"E", "XHFPU", {1, 1, 0.97, 0.94, 0.91}, false},
    [RL] = {"RL", "XUWTO", {1, 1, 0.97, 0.96, 0.95}, false},
    [RC] = {"RC", "XCRU", {1, 1, 0.96, 0.92}, false},
    [CR] = {"CR", "XHML", {1, 1.5, 1, 0.5}, false},
    [IR] = {"IR", "XHML", {1, 1.5, 1, 0.5}, false},
    [AR] = {"AR", "XHML", {1, 1.5, 1, 0.5}, false},
    [MAV] = {"MAV", "XNALP", {0, 0.85, 0.62, 0.55, 0.2}, false},
    [MAC] = {"MAC", "XLH", {0, 0.77, 0.44}, false},
    [MPR] = {"MPR", "XNLH", {0, 0.85, 0.62, 0.27}, false},
    [MUI] = {"MUI", "XNR", {0, 0.85, 0.62}, false},
    [MS] = {"MS", "XUC", {0}, false},
    [MC] = {"MC", "XHLN", {0, 0.56, 0.22, 0}, false},
    [MI] = {"MI", "XHLN", {0, 0.56, 0.22, 0}, false},
    [MA] = {"MA", "XHLN", {0, 0.56, 0.22, 0}, false},
};
#define V3_METRICS (sizeof v3 / sizeof v3[0])

/* 3.1's Roundup: the smallest number of one decimal at least the input, computed on
 * integers so that floating point does not round 4.000000001 up to 4.1. */
static double roundup31(double x)
{
    long long n = llround(x * 100000.0);
    if (n % 10000 == 0)
        return (double)n / 100000.0;
    return (double)(n / 10000 + 1) / 10.0;
}

static double roundup30(double x)
{
    return ceil(x * 10.0) / 10.0;
}

/* The weight of an optional metric, 1 when not defined (temporal, requirements). */
static double optional(const parsed *p, int m)
{
    return p->value[m] < 0 ? 1.0 : v3[m].weights[p->value[m]];
}

/* A modified metric's value index in its base metric's table (not defined: the base's). */
static int modified(const parsed *p, int m, int base)
{
    return p->value[m] <= 0 ? p->value[base] : p->value[m] - 1;
}

static double pr_weight(int value, bool changed)
{
    static const double unchanged[] = {0.85, 0.62, 0.27}, scope_changed[] = {0.85, 0.68, 0.5};
    return changed ? scope_changed[value] : unchanged[value];
}

static int score3(const char *metrics, int version, fk_cvss_scores *out, fk_err *err)
{
    parsed p;
    if (parse(metrics, v3, V3_METRICS, &p, err) != 0)
        return -1;
    double (*roundup)(double) = version == 31 ? roundup31 : roundup30;
    bool changed = p.value[S] == 1;
    double iss = 1 - (1 - v3[C].weights[p.value[C]]) * (1 - v3[I].weights[p.value[I]]) *
                         (1 - v3[A].weights[p.value[A]]);
    double impact = changed ? 7.52 * (iss - 0.029) - 3.25 * pow(iss - 0.02, 15) : 6.42 * iss;
    double exploit = 8.22 * v3[AV].weights[p.value[AV]] * v3[AC].weights[p.value[AC]] *
                     pr_weight(p.value[PR], changed) * v3[UI].weights[p.value[UI]];
    double base = impact <= 0 ? 0
                  : changed   ? roundup(fmin(1.08 * (impact + exploit), 10))
                              : roundup(fmin(impact + exploit, 10));
    double threat = optional(&p, E) * optional(&p, RL) * optional(&p, RC);
    double temporal = roundup(base * threat);

    bool mchanged = modified(&p, MS, S) == 1;
    double mc = v3[C].weights[modified(&p, MC, C)], mi = v3[I].weights[modified(&p, MI, I)],
           ma = v3[A].weights[modified(&p, MA, A)];
    double miss = fmin(1 - (1 - optional(&p, CR) * mc) * (1 - optional(&p, IR) * mi) *
                               (1 - optional(&p, AR) * ma),
                       0.915);
    double mimpact = !mchanged       ? 6.42 * miss
                     : version == 31 ? 7.52 * (miss - 0.029) - 3.25 * pow(miss * 0.9731 - 0.02, 13)
                                     : 7.52 * (miss - 0.029) - 3.25 * pow(miss - 0.02, 15);
    double mexploit =
        8.22 * v3[AV].weights[modified(&p, MAV, AV)] * v3[AC].weights[modified(&p, MAC, AC)] *
        pr_weight(modified(&p, MPR, PR), mchanged) * v3[UI].weights[modified(&p, MUI, UI)];
    double env = mimpact <= 0 ? 0
                 : mchanged   ? roundup(roundup(fmin(1.08 * (mimpact + mexploit), 10)) * threat)
                              : roundup(roundup(fmin(mimpact + mexploit, 10)) * threat);
    *out = (fk_cvss_scores){version, base, temporal, env};
    return 0;
}

/* ---- entry points ------------------------------------------------------------------------ */

int fk_cvss_score(const char *vector, fk_cvss_scores *out, fk_err *err)
{
    if (!vector)
        return fk_errc(err, FK_ERR_INVALID, "no vector");
    if (!strncmp(vector, "CVSS:3.1/", 9))
        return score3(vector + 9, 31, out, err);
    if (!strncmp(vector, "CVSS:3.0/", 9))
        return score3(vector + 9, 30, out, err);
    if (!strncmp(vector, "CVSS:4.0/", 9))
        return fk_errc(err, FK_ERR_INVALID, "CVSS 4.0 vectors are not scored yet");
    return fk_errc(err, FK_ERR_INVALID,
                   "expected a vector beginning CVSS:3.0/, CVSS:3.1/ or CVSS:4.0/");
}

const char *fk_cvss_severity(double score)
{
    return score <= 0  ? "None"
           : score < 4 ? "Low"
           : score < 7 ? "Medium"
           : score < 9 ? "High"
                       : "Critical";
}
