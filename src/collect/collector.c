/* The collector at work (see collector.h).
 *
 * Why nothing is lost or sent twice across kill -9. A batch and the checkpoints of the
 * lines in it are one spool record, written with one write: either both exist after a
 * crash or neither. The saved checkpoints are only a shortcut: they name the last record
 * whose checkpoints they hold, the spool keeps every record after that (fk_spool_keep_after),
 * and a start replays them, so the sources resume exactly after the last line in the
 * spool. The sender gives each record the batch id <collector id>-<sequence number>,
 * the same however often it is sent, and the hub keeps one copy per id; a record is
 * acknowledged in the spool only once the hub has answered that it holds it.
 *
 * Backpressure: when the spool is full under `when_full: block`, a batch that cannot be
 * written stays in memory and its source is not read further (files wait on disk, which
 * is where they are safest); under `drop_oldest` the spool makes room and counts what it
 * dropped. */
#include "collector.h"

#include "../core/timefmt.h"
#include "../core/uuid.h"
#include "files.h"
#include "journal.h"
#include "match.h"
#include "privacy.h"
#include "ship.h"
#include "spool.h"
#include "statefile.h"
#include "syslog_in.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <libdeflate.h>
#include <openssl/rand.h>
#include <poll.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

enum { RECORD_LINES = 1 };
/* libdeflate's level 1..12; see gzip_lines */
enum { COMPRESSION_LEVEL = 1 };

typedef struct source {
    const fk_collect_source *cfg;
    fk_files *files;
    fk_syslog_in *syslog; /* a syslog listener's buffer */
    fk_journal *journal;
    bool eof;  /* stdin ended */
    char *buf; /* the open batch's lines */
    size_t len, cap;
    uint64_t lines;
    int64_t opened_ms;
    bool blocked; /* the spool refused the batch: no reading until it takes it */
    char *carry;  /* stdin: an unfinished line */
    size_t carry_len;
    bool skipping; /* stdin: inside a line cut at max_line */
    uint64_t read_lines, read_bytes, spooled_batches, cut_lines;
    json_t *saved; /* checkpoints to start from */
    json_t *edge;  /* the open batch's local alerts, once matched (masked as sent) */
} source;

typedef struct collector {
    const fk_collect_config *cfg;
    fk_spool *spool;
    fk_statefile *checkpoints;
    fk_shipper *ship;
    struct libdeflate_compressor *deflate;
    fk_privacy *privacy; /* NULL: lines leave as they are */
    fk_privacy_counts privacy_counts;
    fk_sbuf masked;
    fk_match *match; /* NULL: no local matching */
    char id[37];
    source *srcs;
    size_t n;
    fk_collect_log_fn log;
    void *log_ctx;
    atomic_bool sender_stop;
    pthread_mutex_t mu; /* what the sender reports */
    uint64_t delivered_batches, delivered_lines, duplicates, refused_batches, refused_lines,
        failures, delivered_alerts, refused_alerts;
    int64_t last_delivery_ms, last_failure_ms;
    char last_failure[300];
    unsigned seed;
    uint64_t checkpoint_seq;
    int64_t started_ms;
} collector;

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void sleep_ms(int64_t ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000};
    nanosleep(&ts, NULL);
}

static void logf_(collector *c, const char *level, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void logf_(collector *c, const char *level, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (c->log)
        c->log(c->log_ctx, level, msg);
}

static void note_files(void *ctx, const char *msg)
{
    logf_(ctx, "info", "%s", msg);
}

/* ---- files in the spool folder ------------------------------------------------------ */

static int write_atomically(const collector *c, const char *name, const char *text, fk_err *err)
{
    char path[4200], tmp[4300];
    snprintf(path, sizeof path, "%s/%s", c->cfg->spool_dir, name);
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0)
        return fk_errc(err, FK_ERR_STORAGE, "%s: cannot write: %s", tmp, strerror(errno));
    size_t n = strlen(text);
    bool ok = write(fd, text, n) == (ssize_t)n &&
              (c->cfg->fsync_mode != FK_SPOOL_FSYNC_ALWAYS || fdatasync(fd) == 0);
    ok = close(fd) == 0 && ok;
    if (!ok || rename(tmp, path) != 0)
        return fk_errc(err, FK_ERR_STORAGE, "%s: cannot write: %s", path, strerror(errno));
    return 0;
}

/* The collector's id: made once, kept in the spool folder, part of every batch id. */
static int load_id(collector *c, fk_err *err)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/collector.id", c->cfg->spool_dir);
    FILE *f = fopen(path, "re");
    if (f) {
        bool ok = fgets(c->id, sizeof c->id, f) && fk_uuid_valid(c->id, true);
        fclose(f);
        if (ok)
            return 0;
        return fk_errc(err, FK_ERR_STORAGE,
                       "%s: expected the collector's id (a UUID); remove the spool folder to "
                       "start afresh",
                       path);
    }
    if (!fk_uuid4(c->id))
        return fk_errc(err, FK_ERR_STORAGE, "no randomness for the collector's id");
    return write_atomically(c, "collector.id", c->id, err);
}

static source *find_source(collector *c, const char *name)
{
    for (size_t i = 0; name && i < c->n; i++)
        if (!strcmp(c->srcs[i].cfg->name, name))
            return &c->srcs[i];
    return NULL;
}

