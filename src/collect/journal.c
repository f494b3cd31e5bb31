/* The systemd journal as a source (see journal.h). */
#include "journal.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <systemd/sd-journal.h>
#include <time.h>

struct fk_journal {
    sd_journal *j;
    char *cursor;  /* of the last entry handed out: the checkpoint */
    char *pending; /* an entry formatted but not yet handed out (no room left) */
    size_t pending_len;
    char *pending_cursor;
};

static int fail(int r, const char *what, fk_err *err)
{
    return fk_errc(err, FK_ERR_STORAGE, "journal: %s: %s", what, strerror(-r));
}

int fk_journal_open(fk_journal **out, const char *dir, char *const *matches, size_t nmatches,
                    const char *cursor, bool start_at_end, fk_err *err)
{
    fk_journal *j = calloc(1, sizeof *j);
    if (!j)
        return fk_errc(err, FK_ERR_NOMEM, "out of memory");
    int r = dir ? sd_journal_open_directory(&j->j, dir, 0)
                : sd_journal_open(&j->j, SD_JOURNAL_LOCAL_ONLY);
    if (r < 0) {
        free(j);
        return fail(r, dir ? dir : "cannot open this machine's journal", err);
    }
    for (size_t i = 0; i < nmatches; i++)
        if ((r = sd_journal_add_match(j->j, matches[i], 0)) < 0) {
            fk_journal_close(j);
            return fk_errf(err, "journal: match '%s': expected FIELD=value", matches[i]);
        }
    if (cursor && *cursor) {
        r = sd_journal_seek_cursor(j->j, cursor);
        if (r >= 0 && sd_journal_next(j->j) > 0 && sd_journal_test_cursor(j->j, cursor) <= 0)
            sd_journal_previous(j->j); /* the entry is gone (vacuumed): read what follows */
        if (!(j->cursor = strdup(cursor))) {
            fk_journal_close(j);
            return fk_errc(err, FK_ERR_NOMEM, "out of memory");
        }
    } else if (start_at_end) {
        sd_journal_seek_tail(j->j);
        sd_journal_previous(j->j); /* the next read starts after the newest */
    } else {
        sd_journal_seek_head(j->j);
    }
    *out = j;
    return 0;
}

/* A field's value, without "NAME=" (n bytes, not NUL-terminated); NULL when absent. */
static const char *field(sd_journal *j, const char *name, size_t *n)
{
    const void *d;
    size_t len;
    if (sd_journal_get_data(j, name, &d, &len) < 0)
        return NULL;
    size_t k = strlen(name) + 1;
    if (len < k)
        return NULL;
    *n = len - k;
    return (const char *)d + k;
}

/* Appends up to n bytes of s as a syslog token (no spaces; "-" when empty). */
static size_t token(char *dst, const char *s, size_t n, size_t max)
{
    if (!s || !n) {
        dst[0] = '-';
        return 1;
    }
    if (n > max)
        n = max;
    for (size_t i = 0; i < n; i++)
        dst[i] = (s[i] == ' ' || s[i] == '\n' || (unsigned char)s[i] < 33) ? '_' : s[i];
    return n;
}

/* The current entry as one RFC 5424 line into buf (cap bytes, cap >= 512). */
static size_t format_entry(sd_journal *j, char *buf, size_t cap, size_t max_line)
{
    size_t n, at = 0;
    const char *v;
    int pri = 6, fac = 1;
    if ((v = field(j, "PRIORITY", &n)) && n == 1 && v[0] >= '0' && v[0] <= '7')
        pri = v[0] - '0';
    if ((v = field(j, "SYSLOG_FACILITY", &n)) && n <= 2) {
        char t[3] = {0};
        memcpy(t, v, n);
        int f = atoi(t);
        if (f >= 0 && f <= 23)
            fac = f;
    }
    uint64_t us = 0;
    sd_journal_get_realtime_usec(j, &us);
    time_t secs = (time_t)(us / 1000000);
    struct tm tm;
    gmtime_r(&secs, &tm);
    at += (size_t)snprintf(buf, cap, "<%d>1 %04d-%02d-%02dT%02d:%02d:%02d.%06" PRIu64 "Z ",
                           fac * 8 + pri, tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                           tm.tm_min, tm.tm_sec, us % 1000000);
    v = field(j, "_HOSTNAME", &n);
    at += token(buf + at, v, v ? n : 0, 255);
    buf[at++] = ' ';
    v = field(j, "SYSLOG_IDENTIFIER", &n);
    if (!v)
        v = field(j, "_COMM", &n);
    at += token(buf + at, v, v ? n : 0, 48);
    buf[at++] = ' ';
    v = field(j, "_PID", &n);
    at += token(buf + at, v, v ? n : 0, 32);
    memcpy(buf + at, " - - ", 5);
    at += 5;
    v = field(j, "MESSAGE", &n);
    size_t room = cap - at - 1;
    if (max_line > at && room > max_line - at)
        room = max_line - at;
    if (v) {
        if (n > room)
            n = room;
        for (size_t i = 0; i < n; i++) /* one entry, one line */
            buf[at + i] = v[i] == '\n' || v[i] == '\r' ? ' ' : v[i];
        at += n;
    }
    buf[at++] = '\n';
    return at;
}

int64_t fk_journal_read(fk_journal *j, char *dst, size_t room, size_t max_line, uint64_t *lines,
                        fk_err *err)
{
    *lines = 0;
    size_t written = 0;
    if (j->pending) { /* an entry that did not fit last time */
        if (j->pending_len > room)
            return 0;
        memcpy(dst, j->pending, j->pending_len);
        written = j->pending_len;
        (*lines)++;
        free(j->pending);
        j->pending = NULL;
        free(j->cursor);
        j->cursor = j->pending_cursor;
        j->pending_cursor = NULL;
    }
    char line[65536 + 1024];
    size_t cap = max_line + 1024 < sizeof line ? max_line + 1024 : sizeof line;
    for (;;) {
        int r = sd_journal_next(j->j);
        if (r < 0)
            return fail(r, "cannot read", err);
        if (r == 0) {
            sd_journal_process(j->j); /* new files, rotated ones: seen next time */
            break;
        }
        char *c = NULL;
        if ((r = sd_journal_get_cursor(j->j, &c)) < 0)
            return fail(r, "no cursor for an entry", err);
        size_t n = format_entry(j->j, line, cap, max_line);
        if (written + n > room) { /* kept for the next batch, its cursor with it */
            if (!(j->pending = malloc(n))) {
                free(c);
                return fk_errc(err, FK_ERR_NOMEM, "out of memory");
            }
            memcpy(j->pending, line, n);
            j->pending_len = n;
            j->pending_cursor = c;
            break;
        }
        memcpy(dst + written, line, n);
        written += n;
        (*lines)++;
        free(j->cursor);
        j->cursor = c;
    }
    return (int64_t)written;
}

bool fk_journal_waiting(const fk_journal *j)
{
    return j->pending != NULL;
}

const char *fk_journal_cursor(const fk_journal *j)
{
    return j->cursor;
}

void fk_journal_close(fk_journal *j)
{
    if (!j)
        return;
    if (j->j)
        sd_journal_close(j->j);
    free(j->cursor);
    free(j->pending);
    free(j->pending_cursor);
    free(j);
}
