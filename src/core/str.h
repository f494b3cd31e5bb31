/* The string slice every layer passes around: a pointer and a length into someone
 * else's buffer (a raw log line, an arena, a stored body), never NUL-terminated and never
 * owned. Helpers that compare slices live with their users; this header is the noun. */
#ifndef FK_STR_H
#define FK_STR_H

#include <stddef.h>

typedef struct fk_str {
    const char *p;
    size_t n;
} fk_str;

/* A slice of a string literal (its length known at compile time). */
#define FK_STR(lit) ((fk_str){(lit), sizeof(lit) - 1})

#endif