static int replay_record(void *ctx, const fk_spool_record *r)
{
    collector *c = ctx;
    json_t *meta = json_loadb(r->meta, r->meta_len, 0, NULL);
    source *s = find_source(c, json_string_value(json_object_get(meta, "source")));
    json_t *files = json_object_get(meta, "files"), *cursor = json_object_get(meta, "cursor");
    json_t *cp = json_is_array(files) ? files : json_is_string(cursor) ? cursor : NULL;
    if (s && cp) { /* the newest record's checkpoint of its source wins */
        json_decref(s->saved);
        s->saved = json_incref(cp);
    }
    json_decref(meta);
    return 0;
}

/* The sources' checkpoints: the saved state, then every record written after it. */
static int load_checkpoints(collector *c, bool *first_start, fk_err *err)
{
    if (fk_statefile_open(&c->checkpoints, c->cfg->spool_dir, "checkpoints", 65536,
                          c->cfg->fsync_mode == FK_SPOOL_FSYNC_ALWAYS, err) != 0)
        return -1;
    char *text = fk_statefile_read(c->checkpoints);
    json_error_t je;
    json_t *j = text ? json_loads(text, 0, &je) : NULL;
    free(text);
    *first_start = !j;
    uint64_t seq = 0;
    if (j) {
        seq = (uint64_t)json_integer_value(json_object_get(j, "seq"));
        json_t *sources = json_object_get(j, "sources");
        for (size_t i = 0; i < c->n; i++) {
            json_t *cp = json_object_get(sources, c->srcs[i].cfg->name);
            if (json_is_array(cp) || json_is_string(cp))
                c->srcs[i].saved = json_incref(cp);
        }
        json_decref(j);
    }
    c->checkpoint_seq = seq;
    /* an empty spool after a first start still counts as one (nothing was read yet) */
    fk_spool_stats st;
    fk_spool_get_stats(c->spool, &st);
    if (st.next_seq > 1)
        *first_start = false;
    return fk_spool_replay(c->spool, seq, replay_record, c, err);
}

/* Saves the checkpoints as of record seq. Written in place (statefile.h), so a full disk
 * does not stop it; were it to fail, the spool keeps the records after the last one saved
 * and a start replays them. */
static int save_checkpoints(collector *c, uint64_t seq, fk_err *err)
{
    json_t *sources = json_object();
    for (size_t i = 0; sources && i < c->n; i++) {
        source *s = &c->srcs[i];
        if (s->files)
            json_object_set_new(sources, s->cfg->name, fk_files_checkpoints(s->files));
        else if (s->journal && fk_journal_cursor(s->journal))
            json_object_set_new(sources, s->cfg->name, json_string(fk_journal_cursor(s->journal)));
    }
    json_t *j = json_pack("{sIso}", "seq", (json_int_t)seq, "sources", sources);
    char *text = j ? json_dumps(j, JSON_COMPACT) : NULL;
    json_decref(j);
    int rc = text ? fk_statefile_write(c->checkpoints, text, strlen(text), err)
                  : fk_errc(err, FK_ERR_NOMEM, "out of memory");
    free(text);
    if (rc == 0) {
        c->checkpoint_seq = seq;
        fk_spool_keep_after(c->spool, seq);
    }
    return rc;
}

/* ---- batches ------------------------------------------------------------------------ */

/* A batch as one gzip member. libdeflate rather than zlib's stream: a batch is one
 * buffer, and compressing it is the collector's largest cost. Reading 399 MiB of access
 * log into the spool took 3.25-3.45 s of CPU with zlib at level 1 and 2.30-2.35 s with
 * libdeflate at level 1, whose output was also 11% smaller (same run, same file). */
static int gzip_lines(collector *c, const char *in, size_t n, char **out, size_t *out_len)
{
    size_t cap = libdeflate_gzip_compress_bound(c->deflate, n);
    char *buf = malloc(cap);
    if (!buf)
        return -1;
    *out_len = libdeflate_gzip_compress(c->deflate, in, n, buf, cap);
    if (!*out_len) {
        free(buf);
        return -1;
    }
    *out = buf;
    return 0;
}

/* What the privacy policy does to a line, it does to each evidence value of a local
 * alert (the value matched, the source address, the target) before the alert leaves: a
 * value it would drop goes, one it masks is masked. The indicator itself stays: it came
 * from the centre. */
static int mask_alerts(collector *c, json_t *alerts, fk_err *err)
{
    static const char *const fields[] = {"value", "src_ip", "target"};
    fk_sbuf in = {0}, out = {0};
    size_t i;
    json_t *a;
    int rc = 0;
    json_array_foreach(alerts, i, a)
    {
        for (size_t f = 0; rc == 0 && f < sizeof fields / sizeof fields[0]; f++) {
            const char *v = json_string_value(json_object_get(a, fields[f]));
            if (!v)
                continue;
            fk_privacy_counts scratch = {0};
            in.len = out.len = 0;
            if (fk_sbuf_puts(&in, v) != 0 || fk_sbuf_put(&in, "\n", 1) != 0) {
                rc = fk_errc(err, FK_ERR_NOMEM, "out of memory");
                break;
            }
            rc = fk_privacy_apply(c->privacy, in.p, in.len, &out, &scratch, err);
            if (rc == 0 && out.len < 1)
                json_object_del(a, fields[f]);
            else if (rc == 0)
                json_object_set_new(a, fields[f], json_stringn(out.p, out.len - 1));
        }
    }
    fk_sbuf_free(&in);
    fk_sbuf_free(&out);
    return rc;
}

