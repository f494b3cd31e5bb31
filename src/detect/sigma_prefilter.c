#include "sigma_prefilter.h"

#include <hs/hs.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../core/arena.h"

/* What a rule needs.
 *
 * For a condition c, need(c) is a set of atoms (field, text) such that c can only hold
 * when at least one atom occurs in its field; or "top" when no such set is known. Rules:
 *
 *   item with values v1..vn       union of each value's atom (top if one value has none)
 *   item with |all                any one written value's atoms (every one must hold)
 *   map of items (AND)            the cheapest item's set
 *   list of maps, search (OR)     the union
 *   a and b                       the cheaper of need(a), need(b)
 *   a or b, 1 of / N of           the union
 *   all of                        the cheapest member
 *   not a                         top: a negation needs nothing
 *
 * A value's atom is its longest run without wildcards (contains/startswith/endswith add
 * none of their own), matched without case: a superset of what the value matches, cased
 * or not. An |re value is its own atom, compiled in Hyperscan's prefilter mode, which
 * may report more than the expression matches but never less. Values that test absence
 * (null, exists), numbers, ranges, times, field references and |neq are top. A value
 * that can never match (|expand without site values) contributes an empty set, so a map
 * holding it is never a candidate. The prefilter only ever adds work for a rule; the
 * rule itself still decides, so a wrong guess costs time, never a detection. */

typedef struct {
    const char *field; /* NULL: a keyword, searched in every value */
    const char *text;
    size_t n;
    bool regex;
} atom;

typedef struct {
    atom *a;
    size_t n;
    bool top;
} aset;

static const aset TOP = {NULL, 0, true};

/* The chance that a set lets an event through, roughly: short text occurs often. */
static double cost(const aset *s)
{
    if (s->top)
        return INFINITY;
    double c = 0;
    for (size_t i = 0; i < s->n; i++)
        c += s->a[i].regex ? 0.3 : 1.0 / (1.0 + (double)(s->a[i].n * s->a[i].n));
    return c;
}

static int join(fk_arena *ar, const aset *x, const aset *y, aset *out)
{
    if (x->top || y->top) {
        *out = TOP;
        return 0;
    }
    atom *a = fk_arena_alloc(ar, (x->n + y->n + 1) * sizeof *a);
    if (!a)
        return -1;
    if (x->n)
        memcpy(a, x->a, x->n * sizeof *a);
    if (y->n)
        memcpy(a + x->n, y->a, y->n * sizeof *a);
    *out = (aset){a, x->n + y->n, false};
    return 0;
}

static const aset *cheaper(const aset *x, const aset *y)
{
    return cost(y) < cost(x) ? y : x;
}

static bool value_atom(const fk_sigma_value *v, const char *field, atom *out)
{
    if (v->negate)
        return false;
    if (v->kind == FK_SV_RE) { /* Hyperscan reads an expression up to its first NUL */
        *out = (atom){field, v->text, v->n, true};
        return v->n > 0 && !memchr(v->text, '\0', v->n);
    }
    if (v->kind != FK_SV_STRING)
        return false;
    /* the longest run between wildcards ('\1' any run, '\2' one byte) */
    size_t best = 0, best_n = 0, start = 0;
    for (size_t i = 0; i <= v->n; i++)
        if (i == v->n || (v->wild && (v->text[i] == '\1' || v->text[i] == '\2'))) {
            if (i - start > best_n) {
                best = start;
                best_n = i - start;
            }
            start = i + 1;
        }
    *out = (atom){field, v->text + best, best_n, false};
    return best_n > 0;
}

static int values_set(fk_arena *ar, const fk_sigma_item *it, size_t from, size_t to, aset *out)
{
    atom *a = fk_arena_alloc(ar, (to - from + 1) * sizeof *a);
    if (!a)
        return -1;
    size_t n = 0;
    for (size_t i = from; i < to; i++) {
        if (it->vals[i].kind == FK_SV_NEVER)
            continue;
        if (!value_atom(&it->vals[i], it->field, &a[n])) {
            *out = TOP;
            return 0;
        }
        n++;
    }
    *out = (aset){a, n, false};
    return 0;
}

