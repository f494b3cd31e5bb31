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

/* The index of a value among a metric's: one letter each ("NALP"), or words separated by
 * commas ("X,Clear,Green") for the few metrics whose values are words; -1 if none. */
static int value_index(const char *values, const char *v, size_t vlen)
{
    if (!strchr(values, ',')) {
        const char *at = vlen == 1 && *v ? strchr(values, *v) : NULL;
        return at ? (int)(at - values) : -1;
    }
    int index = 0;
    for (const char *w = values; *w; index++) {
        size_t wlen = strcspn(w, ",");
        if (wlen == vlen && !strncmp(w, v, vlen))
            return index;
        w += wlen + (w[wlen] == ',');
    }
    return -1;
}

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
        p->value[m] = value_index(table[m].values, colon + 1, vlen);
        if (p->value[m] < 0)
            return fk_errc(err, FK_ERR_INVALID, "%s: '%.*s' is not one of %s", table[m].key,
                           (int)vlen, colon + 1, table[m].values);
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
    *out = (fk_cvss_scores){version, base, temporal, env, NULL};
    return 0;
}

/* ---- 4.0 --------------------------------------------------------------------------------- */

/* CVSS 4.0 has no formula. The specification sorts every vector into one of 270
 * MacroVectors by six equivalence sets (EQ1..EQ6), gives each MacroVector an expert
 * score (the table below), and places a vector within its MacroVector by how far it lies
 * below the MacroVector's most severe vectors, as a share of the score gap to the next
 * lower MacroVector of each set. The steps, the order of the most severe vectors and the
 * arithmetic follow FIRST's reference calculator so that scores agree to the last digit. */

enum {
    V4AV,
    V4AC,
    V4AT,
    V4PR,
    V4UI,
    V4VC,
    V4VI,
    V4VA,
    V4SC,
    V4SI,
    V4SA, /* base */
    V4E,  /* threat */
    V4CR,
    V4IR,
    V4AR,
    V4MAV,
    V4MAC,
    V4MAT,
    V4MPR,
    V4MUI,
    V4MVC,
    V4MVI,
    V4MVA,
    V4MSC,
    V4MSI,
    V4MSA, /* environmental */
    V4S,
    V4AU,
    V4R,
    V4V,
    V4RE,
    V4U /* supplemental: not scored */
};

static const metric v4[] = {
    [V4AV] = {"AV", "NALP", {0}, true},     [V4AC] = {"AC", "LH", {0}, true},
    [V4AT] = {"AT", "NP", {0}, true},       [V4PR] = {"PR", "NLH", {0}, true},
    [V4UI] = {"UI", "NPA", {0}, true},      [V4VC] = {"VC", "HLN", {0}, true},
    [V4VI] = {"VI", "HLN", {0}, true},      [V4VA] = {"VA", "HLN", {0}, true},
    [V4SC] = {"SC", "HLN", {0}, true},      [V4SI] = {"SI", "HLN", {0}, true},
    [V4SA] = {"SA", "HLN", {0}, true},      [V4E] = {"E", "XAPU", {0}, false},
    [V4CR] = {"CR", "XHML", {0}, false},    [V4IR] = {"IR", "XHML", {0}, false},
    [V4AR] = {"AR", "XHML", {0}, false},    [V4MAV] = {"MAV", "XNALP", {0}, false},
    [V4MAC] = {"MAC", "XLH", {0}, false},   [V4MAT] = {"MAT", "XNP", {0}, false},
    [V4MPR] = {"MPR", "XNLH", {0}, false},  [V4MUI] = {"MUI", "XNPA", {0}, false},
    [V4MVC] = {"MVC", "XHLN", {0}, false},  [V4MVI] = {"MVI", "XHLN", {0}, false},
    [V4MVA] = {"MVA", "XHLN", {0}, false},  [V4MSC] = {"MSC", "XHLN", {0}, false},
    [V4MSI] = {"MSI", "XSHLN", {0}, false}, [V4MSA] = {"MSA", "XSHLN", {0}, false},
    [V4S] = {"S", "XNP", {0}, false},       [V4AU] = {"AU", "XNY", {0}, false},
    [V4R] = {"R", "XAUI", {0}, false},      [V4V] = {"V", "XDC", {0}, false},
    [V4RE] = {"RE", "XLMH", {0}, false},    [V4U] = {"U", "X,Clear,Green,Amber,Red", {0}, false},
};
#define V4_METRICS (sizeof v4 / sizeof v4[0])

/* The score of each MacroVector in tenths, FIRST's table, by EQ1, EQ2, EQ3 (rows) and
 * EQ4, EQ5, EQ6 (columns: 00 01 10 11 20 21 for EQ4=0, then EQ4=1, EQ4=2). 0: no such
 * MacroVector (EQ3=2 with EQ6=0 cannot happen). */
