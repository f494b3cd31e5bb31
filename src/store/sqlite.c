#include "sqlite.h"

#include <errno.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* A statement: the backend-neutral head, then SQLite's own. */
typedef struct {
    fk_sql base;
    sqlite3_stmt *st;
    sqlite3 *h;
} lite_sql;

static sqlite3_stmt *S(fk_sql *st)
{
    return ((lite_sql *)st)->st;
}

static int lite_open(void **conn, const char *data_dir, fk_err *err)
{
    *conn = NULL;
    if (mkdir(data_dir, 0700) != 0 && errno != EEXIST)
        return fk_errf(err, "%s: cannot create the data folder: %s", data_dir, strerror(errno));
    char path[4096];
    if ((size_t)snprintf(path, sizeof path, "%s/fukurou.db", data_dir) >= sizeof path)
        return fk_errf(err, "%s: path too long", data_dir);
    sqlite3 *h = NULL;
    if (sqlite3_open_v2(path, &h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        NULL) != SQLITE_OK) {
        fk_errc(err, FK_ERR_STORAGE, "%s: %s", path, h ? sqlite3_errmsg(h) : "cannot open");
        sqlite3_close_v2(h);
        return -1;
    }
    sqlite3_busy_timeout(h, 10000);
    /* WAL with synchronous=NORMAL: a commit is in the WAL file (the OS has it) before
     * it returns, so whatever the hub acknowledged survives the process being killed;
     * FULL would add an fsync per commit for power loss, which batching makes cheap
     * where the hub needs it. 32 MiB of cache: a large release stays in memory until it
     * commits. The log is cut back to 64 MiB when a checkpoint empties it. The temporary
     * tables (a match's scope and products) get a cache of their own of 16 MiB: with
     * SQLite's default, probing the 3 MB of a full match's products read 480 MB back
     * from the temporary file, 4 KiB at a time. */
    char *msg = NULL;
    if (sqlite3_exec(h,
                     "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; "
                     "PRAGMA foreign_keys = ON; PRAGMA cache_size = -32768; "
                     "PRAGMA mmap_size = 4294967296; PRAGMA journal_size_limit = 67108864; "
                     "PRAGMA temp.cache_size = -16384;",
                     NULL, NULL, &msg) != SQLITE_OK) {
        fk_errc(err, FK_ERR_STORAGE, "%s: %s", path, msg ? msg : sqlite3_errmsg(h));
        sqlite3_free(msg);
        sqlite3_close_v2(h);
        return -1;
    }
    *conn = h;
    return 0;
}

static void lite_close(void *conn)
{
    sqlite3_close_v2(conn);
}

