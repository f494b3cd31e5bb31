#include "outbox.h"

#include "../cases/notices.h"
#include "../core/timefmt.h"
#include "audit.h"
#include "readers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int prepare(fk_db *db, const char *sql, fk_sql **st, fk_err *err)
{
    return fk_sql_prepare(db, sql, st, NULL) == 0 ? 0 : fk_db_error(db, err, "webhooks");
}

static int run(fk_db *db, fk_sql *st, fk_err *err)
{
    int rc = fk_sql_step(st);
    fk_sql_finalize(st);
    return rc == FK_SQL_DONE ? 0 : fk_db_error(db, err, "webhooks");
}

int fk_webhook_add(fk_db *db, const char *actor, int64_t org_id, const char *url, int64_t now_ms,
                   int64_t *id, fk_err *err)
{
    fk_sql *st;
    if (prepare(db,
                "INSERT INTO webhook (org_id, url, created_ms) VALUES (?1, ?2, ?3) RETURNING id",
                &st, err) != 0)
        return -1;
    fk_sql_bind_int64(st, 1, org_id);
    fk_sql_bind_text_static(st, 2, url, -1);
    fk_sql_bind_int64(st, 3, now_ms);
    int rc = fk_sql_step_returning(st, id);
    fk_sql_finalize(st);
    if (rc != FK_SQL_DONE)
        return fk_db_error(db, err, "webhooks");
    return fk_audit_append_json(db, actor, "webhook.add", "org", org_id,
                                json_pack("{sI ss}", "webhook", (json_int_t)*id, "url", url), err);
}

static json_t *webhook_row(fk_sql *st, void *ctx)
{
    (void)ctx;
    char t[32];
    return json_pack("{sI ss ss ss}", "id", (json_int_t)fk_sql_column_int64(st, 0), "organisation",
                     fk_sql_column_text(st, 1), "url", fk_sql_column_text(st, 2), "created",
                     fk_time_format(fk_sql_column_int64(st, 3), t));
}

int fk_webhook_list(fk_db *db, int64_t org_id, json_t **out, fk_err *err)
{
    fk_sql *st;
    if (prepare(db,
                "SELECT w.id, o.name, w.url, w.created_ms FROM webhook w JOIN organisation o ON "
                "o.id = w.org_id WHERE w.removed_ms IS NULL AND (?1 = 0 OR w.org_id = ?1) ORDER "
                "BY w.id",
                &st, err) != 0)
        return -1;
    fk_sql_bind_int64(st, 1, org_id);
    return fk_sql_collect(db, st, webhook_row, NULL, "webhooks", out, err);
}

int fk_webhook_remove(fk_db *db, const char *actor, int64_t id, int64_t only_org, int64_t now_ms,
                      fk_err *err)
{
    int64_t org;
    if (fk_db_remove_owned(db, "webhook", id, only_org, now_ms, &org, err) != 0)
        return -1;
    if (!org)
        return 1;
    /* what was waiting for it goes nowhere */
    fk_sql *st;
    if (prepare(db, "UPDATE outbox SET next_ms = NULL WHERE webhook_id = ?1", &st, err) != 0)
        return -1;
    fk_sql_bind_int64(st, 1, id);
    if (run(db, st, err) != 0)
        return -1;
    return fk_audit_append_json(db, actor, "webhook.remove", "org", org,
                                json_pack("{sI}", "webhook", (json_int_t)id), err);
}

int fk_outbox_case_event(fk_db *db, int64_t case_id, const char *event, const char *payload,
                         int64_t now_ms, fk_err *err)
{
    fk_sql *st;
    if (prepare(db,
                "INSERT INTO outbox (webhook_id, event, payload, created_ms, next_ms) SELECT "
                "w.id, ?1, ?2, ?3, ?3 FROM webhook w JOIN organisation o ON o.id = w.org_id "
                "WHERE w.removed_ms IS NULL AND (w.org_id = (SELECT org_id FROM case_record "
                "WHERE id = ?4) OR o.sector = 'centre')",
                &st, err) != 0)
        return -1;
    fk_sql_bind_text_static(st, 1, event, -1);
    fk_sql_bind_text_static(st, 2, payload, -1);
    fk_sql_bind_int64(st, 3, now_ms);
    fk_sql_bind_int64(st, 4, case_id);
    return run(db, st, err);
}

