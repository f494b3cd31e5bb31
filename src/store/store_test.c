#include "alert_stats.h"
#include "alerts.h"
#include "assets.h"
#include "audit.h"
#include "collections.h"
#include "db.h"
#include "directory.h"
#include "ingest.h"
#include "leases.h"
#include "matches.h"
#include "sectors.h"
#include "support/store_target.h"

#include <criterion/criterion.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* the shipped SQLite migrations (embedded by tools/embed.c) */
extern const char *const fk_migrations_sqlite[];

/* where the store is: a folder, or a PostgreSQL database (see support/store_target.h) */
static char dir[512];
static fk_db *db;

static void setup(void)
{
    char why[512];
    cr_assert_eq(fk_test_store_make(dir, sizeof dir, why, sizeof why), 0, "%s", why);
    fk_err err;
    cr_assert_eq(fk_db_open(&db, dir, &err), 0, "%s", err.msg);
}

static void teardown(void)
{
    fk_db_close(db);
    fk_test_store_drop(dir);
}

/* Sets the stored schema version behind the store's back. */
static void force_schema_version(int v)
{
    char sql[128];
    fk_err err;
    if (fk_test_store_is_postgres())
        snprintf(sql, sizeof sql, "UPDATE fk_schema SET version = %d", v);
    else
        snprintf(sql, sizeof sql, "PRAGMA user_version = %d", v);
    cr_assert_eq(fk_db_exec(db, sql, &err), 0, "%s", err.msg);
}

TestSuite(store, .init = setup, .fini = teardown);

static void ok(int rc, const fk_err *err)
{
    cr_assert_eq(rc, 0, "%s", err->msg);
}

/* A centre, a member with a reporter, and a key for the reporter. */
static void populate(char token[96])
{
    fk_err err;
    int64_t id;
    ok(fk_org_create(db, "test", "NISC", "centre", &id, &err), &err);
    ok(fk_org_create(db, "test", "Power Co", "electricity", &id, &err), &err);
    ok(fk_account_create(db, "test", "carol", "Power Co", FK_ROLE_MEMBER_REPORTER, NULL, &id, &err),
       &err);
    char kid[32];
    ok(fk_apikey_create(db, "test", "carol", "ci", 0, kid, token, &err), &err);
}

/* populate()'s directory; returns the member's id (Power Co). */
static int64_t populated_member(void)
{
    char token[96], sector[48];
    populate(token);
    fk_err err;
    int64_t org;
    ok(fk_org_find(db, "Power Co", &org, sector, &err), &err);
    return org;
}

Test(store, schema_is_current_and_reopening_is_idempotent)
{
    cr_assert_eq(fk_db_schema_version(db), fk_db_latest_schema_version(db));
    fk_db_close(db);
    fk_err err;
    cr_assert_eq(fk_db_open(&db, dir, &err), 0, "%s", err.msg);
    cr_assert_eq(fk_db_schema_version(db), fk_db_latest_schema_version(db));
}

Test(store, refuses_a_newer_schema)
{
    fk_err err;
    force_schema_version(999);
    fk_db_close(db);
    cr_assert_eq(fk_db_open(&db, dir, &err), -1);
    cr_assert_not_null(strstr(err.msg, "newer"), "%s", err.msg);
    db = NULL;
}

Test(store, names_are_unique_and_references_checked)
{
    fk_err err;
    int64_t id;
    ok(fk_org_create(db, "t", "A", "finance", &id, &err), &err);
    cr_assert_eq(fk_org_create(db, "t", "A", "finance", &id, &err), -1);
    cr_assert_not_null(strstr(err.msg, "already exists"), "%s", err.msg);
    cr_assert_eq(fk_org_create(db, "t", "B", "bakeries", &id, &err), -1);
    cr_assert_eq(fk_group_add_member(db, "t", "nogroup", "A", &err), -1);
    cr_assert_not_null(strstr(err.msg, "no group named 'nogroup'"));
    cr_assert_eq(fk_org_add_identifier(db, "t", "A", "network", "10.0.0.0/99", &err), -1);
    cr_assert_eq(fk_org_add_identifier(db, "t", "A", "colour", "red", &err), -1);
    ok(fk_org_add_identifier(db, "t", "A", "network", "10.1.0.0/16", &err), &err);
}

Test(store, roles_must_fit_the_organisation)
{
    fk_err err;
    int64_t id;
    ok(fk_org_create(db, "t", "NISC", "centre", &id, &err), &err);
    ok(fk_org_create(db, "t", "Bank", "finance", &id, &err), &err);
    cr_assert_eq(fk_account_create(db, "t", "x", "Bank", FK_ROLE_CENTRE_ANALYST, NULL, &id, &err),
                 -1);
    cr_assert_eq(fk_account_create(db, "t", "y", "NISC", FK_ROLE_MEMBER_READER, NULL, &id, &err),
                 -1);
    cr_assert_eq(fk_account_create(db, "t", "z", "NISC", FK_ROLE_CENTRE_ADMIN, "short", &id, &err),
                 -1);
    cr_assert_not_null(strstr(err.msg, "12 characters"));
}

Test(store, api_key_authenticates_until_revoked)
{
    char token[96];
    populate(token);
    fk_principal p;
    fk_err err;
    cr_assert_eq(fk_authenticate_token(db, token, &p, &err), 0);
    cr_assert_str_eq(p.account, "carol");
    cr_assert_str_eq(p.org, "Power Co");
    cr_assert_str_eq(p.sector, "electricity");
    cr_assert_eq(p.role, FK_ROLE_MEMBER_REPORTER);
    char forged[96];
    strcpy(forged, token);
    forged[strlen(forged) - 1] = forged[strlen(forged) - 1] == 'a' ? 'b' : 'a';
    cr_assert_eq(fk_authenticate_token(db, forged, &p, &err), 1, "a wrong secret is refused");
    cr_assert_eq(fk_authenticate_token(db, "fk_short", &p, &err), 1);
    cr_assert_eq(fk_authenticate_token(db, "", &p, &err), 1);
    char id[17];
    memcpy(id, token + 3, 16);
    id[16] = '\0';
    ok(fk_apikey_revoke(db, "t", id, &err), &err);
    cr_assert_eq(fk_authenticate_token(db, token, &p, &err), 1, "a revoked key is refused");
    cr_assert_eq(fk_apikey_revoke(db, "t", id, &err), -1, "revoking twice says so");
}

