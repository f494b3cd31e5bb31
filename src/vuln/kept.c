#include "kept.h"

#include "../core/arena.h"
#include "../core/hash.h"
#include "../core/sbuf.h"

#include <stdlib.h>
#include <string.h>

#define NOMEM(err) fk_errc(err, FK_ERR_NOMEM, "out of memory")

/* One kept answer: a million of them for 100,000 systems, so small and in one array,
 * each name's together and in its vulnerabilities' order (found by halving). A hash
 * map keyed by name and vulnerability text cost the store's thread two seconds of a
 * full match to fill and look up; this is filled in the order the store gives. */
typedef struct answer {
    const char *vuln_id; /* in the set's arena */
    uint64_t said;       /* a hash of its confidence and evidence */
    size_t name;
    bool seen; /* a new answer gave it again */
} answer;

typedef struct range {
    size_t first, count;
} range;

/* A new or changed answer, to be written at the end. */
typedef struct staged {
    size_t name;
    const char *vuln_id, *evidence;
    fk_match_confidence confidence;
    bool changed; /* a kept answer rewritten, not a new one */
} staged;

/* A kept answer of a name no ledger runs any more: removed at the end. */
typedef struct orphan {
    const char *cpe, *vuln_id;
} orphan;

struct fk_kept {
    const fk_matcher *m;
    fk_arena strings;
    answer *v;
    size_t n, cap;
    range *by_name; /* per name number: its answers in v */
    size_t names;
    orphan *gone;
    size_t ngone, capgone;
    staged *st;
    size_t nst, capst;
    const char *last_vuln; /* the last staged one's id: a rule's answers come together */
    /* the name of the last answer added: the store gives a name's answers together */
    fk_sbuf last;
    size_t last_name;
    bool last_known;
};

static uint64_t said_of(const char *confidence, const char *evidence)
{
    return fk_hash64(evidence, strlen(evidence),
                     fk_hash64(confidence, strlen(confidence) + 1, 0x77687921));
}

fk_kept *fk_kept_new(const fk_matcher *m)
{
    fk_kept *k = calloc(1, sizeof *k);
    if (!k)
        return NULL;
    k->m = m;
    fk_arena_init(&k->strings, 1 << 20);
    return k;
}

void fk_kept_free(fk_kept *k)
{
    if (!k)
        return;
    fk_arena_free(&k->strings);
    fk_sbuf_free(&k->last);
    free(k->v);
    free(k->by_name);
    free(k->gone);
    free(k->st);
    free(k);
}

/* Room for one more in an array of n (*v, *cap of them, each size bytes); false when
 * memory is exhausted. */
static bool room_for_one(void **v, size_t *cap, size_t n, size_t size)
{
    if (n < *cap)
        return true;
    size_t ncap = *cap ? *cap * 2 : 1024;
    void *nv = realloc(*v, ncap * size);
    if (!nv)
        return false;
    *v = nv;
    *cap = ncap;
    return true;
}

static int add_orphan(fk_kept *k, const char *cpe, const char *vuln_id, fk_err *err)
{
    if (!room_for_one((void **)&k->gone, &k->capgone, k->ngone, sizeof *k->gone))
        return NOMEM(err);
    orphan *o = &k->gone[k->ngone];
    if (!(o->cpe = fk_arena_strndup(&k->strings, cpe, strlen(cpe))) ||
        !(o->vuln_id = fk_arena_strndup(&k->strings, vuln_id, strlen(vuln_id))))
        return NOMEM(err);
    k->ngone++;
    return 0;
}

int fk_kept_add(fk_kept *k, const char *cpe, const char *vuln_id, const char *confidence,
                const char *evidence, fk_err *err)
{
    size_t len = strlen(cpe);
    if (!k->last.p || k->last.len != len || memcmp(k->last.p, cpe, len) != 0) {
        k->last.len = 0;
        if (fk_sbuf_put(&k->last, cpe, len) != 0)
            return NOMEM(err);
        k->last_known = fk_matcher_name_number(k->m, cpe, &k->last_name);
    }
    if (!k->last_known)
        return add_orphan(k, cpe, vuln_id, err);
    if (!room_for_one((void **)&k->v, &k->cap, k->n, sizeof *k->v))
        return NOMEM(err);
    const char *id = fk_arena_strndup(&k->strings, vuln_id, strlen(vuln_id));
    if (!id)
        return NOMEM(err);
    k->v[k->n++] = (answer){id, said_of(confidence, evidence), k->last_name, false};
    return 0;
}

static int by_name_then_vuln(const void *a, const void *b)
{
    const answer *x = a, *y = b;
    if (x->name != y->name)
        return x->name < y->name ? -1 : 1;
    return strcmp(x->vuln_id, y->vuln_id);
}

/* Each name's range of v, when its answers stand together in their vulnerabilities'
 * order (as the store's key order gives them); false when they do not. */
static bool file_ranges(fk_kept *k)
{
    for (size_t i = 0; i < k->n;) {
        size_t j = i + 1;
        for (; j < k->n && k->v[j].name == k->v[i].name; j++)
            if (strcmp(k->v[j - 1].vuln_id, k->v[j].vuln_id) >= 0)
                return false;
        range *r = &k->by_name[k->v[i].name];
        if (r->count) /* a second run of the same name */
            return false;
        *r = (range){i, j - i};
        i = j;
    }
    return true;
}

