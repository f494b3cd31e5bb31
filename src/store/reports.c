#include "reports.h"

#include "../core/timefmt.h"
#include "audit.h"
#include "outbox.h"
#include "readers.h"

#include <stdint.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *fk_hub_identity(fk_db *db, char buf[80])
{
    fk_sql *st;
    buf[0] = '\0';
    if (fk_sql_prepare(db, "SELECT value FROM setting WHERE key = 'hub_identity'", &st, NULL) ==
            0 &&
        fk_sql_step(st) == FK_SQL_ROW)
        snprintf(buf, 80, "%s", (const char *)fk_sql_column_text(st, 0));
    fk_sql_finalize(st);
    return buf;
}

static char *dump(json_t *j)
{
    return json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
}

static int finish(fk_db *db, fk_sql *st, fk_err *err, const char *what)
{
    int rc = fk_sql_step(st);
    fk_sql_finalize(st);
    return rc == FK_SQL_DONE ? 0 : fk_db_error(db, err, what);
}

/* The same for an INSERT … RETURNING id. */
static int finish_returning(fk_db *db, fk_sql *st, int64_t *id, fk_err *err, const char *what)
{
    int rc = fk_sql_step_returning(st, id);
    fk_sql_finalize(st);
    return rc == FK_SQL_DONE ? 0 : fk_db_error(db, err, what);
}

int fk_report_insert(fk_db *db, const fk_principal *who, json_t *norm, int64_t *id, fk_err *err)
{
    char now[32], actor[160];
    snprintf(actor, sizeof actor, "account:%s", who->account);
    char *fields = dump(json_object_get(norm, "fields"));
    json_t *ind = json_pack("{sOsO}", "indicators", json_object_get(norm, "indicators"), "cves",
                            json_object_get(norm, "cves"));
    char *indicators = dump(ind);
    json_decref(ind);
    int64_t indicator_count = (int64_t)json_array_size(json_object_get(norm, "indicators"));
    int64_t cve_count = (int64_t)json_array_size(json_object_get(norm, "cves"));
    fk_sql *st = NULL;
    int rc = -1;
    if (!fields || !indicators) {
        fk_errf(err, "out of memory");
        goto out;
    }
    if (fk_db_begin(db, err) != 0)
        goto out;
    if (fk_sql_prepare(
            db,
            "INSERT INTO report (org_id, account_id, type, title, description, fields, indicators, "
            "tlp, "
            "pap, consent, impact, created_at, updated_at, indicator_count, cve_count) VALUES "
            "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id",
            &st, NULL) != 0) {
        fk_db_error(db, err, "report");
        fk_db_rollback(db);
        goto out;
    }
    fk_db_now(now);
    fk_sql_bind_int64(st, 1, who->org_id);
    fk_sql_bind_int64(st, 2, who->account_id);
    static const char *const keys[] = {"type", "title", "description"};
    for (int i = 0; i < 3; i++)
        fk_sql_bind_text(st, 3 + i, json_string_value(json_object_get(norm, keys[i])), -1);
    fk_sql_bind_text_static(st, 6, fields, -1);
    fk_sql_bind_text_static(st, 7, indicators, -1);
    static const char *const more[] = {"tlp", "pap", "consent", "impact"};
    for (int i = 0; i < 4; i++)
        fk_sql_bind_text(st, 8 + i, json_string_value(json_object_get(norm, more[i])), -1);
    fk_sql_bind_text_static(st, 12, now, -1);
    fk_sql_bind_text_static(st, 13, now, -1);
    fk_sql_bind_int64(st, 14, indicator_count);
    fk_sql_bind_int64(st, 15, cve_count);
    if (finish_returning(db, st, id, err, "report") != 0) {
        fk_db_rollback(db);
        goto out;
    }
    char object[32], detail[200];
    snprintf(object, sizeof object, "report:%lld", (long long)*id);
    snprintf(detail, sizeof detail, "{\"type\":\"%s\",\"tlp\":\"%s\"}",
             json_string_value(json_object_get(norm, "type")),
             json_string_value(json_object_get(norm, "tlp")));
    if (fk_audit_append(db, actor, "report.create", object, detail, err) != 0 ||
        fk_db_commit(db, err) != 0) {
        fk_db_rollback(db);
        goto out;
    }
    rc = 0;
out:
    free(fields);
    free(indicators);
    return rc;
}

/* The columns of a report; %s is its indicators column (whole, or NULL for listings,
 * which show the counts). */