static int item_set(fk_arena *ar, const fk_sigma_item *it, aset *out)
{
    if (!it->all || it->nvals == 0)
        return values_set(ar, it, 0, it->nvals, out);
    /* |all: every written value must hold, so any one of them (by its variants) will do */
    *out = TOP;
    size_t i = 0;
    while (i < it->nvals) {
        size_t j = i;
        while (j < it->nvals && it->vals[j].source == it->vals[i].source)
            j++;
        aset one;
        if (values_set(ar, it, i, j, &one))
            return -1;
        *out = *cheaper(out, &one);
        i = j;
    }
    return 0;
}

/* A conjunction of needs: a rule can only hold when every clause has one atom present.
 * The first cut kept one clause (the cheapest); keeping every clause of an "and" (up to
 * MAX_CLAUSES, the cheapest ones) means that "Image ends with cmd.exe and CommandLine
 * holds one of two hundred strings" is only evaluated when both are seen, not on every
 * cmd.exe. An empty list needs nothing (top). */
#define MAX_CLAUSES 8

typedef struct {
    aset c[MAX_CLAUSES];
    size_t n;
} cnf;

static const cnf CNF_TOP = {{{NULL, 0, false}}, 0};

static void cnf_add(cnf *x, const aset *one)
{
    if (one->top)
        return; /* needs nothing: adds no clause */
    if (x->n < MAX_CLAUSES) {
        x->c[x->n++] = *one;
        return;
    }
    size_t worst = 0; /* full: replace the clause most likely to let events through */
    for (size_t i = 1; i < x->n; i++)
        if (cost(&x->c[i]) > cost(&x->c[worst]))
            worst = i;
    if (cost(one) < cost(&x->c[worst]))
        x->c[worst] = *one;
}

static void cnf_and(cnf *x, const cnf *y)
{
    for (size_t i = 0; i < y->n; i++)
        cnf_add(x, &y->c[i]);
}

/* The single clause that best stands for a conjunction (for "or", which unions them). */
static aset cnf_cheapest(const cnf *x)
{
    aset best = TOP;
    for (size_t i = 0; i < x->n; i++)
        best = *cheaper(&best, &x->c[i]);
    return best;
}

static int cnf_or(fk_arena *ar, const cnf *x, const cnf *y, cnf *out)
{
    aset a = cnf_cheapest(x), b = cnf_cheapest(y), u;
    if (join(ar, &a, &b, &u))
        return -1;
    *out = CNF_TOP;
    cnf_add(out, &u);
    return 0;
}

static int search_set(fk_arena *ar, const fk_sigma_search *s, cnf *out)
{
    *out = CNF_TOP;
    for (size_t g = 0; g < s->ngroups; g++) {
        cnf all = CNF_TOP; /* a map: every item is needed */
        for (size_t i = 0; i < s->groups[g].nitems; i++) {
            aset one;
            if (item_set(ar, &s->groups[g].items[i], &one))
                return -1;
            cnf_add(&all, &one);
        }
        if (g == 0)
            *out = all;
        else if (cnf_or(ar, out, &all, out))
            return -1;
        if (out->n == 0)
            return 0;
    }
    return 0;
}

static int cond_set(fk_arena *ar, const fk_sigma_rule *r, const cnf *searches, const fk_cond *c,
                    cnf *out)
{
    cnf x, y;
    switch (c->op) {
    case FK_COND_ID: *out = searches[c->id]; return 0;
    case FK_COND_NOT: *out = CNF_TOP; return 0;
    case FK_COND_AND:
        if (cond_set(ar, r, searches, c->a, &x) || cond_set(ar, r, searches, c->b, &y))
            return -1;
        cnf_and(&x, &y);
        *out = x;
        return 0;
    case FK_COND_OR:
        if (cond_set(ar, r, searches, c->a, &x) || cond_set(ar, r, searches, c->b, &y))
            return -1;
        return cnf_or(ar, &x, &y, out);
    case FK_COND_OF:
        *out = CNF_TOP;
        if (c->need <= 0 || c->nids == 0)
            return 0;
        if (c->need >= c->nids) { /* all of: every member */
            for (int i = 0; i < c->nids; i++)
                cnf_and(out, &searches[c->ids[i]]);
            return 0;
        }
        *out = searches[c->ids[0]];
        for (int i = 1; i < c->nids && out->n; i++)
            if (cnf_or(ar, out, &searches[c->ids[i]], out))
                return -1;
        return 0;
    }
    *out = CNF_TOP;
    return 0;
}

