/* What a database backend implements for db.c: one table of operations per backend, in
 * the manner of Redis's ae.c picking an event loop (sqlite.c and postgres.c fill it).
 * Nothing outside src/store includes this: callers see only db.h. */
#ifndef FK_DB_BACKEND_H
#define FK_DB_BACKEND_H

#include "db.h"

/* Every backend's statement starts with this, so fk_sql_* can dispatch. */
struct fk_sql {
    const struct fk_db_backend *be;
};

typedef struct fk_db_backend {
    const char *name;
    int (*open)(void **conn, const char *where, fk_err *err);
    void (*close)(void *conn);
    int (*exec)(void *conn, const char *sql, fk_err *err);
    /* persistent: the statement lives as long as the connection (the cache) */
    int (*prepare)(void *conn, const char *sql, bool persistent, fk_sql **out, fk_err *err);
    void (*finalize)(fk_sql *st);
    void (*reset)(fk_sql *st);
    void (*bind_int64)(fk_sql *st, int i, int64_t v);
    void (*bind_double)(fk_sql *st, int i, double v);
    void (*bind_null)(fk_sql *st, int i);
    /* how: 0 copy, 1 static (valid until reset), 2 owned (free() it) */
    void (*bind_text)(fk_sql *st, int i, const char *s, int n, int how);
    void (*bind_blob)(fk_sql *st, int i, const void *p, int n, int how);
    int (*step)(fk_sql *st);
    int (*column_count)(fk_sql *st);
    const char *(*column_name)(fk_sql *st, int i);
    int (*column_type)(fk_sql *st, int i);
    int64_t (*column_int64)(fk_sql *st, int i);
    double (*column_double)(fk_sql *st, int i);
    const char *(*column_text)(fk_sql *st, int i);
    const void *(*column_blob)(fk_sql *st, int i);
    int (*column_bytes)(fk_sql *st, int i);
    int64_t (*changes)(void *conn);
    const char *(*errmsg)(void *conn);
    /* whether the last failure was the server going away (the caller may retry) */
    bool (*unavailable)(void *conn);
    bool (*in_transaction)(void *conn);
    /* the statement that opens a write transaction */
    const char *begin_sql;
    /* bulk load: `sql` is a COPY … FROM STDIN statement, fill hands over its rows in
     * COPY's text format piece by piece (see fk_db_copy_fill); NULL when the backend has
     * none (callers then insert row by row) */
    int (*copy)(void *conn, const char *sql, fk_db_copy_fill fill, void *ctx, fk_err *err);
    /* the write-ahead log: commits and close leave it to checkpoint (NULL: no such log),
     * and one checkpoint as far as readers allow, *left: frames it could not fold yet */
    void (*defer_checkpoints)(void *conn);
    int (*checkpoint)(void *conn, int *left, fk_err *err);
    int (*schema_version)(void *conn, fk_err *err);
    int (*set_schema_version)(void *conn, int version, fk_err *err);
    /* the embedded migrations, version N is migrations[N - 1] */
    const char *const *migrations;
    const size_t *nmigrations;
} fk_db_backend;

enum { FK_BIND_COPY, FK_BIND_STATIC, FK_BIND_OWNED };

#endif