Test(store, secrets_are_not_stored_in_clear)
{
    char token[96];
    populate(token);
    fk_sql *st;
    /* the secret half of the token appears neither in the stored digests (as hex) nor
     * anywhere in the audit log */
    const char *secret = token + 20;
    cr_assert_eq(fk_sql_prepare(db, "SELECT secret_sha256 FROM api_key", &st, NULL), 0);
    int keys = 0;
    while (fk_sql_step(st) == FK_SQL_ROW) {
        const unsigned char *b = fk_sql_column_blob(st, 0);
        int n = fk_sql_column_bytes(st, 0);
        cr_assert_eq(n, 32, "a SHA-256 digest");
        char hexed[65];
        for (int i = 0; i < n; i++)
            snprintf(hexed + 2 * i, 3, "%02x", b[i]);
        cr_assert_null(strstr(hexed, secret));
        cr_assert_null(strstr(secret, hexed));
        keys++;
    }
    fk_sql_finalize(st);
    cr_assert_eq(keys, 1);
    cr_assert_eq(fk_sql_prepare(db, "SELECT count(*) FROM audit WHERE detail LIKE '%' || ?1 || '%'",
                                &st, NULL),
                 0);
    fk_sql_bind_text_static(st, 1, secret, -1);
    cr_assert_eq(fk_sql_step(st), FK_SQL_ROW);
    cr_assert_eq(fk_sql_column_int(st, 0), 0);
    fk_sql_finalize(st);
}

Test(store, passwords_verify_with_argon2id)
{
    fk_err err;
    int64_t id;
    ok(fk_org_create(db, "t", "NISC", "centre", &id, &err), &err);
    ok(fk_account_create(db, "t", "alice", "NISC", FK_ROLE_CENTRE_ADMIN, "correct horse battery",
                         &id, &err),
       &err);
    fk_principal p;
    cr_assert_eq(fk_authenticate_password(db, "alice", "correct horse battery", &p, NULL, &err), 0);
    cr_assert_eq(p.role, FK_ROLE_CENTRE_ADMIN);
    cr_assert_eq(fk_authenticate_password(db, "alice", "wrong horse battery", &p, NULL, &err), 1);
    cr_assert_eq(fk_authenticate_password(db, "mallory", "correct horse battery", &p, NULL, &err),
                 1);
    fk_sql *st;
    fk_sql_prepare(db, "SELECT password_hash FROM account", &st, NULL);
    cr_assert_eq(fk_sql_step(st), FK_SQL_ROW);
    cr_assert(strncmp((const char *)fk_sql_column_text(st, 0), "$argon2id$", 10) == 0);
    fk_sql_finalize(st);
}

Test(store, audit_chain_detects_edits_and_deletions)
{
    char token[96];
    populate(token);
    fk_audit_report rep;
    fk_err err;
    cr_assert_eq(fk_audit_verify(db, &rep, &err), 0);
    cr_assert_eq(rep.entries, 4);
    ok(fk_db_exec(db, "UPDATE audit SET object = 'Someone Else' WHERE seq = 2", &err), &err);
    cr_assert_eq(fk_audit_verify(db, &rep, &err), 1);
    cr_assert_eq(rep.first_bad, 2);
    cr_assert_not_null(strstr(rep.why, "edited"));
    ok(fk_db_exec(db, "UPDATE audit SET object = 'Power Co' WHERE seq = 2", &err), &err);
    cr_assert_eq(fk_audit_verify(db, &rep, &err), 0, "restoring the text restores the chain");
    ok(fk_db_exec(db, "DELETE FROM audit WHERE seq = 3", &err), &err);
    cr_assert_eq(fk_audit_verify(db, &rep, &err), 1);
    cr_assert_eq(rep.first_bad, 4);
    cr_assert_not_null(strstr(rep.why, "missing"));
}

Test(store, a_failed_write_leaves_no_audit_entry)
{
    fk_err err;
    int64_t id;
    ok(fk_org_create(db, "t", "A", "finance", &id, &err), &err);
    cr_assert_eq(fk_org_create(db, "t", "A", "finance", &id, &err), -1);
    fk_audit_report rep;
    cr_assert_eq(fk_audit_verify(db, &rep, &err), 0);
    cr_assert_eq(rep.entries, 1);
}

Test(store, listings_are_json)
{
    char token[96];
    populate(token);
    fk_err err;
    json_t *arr;
    ok(fk_directory_list(db, "accounts", NULL, &arr, &err), &err);
    cr_assert_eq(json_array_size(arr), 1);
    json_t *a = json_array_get(arr, 0);
    cr_assert_str_eq(json_string_value(json_object_get(a, "role")), "member-reporter");
    cr_assert(json_is_false(json_object_get(a, "has_password")));
    json_decref(arr);
    cr_assert_eq(fk_directory_list(db, "secrets", NULL, &arr, &err), -1);
}

/* Sectors are data: seeded from the shipped lists, then edited; a sector in use stays
 * until its organisations move. */
Test(store, sectors_are_seeded_and_edited)
{
    fk_err err;
    json_t *arr;
    ok(fk_sectors_list(db, "ci-2018", &arr, &err), &err);
    cr_assert_eq(json_array_size(arr), 14);
    json_decref(arr);
    ok(fk_sectors_list(db, "tokyo2020", &arr, &err), &err);
    cr_assert_eq(json_array_size(arr), 19);
    json_decref(arr);
    cr_assert(fk_sector_known(db, "medical"));
    cr_assert(!fk_sector_known(db, "space"));
    int64_t id;
    cr_assert_eq(fk_org_create(db, "test", "Orbital", "space", &id, &err), -1);
    ok(fk_sector_put(db, "test", "ci-2018", "space", "宇宙", "Space", true, &err), &err);
    ok(fk_org_create(db, "test", "Orbital", "space", &id, &err), &err);
    cr_assert_eq(fk_sector_remove(db, "test", "ci-2018", "space", &err), -1);
    cr_assert_eq(err.code, FK_ERR_CONFLICT, "%s", err.msg);
    cr_assert_eq(fk_sector_remove(db, "test", "ci-2018", "nothing", &err), 1);
    ok(fk_sector_remove(db, "test", "tokyo2020", "sewerage", &err), &err);
    cr_assert(!fk_sector_known(db, "sewerage"));
    cr_assert_eq(fk_sector_put(db, "test", "ci-2018", "Bad Code", "x", "y", false, &err), -1);
}

/* A hit that repeats while its alert is open adds to its count; once closed, the next
 * one opens a new alert. Batches are stored once per key. */
