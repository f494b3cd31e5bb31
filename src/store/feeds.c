#include "feeds.h"

#include "audit.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

static int prepare(fk_db *db, fk_sql **st, const char *sql, fk_err *err)
{
    if (fk_sql_prepare(db, sql, st, NULL) != 0)
        return fk_db_error(db, err, "feeds");
    return 0;
}

static bool valid_name(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    return n > 0 && n < 64 &&
           strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.") == n;
}

int fk_feed_add(fk_db *db, const char *actor, const char *name, const char *url,
                const char *collection_id, const char *key_env, fk_err *err)
{
    if (!valid_name(name))
        return fk_errf(err, "feed name '%.80s': expected 1-63 letters, digits, '-', '_' or '.'",
                       name ? name : "");
    size_t ul = url ? strlen(url) : 0;
    if (ul == 0 || ul >= 1024 ||
        (strncasecmp(url, "https://", 8) != 0 && strncasecmp(url, "http://", 7) != 0) ||
        !strstr(url, "/collections/") || url[ul - 1] != '/')
        return fk_errf(err,
                       "feed url '%.200s': expected the http(s) URL of a TAXII 2.1 collection, "
                       "ending in /collections/ID/",
                       url ? url : "");
    if (key_env && *key_env && !valid_name(key_env))
        return fk_errf(err, "--key-env '%.80s': expected the name of an environment variable",
                       key_env);
    fk_sql *st;
    if (prepare(db, &st, "SELECT 1 FROM collection WHERE id = ?", err) != 0)
        return -1;
    fk_sql_bind_text_static(st, 1, collection_id, -1);
    bool exists = fk_sql_step(st) == FK_SQL_ROW;
    fk_sql_finalize(st);
    if (!exists)
        return fk_errf(err, "collection '%.60s': no such local collection to fill",
                       collection_id ? collection_id : "");
    char now[32];
    fk_db_now(now);
    if (fk_db_begin(db, err) != 0)
        return -1;
    if (prepare(db, &st,
                "INSERT INTO taxii_feed (name, url, collection_id, key_env, created_at) "
                "VALUES (?,?,?,?,?)",
                err) != 0) {
        fk_db_rollback(db);
        return -1;
    }
    fk_sql_bind_text_static(st, 1, name, -1);
    fk_sql_bind_text_static(st, 2, url, -1);
    fk_sql_bind_text_static(st, 3, collection_id, -1);
    if (key_env && *key_env)
        fk_sql_bind_text_static(st, 4, key_env, -1);
    fk_sql_bind_text_static(st, 5, now, -1);
    int rc = fk_sql_step(st);
    fk_sql_finalize(st);
    if (rc == FK_SQL_CONSTRAINT) {
        fk_db_rollback(db);
        return fk_errc(err, FK_ERR_CONFLICT, "feed '%s' exists already", name);
    }
    if (rc != FK_SQL_DONE) {
        fk_db_error(db, err, "feed");
        fk_db_rollback(db);
        return -1;
    }
    char detail[1400];
    snprintf(detail, sizeof detail, "{\"url\":\"%s\",\"collection\":\"%s\"}", url, collection_id);
    if (fk_audit_append(db, actor, "feed.add", name, detail, err) != 0) {
        fk_db_rollback(db);
        return -1;
    }
    return fk_db_commit(db, err);
}

int fk_feed_remove(fk_db *db, const char *actor, const char *name, fk_err *err)
{
    fk_sql *st;
    if (fk_db_begin(db, err) != 0)
        return -1;
    if (prepare(db, &st, "DELETE FROM taxii_feed WHERE name = ?", err) != 0) {
        fk_db_rollback(db);
        return -1;
    }
    fk_sql_bind_text_static(st, 1, name, -1);
    int rc = fk_sql_step(st);
    fk_sql_finalize(st);
    if (rc != FK_SQL_DONE) {
        fk_db_error(db, err, "feed");
        fk_db_rollback(db);
        return -1;
    }
    if (fk_db_changes(db) == 0) {
        fk_db_rollback(db);
        return 1;
    }
    if (fk_audit_append(db, actor, "feed.remove", name, "{}", err) != 0) {
        fk_db_rollback(db);
        return -1;
    }
    return fk_db_commit(db, err);
}

