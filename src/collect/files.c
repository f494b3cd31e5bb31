/* Following log files (see files.h).
 *
 * Identity. A file is its device and inode while it is open: the collector holds it
 * open, so the inode cannot be reused under it, and a rename (rotation) changes only the
 * path. Across a restart the inode may have been reused by a new file, so a checkpoint
 * also keeps a hash of the file's first bytes (up to 1 KiB) and is taken up again only
 * when they still hash the same.
 *
 * Rotation by rename: the old file keeps its inode and is read to its end even once no
 * glob names it; after rotate_wait without growth it is closed (its last line, if
 * unterminated, is sent as it is). The new file at the old name is a new inode: read
 * from its start.
 *
 * Rotation by copy and truncate: the copy is a new inode whose first bytes are those of
 * the followed file, so it is taken up at the followed file's offset (what lies before
 * was read); the truncated file shrinks below its offset and is read again from its
 * start. Lines written between the copy and the truncation exist only in the copy; they
 * are read when the globs name the copy too (e.g. app.log*), and lost otherwise, which is
 * copy-truncate's own flaw.
 *
 * Lines are handed out whole: an unterminated last line waits for its newline. */
#include "files.h"

#include "../core/hash.h"

#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define FP_MAX      1024
#define FP_MIN_COPY 64 /* fewer first bytes are too common to call a file a copy */
#define FP_SEED     0x66696c6573ull

typedef struct followed {
    char *path;
    int fd;
    uint64_t dev, ino, off;
    uint64_t fp;
    uint32_t fp_len;
    bool named;    /* a glob named it at the last scan */
    bool skipping; /* inside a cut line: bytes up to the next newline are dropped */
    int64_t last_growth_ms;
    uint64_t last_size;
    uint32_t generation; /* how many times it was read again from its start (truncated) */
    /* a copy (copy-truncate) of a file still followed: the original's identity and
     * generation when the copy was found; while the original is not truncated, the two
     * hold the same lines and neither reads what the other has read */
    bool copy;
    uint64_t of_dev, of_ino;
    uint32_t of_generation;
    /* found to be read from its start with too few bytes to tell whether it is a copy
     * (copy-truncate's copy is often found while cp is still writing it, even empty):
     * nothing is read from it until it holds enough to compare, or stays short and quiet */
    bool unknown;
} followed;

typedef struct saved_cp {
    char *path;
    uint64_t dev, ino, off, fp;
    uint32_t fp_len;
} saved_cp;

#define GHOSTS 16

struct fk_files {
    fk_files_opts o;
    /* what truncated files held before (their first bytes and how far they were read),
     * so that their copies, found later, are taken up where reading stopped */
    saved_cp ghosts[GHOSTS];
    size_t nghosts, next_ghost;
    followed *fs;
    size_t n, cap;
    saved_cp *saved;
    size_t nsaved;
    bool scanned;
    size_t rr;
    bool wanted_room;
    fk_files_stats st;
};

static bool hash_prefix(int fd, uint32_t len, uint64_t *fp)
{
    char buf[FP_MAX];
    ssize_t got = len ? pread(fd, buf, len, 0) : 0;
    if (got != (ssize_t)len)
        return false;
    *fp = fk_hash64(buf, len, FP_SEED);
    return true;
}

static bool prefix_is(int fd, uint64_t size, uint64_t fp, uint32_t len)
{
    uint64_t h;
    return size >= len && hash_prefix(fd, len, &h) && h == fp;
}

static void free_saved(fk_files *f)
{
    for (size_t i = 0; i < f->nsaved; i++)
        free(f->saved[i].path);
    free(f->saved);
    f->saved = NULL;
    f->nsaved = 0;
}

static uint64_t json_u64(const json_t *o, const char *k)
{
    json_t *v = json_object_get(o, k);
    return json_is_integer(v) && json_integer_value(v) >= 0 ? (uint64_t)json_integer_value(v) : 0;
}

