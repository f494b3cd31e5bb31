#include "vulns.h"

#include "../core/timefmt.h"
#include "../store/audit.h"
#include "../vuln/feed.h"
#include "../vuln/ledger.h"
#include "access.h"
#include "vuln_match.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NOMEM(err) fk_errc(err, FK_ERR_NOMEM, "out of memory")

static const char *actor_of(const fk_principal *who, char buf[160])
{
    snprintf(buf, 160, "account:%s", who->account);
    return buf;
}

static int finish(fk_db *db, int rc, fk_err *err)
{
    if (rc == 0 && fk_db_commit(db, err) == 0)
        return 0;
    fk_db_rollback(db);
    return rc > 0 ? rc : -1;
}

/* ---- intake -------------------------------------------------------------------------- */

typedef struct intake {
    fk_db *db;
    fk_feed_kind kind;
    int64_t now_ms;
    fk_vuln_tally tally;
    json_t *changed;
    size_t records;
    char newest[32];
} intake;

static int take(void *ctx, json_t *rec, fk_err *err)
{
    intake *in = ctx;
    in->records++;
    const char *modified = json_string_value(json_object_get(rec, "modified"));
    if (modified && strcmp(modified, in->newest) > 0)
        snprintf(in->newest, sizeof in->newest, "%s", modified);
    switch (in->kind) {
    case FK_FEED_KEV: return fk_vulns_put_kev(in->db, rec, in->now_ms, &in->tally, err);
    case FK_FEED_EPSS: return fk_vulns_put_epss(in->db, rec, in->now_ms, &in->tally, err);
    default: return fk_vulns_put_record(in->db, rec, in->now_ms, &in->tally, in->changed, err);
    }
}

int fk_hub_vuln_import(fk_db *db, const fk_principal *who, const char *name, const char *data,
                       size_t len, int kind, int64_t now_ms, json_t **summary, fk_err *err)
{
    *summary = NULL;
    if (!fk_access_allows(FK_ACT_VULN_FEED, who->role))
        return fk_errc(err, FK_ERR_DENIED, "only the centre takes in vulnerability feeds");
    if (kind < 0 && (kind = fk_feed_recognise(data, len)) < 0)
        return fk_errf(err,
                       "%s: not a feed fukurou reads: expected NVD CVE API 2.0 JSON, MyJVN "
                       "XML, the KEV catalogue or an EPSS CSV",
                       name ? name : "the document");
    /* the whole document is read and checked before anything is stored: a wrong one
     * stores nothing */
    json_t *records;
    fk_feed_kind k;
    int64_t t0 = fk_time_mono_ms();
    if (fk_feed_read_all(data, len, kind, &k, &records, err) != 0)
        return -1;
    int64_t read_ms = fk_time_mono_ms() - t0;
    int rc = fk_hub_vuln_import_records(db, who, name, k, records, now_ms, summary, err);
    json_decref(records);
    if (rc == 0)
        json_object_set_new(*summary, "read_ms", json_integer(read_ms));
    return rc;
}

