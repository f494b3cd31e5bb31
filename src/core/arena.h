/* Arena allocator for per-batch and per-file data.
 * Owns chunks of memory that are released all at once; decoders put the strings of
 * an event here, so one reset after each event frees everything it used. */
#ifndef FK_ARENA_H
#define FK_ARENA_H

#include <stddef.h>

typedef struct fk_arena_chunk fk_arena_chunk;

typedef struct fk_arena {
    fk_arena_chunk *head;
    size_t chunk_size;
} fk_arena;

void fk_arena_init(fk_arena *a, size_t chunk_size);
/* Returns NULL when memory is exhausted; callers report that as an error. */
void *fk_arena_alloc(fk_arena *a, size_t n);
char *fk_arena_strndup(fk_arena *a, const char *s, size_t n);
/* Keeps the first chunk for reuse, frees the rest. */
void fk_arena_reset(fk_arena *a);
void fk_arena_free(fk_arena *a);

#endif
