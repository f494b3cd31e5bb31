#include "nvd_stream.h"

#include "cpe.h"
#include "nvd.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yajl/yajl_gen.h>
#include <yajl/yajl_parse.h>

enum { MAX_DEPTH = 64 };

/* Where the parser is: one frame per open map or array. */
typedef struct frame {
    bool map;
    char key[48]; /* the map's current key (cut to fit: only short keys are looked at) */
    size_t index; /* the array's current element */
    json_t *node; /* the container being built, when inside a CVE being built */
} frame;

/* The cpeMatch entry being read. */
typedef struct match_state {
    char criteria[1024];
    bool has_criteria, vulnerable, has_vulnerable, criteria_long;
} match_state;

typedef struct stream {
    fk_err *err;
    bool failed;
    frame f[MAX_DEPTH];
    int depth;     /* frames open */
    int cve;       /* depth of the CVE object's frame (1-based), 0 when not in one */
    int configs;   /* depth of its configurations array's frame, 0 when not in it */
    size_t record; /* its index in vulnerabilities */
    yajl_gen gen;  /* the configurations' text */
    json_t *products;
    match_state m;
    int skip;        /* depth of a value not needed (its frames are not built), 0 for none */
    json_t *records; /* every record of the page, handed on at the end */
    bool saw_list;
} stream;

