/* The collector's disk spool: records (a batch of lines, ready to send) appended to
 * segment files in a folder, each with a CRC-32 over its header and body, read back in
 * order by one sender and deleted a segment at a time once acknowledged. Bounded in
 * size, with a policy when full; a damaged record is skipped and counted, never the
 * whole spool; a record torn by a crash at the tail is cut off. Owns its folder. */
#ifndef FK_COLLECT_SPOOL_H
#define FK_COLLECT_SPOOL_H

#include "../core/error.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum fk_spool_when_full {
    FK_SPOOL_BLOCK,       /* appends fail with FK_ERR_BUSY: the sources wait */
    FK_SPOOL_DROP_OLDEST, /* the oldest unsent segment goes, its records and lines counted */
} fk_spool_when_full;

typedef enum fk_spool_fsync {
    FK_SPOOL_FSYNC_ALWAYS,   /* every record on disk before fk_spool_append returns */
    FK_SPOOL_FSYNC_INTERVAL, /* at most fsync_interval_ms after it was appended */
    FK_SPOOL_FSYNC_NEVER,    /* when the kernel writes it back */
} fk_spool_fsync;

typedef struct fk_spool_opts {
    const char *dir;
    uint64_t max_bytes;     /* every segment together; 0: 1 GiB */
    uint64_t segment_bytes; /* a segment is closed past this; 0: max_bytes / 8, 64 KiB..64 MiB */
    fk_spool_when_full when_full;
    fk_spool_fsync fsync;
    int64_t fsync_interval_ms; /* 0: 1000 */
} fk_spool_opts;

typedef struct fk_spool_record {
    uint64_t seq; /* from 1, never reused in a spool folder */
    int64_t time_ms;
    uint32_t lines;
    uint16_t kind;
    const char *meta; /* the owner's description of the record (its own format) */
    size_t meta_len;
    const char *data;
    size_t data_len;
} fk_spool_record;

typedef struct fk_spool_stats {
    uint64_t bytes, records, lines; /* not yet acknowledged */
    int64_t oldest_ms;              /* time of the oldest of them; 0 when none */
    uint64_t next_seq, acked_seq;
    int64_t last_ack_ms;
    /* since the folder was created (kept across restarts) */
    uint64_t dropped_records, dropped_lines;
    uint64_t damaged_regions, damaged_bytes;
    uint64_t full_waits; /* appends refused because the spool (or the disk) was full */
} fk_spool_stats;

typedef struct fk_spool fk_spool;

/* Opens (creating) the folder, checks every segment from the first unacknowledged
 * record and cuts a torn record off the end of the last one. */
int fk_spool_open(fk_spool **out, const fk_spool_opts *o, fk_err *err);
void fk_spool_close(fk_spool *s);

/* Appends one record; *seq gets its number. -1 with FK_ERR_BUSY when full under
 * FK_SPOOL_BLOCK (or the disk is full and nothing may be dropped), FK_ERR_TOO_LARGE when
 * the record alone exceeds a segment. */
int fk_spool_append(fk_spool *s, uint16_t kind, uint32_t lines, int64_t time_ms, const char *meta,
                    size_t meta_len, const char *data, size_t data_len, uint64_t *seq, fk_err *err);
/* Segments holding records after seq are kept even once acknowledged: the owner says
 * up to where its own state (e.g. the sources' checkpoints) is saved. */
void fk_spool_keep_after(fk_spool *s, uint64_t seq);
/* Writes back what the fsync policy left pending (FK_SPOOL_FSYNC_INTERVAL: call it at
 * least every fsync_interval_ms). */
int fk_spool_sync(fk_spool *s, fk_err *err);

/* The sender's side (one sender): the first record not yet acknowledged nor handed out
 * since the last fk_spool_rewind, valid until the next call. Returns 1 with it, 0 when
 * there is none, -1 on a read error. Damaged records are skipped and counted. */
int fk_spool_next(fk_spool *s, fk_spool_record *rec, fk_err *err);
/* Every record up to seq is delivered: whole segments behind it are deleted. */
int fk_spool_ack(fk_spool *s, uint64_t seq, int64_t now_ms, fk_err *err);
/* Hands out again from the first unacknowledged record (after a failed send). */
void fk_spool_rewind(fk_spool *s);

void fk_spool_get_stats(fk_spool *s, fk_spool_stats *st);

/* Calls fn for every record still on disk numbered after `after`, delivered or not, in
 * order (at start, before sending: an owner recovering the state its records carry;
 * fk_spool_keep_after keeps them). fn returning non-zero stops the walk with that. */
int fk_spool_replay(fk_spool *s, uint64_t after, int (*fn)(void *ctx, const fk_spool_record *r),
                    void *ctx, fk_err *err);

/* Bytes before a record's body (for tests that damage records on purpose). */
enum { FK_SPOOL_HEADER_BYTES = 40 };

#endif
