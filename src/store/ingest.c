#include "ingest.h"

#include "../core/timefmt.h"

#include <libdeflate.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int prepare(fk_db *db, fk_sql **st, const char *sql, fk_err *err)
{
    if (fk_sql_prepare(db, sql, st, NULL) != 0)
        return fk_db_error(db, err, "ingest");
    return 0;
}

static int finish(fk_db *db, fk_sql *st, fk_err *err)
{
    int rc = fk_sql_step(st);
    fk_sql_finalize(st);
    return rc == FK_SQL_DONE || rc == FK_SQL_ROW ? 0 : fk_db_error(db, err, "ingest");
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
    fk_sql *st;
    if (prepare(db, &st,
                "INSERT INTO metering (org_id, day, batches, events, bytes) VALUES (?,?,?,?,?) "
                "ON CONFLICT (org_id, day) DO UPDATE SET batches = metering.batches + "
                "excluded.batches, events = metering.events + excluded.events, bytes = "
                "metering.bytes + excluded.bytes",
                err) != 0)
        return -1;
    fk_sql_bind_int64(st, 1, org);
    fk_sql_bind_text(st, 2, day, -1);
    fk_sql_bind_int64(st, 3, batches);
    fk_sql_bind_int64(st, 4, events);
    fk_sql_bind_int64(st, 5, bytes);
    return finish(db, st, err);
}

int fk_batch_store(fk_db *db, const fk_batch_in *in, fk_batch_stored *out, fk_err *err)
{
    memset(out, 0, sizeof *out);
    if (sha256_hex(in->body, in->body_len, out->digest) != 0)
        return fk_errf(err, "cannot compute SHA-256");
    fk_sql *st;
    char digest_key[80];
    snprintf(digest_key, sizeof digest_key, "sha256:%s", out->digest);
    const char *key = in->batch_key && *in->batch_key ? in->batch_key : digest_key;
    if (prepare(db, &st, "SELECT id FROM ingest_batch WHERE org_id = ? AND batch_key = ?", err))
        return -1;
    fk_sql_bind_int64(st, 1, in->org_id);
    fk_sql_bind_text_static(st, 2, key, -1);
    int rc = fk_sql_step(st);
    if (rc == FK_SQL_ROW) {
        out->id = fk_sql_column_int64(st, 0);
        out->duplicate = true;
    }
    fk_sql_finalize(st);
    if (rc == FK_SQL_ROW)
        return 0;
    if (rc != FK_SQL_DONE)
        return fk_db_error(db, err, "ingest");
    /* level 1: logs compress about tenfold even so, and the request waits for it. The
     * zlib format (as stored from the start), written by libdeflate: one buffer in, one
     * out, and faster than zlib's own deflate (see gunzip in server/monitor_api.c). */
    struct libdeflate_compressor *c = libdeflate_alloc_compressor(1);
    size_t clen = c ? libdeflate_zlib_compress_bound(c, in->body_len) : 0;
    unsigned char *z = c ? malloc(clen ? clen : 1) : NULL;
    if (z)
        clen = libdeflate_zlib_compress(c, in->body, in->body_len, z, clen);
    libdeflate_free_compressor(c);
    if (!z || !clen) {
        free(z);
        return fk_errc(err, FK_ERR_NOMEM, "cannot compress the batch");
    }
    char now[32];
    fk_time_format(in->received_ms, now);
    if (prepare(db, &st,
                "INSERT INTO ingest_batch (org_id, batch_key, source, format, received_at, "
                "received_ms, lines, malformed, bytes, digest, body, published, policy) VALUES "
                "(?,?,?,?,?,?,?,?,?,?,?,0,?) RETURNING id",
                err) != 0) {
        free(z);
        return -1;
    }
    fk_sql_bind_int64(st, 1, in->org_id);
    fk_sql_bind_text_static(st, 2, key, -1);
    fk_sql_bind_text_static(st, 3, in->source ? in->source : "", -1);
    fk_sql_bind_text_static(st, 4, in->format ? in->format : "auto", -1);
    fk_sql_bind_text_static(st, 5, now, -1);
    fk_sql_bind_int64(st, 6, in->received_ms);
    fk_sql_bind_int64(st, 7, (int64_t)in->lines);
    fk_sql_bind_int64(st, 8, (int64_t)in->malformed);
    fk_sql_bind_int64(st, 9, (int64_t)in->body_len);
    fk_sql_bind_text_static(st, 10, out->digest, -1);
    fk_sql_bind_blob_owned(st, 11, z, (int)clen);
    fk_sql_bind_text_static(st, 12, in->policy ? in->policy : "", -1);
    int step = fk_sql_step_returning(st, &out->id);
    fk_sql_finalize(st);
    if (step != FK_SQL_DONE)
        return fk_db_error(db, err, "ingest");
    if (meter(db, in->org_id, in->received_ms, 1, 0, (int64_t)in->body_len, err) != 0)
        return -1;
    if (prepare(db, &st,
                "INSERT INTO ingest_source (org_id, name, last_seen_ms, last_event_ms, lag_ms, "
                "policy) VALUES (?,?,?,?,?,?) ON CONFLICT (org_id, name) DO UPDATE SET "
                "last_seen_ms = excluded.last_seen_ms, last_event_ms = "
                "coalesce(excluded.last_event_ms, ingest_source.last_event_ms), lag_ms = "
                "coalesce(excluded.lag_ms, ingest_source.lag_ms), policy = excluded.policy",
                err) != 0)
        return -1;
    fk_sql_bind_int64(st, 1, in->org_id);
    fk_sql_bind_text_static(st, 2, in->source && in->source[0] ? in->source : "(unnamed)", -1);
    fk_sql_bind_int64(st, 3, in->received_ms);
    if (in->newest_event_ms) {
        fk_sql_bind_int64(st, 4, in->newest_event_ms);
        fk_sql_bind_int64(st, 5, in->received_ms - in->newest_event_ms);
    }
    fk_sql_bind_text_static(st, 6, in->policy ? in->policy : "", -1);
    return finish(db, st, err);
}

