#include "ledger_feed.h"

#include "../core/arena.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define NOMEM(err) fk_errc(err, FK_ERR_NOMEM, "out of memory")

/* Rows travel in batches, so the lock is taken once per few thousand rows. A whole
 * ledger (bench/vulns.sh: 751,720 programs of 100,000 systems) took 1.27 s on the store's
 * thread, 0.8 s of it adding the rows to the matcher (hashing each name into its maps);
 * with the adding on a thread of its own, the reading waits only for the slower of the
 * two. A fixed set of batches, reused, bounds the memory (a few MB) and lets the reader
 * run ahead of the builder by at most that much. */
enum { FEED_ROWS = 4096, FEED_BATCHES = 8 };

typedef struct feed_row {
    int64_t asset_id, org_id;
    const char *cpe, *product;
} feed_row;

typedef struct feed_batch {
    struct feed_batch *next; /* in the queue or among the free ones */
    fk_arena strings;
    size_t n;
    feed_row rows[FEED_ROWS];
} feed_batch;

struct fk_ledger_feed {
    fk_matcher *m;
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t queued, freed;
    feed_batch *head, *tail; /* full, waiting for the builder, oldest first */
    feed_batch *spare;       /* emptied by the builder, for the caller to fill */
    feed_batch *filling;     /* the caller's, not shared */
    bool closing;            /* no more rows will come */
    bool discard;            /* what is still queued is dropped (fk_ledger_feed_free) */
    int rc;                  /* the builder's: -1 once the matcher refused a row */
    fk_err err;
    feed_batch all[FEED_BATCHES];
};

/* The builder: every queued batch's rows into the matcher, in order. After a refusal it
 * goes on emptying batches without adding them, so that the caller never waits on it. */
static void *build(void *arg)
{
    fk_ledger_feed *f = arg;
    pthread_mutex_lock(&f->lock);
    for (;;) {
        while (!f->head && !f->closing)
            pthread_cond_wait(&f->queued, &f->lock);
        feed_batch *b = f->head;
        if (!b)
            break; /* closing, and nothing left */
        f->head = b->next;
        if (!f->head)
            f->tail = NULL;
        bool add = f->rc == 0 && !f->discard;
        pthread_mutex_unlock(&f->lock);
        fk_err err;
        int rc = 0;
        for (size_t i = 0; add && rc == 0 && i < b->n; i++)
            rc = fk_matcher_add(f->m, b->rows[i].asset_id, b->rows[i].org_id, b->rows[i].cpe,
                                b->rows[i].product, &err);
        b->n = 0;
        fk_arena_reset(&b->strings);
        pthread_mutex_lock(&f->lock);
        if (rc != 0 && f->rc == 0) {
            f->rc = -1;
            f->err = err;
        }
        b->next = f->spare;
        f->spare = b;
        pthread_cond_signal(&f->freed);
    }
    pthread_mutex_unlock(&f->lock);
    return NULL;
}

int fk_ledger_feed_new(fk_matcher *m, fk_ledger_feed **out, fk_err *err)
{
    fk_ledger_feed *f = calloc(1, sizeof *f);
    if (!f)
        return NOMEM(err);
    f->m = m;
    for (size_t i = 0; i < FEED_BATCHES; i++) {
        fk_arena_init(&f->all[i].strings, 256 * 1024);
        f->all[i].next = f->spare;
        f->spare = &f->all[i];
    }
    int made = 0; /* the lock and the two conditions made so far */
    if (pthread_mutex_init(&f->lock, NULL) == 0 && ++made &&
        pthread_cond_init(&f->queued, NULL) == 0 && ++made &&
        pthread_cond_init(&f->freed, NULL) == 0 && ++made &&
        pthread_create(&f->thread, NULL, build, f) == 0) {
        *out = f;
        return 0;
    }
    if (made > 2)
        pthread_cond_destroy(&f->freed);
    if (made > 1)
        pthread_cond_destroy(&f->queued);
    if (made > 0)
        pthread_mutex_destroy(&f->lock);
    free(f);
    return NOMEM(err);
}

/* The caller's full batch to the builder; the builder's error, if it has one. */
static int hand_over(fk_ledger_feed *f, fk_err *err)
{
    feed_batch *b = f->filling;
    f->filling = NULL;
    pthread_mutex_lock(&f->lock);
    b->next = NULL;
    if (f->tail)
        f->tail->next = b;
    else
        f->head = b;
    f->tail = b;
    pthread_cond_signal(&f->queued);
    int rc = f->rc;
    if (rc != 0)
        *err = f->err;
    pthread_mutex_unlock(&f->lock);
    return rc;
}

int fk_ledger_feed_add(fk_ledger_feed *f, int64_t asset_id, int64_t org_id, const char *cpe,
                       const char *product, fk_err *err)
{
    if (!f->filling) {
        pthread_mutex_lock(&f->lock);
        while (!f->spare)
            pthread_cond_wait(&f->freed, &f->lock);
        f->filling = f->spare;
        f->spare = f->filling->next;
        pthread_mutex_unlock(&f->lock);
    }
    feed_batch *b = f->filling;
    feed_row *r = &b->rows[b->n];
    r->asset_id = asset_id;
    r->org_id = org_id;
    if (!(r->cpe = fk_arena_strndup(&b->strings, cpe, strlen(cpe))) ||
        !(r->product = fk_arena_strndup(&b->strings, product, strlen(product))))
        return NOMEM(err);
    return ++b->n == FEED_ROWS ? hand_over(f, err) : 0;
}

/* Stops the builder (discard: without adding what is queued), waits for it and frees
 * everything; its error into err (when err is not NULL). */
static int stop(fk_ledger_feed *f, bool discard, fk_err *err)
{
    pthread_mutex_lock(&f->lock);
    f->closing = true;
    f->discard = f->discard || discard;
    pthread_cond_signal(&f->queued);
    pthread_mutex_unlock(&f->lock);
    pthread_join(f->thread, NULL);
    int rc = f->rc; /* the builder has ended: no lock needed */
    if (rc != 0 && err)
        *err = f->err;
    pthread_cond_destroy(&f->queued);
    pthread_cond_destroy(&f->freed);
    pthread_mutex_destroy(&f->lock);
    for (size_t i = 0; i < FEED_BATCHES; i++)
        fk_arena_free(&f->all[i].strings);
    free(f);
    return rc;
}

int fk_ledger_feed_finish(fk_ledger_feed *f, fk_err *err)
{
    if (f->filling && f->filling->n > 0) {
        fk_err early;
        (void)hand_over(f, &early); /* the builder's error is read once it has ended */
    }
    return stop(f, false, err);
}

void fk_ledger_feed_free(fk_ledger_feed *f)
{
    if (f)
        (void)stop(f, true, NULL);
}
