#include "anonymise.h"

#include "../core/hex.h"

#include "../core/sbuf.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <arpa/inet.h>
#include <pcre2.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unicode/uchar.h>
#include <unicode/uidna.h>
#include <unicode/unorm2.h>
#include <unicode/uspoof.h>
#include <unicode/utf16.h>

/*
 * How text is anonymised.
 *
 * Masking the written form of an identifier misses every other way of writing it:
 * `power[.]example`, `soc%40power.example`, full-width letters, a zero-width space
 * inside a name, a Cyrillic "о" for a Latin "o", 0xC6336417 for 198.51.100.23. So the
 * text is first turned into a canonical form in which every character remembers the
 * span of original bytes it came from:
 *
 *   1. UTF-8 is decoded (a byte that is not UTF-8 becomes U+FFFD);
 *   2. escapes are undone, repeatedly: %hh (also runs forming UTF-8), %uHHHH, \xhh,
 *      \uHHHH, HTML character references;
 *   3. each character is folded: NFKC with case folding (full-width forms, ligatures,
 *      default-ignorable characters such as zero-width spaces vanish), combining marks
 *      dropped, ideographic full stops made dots;
 *   4. defanged notation is restored: [.] (dot) {.} [at] (@) hxxp [:] ...
 *
 * This is view A. Detectors run on it: e-mail addresses, user names, every numeric
 * form of an IPv4 address, IPv6 addresses (and the IPv4 addresses they embed), host
 * names, the configured patterns. View B goes further for the provider's own names,
 * domains and e-mail addresses: each character of view A becomes its confusable
 * skeleton (Unicode TS #39, through ICU), and only letters and digits are kept, with a
 * mark where a separator was dropped. The provider's identifiers go through the same
 * steps, and a match must start and end at a separator (or where the script writes no
 * spaces, as Japanese), so "Power-Co", "PowerCo", "Power\nCo" and "P0wer Co" all meet
 * "Power Co" while "Power Company" does not.
 *
 * Every match is a span of original bytes; the spans are merged and replaced. Any
 * failure (a pattern that errors, memory) is returned as an error, never as text.
 */

typedef struct {
    uint32_t cp, start, end; /* code point, and the original bytes [start, end) */
    bool boundary;           /* view B: a separator was dropped before it */
} unit;

typedef struct {
    unit *u;
    size_t n, cap;
} ustr;

typedef enum {
    L_USER,
    L_REDACTED,
    L_EMAIL,
    L_INTERNAL_HOST,
    L_INTERNAL_ADDRESS,
    L_PROVIDER_HOST,
    L_PROVIDER_ADDRESS,
    L_PROVIDER,
} label;

static const char *const label_text[] = {
    "[user]",          "[redacted]",         "[email]",   "[internal-host]", "[internal-address]",
    "[provider-host]", "[provider-address]", "[provider]"};

/* Labels that say the text points at the provider (or inside some network). */
static bool identifies_provider(label l)
{
    return l >= L_INTERNAL_HOST;
}

typedef struct {
    uint32_t start, end;
    label l;
} span;

typedef struct {
    span *s;
    size_t n, cap;
} spans;

typedef struct fk_anonymiser fk_anonymiser;
typedef label (*decide_fn)(const fk_anonymiser *a, const char *m, size_t n, bool *keep);

typedef struct {
    pcre2_code *re;
    decide_fn decide; /* NULL: always `fixed` */
    label fixed;
} detector;

typedef struct {
    pcre2_code *re;
    const char *replacement;
} rewrite_rule;

typedef struct {
    uint32_t *cp;
    size_t n;
    label l;
} needle;

#define MAX_DETECTORS 80
#define MAX_REWRITES  12

struct fk_anonymiser {
    fk_provider_identity id;
    detector det[MAX_DETECTORS];
    size_t ndet;
    size_t first_extra; /* det[first_extra..] are configured patterns (also run on the raw text) */
    rewrite_rule rw[MAX_REWRITES];
    size_t nrw;
    needle *needles;
    size_t nneedles;
    needle stopwords[4]; /* "at", "dot", ... written out between the parts of an address */
    const UNormalizer2 *nfkc_cf, *nfd;
    USpoofChecker *spoof;
    UIDNA *idna;
    pcre2_match_context *mctx;
    pcre2_jit_stack *jit; /* one anonymiser is used by one thread at a time */
    pcre2_match_data *md;
    char ascii_fold[128];
    uint32_t ascii_skel[128][4]; /* skeleton of each ASCII character, 0-terminated */
};

/* ---- growable arrays ---- */

static int ustr_push(ustr *s, uint32_t cp, uint32_t start, uint32_t end)
{
    if (s->n == s->cap) {
        size_t nc = s->cap ? s->cap * 2 : 64;
        unit *nu = realloc(s->u, nc * sizeof *nu);
        if (!nu)
            return -1;
        s->u = nu;
        s->cap = nc;
    }
    s->u[s->n++] = (unit){cp, start, end, false};
    return 0;
}

static int spans_push(spans *s, uint32_t start, uint32_t end, label l)
{
    if (end <= start)
        return 0;
    if (s->n == s->cap) {
        size_t nc = s->cap ? s->cap * 2 : 16;
        span *ns = realloc(s->s, nc * sizeof *ns);
        if (!ns)
            return -1;
        s->s = ns;
        s->cap = nc;
    }
    s->s[s->n++] = (span){start, end, l};
    return 0;
}

/* ---- step 1: UTF-8 ---- */

static size_t utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
    unsigned char c = s[0];
    size_t len;
    uint32_t v, min;
    if (c < 0x80) {
        *cp = c;
        return 1;
    } else if ((c & 0xe0) == 0xc0) {
        len = 2, v = c & 0x1f, min = 0x80;
    } else if ((c & 0xf0) == 0xe0) {
        len = 3, v = c & 0x0f, min = 0x800;
    } else if ((c & 0xf8) == 0xf0) {
        len = 4, v = c & 0x07, min = 0x10000;
    } else {
        *cp = 0xfffd;
        return 1;
    }
    if (len > n) {
        *cp = 0xfffd;
        return 1;
    }
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xc0) != 0x80) {
            *cp = 0xfffd;
            return 1;
        }
        v = (v << 6) | (s[i] & 0x3f);
    }
    if (v < min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff)) {
        *cp = 0xfffd;
        return 1;
    }
    *cp = v;
    return len;
}

static size_t utf8_encode(uint32_t cp, char out[4])
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xc0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3f));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xe0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
        out[2] = (char)(0x80 | (cp & 0x3f));
        return 3;
    }
    out[0] = (char)(0xf0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
    out[3] = (char)(0x80 | (cp & 0x3f));
    return 4;
}