static void copy_col(fk_sql *st, int col, char *out, size_t cap)
{
    const char *v = (const char *)fk_sql_column_text(st, col);
    snprintf(out, cap, "%s", v ? v : "");
}

int fk_feed_get(fk_db *db, const char *name, fk_feed *out, fk_err *err)
{
    fk_sql *st;
    if (prepare(db, &st,
                "SELECT name, url, collection_id, key_env, added_after FROM taxii_feed "
                "WHERE name = ?",
                err) != 0)
        return -1;
    fk_sql_bind_text_static(st, 1, name, -1);
    int rc = fk_sql_step(st);
    if (rc == FK_SQL_ROW) {
        copy_col(st, 0, out->name, sizeof out->name);
        copy_col(st, 1, out->url, sizeof out->url);
        copy_col(st, 2, out->collection_id, sizeof out->collection_id);
        copy_col(st, 3, out->key_env, sizeof out->key_env);
        copy_col(st, 4, out->added_after, sizeof out->added_after);
    }
    fk_sql_finalize(st);
    if (rc == FK_SQL_ROW)
        return 0;
    return rc == FK_SQL_DONE ? 1 : fk_db_error(db, err, "feed");
}

int fk_feed_names(fk_db *db, json_t **out, fk_err *err)
{
    fk_sql *st;
    if (prepare(db, &st, "SELECT name FROM taxii_feed ORDER BY name", err) != 0)
        return -1;
    json_t *arr = json_array();
    while (arr && fk_sql_step(st) == FK_SQL_ROW)
        json_array_append_new(arr, json_string((const char *)fk_sql_column_text(st, 0)));
    fk_sql_finalize(st);
    if (!arr)
        return fk_errc(err, FK_ERR_NOMEM, "out of memory");
    *out = arr;
    return 0;
}

int fk_feed_list(fk_db *db, json_t **out, fk_err *err)
{
    static const char *const cols[] = {
        "name",         "url",        "collection", "key_env",       "added_after",
        "last_poll_at", "last_ok_at", "last_error", "objects_taken", "objects_withheld"};
    fk_sql *st;
    if (prepare(db, &st,
                "SELECT name, url, collection_id, key_env, added_after, last_poll_at, last_ok_at, "
                "last_error, objects_taken, objects_withheld FROM taxii_feed ORDER BY name",
                err) != 0)
        return -1;
    json_t *arr = json_array();
    while (arr && fk_sql_step(st) == FK_SQL_ROW) {
        json_t *row = json_object();
        for (int c = 0; row && c < 10; c++) {
            json_t *v = fk_sql_column_type(st, c) == FK_SQL_NULL ? json_null()
                        : c >= 8 ? json_integer(fk_sql_column_int64(st, c))
                                 : json_string((const char *)fk_sql_column_text(st, c));
            json_object_set_new(row, cols[c], v);
        }
        json_array_append_new(arr, row);
    }
    fk_sql_finalize(st);
    if (!arr)
        return fk_errc(err, FK_ERR_NOMEM, "out of memory");
    *out = arr;
    return 0;
}

int fk_feed_record_poll(fk_db *db, const char *name, const char *added_after, int64_t taken,
                        int64_t withheld, const char *error, fk_err *err)
{
    char now[32];
    fk_db_now(now);
    fk_sql *st;
    if (prepare(db, &st,
                "UPDATE taxii_feed SET last_error = ?4, added_after = COALESCE(?2, added_after), "
                "last_poll_at = ?3, last_ok_at = CASE WHEN CAST(?4 AS TEXT) IS NULL THEN ?3 ELSE "
                "last_ok_at "
                "END, objects_taken = objects_taken + ?5, "
                "objects_withheld = objects_withheld + ?6 WHERE name = ?1",
                err) != 0)
        return -1;
    fk_sql_bind_text_static(st, 1, name, -1);
    if (added_after && *added_after)
        fk_sql_bind_text_static(st, 2, added_after, -1);
    fk_sql_bind_text_static(st, 3, now, -1);
    if (error)
        fk_sql_bind_text_static(st, 4, error, -1);
    fk_sql_bind_int64(st, 5, taken);
    fk_sql_bind_int64(st, 6, withheld);
    int rc = fk_sql_step(st);
    fk_sql_finalize(st);
    return rc == FK_SQL_DONE ? 0 : fk_db_error(db, err, "feed");
}
