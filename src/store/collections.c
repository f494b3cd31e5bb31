#include "collections.h"

#include "../core/sbuf.h"
#include "../core/timefmt.h"
#include "../core/uuid.h"
#include "../intel/stix.h"
#include "../model/audience.h"
#include "audit.h"
#include "readers.h"
#include "sectors.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *dump(json_t *j)
{
    return json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
}

static bool valid_root_name(const char *name)
{
    return name && *name && strlen(name) <= 64 &&
           strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789-_") == strlen(name);
}

static bool sector_in_db(void *db, const char *code)
{
    return fk_sector_known(db, code);
}

int fk_collection_create(fk_db *db, const char *actor, const char *id, const char *api_root,
                         const char *title, const char *description, json_t *audience,
                         json_t *write_groups, char id_out[40], fk_err *err)
{
    if (id) {
        if (!fk_uuid_valid(id, true))
            return fk_errf(err, "collection id '%.60s': expected a lower-case UUID", id);
        snprintf(id_out, 40, "%s", id);
    } else if (!fk_uuid4(id_out)) {
        return fk_errf(err, "no randomness for a collection id");
    }
    if (!valid_root_name(api_root))
        return fk_errf(err, "API root '%s': expected lower-case letters, digits, '-' or '_'",
                       api_root ? api_root : "");
    if (!title || !*title)
        return fk_errf(err, "collection title: required");
    json_t *norm = fk_audience_normalise(audience, sector_in_db, db, err);
    if (!norm)
        return -1;
    char *aud = dump(norm), *wg = write_groups ? dump(write_groups) : strdup("[]"), now[32];
    fk_sql *st = NULL;
    int rc = -1;
    if (!aud || !wg) {
        fk_errf(err, "out of memory");
        goto out;
    }
    if (fk_db_begin(db, err) != 0)
        goto out;
    if (fk_sql_prepare(db,
                       "INSERT INTO collection (id, api_root, title, description, audience, "
                       "write_groups, created_at) "
                       "VALUES (?,?,?,?,?,?,?)",
                       &st, NULL) != 0) {
        fk_db_error(db, err, "collection");
        fk_db_rollback(db);
        goto out;
    }
    fk_sql_bind_text_static(st, 1, id_out, -1);
    fk_sql_bind_text_static(st, 2, api_root, -1);
    fk_sql_bind_text_static(st, 3, title, -1);
    fk_sql_bind_text_static(st, 4, description ? description : "", -1);
    fk_sql_bind_text_static(st, 5, aud, -1);
    fk_sql_bind_text_static(st, 6, wg, -1);
    fk_sql_bind_text_static(st, 7, fk_db_now(now), -1);
    int step = fk_sql_step(st);
    fk_sql_finalize(st);
    if (step != FK_SQL_DONE) {
        if (step == FK_SQL_CONSTRAINT)
            fk_errf(err, "collection %s already exists", id_out);
        else
            fk_db_error(db, err, "collection");
        fk_db_rollback(db);
        goto out;
    }
    if (fk_readers_set_collection(db, id_out, norm, err) != 0 ||
        (write_groups && fk_readers_set_writers(db, id_out, write_groups, err) != 0)) {
        fk_db_rollback(db);
        goto out;
    }
    char detail[600];
    snprintf(detail, sizeof detail, "{\"api_root\":\"%s\",\"audience\":%.500s}", api_root, aud);
    if (fk_audit_append(db, actor, "collection.create", id_out, detail, err) != 0 ||
        fk_db_commit(db, err) != 0) {
        fk_db_rollback(db);
        goto out;
    }
    rc = 0;
out:
    json_decref(norm);
    free(aud);
    free(wg);
    return rc;
}

int fk_api_root_create(fk_db *db, const char *actor, const char *name, const char *title,
                       const char *description, fk_err *err)
{
    if (!valid_root_name(name))
        return fk_errf(err, "API root '%.64s': expected lower-case letters, digits, '-' or '_'",
                       name ? name : "");
    if (!title || !*title)
        return fk_errf(err, "API root title: required");
    fk_sql *st;
    char now[32];
    if (fk_db_begin(db, err) != 0)
        return -1;
    if (fk_sql_prepare(
            db, "INSERT INTO api_root (name, title, description, created_at) VALUES (?,?,?,?)", &st,
            NULL) != 0) {
        fk_db_rollback(db);
        return fk_db_error(db, err, "api root");
    }
    fk_sql_bind_text_static(st, 1, name, -1);
    fk_sql_bind_text_static(st, 2, title, -1);
    fk_sql_bind_text_static(st, 3, description ? description : "", -1);
    fk_sql_bind_text_static(st, 4, fk_db_now(now), -1);
    int step = fk_sql_step(st);
    fk_sql_finalize(st);
    if (step != FK_SQL_DONE) {
        fk_db_rollback(db);
        return step == FK_SQL_CONSTRAINT ? fk_errf(err, "API root '%s' already exists", name)
                                         : fk_db_error(db, err, "api root");
    }
    if (fk_audit_append(db, actor, "api_root.create", name, "{}", err) != 0 ||
        fk_db_commit(db, err) != 0) {
        fk_db_rollback(db);
        return -1;
    }
    return 0;
}

