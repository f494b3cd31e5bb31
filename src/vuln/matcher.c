#include "matcher.h"

#include "../core/arena.h"
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
    size_t id; /* a product's list: the product's number */
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

struct asset_entry;
typedef struct holder {
    int64_t asset_id, org_id;
    struct asset_entry *a; /* the system, its names */
} holder;

/* A distinct name of the ledger: the systems that run it, and the name unbound on first
 * use (most names are never asked about: no vulnerability names their product). */
typedef struct name_entry {
    const char *cpe;     /* the key in m->names */
    const char *product; /* its vendor:product, the key in m->products */
    size_t product_id;
    uint64_t hash;            /* fk_vuln_product_hash, once parsed */
    fk_vuln_name_facts facts; /* and what every question needs of it */
    holder *h;
    size_t nh, caph;
    fk_cpe_packed *parsed; /* packed: questions read it millions of times */
    bool in_arena;         /* parsed (and its facts' version) in a share's arena */
    bool unreadable;
    bool holders_loaded; /* lazily: whether every system running it was taken in */
} name_entry;

/* A system: its organisation and its names. */
typedef struct asset_entry {
    int64_t asset_id, org_id;
    ilist names;
    size_t idx; /* its number, for the stamps of a question state */
} asset_entry;

/* What asking a rule marks, stamped with numbers so nothing is cleared between rules:
 * per name what it said alone (said, said_gen) and whether it takes a platform
 * (platform_gen), per product whether the rule names it (pstamp) and where (pat), per
 * system whether the question asked it already (astamp). One per thread asking rules
 * (a pool's workers each have theirs; the matcher has one for its own callers), so
 * the ledger itself is only read while rules are asked. */
struct fk_matcher_state {
    unsigned gen;      /* questions asked of systems, to stamp them with */
    unsigned rule_gen; /* rules asked, to stamp names and products with */
    unsigned *pstamp;  /* per product number: the rule that names it */
    size_t *pat;       /* and its place in that rule's product set */
    size_t pcap;
    unsigned *said_gen; /* per name: the rule that asked it alone last, and its answer */
    fk_match_confidence *said;
    unsigned *platform_gen; /* the rule whose platform criteria it takes */
    size_t ncap;
    unsigned *astamp; /* per system: the question that last asked it */
    size_t acap;
};
typedef fk_matcher_state mstate;

struct fk_matcher {
    fk_strmap names;          /* cpe -> name index + 1 */
    fk_strmap products;       /* product -> ilist of name indexes */
    fk_strmap assets;         /* asset id (its 8 bytes) -> asset_entry */
    struct asset_entry *last; /* the system of the last program added (a ledger is read
                                 system by system) */
    name_entry *v;
    size_t n, cap;
    size_t products_n;
    mstate own;           /* the question state of fk_matcher_run and its kin */
    fk_holders_load load; /* NULL: every system was taken in up front */
    void *load_ctx;
    fk_arena *shares; /* sealed for a pool: the names each share parses (fk_matcher_seal) */
    size_t nshares;
};

static void mstate_free(mstate *s)
{
    free(s->pstamp);
    free(s->pat);
    free(s->said_gen);
    free(s->said);
    free(s->platform_gen);
    free(s->astamp);
    memset(s, 0, sizeof *s);
}

/* Grows one array of a question state to n entries, the new ones zero. */
static bool grow(void **v, size_t have, size_t n, size_t size)
{
    void *nv = realloc(*v, n * size);
    if (!nv)
        return false;
    memset((char *)nv + have * size, 0, (n - have) * size);
    *v = nv;
    return true;
}

/* The size a state's arrays grow to: at least twice what they had, as a lazy matcher
 * takes in names a few at a time. */
static size_t grown(size_t have, size_t need)
{
    return need > 2 * have ? need : 2 * have;
}

/* A question state sized to what the ledger holds (loading lazily may add names,
 * products and systems while rules are asked). */
