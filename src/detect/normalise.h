/* Normalisation of request fields before signature matching, because attackers evade:
 * URL decoding (repeated, %uXXXX, overlong UTF-8), HTML entities, JavaScript \\u escapes,
 * '+' as space, NUL
 * bytes, case folding, path normalisation (backslashes, repeated and '.' segments) and,
 * for SQL, comment and whitespace removal. Owns nothing; writes into a caller's buffer. */
#ifndef FK_NORMALISE_H
#define FK_NORMALISE_H

#include <stddef.h>

typedef enum fk_norm_step {
    FK_NORM_URL = 1 << 0,       /* %XX, %uXXXX, repeated until nothing changes */
    FK_NORM_PLUS = 1 << 1,      /* '+' as space (query strings) */
    FK_NORM_OVERLONG = 1 << 2,  /* overlong UTF-8 (C0 AF) back to ASCII */
    FK_NORM_HTML = 1 << 3,      /* &lt; &#60; &#x3c; ... */
    FK_NORM_NUL = 1 << 4,       /* drop NUL bytes */
    FK_NORM_LOWER = 1 << 5,     /* ASCII case folding */
    FK_NORM_PATH = 1 << 6,      /* '\\' -> '/', '//' -> '/', '/./' -> '/' (keeps '../') */
    FK_NORM_SQL = 1 << 7,       /* SQL comments removed, whitespace collapsed */
    FK_NORM_LOGESC = 1 << 8,    /* the access log's own escapes: \" \\ \xhh (first) */
    FK_NORM_JSESC = 1 << 9,     /* JavaScript/JSON \uXXXX and \u{X...} escapes */
    FK_NORM_URL_ONCE = 1 << 10, /* %XX and %uXXXX decoded once, as a server does (with
                                 * FK_NORM_PLUS, '+' as space); not with FK_NORM_URL */
} fk_norm_step;

#define FK_NORM_DEFAULT                                                                            \
    (FK_NORM_URL | FK_NORM_PLUS | FK_NORM_OVERLONG | FK_NORM_HTML | FK_NORM_JSESC | FK_NORM_NUL |  \
     FK_NORM_LOWER | FK_NORM_PATH)

/* Applies the steps to in[0..n) and writes the result to out (cap bytes, NUL-ended);
 * returns its length. The result is never longer than the input, so cap >= n + 1 is
 * always enough. */
size_t fk_normalise(const char *in, size_t n, unsigned steps, char *out, size_t cap);

#endif