int fk_api_root_info(fk_db *db, const char *name, json_t **out, fk_err *err)
{
    fk_sql *st;
    if (fk_sql_prepare(db, "SELECT title, description FROM api_root WHERE name = ?", &st, NULL) !=
        0)
        return fk_db_error(db, err, "api root");
    fk_sql_bind_text_static(st, 1, name, -1);
    if (fk_sql_step(st) == FK_SQL_ROW)
        *out = json_pack("{ss ss}", "title", fk_sql_column_text(st, 0), "description",
                         fk_sql_column_text(st, 1));
    else
        *out = json_pack("{ss ss}", "title", name, "description", "");
    fk_sql_finalize(st);
    return *out ? 0 : fk_errf(err, "out of memory");
}

int fk_api_roots(fk_db *db, json_t **out, fk_err *err)
{
    fk_sql *st;
    if (fk_sql_prepare(db,
                       "SELECT ? UNION SELECT DISTINCT api_root FROM collection UNION SELECT "
                       "name FROM api_root "
                       "ORDER BY 1",
                       &st, NULL) != 0)
        return fk_db_error(db, err, "api roots");
    fk_sql_bind_text_static(st, 1, FK_DEFAULT_API_ROOT, -1);
    json_t *arr = json_array();
    while (fk_sql_step(st) == FK_SQL_ROW)
        json_array_append_new(arr, json_string((const char *)fk_sql_column_text(st, 0)));
    fk_sql_finalize(st);
    *out = arr;
    return 0;
}

/* Whether the principal (?2 centre, ?3 sector, ?4 organisation) may read, or write to,
 * collection c: model/audience's rule over the reader rows (see readers.h). */
#define READERS_SQL FK_READERS_ADMIT("collection_reader", "collection_id", "c.id", "?2", "?3", "?4")
#define WRITERS_SQL FK_WRITERS_ADMIT("c.id", "?2", "?4")

static void bind_who(fk_sql *st, const fk_principal *who)
{
    fk_sql_bind_int64(st, 2, fk_role_is_centre(who->role));
    fk_sql_bind_text(st, 3, who->sector, -1);
    fk_sql_bind_int64(st, 4, who->org_id);
}

int fk_collection_list(fk_db *db, const fk_principal *who, const char *api_root, json_t **out,
                       fk_err *err)
{
    fk_sql *st;
    if (fk_sql_prepare(db,
                       "SELECT c.id, c.title, c.description, " READERS_SQL ", " WRITERS_SQL
                       " FROM collection c WHERE c.api_root = ?1 AND (" READERS_SQL
                       " OR " WRITERS_SQL ") ORDER BY c.created_at, c.id",
                       &st, NULL) != 0)
        return fk_db_error(db, err, "collections");
    fk_sql_bind_text(st, 1, api_root, -1);
    bind_who(st, who);
    json_t *arr = json_array();
    while (fk_sql_step(st) == FK_SQL_ROW)
        json_array_append_new(
            arr,
            json_pack("{ss ss ss sb sb s[s]}", "id", fk_sql_column_text(st, 0), "title",
                      fk_sql_column_text(st, 1), "description", fk_sql_column_text(st, 2),
                      "can_read", fk_sql_column_int(st, 3), "can_write", fk_sql_column_int(st, 4),
                      "media_types", "application/stix+json;version=2.1"));
    fk_sql_finalize(st);
    *out = arr;
    return 0;
}

int fk_collection_access(fk_db *db, const fk_principal *who, const char *api_root, const char *id,
                         bool *can_read, bool *can_write, fk_err *err)
{
    fk_sql *st;
    if (fk_sql_prepare(db,
                       "SELECT " READERS_SQL ", " WRITERS_SQL
                       " FROM collection c WHERE c.api_root = ?1 AND c.id = ?5",
                       &st, NULL) != 0)
        return fk_db_error(db, err, "collection");
    fk_sql_bind_text(st, 1, api_root, -1);
    bind_who(st, who);
    fk_sql_bind_text(st, 5, id, -1);
    int rc = 1;
    if (fk_sql_step(st) == FK_SQL_ROW) {
        *can_read = fk_sql_column_int(st, 0);
        *can_write = fk_sql_column_int(st, 1);
        rc = 0;
    }
    fk_sql_finalize(st);
    return rc;
}

/* An object checked and ready for its row. */
typedef struct {
    const char *id, *type, *spec;
    char version[40];
    char *text; /* the object as stored (owned) */
} object_row;