static int mstate_fit(const fk_matcher *m, mstate *s)
{
    if (s->pcap < m->products_n) {
        size_t cap = grown(s->pcap, m->products_n);
        if (!grow((void **)&s->pstamp, s->pcap, cap, sizeof *s->pstamp) ||
            !grow((void **)&s->pat, s->pcap, cap, sizeof *s->pat))
            return -1;
        s->pcap = cap;
    }
    if (s->ncap < m->n) {
        size_t cap = grown(s->ncap, m->n);
        if (!grow((void **)&s->said_gen, s->ncap, cap, sizeof *s->said_gen) ||
            !grow((void **)&s->said, s->ncap, cap, sizeof *s->said) ||
            !grow((void **)&s->platform_gen, s->ncap, cap, sizeof *s->platform_gen))
            return -1;
        s->ncap = cap;
    }
    if (s->acap < m->assets.count) {
        size_t cap = grown(s->acap, m->assets.count);
        if (!grow((void **)&s->astamp, s->acap, cap, sizeof *s->astamp))
            return -1;
        s->acap = cap;
    }
    return 0;
}

fk_matcher_state *fk_matcher_state_new(void)
{
    return calloc(1, sizeof(fk_matcher_state));
}

void fk_matcher_state_free(fk_matcher_state *st)
{
    if (st) {
        mstate_free(st);
        free(st);
    }
}

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
        if (m->v[i].in_arena)
            continue;
        if (m->v[i].parsed &&
            m->v[i].facts.version != fk_cpe_packed_text(m->v[i].parsed, FK_CPE_VERSION))
            free((char *)m->v[i].facts.version);
        free(m->v[i].parsed);
    }
    free(m->v);
    for (size_t i = 0; i < m->nshares; i++)
        fk_arena_free(&m->shares[i]);
    free(m->shares);
    mstate_free(&m->own);
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

bool fk_matcher_name_number(const fk_matcher *m, const char *cpe, size_t *out)
{
    fk_strmap_slot *slot = fk_strmap_get(&m->names, cpe, strlen(cpe));
    if (!slot)
        return false;
    *out = (size_t)(uintptr_t)slot->value - 1;
    return true;
}

const char *fk_matcher_name_text(const fk_matcher *m, size_t number)
{
    return number < m->n ? m->v[number].cpe : NULL;
}

size_t fk_matcher_assets(const fk_matcher *m)
{
    return m->assets.count;
}

size_t fk_matcher_names(const fk_matcher *m)
{
    return m->n;
}

/* The index of a distinct name, made on first sight. */
static int name_index(fk_matcher *m, const char *cpe, const char *product, size_t *out, fk_err *err)
{
    fk_strmap_slot *slot;
    if (fk_strmap_upsert(&m->names, cpe, strlen(cpe), &slot) != 0)
        return NOMEM(err);
    if (slot->value) {
        *out = (size_t)(uintptr_t)slot->value - 1;
        return 0;
    }
    name_entry *grown = fk_grow(m->v, &m->cap, m->n, 256, sizeof *m->v);
    if (!grown)
        return NOMEM(err);
    m->v = grown;
    size_t idx = m->n++;
    m->v[idx] = (name_entry){.cpe = slot->key, .holders_loaded = !m->load};
    slot->value = (void *)(uintptr_t)(idx + 1);
    fk_strmap_slot *ps;
    if (fk_strmap_upsert(&m->products, product, strlen(product), &ps) != 0)
        return NOMEM(err);
    m->v[idx].product = ps->key;
    if (!ps->value) {
        if (!(ps->value = calloc(1, sizeof(ilist))))
            return NOMEM(err);
        ((ilist *)ps->value)->id = m->products_n++;
    }
    m->v[idx].product_id = ((ilist *)ps->value)->id;
    if (ilist_add(ps->value, idx) != 0)
        return NOMEM(err);
    *out = idx;
    return 0;
}

int fk_matcher_add_name(fk_matcher *m, const char *cpe, const char *product, fk_err *err)
{
    size_t idx = 0;
    return name_index(m, cpe, product, &idx, err);
}

void fk_matcher_lazy(fk_matcher *m, fk_holders_load load, void *ctx)
{
    m->load = load;
    m->load_ctx = ctx;
}

