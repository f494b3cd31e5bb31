#include "advisories.h"

#include "audit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NOMEM(err) fk_errc(err, FK_ERR_NOMEM, "out of memory")

int fk_advisory_draft_insert(fk_db *db, int64_t report_id, const char *vuln_id, json_t *decision,
                             int64_t now_ms, fk_err *err)
{
    char *text = json_dumps(decision, JSON_COMPACT);
    if (!text)
        return NOMEM(err);
    fk_sql *st;
    int rc = fk_sql_prepare(db,
                            "INSERT INTO advisory_draft (report_id, vuln_id, decision, created_ms) "
                            "VALUES (?1, ?2, ?3, ?4)",
                            &st, NULL);
    if (rc == 0) {
        fk_sql_bind_int64(st, 1, report_id);
        fk_sql_bind_text_static(st, 2, vuln_id, -1);
        fk_sql_bind_text_static(st, 3, text, -1);
        fk_sql_bind_int64(st, 4, now_ms);
        rc = fk_sql_step(st) == FK_SQL_DONE ? 0 : -1;
        fk_sql_finalize(st);
    }
    free(text);
    return rc == 0 ? 0 : fk_db_error(db, err, "advisory draft");
}

int fk_advisory_draft_released(fk_db *db, int64_t report_id, bool early, int64_t release_id,
                               fk_err *err)
{
    fk_sql *st;
    if (fk_sql_prepare(db,
                       early
                           ? "UPDATE advisory_draft SET early_release_id = ?2 WHERE report_id = ?1"
                           : "UPDATE advisory_draft SET release_id = ?2 WHERE report_id = ?1",
                       &st, NULL) != 0)
        return fk_db_error(db, err, "advisory draft");
    fk_sql_bind_int64(st, 1, report_id);
    fk_sql_bind_int64(st, 2, release_id);
    int rc = fk_sql_step(st);
    fk_sql_finalize(st);
    return rc == FK_SQL_DONE ? 0 : fk_db_error(db, err, "advisory draft");
}

/* A draft row as the API shows it: the decision as JSON, not text. */
static json_t *draft_row(fk_sql *st, void *ctx)
{
    (void)ctx;
    json_t *decision = json_loads(fk_sql_column_text(st, 2), 0, NULL);
    json_t *r = json_pack(
        "{sI ss so so so sI ss ss}", "report", (json_int_t)fk_sql_column_int64(st, 0),
        "vulnerability", fk_sql_column_text(st, 1), "decision", decision ? decision : json_null(),
        "early_release",
        fk_sql_column_type(st, 3) == FK_SQL_NULL ? json_null()
                                                 : json_integer(fk_sql_column_int64(st, 3)),
        "release",
        fk_sql_column_type(st, 4) == FK_SQL_NULL ? json_null()
                                                 : json_integer(fk_sql_column_int64(st, 4)),
        "created_ms", (json_int_t)fk_sql_column_int64(st, 5), "title",
        fk_sql_column_text(st, 6) ? fk_sql_column_text(st, 6) : "", "status",
        fk_sql_column_type(st, 4) == FK_SQL_NULL ? "draft" : "released");
    return r;
}

#define DRAFT_COLUMNS                                                                              \
    "d.report_id, d.vuln_id, d.decision, d.early_release_id, d.release_id, d.created_ms, r.title " \
    "FROM advisory_draft d JOIN report r ON r.id = d.report_id"

int fk_advisory_draft_get(fk_db *db, int64_t report_id, json_t **out, fk_err *err)
{
    *out = NULL;
    fk_sql *st;
    if (fk_sql_prepare(db, "SELECT " DRAFT_COLUMNS " WHERE d.report_id = ?1", &st, NULL) != 0)
        return fk_db_error(db, err, "advisory draft");
    fk_sql_bind_int64(st, 1, report_id);
    json_t *rows;
    if (fk_sql_collect(db, st, draft_row, NULL, "advisory draft", &rows, err) != 0)
        return -1;
    *out = json_incref(json_array_get(rows, 0));
    json_decref(rows);
    return *out ? 0 : 1;
}

int fk_advisory_drafts_list(fk_db *db, const char *vuln_id, bool pending, size_t limit,
                            json_t **out, fk_err *err)
{
    fk_sql *st;
    if (fk_sql_prepare(db,
                       "SELECT " DRAFT_COLUMNS
                       " WHERE (CAST(?1 AS TEXT) IS NULL OR d.vuln_id = ?1) "
                       "AND (?2 = 0 OR d.release_id IS NULL) ORDER BY d.report_id DESC LIMIT ?3",
                       &st, NULL) != 0)
        return fk_db_error(db, err, "advisory drafts");
    if (vuln_id)
        fk_sql_bind_text_static(st, 1, vuln_id, -1);
    else
        fk_sql_bind_null(st, 1);
    fk_sql_bind_int64(st, 2, pending);
    fk_sql_bind_int64(st, 3, (int64_t)limit);
    return fk_sql_collect(db, st, draft_row, NULL, "advisory drafts", out, err);
}

