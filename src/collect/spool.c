/* The collector's disk spool (see spool.h).
 *
 * Layout: the folder holds segment files named seg-<first sequence number, 20 digits>
 * and the state (spool.state.0 and .1, see statefile.h) with the last acknowledged
 * sequence number and the counters that must survive a restart: written in place into
 * space reserved once, so that acknowledging, which is what frees space, still works
 * when the disk is full. A record is
 *
 *   magic "FKS1" | kind u16 | flags u16 | seq u64 | time_ms i64 | lines u32 |
 *   meta_len u32 | data_len u32 | crc32 u32 | meta | data          (little-endian)
 *
 * with the CRC over the header after the magic (without the CRC itself) and the body.
 *
 * Why records are found again after damage: every record starts with the magic and
 * carries its own CRC, so a reader that meets a record whose CRC fails looks for the
 * next offset where a whole record checks, and counts the bytes in between as one
 * damaged region. Only that region is lost.
 *
 * Why a crash costs nothing: a record is written with one writev at the end of the
 * last segment; a process killed halfway leaves a record that does not check at the
 * very end of the last segment, with nothing valid after it. Opening cuts exactly that
 * off. Page-cache data survives the death of the process, so kill -9 loses nothing
 * under any fsync policy; the policy decides what a power cut may take (at most the
 * records of the last interval).
 *
 * Why whole segments: deleting a file is how space comes back without rewriting
 * anything, and the state file names the last record delivered, so a restart never
 * sends again what the hub acknowledged (and what it sends again, the hub recognises
 * by the batch id, which is the sequence number). */
#include "spool.h"

#include "statefile.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>
#include <zlib.h>

#define MAGIC    "FKS1"
#define MAX_BODY (256u << 20)

typedef struct segment {
    uint64_t first_seq, last_seq; /* last_seq 0: no record yet */
    uint64_t bytes;               /* valid bytes: records end here */
    uint64_t records, lines;      /* all valid records in it */
    uint64_t acked_records, acked_lines;
    int64_t first_ms;
} segment;

typedef struct handed {
    uint64_t seq, seg_first;
    uint32_t lines;
} handed;

struct fk_spool {
    fk_spool_opts o;
    char *dir;
    fk_statefile *state; /* spool.state.0/.1: written in place, so a full disk allows it */
    pthread_mutex_t mu;
    segment *segs;
    size_t nsegs, cap;
    int wfd; /* the last segment, open for appending; -1 when none */
    bool dirty;
    uint64_t next_seq, acked_seq, keep_after, total_bytes;
    uint64_t last_ack_ms; /* milliseconds since the epoch */
    uint64_t dropped_records, dropped_lines, damaged_regions, damaged_bytes, full_waits;
    /* the sender's side */
    uint64_t read_seg, read_off, read_seq; /* read_seg: first_seq of the segment read */
    uint64_t damage_seg, damage_off;       /* damage before here is counted already */
    int rfd;
    uint64_t rfd_seg;
    char *buf;
    size_t buf_cap;
    handed *out;
    size_t nout, out_cap;
};

