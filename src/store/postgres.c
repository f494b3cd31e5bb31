#include "postgres.h"

#include "../core/utf8.h"

#include <ctype.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* OIDs of the built-in types whose values we read differently (pg_type.dat) */
enum {
    OID_BOOL = 16,
    OID_BYTEA = 17,
    OID_INT8 = 20,
    OID_INT2 = 21,
    OID_INT4 = 23,
    OID_TEXT = 25,
    OID_OID = 26,
    OID_FLOAT4 = 700,
    OID_FLOAT8 = 701,
    OID_NUMERIC = 1700,
};

/* Every session: no NOTICEs, UTC, and no JIT compilation. The hub's queries are short
 * (a page of 1,000 TAXII objects runs in 7 ms), and the planner's cost estimates put them
 * over jit_above_cost, where compiling took 200 ms of a 276 ms request. */
#define SESSION_SETUP "SET client_min_messages = warning; SET TIME ZONE 'UTC'; SET jit = off"

typedef struct {
    PGconn *c;
    char err[512];   /* the last error, for fk_db_error */
    int64_t changes; /* rows changed by the last command */
    unsigned names;  /* server-side statement names handed out */
    /* bumped when the connection is re-established: server-side prepared statements
     * died with the old session and are prepared again on their next use */
    unsigned generation;
    bool lost; /* the last failure found the connection broken */
} pg_conn;

typedef struct {
    char *v; /* NULL: SQL NULL */
    int len;
    int format; /* 0 text, 1 binary */
    /* The type the value was bound as, for the server: integers are int8 so that a
     * millisecond time compared with a literal 0 is not taken for int4; text is left for
     * the server to infer from where it is used. */
    Oid type;
    bool owned;
    bool unused; /* the number appears nowhere in the SQL */
    char num[32];
} pg_param;

typedef struct {
    fk_sql base;
    pg_conn *conn;
    char *sql; /* with $N placeholders */
    int nparams;
    pg_param *params;
    bool persistent;
    char name[24];
    unsigned prepared_in; /* the connection generation it was prepared in, +1 */
    PGresult *res;
    int row, nrows;
    bool failed;
    /* a bytea value decoded for column_blob / column_bytes */
    unsigned char *blob;
    size_t bloblen;
    int blobcol, blobrow;
} pg_sql;

static pg_sql *P(fk_sql *st)
{
    return (pg_sql *)st;
}

static void set_err(pg_conn *pc, const char *msg)
{
    snprintf(pc->err, sizeof pc->err, "%s", msg && *msg ? msg : "unknown PostgreSQL error");
    size_t n = strlen(pc->err);
    while (n && (pc->err[n - 1] == '\n' || pc->err[n - 1] == ' '))
        pc->err[--n] = '\0';
}

/* NOTICEs (CREATE TABLE IF NOT EXISTS and the like) are not the hub's business */
static void quiet(void *arg, const char *msg)
{
    (void)arg;
    (void)msg;
}

/* The connection string without its password, for messages. */
static void redact(const char *where, char *out, size_t cap)
{
    snprintf(out, cap, "%s", where);
    char *scheme = strstr(out, "://");
    if (scheme) {
        char *at = strchr(scheme + 3, '@'), *colon = strchr(scheme + 3, ':');
        if (at && colon && colon < at)
            memmove(colon, at, strlen(at) + 1);
    }
    char *pw = strstr(out, "password=");
    if (pw) {
        char *end = pw + 9;
        while (*end && !isspace((unsigned char)*end) && *end != '&')
            end++;
        memmove(pw + 9, end, strlen(end) + 1);
    }
}

