/* The overview use case: the picture of the last days a console's first page shows,
 * under the same "who may read" rule as every listing (the centre every member's
 * counts, a member its own): alerts over time by sector and engine, the rules and the
 * indicators with the most alerts, member health, reports awaiting triage and releases
 * due. Reads only; counts come from the store's per-hour tallies, never from the alerts. */
#ifndef FK_HUB_OVERVIEW_H
#define FK_HUB_OVERVIEW_H

#include "../core/error.h"
#include "../store/db.h"
#include "../store/directory.h"

#include <jansson.h>
#include <stdint.h>

/* How far back the overview looks. */
#define FK_OVERVIEW_DAYS 7

/* *out: {"since_ms", "timeline": [...fk_alert_stats_timeline], "top_rules",
 * "top_indicators": [...fk_alert_stats_top], "health": [...fk_health_list],
 * "awaiting": {"count", "reports"}, "releases_due": [...]}. */
int fk_hub_overview(fk_db *db, const fk_principal *who, int64_t now_ms, json_t **out, fk_err *err);

#endif
