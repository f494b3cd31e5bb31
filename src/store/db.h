/* The hub's embedded database: one SQLite file in WAL mode under the data folder, with
 * a versioned schema that is upgraded in place when the hub starts. Owns the
 * connection; callers use fk_db_handle() for their own prepared statements. */
#ifndef FK_DB_H
#define FK_DB_H

#include "../core/error.h"

#include <sqlite3.h>
#include <stddef.h>

typedef struct fk_db fk_db;

/* Once per process, before the first connection (main calls it): SQLite's memory
 * statistics are turned off, since they take a process-wide mutex on every allocation
 * and nothing reads them. Harmless when called late (SQLite then keeps its defaults). */
void fk_db_process_init(void);

/* Creates data_dir if needed, opens data_dir/fukurou.db and migrates it to the
 * current schema. */
int fk_db_open(fk_db **out, const char *data_dir, fk_err *err);
void fk_db_close(fk_db *db);
sqlite3 *fk_db_handle(fk_db *db);
int fk_db_schema_version(fk_db *db);
int fk_db_latest_schema_version(void);

int fk_db_exec(fk_db *db, const char *sql, fk_err *err);
/* BEGIN IMMEDIATE: writers queue here instead of failing half-way. Transactions nest
 * (the outermost one is SQLite's): a use case wraps several store calls in one. */
int fk_db_begin(fk_db *db, fk_err *err);
int fk_db_commit(fk_db *db, fk_err *err);
void fk_db_rollback(fk_db *db);
/* A statement of a hot path, prepared once for the connection's life and found by the
 * address of its SQL text (pass a string constant). It comes back reset with no
 * bindings; callers reset it after use and never finalize it. */
sqlite3_stmt *fk_db_cached(fk_db *db, const char *sql, fk_err *err);
/* Formats the connection's last error as "what: message". */
int fk_db_error(fk_db *db, fk_err *err, const char *what);
/* A page of a listing: items after the key `after` (NULL: from the start), at most
 * `limit` of them. Listings are ordered by that key, so a page costs the same wherever
 * it starts (keyset paging). */
typedef struct fk_page {
    const char *after;
    size_t limit;
} fk_page;

/* The current UTC time as RFC 3339 with milliseconds. */
const char *fk_db_now(char buf[32]);
/* The same to the microsecond ("…SS.uuuuuuZ"), as TAXII 2.1 writes its timestamps. */
const char *fk_db_now_us(char buf[40]);

#endif