/* Many alerts at once (COPY and one merge on PostgreSQL, one by one on SQLite) end as
 * they would one after the other: a repeat of an open alert adds to it, repeats within
 * the call make one alert, the rest open alerts of their own, a tab or a newline in a
 * value survives. */
Test(store, many_alerts_at_once_aggregate_as_one_by_one)
{
    int64_t org = populated_member();
    fk_err err;
    static const char *const values[] = {"/open", "/open", "/open", "/b",  "/b",
                                         "/b",    "/c1",   "/c2",   "/c3", "/c\t4\nx"};
    enum { N = sizeof values / sizeof values[0] };
    fk_alert a[N];
    fk_alert_in in[N];
    for (int i = 0; i < N; i++) {
        a[i] = (fk_alert){.engine = "web",
                          .rule_id = "r1",
                          .title = "t",
                          .severity = FK_SEV_HIGH,
                          .field = "path",
                          .value = {values[i], strlen(values[i])},
                          .src_ip = FK_STR("192.0.2.1"),
                          .has_time = true,
                          .first_ms = 1000 + i,
                          .last_ms = 1000 + i,
                          .count = 1};
        in[i] = (fk_alert_in){org, 0, &a[i]};
    }
    int64_t open_id, ids[N];
    bool fresh, is_new[N];
    ok(fk_db_begin(db, &err), &err);
    ok(fk_alert_record(db, org, 0, &a[0], 5000, &open_id, &fresh, &err), &err);
    /* the first is already open: the other N - 1 go in at once */
    ok(fk_alert_record_many(db, in + 1, N - 1, 5000, ids + 1, is_new + 1, &err), &err);
    ok(fk_db_commit(db, &err), &err);
    cr_assert_eq(ids[1], open_id);
    cr_assert_eq(ids[2], open_id);
    cr_assert(!is_new[1] && !is_new[2], "repeats of an open alert add to it");
    cr_assert(is_new[3] && !is_new[4] && !is_new[5], "one new alert for three of a kind");
    cr_assert(ids[4] == ids[3] && ids[5] == ids[3]);
    for (int i = 6; i < N; i++)
        cr_assert(is_new[i] && ids[i] != ids[i - 1], "value %s", values[i]);
    json_t *j;
    ok(fk_alert_get(db, open_id, org, &j, &err), &err);
    cr_assert_eq(json_integer_value(json_object_get(j, "count")), 3);
    json_decref(j);
    ok(fk_alert_get(db, ids[3], org, &j, &err), &err);
    cr_assert_eq(json_integer_value(json_object_get(j, "count")), 3);
    json_decref(j);
    ok(fk_alert_get(db, ids[N - 1], org, &j, &err), &err);
    cr_assert_str_eq(json_string_value(json_object_get(j, "value")), values[N - 1]);
    json_decref(j);
    fk_alert_filter f = {.min_severity = -1};
    fk_page page = {NULL, 100};
    char next[32];
    ok(fk_alert_list(db, &f, &page, &j, next, &err), &err);
    cr_assert_eq(json_array_size(j), 2 + 4, "the open one, the three of a kind, four others");
    json_decref(j);
}

/* The overview's counts follow the alerts as they are written, one by one or many at
 * once: new alerts and matched events by hour, sector and engine, the rules and the
 * indicators with the most alerts (an indicator under its label), one organisation's
 * counts apart from the others', and they go with the alerts' retention. */
Test(store, overview_counts_follow_alerts_and_retention)
{
    int64_t org = populated_member(), other;
    fk_err err;
    ok(fk_org_create(db, "test", "Gas Co", "gas", &other, &err), &err);
    static const char *const values[] = {"/a", "/a", "/b", "/c", "/d", "/e"};
    enum { N = sizeof values / sizeof values[0] };
    fk_alert a[N + 2];
    fk_alert_in in[N + 2];
    for (int i = 0; i < N; i++) {
        a[i] = (fk_alert){.engine = "web",
                          .rule_id = i < 4 ? "r1" : "r2",
                          .title = "t",
                          .severity = FK_SEV_HIGH,
                          .field = "path",
                          .value = {values[i], strlen(values[i])},
                          .count = 2};
        in[i] = (fk_alert_in){i == 5 ? other : org, 0, &a[i]};
    }
    for (int i = N; i < N + 2; i++) {
        a[i] = (fk_alert){.engine = "ioc",
                          .rule_id = "shared",
                          .title = "Indicator match",
                          .severity = FK_SEV_MEDIUM,
                          .field = "dst_ip",
                          .value = FK_STR("203.0.113.9"),
                          .indicator = "203.0.113.9",
                          .indicator_label = "C2 of campaign X",
                          .count = 1};
        in[i] = (fk_alert_in){org, 0, &a[i]};
    }
    int64_t ids[N + 2], hour = 3600000, t1 = 50 * 86400000LL + 5 * hour + 7;
    bool is_new[N + 2];
    ok(fk_db_begin(db, &err), &err);
    ok(fk_alert_record(db, org, 0, &a[0], t1, &ids[0], &is_new[0], &err), &err);
    ok(fk_alert_record_many(db, in + 1, N + 1, t1, ids + 1, is_new + 1, &err), &err);
    ok(fk_db_commit(db, &err), &err);
    json_t *j;
    ok(fk_alert_stats_timeline(db, 0, t1 - 10 * hour, &j, &err), &err);
    /* electricity ioc, electricity web, gas web: sorted by sector then engine */
    cr_assert_eq(json_array_size(j), 3, "%s", json_dumps(j, 0));
    json_t *e_ioc = json_array_get(j, 0), *e_web = json_array_get(j, 1),
           *gas = json_array_get(j, 2);
    cr_assert_eq(json_integer_value(json_object_get(e_web, "hour_ms")), t1 - 7);
    cr_assert_str_eq(json_string_value(json_object_get(e_web, "sector")), "electricity");
    cr_assert_eq(json_integer_value(json_object_get(e_web, "alerts")), 4, "/a once, /b /c /d");
    cr_assert_eq(json_integer_value(json_object_get(e_web, "hits")), 10);
    cr_assert_eq(json_integer_value(json_object_get(e_ioc, "alerts")), 1);
    cr_assert_eq(json_integer_value(json_object_get(e_ioc, "hits")), 2);
    cr_assert_str_eq(json_string_value(json_object_get(gas, "sector")), "gas");
    json_decref(j);
    ok(fk_alert_stats_timeline(db, other, 0, &j, &err), &err);
    cr_assert_eq(json_array_size(j), 1, "one organisation's own counts");
    json_decref(j);
    ok(fk_alert_stats_timeline(db, 0, t1 + hour, &j, &err), &err);
    cr_assert_eq(json_array_size(j), 0, "nothing after the hour");
    json_decref(j);
    ok(fk_alert_stats_top(db, 0, t1, false, 10, &j, &err), &err);
    cr_assert_eq(json_array_size(j), 2);
    cr_assert_str_eq(json_string_value(json_object_get(json_array_get(j, 0), "rule")), "r1");
    cr_assert_eq(json_integer_value(json_object_get(json_array_get(j, 0), "alerts")), 3);
    cr_assert_eq(json_integer_value(json_object_get(json_array_get(j, 1), "organisations")), 2);
    json_decref(j);
    ok(fk_alert_stats_top(db, org, t1, true, 10, &j, &err), &err);
    cr_assert_eq(json_array_size(j), 1);
    cr_assert_str_eq(json_string_value(json_object_get(json_array_get(j, 0), "rule")),
                     "203.0.113.9");
    cr_assert_str_eq(json_string_value(json_object_get(json_array_get(j, 0), "title")),
                     "C2 of campaign X");
    json_decref(j);
    ok(fk_alert_stats_top(db, other, t1, true, 10, &j, &err), &err);
    cr_assert_eq(json_array_size(j), 0, "another organisation's indicators are not counted");
    json_decref(j);
    int64_t deleted;
    ok(fk_alert_retention(db, t1 + 400 * 86400000LL, 365 * 86400000LL, 0, &deleted, &err), &err);
    ok(fk_alert_stats_timeline(db, 0, 0, &j, &err), &err);
    cr_assert_eq(json_array_size(j), 0, "the counts went with the alerts");
    json_decref(j);
}