static int decode_text(const char *text, size_t n, ustr *out)
{
    size_t i = 0;
    while (i < n) {
        uint32_t cp;
        size_t len = utf8_decode((const unsigned char *)text + i, n - i, &cp);
        if (ustr_push(out, cp, (uint32_t)i, (uint32_t)(i + len)) != 0)
            return -1;
        i += len;
    }
    return 0;
}

/* ---- step 2: escapes ---- */

/* n hex digits at u[i..]; -1 when they are not there. */
static long hex_at(const ustr *s, size_t i, size_t n)
{
    if (i + n > s->n)
        return -1;
    long v = 0;
    for (size_t k = 0; k < n; k++) {
        int h = fk_hexval(s->u[i + k].cp);
        if (h < 0)
            return -1;
        v = v * 16 + h;
    }
    return v;
}

/* A byte written as %hh or \xhh at i: its value and the length of the escape. */
static int escaped_byte(const ustr *s, size_t i, size_t *len)
{
    if (s->u[i].cp == '%') {
        long v = hex_at(s, i + 1, 2);
        *len = 3;
        return (int)v;
    }
    if (s->u[i].cp == '\\' && i + 1 < s->n && (s->u[i + 1].cp == 'x' || s->u[i + 1].cp == 'X')) {
        long v = hex_at(s, i + 2, 2);
        *len = 4;
        return (int)v;
    }
    return -1;
}

static const struct {
    const char *name;
    uint32_t cp;
} entities[] = {{"amp", '&'},    {"lt", '<'},     {"gt", '>'},      {"quot", '"'},   {"apos", '\''},
                {"period", '.'}, {"commat", '@'}, {"colon", ':'},   {"sol", '/'},    {"bsol", '\\'},
                {"nbsp", ' '},   {"hyphen", '-'}, {"dash", '-'},    {"lowbar", '_'}, {"num", '#'},
                {"percnt", '%'}, {"quest", '?'},  {"equals", '='},  {"plus", '+'},   {"excl", '!'},
                {"lsqb", '['},   {"rsqb", ']'},   {"lpar", '('},    {"rpar", ')'},   {"semi", ';'},
                {"comma", ','},  {"Tab", '\t'},   {"NewLine", '\n'}};

/* An HTML character reference at i ("&#46;", "&#x2e;", "&period;"). */
static bool entity_at(const ustr *s, size_t i, uint32_t *cp, size_t *len)
{
    if (s->u[i].cp != '&' || i + 2 >= s->n)
        return false;
    size_t k = i + 1;
    if (s->u[k].cp == '#') {
        k++;
        bool hex = k < s->n && (s->u[k].cp == 'x' || s->u[k].cp == 'X');
        k += hex;
        uint32_t v = 0;
        size_t digits = 0;
        while (k < s->n && digits < 8) {
            int h = fk_hexval(s->u[k].cp);
            if (h < 0 || (!hex && h > 9))
                break;
            v = v * (hex ? 16 : 10) + (uint32_t)h;
            k++, digits++;
        }
        if (!digits || v == 0 || v > 0x10ffff)
            return false;
        if (k < s->n && s->u[k].cp == ';')
            k++;
        *cp = v;
        *len = k - i;
        return true;
    }
    char name[16];
    size_t nl = 0;
    while (k < s->n && nl < sizeof name - 1 && s->u[k].cp < 0x80 &&
           ((s->u[k].cp | 0x20) >= 'a' && (s->u[k].cp | 0x20) <= 'z'))
        name[nl++] = (char)s->u[k++].cp;
    name[nl] = '\0';
    if (!nl || k >= s->n || s->u[k].cp != ';')
        return false;
    for (size_t e = 0; e < sizeof entities / sizeof entities[0]; e++)
        if (!strcasecmp(entities[e].name, name)) {
            *cp = entities[e].cp;
            *len = k + 1 - i;
            return true;
        }
    return false;
}

/* One pass undoing escapes; *changed tells whether there was any. */
static int unescape_pass(const ustr *in, ustr *out, bool *changed)
{
    *changed = false;
    size_t i = 0;
    while (i < in->n) {
        size_t len;
        int b = escaped_byte(in, i, &len);
        if (b >= 0) { /* a run of escaped bytes, decoded as UTF-8 together */
            unsigned char bytes[64];
            uint32_t from[64], to[64];
            size_t nb = 0, k = i;
            while (k < in->n && nb < sizeof bytes && (b = escaped_byte(in, k, &len)) >= 0) {
                bytes[nb] = (unsigned char)b;
                from[nb] = in->u[k].start;
                to[nb] = in->u[k + len - 1].end;
                nb++;
                k += len;
            }
            for (size_t p = 0; p < nb;) {
                uint32_t cp;
                size_t l = utf8_decode(bytes + p, nb - p, &cp);
                if (cp == 0xfffd && l == 1 && bytes[p] >= 0x80)
                    cp = bytes[p]; /* a lone high byte: take it as Latin-1 */
                if (ustr_push(out, cp, from[p], to[p + l - 1]) != 0)
                    return -1;
                p += l;
            }
            *changed = true;
            i = k;
            continue;
        }
        uint32_t cp = 0;
        if ((in->u[i].cp == '%' || in->u[i].cp == '\\') && i + 1 < in->n &&
            (in->u[i + 1].cp == 'u' || in->u[i + 1].cp == 'U')) {
            long v = hex_at(in, i + 2, 4);
            if (v > 0) {
                cp = (uint32_t)v;
                len = 6;
                if (U16_IS_LEAD(cp) && i + 11 < in->n + 0 && in->u[i + 6].cp == in->u[i].cp) {
                    long lo = hex_at(in, i + 8, 4);
                    if (lo > 0 && U16_IS_TRAIL(lo)) {
                        cp = (uint32_t)U16_GET_SUPPLEMENTARY(cp, lo);
                        len = 12;
                    }
                }
            }
        } else if (!entity_at(in, i, &cp, &len)) {
            cp = 0;
        }
        if (cp) {
            if (ustr_push(out, cp, in->u[i].start, in->u[i + len - 1].end) != 0)
                return -1;
            *changed = true;
            i += len;
            continue;
        }
        if (ustr_push(out, in->u[i].cp, in->u[i].start, in->u[i].end) != 0)
            return -1;
        i++;
    }
    return 0;
}

/* ---- step 3: folding (ICU) ---- */