static int rule_set(fk_arena *ar, const fk_sigma_rule *r, cnf *out)
{
    cnf *searches = fk_arena_alloc(ar, (r->nsearches + 1) * sizeof *searches);
    if (!searches)
        return -1;
    for (size_t i = 0; i < r->nsearches; i++)
        if (search_set(ar, &r->searches[i], &searches[i]))
            return -1;
    /* a list of conditions is their OR */
    *out = CNF_TOP;
    for (size_t i = 0; i < r->nconds; i++) {
        cnf one;
        if (cond_set(ar, r, searches, r->conds[i], &one))
            return -1;
        if (i == 0)
            *out = one;
        else if (cnf_or(ar, out, &one, out))
            return -1;
        if (out->n == 0)
            break;
    }
    return 0;
}

/* ---- the databases ------------------------------------------------------------- */

typedef struct {
    const char *field; /* NULL: keywords, scanned over every value */
    hs_database_t *db;
    unsigned *first; /* pattern id -> its rules: rules[first[id] .. first[id + 1]) */
    unsigned *rules;
    unsigned char *bits; /* beside rules: the clause of the rule the pattern serves */
    size_t npatterns;
} field_db;

struct fk_sigma_prefilter {
    size_t nrules;
    unsigned char *always;
    unsigned char *full; /* per rule: the bits of all its clauses */
    field_db *dbs;
    size_t ndbs;
    size_t patterns, bytes, nalways;
};

typedef struct {
    atom a;
    unsigned rule;
    unsigned char bit; /* 1 << clause */
} entry;

static int field_cmp(const char *a, const char *b)
{
    if (!a || !b)
        return (a != NULL) - (b != NULL);
    return strcasecmp(a, b);
}

static int entry_cmp(const void *pa, const void *pb)
{
    const entry *a = pa, *b = pb;
    int c = field_cmp(a->a.field, b->a.field);
    if (c)
        return c;
    if (a->a.regex != b->a.regex)
        return a->a.regex - b->a.regex;
    size_t n = a->a.n < b->a.n ? a->a.n : b->a.n;
    c = memcmp(a->a.text, b->a.text, n);
    if (c)
        return c;
    if (a->a.n != b->a.n)
        return a->a.n < b->a.n ? -1 : 1;
    if (a->rule != b->rule)
        return a->rule < b->rule ? -1 : 1;
    return a->bit < b->bit ? -1 : a->bit > b->bit;
}

static bool same_pattern(const entry *a, const entry *b)
{
    return a->a.regex == b->a.regex && a->a.n == b->a.n && !memcmp(a->a.text, b->a.text, a->a.n);
}

/* Literal text as an expression: every byte that is not a letter or digit escaped. */
static char *escape(fk_arena *ar, const char *s, size_t n)
{
    char *out = fk_arena_alloc(ar, n * 4 + 1);
    if (!out)
        return NULL;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9'))
            out[k++] = (char)ch;
        else
            k += (size_t)snprintf(out + k, 5, "\\x%02x", ch);
    }
    out[k] = '\0';
    return out;
}

/* Compiles one field's patterns e[0..n) (sorted, so equal patterns are neighbours).
 * A pattern Hyperscan refuses makes its rules always candidates, and the rest is
 * compiled again without it. */