int fk_matcher_add(fk_matcher *m, int64_t asset_id, int64_t org_id, const char *cpe,
                   const char *product, fk_err *err)
{
    size_t idx = 0;
    if (name_index(m, cpe, product, &idx, err) != 0)
        return -1;
    asset_entry *a = m->last;
    if (!a || a->asset_id != asset_id) {
        fk_strmap_slot *as;
        if (fk_strmap_upsert(&m->assets, (const char *)&asset_id, sizeof asset_id, &as) != 0)
            return NOMEM(err);
        if (!as->value) {
            if (!(a = calloc(1, sizeof *a)))
                return NOMEM(err);
            a->asset_id = asset_id;
            a->org_id = org_id;
            a->idx = m->assets.count - 1;
            as->value = a;
        }
        m->last = a = as->value;
    }
    /* taken in lazily, a system may come again through another of its names */
    for (size_t i = 0; m->load && i < a->names.n; i++)
        if (a->names.v[i] == idx)
            return 0;
    name_entry *e = &m->v[idx];
    if (e->nh == e->caph) {
        size_t cap = e->caph ? e->caph * 2 : 2;
        holder *h = realloc(e->h, cap * sizeof *h);
        if (!h)
            return NOMEM(err);
        e->h = h;
        e->caph = cap;
    }
    e->h[e->nh++] = (holder){asset_id, org_id, a};
    return ilist_add(&a->names, idx) == 0 ? 0 : NOMEM(err);
}

/* Lazily: every system running the names of w taken in before they are asked. */
static int load_holders(fk_matcher *m, mstate *st, const ilist *w, fk_err *err)
{
    for (size_t i = 0; m->load && i < w->n; i++) {
        if (m->v[w->v[i]].holders_loaded)
            continue;
        /* the name's text is the names map's key: it stays where it is while m->v grows */
        if (m->load(m->load_ctx, m, m->v[w->v[i]].cpe, err) != 0)
            return -1;
        m->v[w->v[i]].holders_loaded = true; /* m->v may have moved: by index */
    }
    return mstate_fit(m, st) == 0 ? 0 : NOMEM(err);
}

/* A name unbound and packed, with what every question needs of it: into a share's
 * arena (into), else its own allocation. */
static const fk_cpe_packed *parse_name(name_entry *e, fk_arena *into)
{
    if (e->parsed || e->unreadable) /* always, once the matcher is prepared */
        return e->parsed;
    fk_err err;
    fk_cpe whole;
    size_t size;
    if (fk_cpe_parse(e->cpe, &whole, &err) != 0 ||
        !(e->parsed = into ? fk_arena_alloc(into, size = fk_cpe_packed_size(&whole))
                           : malloc(size = fk_cpe_packed_size(&whole)))) {
        e->unreadable = true; /* the ledger checked it: only memory can fail here */
        return NULL;
    }
    e->in_arena = into != NULL;
    fk_cpe_pack(&whole, e->parsed);
    e->hash = fk_vuln_product_hash(e->parsed);
    /* the version as the name has it, unless its quoting had to be undone */
    char version[FK_CPE_VALUE_MAX];
    fk_vuln_name_facts_of(e->parsed, version, &e->facts);
    const char *text = fk_cpe_packed_text(e->parsed, FK_CPE_VERSION);
    if (!strcmp(version, text))
        e->facts.version = text;
    else if (!(e->facts.version =
                   into ? fk_arena_strndup(into, version, strlen(version)) : strdup(version))) {
        if (!into)
            free(e->parsed);
        e->parsed = NULL;
        e->unreadable = true;
    }
    return e->parsed;
}

static const fk_cpe_packed *parsed(name_entry *e)
{
    return parse_name(e, NULL);
}

/* The products a rule names: all of them (platforms too), and whether each is one of
 * the vulnerable ones. */
typedef struct product_set {
    char (*name)[256];
    bool *vulnerable;
    bool *platform; /* named by a platform criteria */
    size_t *id;     /* the ledger's number of each product, SIZE_MAX when no system runs it */
    size_t n, cap;
    fk_strmap index; /* name -> its place + 1 */
} product_set;

