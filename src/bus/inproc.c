#include "inproc.h"

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <time.h>

typedef struct {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int64_t *ids;
    size_t head, count, cap;
    bool closed;
} inproc;

static int open_inproc(void **state, const char *url, const char *ns, fk_err *err)
{
    (void)url;
    (void)ns; /* one process, one store */
    inproc *q = calloc(1, sizeof *q);
    if (!q)
        return fk_errc(err, FK_ERR_NOMEM, "out of memory");
    pthread_mutex_init(&q->mu, NULL);
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&q->cv, &ca);
    pthread_condattr_destroy(&ca);
    *state = q;
    return 0;
}

static int publish(void *state, int64_t id, int64_t key, fk_err *err)
{
    (void)key; /* one consumer: nothing to partition */
    inproc *q = state;
    pthread_mutex_lock(&q->mu);
    if (q->count == q->cap) {
        size_t cap = q->cap ? q->cap * 2 : 1024;
        int64_t *ids = malloc(cap * sizeof *ids);
        if (!ids) {
            pthread_mutex_unlock(&q->mu);
            return fk_errc(err, FK_ERR_NOMEM, "out of memory");
        }
        for (size_t i = 0; i < q->count; i++)
            ids[i] = q->ids[(q->head + i) % q->cap];
        free(q->ids);
        q->ids = ids;
        q->cap = cap;
        q->head = 0;
    }
    q->ids[(q->head + q->count++) % q->cap] = id;
    pthread_cond_signal(&q->cv);
    pthread_mutex_unlock(&q->mu);
    return 0;
}

static int next(void *state, int64_t *id, int timeout_ms)
{
    inproc *q = state;
    struct timespec until;
    clock_gettime(CLOCK_MONOTONIC, &until);
    until.tv_sec += timeout_ms / 1000;
    until.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
    if (until.tv_nsec >= 1000000000L) {
        until.tv_sec++;
        until.tv_nsec -= 1000000000L;
    }
    pthread_mutex_lock(&q->mu);
    for (;;) {
        while (q->count && !q->closed) {
            int64_t v = q->ids[q->head];
            q->head = (q->head + 1) % q->cap;
            q->count--;
            *id = v;
            pthread_mutex_unlock(&q->mu);
            return 1;
        }
        if (q->closed) {
            pthread_mutex_unlock(&q->mu);
            return -1;
        }
        if (pthread_cond_timedwait(&q->cv, &q->mu, &until) == ETIMEDOUT && !q->count) {
            int closed = q->closed;
            pthread_mutex_unlock(&q->mu);
            return closed ? -1 : 0;
        }
    }
}

static void ack(void *state, int64_t id)
{
    (void)state; /* the store's done state is the acknowledgement */
    (void)id;
}

static void shutdown_inproc(void *state)
{
    inproc *q = state;
    pthread_mutex_lock(&q->mu);
    q->closed = true;
    pthread_cond_broadcast(&q->cv);
    pthread_mutex_unlock(&q->mu);
}

static void close_inproc(void *state)
{
    inproc *q = state;
    if (!q)
        return;
    pthread_mutex_destroy(&q->mu);
    pthread_cond_destroy(&q->cv);
    free(q->ids);
    free(q);
}

const fk_bus_backend fk_bus_inproc = {
    .scheme = "inproc",
    .open = open_inproc,
    .publish = publish,
    .next = next,
    .ack = ack,
    .shutdown = shutdown_inproc,
    .close = close_inproc,
};
