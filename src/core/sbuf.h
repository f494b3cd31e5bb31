/* A growable byte buffer, always NUL-terminated, for text built piece by piece
 * (masked report text, TAXII envelopes). Owns its memory; fk_sbuf_take hands it over.
 * Also fk_strpack, for keeping several strings beyond the life of what they point into. */
#ifndef FK_SBUF_H
#define FK_SBUF_H

#include <stddef.h>

typedef struct fk_sbuf {
    char *p;
    size_t len, cap;
} fk_sbuf;

/* Appends n bytes; returns -1 when memory is exhausted (the buffer is unchanged). */
int fk_sbuf_put(fk_sbuf *b, const char *s, size_t n);
int fk_sbuf_puts(fk_sbuf *b, const char *s);
/* The text (never NULL unless memory is exhausted); the buffer is empty afterwards. */
char *fk_sbuf_take(fk_sbuf *b);
void fk_sbuf_free(fk_sbuf *b);

/* Copies n strings (each NUL-terminated, NULL parts as "") into one allocation and
 * points copies[i] at each; returns the block to free once, or NULL when memory is
 * exhausted. For records that outlive the event or buffer their strings come from. */
char *fk_strpack(size_t n, const char *const *parts, const size_t *lens, const char **copies);

#endif
