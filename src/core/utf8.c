#include "utf8.h"

#include <stdlib.h>
#include <string.h>

size_t fk_utf8_seq(const unsigned char *s, size_t n)
{
    unsigned c = s[0];
    size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (!len || len > n || (len == 2 && c < 0xc2))
        return 0;
    for (size_t k = 1; k < len; k++)
        if ((s[k] & 0xc0) != 0x80)
            return 0;
    if (len == 3 && ((c == 0xe0 && s[1] < 0xa0) || (c == 0xed && s[1] >= 0xa0)))
        return 0; /* overlong, or a UTF-16 surrogate */
    if (len == 4 && ((c == 0xf0 && s[1] < 0x90) || c > 0xf4 || (c == 0xf4 && s[1] >= 0x90)))
        return 0;
    return len;
}

/* The valid sequence at u (0: a byte to replace). */
static size_t step(const unsigned char *u, size_t left, bool keep_nul)
{
    return u[0] || keep_nul ? fk_utf8_seq(u, left) : 0;
}

char *fk_utf8_repair(const char *s, size_t n, bool keep_nul, size_t *out_len, bool *failed)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0, k;
    for (;;) {
        /* ASCII runs first: most log text and every bulk load is mostly ASCII */
        while (i < n && u[i] > 0 && u[i] < 0x80)
            i++;
        if (i == n || !(k = step(u + i, n - i, keep_nul)))
            break;
        i += k;
    }
    if (i == n)
        return NULL;
    char *out = malloc(n * 3 + 1), *o = out;
    if (!out) {
        *failed = true;
        return NULL;
    }
    memcpy(o, s, i);
    o += i;
    while (i < n) {
        if ((k = step(u + i, n - i, keep_nul))) {
            memcpy(o, s + i, k);
            o += k;
            i += k;
        } else {
            memcpy(o, "\xef\xbf\xbd", 3);
            o += 3;
            i++;
        }
    }
    *o = '\0';
    *out_len = (size_t)(o - out);
    return out;
}
