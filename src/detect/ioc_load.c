#include "ioc_load.h"

#include "../decode/linereader.h"
#include "stix_pattern.h"

#include <csv.h>
#include <ctype.h>
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* A source of lines: a file (through the line reader, so lists may be gzipped) or a
 * buffer. */
typedef struct {
    fk_linereader reader;
    bool from_file;
    const char *data;
    size_t n, pos;
    uint64_t lineno;
} line_source;

static int source_next(line_source *src, const char **line, size_t *len, fk_err *err)
{
    if (src->from_file) {
        bool cut;
        int rc = fk_linereader_next(&src->reader, line, len, &cut, err);
        src->lineno = src->reader.lineno;
        if (rc == 1 && cut)
            return fk_errf(err, "%s:%llu: line longer than 1 MiB", src->reader.name,
                           (unsigned long long)src->lineno);
        return rc;
    }
    if (src->pos >= src->n)
        return 0;
    const char *p = src->data + src->pos;
    const char *nl = memchr(p, '\n', src->n - src->pos);
    size_t l = nl ? (size_t)(nl - p) : src->n - src->pos;
    src->pos += l + (nl ? 1 : 0);
    if (l && p[l - 1] == '\r')
        l--;
    *line = p;
    *len = l;
    src->lineno++;
    return 1;
}

static void trim(const char **s, size_t *n)
{
    while (*n && isspace((unsigned char)**s)) {
        (*s)++;
        (*n)--;
    }
    while (*n && isspace((unsigned char)(*s)[*n - 1]))
        (*n)--;
}

static int load_plain(fk_ioc_set *set, const char *name, line_source *src, uint32_t list,
                      fk_ioc_load_stats *stats, fk_err *err)
{
    const char *line;
    size_t n;
    int rc;
    while ((rc = source_next(src, &line, &n, err)) == 1) {
        if (src->lineno == 1 && n >= 3 && memcmp(line, "\xEF\xBB\xBF", 3) == 0) {
            line += 3; /* UTF-8 byte order mark */
            n -= 3;
        }
        const char *hash = memchr(line, '#', n);
        const char *comment = NULL;
        size_t clen = 0;
        /* '#' opens a comment at the start or after white space (URLs keep fragments) */
        while (hash && hash != line && !isspace((unsigned char)hash[-1]))
            hash = memchr(hash + 1, '#', n - (size_t)(hash + 1 - line));
        if (hash) {
            comment = hash + 1;
            clen = n - (size_t)(comment - line);
            n = (size_t)(hash - line);
            trim(&comment, &clen);
        }
        trim(&line, &n);
        if (n == 0)
            continue;
        char label[512];
        snprintf(label, sizeof label, "%.*s", (int)clen, comment ? comment : "");
        fk_err e;
        if (fk_ioc_add_text(set, line, n, list, (uint32_t)src->lineno, NULL, label, &e) != 0)
            return fk_errf(err, "%s:%llu: %s", name, (unsigned long long)src->lineno, e.msg);
        stats->loaded++;
    }
    return rc < 0 ? -1 : 0;
}

/* ---- CSV ---- */

#define CSV_MAX_COLS 64

typedef struct {
    fk_ioc_set *set;
    const char *name;
    uint32_t list;
    const char *column;
    int value_col, id_col, label_col; /* 0-based, -1 = unknown */
    bool header_done;
    char *cells[CSV_MAX_COLS];
    size_t ncells;
    uint64_t lineno, rows;
    fk_ioc_load_stats *stats;
    fk_err *err;
    bool failed;
} csv_ctx;

static void csv_cell(void *data, size_t n, void *vctx)
{
    csv_ctx *c = vctx;
    if (c->ncells >= CSV_MAX_COLS)
        return;
    char *s = malloc(n + 1);
    if (!s) {
        c->failed = c->failed || fk_errf(c->err, "out of memory") != 0;
        return;
    }
    if (n)
        memcpy(s, data, n);
    s[n] = '\0';
    c->cells[c->ncells++] = s;
}

static bool looks_like_indicator(const char *s)
{
    fk_ioc_set *probe = fk_ioc_set_new();
    if (!probe)
        return false;
    bool ok = fk_ioc_add_text(probe, s, strlen(s), 0, 0, NULL, NULL, NULL) == 0;
    fk_ioc_set_free(probe);
    return ok;
}