void fk_files_restore(fk_files *f, const json_t *saved)
{
    size_t i;
    json_t *e;
    json_array_foreach(saved, i, e)
    {
        const char *fp = json_string_value(json_object_get(e, "fp"));
        const char *path = json_string_value(json_object_get(e, "path"));
        saved_cp cp = {.dev = json_u64(e, "dev"),
                       .ino = json_u64(e, "ino"),
                       .off = json_u64(e, "off"),
                       .fp_len = (uint32_t)json_u64(e, "fpl")};
        if (!fp || !path || cp.fp_len > FP_MAX ||
            sscanf(fp, "%16llx", (unsigned long long *)&cp.fp) != 1)
            continue; /* not one of ours: ignored rather than followed wrongly */
        if (json_is_true(json_object_get(e, "truncated"))) {
            if (cp.fp_len >= FP_MIN_COPY && f->nghosts < GHOSTS) {
                f->ghosts[f->nghosts++] = cp;
                f->next_ghost = f->nghosts % GHOSTS;
            }
            continue;
        }
        size_t k = 0;
        while (k < f->nsaved && !(f->saved[k].dev == cp.dev && f->saved[k].ino == cp.ino))
            k++;
        if (k == f->nsaved) {
            saved_cp *p = realloc(f->saved, (f->nsaved + 1) * sizeof *p);
            if (!p)
                return;
            f->saved = p;
            f->nsaved++;
            f->saved[k].path = NULL;
        }
        char *dup = strdup(path);
        if (!dup)
            return;
        free(f->saved[k].path);
        cp.path = dup;
        f->saved[k] = cp;
    }
}

int fk_files_new(fk_files **out, const fk_files_opts *o, const json_t *saved, fk_err *err)
{
    fk_files *f = calloc(1, sizeof *f);
    if (!f)
        return fk_errc(err, FK_ERR_NOMEM, "out of memory");
    f->o = *o;
    if (!f->o.max_line)
        f->o.max_line = 1 << 20;
    if (saved)
        fk_files_restore(f, saved);
    *out = f;
    return 0;
}

static void drop_followed(fk_files *f, size_t i)
{
    close(f->fs[i].fd);
    free(f->fs[i].path);
    memmove(&f->fs[i], &f->fs[i + 1], (f->n - i - 1) * sizeof *f->fs);
    f->n--;
}

void fk_files_free(fk_files *f)
{
    if (!f)
        return;
    while (f->n)
        drop_followed(f, f->n - 1);
    free(f->fs);
    free_saved(f);
    free(f);
}

static bool excluded(const fk_files *f, const char *path)
{
    for (size_t i = 0; i < f->o.nexclude; i++)
        if (fnmatch(f->o.exclude[i], path, 0) == 0)
            return true;
    return false;
}

/* Whether a file is a copy (copy-truncate) of a file followed now (not self), truncated
 * since, or followed before the restart, by its first bytes; if so, where to take it up.
 * *short_copy: what the original read goes past the copy's end (*off is that end): the
 * copy is still being written, or the original grew after it was made; taken up at its
 * end now, the copy would be read from the middle of a line once cp wrote the rest. */
static bool take_up_at(uint64_t read, uint64_t size, uint64_t *off, bool *short_copy)
{
    *short_copy = read > size;
    *off = read <= size ? read : size;
    return true;
}

static bool copy_offset(fk_files *f, const followed *self, int fd, uint64_t size, uint64_t *off,
                        bool *short_copy, const char **why, const followed **original)
{
    *short_copy = false;
    for (size_t i = 0; i < f->n; i++)
        if (&f->fs[i] != self && f->fs[i].fp_len >= FP_MIN_COPY &&
            prefix_is(fd, size, f->fs[i].fp, f->fs[i].fp_len)) {
            *why = "a copy of a followed file: taken up at its offset";
            *original = &f->fs[i];
            return take_up_at(f->fs[i].off, size, off, short_copy);
        }
    for (size_t i = 0; i < f->nghosts; i++)
        if (prefix_is(fd, size, f->ghosts[i].fp, f->ghosts[i].fp_len)) {
            *why = "a copy of a file since truncated: taken up at its offset";
            return take_up_at(f->ghosts[i].off, size, off, short_copy);
        }
    for (size_t i = 0; i < f->nsaved; i++)
        if (f->saved[i].fp_len >= FP_MIN_COPY &&
            prefix_is(fd, size, f->saved[i].fp, f->saved[i].fp_len)) {
            *why = "a copy of a file followed before: taken up at its offset";
            return take_up_at(f->saved[i].off, size, off, short_copy);
        }
    return false;
}