int fk_batch_backlog(fk_db *db, int64_t *batches, int64_t *bytes, fk_err *err)
{
    fk_sql *st;
    if (prepare(db, &st,
                "SELECT count(*), coalesce(sum(bytes), 0) FROM ingest_batch WHERE state = "
                "'pending'",
                err) != 0)
        return -1;
    int rc = fk_sql_step(st);
    *batches = rc == FK_SQL_ROW ? fk_sql_column_int64(st, 0) : 0;
    *bytes = rc == FK_SQL_ROW ? fk_sql_column_int64(st, 1) : 0;
    fk_sql_finalize(st);
    return rc == FK_SQL_ROW ? 0 : fk_db_error(db, err, "ingest backlog");
}

int fk_batch_pending(fk_db *db, int64_t after, bool unpublished, int64_t *ids, int64_t *orgs,
                     size_t cap, size_t *n, fk_err *err)
{
    fk_sql *st;
    *n = 0;
    if (prepare(db, &st,
                "SELECT id, org_id FROM ingest_batch WHERE state = 'pending' AND id > ?1 AND "
                "(?3 = 0 OR published = 0) ORDER BY id LIMIT ?2",
                err) != 0)
        return -1;
    fk_sql_bind_int64(st, 1, after);
    fk_sql_bind_int64(st, 2, (int64_t)cap);
    fk_sql_bind_int64(st, 3, unpublished);
    int rc;
    while ((rc = fk_sql_step(st)) == FK_SQL_ROW) {
        if (orgs)
            orgs[*n] = fk_sql_column_int64(st, 1);
        ids[(*n)++] = fk_sql_column_int64(st, 0);
    }
    fk_sql_finalize(st);
    return rc == FK_SQL_DONE ? 0 : fk_db_error(db, err, "pending batches");
}

int fk_batch_published(fk_db *db, int64_t id, fk_err *err)
{
    static const char sql[] = "UPDATE ingest_batch SET published = 1 WHERE id = ?1";
    fk_sql *st = fk_db_cached(db, sql, err);
    if (!st)
        return -1;
    fk_sql_bind_int64(st, 1, id);
    int rc = fk_sql_step(st);
    fk_sql_reset(st);
    return rc == FK_SQL_DONE ? 0 : fk_db_error(db, err, "batch");
}