/* Matches the open batch's lines locally, once: a batch the full spool sends back is not
 * matched again. The alerts are logged at once; masked, they travel with the batch. */
static int match_batch(collector *c, source *s, fk_err *err)
{
    if (!(s->edge = json_array()))
        return fk_errc(err, FK_ERR_NOMEM, "out of memory");
    if (fk_match_lines(c->match, s->cfg->name, s->cfg->format, s->buf, s->len, s->edge, err) < 0)
        return -1;
    return c->privacy && json_array_size(s->edge) ? mask_alerts(c, s->edge, err) : 0;
}

/* Writes the source's open batch to the spool: 0 done (or nothing to do), 1 the spool
 * is full (the batch stays), -1 error. */
static int flush_batch(collector *c, source *s, fk_err *err)
{
    if (!s->len)
        return 0;
    char *gz = NULL;
    size_t gz_len = 0;
    const char *lines = s->buf;
    size_t len = s->len;
    uint64_t nlines = s->lines;
    if (c->match && !s->edge && match_batch(c, s, err) != 0)
        return -1;
    if (c->privacy) { /* before anything leaves: compressed, spooled or sent */
        c->masked.len = 0;
        fk_privacy_counts before = c->privacy_counts;
        if (fk_privacy_apply(c->privacy, s->buf, s->len, &c->masked, &c->privacy_counts, err) != 0)
            return -1;
        lines = c->masked.p ? c->masked.p : "";
        len = c->masked.len;
        nlines = c->privacy_counts.lines_out - before.lines_out;
    }
    json_t *meta = json_pack("{ss}", "source", s->cfg->name);
    if (meta && c->privacy)
        json_object_set_new(meta, "policy", json_string(fk_privacy_id(c->privacy)));
    if (meta && s->cfg->format)
        json_object_set_new(meta, "format", json_string(s->cfg->format));
    if (meta && s->files)
        json_object_set_new(meta, "files", fk_files_checkpoints(s->files));
    if (meta && s->journal && fk_journal_cursor(s->journal))
        json_object_set_new(meta, "cursor", json_string(fk_journal_cursor(s->journal)));
    if (meta && s->edge && json_array_size(s->edge))
        json_object_set(meta, "alerts", s->edge);
    char *mt = meta ? json_dumps(meta, JSON_COMPACT) : NULL;
    json_decref(meta);
    if (!mt || gzip_lines(c, lines, len, &gz, &gz_len) != 0) {
        free(mt);
        return fk_errc(err, FK_ERR_NOMEM, "out of memory compressing a batch");
    }
    uint64_t seq;
    fk_err aerr;
    int rc = fk_spool_append(c->spool, RECORD_LINES, (uint32_t)nlines, s->opened_ms, mt, strlen(mt),
                             gz, gz_len, &seq, &aerr);
    free(mt);
    free(gz);
    if (rc != 0) {
        if (aerr.code == FK_ERR_BUSY) {
            if (!s->blocked)
                logf_(c, "warn", "%s: %s; the source waits", s->cfg->name, aerr.msg);
            s->blocked = true;
            return 1;
        }
        *err = aerr;
        return -1;
    }
    if (s->blocked)
        logf_(c, "info", "%s: the spool has room again; reading on", s->cfg->name);
    s->blocked = false;
    s->spooled_batches++;
    s->len = 0;
    s->lines = 0;
    json_decref(s->edge);
    s->edge = NULL;
    return s->files || s->journal ? save_checkpoints(c, seq, err) : 0;
}

/* Standard input: what poll says is there, in whole lines. */
static int64_t read_stdin(collector *c, source *s, char *dst, size_t room, uint64_t *lines)
{
    *lines = 0;
    if (s->eof)
        return 0;
    struct pollfd p = {.fd = 0, .events = POLLIN};
    if (poll(&p, 1, 0) <= 0)
        return 0;
    size_t max_line = (size_t)c->cfg->max_line_bytes;
    if (s->carry_len + 1 >= room)
        return 0; /* the unfinished line waits for the next batch */
    if (s->carry_len)
        memcpy(dst, s->carry, s->carry_len);
    size_t have = s->carry_len;
    ssize_t got = read(0, dst + have, room - have - 1);
    if (got < 0)
        return errno == EINTR || errno == EAGAIN ? 0 : -1;
    if (got == 0) {
        s->eof = true;
        s->carry_len = 0;
        if (!have)
            return 0;
        dst[have++] = '\n'; /* the last line, unterminated */
        *lines = 1;
        return (int64_t)have;
    }
    have += (size_t)got;
    if (s->skipping) { /* the rest of a line cut before */
        char *nl = memchr(dst, '\n', have);
        if (!nl)
            return 0;
        size_t drop = (size_t)(nl - dst) + 1;
        memmove(dst, nl + 1, have - drop);
        have -= drop;
        s->skipping = false;
    }
    char *last = memrchr(dst, '\n', have);
    size_t take = last ? (size_t)(last - dst) + 1 : 0;
    if (!last && have >= max_line) { /* longer than allowed: cut */
        dst[max_line] = '\n';
        take = max_line + 1;
        have = take;
        s->skipping = true; /* the rest of the line is dropped */
        s->cut_lines++;
    }
    s->carry_len = have - take;
    if (s->carry_len) {
        char *p = realloc(s->carry, s->carry_len);
        if (!p)
            return -1;
        s->carry = p;
        memcpy(s->carry, dst + take, s->carry_len);
    }
    return (int64_t)fk_lines_cut(dst, take, max_line, lines, &s->cut_lines);
}

