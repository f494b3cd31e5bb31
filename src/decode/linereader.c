#include "linereader.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#define READ_CHUNK (256 * 1024)

int fk_linereader_open(fk_linereader *r, const char *path, fk_err *err)
{
    memset(r, 0, sizeof *r);
    r->name = path;
    r->max_line = 1024 * 1024;
    int fd = strcmp(path, "-") == 0 ? dup(STDIN_FILENO) : open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return fk_errf(err, "%s: cannot open: %s", path, strerror(errno));
    struct stat st;
    if (fstat(fd, &st) == 0) {
        if (S_ISDIR(st.st_mode)) {
            close(fd);
            return fk_errf(err, "%s: is a directory, expected a log file", path);
        }
        if (S_ISREG(st.st_mode))
            r->file_size = (uint64_t)st.st_size;
    }
    gzFile gz = gzdopen(fd, "rb");
    if (!gz) {
        close(fd);
        return fk_errf(err, "%s: cannot open: out of memory", path);
    }
    gzbuffer(gz, READ_CHUNK);
    r->gz = gz;
    r->cap = r->max_line + READ_CHUNK;
    r->buf = malloc(r->cap);
    if (!r->buf) {
        fk_linereader_close(r);
        return fk_errf(err, "%s: out of memory for the read buffer", path);
    }
    return 0;
}

static int fill(fk_linereader *r, fk_err *err)
{
    if (r->start > 0) {
        memmove(r->buf, r->buf + r->start, r->end - r->start);
        r->end -= r->start;
        r->start = 0;
    }
    size_t room = r->cap - r->end;
    if (room > (size_t)1 << 30)
        room = (size_t)1 << 30;
    int n = gzread(r->gz, r->buf + r->end, (unsigned)room);
    if (n < 0) {
        int code;
        const char *msg = gzerror(r->gz, &code);
        return fk_errf(err, "%s: read error after line %llu: %s", r->name,
                       (unsigned long long)r->lineno, code == Z_ERRNO ? strerror(errno) : msg);
    }
    if (n == 0) {
        /* A truncated gzip stream reads as end of file; zlib reports it only here, as
         * Z_BUF_ERROR ("unexpected end of file"). */
        int code;
        const char *msg = gzerror(r->gz, &code);
        if (code != Z_OK)
            return fk_errf(err, "%s: read error after line %llu: %s", r->name,
                           (unsigned long long)r->lineno, msg);
        r->eof = true;
    }
    r->end += (size_t)n;
    return 0;
}

int fk_linereader_next(fk_linereader *r, const char **line, size_t *len, bool *cut, fk_err *err)
{
    *cut = false;
    for (;;) {
        char *nl = memchr(r->buf + r->start, '\n', r->end - r->start);
        if (r->skipping) { /* discarding the rest of a line that was cut */
            if (nl) {
                r->start = (size_t)(nl - r->buf) + 1;
                r->skipping = false;
                continue;
            }
            r->start = r->end;
            if (r->eof)
                return 0;
            if (fill(r, err) != 0)
                return -1;
            continue;
        }
        size_t have = r->end - r->start;
        if (nl || have >= r->max_line || (r->eof && have > 0)) {
            size_t n = nl ? (size_t)(nl - (r->buf + r->start)) : have;
            *line = r->buf + r->start;
            if (n > r->max_line) {
                n = r->max_line;
                *cut = true;
            }
            if (nl)
                r->start = (size_t)(nl - r->buf) + 1;
            else {
                r->start += n;
                r->skipping = *cut || have >= r->max_line;
                *cut = r->skipping;
            }
            if (n > 0 && (*line)[n - 1] == '\r')
                n--;
            *len = n;
            r->lineno++;
            return 1;
        }
        if (r->eof)
            return 0;
        if (fill(r, err) != 0)
            return -1;
    }
}

int fk_linereader_read_all(fk_linereader *r, size_t max, char **out, size_t *len, fk_err *err)
{
    size_t have = r->end - r->start, cap = have + (1 << 20), n = have;
    char *buf = malloc(cap + 1);
    if (!buf)
        return fk_errf(err, "%s: out of memory", r->name);
    memcpy(buf, r->buf + r->start, have);
    r->start = r->end;
    while (!r->eof) {
        if (n == cap) {
            if (cap >= max) {
                free(buf);
                return fk_errf(err, "%s: larger than %zu MiB", r->name, max >> 20);
            }
            cap = cap * 2 > max ? max : cap * 2;
            char *nb = realloc(buf, cap + 1);
            if (!nb) {
                free(buf);
                return fk_errf(err, "%s: out of memory", r->name);
            }
            buf = nb;
        }
        size_t room = cap - n > (size_t)1 << 30 ? (size_t)1 << 30 : cap - n;
        int got = gzread(r->gz, buf + n, (unsigned)room);
        if (got < 0) {
            int code;
            const char *msg = gzerror(r->gz, &code);
            free(buf);
            return fk_errf(err, "%s: read error: %s", r->name,
                           code == Z_ERRNO ? strerror(errno) : msg);
        }
        if (got == 0) {
            int code;
            const char *msg = gzerror(r->gz, &code);
            if (code != Z_OK) {
                free(buf);
                return fk_errf(err, "%s: read error: %s", r->name, msg);
            }
            r->eof = true;
        }
        n += (size_t)got;
    }
    buf[n] = '\0';
    *out = buf;
    *len = n;
    return 0;
}

uint64_t fk_linereader_offset(const fk_linereader *r)
{
    z_off_t off = r->gz ? gzoffset(r->gz) : 0;
    return off > 0 ? (uint64_t)off : 0;
}

void fk_linereader_close(fk_linereader *r)
{
    if (r->gz)
        gzclose(r->gz);
    free(r->buf);
    r->gz = NULL;
    r->buf = NULL;
}
