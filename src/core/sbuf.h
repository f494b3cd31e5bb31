/* A growable byte buffer, always NUL-terminated, for text built piece by piece
 * (masked report text, TAXII envelopes). Owns its memory; fk_sbuf_take hands it over. */
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

#endif
