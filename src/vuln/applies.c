#include "applies.h"

#include "../core/hash.h"
#include "version.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *fk_match_confidence_name(fk_match_confidence c)
{
    return c == FK_MATCH_VERSION       ? "version"
           : c == FK_MATCH_PRODUCT     ? "product"
           : c == FK_MATCH_UNVERSIONED ? "unversioned"
                                       : "none";
}

/* A version bound of a criteria: the value and whether it is included. */
typedef struct bound {
    const char *v;
    bool inclusive;
} bound;

/* A version as a value: its WFN quoting gone ("2\\.4\\.57" is 2.4.57). */
static void unquoted(const char *wfn, char out[FK_CPE_VALUE_MAX])
{
    size_t k = 0;
    for (const char *p = wfn; *p && k + 1 < FK_CPE_VALUE_MAX; p++) {
        if (*p == '\\' && p[1])
            p++;
        out[k++] = *p;
    }
    out[k] = '\0';
}

/* How one criteria takes one of the system's names. Attributes other than the version
 * must be taken in (the criteria equal or wider); the version by the criteria's own
 * version, else by its range, compared as versions. An unknown version (ANY) leaves the
 * product match unproved. */
static fk_match_confidence takes(const fk_cpe *criteria, bound lo, bound hi, const fk_cpe *s)
{
    for (int i = 0; i < FK_CPE_ATTRIBUTES; i++) {
        if (i == FK_CPE_VERSION)
            continue;
        fk_cpe_relation r = fk_cpe_compare_value(&criteria->a[i], &s->a[i]);
        if (r == FK_CPE_EQUAL || r == FK_CPE_SUPERSET)
            continue;
        /* the system names a product without saying its update or edition: possible */
        if (r == FK_CPE_SUBSET && i > FK_CPE_VERSION)
            continue;
        return FK_MATCH_NONE;
    }
    const fk_cpe_value *cv = &criteria->a[FK_CPE_VERSION], *sv = &s->a[FK_CPE_VERSION];
    if (sv->kind == FK_CPE_NA) {
        /* a system without versions ("-", as NVD names most hardware and many Windows
         * releases): the criteria that says so too, or any version without a range */
        if (cv->kind == FK_CPE_NA || (cv->kind == FK_CPE_ANY && !lo.v && !hi.v))
            return FK_MATCH_VERSION;
        return FK_MATCH_NONE;
    }
    if (sv->kind == FK_CPE_ANY) /* the ledger does not say which version */
        return FK_MATCH_PRODUCT;
    if (cv->kind == FK_CPE_NA)
        return FK_MATCH_NONE;
    char version[FK_CPE_VALUE_MAX];
    unquoted(sv->text, version);
    if (cv->kind == FK_CPE_STRING) {
        fk_cpe_relation r = fk_cpe_compare_value(cv, sv);
        if (r == FK_CPE_EQUAL || r == FK_CPE_SUPERSET)
            return FK_MATCH_VERSION;
        char own[FK_CPE_VALUE_MAX];
        unquoted(cv->text, own);
        return fk_version_compare(own, version) == 0 ? FK_MATCH_VERSION : FK_MATCH_NONE;
    }
    if (lo.v) {
        int c = fk_version_compare(version, lo.v);
        if (c < 0 || (c == 0 && !lo.inclusive))
            return FK_MATCH_NONE;
    }
    if (hi.v) {
        int c = fk_version_compare(version, hi.v);
        if (c > 0 || (c == 0 && !hi.inclusive))
            return FK_MATCH_NONE;
    }
    return FK_MATCH_VERSION;
}

/* The evidence of a match: the criteria, its range, and the system's name. */
static void evidence(fk_applies *out, const char *criteria, bound lo, bound hi, const fk_cpe *s)
{
    char name[400] = "";
    fk_err err;
    if (fk_cpe_bind_fs(s, name, sizeof name, &err) != 0)
        snprintf(name, sizeof name, "(a name too long to show)");
    int n = snprintf(out->evidence, sizeof out->evidence, "%s", criteria);
    if (lo.v && n > 0 && (size_t)n < sizeof out->evidence)
        n += snprintf(out->evidence + n, sizeof out->evidence - (size_t)n, " from %s (%s)", lo.v,
                      lo.inclusive ? "including" : "excluding");
    if (hi.v && n > 0 && (size_t)n < sizeof out->evidence)
        n += snprintf(out->evidence + n, sizeof out->evidence - (size_t)n, " up to %s (%s)", hi.v,
                      hi.inclusive ? "including" : "excluding");
    if (n > 0 && (size_t)n < sizeof out->evidence)
        snprintf(out->evidence + n, sizeof out->evidence - (size_t)n, " takes in %s", name);
}

