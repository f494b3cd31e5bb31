#include "alert_stats.h"

#include "../core/strmap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HOUR_MS 3600000LL
#define DAY_MS  86400000LL

typedef struct {
    const fk_alert_tally *first; /* names the group */
    int64_t alerts, hits;
} sum;

/* The four sets of counts one alert adds to. */
enum { BY_ORG_HOUR, BY_SECTOR_HOUR, BY_ORG_RULE, BY_RULE, NKINDS };

static const char *const upserts[NKINDS] = {
    "INSERT INTO alert_hourly (hour_ms, org_id, engine, alerts, hits) VALUES (?1, ?2, ?3, ?4, "
    "?5) ON CONFLICT (org_id, hour_ms, engine) DO UPDATE SET alerts = alert_hourly.alerts + "
    "excluded.alerts, hits = alert_hourly.hits + excluded.hits",
    /* the organisation's sector as it is when the alert is written ("WHERE true": SQLite
     * needs it to read ON CONFLICT after a SELECT) */
    "INSERT INTO alert_hourly_sector (hour_ms, sector, engine, alerts, hits) SELECT ?1, "
    "COALESCE((SELECT sector FROM organisation WHERE id = ?2), 'centre'), ?3, ?4, ?5 WHERE true "
    "ON CONFLICT (hour_ms, sector, engine) DO UPDATE SET alerts = alert_hourly_sector.alerts + "
    "excluded.alerts, hits = alert_hourly_sector.hits + excluded.hits",
    "INSERT INTO alert_rule_daily (day_ms, org_id, engine, alerts, hits, rule_key, title) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (org_id, day_ms, engine, rule_key) DO "
    "UPDATE SET alerts = alert_rule_daily.alerts + excluded.alerts, hits = "
    "alert_rule_daily.hits + excluded.hits",
    /* every organisation's at once: org_id -1 */
    "INSERT INTO alert_rule_daily (day_ms, org_id, engine, alerts, hits, rule_key, title) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (org_id, day_ms, engine, rule_key) DO "
    "UPDATE SET alerts = alert_rule_daily.alerts + excluded.alerts, hits = "
    "alert_rule_daily.hits + excluded.hits",
};

/* The tallies summed by the key of one kind: a batch's thousands of alerts fall into a
 * few groups, and each group is one upsert (a round trip on PostgreSQL). */
static int group(const fk_alert_tally *t, size_t n, int kind, fk_strmap *m, sum **sums,
                 size_t *nsums)
{
    *sums = calloc(n ? n : 1, sizeof **sums);
    if (!*sums)
        return -1;
    *nsums = 0;
    bool rule = kind == BY_ORG_RULE || kind == BY_RULE, org = kind != BY_RULE;
    for (size_t i = 0; i < n; i++) {
        char key[600];
        int len =
            snprintf(key, sizeof key, "%lld\x1f%s\x1f%s", org ? (long long)t[i].org_id : 0,
                     t[i].engine ? t[i].engine : "", rule && t[i].rule_key ? t[i].rule_key : "");
        if (len < 0)
            return -1;
        if ((size_t)len >= sizeof key)
            len = sizeof key - 1; /* very long keys: the first 599 bytes tell them apart */
        fk_strmap_slot *slot;
        if (fk_strmap_upsert(m, key, (size_t)len, &slot) != 0)
            return -1;
        if (!slot->value) {
            (*sums)[*nsums] = (sum){&t[i], 0, 0};
            slot->value = &(*sums)[(*nsums)++];
        }
        sum *s = slot->value;
        s->alerts += t[i].alerts;
        s->hits += t[i].hits;
    }
    return 0;
}

static int upsert(fk_db *db, int kind, int64_t bucket, const sum *s, fk_err *err)
{
    fk_sql *st = fk_db_cached(db, upserts[kind], err);
    if (!st)
        return -1;
    const fk_alert_tally *t = s->first;
    fk_sql_bind_int64(st, 1, bucket);
    fk_sql_bind_int64(st, 2, kind == BY_RULE ? -1 : t->org_id);
    fk_sql_bind_text_static(st, 3, t->engine ? t->engine : "", -1);
    fk_sql_bind_int64(st, 4, s->alerts);
    fk_sql_bind_int64(st, 5, s->hits);
    if (kind == BY_ORG_RULE || kind == BY_RULE) {
        const char *key = t->rule_key ? t->rule_key : "";
        const char *title = t->title ? t->title : "";
        /* a title is for showing: a long one (an indicator's pattern) is cut */
        fk_sql_bind_text(st, 6, key, strlen(key) > 599 ? 599 : -1);
        fk_sql_bind_text(st, 7, title, strlen(title) > 300 ? 300 : -1);
    }
    int rc = fk_sql_step(st);
    fk_sql_reset(st);
    return rc == FK_SQL_DONE ? 0 : fk_db_error(db, err, "alert counts");
}

int fk_alert_stats_add(fk_db *db, const fk_alert_tally *t, size_t n, int64_t now_ms, fk_err *err)
{
    if (!n)
        return 0;
    int rc = 0;
    for (int kind = 0; rc == 0 && kind < NKINDS; kind++) {
        fk_strmap m;
        fk_strmap_init(&m);
        sum *sums = NULL;
        size_t nsums = 0;
        if (group(t, n, kind, &m, &sums, &nsums) != 0)
            rc = fk_errc(err, FK_ERR_NOMEM, "out of memory");
        int64_t bucket = kind == BY_ORG_RULE || kind == BY_RULE ? now_ms - now_ms % DAY_MS
                                                                : now_ms - now_ms % HOUR_MS;
        for (size_t i = 0; rc == 0 && i < nsums; i++)
            rc = upsert(db, kind, bucket, &sums[i], err);
        fk_strmap_free(&m);
        free(sums);
    }
    return rc;
}