static int products_of(const fk_vuln_rule *rule, product_set *ps)
{
    for (size_t i = 0; i < fk_vuln_rule_criteria(rule); i++) {
        char p[256];
        bool vuln;
        const char *criteria = fk_vuln_rule_criteria_text(rule, i, &vuln);
        if (!criteria || !fk_vuln_vendor_product(criteria, p, sizeof p))
            continue;
        fk_strmap_slot *slot;
        if (fk_strmap_upsert(&ps->index, p, strlen(p), &slot) != 0)
            return -1;
        if (!slot->value) {
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
                bool *pv = realloc(ps->platform, cap * sizeof *pv);
                if (!pv)
                    return -1;
                ps->platform = pv;
                size_t *iv = realloc(ps->id, cap * sizeof *iv);
                if (!iv)
                    return -1;
                ps->id = iv;
                ps->cap = cap;
            }
            memcpy(ps->name[ps->n], p, sizeof p);
            ps->vulnerable[ps->n] = ps->platform[ps->n] = false;
            slot->value = (void *)(uintptr_t)(++ps->n);
        }
        size_t at = (size_t)(uintptr_t)slot->value - 1;
        ps->vulnerable[at] = ps->vulnerable[at] || vuln;
        ps->platform[at] = ps->platform[at] || !vuln;
    }
    return 0;
}

static int emit_one(const fk_applies *r, int64_t asset_id, int64_t org_id, const char *vuln_id,
                    const name_entry *e, size_t name, bool versions, const char *note,
                    fk_match_emit emit, void *ctx, fk_err *err)
{
    char unversioned[1200];
    const char *evidence = r->evidence; /* as it is, but for a source without versions */
    fk_match_confidence c = r->confidence;
    if (!versions) {
        c = FK_MATCH_UNVERSIONED;
        snprintf(unversioned, sizeof unversioned, "%s; the source gives no versions to compare%s%s",
                 r->evidence, note ? ": " : "", note ? note : "");
        evidence = unversioned;
    }
    fk_match mt = {asset_id, org_id, vuln_id, c, e->cpe, name, evidence};
    return emit(ctx, &mt, err);
}

/* What a name said alone is kept on the name itself (said, stamped with the rule); the
 * names that said something are listed (an ilist) for the systems' pass. */
static fk_match_confidence said_of(const mstate *st, size_t name)
{
    return st->said_gen[name] == st->rule_gen ? st->said[name] : FK_MATCH_NONE;
}

/* Every distinct name of a vulnerable product is asked alone, once, and a match is
 * emitted for the name (asset_id 0): every system running it shares the answer. For a
 * rule that also looks at what else a system runs, this is what a system running only
 * that name gets (an application whose platform the ledger does not show: possible). */
static int run_names(fk_matcher *m, mstate *st, const fk_vuln_rule *rule, const product_set *ps,
                     const char *vuln_id, bool versions, const char *note, fk_match_emit emit,
                     void *ctx, ilist *w, fk_err *err)
{
    for (size_t p = 0; p < ps->n; p++) {
        fk_strmap_slot *s = fk_strmap_get(&m->products, ps->name[p], strlen(ps->name[p]));
        if (!s || !ps->vulnerable[p])
            continue;
        ilist *names = s->value;
        for (size_t i = 0; i < names->n; i++) {
            name_entry *e = &m->v[names->v[i]];
            const fk_cpe_packed *cpe = parsed(e);
            if (!cpe)
                continue;
            fk_applies r;
            fk_vuln_rule_apply_hashed(rule, &cpe, &e->hash, &e->facts, 1, &r);
            /* only a name some configuration takes better than the name alone can raise a
             * system: what the system's others add is bounded by that (see run_systems) */
            if (w && r.potential > r.confidence && ilist_add(w, names->v[i]) != 0)
                return fk_errc(err, FK_ERR_NOMEM, "out of memory");
            if (r.confidence == FK_MATCH_NONE)
                continue;
            st->said_gen[names->v[i]] = st->rule_gen;
            st->said[names->v[i]] = r.confidence;
            if (emit_one(&r, 0, 0, vuln_id, e, names->v[i], versions, note, emit, ctx, err) != 0)
                return -1;
        }
    }
    return 0;
}