static const unsigned char macro_scores[3][2][3][18] = {
    {{{100, 99, 98, 95, 95, 92, 100, 96, 93, 87, 91, 81, 93, 90, 89, 80, 81, 68},
      {98, 95, 95, 92, 90, 84, 93, 92, 89, 81, 81, 65, 88, 80, 78, 70, 69, 48},
      {0, 92, 0, 82, 0, 72, 0, 79, 0, 69, 0, 50, 0, 69, 0, 55, 0, 27}},
     {{99, 97, 95, 92, 92, 85, 95, 91, 90, 83, 84, 71, 92, 81, 82, 71, 72, 53},
      {95, 93, 92, 85, 85, 73, 92, 82, 80, 72, 70, 59, 84, 70, 71, 52, 50, 30},
      {0, 86, 0, 75, 0, 52, 0, 71, 0, 52, 0, 29, 0, 63, 0, 29, 0, 17}}},
    {{{98, 95, 94, 87, 91, 81, 94, 89, 86, 74, 77, 64, 87, 75, 74, 63, 63, 49},
      {94, 89, 88, 77, 76, 67, 86, 76, 74, 58, 59, 50, 72, 57, 57, 52, 52, 25},
      {0, 83, 0, 70, 0, 54, 0, 65, 0, 58, 0, 26, 0, 53, 0, 21, 0, 13}},
     {{95, 90, 88, 76, 76, 70, 90, 77, 75, 62, 61, 53, 77, 66, 68, 59, 52, 30},
      {89, 78, 76, 67, 62, 58, 74, 59, 57, 57, 47, 23, 61, 52, 57, 29, 24, 16},
      {0, 71, 0, 59, 0, 30, 0, 58, 0, 26, 0, 15, 0, 23, 0, 13, 0, 6}}},
    {{{93, 87, 86, 72, 75, 58, 86, 74, 74, 61, 56, 34, 70, 54, 52, 40, 40, 22},
      {85, 75, 74, 55, 62, 51, 72, 57, 55, 41, 46, 19, 53, 36, 34, 19, 19, 8},
      {0, 64, 0, 51, 0, 20, 0, 47, 0, 21, 0, 11, 0, 24, 0, 9, 0, 4}},
     {{88, 75, 73, 53, 60, 50, 73, 55, 59, 40, 41, 20, 54, 43, 45, 22, 20, 11},
      {75, 55, 58, 45, 40, 21, 61, 51, 48, 18, 20, 9, 46, 18, 17, 7, 8, 2},
      {0, 53, 0, 24, 0, 14, 0, 24, 0, 12, 0, 5, 0, 10, 0, 3, 0, 1}}},
};

typedef struct macro {
    int eq[6]; /* EQ1..EQ6 */
} macro;

/* A MacroVector's score in tenths, or -1 when there is none (past an end, or EQ3=2 with
 * EQ6=0). */
static int macro_score(const int eq[6])
{
    static const int limit[6] = {3, 2, 3, 3, 3, 2};
    for (int i = 0; i < 6; i++)
        if (eq[i] < 0 || eq[i] >= limit[i])
            return -1;
    int tenths = macro_scores[eq[0]][eq[1]][eq[2]][eq[3] * 6 + eq[4] * 2 + eq[5]];
    return tenths ? tenths : -1;
}

/* The metrics the severity distance is measured on, in the order the most severe
 * vectors below spell them. */
enum { D_AV, D_PR, D_UI, D_AC, D_AT, D_VC, D_VI, D_VA, D_CR, D_IR, D_AR, D_SC, D_SI, D_SA, D_N };

/* Each metric's values from most to least severe; a value's severity level is its place
 * times 0.1 (SC has no S, so its H stands at 0.1 as in the specification). */
static const char *const d_order[D_N] = {
    [D_AV] = "NALP", [D_PR] = "NLH",  [D_UI] = "NPA",  [D_AC] = "LH",   [D_AT] = "NP",
    [D_VC] = "HLN",  [D_VI] = "HLN",  [D_VA] = "HLN",  [D_CR] = "HML",  [D_IR] = "HML",
    [D_AR] = "HML",  [D_SC] = "SHLN", [D_SI] = "SHLN", [D_SA] = "SHLN",
};

/* A value's severity level in steps of 0.1 (0: most severe). */
static int level(int metric, char value)
{
    return (int)(strchr(d_order[metric], value) - d_order[metric]);
}

