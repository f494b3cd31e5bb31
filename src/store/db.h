/* The hub's database behind one narrow seam: a connection (fk_db) and its prepared
 * statements (fk_sql), spoken the same way whether the backend is the embedded SQLite
 * file (the default) or a PostgreSQL server (`postgres://…`). Owns connections,
 * transactions, the statement cache and the versioned, per-backend schema migrations;
 * the store modules above write their SQL once, in the dialect both backends accept. */
#ifndef FK_DB_H
#define FK_DB_H

#include "../core/error.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct fk_db fk_db;
typedef struct fk_sql fk_sql;

/* Once per process, before the first connection (main calls it). */
void fk_db_process_init(void);

/* Opens the store at `where`: a `postgres://` or `postgresql://` URL (or a libpq
 * conninfo starting with `postgres`) selects PostgreSQL; anything else is a data folder,
 * created if needed, holding the SQLite file fukurou.db. Migrates the schema to the
 * current version. */
int fk_db_open(fk_db **out, const char *where, fk_err *err);
void fk_db_close(fk_db *db);
/* db's reader: another connection to its store, for reading on another thread beside
 * db's write transaction, opened at the first call and closed with db (kept, so that its
 * cache and mapped pages stay warm). One thread at a time, as for db. Not migrated (db's
 * opening made the schema current, and an upgrade would wait for db's transaction), its
 * checkpoints left to db's owner. It reads what was committed: the rows db's transaction
 * writes are not there until it ends. */
int fk_db_reader(fk_db *db, fk_db **out, fk_err *err);

/* SQLite keeps commits in its write-ahead log and, by default, the commit that makes the
 * log long folds it into the database file (a checkpoint: every page written again and
 * synced), which can cost more than the transaction itself. A connection of the hub
 * defers that to the hub's checkpointer (hub/checkpoints.h), which runs fk_db_checkpoint
 * every second beside it; its close leaves the log too. Nothing on PostgreSQL. *left:
 * frames a reader's snapshot kept from being folded (0 on PostgreSQL). */
void fk_db_defer_checkpoints(fk_db *db);
int fk_db_checkpoint(fk_db *db, int *left, fk_err *err);
/* Whether `where` names a PostgreSQL server rather than a data folder. */
bool fk_db_is_postgres(const char *where);
/* "sqlite" or "postgres". */
const char *fk_db_backend_name(const fk_db *db);
int fk_db_schema_version(fk_db *db);
int fk_db_latest_schema_version(const fk_db *db);

/* Runs one or more statements without results (schema changes, settings). */
int fk_db_exec(fk_db *db, const char *sql, fk_err *err);
/* Opens a write transaction that other writers queue behind (SQLite's BEGIN IMMEDIATE,
 * a transaction-scoped advisory lock on PostgreSQL), so a use case that reads then
 * writes (the audit chain, an upsert) sees no interleaving. Transactions nest (the
 * outermost one is the database's): a use case wraps several store calls in one. */
int fk_db_begin(fk_db *db, fk_err *err);
int fk_db_commit(fk_db *db, fk_err *err);
void fk_db_rollback(fk_db *db);
/* Whether a transaction is open on the connection. */
bool fk_db_in_transaction(fk_db *db);
/* Bulk loading with PostgreSQL's COPY: whether the backend has it, and the load itself
 * (sql: "COPY table (columns) FROM STDIN"; data: rows in COPY's text format, see
 * fk_db_copy_field). Callers keep a row-by-row path for backends without it. */
bool fk_db_can_copy(const fk_db *db);
int fk_db_copy(fk_db *db, const char *sql, const char *data, size_t len, fk_err *err);
/* The same load with its rows written while the server takes in those before: fill sets
 * *data and *len to the next whole rows and returns 1, returns 0 when there are no more,
 * -1 when it failed (the load is then abandoned and nothing of it stays). What it hands
 * over stays valid until its next call. */
typedef int (*fk_db_copy_fill)(void *ctx, const char **data, size_t *len);
int fk_db_copy_stream(fk_db *db, const char *sql, fk_db_copy_fill fill, void *ctx, fk_err *err);
/* Appends one field in COPY's text format (backslash, tab, newline and carriage return
 * escaped; NULL as \N), preceded by a tab unless it is the first of its row. */
struct fk_sbuf;
int fk_db_copy_field(struct fk_sbuf *row, const char *s, size_t n, bool first);
/* Rows changed by the last INSERT, UPDATE or DELETE run on the connection. */
int64_t fk_db_changes(fk_db *db);
/* Formats the connection's last error as "what: message": code FK_ERR_BUSY when the
 * database server went away (a request may be retried once it is back: the connection
 * is opened again on its next use), FK_ERR_STORAGE otherwise. */