static int find_col(csv_ctx *c, const char *const *names)
{
    for (size_t i = 0; i < c->ncells; i++)
        for (const char *const *nm = names; *nm; nm++)
            if (strcasecmp(c->cells[i], *nm) == 0)
                return (int)i;
    return -1;
}

/* The first row decides the layout: a header row names columns, otherwise the
 * --ioc-column number (or the first column) holds the values. */
static void csv_header(csv_ctx *c)
{
    static const char *const value_names[] = {
        "indicator", "ioc", "value", "ip", "domain", "url", "hash", "address", "observable", NULL};
    static const char *const id_names[] = {"id", "uuid", "indicator_id", NULL};
    static const char *const label_names[] = {"label",  "description", "comment", "name",
                                              "threat", "malware",     "tags",    NULL};
    c->header_done = true;
    char *end = NULL;
    long num = c->column ? strtol(c->column, &end, 10) : 0;
    bool numeric = c->column && end && *end == '\0' && num > 0;
    bool header = false;
    if (c->column && !numeric) {
        c->value_col = -1;
        for (size_t i = 0; i < c->ncells; i++)
            if (strcasecmp(c->cells[i], c->column) == 0)
                c->value_col = (int)i;
        if (c->value_col < 0) {
            c->failed = fk_errf(c->err, "%s:1: no column named '%s' in the header", c->name,
                                c->column) != 0;
            return;
        }
        header = true;
    } else {
        c->value_col = numeric ? (int)num - 1 : -1;
        if (c->value_col < 0) {
            c->value_col = find_col(c, value_names);
            header = c->value_col >= 0;
            if (!header)
                c->value_col = 0;
        } else {
            header =
                (size_t)c->value_col < c->ncells && !looks_like_indicator(c->cells[c->value_col]);
        }
    }
    if (header) {
        c->id_col = find_col(c, id_names);
        c->label_col = find_col(c, label_names);
        if (c->label_col == c->value_col)
            c->label_col = -1;
    }
    c->rows = header ? 0 : 1;
}

static void csv_row(int term, void *vctx)
{
    (void)term;
    csv_ctx *c = vctx;
    bool first = !c->header_done;
    if (first)
        csv_header(c);
    if (!c->failed && !(first && c->rows == 0) && c->ncells > 0 &&
        !(c->ncells == 1 && c->cells[0][0] == '\0') && c->cells[0][0] != '#') {
        if ((size_t)c->value_col >= c->ncells) {
            c->failed =
                fk_errf(c->err, "%s:%llu: row has %zu columns, the indicator column is %d", c->name,
                        (unsigned long long)c->lineno, c->ncells, c->value_col + 1) != 0;
        } else {
            const char *v = c->cells[c->value_col];
            size_t n = strlen(v);
            while (n && isspace((unsigned char)*v)) {
                v++;
                n--;
            }
            while (n && isspace((unsigned char)v[n - 1]))
                n--;
            const char *id =
                c->id_col >= 0 && (size_t)c->id_col < c->ncells ? c->cells[c->id_col] : NULL;
            const char *label = c->label_col >= 0 && (size_t)c->label_col < c->ncells
                                    ? c->cells[c->label_col]
                                    : NULL;
            fk_err e;
            if (n &&
                fk_ioc_add_text(c->set, v, n, c->list, (uint32_t)c->lineno, id, label, &e) != 0)
                c->failed = fk_errf(c->err, "%s:%llu: column %d: %s", c->name,
                                    (unsigned long long)c->lineno, c->value_col + 1, e.msg) != 0;
            else if (n)
                c->stats->loaded++;
        }
    }
    for (size_t i = 0; i < c->ncells; i++)
        free(c->cells[i]);
    c->ncells = 0;
}