static void put16(unsigned char *p, uint16_t v)
{
    p[0] = (unsigned char)v;
    p[1] = (unsigned char)(v >> 8);
}
static void put32(unsigned char *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}
static void put64(unsigned char *p, uint64_t v)
{
    for (int i = 0; i < 8; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}
static uint16_t get16(const unsigned char *p)
{
    return (uint16_t)(p[0] | p[1] << 8);
}
static uint32_t get32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
static uint64_t get64(const unsigned char *p)
{
    return (uint64_t)get32(p) | (uint64_t)get32(p + 4) << 32;
}

static void seg_path(const fk_spool *s, uint64_t first, char *out, size_t cap)
{
    snprintf(out, cap, "%s/seg-%020" PRIu64, s->dir, first);
}

static int sync_dir(const fk_spool *s)
{
    if (s->o.fsync == FK_SPOOL_FSYNC_NEVER)
        return 0;
    int fd = open(s->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    int rc = fsync(fd);
    close(fd);
    return rc;
}

/* ---- state file ---------------------------------------------------------------- */

/* The state's fields, by name: what save_state writes and load_state reads. */
typedef struct state_field {
    const char *name;
    uint64_t *v;
} state_field;

static size_t state_fields(fk_spool *s, state_field f[8])
{
    f[0] = (state_field){"acked", &s->acked_seq};
    f[1] = (state_field){"next", &s->next_seq};
    f[2] = (state_field){"dropped_records", &s->dropped_records};
    f[3] = (state_field){"dropped_lines", &s->dropped_lines};
    f[4] = (state_field){"damaged_regions", &s->damaged_regions};
    f[5] = (state_field){"damaged_bytes", &s->damaged_bytes};
    f[6] = (state_field){"full_waits", &s->full_waits};
    f[7] = (state_field){"last_ack_ms", &s->last_ack_ms};
    return 8;
}

static int save_state(fk_spool *s, fk_err *err)
{
    state_field f[8];
    char text[512];
    size_t len = 0, n = state_fields(s, f);
    for (size_t i = 0; i < n; i++)
        len +=
            (size_t)snprintf(text + len, sizeof text - len, "%s %" PRIu64 "\n", f[i].name, *f[i].v);
    return fk_statefile_write(s->state, text, len, err);
}

static int load_state(fk_spool *s, fk_err *err)
{
    /* synced at once only under FK_SPOOL_FSYNC_ALWAYS: an acknowledgement lost to a power
     * cut only means a batch sent again, which the hub recognises by its id; syncing at
     * every acknowledgement cost a disk flush per batch sent */
    if (fk_statefile_open(&s->state, s->dir, "spool.state", 4096,
                          s->o.fsync == FK_SPOOL_FSYNC_ALWAYS, err) != 0)
        return -1;
    char *text = fk_statefile_read(s->state);
    if (!text)
        return 0; /* a new spool */
    state_field f[8];
    size_t n = state_fields(s, f);
    char key[32];
    unsigned long long v;
    int used;
    for (const char *p = text; sscanf(p, "%31s %llu%n", key, &v, &used) == 2; p += used)
        for (size_t i = 0; i < n; i++)
            if (!strcmp(key, f[i].name))
                *f[i].v = v;
    free(text);
    return 0;
}

/* ---- records -------------------------------------------------------------------- */

typedef struct rec_head {
    uint16_t kind;
    uint64_t seq;
    int64_t time_ms;
    uint32_t lines, meta_len, data_len, crc;
} rec_head;

static bool parse_head(const unsigned char *h, rec_head *r)
{
    if (memcmp(h, MAGIC, 4) != 0)
        return false;
    r->kind = get16(h + 4);
    r->seq = get64(h + 8);
    r->time_ms = (int64_t)get64(h + 16);
    r->lines = get32(h + 24);
    r->meta_len = get32(h + 28);
    r->data_len = get32(h + 32);
    r->crc = get32(h + 36);
    return r->seq > 0 && (uint64_t)r->meta_len + r->data_len <= MAX_BODY;
}

static uint32_t record_crc(const unsigned char *h, const char *meta, size_t ml, const char *data,
                           size_t dl)
{
    uLong c = crc32(0L, Z_NULL, 0);
    c = crc32(c, h + 4, 32);
    c = crc32_z(c, (const Bytef *)meta, ml);
    c = crc32_z(c, (const Bytef *)data, dl);
    return (uint32_t)c;
}

static bool grow(char **buf, size_t *cap, size_t need)
{
    if (need <= *cap)
        return true;
    size_t n = *cap ? *cap : 65536;
    while (n < need)
        n *= 2;
    char *p = realloc(*buf, n);
    if (!p)
        return false;
    *buf = p;
    *cap = n;
    return true;
}

/* Reads and checks the record at off (the file's valid bytes end at limit): 1 valid
 * (head and body in *buf), 0 not a valid record there, -1 read error. */
static int read_record(int fd, uint64_t off, uint64_t limit, rec_head *r, char **buf, size_t *cap)
{
    unsigned char h[FK_SPOOL_HEADER_BYTES];
    if (off + sizeof h > limit)
        return 0;
    ssize_t got = pread(fd, h, sizeof h, (off_t)off);
    if (got < 0)
        return -1;
    if (got != (ssize_t)sizeof h || !parse_head(h, r))
        return 0;
    size_t body = (size_t)r->meta_len + r->data_len;
    if (off + sizeof h + body > limit)
        return 0;
    if (!grow(buf, cap, body + 1))
        return -1;
    size_t done = 0;
    while (done < body) {
        ssize_t n = pread(fd, *buf + done, body - done, (off_t)(off + sizeof h + done));
        if (n < 0)
            return -1;
        if (n == 0)
            return 0;
        done += (size_t)n;
    }
    return record_crc(h, *buf, r->meta_len, *buf + r->meta_len, r->data_len) == r->crc;
}

/* The next offset after `from` where a valid record starts, or limit. */
static int64_t resync(int fd, uint64_t from, uint64_t limit, char **buf, size_t *cap)
{
    unsigned char win[65536];
    for (uint64_t off = from; off < limit;) {
        ssize_t n = pread(fd, win, sizeof win, (off_t)off);
        if (n <= 0)
            return n < 0 ? -1 : (int64_t)limit;
        for (ssize_t i = 0; i + 4 <= n; i++) {
            if (win[i] != 'F' || memcmp(win + i, MAGIC, 4) != 0)
                continue;
            rec_head r;
            int v = read_record(fd, off + (uint64_t)i, limit, &r, buf, cap);
            if (v < 0)
                return -1;
            if (v == 1)
                return (int64_t)(off + (uint64_t)i);
        }
        off += n > 3 ? (uint64_t)n - 3 : (uint64_t)n; /* a magic across the window's edge */
    }
    return (int64_t)limit;
}

/* ---- opening -------------------------------------------------------------------- */

static int cmp_seg(const void *a, const void *b)
{
    const segment *x = a, *y = b;
    return x->first_seq < y->first_seq ? -1 : x->first_seq > y->first_seq;
}

static segment *add_segment(fk_spool *s, uint64_t first)
{
    if (s->nsegs == s->cap) {
        size_t n = s->cap ? s->cap * 2 : 16;
        segment *p = realloc(s->segs, n * sizeof *p);
        if (!p)
            return NULL;
        s->segs = p;
        s->cap = n;
    }
    segment *g = &s->segs[s->nsegs++];
    *g = (segment){.first_seq = first};
    return g;
}

/* Calls fn for each valid record of a segment from `from` to limit, in order, skipping
 * what does not check (damage; the reader counts it when it passes). Returns the end of
 * the last valid record, -1 on a read error or when fn returns non-zero. */
static int64_t walk_records(int fd, uint64_t from, uint64_t limit, char **buf, size_t *cap,
                            int (*fn)(void *ctx, const rec_head *r, const char *body), void *ctx)
{
    uint64_t off = from, valid_end = from;
    while (off < limit) {
        rec_head r;
        int v = read_record(fd, off, limit, &r, buf, cap);
        if (v < 0)
            return -1;
        if (v == 0) {
            int64_t next = resync(fd, off + 1, limit, buf, cap);
            if (next < 0)
                return -1;
            off = (uint64_t)next;
            continue;
        }
        off += FK_SPOOL_HEADER_BYTES + r.meta_len + r.data_len;
        valid_end = off;
        if (fn(ctx, &r, *buf) != 0)
            return -1;
    }
    return (int64_t)valid_end;
}

typedef struct counting {
    fk_spool *s;
    segment *g;
} counting;

static int count_record(void *ctx, const rec_head *r, const char *body)
{
    (void)body;
    counting *c = ctx;
    segment *g = c->g;
    if (!g->records || r->time_ms < g->first_ms)
        g->first_ms = r->time_ms;
    g->records++;
    g->lines += r->lines;
    if (r->seq <= c->s->acked_seq) {
        g->acked_records++;
        g->acked_lines += r->lines;
    }
    if (r->seq > g->last_seq)
        g->last_seq = r->seq;
    return 0;
}

/* Counts a segment's records; in the last one, cuts off a torn record at the end. */
static int scan_segment(fk_spool *s, segment *g, bool last, fk_err *err)
{
    char path[4200];
    seg_path(s, g->first_seq, path, sizeof path);
    int fd = open(path, last ? O_RDWR | O_CLOEXEC : O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) {
        if (fd >= 0)
            close(fd);
        return fk_errc(err, FK_ERR_STORAGE, "%s: cannot open: %s", path, strerror(errno));
    }
    uint64_t size = (uint64_t)st.st_size;
    int64_t valid_end =
        walk_records(fd, 0, size, &s->buf, &s->buf_cap, count_record, &(counting){s, g});
    if (valid_end < 0) {
        close(fd);
        return fk_errc(err, FK_ERR_STORAGE, "%s: cannot read: %s", path, strerror(errno));
    }
    if (last && (uint64_t)valid_end < size) {
        /* nothing valid after: a record the crash tore; cut it so appends follow the last
         * whole record */
        if (ftruncate(fd, (off_t)valid_end) != 0) {
            close(fd);
            return fk_errc(err, FK_ERR_STORAGE, "%s: cannot cut a torn record: %s", path,
                           strerror(errno));
        }
        size = valid_end;
    }
    g->bytes = size;
    close(fd);
    return 0;
}

static void free_spool(fk_spool *s)
{
    if (s->wfd >= 0)
        close(s->wfd);
    if (s->rfd >= 0)
        close(s->rfd);
    fk_statefile_close(s->state);
    pthread_mutex_destroy(&s->mu);
    free(s->segs);
    free(s->buf);
    free(s->out);
    free(s->dir);
    free(s);
}

static void delete_segment(fk_spool *s, size_t i)
{
    char path[4200];
    seg_path(s, s->segs[i].first_seq, path, sizeof path);
    unlink(path);
    s->total_bytes -= s->segs[i].bytes;
    if (s->rfd >= 0 && s->rfd_seg == s->segs[i].first_seq) {
        close(s->rfd);
        s->rfd = -1;
    }
    memmove(&s->segs[i], &s->segs[i + 1], (s->nsegs - i - 1) * sizeof *s->segs);
    s->nsegs--;
}

int fk_spool_open(fk_spool **out, const fk_spool_opts *o, fk_err *err)
{
    fk_spool *s = calloc(1, sizeof *s);
    if (!s)
        return fk_errc(err, FK_ERR_NOMEM, "out of memory");
    s->o = *o;
    if (!s->o.max_bytes)
        s->o.max_bytes = 1ull << 30;
    if (!s->o.segment_bytes) {
        s->o.segment_bytes = s->o.max_bytes / 8;
        if (s->o.segment_bytes > (64u << 20))
            s->o.segment_bytes = 64u << 20;
        if (s->o.segment_bytes < (64u << 10))
            s->o.segment_bytes = 64u << 10;
    }
    if (!s->o.fsync_interval_ms)
        s->o.fsync_interval_ms = 1000;
    s->wfd = s->rfd = -1;
    s->next_seq = 1;
    pthread_mutex_init(&s->mu, NULL);
    if (!(s->dir = strdup(o->dir))) {
        free_spool(s);
        return fk_errc(err, FK_ERR_NOMEM, "out of memory");
    }
    if (mkdir(s->dir, 0700) != 0 && errno != EEXIST) {
        fk_errc(err, FK_ERR_STORAGE, "%s: cannot create the spool folder: %s", s->dir,
                strerror(errno));
        free_spool(s);
        return -1;
    }
    if (load_state(s, err) != 0) {
        free_spool(s);
        return -1;
    }
    DIR *d = opendir(s->dir);
    if (!d) {
        fk_errc(err, FK_ERR_STORAGE, "%s: cannot read: %s", s->dir, strerror(errno));
        free_spool(s);
        return -1;
    }
    struct dirent *e;
    bool nomem = false;
    while ((e = readdir(d))) {
        unsigned long long first;
        char tail;
        if (sscanf(e->d_name, "seg-%20llu%c", &first, &tail) == 1 && first > 0)
            nomem = nomem || !add_segment(s, first);
    }
    closedir(d);
    if (nomem) {
        free_spool(s);
        return fk_errc(err, FK_ERR_NOMEM, "out of memory");
    }
    if (s->nsegs > 1)
        qsort(s->segs, s->nsegs, sizeof *s->segs, cmp_seg);
    for (size_t i = 0; i < s->nsegs; i++) {
        if (scan_segment(s, &s->segs[i], i + 1 == s->nsegs, err) != 0) {
            free_spool(s);
            return -1;
        }
        s->total_bytes += s->segs[i].bytes;
        if (s->segs[i].last_seq >= s->next_seq)
            s->next_seq = s->segs[i].last_seq + 1;
        if (s->segs[i].first_seq >= s->next_seq)
            s->next_seq = s->segs[i].first_seq + 1;
    }
    /* segments wholly delivered before a crash came between the state and the unlink */
    for (size_t i = 0; i + 1 < s->nsegs;)
        if (s->segs[i].records == s->segs[i].acked_records)
            delete_segment(s, i);
        else
            i++;
    s->keep_after = UINT64_MAX;
    s->read_seq = s->acked_seq;
    if (s->nsegs) {
        segment *last = &s->segs[s->nsegs - 1];
        char path[4200];
        seg_path(s, last->first_seq, path, sizeof path);
        s->wfd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC);
        if (s->wfd < 0) {
            fk_errc(err, FK_ERR_STORAGE, "%s: cannot open: %s", path, strerror(errno));
            free_spool(s);
            return -1;
        }
    }
    *out = s;
    return 0;
}

void fk_spool_close(fk_spool *s)
{
    if (!s)
        return;
    if (s->wfd >= 0 && s->dirty && s->o.fsync != FK_SPOOL_FSYNC_NEVER)
        fdatasync(s->wfd);
    fk_err err;
    save_state(s, &err);
    free_spool(s);
}

/* ---- appending ------------------------------------------------------------------- */

/* Drops the oldest segment the sender is not reading and the writer not writing;
 * false when there is none. */
static bool drop_oldest(fk_spool *s)
{
    for (size_t i = 0; i + 1 < s->nsegs; i++) {
        segment *g = &s->segs[i];
        if (s->rfd >= 0 && s->rfd_seg == g->first_seq && s->nout)
            continue; /* a record of it is being sent */
        s->dropped_records += g->records - g->acked_records;
        s->dropped_lines += g->lines - g->acked_lines;
        delete_segment(s, i);
        return true;
    }
    return false;
}

static int open_segment(fk_spool *s, fk_err *err)
{
    if (s->wfd >= 0) {
        if (s->dirty && s->o.fsync != FK_SPOOL_FSYNC_NEVER)
            fdatasync(s->wfd);
        close(s->wfd);
        s->wfd = -1;
    }
    char path[4200];
    seg_path(s, s->next_seq, path, sizeof path);
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC, 0600);
    if (fd < 0)
        return fk_errc(err, errno == ENOSPC ? FK_ERR_BUSY : FK_ERR_STORAGE, "%s: cannot create: %s",
                       path, strerror(errno));
    if (!add_segment(s, s->next_seq)) {
        close(fd);
        unlink(path);
        return fk_errc(err, FK_ERR_NOMEM, "out of memory");
    }
    s->wfd = fd;
    s->dirty = false;
    sync_dir(s);
    return 0;
}