/* The folded form of one code point into out (at most cap); its length, or -1. */
static int fold_cp(const fk_anonymiser *a, uint32_t cp, uint32_t *out, int cap)
{
    if (cp < 0x80) {
        out[0] = (uint32_t)(unsigned char)a->ascii_fold[cp];
        return out[0] ? 1 : 0;
    }
    UChar src[2], mid[32], dec[64];
    int32_t sl = 0;
    UBool err = false;
    U16_APPEND(src, sl, 2, cp, err);
    if (err)
        return 0;
    UErrorCode st = U_ZERO_ERROR;
    int32_t ml = unorm2_normalize(a->nfkc_cf, src, sl, mid, 32, &st);
    if (U_FAILURE(st))
        return -1;
    /* accents are dropped from letters of the scripts that look-alikes come from; kana
     * and hangul keep their marks (ザ is not サ) */
    int32_t dl = ml;
    if (cp < 0x2e80)
        dl = unorm2_normalize(a->nfd, mid, ml, dec, 64, &st);
    else
        memcpy(dec, mid, (size_t)ml * sizeof *mid);
    if (U_FAILURE(st))
        return -1;
    int n = 0;
    for (int32_t i = 0; i < dl && n < cap;) {
        UChar32 c;
        U16_NEXT(dec, i, dl, c);
        int8_t type = u_charType(c);
        if (type == U_NON_SPACING_MARK || type == U_ENCLOSING_MARK || type == U_FORMAT_CHAR)
            continue;
        if (c == 0x3002 || c == 0xff61) /* ideographic full stops separate labels (IDNA) */
            c = '.';
        else if ((c >= 0x2010 && c <= 0x2015) || c == 0x2212)
            c = '-';
        else if (c == 0x2044 || c == 0x2215)
            c = '/';
        out[n++] = (uint32_t)c;
    }
    return n;
}

static int fold_pass(const fk_anonymiser *a, const ustr *in, ustr *out)
{
    for (size_t i = 0; i < in->n; i++) {
        uint32_t f[16];
        int n = fold_cp(a, in->u[i].cp, f, 16);
        if (n < 0)
            return -1;
        for (int k = 0; k < n; k++)
            if (ustr_push(out, f[k], in->u[i].start, in->u[i].end) != 0)
                return -1;
    }
    return 0;
}

/* Punycode labels ("xn--pwer-...") are decoded, so that a look-alike written as an
 * internationalised domain name is folded like any other text. */
static bool label_char(uint32_t c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
}

static int punycode_pass(const fk_anonymiser *a, const ustr *in, ustr *out)
{
    for (size_t i = 0; i < in->n;) {
        bool start = i + 4 < in->n && (i == 0 || !label_char(in->u[i - 1].cp)) &&
                     in->u[i].cp == 'x' && in->u[i + 1].cp == 'n' && in->u[i + 2].cp == '-' &&
                     in->u[i + 3].cp == '-';
        size_t j = i;
        char label[64];
        while (start && j < in->n && label_char(in->u[j].cp) && j - i < sizeof label - 1) {
            label[j - i] = (char)in->u[j].cp;
            j++;
        }
        char dec[256];
        int32_t dl = 0;
        if (start && j > i + 4) {
            label[j - i] = '\0';
            UIDNAInfo info = UIDNA_INFO_INITIALIZER;
            UErrorCode st = U_ZERO_ERROR;
            dl = uidna_labelToUnicodeUTF8(a->idna, label, (int32_t)(j - i), dec, sizeof dec - 1,
                                          &info, &st);
            if (U_FAILURE(st) || dl <= 0)
                dl = 0;
        }
        if (!dl) {
            if (ustr_push(out, in->u[i].cp, in->u[i].start, in->u[i].end) != 0)
                return -1;
            i++;
            continue;
        }
        for (int32_t k = 0; k < dl;) {
            uint32_t cp, f[16];
            size_t l = utf8_decode((const unsigned char *)dec + k, (size_t)(dl - k), &cp);
            int n = fold_cp(a, cp, f, 16);
            for (int m = 0; m < n; m++)
                if (ustr_push(out, f[m], in->u[i].start, in->u[j - 1].end) != 0)
                    return -1;
            k += (int32_t)l;
        }
        i = j;
    }
    return 0;
}

/* ---- view A as UTF-8 for the regular expressions ---- */

typedef struct {
    char *s;
    size_t n;
    uint32_t *unit_of; /* byte offset -> unit index */
} utf8_view;

static int view_build(const ustr *u, utf8_view *v)
{
    v->s = malloc(u->n * 4 + 1);
    v->unit_of = malloc((u->n * 4 + 1) * sizeof *v->unit_of);
    if (!v->s || !v->unit_of)
        return -1;
    size_t n = 0;
    for (size_t i = 0; i < u->n; i++) {
        size_t l = utf8_encode(u->u[i].cp, v->s + n);
        for (size_t k = 0; k < l; k++)
            v->unit_of[n + k] = (uint32_t)i;
        n += l;
    }
    v->s[n] = '\0';
    v->unit_of[n] = (uint32_t)u->n;
    v->n = n;
    return 0;
}

static void view_free(utf8_view *v)
{
    free(v->s);
    free(v->unit_of);
    v->s = NULL;
    v->unit_of = NULL;
}

/* Runs re over the view from pos; 1 match (ovector in a->md), 0 none, -1 error. */
static int next_match(const fk_anonymiser *a, const pcre2_code *re, const char *s, size_t n,
                      size_t pos, fk_err *err)
{
    int rc = pcre2_match(re, (PCRE2_SPTR)s, n, pos, 0, a->md, a->mctx);
    if (rc == PCRE2_ERROR_NOMATCH)
        return 0;
    if (rc < 0) {
        PCRE2_UCHAR msg[160];
        pcre2_get_error_message(rc, msg, sizeof msg);
        return fk_errf(err, "anonymisation pattern failed: %s", (const char *)msg);
    }
    return 1;
}

/* ---- step 4: defanged notation ---- */

static int rewrite_pass(const fk_anonymiser *a, const rewrite_rule *r, const ustr *in, ustr *out,
                        fk_err *err)
{
    utf8_view v;
    if (view_build(in, &v) != 0) {
        view_free(&v);
        return fk_errf(err, "out of memory");
    }
    size_t pos = 0, next_unit = 0;
    int rc;
    while (pos <= v.n && (rc = next_match(a, r->re, v.s, v.n, pos, err)) == 1) {
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(a->md);
        size_t ms = ov[0], me = ov[1];
        if (me <= ms) {
            pos = ms + 1;
            continue;
        }
        size_t u0 = v.unit_of[ms], u1 = v.unit_of[me - 1];
        for (; next_unit < u0; next_unit++)
            if (ustr_push(out, in->u[next_unit].cp, in->u[next_unit].start, in->u[next_unit].end) !=
                0)
                goto oom;
        for (const char *p = r->replacement; *p; p++)
            if (ustr_push(out, (unsigned char)*p, in->u[u0].start, in->u[u1].end) != 0)
                goto oom;
        next_unit = u1 + 1;
        pos = me;
    }
    if (rc < 0) {
        view_free(&v);
        return -1;
    }
    for (; next_unit < in->n; next_unit++)
        if (ustr_push(out, in->u[next_unit].cp, in->u[next_unit].start, in->u[next_unit].end) != 0)
            goto oom;
    view_free(&v);
    return 0;
oom:
    view_free(&v);
    return fk_errf(err, "out of memory");
}

