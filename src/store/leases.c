#include "leases.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MEMBER    "member:"
#define PARTITION "partition:"

/* Takes `name` for `me` unless another holds it unexpired: 1 taken or renewed, 0 not. */
static int take(fk_db *db, const char *name, const char *me, int64_t now_ms, int64_t ttl_ms,
                fk_err *err)
{
    static const char sql[] =
        "INSERT INTO lease (name, owner, expires_ms) VALUES (?1, ?2, ?3) ON CONFLICT (name) DO "
        "UPDATE SET owner = excluded.owner, expires_ms = excluded.expires_ms WHERE "
        "lease.owner = excluded.owner OR lease.expires_ms <= ?4";
    fk_sql *st = fk_db_cached(db, sql, err);
    if (!st)
        return -1;
    fk_sql_bind_text_static(st, 1, name, -1);
    fk_sql_bind_text_static(st, 2, me, -1);
    fk_sql_bind_int64(st, 3, now_ms + ttl_ms);
    fk_sql_bind_int64(st, 4, now_ms);
    int rc = fk_sql_step(st);
    fk_sql_reset(st);
    if (rc != FK_SQL_DONE)
        return fk_db_error(db, err, "lease");
    return fk_db_changes(db) > 0;
}

/* The live workers' names sorted, and where `me` stands among them (-1: absent). */
static int live_members(fk_db *db, const char *me, int64_t now_ms, int *count, int *mine,
                        fk_err *err)
{
    static const char sql[] = "SELECT owner FROM lease WHERE name LIKE 'member:%' AND "
                              "expires_ms > ?1 ORDER BY owner";
    fk_sql *st = fk_db_cached(db, sql, err);
    if (!st)
        return -1;
    fk_sql_bind_int64(st, 1, now_ms);
    int rc;
    *count = 0;
    *mine = -1;
    while ((rc = fk_sql_step(st)) == FK_SQL_ROW) {
        const char *owner = fk_sql_column_text(st, 0);
        if (owner && !strcmp(owner, me))
            *mine = *count;
        ++*count;
    }
    fk_sql_reset(st);
    return rc == FK_SQL_DONE ? 0 : fk_db_error(db, err, "live workers");
}

static int balance(fk_db *db, const char *me, int partitions, int64_t now_ms, int64_t ttl_ms,
                   unsigned char *state, int *live, fk_err *err)
{
    char name[300];
    snprintf(name, sizeof name, MEMBER "%s", me);
    if (take(db, name, me, now_ms, ttl_ms, err) < 0)
        return -1;
    int mine;
    if (live_members(db, me, now_ms, live, &mine, err) != 0)
        return -1;
    if (mine < 0 || *live < 1)
        return fk_errc(err, FK_ERR_STORAGE, "lease: worker %s is not among the live ones", me);
    /* what this worker holds now (expired or not: an expired lease no one took is still
     * its own to renew) */
    static const char held_sql[] = "SELECT name FROM lease WHERE name LIKE 'partition:%' AND "
                                   "owner = ?1";
    fk_sql *st = fk_db_cached(db, held_sql, err);
    if (!st)
        return -1;
    fk_sql_bind_text_static(st, 1, me, -1);
    memset(state, FK_LEASE_NONE, (size_t)partitions);
    unsigned char *had = calloc((size_t)partitions, 1);
    if (!had) {
        fk_sql_reset(st);
        return fk_errc(err, FK_ERR_NOMEM, "out of memory");
    }
    int rc;
    while ((rc = fk_sql_step(st)) == FK_SQL_ROW) {
        const char *n = fk_sql_column_text(st, 0);
        int p = n ? atoi(n + strlen(PARTITION)) : -1;
        if (p >= 0 && p < partitions)
            had[p] = 1;
    }
    fk_sql_reset(st);
    if (rc != FK_SQL_DONE) {
        free(had);
        return fk_db_error(db, err, "leases held");
    }
    for (int p = 0; p < partitions; p++) {
        bool share = p % *live == mine;
        if (!share && !had[p])
            continue;
        snprintf(name, sizeof name, PARTITION "%d", p);
        int got = take(db, name, me, now_ms, ttl_ms, err);
        if (got < 0) {
            free(had);
            return -1;
        }
        if (got)
            state[p] = share ? FK_LEASE_HELD : FK_LEASE_GIVE_UP;
    }
    free(had);
    /* members long dead leave no rows behind */
    static const char prune_sql[] = "DELETE FROM lease WHERE expires_ms < ?1";
    if (!(st = fk_db_cached(db, prune_sql, err)))
        return -1;
    fk_sql_bind_int64(st, 1, now_ms - 86400000);
    rc = fk_sql_step(st);
    fk_sql_reset(st);
    return rc == FK_SQL_DONE ? 0 : fk_db_error(db, err, "lease");
}

