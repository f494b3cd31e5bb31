#include "support.h"

#include "../core/timefmt.h"
#include "audit.h"
#include "cases.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int prepare(fk_db *db, const char *sql, fk_sql **st, fk_err *err)
{
    return fk_sql_prepare(db, sql, st, NULL) == 0 ? 0 : fk_db_error(db, err, "support");
}

static int run(fk_db *db, fk_sql *st, fk_err *err)
{
    int rc = fk_sql_step(st);
    fk_sql_finalize(st);
    return rc == FK_SQL_DONE ? 0 : fk_db_error(db, err, "support");
}

static int audited(fk_db *db, const char *actor, const char *action, const char *object,
                   json_t *detail, fk_err *err)
{
    char *text = detail ? json_dumps(detail, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(detail);
    if (!text)
        return fk_errc(err, FK_ERR_NOMEM, "out of memory");
    int rc = fk_audit_append(db, actor, action, object, text, err);
    free(text);
    return rc;
}

int fk_support_capabilities(fk_db *db, json_t **out, fk_err *err)
{
    fk_sql *st;
    if (prepare(db, "SELECT code, name_ja, name_en FROM support_capability ORDER BY code", &st,
                err) != 0)
        return -1;
    return fk_sql_collect(db, st, fk_sql_row_object, NULL, "support", out, err);
}

int fk_supporter_set(fk_db *db, const char *actor, int64_t org_id, json_t *codes, fk_err *err)
{
    fk_sql *st;
    if (prepare(db, "DELETE FROM supporter WHERE org_id = ?1", &st, err) != 0)
        return -1;
    fk_sql_bind_int64(st, 1, org_id);
    if (run(db, st, err) != 0)
        return -1;
    size_t i;
    json_t *c;
    json_array_foreach(codes, i, c)
    {
        if (prepare(db,
                    "INSERT INTO supporter (org_id, capability) SELECT ?1, code FROM "
                    "support_capability WHERE code = ?2",
                    &st, err) != 0)
            return -1;
        fk_sql_bind_int64(st, 1, org_id);
        fk_sql_bind_text_static(st, 2, json_string_value(c), -1);
        if (run(db, st, err) != 0)
            return -1;
        if (fk_db_changes(db) == 0)
            return fk_errc(err, FK_ERR_INVALID, "capabilities[%zu]: '%s' is not in the catalogue",
                           i, json_string_value(c));
    }
    char object[40];
    snprintf(object, sizeof object, "org:%lld", (long long)org_id);
    return audited(db, actor, "supporter.set", object, json_pack("{sO}", "capabilities", codes),
                   err);
}

int fk_supporters(fk_db *db, json_t **out, fk_err *err)
{
    fk_sql *st;
    /* string_agg (PostgreSQL) and group_concat (SQLite) differ: the pairs are read in
     * order and grouped here instead */
    if (prepare(db,
                "SELECT o.name, s.capability FROM supporter s JOIN organisation o ON o.id = "
                "s.org_id ORDER BY o.name, s.capability",
                &st, err) != 0)
        return -1;
    json_t *pairs;
    if (fk_sql_collect(db, st, fk_sql_row_object, NULL, "support", &pairs, err) != 0)
        return -1;
    *out = json_array();
    json_t *cur = NULL;
    size_t i;
    json_t *p;
    json_array_foreach(pairs, i, p)
    {
        const char *org = json_string_value(json_object_get(p, "name"));
        if (!cur || strcmp(json_string_value(json_object_get(cur, "organisation")), org) != 0) {
            cur = json_pack("{ss s[]}", "organisation", org, "capabilities");
            json_array_append_new(*out, cur);
        }
        json_array_append(json_object_get(cur, "capabilities"), json_object_get(p, "capability"));
    }
    json_decref(pairs);
    return 0;
}

int fk_support_request_add(fk_db *db, const char *actor, int64_t case_id, int64_t supporter_id,
                           const char *capability, const char *description, const char *state,
                           int64_t due_ms, int64_t now_ms, int64_t *id, fk_err *err)
{
    fk_sql *st;
    if (prepare(db, "SELECT 1 FROM supporter WHERE org_id = ?1 AND capability = ?2", &st, err) != 0)
        return -1;
    fk_sql_bind_int64(st, 1, supporter_id);
    fk_sql_bind_text_static(st, 2, capability, -1);
    int rc = fk_sql_step(st);
    fk_sql_finalize(st);
    if (rc == FK_SQL_DONE)
        return fk_errc(err, FK_ERR_INVALID,
                       "capability: the supporter does not offer '%s' (see /api/v1/supporters)",
                       capability);
    if (rc != FK_SQL_ROW)
        return fk_db_error(db, err, "support");
    if (prepare(db,
                "INSERT INTO support_request (case_id, supporter_id, capability, description, "
                "state, due_ms, created_ms, updated_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7) "
                "RETURNING id",
                &st, err) != 0)
        return -1;
    fk_sql_bind_int64(st, 1, case_id);
    fk_sql_bind_int64(st, 2, supporter_id);
    fk_sql_bind_text_static(st, 3, capability, -1);
    fk_sql_bind_text_static(st, 4, description, -1);
    fk_sql_bind_text_static(st, 5, state, -1);
    if (due_ms)
        fk_sql_bind_int64(st, 6, due_ms);
    fk_sql_bind_int64(st, 7, now_ms);
    rc = fk_sql_step_returning(st, id);
    fk_sql_finalize(st);
    if (rc != FK_SQL_DONE)
        return fk_db_error(db, err, "support");
    char due[32];
    return fk_case_timeline_append(db, actor, "case.support_request", case_id,
                                   json_pack("{sI sI ss ss ss*}", "request", (json_int_t)*id,
                                             "supporter", (json_int_t)supporter_id, "capability",
                                             capability, "description", description, "due",
                                             due_ms ? fk_time_format(due_ms, due) : NULL),
                                   now_ms, err);
}

#define REQUEST_COLUMNS                                                                            \
    "r.id, r.case_id, o.name, s.name, r.capability, r.description, r.state, r.due_ms, "            \
    "r.created_ms, r.updated_ms FROM support_request r JOIN case_record c ON c.id = r.case_id "    \
    "JOIN organisation o ON o.id = c.org_id JOIN organisation s ON s.id = r.supporter_id "

static json_t *request_row(fk_sql *st, void *ctx)
{
    (void)ctx;
    char t[32];
    json_t *r =
        json_pack("{sI sI ss ss ss ss ss}", "id", (json_int_t)fk_sql_column_int64(st, 0), "case_id",
                  (json_int_t)fk_sql_column_int64(st, 1), "organisation", fk_sql_column_text(st, 2),
                  "supporter", fk_sql_column_text(st, 3), "capability", fk_sql_column_text(st, 4),
                  "description", fk_sql_column_text(st, 5), "state", fk_sql_column_text(st, 6));
    if (r && fk_sql_column_type(st, 7) != FK_SQL_NULL)
        json_object_set_new(r, "due", json_string(fk_time_format(fk_sql_column_int64(st, 7), t)));
    if (r) {
        json_object_set_new(r, "created",
                            json_string(fk_time_format(fk_sql_column_int64(st, 8), t)));
        json_object_set_new(r, "updated",
                            json_string(fk_time_format(fk_sql_column_int64(st, 9), t)));
    }
    return r;
}

int fk_support_request_load(fk_db *db, int64_t id, json_t **out, fk_err *err)
{
    fk_sql *st;
    if (prepare(db, "SELECT " REQUEST_COLUMNS "WHERE r.id = ?1", &st, err) != 0)
        return -1;
    fk_sql_bind_int64(st, 1, id);
    json_t *arr;
    if (fk_sql_collect(db, st, request_row, NULL, "support", &arr, err) != 0)
        return -1;
    *out = json_incref(json_array_get(arr, 0));
    json_decref(arr);
    return *out ? 0 : 1;
}

int fk_support_requests(fk_db *db, int64_t supporter_id, int64_t case_id, json_t **out, fk_err *err)
{
    fk_sql *st;
    if (prepare(db,
                "SELECT " REQUEST_COLUMNS "WHERE (?1 = 0 OR r.supporter_id = ?1) AND (?2 = 0 OR "
                "r.case_id = ?2) ORDER BY r.id DESC LIMIT 500",
                &st, err) != 0)
        return -1;
    fk_sql_bind_int64(st, 1, supporter_id);
    fk_sql_bind_int64(st, 2, case_id);
    return fk_sql_collect(db, st, request_row, NULL, "support", out, err);
}

int fk_support_request_move(fk_db *db, const char *actor, int64_t id, int64_t case_id,
                            const char *from, const char *to, const char *note, int64_t now_ms,
                            fk_err *err)
{
    fk_sql *st;
    if (prepare(db,
                "UPDATE support_request SET state = ?1, updated_ms = ?2 WHERE id = ?3 AND state "
                "= ?4",
                &st, err) != 0)
        return -1;
    fk_sql_bind_text_static(st, 1, to, -1);
    fk_sql_bind_int64(st, 2, now_ms);
    fk_sql_bind_int64(st, 3, id);
    fk_sql_bind_text_static(st, 4, from, -1);
    if (run(db, st, err) != 0)
        return -1;
    if (fk_db_changes(db) == 0)
        return 1;
    return fk_case_timeline_append(db, actor, "case.support", case_id,
                                   json_pack("{sI ss ss ss*}", "request", (json_int_t)id, "from",
                                             from, "to", to, "note", note && *note ? note : NULL),
                                   now_ms, err);
}