/* ---- the sender ----------------------------------------------------------------------- */

static void sender_wait(collector *c, int64_t ms)
{
    for (int64_t waited = 0; waited < ms && !atomic_load(&c->sender_stop); waited += 50)
        sleep_ms(ms - waited < 50 ? ms - waited : 50);
}

/* The alerts of record id to the hub. Delivered or refused for good, the batch follows
 * (a hub without local matching, or one that cannot read them, still gets the lines);
 * otherwise res says why and the whole record waits. */
static void ship_alerts(collector *c, const char *id, json_t *meta, json_t *alerts,
                        fk_ship_result *res)
{
    json_t *body =
        json_pack("{sssOsO}", "batch", id, "alerts", alerts, "source",
                  json_object_get(meta, "source") ? json_object_get(meta, "source") : json_null());
    json_t *policy = json_object_get(meta, "policy");
    if (body && policy)
        json_object_set(body, "policy", policy);
    char *text = body ? json_dumps(body, JSON_COMPACT) : NULL;
    json_decref(body);
    if (!text) {
        *res = (fk_ship_result){.outcome = FK_SHIP_RETRY, .retry_after_ms = -1};
        snprintf(res->message, sizeof res->message, "out of memory sending alerts");
        return;
    }
    fk_ship_alerts(c->ship, text, strlen(text), res);
    free(text);
    size_t n = json_array_size(alerts);
    if (res->outcome == FK_SHIP_REFUSED) {
        logf_(c, "error",
              "the %zu local alert(s) of batch %s refused by the hub: %s; the batch "
              "goes on",
              n, id, res->message);
        res->outcome = FK_SHIP_DELIVERED;
        pthread_mutex_lock(&c->mu);
        c->refused_alerts += n;
        pthread_mutex_unlock(&c->mu);
    } else if (res->outcome == FK_SHIP_DELIVERED) {
        pthread_mutex_lock(&c->mu);
        c->delivered_alerts += n;
        pthread_mutex_unlock(&c->mu);
    }
}

static void *sender(void *arg)
{
    collector *c = arg;
    const fk_collect_config *cfg = c->cfg;
    int64_t backoff = cfg->backoff_min_ms;
    while (!atomic_load(&c->sender_stop)) {
        fk_spool_record r;
        fk_err err;
        int got = fk_spool_next(c->spool, &r, &err);
        if (got < 0) {
            logf_(c, "error", "spool: %s", err.msg);
            sender_wait(c, 1000);
            continue;
        }
        if (got == 0) {
            sleep_ms(20);
            continue;
        }
        json_t *meta = json_loadb(r.meta, r.meta_len, 0, NULL);
        char id[64];
        snprintf(id, sizeof id, "%s-%llu", c->id, (unsigned long long)r.seq);
        fk_ship_result res = {.outcome = FK_SHIP_DELIVERED};
        /* the alerts raised here go first: the hub then knows, when it detects on the
         * batch, which matches the member made itself (counted once, from here) */
        json_t *alerts = json_object_get(meta, "alerts");
        if (json_array_size(alerts))
            ship_alerts(c, id, meta, alerts, &res);
        if (res.outcome == FK_SHIP_DELIVERED && r.lines > 0) {
            fk_ship_batch b = {.id = id,
                               .source = json_string_value(json_object_get(meta, "source")),
                               .format = json_string_value(json_object_get(meta, "format")),
                               .policy = json_string_value(json_object_get(meta, "policy")),
                               .gz = r.data,
                               .gz_len = r.data_len};
            fk_ship(c->ship, &b, &res);
        }
        json_decref(meta);
        int64_t t = now_ms();
        if (res.outcome == FK_SHIP_DELIVERED || res.outcome == FK_SHIP_REFUSED) {
            /* a record whose lines the privacy policy all dropped is done too */
            if (fk_spool_ack(c->spool, r.seq, t, &err) != 0)
                logf_(c, "error", "spool: %s", err.msg);
            if (!r.lines)
                continue;
            pthread_mutex_lock(&c->mu);
            if (res.outcome == FK_SHIP_DELIVERED) {
                c->delivered_batches++;
                c->delivered_lines += r.lines;
                c->duplicates += res.duplicate;
                c->last_delivery_ms = t;
            } else {
                c->refused_batches++;
                c->refused_lines += r.lines;
            }
            pthread_mutex_unlock(&c->mu);
            if (res.outcome == FK_SHIP_REFUSED)
                logf_(c, "error", "batch %s (%u lines) refused for good by the hub: %s", id,
                      r.lines, res.message);
            backoff = cfg->backoff_min_ms;
            continue;
        }
        /* not delivered: the same record again after a wait, with jitter so that many
         * collectors coming back after an outage do not all arrive at once */
        fk_spool_rewind(c->spool);
        pthread_mutex_lock(&c->mu);
        c->failures++;
        c->last_failure_ms = t;
        snprintf(c->last_failure, sizeof c->last_failure, "%s", res.message);
        pthread_mutex_unlock(&c->mu);
        int64_t wait = backoff / 2 + (int64_t)(rand_r(&c->seed) % (unsigned)(backoff / 2 + 1));
        if (res.retry_after_ms >= 0)
            wait = res.retry_after_ms + (int64_t)(rand_r(&c->seed) % 250);
        logf_(c, res.outcome == FK_SHIP_DENIED ? "error" : "warn",
              "batch %s not delivered (%s); again in %lld ms", id, res.message, (long long)wait);
        backoff = backoff * 2 > cfg->backoff_max_ms ? cfg->backoff_max_ms : backoff * 2;
        if (res.outcome == FK_SHIP_DENIED)
            backoff = cfg->backoff_max_ms; /* a refused key will not come right soon */
        sender_wait(c, wait);
    }
    return NULL;
}

