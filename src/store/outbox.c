#include "outbox.h"

#include "../core/timefmt.h"
#include "audit.h"

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

static int audited(fk_db *db, const char *actor, const char *action, int64_t org_id, json_t *detail,
                   fk_err *err)
{
    char object[40], *text = detail ? json_dumps(detail, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(detail);
    if (!text)
        return fk_errc(err, FK_ERR_NOMEM, "out of memory");
    snprintf(object, sizeof object, "org:%lld", (long long)org_id);
    int rc = fk_audit_append(db, actor, action, object, text, err);
    free(text);
    return rc;
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
    return audited(db, actor, "webhook.add", org_id,
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
    return audited(db, actor, "webhook.remove", org, json_pack("{sI}", "webhook", (json_int_t)id),
                   err);
}

int fk_outbox_case_event(fk_db *db, int64_t case_id, const char *event, json_t *payload,
                         int64_t now_ms, fk_err *err)
{
    char *body = payload ? json_dumps(payload, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(payload);
    if (!body)
        return fk_errc(err, FK_ERR_NOMEM, "out of memory");
    fk_sql *st;
    int rc = prepare(db,
                     "INSERT INTO outbox (webhook_id, event, payload, created_ms, next_ms) SELECT "
                     "w.id, ?1, ?2, ?3, ?3 FROM webhook w JOIN organisation o ON o.id = w.org_id "
                     "WHERE w.removed_ms IS NULL AND (w.org_id = (SELECT org_id FROM case_record "
                     "WHERE id = ?4) OR o.sector = 'centre')",
                     &st, err);
    if (rc == 0) {
        fk_sql_bind_text_static(st, 1, event, -1);
        fk_sql_bind_text(st, 2, body, -1);
        fk_sql_bind_int64(st, 3, now_ms);
        fk_sql_bind_int64(st, 4, case_id);
        rc = run(db, st, err);
    }
    free(body);
    return rc;
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

int fk_outbox_result(fk_db *db, int64_t id, int64_t now_ms, const char *error, int64_t next_ms,
                     fk_err *err)
{
    fk_sql *st;
    if (prepare(db,
                "UPDATE outbox SET attempts = attempts + 1, delivered_ms = CASE WHEN ?1 = '' THEN "
                "CAST(?2 AS BIGINT) ELSE NULL END, next_ms = CASE WHEN ?1 = '' OR ?3 = 0 THEN "
                "NULL ELSE CAST(?3 AS BIGINT) END, last_error = ?1 WHERE id = ?4",
                &st, err) != 0)
        return -1;
    fk_sql_bind_text_static(st, 1, error ? error : "", -1);
    fk_sql_bind_int64(st, 2, now_ms);
    fk_sql_bind_int64(st, 3, next_ms);
    fk_sql_bind_int64(st, 4, id);
    return run(db, st, err);
}

static json_t *delivery_row(fk_sql *st, void *ctx)
{
    (void)ctx;
    char t[32];
    json_t *r =
        json_pack("{sI ss sI ss}", "id", (json_int_t)fk_sql_column_int64(st, 0), "event",
                  fk_sql_column_text(st, 1), "attempts", (json_int_t)fk_sql_column_int64(st, 2),
                  "created", fk_time_format(fk_sql_column_int64(st, 3), t));
    if (r && fk_sql_column_type(st, 4) != FK_SQL_NULL)
        json_object_set_new(r, "delivered",
                            json_string(fk_time_format(fk_sql_column_int64(st, 4), t)));
    else if (r && fk_sql_column_type(st, 5) != FK_SQL_NULL)
        json_object_set_new(r, "next_try",
                            json_string(fk_time_format(fk_sql_column_int64(st, 5), t)));
    const char *e = fk_sql_column_text(st, 6);
    if (r && e && *e)
        json_object_set_new(r, "error", json_string(e));
    return r;
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
