/* CSV tables (RFC 4180: quoted fields, doubled quotes, CRLF) read with libcsv into whole
 * rows of cells with the line each row ends on, so that every importer names the line
 * and column of what is wrong in the same words. Owns the cells of the row being read. */
#ifndef FK_CSVTABLE_H
#define FK_CSVTABLE_H

#include "error.h"

#include <stddef.h>

/* One row: n cells, each NUL-terminated (len bytes). Return 0 to go on, -1 (err set)
 * to stop. */
typedef struct fk_csv_cell {
    const char *text;
    size_t len;
} fk_csv_cell;
typedef int (*fk_csv_row_fn)(void *ctx, size_t line, const fk_csv_cell *cells, size_t n,
                             fk_err *err);

/* Hands every row of text to row, blank lines skipped. Errors: "line N: why". */
int fk_csv_read(const char *text, size_t len, fk_csv_row_fn row, void *ctx, fk_err *err);

/* The index of the cell equal to name (case-insensitive, spaces around ignored) in a
 * header row, or -1. */
int fk_csv_column(const fk_csv_cell *header, size_t n, const char *name);

#endif