#define REPORT_COLUMNS                                                                             \
    "r.id, r.type, r.title, r.description, r.fields, %s, r.tlp, r.pap, r.consent, "                \
    "r.impact, "                                                                                   \
    "r.status, r.merged_into, r.severity, r.severity_scale, r.severity_reasons, r.created_at, "    \
    "r.updated_at, "                                                                               \
    "o.name, o.sector, a.name, o.id, r.indicator_count, r.cve_count"

static json_t *parsed(fk_sql *st, int col)
{
    const char *t = (const char *)fk_sql_column_text(st, col);
    json_t *j = t ? json_loads(t, 0, NULL) : NULL;
    return j ? j : json_null();
}

static json_t *row_to_report(fk_sql *st, void *ctx)
{
    bool with_provider = *(const bool *)ctx;
    bool summary = fk_sql_column_type(st, 5) == FK_SQL_NULL;
    json_t *ind = summary ? json_pack("{s[]s[]}", "indicators", "cves") : parsed(st, 5);
    json_t *r = json_pack(
        "{sI ss ss ss so sO sO ss ss ss ss ss ss}", "id", (json_int_t)fk_sql_column_int64(st, 0),
        "type", fk_sql_column_text(st, 1), "title", fk_sql_column_text(st, 2), "description",
        fk_sql_column_text(st, 3), "fields", parsed(st, 4), "indicators",
        json_object_get(ind, "indicators"), "cves", json_object_get(ind, "cves"), "tlp",
        fk_sql_column_text(st, 6), "pap", fk_sql_column_text(st, 7), "consent",
        fk_sql_column_text(st, 8), "impact", fk_sql_column_text(st, 9), "status",
        fk_sql_column_text(st, 10), "created_at", fk_sql_column_text(st, 15));
    if (r && summary) { /* a listing's summary */
        json_object_set_new(r, "indicator_count", json_integer(fk_sql_column_int64(st, 21)));
        json_object_set_new(r, "cve_count", json_integer(fk_sql_column_int64(st, 22)));
        json_object_del(r, "indicators");
        json_object_del(r, "cves");
    }
    json_decref(ind);
    if (!r)
        return NULL;
    json_object_set_new(r, "updated_at", json_string((const char *)fk_sql_column_text(st, 16)));
    if (fk_sql_column_type(st, 11) != FK_SQL_NULL)
        json_object_set_new(r, "merged_into", json_integer(fk_sql_column_int64(st, 11)));
    if (fk_sql_column_type(st, 12) != FK_SQL_NULL) {
        json_object_set_new(r, "severity",
                            json_pack("{sissso}", "level", fk_sql_column_int(st, 12), "scale",
                                      fk_sql_column_text(st, 13), "reasons", parsed(st, 14)));
    }
    if (with_provider)
        json_object_set_new(r, "provider",
                            json_pack("{ss ss ss so}", "organisation", fk_sql_column_text(st, 17),
                                      "sector", fk_sql_column_text(st, 18), "account",
                                      fk_sql_column_text(st, 19), "identifiers",
                                      json_integer(fk_sql_column_int64(st, 20))));
    return r;
}

/* The provider of each report carries its organisation's id until here, where it is
 * replaced by the organisation's identifiers (for the anonymisation preview). */
static int fill_identifiers(fk_db *db, json_t *reports, fk_err *err)
{
    /* one query per organisation of the page, not per report: a page of triage is
     * mostly a few members' reports */
    json_t *seen = json_object();
    if (!seen)
        return fk_errc(err, FK_ERR_NOMEM, "out of memory");
    size_t i;
    json_t *r;
    int rc = 0;
    json_array_foreach(reports, i, r)
    {
        json_t *provider = json_object_get(r, "provider"), *list;
        if (!provider || rc != 0)
            continue;
        char key[24];
        snprintf(key, sizeof key, "%lld",
                 (long long)json_integer_value(json_object_get(provider, "identifiers")));
        if (!(list = json_incref(json_object_get(seen, key)))) {
            rc = fk_db_query_json(db,
                                  "SELECT kind, value FROM org_identifier WHERE org_id = ?1 "
                                  "ORDER BY kind, value",
                                  NULL, atoll(key), &list, err);
            if (rc == 0)
                json_object_set(seen, key, list);
        }
        if (rc == 0)
            json_object_set_new(provider, "identifiers", list);
    }
    json_decref(seen);
    if (rc != 0)
        json_decref(reports);
    return rc;
}