/* Where a file seen for the first time is read from. */
static uint64_t start_offset(fk_files *f, int fd, uint64_t dev, uint64_t ino, uint64_t size,
                             uint32_t fp_len, bool *short_copy, const char **why,
                             const followed **original)
{
    *original = NULL;
    *short_copy = false;
    bool from_start = false; /* a checkpoint before anything was read from it */
    for (size_t i = 0; i < f->nsaved && !from_start; i++) {
        saved_cp *s = &f->saved[i];
        if (s->dev == dev && s->ino == ino && prefix_is(fd, size, s->fp, s->fp_len)) {
            *why = "taken up at its checkpoint";
            if (s->off > 0 || fp_len < FP_MIN_COPY)
                return s->off <= size ? s->off : 0;
            /* saved while too short to tell (a copy being written when the collector
             * stopped): what it holds now says whether it is a copy */
            from_start = true;
        }
    }
    uint64_t off;
    if (fp_len >= FP_MIN_COPY && copy_offset(f, NULL, fd, size, &off, short_copy, why, original))
        return off;
    if (from_start)
        return 0;
    if (!f->scanned && f->o.start_at_end) {
        *why = "read from its end (read_from: end)";
        return size;
    }
    *why = "read from its start";
    return 0;
}

static void mark_copy(followed *x, const followed *original)
{
    x->copy = true;
    x->of_dev = original->dev;
    x->of_ino = original->ino;
    x->of_generation = original->generation;
}

static int follow(fk_files *f, const char *path, int64_t now_ms, void (*note)(void *, const char *),
                  void *ctx, fk_err *err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        if (fd >= 0)
            close(fd);
        return 0; /* gone between the glob and the open, or not a file: the next scan */
    }
    for (size_t i = 0; i < f->n; i++)
        if (f->fs[i].dev == (uint64_t)st.st_dev && f->fs[i].ino == (uint64_t)st.st_ino) {
            close(fd); /* followed already: the glob named it by a second path */
            return 0;
        }
    if (f->n == f->cap) {
        size_t c = f->cap ? f->cap * 2 : 16;
        followed *p = realloc(f->fs, c * sizeof *p);
        if (!p) {
            close(fd);
            return fk_errc(err, FK_ERR_NOMEM, "out of memory");
        }
        f->fs = p;
        f->cap = c;
    }
    uint64_t size = (uint64_t)st.st_size;
    uint32_t fp_len = size < FP_MAX ? (uint32_t)size : FP_MAX;
    uint64_t fp = 0;
    char *dup = strdup(path);
    if (!dup || !hash_prefix(fd, fp_len, &fp)) {
        free(dup);
        close(fd);
        return dup ? 0 : fk_errc(err, FK_ERR_NOMEM, "out of memory");
    }
    const char *why = "";
    const followed *original;
    bool short_copy;
    uint64_t off = start_offset(f, fd, (uint64_t)st.st_dev, (uint64_t)st.st_ino, size, fp_len,
                                &short_copy, &why, &original);
    f->fs[f->n] = (followed){.path = dup,
                             .fd = fd,
                             .dev = (uint64_t)st.st_dev,
                             .ino = (uint64_t)st.st_ino,
                             .off = off,
                             .fp = fp,
                             .fp_len = fp_len,
                             .named = true,
                             .last_growth_ms = now_ms,
                             .last_size = size};
    if (original)
        mark_copy(&f->fs[f->n], original);
    /* too short to tell, or a copy shorter than what its original read: asked again
     * (identify) before anything is read from it */
    f->fs[f->n].unknown = (off == 0 && fp_len < FP_MIN_COPY) || short_copy;
    f->n++;
    if (note) {
        char msg[4300];
        snprintf(msg, sizeof msg, "following %s: %s (offset %llu of %llu)", path, why,
                 (unsigned long long)off, (unsigned long long)size);
        note(ctx, msg);
    }
    return 0;
}

/* A file truncated (copy-truncate rotation) shrinks below the offset, or, written again
 * past it before anyone looked, no longer starts with the bytes it started with: either
 * way what is there now is another text, read from its first byte. */