/* The most severe vectors of each EQ's levels, as the letters of that EQ's metrics in
 * the order of d_order (EQ1: AV PR UI; EQ2: AC AT; EQ3 with EQ6: VC VI VA CR IR AR;
 * EQ4: SC SI SA), separated by spaces; tried in this order, as the reference does. */
static const char *const most_eq1[3] = {"NNN", "ANN NLN NNP", "PNN ALP"};
static const char *const most_eq2[2] = {"LN", "HN LP"};
static const char *const most_eq36[3][2] = {
    {"HHHHHH", "HHLMMH HHHMMM"},
    {"LHHHHH HLHHHH", "LHLHMH LHHHMM HLHMHM HLLMHH LLHHHM"},
    {NULL, "LLLHHH"},
};
static const char *const most_eq4[3] = {"HSS", "HHH", "LLL"};

/* The largest severity distance within each EQ's levels, in steps of 0.1. */
static const int depth_eq1[3] = {1, 4, 5}, depth_eq2[2] = {1, 2}, depth_eq4[3] = {6, 5, 4};
static const int depth_eq36[3][2] = {{7, 6}, {8, 8}, {0, 10}};

/* A metric's value as scored: the modified metric where one is given, else the base;
 * threat and requirements not defined count as their most severe value. */
static char effective(const parsed *p, int base, int modified_metric)
{
    if (modified_metric >= 0 && p->value[modified_metric] > 0)
        return v4[modified_metric].values[p->value[modified_metric]];
    if (p->value[base] < 0 || v4[base].values[p->value[base]] == 'X')
        return base == V4E ? 'A' : 'H'; /* E, CR, IR, AR */
    return v4[base].values[p->value[base]];
}

/* Every vector's distance metrics, and the MacroVector they put it in. */
static void classify(const parsed *p, char v[D_N], int eq[6])
{
    v[D_AV] = effective(p, V4AV, V4MAV);
    v[D_PR] = effective(p, V4PR, V4MPR);
    v[D_UI] = effective(p, V4UI, V4MUI);
    v[D_AC] = effective(p, V4AC, V4MAC);
    v[D_AT] = effective(p, V4AT, V4MAT);
    v[D_VC] = effective(p, V4VC, V4MVC);
    v[D_VI] = effective(p, V4VI, V4MVI);
    v[D_VA] = effective(p, V4VA, V4MVA);
    v[D_SC] = effective(p, V4SC, V4MSC);
    v[D_SI] = effective(p, V4SI, V4MSI);
    v[D_SA] = effective(p, V4SA, V4MSA);
    v[D_CR] = effective(p, V4CR, -1);
    v[D_IR] = effective(p, V4IR, -1);
    v[D_AR] = effective(p, V4AR, -1);
    char e = effective(p, V4E, -1);

    bool av_n = v[D_AV] == 'N', pr_n = v[D_PR] == 'N', ui_n = v[D_UI] == 'N';
    eq[0] = av_n && pr_n && ui_n ? 0 : (av_n || pr_n || ui_n) && v[D_AV] != 'P' ? 1 : 2;
    eq[1] = v[D_AC] == 'L' && v[D_AT] == 'N' ? 0 : 1;
    eq[2] = v[D_VC] == 'H' && v[D_VI] == 'H'                     ? 0
            : v[D_VC] == 'H' || v[D_VI] == 'H' || v[D_VA] == 'H' ? 1
                                                                 : 2;
    /* EQ4's safety level is what the consumer says (MSI, MSA); SI and SA have no S */
    eq[3] = v[D_SI] == 'S' || v[D_SA] == 'S'                     ? 0
            : v[D_SC] == 'H' || v[D_SI] == 'H' || v[D_SA] == 'H' ? 1
                                                                 : 2;
    eq[4] = e == 'A' ? 0 : e == 'P' ? 1 : 2;
    eq[5] = (v[D_CR] == 'H' && v[D_VC] == 'H') || (v[D_IR] == 'H' && v[D_VI] == 'H') ||
                    (v[D_AR] == 'H' && v[D_VA] == 'H')
                ? 0
                : 1;
}

/* The distances of v from the first of the most severe vectors that it does not exceed
 * (every metric at least as severe there); the last one tried if none. */
