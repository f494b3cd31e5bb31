#include "csvtable.h"

#include <csv.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct reader {
    fk_csv_row_fn row;
    void *ctx;
    fk_err *err;
    size_t line;
    fk_csv_cell *cells;
    size_t n, cap;
    bool failed, nomem;
} reader;

static void clear(reader *r)
{
    for (size_t i = 0; i < r->n; i++)
        free((char *)r->cells[i].text);
    r->n = 0;
}

static void on_cell(void *data, size_t len, void *vr)
{
    reader *r = vr;
    if (r->failed)
        return;
    if (r->n == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 16;
        fk_csv_cell *c = realloc(r->cells, cap * sizeof *c);
        if (!c) {
            r->failed = r->nomem = true;
            return;
        }
        r->cells = c;
        r->cap = cap;
    }
    char *t = malloc(len + 1);
    if (!t) {
        r->failed = r->nomem = true;
        return;
    }
    if (len)
        memcpy(t, data, len);
    t[len] = '\0';
    r->cells[r->n++] = (fk_csv_cell){t, len};
}

static void on_row(int term, void *vr)
{
    (void)term;
    reader *r = vr;
    if (!r->failed && !(r->n == 1 && r->cells[0].len == 0) && r->n > 0 &&
        r->row(r->ctx, r->line, r->cells, r->n, r->err) != 0)
        r->failed = true;
    clear(r);
}

int fk_csv_read(const char *text, size_t len, fk_csv_row_fn row, void *ctx, fk_err *err)
{
    struct csv_parser p;
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
        return fk_errc(err, FK_ERR_NOMEM, "out of memory");
    reader r = {.row = row, .ctx = ctx, .err = err};
    const char *s = text, *end = text + len;
    /* fed a line at a time so that a row's line is known when libcsv ends it */
    while (s < end && !r.failed) {
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        size_t n = nl ? (size_t)(nl - s) + 1 : (size_t)(end - s);
        r.line++;
        if (csv_parse(&p, s, n, on_cell, on_row, &r) != n) {
            fk_errf(err, "line %zu: %s", r.line, csv_strerror(csv_error(&p)));
            r.failed = true;
        }
        s += n;
    }
    if (!r.failed && csv_fini(&p, on_cell, on_row, &r) != 0) {
        fk_errf(err, "line %zu: a quoted field is not closed", r.line);
        r.failed = true;
    }
    if (r.nomem)
        fk_errc(err, FK_ERR_NOMEM, "out of memory");
    clear(&r);
    free(r.cells);
    csv_free(&p);
    return r.failed ? -1 : 0;
}

int fk_csv_column(const fk_csv_cell *header, size_t n, const char *name)
{
    size_t want = strlen(name);
    for (size_t i = 0; i < n; i++) {
        const char *t = header[i].text;
        size_t len = header[i].len;
        if (len >= 3 && !memcmp(t, "\xef\xbb\xbf", 3)) /* a byte-order mark before the first */
            t += 3, len -= 3;
        while (len && (*t == ' ' || *t == '\t'))
            t++, len--;
        while (len && (t[len - 1] == ' ' || t[len - 1] == '\t' || t[len - 1] == '\r'))
            len--;
        if (len == want && !strncasecmp(t, name, want))
            return (int)i;
    }
    return -1;
}
