#include "normalise.h"

#include "../core/hex.h"

#include <stdbool.h>
#include <string.h>
#include <strings.h>

/* Writes code point cp as UTF-8 (ASCII stays one byte). */
static size_t put_utf8(unsigned cp, char *o)
{
    if (cp < 0x80) {
        o[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (char)(0xc0 | cp >> 6);
        o[1] = (char)(0x80 | (cp & 0x3f));
        return 2;
    }
    o[0] = (char)(0xe0 | cp >> 12);
    o[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
    o[2] = (char)(0x80 | (cp & 0x3f));
    return 3;
}

/* One pass of %XX and %uXXXX decoding (in place; never grows). Returns the length. */
static size_t url_decode(char *s, size_t n, int plus)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '%' && i + 2 < n && fk_hexval((unsigned char)s[i + 1]) >= 0 &&
            fk_hexval((unsigned char)s[i + 2]) >= 0) {
            s[k++] = (char)(fk_hexval((unsigned char)s[i + 1]) << 4 |
                            fk_hexval((unsigned char)s[i + 2]));
            i += 2;
        } else if (s[i] == '%' && i + 5 < n && (s[i + 1] | 0x20) == 'u' &&
                   fk_hexval((unsigned char)s[i + 2]) >= 0 &&
                   fk_hexval((unsigned char)s[i + 3]) >= 0 &&
                   fk_hexval((unsigned char)s[i + 4]) >= 0 &&
                   fk_hexval((unsigned char)s[i + 5]) >= 0) {
            unsigned cp = (unsigned)(fk_hexval((unsigned char)s[i + 2]) << 12 |
                                     fk_hexval((unsigned char)s[i + 3]) << 8 |
                                     fk_hexval((unsigned char)s[i + 4]) << 4 |
                                     fk_hexval((unsigned char)s[i + 5]));
            /* IIS %u: full-width forms (U+FF01..FF5E) stand for ASCII */
            if (cp >= 0xff01 && cp <= 0xff5e)
                cp -= 0xfee0;
            char tmp[3];
            size_t w = put_utf8(cp, tmp);
            memcpy(s + k, tmp, w); /* w <= 3 < 6 input bytes consumed */
            k += w;
            i += 5;
        } else if (plus && s[i] == '+') {
            s[k++] = ' ';
        } else {
            s[k++] = s[i];
        }
    }
    return k;
}

/* Overlong UTF-8 encodings of ASCII (C0 AF = '/', E0 80 AE = '.') decoded. */
static size_t overlong(char *s, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c == 0xc0 || c == 0xc1) && i + 1 < n && ((unsigned char)s[i + 1] & 0xc0) == 0x80) {
            s[k++] = (char)(((c & 0x1f) << 6 | ((unsigned char)s[i + 1] & 0x3f)) & 0x7f);
            i += 1;
        } else if (c == 0xe0 && i + 2 < n && (unsigned char)s[i + 1] < 0xa0 &&
                   ((unsigned char)s[i + 1] & 0xc0) == 0x80 &&
                   ((unsigned char)s[i + 2] & 0xc0) == 0x80) {
            s[k++] =
                (char)((((unsigned char)s[i + 1] & 0x3f) << 6 | ((unsigned char)s[i + 2] & 0x3f)) &
                       0x7f);
            i += 2;
        } else {
            s[k++] = s[i];
        }
    }
    return k;
}

/* HTML's named character references for ASCII (the HTML5 table; matched in any case, as
 * the text may have been lower-cased). The legacy ones (lt, gt, quot, amp, nbsp) are read
 * without their ';' as browsers read them; the rest need it, so that &plusmn; is not read
 * as &plus; followed by "mn". */
