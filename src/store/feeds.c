#include "feeds.h"

#include "audit.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

static int prepare(fk_db *db, sqlite3_stmt **st, const char *sql, fk_err *err)
{
    if (sqlite3_prepare_v2(fk_db_handle(db), sql, -1, st, NULL) != SQLITE_OK)
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
    sqlite3_stmt *st;
    if (prepare(db, &st, "SELECT 1 FROM collection WHERE id = ?", err) != 0)
        return -1;
    sqlite3_bind_text(st, 1, collection_id, -1, SQLITE_STATIC);
    bool exists = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_finalize(st);
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
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, url, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, collection_id, -1, SQLITE_STATIC);
    if (key_env && *key_env)
        sqlite3_bind_text(st, 4, key_env, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, now, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc == SQLITE_CONSTRAINT) {
        fk_db_rollback(db);
        return fk_errc(err, FK_ERR_CONFLICT, "feed '%s' exists already", name);
    }
    if (rc != SQLITE_DONE) {
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
    sqlite3_stmt *st;
    if (fk_db_begin(db, err) != 0)
        return -1;
    if (prepare(db, &st, "DELETE FROM taxii_feed WHERE name = ?", err) != 0) {
        fk_db_rollback(db);
        return -1;
    }
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        fk_db_error(db, err, "feed");
        fk_db_rollback(db);
        return -1;
    }
    if (sqlite3_changes(fk_db_handle(db)) == 0) {
        fk_db_rollback(db);
        return 1;
    }
    if (fk_audit_append(db, actor, "feed.remove", name, "{}", err) != 0) {
        fk_db_rollback(db);
        return -1;
    }
    return fk_db_commit(db, err);
}

static void copy_col(sqlite3_stmt *st, int col, char *out, size_t cap)
{
    const char *v = (const char *)sqlite3_column_text(st, col);
    snprintf(out, cap, "%s", v ? v : "");
}

int fk_feed_get(fk_db *db, const char *name, fk_feed *out, fk_err *err)
{
    sqlite3_stmt *st;
    if (prepare(db, &st,
                "SELECT name, url, collection_id, key_env, added_after FROM taxii_feed "
                "WHERE name = ?",
                err) != 0)
        return -1;
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        copy_col(st, 0, out->name, sizeof out->name);
        copy_col(st, 1, out->url, sizeof out->url);
        copy_col(st, 2, out->collection_id, sizeof out->collection_id);
        copy_col(st, 3, out->key_env, sizeof out->key_env);
        copy_col(st, 4, out->added_after, sizeof out->added_after);
    }
    sqlite3_finalize(st);
    if (rc == SQLITE_ROW)
        return 0;
    return rc == SQLITE_DONE ? 1 : fk_db_error(db, err, "feed");
}

int fk_feed_names(fk_db *db, json_t **out, fk_err *err)
{
    sqlite3_stmt *st;
    if (prepare(db, &st, "SELECT name FROM taxii_feed ORDER BY name", err) != 0)
        return -1;
    json_t *arr = json_array();
    while (arr && sqlite3_step(st) == SQLITE_ROW)
        json_array_append_new(arr, json_string((const char *)sqlite3_column_text(st, 0)));
    sqlite3_finalize(st);
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
    sqlite3_stmt *st;
    if (prepare(db, &st,
                "SELECT name, url, collection_id, key_env, added_after, last_poll_at, last_ok_at, "
                "last_error, objects_taken, objects_withheld FROM taxii_feed ORDER BY name",
                err) != 0)
        return -1;
    json_t *arr = json_array();
    while (arr && sqlite3_step(st) == SQLITE_ROW) {
        json_t *row = json_object();
        for (int c = 0; row && c < 10; c++) {
            json_t *v = sqlite3_column_type(st, c) == SQLITE_NULL ? json_null()
                        : c >= 8 ? json_integer(sqlite3_column_int64(st, c))
                                 : json_string((const char *)sqlite3_column_text(st, c));
            json_object_set_new(row, cols[c], v);
        }
        json_array_append_new(arr, row);
    }
    sqlite3_finalize(st);
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
    sqlite3_stmt *st;
    if (prepare(db, &st,
                "UPDATE taxii_feed SET added_after = COALESCE(?2, added_after), "
                "last_poll_at = ?3, last_ok_at = CASE WHEN ?4 IS NULL THEN ?3 ELSE last_ok_at "
                "END, last_error = ?4, objects_taken = objects_taken + ?5, "
                "objects_withheld = objects_withheld + ?6 WHERE name = ?1",
                err) != 0)
        return -1;
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    if (added_after && *added_after)
        sqlite3_bind_text(st, 2, added_after, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, now, -1, SQLITE_STATIC);
    if (error)
        sqlite3_bind_text(st, 4, error, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 5, taken);
    sqlite3_bind_int64(st, 6, withheld);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : fk_db_error(db, err, "feed");
}
