#include "vulns.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NOMEM(err) fk_errc(err, FK_ERR_NOMEM, "out of memory")

static const char *str(json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

/* Steps a cached statement to its end and resets it: 0, or -1 with the store's error. */
static int step_done(fk_db *db, fk_sql *st, const char *what, fk_err *err)
{
    int rc = fk_sql_step(st);
    fk_sql_reset(st);
    return rc == FK_SQL_DONE ? 0 : fk_db_error(db, err, what);
}

static void bind_opt(fk_sql *st, int i, const char *s)
{
    if (s)
        fk_sql_bind_text(st, i, s, -1);
    else
        fk_sql_bind_null(st, i);
}

/* What is stored of a row before a source's record lands on it. */
typedef struct existing {
    bool found, has_nvd, has_jvn;
    char modified[40], source_modified[40], cvss_source[8], config_source[8];
    char *title, *cvss_version, *cvss_vector, *severity;
    double cvss_score;
    bool has_score;
    int versions;
    /* the row holds, as NVD's with machine-readable versions, the very configurations
     * text read_existing was given */
    bool same_configurations;
} existing;

static void existing_free(existing *e)
{
    free(e->title);
    free(e->cvss_version);
    free(e->cvss_vector);
    free(e->severity);
}

static char *dup_col(fk_sql *st, int i)
{
    const char *t = fk_sql_column_text(st, i);
    return t ? strdup(t) : NULL;
}

static void copy_col(fk_sql *st, int i, char *out, size_t cap)
{
    const char *t = fk_sql_column_text(st, i);
    snprintf(out, cap, "%s", t ? t : "");
}

/* The row `id` as a record from NVD (nvd) or JVN is merged onto, configurations (may be
 * NULL) compared with the row's in the same read. */
static int read_existing(fk_db *db, const char *id, bool nvd, const char *configurations,
                         existing *e, fk_err *err)
{
    static const char sql_nvd[] =
        "SELECT modified, nvd_modified, cvss_source, config_source, title, cvss_version, "
        "cvss_vector, cvss_score, severity, versions, nvd IS NOT NULL, jvn IS NOT NULL, "
        "config_source = 'nvd' AND versions = 1 AND configurations = ?2 FROM vuln WHERE id = ?1";
    /* a JVN record's configurations are never compared: JVN's rules carry its words */
    static const char sql_jvn[] =
        "SELECT modified, jvn_modified, cvss_source, config_source, title, cvss_version, "
        "cvss_vector, cvss_score, severity, versions, nvd IS NOT NULL, jvn IS NOT NULL, 0 FROM "
        "vuln WHERE id = ?1";
    memset(e, 0, sizeof *e);
    fk_sql *st = fk_db_cached(db, nvd ? sql_nvd : sql_jvn, err);
    if (!st)
        return -1;
    fk_sql_bind_text_static(st, 1, id, -1);
    if (nvd && configurations)
        fk_sql_bind_text_static(st, 2, configurations, -1);
    else if (nvd)
        fk_sql_bind_null(st, 2);
    int rc = fk_sql_step(st);
    if (rc == FK_SQL_ROW) {
        e->found = true;
        copy_col(st, 0, e->modified, sizeof e->modified);
        copy_col(st, 1, e->source_modified, sizeof e->source_modified);
        copy_col(st, 2, e->cvss_source, sizeof e->cvss_source);
        copy_col(st, 3, e->config_source, sizeof e->config_source);
        e->title = dup_col(st, 4);
        e->cvss_version = dup_col(st, 5);
        e->cvss_vector = dup_col(st, 6);
        e->has_score = fk_sql_column_type(st, 7) != FK_SQL_NULL;
        e->cvss_score = fk_sql_column_double(st, 7);
        e->severity = dup_col(st, 8);
        e->versions = fk_sql_column_int(st, 9);
        e->has_nvd = fk_sql_column_int(st, 10) != 0;
        e->has_jvn = fk_sql_column_int(st, 11) != 0;
        e->same_configurations = fk_sql_column_int(st, 12) == 1;
        rc = fk_sql_step(st);
    }
    fk_sql_reset(st);
    if (rc != FK_SQL_DONE) {
        existing_free(e);
        return fk_db_error(db, err, "vulnerability");
    }
    return 0;
}

/* NVD gives no title: the first sentence of the English description stands for one. */
static char *summary_title(json_t *rec)
{
    json_t *t = json_object_get(rec, "title");
    const char *title = str(t, "ja") ? str(t, "ja") : str(t, "en");
    if (title)
        return strdup(title);
    json_t *d = json_object_get(rec, "description");
    const char *text = str(d, "en");
    if (!text) {
        const char *k;
        json_t *v;
        json_object_foreach(d, k, v)
        {
            text = json_string_value(v);
            break;
        }
    }
    if (!text)
        return strdup("");
    size_t n = strlen(text), cut = n;
    const char *stop = strstr(text, ". ");
    if (stop)
        cut = (size_t)(stop - text) + 1;
    if (cut > 200) {
        cut = 200;
        while (cut > 150 && (text[cut] & 0xC0) == 0x80) /* not inside a UTF-8 character */
            cut--;
    }
    return strndup(text, cut);
}

/* A new record's product rows: it has none to compare with. */
static int add_products(fk_db *db, const char *id, json_t *products, fk_err *err)
{
    static const char ins[] =
        "INSERT INTO vuln_product (product, vuln_id) VALUES (?1, ?2) ON CONFLICT DO NOTHING";
    size_t i;
    json_t *p;
    json_array_foreach(products, i, p)
    {
        fk_sql *st = fk_db_cached(db, ins, err);
        if (!st)
            return -1;
        fk_sql_bind_text_static(st, 1, json_string_value(p), -1);
        fk_sql_bind_text_static(st, 2, id, -1);
        if (step_done(db, st, "vulnerability products", err) != 0)
            return -1;
    }
    return 0;
}

/* The record's product rows made what products says: those no longer named removed,
 * the new ones added, the others left as they are. A record's products mostly stay when
 * NVD revises it (a range moved, a platform added), and each row rewritten was a page
 * of the table by product, far from the next, written to the log again. */
static int replace_products(fk_db *db, const char *id, json_t *products, fk_err *err)
{
    static const char old[] = "SELECT product FROM vuln_product WHERE vuln_id = ?1";
    static const char del[] = "DELETE FROM vuln_product WHERE product = ?1 AND vuln_id = ?2";
    static const char ins[] =
        "INSERT INTO vuln_product (product, vuln_id) VALUES (?1, ?2) ON CONFLICT DO NOTHING";
    json_t *wanted = json_object(), *gone = json_array();
    int rc = wanted && gone ? 0 : NOMEM(err);
    size_t i;
    json_t *p;
    json_array_foreach(products, i, p)
    {
        if (rc == 0 && json_string_value(p) &&
            json_object_set_new(wanted, json_string_value(p), json_false()) != 0)
            rc = NOMEM(err);
    }
    fk_sql *st = rc == 0 ? fk_db_cached(db, old, err) : NULL;
    if (rc == 0 && !st)
        rc = -1;
    if (rc == 0) {
        fk_sql_bind_text_static(st, 1, id, -1);
        int step = FK_SQL_DONE;
        while (rc == 0 && (step = fk_sql_step(st)) == FK_SQL_ROW) {
            const char *had = fk_sql_column_text(st, 0);
            json_t *w = had ? json_object_get(wanted, had) : NULL;
            if (w) /* named still: kept */
                rc = json_object_set_new(wanted, had, json_true()) == 0 ? 0 : NOMEM(err);
            else if (had && json_array_append_new(gone, json_string(had)) != 0)
                rc = NOMEM(err);
        }
        fk_sql_reset(st);
        if (rc == 0 && step != FK_SQL_DONE)
            rc = fk_db_error(db, err, "vulnerability products");
    }
    json_array_foreach(gone, i, p)
    {
        if (rc != 0 || !(st = fk_db_cached(db, del, err))) {
            rc = -1;
            break;
        }
        fk_sql_bind_text_static(st, 1, json_string_value(p), -1);
        fk_sql_bind_text_static(st, 2, id, -1);
        rc = step_done(db, st, "vulnerability products", err);
    }
    const char *name;
    json_t *kept;
    json_object_foreach(wanted, name, kept)
    {
        if (rc != 0 || json_is_true(kept))
            continue;
        if (!(st = fk_db_cached(db, ins, err))) {
            rc = -1;
            break;
        }
        fk_sql_bind_text_static(st, 1, name, -1);
        fk_sql_bind_text_static(st, 2, id, -1);
        rc = step_done(db, st, "vulnerability products", err);
    }
    json_decref(wanted);
    json_decref(gone);
    return rc;
}

static int link_alias(fk_db *db, const char *alias, const char *id, fk_err *err)
{
    static const char sql[] =
        "INSERT INTO vuln_alias (alias, vuln_id) VALUES (?1, ?2) ON CONFLICT DO NOTHING";
    fk_sql *st = fk_db_cached(db, sql, err);
    if (!st)
        return -1;
    fk_sql_bind_text_static(st, 1, alias, -1);
    fk_sql_bind_text_static(st, 2, id, -1);
    return step_done(db, st, "vulnerability alias", err);
}

/* One source's record onto the row `id`. */
static int put_on(fk_db *db, const char *id, json_t *rec, const char *text, int64_t now_ms,
                  fk_vuln_tally *t, json_t *changed, fk_err *err)
{
    bool nvd = !strcmp(str(rec, "source"), "nvd");
    const char *modified = str(rec, "modified");
    /* the stream reader hands the configurations over as text already */
    const char *pre = json_string_value(json_object_get(rec, "configurations_json"));
    existing e;
    if (read_existing(db, id, nvd, pre, &e, err) != 0)
        return -1;
    if (e.found && e.source_modified[0] && modified && strcmp(e.source_modified, modified) >= 0) {
        t->unchanged++;
        existing_free(&e);
        return 0;
    }
    json_t *cvss = json_object_get(rec, "cvss");
    json_t *configs = json_object_get(rec, "configurations");
    bool has_configs = pre ? strcmp(pre, "[]") != 0 : json_array_size(configs) > 0;
    /* NVD's analysis ranks and matches before JVN's; JVN's fills in where NVD has none */
    bool keep_cvss =
        e.found && ((nvd && !cvss && e.cvss_source[0]) || (!nvd && !strcmp(e.cvss_source, "nvd")));
    bool keep_config = e.found && ((nvd && !has_configs && !strcmp(e.config_source, "jvn")) ||
                                   (!nvd && !strcmp(e.config_source, "nvd")));
    char *title = e.found && e.has_jvn && nvd && e.title ? strdup(e.title) : summary_title(rec);
    char *config_text = keep_config ? NULL
                        : pre       ? strdup(pre)
                        : configs   ? json_dumps(configs, JSON_COMPACT)
                                    : strdup("[]");
    if (!title || (!keep_config && !config_text)) {
        free(title);
        free(config_text);
        existing_free(&e);
        return NOMEM(err);
    }
    /* the same configurations, as NVD's before: the answers would come back the same (a
     * feed does not change the ledger, and a ledger's change matches its systems at once),
     * so the record is not matched again. Most of NVD's modifications are of references,
     * metrics and words. */
    bool same = e.found && has_configs && !keep_config && e.same_configurations;
    const char *row_modified =
        e.found && strcmp(e.modified, modified ? modified : "") > 0 ? e.modified : modified;
    json_t *kev = json_object_get(rec, "kev");
    /* one statement for both sources: the source's own columns are chosen by ?20 */
    static const char sql_nvd[] =
        "INSERT INTO vuln (id, modified, published, title, cvss_version, cvss_vector, "
        "cvss_score, severity, cvss_source, kev_added, kev_due, kev_action, versions, "
        "configurations, config_source, nvd, nvd_modified, changed_ms) VALUES (?1, ?2, ?3, ?4, "
        "?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, COALESCE(?14, '[]'), ?15, ?16, ?17, ?18) ON "
        "CONFLICT (id) DO UPDATE SET modified = excluded.modified, published = "
        "excluded.published, title = excluded.title, cvss_version = excluded.cvss_version, "
        "cvss_vector = excluded.cvss_vector, cvss_score = excluded.cvss_score, severity = "
        "excluded.severity, cvss_source = excluded.cvss_source, kev_added = "
        "COALESCE(excluded.kev_added, vuln.kev_added), kev_due = COALESCE(excluded.kev_due, "
        "vuln.kev_due), kev_action = COALESCE(excluded.kev_action, vuln.kev_action), versions = "
        "CASE WHEN ?14 IS NULL THEN vuln.versions ELSE excluded.versions END, configurations = "
        "CASE WHEN ?14 IS NULL THEN vuln.configurations ELSE excluded.configurations END, "
        "config_source = CASE WHEN ?14 IS NULL THEN vuln.config_source ELSE "
        "excluded.config_source END, nvd = excluded.nvd, nvd_modified = excluded.nvd_modified, "
        "changed_ms = excluded.changed_ms";
    static const char sql_jvn[] =
        "INSERT INTO vuln (id, modified, published, title, cvss_version, cvss_vector, "
        "cvss_score, severity, cvss_source, kev_added, kev_due, kev_action, versions, "
        "configurations, config_source, jvn, jvn_modified, changed_ms) VALUES (?1, ?2, ?3, ?4, "
        "?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, COALESCE(?14, '[]'), ?15, ?16, ?17, ?18) ON "
        "CONFLICT (id) DO UPDATE SET modified = excluded.modified, published = "
        "COALESCE(vuln.published, excluded.published), title = excluded.title, cvss_version = "
        "excluded.cvss_version, cvss_vector = excluded.cvss_vector, cvss_score = "
        "excluded.cvss_score, severity = excluded.severity, cvss_source = excluded.cvss_source, "
        "versions = CASE WHEN ?14 IS NULL THEN vuln.versions ELSE excluded.versions END, "
        "configurations = CASE WHEN ?14 IS NULL THEN vuln.configurations ELSE "
        "excluded.configurations END, config_source = CASE WHEN ?14 IS NULL THEN "
        "vuln.config_source ELSE excluded.config_source END, jvn = excluded.jvn, jvn_modified = "
        "excluded.jvn_modified, changed_ms = excluded.changed_ms";
    fk_sql *st = fk_db_cached(db, nvd ? sql_nvd : sql_jvn, err);
    int rc = -1;
    if (st) {
        fk_sql_bind_text_static(st, 1, id, -1);
        bind_opt(st, 2, row_modified);
        bind_opt(st, 3, str(rec, "published"));
        fk_sql_bind_text_owned(st, 4, title, -1);
        title = NULL;
        if (keep_cvss) {
            bind_opt(st, 5, e.cvss_version);
            bind_opt(st, 6, e.cvss_vector);
            if (e.has_score)
                fk_sql_bind_double(st, 7, e.cvss_score);
            else
                fk_sql_bind_null(st, 7);
            bind_opt(st, 8, e.severity);
            bind_opt(st, 9, e.cvss_source[0] ? e.cvss_source : NULL);
        } else if (cvss) {
            bind_opt(st, 5, str(cvss, "version"));
            bind_opt(st, 6, str(cvss, "vector"));
            fk_sql_bind_double(st, 7, json_number_value(json_object_get(cvss, "score")));
            bind_opt(st, 8, str(cvss, "severity"));
            fk_sql_bind_text_static(st, 9, nvd ? "nvd" : "jvn", -1);
        } else
            for (int i = 5; i <= 9; i++)
                fk_sql_bind_null(st, i);
        bind_opt(st, 10, str(kev, "added"));
        bind_opt(st, 11, str(kev, "due"));
        bind_opt(st, 12, str(kev, "action"));
        fk_sql_bind_int64(st, 13, json_is_true(json_object_get(rec, "versions")) && has_configs);
        if (config_text)
            fk_sql_bind_text_owned(st, 14, config_text, -1);
        else
            fk_sql_bind_null(st, 14);
        config_text = NULL;
        fk_sql_bind_text_static(st, 15, nvd ? "nvd" : "jvn", -1);
        fk_sql_bind_text_static(st, 16, text, -1);
        bind_opt(st, 17, modified);
        fk_sql_bind_int64(st, 18, now_ms);
        rc = fk_sql_step(st);
        fk_sql_reset(st);
        rc = rc == FK_SQL_DONE ? 0 : fk_db_error(db, err, "vulnerability");
    }
    free(title);
    free(config_text);
    existing_free(&e);
    if (rc != 0)
        return -1;
    if (e.found)
        t->updated++;
    else
        t->added++;
    if (!keep_config && !same) {
        /* a new row has none to compare with (a full load's 300,000 records) */
        json_t *products = json_object_get(rec, "products");
        if ((e.found ? replace_products(db, id, products, err)
                     : add_products(db, id, products, err)) != 0)
            return -1;
        if (changed && json_array_append_new(changed, json_string(id)) != 0)
            return NOMEM(err);
    }
    return 0;
}

static int drop_row(fk_db *db, const char *id, fk_err *err)
{
    /* with what was matched on it: the entry's CVEs' rows are matched anew */
    static const char *const sql[] = {"DELETE FROM vuln_product WHERE vuln_id = ?1",
                                      "DELETE FROM vuln_name_match WHERE vuln_id = ?1",
                                      "DELETE FROM vuln_match WHERE vuln_id = ?1",
                                      "DELETE FROM vuln WHERE id = ?1"};
    for (size_t i = 0; i < 4; i++) {
        fk_sql *st = fk_db_cached(db, sql[i], err);
        if (!st)
            return -1;
        fk_sql_bind_text_static(st, 1, id, -1);
        int rc = fk_sql_step(st);
        fk_sql_reset(st);
        if (rc != FK_SQL_DONE)
            return fk_db_error(db, err, "vulnerability");
    }
    return 0;
}

int fk_vulns_put_record(fk_db *db, json_t *rec, int64_t now_ms, fk_vuln_tally *t, json_t *changed,
                        fk_err *err)
{
    const char *id = str(rec, "id"), *source = str(rec, "source");
    if (!id || !source || (strcmp(source, "nvd") && strcmp(source, "jvn")))
        return fk_errf(err, "a record needs an id and a source (nvd or jvn)");
    /* NVD's configurations, the bulk of a record, live in their own column and index:
     * the record as stored leaves them out rather than keep them twice */
    json_t *stored = json_copy(rec);
    if (stored && !strcmp(source, "nvd")) {
        json_object_del(stored, "configurations");
        json_object_del(stored, "configurations_json");
        json_object_del(stored, "products");
    }
    char *text = stored ? json_dumps(stored, JSON_COMPACT) : NULL;
    json_decref(stored);
    if (!text)
        return NOMEM(err);
    int rc = 0;
    json_t *aliases = json_object_get(rec, "aliases");
    if (!strcmp(source, "jvn") && json_array_size(aliases) > 0) {
        /* a JVN entry about CVEs is part of each CVE's record, never one of its own */
        size_t i;
        json_t *a;
        json_array_foreach(aliases, i, a)
        {
            const char *cve = json_string_value(a);
            if (rc == 0)
                rc = put_on(db, cve, rec, text, now_ms, t, changed, err);
            if (rc == 0)
                rc = link_alias(db, id, cve, err);
        }
        if (rc == 0)
            rc = drop_row(db, id, err);
    } else
        rc = put_on(db, id, rec, text, now_ms, t, changed, err);
    free(text);
    return rc;
}

/* Whether a record of id is there already: a fact on a CVE not yet taken in makes its
 * row, and the summary counts it added rather than updated. */
static int known(fk_db *db, const char *id, bool *there, fk_err *err)
{
    fk_sql *st = fk_db_cached(db, "SELECT 1 FROM vuln WHERE id = ?1", err);
    if (!st)
        return -1;
    fk_sql_bind_text_static(st, 1, id, -1);
    int rc = fk_sql_step(st);
    fk_sql_reset(st);
    *there = rc == FK_SQL_ROW;
    return rc == FK_SQL_ROW || rc == FK_SQL_DONE ? 0 : fk_db_error(db, err, "vulnerability");
}

int fk_vulns_put_kev(fk_db *db, json_t *fact, int64_t now_ms, fk_vuln_tally *t, fk_err *err)
{
    bool there;
    if (known(db, str(fact, "id"), &there, err) != 0)
        return -1;
    json_t *kev = json_object_get(fact, "kev");
    static const char sql[] =
        "INSERT INTO vuln (id, kev_added, kev_due, kev_action, kev_ransomware, title, "
        "changed_ms) VALUES (?1, ?2, ?3, ?4, ?5, COALESCE(?6, ''), ?7) ON CONFLICT (id) DO UPDATE "
        "SET kev_added = excluded.kev_added, kev_due = excluded.kev_due, kev_action = "
        "excluded.kev_action, kev_ransomware = excluded.kev_ransomware, title = CASE WHEN "
        "vuln.title = '' THEN excluded.title ELSE vuln.title END, changed_ms = CASE WHEN "
        "vuln.kev_added IS NULL OR vuln.kev_due IS DISTINCT FROM excluded.kev_due THEN "
        "excluded.changed_ms ELSE vuln.changed_ms END";
    fk_sql *st = fk_db_cached(db, sql, err);
    if (!st)
        return -1;
    fk_sql_bind_text_static(st, 1, str(fact, "id"), -1);
    bind_opt(st, 2, str(kev, "added"));
    bind_opt(st, 3, str(kev, "due"));
    bind_opt(st, 4, str(kev, "action"));
    fk_sql_bind_int64(st, 5, json_is_true(json_object_get(kev, "ransomware")));
    bind_opt(st, 6, str(kev, "name"));
    fk_sql_bind_int64(st, 7, now_ms);
    if (step_done(db, st, "known exploited vulnerability", err) != 0)
        return -1;
    *(there ? &t->updated : &t->added) += 1;
    return 0;
}

int fk_vulns_put_epss(fk_db *db, json_t *fact, int64_t now_ms, fk_vuln_tally *t, fk_err *err)
{
    bool there;
    if (known(db, str(fact, "id"), &there, err) != 0)
        return -1;
    /* a daily score is no change to what matches: changed_ms stays for new rows only */
    static const char sql[] =
        "INSERT INTO vuln (id, epss, epss_percentile, epss_date, changed_ms) VALUES (?1, ?2, ?3, "
        "?4, ?5) ON CONFLICT (id) DO UPDATE SET epss = excluded.epss, epss_percentile = "
        "excluded.epss_percentile, epss_date = excluded.epss_date";
    fk_sql *st = fk_db_cached(db, sql, err);
    if (!st)
        return -1;
    fk_sql_bind_text_static(st, 1, str(fact, "id"), -1);
    fk_sql_bind_double(st, 2, json_number_value(json_object_get(fact, "epss")));
    json_t *pct = json_object_get(fact, "percentile");
    if (pct)
        fk_sql_bind_double(st, 3, json_number_value(pct));
    else
        fk_sql_bind_null(st, 3);
    bind_opt(st, 4, str(fact, "date"));
    fk_sql_bind_int64(st, 5, now_ms);
    if (step_done(db, st, "EPSS score", err) != 0)
        return -1;
    *(there ? &t->updated : &t->added) += 1;
    return 0;
}

int fk_vulns_feed_note(fk_db *db, const char *feed, const char *last_modified, size_t records,
                       int64_t now_ms, fk_err *err)
{
    fk_sql *st;
    if (fk_sql_prepare(db,
                       "INSERT INTO vuln_feed (feed, last_modified, imported_ms, records) VALUES "
                       "(?1, ?2, ?3, ?4) ON CONFLICT (feed) DO UPDATE SET last_modified = CASE "
                       "WHEN excluded.last_modified IS NULL OR (vuln_feed.last_modified IS NOT "
                       "NULL AND vuln_feed.last_modified > excluded.last_modified) THEN "
                       "vuln_feed.last_modified ELSE excluded.last_modified END, imported_ms = "
                       "excluded.imported_ms, records = vuln_feed.records + excluded.records",
                       &st, NULL) != 0)
        return fk_db_error(db, err, "vulnerability feed");
    fk_sql_bind_text_static(st, 1, feed, -1);
    bind_opt(st, 2, last_modified);
    fk_sql_bind_int64(st, 3, now_ms);
    fk_sql_bind_int64(st, 4, (int64_t)records);
    int rc = fk_sql_step(st);
    fk_sql_finalize(st);
    return rc == FK_SQL_DONE ? 0 : fk_db_error(db, err, "vulnerability feed");
}

int fk_vulns_feeds(fk_db *db, json_t **out, fk_err *err)
{
    fk_sql *st;
    if (fk_sql_prepare(
            db, "SELECT feed, last_modified, imported_ms, records FROM vuln_feed ORDER BY feed",
            &st, NULL) != 0)
        return fk_db_error(db, err, "vulnerability feed");
    return fk_sql_collect(db, st, fk_sql_row_object, NULL, "vulnerability feed", out, err);
}

int fk_vulns_poll_begin(fk_db *db, const char *api, int64_t now_ms, fk_err *err)
{
    fk_sql *st;
    if (fk_sql_prepare(db,
                       "INSERT INTO vuln_poll (api, started_ms, finished_ms, state, outcome) "
                       "VALUES (?1, ?2, NULL, 'running', '') ON CONFLICT (api) DO UPDATE SET "
                       "started_ms = excluded.started_ms, finished_ms = NULL, state = "
                       "'running', outcome = ''",
                       &st, NULL) != 0)
        return fk_db_error(db, err, "vulnerability poll");
    fk_sql_bind_text_static(st, 1, api, -1);
    fk_sql_bind_int64(st, 2, now_ms);
    int rc = fk_sql_step(st);
    fk_sql_finalize(st);
    return rc == FK_SQL_DONE ? 0 : fk_db_error(db, err, "vulnerability poll");
}

int fk_vulns_poll_end(fk_db *db, const char *api, bool ok, const char *outcome, int64_t now_ms,
                      fk_err *err)
{
    fk_sql *st;
    if (fk_sql_prepare(db,
                       "UPDATE vuln_poll SET finished_ms = ?2, state = ?3, outcome = ?4 WHERE "
                       "api = ?1",
                       &st, NULL) != 0)
        return fk_db_error(db, err, "vulnerability poll");
    fk_sql_bind_text_static(st, 1, api, -1);
    fk_sql_bind_int64(st, 2, now_ms);
    fk_sql_bind_text_static(st, 3, ok ? "done" : "failed", -1);
    fk_sql_bind_text_static(st, 4, outcome ? outcome : "", -1);
    int rc = fk_sql_step(st);
    fk_sql_finalize(st);
    return rc == FK_SQL_DONE ? 0 : fk_db_error(db, err, "vulnerability poll");
}

int fk_vulns_poll_started(fk_db *db, const char *api, int64_t *started_ms, bool *ended, fk_err *err)
{
    *started_ms = 0;
    *ended = true;
    fk_sql *st;
    if (fk_sql_prepare(db, "SELECT started_ms, state FROM vuln_poll WHERE api = ?1", &st, NULL) !=
        0)
        return fk_db_error(db, err, "vulnerability poll");
    fk_sql_bind_text_static(st, 1, api, -1);
    int rc = fk_sql_step(st);
    if (rc == FK_SQL_ROW) {
        *started_ms = fk_sql_column_int64(st, 0);
        const char *state = fk_sql_column_text(st, 1);
        *ended = !state || strcmp(state, "running") != 0;
    }
    fk_sql_finalize(st);
    return rc == FK_SQL_ROW || rc == FK_SQL_DONE ? 0 : fk_db_error(db, err, "vulnerability poll");
}

int fk_vulns_polls(fk_db *db, json_t **out, fk_err *err)
{
    fk_sql *st;
    if (fk_sql_prepare(db,
                       "SELECT api, started_ms, finished_ms, state, outcome FROM vuln_poll "
                       "ORDER BY api",
                       &st, NULL) != 0)
        return fk_db_error(db, err, "vulnerability poll");
    return fk_sql_collect(db, st, fk_sql_row_object, NULL, "vulnerability poll", out, err);
}

static json_t *list_row(fk_sql *st, void *ctx)
{
    (void)ctx;
    json_t *o = fk_sql_row_object(st, NULL);
    if (o)
        json_object_set_new(o, "kev",
                            json_boolean(json_is_string(json_object_get(o, "kev_added"))));
    return o;
}

int fk_vulns_list(fk_db *db, const fk_vuln_filter *f, const fk_page *page, json_t **out,
                  fk_err *err)
{
    /* ordered by id descending: CVE-2025-… before CVE-1999-…, a stable key to page by */
    char sql[1400];
    snprintf(sql, sizeof sql,
             "SELECT v.id, v.title, v.cvss_version, v.cvss_score, v.severity, v.kev_added, "
             "v.kev_due, v.epss, v.epss_percentile, v.modified%s FROM vuln v WHERE (CAST(?1 AS "
             "TEXT) IS NULL OR "
             "v.id < ?1) AND (?2 = '' OR v.id LIKE ?3 OR LOWER(v.title) LIKE LOWER(?3)) AND (?4 = "
             "0 OR v.kev_added IS NOT NULL) AND (v.cvss_score >= ?5 OR ?5 <= 0)%s ORDER BY v.id "
             "DESC LIMIT ?6",
             f->matched_org > 0 ? ", (SELECT COUNT(DISTINCT m.asset_id) FROM vuln_match_all m "
                                  "WHERE m.vuln_id = v.id AND m.org_id = ?7) AS systems"
             : f->matched_any   ? ", (SELECT COUNT(DISTINCT m.asset_id) FROM vuln_match_all m "
                                  "WHERE m.vuln_id = v.id) AS systems"
                                : "",
             /* from the matches' side: an organisation's few hundred, not every record */
             f->matched_org > 0 ? " AND v.id IN (SELECT m.vuln_id FROM vuln_match_all m WHERE "
                                  "m.org_id = ?7)"
             : f->matched_any   ? " AND (v.id IN (SELECT vuln_id FROM vuln_name_match) OR v.id "
                                  "IN (SELECT vuln_id FROM vuln_match))"
                                : "");
    fk_sql *st;
    if (fk_sql_prepare(db, sql, &st, NULL) != 0)
        return fk_db_error(db, err, "vulnerabilities");
    bind_opt(st, 1, page->after);
    const char *q = f->q ? f->q : "";
    fk_sql_bind_text_static(st, 2, q, -1);
    char like[300];
    snprintf(like, sizeof like, "%%%s%%", q);
    fk_sql_bind_text(st, 3, like, -1);
    fk_sql_bind_int64(st, 4, f->kev);
    fk_sql_bind_double(st, 5, f->min_score);
    fk_sql_bind_int64(st, 6, (int64_t)(page->limit ? page->limit : 50));
    if (f->matched_org > 0)
        fk_sql_bind_int64(st, 7, f->matched_org);
    return fk_sql_collect(db, st, list_row, NULL, "vulnerabilities", out, err);
}

int fk_vulns_get(fk_db *db, const char *id, json_t **out, fk_err *err)
{
    *out = NULL;
    fk_sql *st;
    if (fk_sql_prepare(
            db,
            "SELECT id, modified, published, title, cvss_version, cvss_vector, "
            "cvss_score, severity, kev_added, kev_due, kev_action, kev_ransomware, epss, "
            "epss_percentile, epss_date, versions, configurations, nvd, jvn FROM vuln WHERE id = "
            "?1 OR "
            "id = (SELECT MIN(vuln_id) FROM vuln_alias WHERE alias = ?1)",
            &st, NULL) != 0)
        return fk_db_error(db, err, "vulnerability");
    fk_sql_bind_text(st, 1, id, -1);
    json_t *rows;
    if (fk_sql_collect(db, st, fk_sql_row_object, NULL, "vulnerability", &rows, err) != 0)
        return -1;
    json_t *row = json_incref(json_array_get(rows, 0));
    json_decref(rows);
    if (!row)
        return 0;
    /* the sources' records were stored as JSON text: given back as JSON */
    static const char *const sources[] = {"nvd", "jvn", "configurations"};
    for (size_t i = 0; i < 3; i++) {
        const char *text = str(row, sources[i]);
        json_t *rec = text ? json_loads(text, 0, NULL) : json_null();
        json_object_set_new(row, sources[i], rec ? rec : json_null());
    }
    json_object_set_new(row, "kev_ransomware",
                        json_boolean(json_integer_value(json_object_get(row, "kev_ransomware"))));
    json_object_set_new(row, "versions",
                        json_boolean(json_integer_value(json_object_get(row, "versions"))));
    json_t *aliases;
    if (fk_db_query_json(db, "SELECT alias FROM vuln_alias WHERE vuln_id = ?1 ORDER BY alias",
                         str(row, "id"), 0, &aliases, err) != 0) {
        json_decref(row);
        return -1;
    }
    json_object_set_new(row, "aliases", aliases);
    *out = row;
    return 0;
}

int fk_vulns_counts(fk_db *db, json_t **out, fk_err *err)
{
    fk_sql *st;
    if (fk_sql_prepare(db,
                       "SELECT COUNT(*) AS records, COUNT(kev_added) AS known_exploited, "
                       "COUNT(cvss_score) AS scored, COUNT(epss) AS with_epss, COUNT(jvn) AS "
                       "with_jvn FROM vuln",
                       &st, NULL) != 0)
        return fk_db_error(db, err, "vulnerabilities");
    json_t *rows;
    if (fk_sql_collect(db, st, fk_sql_row_object, NULL, "vulnerabilities", &rows, err) != 0)
        return -1;
    *out = json_incref(json_array_get(rows, 0));
    json_decref(rows);
    return *out ? 0 : NOMEM(err);
}
