/* Local matching at the member: the indicators the centre released to the member's
 * organisation, pulled from the hub's TAXII collections by a background thread and kept
 * in a cache file, so that an endpoint goes on detecting while the hub is unreachable
 * (and across restarts then). Each batch's lines are matched before the privacy policy
 * touches them; the alerts go to a local file at once and, aggregated, with the batch
 * to the hub. Owns the puller thread, the cache and a detection pipeline (indicators
 * only). */
#ifndef FK_COLLECT_MATCH_H
#define FK_COLLECT_MATCH_H

#include "../core/error.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef void (*fk_match_log_fn)(void *ctx, const char *level, const char *msg);

typedef struct fk_match_opts {
    const char *const *collections; /* TAXII 2.1 collection URLs (…/collections/ID/) */
    size_t ncollections;
    const char *api_key;     /* the hub's key (never logged) */
    const char *ca_file;     /* NULL: the system's trust store */
    int64_t timeout_ms;      /* one request */
    int64_t refresh_ms;      /* how often new indicators are asked for */
    int64_t resync_ms;       /* how often everything is read again (withdrawn indicators) */
    const char *cache_path;  /* the indicators kept between pulls and restarts */
    const char *alerts_path; /* the local alert log (JSON lines) */
    fk_match_log_fn log;
    void *log_ctx;
} fk_match_opts;

typedef struct fk_match_stats {
    size_t indicators;        /* loaded and matching */
    int64_t last_pull_ms;     /* the last pull attempted */
    int64_t last_pull_ok_ms;  /* the last pull that reached every collection */
    char last_error[300];     /* of the last pull, "" when it went well */
    uint64_t batches, alerts; /* matched batches, alerts raised (after aggregation) */
    uint64_t matched_lines;   /* lines with at least one match */
} fk_match_stats;

typedef struct fk_match fk_match;

/* Loads the cache (if any) and starts the puller. Errors name the file. */
int fk_match_new(fk_match **out, const fk_match_opts *o, fk_err *err);
void fk_match_free(fk_match *m);

/* Matches n bytes of whole lines (a batch, numbered from 1) read from source in format
 * (NULL: sniffed). Each alert, aggregated over the batch (count, first and last time,
 * the first line), is written to the local alert log and appended to alerts as the
 * hub's alert JSON (model/alert.h) with "origin": "collector". Returns the number of
 * alerts, -1 with err when memory ran out or the alert log cannot be written. */
int fk_match_lines(fk_match *m, const char *source, const char *format, const char *lines, size_t n,
                   json_t *alerts, fk_err *err);

void fk_match_stats_get(fk_match *m, fk_match_stats *out);

/* The cache as it is written: {"collections": {URL: {"added_after": T}}, "objects":
 * {ID: object}}. Reads one (for tests and fuzzing): the indicators it holds go into a
 * new set of *indicators; errors name the file and what was expected. */
int fk_match_cache_parse(const char *name, const char *text, size_t n, json_t **cache,
                         size_t *indicators, fk_err *err);

#endif