Test(store, alerts_aggregate_and_batches_deduplicate)
{
    int64_t org = populated_member();
    fk_err err;
    fk_alert a = {.engine = "web",
                  .rule_id = "r1",
                  .title = "t",
                  .severity = FK_SEV_HIGH,
                  .field = "path",
                  .value = FK_STR("/x"),
                  .src_ip = FK_STR("1.2.3.4"),
                  .has_time = true,
                  .first_ms = 1000,
                  .last_ms = 1000,
                  .count = 1};
    int64_t id1, id2, id3;
    bool fresh;
    ok(fk_alert_record(db, org, 0, &a, 5000, &id1, &fresh, &err), &err);
    cr_assert(fresh);
    a.first_ms = a.last_ms = 2000;
    ok(fk_alert_record(db, org, 0, &a, 5000, &id2, &fresh, &err), &err);
    cr_assert(!fresh);
    cr_assert_eq(id1, id2);
    json_t *j;
    ok(fk_alert_get(db, id1, org, &j, &err), &err);
    cr_assert_eq(json_integer_value(json_object_get(j, "count")), 2);
    json_decref(j);
    cr_assert_eq(fk_alert_get(db, id1, org + 1, &j, &err), 1, "another member's view");
    ok(fk_alert_set_state(db, "test", id1, 0, "false-positive", "lab", &err), &err);
    ok(fk_alert_record(db, org, 0, &a, 5000, &id3, &fresh, &err), &err);
    cr_assert(fresh && id3 != id1, "a closed alert is not reopened by a new hit");
    const char body[] = "line one\nline two\n";
    fk_batch_in in = {.org_id = org,
                      .batch_key = "k1",
                      .lines = 2,
                      .body = body,
                      .body_len = sizeof body - 1,
                      .received_ms = 1000};
    fk_batch_stored s1, s2;
    ok(fk_batch_store(db, &in, &s1, &err), &err);
    ok(fk_batch_store(db, &in, &s2, &err), &err);
    cr_assert(!s1.duplicate && s2.duplicate && s1.id == s2.id);
    /* pending, and not known to be on the shared bus until marked so */
    int64_t ids[4];
    size_t n;
    ok(fk_batch_pending(db, 0, true, ids, NULL, 4, &n, &err), &err);
    cr_assert(n == 1 && ids[0] == s1.id);
    ok(fk_batch_published(db, s1.id, &err), &err);
    ok(fk_batch_pending(db, 0, true, ids, NULL, 4, &n, &err), &err);
    cr_assert_eq(n, 0, "published: not republished");
    ok(fk_batch_pending(db, 0, false, ids, NULL, 4, &n, &err), &err);
    cr_assert_eq(n, 1, "still pending for detection");
    fk_batch b;
    ok(fk_batch_load(db, s1.id, &b, &err), &err);
    cr_assert_str_eq(b.body, body, "the stored body comes back whole");
    fk_batch_release(&b);
    ok(fk_batch_done(db, s1.id, org, 2, 0, 2000, &err), &err);
    cr_assert_eq(fk_batch_done(db, s1.id, org, 2, 0, 2000, &err), -1, "done only once");
    int64_t dropped;
    ok(fk_batch_retention(db, 10 * 86400000LL, 86400000LL, 0, &dropped, &err), &err);
    cr_assert_eq(dropped, 1);
    cr_assert_eq(fk_batch_load(db, s1.id, &b, &err), 1, "its body is gone, its row stays");
}

/* Schema 10 (issue 12): a database written with millisecond versions and dates, where
 * one instant was stored under two spellings, comes back with one version per instant,
 * in the microsecond form, and dates added to the microsecond. */