static int load_csv(fk_ioc_set *set, const char *name, line_source *src, uint32_t list,
                    const char *column, fk_ioc_load_stats *stats, fk_err *err)
{
    struct csv_parser p;
    if (csv_init(&p, 0) != 0)
        return fk_errf(err, "out of memory");
    csv_ctx c = {.set = set,
                 .name = name,
                 .list = list,
                 .column = column,
                 .id_col = -1,
                 .label_col = -1,
                 .stats = stats,
                 .err = err};
    const char *line;
    size_t n;
    int rc;
    while (!c.failed && (rc = source_next(src, &line, &n, err)) == 1) {
        c.lineno = src->lineno;
        if (csv_parse(&p, line, n, csv_cell, csv_row, &c) != n ||
            csv_parse(&p, "\n", 1, csv_cell, csv_row, &c) != 1) {
            fk_errf(err, "%s:%llu: %s", name, (unsigned long long)c.lineno,
                    csv_strerror(csv_error(&p)));
            c.failed = true;
        }
    }
    if (!c.failed && rc == 0 && csv_fini(&p, csv_cell, csv_row, &c) != 0) {
        fk_errf(err, "%s:%llu: %s (a quoted field is not closed)", name,
                (unsigned long long)c.lineno, csv_strerror(csv_error(&p)));
        c.failed = true;
    }
    for (size_t i = 0; i < c.ncells; i++)
        free(c.cells[i]);
    csv_free(&p);
    return c.failed || rc < 0 ? -1 : 0;
}

/* ---- STIX ---- */

typedef struct {
    fk_ioc_set *set;
    uint32_t list;
    const char *id, *label;
    fk_err *err;
} stix_ctx;

static int stix_value(void *vctx, fk_ioc_type type, const char *value, size_t n)
{
    stix_ctx *c = vctx;
    return fk_ioc_add_typed(c->set, type, value, n, c->list, 0, c->id, c->label, c->err);
}

int fk_ioc_load_stix_object(fk_ioc_set *set, const char *name, size_t index, json_t *obj,
                            uint32_t list, fk_ioc_load_stats *stats, fk_err *err)
{
    const char *type = json_string_value(json_object_get(obj, "type"));
    if (!type)
        return fk_errf(err, "%s: objects[%zu]: missing \"type\"", name, index);
    if (strcmp(type, "indicator") != 0)
        return 0;
    const char *id = json_string_value(json_object_get(obj, "id"));
    const char *pattern = json_string_value(json_object_get(obj, "pattern"));
    const char *ptype = json_string_value(json_object_get(obj, "pattern_type"));
    const char *label = json_string_value(json_object_get(obj, "name"));
    if (!id)
        return fk_errf(err, "%s: objects[%zu]: indicator without \"id\"", name, index);
    if (!pattern)
        return fk_errf(err, "%s: objects[%zu] (%s): indicator without \"pattern\"", name, index,
                       id);
    if (json_is_true(json_object_get(obj, "revoked")) || (ptype && strcmp(ptype, "stix") != 0)) {
        stats->skipped++;
        if (!stats->first_skip[0])
            snprintf(stats->first_skip, sizeof stats->first_skip, "%.100s: %s", id,
                     ptype && strcmp(ptype, "stix") ? "pattern_type is not stix" : "revoked");
        return 0;
    }
    if (!label) {
        json_t *labels = json_object_get(obj, "indicator_types");
        label = json_string_value(json_array_get(labels, 0));
    }
    fk_err e;
    stix_ctx c = {set, list, id, label, &e};
    size_t before = fk_ioc_count(set);
    fk_stix_result r = fk_stix_pattern_values(pattern, stix_value, &c, &e);
    if (r == FK_STIX_SYNTAX)
        return fk_errf(err, "%s: objects[%zu] (%s): %s", name, index, id, e.msg);
    if (r == FK_STIX_UNSUPPORTED) {
        stats->skipped++;
        if (!stats->first_skip[0])
            snprintf(stats->first_skip, sizeof stats->first_skip, "%.100s: %.140s", id, e.msg);
        return 0;
    }
    stats->loaded += fk_ioc_count(set) - before;
    return 0;
}

