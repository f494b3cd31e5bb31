#include "sigma_rule.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <ctype.h>
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <yaml.h>

#include "../core/timefmt.h"

/* ---- YAML helpers ---------------------------------------------------------------- */

typedef struct {
    yaml_document_t *doc;
    fk_arena *arena;
    const char *file;
    const char *rule; /* title, for errors */
    const fk_sigma_placeholders *ph;
    fk_err *err, *warn;
    fk_sigma_rule *current; /* owns the regular expressions compiled for it */
} ctx;

static yaml_node_t *node_of(ctx *c, int id)
{
    return yaml_document_get_node(c->doc, id);
}

static const char *scalar(yaml_node_t *n)
{
    return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

/* A plain (unquoted) null, ~ or empty scalar is YAML's null. */
static bool is_null(yaml_node_t *n)
{
    if (!n || n->type != YAML_SCALAR_NODE || n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
        return false;
    const char *s = scalar(n);
    return !*s || !strcmp(s, "null") || !strcmp(s, "Null") || !strcmp(s, "NULL") || !strcmp(s, "~");
}

static yaml_node_t *map_get(ctx *c, yaml_node_t *m, const char *key)
{
    if (!m || m->type != YAML_MAPPING_NODE)
        return NULL;
    for (yaml_node_pair_t *p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top; p++) {
        const char *k = scalar(node_of(c, p->key));
        if (k && !strcmp(k, key))
            return node_of(c, p->value);
    }
    return NULL;
}

static int line_of(yaml_node_t *n)
{
    return n ? (int)n->start_mark.line + 1 : 0;
}

static int bad(ctx *c, yaml_node_t *n, const char *fmt, const char *what)
{
    char msg[1024];
    snprintf(msg, sizeof msg, fmt, what ? what : "");
    return fk_errf(c->err, "%s:%d: rule \"%s\": %s", c->file, line_of(n), c->rule ? c->rule : "?",
                   msg);
}

static const char *dup(ctx *c, const char *s, size_t n)
{
    char *d = fk_arena_strndup(c->arena, s, n);
    if (!d)
        fk_errf(c->err, "%s: out of memory", c->file);
    return d;
}

static const char *str_of(ctx *c, yaml_node_t *m, const char *key)
{
    const char *s = scalar(map_get(c, m, key));
    return s ? dup(c, s, strlen(s)) : NULL;
}

/* ---- values and modifiers -------------------------------------------------------- */

enum {
    M_CONTAINS = 1 << 0,
    M_STARTSWITH = 1 << 1,
    M_ENDSWITH = 1 << 2,
    M_ALL = 1 << 3,
    M_RE = 1 << 4,
    M_RE_I = 1 << 5,
    M_RE_M = 1 << 6,
    M_RE_S = 1 << 7,
    M_CIDR = 1 << 8,
    M_EXISTS = 1 << 9,
    M_CASED = 1 << 10,
    M_NEQ = 1 << 11,
    M_FIELDREF = 1 << 12,
    M_EXPAND = 1 << 13,
    M_CMP = 1 << 14,
    M_TIME = 1 << 15,
};

static const struct {
    const char *name;
    fk_sv_cmp cmp;
} cmp_names[] = {{"lt", FK_CMP_LT},
                 {"lte", FK_CMP_LTE},
                 {"gt", FK_CMP_GT},
                 {"gte", FK_CMP_GTE},
                 {"eq", FK_CMP_EQ}};

/* "lt" -> FK_CMP_LT ...; "eq" only where allowed (correlation conditions). */
static bool cmp_parse(const char *name, bool allow_eq, fk_sv_cmp *out)
{
    for (size_t i = 0; i < sizeof cmp_names / sizeof cmp_names[0]; i++)
        if (!strcmp(name, cmp_names[i].name) && (allow_eq || cmp_names[i].cmp != FK_CMP_EQ)) {
            *out = cmp_names[i].cmp;
            return true;
        }
    return false;
}

/* Transformations are applied in the order written; they turn one value into several. */
typedef enum { T_BASE64, T_BASE64OFFSET, T_UTF16LE, T_UTF16BE, T_UTF16, T_WINDASH } transform;

typedef struct {
    unsigned flags;
    transform tr[8];
    int ntr;
    fk_sv_cmp cmp;
    int timepart;
} modifiers;

static int parse_modifiers(ctx *c, yaml_node_t *at, const char *spec, modifiers *m)
{
    memset(m, 0, sizeof *m);
    const char *p = spec;
    while (*p) {
        const char *e = strchr(p, '|');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        char mod[32];
        if (n == 0 || n >= sizeof mod)
            return bad(c, at, "empty or overlong value modifier in \"%s\"", spec);
        memcpy(mod, p, n);
        mod[n] = '\0';
        static const struct {
            const char *name;
            unsigned flag;
        } flags[] = {{"contains", M_CONTAINS},
                     {"startswith", M_STARTSWITH},
                     {"endswith", M_ENDSWITH},
                     {"all", M_ALL},
                     {"re", M_RE},
                     {"cidr", M_CIDR},
                     {"exists", M_EXISTS},
                     {"cased", M_CASED},
                     {"neq", M_NEQ},
                     {"fieldref", M_FIELDREF},
                     {"expand", M_EXPAND}};
        static const char *const times[] = {"minute", "hour", "day", "week", "month", "year"};
        static const struct {
            const char *name;
            transform t;
        } trs[] = {{"base64", T_BASE64},  {"base64offset", T_BASE64OFFSET}, {"utf16le", T_UTF16LE},
                   {"wide", T_UTF16LE},   {"utf16be", T_UTF16BE},           {"utf16", T_UTF16},
                   {"windash", T_WINDASH}};
        bool known = false;
        for (size_t i = 0; i < sizeof flags / sizeof flags[0] && !known; i++)
            if (!strcmp(mod, flags[i].name)) {
                m->flags |= flags[i].flag;
                known = true;
            }
        if (!known && cmp_parse(mod, false, &m->cmp)) {
            m->flags |= M_CMP;
            known = true;
        }
        for (int i = 0; i < 6 && !known; i++)
            if (!strcmp(mod, times[i])) {
                m->flags |= M_TIME;
                m->timepart = i;
                known = true;
            }
        for (size_t i = 0; i < sizeof trs / sizeof trs[0] && !known; i++)
            if (!strcmp(mod, trs[i].name)) {
                if (m->ntr == 8)
                    return bad(c, at, "more than 8 transformations in \"%s\"", spec);
                m->tr[m->ntr++] = trs[i].t;
                known = true;
            }
        if (!known && (m->flags & M_RE) &&
            (!strcmp(mod, "i") || !strcmp(mod, "m") || !strcmp(mod, "s"))) {
            m->flags |= mod[0] == 'i' ? M_RE_I : mod[0] == 'm' ? M_RE_M : M_RE_S;
            known = true;
        }
        if (!known) {
            char what[96];
            snprintf(what, sizeof what, "%s\" in \"%s", mod, spec);
            return bad(c, at, "unsupported value modifier \"%s\"", what);
        }
        p += n;
        if (*p == '|')
            p++;
    }
    return 0;
}

/* A growable list of byte strings (the variants a value turns into). */
typedef struct {
    char **s;
    size_t *n;
    size_t count, cap;
} variants;

static int var_add(ctx *c, variants *v, const char *s, size_t n)
{
    if (v->count == v->cap) {
        size_t cap = v->cap ? v->cap * 2 : 8;
        char **ns = fk_arena_alloc(c->arena, cap * sizeof *ns);
        size_t *nn = fk_arena_alloc(c->arena, cap * sizeof *nn);
        if (!ns || !nn)
            return fk_errf(c->err, "%s: out of memory", c->file);
        if (v->count) {
            memcpy(ns, v->s, v->count * sizeof *ns);
            memcpy(nn, v->n, v->count * sizeof *nn);
        }
        v->s = ns;
        v->n = nn;
        v->cap = cap;
    }
    char *d = fk_arena_alloc(c->arena, n + 1);
    if (!d)
        return fk_errf(c->err, "%s: out of memory", c->file);
    memcpy(d, s, n);
    d[n] = '\0';
    v->s[v->count] = d;
    v->n[v->count++] = n;
    return 0;
}

static size_t b64(const unsigned char *in, size_t n, char *out)
{
    static const char tbl[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    size_t k = 0;
    for (size_t i = 0; i < n; i += 3) {
        unsigned v = (unsigned)in[i] << 16 | (i + 1 < n ? (unsigned)in[i + 1] << 8 : 0) |
                     (i + 2 < n ? in[i + 2] : 0);
        out[k++] = tbl[v >> 18 & 63];
        out[k++] = tbl[v >> 12 & 63];
        out[k++] = i + 1 < n ? tbl[v >> 6 & 63] : '=';
        out[k++] = i + 2 < n ? tbl[v & 63] : '=';
    }
    return k;
}

/* UTF-8 to UTF-16 (little or big endian); characters beyond the BMP as surrogates. */
static size_t utf16(const unsigned char *in, size_t n, bool be, unsigned char *out)
{
    size_t k = 0;
    for (size_t i = 0; i < n;) {
        unsigned cp = in[i];
        size_t len = 1;
        if (cp >= 0xf0 && i + 3 < n) {
            cp = (cp & 7) << 18 | (in[i + 1] & 63u) << 12 | (in[i + 2] & 63u) << 6 |
                 (in[i + 3] & 63u);
            len = 4;
        } else if (cp >= 0xe0 && i + 2 < n) {
            cp = (cp & 15) << 12 | (in[i + 1] & 63u) << 6 | (in[i + 2] & 63u);
            len = 3;
        } else if (cp >= 0xc0 && i + 1 < n) {
            cp = (cp & 31) << 6 | (in[i + 1] & 63u);
            len = 2;
        }
        i += len;
        unsigned units[2] = {cp, 0};
        int nu = 1;
        if (cp >= 0x10000) {
            cp -= 0x10000;
            units[0] = 0xd800 | cp >> 10;
            units[1] = 0xdc00 | (cp & 0x3ff);
            nu = 2;
        }
        for (int u = 0; u < nu; u++) {
            out[k++] = (unsigned char)(be ? units[u] >> 8 : units[u] & 0xff);
            out[k++] = (unsigned char)(be ? units[u] & 0xff : units[u] >> 8);
        }
    }
    return k;
}

/* One transformation over every variant. */
static int apply_transform(ctx *c, transform t, variants *in, variants *out)
{
    for (size_t i = 0; i < in->count; i++) {
        const unsigned char *s = (const unsigned char *)in->s[i];
        size_t n = in->n[i];
        switch (t) {
        case T_BASE64: {
            char *buf = malloc(n / 3 * 4 + 8);
            if (!buf)
                return fk_errf(c->err, "%s: out of memory", c->file);
            size_t k = b64(s, n, buf);
            int rc = var_add(c, out, buf, k);
            free(buf);
            if (rc)
                return -1;
            break;
        }
        case T_BASE64OFFSET: {
            /* the value at offsets 0, 1 and 2 of a 3-byte group: encode it after 0..2
             * filler bytes and keep only the characters that do not depend on the
             * filler or on what follows */
            static const size_t start[3] = {0, 2, 3};
            static const size_t endcut[3] = {0, 3, 2};
            for (int off = 0; off < 3; off++) {
                unsigned char *tmp = malloc(n + 3);
                char *buf = malloc((n + 3) / 3 * 4 + 8);
                if (!tmp || !buf) {
                    free(tmp);
                    free(buf);
                    return fk_errf(c->err, "%s: out of memory", c->file);
                }
                memset(tmp, ' ', (size_t)off);
                memcpy(tmp + off, s, n);
                size_t k = b64(tmp, n + (size_t)off, buf);
                size_t cut = endcut[(n + (size_t)off) % 3];
                int rc = 0;
                if (k > start[off] + cut)
                    rc = var_add(c, out, buf + start[off], k - start[off] - cut);
                free(tmp);
                free(buf);
                if (rc)
                    return -1;
            }
            break;
        }
        case T_UTF16LE:
        case T_UTF16BE:
        case T_UTF16: {
            unsigned char *buf = malloc(n * 4 + 4);
            if (!buf)
                return fk_errf(c->err, "%s: out of memory", c->file);
            size_t k = 0;
            if (t == T_UTF16) { /* with a byte-order mark, little endian */
                buf[k++] = 0xff;
                buf[k++] = 0xfe;
            }
            k += utf16(s, n, t == T_UTF16BE, buf + k);
            int rc = var_add(c, out, (const char *)buf, k);
            free(buf);
            if (rc)
                return -1;
            break;
        }
        case T_WINDASH: {
            /* an option dash or slash at the start of a word, written as any of the
             * characters Windows accepts there */
            static const char *const dashes[] = {"-", "/", "\xe2\x80\x93", "\xe2\x80\x94",
                                                 "\xe2\x80\x95"};
            for (int d = 0; d < 5; d++) {
                char *buf = malloc(n * 3 + 1);
                if (!buf)
                    return fk_errf(c->err, "%s: out of memory", c->file);
                size_t k = 0;
                for (size_t j = 0; j < n; j++) {
                    bool opt = (s[j] == '-' || s[j] == '/') &&
                               (j == 0 || !(isalnum(s[j - 1]) || s[j - 1] == '_')) && j + 1 < n &&
                               (isalnum(s[j + 1]) || s[j + 1] == '_');
                    if (opt) {
                        size_t l = strlen(dashes[d]);
                        memcpy(buf + k, dashes[d], l);
                        k += l;
                    } else {
                        buf[k++] = (char)s[j];
                    }
                }
                int rc = var_add(c, out, buf, k);
                free(buf);
                if (rc)
                    return -1;
            }
            break;
        }
        }
    }
    return 0;
}

/* |expand: every %name% replaced by each of its site values. */
static int expand(ctx *c, yaml_node_t *at, variants *in, variants *out, bool *never)
{
    for (size_t i = 0; i < in->count; i++) {
        const char *s = in->s[i], *a = strchr(s, '%'), *b = a ? strchr(a + 1, '%') : NULL;
        if (!a || !b) {
            if (var_add(c, out, s, in->n[i]))
                return -1;
            continue;
        }
        size_t nl = (size_t)(b - a - 1);
        const fk_sigma_placeholders *ph = c->ph;
        size_t found = ph ? ph->n : 0;
        for (size_t k = 0; ph && k < ph->n; k++)
            if (strlen(ph->names[k]) == nl && !strncmp(ph->names[k], a + 1, nl))
                found = k;
        if (!ph || found == ph->n || ph->nvalues[found] == 0) {
            *never = true;
            if (c->warn) {
                char what[160];
                snprintf(what, sizeof what, "%.*s", (int)(nl > 60 ? 60 : nl), a + 1);
                char msg[300];
                snprintf(msg, sizeof msg, "placeholder %%%s%% has no site values: never matches",
                         what);
                fk_errf(c->warn, "%s:%d: rule \"%s\": %s", c->file, line_of(at),
                        c->rule ? c->rule : "?", msg);
            }
            continue;
        }
        for (size_t v = 0; v < ph->nvalues[found]; v++) {
            const char *val = ph->values[found][v];
            size_t len = (size_t)(a - s) + strlen(val) + strlen(b + 1);
            char *buf = malloc(len + 1);
            if (!buf)
                return fk_errf(c->err, "%s: out of memory", c->file);
            snprintf(buf, len + 1, "%.*s%s%s", (int)(a - s), s, val, b + 1);
            variants one = {0}, more = {0};
            int rc = var_add(c, &one, buf, len);
            free(buf);
            if (rc || expand(c, at, &one, &more, never))
                return -1;
            for (size_t m = 0; m < more.count; m++)
                if (var_add(c, out, more.s[m], more.n[m]))
                    return -1;
        }
    }
    return 0;
}

/* Sigma's wildcards: '*' and '?' unless escaped by a backslash; "\\" is one backslash;
 * a backslash before anything else is itself. Returns the length written to out. */
static size_t compile_wild(const char *s, size_t n, bool cased, char *out, bool *wild)
{
    size_t k = 0;
    *wild = false;
    for (size_t i = 0; i < n; i++) {
        char ch = s[i];
        if (ch == '\\' && i + 1 < n && (s[i + 1] == '*' || s[i + 1] == '?' || s[i + 1] == '\\')) {
            ch = s[++i];
        } else if (ch == '*' || ch == '?') {
            out[k++] = ch == '*' ? '\1' : '\2';
            *wild = true;
            continue;
        }
        out[k++] = cased ? ch : (char)tolower((unsigned char)ch);
    }
    return k;
}

/* A wildcard value is matched as one glob: contains, startswith and endswith become
 * stars around the text, added here once rather than on every comparison. */
static int compile_glob(ctx *c, fk_sigma_value *v)
{
    bool lead = v->anchor == FK_AT_CONTAINS || v->anchor == FK_AT_SUFFIX;
    bool trail = v->anchor == FK_AT_CONTAINS || v->anchor == FK_AT_PREFIX;
    char *g = fk_arena_alloc(c->arena, v->n + 3);
    if (!g)
        return fk_errf(c->err, "%s: out of memory", c->file);
    size_t k = 0;
    if (lead)
        g[k++] = '\1';
    memcpy(g + k, v->text, v->n);
    k += v->n;
    if (trail)
        g[k++] = '\1';
    g[k] = '\0';
    v->glob = g;
    v->globn = k;
    return 0;
}

static int compile_value(ctx *c, yaml_node_t *vn, const modifiers *m, fk_sigma_value *out,
                         size_t *count, size_t cap)
{
    fk_sigma_value base;
    memset(&base, 0, sizeof base);
    base.cased = m->flags & M_CASED;
    base.negate = m->flags & M_NEQ;
    base.anchor = (m->flags & M_CONTAINS)     ? FK_AT_CONTAINS
                  : (m->flags & M_STARTSWITH) ? FK_AT_PREFIX
                  : (m->flags & M_ENDSWITH)   ? FK_AT_SUFFIX
                                              : FK_AT_EXACT;
    if (is_null(vn) && !(m->flags & (M_EXISTS | M_FIELDREF))) {
        if (*count >= cap)
            return bad(c, vn, "too many values%s", NULL);
        base.kind = FK_SV_NULL;
        out[(*count)++] = base;
        return 0;
    }
    const char *s = scalar(vn);
    if (!s)
        return bad(c, vn, "a value must be a scalar%s", NULL);
    size_t sn = vn->data.scalar.length;
    if (m->flags & M_EXISTS) {
        base.kind = FK_SV_EXISTS;
        if (strcmp(s, "true") && strcmp(s, "false") && strcmp(s, "yes") && strcmp(s, "no"))
            return bad(c, vn, "|exists takes true or false, not \"%s\"", s);
        base.exists = !strcmp(s, "true") || !strcmp(s, "yes");
        out[(*count)++] = base;
        return 0;
    }
    if (m->flags & (M_CMP | M_TIME)) {
        char *end;
        base.num = strtod(s, &end);
        if (end == s || *end)
            return bad(c, vn, "a number is expected, not \"%s\"", s);
        base.kind = (m->flags & M_TIME) ? FK_SV_TIME : FK_SV_NUM;
        base.cmp = (m->flags & M_TIME) ? FK_CMP_EQ : m->cmp;
        base.timepart = m->timepart;
        out[(*count)++] = base;
        return 0;
    }
    if (m->flags & M_CIDR) {
        base.kind = FK_SV_CIDR;
        if (!fk_cidr_parse(s, sn, &base.net, &base.prefix))
            return bad(c, vn, "an address range such as 10.0.0.0/8 is expected, not \"%s\"", s);
        fk_ip_mask(&base.net, base.prefix);
        out[(*count)++] = base;
        return 0;
    }
    if (m->flags & M_FIELDREF) {
        base.kind = FK_SV_FIELDREF;
        base.text = dup(c, s, sn);
        base.n = sn;
        if (!base.text)
            return -1;
        out[(*count)++] = base;
        return 0;
    }
    if (m->flags & M_RE) {
        base.kind = FK_SV_RE;
        base.text = dup(c, s, sn); /* the source, for the prefilter */
        base.n = sn;
        if (!base.text)
            return -1;
        uint32_t opts = ((m->flags & M_RE_I) ? PCRE2_CASELESS : 0) |
                        ((m->flags & M_RE_M) ? PCRE2_MULTILINE : 0) |
                        ((m->flags & M_RE_S) ? PCRE2_DOTALL : 0);
        int ec;
        PCRE2_SIZE eo;
        pcre2_code *re = pcre2_compile((PCRE2_SPTR)s, sn, opts, &ec, &eo, NULL);
        if (!re) {
            PCRE2_UCHAR msg[160];
            pcre2_get_error_message(ec, msg, sizeof msg);
            char what[240];
            snprintf(what, sizeof what, "%s at offset %zu", (const char *)msg, (size_t)eo);
            return bad(c, vn, "regular expression does not compile: %s", what);
        }
        fk_sigma_regex *node = fk_arena_alloc(c->arena, sizeof *node);
        pcre2_match_data *md = pcre2_match_data_create(1, NULL);
        if (!node || !md) {
            pcre2_match_data_free(md);
            pcre2_code_free(re);
            return fk_errf(c->err, "%s: out of memory", c->file);
        }
        /* registered at once, so that a rule failing later still frees it */
        node->re = re;
        node->md = md;
        node->next = c->current->regexes;
        c->current->regexes = node;
        pcre2_jit_compile(re, PCRE2_JIT_COMPLETE); /* without JIT it still works */
        base.re = re;
        base.md = md;
        out[(*count)++] = base;
        return 0;
    }
    /* text: expand, transform, then wildcards */
    variants v = {0}, t = {0};
    if (var_add(c, &v, s, sn))
        return -1;
    bool never = false;
    if (m->flags & M_EXPAND) {
        if (expand(c, vn, &v, &t, &never))
            return -1;
        v = t;
        memset(&t, 0, sizeof t);
    }
    bool encoded = false;
    for (int i = 0; i < m->ntr; i++) {
        if (apply_transform(c, m->tr[i], &v, &t))
            return -1;
        if (m->tr[i] != T_WINDASH)
            encoded = true;
        v = t;
        memset(&t, 0, sizeof t);
    }
    if (never && v.count == 0) {
        if (*count >= cap)
            return bad(c, vn, "too many values%s", NULL);
        base.kind = FK_SV_NEVER;
        out[(*count)++] = base;
        return 0;
    }
    for (size_t i = 0; i < v.count; i++) {
        if (*count >= cap)
            return bad(c, vn, "too many values after the modifiers%s", NULL);
        fk_sigma_value x = base;
        x.kind = FK_SV_STRING;
        char *buf = fk_arena_alloc(c->arena, v.n[i] + 1);
        if (!buf)
            return fk_errf(c->err, "%s: out of memory", c->file);
        if (encoded) {
            /* encoded bytes are compared as they are: no wildcards, no case folding */
            memcpy(buf, v.s[i], v.n[i]);
            x.n = v.n[i];
            x.cased = true;
            x.wild = false;
        } else {
            x.n = compile_wild(v.s[i], v.n[i], x.cased, buf, &x.wild);
        }
        buf[x.n] = '\0';
        x.text = buf;
        if (x.wild && compile_glob(c, &x))
            return -1;
        out[(*count)++] = x;
    }
    return 0;
}

/* Values of one "field|modifiers: value(s)" entry, or a keyword list (field NULL). */
static int compile_item(ctx *c, const char *key, yaml_node_t *vn, fk_sigma_item *item)
{
    memset(item, 0, sizeof *item);
    const char *bar = key ? strchr(key, '|') : NULL;
    modifiers m;
    memset(&m, 0, sizeof m);
    if (bar && parse_modifiers(c, vn, bar + 1, &m))
        return -1;
    if (key) {
        size_t fl = bar ? (size_t)(bar - key) : strlen(key);
        item->field = fl ? dup(c, key, fl) : NULL; /* "|all": a keyword list */
        if (fl && !item->field)
            return -1;
    }
    if (!item->field)
        m.flags |= M_CONTAINS; /* keywords are searched inside the text */
    item->all = m.flags & M_ALL;
    size_t nin = vn->type == YAML_SEQUENCE_NODE
                     ? (size_t)(vn->data.sequence.items.top - vn->data.sequence.items.start)
                     : 1;
    if (vn->type == YAML_MAPPING_NODE)
        return bad(c, vn, "a value list or a scalar is expected, not a map%s", NULL);
    size_t per = 15 * (m.ntr + 1) * (m.flags & M_EXPAND ? 64 : 1); /* variants per value */
    size_t cap = nin * per + 1;
    item->vals = fk_arena_alloc(c->arena, cap * sizeof *item->vals);
    if (!item->vals)
        return fk_errf(c->err, "%s: out of memory", c->file);
    if (vn->type == YAML_SEQUENCE_NODE) {
        if (nin == 0)
            return bad(c, vn, "an empty value list%s", NULL);
        for (yaml_node_item_t *it = vn->data.sequence.items.start; it < vn->data.sequence.items.top;
             it++) {
            size_t before = item->nvals;
            if (compile_value(c, node_of(c, *it), &m, item->vals, &item->nvals, cap))
                return -1;
            /* the variants a transformation made of one written value are alternatives
             * to each other; |all asks for every written value */
            for (size_t v = before; v < item->nvals; v++)
                item->vals[v].source = (int)(it - vn->data.sequence.items.start);
        }
    } else if (compile_value(c, vn, &m, item->vals, &item->nvals, cap)) {
        return -1;
    }
    return 0;
}

static int compile_group(ctx *c, yaml_node_t *map, fk_sigma_group *g)
{
    size_t n = (size_t)(map->data.mapping.pairs.top - map->data.mapping.pairs.start);
    g->items = fk_arena_alloc(c->arena, (n ? n : 1) * sizeof *g->items);
    if (!g->items)
        return fk_errf(c->err, "%s: out of memory", c->file);
    g->nitems = 0;
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top;
         p++) {
        const char *key = scalar(node_of(c, p->key));
        if (!key)
            return bad(c, map, "a field name must be a scalar%s", NULL);
        if (compile_item(c, key, node_of(c, p->value), &g->items[g->nitems]))
            return -1;
        g->nitems++;
    }
    return 0;
}

static int compile_search(ctx *c, const char *name, yaml_node_t *v, fk_sigma_search *s)
{
    memset(s, 0, sizeof *s);
    s->name = dup(c, name, strlen(name));
    if (!s->name)
        return -1;
    if (v->type == YAML_MAPPING_NODE) {
        s->groups = fk_arena_alloc(c->arena, sizeof *s->groups);
        if (!s->groups)
            return fk_errf(c->err, "%s: out of memory", c->file);
        s->ngroups = 1;
        return compile_group(c, v, &s->groups[0]);
    }
    if (v->type == YAML_SCALAR_NODE) { /* one keyword */
        s->groups = fk_arena_alloc(c->arena, sizeof *s->groups);
        fk_sigma_item *it = fk_arena_alloc(c->arena, sizeof *it);
        if (!s->groups || !it)
            return fk_errf(c->err, "%s: out of memory", c->file);
        s->groups[0] = (fk_sigma_group){it, 1};
        s->ngroups = 1;
        return compile_item(c, NULL, v, it);
    }
    size_t n = (size_t)(v->data.sequence.items.top - v->data.sequence.items.start);
    if (n == 0)
        return bad(c, v, "search identifier \"%s\" is an empty list", name);
    bool maps = false, scalars = false;
    for (yaml_node_item_t *it = v->data.sequence.items.start; it < v->data.sequence.items.top;
         it++) {
        yaml_node_t *x = node_of(c, *it);
        maps |= x->type == YAML_MAPPING_NODE;
        scalars |= x->type == YAML_SCALAR_NODE;
        if (x->type == YAML_SEQUENCE_NODE)
            return bad(c, x, "search identifier \"%s\": a list inside a list", name);
    }
    if (maps && scalars)
        return bad(c, v, "search identifier \"%s\" mixes keywords and maps", name);
    if (scalars) { /* a keyword list: one item, any of the values */
        s->groups = fk_arena_alloc(c->arena, sizeof *s->groups);
        fk_sigma_item *it = fk_arena_alloc(c->arena, sizeof *it);
        if (!s->groups || !it)
            return fk_errf(c->err, "%s: out of memory", c->file);
        s->groups[0] = (fk_sigma_group){it, 1};
        s->ngroups = 1;
        return compile_item(c, NULL, v, it);
    }
    s->groups = fk_arena_alloc(c->arena, n * sizeof *s->groups);
    if (!s->groups)
        return fk_errf(c->err, "%s: out of memory", c->file);
    for (yaml_node_item_t *it = v->data.sequence.items.start; it < v->data.sequence.items.top; it++)
        if (compile_group(c, node_of(c, *it), &s->groups[s->ngroups++]))
            return -1;
    return 0;
}

/* ---- rules ----------------------------------------------------------------------- */

static int64_t parse_timespan(const char *s)
{
    char *end;
    long long v = strtoll(s, &end, 10);
    if (end == s || v <= 0)
        return -1;
    int64_t unit = !strcmp(end, "s")   ? 1000
                   : !strcmp(end, "m") ? 60000
                   : !strcmp(end, "h") ? 3600000
                   : !strcmp(end, "d") ? 86400000
                   : !strcmp(end, "w") ? 7 * 86400000LL
                   : !strcmp(end, "M") ? 30 * 86400000LL
                   : !strcmp(end, "y") ? 365 * 86400000LL
                                       : -1;
    return unit < 0 ? -1 : v * unit;
}

static const char **str_list(ctx *c, yaml_node_t *n, size_t *count)
{
    *count = 0;
    if (!n)
        return NULL;
    if (n->type == YAML_SCALAR_NODE) {
        const char **l = fk_arena_alloc(c->arena, sizeof *l);
        if (!l || !(l[0] = dup(c, scalar(n), strlen(scalar(n)))))
            return NULL;
        *count = 1;
        return l;
    }
    if (n->type != YAML_SEQUENCE_NODE)
        return NULL;
    size_t k = (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
    const char **l = fk_arena_alloc(c->arena, (k ? k : 1) * sizeof *l);
    if (!l)
        return NULL;
    for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top;
         it++) {
        const char *s = scalar(node_of(c, *it));
        if (s && (l[*count] = dup(c, s, strlen(s))))
            (*count)++;
    }
    return l;
}

static int parse_correlation(ctx *c, yaml_node_t *corr, fk_sigma_rule *r)
{
    const char *type = scalar(map_get(c, corr, "type"));
    static const struct {
        const char *name;
        fk_corr_type t;
    } types[] = {{"event_count", FK_CORR_EVENT_COUNT},
                 {"value_count", FK_CORR_VALUE_COUNT},
                 {"temporal", FK_CORR_TEMPORAL},
                 {"temporal_ordered", FK_CORR_TEMPORAL_ORDERED},
                 {"value_sum", FK_CORR_VALUE_SUM},
                 {"value_avg", FK_CORR_VALUE_AVG},
                 {"value_percentile", FK_CORR_VALUE_PERCENTILE}};
    for (size_t i = 0; type && i < sizeof types / sizeof types[0]; i++)
        if (!strcmp(type, types[i].name))
            r->corr = types[i].t;
    if (!r->corr)
        return bad(c, corr,
                   "correlation type \"%s\" is not one of event_count, value_count, "
                   "temporal, temporal_ordered, value_sum, value_avg, value_percentile",
                   type ? type : "(missing)");
    r->corr_rules = str_list(c, map_get(c, corr, "rules"), &r->ncorr_rules);
    if (!r->ncorr_rules)
        return bad(c, corr, "correlation: \"rules\" lists no rule%s", NULL);
    if (r->ncorr_rules > 64) /* the window counts hits per rule in 64 slots */
        return bad(c, corr, "correlation: \"rules\" lists more than 64 rules%s", NULL);
    r->group_by = str_list(c, map_get(c, corr, "group-by"), &r->ngroup_by);
    const char *ts = scalar(map_get(c, corr, "timespan"));
    if (!ts)
        ts = scalar(map_get(c, corr, "timeframe"));
    if (!ts || (r->timespan_ms = parse_timespan(ts)) <= 0)
        return bad(c, corr, "correlation: \"timespan\" such as 5m or 1h is expected (got \"%s\")",
                   ts ? ts : "nothing");
    const char *gen = scalar(map_get(c, corr, "generate"));
    r->generate = gen && (!strcmp(gen, "true") || !strcmp(gen, "yes"));
    yaml_node_t *cond = map_get(c, corr, "condition");
    bool temporal = r->corr == FK_CORR_TEMPORAL || r->corr == FK_CORR_TEMPORAL_ORDERED;
    if (!cond && !temporal)
        return bad(c, corr, "correlation: \"condition\" (such as gte: 10) is missing%s", NULL);
    if (cond && cond->type == YAML_MAPPING_NODE) {
        for (yaml_node_pair_t *p = cond->data.mapping.pairs.start; p < cond->data.mapping.pairs.top;
             p++) {
            const char *k = scalar(node_of(c, p->key)), *v = scalar(node_of(c, p->value));
            if (!k || !v)
                return bad(c, cond, "correlation condition: scalar keys and values expected%s",
                           NULL);
            if (!strcmp(k, "field")) {
                r->corr_field = dup(c, v, strlen(v));
                continue;
            }
            fk_sv_cmp cmp;
            if (!cmp_parse(k, true, &cmp))
                return bad(c, cond, "correlation condition: unknown operator \"%s\"", k);
            char *end;
            double d = strtod(v, &end);
            if (end == v || *end)
                return bad(c, cond, "correlation condition: a number is expected, not \"%s\"", v);
            if (r->ncorr_bounds == 2)
                return bad(c, cond, "correlation condition: at most two bounds%s", NULL);
            r->corr_cmp[r->ncorr_bounds] = cmp;
            r->corr_bound[r->ncorr_bounds++] = d;
        }
    } else if (cond) {
        return bad(c, cond, "correlation condition: a map such as {gte: 10} is expected%s", NULL);
    }
    if (!temporal && !r->ncorr_bounds)
        return bad(c, corr, "correlation condition: no bound (gt, gte, lt, lte, eq)%s", NULL);
    if (temporal && !r->ncorr_bounds) { /* default: every rule seen */
        r->corr_cmp[0] = FK_CMP_GTE;
        r->corr_bound[0] = (double)r->ncorr_rules;
        r->ncorr_bounds = 1;
    }
    bool needs_field = r->corr == FK_CORR_VALUE_COUNT || r->corr == FK_CORR_VALUE_SUM ||
                       r->corr == FK_CORR_VALUE_AVG || r->corr == FK_CORR_VALUE_PERCENTILE;
    if (needs_field && !r->corr_field)
        return bad(c, cond, "correlation \"%s\" needs condition: field:", type);
    r->percentile = 95;
    const char *pct = scalar(map_get(c, cond, "percentile"));
    if (pct)
        r->percentile = atof(pct);
    yaml_node_t *al = map_get(c, corr, "aliases");
    if (al && al->type == YAML_MAPPING_NODE) {
        size_t n = (size_t)(al->data.mapping.pairs.top - al->data.mapping.pairs.start);
        r->aliases = fk_arena_alloc(c->arena, (n ? n : 1) * sizeof *r->aliases);
        if (!r->aliases)
            return fk_errf(c->err, "%s: out of memory", c->file);
        for (yaml_node_pair_t *p = al->data.mapping.pairs.start; p < al->data.mapping.pairs.top;
             p++) {
            fk_sigma_alias *a = &r->aliases[r->naliases];
            memset(a, 0, sizeof *a);
            yaml_node_t *m = node_of(c, p->value);
            const char *name = scalar(node_of(c, p->key));
            if (!name || !m || m->type != YAML_MAPPING_NODE)
                return bad(c, al, "aliases: name: {rule: field, ...} expected%s", NULL);
            a->name = dup(c, name, strlen(name));
            size_t k = (size_t)(m->data.mapping.pairs.top - m->data.mapping.pairs.start);
            a->rules = fk_arena_alloc(c->arena, (k ? k : 1) * sizeof *a->rules);
            a->fields = fk_arena_alloc(c->arena, (k ? k : 1) * sizeof *a->fields);
            if (!a->name || !a->rules || !a->fields)
                return fk_errf(c->err, "%s: out of memory", c->file);
            for (yaml_node_pair_t *q = m->data.mapping.pairs.start; q < m->data.mapping.pairs.top;
                 q++) {
                const char *rk = scalar(node_of(c, q->key)), *fv = scalar(node_of(c, q->value));
                if (!rk || !fv)
                    return bad(c, m, "aliases: rule: field pairs expected%s", NULL);
                a->rules[a->n] = dup(c, rk, strlen(rk));
                a->fields[a->n++] = dup(c, fv, strlen(fv));
            }
            r->naliases++;
        }
    }
    return 0;
}

/* The search identifiers and the condition of a detection map (or of a filter map,
 * whose "rules" key names its targets). */
static int parse_detection(ctx *c, yaml_node_t *det, fk_sigma_rule *r, bool filter)
{
    size_t n = (size_t)(det->data.mapping.pairs.top - det->data.mapping.pairs.start);
    r->searches = fk_arena_alloc(c->arena, (n ? n : 1) * sizeof *r->searches);
    const char **names = fk_arena_alloc(c->arena, (n ? n : 1) * sizeof *names);
    if (!r->searches || !names)
        return fk_errf(c->err, "%s: out of memory", c->file);
    yaml_node_t *cond = NULL;
    for (yaml_node_pair_t *p = det->data.mapping.pairs.start; p < det->data.mapping.pairs.top;
         p++) {
        const char *key = scalar(node_of(c, p->key));
        yaml_node_t *v = node_of(c, p->value);
        if (!key)
            return bad(c, det, "a search identifier must be a scalar%s", NULL);
        if (!strcmp(key, "condition")) {
            cond = v;
            continue;
        }
        /* timeframe: the Sigma 1 aggregation window (the condition says if it is used);
         * rules: what a filter applies to */
        if (!strcmp(key, "timeframe") || (filter && !strcmp(key, "rules")))
            continue;
        if (compile_search(c, key, v, &r->searches[r->nsearches]))
            return -1;
        names[r->nsearches] = r->searches[r->nsearches].name;
        r->nsearches++;
    }
    if (!cond)
        return bad(c, det, "no condition%s", NULL);
    size_t nc = cond->type == YAML_SEQUENCE_NODE
                    ? (size_t)(cond->data.sequence.items.top - cond->data.sequence.items.start)
                    : 1;
    r->conds = fk_arena_alloc(c->arena, (nc ? nc : 1) * sizeof *r->conds);
    if (!r->conds)
        return fk_errf(c->err, "%s: out of memory", c->file);
    for (size_t i = 0; i < nc; i++) {
        yaml_node_t *cn = cond->type == YAML_SEQUENCE_NODE
                              ? node_of(c, cond->data.sequence.items.start[i])
                              : cond;
        const char *text = scalar(cn);
        if (!text)
            return bad(c, cn, "a condition must be text%s", NULL);
        fk_err e;
        if (fk_cond_parse(text, names, (int)r->nsearches, c->arena, &r->conds[r->nconds], &e))
            return bad(c, cn, "%s", e.msg);
        r->nconds++;
    }
    return 0;
}

static int parse_rule(ctx *c, yaml_node_t *root, fk_sigma_rule *r)
{
    memset(r, 0, sizeof *r);
    c->current = r;
    r->file = dup(c, c->file, strlen(c->file));
    r->title = str_of(c, root, "title");
    c->rule = r->title;
    r->id = str_of(c, root, "id");
    r->name = str_of(c, root, "name");
    r->level = str_of(c, root, "level");
    r->status = str_of(c, root, "status");
    r->description = str_of(c, root, "description");
    r->tags = str_list(c, map_get(c, root, "tags"), &r->ntags);
    if (!r->title)
        return bad(c, root, "no title%s", NULL);
    yaml_node_t *corr = map_get(c, root, "correlation");
    if (corr)
        return parse_correlation(c, corr, r);
    yaml_node_t *ls = map_get(c, root, "logsource");
    if (ls) {
        r->product = str_of(c, ls, "product");
        r->category = str_of(c, ls, "category");
        r->service = str_of(c, ls, "service");
    }
    yaml_node_t *det = map_get(c, root, "detection");
    yaml_node_t *filt = map_get(c, root, "filter");
    if (!det && filt) {
        if (filt->type != YAML_MAPPING_NODE)
            return bad(c, filt, "filter must be a map%s", NULL);
        r->filter = true;
        yaml_node_t *targets = map_get(c, filt, "rules");
        const char *one = targets ? scalar(targets) : NULL;
        if (!targets)
            return bad(c, filt, "filter: no rules (a list of rule ids or names, or any)%s", NULL);
        if (one && !strcmp(one, "any")) {
            r->filter_any = true;
        } else {
            r->filter_rules = str_list(c, targets, &r->nfilter_rules);
            if (!r->nfilter_rules)
                return bad(c, targets, "filter: rules must name rules by id or name, or be any%s",
                           NULL);
        }
        return parse_detection(c, filt, r, true);
    }
    if (!det || det->type != YAML_MAPPING_NODE)
        return bad(c, root, "no detection map%s", NULL);
    return parse_detection(c, det, r, false);
}

void fk_sigma_rule_release(fk_sigma_rule *r)
{
    for (fk_sigma_regex *x = r->regexes; x; x = x->next) {
        pcre2_code_free(x->re);
        pcre2_match_data_free(x->md);
    }
    r->regexes = NULL;
}

int fk_sigma_parse(const char *text, size_t n, const char *file, const fk_sigma_placeholders *ph,
                   fk_arena *arena, fk_sigma_rule **rules, size_t *nrules, size_t *cap, fk_err *err,
                   fk_err *warn)
{
    yaml_parser_t p;
    yaml_parser_initialize(&p);
    yaml_parser_set_input_string(&p, (const unsigned char *)text, n);
    int rc = 0;
    for (;;) {
        yaml_document_t doc;
        if (!yaml_parser_load(&p, &doc)) {
            rc = fk_errf(err, "%s:%zu: YAML: %s", file, p.problem_mark.line + 1,
                         p.problem ? p.problem : "cannot be parsed");
            break;
        }
        yaml_node_t *root = yaml_document_get_root_node(&doc);
        if (!root) {
            yaml_document_delete(&doc);
            break; /* end of the stream */
        }
        if (is_null(root)) { /* an empty document, as after a trailing "---" */
            yaml_document_delete(&doc);
            continue;
        }
        ctx c = {&doc, arena, file, NULL, ph, err, warn, NULL};
        if (root->type != YAML_MAPPING_NODE) {
            rc = bad(&c, root, "a rule must be a map%s", NULL);
            yaml_document_delete(&doc);
            break;
        }
        if (*nrules == *cap) {
            size_t ncap = *cap ? *cap * 2 : 64;
            fk_sigma_rule *nr = realloc(*rules, ncap * sizeof *nr);
            if (!nr) {
                rc = fk_errf(err, "%s: out of memory", file);
                yaml_document_delete(&doc);
                break;
            }
            *rules = nr;
            *cap = ncap;
        }
        fk_sigma_rule *r = &(*rules)[*nrules];
        if (parse_rule(&c, root, r) != 0) {
            fk_sigma_rule_release(r);
            rc = -1;
            yaml_document_delete(&doc);
            break;
        }
        (*nrules)++;
        yaml_document_delete(&doc);
    }
    yaml_parser_delete(&p);
    return rc;
}

int fk_sigma_placeholders_parse(const char *text, size_t n, const char *file, fk_arena *arena,
                                fk_sigma_placeholders *out, fk_err *err)
{
    memset(out, 0, sizeof *out);
    yaml_parser_t p;
    yaml_document_t doc;
    yaml_parser_initialize(&p);
    yaml_parser_set_input_string(&p, (const unsigned char *)text, n);
    if (!yaml_parser_load(&p, &doc)) {
        int rc = fk_errf(err, "%s:%zu: YAML: %s", file, p.problem_mark.line + 1,
                         p.problem ? p.problem : "cannot be parsed");
        yaml_parser_delete(&p);
        return rc;
    }
    ctx c = {&doc, arena, file, "placeholders", NULL, err, NULL, NULL};
    yaml_node_t *root = yaml_document_get_root_node(&doc);
    int rc = 0;
    if (root && root->type != YAML_MAPPING_NODE) {
        rc = fk_errf(err, "%s:%d: placeholders: a map of name: [values] is expected", file,
                     line_of(root));
    } else if (root) {
        size_t k = (size_t)(root->data.mapping.pairs.top - root->data.mapping.pairs.start);
        out->names = fk_arena_alloc(arena, (k ? k : 1) * sizeof *out->names);
        out->values = fk_arena_alloc(arena, (k ? k : 1) * sizeof *out->values);
        out->nvalues = fk_arena_alloc(arena, (k ? k : 1) * sizeof *out->nvalues);
        if (!out->names || !out->values || !out->nvalues)
            rc = fk_errf(err, "%s: out of memory", file);
        for (yaml_node_pair_t *pr = root->data.mapping.pairs.start;
             !rc && pr < root->data.mapping.pairs.top; pr++) {
            const char *name = scalar(node_of(&c, pr->key));
            yaml_node_t *v = node_of(&c, pr->value);
            if (!name || (v->type != YAML_SEQUENCE_NODE && v->type != YAML_SCALAR_NODE)) {
                rc = fk_errf(err, "%s:%d: placeholder: name: [values] expected", file, line_of(v));
                break;
            }
            out->names[out->n] = dup(&c, name, strlen(name));
            out->values[out->n] = str_list(&c, v, &out->nvalues[out->n]);
            out->n++;
        }
    }
    yaml_document_delete(&doc);
    yaml_parser_delete(&p);
    return rc;
}

/* ---- matching -------------------------------------------------------------------- */

static inline unsigned char fold(unsigned char ch)
{
    return ch >= 'A' && ch <= 'Z' ? ch | 0x20 : ch;
}

static bool eq_at(const char *t, const char *p, size_t n, bool cased)
{
    if (cased)
        return memcmp(t, p, n) == 0;
    for (size_t i = 0; i < n; i++)
        if (fold((unsigned char)t[i]) != (unsigned char)p[i])
            return false;
    return true;
}

static bool find(const char *t, size_t tn, const char *p, size_t pn, bool cased)
{
    if (pn == 0)
        return true;
    if (pn > tn)
        return false;
    unsigned char first = (unsigned char)p[0];
    for (size_t i = 0; i + pn <= tn; i++) {
        unsigned char ch = (unsigned char)t[i];
        if ((cased ? ch : fold(ch)) == first && eq_at(t + i, p, pn, cased))
            return true;
    }
    return false;
}

/* Glob with '\1' = any run, '\2' = one byte; iterative with one backtrack point, which is
 * enough for '*' (each later star supersedes the earlier one). */
static bool glob(const char *t, size_t tn, const char *p, size_t pn, bool cased)
{
    size_t ti = 0, pi = 0, star_p = (size_t)-1, star_t = 0;
    while (ti < tn) {
        if (pi < pn && p[pi] == '\1') {
            star_p = ++pi;
            star_t = ti;
        } else if (pi < pn &&
                   (p[pi] == '\2' || (cased ? (unsigned char)t[ti] : fold((unsigned char)t[ti])) ==
                                         (unsigned char)p[pi])) {
            pi++;
            ti++;
        } else if (star_p != (size_t)-1) {
            pi = star_p;
            ti = ++star_t;
        } else {
            return false;
        }
    }
    while (pi < pn && p[pi] == '\1')
        pi++;
    return pi == pn;
}

/* Text against a value's text: folded says t is already lower-cased, so a
 * case-insensitive value compares bytes (and memmem does the search). */
static bool text_cmp(fk_sv_anchor anchor, bool cased, const char *t, size_t tn, const char *p,
                     size_t pn)
{
    switch (anchor) {
    case FK_AT_EXACT: return tn == pn && eq_at(t, p, pn, cased);
    case FK_AT_PREFIX: return tn >= pn && eq_at(t, p, pn, cased);
    case FK_AT_SUFFIX: return tn >= pn && eq_at(t + tn - pn, p, pn, cased);
    case FK_AT_CONTAINS:
        return cased ? pn == 0 || memmem(t, tn, p, pn) != NULL : find(t, tn, p, pn, cased);
    }
    return false;
}

static bool text_match(const fk_sigma_value *v, const char *t, size_t tn, bool folded)
{
    bool cased = v->cased || folded;
    if (v->wild)
        return glob(t, tn, v->glob, v->globn, cased);
    return text_cmp(v->anchor, cased, t, tn, v->text, v->n);
}

bool fk_sigma_number(fk_str s, double *out)
{
    char buf[64];
    if (s.n == 0 || s.n >= sizeof buf)
        return false;
    memcpy(buf, s.p, s.n);
    buf[s.n] = '\0';
    char *end;
    *out = strtod(buf, &end);
    return end != buf && *end == '\0';
}

bool fk_sigma_compare(double a, fk_sv_cmp cmp, double b)
{
    switch (cmp) {
    case FK_CMP_EQ: return a == b;
    case FK_CMP_LT: return a < b;
    case FK_CMP_LTE: return a <= b;
    case FK_CMP_GT: return a > b;
    case FK_CMP_GTE: return a >= b;
    }
    return false;
}

static bool value_match(const fk_sigma_value *v, fk_str text, bool folded,
                        const fk_sigma_view *view)
{
    bool m = false;
    switch (v->kind) {
    case FK_SV_STRING: m = text_match(v, text.p, text.n, folded); break;
    case FK_SV_RE: {
        m = pcre2_match(v->re, (PCRE2_SPTR)text.p, text.n, 0, 0, v->md, NULL) >= 0;
        break;
    }
    case FK_SV_CIDR: {
        fk_ip ip;
        if (!fk_ip_parse(text.p, text.n, &ip) || ip.family != v->net.family)
            return false;
        fk_ip_mask(&ip, v->prefix);
        m = memcmp(ip.b, v->net.b, 16) == 0;
        break;
    }
    case FK_SV_NUM: {
        double d;
        m = fk_sigma_number(text, &d) && fk_sigma_compare(d, v->cmp, v->num);
        break;
    }
    case FK_SV_TIME: {
        int64_t ms;
        if (!fk_time_parse_any(text.p, text.n, 1970, &ms))
            return false;
        time_t secs = (time_t)(ms / 1000);
        struct tm tm;
        if (!gmtime_r(&secs, &tm))
            return false;
        int part = v->timepart == 0   ? tm.tm_min
                   : v->timepart == 1 ? tm.tm_hour
                   : v->timepart == 2 ? tm.tm_mday
                   : v->timepart == 3 ? (tm.tm_yday + 7 - (tm.tm_wday + 6) % 7) / 7
                   : v->timepart == 4 ? tm.tm_mon + 1
                                      : tm.tm_year + 1900;
        m = part == (int)v->num;
        break;
    }
    case FK_SV_FIELDREF: {
        fk_str other;
        if (!view || !view->get(view->ctx, v->text, &other))
            return false;
        /* the referenced value is compared as text, case-insensitively */
        char buf[1024];
        if (other.n > sizeof buf)
            return false;
        for (size_t i = 0; i < other.n; i++)
            buf[i] = (char)fold((unsigned char)other.p[i]);
        m = text_cmp(v->anchor, false, text.p, text.n, buf, other.n);
        break;
    }
    case FK_SV_NEVER: return false;
    case FK_SV_EXISTS:
    case FK_SV_NULL: return false; /* decided by the item, which knows if the field exists */
    }
    return v->negate ? !m : m;
}

bool fk_sigma_value_match(const fk_sigma_value *v, fk_str text, const fk_sigma_view *view)
{
    return value_match(v, text, false, view);
}

typedef struct {
    const fk_sigma_value *v;
    const fk_sigma_view *view;
} kw_ctx;

static bool kw_one(fk_str s, void *arg)
{
    kw_ctx *k = arg;
    return fk_sigma_value_match(k->v, s, k->view);
}

/* The field's value as the view gives it, and its lower-cased copy fetched the first
 * time a case-insensitive text value needs it. */
typedef struct {
    bool have;
    fk_str val;
    int folded_state; /* 0 not asked, 1 have it, -1 the view cannot give it */
    fk_str folded;
} item_value;

static bool value_on_event(const fk_sigma_item *it, const fk_sigma_value *v, item_value *iv,
                           const fk_sigma_view *view)
{
    if (v->kind == FK_SV_EXISTS)
        return iv->have == v->exists;
    if (v->kind == FK_SV_NULL)
        return !iv->have || iv->val.n == 0;
    if (!it->field) {
        kw_ctx k = {v, view};
        return view->any(view->ctx, kw_one, &k);
    }
    if (!iv->have)
        return false;
    if (v->kind == FK_SV_STRING && !v->cased && view->get_folded) {
        if (iv->folded_state == 0)
            iv->folded_state = view->get_folded(view->ctx, it->field, &iv->folded) ? 1 : -1;
        if (iv->folded_state > 0)
            return value_match(v, iv->folded, true, view);
    }
    return value_match(v, iv->val, false, view);
}

static bool item_match(const fk_sigma_item *it, const fk_sigma_view *view)
{
    item_value iv = {true, {"", 0}, 0, {"", 0}};
    if (it->field)
        iv.have = view->get(view->ctx, it->field, &iv.val);
    if (it->all) { /* every written value, by one of its variants */
        size_t i = 0;
        while (i < it->nvals) {
            int source = it->vals[i].source;
            bool hit = false;
            for (; i < it->nvals && it->vals[i].source == source; i++)
                hit = hit || value_on_event(it, &it->vals[i], &iv, view);
            if (!hit)
                return false;
        }
        return it->nvals > 0;
    }
    for (size_t i = 0; i < it->nvals; i++)
        if (value_on_event(it, &it->vals[i], &iv, view))
            return true;
    return false;
}

typedef struct {
    const fk_sigma_rule *r;
    const fk_sigma_view *view;
    signed char *memo; /* -1 unknown, 0, 1 */
} eval_ctx;

static bool search_value(int id, void *arg)
{
    eval_ctx *e = arg;
    if (e->memo[id] >= 0)
        return e->memo[id];
    const fk_sigma_search *s = &e->r->searches[id];
    bool any = false;
    for (size_t g = 0; g < s->ngroups && !any; g++) {
        bool all = true;
        for (size_t i = 0; i < s->groups[g].nitems && all; i++)
            all = item_match(&s->groups[g].items[i], e->view);
        any = all;
    }
    e->memo[id] = any;
    return any;
}

bool fk_sigma_rule_match(const fk_sigma_rule *r, const fk_sigma_view *view)
{
    signed char memo_small[64], *memo = memo_small;
    if (r->nsearches > sizeof memo_small) {
        memo = malloc(r->nsearches);
        if (!memo)
            return false;
    }
    memset(memo, -1, r->nsearches);
    eval_ctx e = {r, view, memo};
    bool m = false;
    for (size_t i = 0; i < r->nconds && !m; i++)
        m = fk_cond_eval(r->conds[i], search_value, &e);
    if (memo != memo_small)
        free(memo);
    return m;
}
