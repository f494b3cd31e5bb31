#include "assets.h"

#include "audit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NOMEM(err) fk_errc(err, FK_ERR_NOMEM, "out of memory")

static const char *str(json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? s : "";
}

static int step_done(fk_db *db, fk_sql *st, const char *what, fk_err *err)
{
    int rc = fk_sql_step(st);
    fk_sql_reset(st);
    return rc == FK_SQL_DONE ? 0 : fk_db_error(db, err, what);
}

int fk_assets_put(fk_db *db, const char *actor, int64_t org_id, json_t *a, int64_t now_ms,
                  int64_t *id, bool *created, fk_err *err)
{
    static const char find[] = "SELECT id FROM asset WHERE org_id = ?1 AND name = ?2";
    static const char insert[] =
        "INSERT INTO asset (org_id, name, owner, egress, operation, classification, exposure, "
        "criticality, ics, compensating, cc_certification, crypto, notes, updated_ms) VALUES (?1, "
        "?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14) RETURNING id";
    static const char update[] =
        "UPDATE asset SET owner = ?3, egress = ?4, operation = ?5, classification = ?6, exposure "
        "= ?7, criticality = ?8, ics = ?9, compensating = ?10, cc_certification = ?11, crypto = "
        "?12, notes = ?13, updated_ms = ?14 WHERE id = ?1 AND name = ?2";
    static const char clear[] = "DELETE FROM asset_software WHERE asset_id = ?1";
    static const char add[] = "INSERT INTO asset_software (asset_id, cpe, product, derived) VALUES "
                              "(?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING";
    fk_sql *st = fk_db_cached(db, find, err);
    if (!st)
        return -1;
    fk_sql_bind_int64(st, 1, org_id);
    fk_sql_bind_text_static(st, 2, str(a, "name"), -1);
    int rc = fk_sql_step(st);
    *id = rc == FK_SQL_ROW ? fk_sql_column_int64(st, 0) : 0;
    fk_sql_reset(st);
    if (rc != FK_SQL_ROW && rc != FK_SQL_DONE)
        return fk_db_error(db, err, "asset");
    *created = *id == 0;
    char *crypto = json_dumps(json_object_get(a, "crypto"), JSON_COMPACT);
    if (!crypto || !(st = fk_db_cached(db, *created ? insert : update, err))) {
        free(crypto);
        return crypto ? -1 : NOMEM(err);
    }
    if (*created)
        fk_sql_bind_int64(st, 1, org_id);
    else
        fk_sql_bind_int64(st, 1, *id);
    static const char *const cols[] = {"name",           "owner",    "egress",     "operation",
                                       "classification", "exposure", "criticality"};
    for (int i = 0; i < 7; i++)
        fk_sql_bind_text_static(st, 2 + i, str(a, cols[i]), -1);
    fk_sql_bind_int64(st, 9, json_is_true(json_object_get(a, "ics")));
    fk_sql_bind_text_static(st, 10, str(a, "compensating"), -1);
    fk_sql_bind_text_static(st, 11, str(a, "cc_certification"), -1);
    fk_sql_bind_text_owned(st, 12, crypto, -1);
    fk_sql_bind_text_static(st, 13, str(a, "notes"), -1);
    fk_sql_bind_int64(st, 14, now_ms);
    if (*created) {
        rc = fk_sql_step_returning(st, id);
        fk_sql_reset(st);
        if (rc != FK_SQL_DONE)
            return fk_db_error(db, err, "asset");
    } else if (step_done(db, st, "asset", err) != 0)
        return -1;
    /* the names it ran before, whose answers go when no system runs them any more */
    json_t *before = NULL;
    if (!*created) {
        if (fk_sql_prepare(db, "SELECT cpe FROM asset_software WHERE asset_id = ?1", &st, NULL) !=
            0)
            return fk_db_error(db, err, "asset software");
        fk_sql_bind_int64(st, 1, *id);
        if (fk_sql_collect(db, st, fk_sql_row_object, NULL, "asset software", &before, err) != 0)
            return -1;
    }
    if (!(st = fk_db_cached(db, clear, err))) {
        json_decref(before);
        return -1;
    }
    fk_sql_bind_int64(st, 1, *id);
    if (step_done(db, st, "asset software", err) != 0) {
        json_decref(before);
        return -1;
    }
    size_t i;
    json_t *p;
    json_array_foreach(json_object_get(a, "software"), i, p)
    {
        if (!(st = fk_db_cached(db, add, err)))
            return -1;
        fk_sql_bind_int64(st, 1, *id);
        fk_sql_bind_text_static(st, 2, str(p, "cpe"), -1);
        fk_sql_bind_text_static(st, 3, str(p, "product"), -1);
        fk_sql_bind_int64(st, 4, json_is_true(json_object_get(p, "derived")));
        if (step_done(db, st, "asset software", err) != 0) {
            json_decref(before);
            return -1;
        }
    }
    json_array_foreach(before, i, p)
    {
        static const char gone[] = "DELETE FROM vuln_name_match WHERE cpe = ?1 AND NOT EXISTS "
                                   "(SELECT 1 FROM asset_software WHERE cpe = ?1)";
        if (!(st = fk_db_cached(db, gone, err))) {
            json_decref(before);
            return -1;
        }
        fk_sql_bind_text_static(st, 1, str(p, "cpe"), -1);
        if (step_done(db, st, "vulnerability match", err) != 0) {
            json_decref(before);
            return -1;
        }
    }
    json_decref(before);
    return fk_audit_append_json(db, actor, *created ? "asset.add" : "asset.update", "asset", *id,
                                json_pack("{sI ss si}", "organisation", (json_int_t)org_id, "name",
                                          str(a, "name"), "programs",
                                          (int)json_array_size(json_object_get(a, "software"))),
                                err);
}