static const struct {
    const char *name;
    char c;
    bool semi; /* only with its ';' */
} entities[] = {{"lt", '<', 0},     {"gt", '>', 0},     {"quot", '"', 0},
                {"apos", '\'', 0},  {"amp", '&', 0},    {"sol", '/', 0},
                {"bsol", '\\', 0},  {"lpar", '(', 0},   {"rpar", ')', 0},
                {"colon", ':', 0},  {"semi", ';', 0},   {"equals", '=', 0},
                {"nbsp", ' ', 0},   {"tab", '\t', 0},   {"newline", '\n', 0},
                {"grave", '`', 0},  {"period", '.', 0}, {"comma", ',', 0},
                {"lbrace", '{', 1}, {"lcub", '{', 1},   {"rbrace", '}', 1},
                {"rcub", '}', 1},   {"lbrack", '[', 1}, {"lsqb", '[', 1},
                {"rbrack", ']', 1}, {"rsqb", ']', 1},   {"excl", '!', 1},
                {"quest", '?', 1},  {"num", '#', 1},    {"dollar", '$', 1},
                {"percnt", '%', 1}, {"ast", '*', 1},    {"midast", '*', 1},
                {"plus", '+', 1},   {"lowbar", '_', 1}, {"underbar", '_', 1},
                {"verbar", '|', 1}, {"vert", '|', 1},   {"verticalline", '|', 1},
                {"hat", '^', 1},    {"commat", '@', 1}, {"diacriticalgrave", '`', 1}};

static size_t html_decode(char *s, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '&' && i + 2 < n) {
            size_t j = i + 1;
            unsigned cp = 0;
            int ok = 0;
            if (s[j] == '#') {
                j++;
                int hex = j < n && (s[j] | 0x20) == 'x';
                if (hex)
                    j++;
                size_t start = j;
                while (j < n && s[j] == '0') /* browsers ignore leading zeros: &#00060; */
                    j++;
                size_t digits = j;
                while (j < n && j - digits < 7 &&
                       (hex ? fk_hexval((unsigned char)s[j]) >= 0 : (s[j] >= '0' && s[j] <= '9'))) {
                    cp = cp * (hex ? 16 : 10) +
                         (unsigned)(hex ? fk_hexval((unsigned char)s[j]) : s[j] - '0');
                    j++;
                }
                ok = j > start && cp < 0x10000;
            } else {
                for (size_t e = 0; e < sizeof entities / sizeof entities[0] && !ok; e++) {
                    size_t l = strlen(entities[e].name);
                    if (j + l <= n && !strncasecmp(s + j, entities[e].name, l) &&
                        (!entities[e].semi || (j + l < n && s[j + l] == ';'))) {
                        cp = (unsigned char)entities[e].c;
                        j += l;
                        ok = 1;
                    }
                }
            }
            if (ok) {
                if (j < n && s[j] == ';')
                    j++;
                char tmp[3];
                size_t w = put_utf8(cp, tmp);
                if (w <= j - i) { /* never longer than what it replaces */
                    memcpy(s + k, tmp, w);
                    k += w;
                    i = j - 1;
                    continue;
                }
            }
        }
        s[k++] = s[i];
    }
    return k;
}

/* JavaScript and JSON string escapes: payloads reach eval() or a template engine, which
 * reads c\u006fnsole as console. \xhh is left alone: PHP and shell payloads use it as
 * text that signatures look for. */
static size_t js_unescape(char *s, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\\' && i + 1 < n && s[i + 1] == 'u') {
            size_t j = i + 2;
            int braced = j < n && s[j] == '{';
            if (braced)
                j++;
            size_t start = j;
            unsigned cp = 0;
            while (j < n && j - start < (braced ? 6u : 4u) && fk_hexval((unsigned char)s[j]) >= 0)
                cp = cp << 4 | (unsigned)fk_hexval((unsigned char)s[j++]);
            int ok = braced ? j > start && j < n && s[j] == '}' : j - start == 4;
            if (ok && cp < 0x10000) {
                char tmp[3];
                size_t w = put_utf8(cp, tmp); /* at most 3 bytes for at least 6 read */
                memcpy(s + k, tmp, w);
                k += w;
                i = braced ? j : j - 1;
                continue;
            }
        }
        s[k++] = s[i];
    }
    return k;
}