/* Steps 1-4: the canonical view A of text. */
static int canonical(const fk_anonymiser *a, const char *text, size_t n, ustr *out, fk_err *err)
{
    ustr cur = {0}, next = {0};
    if (decode_text(text, n, &cur) != 0)
        goto oom;
    for (int pass = 0; pass < 4; pass++) {
        bool changed;
        next.n = 0;
        if (unescape_pass(&cur, &next, &changed) != 0)
            goto oom;
        ustr t = cur;
        cur = next;
        next = t;
        if (!changed)
            break;
    }
    next.n = 0;
    if (fold_pass(a, &cur, &next) != 0) {
        free(cur.u);
        free(next.u);
        return fk_errf(err, "Unicode folding failed");
    }
    {
        ustr t = cur;
        cur = next;
        next = t;
        next.n = 0;
        if (punycode_pass(a, &cur, &next) != 0) {
            free(cur.u);
            free(next.u);
            return fk_errf(err, "out of memory");
        }
    }
    for (size_t r = 0; r < a->nrw; r++) {
        ustr t = cur;
        cur = next;
        next = t;
        next.n = 0;
        if (rewrite_pass(a, &a->rw[r], &cur, &next, err) != 0) {
            free(cur.u);
            free(next.u);
            return -1;
        }
    }
    free(cur.u);
    *out = next;
    return 0;
oom:
    free(cur.u);
    free(next.u);
    return fk_errf(err, "out of memory");
}

/* ---- view B: skeletons of letters and digits ---- */

static bool spaced_script(uint32_t cp)
{
    return cp < 0x2e80; /* Latin, Greek, Cyrillic, ...: words are separated by spaces */
}

static bool is_digit_cp(uint32_t cp)
{
    return u_isdigit((UChar32)cp);
}

static int skeleton_cp(const fk_anonymiser *a, uint32_t cp, uint32_t *out, int cap)
{
    if (cp < 0x80) {
        int n = 0;
        while (n < 4 && n < cap && a->ascii_skel[cp][n])
            out[n] = a->ascii_skel[cp][n], n++;
        return n;
    }
    UChar src[2], sk[32];
    int32_t sl = 0;
    UBool e = false;
    U16_APPEND(src, sl, 2, cp, e);
    if (e)
        return 0;
    UErrorCode st = U_ZERO_ERROR;
    int32_t kl = uspoof_getSkeleton(a->spoof, 0, src, sl, sk, 32, &st);
    if (U_FAILURE(st))
        return -1;
    int n = 0;
    for (int32_t i = 0; i < kl && n < cap;) {
        UChar32 c;
        U16_NEXT(sk, i, kl, c);
        c = u_foldCase(c, U_FOLD_CASE_DEFAULT);
        if (u_charType(c) == U_NON_SPACING_MARK)
            continue;
        out[n++] = (uint32_t)c;
    }
    return n;
}

/* The original character at a byte offset: a lower-case letter followed by an upper-case
 * one marks a word boundary that case folding erases ("PWRFirewall", "PowerCoVPN"). */
static uint32_t original_cp(const char *text, size_t n, const unit *u)
{
    uint32_t cp = 0;
    if (u && u->start < n)
        utf8_decode((const unsigned char *)text + u->start, n - u->start, &cp);
    return cp;
}

/* "aB" splits before B; "ABc" splits before B (an acronym then a word: "PWRFirewall"). */
static bool case_break(const char *text, size_t n, const unit *prev, const unit *cur,
                       const unit *next)
{
    if (!text || !prev || prev->start == cur->start)
        return false;
    UChar32 a = (UChar32)original_cp(text, n, prev), b = (UChar32)original_cp(text, n, cur);
    UChar32 c = next && next->start != cur->start ? (UChar32)original_cp(text, n, next) : 0;
    if ((u_islower(a) || u_isdigit(a)) && u_isupper(b))
        return true;
    return u_isupper(a) && u_isupper(b) && c && u_islower(c);
}

static int skeleton_view(const fk_anonymiser *a, const ustr *in, ustr *out, const char *text,
                         size_t tn)
{
    bool sep = true;
    for (size_t i = 0; i < in->n; i++) {
        if (i > 0 &&
            case_break(text, tn, &in->u[i - 1], &in->u[i], i + 1 < in->n ? &in->u[i + 1] : NULL))
            sep = true;
        /* a character written as an escape (&#4646;, %u1226) stands apart from the
         * letters around it in the text as sent: "&#4646;power.example" shows the
         * provider's domain as a word to whoever reads the text unrendered */
        uint32_t c = in->u[i].cp;
        bool escaped = in->u[i].end - in->u[i].start > (uint32_t)(c < 0x80      ? 1
                                                                  : c < 0x800   ? 2
                                                                  : c < 0x10000 ? 3
                                                                                : 4);
        sep = sep || escaped;
        uint32_t sk[16];
        int n = skeleton_cp(a, c, sk, 16);
        if (n < 0)
            return -1;
        for (int k = 0; k < n; k++) {
            if (!u_isalnum((UChar32)sk[k])) {
                sep = true;
                continue;
            }
            if (ustr_push(out, sk[k], in->u[i].start, in->u[i].end) != 0)
                return -1;
            unit *u = &out->u[out->n - 1];
            u->boundary =
                sep || (out->n > 1 && is_digit_cp(out->u[out->n - 2].cp) != is_digit_cp(u->cp));
            sep = false;
        }
        sep = sep || escaped;
    }
    return 0;
}

/* Drops the words that stand for punctuation ("soc at power dot example"). */
static void drop_stopwords(const fk_anonymiser *a, ustr *b)
{
    size_t w = 0;
    for (size_t i = 0; i < b->n;) {
        size_t j = i + 1;
        while (j < b->n && !b->u[j].boundary)
            j++;
        bool stop = false;
        for (size_t s = 0; s < sizeof a->stopwords / sizeof a->stopwords[0]; s++) {
            const needle *nd = &a->stopwords[s];
            bool eq = nd->n == j - i;
            for (size_t k = 0; eq && k < nd->n; k++)
                eq = b->u[i + k].cp == nd->cp[k];
            stop = stop || eq;
        }
        if (stop && i > 0 && j < b->n) {
            b->u[j].boundary = true;
        } else {
            memmove(&b->u[w], &b->u[i], (j - i) * sizeof *b->u);
            w += j - i;
        }
        i = j;
    }
    b->n = w;
}