/* Checks one object and fills its row (0), or says what is wrong with it (-1). */
static int object_row_of(json_t *obj, const char *date_added, object_row *r, fk_err *err)
{
    memset(r, 0, sizeof *r);
    const char *type = json_string_value(json_object_get(obj, "type"));
    const char *id = json_string_value(json_object_get(obj, "id"));
    if (!json_is_object(obj) || !type || !id)
        return fk_errf(err, "expected a STIX object with \"type\" and \"id\"");
    size_t tl = strlen(type);
    if (strncmp(id, type, tl) != 0 || strncmp(id + tl, "--", 2) != 0 ||
        !fk_uuid_valid(id + tl + 2, false))
        return fk_errf(err, "id '%.100s': expected '%.60s--' and a UUID", id, type);
    /* STIX 2.1 section 3.2: an object without spec_version is a STIX 2.0 object */
    const char *spec = json_string_value(json_object_get(obj, "spec_version"));
    if (!spec)
        spec = "2.0";
    if (strcmp(spec, "2.1") != 0 && strcmp(spec, "2.0") != 0)
        return fk_errf(err, "spec_version '%.20s': expected 2.1 or 2.0", spec);
    /* the version of an object is its modified time, or created for immutable ones;
     * kept as an instant (one fixed-width UTC form, to the microsecond), so that one
     * time written two ways is one version and text order is time order */
    const char *written = json_string_value(json_object_get(obj, "modified"));
    if (!written)
        written = json_string_value(json_object_get(obj, "created"));
    if (!written)
        written = date_added;
    int64_t us;
    if (!fk_time_parse_iso8601_us(written, strlen(written), &us))
        return fk_errf(err, "modified/created '%.40s': expected an RFC 3339 time", written);
    fk_time_format_us(us, r->version);
    if (!(r->text = dump(obj)))
        return fk_errc(err, FK_ERR_NOMEM, "out of memory");
    r->id = id;
    r->type = type;
    r->spec = spec;
    return 0;
}

/* Rows a statement carries at most: seven parameters each, well inside both backends'
 * limits (SQLite 32,766 parameters, PostgreSQL 65,535). */
#define ROWS_PER_INSERT 200

/* Inserts rows[0..n) in one statement; added[i] tells which were new (a version already
 * there, or twice in the load, is not). */
static int insert_rows(fk_db *db, const char *collection, const object_row *rows, size_t n,
                       const char *date_added, bool *added, fk_err *err)
{
    fk_sbuf sql = {0};
    int rc = fk_sbuf_puts(&sql, "INSERT INTO taxii_object (collection_id, object_id, version, "
                                "type, spec_version, date_added, object) VALUES ");
    for (size_t i = 0; rc == 0 && i < n; i++)
        rc = fk_sbuf_puts(&sql, i ? ",(?,?,?,?,?,?,?)" : "(?,?,?,?,?,?,?)");
    rc = rc || fk_sbuf_puts(&sql, " ON CONFLICT DO NOTHING RETURNING object_id, version, "
                                  "spec_version");
    char *text = rc ? NULL : fk_sbuf_take(&sql);
    fk_sbuf_free(&sql);
    if (!text)
        return fk_errc(err, FK_ERR_NOMEM, "out of memory");
    fk_sql *st;
    rc = fk_sql_prepare(db, text, &st, err);
    free(text);
    if (rc != 0)
        return fk_db_error(db, err, "objects");
    for (size_t i = 0; i < n; i++) {
        int k = (int)i * 7;
        fk_sql_bind_text_static(st, k + 1, collection, -1);
        fk_sql_bind_text_static(st, k + 2, rows[i].id, -1);
        fk_sql_bind_text_static(st, k + 3, rows[i].version, -1);
        fk_sql_bind_text_static(st, k + 4, rows[i].type, -1);
        fk_sql_bind_text_static(st, k + 5, rows[i].spec, -1);
        fk_sql_bind_text_static(st, k + 6, date_added, -1);
        fk_sql_bind_text_static(st, k + 7, rows[i].text, -1);
        added[i] = false;
    }
    /* each row that came back was new: the first object of the load with its id,
     * version and specification version (the same key twice in a load goes in once) */
    int step;
    while ((step = fk_sql_step(st)) == FK_SQL_ROW) {
        const char *id = fk_sql_column_text(st, 0), *version = fk_sql_column_text(st, 1),
                   *spec = fk_sql_column_text(st, 2);
        for (size_t i = 0; id && version && spec && i < n; i++)
            if (!added[i] && !strcmp(rows[i].id, id) && !strcmp(rows[i].version, version) &&
                !strcmp(rows[i].spec, spec)) {
                added[i] = true;
                break;
            }
    }
    rc = step == FK_SQL_DONE ? 0 : fk_db_error(db, err, "objects");
    fk_sql_finalize(st);
    return rc;
}

int fk_taxii_add_many(fk_db *db, const char *collection, json_t *const *objs, size_t n,
                      const char *date_added, int *result, fk_err *why, fk_err *err)
{
    object_row rows[ROWS_PER_INSERT];
    size_t at[ROWS_PER_INSERT];
    bool added[ROWS_PER_INSERT];
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < n;) {
        size_t k = 0;
        for (; i < n && k < ROWS_PER_INSERT; i++) {
            if (object_row_of(objs[i], date_added, &rows[k], &why[i]) != 0) {
                result[i] = -1;
                if (why[i].code == FK_ERR_NOMEM)
                    rc = -1, *err = why[i];
                continue;
            }
            at[k++] = i;
        }
        if (rc == 0 && k)
            rc = insert_rows(db, collection, rows, k, date_added, added, err);
        for (size_t j = 0; j < k; j++) {
            if (rc == 0)
                result[at[j]] = added[j] ? 0 : 1;
            free(rows[j].text);
        }
    }
    return rc;
}