Test(store, taxii_versions_become_instants_on_upgrade)
{
    if (fk_test_store_is_postgres())
        cr_skip_test("an upgrade from SQLite schema 9; PostgreSQL starts at the current schema");
    /* a database as schema 9 left it: the shipped migrations 1 to 9 applied to a new
     * file, then the rows */
    fk_db_close(db);
    db = NULL;
    char path[600];
    snprintf(path, sizeof path, "%s/fukurou.db", dir);
    cr_assert_eq(unlink(path), 0);
    sqlite3 *h;
    cr_assert_eq(sqlite3_open(path, &h), SQLITE_OK);
    for (int v = 1; v <= 9; v++)
        cr_assert_eq(sqlite3_exec(h, fk_migrations_sqlite[v - 1], NULL, NULL, NULL), SQLITE_OK,
                     "migration %d: %s", v, sqlite3_errmsg(h));
    cr_assert_eq(
        sqlite3_exec(h,
                     "INSERT INTO collection (id, api_root, title, audience, created_at) VALUES "
                     "('c1', 'fukurou', 'c', '{}', '2024-01-01T00:00:00.000Z');"
                     "INSERT INTO taxii_object (collection_id, object_id, version, type, "
                     "spec_version, date_added, object) VALUES "
                     "('c1', 'indicator--1', '2024-05-01T00:00:00.000Z', 'indicator', '2.1', "
                     "'2024-05-02T00:00:00.123Z', '{}'),"
                     "('c1', 'indicator--1', '2024-05-01T09:00:00+09:00', 'indicator', '2.1', "
                     "'2024-05-02T00:00:01.000Z', '{}'),"
                     "('c1', 'indicator--1', '2024-05-01T00:00:00.5Z', 'indicator', '2.1', "
                     "'2024-05-02T00:00:02.000Z', '{}');"
                     "PRAGMA user_version = 9;",
                     NULL, NULL, NULL),
        SQLITE_OK, "%s", sqlite3_errmsg(h));
    sqlite3_close(h);
    fk_err err;
    cr_assert_eq(fk_db_open(&db, dir, &err), 0, "%s", err.msg);
    cr_assert_eq(fk_db_schema_version(db), fk_db_latest_schema_version(db));
    fk_sql *st;
    cr_assert_eq(fk_sql_prepare(db, "SELECT version, date_added FROM taxii_object ORDER BY version",
                                &st, NULL),
                 0);
    const char *want[][2] = {{"2024-05-01T00:00:00.000000Z", "2024-05-02T00:00:00.123000Z"},
                             {"2024-05-01T00:00:00.500000Z", "2024-05-02T00:00:02.000000Z"}};
    int rows = 0;
    while (fk_sql_step(st) == FK_SQL_ROW) {
        cr_assert_lt(rows, 2, "the two spellings of one instant are one version");
        cr_assert_str_eq((const char *)fk_sql_column_text(st, 0), want[rows][0]);
        cr_assert_str_eq((const char *)fk_sql_column_text(st, 1), want[rows][1]);
        rows++;
    }
    fk_sql_finalize(st);
    cr_assert_eq(rows, 2);
}

/* Partitions of batches: workers share them round-robin, a partition changes hands only
 * when its holder gives it up or its lease runs out, and the correlator has one holder. */
Test(store, leases_share_partitions_and_pass_on_only_when_free)
{
    enum { P = 6 };
    unsigned char a[P], b[P];
    int live;
    fk_err err;
    int64_t t = 1000000, ttl = 2000;
    /* alone, worker a takes every partition */
    ok(fk_lease_balance(db, "a", P, t, ttl, a, &live, &err), &err);
    cr_assert_eq(live, 1);
    for (int p = 0; p < P; p++)
        cr_assert_eq(a[p], FK_LEASE_HELD, "partition %d", p);
    /* b joins: its share (odd partitions, b sorting second) is a's until a gives it up */
    ok(fk_lease_balance(db, "b", P, t + 10, ttl, b, &live, &err), &err);
    cr_assert_eq(live, 2);
    for (int p = 0; p < P; p++)
        cr_assert_eq(b[p], FK_LEASE_NONE, "partition %d", p);
    ok(fk_lease_balance(db, "a", P, t + 20, ttl, a, &live, &err), &err);
    for (int p = 0; p < P; p++)
        cr_assert_eq(a[p], p % 2 ? FK_LEASE_GIVE_UP : FK_LEASE_HELD, "partition %d", p);
    for (int p = 1; p < P; p += 2)
        ok(fk_lease_release(db, "a", p, &err), &err);
    ok(fk_lease_balance(db, "b", P, t + 30, ttl, b, &live, &err), &err);
    for (int p = 0; p < P; p++)
        cr_assert_eq(b[p], p % 2 ? FK_LEASE_HELD : FK_LEASE_NONE, "partition %d", p);
    /* a falls silent: once its leases run out, b holds everything; a, back late, nothing */
    ok(fk_lease_balance(db, "b", P, t + 30 + ttl / 2, ttl, b, &live, &err), &err);
    cr_assert_eq(b[0], FK_LEASE_NONE, "a's lease has not run out yet");
    ok(fk_lease_balance(db, "b", P, t + 30 + ttl, ttl, b, &live, &err), &err);
    cr_assert_eq(live, 1);
    for (int p = 0; p < P; p++)
        cr_assert_eq(b[p], FK_LEASE_HELD, "partition %d", p);
    /* a's balance renews its membership: it is a's share again, so b gives it up */
    ok(fk_lease_balance(db, "a", P, t + 40 + ttl, ttl, a, &live, &err), &err);
    for (int p = 0; p < P; p++)
        cr_assert_eq(a[p], FK_LEASE_NONE, "partition %d", p);
    ok(fk_lease_balance(db, "b", P, t + 50 + ttl, ttl, b, &live, &err), &err);
    cr_assert_eq(b[0], FK_LEASE_GIVE_UP);
    cr_assert_eq(b[1], FK_LEASE_HELD);
    /* the correlator: one holder; the other has it once the holder stops cleanly */
    bool held;
    ok(fk_lease_hold(db, "correlator", "hub1", t, ttl, &held, &err), &err);
    cr_assert(held);
    ok(fk_lease_hold(db, "correlator", "hub2", t + 10, ttl, &held, &err), &err);
    cr_assert_not(held);
    ok(fk_lease_release_all(db, "hub1", &err), &err);
    ok(fk_lease_hold(db, "correlator", "hub2", t + 20, ttl, &held, &err), &err);
    cr_assert(held);
    json_t *list;
    ok(fk_lease_list(db, t + 50 + ttl, &list, &err), &err);
    cr_assert_gt(json_array_size(list), (size_t)P);
    json_decref(list);
}

/* A worker's alert message applied twice counts once; a batch needs all its parts. */
Test(store, alert_deliveries_are_applied_once)
{
    fk_err err;
    ok(fk_db_begin(db, &err), &err);
    cr_assert_eq(fk_alert_delivery_add(db, "alerts-7-0", 7, 3, 1000, &err), 1, "%s", err.msg);
    cr_assert_eq(fk_alert_delivery_add(db, "alerts-7-0", 7, 3, 1001, &err), 0, "%s", err.msg);
    cr_assert_eq(fk_alert_delivery_add(db, "alerts-7-1", 7, 2, 1002, &err), 1, "%s", err.msg);
    cr_assert_eq(fk_alert_delivery_add(db, "flush-w-1-0", 0, 4, 1003, &err), 1, "%s", err.msg);
    ok(fk_db_commit(db, &err), &err);
    int64_t parts, alerts;
    ok(fk_alert_delivery_count(db, 7, &parts, &alerts, &err), &err);
    cr_assert_eq(parts, 2);
    cr_assert_eq(alerts, 5);
    ok(fk_alert_delivery_prune(db, 1002, &err), &err);
    ok(fk_alert_delivery_count(db, 7, &parts, &alerts, &err), &err);
    cr_assert_eq(parts, 1, "the older key is forgotten");
}