/* summary: listings carry the number of indicators and CVEs, not the lists (a report
 * may hold tens of thousands); one report read by id carries them all. */
/* where applies when arg is not 0; also (NULL: none) always. */
static int query_reports_also(fk_db *db, const char *where, const char *also, int64_t arg,
                              int64_t after, size_t limit, bool summary, bool with_provider,
                              json_t **out, fk_err *err)
{
    const char *indicators = summary ? "NULL" : "r.indicators";
    char sql[2560];
    snprintf(sql, sizeof sql,
             "SELECT " REPORT_COLUMNS " FROM report r JOIN organisation o ON o.id = r.org_id "
             "JOIN account a ON a.id = r.account_id WHERE (?1 = 0 OR %s) AND r.id > ?2 %s%s "
             "ORDER BY r.id LIMIT ?3",
             indicators, where, also ? "AND " : "", also ? also : "");
    fk_sql *st;
    if (fk_sql_prepare(db, sql, &st, NULL) != 0)
        return fk_db_error(db, err, "reports");
    fk_sql_bind_int64(st, 1, arg);
    fk_sql_bind_int64(st, 2, after);
    fk_sql_bind_int64(st, 3, limit ? (int64_t)limit : INT64_MAX);
    if (fk_sql_collect(db, st, row_to_report, &with_provider, "reports", out, err) != 0)
        return -1;
    return with_provider ? fill_identifiers(db, *out, err) : 0;
}

static int query_reports(fk_db *db, const char *where, int64_t arg, int64_t after, size_t limit,
                         bool summary, bool with_provider, json_t **out, fk_err *err)
{
    return query_reports_also(db, where, NULL, arg, after, limit, summary, with_provider, out, err);
}

int fk_report_awaiting(fk_db *db, int64_t org_id, size_t limit, int64_t *count, json_t **out,
                       fk_err *err)
{
    fk_sql *st;
    /* one organisation's by its index on (org, status); "(?1 = 0 OR org_id = ?1)" would
     * hide it from the planner */
    if (fk_sql_prepare(db,
                       org_id ? "SELECT count(*) FROM report WHERE org_id = ?1 AND status = 'new'"
                              : "SELECT count(*) FROM report WHERE status = 'new'",
                       &st, NULL) != 0)
        return fk_db_error(db, err, "reports");
    if (org_id)
        fk_sql_bind_int64(st, 1, org_id);
    int rc = fk_sql_step(st);
    *count = rc == FK_SQL_ROW ? fk_sql_column_int64(st, 0) : 0;
    fk_sql_finalize(st);
    if (rc != FK_SQL_ROW)
        return fk_db_error(db, err, "reports");
    /* the ones waiting longest first: the order triage takes them in */
    return query_reports_also(db, "r.org_id = ?1", "r.status = 'new'", org_id, 0, limit, true,
                              org_id == 0, out, err);
}

static int64_t page_after(const fk_page *page)
{
    return page && page->after ? strtoll(page->after, NULL, 10) : 0;
}

int fk_report_load(fk_db *db, int64_t id, bool with_provider, json_t **out, fk_err *err)
{
    json_t *arr;
    if (query_reports(db, "r.id = ?1", id, 0, 1, false, with_provider, &arr, err) != 0)
        return -1;
    if (json_array_size(arr) == 0) {
        json_decref(arr);
        return 1;
    }
    *out = json_incref(json_array_get(arr, 0));
    json_decref(arr);
    return 0;
}

bool fk_report_status_valid(const char *s)
{
    static const char *const statuses[] = {"new", "triaged", "merged", "released"};
    for (size_t i = 0; s && i < sizeof statuses / sizeof statuses[0]; i++)
        if (!strcmp(s, statuses[i]))
            return true;
    return false;
}

/* The query names only the conditions the filter sets (as the alert listing does), so
 * that each is a range of an index: (org, status, id), (status, id), or the key. */
