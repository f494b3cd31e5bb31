#include "readers.h"

#include <stdlib.h>
#include <string.h>

/* One statement for both kinds of owner: the table and its key column are chosen here,
 * never from input. */
static int insert_rows(fk_db *db, const char *insert_sql, const char *text_key, int64_t int_key,
                       json_t *audience, fk_err *err)
{
    fk_sql *st;
    if (fk_sql_prepare(db, insert_sql, &st, err) != 0)
        return fk_db_error(db, err, "readers");
    int rc = 0;
    /* kind, name pairs: the flags first, then each listed name */
    static const char *const flags[] = {"public", "all_members"};
    struct {
        const char *kind, *name;
    } rows[256];
    size_t n = 0;
    for (size_t f = 0; f < 2; f++)
        if (json_is_true(json_object_get(audience, flags[f])))
            rows[n].kind = flags[f], rows[n++].name = "";
    static const char *const lists[][2] = {
        {"sectors", "sector"}, {"groups", "group"}, {"organisations", "organisation"}};
    for (size_t l = 0; l < 3; l++) {
        size_t i;
        json_t *v;
        json_array_foreach(json_object_get(audience, lists[l][0]), i, v)
        {
            if (!json_is_string(v))
                continue;
            if (n == sizeof rows / sizeof rows[0]) {
                fk_sql_finalize(st);
                return fk_errc(err, FK_ERR_INVALID, "audience: more than %zu names",
                               sizeof rows / sizeof rows[0]);
            }
            rows[n].kind = lists[l][1], rows[n++].name = json_string_value(v);
        }
    }
    for (size_t i = 0; rc == 0 && i < n; i++) {
        fk_sql_reset(st);
        if (text_key)
            fk_sql_bind_text_static(st, 1, text_key, -1);
        else
            fk_sql_bind_int64(st, 1, int_key);
        fk_sql_bind_text_static(st, 2, rows[i].kind, -1);
        fk_sql_bind_text_static(st, 3, rows[i].name, -1);
        if (fk_sql_step(st) != FK_SQL_DONE)
            rc = fk_db_error(db, err, "readers");
    }
    fk_sql_finalize(st);
    return rc;
}

static int delete_rows(fk_db *db, const char *sql, const char *text_key, int64_t int_key,
                       fk_err *err)
{
    fk_sql *st;
    if (fk_sql_prepare(db, sql, &st, err) != 0)
        return fk_db_error(db, err, "readers");
    if (text_key)
        fk_sql_bind_text_static(st, 1, text_key, -1);
    else
        fk_sql_bind_int64(st, 1, int_key);
    int rc = fk_sql_step(st) == FK_SQL_DONE ? 0 : fk_db_error(db, err, "readers");
    fk_sql_finalize(st);
    return rc;
}

int fk_readers_set_collection(fk_db *db, const char *collection_id, json_t *audience, fk_err *err)
{
    if (delete_rows(db, "DELETE FROM collection_reader WHERE collection_id = ?", collection_id, 0,
                    err) != 0)
        return -1;
    return insert_rows(db,
                       "INSERT INTO collection_reader (collection_id, kind, name) VALUES (?,?,?) "
                       "ON CONFLICT DO NOTHING",
                       collection_id, 0, audience, err);
}

int fk_readers_set_release(fk_db *db, int64_t release_id, json_t *audience, fk_err *err)
{
    if (delete_rows(db, "DELETE FROM release_reader WHERE release_id = ?", NULL, release_id, err) !=
        0)
        return -1;
    return insert_rows(db,
                       "INSERT INTO release_reader (release_id, kind, name) VALUES (?,?,?) "
                       "ON CONFLICT DO NOTHING",
                       NULL, release_id, audience, err);
}

int fk_readers_set_writers(fk_db *db, const char *collection_id, json_t *groups, fk_err *err)
{
    if (delete_rows(db, "DELETE FROM collection_writer WHERE collection_id = ?", collection_id, 0,
                    err) != 0)
        return -1;
    fk_sql *st;
    if (fk_sql_prepare(db,
                       "INSERT INTO collection_writer (collection_id, group_name) VALUES (?,?) "
                       "ON CONFLICT DO NOTHING",
                       &st, err) != 0)
        return fk_db_error(db, err, "writers");
    int rc = 0;
    size_t i;
    json_t *g;
    json_array_foreach(groups, i, g)
    {
        if (rc != 0 || !json_is_string(g))
            continue;
        fk_sql_reset(st);
        fk_sql_bind_text_static(st, 1, collection_id, -1);
        fk_sql_bind_text_static(st, 2, json_string_value(g), -1);
        if (fk_sql_step(st) != FK_SQL_DONE)
            rc = fk_db_error(db, err, "writers");
    }
    fk_sql_finalize(st);
    return rc;
}

/* Reads (key, JSON) pairs first and writes after: a statement is not stepped while
 * another writes to what it reads. */
typedef struct {
    char *key;
    int64_t id;
    json_t *audience, *writers;
} owner;

static int load(fk_db *db, const char *sql, bool text_key, owner **out, size_t *n, fk_err *err)
{
    fk_sql *st;
    *out = NULL;
    *n = 0;
    if (fk_sql_prepare(db, sql, &st, err) != 0)
        return fk_db_error(db, err, "readers");
    size_t cap = 0;
    int rc = 0, step;
    while ((step = fk_sql_step(st)) == FK_SQL_ROW) {
        if (*n == cap) {
            owner *grown = realloc(*out, (cap = cap ? cap * 2 : 16) * sizeof **out);
            if (!grown) {
                rc = fk_errc(err, FK_ERR_NOMEM, "out of memory");
                break;
            }
            *out = grown;
        }
        owner *o = &(*out)[*n];
        *o = (owner){0};
        const char *aud = fk_sql_column_text(st, 1), *wr = fk_sql_column_text(st, 2);
        o->audience = json_loads(aud ? aud : "{}", 0, NULL);
        o->writers = wr ? json_loads(wr, 0, NULL) : NULL;
        if (text_key)
            o->key = strdup(fk_sql_column_text(st, 0) ? fk_sql_column_text(st, 0) : "");
        else
            o->id = fk_sql_column_int64(st, 0);
        (*n)++;
    }
    if (rc == 0 && step != FK_SQL_DONE)
        rc = fk_db_error(db, err, "readers");
    fk_sql_finalize(st);
    return rc;
}

static void drop(owner *o, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(o[i].key);
        json_decref(o[i].audience);
        json_decref(o[i].writers);
    }
    free(o);
}

int fk_readers_migrate(fk_db *db, fk_err *err)
{
    owner *o;
    size_t n;
    int rc = load(db, "SELECT id, audience, write_groups FROM collection", true, &o, &n, err);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        if (!o[i].key)
            rc = fk_errc(err, FK_ERR_NOMEM, "out of memory");
        else if ((rc = fk_readers_set_collection(db, o[i].key, o[i].audience, err)) == 0)
            rc = fk_readers_set_writers(db, o[i].key, o[i].writers, err);
    }
    drop(o, n);
    if (rc != 0)
        return rc;
    rc = load(db, "SELECT id, audience, NULL FROM release", false, &o, &n, err);
    for (size_t i = 0; rc == 0 && i < n; i++)
        rc = fk_readers_set_release(db, o[i].id, o[i].audience, err);
    drop(o, n);
    return rc;
}
