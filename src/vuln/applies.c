#include "applies.h"

#include "../core/arena.h"
#include "../core/hash.h"
#include "version.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yajl/yajl_parse.h>

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

/* What a question needs of one of the system's names, worked out once per question
 * rather than once per criteria asked of it (a name meets three on average, a large
 * rule's hundreds): which attributes hold wildcards, and its version unquoted. */
typedef struct name_facts {
    fk_vuln_name_facts is;
    bool ready;
    char version[FK_CPE_VALUE_MAX];
} name_facts;

void fk_vuln_name_facts_of(const fk_cpe_packed *name, char *version, fk_vuln_name_facts *f)
{
    f->wild = 0;
    for (int i = 0; i < FK_CPE_ATTRIBUTES; i++)
        if (name->kind[i] == FK_CPE_STRING && fk_cpe_has_wildcards(fk_cpe_packed_text(name, i)))
            f->wild |= 1u << i;
    unquoted(fk_cpe_packed_text(name, FK_CPE_VERSION), version);
    f->version = version;
}

static const name_facts *facts_of(name_facts *f, const fk_cpe_packed *s)
{
    if (!f->ready) {
        fk_vuln_name_facts_of(s, f->version, &f->is);
        f->ready = true;
    }
    return f;
}

/* A question's facts of a name: those given (worked out by the caller once for all its
 * questions), else worked out at the name's first criteria. Not the buffer: an
 * initialiser would clear its 256 bytes at every name of every question. */
static void facts_start(name_facts *f, const fk_vuln_name_facts *given)
{
    f->ready = given != NULL;
    if (given)
        f->is = *given;
}

/* How one criteria takes one of the system's names. Attributes other than the version
 * must be taken in (the criteria equal or wider); the version by the criteria's own
 * version, else by its range, compared as versions. An unknown version (ANY) leaves the
 * product match unproved. The attributes are judged as fk_cpe_compare_value would, with
 * the wildcards of both sides known beforehand (crit_wild, f->wild): asked 14 million
 * times in a full match, the scans for them were a third of the question. own: the
 * criteria's version unquoted (NULL when it has none). */