int fk_report_list(fk_db *db, int64_t org_id, const fk_report_filter *f, const fk_page *page,
                   bool with_provider, json_t **out, fk_err *err)
{
    static const fk_report_filter none = {0};
    if (!f)
        f = &none;
    char sql[2560];
    int len = snprintf(sql, sizeof sql,
                       "SELECT " REPORT_COLUMNS " FROM report r JOIN organisation o ON o.id = "
                       "r.org_id JOIN account a ON a.id = r.account_id WHERE 1 = 1",
                       "NULL");
    int n = 0;
    struct {
        const char *text;
        int64_t num;
    } binds[5];
#define COND(cond, text_sql, ...)                                                                  \
    if (cond) {                                                                                    \
        len += snprintf(sql + len, sizeof sql - (size_t)len, " AND ");                             \
        len += snprintf(sql + len, sizeof sql - (size_t)len, text_sql, n + 1);                     \
        binds[n].text = NULL;                                                                      \
        binds[n].num = 0;                                                                          \
        __VA_ARGS__;                                                                               \
        n++;                                                                                       \
    }
    int64_t after = page_after(page);
    COND(org_id, "r.org_id = ?%d", binds[n].num = org_id)
    COND(f->status && *f->status, "r.status = ?%d", binds[n].text = f->status)
    COND(f->type && *f->type, "r.type = ?%d", binds[n].text = f->type)
    COND(after, f->newest_first ? "r.id < ?%d" : "r.id > ?%d", binds[n].num = after)
#undef COND
    snprintf(sql + len, sizeof sql - (size_t)len, " ORDER BY r.id %s LIMIT ?%d",
             f->newest_first ? "DESC" : "ASC", n + 1);
    fk_sql *st;
    if (fk_sql_prepare(db, sql, &st, NULL) != 0)
        return fk_db_error(db, err, "reports");
    for (int i = 0; i < n; i++) {
        if (binds[i].text)
            fk_sql_bind_text_static(st, i + 1, binds[i].text, -1);
        else
            fk_sql_bind_int64(st, i + 1, binds[i].num);
    }
    fk_sql_bind_int64(st, n + 1, page && page->limit ? (int64_t)page->limit : INT64_MAX);
    if (fk_sql_collect(db, st, row_to_report, &with_provider, "reports", out, err) != 0)
        return -1;
    return with_provider ? fill_identifiers(db, *out, err) : 0;
}

static int update_audited(fk_db *db, fk_sql *st, const char *actor, const char *action, int64_t id,
                          const char *detail, fk_err *err)
{
    if (finish(db, st, err, action) != 0)
        return -1;
    if (fk_db_changes(db) == 0)
        return fk_errf(err, "no report %lld", (long long)id);
    char object[32];
    snprintf(object, sizeof object, "report:%lld", (long long)id);
    return fk_audit_append(db, actor, action, object, detail, err);
}

int fk_report_triage(fk_db *db, const char *actor, int64_t id, int severity, const char *scale,
                     json_t *reasons, fk_err *err)
{
    char now[32];
    char *r = dump(reasons);
    if (!r)
        return fk_errf(err, "out of memory");
    fk_sql *st;
    int rc = -1;
    if (fk_db_begin(db, err) == 0 &&
        fk_sql_prepare(
            db,
            "UPDATE report SET severity = ?, severity_scale = ?, severity_reasons = ?, updated_at "
            "= ?, "
            "status = CASE status WHEN 'new' THEN 'triaged' ELSE status END WHERE id = ?",
            &st, NULL) == 0) {
        fk_sql_bind_int64(st, 1, severity);
        fk_sql_bind_text_static(st, 2, scale, -1);
        fk_sql_bind_text_static(st, 3, r, -1);
        fk_sql_bind_text_static(st, 4, fk_db_now(now), -1);
        fk_sql_bind_int64(st, 5, id);
        char detail[600];
        snprintf(detail, sizeof detail, "{\"severity\":%d,\"scale\":\"%s\"}", severity, scale);
        rc = update_audited(db, st, actor, "report.triage", id, detail, err);
    } else if (fk_db_in_transaction(db)) {
        fk_db_error(db, err, "report");
    }
    if (rc == 0)
        rc = fk_db_commit(db, err);
    if (rc != 0)
        fk_db_rollback(db);
    free(r);
    return rc;
}