static bool starts_word(const ustr *b, size_t i)
{
    return i == 0 || b->u[i].boundary || !spaced_script(b->u[i - 1].cp) ||
           !spaced_script(b->u[i].cp);
}

static bool ends_word(const ustr *b, size_t j)
{
    return j >= b->n || b->u[j].boundary || !spaced_script(b->u[j - 1].cp) ||
           !spaced_script(b->u[j].cp);
}

static int find_needles(const fk_anonymiser *a, const ustr *b, spans *out)
{
    for (size_t k = 0; k < a->nneedles; k++) {
        const needle *nd = &a->needles[k];
        if (nd->n == 0 || nd->n > b->n)
            continue;
        for (size_t i = 0; i + nd->n <= b->n; i++) {
            if (b->u[i].cp != nd->cp[0] || !starts_word(b, i))
                continue;
            size_t m = 1;
            while (m < nd->n && b->u[i + m].cp == nd->cp[m])
                m++;
            if (m == nd->n && ends_word(b, i + m) &&
                spans_push(out, b->u[i].start, b->u[i + m - 1].end, nd->l) != 0)
                return -1;
        }
    }
    return 0;
}

/* ---- decisions ---- */

/* The provider's inside: core/netaddr's private ranges (the anonymiser's own copy of the
 * list moved there when webhooks needed the same test). */
static bool internal_ip(const fk_ip *ip)
{
    static const uint8_t any6[16] = {0};
    /* :: is not an address anyone is known by: kept, as before */
    return fk_ip_is_private(ip) && !(ip->family == 6 && !memcmp(ip->b, any6, 16));
}

/* Whether the range ip/prefix and one of the provider's networks overlap. */
static bool in_provider_networks(const fk_anonymiser *a, const fk_ip *ip, int prefix)
{
    for (size_t i = 0; i < a->id.nnetworks; i++) {
        if (ip->family != a->id.networks[i].family)
            continue;
        int p = prefix < a->id.prefixes[i] ? prefix : a->id.prefixes[i];
        fk_ip x = *ip, y = a->id.networks[i];
        fk_ip_mask(&x, p);
        fk_ip_mask(&y, p);
        if (!memcmp(x.b, y.b, 16))
            return true;
    }
    return false;
}

/* The IPv4 address an IPv6 address carries (mapped, compatible, NAT64, 6to4). */
static bool embedded_v4(const fk_ip *ip, fk_ip *v4)
{
    static const uint8_t zero[12] = {0};
    static const uint8_t nat64[12] = {0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0};
    const uint8_t *b = ip->b;
    memset(v4, 0, sizeof *v4);
    v4->family = 4;
    if ((!memcmp(b, zero, 10) && b[10] == 0xff && b[11] == 0xff) || !memcmp(b, nat64, 12) ||
        (!memcmp(b, zero, 12) && (b[12] | b[13]))) {
        memcpy(v4->b, b + 12, 4);
        return true;
    }
    if (b[0] == 0x20 && b[1] == 0x02) {
        memcpy(v4->b, b + 2, 4);
        return true;
    }
    return false;
}

static label classify_ip(const fk_anonymiser *a, const fk_ip *ip, int prefix, bool internal_too,
                         bool *keep)
{
    *keep = false;
    if (in_provider_networks(a, ip, prefix))
        return L_PROVIDER_ADDRESS;
    if (internal_too && internal_ip(ip))
        return L_INTERNAL_ADDRESS;
    fk_ip v4;
    if (ip->family == 6 && embedded_v4(ip, &v4))
        return classify_ip(a, &v4, prefix - 96 > 0 ? prefix - 96 : 32, internal_too, keep);
    *keep = true;
    return L_USER;
}

/* One part of a numeric IPv4 form; octal says how a leading zero is read. */
static bool ipv4_part(const char *s, size_t n, bool octal, uint64_t *v)
{
    int base = 10;
    if (n > 2 && s[0] == '0' && s[1] == 'x')
        base = 16, s += 2, n -= 2;
    else if (octal && n > 1 && s[0] == '0')
        base = 8, s++, n--;
    if (n == 0 || n > 12)
        return false;
    uint64_t x = 0;
    for (size_t i = 0; i < n; i++) {
        int h = fk_hexval((unsigned char)s[i]);
        if (h < 0 || h >= base)
            return false;
        x = x * (uint64_t)base + (uint64_t)h;
    }
    *v = x;
    return true;
}

/* Every numeric form of an IPv4 address: dotted with 1 to 4 parts, each decimal,
 * octal or hexadecimal (as inet_aton reads them), zero-padded decimal too. */
static label decide_ipv4(const fk_anonymiser *a, const char *m, size_t n, bool *keep)
{
    *keep = true;
    const char *part[4];
    size_t len[4], np = 0;
    for (size_t i = 0, s = 0; i <= n; i++)
        if (i == n || m[i] == '.') {
            if (np == 4)
                return L_USER;
            part[np] = m + s;
            len[np++] = i - s;
            s = i + 1;
        }
    for (int octal = 0; octal < 2; octal++) {
        uint64_t v[4];
        bool ok = true;
        for (size_t i = 0; i < np && ok; i++)
            ok = ipv4_part(part[i], len[i], octal, &v[i]);
        if (!ok)
            continue;
        uint64_t addr = 0;
        for (size_t i = 0; i + 1 < np && ok; i++) {
            ok = v[i] <= 255;
            addr |= v[i] << (24 - 8 * i);
        }
        uint64_t last_max = np == 1 ? 0xffffffffu : (1ull << (8 * (5 - np))) - 1;
        if (!ok || v[np - 1] > last_max)
            continue;
        addr |= v[np - 1];
        fk_ip ip = {
            4, {(uint8_t)(addr >> 24), (uint8_t)(addr >> 16), (uint8_t)(addr >> 8), (uint8_t)addr}};
        /* an internal range is only claimed for the usual four-part form: "10.2" is more
         * often a version than an address */
        label l = classify_ip(a, &ip, 32, np == 4, keep);
        if (!*keep)
            return l;
    }
    *keep = true;
    return L_USER;
}

static label decide_ipv6(const fk_anonymiser *a, const char *m, size_t n, bool *keep)
{
    *keep = true;
    char buf[64];
    size_t l = strcspn(m, "%");
    if (l > n)
        l = n;
    if (l >= sizeof buf)
        return L_USER;
    memcpy(buf, m, l);
    buf[l] = '\0';
    fk_ip ip = {6, {0}};
    if (inet_pton(AF_INET6, buf, ip.b) != 1)
        return L_USER;
    return classify_ip(a, &ip, 128, true, keep);
}