static json_t *due_row(fk_sql *st, void *ctx)
{
    (void)ctx;
    return json_pack("{sI sI ss ss ss sI}", "id", (json_int_t)fk_sql_column_int64(st, 0),
                     "webhook_id", (json_int_t)fk_sql_column_int64(st, 1), "url",
                     fk_sql_column_text(st, 2), "event", fk_sql_column_text(st, 3), "payload",
                     fk_sql_column_text(st, 4), "attempts", (json_int_t)fk_sql_column_int64(st, 5));
}

int fk_outbox_due(fk_db *db, int64_t now_ms, size_t limit, json_t **out, fk_err *err)
{
    fk_sql *st;
    if (prepare(db,
                "SELECT x.id, x.webhook_id, w.url, x.event, x.payload, x.attempts FROM outbox x "
                "JOIN webhook w ON w.id = x.webhook_id WHERE x.next_ms IS NOT NULL AND x.next_ms "
                "<= ?1 ORDER BY x.next_ms, x.id LIMIT ?2",
                &st, err) != 0)
        return -1;
    fk_sql_bind_int64(st, 1, now_ms);
    fk_sql_bind_int64(st, 2, (int64_t)limit);
    return fk_sql_collect(db, st, due_row, NULL, "webhooks", out, err);
}

/* A try's outcome in table (outbox or mail_outbox), whose time of success is done_col:
 * done (error NULL), or tried again at next_ms (0: given up). */
static int record_result(fk_db *db, const char *table, const char *done_col, int64_t id,
                         int64_t now_ms, const char *error, int64_t next_ms, fk_err *err)
{
    char sql[400];
    snprintf(sql, sizeof sql,
             "UPDATE %s SET attempts = attempts + 1, %s = CASE WHEN ?1 = '' THEN CAST(?2 AS "
             "BIGINT) ELSE NULL END, next_ms = CASE WHEN ?1 = '' OR ?3 = 0 THEN NULL ELSE "
             "CAST(?3 AS BIGINT) END, last_error = ?1 WHERE id = ?4",
             table, done_col);
    fk_sql *st;
    if (prepare(db, sql, &st, err) != 0)
        return -1;
    fk_sql_bind_text_static(st, 1, error ? error : "", -1);
    fk_sql_bind_int64(st, 2, now_ms);
    fk_sql_bind_int64(st, 3, next_ms);
    fk_sql_bind_int64(st, 4, id);
    return run(db, st, err);
}

int fk_outbox_result(fk_db *db, int64_t id, int64_t now_ms, const char *error, int64_t next_ms,
                     fk_err *err)
{
    return record_result(db, "outbox", "delivered_ms", id, now_ms, error, next_ms, err);
}

/* The outcome columns of a listed try (done time, next try, last error, from column
 * `col` on) on row r under the name done. */
static json_t *with_outcome(json_t *r, fk_sql *st, int col, const char *done)
{
    char t[32];
    if (r && fk_sql_column_type(st, col) != FK_SQL_NULL)
        json_object_set_new(r, done, json_string(fk_time_format(fk_sql_column_int64(st, col), t)));
    else if (r && fk_sql_column_type(st, col + 1) != FK_SQL_NULL)
        json_object_set_new(r, "next_try",
                            json_string(fk_time_format(fk_sql_column_int64(st, col + 1), t)));
    const char *e = fk_sql_column_text(st, col + 2);
    if (r && e && *e)
        json_object_set_new(r, "error", json_string(e));
    return r;
}

static json_t *delivery_row(fk_sql *st, void *ctx)
{
    (void)ctx;
    char t[32];
    json_t *r =
        json_pack("{sI ss sI ss}", "id", (json_int_t)fk_sql_column_int64(st, 0), "event",
                  fk_sql_column_text(st, 1), "attempts", (json_int_t)fk_sql_column_int64(st, 2),
                  "created", fk_time_format(fk_sql_column_int64(st, 3), t));
    return with_outcome(r, st, 4, "delivered");
}