int fk_hub_vuln_import_records(fk_db *db, const fk_principal *who, const char *name,
                               fk_feed_kind kind, json_t *records, int64_t now_ms, json_t **summary,
                               fk_err *err)
{
    *summary = NULL;
    if (!fk_access_allows(FK_ACT_VULN_FEED, who->role))
        return fk_errc(err, FK_ERR_DENIED, "only the centre takes in vulnerability feeds");
    intake in = {.db = db, .now_ms = now_ms, .changed = json_array(), .kind = kind};
    if (!in.changed)
        return NOMEM(err);
    int64_t t0 = fk_time_mono_ms();
    if (fk_db_begin(db, err) != 0) {
        json_decref(in.changed);
        return -1;
    }
    fk_hub_match_ahead *ahead = kind == FK_FEED_NVD ? fk_hub_match_ahead_begin(db, records) : NULL;
    /* one transaction: a store failing half-way keeps nothing of the document */
    int rc = 0;
    size_t i;
    json_t *rec;
    json_array_foreach(records, i, rec) if (rc == 0) rc = take(&in, rec, err);
    int64_t t1 = fk_time_mono_ms();
    json_t *s =
        json_pack("{ss ss sI sI sI sI sI}", "file", name ? name : "", "feed", fk_feed_name(kind),
                  "records", (json_int_t)in.records, "added", (json_int_t)in.tally.added, "updated",
                  (json_int_t)in.tally.updated, "unchanged", (json_int_t)in.tally.unchanged,
                  "rematched", (json_int_t)json_array_size(in.changed));
    if (rc == 0 && !s)
        rc = NOMEM(err);
    if (rc == 0 && json_array_size(in.changed) > 0) {
        fk_match_scope scope = {.vulns = in.changed};
        rc = fk_hub_match_scope_with(db, &scope, ahead, now_ms, s, err);
    }
    fk_hub_match_ahead_end(ahead);
    int64_t t2 = fk_time_mono_ms();
    char actor[160];
    if (rc == 0)
        rc = fk_vulns_feed_note(db, fk_feed_name(kind), in.newest[0] ? in.newest : NULL, in.records,
                                now_ms, err);
    if (rc == 0) {
        char object[40], *detail = json_dumps(s, JSON_COMPACT | JSON_SORT_KEYS);
        snprintf(object, sizeof object, "feed:%s", fk_feed_name(kind));
        rc = detail ? fk_audit_append(db, actor_of(who, actor), "vuln.import", object, detail, err)
                    : NOMEM(err);
        free(detail);
    }
    json_decref(in.changed);
    int64_t t3 = fk_time_mono_ms();
    if (finish(db, rc, err) != 0) {
        json_decref(s);
        return -1;
    }
    json_object_set_new(s, "store_ms", json_integer(t1 - t0));
    json_object_set_new(s, "match_ms", json_integer(t2 - t1));
    /* the commit: SQLite writes the changed pages to its log and, past a thousand of
     * them, copies them into the database file (a checkpoint) */
    json_object_set_new(s, "commit_ms", json_integer(fk_time_mono_ms() - t3));
    *summary = s;
    return 0;
}

int fk_hub_vuln_rematch(fk_db *db, const fk_principal *who, int64_t now_ms, json_t **summary,
                        fk_err *err)
{
    *summary = NULL;
    if (!fk_access_allows(FK_ACT_VULN_FEED, who->role))
        return fk_errc(err, FK_ERR_DENIED, "only the centre matches every ledger again");
    json_t *s = json_object();
    if (!s)
        return NOMEM(err);
    int64_t t0 = fk_time_mono_ms();
    if (fk_db_begin(db, err) != 0) {
        json_decref(s);
        return -1;
    }
    fk_match_scope scope = {0};
    int rc = fk_hub_match_scope(db, &scope, now_ms, s, err);
    char actor[160];
    if (rc == 0)
        rc = fk_audit_append(db, actor_of(who, actor), "vuln.rematch", "ledger:all", "{}", err);
    if (finish(db, rc, err) != 0) {
        json_decref(s);
        return -1;
    }
    json_object_set_new(s, "match_ms", json_integer(fk_time_mono_ms() - t0));
    *summary = s;
    return 0;
}

int fk_hub_vulns_list(fk_db *db, const fk_principal *who, const char *q, bool kev, double min_score,
                      bool mine, const fk_page *page, json_t **out, fk_err *err)
{
    fk_vuln_filter f = {.q = q, .kev = kev, .min_score = min_score};
    if (mine) {
        if (fk_role_is_centre(who->role))
            f.matched_any = true;
        else
            f.matched_org = who->org_id;
    }
    return fk_vulns_list(db, &f, page, out, err);
}

int fk_hub_vuln_get(fk_db *db, const fk_principal *who, const char *id, json_t **out, fk_err *err)
{
    json_t *v, *matches;
    if (fk_vulns_get(db, id, &v, err) != 0)
        return -1;
    if (!v)
        return 1;
    int64_t only = fk_role_is_centre(who->role) ? 0 : who->org_id;
    if (fk_matches_of_vuln(db, json_string_value(json_object_get(v, "id")), only, &matches, err) !=
        0) {
        json_decref(v);
        return -1;
    }
    json_object_set_new(v, "matches", matches);
    *out = v;
    return 0;
}

int fk_hub_vuln_overview(fk_db *db, const fk_principal *who, json_t **out, fk_err *err)
{
    *out = NULL;
    json_t *counts = NULL, *feeds = NULL, *matches = NULL, *polls = NULL;
    bool centre = fk_role_is_centre(who->role);
    /* the polls of the live APIs are the centre's operations, not a member's concern */
    if (fk_vulns_counts(db, &counts, err) != 0 || fk_vulns_feeds(db, &feeds, err) != 0 ||
        fk_matches_counts(db, centre ? 0 : who->org_id, &matches, err) != 0 ||
        (centre && fk_vulns_polls(db, &polls, err) != 0)) {
        json_decref(counts);
        json_decref(feeds);
        json_decref(matches);
        return -1;
    }
    *out = json_pack("{so so so}", "records", counts, "feeds", feeds, "matches", matches);
    if (*out && polls)
        json_object_set_new(*out, "polls", polls);
    else
        json_decref(polls);
    return *out ? 0 : NOMEM(err);
}