static int build_field(fk_sigma_prefilter *p, fk_arena *ar, entry *e, size_t n,
                       struct hs_scratch **scratch, fk_err *err)
{
    field_db *f = &p->dbs[p->ndbs];
    memset(f, 0, sizeof *f);
    f->field = e[0].a.field;
    size_t np = 0;
    for (size_t i = 0; i < n; i++)
        np += i == 0 || !same_pattern(&e[i], &e[i - 1]);
    const char **exprs = fk_arena_alloc(ar, np * sizeof *exprs);
    unsigned *flags = fk_arena_alloc(ar, np * sizeof *flags);
    unsigned *ids = fk_arena_alloc(ar, np * sizeof *ids);
    size_t *starts = fk_arena_alloc(ar, (np + 1) * sizeof *starts); /* pattern -> first entry */
    bool *dropped = fk_arena_alloc(ar, np * sizeof *dropped);
    if (!exprs || !flags || !ids || !starts || !dropped)
        return fk_errf(err, "out of memory");
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (i && same_pattern(&e[i], &e[i - 1]))
            continue;
        starts[k] = i;
        dropped[k] = false;
        exprs[k] = e[i].a.regex ? fk_arena_strndup(ar, e[i].a.text, e[i].a.n)
                                : escape(ar, e[i].a.text, e[i].a.n);
        if (!exprs[k])
            return fk_errf(err, "out of memory");
        /* case, line and dot flags only widen what is reported: still a superset */
        flags[k] = HS_FLAG_CASELESS | HS_FLAG_SINGLEMATCH |
                   (e[i].a.regex ? HS_FLAG_PREFILTER | HS_FLAG_DOTALL | HS_FLAG_MULTILINE : 0);
        k++;
    }
    starts[np] = n;
    /* compile; drop what Hyperscan refuses and try again */
    for (;;) {
        const char **ce_exprs = fk_arena_alloc(ar, np * sizeof *ce_exprs);
        unsigned *ce_flags = fk_arena_alloc(ar, np * sizeof *ce_flags);
        if (!ce_exprs || !ce_flags)
            return fk_errf(err, "out of memory");
        unsigned live = 0;
        for (size_t i = 0; i < np; i++)
            if (!dropped[i]) {
                ce_exprs[live] = exprs[i];
                ce_flags[live] = flags[i];
                ids[live++] = (unsigned)i;
            }
        if (live == 0)
            break;
        hs_compile_error_t *ce = NULL;
        hs_error_t rc =
            hs_compile_multi(ce_exprs, ce_flags, ids, live, HS_MODE_BLOCK, NULL, &f->db, &ce);
        if (rc == HS_SUCCESS) {
            hs_free_compile_error(ce);
            break;
        }
        int bad = ce ? ce->expression : -1;
        hs_free_compile_error(ce);
        f->db = NULL;
        for (size_t i = 0; i < np; i++)
            if (!dropped[i] && (bad < 0 || ids[bad] == i))
                dropped[i] = true;
    }
    /* the rules of dropped patterns are evaluated on every event */
    for (size_t i = 0; i < np; i++)
        if (dropped[i])
            for (size_t j = starts[i]; j < starts[i + 1]; j++)
                p->always[e[j].rule] = 1;
    if (!f->db)
        return 0; /* nothing compiled: the field's rules are all always */
    f->first = malloc((np + 1) * sizeof *f->first);
    f->rules = malloc((n ? n : 1) * sizeof *f->rules);
    f->bits = malloc(n ? n : 1);
    if (!f->first || !f->rules || !f->bits) {
        hs_free_database(f->db);
        free(f->first);
        free(f->rules);
        free(f->bits);
        return fk_errf(err, "out of memory");
    }
    for (size_t i = 0; i <= np; i++)
        f->first[i] = (unsigned)starts[i];
    for (size_t j = 0; j < n; j++) {
        f->rules[j] = e[j].rule;
        f->bits[j] = e[j].bit;
    }
    f->npatterns = np;
    size_t sz = 0;
    if (hs_database_size(f->db, &sz) == HS_SUCCESS)
        p->bytes += sz;
    p->patterns += np;
    p->ndbs++;
    if (hs_alloc_scratch(f->db, scratch) != HS_SUCCESS)
        return fk_errf(err, "Hyperscan: cannot allocate scratch space");
    return 0;
}

