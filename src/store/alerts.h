/* Alerts raised at the hub: stored as they come from detection, aggregated (a hit that
 * repeats while its alert is open adds to its count and last time instead of a new
 * row), queried with filters and keyset paging, and moved through their states (new,
 * acknowledged, false-positive, escalated) with who and when, audited. Owns the alert
 * table. */
#ifndef FK_STORE_ALERTS_H
#define FK_STORE_ALERTS_H

#include "../model/alert.h"
#include "db.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

/* Records an alert of org_id (0: the centre's own, across organisations) found in a
 * batch, inside the caller's transaction. *id gets the alert's id; *is_new says whether
 * it opened a new alert or added to an open one. */
int fk_alert_record(fk_db *db, int64_t org_id, int64_t batch_id, const fk_alert *a, int64_t now_ms,
                    int64_t *id, bool *is_new, fk_err *err);

/* Many alerts at once, as fk_alert_record would record them one after the other (an
 * alert repeating an open one, or an earlier one of the same call, adds to it); ids[i]
 * and is_new[i] answer for in[i]. On PostgreSQL the rows go in with COPY and one merge
 * statement; elsewhere one by one. */
typedef struct fk_alert_in {
    int64_t org_id, batch_id;
    const fk_alert *a;
} fk_alert_in;
int fk_alert_record_many(fk_db *db, const fk_alert_in *in, size_t n, int64_t now_ms, int64_t *ids,
                         bool *is_new, fk_err *err);

/* Alerts a member's collector raised itself on one of its batches (collect/match.h),
 * sent before the batch under the batch's key: the delivery is recorded once, with the
 * indicators it reported (one per line). 1 recorded, 0 recorded before (a resend). */
int fk_alert_edge_add(fk_db *db, int64_t org_id, const char *batch_key, int64_t alerts,
                      const char *indicators, int64_t now_ms, fk_err *err);
/* The indicators the member's collector reported on the batch under key, one per line
 * (malloc'd; NULL when it reported none), which the hub's own detection of the batch
 * leaves to it. */
int fk_alert_edge_indicators(fk_db *db, int64_t org_id, const char *batch_key, char **out,
                             fk_err *err);

typedef struct fk_alert_filter {
    const char *org, *sector, *engine, *rule, *state;
    int min_severity;           /* -1: any */
    int64_t since_ms, until_ms; /* 0: unbounded; on the alert's last time */
    int64_t only_org_id;        /* > 0: a member's view, restricted to its own */
    bool centre_own;            /* only the centre's own alerts (campaigns across members) */
    int64_t min_id;             /* > 0: alerts from this id up (a window of the key) */
} fk_alert_filter;

/* A page of alerts, newest first: page->after is the id of the last alert of the previous
 * page. *next (when more remain) is the key of the next page, or "" at the end. */
int fk_alert_list(fk_db *db, const fk_alert_filter *f, const fk_page *page, json_t **out,
                  char next[32], fk_err *err);
/* The newest alert's id (0 when there is none). */
int fk_alert_newest_id(fk_db *db, int64_t *id, fk_err *err);
/* One alert; 1 when there is no such alert in the caller's view (only_org_id). */
int fk_alert_get(fk_db *db, int64_t id, int64_t only_org_id, json_t **out, fk_err *err);
bool fk_alert_state_valid(const char *state);
/* A campaign (the centre's own alert campaign_id) took in more organisations: its
 * detail (who and which sectors, for the centre; NULL: unchanged) is replaced and the
 * members' alerts
 * point at it, so that each member reads "also seen at N other organisations in K
 * sectors" and nothing that names them. */
int fk_alert_campaign(fk_db *db, int64_t campaign_id, const char *detail,
                      const int64_t *member_alerts, size_t n, fk_err *err);
/* Moves an alert to a state (audited with actor and note). 1: no such alert in view. */
int fk_alert_set_state(fk_db *db, const char *actor, int64_t id, int64_t only_org_id,
                       const char *state, const char *note, fk_err *err);

/* Points every member alert with the campaign's key (by: src_ip, indicator, or rule as
 * "engine:rule") last seen at or after since_ms at the campaign. */
int fk_alert_campaign_link(fk_db *db, int64_t campaign_id, const char *by, const char *value,
                           size_t value_len, int64_t since_ms, fk_err *err);

/* Retention: alerts last seen before now - max_age_ms are deleted, except escalated
 * ones (they became reports) and campaigns still pointed at; then the oldest beyond
 * max_count (0: no bound). *deleted counts them. */
int fk_alert_retention(fk_db *db, int64_t now_ms, int64_t max_age_ms, int64_t max_count,
                       int64_t *deleted, fk_err *err);

#endif