int fk_hub_vuln_intake(fk_db *db, const fk_principal *who, json_t **out, fk_err *err)
{
    *out = NULL;
    if (!fk_role_is_centre(who->role))
        return fk_errc(err, FK_ERR_DENIED, "the intake is the centre's");
    json_t *feeds, *polls;
    if (fk_vulns_feeds(db, &feeds, err) != 0)
        return -1;
    if (fk_vulns_polls(db, &polls, err) != 0) {
        json_decref(feeds);
        return -1;
    }
    *out = json_pack("{so so}", "feeds", feeds, "polls", polls);
    return *out ? 0 : NOMEM(err);
}

static int ledger_org(fk_db *db, const fk_principal *who, const char *org, int64_t *org_id,
                      fk_err *err)
{
    char sector[48];
    return fk_access_sender_org(db, who, org, "systems", org_id, sector, err);
}

/* ---- the ledger ---------------------------------------------------------------------- */

int fk_hub_asset_put(fk_db *db, const fk_principal *who, const char *org, json_t *in,
                     int64_t now_ms, int64_t *id, bool *created, fk_err *err)
{
    if (!fk_access_allows(FK_ACT_ASSET_EDIT, who->role))
        return fk_errc(err, FK_ERR_DENIED, "a member-reader does not keep the ledger");
    int64_t org_id;
    if (ledger_org(db, who, org, &org_id, err) != 0)
        return -1;
    json_t *a;
    if (fk_asset_check(in, &a, err) != 0)
        return -1;
    char actor[160];
    int rc = fk_db_begin(db, err);
    if (rc == 0)
        rc = fk_assets_put(db, actor_of(who, actor), org_id, a, now_ms, id, created, err);
    json_decref(a);
    if (rc == 0) {
        fk_match_scope scope = {.asset = *id};
        rc = fk_hub_match_scope(db, &scope, now_ms, NULL, err);
    }
    return finish(db, rc, err);
}

static bool looks_cyclonedx(const char *data, size_t len)
{
    return memmem(data, len < 4096 ? len : 4096, "\"bomFormat\"", 11) != NULL;
}

int fk_hub_assets_import(fk_db *db, const fk_principal *who, const char *org, const char *format,
                         const char *data, size_t len, const char *name_hint, bool match,
                         int64_t now_ms, json_t **summary, fk_err *err)
{
    *summary = NULL;
    if (!fk_access_allows(FK_ACT_ASSET_EDIT, who->role))
        return fk_errc(err, FK_ERR_DENIED, "a member-reader does not keep the ledger");
    int64_t org_id;
    if (ledger_org(db, who, org, &org_id, err) != 0)
        return -1;
    bool sbom = format ? !strcmp(format, "cyclonedx") : looks_cyclonedx(data, len);
    if (format && !sbom && strcmp(format, "csv") != 0)
        return fk_errf(err, "format: expected csv or cyclonedx");
    json_t *raw = NULL;
    if (sbom) {
        json_error_t je;
        json_t *doc = json_loadb(data, len, 0, &je);
        if (!doc)
            return fk_errf(err, "line %d column %d: not JSON: %s", je.line, je.column, je.text);
        json_t *one;
        int rc = fk_ledger_cyclonedx(doc, name_hint, &one, err);
        json_decref(doc);
        if (rc != 0)
            return -1;
        raw = json_array();
        if (!raw || json_array_append_new(raw, one) != 0) {
            json_decref(raw);
            return NOMEM(err);
        }
    } else if (fk_ledger_csv(data, len, &raw, err) != 0)
        return -1;
    /* every asset checked before any is stored: a file is taken whole or not at all */
    json_t *checked = json_array();
    size_t i;
    json_t *a;
    int rc = checked ? 0 : NOMEM(err);
    json_array_foreach(raw, i, a)
    {
        json_t *c;
        fk_err inner;
        if (rc != 0)
            break;
        if (fk_asset_check(a, &c, &inner) != 0) {
            json_t *line = json_object_get(a, "line");
            rc = line ? fk_errc(err, inner.code, "line %lld (%s): %s",
                                (long long)json_integer_value(line),
                                json_string_value(json_object_get(a, "name")), inner.msg)
                      : fk_errc(err, inner.code, "%s", inner.msg);
        } else if (json_array_append_new(checked, c) != 0)
            rc = NOMEM(err);
    }
    json_decref(raw);
    size_t added = 0, updated = 0, programs = 0;
    json_t *s = json_object();
    if (rc == 0 && !s)
        rc = NOMEM(err);
    if (rc == 0)
        rc = fk_db_begin(db, err);
    else {
        json_decref(checked);
        json_decref(s);
        return -1;
    }
    char actor[160];
    json_array_foreach(checked, i, a)
    {
        int64_t id;
        bool created;
        if (rc != 0)
            break;
        rc = fk_assets_put(db, actor_of(who, actor), org_id, a, now_ms, &id, &created, err);
        added += created;
        updated += !created;
        programs += json_array_size(json_object_get(a, "software"));
    }
    json_decref(checked);
    if (rc == 0 && match) {
        fk_match_scope scope = {.org = org_id};
        rc = fk_hub_match_scope(db, &scope, now_ms, s, err);
    }
    if (finish(db, rc, err) != 0) {
        json_decref(s);
        return -1;
    }
    json_object_update_new(s, json_pack("{sI sI sI sI}", "assets", (json_int_t)(added + updated),
                                        "added", (json_int_t)added, "updated", (json_int_t)updated,
                                        "programs", (json_int_t)programs));
    *summary = s;
    return 0;
}

