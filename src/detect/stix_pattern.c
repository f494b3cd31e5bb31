#include "stix_pattern.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* A recursive-descent parser over the STIX 2.1 pattern grammar (section 9):
 *   observation-expressions  := or-expr (FOLLOWEDBY or-expr)*
 *   or-expr  := and-expr (OR and-expr)*
 *   and-expr := observation (AND observation)*
 *   observation := ('[' comparison-or ']' | '(' observation-expressions ')') qualifier*
 *   comparison-or  := comparison-and (OR comparison-and)*
 *   comparison-and := test (AND test)*
 *   test := '(' comparison-or ')' | [NOT] EXISTS path | path [NOT] op value
 * The whole grammar is checked; values are collected, and any construct that needs more
 * than one event or a non-equality test marks the pattern unsupported. */

typedef enum {
    T_END,
    T_LBRACK,
    T_RBRACK,
    T_LPAREN,
    T_RPAREN,
    T_COMMA,
    T_OP,
    T_WORD,
    T_PATH,
    T_STRING,
    T_NUMBER,
    T_TYPED
} tok_kind;

typedef struct {
    tok_kind kind;
    const char *p;
    size_t n;
} token;

#define MAX_VALUES 4096

typedef struct {
    const char *src, *pos;
    token tok;
    fk_err *err;
    const char *unsupported; /* first reason, if any */
    bool failed;
    struct {
        fk_ioc_type type;
        char *value;
        size_t n;
    } values[MAX_VALUES];
    size_t nvalues;
    int depth;
} parser;

static int syntax(parser *ps, const char *what)
{
    if (!ps->failed)
        fk_errf(ps->err, "pattern: %s at offset %zu", what, (size_t)(ps->tok.p - ps->src));
    ps->failed = true;
    return -1;
}

static void unsupported(parser *ps, const char *why)
{
    if (!ps->unsupported)
        ps->unsupported = why;
}

static void next(parser *ps)
{
    const char *p = ps->pos;
    while (*p && isspace((unsigned char)*p))
        p++;
    token t = {T_END, p, 0};
    char c = *p;
    if (!c) {
        ps->tok = t;
        ps->pos = p;
        return;
    }
    const char *single = "[](),";
    const char *hit = strchr(single, c);
    if (hit) {
        static const tok_kind kinds[] = {T_LBRACK, T_RBRACK, T_LPAREN, T_RPAREN, T_COMMA};
        t.kind = kinds[hit - single];
        t.n = 1;
    } else if (c == '=' || c == '!' || c == '<' || c == '>') {
        t.kind = T_OP;
        t.n = (p[1] == '=') ? 2 : 1;
        if (c == '!' && p[1] != '=')
            t.kind = T_END, t.n = 0;
    } else if (c == '\'' || ((c == 't' || c == 'h' || c == 'b') && p[1] == '\'')) {
        const char *q = p + (c == '\'' ? 1 : 2);
        while (*q && *q != '\'') {
            if (*q == '\\' && q[1])
                q++;
            q++;
        }
        t.kind = c == '\'' ? T_STRING : T_TYPED;
        t.n = *q ? (size_t)(q - p) + 1 : 0;
        if (!*q)
            t.kind = T_END; /* unterminated: reported by the caller */
    } else if (isdigit((unsigned char)c) ||
               ((c == '-' || c == '+') && isdigit((unsigned char)p[1]))) {
        const char *q = p + 1;
        while (isdigit((unsigned char)*q) || *q == '.')
            q++;
        t.kind = T_NUMBER;
        t.n = (size_t)(q - p);
    } else if (isalpha((unsigned char)c) || c == '_' || c == '-') {
        const char *q = p;
        while (isalnum((unsigned char)*q) || *q == '_' || *q == '-')
            q++;
        if (*q == ':') { /* object-type:property.path with 'quoted' and [n] parts */
            q++;
            for (;;) {
                if (isalnum((unsigned char)*q) || *q == '_' || *q == '-' || *q == '.')
                    q++;
                else if (*q == '\'') {
                    const char *e = strchr(q + 1, '\'');
                    if (!e)
                        break;
                    q = e + 1;
                } else if (*q == '[') {
                    const char *e = strchr(q, ']');
                    if (!e)
                        break;
                    q = e + 1;
                } else
                    break;
            }
            t.kind = T_PATH;
        } else {
            t.kind = T_WORD;
        }
        t.n = (size_t)(q - p);
    } else {
        t.kind = T_END;
        t.n = 0;
        t.p = p;
        ps->tok = t;
        ps->pos = p;
        ps->tok.kind = (tok_kind)-1; /* an unexpected character */
        return;
    }
    ps->tok = t;
    ps->pos = p + t.n;
}

static bool is_word(const parser *ps, const char *w)
{
    return ps->tok.kind == T_WORD && ps->tok.n == strlen(w) &&
           strncmp(ps->tok.p, w, ps->tok.n) == 0;
}

