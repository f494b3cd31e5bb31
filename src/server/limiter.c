#include "limiter.h"

#include "../core/hash.h"

#include <openssl/rand.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SLOTS 8192 /* a power of two */
#define PROBE 8

typedef struct {
    char key[192];
    unsigned failures;
    time_t window_start;
} slot;

struct fk_limiter {
    pthread_mutex_t mu;
    unsigned limit, window;
    uint64_t seed; /* random: keys come from strangers, who must not aim at one slot */
    slot slots[SLOTS];
};

fk_limiter *fk_limiter_new(unsigned limit, unsigned window)
{
    fk_limiter *l = calloc(1, sizeof *l);
    if (!l)
        return NULL;
    if (RAND_bytes((unsigned char *)&l->seed, sizeof l->seed) != 1) {
        free(l);
        return NULL;
    }
    pthread_mutex_init(&l->mu, NULL);
    l->limit = limit;
    l->window = window;
    return l;
}

void fk_limiter_free(fk_limiter *l)
{
    if (!l)
        return;
    pthread_mutex_destroy(&l->mu);
    free(l);
}

/* The slot of key, or NULL; with create, a free (or the stalest) slot is taken. */
static slot *find(fk_limiter *l, const char *key, time_t now, bool create)
{
    size_t base = (size_t)fk_hash64(key, strlen(key), l->seed) & (SLOTS - 1);
    slot *victim = NULL;
    for (size_t i = 0; i < PROBE; i++) {
        slot *s = &l->slots[(base + i) & (SLOTS - 1)];
        if (s->key[0] && !strncmp(s->key, key, sizeof s->key - 1))
            return s;
        /* an empty slot first, else the one whose window began longest ago */
        if (!victim || (!s->key[0] && victim->key[0]) ||
            (s->key[0] && victim->key[0] && s->window_start < victim->window_start))
            victim = s;
    }
    if (!create)
        return NULL;
    memset(victim, 0, sizeof *victim);
    snprintf(victim->key, sizeof victim->key, "%s", key);
    victim->window_start = now;
    return victim;
}

unsigned fk_limiter_wait(fk_limiter *l, const char *key, time_t now)
{
    pthread_mutex_lock(&l->mu);
    slot *s = find(l, key, now, false);
    unsigned wait = 0;
    if (s && s->failures >= l->limit && now - s->window_start < (time_t)l->window)
        wait = (unsigned)(s->window_start + (time_t)l->window - now);
    pthread_mutex_unlock(&l->mu);
    return wait;
}

void fk_limiter_fail(fk_limiter *l, const char *key, time_t now)
{
    pthread_mutex_lock(&l->mu);
    slot *s = find(l, key, now, true);
    if (now - s->window_start >= (time_t)l->window) {
        s->window_start = now;
        s->failures = 0;
    }
    s->failures++;
    pthread_mutex_unlock(&l->mu);
}

void fk_limiter_clear(fk_limiter *l, const char *key)
{
    pthread_mutex_lock(&l->mu);
    slot *s = find(l, key, 0, false);
    if (s)
        memset(s, 0, sizeof *s);
    pthread_mutex_unlock(&l->mu);
}

bool fk_limiter_seen(fk_limiter *l, const char *key, time_t now)
{
    pthread_mutex_lock(&l->mu);
    slot *s = find(l, key, now, false);
    bool seen = s && s->failures > 0 && now - s->window_start < (time_t)l->window;
    pthread_mutex_unlock(&l->mu);
    return seen;
}