static int fail(stream *s, fk_err_code code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int fail(stream *s, fk_err_code code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(s->err->msg, sizeof s->err->msg, fmt, ap);
    va_end(ap);
    s->err->code = code;
    s->failed = true;
    return 0; /* stops yajl */
}

static const char *cve_id(stream *s)
{
    const char *id =
        s->cve ? json_string_value(json_object_get(s->f[s->cve - 1].node, "id")) : NULL;
    return id ? id : "no id yet";
}

/* "configurations[1].nodes[0].cpeMatch[3]" for the frames from the configurations down. */
static void config_path(stream *s, char *out, size_t cap)
{
    size_t n = (size_t)snprintf(out, cap, "cve.configurations");
    for (int d = s->configs - 1; d < s->depth && n < cap; d++) {
        if (!s->f[d].map)
            n += (size_t)snprintf(out + n, cap - n, "[%zu]", s->f[d].index);
        else if (d + 1 < s->depth)
            n += (size_t)snprintf(out + n, cap - n, ".%s", s->f[d].key);
    }
}

static int config_fail(stream *s, const char *field, const char *what)
{
    char path[200];
    config_path(s, path, sizeof path);
    return fail(s, FK_ERR_INVALID, "vulnerabilities[%zu] (%s): %s%s%s: %s", s->record, cve_id(s),
                path, field ? "." : "", field ? field : "", what);
}

/* How deep inside the configurations: 1 the array, 2 a configuration, 3 its nodes, 4 a
 * node, 5 its cpeMatch, 6 a match. */
static int config_level(const stream *s)
{
    return s->configs ? s->depth - s->configs + 1 : 0;
}

static const char *current_key(const stream *s)
{
    return s->depth && s->f[s->depth - 1].map ? s->f[s->depth - 1].key : NULL;
}

/* A scalar inside the configurations: written out, and checked where it matters. */
static int config_scalar(stream *s, const char *str, size_t len, int kind)
{
    const char *key = current_key(s);
    int level = config_level(s);
    if (!key)
        s->f[s->depth - 1].index++;
    if (key && ((level == 2 && !strcmp(key, "nodes")) || (level == 4 && !strcmp(key, "cpeMatch"))))
        return config_fail(s, key, "expected an array");
    if (level == 1 || level == 3 || level == 5)
        return config_fail(s, NULL, "expected an object");
    if (key && (level == 2 || level == 4) && !strcmp(key, "operator") &&
        (kind != 's' ||
         !((len == 3 && !memcmp(str, "AND", 3)) || (len == 2 && !memcmp(str, "OR", 2)))))
        return config_fail(s, "operator", "expected AND or OR");
    if (key && level == 6) {
        if (!strcmp(key, "criteria")) {
            if (kind != 's')
                return config_fail(s, "criteria", "expected a CPE 2.3 name");
            s->m.has_criteria = true;
            s->m.criteria_long = len >= sizeof s->m.criteria;
            size_t n = s->m.criteria_long ? sizeof s->m.criteria - 1 : len;
            memcpy(s->m.criteria, str, n);
            s->m.criteria[n] = '\0';
        } else if (!strcmp(key, "vulnerable")) {
            if (kind != 'b')
                return config_fail(s, "vulnerable", "expected true or false");
            s->m.has_vulnerable = true;
            s->m.vulnerable = len != 0;
        } else if (!strncmp(key, "version", 7) &&
                   (!strcmp(key, "versionStartIncluding") ||
                    !strcmp(key, "versionStartExcluding") || !strcmp(key, "versionEndIncluding") ||
                    !strcmp(key, "versionEndExcluding")) &&
                   (kind != 's' || len == 0))
            return config_fail(s, key, "expected a version");
    }
    yajl_gen_status g;
    switch (kind) {
    case 's': g = yajl_gen_string(s->gen, (const unsigned char *)str, len); break;
    case 'n': g = yajl_gen_number(s->gen, str, len); break;
    case 'b': g = yajl_gen_bool(s->gen, len != 0); break;
    default: g = yajl_gen_null(s->gen); break;
    }
    return g == yajl_gen_status_ok ? 1 : fail(s, FK_ERR_NOMEM, "out of memory");
}

/* A scalar of the CVE being built (outside its configurations). */
static int tree_scalar(stream *s, json_t *v)
{
    if (!v)
        return fail(s, FK_ERR_NOMEM, "out of memory");
    frame *p = &s->f[s->depth - 1];
    int rc = p->map ? json_object_set_new(p->node, p->key, v) : json_array_append_new(p->node, v);
    if (!p->map)
        p->index++;
    return rc == 0 ? 1 : fail(s, FK_ERR_NOMEM, "out of memory");
}

/* Whether a value of the CVE under the current key is one the record is made from:
 * building the others (tags, vendor comments, each reference's source and tags) would
 * be most of the tree for nothing. */
static bool needed(const stream *s)
{
    static const char *const top[] = {"id",
                                      "published",
                                      "lastModified",
                                      "vulnStatus",
                                      "descriptions",
                                      "metrics",
                                      "weaknesses",
                                      "references",
                                      "cisaExploitAdd",
                                      "cisaActionDue",
                                      "cisaRequiredAction",
                                      "cisaVulnerabilityName",
                                      NULL};
    const frame *f = &s->f[s->depth - 1];
    if (s->depth == s->cve) {
        for (int i = 0; top[i]; i++)
            if (!strcmp(f->key, top[i]))
                return true;
        return false;
    }
    /* a reference: its url only */
    if (s->depth == s->cve + 2 && f->map && !strcmp(s->f[s->cve - 1].key, "references"))
        return !strcmp(f->key, "url");
    return true;
}

static int scalar(stream *s, const char *str, size_t len, int kind)
{
    if (s->failed)
        return 0;
    if (s->configs)
        return config_scalar(s, str, len, kind);
    if (s->skip)
        return 1;
    if (s->cve && !needed(s))
        return 1;
    if (s->depth && !s->f[s->depth - 1].map && !s->cve)
        s->f[s->depth - 1].index++;
    if (!s->cve)
        return 1; /* the envelope's fields: not needed */
    json_t *v;
    switch (kind) {
    case 's': v = json_stringn(str, len); break;
    case 'b': v = json_boolean(len != 0); break;
    case 'z': v = json_null(); break;
    default: {
        char buf[64];
        size_t n = len < sizeof buf - 1 ? len : sizeof buf - 1;
        memcpy(buf, str, n);
        buf[n] = '\0';
        bool real = memchr(buf, '.', n) || memchr(buf, 'e', n) || memchr(buf, 'E', n);
        v = real ? json_real(strtod(buf, NULL)) : json_integer(strtoll(buf, NULL, 10));
    }
    }
    return tree_scalar(s, v);
}

static int on_null(void *ctx)
{
    return scalar(ctx, NULL, 0, 'z');
}
static int on_bool(void *ctx, int b)
{
    return scalar(ctx, NULL, (size_t)(b != 0), 'b');
}
static int on_number(void *ctx, const char *n, size_t len)
{
    return scalar(ctx, n, len, 'n');
}
static int on_string(void *ctx, const unsigned char *str, size_t len)
{
    return scalar(ctx, (const char *)str, len, 's');
}

static int on_key(void *ctx, const unsigned char *key, size_t len)
{
    stream *s = ctx;
    if (s->failed)
        return 0;
    frame *f = &s->f[s->depth - 1];
    size_t n = len < sizeof f->key - 1 ? len : sizeof f->key - 1;
    memcpy(f->key, key, n);
    f->key[n] = '\0';
    if (s->configs && yajl_gen_string(s->gen, key, len) != yajl_gen_status_ok)
        return fail(s, FK_ERR_NOMEM, "out of memory");
    return 1;
}

/* Whether the container opening now is the CVE object: {"vulnerabilities": [{"cve": ...}]} */
static bool opens_cve(const stream *s)
{
    return s->depth == 3 && s->f[0].map && !strcmp(s->f[0].key, "vulnerabilities") &&
           !s->f[1].map && s->f[2].map && !strcmp(s->f[2].key, "cve");
}

static int open_container(stream *s, bool map)
{
    if (s->failed)
        return 0;
    if (s->depth == MAX_DEPTH)
        return fail(s, FK_ERR_INVALID, "nested more than %d deep", MAX_DEPTH);
    if (s->configs) {
        const char *key = current_key(s);
        int level = config_level(s);
        if (map && key &&
            ((level == 2 && !strcmp(key, "nodes")) || (level == 4 && !strcmp(key, "cpeMatch"))))
            return config_fail(s, key, "expected an array");
        if (!map && (level == 1 || level == 3 || level == 5))
            return config_fail(s, NULL, "expected an object");
        yajl_gen_status g = map ? yajl_gen_map_open(s->gen) : yajl_gen_array_open(s->gen);
        s->f[s->depth++] = (frame){.map = map};
        if (map && config_level(s) == 6)
            memset(&s->m, 0, sizeof s->m);
        return g == yajl_gen_status_ok ? 1 : fail(s, FK_ERR_NOMEM, "out of memory");
    }
    if (s->cve && s->depth == s->cve && !strcmp(s->f[s->depth - 1].key, "configurations")) {
        if (map)
            return fail(s, FK_ERR_INVALID,
                        "vulnerabilities[%zu] (%s): cve.configurations: "
                        "expected an array",
                        s->record, cve_id(s));
        yajl_gen_reset(s->gen, NULL);
        yajl_gen_clear(s->gen);
        json_array_clear(s->products);
        s->f[s->depth++] = (frame){.map = false};
        s->configs = s->depth;
        return yajl_gen_array_open(s->gen) == yajl_gen_status_ok
                   ? 1
                   : fail(s, FK_ERR_NOMEM, "out of memory");
    }
    if (s->skip || (s->cve && !needed(s))) {
        if (!s->skip)
            s->skip = s->depth + 1;
        s->f[s->depth++] = (frame){.map = map};
        return 1;
    }
    json_t *node = NULL;
    if (s->cve) {
        node = map ? json_object() : json_array();
        if (!node || tree_scalar(s, node) != 1)
            return fail(s, FK_ERR_NOMEM, "out of memory");
    } else if (map && opens_cve(s)) {
        node = json_object();
        if (!node)
            return fail(s, FK_ERR_NOMEM, "out of memory");
        s->record = s->f[1].index;
        s->cve = s->depth + 1;
        yajl_gen_reset(s->gen, NULL);
        yajl_gen_clear(s->gen);
        json_array_clear(s->products);
    } else if (s->depth == 1 && !map && !strcmp(s->f[0].key, "vulnerabilities"))
        s->saw_list = true;
    s->f[s->depth++] = (frame){.map = map, .node = node};
    return 1;
}

static int on_start_map(void *ctx)
{
    return open_container(ctx, true);
}
static int on_start_array(void *ctx)
{
    return open_container(ctx, false);
}

/* A cpeMatch entry closes: its criteria must be a CPE name and say vulnerable or not. */
static int match_done(stream *s)
{
    if (!s->m.has_criteria)
        return config_fail(s, "criteria", "expected a CPE 2.3 name");
    fk_cpe name;
    fk_err cerr;
    if (s->m.criteria_long)
        return config_fail(s, "criteria", "longer than a CPE name may be");
    if (fk_cpe_unbind_fs(s->m.criteria, &name, &cerr) != 0)
        return config_fail(s, "criteria", cerr.msg);
    if (!s->m.has_vulnerable)
        return config_fail(s, "vulnerable", "expected true or false");
    char product[300];
    if (s->m.vulnerable && fk_vuln_vendor_product(s->m.criteria, product, sizeof product)) {
        size_t i;
        json_t *p;
        json_array_foreach(s->products, i, p) if (!strcmp(json_string_value(p), product)) return 1;
        if (json_array_append_new(s->products, json_string(product)) != 0)
            return fail(s, FK_ERR_NOMEM, "out of memory");
    }
    return 1;
}

static int by_text(const void *a, const void *b)
{
    return strcmp(json_string_value(*(json_t *const *)a), json_string_value(*(json_t *const *)b));
}

/* The CVE object closes: the record is made from its tree and its configurations. */
static int cve_done(stream *s, json_t *cve)
{
    const unsigned char *text = NULL;
    size_t len = 0;
    /* empty when the CVE had no configurations (the text was cleared when it opened) */
    bool had = yajl_gen_get_buf(s->gen, &text, &len) == yajl_gen_status_ok && len > 0;
    /* products sorted as the tree reader gives them */
    size_t n = json_array_size(s->products);
    json_t **items = n ? malloc(n * sizeof *items) : NULL, *sorted = json_array();
    if ((n && !items) || !sorted) {
        free(items);
        json_decref(sorted);
        return fail(s, FK_ERR_NOMEM, "out of memory");
    }
    for (size_t i = 0; i < n; i++)
        items[i] = json_array_get(s->products, i);
    if (n)
        qsort(items, n, sizeof *items, by_text);
    for (size_t i = 0; i < n; i++)
        json_array_append(sorted, items[i]);
    free(items);
    char where[48];
    snprintf(where, sizeof where, "vulnerabilities[%zu]", s->record);
    char *copy = had ? strndup((const char *)text, len) : NULL;
    json_t *rec;
    fk_err inner;
    int rc = fk_nvd_record_with(cve, where, copy ? copy : "[]", sorted, &rec, &inner);
    free(copy);
    json_decref(sorted);
    if (rc != 0)
        return fail(s, inner.code, "%s", inner.msg);
    if (json_array_append_new(s->records, rec) != 0)
        return fail(s, FK_ERR_NOMEM, "out of memory");
    return 1;
}

static int close_container(stream *s, bool map)
{
    if (s->failed)
        return 0;
    if (s->configs) {
        int level = config_level(s);
        if (map && level == 6 && match_done(s) != 1)
            return 0;
        yajl_gen_status g = map ? yajl_gen_map_close(s->gen) : yajl_gen_array_close(s->gen);
        if (g != yajl_gen_status_ok)
            return fail(s, FK_ERR_NOMEM, "out of memory");
        if (s->depth == s->configs)
            s->configs = 0;
        s->depth--;
        if (s->depth && !s->f[s->depth - 1].map)
            s->f[s->depth - 1].index++;
        return 1;
    }
    if (s->skip) {
        if (s->depth == s->skip)
            s->skip = 0;
        s->depth--;
        return 1;
    }
    frame *f = &s->f[--s->depth];
    if (s->cve && s->depth + 1 == s->cve) {
        int rc = cve_done(s, f->node);
        json_decref(f->node);
        s->cve = 0;
        if (rc != 1)
            return 0;
    }
    if (s->depth && !s->f[s->depth - 1].map && !s->cve)
        s->f[s->depth - 1].index++;
    return 1;
}

static int on_end_map(void *ctx)
{
    return close_container(ctx, true);
}
static int on_end_array(void *ctx)
{
    return close_container(ctx, false);
}

static const yajl_callbacks callbacks = {
    on_null,      on_bool, NULL,       NULL,           on_number,    on_string,
    on_start_map, on_key,  on_end_map, on_start_array, on_end_array,
};

int fk_nvd_read_stream(const char *data, size_t len, fk_vuln_sink sink, void *ctx, fk_err *err)
{
    stream s = {.err = err, .records = json_array(), .products = json_array()};
    yajl_handle h = NULL;
    s.gen = yajl_gen_alloc(NULL);
    if (s.records && s.products && s.gen)
        h = yajl_alloc(&callbacks, NULL, &s);
    if (!h) {
        json_decref(s.records);
        json_decref(s.products);
        if (s.gen)
            yajl_gen_free(s.gen);
        return fk_errc(err, FK_ERR_NOMEM, "out of memory");
    }
    yajl_status st = yajl_parse(h, (const unsigned char *)data, len);
    if (st == yajl_status_ok)
        st = yajl_complete_parse(h);
    int rc = 0;
    if (s.failed)
        rc = -1;
    else if (st != yajl_status_ok) {
        size_t at = yajl_get_bytes_consumed(h), line = 1;
        for (size_t i = 0; i < at && i < len; i++)
            line += data[i] == '\n';
        unsigned char *why = yajl_get_error(h, 0, (const unsigned char *)data, len);
        rc = fk_errf(err, "line %zu: not JSON: %s", line, why ? (const char *)why : "unreadable");
        size_t n = strlen(err->msg);
        while (n && (err->msg[n - 1] == '\n' || err->msg[n - 1] == ' '))
            err->msg[--n] = '\0';
        yajl_free_error(h, why);
    } else if (!s.saw_list)
        rc = 1; /* one record, not a page: the tree reader's */
    /* a failure part-way leaves the CVE being built open */
    for (int d = 0; d < s.depth; d++)
        if (s.cve && d + 1 == s.cve)
            json_decref(s.f[d].node);
    size_t i;
    json_t *rec;
    json_array_foreach(s.records, i, rec) if (rc == 0) rc = sink(ctx, rec, err) == 0 ? 0 : -1;
    json_decref(s.records);
    json_decref(s.products);
    yajl_gen_free(s.gen);
    yajl_free(h);
    return rc;
}
