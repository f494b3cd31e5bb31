#include "version.h"

#include <ctype.h>
#include <stdbool.h>
#include <string.h>
#include <strings.h>

/* A piece of a version: a run of digits or a run of letters. */
typedef struct piece {
    const char *at;
    size_t len;
    bool digits;
    bool then_digits; /* letters followed at once by digits: "b2", "rc1" */
} piece;

/* The next piece from *s (false at the end); other characters are skipped. */
static bool next(const char **s, piece *p)
{
    while (**s && !isalnum((unsigned char)**s))
        (*s)++;
    if (!**s)
        return false;
    p->at = *s;
    p->digits = isdigit((unsigned char)**s);
    while (**s && isalnum((unsigned char)**s) && !!isdigit((unsigned char)**s) == p->digits)
        (*s)++;
    p->len = (size_t)(*s - p->at);
    p->then_digits = !p->digits && isdigit((unsigned char)**s);
    return true;
}

/* Words that mark a version before its release; the smaller, the earlier. A single
 * letter does only when a number follows it ("1.0a1", "2.0b2"): alone it is a later
 * letter release ("1.1.1a"). */
static int pre_release(const piece *p)
{
    if (p->len == 1 && !p->then_digits)
        return 0;
    static const char *const words[] = {"dev", "snapshot", "alpha", "a",  "beta", "b",
                                        "pre", "preview",  "m",     "rc", "cr",   NULL};
    static const int rank[] = {1, 1, 2, 2, 3, 3, 4, 4, 4, 5, 5};
    for (int i = 0; words[i]; i++)
        if (strlen(words[i]) == p->len && !strncasecmp(words[i], p->at, p->len))
            return rank[i];
    return 0;
}

static int compare_digits(const piece *a, const piece *b)
{
    const char *x = a->at, *y = b->at;
    size_t n = a->len, m = b->len;
    while (n > 1 && *x == '0') /* leading zeros do not count */
        x++, n--;
    while (m > 1 && *y == '0')
        y++, m--;
    if (n != m)
        return n < m ? -1 : 1;
    int c = strncmp(x, y, n);
    return c < 0 ? -1 : c > 0;
}

static int compare_letters(const piece *a, const piece *b)
{
    size_t n = a->len < b->len ? a->len : b->len;
    int c = strncasecmp(a->at, b->at, n);
    if (c)
        return c < 0 ? -1 : 1;
    return a->len == b->len ? 0 : a->len < b->len ? -1 : 1;
}

/* Where one version has run out and the other goes on with p and then rest: zeros
 * alone change nothing ("1.3" is "1.3.0"); then a pre-release word makes the longer one
 * earlier ("1.0rc1" before "1.0"), anything else later ("1.0.1", "1.1.1k" after). */
static int longer(piece p, const char *rest)
{
    for (;;) {
        if (!p.digits)
            return pre_release(&p) ? -1 : 1;
        if (strspn(p.at, "0") < p.len)
            return 1;
        if (!next(&rest, &p))
            return 0;
    }
}

int fk_version_compare(const char *a, const char *b)
{
    const char *s = a ? a : "", *t = b ? b : "";
    for (;;) {
        piece x, y;
        bool hx = next(&s, &x), hy = next(&t, &y);
        if (!hx && !hy)
            return 0;
        if (!hx)
            return -longer(y, t);
        if (!hy)
            return longer(x, s);
        int c;
        if (x.digits && y.digits) {
            c = compare_digits(&x, &y);
        } else if (!x.digits && !y.digits) {
            int px = pre_release(&x), py = pre_release(&y);
            c = px && py ? (px < py ? -1 : px > py) : px ? -1 : py ? 1 : compare_letters(&x, &y);
        } else {
            /* digits against letters: "1.0.1" against "1.0rc1" or "1.0a": a pre-release
             * is earlier than any number; other letters are later */
            c = x.digits ? (pre_release(&y) ? 1 : -1) : (pre_release(&x) ? -1 : 1);
        }
        if (c)
            return c;
    }
}