/* ---- compiled rules ----------------------------------------------------------------
 * A record's configurations with every criteria unbound once: matching a ledger asks
 * the same rule about many systems, and unbinding is most of the work of a question. */

typedef struct criterion {
    uint64_t product; /* hash of its vendor and product, 0 when they hold wildcards */
    size_t node, config;
    fk_cpe cpe;
    const char *text; /* the criteria as the record wrote it (the rule holds the JSON) */
    bound lo, hi;
    bool vulnerable;
} criterion;

typedef struct rule_node {
    size_t first, count; /* its criteria */
    bool all, negate;
} rule_node;

typedef struct rule_config {
    size_t first, count; /* its nodes */
    bool all;
} rule_config;

/* A criteria found by its product's hash. */
typedef struct keyed {
    uint64_t product;
    size_t criterion;
} keyed;

/* What one question marks, stamped with its number so nothing is cleared between
 * questions: the criteria that took a name, how many of each node's did, and each
 * configuration's best vulnerable criteria. */
typedef struct scratch {
    unsigned gen;
    unsigned *cstamp, *nstamp, *gstamp;
    size_t *ncount, *gcrit;
    int *gsoft;
    fk_match_confidence *gconf;
} scratch;

struct fk_vuln_rule {
    json_t *configurations;
    criterion *c;
    rule_node *n;
    rule_config *g;
    size_t nc, nn, ng;
    bool simple;
    keyed *by_product; /* criteria with a plain vendor and product, by hash */
    size_t nkeyed;
    size_t *wild; /* criteria with a wildcard vendor or product: asked of every name */
    size_t nwild;
    scratch x;
};

static int by_product(const void *a, const void *b)
{
    uint64_t x = ((const keyed *)a)->product, y = ((const keyed *)b)->product;
    return x < y ? -1 : x > y;
}

/* The vendor and product of a name as one hash: a criteria is asked of a name only when
 * they are the same (most criteria of a large rule name other products). 0 for a name
 * whose vendor or product is a wildcard, which is asked of every name. */
uint64_t fk_vuln_product_hash(const fk_cpe *n)
{
    const fk_cpe_value *v = &n->a[FK_CPE_VENDOR], *p = &n->a[FK_CPE_PRODUCT];
    if (v->kind != FK_CPE_STRING || p->kind != FK_CPE_STRING || strpbrk(v->text, "*?") ||
        strpbrk(p->text, "*?"))
        return 0;
    uint64_t h = fk_hash64(v->text, strlen(v->text), 0x7696);
    return fk_hash64(p->text, strlen(p->text), h) | 1;
}

static bool is_and(json_t *o)
{
    const char *op = json_string_value(json_object_get(o, "operator"));
    return op && !strcmp(op, "AND");
}

