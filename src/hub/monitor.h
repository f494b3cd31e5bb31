/* Continuous monitoring at the hub: the ingest use case (a member's batch checked,
 * stored durably with its digest in the audit chain, then published on the bus) and the
 * detection worker (one thread consuming the bus, running every batch through the
 * detection pipeline with the member's organisation on each event, and storing its
 * alerts and the batch's done state in one transaction, so a batch counts exactly once
 * whatever crashes). A loader thread rebuilds the shared indicators when a collection
 * gains objects and hands them to the worker, which swaps them between batches. Owns
 * the bus, the worker's database connection and the pipeline. */
#ifndef FK_MONITOR_H
#define FK_MONITOR_H

#include "../core/error.h"
#include "../store/db.h"
#include "../store/directory.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

typedef struct fk_monitor fk_monitor;

typedef struct fk_monitor_config {
    const char *store;   /* a data folder or postgres://… (fk_db_open) */
    const char *bus_url; /* NULL: in-process; nats://…: shared with fukurou workers */
    /* a fukurou worker: detection only, from the shared bus (the hub, given a shared bus,
     * runs no detection) */
    bool worker;
    /* detection beyond the shared indicators and the shipped web signatures */
    const char *const *sigma_paths;
    size_t nsigma;
    const char *const *rule_files;
    size_t nrules;
    bool no_web;
    bool no_rules; /* no threshold rules (without rule_files: the shipped ones) */
    const char *cache_dir;
    const char *campaigns_file; /* NULL: the shipped rules/campaigns.yml */
    /* backpressure: refuse new batches (503) while this much waits for detection */
    int64_t max_backlog_batches, max_backlog_bytes;
    /* a window's alerts are emitted after this long without new events (ms) */
    int64_t idle_flush_ms;
    /* how often the loader looks for new shared indicators (ms) */
    int64_t indicator_poll_ms;
    /* retention, applied hourly: raw batch bodies by age (default 30 days) and total size
     * (0: none); alerts by age (default 365 days) and count (0: none) */
    int64_t raw_max_age_ms, raw_max_bytes, alert_max_age_ms, alert_max_count;
    bool quiet;
} fk_monitor_config;

int fk_monitor_start(fk_monitor **out, const fk_monitor_config *cfg, fk_err *err);
/* Stops the threads after the batch in hand; what is pending stays pending. */
void fk_monitor_stop(fk_monitor *m);

typedef struct fk_ingest_request {
    const char *org;       /* NULL: the caller's own organisation */
    const char *batch_key; /* the sender's idempotency key; NULL: the body's digest */
    const char *source;    /* NULL: unnamed */
    const char *format;    /* NULL or "auto": sniffed */
    const char *policy;    /* the privacy policy the sender applied; NULL: none declared */
    const char *body;
    size_t len;
} fk_ingest_request;

typedef struct fk_ingest_result {
    int64_t batch_id;
    bool duplicate; /* stored before under the same key: not processed again */
    uint64_t lines, events, malformed, skipped;
    json_t *malformed_lines; /* owned: [{"line", "reason"}], the first 1000 */
    char digest[65], format[32];
} fk_ingest_result;

/* The ingest use case. Errors: FK_ERR_DENIED (a member sending as another
 * organisation), FK_ERR_INVALID (unknown organisation or format), FK_ERR_BUSY (the
 * backlog is full: retry later), FK_ERR_STORAGE. */
int fk_monitor_ingest(fk_monitor *m, fk_db *db, const fk_principal *who,
                      const fk_ingest_request *rq, fk_ingest_result *out, fk_err *err);
void fk_ingest_result_free(fk_ingest_result *r);

typedef struct fk_monitor_stats {
    uint64_t batches, events, alerts;
    int64_t indicators_generation;
    size_t indicators;
    int64_t last_batch_ms;  /* when the last batch was done */
    int64_t last_swap_ms;   /* when the indicators were last swapped in */
    int64_t first_match_ms; /* the first indicator alert after the last swap (0: none) */
    char engines[64];
} fk_monitor_stats;

void fk_monitor_stats_get(fk_monitor *m, fk_monitor_stats *out);

#endif