int fk_batch_load(fk_db *db, int64_t id, fk_batch *out, fk_err *err)
{
    memset(out, 0, sizeof *out);
    fk_sql *st;
    if (prepare(db, &st,
                "SELECT b.id, b.org_id, o.name, o.sector, b.format, b.source, b.received_ms, "
                "b.bytes, b.body, b.state, o.engines, b.batch_key FROM ingest_batch b JOIN "
                "organisation o ON o.id = "
                "b.org_id WHERE b.id = ?",
                err) != 0)
        return -1;
    fk_sql_bind_int64(st, 1, id);
    int rc = fk_sql_step(st);
    if (rc != FK_SQL_ROW) {
        fk_sql_finalize(st);
        return rc == FK_SQL_DONE ? 1 : fk_db_error(db, err, "batch");
    }
    out->id = fk_sql_column_int64(st, 0);
    out->org_id = fk_sql_column_int64(st, 1);
    snprintf(out->org, sizeof out->org, "%s", (const char *)fk_sql_column_text(st, 2));
    snprintf(out->sector, sizeof out->sector, "%s", (const char *)fk_sql_column_text(st, 3));
    snprintf(out->format, sizeof out->format, "%s", (const char *)fk_sql_column_text(st, 4));
    snprintf(out->source, sizeof out->source, "%s", (const char *)fk_sql_column_text(st, 5));
    out->received_ms = fk_sql_column_int64(st, 6);
    out->done = !strcmp((const char *)fk_sql_column_text(st, 9), "done");
    snprintf(out->engines, sizeof out->engines, "%s", (const char *)fk_sql_column_text(st, 10));
    snprintf(out->key, sizeof out->key, "%s", (const char *)fk_sql_column_text(st, 11));
    size_t len = (size_t)fk_sql_column_int64(st, 7);
    const void *z = fk_sql_column_blob(st, 8);
    int zn = fk_sql_column_bytes(st, 8);
    int result = 0;
    if (!z) { /* retention dropped the body */
        fk_sql_finalize(st);
        return 1;
    }
    out->body = malloc(len + 1);
    struct libdeflate_decompressor *d = libdeflate_alloc_decompressor();
    size_t made = 0;
    if (!out->body || !d)
        result = fk_errc(err, FK_ERR_NOMEM, "out of memory");
    else if (libdeflate_zlib_decompress(d, z, (size_t)zn, out->body, len, &made) !=
                 LIBDEFLATE_SUCCESS ||
             made != len)
        result = fk_errc(err, FK_ERR_STORAGE, "batch %lld: the stored body does not decompress",
                         (long long)id);
    libdeflate_free_decompressor(d);
    if (result == 0) {
        out->body[len] = '\0';
        out->body_len = len;
    } else {
        free(out->body);
        out->body = NULL;
    }
    fk_sql_finalize(st);
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
    fk_sql *st;
    if (prepare(db, &st,
                "UPDATE ingest_batch SET state = 'done', processed_ms = ?, events = ?, alerts = ? "
                "WHERE id = ? AND state = 'pending'",
                err) != 0)
        return -1;
    fk_sql_bind_int64(st, 1, processed_ms);
    fk_sql_bind_int64(st, 2, (int64_t)events);
    fk_sql_bind_int64(st, 3, (int64_t)alerts);
    fk_sql_bind_int64(st, 4, id);
    if (finish(db, st, err) != 0)
        return -1;
    if (fk_db_changes(db) != 1)
        return fk_errc(err, FK_ERR_CONFLICT, "batch %lld was already processed", (long long)id);
    return meter(db, org_id, processed_ms, 0, (int64_t)events, 0, err);
}

int fk_metering_list(fk_db *db, const char *org, int days, json_t **out, fk_err *err)
{
    fk_sql *st;
    if (prepare(db, &st,
                "SELECT o.name AS organisation, o.sector AS sector, m.day AS day, m.batches AS "
                "batches, m.events AS events, m.bytes AS bytes FROM metering m JOIN organisation "
                "o ON o.id = m.org_id WHERE (o.name = ?1 OR ?1 IS NULL) AND m.day >= ?2 "
                "ORDER BY m.day DESC, o.name",
                err) != 0)
        return -1;
    /* the first day shown: today and the days - 1 before it (UTC, as days are metered) */
    char first[11];
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    int64_t back = days > 0 ? days - 1 : 0;
    day_of(((int64_t)now.tv_sec - back * 86400) * 1000, first);
    if (org)
        fk_sql_bind_text_static(st, 1, org, -1);
    fk_sql_bind_text(st, 2, first, -1);
    return fk_sql_collect(db, st, fk_sql_row_object, NULL, "listing", out, err);
}

