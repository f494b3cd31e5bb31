#include "matcher.h"

#include "../core/strmap.h"
#include "record.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NOMEM(err) fk_errc(err, FK_ERR_NOMEM, "out of memory")

/* A growable list of indexes or holders. */
typedef struct ilist {
    size_t *v;
    size_t n, cap;
} ilist;

static int ilist_add(ilist *l, size_t x)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 4;
        size_t *v = realloc(l->v, cap * sizeof *v);
        if (!v)
            return -1;
        l->v = v;
        l->cap = cap;
    }
    l->v[l->n++] = x;
    return 0;
}

typedef struct holder {
    int64_t asset_id, org_id;
} holder;

/* A distinct name of the ledger: the systems that run it, and the name unbound on first
 * use (most names are never asked about: no vulnerability names their product). */
typedef struct name_entry {
    const char *cpe; /* the key in m->names */
    holder *h;
    size_t nh, caph;
    fk_cpe *parsed;
    bool unreadable;
} name_entry;

/* A system: its organisation and its names. */
typedef struct asset_entry {
    int64_t asset_id, org_id;
    ilist names;
} asset_entry;

struct fk_matcher {
    fk_strmap names;    /* cpe -> name index + 1 */
    fk_strmap products; /* product -> ilist of name indexes */
    fk_strmap assets;   /* decimal asset id -> asset_entry */
    name_entry *v;
    size_t n, cap;
};

fk_matcher *fk_matcher_new(void)
{
    fk_matcher *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    fk_strmap_init(&m->names);
    fk_strmap_init(&m->products);
    fk_strmap_init(&m->assets);
    return m;
}

void fk_matcher_free(fk_matcher *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->n; i++) {
        free(m->v[i].h);
        free(m->v[i].parsed);
    }
    free(m->v);
    FK_STRMAP_FOREACH(&m->products, s)
    {
        ilist *l = s->value;
        free(l->v);
        free(l);
    }
    FK_STRMAP_FOREACH(&m->assets, s)
    {
        asset_entry *a = s->value;
        free(a->names.v);
        free(a);
    }
    fk_strmap_free(&m->names);
    fk_strmap_free(&m->products);
    fk_strmap_free(&m->assets);
    free(m);
}

size_t fk_matcher_assets(const fk_matcher *m)
{
    return m->assets.count;
}

size_t fk_matcher_names(const fk_matcher *m)
{
    return m->n;
}

int fk_matcher_add(fk_matcher *m, int64_t asset_id, int64_t org_id, const char *cpe,
                   const char *product, fk_err *err)
{
    fk_strmap_slot *slot;
    if (fk_strmap_upsert(&m->names, cpe, strlen(cpe), &slot) != 0)
        return NOMEM(err);
    size_t idx;
    if (slot->value)
        idx = (size_t)(uintptr_t)slot->value - 1;
    else {
        if (m->n == m->cap) {
            size_t cap = m->cap ? m->cap * 2 : 256;
            name_entry *v = realloc(m->v, cap * sizeof *v);
            if (!v)
                return NOMEM(err);
            m->v = v;
            m->cap = cap;
        }
        idx = m->n++;
        m->v[idx] = (name_entry){.cpe = slot->key};
        slot->value = (void *)(uintptr_t)(idx + 1);
        fk_strmap_slot *ps;
        if (fk_strmap_upsert(&m->products, product, strlen(product), &ps) != 0)
            return NOMEM(err);
        if (!ps->value && !(ps->value = calloc(1, sizeof(ilist))))
            return NOMEM(err);
        if (ilist_add(ps->value, idx) != 0)
            return NOMEM(err);
    }
    name_entry *e = &m->v[idx];
    if (e->nh == e->caph) {
        size_t cap = e->caph ? e->caph * 2 : 2;
        holder *h = realloc(e->h, cap * sizeof *h);
        if (!h)
            return NOMEM(err);
        e->h = h;
        e->caph = cap;
    }
    e->h[e->nh++] = (holder){asset_id, org_id};
    char key[24];
    int kn = snprintf(key, sizeof key, "%lld", (long long)asset_id);
    fk_strmap_slot *as;
    if (fk_strmap_upsert(&m->assets, key, (size_t)kn, &as) != 0)
        return NOMEM(err);
    if (!as->value) {
        asset_entry *a = calloc(1, sizeof *a);
        if (!a)
            return NOMEM(err);
        a->asset_id = asset_id;
        a->org_id = org_id;
        as->value = a;
    }
    return ilist_add(&((asset_entry *)as->value)->names, idx) == 0 ? 0 : NOMEM(err);
}

