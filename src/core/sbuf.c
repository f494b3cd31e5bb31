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
