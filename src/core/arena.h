/* Arena allocator for per-batch and per-file data.
 * Owns chunks of memory that are released all at once; decoders put the strings of
 * an event here, so one reset after each event frees everything it used. Also the
 * growth of the caller's growable arrays (fk_grow). */
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

/* Room for one more element in a growable array of elements of `size` bytes (v: n
 * used of *cap; NULL with *cap 0 at first): v itself when n < *cap, else the array
 * reallocated to twice its capacity (first `first` elements) and *cap updated. NULL
 * when memory ran out or the size would overflow; v and *cap are then unchanged. */
void *fk_grow(void *v, size_t *cap, size_t n, size_t first, size_t size);

#endif