/* A log line's bytes that are not UTF-8, or a NUL, in alerts written at once (COPY on
 * PostgreSQL, which refuses them): the load goes through, such bytes read back as
 * U+FFFD on PostgreSQL, and the alert is listed. */
Test(store, alerts_at_once_take_bytes_that_are_not_utf8)
{
    int64_t org = populated_member();
    fk_err err;
    enum { N = 10 };
    static const char raw[] = "/x\xff\xfe?q=\0end";
    char values[N][32];
    fk_alert a[N];
    fk_alert_in in[N];
    for (int i = 0; i < N; i++) {
        memcpy(values[i], raw, sizeof raw);
        values[i][1] = (char)('a' + i); /* ten different alerts */
        a[i] = (fk_alert){.engine = "web",
                          .rule_id = "r1",
                          .title = "t",
                          .severity = FK_SEV_HIGH,
                          .field = "path",
                          .value = {values[i], sizeof raw - 1},
                          .src_ip = FK_STR("192.0.2.1"),
                          .count = 1};
        in[i] = (fk_alert_in){org, 0, &a[i]};
    }
    int64_t ids[N];
    bool is_new[N];
    ok(fk_db_begin(db, &err), &err);
    ok(fk_alert_record_many(db, in, N, 5000, ids, is_new, &err), &err);
    ok(fk_db_commit(db, &err), &err);
    for (int i = 0; i < N; i++)
        cr_assert(is_new[i]);
    json_t *j;
    ok(fk_alert_get(db, ids[0], org, &j, &err), &err);
    const char *v = json_string_value(json_object_get(j, "value"));
    cr_assert_not_null(v);
    /* PostgreSQL stored U+FFFD for each bad byte and the NUL; SQLite keeps the bytes (its
     * text ends at the NUL) and the listing shows U+FFFD */
    cr_assert_str_eq(v, fk_test_store_is_postgres() ? "/a\xef\xbf\xbd\xef\xbf\xbd?q=\xef\xbf\xbd"
                                                      "end"
                                                    : "/a\xef\xbf\xbd\xef\xbf\xbd?q=");
    json_decref(j);
}

/* A web alert on a path, the value given (what the bulk-load tests do not vary). */
static fk_alert web_alert(const char *value, const char *title)
{
    return (fk_alert){.engine = "web",
                      .rule_id = "r1",
                      .title = title,
                      .severity = FK_SEV_HIGH,
                      .field = "path",
                      .value = {value, strlen(value)},
                      .count = 1};
}

/* An alert names an organisation that exists, written one by one or in bulk (where
 * PostgreSQL checks it once per statement rather than by a foreign key per row), and an
 * organisation that alerts name stays. */
Test(store, alerts_name_organisations_that_exist)
{
    int64_t org = populated_member();
    fk_err err;
    enum { N = 12 };
    char values[N][16];
    fk_alert a[N];
    fk_alert_in in[N];
    for (int i = 0; i < N; i++) {
        snprintf(values[i], sizeof values[i], "/p%d", i);
        a[i] = web_alert(values[i], "t");
        /* one alert of the load names an organisation no one created */
        in[i] = (fk_alert_in){i == N / 2 ? org + 1000 : org, 0, &a[i]};
    }
    int64_t ids[N];
    bool is_new[N];
    ok(fk_db_begin(db, &err), &err);
    cr_assert_neq(fk_alert_record_many(db, in, N, 5000, ids, is_new, &err), 0);
    fk_db_rollback(db);
    ok(fk_db_begin(db, &err), &err);
    cr_assert_neq(fk_alert_record(db, org + 1000, 0, &a[0], 5000, &ids[0], &is_new[0], &err), 0);
    fk_db_rollback(db);
    json_t *j;
    fk_alert_filter f = {.min_severity = -1};
    fk_page page = {NULL, 100};
    char next[32];
    ok(fk_alert_list(db, &f, &page, &j, next, &err), &err);
    cr_assert_eq(json_array_size(j), 0, "the refused load left nothing");
    json_decref(j);

    in[N / 2].org_id = org;
    ok(fk_db_begin(db, &err), &err);
    ok(fk_alert_record_many(db, in, N, 5000, ids, is_new, &err), &err);
    ok(fk_db_commit(db, &err), &err);
    char sql[96];
    snprintf(sql, sizeof sql, "DELETE FROM organisation WHERE id = %lld", (long long)org);
    cr_assert_neq(fk_db_exec(db, sql, &err), 0, "an organisation that alerts name stays");
    snprintf(sql, sizeof sql, "UPDATE organisation SET id = %lld WHERE id = %lld",
             (long long)org + 2000, (long long)org);
    cr_assert_neq(fk_db_exec(db, sql, &err), 0, "and keeps its number");
    ok(fk_alert_get(db, ids[0], org, &j, &err), &err);
    json_decref(j);
}

/* A load large enough to go to the server in several pieces (PostgreSQL's COPY is fed
 * some 64 KB at a time), half of it adding to alerts already open. */
Test(store, a_large_load_goes_in_whole)
{
    int64_t org = populated_member();
    fk_err err;
    enum { N = 3000, OPEN = 1500 };
    static char values[N][40];
    static fk_alert a[N];
    static fk_alert_in in[N];
    static int64_t ids[N], first_ids[N];
    static bool is_new[N];
    for (int i = 0; i < N; i++) {
        snprintf(values[i], sizeof values[i], "/page?id=%d&padding=xxxxxxxxxx", i);
        a[i] = web_alert(values[i], "a title long enough to make the rows take some room");
        a[i].src_ip = FK_STR("192.0.2.1");
        in[i] = (fk_alert_in){org, 0, &a[i]};
    }
    ok(fk_db_begin(db, &err), &err);
    ok(fk_alert_record_many(db, in, OPEN, 5000, first_ids, is_new, &err), &err);
    ok(fk_db_commit(db, &err), &err);
    ok(fk_db_begin(db, &err), &err);
    ok(fk_alert_record_many(db, in, N, 6000, ids, is_new, &err), &err);
    ok(fk_db_commit(db, &err), &err);
    for (int i = 0; i < N; i++) {
        cr_assert_eq(is_new[i], i >= OPEN, "alert %d", i);
        if (i < OPEN)
            cr_assert_eq(ids[i], first_ids[i], "alert %d adds to the open one", i);
        else
            cr_assert(ids[i] > ids[i - 1], "alert %d has an id of its own", i);
    }
    json_t *j;
    ok(fk_alert_get(db, ids[N - 1], org, &j, &err), &err);
    cr_assert_str_eq(json_string_value(json_object_get(j, "value")), values[N - 1]);
    json_decref(j);
    ok(fk_alert_get(db, ids[0], org, &j, &err), &err);
    cr_assert_eq(json_integer_value(json_object_get(j, "count")), 2);
    json_decref(j);
}

