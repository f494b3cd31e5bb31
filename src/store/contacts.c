#include "contacts.h"

#include "../core/timefmt.h"
#include "audit.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int prepare(fk_db *db, const char *sql, fk_sql **st, fk_err *err)
{
    return fk_sql_prepare(db, sql, st, NULL) == 0 ? 0 : fk_db_error(db, err, "contacts");
}

int fk_contact_add(fk_db *db, const char *actor, int64_t org_id, const fk_contact *c,
                   int64_t now_ms, int64_t *id, fk_err *err)
{
    fk_sql *st;
    if (prepare(db,
                "INSERT INTO contact (org_id, name, role, channel, address, lang, chain, "
                "position, created_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) RETURNING id",
                &st, err) != 0)
        return -1;
    fk_sql_bind_int64(st, 1, org_id);
    const char *texts[] = {c->name, c->role, c->channel, c->address, c->lang, c->chain};
    for (int i = 0; i < 6; i++)
        fk_sql_bind_text_static(st, 2 + i, texts[i], -1);
    fk_sql_bind_int64(st, 8, c->position);
    fk_sql_bind_int64(st, 9, now_ms);
    int rc = fk_sql_step_returning(st, id);
    fk_sql_finalize(st);
    if (rc != FK_SQL_DONE)
        return fk_db_error(db, err, "contact");
    return fk_audit_append_json(db, actor, "contact.add", "org", org_id,
                                json_pack("{sI ss ss ss ss si}", "contact", (json_int_t)*id, "name",
                                          c->name, "channel", c->channel, "address", c->address,
                                          "chain", c->chain, "position", c->position),
                                err);
}

int fk_contact_remove(fk_db *db, const char *actor, int64_t id, int64_t only_org, int64_t now_ms,
                      fk_err *err)
{
    int64_t org;
    if (fk_db_remove_owned(db, "contact", id, only_org, now_ms, &org, err) != 0)
        return -1;
    if (!org)
        return 1;
    return fk_audit_append_json(db, actor, "contact.remove", "org", org,
                                json_pack("{sI}", "contact", (json_int_t)id), err);
}

static json_t *contact_row(fk_sql *st, void *ctx)
{
    (void)ctx;
    json_t *c = json_pack("{sI}", "id", (json_int_t)fk_sql_column_int64(st, 0));
    static const char *const names[] = {"organisation", "name", "role", "channel",
                                        "address",      "lang", "chain"};
    for (int i = 0; c && i < 7; i++) {
        const char *t = fk_sql_column_text(st, 1 + i);
        json_object_set_new(c, names[i], json_string(t ? t : ""));
    }
    if (c)
        json_object_set_new(c, "position", json_integer(fk_sql_column_int64(st, 8)));
    return c;
}

int fk_contact_list(fk_db *db, int64_t org_id, const char *chain, json_t **out, fk_err *err)
{
    fk_sql *st;
    if (prepare(
            db,
            "SELECT c.id, o.name, c.name, c.role, c.channel, c.address, c.lang, c.chain, "
            "c.position FROM contact c JOIN organisation o ON o.id = c.org_id WHERE "
            "c.removed_ms IS NULL AND (?1 = 0 OR c.org_id = ?1) AND (CAST(?2 AS TEXT) IS NULL OR "
            "c.chain = ?2) ORDER BY o.name, c.chain, c.position, c.id",
            &st, err) != 0)
        return -1;
    fk_sql_bind_int64(st, 1, org_id);
    if (chain)
        fk_sql_bind_text_static(st, 2, chain, -1);
    return fk_sql_collect(db, st, contact_row, NULL, "contacts", out, err);
}

int fk_contact_mode(fk_db *db, char out[16], fk_err *err)
{
    fk_sql *st;
    if (prepare(db, "SELECT value FROM setting WHERE key = 'contact_mode'", &st, err) != 0)
        return -1;
    int rc = fk_sql_step(st);
    const char *v = rc == FK_SQL_ROW ? fk_sql_column_text(st, 0) : NULL;
    snprintf(out, 16, "%s", v ? v : "normal");
    fk_sql_finalize(st);
    return rc == FK_SQL_ROW || rc == FK_SQL_DONE ? 0 : fk_db_error(db, err, "contacts");
}