/* A system's names a rule mentions, in the order of their text: the key its question
 * is shared by, and the order ties are settled in (which of two names proving the same
 * is cited), whatever numbers the names were given (a sealed ledger renumbers them,
 * a lazy one numbers them as they come). A system runs a handful: sorted by insertion. */
static void sort_by_text(const fk_matcher *m, size_t *which, size_t k)
{
    for (size_t i = 1; i < k; i++) {
        size_t x = which[i], j = i;
        for (; j > 0 && strcmp(m->v[which[j - 1]].cpe, m->v[x].cpe) > 0; j--)
            which[j] = which[j - 1];
        which[j] = x;
    }
}

/* The systems whose other programs can change the answer. A configuration's answer for a
 * system is at most the best its vulnerable criteria take of one of the system's names
 * (they are asked name by name), and that name alone already answers at least what the
 * configuration gives without its platform (product, when its vulnerable part is taken).
 * So a system can only fare better than its names alone through a name whose best
 * configuration answer (potential) is above what it answers alone: only the systems
 * running such a name are asked (w), with all their names the rule mentions, and,
 * when the rule has platforms, only those running one. Systems with the same such names
 * share one question; a system is emitted only where it fares better than its names
 * alone. (A negated node could in principle hold for a system whose names all failed
 * alone; NVD's data has none, and such a system is not asked.) */