static void check_rewritten(fk_files *f, followed *x, uint64_t size,
                            void (*note)(void *, const char *), void *ctx)
{
    if (size >= x->off && (!x->fp_len || prefix_is(x->fd, size, x->fp, x->fp_len)))
        return;
    f->st.truncations++;
    if (x->fp_len >= FP_MIN_COPY) {
        f->ghosts[f->next_ghost] = (saved_cp){.off = x->off, .fp = x->fp, .fp_len = x->fp_len};
        f->next_ghost = (f->next_ghost + 1) % GHOSTS;
        if (f->nghosts < GHOSTS)
            f->nghosts++;
    }
    if (note) {
        char msg[4300];
        snprintf(msg, sizeof msg,
                 "%s was truncated (copy-truncate rotation?) at %llu bytes read, now %llu: "
                 "read again from its start",
                 x->path, (unsigned long long)x->off, (unsigned long long)size);
        note(ctx, msg);
    }
    x->off = 0;
    x->skipping = false;
    x->generation++;
    x->fp_len = size < FP_MAX ? (uint32_t)size : FP_MAX;
    if (!hash_prefix(x->fd, x->fp_len, &x->fp))
        x->fp_len = 0;
}

int fk_files_scan(fk_files *f, int64_t now_ms, void (*note)(void *ctx, const char *msg), void *ctx,
                  fk_err *err)
{
    for (size_t i = 0; i < f->n; i++)
        f->fs[i].named = false;
    char msg[4400];
    for (size_t p = 0; p < f->o.npaths; p++) {
        glob_t g;
        int grc = glob(f->o.paths[p], GLOB_NOSORT, NULL, &g);
        if (grc == GLOB_NOSPACE)
            return fk_errc(err, FK_ERR_NOMEM, "out of memory");
        for (size_t k = 0; grc == 0 && k < g.gl_pathc; k++) {
            const char *path = g.gl_pathv[k];
            struct stat st;
            if (excluded(f, path) || stat(path, &st) != 0 || !S_ISREG(st.st_mode))
                continue;
            size_t i = 0;
            while (i < f->n &&
                   !(f->fs[i].dev == (uint64_t)st.st_dev && f->fs[i].ino == (uint64_t)st.st_ino))
                i++;
            if (i == f->n) {
                if (follow(f, path, now_ms, note, ctx, err) != 0) {
                    globfree(&g);
                    return -1;
                }
                continue;
            }
            followed *x = &f->fs[i];
            if (x->named)
                continue; /* a second path to the same file */
            x->named = true;
            if (strcmp(x->path, path) != 0) {
                char *dup = strdup(path);
                if (dup) {
                    if (note) {
                        snprintf(msg, sizeof msg, "%s was renamed %s (rotation): read on", x->path,
                                 path);
                        note(ctx, msg);
                    }
                    free(x->path);
                    x->path = dup;
                    f->st.rotations++;
                }
            }
        }
        globfree(&g);
    }
    /* truncation, and files no glob names any more */
    for (size_t i = 0; i < f->n;) {
        followed *x = &f->fs[i];
        struct stat st;
        if (fstat(x->fd, &st) != 0) {
            i++;
            continue;
        }
        uint64_t size = (uint64_t)st.st_size;
        check_rewritten(f, x, size, note, ctx);
        if (size != x->last_size) {
            x->last_size = size;
            x->last_growth_ms = now_ms;
        }
        /* the fingerprint grows with a young file, up to its full length */
        if (x->fp_len < FP_MAX && size > x->fp_len) {
            uint32_t len = size < FP_MAX ? (uint32_t)size : FP_MAX;
            uint64_t fp;
            if (hash_prefix(x->fd, len, &fp)) {
                x->fp = fp;
                x->fp_len = len;
            }
        }
        if (!x->named && x->off >= size && now_ms - x->last_growth_ms >= f->o.rotate_wait_ms) {
            if (note) {
                snprintf(msg, sizeof msg, "%s: read to its end and no longer named: closed",
                         x->path);
                note(ctx, msg);
            }
            drop_followed(f, i);
            continue;
        }
        i++;
    }
    f->scanned = true;
    free_saved(f); /* checkpoints not taken up by now name files that are gone */
    f->st.files = f->n;
    return 0;
}