int fk_contact_mode_set(fk_db *db, const char *actor, const char *mode, fk_err *err)
{
    fk_sql *st;
    if (prepare(db, "UPDATE setting SET value = ?1 WHERE key = 'contact_mode'", &st, err) != 0)
        return -1;
    fk_sql_bind_text_static(st, 1, mode, -1);
    int rc = fk_sql_step(st);
    fk_sql_finalize(st);
    if (rc != FK_SQL_DONE)
        return fk_db_error(db, err, "contacts");
    char *detail = NULL;
    json_t *d = json_pack("{ss}", "mode", mode);
    detail = d ? json_dumps(d, JSON_COMPACT) : NULL;
    json_decref(d);
    rc = detail ? fk_audit_append(db, actor, "contact.mode", "setting:contact_mode", detail, err)
                : fk_errc(err, FK_ERR_NOMEM, "out of memory");
    free(detail);
    return rc;
}

/* A drill token: 32 random bytes as 64 hex digits; the store keeps its SHA-256. */
static int new_token(char token[65], unsigned char digest[32])
{
    unsigned char raw[32];
    if (RAND_bytes(raw, sizeof raw) != 1)
        return -1;
    static const char digits[] = "0123456789abcdef";
    for (int i = 0; i < 32; i++) {
        token[2 * i] = digits[raw[i] >> 4];
        token[2 * i + 1] = digits[raw[i] & 15];
    }
    token[64] = '\0';
    OPENSSL_cleanse(raw, sizeof raw);
    unsigned int len = 0;
    return EVP_Digest(token, 64, digest, &len, EVP_sha256(), NULL) && len == 32 ? 0 : -1;
}

static bool token_digest(const char *token, unsigned char digest[32])
{
    unsigned int len = 0;
    return token && strlen(token) == 64 && strspn(token, "0123456789abcdef") == 64 &&
           EVP_Digest(token, 64, digest, &len, EVP_sha256(), NULL) && len == 32;
}

int fk_drill_start(fk_db *db, const char *actor, const char *chain, int64_t org_id, int64_t now_ms,
                   int64_t *drill_id, json_t **checks, fk_err *err)
{
    *checks = NULL;
    fk_sql *st;
    if (prepare(db,
                "INSERT INTO drill (chain, started_by, started_ms) VALUES (?1, ?2, ?3) RETURNING "
                "id",
                &st, err) != 0)
        return -1;
    fk_sql_bind_text_static(st, 1, chain, -1);
    fk_sql_bind_text_static(st, 2, actor, -1);
    fk_sql_bind_int64(st, 3, now_ms);
    int rc = fk_sql_step_returning(st, drill_id);
    fk_sql_finalize(st);
    if (rc != FK_SQL_DONE)
        return fk_db_error(db, err, "drill");
    json_t *contacts;
    if (fk_contact_list(db, org_id, chain, &contacts, err) != 0)
        return -1;
    size_t i;
    json_t *c;
    json_array_foreach(contacts, i, c)
    {
        char token[65];
        unsigned char digest[32];
        if (new_token(token, digest) != 0) {
            json_decref(contacts);
            return fk_errc(err, FK_ERR_STORAGE, "no randomness for a drill token");
        }
        if (prepare(db,
                    "INSERT INTO drill_check (drill_id, contact_id, token_sha256) VALUES (?1, "
                    "?2, ?3)",
                    &st, err) != 0) {
            json_decref(contacts);
            return -1;
        }
        fk_sql_bind_int64(st, 1, *drill_id);
        fk_sql_bind_int64(st, 2, json_integer_value(json_object_get(c, "id")));
        fk_sql_bind_blob(st, 3, digest, 32);
        rc = fk_sql_step(st);
        fk_sql_finalize(st);
        if (rc != FK_SQL_DONE) {
            json_decref(contacts);
            return fk_db_error(db, err, "drill");
        }
        json_object_set(c, "contact_id", json_object_get(c, "id"));
        json_object_set_new(c, "token", json_string(token));
        OPENSSL_cleanse(token, sizeof token);
    }
    *checks = contacts;
    return fk_audit_append_json(db, actor, "drill.start", "drill", *drill_id,
                                json_pack("{ss sI sI}", "chain", chain, "organisation",
                                          (json_int_t)org_id, "checks",
                                          (json_int_t)json_array_size(contacts)),
                                err);
}

