#include "match_pool.h"

#include "../core/arena.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define NOMEM(err) fk_errc(err, FK_ERR_NOMEM, "out of memory")

/* Vulnerabilities travel in batches: a worker takes a batch at a time, so the lock is
 * taken once per hundred rules rather than per rule, and a batch's matches are kept in
 * its arena until the caller's thread emits them. At most MAX_QUEUED batches are in
 * flight, which bounds the memory whatever the number of candidates. */
enum { BATCH_RULES = 128, MAX_QUEUED = 16, MAX_THREADS = 8 };

typedef struct pool_row {
    const char *id, *configurations, *note;
    size_t len;
    bool versions;
} pool_row;

typedef struct batch {
    struct batch *next; /* in the workers' queue */
    struct fk_match_pool *p;
    fk_arena arena; /* the rows' strings and the matches' evidence */
    pool_row rows[BATCH_RULES];
    size_t nrows;
    fk_match *found;
    size_t nfound, capfound;
    size_t dropped; /* by the filter */
    int rc;
    fk_err err;
    bool done;
} batch;

typedef struct worker {
    pthread_t thread;
    fk_matcher_state *st;
    struct fk_match_pool *p;
    size_t part; /* its share of the names to parse */
    bool started;
} worker;

struct fk_match_pool {
    fk_matcher *m;
    fk_match_emit emit;
    void *ctx;
    fk_match_filter pass; /* NULL: every match kept */
    void *pass_ctx;
    size_t dropped;
    pthread_mutex_t lock;
    pthread_cond_t work, finished;
    batch *todo, *todo_last; /* waiting for a worker */
    batch *ring[MAX_QUEUED]; /* handed in and not yet emitted, oldest first */
    size_t first, count;
    batch *filling; /* the batch rows are being added to */
    bool stop;
    size_t unprepared; /* workers still parsing their share of the names */
    worker w[MAX_THREADS];
    size_t nw;
};

static batch *batch_new(fk_match_pool *p)
{
    batch *b = calloc(1, sizeof *b);
    if (b) {
        b->p = p;
        fk_arena_init(&b->arena, 64 * 1024);
    }
    return b;
}

static void batch_free(batch *b)
{
    if (!b)
        return;
    fk_arena_free(&b->arena);
    free(b->found);
    free(b);
}

/* A match kept for the caller's thread: the name and the vulnerability's id stay where
 * they are (the ledger's, the batch's), the evidence is copied. */
static int keep(void *ctx, const fk_match *mt, fk_err *err)
{
    batch *b = ctx;
    if (b->p->pass && !b->p->pass(b->p->pass_ctx, mt)) {
        b->dropped++;
        return 0;
    }
    fk_match *grown = fk_grow(b->found, &b->capfound, b->nfound, 64, sizeof *b->found);
    if (!grown)
        return NOMEM(err);
    b->found = grown;
    fk_match kept = *mt;
    if (!(kept.evidence = fk_arena_strndup(&b->arena, mt->evidence, strlen(mt->evidence))))
        return NOMEM(err);
    b->found[b->nfound++] = kept;
    return 0;
}

static void ask_batch(fk_match_pool *p, fk_matcher_state *st, batch *b)
{
    for (size_t i = 0; i < b->nrows && b->rc == 0; i++) {
        const pool_row *r = &b->rows[i];
        fk_vuln_rule *rule;
        fk_err cerr;
        if (fk_vuln_rule_compile_text(r->configurations, r->len, &rule, &cerr) != 0) {
            b->rc = fk_errc(&b->err, cerr.code, "%s: %s", r->id, cerr.msg);
            break;
        }
        b->rc = fk_matcher_ask(p->m, st, r->id, rule, r->versions, r->note, keep, b, &b->err);
        fk_vuln_rule_free(rule);
    }
}

static void *work(void *arg)
{
    worker *w = arg;
    fk_match_pool *p = w->p;
    /* the names parsed by every worker, a share each, before any rule is asked (a rule
     * asks names of every share); the caller's thread reads the store meanwhile */
    fk_matcher_prepare(p->m, w->part, p->nw);
    pthread_mutex_lock(&p->lock);
    if (--p->unprepared == 0)
        pthread_cond_broadcast(&p->work);
    while (p->unprepared && !p->stop)
        pthread_cond_wait(&p->work, &p->lock);
    pthread_mutex_unlock(&p->lock);
    for (;;) {
        pthread_mutex_lock(&p->lock);
        while (!p->todo && !p->stop)
            pthread_cond_wait(&p->work, &p->lock);
        batch *b = p->stop ? NULL : p->todo;
        if (b && !(p->todo = b->next))
            p->todo_last = NULL;
        pthread_mutex_unlock(&p->lock);
        if (!b)
            return NULL;
        ask_batch(p, w->st, b);
        pthread_mutex_lock(&p->lock);
        b->done = true;
        pthread_cond_broadcast(&p->finished);
        pthread_mutex_unlock(&p->lock);
    }
}