static int pg_open(void **conn, const char *where, fk_err *err)
{
    *conn = NULL;
    pg_conn *pc = calloc(1, sizeof *pc);
    if (!pc)
        return fk_errc(err, FK_ERR_NOMEM, "out of memory");
    pc->c = PQconnectdb(where);
    char shown[512];
    redact(where, shown, sizeof shown);
    if (!pc->c || PQstatus(pc->c) != CONNECTION_OK) {
        fk_errc(err, FK_ERR_STORAGE, "%s: cannot connect: %s", shown,
                pc->c ? PQerrorMessage(pc->c) : "out of memory");
        PQfinish(pc->c);
        free(pc);
        return -1;
    }
    PQsetNoticeProcessor(pc->c, quiet, NULL);
    PGresult *r = PQexec(pc->c, SESSION_SETUP);
    if (PQresultStatus(r) != PGRES_COMMAND_OK) {
        fk_errc(err, FK_ERR_STORAGE, "%s: %s", shown, PQresultErrorMessage(r));
        PQclear(r);
        PQfinish(pc->c);
        free(pc);
        return -1;
    }
    PQclear(r);
    *conn = pc;
    return 0;
}

static void pg_close(void *conn)
{
    pg_conn *pc = conn;
    if (!pc)
        return;
    PQfinish(pc->c);
    free(pc);
}

/* After a failure: a connection the server dropped (restarted, killed) is opened again,
 * so the request that saw the failure fails and the next one works. */
static void recover(pg_conn *pc)
{
    pc->lost = PQstatus(pc->c) == CONNECTION_BAD;
    if (!pc->lost)
        return;
    PQreset(pc->c);
    pc->generation++;
    if (PQstatus(pc->c) == CONNECTION_OK) {
        PQclear(PQexec(pc->c, SESSION_SETUP));
    }
}

static int pg_exec(void *conn, const char *sql, fk_err *err)
{
    pg_conn *pc = conn;
    PGresult *r = PQexec(pc->c, sql);
    ExecStatusType s = PQresultStatus(r);
    if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK) {
        set_err(pc, r ? PQresultErrorMessage(r) : PQerrorMessage(pc->c));
        PQclear(r);
        recover(pc);
        return fk_errc(err, FK_ERR_STORAGE, "database: %s", pc->err);
    }
    PQclear(r);
    return 0;
}

/* SQLite's `?` and `?N` become PostgreSQL's `$N` (a bare `?` takes the number after
 * the largest so far, as SQLite numbers it); quoted text, quoted names and comments are
 * left alone. */
static char *translate(const char *sql, int *nparams, unsigned char used[], int max_used)
{
    size_t n = strlen(sql);
    /* each one-byte `?` may become up to seven bytes ("$123456") */
    char *out = malloc(n * 7 + 16), *o = out;
    if (!out)
        return NULL;
    int max = 0;
    for (size_t i = 0; i < n;) {
        char c = sql[i];
        if (c == '\'' || c == '"') {
            size_t j = i + 1;
            while (j < n && !(sql[j] == c && (j + 1 >= n || sql[j + 1] != c)))
                j += sql[j] == c ? 2 : 1;
            j = j < n ? j + 1 : n;
            memcpy(o, sql + i, j - i);
            o += j - i;
            i = j;
        } else if (c == '-' && i + 1 < n && sql[i + 1] == '-') {
            while (i < n && sql[i] != '\n')
                *o++ = sql[i++];
        } else if (c == '?') {
            i++;
            int num = 0;
            if (i < n && isdigit((unsigned char)sql[i])) {
                while (i < n && isdigit((unsigned char)sql[i]) && num < 10000)
                    num = num * 10 + (sql[i++] - '0');
            } else {
                num = max + 1;
            }
            if (num > max)
                max = num;
            if (num <= max_used)
                used[num - 1] = 1;
            o += sprintf(o, "$%d", num);
        } else {
            *o++ = sql[i++];
        }
    }
    *o = '\0';
    *nparams = max;
    return out;
}

static int pg_prepare(void *conn, const char *sql, bool persistent, fk_sql **out, fk_err *err)
{
    *out = NULL;
    pg_conn *pc = conn;
    pg_sql *s = calloc(1, sizeof *s);
    unsigned char used[256] = {0};
    if (!s || !(s->sql = translate(sql, &s->nparams, used, (int)sizeof used)) ||
        (s->nparams && !(s->params = calloc((size_t)s->nparams, sizeof *s->params)))) {
        if (s)
            free(s->sql);
        free(s);
        return fk_errc(err, FK_ERR_NOMEM, "out of memory");
    }
    /* SQLite lets a statement skip a number (?2 without ?1); PostgreSQL must know every
     * parameter's type, so one never used is declared text and sent as NULL */
    for (int i = 0; i < s->nparams && i < (int)sizeof used; i++)
        if (!used[i])
            s->params[i].unused = true;
    s->base.be = &fk_db_postgres;
    s->conn = pc;
    s->persistent = persistent;
    if (persistent)
        snprintf(s->name, sizeof s->name, "fk%u", ++pc->names);
    s->blobcol = -1;
    *out = &s->base;
    return 0;
}

