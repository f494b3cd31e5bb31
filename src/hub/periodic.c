#include "periodic.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct fk_periodic {
    fk_periodic_fn fn;
    void *ctx;
    void *copy; /* ctx's bytes when the caller handed a copy */
    fk_db *db;
    int64_t first_wait_ms;
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    bool stopping;
};

/* The wait is on the monotonic clock: a change of the wall clock neither skips a run nor
 * delays one by hours. */
bool fk_periodic_pause(fk_periodic *p, int64_t ms)
{
    struct timespec until;
    clock_gettime(CLOCK_MONOTONIC, &until);
    int64_t ns = until.tv_nsec + (ms > 0 ? ms % 1000 : 0) * 1000000LL;
    until.tv_sec += (ms > 0 ? ms / 1000 : 0) + ns / 1000000000LL;
    until.tv_nsec = ns % 1000000000LL;
    pthread_mutex_lock(&p->lock);
    int rc = 0;
    while (!p->stopping && rc != ETIMEDOUT)
        rc = pthread_cond_timedwait(&p->wake, &p->lock, &until);
    bool go_on = !p->stopping;
    pthread_mutex_unlock(&p->lock);
    return go_on;
}

static void *run(void *arg)
{
    fk_periodic *p = arg;
    int64_t wait = p->first_wait_ms;
    while (fk_periodic_pause(p, wait)) {
        wait = p->fn(p, p->db, p->ctx);
        if (wait <= 0)
            wait = 1000; /* never a busy loop, whatever the work says */
    }
    return NULL;
}

int fk_periodic_start(fk_periodic **out, const char *store, int64_t first_wait_ms,
                      fk_periodic_fn fn, const void *ctx, size_t ctx_size, fk_err *err)
{
    *out = NULL;
    fk_periodic *p = calloc(1, sizeof *p);
    if (!p || (ctx_size && !(p->copy = malloc(ctx_size)))) {
        free(p);
        return fk_errc(err, FK_ERR_NOMEM, "out of memory");
    }
    p->fn = fn;
    p->ctx = ctx_size ? memcpy(p->copy, ctx, ctx_size) : (void *)ctx;
    p->first_wait_ms = first_wait_ms;
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_mutex_init(&p->lock, NULL);
    pthread_cond_init(&p->wake, &ca);
    pthread_condattr_destroy(&ca);
    if (fk_db_open(&p->db, store, err) != 0)
        goto fail;
    if (pthread_create(&p->thread, NULL, run, p) != 0) {
        fk_db_close(p->db);
        fk_errc(err, FK_ERR_NOMEM, "cannot start a thread");
        goto fail;
    }
    *out = p;
    return 0;
fail:
    pthread_mutex_destroy(&p->lock);
    pthread_cond_destroy(&p->wake);
    free(p->copy);
    free(p);
    return -1;
}

void fk_periodic_stop(fk_periodic *p)
{
    if (!p)
        return;
    pthread_mutex_lock(&p->lock);
    p->stopping = true;
    pthread_cond_broadcast(&p->wake);
    pthread_mutex_unlock(&p->lock);
    pthread_join(p->thread, NULL);
    fk_db_close(p->db);
    pthread_mutex_destroy(&p->lock);
    pthread_cond_destroy(&p->wake);
    free(p->copy);
    free(p);
}