/* ---- status ----------------------------------------------------------------------------- */

static json_t *time_or_null(int64_t ms)
{
    char buf[32];
    return ms > 0 ? json_string(fk_time_format(ms, buf)) : json_null();
}

/* The status is most wanted when the disk is full, so it is written over itself in space
 * reserved once (without changing the file's size), not through a new file: a reader may
 * catch it half rewritten, and reads again. */
static int write_in_place(const char *path, const char *text, fk_err *err)
{
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0)
        return fk_errc(err, FK_ERR_STORAGE, "%s: cannot write: %s", path, strerror(errno));
    size_t n = strlen(text);
    fallocate(fd, FALLOC_FL_KEEP_SIZE, 0, (off_t)(n < (1u << 16) ? 1u << 16 : n * 2));
    bool ok = pwrite(fd, text, n, 0) == (ssize_t)n && ftruncate(fd, (off_t)n) == 0;
    int e = errno;
    close(fd);
    return ok ? 0 : fk_errc(err, FK_ERR_STORAGE, "%s: cannot write: %s", path, strerror(e));
}

static const char *const source_types[] = {"file", "stdin", "syslog", "journal"};

static int write_status(collector *c, fk_err *err)
{
    fk_spool_stats sp;
    fk_spool_get_stats(c->spool, &sp);
    json_t *srcs = json_array();
    for (size_t i = 0; srcs && i < c->n; i++) {
        source *s = &c->srcs[i];
        json_t *o =
            json_pack("{sssssIsIsIsb}", "name", s->cfg->name, "type", source_types[s->cfg->type],
                      "lines", (json_int_t)s->read_lines, "bytes", (json_int_t)s->read_bytes,
                      "batches", (json_int_t)s->spooled_batches, "waiting_for_spool", s->blocked);
        if (o && s->files) {
            fk_files_stats fs;
            fk_files_get_stats(s->files, &fs);
            json_object_set_new(o, "files", fk_files_status(s->files));
            json_object_set_new(o, "cut_lines", json_integer((json_int_t)fs.cut_lines));
            json_object_set_new(o, "truncations", json_integer((json_int_t)fs.truncations));
            json_object_set_new(o, "rotations", json_integer((json_int_t)fs.rotations));
        }
        if (o && s->syslog) {
            fk_syslog_in_stats ss;
            fk_syslog_in_get_stats(s->syslog, &ss);
            json_object_set_new(o, "messages", json_integer((json_int_t)ss.messages));
            json_object_set_new(o, "dropped_udp", json_integer((json_int_t)ss.dropped));
            json_object_set_new(o, "connections", json_integer((json_int_t)ss.connections));
        }
        if (o && s->cfg->type == FK_SOURCE_STDIN) {
            json_object_set_new(o, "ended", json_boolean(s->eof));
            json_object_set_new(o, "cut_lines", json_integer((json_int_t)s->cut_lines));
        }
        json_array_append_new(srcs, o);
    }
    json_t *spool = json_pack(
        "{sIsIsIsosIsIsIsIsIsI}", "bytes", (json_int_t)sp.bytes, "unsent_batches",
        (json_int_t)sp.records, "unsent_lines", (json_int_t)sp.lines, "oldest_unsent",
        time_or_null(sp.oldest_ms), "max_bytes", (json_int_t)c->cfg->spool_max_bytes,
        "dropped_batches", (json_int_t)sp.dropped_records, "dropped_lines",
        (json_int_t)sp.dropped_lines, "damaged_regions", (json_int_t)sp.damaged_regions,
        "damaged_bytes", (json_int_t)sp.damaged_bytes, "full_waits", (json_int_t)sp.full_waits);
    pthread_mutex_lock(&c->mu);
    json_t *hub = json_pack("{sssIsIsIsIsIsIsososs}", "url", c->cfg->hub_url, "delivered_batches",
                            (json_int_t)c->delivered_batches, "delivered_lines",
                            (json_int_t)c->delivered_lines, "duplicates", (json_int_t)c->duplicates,
                            "refused_batches", (json_int_t)c->refused_batches, "refused_lines",
                            (json_int_t)c->refused_lines, "failures", (json_int_t)c->failures,
                            "last_acknowledgement", time_or_null(sp.last_ack_ms), "last_failure_at",
                            time_or_null(c->last_failure_ms), "last_failure", c->last_failure);
    pthread_mutex_unlock(&c->mu);
    json_t *privacy = c->privacy
                          ? json_pack("{sssIsIsI}", "policy", fk_privacy_id(c->privacy),
                                      "lines_dropped", (json_int_t)c->privacy_counts.dropped,
                                      "values_masked", (json_int_t)c->privacy_counts.masked_values,
                                      "lines_sent", (json_int_t)c->privacy_counts.lines_out)
                          : json_null();
    if (hub) {
        json_object_set_new(hub, "delivered_alerts", json_integer((json_int_t)c->delivered_alerts));
        json_object_set_new(hub, "refused_alerts", json_integer((json_int_t)c->refused_alerts));
    }
    json_t *match = json_null();
    if (c->match) {
        fk_match_stats ms;
        fk_match_stats_get(c->match, &ms);
        match = json_pack(
            "{sIsIsososs*sIsIsI}", "collections", (json_int_t)c->cfg->nmatch_collections,
            "indicators", (json_int_t)ms.indicators, "last_pull", time_or_null(ms.last_pull_ms),
            "last_pull_ok", time_or_null(ms.last_pull_ok_ms), "last_pull_error",
            ms.last_error[0] ? ms.last_error : NULL, "batches", (json_int_t)ms.batches, "alerts",
            (json_int_t)ms.alerts, "matched_lines", (json_int_t)ms.matched_lines);
    }
    json_t *j = json_pack("{sssosososososo}", "collector", c->id, "time", time_or_null(now_ms()),
                          "started", time_or_null(c->started_ms), "config",
                          json_string(c->cfg->path), "sources", srcs, "spool", spool, "hub", hub);
    if (j) {
        json_object_set_new(j, "privacy", privacy);
        json_object_set_new(j, "match", match);
    } else {
        json_decref(privacy);
        json_decref(match);
    }
    char *text = j ? json_dumps(j, JSON_INDENT(2)) : NULL;
    json_decref(j);
    if (!text)
        return fk_errc(err, FK_ERR_NOMEM, "out of memory");
    char path[4200];
    if (c->cfg->status_file)
        snprintf(path, sizeof path, "%s", c->cfg->status_file);
    else
        snprintf(path, sizeof path, "%s/status.json", c->cfg->spool_dir);
    int rc = write_in_place(path, text, err);
    free(text);
    return rc;
}

