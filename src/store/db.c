#include "db.h"

#include "../core/sbuf.h"
#include "../core/timefmt.h"
#include "backend.h"
#include "collections.h"
#include "postgres.h"
#include "readers.h"
#include "sectors.h"
#include "sqlite.h"

#include <jansson.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct fk_db {
    const fk_db_backend *be;
    void *conn;
    /* Transactions nest: a use case that spans several store calls (a release and its
     * publication) opens the outer one, and the calls' own begin/commit pairs join it.
     * An inner rollback poisons the outer transaction, whose commit then fails. */
    int depth;
    bool poisoned;
    /* statements of the hot paths, prepared once per connection (see fk_db_cached): room
     * for every one the code names (some 40), so that a hub connection serving every use
     * case never finds it full */
    struct {
        const char *sql;
        fk_sql *st;
    } cache[64];
    int ncache;
    char *where;   /* what it was opened on, for fk_db_reader */
    fk_db *reader; /* fk_db_reader's, opened at its first use */
};

/* Steps in C that follow a migration's SQL in its transaction (filling a new table from
 * data the SQL cannot read), per backend and version. */
static const struct {
    const fk_db_backend *be;
    int version;
    int (*step)(fk_db *db, fk_err *err);
} after_migration[] = {
    {&fk_db_sqlite, 6, fk_sectors_seed},
    {&fk_db_sqlite, 10, fk_taxii_migrate_instants},
    {&fk_db_sqlite, 11, fk_readers_migrate},
    {&fk_db_postgres, 1, fk_sectors_seed},
};

bool fk_db_is_postgres(const char *where)
{
    return where && (!strncmp(where, "postgres:", 9) || !strncmp(where, "postgresql:", 11));
}

const char *fk_db_backend_name(const fk_db *db)
{
    return db->be->name;
}

int fk_db_latest_schema_version(const fk_db *db)
{
    return (int)*db->be->nmigrations;
}

int fk_db_error(fk_db *db, fk_err *err, const char *what)
{
    bool away = db->be->unavailable && db->be->unavailable(db->conn);
    return fk_errc(err, away ? FK_ERR_BUSY : FK_ERR_STORAGE, "%s: %s%s", what,
                   away ? "the database is unreachable: " : "", db->be->errmsg(db->conn));
}

int fk_db_exec(fk_db *db, const char *sql, fk_err *err)
{
    return db->be->exec(db->conn, sql, err);
}

bool fk_db_can_copy(const fk_db *db)
{
    return db->be->copy != NULL;
}

int fk_db_copy_stream(fk_db *db, const char *sql, fk_db_copy_fill fill, void *ctx, fk_err *err)
{
    if (!db->be->copy)
        return fk_errc(err, FK_ERR_INVALID, "the %s store has no bulk load", db->be->name);
    return db->be->copy(db->conn, sql, fill, ctx, err);
}

/* fk_db_copy's rows, handed over in one piece */
typedef struct {
    const char *data;
    size_t len;
    bool given;
} one_piece;

static int fill_once(void *ctx, const char **data, size_t *len)
{
    one_piece *p = ctx;
    if (p->given)
        return 0;
    p->given = true;
    *data = p->data;
    *len = p->len;
    return 1;
}

int fk_db_copy(fk_db *db, const char *sql, const char *data, size_t len, fk_err *err)
{
    one_piece p = {data, len, false};
    return fk_db_copy_stream(db, sql, fill_once, &p, err);
}

int fk_db_copy_field(fk_sbuf *row, const char *s, size_t n, bool first)
{
    if (!first && fk_sbuf_put(row, "\t", 1))
        return -1;
    if (!s)
        return fk_sbuf_puts(row, "\\N");
    size_t start = 0;
    for (size_t i = 0; i < n; i++) {
        const char *esc = s[i] == '\\'   ? "\\\\"
                          : s[i] == '\t' ? "\\t"
                          : s[i] == '\n' ? "\\n"
                          : s[i] == '\r' ? "\\r"
                                         : NULL;
        if (!esc)
            continue;
        if (fk_sbuf_put(row, s + start, i - start) || fk_sbuf_puts(row, esc))
            return -1;
        start = i + 1;
    }
    return fk_sbuf_put(row, s + start, n - start);
}

int64_t fk_db_changes(fk_db *db)
{
    return db->be->changes(db->conn);
}

