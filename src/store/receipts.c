#include "receipts.h"

#include "../core/timefmt.h"
#include "audit.h"
#include "outbox.h"
#include "readers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int prepare(fk_db *db, const char *sql, fk_sql **st, fk_err *err)
{
    return fk_sql_prepare(db, sql, st, NULL) == 0 ? 0 : fk_db_error(db, err, "receipts");
}

static int run(fk_db *db, fk_sql *st, fk_err *err)
{
    int rc = fk_sql_step(st);
    fk_sql_finalize(st);
    return rc == FK_SQL_DONE ? 0 : fk_db_error(db, err, "receipts");
}

bool fk_receipt_state_valid(const char *state)
{
    return state && (!strcmp(state, "acknowledged") || !strcmp(state, "done") ||
                     !strcmp(state, "not-affected"));
}

int fk_receipt_set(fk_db *db, const char *actor, int64_t release_id, int64_t org_id,
                   const char *state, const char *note, const char *account, int64_t now_ms,
                   fk_err *err)
{
    fk_sql *st;
    if (prepare(db,
                "INSERT INTO release_receipt (release_id, org_id, state, note, account, at_ms) "
                "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (release_id, org_id) DO UPDATE SET "
                "state = excluded.state, note = excluded.note, account = excluded.account, "
                "at_ms = excluded.at_ms",
                &st, err) != 0)
        return -1;
    fk_sql_bind_int64(st, 1, release_id);
    fk_sql_bind_int64(st, 2, org_id);
    fk_sql_bind_text_static(st, 3, state, -1);
    fk_sql_bind_text_static(st, 4, note ? note : "", -1);
    fk_sql_bind_text_static(st, 5, account, -1);
    fk_sql_bind_int64(st, 6, now_ms);
    if (run(db, st, err) != 0)
        return -1;
    return fk_audit_append_json(db, actor, "release.receipt", "release", release_id,
                                json_pack("{sI ss ss*}", "organisation", (json_int_t)org_id,
                                          "state", state, "note", note && *note ? note : NULL),
                                err);
}

static json_t *receipt_row(fk_sql *st, void *ctx)
{
    (void)ctx;
    json_t *r = json_pack("{ss ss}", "organisation", fk_sql_column_text(st, 0), "sector",
                          fk_sql_column_text(st, 1));
    if (r && fk_sql_column_type(st, 2) != FK_SQL_NULL) {
        char t[32];
        json_object_set_new(r, "state", json_string(fk_sql_column_text(st, 2)));
        json_object_set_new(r, "note", json_string(fk_sql_column_text(st, 3)));
        json_object_set_new(r, "account", json_string(fk_sql_column_text(st, 4)));
        json_object_set_new(r, "at", json_string(fk_time_format(fk_sql_column_int64(st, 5), t)));
    }
    return r;
}

int fk_receipts(fk_db *db, int64_t release_id, int64_t only_org, json_t **out, fk_err *err)
{
    fk_sql *st;
    if (prepare(
            db,
            "SELECT o.name, o.sector, rc.state, rc.note, rc.account, rc.at_ms FROM "
            "organisation o LEFT JOIN release_receipt rc ON rc.release_id = ?1 AND rc.org_id "
            "= o.id WHERE o.sector <> 'centre' AND (?2 = 0 OR o.id = ?2) AND " FK_READERS_ADMIT(
                "release_reader", "release_id", "?1", "0", "o.sector", "o.id") " ORDER BY o.name",
            &st, err) != 0)
        return -1;
    fk_sql_bind_int64(st, 1, release_id);
    fk_sql_bind_int64(st, 2, only_org);
    return fk_sql_collect(db, st, receipt_row, NULL, "receipts", out, err);
}

int fk_release_deadlines_due(fk_db *db, const char *now, size_t limit, json_t **out, fk_err *err)
{
    fk_sql *st;
    if (prepare(db,
                "SELECT id, tier, deadline FROM release WHERE deadline_watch IS NOT NULL AND "
                "deadline <= ?1 ORDER BY deadline, id LIMIT ?2",
                &st, err) != 0)
        return -1;
    fk_sql_bind_text_static(st, 1, now, -1);
    fk_sql_bind_int64(st, 2, (int64_t)limit);
    return fk_sql_collect(db, st, fk_sql_row_object, NULL, "receipts", out, err);
}

int fk_release_deadline_passed(fk_db *db, int64_t release_id, const char *tier,
                               const char *deadline, int64_t now_ms, size_t *reminded, fk_err *err)
{
    json_t *payload =
        json_pack("{ss sI s{ss ss}}", "event", "release.overdue", "release", (json_int_t)release_id,
                  "detail", "tier", tier, "deadline", deadline);
    char *text = payload ? json_dumps(payload, JSON_COMPACT) : NULL;
    json_decref(payload);
    if (!text)
        return fk_errc(err, FK_ERR_NOMEM, "out of memory");
    int rc = fk_outbox_mail_release(db, release_id, "release.overdue", text, true, now_ms, reminded,
                                    err);
    free(text);
    fk_sql *st;
    if (rc != 0 ||
        prepare(db, "UPDATE release SET deadline_watch = NULL WHERE id = ?1", &st, err) != 0)
        return -1;
    fk_sql_bind_int64(st, 1, release_id);
    if (run(db, st, err) != 0)
        return -1;
    return fk_audit_append_json(
        db, "scheduler", "release.overdue", "release", release_id,
        json_pack("{ss sI}", "deadline", deadline, "reminded", (json_int_t)*reminded), err);
}