/* Room for the next read into a source's batch: what is left of batch.max_size, or, in
 * an empty batch, enough for the longest line allowed, so that a batch never exceeds
 * the larger of the two (the spool's segments are sized for it). */
static size_t batch_room(const collector *c, const source *s)
{
    size_t batch = (size_t)c->cfg->batch_bytes, line = (size_t)c->cfg->max_line_bytes + 1;
    if (!s->len)
        return batch > line ? batch : line;
    return s->len < batch ? batch - s->len : 0;
}

/* Whether the last read left lines for want of room in the batch: then the batch is
 * closed at once rather than at batch.max_wait. */
static bool wanted_room(const source *s, size_t room)
{
    if (s->files)
        return fk_files_wanted_room(s->files);
    if (s->journal)
        return fk_journal_waiting(s->journal);
    if (s->syslog)
        return fk_syslog_in_waiting(s->syslog);
    return !s->eof && s->carry_len + 1 >= room; /* stdin: an unfinished line not fitting */
}

/* ---- running ---------------------------------------------------------------------------- */

static void free_sources(collector *c)
{
    for (size_t i = 0; i < c->n; i++) {
        fk_syslog_in_stop(c->srcs[i].syslog);
        fk_journal_close(c->srcs[i].journal);
        fk_files_free(c->srcs[i].files);
        free(c->srcs[i].buf);
        free(c->srcs[i].carry);
        json_decref(c->srcs[i].saved);
        json_decref(c->srcs[i].edge);
    }
    free(c->srcs);
}

/* The pseudonyms' key: the configured file, else one made at the first start and kept
 * in the spool folder (mode 0600), so that pseudonyms stay the same across restarts. */
static int privacy_key(collector *c, unsigned char *key, size_t *len, fk_err *err)
{
    char path[4200];
    if (c->cfg->privacy_key_file)
        snprintf(path, sizeof path, "%s", c->cfg->privacy_key_file);
    else
        snprintf(path, sizeof path, "%s/privacy.key", c->cfg->spool_dir);
    FILE *f = fopen(path, "rbe");
    if (f) {
        *len = fread(key, 1, 64, f);
        fclose(f);
        if (*len < 16)
            return fk_errc(err, FK_ERR_INVALID, "%s: a privacy key needs at least 16 bytes", path);
        return 0;
    }
    if (c->cfg->privacy_key_file)
        return fk_errc(err, FK_ERR_INVALID, "%s: cannot read: %s", path, strerror(errno));
    if (RAND_bytes(key, 32) != 1)
        return fk_errc(err, FK_ERR_STORAGE, "no randomness for the privacy key");
    *len = 32;
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0 || write(fd, key, 32) != 32 || fsync(fd) != 0) {
        if (fd >= 0)
            close(fd);
        return fk_errc(err, FK_ERR_STORAGE, "%s: cannot write: %s", path, strerror(errno));
    }
    close(fd);
    return 0;
}

static int start_privacy(collector *c, fk_err *err)
{
    const fk_collect_config *cfg = c->cfg;
    unsigned char key[64];
    size_t key_len = 0;
    if (privacy_key(c, key, &key_len, err) != 0)
        return -1;
    int rc = fk_collect_config_privacy(cfg, key, key_len, &c->privacy, err);
    memset(key, 0, sizeof key);
    if (rc == 0)
        logf_(c, "info", "privacy policy %s: applied to every line before it leaves",
              fk_privacy_id(c->privacy));
    return rc;
}

static void match_log(void *ctx, const char *level, const char *msg)
{
    logf_(ctx, level, "%s", msg);
}

