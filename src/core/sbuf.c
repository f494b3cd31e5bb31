#include "sbuf.h"

#include <stdlib.h>
#include <string.h>

int fk_sbuf_put(fk_sbuf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t ncap = (b->len + n + 1) * 2;
        char *np = realloc(b->p, ncap);
        if (!np)
            return -1;
        b->p = np;
        b->cap = ncap;
    }
    if (n)
        memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
    return 0;
}

int fk_sbuf_puts(fk_sbuf *b, const char *s)
{
    return fk_sbuf_put(b, s, strlen(s));
}

char *fk_sbuf_take(fk_sbuf *b)
{
    if (!b->p && fk_sbuf_put(b, "", 0) != 0)
        return NULL;
    char *p = b->p;
    b->p = NULL;
    b->len = b->cap = 0;
    return p;
}

void fk_sbuf_free(fk_sbuf *b)
{
    free(b->p);
    b->p = NULL;
    b->len = b->cap = 0;
}

char *fk_strpack(size_t n, const char *const *parts, const size_t *lens, const char **copies)
{
    size_t total = 0;
    for (size_t i = 0; i < n; i++)
        total += lens[i] + 1;
    char *block = malloc(total ? total : 1), *q = block;
    if (!block)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        if (lens[i] && parts[i])
            memcpy(q, parts[i], lens[i]);
        q[parts[i] ? lens[i] : 0] = '\0';
        copies[i] = q;
        q += lens[i] + 1;
    }
    return block;
}