static int run_systems(fk_matcher *m, mstate *st, const fk_vuln_rule *rule, const product_set *ps,
                       const char *vuln_id, bool versions, const char *note, fk_match_emit emit,
                       void *ctx, const ilist *w, fk_err *err)
{
    bool platforms = false, platform_run = false;
    for (size_t p = 0; p < ps->n; p++)
        if (!ps->vulnerable[p]) {
            platforms = true;
            platform_run = platform_run || ps->id[p] != SIZE_MAX;
        }
    if (platforms && !platform_run)
        return 0; /* no system runs a platform: the names said it all */
    /* plain platforms: only a name that takes a platform criteria proves one, asked once
     * per name; when no name of the ledger does, no system can fare better */
    bool pure = platforms && fk_vuln_rule_pure_platforms(rule);
    if (pure) {
        size_t proving = 0;
        for (size_t p = 0; p < ps->n; p++) {
            if (!ps->platform[p] || ps->id[p] == SIZE_MAX)
                continue;
            fk_strmap_slot *s = fk_strmap_get(&m->products, ps->name[p], strlen(ps->name[p]));
            ilist *names = s ? s->value : NULL;
            for (size_t i = 0; names && i < names->n; i++) {
                name_entry *e = &m->v[names->v[i]];
                const fk_cpe_packed *cpe = parsed(e);
                if (cpe && fk_vuln_rule_platform_taken(rule, cpe, e->hash, &e->facts)) {
                    st->platform_gen[names->v[i]] = st->rule_gen;
                    proving++;
                }
            }
        }
        if (!proving)
            return 0;
    }
    if (load_holders(m, st, w, err) != 0)
        return -1;
    if (++st->gen == 0) { /* the stamps wrapped: start them again */
        memset(st->astamp, 0, st->acap * sizeof *st->astamp);
        st->gen = 1;
    }
    fk_strmap memo;
    fk_strmap_init(&memo);
    const fk_cpe_packed **refs = NULL;
    uint64_t *hashes = NULL;
    fk_vuln_name_facts *facts = NULL;
    size_t *which = NULL, capn = 0;
    int rc = 0;
    for (size_t wi = 0; rc == 0 && wi < w->n; wi++) {
        name_entry *taken = &m->v[w->v[wi]];
        for (size_t h = 0; rc == 0 && h < taken->nh; h++) {
            asset_entry *a = taken->h[h].a;
            if (st->astamp[a->idx] == st->gen)
                continue;
            st->astamp[a->idx] = st->gen;
            if (a->names.n > capn) {
                capn = a->names.n;
                const fk_cpe_packed **nr = realloc(refs, capn * sizeof *nr);
                if (nr)
                    refs = nr;
                size_t *nw = realloc(which, capn * sizeof *nw);
                if (nw)
                    which = nw;
                uint64_t *nh = realloc(hashes, capn * sizeof *nh);
                if (nh)
                    hashes = nh;
                fk_vuln_name_facts *nf = realloc(facts, capn * sizeof *nf);
                if (nf)
                    facts = nf;
                if (!nr || !nw || !nh || !nf) {
                    rc = fk_errc(err, FK_ERR_NOMEM, "out of memory");
                    break;
                }
            }
            /* its names the rule mentions, and how well it fares on them alone */
            size_t k = 0;
            bool platform = false;
            fk_match_confidence alone = FK_MATCH_NONE;
            for (size_t j = 0; j < a->names.n; j++) {
                name_entry *e = &m->v[a->names.v[j]];
                if (st->pstamp[e->product_id] != st->rule_gen)
                    continue; /* the rule does not name its product */
                size_t at = st->pat[e->product_id];
                platform = platform || (pure ? st->platform_gen[a->names.v[j]] == st->rule_gen
                                             : !ps->vulnerable[at]);
                fk_match_confidence c = said_of(st, a->names.v[j]);
                if (c > alone)
                    alone = c;
                which[k++] = a->names.v[j];
            }
            if (platforms && !platform)
                continue;
            sort_by_text(m, which, k);
            fk_strmap_slot *ms;
            if (fk_strmap_upsert(&memo, (const char *)which, k * sizeof *which, &ms) != 0) {
                rc = fk_errc(err, FK_ERR_NOMEM, "out of memory");
                break;
            }
            if (!ms->value) {
                fk_applies *r = malloc(sizeof *r);
                if (!r) {
                    rc = fk_errc(err, FK_ERR_NOMEM, "out of memory");
                    break;
                }
                bool readable = true;
                for (size_t j = 0; j < k; j++) {
                    refs[j] = parsed(&m->v[which[j]]);
                    hashes[j] = m->v[which[j]].hash;
                    facts[j] = m->v[which[j]].facts;
                    readable = readable && refs[j];
                }
                if (readable)
                    fk_vuln_rule_apply_hashed(rule, refs, hashes, facts, k, r);
                else
                    *r = (fk_applies){.software = -1};
                if (r->software >= 0) /* which name, kept as the ledger's index */
                    r->software = (int)which[r->software];
                ms->value = r;
            }
            const fk_applies *r = ms->value;
            if (r->confidence > alone && r->software >= 0)
                rc = emit_one(r, a->asset_id, a->org_id, vuln_id, &m->v[r->software],
                              (size_t)r->software, versions, note, emit, ctx, err);
        }
    }
    FK_STRMAP_FOREACH(&memo, slot)
    free(slot->value);
    fk_strmap_free(&memo);
    free(refs);
    free(hashes);
    free(facts);
    free(which);
    return rc;
}

/* One compiled rule asked of the ledger (the rule is the caller's). */
static int run_rule(fk_matcher *m, mstate *st, const char *vuln_id, const fk_vuln_rule *rule,
                    bool versions, const char *note, fk_match_emit emit, void *ctx, fk_err *err)
{
    product_set ps = {0};
    fk_strmap_init(&ps.index);
    int rc = products_of(rule, &ps) == 0 ? 0 : NOMEM(err);
    /* the rule's products stamped by number, so a system's names are placed at once */
    if (rc == 0 && mstate_fit(m, st) != 0)
        rc = NOMEM(err);
    if (rc == 0 && ++st->rule_gen == 0) { /* the stamps wrapped: start them again */
        memset(st->pstamp, 0, st->pcap * sizeof *st->pstamp);
        memset(st->said_gen, 0, st->ncap * sizeof *st->said_gen);
        memset(st->platform_gen, 0, st->ncap * sizeof *st->platform_gen);
        st->rule_gen = 1;
    }
    /* nothing the ledger runs is named vulnerable: nothing to ask */
    bool any = false;
    for (size_t p = 0; rc == 0 && p < ps.n; p++) {
        fk_strmap_slot *in = fk_strmap_get(&m->products, ps.name[p], strlen(ps.name[p]));
        ps.id[p] = in ? ((ilist *)in->value)->id : SIZE_MAX;
        if (in) {
            st->pstamp[ps.id[p]] = st->rule_gen;
            st->pat[ps.id[p]] = p;
        }
        any = any || (ps.vulnerable[p] && in);
    }
    if (rc == 0 && any) {
        bool simple = fk_vuln_rule_simple(rule);
        ilist w = {0};
        rc = run_names(m, st, rule, &ps, vuln_id, versions, note, emit, ctx, simple ? NULL : &w,
                       err);
        if (rc == 0 && !simple)
            rc = run_systems(m, st, rule, &ps, vuln_id, versions, note, emit, ctx, &w, err);
        free(w.v);
    }
    free(ps.name);
    free(ps.vulnerable);
    free(ps.platform);
    free(ps.id);
    fk_strmap_free(&ps.index);
    return rc;
}

