/* Following log files for the collector: globs matched again and again, each file known
 * by device and inode and checked by a fingerprint of its first bytes, read in whole
 * lines from a remembered offset, and followed across rotation by rename (the old file is
 * read to its end) and by copy-truncate (the copy is recognised by its fingerprint, the
 * truncated file read again from its start). Owns the open files and their checkpoints. */
#ifndef FK_COLLECT_FILES_H
#define FK_COLLECT_FILES_H

#include "../core/error.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct fk_files_opts {
    char *const *paths; /* globs */
    size_t npaths;
    char *const *exclude; /* globs over the whole path */
    size_t nexclude;
    bool start_at_end;      /* files found by the first scan without a checkpoint */
    int64_t rotate_wait_ms; /* a file no glob names any more is closed this long after
                               its last growth */
    size_t max_line;        /* longer lines are cut (and counted) */
} fk_files_opts;

typedef struct fk_files fk_files;

typedef struct fk_files_stats {
    size_t files;
    uint64_t lines, bytes, cut_lines, truncations, rotations;
} fk_files_stats;

/* saved: checkpoints as fk_files_checkpoints wrote them (NULL: none). */
int fk_files_new(fk_files **out, const fk_files_opts *o, const json_t *saved, fk_err *err);
void fk_files_free(fk_files *f);
/* Newer checkpoints than those given to fk_files_new (e.g. from batches written after
 * them): each replaces the one of the same file. Before the first scan. */
void fk_files_restore(fk_files *f, const json_t *saved);

/* Matches the globs: opens new files, notices renames, truncation and files gone.
 * Messages about what happened go to note (may be NULL). */
int fk_files_scan(fk_files *f, int64_t now_ms, void (*note)(void *ctx, const char *msg), void *ctx,
                  fk_err *err);
/* Writes whole lines (each ending in \n) of the files that have new ones into dst, at
 * most room bytes; *lines gets their count. Returns the bytes written (0: nothing new).
 * The checkpoints move past what was written. */
int64_t fk_files_read(fk_files *f, char *dst, size_t room, int64_t now_ms, uint64_t *lines,
                      fk_err *err);
/* Whether the last fk_files_read left whole lines unread for want of room (the caller
 * closes its batch rather than wait). */
bool fk_files_wanted_room(const fk_files *f);
/* Every followed file's checkpoint (path, device, inode, offset, fingerprint) as of the
 * lines fk_files_read handed out: a new JSON array. */
json_t *fk_files_checkpoints(const fk_files *f);
/* Per file: path, offset, size (for the status view): a new JSON array. */
json_t *fk_files_status(const fk_files *f);
void fk_files_get_stats(const fk_files *f, fk_files_stats *st);

/* Counts the lines of p (n bytes of whole lines) into *lines and cuts each longer than
 * max there (counted in *cut), moving what follows up; returns the bytes that remain. */
size_t fk_lines_cut(char *p, size_t n, size_t max, uint64_t *lines, uint64_t *cut);

#endif