int fk_sigma_prefilter_build(fk_sigma_prefilter **out, const fk_sigma_rule *const *rules, size_t n,
                             struct hs_scratch **scratch, fk_err *err)
{
    fk_sigma_prefilter *p = calloc(1, sizeof *p);
    if (!p)
        return fk_errf(err, "out of memory");
    p->nrules = n;
    p->always = calloc(n ? n : 1, 1);
    p->full = calloc(n ? n : 1, 1);
    fk_arena ar;
    fk_arena_init(&ar, 1 << 16);
    entry *es = NULL;
    size_t nes = 0, ces = 0;
    int rc = 0;
    if (!p->always || !p->full) {
        rc = fk_errf(err, "out of memory");
        goto out;
    }
    for (size_t r = 0; r < n; r++) {
        cnf need;
        if (rule_set(&ar, rules[r], &need)) {
            rc = fk_errf(err, "out of memory");
            goto out;
        }
        if (need.n == 0) {
            p->always[r] = 1;
            continue;
        }
        size_t total = 0;
        for (size_t c = 0; c < need.n; c++)
            total += need.c[c].n;
        if (nes + total > ces) {
            size_t nc = (nes + total) * 2 + 64;
            entry *ne = realloc(es, nc * sizeof *ne);
            if (!ne) {
                rc = fk_errf(err, "out of memory");
                goto out;
            }
            es = ne;
            ces = nc;
        }
        for (size_t c = 0; c < need.n; c++) {
            unsigned char bit = (unsigned char)(1u << c);
            p->full[r] |= bit;
            for (size_t i = 0; i < need.c[c].n; i++)
                es[nes++] = (entry){need.c[c].a[i], (unsigned)r, bit};
        }
    }
    if (nes)
        qsort(es, nes, sizeof *es, entry_cmp);
    size_t nfields = 0;
    for (size_t i = 0; i < nes; i++)
        nfields += i == 0 || field_cmp(es[i].a.field, es[i - 1].a.field) != 0;
    p->dbs = calloc(nfields ? nfields : 1, sizeof *p->dbs);
    if (!p->dbs) {
        rc = fk_errf(err, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < nes && rc == 0;) {
        size_t j = i + 1;
        while (j < nes && field_cmp(es[j].a.field, es[i].a.field) == 0)
            j++;
        rc = build_field(p, &ar, es + i, j - i, scratch, err);
        i = j;
    }
    for (size_t r = 0; r < n; r++)
        p->nalways += p->always[r];
out:
    free(es);
    fk_arena_free(&ar);
    if (rc) {
        fk_sigma_prefilter_free(p);
        return rc;
    }
    *out = p;
    return 0;
}

void fk_sigma_prefilter_free(fk_sigma_prefilter *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->ndbs; i++) {
        hs_free_database(p->dbs[i].db);
        free(p->dbs[i].first);
        free(p->dbs[i].rules);
        free(p->dbs[i].bits);
    }
    free(p->dbs);
    free(p->always);
    free(p->full);
    free(p);
}

typedef struct {
    const field_db *f;
    unsigned char *cand;
} scan_ctx;

static int on_match(unsigned id, unsigned long long from, unsigned long long to, unsigned flags,
                    void *arg)
{
    (void)from, (void)to, (void)flags;
    scan_ctx *c = arg;
    for (unsigned k = c->f->first[id]; k < c->f->first[id + 1]; k++)
        c->cand[c->f->rules[k]] |= c->f->bits[k];
    return 0;
}

typedef struct {
    scan_ctx sc;
    hs_scratch_t *scratch;
    bool failed;
} kw_scan;

static bool scan_value(fk_str v, void *arg)
{
    kw_scan *k = arg;
    if (v.n &&
        hs_scan(k->sc.f->db, v.p, (unsigned)v.n, 0, k->scratch, on_match, &k->sc) != HS_SUCCESS)
        k->failed = true;
    return false; /* every value */
}

void fk_sigma_prefilter_run(const fk_sigma_prefilter *p, const fk_sigma_view *view,
                            struct hs_scratch *scratch, unsigned char *cand)
{
    memset(cand, 0, p->nrules); /* clause bits seen per rule */
    for (size_t i = 0; i < p->ndbs; i++) {
        const field_db *f = &p->dbs[i];
        kw_scan k = {{f, cand}, scratch, false};
        if (!f->field) {
            view->any(view->ctx, scan_value, &k);
        } else {
            fk_str v;
            if (view->get(view->ctx, f->field, &v))
                scan_value(v, &k);
        }
        if (k.failed) { /* cannot tell: evaluate everything */
            memset(cand, 1, p->nrules);
            return;
        }
    }
    for (size_t r = 0; r < p->nrules; r++)
        cand[r] = p->always[r] || (p->full[r] && cand[r] == p->full[r]);
}

void fk_sigma_prefilter_stats_get(const fk_sigma_prefilter *p, fk_sigma_prefilter_stats *st)
{
    st->rules = p->nrules;
    st->always = p->nalways;
    st->fields = p->ndbs;
    st->patterns = p->patterns;
    st->bytes = p->bytes;
}