/* Maps an object path to the indicator type it compares, 0 if none we match on. */
static fk_ioc_type path_type(const char *p, size_t n)
{
    char buf[128];
    size_t k = 0;
    for (size_t i = 0; i < n && k + 1 < sizeof buf; i++)
        if (p[i] != '\'')
            buf[k++] = (char)tolower((unsigned char)p[i]);
    buf[k] = '\0';
    if (!strcmp(buf, "ipv4-addr:value") || !strcmp(buf, "ipv6-addr:value") ||
        !strcmp(buf, "network-traffic:dst_ref.value") ||
        !strcmp(buf, "network-traffic:src_ref.value"))
        return FK_IOC_IPV4; /* family decided by the value */
    if (!strcmp(buf, "domain-name:value"))
        return FK_IOC_DOMAIN;
    if (!strcmp(buf, "url:value"))
        return FK_IOC_URL;
    const char *h = strstr(buf, ":hashes.");
    if (h && (!strncmp(buf, "file:", 5) || !strncmp(buf, "artifact:", 9))) {
        h += 8;
        if (!strcmp(h, "md5"))
            return FK_IOC_MD5;
        if (!strcmp(h, "sha-1") || !strcmp(h, "sha1"))
            return FK_IOC_SHA1;
        if (!strcmp(h, "sha-256") || !strcmp(h, "sha256"))
            return FK_IOC_SHA256;
    }
    return 0;
}

static int add_value(parser *ps, fk_ioc_type type, const token *t)
{
    if (ps->nvalues >= MAX_VALUES) {
        unsupported(ps, "more than 4096 values in one pattern");
        return 0;
    }
    char *v = malloc(t->n);
    if (!v)
        return syntax(ps, "out of memory");
    size_t k = 0;
    for (size_t i = 1; i + 1 < t->n; i++) { /* drop the quotes, undo \' and \\ */
        if (t->p[i] == '\\' && i + 2 < t->n)
            i++;
        v[k++] = t->p[i];
    }
    ps->values[ps->nvalues].type = type;
    ps->values[ps->nvalues].value = v;
    ps->values[ps->nvalues].n = k;
    ps->nvalues++;
    return 0;
}

static int parse_value(parser *ps, fk_ioc_type type, bool collect)
{
    if (ps->tok.kind == T_STRING) {
        if (collect && add_value(ps, type, &ps->tok) != 0)
            return -1;
    } else if (ps->tok.kind == T_NUMBER || ps->tok.kind == T_TYPED || is_word(ps, "true") ||
               is_word(ps, "false")) {
        if (collect)
            unsupported(ps, "a comparison with a non-string value");
    } else {
        return syntax(ps, "expected a value");
    }
    next(ps);
    return 0;
}

static int comparison_or(parser *ps);

static int test(parser *ps)
{
    if (ps->tok.kind == T_LPAREN) {
        next(ps);
        if (comparison_or(ps) != 0)
            return -1;
        if (ps->tok.kind != T_RPAREN)
            return syntax(ps, "expected ')'");
        next(ps);
        return 0;
    }
    bool negated = false;
    if (is_word(ps, "NOT")) {
        negated = true;
        next(ps);
    }
    if (is_word(ps, "EXISTS")) {
        next(ps);
        if (ps->tok.kind != T_PATH)
            return syntax(ps, "expected an object path after EXISTS");
        next(ps);
        unsupported(ps, "EXISTS");
        return 0;
    }
    if (ps->tok.kind != T_PATH)
        return syntax(ps, "expected an object path like ipv4-addr:value");
    fk_ioc_type type = path_type(ps->tok.p, ps->tok.n);
    if (!type)
        unsupported(ps, "an object path that log events do not carry");
    next(ps);
    if (is_word(ps, "NOT")) {
        negated = true;
        next(ps);
    }
    if (negated)
        unsupported(ps, "NOT");
    bool ok = type && !negated;
    if (ps->tok.kind == T_OP) {
        bool eq = ps->tok.n == 1 && ps->tok.p[0] == '=';
        if (!eq)
            unsupported(ps, "a comparison other than '='");
        next(ps);
        return parse_value(ps, type, ok && eq);
    }
    if (is_word(ps, "IN")) {
        next(ps);
        if (ps->tok.kind != T_LPAREN)
            return syntax(ps, "expected '(' after IN");
        do {
            next(ps);
            if (parse_value(ps, type, ok) != 0)
                return -1;
        } while (ps->tok.kind == T_COMMA);
        if (ps->tok.kind != T_RPAREN)
            return syntax(ps, "expected ')' closing IN");
        next(ps);
        return 0;
    }
    if (is_word(ps, "ISSUBSET")) {
        next(ps);
        bool ipish = type == FK_IOC_IPV4;
        if (!ipish)
            unsupported(ps, "ISSUBSET on something other than an address");
        return parse_value(ps, FK_IOC_NET4, ok && ipish);
    }
    if (is_word(ps, "LIKE") || is_word(ps, "MATCHES") || is_word(ps, "ISSUPERSET")) {
        unsupported(ps, "LIKE, MATCHES or ISSUPERSET");
        next(ps);
        return parse_value(ps, type, false);
    }
    return syntax(ps, "expected a comparison operator");
}