static void clear_param(pg_param *p)
{
    if (p->owned)
        free(p->v);
    *p = (pg_param){.unused = p->unused};
}

static void clear_result(pg_sql *s)
{
    PQclear(s->res);
    s->res = NULL;
    s->row = s->nrows = 0;
    s->failed = false;
    free(s->blob);
    s->blob = NULL;
    s->blobcol = -1;
}

static void pg_reset(fk_sql *st)
{
    pg_sql *s = P(st);
    clear_result(s);
    for (int i = 0; i < s->nparams; i++)
        clear_param(&s->params[i]);
}

static void pg_finalize(fk_sql *st)
{
    pg_sql *s = P(st);
    pg_reset(st);
    /* a persistent statement lives as long as its connection; the server forgets it
     * when the session ends */
    free(s->params);
    free(s->sql);
    free(s);
}

static pg_param *param(fk_sql *st, int i)
{
    pg_sql *s = P(st);
    if (i < 1 || i > s->nparams)
        return NULL;
    clear_param(&s->params[i - 1]);
    return &s->params[i - 1];
}

static void pg_bind_int64(fk_sql *st, int i, int64_t v)
{
    pg_param *p = param(st, i);
    if (p) {
        p->len = snprintf(p->num, sizeof p->num, "%lld", (long long)v);
        p->v = p->num;
        p->type = OID_INT8;
    }
}

static void pg_bind_double(fk_sql *st, int i, double v)
{
    pg_param *p = param(st, i);
    if (p) {
        p->len = snprintf(p->num, sizeof p->num, "%.17g", v);
        p->v = p->num;
        p->type = OID_FLOAT8;
    }
}

static void pg_bind_null(fk_sql *st, int i)
{
    param(st, i);
}

/* PostgreSQL refuses text that is not UTF-8 or holds a NUL, where SQLite kept the bytes.
 * A log line may hold either, and refusing it would lose the whole batch: such bytes
 * become U+FFFD (core/utf8). Returns NULL when the text is clean (nothing to copy) or on
 * allocation failure (*failed). */
static char *clean_text(const char *s, int n, int *out_len, bool *failed)
{
    size_t len = 0;
    char *out = fk_utf8_repair(s, (size_t)n, false, &len, failed);
    *out_len = (int)len;
    return out;
}

static void bind_bytes(fk_sql *st, int i, const char *s, int n, int how, int format)
{
    pg_param *p = param(st, i);
    if (!p) {
        if (how == FK_BIND_OWNED)
            free((char *)s);
        return;
    }
    if (!s)
        return;
    /* libpq reads a text parameter up to its NUL: text given with a length is copied
     * (the bytes after it are not the caller's to read) */
    bool ended = n < 0;
    if (n < 0)
        n = (int)strlen(s);
    if (format == 0 && !ended && how != FK_BIND_COPY) {
        char *c = malloc((size_t)n + 1);
        if (c) {
            memcpy(c, s, (size_t)n);
            c[n] = '\0';
        }
        if (how == FK_BIND_OWNED)
            free((char *)s);
        if (!c)
            return; /* bound as NULL: the NOT NULL constraint or the caller's check fails */
        s = c;
        how = FK_BIND_OWNED;
    }
    if (format == 0) {
        int cleaned_len = 0;
        bool failed = false;
        char *cleaned = clean_text(s, n, &cleaned_len, &failed);
        if (cleaned || failed) {
            if (how == FK_BIND_OWNED)
                free((char *)s);
            if (cleaned) {
                p->v = cleaned;
                p->len = cleaned_len;
                p->owned = true;
            }
            return;
        }
    }
    if (how == FK_BIND_COPY) {
        char *c = malloc((size_t)n + 1);
        if (!c)
            return; /* bound as NULL: the NOT NULL constraint or the caller's check fails */
        memcpy(c, s, (size_t)n);
        c[n] = '\0';
        s = c;
    }
    p->v = (char *)s;
    p->len = n;
    p->format = format;
    p->type = format ? OID_BYTEA : 0;
    p->owned = how != FK_BIND_STATIC;
}

