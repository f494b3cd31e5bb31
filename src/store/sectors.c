#include "sectors.h"

#include "../intel/sectors.h"
#include "audit.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int prepare(fk_db *db, fk_sql **st, const char *sql, fk_err *err)
{
    if (fk_sql_prepare(db, sql, st, NULL) != 0)
        return fk_db_error(db, err, "sectors");
    return 0;
}

static int insert(fk_db *db, const char *list, int pos, const char *code, const char *ja,
                  const char *en, bool ci, fk_err *err)
{
    fk_sql *st;
    if (prepare(db, &st,
                "INSERT INTO sector (list, code, position, name_ja, name_en, "
                "critical_infrastructure) VALUES (?,?,?,?,?,?) ON CONFLICT (list, code) DO "
                "UPDATE SET name_ja = excluded.name_ja, name_en = excluded.name_en, "
                "critical_infrastructure = excluded.critical_infrastructure",
                err) != 0)
        return -1;
    fk_sql_bind_text_static(st, 1, list, -1);
    fk_sql_bind_text_static(st, 2, code, -1);
    fk_sql_bind_int64(st, 3, pos);
    fk_sql_bind_text_static(st, 4, ja, -1);
    fk_sql_bind_text_static(st, 5, en, -1);
    fk_sql_bind_int64(st, 6, ci);
    int rc = fk_sql_step(st);
    fk_sql_finalize(st);
    return rc == FK_SQL_DONE ? 0 : fk_db_error(db, err, "sector");
}

int fk_sectors_seed(fk_db *db, fk_err *err)
{
    size_t n;
    const fk_sector_list *lists = fk_sector_lists(&n);
    for (size_t l = 0; l < n; l++)
        for (size_t i = 0; i < lists[l].count; i++) {
            const fk_sector *s = &lists[l].sectors[i];
            if (insert(db, lists[l].name, (int)i, s->code, s->name_ja, s->name_en,
                       s->critical_infrastructure, err) != 0)
                return -1;
        }
    return 0;
}

bool fk_sector_known(fk_db *db, const char *code)
{
    fk_sql *st;
    if (fk_sql_prepare(db, "SELECT 1 FROM sector WHERE code = ? LIMIT 1", &st, NULL) != 0)
        return false;
    fk_sql_bind_text_static(st, 1, code, -1);
    bool known = fk_sql_step(st) == FK_SQL_ROW;
    fk_sql_finalize(st);
    return known;
}

static json_t *sector_row(fk_sql *st, void *ctx)
{
    (void)ctx;
    return json_pack("{sssssssssb}", "list", fk_sql_column_text(st, 0), "code",
                     fk_sql_column_text(st, 1), "name_ja", fk_sql_column_text(st, 2), "name_en",
                     fk_sql_column_text(st, 3), "critical_infrastructure",
                     fk_sql_column_int(st, 4));
}

int fk_sectors_list(fk_db *db, const char *list, json_t **out, fk_err *err)
{
    fk_sql *st;
    if (prepare(db, &st,
                "SELECT list, code, name_ja, name_en, critical_infrastructure FROM sector WHERE "
                "list = ?1 OR ?1 IS NULL ORDER BY CASE list WHEN 'ci-2018' THEN 0 WHEN 'other' "
                "THEN 2 ELSE 1 END, list, position, code",
                err) != 0)
        return -1;
    if (list)
        fk_sql_bind_text_static(st, 1, list, -1);
    return fk_sql_collect(db, st, sector_row, NULL, "sectors", out, err);
}

static bool valid_code(const char *s)
{
    size_t n = strlen(s);
    if (!n || n > 40)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!islower((unsigned char)s[i]) && !isdigit((unsigned char)s[i]) && s[i] != '-')
            return false;
    return true;
}

static int audited(fk_db *db, const char *actor, const char *action, const char *list,
                   const char *code, fk_err *err)
{
    char object[128];
    snprintf(object, sizeof object, "sector:%s/%s", list, code);
    return fk_audit_append(db, actor, action, object, "{}", err);
}

int fk_sector_put(fk_db *db, const char *actor, const char *list, const char *code,
                  const char *name_ja, const char *name_en, bool critical, fk_err *err)
{
    if (!valid_code(list) || !valid_code(code))
        return fk_errf(err, "list and code: lower-case letters, digits and '-', at most 40");
    if (!name_ja || !*name_ja || !name_en || !*name_en)
        return fk_errf(err, "a sector needs a Japanese and an English name");
    if (fk_db_begin(db, err) != 0)
        return -1;
    fk_sql *st;
    int pos = 0;
    if (prepare(db, &st, "SELECT coalesce(max(position), -1) + 1 FROM sector WHERE list = ?",
                err) == 0) {
        fk_sql_bind_text_static(st, 1, list, -1);
        if (fk_sql_step(st) == FK_SQL_ROW)
            pos = fk_sql_column_int(st, 0);
        fk_sql_finalize(st);
    }
    if (insert(db, list, pos, code, name_ja, name_en, critical, err) != 0 ||
        audited(db, actor, "sector.put", list, code, err) != 0 || fk_db_commit(db, err) != 0) {
        fk_db_rollback(db);
        return -1;
    }
    return 0;
}

int fk_sector_remove(fk_db *db, const char *actor, const char *list, const char *code, fk_err *err)
{
    if (fk_db_begin(db, err) != 0)
        return -1;
    fk_sql *st;
    int rc = prepare(db, &st,
                     "SELECT (SELECT count(*) FROM organisation WHERE sector = ?2), (SELECT "
                     "count(*) FROM sector WHERE code = ?2 AND list <> ?1), (SELECT count(*) "
                     "FROM sector WHERE code = ?2 AND list = ?1)",
                     err);
    int used = 0, elsewhere = 0, here = 0;
    if (rc == 0) {
        fk_sql_bind_text_static(st, 1, list, -1);
        fk_sql_bind_text_static(st, 2, code, -1);
        if (fk_sql_step(st) == FK_SQL_ROW) {
            used = fk_sql_column_int(st, 0);
            elsewhere = fk_sql_column_int(st, 1);
            here = fk_sql_column_int(st, 2);
        }
        fk_sql_finalize(st);
    }
    if (rc == 0 && !here)
        rc = 1;
    else if (rc == 0 && used && !elsewhere)
        rc = fk_errc(err, FK_ERR_CONFLICT,
                     "%d organisations are in sector '%s': move them to another sector first", used,
                     code);
    if (rc == 0 && prepare(db, &st, "DELETE FROM sector WHERE list = ? AND code = ?", err) == 0) {
        fk_sql_bind_text_static(st, 1, list, -1);
        fk_sql_bind_text_static(st, 2, code, -1);
        rc = fk_sql_step(st) == FK_SQL_DONE ? 0 : fk_db_error(db, err, "sector");
        fk_sql_finalize(st);
    }
    if (rc == 0)
        rc = audited(db, actor, "sector.remove", list, code, err);
    if (rc == 0 && fk_db_commit(db, err) != 0)
        rc = -1;
    if (rc != 0)
        fk_db_rollback(db);
    return rc;
}