int fk_lease_balance(fk_db *db, const char *me, int partitions, int64_t now_ms, int64_t ttl_ms,
                     unsigned char *state, int *live, fk_err *err)
{
    *live = 0;
    if (partitions < 1)
        return fk_errc(err, FK_ERR_INVALID, "lease: %d partitions", partitions);
    /* statement by statement, each committed alone: a worker stopped in the middle of a
     * heartbeat (SIGSTOP, a debugger, a paused VM) must hold no lock on the rows the
     * others need to take its partitions over. In one transaction it did, and the other
     * worker's takeover waited on it for as long as it stood still (CI, 2026-12-03:
     * "partition leases not renewed for half a lease" on the running worker). Each take
     * is atomic on its own (owner or expiry checked in the same statement), and on
     * PostgreSQL's READ COMMITTED the statements of one transaction saw no common
     * snapshot anyway. */
    if (balance(db, me, partitions, now_ms, ttl_ms, state, live, err) != 0) {
        memset(state, FK_LEASE_NONE, (size_t)partitions);
        return -1;
    }
    return 0;
}

int fk_lease_join(fk_db *db, const char *me, int64_t now_ms, int64_t ttl_ms, fk_err *err)
{
    char name[300];
    snprintf(name, sizeof name, MEMBER "%s", me);
    return take(db, name, me, now_ms, ttl_ms, err) < 0 ? -1 : 0;
}

static int drop(fk_db *db, const char *sql, const char *name, const char *me, fk_err *err)
{
    fk_sql *st = fk_db_cached(db, sql, err);
    if (!st)
        return -1;
    fk_sql_bind_text_static(st, 1, me, -1);
    if (name)
        fk_sql_bind_text_static(st, 2, name, -1);
    int rc = fk_sql_step(st);
    fk_sql_reset(st);
    return rc == FK_SQL_DONE ? 0 : fk_db_error(db, err, "lease");
}

int fk_lease_release(fk_db *db, const char *me, int partition, fk_err *err)
{
    static const char sql[] = "DELETE FROM lease WHERE owner = ?1 AND name = ?2";
    char name[40];
    snprintf(name, sizeof name, PARTITION "%d", partition);
    return drop(db, sql, name, me, err);
}

int fk_lease_release_all(fk_db *db, const char *me, fk_err *err)
{
    static const char sql[] = "DELETE FROM lease WHERE owner = ?1";
    return drop(db, sql, NULL, me, err);
}

int fk_lease_hold(fk_db *db, const char *name, const char *me, int64_t now_ms, int64_t ttl_ms,
                  bool *held, fk_err *err)
{
    *held = false;
    int rc = take(db, name, me, now_ms, ttl_ms, err);
    if (rc < 0)
        return -1;
    *held = rc == 1;
    return 0;
}

int fk_lease_list(fk_db *db, int64_t now_ms, json_t **out, fk_err *err)
{
    *out = NULL;
    fk_sql *st;
    if (fk_sql_prepare(db,
                       "SELECT name, owner, expires_ms FROM lease WHERE expires_ms > ?1 "
                       "ORDER BY name",
                       &st, err) != 0)
        return fk_db_error(db, err, "leases");
    fk_sql_bind_int64(st, 1, now_ms);
    return fk_sql_collect(db, st, fk_sql_row_object, NULL, "leases", out, err);
}

int fk_alert_delivery_add(fk_db *db, const char *key, int64_t batch_id, int64_t alerts,
                          int64_t now_ms, fk_err *err)
{
    static const char sql[] =
        "INSERT INTO alert_delivery (key, batch_id, alerts, at_ms) VALUES (?1, ?2, ?3, ?4) "
        "ON CONFLICT (key) DO NOTHING";
    fk_sql *st = fk_db_cached(db, sql, err);
    if (!st)
        return -1;
    fk_sql_bind_text_static(st, 1, key, -1);
    fk_sql_bind_int64(st, 2, batch_id);
    fk_sql_bind_int64(st, 3, alerts);
    fk_sql_bind_int64(st, 4, now_ms);
    int rc = fk_sql_step(st);
    fk_sql_reset(st);
    if (rc != FK_SQL_DONE)
        return fk_db_error(db, err, "alert delivery");
    return fk_db_changes(db) > 0;
}

int fk_alert_delivery_count(fk_db *db, int64_t batch_id, int64_t *parts, int64_t *alerts,
                            fk_err *err)
{
    static const char sql[] = "SELECT count(*), coalesce(sum(alerts), 0) FROM alert_delivery "
                              "WHERE batch_id = ?1";
    *parts = *alerts = 0;
    fk_sql *st = fk_db_cached(db, sql, err);
    if (!st)
        return -1;
    fk_sql_bind_int64(st, 1, batch_id);
    int rc = fk_sql_step(st);
    if (rc == FK_SQL_ROW) {
        *parts = fk_sql_column_int64(st, 0);
        *alerts = fk_sql_column_int64(st, 1);
    }
    fk_sql_reset(st);
    return rc == FK_SQL_ROW ? 0 : fk_db_error(db, err, "alert delivery");
}

int fk_alert_delivery_prune(fk_db *db, int64_t before_ms, fk_err *err)
{
    static const char sql[] = "DELETE FROM alert_delivery WHERE at_ms < ?1";
    fk_sql *st = fk_db_cached(db, sql, err);
    if (!st)
        return -1;
    fk_sql_bind_int64(st, 1, before_ms);
    int rc = fk_sql_step(st);
    fk_sql_reset(st);
    return rc == FK_SQL_DONE ? 0 : fk_db_error(db, err, "alert delivery");
}