static void pg_bind_text(fk_sql *st, int i, const char *s, int n, int how)
{
    bind_bytes(st, i, s, n, how, 0);
}

static void pg_bind_blob(fk_sql *st, int i, const void *p, int n, int how)
{
    bind_bytes(st, i, p, n, how, 1);
}

static int pg_step(fk_sql *st)
{
    pg_sql *s = P(st);
    pg_conn *pc = s->conn;
    if (s->failed)
        return FK_SQL_ERROR;
    if (!s->res) {
        const char *values[s->nparams ? s->nparams : 1];
        int lengths[s->nparams ? s->nparams : 1], formats[s->nparams ? s->nparams : 1];
        Oid types[s->nparams ? s->nparams : 1];
        for (int i = 0; i < s->nparams; i++) {
            values[i] = s->params[i].v;
            lengths[i] = s->params[i].len;
            formats[i] = s->params[i].format;
            types[i] = s->params[i].unused ? OID_TEXT : s->params[i].type;
            if (s->params[i].unused)
                values[i] = NULL;
        }
        PGresult *r;
        if (s->persistent && s->prepared_in != pc->generation + 1) {
            r = PQprepare(pc->c, s->name, s->sql, s->nparams, types);
            if (PQresultStatus(r) != PGRES_COMMAND_OK)
                goto failed;
            PQclear(r);
            s->prepared_in = pc->generation + 1;
        }
        r = s->persistent
                ? PQexecPrepared(pc->c, s->name, s->nparams, values, lengths, formats, 0)
                : PQexecParams(pc->c, s->sql, s->nparams, types, values, lengths, formats, 0);
        ExecStatusType status = PQresultStatus(r);
        if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
            goto failed;
        s->res = r;
        s->row = -1;
        s->nrows = status == PGRES_TUPLES_OK ? PQntuples(r) : 0;
        const char *tuples = PQcmdTuples(r);
        pc->changes = tuples && *tuples ? strtoll(tuples, NULL, 10) : 0;
        goto next;
    failed : {
        const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
        bool constraint = state && !strncmp(state, "23", 2);
        set_err(pc, r ? PQresultErrorMessage(r) : PQerrorMessage(pc->c));
        PQclear(r);
        s->failed = true;
        recover(pc);
        return constraint ? FK_SQL_CONSTRAINT : FK_SQL_ERROR;
    }
    }
next:
    if (++s->row < s->nrows)
        return FK_SQL_ROW;
    return FK_SQL_DONE;
}

static bool in_row(pg_sql *s, int i)
{
    return s->res && s->row >= 0 && s->row < s->nrows && i >= 0 && i < PQnfields(s->res);
}

static int pg_column_count(fk_sql *st)
{
    pg_sql *s = P(st);
    return s->res ? PQnfields(s->res) : 0;
}

static const char *pg_column_name(fk_sql *st, int i)
{
    pg_sql *s = P(st);
    return s->res && i >= 0 && i < PQnfields(s->res) ? PQfname(s->res, i) : NULL;
}

static int pg_column_type(fk_sql *st, int i)
{
    pg_sql *s = P(st);
    if (!in_row(s, i) || PQgetisnull(s->res, s->row, i))
        return FK_SQL_NULL;
    switch (PQftype(s->res, i)) {
    case OID_BOOL:
    case OID_INT2:
    case OID_INT4:
    case OID_INT8:
    case OID_OID: return FK_SQL_INTEGER;
    case OID_NUMERIC: /* sum() of integers is numeric: whole numbers read as integers */
        return strchr(PQgetvalue(s->res, s->row, i), '.') ? FK_SQL_FLOAT : FK_SQL_INTEGER;
    case OID_FLOAT4:
    case OID_FLOAT8: return FK_SQL_FLOAT;
    case OID_BYTEA: return FK_SQL_BLOB;
    default: return FK_SQL_TEXT;
    }
}