int fk_assets_remove(fk_db *db, const char *actor, int64_t only_org, int64_t id, fk_err *err)
{
    fk_sql *st;
    if (fk_sql_prepare(db,
                       "SELECT org_id, name FROM asset WHERE id = ?1 AND (?2 = 0 OR org_id = ?2)",
                       &st, NULL) != 0)
        return fk_db_error(db, err, "asset");
    fk_sql_bind_int64(st, 1, id);
    fk_sql_bind_int64(st, 2, only_org);
    json_t *rows;
    if (fk_sql_collect(db, st, fk_sql_row_object, NULL, "asset", &rows, err) != 0)
        return -1;
    json_t *row = json_array_get(rows, 0);
    if (!row) {
        json_decref(rows);
        return 1;
    }
    /* the answers for names no other system runs go with it */
    static const char *const sql[] = {
        "DELETE FROM vuln_match WHERE asset_id = ?1",
        ("DELETE FROM vuln_name_match WHERE cpe IN (SELECT cpe FROM asset_software WHERE "
         "asset_id = ?1) AND NOT EXISTS (SELECT 1 FROM asset_software o WHERE o.cpe = "
         "vuln_name_match.cpe AND o.asset_id <> ?1)"),
        "DELETE FROM asset_software WHERE asset_id = ?1", "DELETE FROM asset WHERE id = ?1"};
    for (size_t i = 0; i < 4; i++) {
        if (fk_sql_prepare(db, sql[i], &st, NULL) != 0) {
            json_decref(rows);
            return fk_db_error(db, err, "asset");
        }
        fk_sql_bind_int64(st, 1, id);
        int rc = fk_sql_step(st);
        fk_sql_finalize(st);
        if (rc != FK_SQL_DONE) {
            json_decref(rows);
            return fk_db_error(db, err, "asset");
        }
    }
    json_t *detail = json_pack("{sO sO}", "organisation", json_object_get(row, "org_id"), "name",
                               json_object_get(row, "name"));
    json_decref(rows);
    return fk_audit_append_json(db, actor, "asset.remove", "asset", id, detail, err);
}

static json_t *asset_row(fk_sql *st, void *ctx)
{
    (void)ctx;
    json_t *o = fk_sql_row_object(st, NULL);
    if (!o)
        return NULL;
    json_object_set_new(o, "ics", json_boolean(json_integer_value(json_object_get(o, "ics"))));
    const char *crypto = json_string_value(json_object_get(o, "crypto"));
    if (crypto) {
        json_t *list = json_loads(crypto, 0, NULL);
        json_object_set_new(o, "crypto", list ? list : json_array());
    }
    return o;
}

