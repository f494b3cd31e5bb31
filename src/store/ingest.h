/* What members stream in: each batch kept raw (compressed) for forensics until retention
 * removes it, with its digest, its state (pending until detection has run on it, then
 * done) and a per-member unique batch key that makes a retried batch a duplicate; plus
 * per-member metering by day and the last-seen time and lag of each source. Owns the
 * ingest_batch, metering and ingest_source tables. */
#ifndef FK_STORE_INGEST_H
#define FK_STORE_INGEST_H

#include "db.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

typedef struct fk_batch_in {
    int64_t org_id;
    const char *batch_key; /* the sender's idempotency key; NULL: "sha256:" and the digest */
    const char *source;    /* a name the sender gives its source (host, file) */
    const char *format;    /* declared log format, or "auto" */
    const char *policy;    /* the privacy policy the sender applied; NULL: none declared */
    uint64_t lines, malformed;
    const char *body; /* the NDJSON lines, uncompressed */
    size_t body_len;
    int64_t received_ms;
    int64_t newest_event_ms; /* for the source's lag; 0 if no event had a time */
} fk_batch_in;

typedef struct fk_batch_stored {
    int64_t id;
    bool duplicate;  /* the key was seen before: nothing was stored again */
    char digest[65]; /* SHA-256 of the body, hex */
} fk_batch_stored;

/* Stores a batch (inside the caller's transaction, if one is open): the body is
 * compressed, its digest computed; metering counts the batch's bytes; the source's
 * last-seen time is updated. A key already stored for the organisation is reported as
 * a duplicate, not an error. */
int fk_batch_store(fk_db *db, const fk_batch_in *in, fk_batch_stored *out, fk_err *err);

/* Batches waiting for detection, and the bytes they hold. */
int fk_batch_backlog(fk_db *db, int64_t *batches, int64_t *bytes, fk_err *err);
/* Pending batch ids after `after`, oldest first, at most cap; unpublished: only those
 * not known to be on the shared bus. */
int fk_batch_pending(fk_db *db, int64_t after, bool unpublished, int64_t *ids, int64_t *orgs,
                     size_t cap, size_t *n, fk_err *err);
/* The shared bus holds the batch (JetStream acknowledged its publish). */
int fk_batch_published(fk_db *db, int64_t id, fk_err *err);

typedef struct fk_batch {
    int64_t id, org_id, received_ms;
    char org[128], sector[48], format[32], source[128];
    char engines[64]; /* the member's choice of detection engines ("all" or a list) */
    char key[208];    /* the sender's batch key */
    char *body;       /* malloc'd, uncompressed, NUL-terminated */
    size_t body_len;
    bool done;
} fk_batch;

/* Loads a batch. 0 found, 1 no such batch (retention took it), -1 error. */
int fk_batch_load(fk_db *db, int64_t id, fk_batch *out, fk_err *err);
void fk_batch_release(fk_batch *b);
/* Marks a batch done with what detection made of it, and meters its events. */
int fk_batch_done(fk_db *db, int64_t id, int64_t org_id, uint64_t events, uint64_t alerts,
                  int64_t processed_ms, fk_err *err);

/* Metering: {"organisation","sector","day","batches","events","bytes"} rows, newest day
 * first; org NULL for every member. */
int fk_metering_list(fk_db *db, const char *org, int days, json_t **out, fk_err *err);
/* Member health, the members silent longest first: {"organisation", "sector", "sources",
 * "last_seen" (RFC 3339, absent when never), "lag_ms", "batches_today", "events_today",
 * "bytes_today"} (today: the UTC day of now_ms, as metered); org NULL for every member. */
int fk_health_list(fk_db *db, const char *org, int64_t now_ms, size_t limit, json_t **out,
                   fk_err *err);
/* Sources: {"organisation","source","last_seen","lag_ms"}; org NULL for all. */
int fk_sources_list(fk_db *db, const char *org, json_t **out, fk_err *err);

/* Retention for raw events: bodies of processed batches older than max_age_ms are
 * dropped (their row, digest and counts stay for the audit), then the oldest processed
 * bodies until the kept ones fit in max_bytes (0: no size bound). */
int fk_batch_retention(fk_db *db, int64_t now_ms, int64_t max_age_ms, int64_t max_bytes,
                       int64_t *dropped, fk_err *err);

#endif