int fk_vuln_rule_compile(json_t *configurations, fk_vuln_rule **out, fk_err *err)
{
    *out = NULL;
    fk_vuln_rule *r = calloc(1, sizeof *r);
    if (!r)
        return fk_errc(err, FK_ERR_NOMEM, "out of memory");
    size_t i, k, m;
    json_t *config, *node, *match;
    json_array_foreach(configurations, i, config)
        json_array_foreach(json_object_get(config, "nodes"), k, node)
    {
        r->nn++;
        r->nc += json_array_size(json_object_get(node, "cpeMatch"));
    }
    r->ng = json_array_size(configurations);
    r->c = calloc(r->nc ? r->nc : 1, sizeof *r->c);
    r->n = calloc(r->nn ? r->nn : 1, sizeof *r->n);
    r->g = calloc(r->ng ? r->ng : 1, sizeof *r->g);
    if (!r->c || !r->n || !r->g) {
        fk_vuln_rule_free(r);
        return fk_errc(err, FK_ERR_NOMEM, "out of memory");
    }
    r->configurations = json_incref(configurations);
    r->simple = true;
    size_t nc = 0, nn = 0;
    json_array_foreach(configurations, i, config)
    {
        json_t *nodes = json_object_get(config, "nodes");
        r->g[i] = (rule_config){nn, json_array_size(nodes), is_and(config)};
        if (r->g[i].all && r->g[i].count > 1)
            r->simple = false;
        json_array_foreach(nodes, k, node)
        {
            const char *nop = json_string_value(json_object_get(node, "operator"));
            if (nop && strcmp(nop, "OR") != 0 && strcmp(nop, "AND") != 0) {
                fk_vuln_rule_free(r);
                return fk_errc(err, FK_ERR_INVALID,
                               "configurations[%zu].nodes[%zu].operator: expected AND or OR", i, k);
            }
            rule_node *rn = &r->n[nn++];
            *rn = (rule_node){nc, 0, is_and(node), json_is_true(json_object_get(node, "negate"))};
            json_array_foreach(json_object_get(node, "cpeMatch"), m, match)
            {
                criterion *c = &r->c[nc];
                c->text = json_string_value(json_object_get(match, "criteria"));
                fk_err cerr;
                if (!c->text || fk_cpe_unbind_fs(c->text, &c->cpe, &cerr) != 0) {
                    fk_vuln_rule_free(r);
                    return fk_errc(err, FK_ERR_INVALID,
                                   "configurations[%zu].nodes[%zu].cpeMatch[%zu].criteria: %s", i,
                                   k, m, c->text ? cerr.msg : "missing");
                }
                c->lo = (bound){json_string_value(json_object_get(match, "versionStartIncluding")),
                                true};
                if (!c->lo.v)
                    c->lo = (bound){
                        json_string_value(json_object_get(match, "versionStartExcluding")), false};
                c->hi =
                    (bound){json_string_value(json_object_get(match, "versionEndIncluding")), true};
                if (!c->hi.v)
                    c->hi = (bound){
                        json_string_value(json_object_get(match, "versionEndExcluding")), false};
                c->vulnerable = json_is_true(json_object_get(match, "vulnerable"));
                c->product = fk_vuln_product_hash(&c->cpe);
                c->node = nn - 1;
                c->config = i;
                /* a platform criteria, a negation or an AND makes the answer depend on what
                 * else the system runs */
                if (!c->vulnerable)
                    r->simple = false;
                nc++;
                rn->count++;
            }
            if (rn->negate || (rn->all && rn->count > 1))
                r->simple = false;
        }
    }
    size_t one = 1;
    r->by_product = calloc(r->nc ? r->nc : one, sizeof *r->by_product);
    r->wild = calloc(r->nc ? r->nc : one, sizeof *r->wild);
    r->x.cstamp = calloc(r->nc ? r->nc : one, sizeof *r->x.cstamp);
    r->x.nstamp = calloc(r->nn ? r->nn : one, sizeof *r->x.nstamp);
    r->x.ncount = calloc(r->nn ? r->nn : one, sizeof *r->x.ncount);
    r->x.gstamp = calloc(r->ng ? r->ng : one, sizeof *r->x.gstamp);
    r->x.gcrit = calloc(r->ng ? r->ng : one, sizeof *r->x.gcrit);
    r->x.gsoft = calloc(r->ng ? r->ng : one, sizeof *r->x.gsoft);
    r->x.gconf = calloc(r->ng ? r->ng : one, sizeof *r->x.gconf);
    if (!r->by_product || !r->wild || !r->x.cstamp || !r->x.nstamp || !r->x.ncount ||
        !r->x.gstamp || !r->x.gcrit || !r->x.gsoft || !r->x.gconf) {
        fk_vuln_rule_free(r);
        return fk_errc(err, FK_ERR_NOMEM, "out of memory");
    }
    for (size_t k = 0; k < r->nc; k++) {
        if (r->c[k].product)
            r->by_product[r->nkeyed++] = (keyed){r->c[k].product, k};
        else
            r->wild[r->nwild++] = k;
    }
    if (r->nkeyed)
        qsort(r->by_product, r->nkeyed, sizeof *r->by_product, by_product);
    *out = r;
    return 0;
}

void fk_vuln_rule_free(fk_vuln_rule *r)
{
    if (!r)
        return;
    free(r->by_product);
    free(r->wild);
    free(r->x.cstamp);
    free(r->x.nstamp);
    free(r->x.ncount);
    free(r->x.gstamp);
    free(r->x.gcrit);
    free(r->x.gsoft);
    free(r->x.gconf);
    json_decref(r->configurations);
    free(r->c);
    free(r->n);
    free(r->g);
    free(r);
}

bool fk_vuln_rule_simple(const fk_vuln_rule *r)
{
    return r->simple;
}

/* One criteria asked of one of the system's names. */
static void consider(const fk_vuln_rule *r, size_t ci, const fk_cpe *const *software, size_t s)
{
    const criterion *c = &r->c[ci];
    fk_match_confidence conf = takes(&c->cpe, c->lo, c->hi, software[s]);
    if (conf == FK_MATCH_NONE)
        return;
    scratch *x = (scratch *)&r->x;
    unsigned gen = x->gen;
    if (x->cstamp[ci] != gen) { /* a criteria counts once in its node, whichever name */
        x->cstamp[ci] = gen;
        if (x->nstamp[c->node] != gen) {
            x->nstamp[c->node] = gen;
            x->ncount[c->node] = 0;
        }
        x->ncount[c->node]++;
    }
    if (!c->vulnerable)
        return;
    if (x->gstamp[c->config] != gen) {
        x->gstamp[c->config] = gen;
        x->gconf[c->config] = FK_MATCH_NONE;
    }
    if (conf > x->gconf[c->config]) {
        x->gconf[c->config] = conf;
        x->gsoft[c->config] = (int)s;
        x->gcrit[c->config] = ci;
    }
}

