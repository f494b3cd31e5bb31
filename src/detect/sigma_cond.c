#include "sigma_cond.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* Recursive descent over: or := and {"or" and}; and := not {"and" not};
 * not := "not" not | primary; primary := "(" or ")" | quant "of" target | identifier.
 * Keywords are case-insensitive, as the Sigma specification allows. */
typedef struct {
    const char *s, *p;
    const char *const *names;
    int nnames;
    fk_arena *arena;
    fk_err *err;
    int depth;
} parser;

typedef enum { T_END, T_WORD, T_LPAREN, T_RPAREN, T_PIPE, T_BAD } tok_kind;

typedef struct {
    tok_kind kind;
    const char *p;
    size_t n;
} token;

static bool word_char(int c)
{
    return isalnum(c) || c == '_' || c == '*' || c == '-' || c == '.' || c == '?';
}

static token peek(parser *ps)
{
    const char *p = ps->p;
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
        p++;
    token t = {T_END, p, 0};
    if (!*p)
        return t;
    if (*p == '(' || *p == ')' || *p == '|') {
        t.kind = *p == '(' ? T_LPAREN : *p == ')' ? T_RPAREN : T_PIPE;
        t.n = 1;
        return t;
    }
    if (word_char((unsigned char)*p)) {
        t.kind = T_WORD;
        while (word_char((unsigned char)p[t.n]))
            t.n++;
        return t;
    }
    t.kind = T_BAD;
    t.n = 1;
    return t;
}

static token next(parser *ps)
{
    token t = peek(ps);
    ps->p = t.p + t.n;
    return t;
}

static bool is_kw(token t, const char *kw)
{
    return t.kind == T_WORD && strlen(kw) == t.n && strncasecmp(t.p, kw, t.n) == 0;
}

static int fail(parser *ps, token t, const char *expected)
{
    if (t.kind == T_END)
        return fk_errf(ps->err, "condition \"%s\": %s expected at the end", ps->s, expected);
    return fk_errf(ps->err, "condition \"%s\": %s expected at column %d (found \"%.*s\")", ps->s,
                   expected, (int)(t.p - ps->s) + 1, (int)(t.n > 40 ? 40 : t.n), t.p);
}

static fk_cond *node(parser *ps, fk_cond_op op)
{
    fk_cond *c = fk_arena_alloc(ps->arena, sizeof *c);
    if (!c) {
        fk_errf(ps->err, "out of memory parsing a condition");
        return NULL;
    }
    memset(c, 0, sizeof *c);
    c->op = op;
    return c;
}

/* Glob over identifier names: '*' any run, '?' one character. */
static bool name_match(const char *pat, size_t pn, const char *name)
{
    size_t i = 0, star_i = 0;
    const char *n = name, *back = NULL; /* back: where the last '*' started matching */
    while (*n) {
        if (i < pn && (pat[i] == '?' || pat[i] == *n)) {
            i++;
            n++;
        } else if (i < pn && pat[i] == '*') {
            star_i = ++i;
            back = n;
        } else if (back) {
            i = star_i;
            n = ++back;
        } else {
            return false;
        }
    }
    while (i < pn && pat[i] == '*')
        i++;
    return i == pn;
}

static fk_cond *parse_or(parser *ps);