int fk_taxii_add(fk_db *db, const char *collection, json_t *obj, const char *date_added,
                 fk_err *err)
{
    int result = -1;
    fk_err why;
    if (fk_taxii_add_many(db, collection, &obj, 1, date_added, &result, &why, err) != 0)
        return -1;
    if (result < 0)
        *err = why;
    return result;
}

/* A release reaches collection c when everyone c names as readers is in the release's
 * audience: the release may go to more readers than c has, never fewer. */
int fk_taxii_publish(fk_db *db, json_t *audience, json_t *bundle, size_t *collections, fk_err *err)
{
    *collections = 0;
    fk_sql *st;
    /* model/audience decides which collections a release reaches; a centre has few
     * collections, so each one's audience is read and judged here */
    if (fk_sql_prepare(db, "SELECT c.id, c.audience FROM collection c ORDER BY c.id", &st, err) !=
        0)
        return fk_db_error(db, err, "publish");
    json_t *ids = json_array();
    while (ids && fk_sql_step(st) == FK_SQL_ROW) {
        const char *text = fk_sql_column_text(st, 1);
        json_t *col = text ? json_loads(text, 0, NULL) : NULL;
        if (fk_audience_reaches(audience, col))
            json_array_append_new(ids, json_string(fk_sql_column_text(st, 0)));
        json_decref(col);
    }
    fk_sql_finalize(st);
    if (!ids)
        return fk_errc(err, FK_ERR_NOMEM, "out of memory");
    char now[40];
    fk_db_now_us(now);
    int rc = fk_db_begin(db, err);
    json_t *objects = json_object_get(bundle, "objects");
    size_t n = json_array_size(objects);
    json_t **objs = n ? malloc(n * sizeof *objs) : NULL;
    int *result = n ? malloc(n * sizeof *result) : NULL;
    fk_err *why = n ? malloc(n * sizeof *why) : NULL;
    if (n && (!objs || !result || !why))
        rc = fk_errc(err, FK_ERR_NOMEM, "out of memory");
    for (size_t k = 0; rc == 0 && k < n; k++)
        objs[k] = json_array_get(objects, k);
    size_t i;
    json_t *cid;
    json_array_foreach(ids, i, cid)
    {
        if (rc == 0 && n)
            rc = fk_taxii_add_many(db, json_string_value(cid), objs, n, now, result, why, err);
        /* the centre's own release: an object the store refuses is a fault, not input */
        for (size_t k = 0; rc == 0 && k < n; k++)
            if (result[k] < 0) {
                *err = why[k];
                rc = -1;
            }
    }
    free(objs);
    free(result);
    free(why);
    if (rc == 0)
        rc = fk_db_commit(db, err);
    if (rc != 0)
        fk_db_rollback(db);
    else
        *collections = json_array_size(ids);
    json_decref(ids);
    return rc;
}

/* ---- queries ---- */

/* Up to 64 bound values gathered while the SQL is written. */
typedef struct {
    const char *v[64];
    size_t len[64];
    int n;
    char times[64][40]; /* timestamps rewritten to their stored (canonical) form */
    int ntimes;
} binds;

/* Appends "?N" for a new bound value. */
static int bind_value(fk_sbuf *sql, binds *b, const char *v, size_t n)
{
    if (b->n >= 64)
        return -1;
    char ph[16];
    snprintf(ph, sizeof ph, "?%d", b->n + 1);
    b->v[b->n] = v;
    b->len[b->n++] = n;
    return fk_sbuf_puts(sql, ph);
}

/* A timestamp of a query, bound in the form versions and dates are stored in. */
static int bind_time(fk_sbuf *sql, binds *b, int64_t us)
{
    if (b->ntimes >= 64)
        return -1;
    const char *t = fk_time_format_us(us, b->times[b->ntimes++]);
    return bind_value(sql, b, t, strlen(t));
}

/* "a,b,c" -> "col IN (?1,?2,?3)" */
static int in_list(fk_sbuf *sql, binds *b, const char *col, const char *list)
{
    if (fk_sbuf_puts(sql, " AND ") || fk_sbuf_puts(sql, col) || fk_sbuf_puts(sql, " IN ("))
        return -1;
    const char *p = list;
    bool first = true;
    while (*p) {
        size_t n = strcspn(p, ",");
        if (n && b->n < 60) {
            if ((!first && fk_sbuf_puts(sql, ",")) || bind_value(sql, b, p, n))
                return -1;
            first = false;
        }
        p += n + (p[n] == ',');
    }
    return first ? fk_sbuf_puts(sql, "NULL)") : fk_sbuf_puts(sql, ")");
}

