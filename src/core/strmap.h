/* A string-keyed hash map (open addressing) that owns copies of its keys (any bytes, a
 * NUL kept after each), in an arena of its own: nothing is removed, and a million keys
 * copied one malloc each cost a full match a second. Used for counters in summaries,
 * threshold-rule groups, alert aggregation and the matcher's indexes. */
#ifndef FK_STRMAP_H
#define FK_STRMAP_H

#include "arena.h"

#include <stddef.h>
#include <stdint.h>

typedef struct fk_strmap_slot {
    uint64_t hash;
    char *key; /* NULL when empty */
    size_t keylen;
    void *value;
} fk_strmap_slot;

typedef struct fk_strmap {
    fk_strmap_slot *slots;
    size_t cap, count;
    fk_arena keys; /* its chunks grow with the map, from 256 bytes to 64 KiB */
} fk_strmap;

void fk_strmap_init(fk_strmap *m);
/* Finds or inserts key; *slot_out points at its slot (value NULL when new).
 * Returns -1 when memory is exhausted. The pointer is valid until the next insert. */
int fk_strmap_upsert(fk_strmap *m, const char *key, size_t keylen, fk_strmap_slot **slot_out);
fk_strmap_slot *fk_strmap_get(const fk_strmap *m, const char *key, size_t keylen);
/* Frees the keys and the table; values are the caller's (free them first if owned). */
void fk_strmap_free(fk_strmap *m);

#define FK_STRMAP_FOREACH(m, s)                                                                    \
    for (fk_strmap_slot *s = (m)->slots; s && s < (m)->slots + (m)->cap; s++)                      \
        if (s->key)

#endif
