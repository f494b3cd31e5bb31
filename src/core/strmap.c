#include "strmap.h"

#include "hash.h"

#include <stdlib.h>
#include <string.h>

enum { KEYS_CHUNK_MAX = 64 * 1024 };

void fk_strmap_init(fk_strmap *m)
{
    m->slots = NULL;
    m->cap = m->count = 0;
    /* no chunk size yet: the first key sets it (a map zeroed rather than initialised
     * works alike) */
    m->keys.head = NULL;
    m->keys.chunk_size = 0;
}

static fk_strmap_slot *find(fk_strmap_slot *slots, size_t cap, uint64_t h, const char *key,
                            size_t keylen)
{
    size_t i = h & (cap - 1);
    for (;;) {
        fk_strmap_slot *s = &slots[i];
        if (!s->key || (s->hash == h && s->keylen == keylen && memcmp(s->key, key, keylen) == 0))
            return s;
        i = (i + 1) & (cap - 1);
    }
}

static int grow(fk_strmap *m)
{
    size_t ncap = m->cap ? m->cap * 2 : 16;
    fk_strmap_slot *ns = calloc(ncap, sizeof *ns);
    if (!ns)
        return -1;
    for (size_t i = 0; i < m->cap; i++) {
        fk_strmap_slot *s = &m->slots[i];
        if (s->key)
            *find(ns, ncap, s->hash, s->key, s->keylen) = *s;
    }
    free(m->slots);
    m->slots = ns;
    m->cap = ncap;
    return 0;
}

int fk_strmap_upsert(fk_strmap *m, const char *key, size_t keylen, fk_strmap_slot **slot_out)
{
    if ((m->count + 1) * 4 > m->cap * 3 && grow(m) != 0)
        return -1;
    uint64_t h = fk_hash64(key, keylen, 0x5eed);
    fk_strmap_slot *s = find(m->slots, m->cap, h, key, keylen);
    if (!s->key) {
        /* small maps (a rule's memo, a summary's counters) stay small; large ones take
         * their keys 64 KiB at a time */
        if (m->keys.chunk_size < KEYS_CHUNK_MAX && (m->count + 1) * 32 > m->keys.chunk_size)
            m->keys.chunk_size = m->keys.chunk_size ? m->keys.chunk_size * 2 : 256;
        char *k = fk_arena_strndup(&m->keys, key, keylen);
        if (!k)
            return -1;
        s->key = k;
        s->keylen = keylen;
        s->hash = h;
        s->value = NULL;
        m->count++;
    }
    *slot_out = s;
    return 0;
}

fk_strmap_slot *fk_strmap_get(const fk_strmap *m, const char *key, size_t keylen)
{
    if (!m->cap)
        return NULL;
    fk_strmap_slot *s = find(m->slots, m->cap, fk_hash64(key, keylen, 0x5eed), key, keylen);
    return s->key ? s : NULL;
}

void fk_strmap_free(fk_strmap *m)
{
    fk_arena_free(&m->keys);
    free(m->slots);
    fk_strmap_init(m);
}