/* A bulk load whose rows cannot all be written leaves nothing of what went before. */
typedef struct {
    int pieces, fail_at;
    char row[32];
} piece_source;

static int next_piece(void *ctx, const char **data, size_t *len)
{
    piece_source *p = ctx;
    if (p->pieces == p->fail_at)
        return -1;
    if (p->pieces == 5)
        return 0;
    snprintf(p->row, sizeof p->row, "%d\n", ++p->pieces);
    *data = p->row;
    *len = strlen(p->row);
    return 1;
}

Test(store, a_bulk_load_that_fails_midway_leaves_nothing)
{
    if (!fk_db_can_copy(db))
        cr_skip_test("the store has no bulk load");
    fk_err err;
    ok(fk_db_exec(db, "CREATE TABLE piece (n BIGINT NOT NULL)", &err), &err);
    piece_source fails = {.fail_at = 3};
    ok(fk_db_begin(db, &err), &err);
    cr_assert_neq(fk_db_copy_stream(db, "COPY piece (n) FROM STDIN", next_piece, &fails, &err), 0);
    fk_db_rollback(db);
    piece_source whole = {.fail_at = -1};
    ok(fk_db_begin(db, &err), &err);
    ok(fk_db_copy_stream(db, "COPY piece (n) FROM STDIN", next_piece, &whole, &err), &err);
    ok(fk_db_commit(db, &err), &err);
    fk_sql *st = fk_db_cached(db, "SELECT count(*), sum(n) FROM piece", &err);
    cr_assert_not_null(st, "%s", err.msg);
    cr_assert_eq(fk_sql_step(st), FK_SQL_ROW);
    cr_assert_eq(fk_sql_column_int64(st, 0), 5, "only the whole load's five rows");
    cr_assert_eq(fk_sql_column_int64(st, 1), 15);
    fk_sql_reset(st);
}

/* A TAXII envelope written together: new objects, one twice in the load, one whose
 * version is there already, refused ones in between, and more than one statement's worth
 * of rows; each gets its own answer, and the collection holds each version once. */
Test(store, objects_added_together_each_get_their_answer)
{
    fk_err err;
    json_t *aud = json_pack("{s[] s[] sb sb}", "sectors", "groups", "all_members", 1, "public", 0);
    char cid[40];
    ok(fk_collection_create(db, "test", NULL, FK_DEFAULT_API_ROOT, "All", NULL, aud, NULL, cid,
                            &err),
       &err);
    json_decref(aud);
    enum { N = 450 };
    json_t *objs[N];
    for (int i = 0; i < N; i++) {
        char id[80];
        snprintf(id, sizeof id, "indicator--00000000-0000-4000-8000-%012d", i % 440);
        objs[i] =
            json_pack("{ss ss ss ss ss ss ss}", "type", "indicator", "spec_version", "2.1", "id",
                      id, "created", "2026-12-01T00:00:00Z", "modified", "2026-12-01T00:00:00Z",
                      "pattern", "[ipv4-addr:value = '192.0.2.1']", "pattern_type", "stix");
    }
    json_object_set_new(objs[5], "id", json_string("indicator--not-a-uuid"));
    json_object_set_new(objs[300], "spec_version", json_string("3.0"));
    json_object_set(objs[11], "id", json_object_get(objs[10], "id"));
    /* the first object's version is stored before the load */
    ok(fk_taxii_add(db, cid, objs[0], "2026-12-01T01:00:00.000000Z", &err) < 0 ? -1 : 0, &err);
    int result[N];
    fk_err why[N];
    ok(fk_taxii_add_many(db, cid, objs, N, "2026-12-01T02:00:00.000000Z", result, why, &err), &err);
    cr_assert_eq(result[0], 1, "there already");
    cr_assert_eq(result[5], -1);
    cr_assert_not_null(strstr(why[5].msg, "UUID"), "%s", why[5].msg);
    cr_assert_eq(result[300], -1);
    cr_assert_not_null(strstr(why[300].msg, "spec_version"), "%s", why[300].msg);
    cr_assert_eq(result[10], 0);
    cr_assert_eq(result[11], 1, "twice in one statement: once");
    cr_assert_eq(result[440], 1, "stored before the load");
    cr_assert_eq(result[441], 1, "earlier in the load, in another statement");
    cr_assert_eq(result[445], 0, "its first copy was refused");
    int added = 0;
    for (int i = 0; i < N; i++)
        added += result[i] == 0;
    cr_assert_eq(added, 440 - 4 + 1, "440 ids, less the first, 5, 11 and 300, plus 445");
    fk_sql *st;
    ok(fk_sql_prepare(db, "SELECT count(*) FROM taxii_object WHERE collection_id = ?", &st, &err),
       &err);
    fk_sql_bind_text(st, 1, cid, -1);
    cr_assert_eq(fk_sql_step(st), FK_SQL_ROW);
    cr_assert_eq(fk_sql_column_int64(st, 0), added + 1, "each version once");
    fk_sql_finalize(st);
    for (int i = 0; i < N; i++)
        json_decref(objs[i]);
}

/* The write-ahead log's counts as SQLite keeps them in the -shm file (the WAL-index
 * header's mxFrame, the checkpoint information's nBackfill: sqlite.org/walformat.html). */
static void wal_counts(uint32_t *frames, uint32_t *folded)
{
    char path[600];
    snprintf(path, sizeof path, "%s/fukurou.db-shm", dir);
    FILE *f = fopen(path, "rb");
    cr_assert_not_null(f, "%s", path);
    unsigned char head[100];
    cr_assert_eq(fread(head, 1, sizeof head, f), sizeof head);
    fclose(f);
    memcpy(frames, head + 16, 4); /* native byte order, as SQLite writes it */
    memcpy(folded, head + 96, 4);
}