int fk_spool_append(fk_spool *s, uint16_t kind, uint32_t lines, int64_t time_ms, const char *meta,
                    size_t meta_len, const char *data, size_t data_len, uint64_t *seq, fk_err *err)
{
    uint64_t size = FK_SPOOL_HEADER_BYTES + (uint64_t)meta_len + data_len;
    if (size > s->o.segment_bytes || meta_len + data_len > MAX_BODY)
        return fk_errc(err, FK_ERR_TOO_LARGE,
                       "a record of %" PRIu64 " bytes is larger than a spool segment (%" PRIu64 ")",
                       size, s->o.segment_bytes);
    pthread_mutex_lock(&s->mu);
    int rc = 0;
    for (int attempt = 0; attempt < 2; attempt++) {
        while (s->total_bytes + size > s->o.max_bytes) {
            if (s->o.when_full != FK_SPOOL_DROP_OLDEST || !drop_oldest(s)) {
                s->full_waits++;
                pthread_mutex_unlock(&s->mu);
                return fk_errc(err, FK_ERR_BUSY,
                               "the spool is full (%" PRIu64 " of %" PRIu64 " bytes)",
                               s->total_bytes, s->o.max_bytes);
            }
        }
        segment *g = s->nsegs ? &s->segs[s->nsegs - 1] : NULL;
        if ((!g || g->bytes + size > s->o.segment_bytes) && (rc = open_segment(s, err)) != 0)
            break;
        g = &s->segs[s->nsegs - 1];
        unsigned char h[FK_SPOOL_HEADER_BYTES];
        memcpy(h, MAGIC, 4);
        put16(h + 4, kind);
        put16(h + 6, 0);
        put64(h + 8, s->next_seq);
        put64(h + 16, (uint64_t)time_ms);
        put32(h + 24, lines);
        put32(h + 28, (uint32_t)meta_len);
        put32(h + 32, (uint32_t)data_len);
        put32(h + 36, record_crc(h, meta, meta_len, data, data_len));
        struct iovec iov[3] = {{h, sizeof h}, {(void *)meta, meta_len}, {(void *)data, data_len}};
        size_t done = 0;
        int wr_errno = 0;
        while (done < size) {
            /* writev again from where a short write stopped */
            struct iovec rest[3];
            int n = 0;
            size_t skip = done;
            for (int i = 0; i < 3; i++) {
                if (skip >= iov[i].iov_len) {
                    skip -= iov[i].iov_len;
                    continue;
                }
                rest[n].iov_base = (char *)iov[i].iov_base + skip;
                rest[n++].iov_len = iov[i].iov_len - skip;
                skip = 0;
            }
            ssize_t w = writev(s->wfd, rest, n);
            if (w <= 0) {
                wr_errno = w < 0 ? errno : ENOSPC;
                break;
            }
            done += (size_t)w;
        }
        if (done < size) {
            /* leave no partial record behind: the next append follows the last whole one */
            if (ftruncate(s->wfd, (off_t)g->bytes) != 0)
                wr_errno = errno;
            if (wr_errno == ENOSPC && s->o.when_full == FK_SPOOL_DROP_OLDEST && drop_oldest(s))
                continue; /* room made: once more */
            if (wr_errno == ENOSPC)
                s->full_waits++;
            rc = fk_errc(err, wr_errno == ENOSPC ? FK_ERR_BUSY : FK_ERR_STORAGE,
                         "spool: cannot write: %s", strerror(wr_errno));
            break;
        }
        if (s->o.fsync == FK_SPOOL_FSYNC_ALWAYS && fdatasync(s->wfd) != 0) {
            rc = fk_errc(err, FK_ERR_STORAGE, "spool: cannot sync: %s", strerror(errno));
            break;
        }
        s->dirty = s->o.fsync != FK_SPOOL_FSYNC_ALWAYS;
        if (!g->records)
            g->first_ms = time_ms;
        g->bytes += size;
        g->records++;
        g->lines += lines;
        g->last_seq = s->next_seq;
        s->total_bytes += size;
        *seq = s->next_seq++;
        break;
    }
    pthread_mutex_unlock(&s->mu);
    return rc;
}