static int start_match(collector *c, const char *api_key, fk_err *err)
{
    const fk_collect_config *cfg = c->cfg;
    char cache[4200], alerts[4200];
    snprintf(cache, sizeof cache, "%s/indicators.json", cfg->spool_dir);
    snprintf(alerts, sizeof alerts, "%s/alerts.jsonl", cfg->spool_dir);
    fk_match_opts mo = {.collections = (const char *const *)cfg->match_collections,
                        .ncollections = cfg->nmatch_collections,
                        .api_key = api_key,
                        .ca_file = cfg->ca_file,
                        .timeout_ms = cfg->timeout_ms,
                        .refresh_ms = cfg->match_refresh_ms,
                        .resync_ms = cfg->match_resync_ms,
                        .cache_path = cfg->match_cache ? cfg->match_cache : cache,
                        .alerts_path = cfg->match_alerts_file ? cfg->match_alerts_file : alerts,
                        .log = match_log,
                        .log_ctx = c};
    if (fk_match_new(&c->match, &mo, err) != 0)
        return -1;
    logf_(c, "info", "matching the indicators of %zu collection(s) here; alerts in %s",
          cfg->nmatch_collections, mo.alerts_path);
    return 0;
}

static int start(collector *c, const char *api_key, fk_err *err)
{
    const fk_collect_config *cfg = c->cfg;
    fk_spool_opts so = {.dir = cfg->spool_dir,
                        .max_bytes = cfg->spool_max_bytes,
                        .segment_bytes = cfg->segment_bytes,
                        .when_full = cfg->when_full,
                        .fsync = cfg->fsync_mode,
                        .fsync_interval_ms = cfg->fsync_interval_ms};
    if (fk_spool_open(&c->spool, &so, err) != 0 || load_id(c, err) != 0)
        return -1;
    c->srcs = calloc(cfg->nsources, sizeof *c->srcs);
    if (!c->srcs)
        return fk_errc(err, FK_ERR_NOMEM, "out of memory");
    c->n = cfg->nsources;
    for (size_t i = 0; i < c->n; i++) {
        source *s = &c->srcs[i];
        s->cfg = &cfg->sources[i];
        /* batch_room never asks for more */
        s->cap = (size_t)(cfg->batch_bytes > cfg->max_line_bytes + 1 ? cfg->batch_bytes
                                                                     : cfg->max_line_bytes + 1);
        if (!(s->buf = malloc(s->cap)))
            return fk_errc(err, FK_ERR_NOMEM, "out of memory");
    }
    bool first_start;
    if (load_checkpoints(c, &first_start, err) != 0)
        return -1;
    for (size_t i = 0; i < c->n; i++) {
        source *s = &c->srcs[i];
        if (s->cfg->type == FK_SOURCE_SYSLOG) {
            fk_syslog_in_opts so = {.udp = s->cfg->udp,
                                    .tcp = s->cfg->tcp,
                                    .unix_path = s->cfg->unix_path,
                                    .max_line = (size_t)cfg->max_line_bytes};
            if (fk_syslog_in_start(&s->syslog, &so, err) != 0)
                return -1;
            logf_(c, "info", "%s: listening for syslog%s%s%s%s%s%s", s->cfg->name,
                  s->cfg->udp ? " on udp " : "", s->cfg->udp ? s->cfg->udp : "",
                  s->cfg->tcp ? " on tcp " : "", s->cfg->tcp ? s->cfg->tcp : "",
                  s->cfg->unix_path ? " on " : "", s->cfg->unix_path ? s->cfg->unix_path : "");
            continue;
        }
        if (s->cfg->type == FK_SOURCE_JOURNAL) {
            if (fk_journal_open(&s->journal, s->cfg->journal_dir, s->cfg->matches, s->cfg->nmatches,
                                json_string_value(s->saved),
                                first_start && s->cfg->read_from == FK_READ_END, err) != 0)
                return -1;
            continue;
        }
        if (s->cfg->type != FK_SOURCE_FILE)
            continue;
        fk_files_opts fo = {.paths = s->cfg->paths,
                            .npaths = s->cfg->npaths,
                            .exclude = s->cfg->exclude,
                            .nexclude = s->cfg->nexclude,
                            .start_at_end = first_start && s->cfg->read_from == FK_READ_END,
                            .rotate_wait_ms = cfg->rotate_wait_ms,
                            .max_line = (size_t)cfg->max_line_bytes};
        if (fk_files_new(&s->files, &fo, s->saved, err) != 0)
            return -1;
    }
    fk_ship_opts sh = {.hub_url = cfg->hub_url,
                       .api_key = api_key,
                       .ca_file = cfg->ca_file,
                       .timeout_ms = cfg->timeout_ms};
    if (fk_shipper_new(&c->ship, &sh, err) != 0)
        return -1;
    if (fk_collect_config_has_privacy(cfg) && start_privacy(c, err) != 0)
        return -1;
    if (cfg->nmatch_collections && start_match(c, api_key, err) != 0)
        return -1;
    c->seed = (unsigned)now_ms() ^ (unsigned)getpid();
    if (!(c->deflate = libdeflate_alloc_compressor(COMPRESSION_LEVEL)))
        return fk_errc(err, FK_ERR_NOMEM, "out of memory");
    return 0;
}