static int versions_clause(fk_sbuf *sql, binds *b, const char *list, fk_err *err)
{
    if (!list)
        list = "last";
    if (!*list)
        return fk_errf(err, "match[version]: expected last, first, all or timestamps, separated "
                            "by commas");
    if (fk_sbuf_puts(sql, " AND ("))
        return -1;
    const char *p = list;
    bool first = true;
    while (*p) {
        size_t n = strcspn(p, ",");
        if (!first && fk_sbuf_puts(sql, " OR "))
            return -1;
        first = false;
        if (n == 3 && !strncmp(p, "all", 3)) {
            fk_sbuf_puts(sql, "1 = 1");
        } else if (n == 4 && !strncmp(p, "last", 4)) {
            /* the newest version among those of the same specification version */
            fk_sbuf_puts(sql, "t.version = (SELECT max(x.version) FROM taxii_object x WHERE "
                              "x.collection_id = t.collection_id "
                              "AND x.object_id = t.object_id AND x.spec_version = t.spec_version)");
        } else if (n == 5 && !strncmp(p, "first", 5)) {
            fk_sbuf_puts(sql, "t.version = (SELECT min(x.version) FROM taxii_object x WHERE "
                              "x.collection_id = t.collection_id "
                              "AND x.object_id = t.object_id AND x.spec_version = t.spec_version)");
        } else {
            int64_t us;
            if (!fk_time_parse_iso8601_us(p, n, &us) || b->n >= 60)
                return fk_errf(err, "match[version]: '%.*s' is not last, first, all or a timestamp",
                               (int)n, p);
            if (fk_sbuf_puts(sql, "t.version = ") || bind_time(sql, b, us))
                return -1;
        }
        p += n + (p[n] == ',');
    }
    return fk_sbuf_puts(sql, ")");
}

/* match[spec_version], or without it the latest specification version the collection
 * holds of each object (TAXII 2.1, 3.4.1). */
static int spec_clause(fk_sbuf *sql, binds *b, const char *list)
{
    if (list)
        return in_list(sql, b, "t.spec_version", list);
    return fk_sbuf_puts(sql, " AND t.spec_version = (SELECT max(s.spec_version) FROM taxii_object "
                             "s WHERE s.collection_id = t.collection_id AND s.object_id = "
                             "t.object_id)");
}

int fk_taxii_query_run(fk_db *db, const char *collection, const fk_taxii_query *q,
                       fk_taxii_view view, fk_taxii_page *page, fk_err *err)
{
    memset(page, 0, sizeof *page);
    fk_sbuf sql = {0};
    binds b = {.n = 0};
    int64_t after_us = 0;
    if (q->added_after &&
        !fk_time_parse_iso8601_us(q->added_after, strlen(q->added_after), &after_us))
        return fk_errf(err, "added_after: expected an RFC 3339 time, got '%.40s'", q->added_after);
    char next[24], limit[24];
    snprintf(next, sizeof next, "%lld", (long long)q->next);
    snprintf(limit, sizeof limit, "%zu", q->limit + 1);
    int rc =
        fk_sbuf_puts(&sql,
                     "SELECT t.seq, t.object_id, t.version, t.date_added, t.object, t.spec_version "
                     "FROM taxii_object t "
                     "WHERE t.collection_id = ") ||
        bind_value(&sql, &b, collection, strlen(collection));
    /* the cursor and the limit are numbers this function formatted itself */
    if (rc == 0 && q->next > 0)
        rc = fk_sbuf_puts(&sql, " AND t.seq > ") || fk_sbuf_puts(&sql, next);
    /* the stored form, so that text comparison is time order */
    if (rc == 0 && q->added_after)
        rc = fk_sbuf_puts(&sql, " AND t.date_added > ") || bind_time(&sql, &b, after_us);
    if (rc == 0 && q->object_id)
        rc = fk_sbuf_puts(&sql, " AND t.object_id = ") ||
             bind_value(&sql, &b, q->object_id, strlen(q->object_id));
    if (rc == 0 && q->ids)
        rc = in_list(&sql, &b, "t.object_id", q->ids);
    if (rc == 0 && q->types)
        rc = in_list(&sql, &b, "t.type", q->types);
    if (rc == 0)
        rc = spec_clause(&sql, &b, q->spec_versions);
    if (rc == 0)
        rc = versions_clause(&sql, &b,
                             view == FK_TAXII_VERSIONS && !q->versions ? "all" : q->versions, err);
    if (rc == 0)
        rc = fk_sbuf_puts(&sql, " ORDER BY t.seq LIMIT ") || fk_sbuf_puts(&sql, limit);
    fk_sql *st = NULL;
    if (rc != 0 || fk_sql_prepare(db, sql.p, &st, NULL) != 0) {
        free(sql.p);
        return rc != 0 ? -1 : fk_db_error(db, err, "objects");
    }
    free(sql.p);
    for (int i = 0; i < b.n; i++)
        fk_sql_bind_text_static(st, i + 1, b.v[i], (int)b.len[i]);

    fk_sbuf out = {0};
    const char *open = view == FK_TAXII_OBJECTS    ? "\"objects\":["
                       : view == FK_TAXII_MANIFEST ? "\"objects\":["
                                                   : "\"versions\":[";
    rc = fk_sbuf_puts(&out, "{");
    fk_sbuf items = {0};
    int64_t last_seq = 0;
    bool more = false;
    int step;
    while (rc == 0 && (step = fk_sql_step(st)) == FK_SQL_ROW) {
        if (page->count == q->limit) {
            more = true;
            break;
        }
        last_seq = fk_sql_column_int64(st, 0);
        const char *added = (const char *)fk_sql_column_text(st, 3);
        if (page->count == 0)
            snprintf(page->first_added, sizeof page->first_added, "%s", added);
        snprintf(page->last_added, sizeof page->last_added, "%s", added);
        if (page->count && fk_sbuf_put(&items, ",", 1))
            rc = -1;
        if (view == FK_TAXII_OBJECTS) {
            /* stored compact JSON goes out as it is: no parse and re-serialise per object */
            rc = rc ? rc
                    : fk_sbuf_put(&items, (const char *)fk_sql_column_text(st, 4),
                                  (size_t)fk_sql_column_bytes(st, 4));
        } else if (view == FK_TAXII_MANIFEST) {
            char media[64];
            snprintf(media, sizeof media, "application/stix+json;version=%s",
                     (const char *)fk_sql_column_text(st, 5));
            json_t *m = json_pack("{ss ss ss ss}", "id", fk_sql_column_text(st, 1), "date_added",
                                  added, "version", fk_sql_column_text(st, 2), "media_type", media);
            char *t = m ? dump(m) : NULL;
            rc = rc ? rc : t ? fk_sbuf_puts(&items, t) : -1;
            free(t);
            json_decref(m);
        } else {
            json_t *v = json_string((const char *)fk_sql_column_text(st, 2));
            char *t = v ? json_dumps(v, JSON_ENCODE_ANY) : NULL;
            rc = rc ? rc : t ? fk_sbuf_puts(&items, t) : -1;
            free(t);
            json_decref(v);
        }
        page->count++;
    }
    fk_sql_finalize(st);
    char head[64];
    if (more)
        snprintf(head, sizeof head, "\"more\":true,\"next\":\"%lld\"", (long long)last_seq);
    else
        snprintf(head, sizeof head, "\"more\":false");
    if (rc == 0)
        rc = fk_sbuf_puts(&out, head);
    if (rc == 0 && page->count)
        rc = fk_sbuf_puts(&out, ",") || fk_sbuf_puts(&out, open) ||
             fk_sbuf_put(&out, items.p, items.len) || fk_sbuf_puts(&out, "]");
    if (rc == 0)
        rc = fk_sbuf_puts(&out, "}");
    free(items.p);
    if (rc != 0) {
        free(out.p);
        return fk_errf(err, "out of memory");
    }
    page->body = out.p;
    return 0;
}