static json_t *timeline_row(fk_sql *st, void *ctx)
{
    (void)ctx;
    const char *sector = fk_sql_column_text(st, 1);
    return json_pack("{sI ss ss sI sI}", "hour_ms", (json_int_t)fk_sql_column_int64(st, 0),
                     "sector", sector && *sector ? sector : "centre", "engine",
                     fk_sql_column_text(st, 2) ? fk_sql_column_text(st, 2) : "", "alerts",
                     (json_int_t)fk_sql_column_int64(st, 3), "hits",
                     (json_int_t)fk_sql_column_int64(st, 4));
}

int fk_alert_stats_timeline(fk_db *db, int64_t org_id, int64_t since_ms, json_t **out, fk_err *err)
{
    /* one organisation's rows by its index; everyone's from the counts by sector */
    const char *sql =
        org_id ? "SELECT h.hour_ms, o.sector, h.engine, h.alerts, h.hits FROM alert_hourly h "
                 "JOIN organisation o ON o.id = h.org_id WHERE h.org_id = ?2 AND h.hour_ms >= ?1 "
                 "ORDER BY 1, 3"
               : "SELECT hour_ms, sector, engine, alerts, hits FROM alert_hourly_sector WHERE "
                 "hour_ms >= ?1 ORDER BY 1, 2, 3";
    fk_sql *st;
    if (fk_sql_prepare(db, sql, &st, NULL) != 0)
        return fk_db_error(db, err, "alert counts");
    fk_sql_bind_int64(st, 1, since_ms);
    if (org_id)
        fk_sql_bind_int64(st, 2, org_id);
    return fk_sql_collect(db, st, timeline_row, NULL, "alert counts", out, err);
}

static json_t *top_row(fk_sql *st, void *ctx)
{
    (void)ctx;
    const char *c[3];
    for (int i = 0; i < 3; i++)
        c[i] = fk_sql_column_text(st, i) ? (const char *)fk_sql_column_text(st, i) : "";
    return json_pack("{ss ss ss sI sI sI}", "engine", c[0], "rule", c[1], "title", c[2], "alerts",
                     (json_int_t)fk_sql_column_int64(st, 3), "hits",
                     (json_int_t)fk_sql_column_int64(st, 4), "organisations",
                     (json_int_t)fk_sql_column_int64(st, 5));
}

int fk_alert_stats_top(fk_db *db, int64_t org_id, int64_t since_ms, bool indicators, size_t limit,
                       json_t **out, fk_err *err)
{
    char sql[640];
    /* every organisation's: their own rows (org_id -1); campaigns are the centre's view
     * across members, not a rule of their own */
    snprintf(sql, sizeof sql,
             "SELECT engine, rule_key, max(title), sum(alerts), sum(hits), 1 FROM "
             "alert_rule_daily WHERE org_id = ?2 AND day_ms >= ?1 AND engine %s GROUP BY "
             "engine, rule_key ORDER BY 4 DESC, 5 DESC, 2 LIMIT ?3",
             indicators ? "= 'ioc'" : "NOT IN ('ioc', 'campaign')");
    fk_sql *st;
    if (fk_sql_prepare(db, sql, &st, NULL) != 0)
        return fk_db_error(db, err, "alert counts");
    int64_t day = since_ms - since_ms % DAY_MS;
    fk_sql_bind_int64(st, 1, day);
    fk_sql_bind_int64(st, 2, org_id ? org_id : -1);
    fk_sql_bind_int64(st, 3, (int64_t)limit);
    if (fk_sql_collect(db, st, top_row, NULL, "alert counts", out, err) != 0)
        return -1;
    if (org_id)
        return 0;
    /* in how many organisations, for the few listed (by the rule's index) */
    size_t i;
    json_t *r;
    json_array_foreach(*out, i, r)
    {
        if (fk_sql_prepare(db,
                           "SELECT count(DISTINCT org_id) FROM alert_rule_daily WHERE engine = ?1 "
                           "AND rule_key = ?2 AND day_ms >= ?3 AND org_id > 0",
                           &st, NULL) != 0)
            return fk_db_error(db, err, "alert counts");
        fk_sql_bind_text_static(st, 1, json_string_value(json_object_get(r, "engine")), -1);
        fk_sql_bind_text_static(st, 2, json_string_value(json_object_get(r, "rule")), -1);
        fk_sql_bind_int64(st, 3, day);
        int rc = fk_sql_step(st);
        if (rc == FK_SQL_ROW)
            json_object_set_new(r, "organisations", json_integer(fk_sql_column_int64(st, 0)));
        fk_sql_finalize(st);
        if (rc != FK_SQL_ROW)
            return fk_db_error(db, err, "alert counts");
    }
    return 0;
}

int fk_alert_stats_retention(fk_db *db, int64_t before_ms, fk_err *err)
{
    const char *sql[3] = {"DELETE FROM alert_hourly WHERE hour_ms < ?1",
                          "DELETE FROM alert_hourly_sector WHERE hour_ms < ?1",
                          "DELETE FROM alert_rule_daily WHERE day_ms < ?1"};
    for (int i = 0; i < 3; i++) {
        fk_sql *st;
        if (fk_sql_prepare(db, sql[i], &st, NULL) != 0)
            return fk_db_error(db, err, "alert counts");
        fk_sql_bind_int64(st, 1, i == 2 ? before_ms - before_ms % DAY_MS : before_ms);
        int rc = fk_sql_step(st);
        fk_sql_finalize(st);
        if (rc != FK_SQL_DONE)
            return fk_db_error(db, err, "alert counts");
    }
    return 0;
}
