#include "ingest.h"

#include "../core/timefmt.h"

#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

static int prepare(fk_db *db, sqlite3_stmt **st, const char *sql, fk_err *err)
{
    if (sqlite3_prepare_v2(fk_db_handle(db), sql, -1, st, NULL) != SQLITE_OK)
        return fk_db_error(db, err, "ingest");
    return 0;
}

static int finish(fk_db *db, sqlite3_stmt *st, fk_err *err)
{
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : fk_db_error(db, err, "ingest");
}

static void day_of(int64_t ms, char day[11])
{
    char t[32];
    fk_time_format(ms, t);
    memcpy(day, t, 10);
    day[10] = '\0';
}

static int sha256_hex(const char *p, size_t n, char out[65])
{
    unsigned char d[32];
    unsigned int len = 0;
    if (EVP_Digest(p, n, d, &len, EVP_sha256(), NULL) != 1 || len != 32)
        return -1;
    static const char digits[] = "0123456789abcdef";
    for (int i = 0; i < 32; i++) {
        out[2 * i] = digits[d[i] >> 4];
        out[2 * i + 1] = digits[d[i] & 15];
    }
    out[64] = '\0';
    return 0;
}

static int meter(fk_db *db, int64_t org, int64_t ms, int64_t batches, int64_t events, int64_t bytes,
                 fk_err *err)
{
    char day[11];
    day_of(ms, day);
    sqlite3_stmt *st;
    if (prepare(db, &st,
                "INSERT INTO metering (org_id, day, batches, events, bytes) VALUES (?,?,?,?,?) "
                "ON CONFLICT (org_id, day) DO UPDATE SET batches = batches + excluded.batches, "
                "events = events + excluded.events, bytes = bytes + excluded.bytes",
                err) != 0)
        return -1;
    sqlite3_bind_int64(st, 1, org);
    sqlite3_bind_text(st, 2, day, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 3, batches);
    sqlite3_bind_int64(st, 4, events);
    sqlite3_bind_int64(st, 5, bytes);
    return finish(db, st, err);
}

