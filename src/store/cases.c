#include "cases.h"

#include "../cases/notices.h"
#include "../core/timefmt.h"
#include "audit.h"
#include "outbox.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int fk_case_timeline_append(fk_db *db, const char *actor, const char *action, int64_t id,
                            json_t *detail, int64_t now_ms, fk_err *err)
{
    char object[40], at[32];
    snprintf(object, sizeof object, "case:%lld", (long long)id);
    char *text = detail ? json_dumps(detail, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    /* one body for the webhooks and the e-mail notices, which write their messages from
     * it when they are sent (off this path) */
    json_t *event =
        detail ? json_pack("{ss sI ss ss sO}", "event", action, "case", (json_int_t)id, "actor",
                           actor, "at", fk_time_format(now_ms, at), "detail", detail)
               : NULL;
    char *body = event ? json_dumps(event, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(event);
    int recipients = fk_notice_recipients(action, detail);
    int64_t request = json_integer_value(json_object_get(detail, "request"));
    json_decref(detail);
    int rc = !text || !body ? fk_errc(err, FK_ERR_NOMEM, "out of memory")
                            : fk_audit_append(db, actor, action, object, text, err);
    if (rc == 0)
        rc = fk_outbox_case_event(db, id, action, body, now_ms, err);
    if (rc == 0 && recipients)
        rc = fk_outbox_mail_case(db, id, request, action, recipients, body, now_ms, err);
    free(text);
    free(body);
    return rc;
}

/* Runs a prepared change and says whether it changed a row (0) or none (1). */
static int changed(fk_db *db, fk_sql *st, fk_err *err)
{
    int rc = fk_sql_step(st);
    fk_sql_finalize(st);
    if (rc != FK_SQL_DONE)
        return fk_db_error(db, err, "case");
    return fk_db_changes(db) > 0 ? 0 : 1;
}

static int prepare(fk_db *db, const char *sql, fk_sql **st, fk_err *err)
{
    return fk_sql_prepare(db, sql, st, NULL) == 0 ? 0 : fk_db_error(db, err, "case");
}

int fk_case_insert(fk_db *db, const char *actor, const fk_case_new *c, int64_t now_ms, int64_t *id,
                   fk_err *err)
{
    fk_sql *st;
    if (prepare(db,
                "INSERT INTO case_record (kind, org_id, opened_by, title, description, finder, "
                "state, severity, created_ms, updated_ms, state_ms) VALUES (?1, ?2, ?3, ?4, ?5, "
                "?6, ?7, ?8, ?9, ?9, ?9) RETURNING id",
                &st, err) != 0)
        return -1;
    fk_sql_bind_text_static(st, 1, c->kind, -1);
    fk_sql_bind_int64(st, 2, c->org_id);
    fk_sql_bind_int64(st, 3, c->opened_by);
    fk_sql_bind_text_static(st, 4, c->title, -1);
    fk_sql_bind_text_static(st, 5, c->description ? c->description : "", -1);
    fk_sql_bind_text_static(st, 6, c->finder ? c->finder : "", -1);
    fk_sql_bind_text_static(st, 7, c->state, -1);
    if (c->severity >= 0)
        fk_sql_bind_int64(st, 8, c->severity);
    fk_sql_bind_int64(st, 9, now_ms);
    int rc = fk_sql_step_returning(st, id);
    fk_sql_finalize(st);
    if (rc != FK_SQL_DONE)
        return fk_db_error(db, err, "case");
    return fk_case_timeline_append(db, actor, "case.open", *id,
                                   json_pack("{ss ss ss ss*}", "kind", c->kind, "state", c->state,
                                             "title", c->title, "finder",
                                             c->finder && *c->finder ? c->finder : NULL),
                                   now_ms, err);
}

#define CASE_COLUMNS                                                                               \
    "c.id, c.kind, o.name, c.org_id, o.sector, a.name, c.title, c.description, c.finder, "         \
    "c.state, c.severity, c.assignee, c.created_ms, c.updated_ms, c.state_ms, c.due_ms, "          \
    "c.escalation"
#define CASE_FROM                                                                                  \
    " FROM case_record c JOIN organisation o ON o.id = c.org_id JOIN account a ON a.id = "         \
    "c.opened_by "

static json_t *case_row(fk_sql *st, void *ctx)
{
    (void)ctx;
    static const char *const names[] = {"kind",      "organisation", NULL,          "sector",
                                        "opened_by", "title",        "description", "finder",
                                        "state",     NULL,           "assignee"};
    json_t *c = json_pack("{sI sI}", "id", (json_int_t)fk_sql_column_int64(st, 0), "org_id",
                          (json_int_t)fk_sql_column_int64(st, 3));
    for (int i = 1; c && i <= 11; i++) {
        if (!names[i - 1])
            continue;
        const char *t = fk_sql_column_text(st, i);
        json_object_set_new(c, names[i - 1], json_string(t ? t : ""));
    }
    if (c && fk_sql_column_type(st, 10) != FK_SQL_NULL)
        json_object_set_new(c, "severity", json_integer(fk_sql_column_int64(st, 10)));
    const char *times[] = {"created", "updated", "state_since"};
    for (int i = 0; c && i < 3; i++) {
        char t[32];
        json_object_set_new(c, times[i],
                            json_string(fk_time_format(fk_sql_column_int64(st, 12 + i), t)));
    }
    if (c && fk_sql_column_type(st, 15) != FK_SQL_NULL) {
        char t[32];
        json_object_set_new(c, "due", json_string(fk_time_format(fk_sql_column_int64(st, 15), t)));
    }
    if (c)
        json_object_set_new(c, "escalation", json_integer(fk_sql_column_int64(st, 16)));
    return c;
}

static json_t *link_row(fk_sql *st, void *ctx)
{
    (void)ctx;
    char t[32];
    return json_pack("{ss ss ss}", "kind", fk_sql_column_text(st, 0), "ref",
                     fk_sql_column_text(st, 1), "added",
                     fk_time_format(fk_sql_column_int64(st, 2), t));
}

static json_t *task_row(fk_sql *st, void *ctx)
{
    (void)ctx;
    json_t *t = json_pack("{sI ss ss}", "id", (json_int_t)fk_sql_column_int64(st, 0), "title",
                          fk_sql_column_text(st, 1), "owner", fk_sql_column_text(st, 2));
    char buf[32];
    if (t && fk_sql_column_type(st, 3) != FK_SQL_NULL)
        json_object_set_new(t, "due", json_string(fk_time_format(fk_sql_column_int64(st, 3), buf)));
    if (t && fk_sql_column_type(st, 4) != FK_SQL_NULL)
        json_object_set_new(t, "done",
                            json_string(fk_time_format(fk_sql_column_int64(st, 4), buf)));
    return t;
}

/* The rows of one of the case's lists. */
static int case_list_of(fk_db *db, const char *sql, int64_t id, fk_sql_row_fn row, json_t **out,
                        fk_err *err)
{
    fk_sql *st;
    if (prepare(db, sql, &st, err) != 0)
        return -1;
    fk_sql_bind_int64(st, 1, id);
    return fk_sql_collect(db, st, row, NULL, "case", out, err);
}

int fk_case_load(fk_db *db, int64_t id, json_t **out, fk_err *err)
{
    *out = NULL;
    fk_sql *st;
    if (prepare(db, "SELECT " CASE_COLUMNS CASE_FROM "WHERE c.id = ?1", &st, err) != 0)
        return -1;
    fk_sql_bind_int64(st, 1, id);
    json_t *arr;
    if (fk_sql_collect(db, st, case_row, NULL, "case", &arr, err) != 0)
        return -1;
    if (!json_array_size(arr)) {
        json_decref(arr);
        return 1;
    }
    json_t *c = json_incref(json_array_get(arr, 0));
    json_decref(arr);
    json_t *links = NULL, *tasks = NULL;
    if (case_list_of(db,
                     "SELECT kind, ref, added_ms FROM case_link WHERE case_id = ?1 ORDER BY "
                     "added_ms, kind, ref",
                     id, link_row, &links, err) != 0 ||
        case_list_of(db,
                     "SELECT id, title, owner, due_ms, done_ms FROM case_task WHERE case_id = ?1 "
                     "ORDER BY id",
                     id, task_row, &tasks, err) != 0) {
        json_decref(links);
        json_decref(c);
        return -1;
    }
    json_object_set_new(c, "links", links);
    json_object_set_new(c, "tasks", tasks);
    *out = c;
    return 0;
}

int fk_case_list(fk_db *db, int64_t org_id, const fk_case_filter *f, const fk_page *page,
                 json_t **out, fk_err *err)
{
    static const fk_case_filter none = {0};
    if (!f)
        f = &none;
    char sql[1024];
    int len = snprintf(sql, sizeof sql, "SELECT " CASE_COLUMNS CASE_FROM "WHERE 1 = 1");
    typedef struct {
        const char *text;
        int64_t num;
    } bind;
    bind binds[4];
    int n = 0;
    int64_t after = page && page->after ? strtoll(page->after, NULL, 10) : 0;
    /* only the conditions set, so that each is a range of an index */
    if (org_id) {
        len += snprintf(sql + len, sizeof sql - (size_t)len, " AND c.org_id = ?%d", n + 1);
        binds[n++] = (bind){NULL, org_id};
    }
    if (f->state && *f->state) {
        len += snprintf(sql + len, sizeof sql - (size_t)len, " AND c.state = ?%d", n + 1);
        binds[n++] = (bind){f->state, 0};
    }
    if (f->kind && *f->kind) {
        len += snprintf(sql + len, sizeof sql - (size_t)len, " AND c.kind = ?%d", n + 1);
        binds[n++] = (bind){f->kind, 0};
    }
    if (after) {
        len += snprintf(sql + len, sizeof sql - (size_t)len, " AND c.id < ?%d", n + 1);
        binds[n++] = (bind){NULL, after};
    }
    snprintf(sql + len, sizeof sql - (size_t)len, " ORDER BY c.id DESC LIMIT ?%d", n + 1);
    fk_sql *st;
    if (prepare(db, sql, &st, err) != 0)
        return -1;
    for (int i = 0; i < n; i++) {
        if (binds[i].text)
            fk_sql_bind_text_static(st, i + 1, binds[i].text, -1);
        else
            fk_sql_bind_int64(st, i + 1, binds[i].num);
    }
    fk_sql_bind_int64(st, n + 1, page && page->limit ? (int64_t)page->limit : 100);
    return fk_sql_collect(db, st, case_row, NULL, "cases", out, err);
}

int fk_case_set_state(fk_db *db, const char *actor, int64_t id, const char *from, const char *to,
                      const char *note, int64_t now_ms, fk_err *err)
{
    fk_sql *st;
    if (prepare(db,
                "UPDATE case_record SET state = ?1, state_ms = ?2, updated_ms = ?2 WHERE id = ?3 "
                "AND state = ?4",
                &st, err) != 0)
        return -1;
    fk_sql_bind_text_static(st, 1, to, -1);
    fk_sql_bind_int64(st, 2, now_ms);
    fk_sql_bind_int64(st, 3, id);
    fk_sql_bind_text_static(st, 4, from, -1);
    int rc = changed(db, st, err);
    if (rc != 0)
        return rc;
    return fk_case_timeline_append(
        db, actor, "case.state", id,
        json_pack("{ss ss ss*}", "from", from, "to", to, "note", note && *note ? note : NULL),
        now_ms, err);
}

/* One column set, its timeline entry written. */
static int set_column(fk_db *db, const char *actor, const char *action, int64_t id, const char *sql,
                      const char *text, int64_t num, json_t *detail, int64_t now_ms, fk_err *err)
{
    fk_sql *st;
    if (prepare(db, sql, &st, err) != 0) {
        json_decref(detail);
        return -1;
    }
    if (text)
        fk_sql_bind_text_static(st, 1, text, -1);
    else
        fk_sql_bind_int64(st, 1, num);
    fk_sql_bind_int64(st, 2, now_ms);
    fk_sql_bind_int64(st, 3, id);
    int rc = changed(db, st, err);
    if (rc != 0) {
        json_decref(detail);
        return rc;
    }
    return fk_case_timeline_append(db, actor, action, id, detail, now_ms, err);
}

int fk_case_assign(fk_db *db, const char *actor, int64_t id, const char *assignee, int64_t now_ms,
                   fk_err *err)
{
    return set_column(db, actor, "case.assign", id,
                      "UPDATE case_record SET assignee = ?1, updated_ms = ?2 WHERE id = ?3",
                      assignee, 0, json_pack("{ss}", "assignee", assignee), now_ms, err);
}

int fk_case_set_severity(fk_db *db, const char *actor, int64_t id, int level, int64_t now_ms,
                         fk_err *err)
{
    return set_column(db, actor, "case.severity", id,
                      "UPDATE case_record SET severity = ?1, updated_ms = ?2 WHERE id = ?3", NULL,
                      level, json_pack("{si}", "severity", level), now_ms, err);
}

static int touch(fk_db *db, int64_t id, int64_t now_ms, fk_err *err)
{
    fk_sql *st;
    if (prepare(db, "UPDATE case_record SET updated_ms = ?1 WHERE id = ?2", &st, err) != 0)
        return -1;
    fk_sql_bind_int64(st, 1, now_ms);
    fk_sql_bind_int64(st, 2, id);
    int rc = changed(db, st, err);
    return rc < 0 ? -1 : rc == 1 ? fk_errc(err, FK_ERR_INVALID, "no case %lld", (long long)id) : 0;
}

int fk_case_link(fk_db *db, const char *actor, int64_t id, const char *kind, const char *ref,
                 int64_t now_ms, bool *added, fk_err *err)
{
    *added = false;
    fk_sql *st;
    if (prepare(db,
                "INSERT INTO case_link (case_id, kind, ref, added_ms) VALUES (?1, ?2, ?3, ?4) ON "
                "CONFLICT (case_id, kind, ref) DO NOTHING",
                &st, err) != 0)
        return -1;
    fk_sql_bind_int64(st, 1, id);
    fk_sql_bind_text_static(st, 2, kind, -1);
    fk_sql_bind_text_static(st, 3, ref, -1);
    fk_sql_bind_int64(st, 4, now_ms);
    int rc = changed(db, st, err);
    if (rc != 0)
        return rc < 0 ? -1 : 0; /* linked already */
    *added = true;
    if (touch(db, id, now_ms, err) != 0)
        return -1;
    return fk_case_timeline_append(db, actor, "case.link", id,
                                   json_pack("{ss ss}", "kind", kind, "ref", ref), now_ms, err);
}

int fk_case_task_add(fk_db *db, const char *actor, int64_t id, const char *title, const char *owner,
                     int64_t due_ms, int64_t now_ms, int64_t *task_id, fk_err *err)
{
    fk_sql *st;
    if (prepare(db,
                "INSERT INTO case_task (case_id, title, owner, due_ms, created_ms) VALUES (?1, "
                "?2, ?3, ?4, ?5) RETURNING id",
                &st, err) != 0)
        return -1;
    fk_sql_bind_int64(st, 1, id);
    fk_sql_bind_text_static(st, 2, title, -1);
    fk_sql_bind_text_static(st, 3, owner, -1);
    if (due_ms)
        fk_sql_bind_int64(st, 4, due_ms);
    fk_sql_bind_int64(st, 5, now_ms);
    int rc = fk_sql_step_returning(st, task_id);
    fk_sql_finalize(st);
    if (rc != FK_SQL_DONE)
        return fk_db_error(db, err, "case task");
    if (touch(db, id, now_ms, err) != 0)
        return -1;
    char due[32];
    return fk_case_timeline_append(db, actor, "case.task", id,
                                   json_pack("{sI ss ss ss*}", "task", (json_int_t)*task_id,
                                             "title", title, "owner", owner, "due",
                                             due_ms ? fk_time_format(due_ms, due) : NULL),
                                   now_ms, err);
}

int fk_case_task_done(fk_db *db, const char *actor, int64_t id, int64_t task_id, int64_t now_ms,
                      fk_err *err)
{
    fk_sql *st;
    if (prepare(db,
                "UPDATE case_task SET done_ms = ?1 WHERE id = ?2 AND case_id = ?3 AND done_ms IS "
                "NULL",
                &st, err) != 0)
        return -1;
    fk_sql_bind_int64(st, 1, now_ms);
    fk_sql_bind_int64(st, 2, task_id);
    fk_sql_bind_int64(st, 3, id);
    int rc = changed(db, st, err);
    if (rc != 0)
        return rc;
    if (touch(db, id, now_ms, err) != 0)
        return -1;
    return fk_case_timeline_append(db, actor, "case.task_done", id,
                                   json_pack("{sI}", "task", (json_int_t)task_id), now_ms, err);
}

int fk_case_message(fk_db *db, const char *actor, int64_t id, const char *text, int64_t now_ms,
                    fk_err *err)
{
    if (touch(db, id, now_ms, err) != 0)
        return -1;
    return fk_case_timeline_append(db, actor, "case.message", id, json_pack("{ss}", "text", text),
                                   now_ms, err);
}

int fk_case_set_due(fk_db *db, int64_t id, int64_t due_ms, int escalation, fk_err *err)
{
    fk_sql *st;
    if (prepare(db, "UPDATE case_record SET due_ms = ?1, escalation = ?2 WHERE id = ?3", &st,
                err) != 0)
        return -1;
    if (due_ms)
        fk_sql_bind_int64(st, 1, due_ms);
    fk_sql_bind_int64(st, 2, escalation);
    fk_sql_bind_int64(st, 3, id);
    return changed(db, st, err) < 0 ? -1 : 0;
}

static json_t *overdue_row(fk_sql *st, void *ctx)
{
    (void)ctx;
    return json_pack(
        "{sI sI ss ss sI sI sI ss}", "id", (json_int_t)fk_sql_column_int64(st, 0), "org_id",
        (json_int_t)fk_sql_column_int64(st, 1), "kind", fk_sql_column_text(st, 2), "state",
        fk_sql_column_text(st, 3), "severity",
        (json_int_t)(fk_sql_column_type(st, 4) == FK_SQL_NULL ? -1 : fk_sql_column_int64(st, 4)),
        "due_ms", (json_int_t)fk_sql_column_int64(st, 5), "escalation",
        (json_int_t)fk_sql_column_int64(st, 6), "title", fk_sql_column_text(st, 7));
}

int fk_case_overdue(fk_db *db, int64_t now_ms, size_t limit, json_t **out, fk_err *err)
{
    fk_sql *st;
    /* the partial index on due_ms: the clocks not yet run out are never read */
    if (prepare(db,
                "SELECT id, org_id, kind, state, severity, due_ms, escalation, title FROM "
                "case_record WHERE due_ms IS NOT NULL AND due_ms <= ?1 ORDER BY due_ms LIMIT ?2",
                &st, err) != 0)
        return -1;
    fk_sql_bind_int64(st, 1, now_ms);
    fk_sql_bind_int64(st, 2, (int64_t)limit);
    return fk_sql_collect(db, st, overdue_row, NULL, "cases", out, err);
}

int fk_case_overdue_note(fk_db *db, int64_t id, json_t *detail, int64_t now_ms, fk_err *err)
{
    return fk_case_timeline_append(db, "scheduler", "case.overdue", id, detail, now_ms, err);
}

int fk_deadline_policy_load(fk_db *db, json_t **out, fk_err *err)
{
    *out = NULL;
    fk_sql *st;
    if (prepare(db, "SELECT value FROM setting WHERE key = 'deadline_policy'", &st, err) != 0)
        return -1;
    int rc = fk_sql_step(st);
    if (rc == FK_SQL_ROW && fk_sql_column_text(st, 0))
        *out = json_loads(fk_sql_column_text(st, 0), 0, NULL);
    fk_sql_finalize(st);
    return rc == FK_SQL_ROW || rc == FK_SQL_DONE ? 0 : fk_db_error(db, err, "cases");
}

int fk_deadline_policy_save(fk_db *db, const char *actor, json_t *policy, fk_err *err)
{
    char *text = json_dumps(policy, JSON_COMPACT | JSON_SORT_KEYS);
    if (!text)
        return fk_errc(err, FK_ERR_NOMEM, "out of memory");
    fk_sql *st;
    int rc = prepare(db,
                     "INSERT INTO setting (key, value) VALUES ('deadline_policy', ?1) ON CONFLICT "
                     "(key) DO UPDATE SET value = excluded.value",
                     &st, err);
    if (rc == 0) {
        fk_sql_bind_text(st, 1, text, -1);
        rc = changed(db, st, err) < 0 ? -1 : 0;
    }
    if (rc == 0)
        rc = fk_audit_append(db, actor, "deadline.policy", "setting:deadline_policy", text, err);
    free(text);
    return rc;
}