int fk_kept_seal(fk_kept *k, fk_err *err)
{
    k->names = fk_matcher_names(k->m);
    if (!(k->by_name = calloc(k->names ? k->names : 1, sizeof *k->by_name)))
        return NOMEM(err);
    if (file_ranges(k))
        return 0;
    /* rows added since the table was last written whole, or a store whose text order is
     * not byte order: sorted here */
    qsort(k->v, k->n, sizeof *k->v, by_name_then_vuln);
    memset(k->by_name, 0, k->names * sizeof *k->by_name);
    (void)file_ranges(k);
    return 0;
}

/* The kept answer of a name and vulnerability, by halving the name's range; NULL when
 * none. */
static answer *find(fk_kept *k, size_t name, const char *vuln_id)
{
    if (name >= k->names)
        return NULL;
    size_t lo = k->by_name[name].first, hi = lo + k->by_name[name].count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(k->v[mid].vuln_id, vuln_id);
        if (c == 0)
            return &k->v[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

fk_kept_verdict fk_kept_check(fk_kept *k, size_t name, const char *vuln_id, const char *confidence,
                              const char *evidence)
{
    answer *a = find(k, name, vuln_id);
    if (!a)
        return FK_KEPT_NEW;
    a->seen = true;
    return a->said == said_of(confidence, evidence) ? FK_KEPT_SAME : FK_KEPT_CHANGED;
}

int fk_kept_each_gone(const fk_kept *k, fk_kept_gone gone, void *ctx, fk_err *err)
{
    for (size_t i = 0; i < k->ngone; i++)
        if (gone(ctx, k->gone[i].cpe, k->gone[i].vuln_id, err) != 0)
            return -1;
    for (size_t i = 0; i < k->n; i++)
        if (!k->v[i].seen &&
            gone(ctx, fk_matcher_name_text(k->m, k->v[i].name), k->v[i].vuln_id, err) != 0)
            return -1;
    return 0;
}

int fk_kept_stage(fk_kept *k, size_t name, const char *vuln_id, fk_match_confidence confidence,
                  const char *evidence, fk_err *err)
{
    bool changed = find(k, name, vuln_id) != NULL; /* only a different one came this far */
    if (!room_for_one((void **)&k->st, &k->capst, k->nst, sizeof *k->st))
        return NOMEM(err);
    if (!k->last_vuln || strcmp(k->last_vuln, vuln_id) != 0)
        k->last_vuln = fk_arena_strndup(&k->strings, vuln_id, strlen(vuln_id));
    const char *copy = fk_arena_strndup(&k->strings, evidence, strlen(evidence));
    if (!k->last_vuln || !copy)
        return NOMEM(err);
    k->st[k->nst++] = (staged){name, k->last_vuln, copy, confidence, changed};
    return 0;
}

size_t fk_kept_staged(const fk_kept *k)
{
    return k->nst;
}

typedef struct named {
    const char *cpe;
    size_t name;
} named;

static int by_text(const void *a, const void *b)
{
    return strcmp(((const named *)a)->cpe, ((const named *)b)->cpe);
}

/* The staged answers in their names' byte order (ranks below names), and by
 * vulnerability within a name: placed by counting their names' answers (a name has a
 * handful), then each name's few sorted by insertion. A comparison sort of the 778,000
 * answers of a full match after a bulk load took 0.4 s on the store's thread. */
static int order_staged(fk_kept *k, const size_t *rank, size_t names, fk_err *err)
{
    size_t *at = calloc(names + 1, sizeof *at);
    staged *out = malloc(k->nst * sizeof *out);
    if (!at || !out) {
        free(at);
        free(out);
        return NOMEM(err);
    }
    for (size_t i = 0; i < k->nst; i++)
        at[rank[k->st[i].name] + 1]++;
    for (size_t r = 0; r < names; r++)
        at[r + 1] += at[r];
    for (size_t i = 0; i < k->nst; i++) /* at[r] ends where name r's answers end */
        out[at[rank[k->st[i].name]]++] = k->st[i];
    for (size_t r = 0, first = 0; r < names; first = at[r++])
        for (size_t i = first + 1; i < at[r]; i++) {
            staged x = out[i];
            size_t j = i;
            for (; j > first && strcmp(out[j - 1].vuln_id, x.vuln_id) > 0; j--)
                out[j] = out[j - 1];
            out[j] = x;
        }
    free(at);
    free(k->st);
    k->st = out;
    k->capst = k->nst;
    return 0;
}

int fk_kept_each_staged(fk_kept *k, fk_kept_row row, void *ctx, fk_err *err)
{
    if (!k->nst)
        return 0;
    /* the names' places in byte order, sorted once (200,000 names), then the answers by
     * place and vulnerability */
    size_t names = fk_matcher_names(k->m);
    named *order = malloc((names ? names : 1) * sizeof *order);
    size_t *rank = malloc((names ? names : 1) * sizeof *rank);
    if (!order || !rank) {
        free(order);
        free(rank);
        return NOMEM(err);
    }
    for (size_t i = 0; i < names; i++)
        order[i] = (named){fk_matcher_name_text(k->m, i), i};
    qsort(order, names, sizeof *order, by_text);
    for (size_t i = 0; i < names; i++)
        rank[order[i].name] = i;
    free(order);
    int rc = order_staged(k, rank, names, err);
    free(rank);
    if (rc != 0)
        return -1;
    for (size_t i = 0; i < k->nst; i++) {
        const staged *a = &k->st[i];
        if (row(ctx, fk_matcher_name_text(k->m, a->name), a->vuln_id,
                fk_match_confidence_name(a->confidence), a->evidence, a->changed, err) != 0)
            return -1;
    }
    return 0;
}