static bool in_provider_domains(const fk_anonymiser *a, const char *host, size_t n)
{
    while (n && host[n - 1] == '.')
        n--;
    for (const char *const *d = a->id.domains; d && *d; d++) {
        size_t dn = strlen(*d);
        if (n == dn && !strncasecmp(host, *d, n))
            return true;
        if (n > dn && host[n - dn - 1] == '.' && !strncasecmp(host + n - dn, *d, dn))
            return true;
    }
    return false;
}

static bool internal_suffix(const char *host, size_t n)
{
    static const char *const suffixes[] = {".local",    ".localdomain", ".internal", ".intra",
                                           ".intranet", ".corp",        ".lan",      ".home.arpa",
                                           ".ad",       ".localhost"};
    while (n && host[n - 1] == '.')
        n--;
    for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
        size_t sn = strlen(suffixes[i]);
        if (n > sn && !strncasecmp(host + n - sn, suffixes[i], sn))
            return true;
    }
    return false;
}

/* "23.100.51.198.in-addr.arpa": the address a reverse name stands for. */
static bool reverse_v4(const char *m, size_t n, fk_ip *ip)
{
    static const char sfx[] = ".in-addr.arpa";
    size_t sl = sizeof sfx - 1;
    while (n && m[n - 1] == '.')
        n--;
    if (n <= sl || strncasecmp(m + n - sl, sfx, sl))
        return false;
    int part[4], np = 0;
    for (size_t i = 0; i < n - sl && np < 5;) {
        int v = 0, digits = 0;
        while (i < n - sl && m[i] >= '0' && m[i] <= '9' && digits < 4)
            v = v * 10 + (m[i++] - '0'), digits++;
        if (!digits || v > 255 || np == 4)
            return false;
        part[np++] = v;
        if (i < n - sl && m[i++] != '.')
            return false;
    }
    if (np != 4)
        return false;
    *ip = (fk_ip){4, {(uint8_t)part[3], (uint8_t)part[2], (uint8_t)part[1], (uint8_t)part[0]}};
    return true;
}

static label decide_host(const fk_anonymiser *a, const char *m, size_t n, bool *keep)
{
    *keep = false;
    fk_ip rev;
    if (reverse_v4(m, n, &rev)) {
        label l = classify_ip(a, &rev, 32, true, keep);
        if (!*keep)
            return l;
        *keep = false;
    }
    if (in_provider_domains(a, m, n))
        return L_PROVIDER_HOST;
    if (internal_suffix(m, n))
        return L_INTERNAL_HOST;
    *keep = true;
    return L_USER;
}

/* ---- compiling ---- */

static pcre2_code *compile(const char *pattern, uint32_t options, fk_err *err)
{
    int code;
    PCRE2_SIZE off;
    pcre2_code *re =
        pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
                      options | PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF, &code, &off, NULL);
    if (!re) {
        PCRE2_UCHAR msg[256];
        pcre2_get_error_message(code, msg, sizeof msg);
        fk_errf(err, "pattern '%s': %s at offset %zu", pattern, (const char *)msg, (size_t)off);
        return NULL;
    }
    pcre2_jit_compile(re, PCRE2_JIT_COMPLETE); /* a speed-up when available; fine without */
    return re;
}

static int add_detector(fk_anonymiser *a, const char *pattern, uint32_t options, decide_fn decide,
                        label fixed, fk_err *err)
{
    if (a->ndet >= MAX_DETECTORS)
        return fk_errf(err, "too many anonymisation patterns (at most %d)", MAX_DETECTORS - 16);
    pcre2_code *re = compile(pattern, options, err);
    if (!re)
        return -1;
    a->det[a->ndet++] = (detector){re, decide, fixed};
    return 0;
}

static int add_rewrite(fk_anonymiser *a, const char *pattern, const char *replacement, fk_err *err)
{
    pcre2_code *re = compile(pattern, PCRE2_CASELESS, err);
    if (!re)
        return -1;
    a->rw[a->nrw++] = (rewrite_rule){re, replacement};
    return 0;
}

int fk_anonymise_check_patterns(const char *const *patterns, fk_err *err)
{
    for (const char *const *p = patterns; p && *p; p++) {
        pcre2_code *re = compile(*p, 0, err);
        if (!re)
            return -1;
        pcre2_code_free(re);
    }
    return 0;
}

/* The skeleton (view B) of an identifier, as a needle. */
static int add_needle(fk_anonymiser *a, needle *into, const char *s, label l, fk_err *err)
{
    ustr v = {0}, b = {0};
    if (canonical(a, s, strlen(s), &v, err) != 0)
        return -1;
    int rc = skeleton_view(a, &v, &b, NULL, 0);
    free(v.u);
    if (rc != 0) {
        free(b.u);
        return fk_errf(err, "cannot fold '%s'", s);
    }
    into->cp = malloc((b.n + 1) * sizeof *into->cp);
    if (!into->cp) {
        free(b.u);
        return fk_errf(err, "out of memory");
    }
    for (size_t i = 0; i < b.n; i++)
        into->cp[i] = b.u[i].cp;
    into->n = b.n;
    into->l = l;
    free(b.u);
    return 0;
}

static int add_identifier(fk_anonymiser *a, const char *s, label l, fk_err *err)
{
    if (!s || !*s)
        return 0;
    needle nd = {0};
    if (add_needle(a, &nd, s, l, err) != 0)
        return -1;
    if (nd.n < 2) { /* one letter would mask half the text */
        free(nd.cp);
        return 0;
    }
    needle *nn = realloc(a->needles, (a->nneedles + 1) * sizeof *nn);
    if (!nn) {
        free(nd.cp);
        return fk_errf(err, "out of memory");
    }
    a->needles = nn;
    a->needles[a->nneedles++] = nd;
    return 0;
}