void fk_spool_keep_after(fk_spool *s, uint64_t seq)
{
    pthread_mutex_lock(&s->mu);
    s->keep_after = seq;
    pthread_mutex_unlock(&s->mu);
}

int fk_spool_sync(fk_spool *s, fk_err *err)
{
    pthread_mutex_lock(&s->mu);
    int rc = 0;
    if (s->wfd >= 0 && s->dirty && s->o.fsync != FK_SPOOL_FSYNC_NEVER) {
        if (fdatasync(s->wfd) != 0)
            rc = fk_errc(err, FK_ERR_STORAGE, "spool: cannot sync: %s", strerror(errno));
        else
            s->dirty = false;
    }
    pthread_mutex_unlock(&s->mu);
    return rc;
}

/* ---- the sender's side ------------------------------------------------------------ */

static segment *find_segment(fk_spool *s, uint64_t first)
{
    for (size_t i = 0; i < s->nsegs; i++)
        if (s->segs[i].first_seq == first)
            return &s->segs[i];
    return NULL;
}

int fk_spool_next(fk_spool *s, fk_spool_record *rec, fk_err *err)
{
    pthread_mutex_lock(&s->mu);
    for (;;) {
        segment *g = find_segment(s, s->read_seg);
        if (!g) { /* first call, or its segment was dropped: the first one after it */
            size_t i = 0;
            while (i < s->nsegs && s->segs[i].first_seq < s->read_seg)
                i++;
            if (i == s->nsegs) {
                pthread_mutex_unlock(&s->mu);
                return 0;
            }
            g = &s->segs[i];
            s->read_seg = g->first_seq;
            s->read_off = 0;
        }
        uint64_t limit = g->bytes, first = g->first_seq;
        bool last = g == &s->segs[s->nsegs - 1];
        if (s->read_off >= limit) {
            if (last) {
                pthread_mutex_unlock(&s->mu);
                return 0;
            }
            s->read_seg = (g + 1)->first_seq;
            s->read_off = 0;
            continue;
        }
        if (s->rfd < 0 || s->rfd_seg != first) {
            if (s->rfd >= 0)
                close(s->rfd);
            char path[4200];
            seg_path(s, first, path, sizeof path);
            s->rfd = open(path, O_RDONLY | O_CLOEXEC);
            s->rfd_seg = first;
            if (s->rfd < 0) {
                pthread_mutex_unlock(&s->mu);
                return fk_errc(err, FK_ERR_STORAGE, "%s: cannot open: %s", path, strerror(errno));
            }
        }
        rec_head r;
        int v = read_record(s->rfd, s->read_off, limit, &r, &s->buf, &s->buf_cap);
        if (v < 0) {
            pthread_mutex_unlock(&s->mu);
            return fk_errc(err, FK_ERR_STORAGE, "spool: cannot read: %s", strerror(errno));
        }
        if (v == 0) {
            int64_t next = resync(s->rfd, s->read_off + 1, limit, &s->buf, &s->buf_cap);
            if (next < 0) {
                pthread_mutex_unlock(&s->mu);
                return fk_errc(err, FK_ERR_STORAGE, "spool: cannot read: %s", strerror(errno));
            }
            if (first > s->damage_seg || (first == s->damage_seg && s->read_off >= s->damage_off)) {
                s->damaged_regions++; /* once, though a rewind passes it again */
                s->damaged_bytes += (uint64_t)next - s->read_off;
                s->damage_seg = first;
                s->damage_off = (uint64_t)next;
            }
            s->read_off = (uint64_t)next;
            continue;
        }
        s->read_off += FK_SPOOL_HEADER_BYTES + r.meta_len + r.data_len;
        if (r.seq <= s->read_seq)
            continue; /* delivered (or handed out) before */
        if (s->nout == s->out_cap) {
            size_t n = s->out_cap ? s->out_cap * 2 : 16;
            handed *p = realloc(s->out, n * sizeof *p);
            if (!p) {
                pthread_mutex_unlock(&s->mu);
                return fk_errc(err, FK_ERR_NOMEM, "out of memory");
            }
            s->out = p;
            s->out_cap = n;
        }
        s->out[s->nout++] = (handed){r.seq, first, r.lines};
        s->read_seq = r.seq;
        *rec = (fk_spool_record){.seq = r.seq,
                                 .time_ms = r.time_ms,
                                 .lines = r.lines,
                                 .kind = r.kind,
                                 .meta = s->buf,
                                 .meta_len = r.meta_len,
                                 .data = s->buf + r.meta_len,
                                 .data_len = r.data_len};
        pthread_mutex_unlock(&s->mu);
        return 1;
    }
}