bool fk_db_in_transaction(fk_db *db)
{
    return db->be->in_transaction(db->conn);
}

int fk_db_begin(fk_db *db, fk_err *err)
{
    if (db->depth > 0) {
        db->depth++;
        return 0;
    }
    if (fk_db_exec(db, db->be->begin_sql, err) != 0) {
        if (fk_db_in_transaction(db))
            db->be->exec(db->conn, "ROLLBACK", NULL);
        return -1;
    }
    db->depth = 1;
    db->poisoned = false;
    return 0;
}

/* A failed commit leaves its level open: callers follow it with fk_db_rollback. */
int fk_db_commit(fk_db *db, fk_err *err)
{
    if (db->depth > 1) {
        if (db->poisoned)
            return fk_errf(err, "database: an inner step of this transaction failed");
        db->depth--;
        return 0;
    }
    if (db->poisoned)
        return fk_errf(err, "database: a step of this transaction failed");
    if (fk_db_exec(db, "COMMIT", err) != 0)
        return -1;
    db->depth = 0;
    return 0;
}

void fk_db_rollback(fk_db *db)
{
    if (db->depth > 1) {
        db->depth--;
        db->poisoned = true;
        return;
    }
    db->depth = 0;
    db->poisoned = false;
    if (fk_db_in_transaction(db))
        db->be->exec(db->conn, "ROLLBACK", NULL);
}

int fk_db_schema_version(fk_db *db)
{
    return db->be->schema_version(db->conn, NULL);
}

const char *fk_db_now_us(char buf[40])
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return fk_time_format_us((int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000, buf);
}

const char *fk_db_now(char buf[32])
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return fk_time_format((int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000, buf);
}

/* Each version in its own transaction. The version is read again once the writers'
 * lock is held, so two processes starting on one new database (a hub and its workers)
 * apply each migration once. */
static int migrate(fk_db *db, fk_err *err)
{
    int want = fk_db_latest_schema_version(db);
    for (;;) {
        if (fk_db_begin(db, err) != 0)
            return -1;
        int have = db->be->schema_version(db->conn, err);
        if (have < 0 || have >= want) {
            fk_db_rollback(db);
            if (have > want)
                return fk_errf(err,
                               "the database has schema version %d, newer than this fukurou "
                               "knows (%d); use a newer fukurou",
                               have, want);
            return have < 0 ? -1 : 0;
        }
        int v = have + 1;
        int rc = fk_db_exec(db, db->be->migrations[v - 1], err);
        for (size_t i = 0; rc == 0 && i < sizeof after_migration / sizeof after_migration[0]; i++)
            if (after_migration[i].be == db->be && after_migration[i].version == v)
                rc = after_migration[i].step(db, err);
        if (rc == 0)
            rc = db->be->set_schema_version(db->conn, v, err);
        if (rc != 0) {
            fk_db_rollback(db);
            char why[sizeof err->msg];
            snprintf(why, sizeof why, "%s", err ? err->msg : "");
            return fk_errc(err, FK_ERR_STORAGE, "upgrading the database to schema version %d: %s",
                           v, why);
        }
        if (fk_db_commit(db, err) != 0) {
            fk_db_rollback(db);
            return -1;
        }
    }
}