int fk_report_merge(fk_db *db, const char *actor, int64_t id, int64_t into, fk_err *err)
{
    if (id == into)
        return fk_errf(err, "a report cannot be merged into itself");
    json_t *target;
    int found = fk_report_load(db, into, false, &target, err);
    if (found != 0)
        return found < 0 ? -1 : fk_errf(err, "no report %lld to merge into", (long long)into);
    bool merged = !strcmp(json_string_value(json_object_get(target, "status")), "merged");
    json_decref(target);
    if (merged)
        return fk_errf(err,
                       "report %lld is itself merged; merge into the report it was merged into",
                       (long long)into);
    char now[32], detail[64];
    fk_sql *st;
    int rc = -1;
    snprintf(detail, sizeof detail, "{\"into\":%lld}", (long long)into);
    if (fk_db_begin(db, err) == 0 &&
        fk_sql_prepare(
            db,
            "UPDATE report SET status = 'merged', merged_into = ?, updated_at = ? WHERE id = ? AND "
            "status IN ('new', 'triaged')",
            &st, NULL) == 0) {
        fk_sql_bind_int64(st, 1, into);
        fk_sql_bind_text_static(st, 2, fk_db_now(now), -1);
        fk_sql_bind_int64(st, 3, id);
        rc = update_audited(db, st, actor, "report.merge", id, detail, err);
        if (rc != 0 && strstr(err->msg, "no report"))
            fk_errf(err, "report %lld does not exist or was already merged or released",
                    (long long)id);
    }
    if (rc == 0)
        rc = fk_db_commit(db, err);
    if (rc != 0)
        fk_db_rollback(db);
    return rc;
}

/* A new release's e-mail notice to each organisation it is addressed to, queued with it. */
static int announce(fk_db *db, int64_t release_id, const char *tier, const char *deadline,
                    fk_err *err)
{
    json_t *payload =
        json_pack("{ss sI s{ss ss}}", "event", "release.new", "release", (json_int_t)release_id,
                  "detail", "tier", tier, "deadline", deadline);
    char *text = payload ? json_dumps(payload, JSON_COMPACT) : NULL;
    json_decref(payload);
    if (!text)
        return fk_errc(err, FK_ERR_NOMEM, "out of memory");
    size_t queued;
    int rc = fk_outbox_mail_release(db, release_id, "release.new", text, false, fk_time_now_ms(),
                                    &queued, err);
    free(text);
    return rc;
}

int fk_release_insert(fk_db *db, const char *actor, const fk_principal *who, int64_t report_id,
                      const char *stix_report_id, json_t *audience, const char *tier,
                      const char *deadline, json_t *bundle, int64_t *release_id, fk_err *err)
{
    char *aud = dump(audience), *b = dump(bundle), now[32];
    fk_sql *st;
    int rc = -1;
    if (!aud || !b) {
        free(aud);
        free(b);
        return fk_errf(err, "out of memory");
    }
    if (fk_db_begin(db, err) == 0 &&
        fk_sql_prepare(db,
                       "INSERT INTO release (report_id, stix_report_id, audience, tier, "
                       "deadline, released_by, "
                       "released_at, bundle, deadline_watch) VALUES (?,?,?,?,?,?,?,?,1) "
                       "RETURNING id",
                       &st, NULL) == 0) {
        fk_sql_bind_int64(st, 1, report_id);
        fk_sql_bind_text_static(st, 2, stix_report_id, -1);
        fk_sql_bind_text_static(st, 3, aud, -1);
        fk_sql_bind_text_static(st, 4, tier, -1);
        fk_sql_bind_text_static(st, 5, deadline, -1);
        fk_sql_bind_int64(st, 6, who->account_id);
        fk_sql_bind_text_static(st, 7, fk_db_now(now), -1);
        fk_sql_bind_text_static(st, 8, b, -1);
        if (finish_returning(db, st, release_id, err, "release") == 0 &&
            fk_readers_set_release(db, *release_id, audience, err) == 0 &&
            announce(db, *release_id, tier, deadline, err) == 0) {
            char object[48], detail[1200];
            snprintf(object, sizeof object, "release:%lld", (long long)*release_id);
            snprintf(detail, sizeof detail,
                     "{\"report\":%lld,\"tier\":\"%s\",\"audience\":%.1000s}", (long long)report_id,
                     tier, aud);
            if (fk_sql_prepare(db,
                               "UPDATE report SET status = 'released', "
                               "updated_at = ? WHERE id = ?",
                               &st, NULL) == 0) {
                fk_sql_bind_text_static(st, 1, now, -1);
                fk_sql_bind_int64(st, 2, report_id);
                if (finish(db, st, err, "report") == 0 &&
                    fk_audit_append(db, actor, "release.create", object, detail, err) == 0)
                    rc = fk_db_commit(db, err);
            }
        }
    }
    if (rc != 0)
        fk_db_rollback(db);
    free(aud);
    free(b);
    return rc;
}

typedef struct release_view {
    bool with_bundle;
    bool centre;
} release_view;