static int init_unicode(fk_anonymiser *a, fk_err *err)
{
    UErrorCode st = U_ZERO_ERROR;
    a->nfkc_cf = unorm2_getNFKCCasefoldInstance(&st);
    if (U_SUCCESS(st))
        a->nfd = unorm2_getNFDInstance(&st);
    if (U_SUCCESS(st))
        a->spoof = uspoof_open(&st);
    if (U_SUCCESS(st))
        a->idna = uidna_openUTS46(UIDNA_DEFAULT, &st);
    if (U_FAILURE(st))
        return fk_errf(err, "ICU: %s", u_errorName(st));
    for (uint32_t c = 0; c < 128; c++) {
        a->ascii_fold[c] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
        UChar src[1] = {(UChar)c}, sk[8];
        UErrorCode s2 = U_ZERO_ERROR;
        int32_t kl = uspoof_getSkeleton(a->spoof, 0, src, 1, sk, 8, &s2);
        if (U_FAILURE(s2))
            return fk_errf(err, "ICU skeleton: %s", u_errorName(s2));
        for (int32_t i = 0; i < kl && i < 4; i++)
            a->ascii_skel[c][i] = (uint32_t)u_foldCase(sk[i], U_FOLD_CASE_DEFAULT);
    }
    /* digits written for letters ("P0w3r"): 0 and 1 are confusables already; the rest
     * of the usual substitutions are added (both the text and the identifiers get them) */
    static const char leet[][2] = {{'3', 'e'}, {'4', 'a'}, {'5', 's'}, {'7', 't'},
                                   {'8', 'b'}, {'9', 'g'}, {'$', 's'}};
    for (size_t i = 0; i < sizeof leet / sizeof leet[0]; i++) {
        memset(a->ascii_skel[(unsigned char)leet[i][0]], 0, sizeof a->ascii_skel[0]);
        a->ascii_skel[(unsigned char)leet[i][0]][0] = (uint32_t)(unsigned char)leet[i][1];
    }
    a->mctx = pcre2_match_context_create(NULL);
    a->jit = pcre2_jit_stack_create(32 * 1024, 4 * 1024 * 1024, NULL);
    a->md = pcre2_match_data_create(32, NULL);
    if (!a->mctx || !a->jit || !a->md)
        return fk_errf(err, "out of memory");
    pcre2_jit_stack_assign(a->mctx, NULL, a->jit);
    pcre2_set_match_limit(a->mctx, 10 * 1000 * 1000);
    pcre2_set_depth_limit(a->mctx, 100000);
    return 0;
}

#define LW "[\\p{L}\\p{N}_-]" /* a character of a host label */

fk_anonymiser *fk_anonymiser_new(const fk_provider_identity *id, const char *const *extra_patterns,
                                 fk_err *err)
{
    fk_anonymiser *a = calloc(1, sizeof *a);
    if (!a) {
        fk_errf(err, "out of memory");
        return NULL;
    }
    a->id = *id;
    int rc = init_unicode(a, err);
    /* defanged notation, restored in view A (text is case-folded by then) */
    static const struct {
        const char *re, *rep;
    } rewrites[] = {
        {"\\s*[\\[({<]\\s*(?:\\.|dot|period|punto)\\s*[\\])}>]\\s*", "."},
        {"(?<=[\\p{L}\\p{N}])\\s+(?:dot|period)\\s+(?=[\\p{L}\\p{N}])", "."},
        {"(?<=[0-9])(?:\\s+\\.\\s*|\\s*\\.\\s+)(?=[0-9])", "."},
        {"\\s*[\\[({<]\\s*(?:@|at)\\s*[\\])}>]\\s*", "@"},
        {"\\[:\\]|\\[:(?=//)", ":"},
        {"\\[/\\]", "/"},
        {"\\[://\\]", "://"},
        {"\\bhxxp", "http"},
        {"\\bfxp(?=s?:)", "ftp"},
        {"\\\\(?=[.@:/])", ""},
    };
    for (size_t i = 0; rc == 0 && i < sizeof rewrites / sizeof rewrites[0]; i++)
        rc = add_rewrite(a, rewrites[i].re, rewrites[i].rep, err);
    static const struct {
        const char *re;
        decide_fn decide;
        label fixed;
    } detectors[] = {
        {"[\\p{L}\\p{N}._%+-]++@(?:" LW "++\\.)+\\p{L}" LW "*+", NULL, L_EMAIL},
        {"\\b(?:user(?:name)?|account|login|logon|uid|owner|利用者|担当者?)\\s*[=:]\\s*\\K[^\\s,;"
         "、。]+",
         NULL, L_USER},
        {"(?:ユーザー?名?|アカウント名?)\\s*[:=]\\s*\\K[^\\s、。,;]+", NULL, L_USER},
        {"\\b\\p{L}[\\p{L}\\p{N}-]{0,14}\\\\{1,2}[\\p{L}\\p{N}._$-]+", NULL, L_USER},
        {"(?<![\\p{L}\\p{N}_.])(?:0x[0-9a-f]++|[0-9]++)(?:\\.(?:0x[0-9a-f]++|[0-9]++)){0,3}+(?!["
         "\\p{"
         "L}\\p{N}_]|\\.[0-9])",
         decide_ipv4, L_USER},
        {"(?<![\\p{L}\\p{N}_:.])[0-9a-f]{0,4}+(?::[0-9a-f]{0,4}+){2,7}+(?:\\.[0-9]{1,3}){0,3}+(?:%["
         "\\p{L}\\p{N}_.-]++)?",
         decide_ipv6, L_USER},
        {"(?<!" LW ")" LW "++(?:\\." LW "++)++", decide_host, L_USER},
    };
    for (size_t i = 0; rc == 0 && i < sizeof detectors / sizeof detectors[0]; i++)
        rc = add_detector(a, detectors[i].re, 0, detectors[i].decide, detectors[i].fixed, err);
    a->first_extra = a->ndet;
    for (const char *const *p = extra_patterns; rc == 0 && p && *p; p++)
        rc = add_detector(a, *p, 0, NULL, L_REDACTED, err);
    static const char *const stop[] = {"at", "dot", "period", "punto"};
    for (size_t i = 0; rc == 0 && i < 4; i++)
        rc = add_needle(a, &a->stopwords[i], stop[i], L_USER, err);
    if (rc == 0)
        rc = add_identifier(a, id->name, L_PROVIDER, err);
    for (const char *const *p = id->aliases; rc == 0 && p && *p; p++)
        rc = add_identifier(a, *p, L_PROVIDER, err);
    for (const char *const *p = id->domains; rc == 0 && p && *p; p++)
        rc = add_identifier(a, *p, L_PROVIDER_HOST, err);
    for (const char *const *p = id->emails; rc == 0 && p && *p; p++)
        rc = add_identifier(a, *p, L_PROVIDER, err);
    if (rc != 0) {
        fk_anonymiser_free(a);
        return NULL;
    }
    return a;
}

void fk_anonymiser_free(fk_anonymiser *a)
{
    if (!a)
        return;
    for (size_t i = 0; i < a->ndet; i++)
        pcre2_code_free(a->det[i].re);
    for (size_t i = 0; i < a->nrw; i++)
        pcre2_code_free(a->rw[i].re);
    for (size_t i = 0; i < a->nneedles; i++)
        free(a->needles[i].cp);
    for (size_t i = 0; i < 4; i++)
        free(a->stopwords[i].cp);
    free(a->needles);
    if (a->spoof)
        uspoof_close(a->spoof);
    if (a->idna)
        uidna_close(a->idna);
    pcre2_match_data_free(a->md);
    pcre2_jit_stack_free(a->jit);
    pcre2_match_context_free(a->mctx);
    free(a);
}

