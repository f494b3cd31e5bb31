/* Reads a log file line by line: plain or gzip (detected by content, via zlib), or
 * standard input for "-". Owns the read buffer; lines are slices valid until the next
 * call. Over-long lines are cut and flagged rather than read into unbounded memory. */
#ifndef FK_LINEREADER_H
#define FK_LINEREADER_H

#include "../core/error.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct fk_linereader {
    void *gz; /* gzFile */
    const char *name;
    char *buf;
    size_t cap, start, end;
    bool eof, skipping;
    uint64_t lineno;
    uint64_t file_size; /* 0 when unknown (stdin, pipes) */
    size_t max_line;
} fk_linereader;

int fk_linereader_open(fk_linereader *r, const char *path, fk_err *err);
/* Returns 1 with a line (CR LF and LF stripped), 0 at the end, -1 on a read error.
 * *cut is set when the line was longer than max_line and was cut there. */
int fk_linereader_next(fk_linereader *r, const char **line, size_t *len, bool *cut, fk_err *err);
/* The rest of the input in one NUL-terminated block (documents such as JSON bundles,
 * whose lines may be any length); an error when it exceeds max bytes. */
int fk_linereader_read_all(fk_linereader *r, size_t max, char **out, size_t *len, fk_err *err);
/* Bytes of the underlying file consumed so far (compressed bytes for .gz). */
uint64_t fk_linereader_offset(const fk_linereader *r);
void fk_linereader_close(fk_linereader *r);

#endif