int fk_assets_list(fk_db *db, const fk_asset_filter *f, const fk_page *page, json_t **out,
                   fk_err *err)
{
    fk_sql *st;
    if (fk_sql_prepare(
            db,
            "SELECT a.id, o.name AS organisation, a.name, a.operation, a.exposure, a.criticality, "
            "a.ics, a.updated_ms, (SELECT COUNT(*) FROM asset_software s WHERE s.asset_id = a.id) "
            "AS programs, (SELECT COUNT(DISTINCT m.vuln_id) FROM vuln_match_all m WHERE m.asset_id "
            "= a.id) AS matches, (SELECT COUNT(DISTINCT m.vuln_id) FROM vuln_match_all m JOIN vuln "
            "v ON v.id = m.vuln_id WHERE m.asset_id = a.id AND v.kev_added IS NOT NULL) AS "
            "known_exploited FROM asset a JOIN organisation "
            "o ON o.id = a.org_id WHERE (?1 = 0 OR a.org_id = ?1) AND a.id > ?2 AND (?3 = '' OR "
            "LOWER(a.name) LIKE LOWER(?4) OR EXISTS (SELECT 1 FROM asset_software s WHERE "
            "s.asset_id = a.id AND s.product LIKE LOWER(?4))) AND (?5 = 0 OR a.ics = 1) AND (?6 = "
            "0 "
            "OR a.exposure = 'internet') ORDER BY a.id LIMIT ?7",
            &st, NULL) != 0)
        return fk_db_error(db, err, "assets");
    fk_sql_bind_int64(st, 1, f->only_org);
    fk_sql_bind_int64(st, 2, page->after ? strtoll(page->after, NULL, 10) : 0);
    const char *q = f->q ? f->q : "";
    char like[300];
    snprintf(like, sizeof like, "%%%s%%", q);
    fk_sql_bind_text(st, 3, q, -1);
    fk_sql_bind_text(st, 4, like, -1);
    fk_sql_bind_int64(st, 5, f->ics);
    fk_sql_bind_int64(st, 6, f->internet);
    fk_sql_bind_int64(st, 7, (int64_t)(page->limit ? page->limit : 50));
    return fk_sql_collect(db, st, asset_row, NULL, "assets", out, err);
}

int fk_assets_get(fk_db *db, int64_t only_org, int64_t id, json_t **out, fk_err *err)
{
    *out = NULL;
    fk_sql *st;
    if (fk_sql_prepare(
            db,
            "SELECT a.id, o.name AS organisation, a.name, a.owner, a.egress, a.operation, "
            "a.classification, a.exposure, a.criticality, a.ics, a.compensating, "
            "a.cc_certification, a.crypto, a.notes, a.updated_ms FROM asset a JOIN "
            "organisation o ON o.id = a.org_id WHERE a.id = ?1 AND (?2 = 0 OR a.org_id = "
            "?2)",
            &st, NULL) != 0)
        return fk_db_error(db, err, "asset");
    fk_sql_bind_int64(st, 1, id);
    fk_sql_bind_int64(st, 2, only_org);
    json_t *rows;
    if (fk_sql_collect(db, st, asset_row, NULL, "asset", &rows, err) != 0)
        return -1;
    json_t *a = json_incref(json_array_get(rows, 0));
    json_decref(rows);
    if (!a)
        return 0;
    json_t *software, *matches;
    if (fk_db_query_json(db,
                         "SELECT cpe, product, derived FROM asset_software WHERE asset_id = ?1 "
                         "ORDER BY cpe",
                         NULL, id, &software, err) != 0 ||
        (json_object_set_new(a, "software", software),
         fk_db_query_json(
             db,
             "SELECT m.vuln_id, m.confidence, m.cpe, m.evidence, m.found_ms, v.title, "
             "v.cvss_score, v.severity, v.kev_added, v.kev_due, v.epss FROM vuln_match_all "
             "m JOIN vuln v ON v.id = m.vuln_id WHERE m.asset_id = ?1 ORDER BY "
             "(v.kev_added IS NULL), v.cvss_score DESC, m.vuln_id",
             NULL, id, &matches, err) != 0)) {
        json_decref(a);
        return -1;
    }
    /* a system running two matching names of one vulnerability: listed once */
    json_t *once = json_array();
    size_t i;
    json_t *m;
    const char *last = "";
    json_array_foreach(matches, i, m)
    {
        const char *v = json_string_value(json_object_get(m, "vuln_id"));
        if (v && strcmp(v, last) != 0)
            json_array_append(once, m);
        last = v ? v : "";
    }
    json_decref(matches);
    json_object_set_new(a, "matches", once);
    *out = a;
    return 0;
}

int fk_assets_crypto(fk_db *db, int64_t only_org, json_t **out, fk_err *err)
{
    fk_sql *st;
    if (fk_sql_prepare(db,
                       "SELECT o.name AS organisation, a.name, a.crypto FROM asset a JOIN "
                       "organisation o ON o.id = a.org_id WHERE (?1 = 0 OR a.org_id = ?1) AND "
                       "a.crypto <> '[]' ORDER BY o.name, a.name",
                       &st, NULL) != 0)
        return fk_db_error(db, err, "assets");
    fk_sql_bind_int64(st, 1, only_org);
    return fk_sql_collect(db, st, asset_row, NULL, "assets", out, err);
}
