#include "audit.h"

#include <openssl/evp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HASH_LEN 32

/* SHA-256 over the previous hash and each field with its length in front, so that no
 * two different entries can be made to hash the same by moving text between fields. */
static int entry_hash(const unsigned char prev[HASH_LEN], int64_t seq, const char *const fields[5],
                      unsigned char out[HASH_LEN])
{
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    if (!ctx)
        return -1;
    int ok = EVP_DigestInit_ex(ctx, EVP_sha256(), NULL);
    ok = ok && EVP_DigestUpdate(ctx, prev, HASH_LEN);
    unsigned char seqb[8];
    for (int i = 0; i < 8; i++)
        seqb[i] = (unsigned char)((uint64_t)seq >> (56 - 8 * i));
    ok = ok && EVP_DigestUpdate(ctx, seqb, 8);
    for (int i = 0; i < 5 && ok; i++) {
        uint64_t n = strlen(fields[i]);
        unsigned char lenb[8];
        for (int k = 0; k < 8; k++)
            lenb[k] = (unsigned char)(n >> (56 - 8 * k));
        ok = EVP_DigestUpdate(ctx, lenb, 8) && EVP_DigestUpdate(ctx, fields[i], n);
    }
    unsigned int len = 0;
    ok = ok && EVP_DigestFinal_ex(ctx, out, &len) && len == HASH_LEN;
    EVP_MD_CTX_free(ctx);
    return ok ? 0 : -1;
}