static void distances(const char v[D_N], const int eq[6], int d[D_N])
{
    static const int first[4] = {D_AV, D_AC, D_VC, D_SC}, count[4] = {3, 2, 6, 3};
    const char *lists[4] = {most_eq1[eq[0]], most_eq2[eq[1]], most_eq36[eq[2]][eq[5]],
                            most_eq4[eq[3]]};
    /* the d_order positions of EQ3+EQ6's letters: VC VI VA CR IR AR */
    static const int eq36_slots[6] = {D_VC, D_VI, D_VA, D_CR, D_IR, D_AR};
    char max[D_N];
    for (int k = 0; k < 4; k++)
        if (!lists[k])
            return; /* no such MacroVector: classify never gives one */
    for (const char *a = lists[0]; *a; a += a[3] ? 4 : 3)
        for (const char *b = lists[1]; *b; b += b[2] ? 3 : 2)
            for (const char *c = lists[2]; *c; c += c[6] ? 7 : 6)
                for (const char *s = lists[3]; *s; s += s[3] ? 4 : 3) {
                    const char *parts[4] = {a, b, c, s};
                    for (int k = 0; k < 4; k++)
                        for (int j = 0; j < count[k]; j++)
                            max[k == 2 ? eq36_slots[j] : first[k] + j] = parts[k][j];
                    bool below = true;
                    for (int m = 0; m < D_N; m++) {
                        d[m] = level(m, v[m]) - level(m, max[m]);
                        below = below && d[m] >= 0;
                    }
                    if (below)
                        return;
                }
}

static int score4(const char *metrics, fk_cvss_scores *out, fk_err *err)
{
    parsed p;
    if (parse(metrics, v4, V4_METRICS, &p, err) != 0)
        return -1;
    char v[D_N];
    int eq[6];
    classify(&p, v, eq);
    /* the specification asks that a score say which metric groups went into it */
    bool threat = p.value[V4E] > 0, environmental = false;
    for (int m = V4CR; m <= V4MSA; m++)
        environmental = environmental || p.value[m] > 0;
    static const char *const names[2][2] = {{"CVSS-B", "CVSS-BE"}, {"CVSS-BT", "CVSS-BTE"}};
    *out = (fk_cvss_scores){40, 0, 0, 0, names[threat][environmental]};
    if (v[D_VC] == 'N' && v[D_VI] == 'N' && v[D_VA] == 'N' && v[D_SC] == 'N' && v[D_SI] == 'N' &&
        v[D_SA] == 'N')
        return 0; /* no impact on any system */

    int value = macro_score(eq), d[D_N];
    distances(v, eq, d);
    int current[5] = {
        d[D_AV] + d[D_PR] + d[D_UI],
        d[D_AC] + d[D_AT],
        d[D_VC] + d[D_VI] + d[D_VA] + d[D_CR] + d[D_IR] + d[D_AR],
        d[D_SC] + d[D_SI] + d[D_SA],
        0, /* EQ5 (threat) has one value per level */
    };
    int depth[5] = {depth_eq1[eq[0]], depth_eq2[eq[1]], depth_eq36[eq[2]][eq[5]], depth_eq4[eq[3]],
                    1};

    /* the next lower MacroVector of each EQ; EQ3 and EQ6 step together, and from the top
     * (00) either may step, the higher-scoring one taken */
    int lower[5];
    for (int i = 0; i < 5; i++) {
        int next[6];
        memcpy(next, eq, sizeof next);
        next[i]++; /* EQ1, EQ2, EQ4, EQ5 (EQ3 is set below) */
        lower[i] = macro_score(next);
    }
    int e3 = eq[2], e6 = eq[5], left[6], right[6];
    memcpy(left, eq, sizeof left);
    memcpy(right, eq, sizeof right);
    if (e3 == 0 && e6 == 0) {
        left[5]++;
        right[2]++;
        int l = macro_score(left), r = macro_score(right);
        lower[2] = l < 0 || r < 0 ? -1 : l > r ? l : r;
    } else {
        if (e3 == 1 && e6 == 0)
            left[5]++;
        else if (e3 == 2)
            left[2]++, left[5]++;
        else
            left[2]++;
        lower[2] = macro_score(left);
    }

    /* The score is the MacroVector's less the mean over the EQs that have a lower
     * MacroVector of (score gap to it) x (distance / depth). Computed exactly, in tenths
     * over a common denominator (2520 is divisible by every depth), and rounded half up:
     * binary floating point would put 5.65 at 5.6499... and round it down. */
    long long gaps = 0; /* the sum of the terms, in tenths x 2520 */
    int n = 0;
    for (int i = 0; i < 5; i++) {
        if (lower[i] < 0)
            continue;
        n++;
        gaps += (long long)(value - lower[i]) * current[i] * (2520 / depth[i]);
    }
    long long den = 2520LL * (n ? n : 1);
    long long num = (long long)value * den - gaps; /* the score x 10 x den */
    long long tenths = num <= 0 ? 0 : (2 * num + den) / (2 * den);
    out->base = (tenths > 100 ? 100 : tenths) / 10.0;
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
        return score4(vector + 9, out, err);
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