static const fk_cpe *parsed(name_entry *e)
{
    if (e->parsed || e->unreadable)
        return e->parsed;
    fk_err err;
    if (!(e->parsed = malloc(sizeof *e->parsed)) || fk_cpe_parse(e->cpe, e->parsed, &err) != 0) {
        free(e->parsed);
        e->parsed = NULL;
        e->unreadable = true; /* the ledger checked it: only memory can fail here */
    }
    return e->parsed;
}

/* The products a rule names: all of them (platforms too), and whether each is one of
 * the vulnerable ones. */
typedef struct product_set {
    char (*name)[256];
    bool *vulnerable;
    size_t n, cap;
} product_set;

static int products_of(json_t *configurations, product_set *ps)
{
    size_t i, k, j;
    json_t *config, *node, *match;
    json_array_foreach(configurations, i, config)
        json_array_foreach(json_object_get(config, "nodes"), k, node)
            json_array_foreach(json_object_get(node, "cpeMatch"), j, match)
    {
        char p[256];
        const char *criteria = json_string_value(json_object_get(match, "criteria"));
        if (!criteria || !fk_vuln_vendor_product(criteria, p, sizeof p))
            continue;
        bool vuln = json_is_true(json_object_get(match, "vulnerable"));
        size_t at = 0;
        while (at < ps->n && strcmp(ps->name[at], p) != 0)
            at++;
        if (at == ps->n) {
            if (ps->n == ps->cap) {
                size_t cap = ps->cap ? ps->cap * 2 : 8;
                void *nv = realloc(ps->name, cap * sizeof *ps->name);
                if (!nv)
                    return -1;
                ps->name = nv;
                bool *vv = realloc(ps->vulnerable, cap * sizeof *vv);
                if (!vv)
                    return -1;
                ps->vulnerable = vv;
                ps->cap = cap;
            }
            memcpy(ps->name[at], p, sizeof p);
            ps->vulnerable[at] = false;
            ps->n++;
        }
        ps->vulnerable[at] = ps->vulnerable[at] || vuln;
    }
    return 0;
}

static int emit_one(const fk_applies *r, int64_t asset_id, int64_t org_id, const char *vuln_id,
                    const char *cpe, bool versions, const char *note, fk_match_emit emit, void *ctx,
                    fk_err *err)
{
    char evidence[1200];
    fk_match_confidence c = r->confidence;
    if (!versions) {
        c = FK_MATCH_UNVERSIONED;
        snprintf(evidence, sizeof evidence, "%s; the source gives no versions to compare%s%s",
                 r->evidence, note ? ": " : "", note ? note : "");
    } else
        snprintf(evidence, sizeof evidence, "%s", r->evidence);
    fk_match mt = {asset_id, org_id, vuln_id, c, cpe, evidence};
    return emit(ctx, &mt, err);
}

/* A simple rule: each distinct name whose product it names is asked once, and a match
 * is emitted for the name (asset_id 0): every system running the name shares it. */
static int run_simple(fk_matcher *m, const fk_vuln_rule *rule, const product_set *ps,
                      const char *vuln_id, bool versions, const char *note, fk_match_emit emit,
                      void *ctx, fk_err *err)
{
    for (size_t p = 0; p < ps->n; p++) {
        fk_strmap_slot *s = fk_strmap_get(&m->products, ps->name[p], strlen(ps->name[p]));
        if (!s || !ps->vulnerable[p])
            continue;
        ilist *names = s->value;
        for (size_t i = 0; i < names->n; i++) {
            name_entry *e = &m->v[names->v[i]];
            const fk_cpe *cpe = parsed(e);
            if (!cpe)
                continue;
            fk_applies r;
            fk_vuln_rule_apply(rule, cpe, 1, &r);
            if (r.confidence != FK_MATCH_NONE &&
                emit_one(&r, 0, 0, vuln_id, e->cpe, versions, note, emit, ctx, err) != 0)
                return -1;
        }
    }
    return 0;
}

