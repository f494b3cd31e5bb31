#include "workers.h"

#include "../core/timefmt.h"

int fk_worker_beat_write(fk_db *db, const fk_worker_beat *b, fk_err *err)
{
    static const char sql[] =
        "INSERT INTO worker (name, host, pid, started_ms, last_seen_ms, batches, events, alerts, "
        "redeliveries, stopped) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) ON CONFLICT "
        "(name) DO UPDATE SET last_seen_ms = excluded.last_seen_ms, batches = excluded.batches, "
        "events = excluded.events, alerts = excluded.alerts, redeliveries = "
        "excluded.redeliveries, stopped = excluded.stopped";
    fk_sql *st = fk_db_cached(db, sql, err);
    if (!st)
        return -1;
    fk_sql_bind_text_static(st, 1, b->name, -1);
    fk_sql_bind_text_static(st, 2, b->host, -1);
    fk_sql_bind_int64(st, 3, b->pid);
    fk_sql_bind_int64(st, 4, b->started_ms);
    fk_sql_bind_int64(st, 5, b->now_ms);
    fk_sql_bind_int64(st, 6, (int64_t)b->batches);
    fk_sql_bind_int64(st, 7, (int64_t)b->events);
    fk_sql_bind_int64(st, 8, (int64_t)b->alerts);
    fk_sql_bind_int64(st, 9, (int64_t)b->redeliveries);
    fk_sql_bind_int64(st, 10, b->stopped);
    int rc = fk_sql_step(st) == FK_SQL_DONE ? 0 : fk_db_error(db, err, "worker");
    fk_sql_reset(st);
    return rc;
}

typedef struct {
    int64_t now_ms, alive_ms;
} when;

static json_t *worker_row(fk_sql *st, void *ctx)
{
    const when *w = ctx;
    char started[32], seen[32];
    int64_t last = fk_sql_column_int64(st, 4);
    bool alive = !fk_sql_column_int64(st, 9) && w->now_ms - last <= w->alive_ms;
    return json_pack("{ss ss sI ss ss sb sI sI sI sI}", "name", fk_sql_column_text(st, 0), "host",
                     fk_sql_column_text(st, 1), "pid", (json_int_t)fk_sql_column_int64(st, 2),
                     "started", fk_time_format(fk_sql_column_int64(st, 3), started), "last_seen",
                     fk_time_format(last, seen), "alive", alive, "batches",
                     (json_int_t)fk_sql_column_int64(st, 5), "events",
                     (json_int_t)fk_sql_column_int64(st, 6), "alerts",
                     (json_int_t)fk_sql_column_int64(st, 7), "redeliveries",
                     (json_int_t)fk_sql_column_int64(st, 8));
}

int fk_worker_list(fk_db *db, int64_t now_ms, int64_t alive_ms, json_t **out, fk_err *err)
{
    *out = NULL;
    fk_sql *st;
    if (fk_sql_prepare(db,
                       "SELECT name, host, pid, started_ms, last_seen_ms, batches, events, alerts, "
                       "redeliveries, stopped FROM worker WHERE last_seen_ms > ?1 ORDER BY name",
                       &st, err) != 0)
        return fk_db_error(db, err, "workers");
    fk_sql_bind_int64(st, 1, now_ms - 86400000);
    when w = {now_ms, alive_ms};
    return fk_sql_collect(db, st, worker_row, &w, "workers", out, err);
}

int fk_batch_oldest_pending(fk_db *db, int64_t *received_ms, fk_err *err)
{
    fk_sql *st;
    *received_ms = 0;
    if (fk_sql_prepare(db,
                       "SELECT received_ms FROM ingest_batch WHERE state = 'pending' ORDER BY id "
                       "LIMIT 1",
                       &st, err) != 0)
        return fk_db_error(db, err, "pending batches");
    int rc = fk_sql_step(st);
    if (rc == FK_SQL_ROW)
        *received_ms = fk_sql_column_int64(st, 0);
    fk_sql_finalize(st);
    return rc == FK_SQL_ROW || rc == FK_SQL_DONE ? 0 : fk_db_error(db, err, "pending batches");
}