/* The question: only the criteria of each name's product are asked (found by hash), then
 * each node and configuration is judged from what they took in. An AND node needs every
 * one of its criteria, an OR node one; a negated node holds when it would not. */
static void apply_hashed(const fk_vuln_rule *r, const fk_cpe *const *software,
                         const uint64_t *products, size_t n, fk_applies *out)
{
    memset(out, 0, sizeof *out);
    out->software = -1;
    scratch *x = (scratch *)&r->x;
    if (++x->gen == 0) { /* the stamps wrapped: start them again */
        memset(x->cstamp, 0, r->nc * sizeof *x->cstamp);
        memset(x->nstamp, 0, r->nn * sizeof *x->nstamp);
        memset(x->gstamp, 0, r->ng * sizeof *x->gstamp);
        x->gen = 1;
    }
    unsigned gen = x->gen;
    for (size_t s = 0; s < n; s++) {
        if (!products[s]) {
            for (size_t ci = 0; ci < r->nc; ci++)
                consider(r, ci, software, s);
            continue;
        }
        size_t lo = 0, hi = r->nkeyed;
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if (r->by_product[mid].product < products[s])
                lo = mid + 1;
            else
                hi = mid;
        }
        for (; lo < r->nkeyed && r->by_product[lo].product == products[s]; lo++)
            consider(r, r->by_product[lo].criterion, software, s);
        for (size_t w = 0; w < r->nwild; w++)
            consider(r, r->wild[w], software, s);
    }
    fk_match_confidence best = FK_MATCH_NONE;
    size_t best_g = 0;
    for (size_t i = 0; i < r->ng; i++) {
        const rule_config *g = &r->g[i];
        bool held_all = true, held_any = false;
        for (size_t k = g->first; k < g->first + g->count; k++) {
            const rule_node *nd = &r->n[k];
            size_t count = x->nstamp[k] == gen ? x->ncount[k] : 0;
            bool held = nd->all ? count == nd->count : count > 0;
            bool holds = nd->negate ? !held : held;
            held_all = held_all && holds;
            held_any = held_any || holds;
        }
        fk_match_confidence conf = x->gstamp[i] == gen ? x->gconf[i] : FK_MATCH_NONE;
        if (conf == FK_MATCH_NONE || !(g->all ? held_all : held_any)) {
            /* the vulnerable part matched, but what it must run on is not in the ledger:
             * possible, not proved */
            if (g->all && conf != FK_MATCH_NONE)
                conf = FK_MATCH_PRODUCT;
            else
                continue;
        }
        if (conf > best) {
            best = conf;
            best_g = i;
        }
    }
    if (best == FK_MATCH_NONE)
        return;
    const criterion *c = &r->c[x->gcrit[best_g]];
    out->confidence = best;
    out->software = x->gsoft[best_g];
    evidence(out, c->text, c->lo, c->hi, software[out->software]);
}

void fk_vuln_rule_apply_hashed(const fk_vuln_rule *r, const fk_cpe *const *software,
                               const uint64_t *products, size_t n, fk_applies *out)
{
    apply_hashed(r, software, products, n, out);
}

void fk_vuln_rule_apply_refs(const fk_vuln_rule *r, const fk_cpe *const *software, size_t n,
                             fk_applies *out)
{
    uint64_t stack[64] = {0}, *products = n <= 64 ? stack : malloc(n * sizeof *products);
    if (!products) {
        memset(out, 0, sizeof *out);
        out->software = -1;
        return;
    }
    for (size_t i = 0; i < n; i++)
        products[i] = fk_vuln_product_hash(software[i]);
    apply_hashed(r, software, products, n, out);
    if (products != stack)
        free(products);
}

void fk_vuln_rule_apply(const fk_vuln_rule *r, const fk_cpe *software, size_t n, fk_applies *out)
{
    const fk_cpe *refs[64] = {0};
    /* most systems run a handful of programs: their addresses on the stack */
    const fk_cpe **list = n <= 64 ? refs : malloc(n * sizeof *list);
    if (!list) {
        memset(out, 0, sizeof *out);
        out->software = -1;
        return;
    }
    for (size_t i = 0; i < n; i++)
        list[i] = &software[i];
    fk_vuln_rule_apply_refs(r, list, n, out);
    if (list != refs)
        free(list);
}

int fk_vuln_applies(json_t *configurations, const fk_cpe *software, size_t n, fk_applies *out,
                    fk_err *err)
{
    fk_vuln_rule *r;
    if (fk_vuln_rule_compile(configurations, &r, err) != 0)
        return -1;
    fk_vuln_rule_apply(r, software, n, out);
    fk_vuln_rule_free(r);
    return 0;
}