int fk_match_pool_new(fk_matcher *m, int threads, fk_match_emit emit, void *ctx,
                      fk_match_pool **out, fk_err *err)
{
    *out = NULL;
    if (threads <= 0) {
        long online = sysconf(_SC_NPROCESSORS_ONLN);
        threads = online > 0 ? (int)online : 1;
    }
    if (threads > MAX_THREADS)
        threads = MAX_THREADS;
    if (fk_matcher_is_lazy(m)) /* it would add systems while the workers read them */
        return fk_errc(err, FK_ERR_INVALID, "a lazy matcher cannot be shared by threads");
    if (fk_matcher_seal(m, (size_t)threads, err) != 0)
        return -1;
    fk_match_pool *p = calloc(1, sizeof *p);
    if (!p)
        return NOMEM(err);
    p->m = m;
    p->emit = emit;
    p->ctx = ctx;
    pthread_mutex_init(&p->lock, NULL);
    pthread_cond_init(&p->work, NULL);
    pthread_cond_init(&p->finished, NULL);
    for (int i = 0; i < threads; i++) {
        worker *w = &p->w[i];
        w->p = p;
        w->part = (size_t)i;
        if (!(w->st = fk_matcher_state_new())) {
            fk_match_pool_free(p);
            return NOMEM(err);
        }
        p->nw++;
    }
    /* every worker's share known before the first starts parsing */
    p->unprepared = p->nw;
    for (int i = 0; i < threads; i++) {
        worker *w = &p->w[i];
        if (pthread_create(&w->thread, NULL, work, w) != 0) {
            fk_match_pool_free(p);
            return fk_errc(err, FK_ERR_NOMEM, "cannot start a matching thread");
        }
        w->started = true;
    }
    *out = p;
    return 0;
}

/* The oldest batch handed in, once a worker is done with it: its matches emitted in
 * order, its error (the first) returned. */
static int emit_oldest(fk_match_pool *p, fk_err *err)
{
    batch *b = p->ring[p->first];
    pthread_mutex_lock(&p->lock);
    while (!b->done)
        pthread_cond_wait(&p->finished, &p->lock);
    pthread_mutex_unlock(&p->lock);
    p->first = (p->first + 1) % MAX_QUEUED;
    p->count--;
    int rc = 0;
    for (size_t i = 0; i < b->nfound && rc == 0; i++)
        rc = p->emit(p->ctx, &b->found[i], err);
    p->dropped += b->dropped;
    if (rc == 0 && b->rc != 0) {
        *err = b->err;
        rc = -1;
    }
    batch_free(b);
    return rc;
}

static bool oldest_done(fk_match_pool *p)
{
    pthread_mutex_lock(&p->lock);
    bool done = p->count && p->ring[p->first]->done;
    pthread_mutex_unlock(&p->lock);
    return done;
}

/* The batch being filled to the workers; what they finished meanwhile emitted. */
static int hand_in(fk_match_pool *p, fk_err *err)
{
    while (p->count == MAX_QUEUED)
        if (emit_oldest(p, err) != 0)
            return -1;
    batch *b = p->filling;
    p->filling = NULL;
    p->ring[(p->first + p->count) % MAX_QUEUED] = b;
    p->count++;
    pthread_mutex_lock(&p->lock);
    if (p->todo_last)
        p->todo_last->next = b;
    else
        p->todo = b;
    p->todo_last = b;
    pthread_cond_signal(&p->work);
    pthread_mutex_unlock(&p->lock);
    while (oldest_done(p))
        if (emit_oldest(p, err) != 0)
            return -1;
    return 0;
}

int fk_match_pool_add(fk_match_pool *p, const char *vuln_id, const char *configurations,
                      bool versions, const char *note, fk_err *err)
{
    if (!p->filling && !(p->filling = batch_new(p)))
        return NOMEM(err);
    batch *b = p->filling;
    pool_row *r = &b->rows[b->nrows];
    r->len = strlen(configurations);
    r->versions = versions;
    r->id = fk_arena_strndup(&b->arena, vuln_id, strlen(vuln_id));
    r->configurations = fk_arena_strndup(&b->arena, configurations, r->len);
    r->note = note ? fk_arena_strndup(&b->arena, note, strlen(note)) : NULL;
    if (!r->id || !r->configurations || (note && !r->note))
        return NOMEM(err);
    if (++b->nrows == BATCH_RULES)
        return hand_in(p, err);
    return 0;
}

void fk_match_pool_filter(fk_match_pool *p, fk_match_filter pass, void *ctx)
{
    /* read by the workers only once a batch is handed in, under the lock */
    p->pass = pass;
    p->pass_ctx = ctx;
}

size_t fk_match_pool_dropped(const fk_match_pool *p)
{
    return p->dropped;
}

int fk_match_pool_finish(fk_match_pool *p, fk_err *err)
{
    if (p->filling && p->filling->nrows && hand_in(p, err) != 0)
        return -1;
    while (p->count)
        if (emit_oldest(p, err) != 0)
            return -1;
    return 0;
}

void fk_match_pool_free(fk_match_pool *p)
{
    if (!p)
        return;
    pthread_mutex_lock(&p->lock);
    p->stop = true;
    p->todo = p->todo_last = NULL; /* still in the ring: freed below */
    pthread_cond_broadcast(&p->work);
    pthread_mutex_unlock(&p->lock);
    for (size_t i = 0; i < p->nw; i++) {
        if (p->w[i].started)
            pthread_join(p->w[i].thread, NULL);
        fk_matcher_state_free(p->w[i].st);
    }
    for (size_t i = 0; i < p->count; i++)
        batch_free(p->ring[(p->first + i) % MAX_QUEUED]);
    batch_free(p->filling);
    pthread_cond_destroy(&p->work);
    pthread_cond_destroy(&p->finished);
    pthread_mutex_destroy(&p->lock);
    free(p);
}