static int by_id(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

/* A rule that depends on what else a system runs: each system with a vulnerable product
 * is asked with all of its names that the rule mentions. */
static int run_per_asset(fk_matcher *m, const fk_vuln_rule *rule, const product_set *ps,
                         const char *vuln_id, bool versions, const char *note, fk_match_emit emit,
                         void *ctx, fk_err *err)
{
    int64_t *ids = NULL;
    size_t n = 0, cap = 0;
    int rc = 0;
    for (size_t p = 0; p < ps->n && rc == 0; p++) {
        fk_strmap_slot *s = fk_strmap_get(&m->products, ps->name[p], strlen(ps->name[p]));
        if (!s || !ps->vulnerable[p])
            continue;
        ilist *names = s->value;
        for (size_t i = 0; i < names->n && rc == 0; i++) {
            name_entry *e = &m->v[names->v[i]];
            for (size_t k = 0; k < e->nh; k++) {
                if (n == cap) {
                    cap = cap ? cap * 2 : 64;
                    int64_t *nv = realloc(ids, cap * sizeof *nv);
                    if (!nv) {
                        rc = NOMEM(err);
                        break;
                    }
                    ids = nv;
                }
                ids[n++] = e->h[k].asset_id;
            }
        }
    }
    if (rc == 0 && n)
        qsort(ids, n, sizeof *ids, by_id);
    fk_cpe *names = NULL;
    size_t *which = NULL, capn = 0;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        if (i > 0 && ids[i] == ids[i - 1])
            continue;
        char key[24];
        int kn = snprintf(key, sizeof key, "%lld", (long long)ids[i]);
        fk_strmap_slot *s = fk_strmap_get(&m->assets, key, (size_t)kn);
        if (!s)
            continue;
        asset_entry *a = s->value;
        if (a->names.n > capn) {
            capn = a->names.n;
            fk_cpe *nn = realloc(names, capn * sizeof *nn);
            size_t *nw = nn ? realloc(which, capn * sizeof *nw) : NULL;
            if (nn)
                names = nn;
            if (nw)
                which = nw;
            if (!nn || !nw) {
                rc = NOMEM(err);
                break;
            }
        }
        size_t k = 0;
        for (size_t j = 0; j < a->names.n; j++) {
            name_entry *e = &m->v[a->names.v[j]];
            char p[256];
            if (!fk_vuln_vendor_product(e->cpe, p, sizeof p))
                continue;
            size_t at = 0;
            while (at < ps->n && strcmp(ps->name[at], p) != 0)
                at++;
            const fk_cpe *c = at < ps->n ? parsed(e) : NULL;
            if (!c)
                continue;
            names[k] = *c;
            which[k++] = a->names.v[j];
        }
        fk_applies r;
        fk_vuln_rule_apply(rule, names, k, &r);
        if (r.confidence != FK_MATCH_NONE && r.software >= 0)
            rc = emit_one(&r, a->asset_id, a->org_id, vuln_id, m->v[which[r.software]].cpe,
                          versions, note, emit, ctx, err);
    }
    free(names);
    free(which);
    free(ids);
    return rc;
}

int fk_matcher_run(fk_matcher *m, const char *vuln_id, json_t *configurations, bool versions,
                   const char *note, fk_match_emit emit, void *ctx, fk_err *err)
{
    product_set ps = {0};
    if (products_of(configurations, &ps) != 0) {
        free(ps.name);
        free(ps.vulnerable);
        return NOMEM(err);
    }
    /* nothing the ledger runs is named: no need to compile the rule */
    bool any = false;
    for (size_t p = 0; p < ps.n && !any; p++)
        any = ps.vulnerable[p] && fk_strmap_get(&m->products, ps.name[p], strlen(ps.name[p]));
    int rc = 0;
    if (any) {
        fk_vuln_rule *rule;
        fk_err cerr;
        if (fk_vuln_rule_compile(configurations, &rule, &cerr) != 0)
            rc = fk_errc(err, cerr.code, "%s: %s", vuln_id, cerr.msg);
        else {
            rc = fk_vuln_rule_simple(rule)
                     ? run_simple(m, rule, &ps, vuln_id, versions, note, emit, ctx, err)
                     : run_per_asset(m, rule, &ps, vuln_id, versions, note, emit, ctx, err);
            fk_vuln_rule_free(rule);
        }
    }
    free(ps.name);
    free(ps.vulnerable);
    return rc;
}