int fk_hub_asset_remove(fk_db *db, const fk_principal *who, int64_t id, fk_err *err)
{
    if (!fk_access_allows(FK_ACT_ASSET_EDIT, who->role))
        return fk_errc(err, FK_ERR_DENIED, "a member-reader does not keep the ledger");
    char actor[160];
    if (fk_db_begin(db, err) != 0)
        return -1;
    int rc = fk_assets_remove(db, actor_of(who, actor),
                              fk_role_is_centre(who->role) ? 0 : who->org_id, id, err);
    return finish(db, rc, err);
}

int fk_hub_assets_list(fk_db *db, const fk_principal *who, const char *org, const char *q, bool ics,
                       bool internet, const fk_page *page, json_t **out, fk_err *err)
{
    fk_asset_filter f = {.q = q, .ics = ics, .internet = internet};
    if (!fk_role_is_centre(who->role))
        f.only_org = who->org_id;
    else if (org && *org && ledger_org(db, who, org, &f.only_org, err) != 0)
        return -1;
    return fk_assets_list(db, &f, page, out, err);
}

int fk_hub_asset_get(fk_db *db, const fk_principal *who, int64_t id, json_t **out, fk_err *err)
{
    if (fk_assets_get(db, fk_role_is_centre(who->role) ? 0 : who->org_id, id, out, err) != 0)
        return -1;
    return *out ? 0 : 1;
}

int fk_hub_crypto_report(fk_db *db, const fk_principal *who, json_t **out, fk_err *err)
{
    json_t *rows;
    if (fk_assets_crypto(db, fk_role_is_centre(who->role) ? 0 : who->org_id, &rows, err) != 0)
        return -1;
    json_t *by_alg = json_object(), *list = json_array();
    int rc = by_alg && list ? 0 : NOMEM(err);
    size_t i, k;
    json_t *row, *alg;
    json_array_foreach(rows, i, row) json_array_foreach(json_object_get(row, "crypto"), k, alg)
    {
        const char *name = json_string_value(alg);
        json_t *entry = json_object_get(by_alg, name);
        if (rc != 0 || !name)
            break;
        if (!entry) {
            entry = json_pack("{ss sb si s{} s[]}", "algorithm", name, "retire",
                              fk_crypto_weak(name), "systems", 0, "organisations", "list");
            if (!entry || json_object_set_new(by_alg, name, entry) != 0 ||
                json_array_append(list, entry) != 0) {
                rc = NOMEM(err);
                break;
            }
        }
        json_object_set_new(
            entry, "systems",
            json_integer(json_integer_value(json_object_get(entry, "systems")) + 1));
        json_object_set_new(json_object_get(entry, "organisations"),
                            json_string_value(json_object_get(row, "organisation")), json_true());
        json_array_append_new(json_object_get(entry, "list"),
                              json_pack("{sO sO}", "organisation",
                                        json_object_get(row, "organisation"), "name",
                                        json_object_get(row, "name")));
    }
    json_array_foreach(list, i, row)
    {
        json_t *orgs = json_object_get(row, "organisations");
        json_object_set_new(row, "organisations", json_integer((json_int_t)json_object_size(orgs)));
    }
    json_decref(rows);
    json_decref(by_alg);
    if (rc != 0) {
        json_decref(list);
        return -1;
    }
    *out = list;
    return 0;
}