static const char *pg_column_text(fk_sql *st, int i)
{
    pg_sql *s = P(st);
    if (!in_row(s, i) || PQgetisnull(s->res, s->row, i))
        return NULL;
    return PQgetvalue(s->res, s->row, i);
}

static int64_t pg_column_int64(fk_sql *st, int i)
{
    const char *v = pg_column_text(st, i);
    if (!v)
        return 0;
    if (v[0] == 't' && !v[1])
        return 1;
    return strtoll(v, NULL, 10);
}

static double pg_column_double(fk_sql *st, int i)
{
    const char *v = pg_column_text(st, i);
    return v ? strtod(v, NULL) : 0;
}

/* bytea arrives in text form (\x…); decoded once per row and column */
static bool decode_blob(pg_sql *s, int i)
{
    if (s->blobcol == i && s->blobrow == s->row)
        return true;
    const char *v = pg_column_text(&s->base, i);
    free(s->blob);
    s->blob = NULL;
    s->blobcol = -1;
    if (!v)
        return false;
    s->blob = PQunescapeBytea((const unsigned char *)v, &s->bloblen);
    if (!s->blob)
        return false;
    s->blobcol = i;
    s->blobrow = s->row;
    return true;
}

static const void *pg_column_blob(fk_sql *st, int i)
{
    pg_sql *s = P(st);
    if (in_row(s, i) && PQftype(s->res, i) == OID_BYTEA)
        return decode_blob(s, i) ? s->blob : NULL;
    return pg_column_text(st, i);
}

static int pg_column_bytes(fk_sql *st, int i)
{
    pg_sql *s = P(st);
    if (!in_row(s, i) || PQgetisnull(s->res, s->row, i))
        return 0;
    if (PQftype(s->res, i) == OID_BYTEA)
        return decode_blob(s, i) ? (int)s->bloblen : 0;
    return PQgetlength(s->res, s->row, i);
}

static int64_t pg_changes(void *conn)
{
    return ((pg_conn *)conn)->changes;
}

static const char *pg_errmsg(void *conn)
{
    return ((pg_conn *)conn)->err;
}

/* One piece of a load's rows onto the connection: a NUL or bytes that are not UTF-8 in a
 * field (a log line's) would fail the whole load, so they become U+FFFD, as in bound
 * text. Returns PQputCopyData's answer, -1 when out of memory. */
static int put_rows(pg_conn *pc, const char *data, size_t len)
{
    size_t clean_len = 0;
    bool failed = false;
    char *clean = fk_utf8_repair(data, len, false, &clean_len, &failed);
    if (failed)
        return -1;
    if (clean) {
        data = clean;
        len = clean_len;
    }
    int ok = 1;
    for (size_t off = 0; ok == 1 && off < len;) { /* PQputCopyData takes an int */
        size_t piece = len - off > (1u << 20) ? (1u << 20) : len - off;
        ok = PQputCopyData(pc->c, data + off, (int)piece);
        off += piece;
    }
    free(clean);
    return ok;
}

/* The rows go out as fill writes them: libpq sends what it holds once a few kilobytes
 * are queued, so the server parses and indexes one piece while the next is written. */
static int pg_copy(void *conn, const char *sql, fk_db_copy_fill fill, void *ctx, fk_err *err)
{
    pg_conn *pc = conn;
    PGresult *r = PQexec(pc->c, sql);
    if (PQresultStatus(r) != PGRES_COPY_IN) {
        set_err(pc, r ? PQresultErrorMessage(r) : PQerrorMessage(pc->c));
        PQclear(r);
        recover(pc);
        return fk_errc(err, pc->lost ? FK_ERR_BUSY : FK_ERR_STORAGE, "bulk load: %s", pc->err);
    }
    PQclear(r);
    int ok = 1, more = 0;
    const char *data;
    size_t len;
    while (ok == 1 && (more = fill(ctx, &data, &len)) == 1)
        ok = put_rows(pc, data, len);
    if (ok == 1 && more == 0)
        ok = PQputCopyEnd(pc->c, NULL);
    else { /* out of memory here or the connection gone: the server drops what it took in */
        PQputCopyEnd(pc->c, "the client could not write the rows");
        ok = -1;
    }
    r = PQgetResult(pc->c);
    bool done = ok == 1 && PQresultStatus(r) == PGRES_COMMAND_OK;
    if (!done)
        set_err(pc, r ? PQresultErrorMessage(r) : PQerrorMessage(pc->c));
    PQclear(r);
    while ((r = PQgetResult(pc->c))) /* drain: the connection is ready again after */
        PQclear(r);
    if (!done) {
        recover(pc);
        return fk_errc(err, pc->lost ? FK_ERR_BUSY : FK_ERR_STORAGE, "bulk load: %s", pc->err);
    }
    return 0;
}