int fk_spool_ack(fk_spool *s, uint64_t seq, int64_t now_ms, fk_err *err)
{
    pthread_mutex_lock(&s->mu);
    size_t keep = 0;
    for (size_t i = 0; i < s->nout; i++) {
        handed *h = &s->out[i];
        if (h->seq > seq) {
            s->out[keep++] = *h;
            continue;
        }
        segment *g = find_segment(s, h->seg_first);
        if (g) { /* else dropped while it was being sent */
            g->acked_records++;
            g->acked_lines += h->lines;
        }
    }
    s->nout = keep;
    if (seq > s->acked_seq)
        s->acked_seq = seq;
    s->last_ack_ms = now_ms > 0 ? (uint64_t)now_ms : 0;
    int rc = save_state(s, err);
    /* whole segments behind the acknowledgement (and behind what the owner saved) */
    uint64_t upto = s->acked_seq < s->keep_after ? s->acked_seq : s->keep_after;
    while (rc == 0 && s->nsegs > 1 && s->segs[0].last_seq <= upto &&
           s->segs[0].records == s->segs[0].acked_records)
        delete_segment(s, 0);
    pthread_mutex_unlock(&s->mu);
    return rc;
}

void fk_spool_rewind(fk_spool *s)
{
    pthread_mutex_lock(&s->mu);
    s->nout = 0;
    s->read_seq = s->acked_seq;
    s->read_seg = s->nsegs ? s->segs[0].first_seq : 0;
    s->read_off = 0;
    pthread_mutex_unlock(&s->mu);
}