int fk_outbox_list(fk_db *db, int64_t webhook_id, size_t limit, json_t **out, fk_err *err)
{
    fk_sql *st;
    if (prepare(db,
                "SELECT id, event, attempts, created_ms, delivered_ms, next_ms, last_error FROM "
                "outbox WHERE webhook_id = ?1 ORDER BY id DESC LIMIT ?2",
                &st, err) != 0)
        return -1;
    fk_sql_bind_int64(st, 1, webhook_id);
    fk_sql_bind_int64(st, 2, (int64_t)limit);
    return fk_sql_collect(db, st, delivery_row, NULL, "webhooks", out, err);
}

/* The first e-mail contacts, in the chain in force, of the organisations `which` (SQL on
 * c.org_id) selects: the rows a notice is queued for. ?1 object, ?2 event, ?3 payload,
 * ?4 now, ?5 recipient; the condition's own parameters from ?6. */
static int queue_mail(fk_db *db, const char *which, const char *object, const char *event,
                      const char *recipient, const char *payload, int64_t now_ms, fk_sql **st,
                      fk_err *err)
{
    char sql[1800];
    snprintf(sql, sizeof sql,
             "INSERT INTO mail_outbox (contact_id, object, event, recipient, payload, created_ms, "
             "next_ms) SELECT c.id, ?1, ?2, ?5, ?3, ?4, ?4 FROM contact c WHERE c.removed_ms IS "
             "NULL AND c.channel = 'email' AND c.chain = (SELECT value FROM setting WHERE key = "
             "'contact_mode') AND c.position = (SELECT MIN(f.position) FROM contact f WHERE "
             "f.org_id = c.org_id AND f.chain = c.chain AND f.channel = 'email' AND f.removed_ms "
             "IS NULL) AND %s",
             which);
    if (prepare(db, sql, st, err) != 0)
        return -1;
    fk_sql_bind_text_static(*st, 1, object, -1);
    fk_sql_bind_text_static(*st, 2, event, -1);
    fk_sql_bind_text_static(*st, 3, payload, -1);
    fk_sql_bind_int64(*st, 4, now_ms);
    fk_sql_bind_text_static(*st, 5, recipient, -1);
    return 0;
}

int fk_outbox_mail_case(fk_db *db, int64_t case_id, int64_t request_id, const char *event,
                        int recipient, const char *payload, int64_t now_ms, fk_err *err)
{
    /* each names its organisations from ?6: the case (its organisation; for the centre,
     * the one not to tell twice, 0 when the organisation is not told) or the request */
    static const struct {
        int bit;
        const char *name, *which;
    } whom[] = {
        {FK_NOTICE_ORGANISATION, "organisation",
         "c.org_id = (SELECT org_id FROM case_record WHERE id = ?6)"},
        {FK_NOTICE_CENTRE, "centre",
         "c.org_id IN (SELECT id FROM organisation WHERE sector = 'centre') AND c.org_id <> "
         "COALESCE((SELECT org_id FROM case_record WHERE id = ?6), 0)"},
        {FK_NOTICE_SUPPORTER, "supporter",
         "c.org_id = (SELECT supporter_id FROM support_request WHERE id = ?6)"},
    };
    char object[40];
    snprintf(object, sizeof object, "case:%lld", (long long)case_id);
    for (size_t i = 0; i < sizeof whom / sizeof whom[0]; i++) {
        if (!(recipient & whom[i].bit))
            continue;
        fk_sql *st;
        if (queue_mail(db, whom[i].which, object, event, whom[i].name, payload, now_ms, &st, err) !=
            0)
            return -1;
        int64_t key =
            whom[i].bit == FK_NOTICE_SUPPORTER ? request_id
            : whom[i].bit == FK_NOTICE_ORGANISATION || (recipient & FK_NOTICE_ORGANISATION)
                ? case_id
                : 0;
        fk_sql_bind_int64(st, 6, key);
        if (run(db, st, err) != 0)
            return -1;
    }
    return 0;
}