int fk_drill_sent(fk_db *db, int64_t drill_id, int64_t contact_id, int64_t now_ms,
                  const char *error, fk_err *err)
{
    fk_sql *st;
    if (prepare(db,
                "UPDATE drill_check SET sent_ms = CASE WHEN ?1 = '' THEN CAST(?2 AS BIGINT) ELSE "
                "NULL END, "
                "send_error = ?1 WHERE drill_id = ?3 AND contact_id = ?4",
                &st, err) != 0)
        return -1;
    fk_sql_bind_text_static(st, 1, error ? error : "", -1);
    fk_sql_bind_int64(st, 2, now_ms);
    fk_sql_bind_int64(st, 3, drill_id);
    fk_sql_bind_int64(st, 4, contact_id);
    int rc = fk_sql_step(st);
    fk_sql_finalize(st);
    return rc == FK_SQL_DONE ? 0 : fk_db_error(db, err, "drill");
}

int fk_drill_ack(fk_db *db, const char *token, const char *via, int64_t now_ms, int64_t *drill_id,
                 fk_err *err)
{
    unsigned char digest[32];
    if (!token_digest(token, digest))
        return 1;
    fk_sql *st;
    if (prepare(db,
                "SELECT drill_id, contact_id, acked_ms FROM drill_check WHERE token_sha256 = ?1",
                &st, err) != 0)
        return -1;
    fk_sql_bind_blob(st, 1, digest, 32);
    int rc = fk_sql_step(st);
    int64_t contact = 0;
    bool before = false;
    if (rc == FK_SQL_ROW) {
        *drill_id = fk_sql_column_int64(st, 0);
        contact = fk_sql_column_int64(st, 1);
        before = fk_sql_column_type(st, 2) != FK_SQL_NULL;
    }
    fk_sql_finalize(st);
    if (rc != FK_SQL_ROW && rc != FK_SQL_DONE)
        return fk_db_error(db, err, "drill");
    if (rc == FK_SQL_DONE)
        return 1;
    if (before)
        return 2;
    /* the first answer wins: a second click, or a race, changes nothing */
    if (prepare(db,
                "UPDATE drill_check SET acked_ms = ?1, ack_via = ?2 WHERE token_sha256 = ?3 AND "
                "acked_ms IS NULL",
                &st, err) != 0)
        return -1;
    fk_sql_bind_int64(st, 1, now_ms);
    fk_sql_bind_text_static(st, 2, via, -1);
    fk_sql_bind_blob(st, 3, digest, 32);
    rc = fk_sql_step(st);
    fk_sql_finalize(st);
    if (rc != FK_SQL_DONE)
        return fk_db_error(db, err, "drill");
    if (fk_db_changes(db) == 0)
        return 2;
    return fk_audit_append_json(db, "contact", "drill.ack", "drill", *drill_id,
                                json_pack("{sI ss}", "contact", (json_int_t)contact, "via", via),
                                err);
}

int fk_drill_confirm(fk_db *db, const char *actor, int64_t drill_id, int64_t contact_id,
                     const char *via, int64_t now_ms, fk_err *err)
{
    fk_sql *st;
    if (prepare(db,
                "UPDATE drill_check SET acked_ms = ?1, ack_via = ?2 WHERE drill_id = ?3 AND "
                "contact_id = ?4 AND acked_ms IS NULL",
                &st, err) != 0)
        return -1;
    fk_sql_bind_int64(st, 1, now_ms);
    fk_sql_bind_text_static(st, 2, via, -1);
    fk_sql_bind_int64(st, 3, drill_id);
    fk_sql_bind_int64(st, 4, contact_id);
    int rc = fk_sql_step(st);
    fk_sql_finalize(st);
    if (rc != FK_SQL_DONE)
        return fk_db_error(db, err, "drill");
    if (fk_db_changes(db) == 0) {
        /* no such check, or answered before */
        if (prepare(db, "SELECT 1 FROM drill_check WHERE drill_id = ?1 AND contact_id = ?2", &st,
                    err) != 0)
            return -1;
        fk_sql_bind_int64(st, 1, drill_id);
        fk_sql_bind_int64(st, 2, contact_id);
        rc = fk_sql_step(st);
        fk_sql_finalize(st);
        return rc == FK_SQL_ROW ? 2 : rc == FK_SQL_DONE ? 1 : fk_db_error(db, err, "drill");
    }
    return fk_audit_append_json(db, actor, "drill.confirm", "drill", drill_id,
                                json_pack("{sI ss}", "contact", (json_int_t)contact_id, "via", via),
                                err);
}