static fk_match_confidence takes(const fk_cpe_packed *criteria, unsigned crit_wild, const char *own,
                                 bound lo, bound hi, const fk_cpe_packed *s, const name_facts *f)
{
    for (int i = 0; i < FK_CPE_ATTRIBUTES; i++) {
        if (i == FK_CPE_VERSION)
            continue;
        fk_cpe_kind ck = criteria->kind[i], sk = s->kind[i];
        if (f->is.wild & (1u << i)) /* a pattern in the system's name: undefined */
            return FK_MATCH_NONE;
        if (ck == FK_CPE_ANY) /* equal or wider */
            continue;
        if (sk == FK_CPE_ANY) {
            /* the system names a product without saying its update or edition: possible */
            if (i > FK_CPE_VERSION)
                continue;
            return FK_MATCH_NONE;
        }
        if (ck == FK_CPE_NA || sk == FK_CPE_NA) {
            if (ck == sk)
                continue;
            return FK_MATCH_NONE;
        }
        const char *ct = fk_cpe_packed_text(criteria, i), *st = fk_cpe_packed_text(s, i);
        if (crit_wild & (1u << i)) {
            if (fk_cpe_compare_text(ck, ct, sk, st) == FK_CPE_SUPERSET)
                continue;
            return FK_MATCH_NONE;
        }
        if (strcmp(ct, st) != 0)
            return FK_MATCH_NONE;
    }
    fk_cpe_kind ck = criteria->kind[FK_CPE_VERSION], sk = s->kind[FK_CPE_VERSION];
    if (sk == FK_CPE_NA) {
        /* a system without versions ("-", as NVD names most hardware and many Windows
         * releases): the criteria that says so too, or any version without a range */
        if (ck == FK_CPE_NA || (ck == FK_CPE_ANY && !lo.v && !hi.v))
            return FK_MATCH_VERSION;
        return FK_MATCH_NONE;
    }
    if (sk == FK_CPE_ANY) /* the ledger does not say which version */
        return FK_MATCH_PRODUCT;
    if (ck == FK_CPE_NA)
        return FK_MATCH_NONE;
    const char *version = f->is.version;
    if (ck == FK_CPE_STRING) {
        fk_cpe_relation r = fk_cpe_compare_text(ck, fk_cpe_packed_text(criteria, FK_CPE_VERSION),
                                                sk, fk_cpe_packed_text(s, FK_CPE_VERSION));
        if (r == FK_CPE_EQUAL || r == FK_CPE_SUPERSET)
            return FK_MATCH_VERSION;
        return own && fk_version_compare(own, version) == 0 ? FK_MATCH_VERSION : FK_MATCH_NONE;
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

/* Appends text to buf as snprintf would (what does not fit is cut, *n counts what the
 * whole would take): the evidence is written for each of a million answers of a full
 * match, where snprintf's format parsing was a tenth of the matching threads' time. */
static void append(char *buf, size_t cap, size_t *n, const char *text)
{
    size_t len = strlen(text);
    if (*n + 1 < cap) {
        size_t room = cap - 1 - *n, take = len < room ? len : room;
        memcpy(buf + *n, text, take);
        buf[*n + take] = '\0';
    }
    *n += len;
}

/* The evidence of a match: the criteria, its range, and the system's name. */
static void evidence(fk_applies *out, const char *criteria, bound lo, bound hi,
                     const fk_cpe_packed *s)
{
    char name[400] = "";
    fk_err err;
    fk_cpe whole; /* written whole by the unpacking, not cleared first */
    fk_cpe_unpack(s, &whole);
    if (fk_cpe_bind_fs(&whole, name, sizeof name, &err) != 0)
        snprintf(name, sizeof name, "(a name too long to show)");
    char *e = out->evidence;
    size_t cap = sizeof out->evidence, n = 0;
    e[0] = '\0';
    append(e, cap, &n, criteria);
    if (lo.v) {
        append(e, cap, &n, " from ");
        append(e, cap, &n, lo.v);
        append(e, cap, &n, lo.inclusive ? " (including)" : " (excluding)");
    }
    if (hi.v) {
        append(e, cap, &n, " up to ");
        append(e, cap, &n, hi.v);
        append(e, cap, &n, hi.inclusive ? " (including)" : " (excluding)");
    }
    append(e, cap, &n, FK_APPLIES_TAKES_IN);
    append(e, cap, &n, name);
}

/* ---- compiled rules ----------------------------------------------------------------
 * A record's configurations with every criteria unbound once: matching a ledger asks
 * the same rule about many systems, and unbinding is most of the work of a question. */

typedef struct criterion {
    uint64_t product; /* hash of its vendor and product, 0 when they hold wildcards */
    size_t node, config;
    const fk_cpe_packed *cpe; /* in the rule's arena */
    unsigned wild;            /* its attributes holding wildcards (fk_cpe_wildcard_mask) */
    const char *own;          /* its version unquoted, NULL when it names none */
    const char *text;         /* the criteria as the record wrote it (the rule holds the JSON) */
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
    fk_arena strings; /* a rule compiled from text: its criteria and bounds */
    /* no negated node, and each node's criteria all vulnerable or all platform: then a
     * platform node holds for a system only through a name that takes one of its own */
    bool pure_platforms;
};

static int by_product(const void *a, const void *b)
{
    uint64_t x = ((const keyed *)a)->product, y = ((const keyed *)b)->product;
    return x < y ? -1 : x > y;
}

/* The vendor and product of a name as one hash: a criteria is asked of a name only when
 * they are the same (most criteria of a large rule name other products). 0 for a name
 * whose vendor or product is a wildcard, which is asked of every name. */
uint64_t fk_vuln_product_hash(const fk_cpe_packed *n)
{
    const char *v = fk_cpe_packed_text(n, FK_CPE_VENDOR),
               *p = fk_cpe_packed_text(n, FK_CPE_PRODUCT);
    if (n->kind[FK_CPE_VENDOR] != FK_CPE_STRING || n->kind[FK_CPE_PRODUCT] != FK_CPE_STRING ||
        strpbrk(v, "*?") || strpbrk(p, "*?"))
        return 0;
    uint64_t h = fk_hash64(v, strlen(v), 0x7696);
    return fk_hash64(p, strlen(p), h) | 1;
}

static bool is_and(json_t *o)
{
    const char *op = json_string_value(json_object_get(o, "operator"));
    return op && !strcmp(op, "AND");
}

/* What both ways of compiling share once the structure is read: each criteria unbound
 * (errors name its place), hashed and indexed by product, whether the rule is simple,
 * and the scratch of the questions. */
static int finish_rule(fk_vuln_rule *r, fk_err *err)
{
    r->simple = true;
    for (size_t i = 0; i < r->ng; i++)
        if (r->g[i].all && r->g[i].count > 1)
            r->simple = false;
    r->pure_platforms = true;
    for (size_t k = 0; k < r->nn; k++) {
        size_t vulnerable = 0;
        for (size_t ci = r->n[k].first; ci < r->n[k].first + r->n[k].count; ci++)
            vulnerable += r->c[ci].vulnerable;
        if (r->n[k].negate || (r->n[k].all && r->n[k].count > 1))
            r->simple = false;
        if (r->n[k].negate || (vulnerable && vulnerable < r->n[k].count))
            r->pure_platforms = false;
    }
    for (size_t ci = 0; ci < r->nc; ci++) {
        criterion *c = &r->c[ci];
        fk_err cerr;
        fk_cpe whole; /* unbound here, kept packed */
        if (!c->text || fk_cpe_unbind_fs(c->text, &whole, &cerr) != 0)
            return fk_errc(err, FK_ERR_INVALID,
                           "configurations[%zu].nodes[%zu].cpeMatch[%zu].criteria: %s", c->config,
                           c->node - r->g[c->config].first, ci - r->n[c->node].first,
                           c->text ? cerr.msg : "missing");
        /* a platform criteria makes the answer depend on what else the system runs */
        if (!c->vulnerable)
            r->simple = false;
        void *room = fk_arena_alloc(&r->strings, fk_cpe_packed_size(&whole));
        if (!room)
            return fk_errc(err, FK_ERR_NOMEM, "out of memory");
        c->cpe = fk_cpe_pack(&whole, room);
        c->product = fk_vuln_product_hash(c->cpe);
        c->wild = fk_cpe_wildcard_mask(&whole);
        if (whole.a[FK_CPE_VERSION].kind == FK_CPE_STRING) {
            char own[FK_CPE_VALUE_MAX];
            unquoted(whole.a[FK_CPE_VERSION].text, own);
            if (!(c->own = fk_arena_strndup(&r->strings, own, strlen(own))))
                return fk_errc(err, FK_ERR_NOMEM, "out of memory");
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
        !r->x.gstamp || !r->x.gcrit || !r->x.gsoft || !r->x.gconf)
        return fk_errc(err, FK_ERR_NOMEM, "out of memory");
    for (size_t k = 0; k < r->nc; k++) {
        if (r->c[k].product)
            r->by_product[r->nkeyed++] = (keyed){r->c[k].product, k};
        else
            r->wild[r->nwild++] = k;
    }
    if (r->nkeyed)
        qsort(r->by_product, r->nkeyed, sizeof *r->by_product, by_product);
    return 0;
}

int fk_vuln_rule_compile(json_t *configurations, fk_vuln_rule **out, fk_err *err)
{
    *out = NULL;
    fk_vuln_rule *r = calloc(1, sizeof *r);
    if (!r)
        return fk_errc(err, FK_ERR_NOMEM, "out of memory");
    fk_arena_init(&r->strings, 4096);
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
    /* the strings stay the JSON's: the rule holds a reference to it */
    r->configurations = json_incref(configurations);
    size_t nc = 0, nn = 0;
    json_array_foreach(configurations, i, config)
    {
        json_t *nodes = json_object_get(config, "nodes");
        r->g[i] = (rule_config){nn, json_array_size(nodes), is_and(config)};
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
                criterion *c = &r->c[nc++];
                c->text = json_string_value(json_object_get(match, "criteria"));
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
                c->node = nn - 1;
                c->config = i;
                rn->count++;
            }
        }
    }
    if (finish_rule(r, err) != 0) {
        fk_vuln_rule_free(r);
        return -1;
    }
    *out = r;
    return 0;
}

/* ---- compiling from text ------------------------------------------------------------
 * The store keeps configurations as text; matching compiles thousands of rules, and
 * reading them with yajl straight into the rule costs a fraction of building a tree. */

typedef struct text_compile {
    fk_vuln_rule *r;
    size_t capc, capn, capg;
    int depth;    /* 1 the configurations array, 2 a configuration, 3 nodes, 4 a node,
                     5 cpeMatch, 6 a match */
    char key[32]; /* the current key at depth 2, 4 or 6 */
    int skipping; /* inside a value the rule does not use, this deep */
    bool failed, nomem;
    fk_err *err;
} text_compile;

static void *grow(void *p, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return p;
    size_t n = *cap ? *cap * 2 : 8;
    while (n < need)
        n *= 2;
    void *q = realloc(p, n * size);
    if (q)
        *cap = n;
    return q;
}

static int tc_fail(text_compile *t, const char *what)
{
    fk_errc(t->err, FK_ERR_INVALID, "configurations: %s", what);
    t->failed = true;
    return 0;
}

static int tc_nomem(text_compile *t)
{
    fk_errc(t->err, FK_ERR_NOMEM, "out of memory");
    t->failed = t->nomem = true;
    return 0;
}

static int tc_string(void *ctx, const unsigned char *s, size_t len)
{
    text_compile *t = ctx;
    fk_vuln_rule *r = t->r;
    if (t->skipping)
        return 1;
    if (t->depth == 2 && !strcmp(t->key, "operator"))
        r->g[r->ng - 1].all = len == 3 && !memcmp(s, "AND", 3);
    else if (t->depth == 4 && !strcmp(t->key, "operator"))
        r->n[r->nn - 1].all = len == 3 && !memcmp(s, "AND", 3);
    else if (t->depth == 6) {
        criterion *c = &r->c[r->nc - 1];
        const char **slot = !strcmp(t->key, "criteria")                ? &c->text
                            : !strcmp(t->key, "versionStartIncluding") ? &c->lo.v
                            : !strcmp(t->key, "versionStartExcluding") ? &c->lo.v
                            : !strcmp(t->key, "versionEndIncluding")   ? &c->hi.v
                            : !strcmp(t->key, "versionEndExcluding")   ? &c->hi.v
                                                                       : NULL;
        if (!slot)
            return 1;
        char *copy = fk_arena_strndup(&r->strings, (const char *)s, len);
        if (!copy)
            return tc_nomem(t);
        *slot = copy;
        if (!strcmp(t->key, "versionStartIncluding"))
            c->lo.inclusive = true;
        else if (!strcmp(t->key, "versionEndIncluding"))
            c->hi.inclusive = true;
    }
    return 1;
}

static int tc_bool(void *ctx, int b)
{
    text_compile *t = ctx;
    if (t->skipping)
        return 1;
    if (t->depth == 4 && !strcmp(t->key, "negate"))
        t->r->n[t->r->nn - 1].negate = b != 0;
    else if (t->depth == 6 && !strcmp(t->key, "vulnerable"))
        t->r->c[t->r->nc - 1].vulnerable = b != 0;
    return 1;
}

static int tc_other(void *ctx)
{
    (void)ctx;
    return 1;
}

static int tc_number(void *ctx, const char *s, size_t len)
{
    (void)s;
    (void)len;
    return tc_other(ctx);
}

static int tc_key(void *ctx, const unsigned char *k, size_t len)
{
    text_compile *t = ctx;
    size_t n = len < sizeof t->key - 1 ? len : sizeof t->key - 1;
    memcpy(t->key, k, n);
    t->key[n] = '\0';
    return 1;
}

static int tc_open(text_compile *t, bool map)
{
    fk_vuln_rule *r = t->r;
    if (t->skipping) {
        t->skipping++;
        return 1;
    }
    int d = t->depth + 1;
    bool want_map = d == 2 || d == 4 || d == 6;
    bool want_array =
        d == 1 || (d == 3 && !strcmp(t->key, "nodes")) || (d == 5 && !strcmp(t->key, "cpeMatch"));
    if (d > 6 || (!want_map && !want_array)) {
        t->skipping = 1; /* a value the rule does not use (another key's): skipped */
        return 1;
    }
    t->depth = d;
    if (map != want_map)
        return tc_fail(t, map ? "expected an array" : "expected an object");
    if (d == 2) {
        if (!(r->g = grow(r->g, &t->capg, r->ng + 1, sizeof *r->g)))
            return tc_nomem(t);
        r->g[r->ng++] = (rule_config){r->nn, 0, false};
    } else if (d == 4) {
        if (!(r->n = grow(r->n, &t->capn, r->nn + 1, sizeof *r->n)))
            return tc_nomem(t);
        r->n[r->nn++] = (rule_node){r->nc, 0, false, false};
        r->g[r->ng - 1].count++;
    } else if (d == 6) {
        if (!(r->c = grow(r->c, &t->capc, r->nc + 1, sizeof *r->c)))
            return tc_nomem(t);
        criterion *c = &r->c[r->nc++];
        memset(c, 0, sizeof *c);
        c->node = r->nn - 1;
        c->config = r->ng - 1;
        r->n[r->nn - 1].count++;
    }
    t->key[0] = '\0';
    return 1;
}

static int tc_start_map(void *ctx)
{
    return tc_open(ctx, true);
}
static int tc_start_array(void *ctx)
{
    return tc_open(ctx, false);
}
static int tc_close(void *ctx)
{
    text_compile *t = ctx;
    if (t->skipping)
        t->skipping--;
    else
        t->depth--;
    return 1;
}

static const yajl_callbacks tc_callbacks = {
    tc_other,     tc_bool, NULL,     NULL,           tc_number, tc_string,
    tc_start_map, tc_key,  tc_close, tc_start_array, tc_close,
};

int fk_vuln_rule_compile_text(const char *text, size_t len, fk_vuln_rule **out, fk_err *err)
{
    *out = NULL;
    fk_vuln_rule *r = calloc(1, sizeof *r);
    if (!r)
        return fk_errc(err, FK_ERR_NOMEM, "out of memory");
    fk_arena_init(&r->strings, 4096);
    text_compile t = {.r = r, .err = err};
    yajl_handle h = yajl_alloc(&tc_callbacks, NULL, &t);
    if (!h) {
        fk_vuln_rule_free(r);
        return fk_errc(err, FK_ERR_NOMEM, "out of memory");
    }
    yajl_status st = yajl_parse(h, (const unsigned char *)text, len);
    if (st == yajl_status_ok)
        st = yajl_complete_parse(h);
    yajl_free(h);
    int rc = t.failed               ? -1
             : st != yajl_status_ok ? fk_errc(err, FK_ERR_INVALID, "configurations: not JSON")
                                    : finish_rule(r, err);
    if (rc != 0) {
        fk_vuln_rule_free(r);
        return -1;
    }
    *out = r;
    return 0;
}

size_t fk_vuln_rule_criteria(const fk_vuln_rule *r)
{
    return r->nc;
}

const char *fk_vuln_rule_criteria_text(const fk_vuln_rule *r, size_t i, bool *vulnerable)
{
    *vulnerable = r->c[i].vulnerable;
    return r->c[i].text;
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
    fk_arena_free(&r->strings);
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

bool fk_vuln_rule_pure_platforms(const fk_vuln_rule *r)
{
    return r->pure_platforms;
}

/* The first of the criteria keyed by product (by_product is sorted by it). */
static size_t first_keyed(const fk_vuln_rule *r, uint64_t product)
{
    size_t lo = 0, hi = r->nkeyed;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (r->by_product[mid].product < product)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static fk_match_confidence criterion_takes(const criterion *c, const fk_cpe_packed *name,
                                           name_facts *f)
{
    return takes(c->cpe, c->wild, c->own, c->lo, c->hi, name, facts_of(f, name));
}

bool fk_vuln_rule_platform_taken(const fk_vuln_rule *r, const fk_cpe_packed *name, uint64_t product,
                                 const fk_vuln_name_facts *facts)
{
    name_facts f;
    facts_start(&f, facts);
    for (size_t lo = product ? first_keyed(r, product) : r->nkeyed;
         lo < r->nkeyed && r->by_product[lo].product == product; lo++) {
        const criterion *c = &r->c[r->by_product[lo].criterion];
        if (!c->vulnerable && criterion_takes(c, name, &f) != FK_MATCH_NONE)
            return true;
    }
    for (size_t i = 0; i < (product ? r->nwild : r->nc); i++) {
        const criterion *c = &r->c[product ? r->wild[i] : i];
        if (!c->vulnerable && criterion_takes(c, name, &f) != FK_MATCH_NONE)
            return true;
    }
    return false;
}

/* One criteria asked of one of the system's names. */
static void consider(const fk_vuln_rule *r, size_t ci, const fk_cpe_packed *const *software,
                     size_t s, name_facts *f)
{
    const criterion *c = &r->c[ci];
    fk_match_confidence conf = criterion_takes(c, software[s], f);
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
static void apply_hashed(const fk_vuln_rule *r, const fk_cpe_packed *const *software,
                         const uint64_t *products, const fk_vuln_name_facts *facts, size_t n,
                         fk_applies *out)
{
    /* asked millions of times, one name at a time: the evidence is written only on a
     * match, so only its first byte is cleared */
    out->confidence = out->potential = FK_MATCH_NONE;
    out->software = -1;
    out->evidence[0] = '\0';
    scratch *x = (scratch *)&r->x;
    if (++x->gen == 0) { /* the stamps wrapped: start them again */
        memset(x->cstamp, 0, r->nc * sizeof *x->cstamp);
        memset(x->nstamp, 0, r->nn * sizeof *x->nstamp);
        memset(x->gstamp, 0, r->ng * sizeof *x->gstamp);
        x->gen = 1;
    }
    unsigned gen = x->gen;
    for (size_t s = 0; s < n; s++) {
        name_facts f;
        facts_start(&f, facts ? &facts[s] : NULL);
        if (!products[s]) {
            for (size_t ci = 0; ci < r->nc; ci++)
                consider(r, ci, software, s, &f);
            continue;
        }
        for (size_t lo = first_keyed(r, products[s]);
             lo < r->nkeyed && r->by_product[lo].product == products[s]; lo++)
            consider(r, r->by_product[lo].criterion, software, s, &f);
        for (size_t w = 0; w < r->nwild; w++)
            consider(r, r->wild[w], software, s, &f);
    }
    fk_match_confidence best = FK_MATCH_NONE;
    size_t best_g = 0;
    for (size_t i = 0; i < r->ng; i++) {
        const rule_config *g = &r->g[i];
        /* a configuration none of whose vulnerable criteria took a name answers nothing,
         * whatever its nodes: they are not judged (a large rule has hundreds) */
        if (x->gstamp[i] != gen || x->gconf[i] == FK_MATCH_NONE)
            continue;
        bool held_all = true, held_any = false;
        for (size_t k = g->first; k < g->first + g->count; k++) {
            const rule_node *nd = &r->n[k];
            size_t count = x->nstamp[k] == gen ? x->ncount[k] : 0;
            bool held = nd->all ? count == nd->count : count > 0;
            bool holds = nd->negate ? !held : held;
            held_all = held_all && holds;
            held_any = held_any || holds;
        }
        fk_match_confidence conf = x->gconf[i];
        if (conf > out->potential)
            out->potential = conf;
        if (!(g->all ? held_all : held_any)) {
            /* the vulnerable part matched, but what it must run on is not in the ledger:
             * possible, not proved */
            if (!g->all)
                continue;
            conf = FK_MATCH_PRODUCT;
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

void fk_vuln_rule_apply_hashed(const fk_vuln_rule *r, const fk_cpe_packed *const *software,
                               const uint64_t *products, const fk_vuln_name_facts *facts, size_t n,
                               fk_applies *out)
{
    apply_hashed(r, software, products, facts, n, out);
}

void fk_vuln_rule_apply_refs(const fk_vuln_rule *r, const fk_cpe_packed *const *software, size_t n,
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
    apply_hashed(r, software, products, NULL, n, out);
    if (products != stack)
        free(products);
}

void fk_vuln_rule_apply(const fk_vuln_rule *r, const fk_cpe *software, size_t n, fk_applies *out)
{
    /* the names packed one after another in one block, their addresses beside them */
    size_t size = 0;
    for (size_t i = 0; i < n; i++)
        size += (fk_cpe_packed_size(&software[i]) + 15) / 16 * 16;
    const fk_cpe_packed **list = malloc(n * sizeof *list + size + 16);
    if (!list) {
        memset(out, 0, sizeof *out);
        out->software = -1;
        return;
    }
    char *room = (char *)(list + n);
    room += (16 - (uintptr_t)room % 16) % 16;
    for (size_t i = 0; i < n; i++) {
        list[i] = fk_cpe_pack(&software[i], room);
        room += (fk_cpe_packed_size(&software[i]) + 15) / 16 * 16;
    }
    fk_vuln_rule_apply_refs(r, list, n, out);
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
