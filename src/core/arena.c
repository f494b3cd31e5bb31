#include "arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct fk_arena_chunk {
    fk_arena_chunk *next;
    size_t cap, used;
    _Alignas(max_align_t) unsigned char data[];
};

void fk_arena_init(fk_arena *a, size_t chunk_size)
{
    a->head = NULL;
    a->chunk_size = chunk_size ? chunk_size : 64 * 1024;
}

void *fk_arena_alloc(fk_arena *a, size_t n)
{
    size_t need = (n + 15) & ~(size_t)15;
    if (need < n)
        return NULL;
    fk_arena_chunk *c = a->head;
    if (!c || c->cap - c->used < need) {
        size_t cap = need > a->chunk_size ? need : a->chunk_size;
        if (cap > SIZE_MAX - sizeof *c)
            return NULL;
        fk_arena_chunk *nc = malloc(sizeof *nc + cap);
        if (!nc)
            return NULL;
        nc->cap = cap;
        nc->used = 0;
        /* An oversized request gets its own chunk behind the current one, so the
         * space left in the current chunk is not wasted. */
        if (c && need > a->chunk_size) {
            nc->next = c->next;
            c->next = nc;
        } else {
            nc->next = c;
            a->head = nc;
        }
        c = nc;
    }
    void *p = c->data + c->used;
    c->used += need;
    return p;
}

char *fk_arena_strndup(fk_arena *a, const char *s, size_t n)
{
    char *p = fk_arena_alloc(a, n + 1);
    if (!p)
        return NULL;
    if (n)
        memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

void fk_arena_reset(fk_arena *a)
{
    fk_arena_chunk *c = a->head;
    if (!c)
        return;
    /* Keep the last chunk in the list (the oldest, normally of chunk_size). */
    while (c->next) {
        fk_arena_chunk *next = c->next;
        free(c);
        c = next;
    }
    c->used = 0;
    a->head = c;
}

void fk_arena_free(fk_arena *a)
{
    fk_arena_chunk *c = a->head;
    while (c) {
        fk_arena_chunk *next = c->next;
        free(c);
        c = next;
    }
    a->head = NULL;
}

void *fk_grow(void *v, size_t *cap, size_t n, size_t first, size_t size)
{
    if (n < *cap)
        return v;
    size_t want = *cap ? *cap * 2 : first;
    if (want < *cap || size == 0 || want > SIZE_MAX / size)
        return NULL;
    void *grown = realloc(v, want * size);
    if (grown)
        *cap = want;
    return grown;
}