static size_t path_normalise(char *s, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i] == '\\' ? '/' : s[i];
        if (c == '/' && k > 0 && s[k - 1] == '/')
            continue; /* '//' */
        if (c == '.' && k > 0 && s[k - 1] == '/' &&
            (i + 1 == n || s[i + 1] == '/' || s[i + 1] == '\\') && !(i > 0 && s[i - 1] == '.')) {
            i++; /* '/./' */
            continue;
        }
        s[k++] = c;
    }
    return k;
}

/* SQL comments become one space (they separate tokens), whitespace runs one space. */
static size_t sql_strip(char *s, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '/' && i + 1 < n && s[i + 1] == '*') {
            size_t j = i + 2;
            while (j + 1 < n && !(s[j] == '*' && s[j + 1] == '/'))
                j++;
            i = j + 1 < n ? j + 1 : n - 1;
            if (k == 0 || s[k - 1] != ' ')
                s[k++] = ' ';
            continue;
        }
        if (s[i] == '-' && i + 1 < n && s[i + 1] == '-' &&
            (i + 2 == n || s[i + 2] == ' ' || s[i + 2] == '\t' || s[i + 2] == '\n' ||
             s[i + 2] == '\r')) {
            /* '-- ' comments to the end of the line; the rest is what an injection
             * cuts off, so it is kept for the signatures to see the '--' itself */
            s[k++] = '-';
            s[k++] = '-';
            i++;
            continue;
        }
        char c = s[i];
        if (c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f')
            c = ' ';
        if (c == ' ' && k > 0 && s[k - 1] == ' ')
            continue;
        s[k++] = c;
    }
    return k;
}

/* Apache and nginx write '"' as \", '\' as \\ and other bytes as \xhh in their logs;
 * the request itself had the plain bytes. */
static size_t log_unescape(char *s, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\\' && i + 1 < n && (s[i + 1] == '"' || s[i + 1] == '\\')) {
            s[k++] = s[++i];
        } else if (s[i] == '\\' && i + 3 < n && s[i + 1] == 'x' &&
                   fk_hexval((unsigned char)s[i + 2]) >= 0 &&
                   fk_hexval((unsigned char)s[i + 3]) >= 0) {
            s[k++] = (char)(fk_hexval((unsigned char)s[i + 2]) << 4 |
                            fk_hexval((unsigned char)s[i + 3]));
            i += 3;
        } else {
            s[k++] = s[i];
        }
    }
    return k;
}

size_t fk_normalise(const char *in, size_t n, unsigned steps, char *out, size_t cap)
{
    if (cap == 0)
        return 0;
    if (n >= cap)
        n = cap - 1;
    memcpy(out, in, n);
    size_t len = n;
    if (steps & FK_NORM_LOGESC)
        len = log_unescape(out, len);
    if (steps & FK_NORM_URL_ONCE)
        len = url_decode(out, len, (steps & FK_NORM_PLUS) != 0);
    /* decoding is repeated while it changes something: double encoding (%252e) is the
     * most common evasion; bounded so that a crafted input cannot loop long */
    for (int round = 0; round < 8; round++) {
        /* every decoding step shortens what it decodes, so an unchanged length means
         * nothing was left to decode */
        size_t before = len;
        if (steps & FK_NORM_URL)
            len = url_decode(out, len, round == 0 && (steps & FK_NORM_PLUS));
        if (steps & FK_NORM_OVERLONG)
            len = overlong(out, len);
        if (steps & FK_NORM_HTML)
            len = html_decode(out, len);
        if (steps & FK_NORM_JSESC)
            len = js_unescape(out, len);
        if (len == before)
            break;
    }
    if (steps & FK_NORM_NUL) {
        size_t k = 0;
        for (size_t i = 0; i < len; i++)
            if (out[i])
                out[k++] = out[i];
        len = k;
    }
    if (steps & FK_NORM_LOWER)
        for (size_t i = 0; i < len; i++)
            if (out[i] >= 'A' && out[i] <= 'Z')
                out[i] = (char)(out[i] | 0x20);
    if (steps & FK_NORM_PATH)
        len = path_normalise(out, len);
    if (steps & FK_NORM_SQL)
        len = sql_strip(out, len);
    out[len] = '\0';
    return len;
}