static json_t *check_row(fk_sql *st, void *ctx)
{
    int64_t started = *(const int64_t *)ctx;
    json_t *c = json_object();
    static const char *const names[] = {"organisation", "name", "role", "channel", "address"};
    for (int i = 0; c && i < 5; i++) {
        const char *t = fk_sql_column_text(st, i);
        json_object_set_new(c, names[i], json_string(t ? t : ""));
    }
    char t[32];
    if (c && fk_sql_column_type(st, 5) != FK_SQL_NULL)
        json_object_set_new(c, "sent", json_string(fk_time_format(fk_sql_column_int64(st, 5), t)));
    const char *error = fk_sql_column_text(st, 6);
    if (c && error && *error)
        json_object_set_new(c, "error", json_string(error));
    if (c && fk_sql_column_type(st, 7) != FK_SQL_NULL) {
        int64_t acked = fk_sql_column_int64(st, 7);
        json_object_set_new(c, "answered", json_string(fk_time_format(acked, t)));
        json_object_set_new(c, "via", json_string(fk_sql_column_text(st, 8)));
        json_object_set_new(c, "seconds", json_real((double)(acked - started) / 1000.0));
    }
    return c;
}

int fk_drill_report(fk_db *db, int64_t drill_id, json_t **out, fk_err *err)
{
    *out = NULL;
    fk_sql *st;
    if (prepare(db, "SELECT chain, started_by, started_ms FROM drill WHERE id = ?1", &st, err) != 0)
        return -1;
    fk_sql_bind_int64(st, 1, drill_id);
    int rc = fk_sql_step(st);
    if (rc != FK_SQL_ROW) {
        fk_sql_finalize(st);
        return rc == FK_SQL_DONE ? 1 : fk_db_error(db, err, "drill");
    }
    char t[32];
    int64_t started = fk_sql_column_int64(st, 2);
    json_t *d =
        json_pack("{sI ss ss ss}", "id", (json_int_t)drill_id, "chain", fk_sql_column_text(st, 0),
                  "started_by", fk_sql_column_text(st, 1), "started", fk_time_format(started, t));
    fk_sql_finalize(st);
    if (!d)
        return fk_errc(err, FK_ERR_NOMEM, "out of memory");
    json_t *checks;
    if (prepare(db,
                "SELECT o.name, c.name, c.role, c.channel, c.address, k.sent_ms, k.send_error, "
                "k.acked_ms, k.ack_via FROM drill_check k JOIN contact c ON c.id = k.contact_id "
                "JOIN organisation o ON o.id = c.org_id WHERE k.drill_id = ?1 ORDER BY o.name, "
                "c.position, c.id",
                &st, err) != 0) {
        json_decref(d);
        return -1;
    }
    fk_sql_bind_int64(st, 1, drill_id);
    if (fk_sql_collect(db, st, check_row, &started, "drill", &checks, err) != 0) {
        json_decref(d);
        return -1;
    }
    size_t answered = 0, i;
    json_t *c;
    json_array_foreach(checks, i, c) answered += json_object_get(c, "answered") != NULL;
    json_object_set_new(d, "contacts", json_integer((json_int_t)json_array_size(checks)));
    json_object_set_new(d, "answered", json_integer((json_int_t)answered));
    json_object_set_new(d, "checks", checks);
    *out = d;
    return 0;
}