int fk_outbox_mail_release(fk_db *db, int64_t release_id, const char *event, const char *payload,
                           bool unanswered, int64_t now_ms, size_t *queued, fk_err *err)
{
    char object[40];
    snprintf(object, sizeof object, "release:%lld", (long long)release_id);
    fk_sql *st;
    if (queue_mail(db,
                   "c.org_id IN (SELECT o.id FROM organisation o WHERE o.sector <> 'centre' AND "
                   "(?7 = 0 OR NOT EXISTS (SELECT 1 FROM release_receipt rc WHERE rc.release_id = "
                   "?6 AND rc.org_id = o.id)) AND " FK_READERS_ADMIT(
                       "release_reader", "release_id", "?6", "0", "o.sector", "o.id") ")",
                   object, event, "organisation", payload, now_ms, &st, err) != 0)
        return -1;
    fk_sql_bind_int64(st, 6, release_id);
    fk_sql_bind_int64(st, 7, unanswered);
    if (run(db, st, err) != 0)
        return -1;
    *queued = (size_t)fk_db_changes(db);
    return 0;
}

static json_t *mail_due_row(fk_sql *st, void *ctx)
{
    (void)ctx;
    return json_pack("{sI ss ss ss ss sI ss ss ss}", "id", (json_int_t)fk_sql_column_int64(st, 0),
                     "object", fk_sql_column_text(st, 1), "event", fk_sql_column_text(st, 2),
                     "recipient", fk_sql_column_text(st, 3), "payload", fk_sql_column_text(st, 4),
                     "attempts", (json_int_t)fk_sql_column_int64(st, 5), "contact",
                     fk_sql_column_text(st, 6), "address", fk_sql_column_text(st, 7), "lang",
                     fk_sql_column_text(st, 8));
}

int fk_outbox_mail_due(fk_db *db, int64_t now_ms, size_t limit, json_t **out, fk_err *err)
{
    fk_sql *st;
    if (prepare(db,
                "SELECT m.id, m.object, m.event, m.recipient, m.payload, m.attempts, c.name, "
                "c.address, c.lang FROM mail_outbox m JOIN contact c ON c.id = m.contact_id "
                "WHERE m.next_ms IS NOT NULL AND m.next_ms <= ?1 ORDER BY m.next_ms, m.id LIMIT "
                "?2",
                &st, err) != 0)
        return -1;
    fk_sql_bind_int64(st, 1, now_ms);
    fk_sql_bind_int64(st, 2, (int64_t)limit);
    return fk_sql_collect(db, st, mail_due_row, NULL, "notices", out, err);
}

int fk_outbox_mail_result(fk_db *db, int64_t id, int64_t now_ms, const char *error, int64_t next_ms,
                          fk_err *err)
{
    return record_result(db, "mail_outbox", "sent_ms", id, now_ms, error, next_ms, err);
}

static json_t *mail_row(fk_sql *st, void *ctx)
{
    (void)ctx;
    char t[32];
    json_t *r =
        json_pack("{sI ss ss ss sI ss}", "id", (json_int_t)fk_sql_column_int64(st, 0), "event",
                  fk_sql_column_text(st, 1), "recipient", fk_sql_column_text(st, 2), "contact",
                  fk_sql_column_text(st, 3), "attempts", (json_int_t)fk_sql_column_int64(st, 4),
                  "created", fk_time_format(fk_sql_column_int64(st, 5), t));
    return with_outcome(r, st, 6, "sent");
}

int fk_outbox_mail_list(fk_db *db, const char *object, size_t limit, json_t **out, fk_err *err)
{
    fk_sql *st;
    if (prepare(db,
                "SELECT m.id, m.event, m.recipient, c.name, m.attempts, m.created_ms, m.sent_ms, "
                "m.next_ms, m.last_error FROM mail_outbox m JOIN contact c ON c.id = "
                "m.contact_id WHERE m.object = ?1 ORDER BY m.id DESC LIMIT ?2",
                &st, err) != 0)
        return -1;
    fk_sql_bind_text_static(st, 1, object, -1);
    fk_sql_bind_int64(st, 2, (int64_t)limit);
    return fk_sql_collect(db, st, mail_row, NULL, "notices", out, err);
}