static json_t *release_row(fk_sql *st, void *ctx)
{
    const release_view *view = ctx;
    bool with_bundle = view->with_bundle;
    json_t *r = json_pack("{sI ss ss ss ss so}", "id", (json_int_t)fk_sql_column_int64(st, 0),
                          "stix_report_id", fk_sql_column_text(st, 1), "tier",
                          fk_sql_column_text(st, 2), "deadline", fk_sql_column_text(st, 3),
                          "released_at", fk_sql_column_text(st, 4), "audience", parsed(st, 5));
    /* an advisory to named organisations: a member is told it was addressed to it, never
     * which others share its exposure */
    json_t *aud = r ? json_object_get(r, "audience") : NULL;
    if (!view->centre && json_object_get(aud, "organisations")) {
        json_object_del(aud, "organisations");
        json_object_set_new(aud, "addressed_to_you", json_true());
    }
    if (r && with_bundle) {
        json_t *bundle = parsed(st, 6);
        json_object_set_new(
            r, "objects",
            json_integer((json_int_t)json_array_size(json_object_get(bundle, "objects"))));
        json_object_set_new(r, "bundle", bundle);
    }
    if (r && fk_sql_column_type(st, 7) != FK_SQL_NULL)
        json_object_set_new(r, "severity",
                            json_pack("{siss}", "level", fk_sql_column_int(st, 7), "scale",
                                      fk_sql_column_text(st, 8)));
    if (r)
        json_object_set_new(r, "report_type", json_string((const char *)fk_sql_column_text(st, 9)));
    return r;
}

/* The release listing's query; due: the ones whose deadline is at or after due, soonest
 * first, instead of by id. */
static int query_releases(fk_db *db, const fk_principal *who, int64_t only_id, const char *due,
                          const char *tier, int64_t after, int64_t limit, json_t **out, fk_err *err)
{
    fk_sql *st;
    /* A listing carries no bundles (one release may hold tens of thousands of objects):
     * each is read by id. */
    char sql[1400];
    snprintf(sql, sizeof sql,
             "SELECT rl.id, rl.stix_report_id, rl.tier, rl.deadline, rl.released_at, "
             "rl.audience, CASE WHEN ?1 = 0 THEN NULL ELSE rl.bundle END, r.severity, "
             "r.severity_scale, r.type, 0 FROM release rl JOIN report r ON r.id = rl.report_id "
             "WHERE (?1 = 0 OR rl.id = ?1) AND %s%s AND " FK_READERS_ADMIT(
                 "release_reader", "release_id", "rl.id", "?2", "?3", "?4") " ORDER BY %s LIMIT ?6",
             due ? "rl.deadline >= ?5" : "rl.id > ?5", tier ? " AND rl.tier = ?7" : "",
             due ? "rl.deadline, rl.id" : "rl.id");
    if (fk_sql_prepare(db, sql, &st, NULL) != 0)
        return fk_db_error(db, err, "releases");
    fk_sql_bind_int64(st, 1, only_id);
    fk_sql_bind_int64(st, 2, fk_role_is_centre(who->role));
    fk_sql_bind_text_static(st, 3, who->sector, -1);
    fk_sql_bind_int64(st, 4, who->org_id);
    if (due)
        fk_sql_bind_text_static(st, 5, due, -1);
    else
        fk_sql_bind_int64(st, 5, after);
    fk_sql_bind_int64(st, 6, limit);
    if (tier)
        fk_sql_bind_text_static(st, 7, tier, -1);
    release_view view = {only_id != 0, fk_role_is_centre(who->role)};
    return fk_sql_collect(db, st, release_row, &view, "releases", out, err);
}

int fk_release_list(fk_db *db, const fk_principal *who, int64_t only_id, const fk_page *page,
                    json_t **out, fk_err *err)
{
    return fk_release_list_tier(db, who, only_id, NULL, page, out, err);
}

int fk_release_list_tier(fk_db *db, const fk_principal *who, int64_t only_id, const char *tier,
                         const fk_page *page, json_t **out, fk_err *err)
{
    return query_releases(db, who, only_id, NULL, tier && *tier ? tier : NULL, page_after(page),
                          page && page->limit ? (int64_t)page->limit : INT64_MAX, out, err);
}

int fk_release_due(fk_db *db, const fk_principal *who, const char *from, size_t limit, json_t **out,
                   fk_err *err)
{
    return query_releases(db, who, 0, from, NULL, 0, (int64_t)limit, out, err);
}