void fk_spool_get_stats(fk_spool *s, fk_spool_stats *st)
{
    pthread_mutex_lock(&s->mu);
    *st = (fk_spool_stats){.bytes = s->total_bytes,
                           .next_seq = s->next_seq,
                           .acked_seq = s->acked_seq,
                           .last_ack_ms = (int64_t)s->last_ack_ms,
                           .dropped_records = s->dropped_records,
                           .dropped_lines = s->dropped_lines,
                           .damaged_regions = s->damaged_regions,
                           .damaged_bytes = s->damaged_bytes,
                           .full_waits = s->full_waits};
    for (size_t i = 0; i < s->nsegs; i++) {
        const segment *g = &s->segs[i];
        st->records += g->records - g->acked_records;
        st->lines += g->lines - g->acked_lines;
        if (g->records > g->acked_records && !st->oldest_ms)
            st->oldest_ms = g->first_ms;
    }
    pthread_mutex_unlock(&s->mu);
}

typedef struct replaying {
    uint64_t after;
    int (*fn)(void *ctx, const fk_spool_record *r);
    void *ctx;
    int rc;
} replaying;

static int replay_one(void *ctx, const rec_head *r, const char *body)
{
    replaying *p = ctx;
    if (r->seq <= p->after)
        return 0;
    fk_spool_record rec = {.seq = r->seq,
                           .time_ms = r->time_ms,
                           .lines = r->lines,
                           .kind = r->kind,
                           .meta = body,
                           .meta_len = r->meta_len,
                           .data = body + r->meta_len,
                           .data_len = r->data_len};
    return p->rc = p->fn(p->ctx, &rec);
}

int fk_spool_replay(fk_spool *s, uint64_t after, int (*fn)(void *ctx, const fk_spool_record *r),
                    void *ctx, fk_err *err)
{
    pthread_mutex_lock(&s->mu);
    replaying p = {after, fn, ctx, 0};
    int rc = 0;
    char *buf = NULL;
    size_t cap = 0;
    for (size_t i = 0; rc == 0 && i < s->nsegs; i++) {
        const segment *g = &s->segs[i];
        if (g->last_seq <= after)
            continue;
        char path[4200];
        seg_path(s, g->first_seq, path, sizeof path);
        int fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
            rc = fk_errc(err, FK_ERR_STORAGE, "%s: cannot open: %s", path, strerror(errno));
            break;
        }
        if (walk_records(fd, 0, g->bytes, &buf, &cap, replay_one, &p) < 0)
            rc = p.rc ? p.rc
                      : fk_errc(err, FK_ERR_STORAGE, "%s: cannot read: %s", path, strerror(errno));
        close(fd);
    }
    free(buf);
    pthread_mutex_unlock(&s->mu);
    return rc;
}