int fk_batch_store(fk_db *db, const fk_batch_in *in, fk_batch_stored *out, fk_err *err)
{
    memset(out, 0, sizeof *out);
    if (sha256_hex(in->body, in->body_len, out->digest) != 0)
        return fk_errf(err, "cannot compute SHA-256");
    sqlite3_stmt *st;
    char digest_key[80];
    snprintf(digest_key, sizeof digest_key, "sha256:%s", out->digest);
    const char *key = in->batch_key && *in->batch_key ? in->batch_key : digest_key;
    if (prepare(db, &st, "SELECT id FROM ingest_batch WHERE org_id = ? AND batch_key = ?", err))
        return -1;
    sqlite3_bind_int64(st, 1, in->org_id);
    sqlite3_bind_text(st, 2, key, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        out->id = sqlite3_column_int64(st, 0);
        out->duplicate = true;
    }
    sqlite3_finalize(st);
    if (rc == SQLITE_ROW)
        return 0;
    if (rc != SQLITE_DONE)
        return fk_db_error(db, err, "ingest");
    /* level 1: logs compress about tenfold even so, and the request waits for it */
    uLongf clen = compressBound(in->body_len);
    unsigned char *z = malloc(clen ? clen : 1);
    if (!z)
        return fk_errc(err, FK_ERR_NOMEM, "out of memory");
    if (compress2(z, &clen, (const unsigned char *)in->body, in->body_len, 1) != Z_OK) {
        free(z);
        return fk_errc(err, FK_ERR_NOMEM, "cannot compress the batch");
    }
    char now[32];
    fk_time_format(in->received_ms, now);
    if (prepare(
            db, &st,
            "INSERT INTO ingest_batch (org_id, batch_key, source, format, received_at, "
            "received_ms, lines, malformed, bytes, digest, body) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            err) != 0) {
        free(z);
        return -1;
    }
    sqlite3_bind_int64(st, 1, in->org_id);
    sqlite3_bind_text(st, 2, key, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, in->source ? in->source : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, in->format ? in->format : "auto", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, now, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 6, in->received_ms);
    sqlite3_bind_int64(st, 7, (sqlite3_int64)in->lines);
    sqlite3_bind_int64(st, 8, (sqlite3_int64)in->malformed);
    sqlite3_bind_int64(st, 9, (sqlite3_int64)in->body_len);
    sqlite3_bind_text(st, 10, out->digest, -1, SQLITE_STATIC);
    sqlite3_bind_blob(st, 11, z, (int)clen, free);
    if (finish(db, st, err) != 0)
        return -1;
    out->id = sqlite3_last_insert_rowid(fk_db_handle(db));
    if (meter(db, in->org_id, in->received_ms, 1, 0, (int64_t)in->body_len, err) != 0)
        return -1;
    if (prepare(db, &st,
                "INSERT INTO ingest_source (org_id, name, last_seen_ms, last_event_ms, lag_ms) "
                "VALUES (?,?,?,?,?) ON CONFLICT (org_id, name) DO UPDATE SET last_seen_ms = "
                "excluded.last_seen_ms, last_event_ms = coalesce(excluded.last_event_ms, "
                "last_event_ms), lag_ms = coalesce(excluded.lag_ms, lag_ms)",
                err) != 0)
        return -1;
    sqlite3_bind_int64(st, 1, in->org_id);
    sqlite3_bind_text(st, 2, in->source && in->source[0] ? in->source : "(unnamed)", -1,
                      SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, in->received_ms);
    if (in->newest_event_ms) {
        sqlite3_bind_int64(st, 4, in->newest_event_ms);
        sqlite3_bind_int64(st, 5, in->received_ms - in->newest_event_ms);
    }
    return finish(db, st, err);
}

int fk_batch_backlog(fk_db *db, int64_t *batches, int64_t *bytes, fk_err *err)
{
    sqlite3_stmt *st;
    if (prepare(db, &st,
                "SELECT count(*), coalesce(sum(bytes), 0) FROM ingest_batch WHERE state = "
                "'pending'",
                err) != 0)
        return -1;
    int rc = sqlite3_step(st);
    *batches = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    *bytes = rc == SQLITE_ROW ? sqlite3_column_int64(st, 1) : 0;
    sqlite3_finalize(st);
    return rc == SQLITE_ROW ? 0 : fk_db_error(db, err, "ingest backlog");
}

int fk_batch_pending(fk_db *db, int64_t after, int64_t *ids, size_t cap, size_t *n, fk_err *err)
{
    sqlite3_stmt *st;
    *n = 0;
    if (prepare(db, &st,
                "SELECT id FROM ingest_batch WHERE state = 'pending' AND id > ? ORDER BY id "
                "LIMIT ?",
                err) != 0)
        return -1;
    sqlite3_bind_int64(st, 1, after);
    sqlite3_bind_int64(st, 2, (sqlite3_int64)cap);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        ids[(*n)++] = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : fk_db_error(db, err, "pending batches");
}

int fk_batch_load(fk_db *db, int64_t id, fk_batch *out, fk_err *err)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st;
    if (prepare(
            db, &st,
            "SELECT b.id, b.org_id, o.name, o.sector, b.format, b.source, b.received_ms, "
            "b.bytes, b.body, b.state, o.engines FROM ingest_batch b JOIN organisation o ON o.id = "
            "b.org_id WHERE b.id = ?",
            err) != 0)
        return -1;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        sqlite3_finalize(st);
        return rc == SQLITE_DONE ? 1 : fk_db_error(db, err, "batch");
    }
    out->id = sqlite3_column_int64(st, 0);
    out->org_id = sqlite3_column_int64(st, 1);
    snprintf(out->org, sizeof out->org, "%s", (const char *)sqlite3_column_text(st, 2));
    snprintf(out->sector, sizeof out->sector, "%s", (const char *)sqlite3_column_text(st, 3));
    snprintf(out->format, sizeof out->format, "%s", (const char *)sqlite3_column_text(st, 4));
    snprintf(out->source, sizeof out->source, "%s", (const char *)sqlite3_column_text(st, 5));
    out->received_ms = sqlite3_column_int64(st, 6);
    out->done = !strcmp((const char *)sqlite3_column_text(st, 9), "done");
    snprintf(out->engines, sizeof out->engines, "%s", (const char *)sqlite3_column_text(st, 10));
    uLongf len = (uLongf)sqlite3_column_int64(st, 7);
    const void *z = sqlite3_column_blob(st, 8);
    int zn = sqlite3_column_bytes(st, 8);
    int result = 0;
    if (!z) { /* retention dropped the body */
        sqlite3_finalize(st);
        return 1;
    }
    out->body = malloc(len + 1);
    if (!out->body)
        result = fk_errc(err, FK_ERR_NOMEM, "out of memory");
    else if (uncompress((unsigned char *)out->body, &len, z, (uLong)zn) != Z_OK)
        result = fk_errc(err, FK_ERR_STORAGE, "batch %lld: the stored body does not decompress",
                         (long long)id);
    if (result == 0) {
        out->body[len] = '\0';
        out->body_len = len;
    } else {
        free(out->body);
        out->body = NULL;
    }
    sqlite3_finalize(st);
    return result;
}

void fk_batch_release(fk_batch *b)
{
    free(b->body);
    b->body = NULL;
}