/* A member's health row; last_seen and lag only when it has sent anything. */
static json_t *health_row(fk_sql *st, void *ctx)
{
    (void)ctx;
    json_t *r =
        json_pack("{ss ss sI sI sI sI}", "organisation", fk_sql_column_text(st, 0), "sector",
                  fk_sql_column_text(st, 1), "sources", (json_int_t)fk_sql_column_int64(st, 2),
                  "batches_today", (json_int_t)fk_sql_column_int64(st, 5), "events_today",
                  (json_int_t)fk_sql_column_int64(st, 6), "bytes_today",
                  (json_int_t)fk_sql_column_int64(st, 7));
    char t[32];
    if (r && fk_sql_column_type(st, 3) != FK_SQL_NULL)
        json_object_set_new(r, "last_seen",
                            json_string(fk_time_format(fk_sql_column_int64(st, 3), t)));
    if (r && fk_sql_column_type(st, 4) != FK_SQL_NULL)
        json_object_set_new(r, "lag_ms", json_integer(fk_sql_column_int64(st, 4)));
    return r;
}

int fk_health_list(fk_db *db, const char *org, int64_t now_ms, size_t limit, json_t **out,
                   fk_err *err)
{
    fk_sql *st;
    /* the members silent longest first (never heard from before them): the ones an
     * analyst must look at; the centre's own organisations send nothing */
    if (prepare(db, &st,
                "SELECT o.name, o.sector, count(s.name), max(s.last_seen_ms), max(s.lag_ms), "
                "COALESCE(m.batches, 0), COALESCE(m.events, 0), COALESCE(m.bytes, 0) FROM "
                "organisation o LEFT JOIN ingest_source s ON s.org_id = o.id LEFT JOIN "
                "metering m ON m.org_id = o.id AND m.day = ?2 WHERE (o.name = ?1 OR ?1 IS NULL) "
                "AND o.sector <> 'centre' GROUP BY o.id, o.name, o.sector, m.batches, m.events, "
                "m.bytes ORDER BY max(s.last_seen_ms) IS NOT NULL, max(s.last_seen_ms), o.name "
                "LIMIT ?3",
                err) != 0)
        return -1;
    char day[11];
    day_of(now_ms, day);
    if (org)
        fk_sql_bind_text_static(st, 1, org, -1);
    fk_sql_bind_text(st, 2, day, -1);
    fk_sql_bind_int64(st, 3, (int64_t)limit);
    if (fk_sql_collect(db, st, health_row, NULL, "health", out, err) != 0)
        return -1;
    return 0;
}

int fk_sources_list(fk_db *db, const char *org, json_t **out, fk_err *err)
{
    fk_sql *st;
    if (prepare(db, &st,
                "SELECT o.name AS organisation, s.name AS source, s.last_seen_ms AS last_seen, "
                "s.lag_ms AS lag_ms, s.policy AS privacy_policy FROM ingest_source s JOIN "
                "organisation o ON o.id = s.org_id "
                "WHERE (o.name = ?1 OR ?1 IS NULL) ORDER BY o.name, s.name",
                err) != 0)
        return -1;
    if (org)
        fk_sql_bind_text_static(st, 1, org, -1);
    if (fk_sql_collect(db, st, fk_sql_row_object, NULL, "listing", out, err) != 0)
        return -1;
    /* last seen as an RFC 3339 time, from the stored milliseconds */
    size_t i;
    json_t *row;
    json_array_foreach(*out, i, row)
    {
        json_t *ms = json_object_get(row, "last_seen");
        char t[32];
        if (json_is_integer(ms))
            json_object_set_new(row, "last_seen",
                                json_string(fk_time_format(json_integer_value(ms), t)));
    }
    return 0;
}

int fk_batch_retention(fk_db *db, int64_t now_ms, int64_t max_age_ms, int64_t max_bytes,
                       int64_t *dropped, fk_err *err)
{
    *dropped = 0;
    fk_sql *st;
    if (max_age_ms > 0) {
        if (prepare(db, &st,
                    "UPDATE ingest_batch SET body = NULL WHERE state = 'done' AND body IS NOT "
                    "NULL AND received_ms < ?",
                    err) != 0)
            return -1;
        fk_sql_bind_int64(st, 1, now_ms - max_age_ms);
        if (finish(db, st, err) != 0)
            return -1;
        *dropped += fk_db_changes(db);
    }
    if (max_bytes > 0) {
        /* newest first, keep while the running total fits */
        if (prepare(db, &st,
                    "UPDATE ingest_batch SET body = NULL WHERE id IN (SELECT id FROM (SELECT id, "
                    "sum(length(body)) OVER (ORDER BY id DESC) AS kept FROM ingest_batch WHERE "
                    "body IS NOT NULL) WHERE kept > ?) AND state = 'done'",
                    err) != 0)
            return -1;
        fk_sql_bind_int64(st, 1, max_bytes);
        if (finish(db, st, err) != 0)
            return -1;
        *dropped += fk_db_changes(db);
    }
    return 0;
}