size_t fk_lines_cut(char *p, size_t n, size_t max, uint64_t *lines, uint64_t *cut)
{
    size_t out = 0;
    for (size_t start = 0; start < n;) {
        char *nl = memchr(p + start, '\n', n - start);
        size_t len = nl ? (size_t)(nl - (p + start)) : n - start; /* without the newline */
        size_t keep = len > max ? max : len;
        *cut += len > max;
        if (out != start)
            memmove(p + out, p + start, keep);
        out += keep;
        if (nl)
            p[out++] = '\n';
        (*lines)++;
        start += len + (nl ? 1 : 0);
    }
    return out;
}

/* Copy-truncate copies the file, then truncates it: between the two, the original still
 * holds the lines the copy holds, and a collector that found the copy reads both. While
 * the original is not truncated (the same generation), the one of the pair behind moves
 * up to where the other read (offsets at line ends, the same bytes in both), so no line
 * is read twice. false: x is a copy shorter than what its original read (the copy is
 * being written): nothing to read from it yet. */
static bool take_up_pair(fk_files *f, followed *x, uint64_t size)
{
    for (size_t i = 0; i < f->n; i++) {
        followed *o = &f->fs[i];
        followed *copy = x->copy ? x : o, *original = x->copy ? o : x;
        if (o == x || !copy->copy || copy->of_dev != original->dev ||
            copy->of_ino != original->ino || copy->of_generation != original->generation)
            continue;
        if (x == copy && original->off > x->off) {
            if (original->off > size)
                return false;
            x->off = original->off;
            x->skipping = original->skipping;
        } else if (x == original && copy->off > x->off && copy->off <= size) {
            x->off = copy->off;
            x->skipping = copy->skipping;
        }
    }
    return true;
}

/* A file found with too few bytes to tell a copy from a new file, or a copy shorter
 * than what its original read (x->unknown), asked again before anything is read from
 * it. It is compared once it holds as many bytes as any fingerprint (FP_MAX), or has
 * stopped growing for rotate_wait (a copy is written in one go; a short new file is
 * then read): a copy is taken up where its original's reading stopped, once it reaches
 * there or has stopped growing short of it; anything else is read from its start.
 * false: not yet. */
static bool identify(fk_files *f, followed *x, uint64_t size, int64_t now_ms)
{
    bool quiet = now_ms - x->last_growth_ms >= f->o.rotate_wait_ms;
    if (size == 0 || (size < FP_MAX && !quiet))
        return false;
    const char *why;
    const followed *original = NULL;
    uint64_t off = 0;
    bool short_copy = false;
    bool copy =
        size >= FP_MIN_COPY && copy_offset(f, x, x->fd, size, &off, &short_copy, &why, &original);
    if (copy && short_copy && !quiet)
        return false; /* cp is still writing it */
    x->unknown = false;
    x->off = copy ? off : 0;
    if (original)
        mark_copy(x, original);
    return true;
}

/* Reads whole lines of one file into dst; returns the bytes written. */
static int64_t read_one(fk_files *f, followed *x, char *dst, size_t room, int64_t now_ms,
                        uint64_t *lines, fk_err *err)
{
    struct stat st;
    if (fstat(x->fd, &st) != 0)
        return 0;
    uint64_t size = (uint64_t)st.st_size;
    if (x->off != size)
        check_rewritten(f, x, size, NULL, NULL);
    if (x->unknown && !identify(f, x, size, now_ms))
        return 0; /* too short to tell whether it is a copy: wait for it */
    if (!take_up_pair(f, x, size))
        return 0; /* its copy is behind what the original read: wait for it to grow */
    size_t written = 0;
    while (x->off < size && room - written > 1) {
        size_t want = room - written - 1;              /* keep one byte for a newline of our own */
        bool limited = (uint64_t)want < size - x->off; /* by room, not by the file */
        if (!limited)
            want = (size_t)(size - x->off);
        char *p = dst + written;
        ssize_t got = pread(x->fd, p, want, (off_t)x->off);
        if (got < 0)
            return fk_errc(err, FK_ERR_STORAGE, "%s: cannot read: %s", x->path, strerror(errno));
        if (got == 0)
            break;
        size_t n = (size_t)got;
        if (x->skipping) {
            char *nl = memchr(p, '\n', n);
            if (!nl) {
                x->off += n;
                continue;
            }
            size_t drop = (size_t)(nl - p) + 1;
            x->off += drop;
            x->skipping = false;
            continue;
        }
        char *last = memrchr(p, '\n', n);
        if (last) {
            size_t take = (size_t)(last - p) + 1;
            x->off += take;
            written += fk_lines_cut(p, take, f->o.max_line, lines, &f->st.cut_lines);
            continue;
        }
        if (n >= f->o.max_line) { /* one line longer than allowed: cut */
            p[f->o.max_line] = '\n';
            x->off += f->o.max_line;
            written += f->o.max_line + 1;
            (*lines)++;
            f->st.cut_lines++;
            x->skipping = true;
            continue;
        }
        if (!x->named && x->off + n == size && now_ms - x->last_growth_ms >= f->o.rotate_wait_ms) {
            /* the unterminated end of a file rotated away: it will not be finished */
            p[n] = '\n';
            x->off += n;
            written += n + 1;
            (*lines)++;
            continue;
        }
        if (limited)
            f->wanted_room = true; /* a whole line may be there, only not in this room */
        break; /* a line not yet finished, or one that needs more room than is left */
    }
    if (x->off < size && room - written <= 1)
        f->wanted_room = true;
    return (int64_t)written;
}