int fk_batch_done(fk_db *db, int64_t id, int64_t org_id, uint64_t events, uint64_t alerts,
                  int64_t processed_ms, fk_err *err)
{
    sqlite3_stmt *st;
    if (prepare(db, &st,
                "UPDATE ingest_batch SET state = 'done', processed_ms = ?, events = ?, alerts = ? "
                "WHERE id = ? AND state = 'pending'",
                err) != 0)
        return -1;
    sqlite3_bind_int64(st, 1, processed_ms);
    sqlite3_bind_int64(st, 2, (sqlite3_int64)events);
    sqlite3_bind_int64(st, 3, (sqlite3_int64)alerts);
    sqlite3_bind_int64(st, 4, id);
    if (finish(db, st, err) != 0)
        return -1;
    if (sqlite3_changes(fk_db_handle(db)) != 1)
        return fk_errc(err, FK_ERR_CONFLICT, "batch %lld was already processed", (long long)id);
    return meter(db, org_id, processed_ms, 0, (int64_t)events, 0, err);
}

static int list_rows(fk_db *db, sqlite3_stmt *st, json_t **out, fk_err *err)
{
    json_t *arr = json_array();
    int rc;
    while (arr && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        json_t *row = json_object();
        for (int i = 0; row && i < sqlite3_column_count(st); i++) {
            const char *name = sqlite3_column_name(st, i);
            switch (sqlite3_column_type(st, i)) {
            case SQLITE_INTEGER:
                json_object_set_new(row, name, json_integer(sqlite3_column_int64(st, i)));
                break;
            case SQLITE_NULL: json_object_set_new(row, name, json_null()); break;
            default:
                json_object_set_new(row, name,
                                    json_string((const char *)sqlite3_column_text(st, i)));
            }
        }
        if (!row || json_array_append_new(arr, row) != 0) {
            json_decref(arr);
            arr = NULL;
        }
    }
    sqlite3_finalize(st);
    if (!arr)
        return fk_errc(err, FK_ERR_NOMEM, "out of memory");
    if (rc != SQLITE_DONE) {
        json_decref(arr);
        return fk_db_error(db, err, "listing");
    }
    *out = arr;
    return 0;
}

int fk_metering_list(fk_db *db, const char *org, int days, json_t **out, fk_err *err)
{
    sqlite3_stmt *st;
    if (prepare(db, &st,
                "SELECT o.name AS organisation, o.sector AS sector, m.day AS day, m.batches AS "
                "batches, m.events AS events, m.bytes AS bytes FROM metering m JOIN organisation "
                "o ON o.id = m.org_id WHERE (?1 IS NULL OR o.name = ?1) AND m.day >= "
                "date('now', ?2) ORDER BY m.day DESC, o.name",
                err) != 0)
        return -1;
    char span[32];
    snprintf(span, sizeof span, "-%d days", days > 0 ? days - 1 : 0);
    if (org)
        sqlite3_bind_text(st, 1, org, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, span, -1, SQLITE_TRANSIENT);
    return list_rows(db, st, out, err);
}

int fk_sources_list(fk_db *db, const char *org, json_t **out, fk_err *err)
{
    sqlite3_stmt *st;
    if (prepare(db, &st,
                "SELECT o.name AS organisation, s.name AS source, strftime('%Y-%m-%dT%H:%M:%fZ', "
                "s.last_seen_ms / 1000.0, 'unixepoch') AS last_seen, s.lag_ms AS lag_ms FROM "
                "ingest_source s JOIN organisation o ON o.id = s.org_id WHERE (?1 IS NULL OR "
                "o.name = ?1) ORDER BY o.name, s.name",
                err) != 0)
        return -1;
    if (org)
        sqlite3_bind_text(st, 1, org, -1, SQLITE_STATIC);
    return list_rows(db, st, out, err);
}

int fk_batch_retention(fk_db *db, int64_t now_ms, int64_t max_age_ms, int64_t max_bytes,
                       int64_t *dropped, fk_err *err)
{
    *dropped = 0;
    sqlite3_stmt *st;
    if (max_age_ms > 0) {
        if (prepare(db, &st,
                    "UPDATE ingest_batch SET body = NULL WHERE state = 'done' AND body IS NOT "
                    "NULL AND received_ms < ?",
                    err) != 0)
            return -1;
        sqlite3_bind_int64(st, 1, now_ms - max_age_ms);
        if (finish(db, st, err) != 0)
            return -1;
        *dropped += sqlite3_changes(fk_db_handle(db));
    }
    if (max_bytes > 0) {
        /* newest first, keep while the running total fits */
        if (prepare(db, &st,
                    "UPDATE ingest_batch SET body = NULL WHERE id IN (SELECT id FROM (SELECT id, "
                    "sum(length(body)) OVER (ORDER BY id DESC) AS kept FROM ingest_batch WHERE "
                    "body IS NOT NULL) WHERE kept > ?) AND state = 'done'",
                    err) != 0)
            return -1;
        sqlite3_bind_int64(st, 1, max_bytes);
        if (finish(db, st, err) != 0)
            return -1;
        *dropped += sqlite3_changes(fk_db_handle(db));
    }
    return 0;
}