static fk_cond *parse_primary(parser *ps)
{
    token t = next(ps);
    if (t.kind == T_LPAREN) {
        if (++ps->depth > 64) {
            fk_errf(ps->err, "condition \"%s\": nested more than 64 deep", ps->s);
            return NULL;
        }
        fk_cond *c = parse_or(ps);
        ps->depth--;
        if (!c)
            return NULL;
        token r = next(ps);
        if (r.kind != T_RPAREN) {
            fail(ps, r, "')'");
            return NULL;
        }
        return c;
    }
    if (t.kind != T_WORD || is_kw(t, "and") || is_kw(t, "or") || is_kw(t, "of") ||
        is_kw(t, "them")) {
        fail(ps, t, "a search identifier, 'not', '(' or 'N of'");
        return NULL;
    }
    token of = peek(ps);
    if (is_kw(of, "of")) {
        int need = 0;
        bool all = is_kw(t, "all");
        if (!all) {
            char *end;
            char num[16];
            if (t.n >= sizeof num) {
                fail(ps, t, "'all' or a count before 'of'");
                return NULL;
            }
            memcpy(num, t.p, t.n);
            num[t.n] = '\0';
            long v = strtol(num, &end, 10);
            if (*end || v < 1 || v > 1000) {
                fail(ps, t, "'all' or a count before 'of'");
                return NULL;
            }
            need = (int)v;
        }
        next(ps);
        token target = next(ps);
        if (target.kind != T_WORD) {
            fail(ps, target, "'them' or an identifier pattern after 'of'");
            return NULL;
        }
        bool them = is_kw(target, "them");
        int *ids = fk_arena_alloc(ps->arena, sizeof(int) * (size_t)(ps->nnames ? ps->nnames : 1));
        if (!ids) {
            fk_errf(ps->err, "out of memory parsing a condition");
            return NULL;
        }
        int n = 0;
        for (int i = 0; i < ps->nnames; i++)
            if (them ? ps->names[i][0] != '_' : name_match(target.p, target.n, ps->names[i]))
                ids[n++] = i;
        if (n == 0) {
            fk_errf(ps->err, "condition \"%s\": no search identifier matches \"%.*s\"", ps->s,
                    (int)target.n, target.p);
            return NULL;
        }
        fk_cond *c = node(ps, FK_COND_OF);
        if (!c)
            return NULL;
        c->ids = ids;
        c->nids = n;
        c->need = all ? n : need;
        return c;
    }
    for (int i = 0; i < ps->nnames; i++) {
        if (strlen(ps->names[i]) == t.n && !memcmp(ps->names[i], t.p, t.n)) {
            fk_cond *c = node(ps, FK_COND_ID);
            if (c)
                c->id = i;
            return c;
        }
    }
    fk_errf(ps->err, "condition \"%s\": unknown search identifier \"%.*s\"", ps->s, (int)t.n, t.p);
    return NULL;
}

static fk_cond *parse_not(parser *ps)
{
    if (is_kw(peek(ps), "not")) {
        next(ps);
        if (++ps->depth > 64) {
            fk_errf(ps->err, "condition \"%s\": nested more than 64 deep", ps->s);
            return NULL;
        }
        fk_cond *a = parse_not(ps);
        ps->depth--;
        if (!a)
            return NULL;
        fk_cond *c = node(ps, FK_COND_NOT);
        if (c)
            c->a = a;
        return c;
    }
    return parse_primary(ps);
}

/* "x and y and z" and "x or y": left-associative chains of one operator. */
static fk_cond *parse_chain(parser *ps, const char *kw, fk_cond_op op,
                            fk_cond *(*operand)(parser *ps))
{
    fk_cond *a = operand(ps);
    while (a && is_kw(peek(ps), kw)) {
        next(ps);
        fk_cond *b = operand(ps), *c = b ? node(ps, op) : NULL;
        if (!c)
            return NULL;
        c->a = a;
        c->b = b;
        a = c;
    }
    return a;
}

static fk_cond *parse_and(parser *ps)
{
    return parse_chain(ps, "and", FK_COND_AND, parse_not);
}

static fk_cond *parse_or(parser *ps)
{
    return parse_chain(ps, "or", FK_COND_OR, parse_and);
}

int fk_cond_parse(const char *text, const char *const *names, int nnames, fk_arena *arena,
                  fk_cond **out, fk_err *err)
{
    parser ps = {text, text, names, nnames, arena, err, 0};
    fk_cond *c = parse_or(&ps);
    if (!c)
        return -1;
    token t = next(&ps);
    if (t.kind == T_PIPE)
        return fk_errf(err,
                       "condition \"%s\": unsupported: aggregation after '|' (Sigma 1 form; "
                       "write a correlation rule)",
                       text);
    if (t.kind != T_END)
        return fail(&ps, t, "'and', 'or' or the end");
    *out = c;
    return 0;
}

bool fk_cond_eval(const fk_cond *c, bool (*value)(int id, void *ctx), void *ctx)
{
    switch (c->op) {
    case FK_COND_ID: return value(c->id, ctx);
    case FK_COND_AND: return fk_cond_eval(c->a, value, ctx) && fk_cond_eval(c->b, value, ctx);
    case FK_COND_OR: return fk_cond_eval(c->a, value, ctx) || fk_cond_eval(c->b, value, ctx);
    case FK_COND_NOT: return !fk_cond_eval(c->a, value, ctx);
    case FK_COND_OF: {
        int got = 0;
        for (int i = 0; i < c->nids; i++) {
            if (value(c->ids[i], ctx) && ++got >= c->need)
                return true;
            if (got + (c->nids - i - 1) < c->need)
                return false; /* not enough left to reach need */
        }
        return got >= c->need;
    }
    }
    return false;
}