int fk_taxii_delete(fk_db *db, const char *actor, const char *collection, const char *object_id,
                    const fk_taxii_query *q, int *deleted, fk_err *err)
{
    fk_sbuf sql = {0};
    binds b = {.n = 0};
    int rc =
        fk_sbuf_puts(
            &sql, "DELETE FROM taxii_object WHERE seq IN (SELECT t.seq FROM taxii_object t WHERE "
                  "t.collection_id = ") ||
        bind_value(&sql, &b, collection, strlen(collection)) ||
        fk_sbuf_puts(&sql, " AND t.object_id = ") ||
        bind_value(&sql, &b, object_id, strlen(object_id));
    if (rc == 0 && q->spec_versions)
        rc = in_list(&sql, &b, "t.spec_version", q->spec_versions);
    if (rc == 0) /* deleting: every version unless match[version] narrows it */
        rc = versions_clause(&sql, &b, q->versions ? q->versions : "all", err);
    if (rc == 0)
        rc = fk_sbuf_puts(&sql, ")");
    fk_sql *st;
    if (rc != 0 || fk_db_begin(db, err) != 0) {
        free(sql.p);
        return -1;
    }
    if (fk_sql_prepare(db, sql.p, &st, NULL) != 0) {
        free(sql.p);
        fk_db_rollback(db);
        return fk_db_error(db, err, "delete");
    }
    free(sql.p);
    for (int i = 0; i < b.n; i++)
        fk_sql_bind_text_static(st, i + 1, b.v[i], (int)b.len[i]);
    int step = fk_sql_step(st);
    fk_sql_finalize(st);
    *deleted = fk_db_changes(db);
    char detail[200];
    snprintf(detail, sizeof detail, "{\"collection\":\"%s\",\"versions\":%d}", collection,
             *deleted);
    if (step != FK_SQL_DONE ||
        (*deleted && fk_audit_append(db, actor, "taxii.object.delete", object_id, detail, err)) ||
        fk_db_commit(db, err) != 0) {
        if (step != FK_SQL_DONE)
            fk_db_error(db, err, "delete");
        fk_db_rollback(db);
        return -1;
    }
    return 0;
}