int64_t fk_files_read(fk_files *f, char *dst, size_t room, int64_t now_ms, uint64_t *lines,
                      fk_err *err)
{
    *lines = 0;
    f->wanted_room = room <= 1 && f->n;
    size_t written = 0;
    for (size_t k = 0; k < f->n && room - written > 1; k++) {
        size_t i = (f->rr + k) % f->n;
        int64_t w = read_one(f, &f->fs[i], dst + written, room - written, now_ms, lines, err);
        if (w < 0)
            return -1;
        written += (size_t)w;
    }
    if (f->n)
        f->rr = (f->rr + 1) % f->n;
    f->st.lines += *lines;
    f->st.bytes += written;
    return (int64_t)written;
}

bool fk_files_wanted_room(const fk_files *f)
{
    return f->wanted_room;
}

/* One checkpoint as fk_files_restore reads it back; truncated: a ghost (only its first
 * bytes and offset count, for its copy). */
static json_t *checkpoint_json(const char *path, uint64_t dev, uint64_t ino, uint64_t off,
                               uint64_t fp, uint32_t fp_len, bool truncated)
{
    char hex[24];
    snprintf(hex, sizeof hex, "%016llx", (unsigned long long)fp);
    json_t *o =
        json_pack("{sssIsIsIsssI}", "path", path ? path : "", "dev", (json_int_t)dev, "ino",
                  (json_int_t)ino, "off", (json_int_t)off, "fp", hex, "fpl", (json_int_t)fp_len);
    if (o && truncated)
        json_object_set_new(o, "truncated", json_true());
    return o;
}

json_t *fk_files_checkpoints(const fk_files *f)
{
    json_t *a = json_array();
    for (size_t i = 0; a && i < f->n; i++) {
        const followed *x = &f->fs[i];
        json_array_append_new(
            a, checkpoint_json(x->path, x->dev, x->ino, x->off, x->fp, x->fp_len, false));
    }
    for (size_t i = 0; a && i < f->nghosts; i++) {
        const saved_cp *g = &f->ghosts[i];
        json_array_append_new(a, checkpoint_json(NULL, 0, 0, g->off, g->fp, g->fp_len, true));
    }
    /* checkpoints restored but not yet scanned keep their place */
    for (size_t i = 0; a && i < f->nsaved; i++) {
        const saved_cp *c = &f->saved[i];
        json_array_append_new(
            a, checkpoint_json(c->path, c->dev, c->ino, c->off, c->fp, c->fp_len, false));
    }
    return a;
}

json_t *fk_files_status(const fk_files *f)
{
    json_t *a = json_array();
    for (size_t i = 0; a && i < f->n; i++) {
        const followed *x = &f->fs[i];
        json_array_append_new(a,
                              json_pack("{sssIsIsb}", "path", x->path, "offset", (json_int_t)x->off,
                                        "size", (json_int_t)x->last_size, "named", x->named));
    }
    return a;
}

void fk_files_get_stats(const fk_files *f, fk_files_stats *st)
{
    *st = f->st;
    st->files = f->n;
}