static int append(fk_db *db, const char *actor, const char *action, const char *object,
                  const char *detail, fk_err *err)
{
    fk_sql *st = NULL;
    unsigned char prev[HASH_LEN] = {0}, hash[HASH_LEN];
    int64_t seq = 1;
    if (fk_sql_prepare(db, "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1", &st, NULL) != 0)
        return fk_db_error(db, err, "audit");
    int rc = fk_sql_step(st);
    if (rc == FK_SQL_ROW) {
        seq = fk_sql_column_int64(st, 0) + 1;
        if (fk_sql_column_bytes(st, 1) == HASH_LEN)
            memcpy(prev, fk_sql_column_blob(st, 1), HASH_LEN);
    }
    fk_sql_finalize(st);
    if (rc != FK_SQL_ROW && rc != FK_SQL_DONE)
        return fk_db_error(db, err, "audit");
    char at[32];
    fk_db_now(at);
    const char *fields[5] = {at, actor, action, object, detail ? detail : "{}"};
    if (entry_hash(prev, seq, fields, hash) != 0)
        return fk_errf(err, "audit: cannot compute SHA-256");
    if (fk_sql_prepare(
            db,
            "INSERT INTO audit (seq, at, actor, action, object, detail, prev_hash, hash) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            &st, NULL) != 0)
        return fk_db_error(db, err, "audit");
    fk_sql_bind_int64(st, 1, seq);
    for (int i = 0; i < 5; i++)
        fk_sql_bind_text(st, 2 + i, fields[i], -1);
    fk_sql_bind_blob(st, 7, prev, HASH_LEN);
    fk_sql_bind_blob(st, 8, hash, HASH_LEN);
    rc = fk_sql_step(st);
    fk_sql_finalize(st);
    return rc == FK_SQL_DONE ? 0 : fk_db_error(db, err, "audit");
}

/* Recomputes the entries after seq `after`, the first of which must chain onto prev;
 * *last and last_hash end at the last entry that verified. */
static int verify_range(fk_db *db, int64_t after, const unsigned char start[HASH_LEN],
                        fk_audit_report *report, int64_t *last, unsigned char last_hash[HASH_LEN],
                        fk_err *err)
{
    memset(report, 0, sizeof *report);
    fk_sql *st;
    if (fk_sql_prepare(db,
                       "SELECT seq, at, actor, action, object, detail, prev_hash, hash "
                       "FROM audit WHERE seq > ? ORDER BY seq",
                       &st, NULL) != 0)
        return fk_db_error(db, err, "audit");
    fk_sql_bind_int64(st, 1, after);
    unsigned char prev[HASH_LEN], hash[HASH_LEN];
    memcpy(prev, start, HASH_LEN);
    int64_t expect = after + 1;
    int rc, result = 0;
    *last = after;
    while ((rc = fk_sql_step(st)) == FK_SQL_ROW) {
        int64_t seq = fk_sql_column_int64(st, 0);
        report->entries++;
        if (result) /* already broken: only count the rest */
            continue;
        const char *fields[5];
        for (int i = 0; i < 5; i++) {
            const char *t = fk_sql_column_text(st, 1 + i);
            fields[i] = t ? (const char *)t : "";
        }
        const char *why = NULL;
        if (seq != expect)
            why = "an entry is missing before this one";
        else if (fk_sql_column_bytes(st, 6) != HASH_LEN ||
                 memcmp(fk_sql_column_blob(st, 6), prev, HASH_LEN) != 0)
            why = "its previous-hash does not match the entry before it";
        else if (entry_hash(prev, seq, fields, hash) != 0)
            why = "cannot compute SHA-256";
        else if (fk_sql_column_bytes(st, 7) != HASH_LEN ||
                 memcmp(fk_sql_column_blob(st, 7), hash, HASH_LEN) != 0)
            why = "its content does not match its hash (edited)";
        if (why) {
            report->first_bad = seq;
            snprintf(report->why, sizeof report->why, "%s", why);
            result = 1;
            continue;
        }
        memcpy(prev, hash, HASH_LEN);
        *last = seq;
        expect = seq + 1;
    }
    fk_sql_finalize(st);
    memcpy(last_hash, prev, HASH_LEN);
    if (rc != FK_SQL_ROW && rc != FK_SQL_DONE)
        return fk_db_error(db, err, "audit");
    return result;
}

int fk_audit_verify(fk_db *db, fk_audit_report *report, fk_err *err)
{
    static const unsigned char zero[HASH_LEN];
    int64_t last;
    unsigned char hash[HASH_LEN];
    return verify_range(db, 0, zero, report, &last, hash, err);
}

int fk_audit_checkpoint_load(fk_db *db, fk_audit_checkpoint *out, fk_err *err)
{
    memset(out, 0, sizeof *out);
    fk_sql *st;
    if (fk_sql_prepare(db,
                       "SELECT seq, hash, entries, first_bad, why, checked_ms FROM "
                       "audit_checkpoint WHERE id = 1",
                       &st, NULL) != 0)
        return fk_db_error(db, err, "audit");
    int rc = fk_sql_step(st);
    if (rc == FK_SQL_ROW) {
        out->seq = fk_sql_column_int64(st, 0);
        if (fk_sql_column_bytes(st, 1) == HASH_LEN)
            memcpy(out->hash, fk_sql_column_blob(st, 1), HASH_LEN);
        out->entries = fk_sql_column_int64(st, 2);
        out->first_bad = fk_sql_column_int64(st, 3);
        const char *why = fk_sql_column_text(st, 4);
        snprintf(out->why, sizeof out->why, "%s", why ? why : "");
        out->checked_ms = fk_sql_column_int64(st, 5);
    }
    fk_sql_finalize(st);
    return rc == FK_SQL_ROW || rc == FK_SQL_DONE ? 0 : fk_db_error(db, err, "audit");
}

int fk_audit_check_full(fk_db *db, int64_t now_ms, fk_audit_checkpoint *out, fk_err *err)
{
    static const unsigned char zero[HASH_LEN];
    fk_audit_report report;
    memset(out, 0, sizeof *out);
    int verified = verify_range(db, 0, zero, &report, &out->seq, out->hash, err);
    if (verified < 0)
        return -1;
    out->entries = report.entries;
    out->first_bad = report.first_bad;
    snprintf(out->why, sizeof out->why, "%s", report.why);
    out->checked_ms = now_ms;
    fk_sql *st;
    if (fk_sql_prepare(db,
                       "INSERT INTO audit_checkpoint (id, seq, hash, entries, first_bad, why, "
                       "checked_ms) VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (id) DO "
                       "UPDATE SET seq = excluded.seq, hash = excluded.hash, entries = "
                       "excluded.entries, first_bad = excluded.first_bad, why = excluded.why, "
                       "checked_ms = excluded.checked_ms",
                       &st, NULL) != 0)
        return fk_db_error(db, err, "audit");
    fk_sql_bind_int64(st, 1, out->seq);
    fk_sql_bind_blob(st, 2, out->hash, HASH_LEN);
    fk_sql_bind_int64(st, 3, out->entries);
    fk_sql_bind_int64(st, 4, out->first_bad);
    fk_sql_bind_text(st, 5, out->why, -1);
    fk_sql_bind_int64(st, 6, now_ms);
    int rc = fk_sql_step(st);
    fk_sql_finalize(st);
    if (rc != FK_SQL_DONE)
        return fk_db_error(db, err, "audit");
    return verified;
}

int fk_audit_verify_since(fk_db *db, const fk_audit_checkpoint *from, fk_audit_report *report,
                          fk_err *err)
{
    int64_t last;
    unsigned char hash[HASH_LEN];
    return verify_range(db, from->seq, from->hash, report, &last, hash, err);
}

/* Reading the last entry and writing the next must be one transaction, or two
 * connections would chain onto the same entry. */
int fk_audit_append_json(fk_db *db, const char *actor, const char *action, const char *kind,
                         int64_t id, json_t *detail, fk_err *err)
{
    char object[64], *text = detail ? json_dumps(detail, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(detail);
    if (!text)
        return fk_errc(err, FK_ERR_NOMEM, "out of memory");
    snprintf(object, sizeof object, "%s:%lld", kind, (long long)id);
    int rc = fk_audit_append(db, actor, action, object, text, err);
    free(text);
    return rc;
}

int fk_audit_append(fk_db *db, const char *actor, const char *action, const char *object,
                    const char *detail, fk_err *err)
{
    if (fk_db_begin(db, err) != 0)
        return -1;
    if (append(db, actor, action, object, detail, err) != 0 || fk_db_commit(db, err) != 0) {
        fk_db_rollback(db);
        return -1;
    }
    return 0;
}

static json_t *audit_row(fk_sql *st, void *ctx)
{
    (void)ctx;
    return json_pack(
        "{sIssssssssss}", "seq", (json_int_t)fk_sql_column_int64(st, 0), "at",
        (const char *)fk_sql_column_text(st, 1), "actor", (const char *)fk_sql_column_text(st, 2),
        "action", (const char *)fk_sql_column_text(st, 3), "object",
        (const char *)fk_sql_column_text(st, 4), "detail", (const char *)fk_sql_column_text(st, 5));
}

int fk_audit_list(fk_db *db, const fk_page *page, json_t **out, fk_err *err)
{
    return fk_audit_list_object(db, NULL, page, out, err);
}

int fk_audit_list_object(fk_db *db, const char *object, const fk_page *page, json_t **out,
                         fk_err *err)
{
    fk_sql *st;
    *out = NULL;
    /* one object's entries by the index on (object, seq): a case's timeline */
    if (fk_sql_prepare(db,
                       object ? "SELECT seq, at, actor, action, object, detail FROM audit WHERE "
                                "object = ?3 AND seq < ?1 ORDER BY seq DESC LIMIT ?2"
                              : "SELECT seq, at, actor, action, object, detail FROM audit WHERE "
                                "seq < ?1 ORDER BY seq DESC LIMIT ?2",
                       &st, NULL) != 0)
        return fk_db_error(db, err, "audit");
    if (object)
        fk_sql_bind_text_static(st, 3, object, -1);
    /* the first page: below any seq there can be */
    fk_sql_bind_int64(st, 1, page && page->after ? strtoll(page->after, NULL, 10) : INT64_MAX);
    fk_sql_bind_int64(st, 2, page && page->limit ? (int64_t)page->limit : 100);
    return fk_sql_collect(db, st, audit_row, NULL, "audit", out, err);
}