void fk_db_process_init(void)
{
    /* SQLite's memory statistics take a process-wide mutex on every allocation and
     * nothing reads them. Harmless when called late (SQLite then keeps its defaults). */
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

void fk_db_defer_checkpoints(fk_db *db)
{
    if (db->be->defer_checkpoints)
        db->be->defer_checkpoints(db->conn);
}

int fk_db_checkpoint(fk_db *db, int *left, fk_err *err)
{
    *left = 0;
    return db->be->checkpoint ? db->be->checkpoint(db->conn, left, err) : 0;
}

int fk_db_open(fk_db **out, const char *where, fk_err *err)
{
    *out = NULL;
    if (!where || !*where)
        return fk_errc(err, FK_ERR_INVALID, "no store given (a data folder or postgres://…)");
    fk_db *db = calloc(1, sizeof *db);
    if (!db)
        return fk_errc(err, FK_ERR_NOMEM, "out of memory");
    db->be = fk_db_is_postgres(where) ? &fk_db_postgres : &fk_db_sqlite;
    if (!(db->where = strdup(where))) {
        free(db);
        return fk_errc(err, FK_ERR_NOMEM, "out of memory");
    }
    if (db->be->open(&db->conn, where, err) != 0 || migrate(db, err) != 0) {
        fk_db_close(db);
        return -1;
    }
    *out = db;
    return 0;
}

int fk_db_reader(fk_db *db, fk_db **out, fk_err *err)
{
    *out = NULL;
    if (db->reader) {
        *out = db->reader;
        return 0;
    }
    fk_db *rd = calloc(1, sizeof *rd);
    if (!rd || !(rd->where = strdup(db->where))) {
        free(rd);
        return fk_errc(err, FK_ERR_NOMEM, "out of memory");
    }
    rd->be = db->be;
    if (rd->be->open(&rd->conn, rd->where, err) != 0) {
        fk_db_close(rd);
        return -1;
    }
    fk_db_defer_checkpoints(rd);
    *out = db->reader = rd;
    return 0;
}

void fk_db_close(fk_db *db)
{
    if (!db)
        return;
    fk_db_close(db->reader);
    for (int i = 0; i < db->ncache; i++)
        fk_sql_finalize(db->cache[i].st);
    if (db->conn)
        db->be->close(db->conn);
    free(db->where);
    free(db);
}

/* ---- statements: dispatched to the backend ------------------------------------------ */

int fk_sql_prepare(fk_db *db, const char *sql, fk_sql **out, fk_err *err)
{
    if (db->be->prepare(db->conn, sql, false, out, err) != 0)
        return -1;
    return 0;
}

fk_sql *fk_db_cached(fk_db *db, const char *sql, fk_err *err)
{
    for (int i = 0; i < db->ncache; i++)
        if (db->cache[i].sql == sql) {
            fk_sql_reset(db->cache[i].st);
            return db->cache[i].st;
        }
    fk_sql *st;
    if (db->ncache == (int)(sizeof db->cache / sizeof db->cache[0])) {
        fk_errc(err, FK_ERR_STORAGE, "statement cache full (raise fk_db's cache size)");
        return NULL;
    }
    if (db->be->prepare(db->conn, sql, true, &st, err) != 0)
        return NULL;
    db->cache[db->ncache].sql = sql;
    db->cache[db->ncache++].st = st;
    return st;
}

void fk_sql_finalize(fk_sql *st)
{
    if (st)
        st->be->finalize(st);
}

void fk_sql_reset(fk_sql *st)
{
    st->be->reset(st);
}

void fk_sql_bind_int64(fk_sql *st, int i, int64_t v)
{
    st->be->bind_int64(st, i, v);
}

void fk_sql_bind_double(fk_sql *st, int i, double v)
{
    st->be->bind_double(st, i, v);
}

void fk_sql_bind_null(fk_sql *st, int i)
{
    st->be->bind_null(st, i);
}

void fk_sql_bind_text(fk_sql *st, int i, const char *s, int n)
{
    st->be->bind_text(st, i, s, n, FK_BIND_COPY);
}

void fk_sql_bind_text_static(fk_sql *st, int i, const char *s, int n)
{
    st->be->bind_text(st, i, s, n, FK_BIND_STATIC);
}

void fk_sql_bind_text_owned(fk_sql *st, int i, char *s, int n)
{
    st->be->bind_text(st, i, s, n, FK_BIND_OWNED);
}

void fk_sql_bind_blob(fk_sql *st, int i, const void *p, int n)
{
    st->be->bind_blob(st, i, p, n, FK_BIND_COPY);
}

void fk_sql_bind_blob_static(fk_sql *st, int i, const void *p, int n)
{
    st->be->bind_blob(st, i, p, n, FK_BIND_STATIC);
}

void fk_sql_bind_blob_owned(fk_sql *st, int i, void *p, int n)
{
    st->be->bind_blob(st, i, p, n, FK_BIND_OWNED);
}

int fk_sql_step(fk_sql *st)
{
    return st->be->step(st);
}

int fk_sql_step_returning(fk_sql *st, int64_t *id)
{
    int rc = fk_sql_step(st);
    if (rc != FK_SQL_ROW)
        return rc == FK_SQL_DONE ? FK_SQL_ERROR : rc; /* no row: not an INSERT … RETURNING */
    if (id)
        *id = fk_sql_column_int64(st, 0);
    return fk_sql_step(st);
}

int fk_sql_column_count(fk_sql *st)
{
    return st->be->column_count(st);
}

const char *fk_sql_column_name(fk_sql *st, int i)
{
    return st->be->column_name(st, i);
}

int fk_sql_column_type(fk_sql *st, int i)
{
    return st->be->column_type(st, i);
}

int64_t fk_sql_column_int64(fk_sql *st, int i)
{
    return st->be->column_int64(st, i);
}

int fk_sql_column_int(fk_sql *st, int i)
{
    return (int)st->be->column_int64(st, i);
}

double fk_sql_column_double(fk_sql *st, int i)
{
    return st->be->column_double(st, i);
}

const char *fk_sql_column_text(fk_sql *st, int i)
{
    return st->be->column_text(st, i);
}

const void *fk_sql_column_blob(fk_sql *st, int i)
{
    return st->be->column_blob(st, i);
}

int fk_sql_column_bytes(fk_sql *st, int i)
{
    return st->be->column_bytes(st, i);
}

static json_t *column_json(fk_sql *st, int i)
{
    switch (fk_sql_column_type(st, i)) {
    case FK_SQL_NULL: return json_null();
    case FK_SQL_INTEGER: return json_integer(fk_sql_column_int64(st, i));
    case FK_SQL_FLOAT: return json_real(fk_sql_column_double(st, i));
    default: return json_string(fk_sql_column_text(st, i));
    }
}

json_t *fk_sql_row_object(fk_sql *st, void *ctx)
{
    (void)ctx;
    json_t *v = json_object();
    for (int i = 0; v && i < fk_sql_column_count(st); i++)
        if (json_object_set_new(v, fk_sql_column_name(st, i), column_json(st, i)) != 0) {
            json_decref(v);
            v = NULL;
        }
    return v;
}

/* one column: its value; more: an object */
static json_t *row_value(fk_sql *st, void *ctx)
{
    return fk_sql_column_count(st) == 1 ? column_json(st, 0) : fk_sql_row_object(st, ctx);
}

int fk_sql_collect(fk_db *db, fk_sql *st, fk_sql_row_fn row, void *ctx, const char *what,
                   json_t **out, fk_err *err)
{
    *out = NULL;
    json_t *arr = json_array();
    int rc = FK_SQL_ROW;
    while (arr && (rc = fk_sql_step(st)) == FK_SQL_ROW) {
        json_t *v = row(st, ctx);
        if (!v || json_array_append_new(arr, v) != 0) {
            json_decref(arr);
            arr = NULL;
        }
    }
    fk_sql_finalize(st);
    if (!arr)
        return fk_errc(err, FK_ERR_NOMEM, "out of memory");
    if (rc != FK_SQL_DONE) {
        json_decref(arr);
        return fk_db_error(db, err, what);
    }
    *out = arr;
    return 0;
}

int fk_db_query_json(fk_db *db, const char *sql, const char *text, int64_t integer, json_t **out,
                     fk_err *err)
{
    *out = NULL;
    fk_sql *st;
    if (fk_sql_prepare(db, sql, &st, err) != 0)
        return fk_db_error(db, err, "query");
    if (text)
        fk_sql_bind_text_static(st, 1, text, -1);
    else
        fk_sql_bind_int64(st, 1, integer);
    return fk_sql_collect(db, st, row_value, NULL, "query", out, err);
}

int fk_db_remove_owned(fk_db *db, const char *table, int64_t id, int64_t only_org, int64_t now_ms,
                       int64_t *org, fk_err *err)
{
    *org = 0;
    char sql[256];
    snprintf(sql, sizeof sql,
             "UPDATE %s SET removed_ms = ?1 WHERE id = ?2 AND removed_ms IS NULL AND (?3 = 0 OR "
             "org_id = ?3) RETURNING org_id",
             table);
    fk_sql *st;
    if (fk_sql_prepare(db, sql, &st, NULL) != 0)
        return fk_db_error(db, err, table);
    fk_sql_bind_int64(st, 1, now_ms);
    fk_sql_bind_int64(st, 2, id);
    fk_sql_bind_int64(st, 3, only_org);
    int rc = fk_sql_step(st);
    if (rc == FK_SQL_ROW) {
        *org = fk_sql_column_int64(st, 0);
        rc = fk_sql_step(st);
    }
    fk_sql_finalize(st);
    return rc == FK_SQL_DONE ? 0 : fk_db_error(db, err, table);
}