int fk_db_error(fk_db *db, fk_err *err, const char *what);

/* ---- statements ----------------------------------------------------------------------
 * SQL uses `?` or `?N` for parameters (numbered from 1), standard SQL otherwise: both
 * backends run the same text. Results of fk_sql_step: */
enum {
    FK_SQL_ERROR = -1, /* see fk_db_error */
    FK_SQL_DONE = 0,
    FK_SQL_ROW = 1,
    FK_SQL_CONSTRAINT = 2, /* a unique, foreign-key or check constraint refused the row */
};
/* Column types as fk_sql_column_type reports them. */
enum { FK_SQL_NULL, FK_SQL_INTEGER, FK_SQL_FLOAT, FK_SQL_TEXT, FK_SQL_BLOB };

int fk_sql_prepare(fk_db *db, const char *sql, fk_sql **out, fk_err *err);
/* A statement of a hot path, prepared once for the connection's life and found by the
 * address of its SQL text (pass a string constant). It comes back reset with no
 * bindings; callers reset it after use and never finalize it. */
fk_sql *fk_db_cached(fk_db *db, const char *sql, fk_err *err);
void fk_sql_finalize(fk_sql *st);
/* Back to before the first step, bindings cleared. */
void fk_sql_reset(fk_sql *st);

void fk_sql_bind_int64(fk_sql *st, int i, int64_t v);
void fk_sql_bind_double(fk_sql *st, int i, double v);
void fk_sql_bind_null(fk_sql *st, int i);
/* The text is copied (n < 0: up to its NUL). */
void fk_sql_bind_text(fk_sql *st, int i, const char *s, int n);
/* The text must stay unchanged until the statement is reset or finalized. */
void fk_sql_bind_text_static(fk_sql *st, int i, const char *s, int n);
/* The statement takes the malloc'd text and frees it. */
void fk_sql_bind_text_owned(fk_sql *st, int i, char *s, int n);
void fk_sql_bind_blob(fk_sql *st, int i, const void *p, int n);
void fk_sql_bind_blob_static(fk_sql *st, int i, const void *p, int n);
void fk_sql_bind_blob_owned(fk_sql *st, int i, void *p, int n);

/* FK_SQL_ROW, FK_SQL_DONE, FK_SQL_CONSTRAINT or FK_SQL_ERROR. */
int fk_sql_step(fk_sql *st);
/* Steps an INSERT … RETURNING id to its end, storing the id (id may be NULL): returns
 * FK_SQL_DONE when the row went in, else what fk_sql_step said. */
int fk_sql_step_returning(fk_sql *st, int64_t *id);
int fk_sql_column_count(fk_sql *st);
const char *fk_sql_column_name(fk_sql *st, int i);
int fk_sql_column_type(fk_sql *st, int i);
int64_t fk_sql_column_int64(fk_sql *st, int i);
int fk_sql_column_int(fk_sql *st, int i);
double fk_sql_column_double(fk_sql *st, int i);
/* NULL for an SQL NULL; valid until the next step or reset. */
const char *fk_sql_column_text(fk_sql *st, int i);
const void *fk_sql_column_blob(fk_sql *st, int i);
int fk_sql_column_bytes(fk_sql *st, int i);

/* Steps a statement to its end, turning each row into a JSON value with `row` (NULL for
 * out of memory) and collecting them in a new array; the statement is finalised. The
 * one loop every listing of the store shares (what: the error's subject). */
struct json_t;
typedef struct json_t *(*fk_sql_row_fn)(fk_sql *st, void *ctx);
int fk_sql_collect(fk_db *db, fk_sql *st, fk_sql_row_fn row, void *ctx, const char *what,
                   struct json_t **out, fk_err *err);
/* A row as a JSON object keyed by its column names (integers, reals, text, null). */
struct json_t *fk_sql_row_object(fk_sql *st, void *ctx);

/* Runs a query with one parameter (text when `text` is non-NULL, else the integer) and
 * returns its rows as a new JSON array: a row of one column as its value, a wider row
 * as an object keyed by column names. For the small lists a listing nests in each of its
 * rows (an organisation's identifiers, a group's members), which both backends build
 * alike this way rather than with their own JSON aggregate functions. */
int fk_db_query_json(fk_db *db, const char *sql, const char *text, int64_t integer,
                     struct json_t **out, fk_err *err);

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

/* Marks row id of table (one with id, org_id and removed_ms: contacts, webhooks) removed
 * at now_ms if it belongs to only_org (0: any); *org is its organisation, 0 when there
 * was none to remove. The table is the caller's constant, never input. */
int fk_db_remove_owned(fk_db *db, const char *table, int64_t id, int64_t only_org, int64_t now_ms,
                       int64_t *org, fk_err *err);

#endif