int fk_taxii_status_save(fk_db *db, const char *id, const char *collection, int64_t account_id,
                         json_t *successes, json_t *failures, json_t *pendings, int64_t report_id,
                         fk_err *err)
{
    char *s = dump(successes), *f = dump(failures), *p = dump(pendings), now[40];
    fk_sql *st;
    int rc = -1;
    if (s && f && p &&
        fk_sql_prepare(db,
                       "INSERT INTO taxii_status (id, collection_id, account_id, "
                       "request_timestamp, total, successes, "
                       "failures, pendings, report_id) VALUES (?,?,?,?,?,?,?,?,?)",
                       &st, NULL) == 0) {
        fk_sql_bind_text_static(st, 1, id, -1);
        fk_sql_bind_text_static(st, 2, collection, -1);
        fk_sql_bind_int64(st, 3, account_id);
        fk_sql_bind_text_static(st, 4, fk_db_now_us(now), -1);
        fk_sql_bind_int64(st, 5,
                          (int64_t)(json_array_size(successes) + json_array_size(failures) +
                                    json_array_size(pendings)));
        fk_sql_bind_text_static(st, 6, s, -1);
        fk_sql_bind_text_static(st, 7, f, -1);
        fk_sql_bind_text_static(st, 8, p, -1);
        if (report_id)
            fk_sql_bind_int64(st, 9, report_id);
        else
            fk_sql_bind_null(st, 9);
        rc = fk_sql_step(st) == FK_SQL_DONE ? 0 : fk_db_error(db, err, "status");
        fk_sql_finalize(st);
    } else {
        fk_errf(err, "out of memory or database error saving a status");
    }
    free(s);
    free(f);
    free(p);
    return rc;
}

int fk_taxii_status_load(fk_db *db, const char *id, const fk_principal *who, json_t **out,
                         fk_err *err)
{
    fk_sql *st;
    if (fk_sql_prepare(
            db,
            "SELECT s.request_timestamp, s.total, s.successes, s.failures, s.pendings, "
            "CASE WHEN r.status = 'released' THEN 1 ELSE 0 END, s.account_id FROM taxii_status s "
            "LEFT JOIN report r ON r.id = s.report_id WHERE s.id = ?",
            &st, NULL) != 0)
        return fk_db_error(db, err, "status");
    fk_sql_bind_text_static(st, 1, id, -1);
    int rc = 1, step = fk_sql_step(st);
    if (step != FK_SQL_ROW && step != FK_SQL_DONE)
        rc = fk_db_error(db, err, "status");
    if (step == FK_SQL_ROW &&
        (fk_role_is_centre(who->role) || fk_sql_column_int64(st, 6) == who->account_id)) {
        json_t *succ = json_loads((const char *)fk_sql_column_text(st, 2), 0, NULL);
        json_t *fail = json_loads((const char *)fk_sql_column_text(st, 3), 0, NULL);
        json_t *pend = json_loads((const char *)fk_sql_column_text(st, 4), 0, NULL);
        if (fk_sql_column_int(st, 5)) { /* the centre released it: pending work is done */
            json_array_extend(succ, pend);
            json_array_clear(pend);
        }
        *out = json_pack(
            "{ss ss ss sI sI sI sI}", "id", id, "status",
            json_array_size(pend) ? "pending" : "complete", "request_timestamp",
            fk_sql_column_text(st, 0), "total_count", (json_int_t)fk_sql_column_int64(st, 1),
            "success_count", (json_int_t)json_array_size(succ), "failure_count",
            (json_int_t)json_array_size(fail), "pending_count", (json_int_t)json_array_size(pend));
        /* TAXII 2.1 (1.6.1.5): a list is omitted rather than sent empty */
        const char *names[] = {"successes", "failures", "pendings"};
        json_t *lists[] = {succ, fail, pend};
        for (int i = 0; i < 3; i++) {
            if (*out && json_array_size(lists[i]))
                json_object_set(*out, names[i], lists[i]);
            json_decref(lists[i]);
        }
        rc = *out ? 0 : fk_errf(err, "out of memory");
    }
    fk_sql_finalize(st);
    return rc;
}

static int each_object(fk_db *db, fk_sql *st, int (*fn)(void *ctx, json_t *indicator), void *ctx,
                       fk_err *err)
{
    int rc, stop = 0;
    while (!stop && (rc = fk_sql_step(st)) == FK_SQL_ROW) {
        json_t *obj = json_loads((const char *)fk_sql_column_text(st, 0), 0, NULL);
        if (obj)
            stop = fn(ctx, obj);
        json_decref(obj);
    }
    fk_sql_finalize(st);
    if (stop)
        return -1;
    return rc == FK_SQL_DONE ? 0 : fk_db_error(db, err, "shared indicators");
}

int fk_taxii_each_indicator(fk_db *db, int (*fn)(void *ctx, json_t *indicator), void *ctx,
                            fk_err *err)
{
    fk_sql *st;
    /* the newest version of each indicator id, whichever collection holds it (versions
     * are added in order, so the highest seq is the newest; one pass, 2.4 s for 1M) */
    if (fk_sql_prepare(db,
                       "SELECT object FROM taxii_object WHERE seq IN (SELECT max(seq) FROM "
                       "taxii_object WHERE type = 'indicator' GROUP BY object_id)",
                       &st, NULL) != 0)
        return fk_db_error(db, err, "shared indicators");
    return each_object(db, st, fn, ctx, err);
}

int fk_taxii_each_indicator_since(fk_db *db, int64_t after, int (*fn)(void *ctx, json_t *indicator),
                                  void *ctx, fk_err *err)
{
    fk_sql *st;
    if (fk_sql_prepare(db,
                       "SELECT object FROM taxii_object WHERE seq > ? AND type = 'indicator' "
                       "ORDER BY seq",
                       &st, NULL) != 0)
        return fk_db_error(db, err, "shared indicators");
    fk_sql_bind_int64(st, 1, after);
    return each_object(db, st, fn, ctx, err);
}