/* Enough pages to cross SQLite's automatic checkpoint (1,000 pages) in one commit. */
static void write_pages(void)
{
    fk_err err;
    ok(fk_db_exec(db, "CREATE TABLE IF NOT EXISTS bulk (b BLOB)", &err), &err);
    ok(fk_db_begin(db, &err), &err);
    ok(fk_db_exec(db,
                  "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1500) "
                  "INSERT INTO bulk SELECT randomblob(4000) FROM n",
                  &err),
       &err);
    ok(fk_db_commit(db, &err), &err);
}

/* A connection that defers checkpoints leaves a long log to the checkpointer rather than
 * folding it at its commit; one that does not folds it there. */
Test(store, a_deferring_connection_leaves_the_log_to_the_checkpointer)
{
    if (fk_test_store_is_postgres())
        cr_skip("PostgreSQL has no write-ahead log of the store's to fold");
    fk_err err;
    uint32_t frames, folded;
    write_pages(); /* not deferred: the commit folded the log */
    wal_counts(&frames, &folded);
    cr_assert_geq(frames, 1000);
    cr_assert_eq(folded, frames);
    fk_db_defer_checkpoints(db);
    write_pages();
    wal_counts(&frames, &folded);
    cr_assert_geq(frames, 1000);
    cr_assert_lt(folded, frames, "the commit folded the log itself");
    int left = -1;
    ok(fk_db_checkpoint(db, &left, &err), &err);
    cr_assert_eq(left, 0);
    wal_counts(&frames, &folded);
    cr_assert_eq(folded, frames);
}

/* How many name answers the store holds for cpe. */
static int64_t name_answers(const char *cpe)
{
    fk_sql *st;
    fk_err err;
    ok(fk_sql_prepare(db, "SELECT COUNT(*) FROM vuln_name_match WHERE cpe = ?1", &st, &err), &err);
    fk_sql_bind_text(st, 1, cpe, -1);
    cr_assert_eq(fk_sql_step(st), FK_SQL_ROW);
    int64_t n = fk_sql_column_int64(st, 0);
    fk_sql_finalize(st);
    return n;
}

static void answer(const char *cpe)
{
    fk_sql *st;
    fk_err err;
    ok(fk_sql_prepare(db,
                      "INSERT INTO vuln_name_match (cpe, vuln_id, confidence, evidence, found_ms) "
                      "VALUES (?1, 'CVE-2024-0001', 'version', 'x', 1)",
                      &st, &err),
       &err);
    fk_sql_bind_text(st, 1, cpe, -1);
    cr_assert_eq(fk_sql_step(st), FK_SQL_DONE);
    fk_sql_finalize(st);
}

static void put_system(int64_t org, const char *name, const char *const *cpes, size_t n)
{
    json_t *a = json_pack("{ss ss ss ss s[] s[]}", "name", name, "operation", "in-house",
                          "exposure", "internal", "criticality", "low", "software", "crypto");
    json_t *sw = json_object_get(a, "software");
    for (size_t i = 0; i < n; i++)
        json_array_append_new(
            sw, json_pack("{ss ss sb}", "cpe", cpes[i], "product", "v:p", "derived", 0));
    int64_t id;
    bool created;
    fk_err err;
    ok(fk_assets_put(db, "test", org, a, 1, &id, &created, &err), &err);
    json_decref(a);
}

/* The answers for a name go when no system runs it any more: a system that drops a
 * program takes that name's answers with it, unless another system still runs it. */
Test(store, a_name_no_system_runs_loses_its_answers)
{
    int64_t org = populated_member();
    const char *a = "cpe:2.3:a:v:p:1:*:*:*:*:*:*:*", *b = "cpe:2.3:a:v:p:2:*:*:*:*:*:*:*";
    const char *both[] = {a, b}, *only_a[] = {a};
    put_system(org, "one", both, 2);
    put_system(org, "two", only_a, 1);
    answer(a);
    answer(b);
    put_system(org, "one", only_a, 1); /* drops b, which no other system runs */
    cr_assert_eq(name_answers(b), 0);
    cr_assert_eq(name_answers(a), 1);
    put_system(org, "one", NULL, 0); /* drops a, which "two" still runs */
    cr_assert_eq(name_answers(a), 1);
}

static int kept_evidence(void *ctx, const char *cpe, const char *vuln_id, const char *confidence,
                         const char *evidence, fk_err *err)
{
    (void)cpe, (void)vuln_id, (void)confidence, (void)err;
    snprintf(ctx, 256, "%s", evidence);
    return 0;
}

/* A name's answer keeps the name once, as its key: the evidence is stored with
 * " takes in *" in its place, and every reader gets the evidence as it was written. */
Test(store, a_name_answer_keeps_its_name_once)
{
    int64_t org = populated_member();
    const char *a = "cpe:2.3:a:v:p:1:*:*:*:*:*:*:*", *only_a[] = {a};
    put_system(org, "one", only_a, 1);
    const char *evidence =
        "cpe:2.3:a:v:p:*:*:*:*:*:*:*:* up to 2 (excluding) takes in cpe:2.3:a:v:p:1:*:*:*:*:*:*:*";
    fk_err err;
    fk_match_scope every = {0};
    ok(fk_matches_begin(db, &every, &err), &err);
    ok(fk_matches_add_name(db, a, "CVE-2024-0001", "version", evidence, 1, &err), &err);
    ok(fk_matches_end(db, &err), &err);
    fk_sql *st;
    ok(fk_sql_prepare(db, "SELECT evidence FROM vuln_name_match", &st, &err), &err);
    cr_assert_eq(fk_sql_step(st), FK_SQL_ROW);
    cr_assert_str_eq(fk_sql_column_text(st, 0),
                     "cpe:2.3:a:v:p:*:*:*:*:*:*:*:* up to 2 (excluding) takes in *");
    fk_sql_finalize(st);
    json_t *m = NULL;
    ok(fk_matches_of_vuln(db, "CVE-2024-0001", 0, &m, &err), &err);
    cr_assert_eq(json_array_size(m), 1);
    cr_assert_str_eq(json_string_value(json_object_get(json_array_get(m, 0), "evidence")),
                     evidence);
    json_decref(m);
    char kept[256] = "";
    ok(fk_matches_names_kept(db, kept_evidence, kept, &err), &err);
    cr_assert_str_eq(kept, evidence);
}
