/* Alert counts for the console's overview: new alerts and matched events per hour,
 * organisation and engine, and per day and rule (for indicator matches: the indicator),
 * kept as the alerts are written so that a week's picture is read from a few thousand
 * rows rather than counted from the alerts. Owns alert_hourly and alert_rule_daily. */
#ifndef FK_ALERT_STATS_H
#define FK_ALERT_STATS_H

#include "../core/error.h"
#include "db.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct fk_alert_tally {
    int64_t org_id; /* 0: the centre's own */
    const char *engine, *rule_key, *title;
    int64_t alerts; /* new alerts (0 when the hit added to an open one) */
    int64_t hits;   /* events matched */
} fk_alert_tally;

/* Adds n tallies (repeats are summed first) at now_ms, in the caller's transaction. */
int fk_alert_stats_add(fk_db *db, const fk_alert_tally *t, size_t n, int64_t now_ms, fk_err *err);

/* Hourly counts since since_ms: [{"hour_ms", "sector", "engine", "alerts", "hits"}] by
 * the sector of the organisation ("centre" for the centre's own); org_id 0: every
 * organisation's, otherwise that one's alone. */
int fk_alert_stats_timeline(fk_db *db, int64_t org_id, int64_t since_ms, json_t **out, fk_err *err);

/* The rules (indicators: true, the indicators) with the most alerts since since_ms,
 * at most limit: [{"engine", "rule", "title", "alerts", "hits", "organisations"}]. */
int fk_alert_stats_top(fk_db *db, int64_t org_id, int64_t since_ms, bool indicators, size_t limit,
                       json_t **out, fk_err *err);

/* Drops the counts older than before_ms (the alerts' retention). */
int fk_alert_stats_retention(fk_db *db, int64_t before_ms, fk_err *err);

#endif