int fk_taxii_generation(fk_db *db, int64_t *generation, fk_err *err)
{
    fk_sql *st;
    if (fk_sql_prepare(db, "SELECT coalesce(max(seq), 0) FROM taxii_object", &st, NULL) != 0)
        return fk_db_error(db, err, "collections");
    int rc = fk_sql_step(st);
    *generation = rc == FK_SQL_ROW ? fk_sql_column_int64(st, 0) : 0;
    fk_sql_finalize(st);
    return rc == FK_SQL_ROW ? 0 : fk_db_error(db, err, "collections");
}

int fk_taxii_readable_by(fk_db *db, int64_t org_id, const char *sector, const char *object_id,
                         bool *readable, fk_err *err)
{
    fk_sql *st;
    if (fk_sql_prepare(db,
                       "SELECT 1 FROM collection c WHERE c.id IN (SELECT collection_id FROM "
                       "taxii_object WHERE object_id = ?5) AND " READERS_SQL " LIMIT 1",
                       &st, NULL) != 0)
        return fk_db_error(db, err, "collection");
    fk_principal member = {.org_id = org_id, .role = FK_ROLE_MEMBER_READER};
    snprintf(member.sector, sizeof member.sector, "%s", sector ? sector : "");
    bind_who(st, &member);
    fk_sql_bind_text(st, 5, object_id, -1);
    int rc = fk_sql_step(st);
    *readable = rc == FK_SQL_ROW;
    fk_sql_finalize(st);
    return rc == FK_SQL_ROW || rc == FK_SQL_DONE ? 0 : fk_db_error(db, err, "collection");
}

/* Schema 10: versions and dates added become instants in one form (microseconds, UTC),
 * as TAXII 2.1 asks. A version written two ways was two rows; the later one goes, as an
 * INSERT of it now would be ignored. */
int fk_taxii_migrate_instants(fk_db *db, fk_err *err)
{
    fk_sql *sel = NULL, *upd = NULL, *del = NULL;
    int rc = 0;
    if (fk_sql_prepare(db, "SELECT seq, version, date_added FROM taxii_object ORDER BY seq", &sel,
                       NULL) != 0 ||
        fk_sql_prepare(db, "UPDATE taxii_object SET version = ?1, date_added = ?2 WHERE seq = ?3",
                       &upd, NULL) != 0 ||
        fk_sql_prepare(db, "DELETE FROM taxii_object WHERE seq = ?1", &del, NULL) != 0)
        rc = fk_db_error(db, err, "objects");
    /* rows are read into memory first: updating the table under a running SELECT of it
     * could visit a row twice */
    typedef struct {
        int64_t seq;
        char version[40], added[40];
    } row;
    row *rows = NULL;
    size_t n = 0, cap = 0;
    while (rc == 0 && fk_sql_step(sel) == FK_SQL_ROW) {
        if (n == cap) {
            cap = cap ? cap * 2 : 256;
            row *g = realloc(rows, cap * sizeof *rows);
            if (!g) {
                rc = fk_errc(err, FK_ERR_NOMEM, "out of memory");
                break;
            }
            rows = g;
        }
        const char *v = (const char *)fk_sql_column_text(sel, 1);
        const char *a = (const char *)fk_sql_column_text(sel, 2);
        int64_t vu = 0, au = 0;
        if (!v || !a || !fk_time_parse_iso8601_us(v, strlen(v), &vu) ||
            !fk_time_parse_iso8601_us(a, strlen(a), &au))
            continue; /* left as it is: it was never a time */
        rows[n].seq = fk_sql_column_int64(sel, 0);
        fk_time_format_us(vu, rows[n].version);
        fk_time_format_us(au, rows[n].added);
        n++;
    }
    for (size_t i = 0; rc == 0 && i < n; i++) {
        fk_sql_reset(upd);
        fk_sql_bind_text_static(upd, 1, rows[i].version, -1);
        fk_sql_bind_text_static(upd, 2, rows[i].added, -1);
        fk_sql_bind_int64(upd, 3, rows[i].seq);
        int st = fk_sql_step(upd);
        if (st == FK_SQL_CONSTRAINT) {
            fk_sql_reset(del);
            fk_sql_bind_int64(del, 1, rows[i].seq);
            if (fk_sql_step(del) != FK_SQL_DONE)
                rc = fk_db_error(db, err, "objects");
        } else if (st != FK_SQL_DONE) {
            rc = fk_db_error(db, err, "objects");
        }
    }
    free(rows);
    fk_sql_finalize(sel);
    fk_sql_finalize(upd);
    fk_sql_finalize(del);
    /* status resources: "…SS.mmmZ" gains its microseconds */
    if (rc == 0)
        rc = fk_db_exec(db,
                        "UPDATE taxii_status SET request_timestamp = substr(request_timestamp, 1, "
                        "23) || '000Z' WHERE length(request_timestamp) = 24",
                        err);
    return rc;
}