static int comparison_and(parser *ps)
{
    if (test(ps) != 0)
        return -1;
    while (is_word(ps, "AND")) {
        unsupported(ps, "AND between comparisons (needs several properties of one object)");
        next(ps);
        if (test(ps) != 0)
            return -1;
    }
    return 0;
}

static int comparison_or(parser *ps)
{
    if (++ps->depth > 64)
        return syntax(ps, "nesting too deep");
    if (comparison_and(ps) != 0)
        return -1;
    while (is_word(ps, "OR")) {
        next(ps);
        if (comparison_and(ps) != 0)
            return -1;
    }
    ps->depth--;
    return 0;
}

static int observation_expressions(parser *ps);

static int qualifiers(parser *ps)
{
    for (;;) {
        if (is_word(ps, "WITHIN") || is_word(ps, "REPEATS")) {
            bool within = is_word(ps, "WITHIN");
            next(ps);
            if (ps->tok.kind != T_NUMBER)
                return syntax(ps, "expected a number");
            next(ps);
            if (!is_word(ps, within ? "SECONDS" : "TIMES"))
                return syntax(ps, within ? "expected SECONDS" : "expected TIMES");
            next(ps);
            unsupported(ps, within ? "WITHIN" : "REPEATS");
        } else if (is_word(ps, "START")) {
            next(ps);
            if (ps->tok.kind != T_TYPED)
                return syntax(ps, "expected t'...' after START");
            next(ps);
            if (!is_word(ps, "STOP"))
                return syntax(ps, "expected STOP");
            next(ps);
            if (ps->tok.kind != T_TYPED)
                return syntax(ps, "expected t'...' after STOP");
            next(ps);
            unsupported(ps, "START/STOP");
        } else {
            return 0;
        }
    }
}

static int observation(parser *ps)
{
    if (ps->tok.kind == T_LBRACK) {
        next(ps);
        if (comparison_or(ps) != 0)
            return -1;
        if (ps->tok.kind != T_RBRACK)
            return syntax(ps, "expected ']'");
        next(ps);
    } else if (ps->tok.kind == T_LPAREN) {
        next(ps);
        if (observation_expressions(ps) != 0)
            return -1;
        if (ps->tok.kind != T_RPAREN)
            return syntax(ps, "expected ')'");
        next(ps);
    } else {
        return syntax(ps, "expected '[' starting an observation");
    }
    return qualifiers(ps);
}

static int and_expr(parser *ps)
{
    if (observation(ps) != 0)
        return -1;
    while (is_word(ps, "AND")) {
        unsupported(ps, "AND between observations (needs several events)");
        next(ps);
        if (observation(ps) != 0)
            return -1;
    }
    return 0;
}

static int or_expr(parser *ps)
{
    if (and_expr(ps) != 0)
        return -1;
    while (is_word(ps, "OR")) {
        next(ps);
        if (and_expr(ps) != 0)
            return -1;
    }
    return 0;
}

static int observation_expressions(parser *ps)
{
    if (++ps->depth > 64)
        return syntax(ps, "nesting too deep");
    if (or_expr(ps) != 0)
        return -1;
    while (is_word(ps, "FOLLOWEDBY")) {
        unsupported(ps, "FOLLOWEDBY (needs a sequence of events)");
        next(ps);
        if (or_expr(ps) != 0)
            return -1;
    }
    ps->depth--;
    return 0;
}

static fk_stix_result pattern_values(const char *pattern, bool partial, fk_stix_value_fn fn,
                                     void *ctx, fk_err *err)
{
    parser *ps = calloc(1, sizeof *ps);
    if (!ps) {
        fk_errf(err, "out of memory");
        return FK_STIX_SYNTAX;
    }
    ps->src = ps->pos = pattern;
    ps->err = err;
    next(ps);
    fk_stix_result r = FK_STIX_OK;
    if (observation_expressions(ps) != 0 ||
        (ps->tok.kind != T_END && syntax(ps, "unexpected text") != 0))
        r = FK_STIX_SYNTAX;
    else if (ps->unsupported) {
        fk_errf(err, "unsupported: %s", ps->unsupported);
        r = FK_STIX_UNSUPPORTED;
    } else if (ps->nvalues == 0) {
        fk_errf(err, "unsupported: no value to match");
        r = FK_STIX_UNSUPPORTED;
    }
    for (size_t i = 0; i < ps->nvalues; i++) {
        if ((r == FK_STIX_OK || (partial && r == FK_STIX_UNSUPPORTED)) &&
            fn(ctx, ps->values[i].type, ps->values[i].value, ps->values[i].n) != 0)
            r = FK_STIX_SYNTAX;
        free(ps->values[i].value);
    }
    free(ps);
    return r;
}

fk_stix_result fk_stix_pattern_values(const char *pattern, fk_stix_value_fn fn, void *ctx,
                                      fk_err *err)
{
    return pattern_values(pattern, false, fn, ctx, err);
}

fk_stix_result fk_stix_pattern_observables(const char *pattern, fk_stix_value_fn fn, void *ctx,
                                           fk_err *err)
{
    return pattern_values(pattern, true, fn, ctx, err);
}