int fk_matcher_run(fk_matcher *m, const char *vuln_id, json_t *configurations, bool versions,
                   const char *note, fk_match_emit emit, void *ctx, fk_err *err)
{
    fk_vuln_rule *rule;
    fk_err cerr;
    if (fk_vuln_rule_compile(configurations, &rule, &cerr) != 0)
        return fk_errc(err, cerr.code, "%s: %s", vuln_id, cerr.msg);
    int rc = run_rule(m, &m->own, vuln_id, rule, versions, note, emit, ctx, err);
    fk_vuln_rule_free(rule);
    return rc;
}

bool fk_matcher_is_lazy(const fk_matcher *m)
{
    return m->load != NULL;
}

void fk_matcher_prepare(fk_matcher *m, size_t part, size_t parts)
{
    /* as asking would, once: a name that cannot be read is never asked */
    size_t from = m->n / parts * part, to = part + 1 == parts ? m->n : m->n / parts * (part + 1);
    fk_arena *into = part < m->nshares ? &m->shares[part] : NULL;
    for (size_t i = from; i < to; i++)
        (void)parse_name(&m->v[i], into);
}

int fk_matcher_seal(fk_matcher *m, size_t parts, fk_err *err)
{
    if (m->load || m->shares)
        return fk_errc(err, FK_ERR_INVALID,
                       "a lazy matcher, or one sealed already, cannot be sealed");
    size_t *renumber = malloc((m->n ? m->n : 1) * sizeof *renumber);
    name_entry *v = malloc((m->n ? m->n : 1) * sizeof *v);
    fk_arena *shares = calloc(parts ? parts : 1, sizeof *shares);
    if (!renumber || !v || !shares) {
        free(renumber);
        free(v);
        free(shares);
        return NOMEM(err);
    }
    /* every name is on its product's list once: the lists, one after another, are the
     * new order */
    size_t k = 0;
    FK_STRMAP_FOREACH(&m->products, s)
    {
        ilist *l = s->value;
        for (size_t i = 0; i < l->n; i++) {
            renumber[l->v[i]] = k;
            v[k] = m->v[l->v[i]];
            l->v[i] = k++;
        }
    }
    FK_STRMAP_FOREACH(&m->names, s)
    s->value = (void *)(uintptr_t)(renumber[(uintptr_t)s->value - 1] + 1);
    FK_STRMAP_FOREACH(&m->assets, s)
    {
        ilist *names = &((asset_entry *)s->value)->names;
        for (size_t i = 0; i < names->n; i++)
            names->v[i] = renumber[names->v[i]];
    }
    free(renumber);
    free(m->v);
    m->v = v;
    m->cap = m->n ? m->n : 1;
    for (size_t i = 0; i < parts; i++)
        fk_arena_init(&shares[i], 1 << 20);
    m->shares = shares;
    m->nshares = parts;
    return 0;
}

int fk_matcher_ask(fk_matcher *m, fk_matcher_state *st, const char *vuln_id,
                   const fk_vuln_rule *rule, bool versions, const char *note, fk_match_emit emit,
                   void *ctx, fk_err *err)
{
    return run_rule(m, st ? st : &m->own, vuln_id, rule, versions, note, emit, ctx, err);
}