int fk_collector_run(const fk_collect_config *cfg, const char *api_key, volatile sig_atomic_t *stop,
                     fk_collect_log_fn log, void *log_ctx, fk_err *err)
{
    collector c = {.cfg = cfg, .log = log, .log_ctx = log_ctx, .started_ms = now_ms()};
    pthread_mutex_init(&c.mu, NULL);
    atomic_init(&c.sender_stop, false);
    pthread_t th;
    bool started = false;
    int rc = start(&c, api_key, err);
    if (rc == 0 && pthread_create(&th, NULL, sender, &c) != 0)
        rc = fk_errc(err, FK_ERR_NOMEM, "cannot start the sender thread");
    started = rc == 0;
    bool only_stdin = true;
    for (size_t i = 0; i < cfg->nsources; i++)
        only_stdin = only_stdin && cfg->sources[i].type == FK_SOURCE_STDIN;
    if (rc == 0)
        logf_(&c, "info", "collector %s started: %zu sources, spool %s, hub %s", c.id, c.n,
              cfg->spool_dir, cfg->hub_url);
    int64_t next_scan = 0, next_status = 0, next_sync = 0;
    while (rc == 0 && !*stop) {
        int64_t t = now_ms();
        if (t >= next_scan) {
            for (size_t i = 0; rc == 0 && i < c.n; i++)
                if (c.srcs[i].files)
                    rc = fk_files_scan(c.srcs[i].files, t, note_files, &c, err);
            next_scan = t + cfg->scan_interval_ms;
        }
        bool progress = false;
        bool stdin_done = true;
        for (size_t i = 0; rc == 0 && i < c.n; i++) {
            source *s = &c.srcs[i];
            if (s->blocked) {
                int f = flush_batch(&c, s, err);
                if (f < 0)
                    rc = -1;
                if (f != 0)
                    continue; /* still full: this source is not read */
            }
            uint64_t lines = 0;
            /* a batch holds batch.max_size at most, or one line of files.max_line */
            size_t room = batch_room(&c, s);
            int64_t got = s->files ? fk_files_read(s->files, s->buf + s->len, room, t, &lines, err)
                          : s->syslog
                              ? (int64_t)fk_syslog_in_take(s->syslog, s->buf + s->len, room, &lines)
                          : s->journal ? fk_journal_read(s->journal, s->buf + s->len, room,
                                                         (size_t)cfg->max_line_bytes, &lines, err)
                                       : read_stdin(&c, s, s->buf + s->len, room, &lines);
            if (got < 0) {
                if (s->cfg->type == FK_SOURCE_STDIN)
                    fk_errc(err, FK_ERR_STORAGE, "standard input: %s", strerror(errno));
                rc = -1;
                break;
            }
            if (got > 0) {
                if (!s->len)
                    s->opened_ms = t;
                s->len += (size_t)got;
                s->lines += lines;
                s->read_lines += lines;
                s->read_bytes += (uint64_t)got;
                progress = true;
            }
            /* closed when full, when old, or when the next line may not fit what is left */
            bool tight = wanted_room(s, room);
            if (s->len &&
                (s->len >= cfg->batch_bytes || tight || t - s->opened_ms >= cfg->batch_wait_ms ||
                 (s->cfg->type == FK_SOURCE_STDIN && s->eof))) {
                int f = flush_batch(&c, s, err);
                if (f < 0)
                    rc = -1;
                else if (f == 0 && tight)
                    progress = true; /* the rest of the file is waiting: no pause */
            }
            if (s->cfg->type == FK_SOURCE_STDIN)
                stdin_done = stdin_done && s->eof && !s->len;
        }
        if (rc == 0 && cfg->fsync_mode == FK_SPOOL_FSYNC_INTERVAL && t >= next_sync) {
            rc = fk_spool_sync(c.spool, err);
            next_sync = t + cfg->fsync_interval_ms;
        }
        if (rc == 0 && t >= next_status) {
            fk_err serr;
            if (write_status(&c, &serr) != 0)
                logf_(&c, "warn", "status: %s", serr.msg);
            next_status = t + cfg->status_interval_ms;
        }
        if (only_stdin && stdin_done) {
            fk_spool_stats st;
            fk_spool_get_stats(c.spool, &st);
            if (!st.records)
                break; /* everything read is delivered */
        }
        if (!progress)
            sleep_ms(20);
    }
    /* what was read goes to the spool before stopping (standard input cannot be read
     * again); then the sender finishes the send it is in */
    for (size_t i = 0; started && i < c.n; i++) {
        fk_err ferr;
        if (flush_batch(&c, &c.srcs[i], &ferr) != 0 && c.srcs[i].len)
            logf_(&c, "warn", "%s: %zu bytes of lines not spooled at stop: %s", c.srcs[i].cfg->name,
                  c.srcs[i].len, c.srcs[i].blocked ? "spool full" : ferr.msg);
    }
    if (started) {
        atomic_store(&c.sender_stop, true);
        pthread_join(th, NULL);
        fk_err serr;
        write_status(&c, &serr);
        logf_(&c, "info", "collector stopped");
    }
    fk_match_free(c.match);
    fk_shipper_free(c.ship);
    if (c.deflate)
        libdeflate_free_compressor(c.deflate);
    fk_privacy_free(c.privacy);
    fk_sbuf_free(&c.masked);
    free_sources(&c);
    fk_statefile_close(c.checkpoints);
    fk_spool_close(c.spool);
    pthread_mutex_destroy(&c.mu);
    return rc;
}