static bool pg_unavailable(void *conn)
{
    return ((pg_conn *)conn)->lost;
}

static bool pg_in_transaction(void *conn)
{
    PGTransactionStatusType t = PQtransactionStatus(((pg_conn *)conn)->c);
    return t == PQTRANS_INTRANS || t == PQTRANS_INERROR || t == PQTRANS_ACTIVE;
}

/* The schema version is a one-row table (PostgreSQL has no user_version); read inside
 * the migration's transaction, which holds the writers' lock. */
static int pg_schema_version(void *conn, fk_err *err)
{
    pg_conn *pc = conn;
    /* a name in a query must exist when the query is parsed: asked in two steps */
    PGresult *r = PQexec(pc->c, "SELECT to_regclass('fk_schema') IS NOT NULL");
    int v = -1;
    if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1 &&
        PQgetvalue(r, 0, 0)[0] != 't') {
        PQclear(r);
        return 0; /* a new database */
    }
    if (PQresultStatus(r) == PGRES_TUPLES_OK) {
        PQclear(r);
        r = PQexec(pc->c, "SELECT coalesce(max(version), 0) FROM fk_schema");
    }
    if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1)
        v = atoi(PQgetvalue(r, 0, 0));
    else {
        set_err(pc, PQresultErrorMessage(r));
        fk_errc(err, FK_ERR_STORAGE, "reading the schema version: %s", pc->err);
    }
    PQclear(r);
    return v;
}

static int pg_set_schema_version(void *conn, int version, fk_err *err)
{
    char sql[160];
    snprintf(sql, sizeof sql,
             "CREATE TABLE IF NOT EXISTS fk_schema (version INTEGER NOT NULL); "
             "DELETE FROM fk_schema; INSERT INTO fk_schema VALUES (%d)",
             version);
    return pg_exec(conn, sql, err);
}

extern const char *const fk_migrations_postgres[];
extern const size_t fk_migrations_postgres_count;

const fk_db_backend fk_db_postgres = {
    .name = "postgres",
    .open = pg_open,
    .close = pg_close,
    .exec = pg_exec,
    .prepare = pg_prepare,
    .finalize = pg_finalize,
    .reset = pg_reset,
    .bind_int64 = pg_bind_int64,
    .bind_double = pg_bind_double,
    .bind_null = pg_bind_null,
    .bind_text = pg_bind_text,
    .bind_blob = pg_bind_blob,
    .step = pg_step,
    .column_count = pg_column_count,
    .column_name = pg_column_name,
    .column_type = pg_column_type,
    .column_int64 = pg_column_int64,
    .column_double = pg_column_double,
    .column_text = pg_column_text,
    .column_blob = pg_column_blob,
    .column_bytes = pg_column_bytes,
    .changes = pg_changes,
    .errmsg = pg_errmsg,
    .unavailable = pg_unavailable,
    .in_transaction = pg_in_transaction,
    /* Writers take one transaction-scoped advisory lock, as SQLite's BEGIN IMMEDIATE
     * makes them queue: the store's read-then-write steps (the audit chain's last hash,
     * alert upserts by fingerprint) then need no retry loop for serialization failures.
     * Readers never take it. The key is arbitrary and fixed ("fk" in ASCII). */
    .begin_sql = "BEGIN; SELECT pg_advisory_xact_lock(26219)",
    .copy = pg_copy,
    .schema_version = pg_schema_version,
    .set_schema_version = pg_set_schema_version,
    .migrations = fk_migrations_postgres,
    .nmigrations = &fk_migrations_postgres_count,
};