/* ---- finding and replacing ---- */

static int run_detector(const fk_anonymiser *a, const detector *d, const utf8_view *v,
                        const ustr *units, spans *out, fk_err *err)
{
    size_t pos = 0;
    int rc;
    while (pos <= v->n && (rc = next_match(a, d->re, v->s, v->n, pos, err)) == 1) {
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(a->md);
        size_t ms = ov[0], me = ov[1];
        if (me <= ms) {
            pos = (me > pos ? me : pos) + 1;
            continue;
        }
        bool keep = false;
        label l = d->decide ? d->decide(a, v->s + ms, me - ms, &keep) : d->fixed;
        if (!keep) {
            uint32_t s = units ? units->u[v->unit_of[ms]].start : (uint32_t)ms;
            uint32_t e = units ? units->u[v->unit_of[me - 1]].end : (uint32_t)me;
            if (spans_push(out, s, e, l) != 0)
                return fk_errf(err, "out of memory");
        }
        pos = me;
    }
    return rc < 0 ? -1 : 0;
}

static int cmp_span(const void *x, const void *y)
{
    const span *a = x, *b = y;
    return a->start < b->start ? -1 : a->start > b->start ? 1 : 0;
}

/* Every span of text that must be masked. */
static int find_spans(const fk_anonymiser *a, const char *text, size_t n, spans *out, fk_err *err)
{
    ustr va = {0}, vb = {0};
    utf8_view v = {0};
    int rc = canonical(a, text, n, &va, err);
    if (rc == 0 && view_build(&va, &v) != 0)
        rc = fk_errf(err, "out of memory");
    for (size_t i = 0; rc == 0 && i < a->ndet; i++)
        rc = run_detector(a, &a->det[i], &v, &va, out, err);
    if (rc == 0 && a->first_extra < a->ndet) { /* configured patterns also see the raw text */
        utf8_view raw = {(char *)text, n, NULL};
        for (size_t i = a->first_extra; rc == 0 && i < a->ndet; i++)
            rc = run_detector(a, &a->det[i], &raw, NULL, out, err);
    }
    if (rc == 0 && skeleton_view(a, &va, &vb, text, n) != 0)
        rc = fk_errf(err, "Unicode skeleton failed");
    if (rc == 0) {
        drop_stopwords(a, &vb);
        if (find_needles(a, &vb, out) != 0)
            rc = fk_errf(err, "out of memory");
    }
    view_free(&v);
    free(va.u);
    free(vb.u);
    if (rc == 0 && out->n)
        qsort(out->s, out->n, sizeof *out->s, cmp_span);
    return rc;
}

int fk_anonymise_text(const fk_anonymiser *a, const char *text, char **out, fk_err *err)
{
    return fk_anonymise_text_spans(a, text, out, NULL, NULL, err);
}

int fk_anonymise_text_spans(const fk_anonymiser *a, const char *text, char **out,
                            fk_redaction **removed, size_t *nremoved, fk_err *err)
{
    *out = NULL;
    fk_redaction *red = NULL;
    size_t nred = 0;
    if (removed) {
        *removed = NULL;
        *nremoved = 0;
    }
    if (!text)
        text = "";
    size_t n = strlen(text);
    spans sp = {0};
    if (find_spans(a, text, n, &sp, err) != 0) {
        free(sp.s);
        return -1;
    }
    fk_sbuf b = {0};
    int rc = fk_sbuf_put(&b, "", 0);
    size_t pos = 0;
    for (size_t i = 0; rc == 0 && i <= sp.n; i++) {
        size_t until = i < sp.n ? sp.s[i].start : n;
        /* the text before the next span, with bytes that are not UTF-8 replaced */
        while (rc == 0 && pos < until) {
            uint32_t cp;
            size_t l = utf8_decode((const unsigned char *)text + pos, n - pos, &cp);
            rc = cp == 0xfffd && l == 1 ? fk_sbuf_puts(&b, "\xef\xbf\xbd")
                                        : fk_sbuf_put(&b, text + pos, l);
            pos += l;
        }
        if (i == sp.n || rc != 0)
            break;
        /* merge the spans that overlap this one; the longest names them */
        size_t end = sp.s[i].end, longest = sp.s[i].end - sp.s[i].start;
        label l = sp.s[i].l;
        while (i + 1 < sp.n && sp.s[i + 1].start < end) {
            i++;
            if (sp.s[i].end > end)
                end = sp.s[i].end;
            size_t len = sp.s[i].end - sp.s[i].start;
            if (len > longest || (len == longest && sp.s[i].l > l))
                l = sp.s[i].l, longest = len;
        }
        if (end > pos) {
            rc = fk_sbuf_puts(&b, label_text[l]);
            if (rc == 0 && removed) {
                /* the merged spans never outnumber the found ones */
                if (!red && !(red = malloc(sp.n * sizeof *red)))
                    rc = -1;
                else
                    red[nred++] = (fk_redaction){pos, end, label_text[l]};
            }
            pos = end;
        }
    }
    free(sp.s);
    if (rc != 0) {
        free(red);
        fk_sbuf_free(&b);
        return fk_errf(err, "out of memory");
    }
    *out = fk_sbuf_take(&b);
    if (!*out) {
        free(red);
        return fk_errf(err, "out of memory");
    }
    if (removed) {
        *removed = red;
        *nremoved = nred;
    }
    return 0;
}

bool fk_anonymise_withholds(const fk_anonymiser *a, fk_ioc_type type, const char *value)
{
    size_t n = strlen(value);
    fk_ip ip;
    int prefix;
    if ((type == FK_IOC_IPV4 || type == FK_IOC_IPV6 || type == FK_IOC_NET4 ||
         type == FK_IOC_NET6) &&
        fk_cidr_parse(value, n, &ip, &prefix)) {
        bool keep;
        classify_ip(a, &ip, prefix, true, &keep);
        if (!keep)
            return true;
    }
    if (type == FK_IOC_DOMAIN && (in_provider_domains(a, value, n) || internal_suffix(value, n)))
        return true;
    /* anything else that names the provider, anywhere in the value */
    spans sp = {0};
    fk_err err;
    bool withhold = false;
    if (find_spans(a, value, n, &sp, &err) != 0)
        withhold = true; /* cannot tell: fail closed */
    for (size_t i = 0; !withhold && i < sp.n; i++)
        withhold = identifies_provider(sp.s[i].l) || (sp.s[i].l == L_REDACTED);
    free(sp.s);
    return withhold;
}