static void lite_defer_checkpoints(void *conn)
{
    sqlite3_wal_autocheckpoint(conn, 0);
    sqlite3_db_config(conn, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
}

/* PASSIVE: folds what no reader still needs, never waiting for a reader or a writer */
static int lite_checkpoint(void *conn, int *left, fk_err *err)
{
    int log = 0, done = 0;
    if (sqlite3_wal_checkpoint_v2(conn, NULL, SQLITE_CHECKPOINT_PASSIVE, &log, &done) !=
            SQLITE_OK &&
        sqlite3_errcode(conn) != SQLITE_BUSY)
        return fk_errc(err, FK_ERR_STORAGE, "checkpoint: %s", sqlite3_errmsg(conn));
    *left = log > done ? log - done : 0;
    return 0;
}

static int lite_exec(void *conn, const char *sql, fk_err *err)
{
    char *msg = NULL;
    if (sqlite3_exec(conn, sql, NULL, NULL, &msg) != SQLITE_OK) {
        fk_errc(err, FK_ERR_STORAGE, "database: %s", msg ? msg : sqlite3_errmsg(conn));
        sqlite3_free(msg);
        return -1;
    }
    return 0;
}

static int lite_prepare(void *conn, const char *sql, bool persistent, fk_sql **out, fk_err *err)
{
    *out = NULL;
    lite_sql *s = malloc(sizeof *s);
    if (!s)
        return fk_errc(err, FK_ERR_NOMEM, "out of memory");
    if (sqlite3_prepare_v3(conn, sql, -1, persistent ? SQLITE_PREPARE_PERSISTENT : 0, &s->st,
                           NULL) != SQLITE_OK) {
        free(s);
        return fk_errc(err, FK_ERR_STORAGE, "statement: %s", sqlite3_errmsg(conn));
    }
    s->base.be = &fk_db_sqlite;
    s->h = conn;
    *out = &s->base;
    return 0;
}

static void lite_finalize(fk_sql *st)
{
    sqlite3_finalize(S(st));
    free(st);
}

static void lite_reset(fk_sql *st)
{
    sqlite3_reset(S(st));
    sqlite3_clear_bindings(S(st));
}

static void lite_bind_int64(fk_sql *st, int i, int64_t v)
{
    sqlite3_bind_int64(S(st), i, v);
}

static void lite_bind_double(fk_sql *st, int i, double v)
{
    sqlite3_bind_double(S(st), i, v);
}

static void lite_bind_null(fk_sql *st, int i)
{
    sqlite3_bind_null(S(st), i);
}

static void (*destructor(int how))(void *)
{
    return how == FK_BIND_STATIC ? SQLITE_STATIC : how == FK_BIND_OWNED ? free : SQLITE_TRANSIENT;
}

static void lite_bind_text(fk_sql *st, int i, const char *s, int n, int how)
{
    sqlite3_bind_text(S(st), i, s, n, destructor(how));
}

static void lite_bind_blob(fk_sql *st, int i, const void *p, int n, int how)
{
    sqlite3_bind_blob(S(st), i, p, n, destructor(how));
}

static int lite_step(fk_sql *st)
{
    switch (sqlite3_step(S(st))) {
    case SQLITE_ROW: return FK_SQL_ROW;
    case SQLITE_DONE: return FK_SQL_DONE;
    case SQLITE_CONSTRAINT: return FK_SQL_CONSTRAINT;
    default: return FK_SQL_ERROR;
    }
}

static int lite_column_count(fk_sql *st)
{
    return sqlite3_column_count(S(st));
}

static const char *lite_column_name(fk_sql *st, int i)
{
    return sqlite3_column_name(S(st), i);
}

static int lite_column_type(fk_sql *st, int i)
{
    switch (sqlite3_column_type(S(st), i)) {
    case SQLITE_INTEGER: return FK_SQL_INTEGER;
    case SQLITE_FLOAT: return FK_SQL_FLOAT;
    case SQLITE_BLOB: return FK_SQL_BLOB;
    case SQLITE_NULL: return FK_SQL_NULL;
    default: return FK_SQL_TEXT;
    }
}

static int64_t lite_column_int64(fk_sql *st, int i)
{
    return sqlite3_column_int64(S(st), i);
}

static double lite_column_double(fk_sql *st, int i)
{
    return sqlite3_column_double(S(st), i);
}

static const char *lite_column_text(fk_sql *st, int i)
{
    return (const char *)sqlite3_column_text(S(st), i);
}

static const void *lite_column_blob(fk_sql *st, int i)
{
    return sqlite3_column_blob(S(st), i);
}

static int lite_column_bytes(fk_sql *st, int i)
{
    return sqlite3_column_bytes(S(st), i);
}

static int64_t lite_changes(void *conn)
{
    return sqlite3_changes64(conn);
}

static const char *lite_errmsg(void *conn)
{
    return sqlite3_errmsg(conn);
}

static bool lite_in_transaction(void *conn)
{
    return !sqlite3_get_autocommit(conn);
}

static int lite_schema_version(void *conn, fk_err *err)
{
    sqlite3_stmt *st;
    int v = -1;
    if (sqlite3_prepare_v2(conn, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    if (v < 0)
        fk_errc(err, FK_ERR_STORAGE, "reading the schema version: %s", sqlite3_errmsg(conn));
    return v;
}

static int lite_set_schema_version(void *conn, int version, fk_err *err)
{
    char pragma[64];
    snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", version);
    return lite_exec(conn, pragma, err);
}

extern const char *const fk_migrations_sqlite[];
extern const size_t fk_migrations_sqlite_count;

const fk_db_backend fk_db_sqlite = {
    .name = "sqlite",
    .open = lite_open,
    .close = lite_close,
    .exec = lite_exec,
    .prepare = lite_prepare,
    .finalize = lite_finalize,
    .reset = lite_reset,
    .bind_int64 = lite_bind_int64,
    .bind_double = lite_bind_double,
    .bind_null = lite_bind_null,
    .bind_text = lite_bind_text,
    .bind_blob = lite_bind_blob,
    .step = lite_step,
    .column_count = lite_column_count,
    .column_name = lite_column_name,
    .column_type = lite_column_type,
    .column_int64 = lite_column_int64,
    .column_double = lite_column_double,
    .column_text = lite_column_text,
    .column_blob = lite_column_blob,
    .column_bytes = lite_column_bytes,
    .changes = lite_changes,
    .errmsg = lite_errmsg,
    .in_transaction = lite_in_transaction,
    /* writers queue here instead of failing half-way */
    .begin_sql = "BEGIN IMMEDIATE",
    .defer_checkpoints = lite_defer_checkpoints,
    .checkpoint = lite_checkpoint,
    .schema_version = lite_schema_version,
    .set_schema_version = lite_set_schema_version,
    .migrations = fk_migrations_sqlite,
    .nmigrations = &fk_migrations_sqlite_count,
};