int fk_orgs_early_delivery(fk_db *db, json_t *names, json_t **out, fk_err *err)
{
    json_t *early = json_array();
    if (!early)
        return NOMEM(err);
    fk_sql *st;
    if (fk_sql_prepare(db, "SELECT early_delivery FROM organisation WHERE name = ?1", &st, NULL) !=
        0) {
        json_decref(early);
        return fk_db_error(db, err, "organisation");
    }
    size_t i;
    json_t *name;
    int rc = 0;
    json_array_foreach(names, i, name)
    {
        fk_sql_reset(st);
        fk_sql_bind_text_static(st, 1, json_string_value(name), -1);
        int step = fk_sql_step(st);
        if (step == FK_SQL_ROW && fk_sql_column_int(st, 0))
            rc = json_array_append(early, name) == 0 ? 0 : NOMEM(err);
        else if (step != FK_SQL_ROW && step != FK_SQL_DONE)
            rc = fk_db_error(db, err, "organisation");
        if (rc != 0)
            break;
    }
    fk_sql_finalize(st);
    if (rc != 0) {
        json_decref(early);
        return -1;
    }
    *out = early;
    return 0;
}

int fk_measure_put(fk_db *db, const char *actor, int64_t asset_id, const char *vuln_id,
                   const char *measure, const char *state, const char *review_by, int64_t now_ms,
                   fk_err *err)
{
    fk_sql *st;
    if (fk_sql_prepare(db,
                       "INSERT INTO vuln_measure (asset_id, vuln_id, measure, state, review_by, "
                       "recorded_by, recorded_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT "
                       "(asset_id, vuln_id) DO UPDATE SET measure = excluded.measure, state = "
                       "excluded.state, review_by = excluded.review_by, recorded_by = "
                       "excluded.recorded_by, recorded_ms = excluded.recorded_ms",
                       &st, NULL) != 0)
        return fk_db_error(db, err, "measure");
    fk_sql_bind_int64(st, 1, asset_id);
    fk_sql_bind_text_static(st, 2, vuln_id, -1);
    fk_sql_bind_text_static(st, 3, measure, -1);
    fk_sql_bind_text_static(st, 4, state, -1);
    fk_sql_bind_text_static(st, 5, review_by ? review_by : "", -1);
    fk_sql_bind_text_static(st, 6, actor, -1);
    fk_sql_bind_int64(st, 7, now_ms);
    int rc = fk_sql_step(st);
    fk_sql_finalize(st);
    if (rc != FK_SQL_DONE)
        return fk_db_error(db, err, "measure");
    char object[96];
    snprintf(object, sizeof object, "asset:%lld:%s", (long long)asset_id, vuln_id);
    json_t *d = json_pack("{ss ss}", "state", state, "review_by", review_by ? review_by : "");
    char *detail = d ? json_dumps(d, JSON_COMPACT) : NULL;
    json_decref(d);
    rc = detail ? fk_audit_append(db, actor, "asset.measure", object, detail, err) : NOMEM(err);
    free(detail);
    return rc;
}

int fk_measures_list(fk_db *db, int64_t only_org, const char *vuln_id, json_t **out, fk_err *err)
{
    fk_sql *st;
    if (fk_sql_prepare(db,
                       "SELECT m.asset_id AS asset, a.name AS system, o.name AS organisation, "
                       "m.vuln_id AS vulnerability, m.measure, m.state, m.review_by, "
                       "m.recorded_by, m.recorded_ms FROM vuln_measure m JOIN asset a ON a.id = "
                       "m.asset_id JOIN organisation o ON o.id = a.org_id WHERE (?1 = 0 OR "
                       "a.org_id = ?1) AND (CAST(?2 AS TEXT) IS NULL OR m.vuln_id = ?2) ORDER BY "
                       "o.name, a.name, m.vuln_id",
                       &st, NULL) != 0)
        return fk_db_error(db, err, "measures");
    fk_sql_bind_int64(st, 1, only_org);
    if (vuln_id)
        fk_sql_bind_text_static(st, 2, vuln_id, -1);
    else
        fk_sql_bind_null(st, 2);
    return fk_sql_collect(db, st, fk_sql_row_object, NULL, "measures", out, err);
}