static int load_stix(fk_ioc_set *set, const char *name, const char *data, size_t n, uint32_t list,
                     fk_ioc_load_stats *stats, fk_err *err)
{
    json_error_t je;
    json_t *root = json_loadb(data, n, 0, &je);
    if (!root)
        return fk_errf(err, "%s:%d: column %d: invalid JSON: %s", name, je.line, je.column,
                       je.text);
    int rc = 0;
    json_t *objects = json_object_get(root, "objects");
    if (json_is_array(root)) {
        objects = root;
    } else if (!objects) { /* a single object */
        rc = fk_ioc_load_stix_object(set, name, 0, root, list, stats, err);
        json_decref(root);
        return rc;
    } else if (!json_is_array(objects)) {
        json_decref(root);
        return fk_errf(err, "%s: \"objects\" must be an array", name);
    }
    size_t i;
    json_t *obj;
    json_array_foreach(objects, i, obj)
    {
        if (!json_is_object(obj)) {
            rc = fk_errf(err, "%s: objects[%zu]: expected a STIX object", name, i);
            break;
        }
        if ((rc = fk_ioc_load_stix_object(set, name, i, obj, list, stats, err)) != 0)
            break;
    }
    json_decref(root);
    return rc;
}

static fk_ioc_file_format detect(const char *name, const char *head, size_t n, const char *column)
{
    size_t i = 0;
    if (n >= 3 && memcmp(head, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    while (i < n && isspace((unsigned char)head[i]))
        i++;
    if (i < n && (head[i] == '{' || head[i] == '['))
        return FK_IOC_FILE_STIX;
    size_t len = strlen(name);
    if (column || (len > 4 && strcasecmp(name + len - 4, ".csv") == 0) ||
        (len > 7 && strcasecmp(name + len - 7, ".csv.gz") == 0))
        return FK_IOC_FILE_CSV;
    return FK_IOC_FILE_PLAIN;
}

int fk_ioc_load_buffer(fk_ioc_set *set, const char *name, const char *data, size_t n,
                       fk_ioc_file_format fmt, const char *column, fk_ioc_load_stats *stats,
                       fk_err *err)
{
    fk_ioc_load_stats local;
    if (!stats)
        stats = &local;
    memset(stats, 0, sizeof *stats);
    int list = fk_ioc_list_add(set, name);
    if (list < 0)
        return fk_errf(err, "out of memory");
    if (fmt == FK_IOC_FILE_AUTO)
        fmt = detect(name, data, n < 4096 ? n : 4096, column);
    if (fmt == FK_IOC_FILE_STIX)
        return load_stix(set, name, data, n, (uint32_t)list, stats, err);
    line_source src = {.data = data, .n = n};
    return fmt == FK_IOC_FILE_CSV ? load_csv(set, name, &src, (uint32_t)list, column, stats, err)
                                  : load_plain(set, name, &src, (uint32_t)list, stats, err);
}

int fk_ioc_load_file(fk_ioc_set *set, const char *path, fk_ioc_file_format fmt, const char *column,
                     fk_ioc_load_stats *stats, fk_err *err)
{
    fk_ioc_load_stats local;
    if (!stats)
        stats = &local;
    memset(stats, 0, sizeof *stats);
    line_source src = {.from_file = true};
    if (fk_linereader_open(&src.reader, path, err) != 0)
        return -1;
    if (fmt == FK_IOC_FILE_AUTO) {
        /* peek at the first bytes to tell JSON from lists */
        const char *line = NULL;
        size_t l = 0;
        bool cut;
        int rc;
        while ((rc = fk_linereader_next(&src.reader, &line, &l, &cut, err)) == 1 && l == 0)
            ;
        if (rc < 0) {
            fk_linereader_close(&src.reader);
            return -1;
        }
        fmt = detect(path, line ? line : "", rc == 1 ? l : 0, column);
        fk_linereader_close(&src.reader);
        if (fk_linereader_open(&src.reader, path, err) != 0)
            return -1;
    }
    int list = fk_ioc_list_add(set, path);
    int rc;
    if (list < 0) {
        rc = fk_errf(err, "out of memory");
    } else if (fmt == FK_IOC_FILE_STIX) {
        char *data = NULL;
        size_t n = 0;
        /* STIX bundles are read whole (JSON needs the document, often on one line); lists
         * are streamed */
        rc = fk_linereader_read_all(&src.reader, (size_t)1 << 31, &data, &n, err);
        if (rc == 0)
            rc = load_stix(set, path, data, n, (uint32_t)list, stats, err);
        free(data);
    } else if (fmt == FK_IOC_FILE_CSV) {
        rc = load_csv(set, path, &src, (uint32_t)list, column, stats, err);
    } else {
        rc = load_plain(set, path, &src, (uint32_t)list, stats, err);
    }
    fk_linereader_close(&src.reader);
    return rc;
}
