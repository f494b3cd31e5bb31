#include "access.h"
#include "alert_wire.h"
#include "notify.h"
#include "sharing.h"
#include "vulns.h"

#include "../intel/report_types.h"
#include "../store/collections.h"
#include "../store/reports.h"

#include "support/store_target.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* a folder, or a PostgreSQL database on the PostgreSQL run (support/store_target.h) */
static char dir[512];
static fk_db *db;

static void ok(int rc, const fk_err *err)
{
    cr_assert_eq(rc, 0, "%s", err->msg);
}

/* A centre analyst, a member's triaged report, and a collection every member reads. */
static void setup(void)
{
    char why[512];
    cr_assert_eq(fk_test_store_make(dir, sizeof dir, why, sizeof why), 0, "%s", why);
    fk_err err;
    int64_t id;
    ok(fk_db_open(&db, dir, &err), &err);
    ok(fk_org_create(db, "test", "NISC", "centre", &id, &err), &err);
    ok(fk_org_create(db, "test", "Power Co", "electricity", &id, &err), &err);
    ok(fk_account_create(db, "test", "ana", "NISC", FK_ROLE_CENTRE_ANALYST, NULL, &id, &err), &err);
    ok(fk_account_create(db, "test", "carol", "Power Co", FK_ROLE_MEMBER_REPORTER, NULL, &id, &err),
       &err);
    json_t *aud = json_pack("{s[] s[] sb sb}", "sectors", "groups", "all_members", 1, "public", 0);
    char cid[40];
    ok(fk_collection_create(db, "test", NULL, FK_DEFAULT_API_ROOT, "All", NULL, aud, NULL, cid,
                            &err),
       &err);
    json_decref(aud);
    fk_principal carol;
    cr_assert_eq(fk_principal_lookup(db, "carol", &carol, &err), 0);
    json_t *in = json_pack("{ss ss ss s{ss} s[ss] ss ss}", "type", "blocklist", "title", "t",
                           "description", "d", "fields", "purpose", "block", "indicators",
                           "203.0.113.9", "c2.evil.test", "tlp", "GREEN", "consent", "members"),
           *norm;
    ok(fk_report_normalise(in, &norm, &err), &err);
    ok(fk_report_insert(db, &carol, norm, &id, &err), &err);
    json_decref(in);
    json_decref(norm);
    json_t *reasons = json_pack("{ssss}", "society", "-", "systems", "-");
    ok(fk_report_triage(db, "test", id, 2, "seeds-2016", reasons, &err), &err);
    json_decref(reasons);
}

static void teardown(void)
{
    fk_db_close(db);
    fk_test_store_drop(dir);
}

TestSuite(hub, .init = setup, .fini = teardown);

static int release(fk_release_outcome *out, fk_err *err)
{
    fk_hub_policy p;
    fk_hub_policy_defaults(&p);
    fk_principal ana;
    cr_assert_eq(fk_principal_lookup(db, "ana", &ana, err), 0);
    json_t *decision = json_pack("{ss s{sb}}", "tier", "advisory", "audience", "all_members", 1);
    int rc = fk_hub_release(db, &p, &ana, 1, decision, out, err);
    json_decref(decision);
    return rc;
}

static size_t releases(void)
{
    fk_principal ana;
    fk_err err;
    json_t *list;
    cr_assert_eq(fk_principal_lookup(db, "ana", &ana, &err), 0);
    ok(fk_release_list(db, &ana, 0, NULL, &list, &err), &err);
    size_t n = json_array_size(list);
    json_decref(list);
    return n;
}

Test(hub, a_release_and_its_publication_land_together)
{
    fk_release_outcome out;
    fk_err err;
    ok(release(&out, &err), &err);
    cr_assert_eq(out.status, FK_RELEASE_OK, "%s", err.msg);
    cr_assert_eq(out.collections, 1);
    cr_assert_eq(releases(), 1);
    json_decref(out.withheld_text);
}

/* When publishing fails half-way (here a trigger refuses TAXII objects), nothing of the
 * release remains: no release row, the report not marked released, no audit entry. */
Test(hub, a_failed_publication_leaves_no_release)
{
    fk_err err;
    bool pg = !strcmp(fk_db_backend_name(db), "postgres");
    ok(fk_db_exec(db,
                  pg ? "CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN "
                       "RAISE EXCEPTION 'publication refused'; END$$; CREATE TRIGGER no_objects "
                       "BEFORE INSERT ON taxii_object FOR EACH ROW EXECUTE FUNCTION refuse()"
                     : "CREATE TRIGGER no_objects BEFORE INSERT ON taxii_object "
                       "BEGIN SELECT RAISE(ABORT, 'publication refused'); END",
                  &err),
       &err);
    fk_release_outcome out;
    cr_assert_eq(release(&out, &err), -1);
    cr_assert_eq(releases(), 0, "the release was rolled back with its publication");
    json_t *report;
    cr_assert_eq(fk_report_load(db, 1, false, &report, &err), 0);
    cr_assert_str_eq(json_string_value(json_object_get(report, "status")), "triaged");
    json_decref(report);
    /* and the database is usable afterwards */
    ok(fk_db_exec(db, pg ? "DROP TRIGGER no_objects ON taxii_object" : "DROP TRIGGER no_objects",
                  &err),
       &err);
    ok(release(&out, &err), &err);
    cr_assert_eq(releases(), 1);
    json_decref(out.withheld_text);
}

Test(hub, the_role_table)
{
    cr_assert(fk_access_allows(FK_ACT_REPORT_SUBMIT, FK_ROLE_MEMBER_REPORTER));
    cr_assert_not(fk_access_allows(FK_ACT_REPORT_SUBMIT, FK_ROLE_MEMBER_READER));
    cr_assert_not(fk_access_allows(FK_ACT_TRIAGE, FK_ROLE_MEMBER_REPORTER));
    cr_assert(fk_access_allows(FK_ACT_TRIAGE, FK_ROLE_CENTRE_ANALYST));
    cr_assert_not(fk_access_allows(FK_ACT_DIRECTORY_ADMIN, FK_ROLE_CENTRE_ANALYST));
    cr_assert_not(fk_access_allows(FK_ACT_SHARED_DELETE, FK_ROLE_MEMBER_REPORTER));
    for (int a = 0; a < FK_ACT_COUNT_; a++)
        cr_assert(fk_access_allows((fk_action)a, FK_ROLE_CENTRE_ADMIN) || a == FK_ACT_COUNT_, "%s",
                  fk_access_name((fk_action)a));
}

/* ---- the alert messages workers send back ------------------------------------------- */

typedef struct {
    json_t *parts; /* the messages as sent */
} sent;

static int keep(void *ctx, const char *key, const char *data, size_t len, fk_err *err)
{
    (void)err;
    sent *s = ctx;
    json_array_append_new(s->parts,
                          json_pack("{ss so}", "key", key, "data", json_stringn(data, len)));
    return 0;
}

Test(wire, a_batchs_alerts_split_into_parts_and_read_back_whole)
{
    enum { N = 300 };
    fk_alert *in = calloc(N, sizeof *in);
    char(*values)[64] = calloc(N, sizeof *values);
    cr_assert(in && values);
    for (int i = 0; i < N; i++) {
        snprintf(values[i], sizeof values[i], "1' UNION SELECT %d -- \"quoted\"\n", i);
        in[i] = (fk_alert){.engine = "web",
                           .rule_id = "sqli",
                           .title = "SQL injection",
                           .severity = FK_SEV_HIGH,
                           .file = "batch:42",
                           .line = (uint64_t)i + 1,
                           .field = "query",
                           .value = {values[i], strlen(values[i])},
                           .has_time = i % 2,
                           .first_ms = 1000 + i,
                           .last_ms = 2000 + i,
                           .count = 1,
                           .src_ip = {"203.0.113.9", 11},
                           .org = {"Power Co", 8}};
    }
    fk_alert_wire_head h = {
        .batch_id = 42, .org = "Power Co", .sector = "electricity", .org_id = 2, .events = 5000};
    sent s = {json_array()};
    fk_err err;
    ok(fk_alert_wire_encode(&h, in, sizeof in[0], N, 8192, keep, &s, &err), &err);
    size_t parts = json_array_size(s.parts);
    cr_assert_gt(parts, 3, "8 KiB messages hold a few dozen alerts each");
    int seen = 0;
    for (size_t p = 0; p < parts; p++) {
        json_t *m = json_array_get(s.parts, p);
        const char *data = json_string_value(json_object_get(m, "data"));
        cr_assert_leq(strlen(data), 8192);
        fk_alert_wire_head back;
        json_t *root, *list;
        ok(fk_alert_wire_decode(data, strlen(data), &back, &root, &list, &err), &err);
        char key[64];
        snprintf(key, sizeof key, "alerts-42-%zu", p);
        cr_assert_str_eq(back.key, key);
        cr_assert_str_eq(json_string_value(json_object_get(m, "key")), key);
        cr_assert_eq(back.part, (int64_t)p);
        cr_assert_eq(back.parts, (int64_t)parts);
        cr_assert_eq(back.batch_id, 42);
        cr_assert_eq(back.org_id, 2);
        cr_assert_eq(back.events, 5000);
        cr_assert_str_eq(back.sector, "electricity");
        size_t i;
        json_t *o;
        json_array_foreach(list, i, o)
        {
            fk_alert a;
            const char *bad;
            cr_assert_eq(fk_alert_from_json(o, &a, &bad), 0, "%s", bad);
            const fk_alert *want = &in[seen++];
            cr_assert_str_eq(a.engine, want->engine);
            cr_assert_eq(a.severity, want->severity);
            cr_assert_eq(a.line, want->line);
            cr_assert_eq(a.value.n, want->value.n);
            cr_assert_eq(memcmp(a.value.p, want->value.p, a.value.n), 0);
            cr_assert_eq(a.has_time, want->has_time);
            cr_assert_eq(a.first_ms, want->has_time ? want->first_ms : 0);
            cr_assert_eq(a.org.n, 8);
            cr_assert_null(a.indicator);
        }
        json_decref(root);
    }
    cr_assert_eq(seen, N, "every alert once, in order");
    json_decref(s.parts);
    /* no alerts still make one part: it marks the batch done */
    s.parts = json_array();
    ok(fk_alert_wire_encode(&h, NULL, sizeof in[0], 0, 8192, keep, &s, &err), &err);
    cr_assert_eq(json_array_size(s.parts), 1);
    json_decref(s.parts);
    free(in);
    free(values);
}

Test(wire, a_bad_message_names_what_is_wrong)
{
    fk_alert_wire_head h;
    json_t *root, *list;
    fk_err err;
    const char *cases[][2] = {
        {"{", "alerts message"},
        {"{\"key\":1}", "\"key\""},
        {"{\"key\":\"k\",\"org\":\"\",\"sector\":\"\",\"batch\":-1}", "\"batch\""},
        {"{\"key\":\"k\",\"org\":\"\",\"sector\":\"\",\"batch\":1,\"org_id\":1,"
         "\"events\":0,\"part\":2,\"parts\":2,\"alerts\":[]}",
         "part 2 of 2"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        root = NULL;
        cr_assert_neq(
            fk_alert_wire_decode(cases[i][0], strlen(cases[i][0]), &h, &root, &list, &err), 0, "%s",
            cases[i][0]);
        cr_assert(strstr(err.msg, cases[i][1]), "%s: %s", cases[i][0], err.msg);
        json_decref(root);
    }
    fk_alert a;
    const char *bad;
    json_t *o = json_pack("{ss ss sI}", "engine", "web", "severity", "severe", "line", 1);
    cr_assert_neq(fk_alert_from_json(o, &a, &bad), 0);
    cr_assert_str_eq(bad, "severity");
    json_decref(o);
}

/* A webhook may not lead the hub into a network (loopback here), whatever its name,
 * unless allowed; a mail header cannot be broken by an address or a subject. */
Test(notify, webhooks_stay_out_of_private_networks_and_headers_stay_whole)
{
    fk_err err;
    err.msg[0] = '\0';
    cr_assert_eq(
        fk_notify_webhook("http://127.0.0.1:9/hook", "secret", "case.open", 1, "{}", false, &err),
        -1);
    cr_assert_eq(
        fk_notify_webhook("http://localhost:9/hook", "secret", "case.open", 1, "{}", false, &err),
        -1);
    cr_assert_eq(
        fk_notify_webhook("file:///etc/passwd", "secret", "case.open", 1, "{}", true, &err), -1);
    cr_assert_eq(err.code, FK_ERR_INVALID, "%s", err.msg);
    fk_mail_config mail = {"smtp://127.0.0.1:9", "centre@example.jp"};
    cr_assert_eq(fk_notify_mail(&mail, "a@b.example\r\nBcc: x@y.example", "s", "b", &err), -1);
    cr_assert_eq(err.code, FK_ERR_INVALID, "%s", err.msg);
    cr_assert_eq(fk_notify_mail(&mail, "a@b.example", "line\r\nBcc: x@y.example", "b", &err), -1);
    cr_assert_eq(err.code, FK_ERR_INVALID, "%s", err.msg);
}

/* One number a query on the store answers (-1 without a row). */
static int64_t one_number(const char *sql)
{
    fk_sql *st;
    fk_err err;
    ok(fk_sql_prepare(db, sql, &st, NULL) == 0 ? 0 : fk_db_error(db, &err, "test"), &err);
    int64_t n = fk_sql_step(st) == FK_SQL_ROW ? fk_sql_column_int64(st, 0) : -1;
    fk_sql_finalize(st);
    return n;
}

/* Power Co's ledger of one system (a CSV row: name, its programs), taken in by ana at
 * 1000 ms; *ana is her principal. */
static void ledger_of(fk_principal *ana, const char *row)
{
    fk_err err;
    ok(fk_principal_lookup(db, "ana", ana, &err), &err);
    char csv[512];
    snprintf(csv, sizeof csv, "name,software\n%s\n", row);
    json_t *summary;
    ok(fk_hub_assets_import(db, ana, "Power Co", "csv", csv, strlen(csv), NULL, true, 1000,
                            &summary, &err),
       &err);
    json_decref(summary);
}

/* A changed record is matched again by itself (lazily): its answers that come back the
 * same keep when they were first found, a changed one is found now. So does a system's
 * own match (a platform proved by another of its programs) when every ledger is matched
 * again. */
static json_int_t import_two(int64_t now_ms, const char *second_criteria, const char *modified,
                             const char *first_also)
{
    fk_err err;
    fk_principal ana;
    ok(fk_principal_lookup(db, "ana", &ana, &err), &err);
    char nvd[2048];
    snprintf(nvd, sizeof nvd,
             "{\"format\":\"NVD_CVE\",\"version\":\"2.0\",\"vulnerabilities\":["
             "{\"cve\":{\"id\":\"CVE-2024-0001\",\"published\":\"2024-01-01T00:00:00\","
             "\"lastModified\":\"%s\",\"descriptions\":[{\"lang\":\"en\",\"value\":\"a %s\"}],"
             "\"configurations\":[{\"nodes\":[{\"operator\":\"OR\",\"cpeMatch\":[{\"vulnerable\":"
             "true,\"criteria\":\"cpe:2.3:a:acme:widget:*:*:*:*:*:*:*:*\",\"versionEndExcluding\":"
             "\"2.0\"}%s]}]}]}},"
             "{\"cve\":{\"id\":\"CVE-2024-0002\",\"published\":\"2024-01-01T00:00:00\","
             "\"lastModified\":\"%s\",\"descriptions\":[{\"lang\":\"en\",\"value\":\"b\"}],"
             "\"configurations\":[{\"operator\":\"AND\",\"nodes\":[{\"operator\":\"OR\","
             "\"cpeMatch\":[{\"vulnerable\":true,\"criteria\":\"%s\"}]},{\"operator\":\"OR\","
             "\"cpeMatch\":[{\"vulnerable\":false,\"criteria\":\"cpe:2.3:o:acme:os:-:*:*:*:*:*:*:*"
             "\"}]}]}]}}]}",
             modified, modified, first_also, modified, second_criteria);
    json_t *summary;
    ok(fk_hub_vuln_import(db, &ana, "nvd.json", nvd, strlen(nvd), -1, now_ms, &summary, &err),
       &err);
    json_int_t rematched = json_integer_value(json_object_get(summary, "rematched"));
    json_decref(summary);
    return rematched;
}

Test(vulns, matching_again_keeps_when_an_unchanged_answer_was_found, .init = setup,
     .fini = teardown)
{
    fk_err err;
    fk_principal ana;
    json_t *summary;
    ledger_of(&ana,
              "web,cpe:2.3:a:acme:widget:1.5:*:*:*:*:*:*:*;cpe:2.3:o:acme:os:-:*:*:*:*:*:*:*");
    cr_assert_eq(
        import_two(2000, "cpe:2.3:a:acme:widget:1.5:*:*:*:*:*:*:*", "2024-01-01T00:00:00", ""), 2);
    cr_assert_eq(one_number("SELECT COUNT(*) FROM vuln_name_match"), 2);
    cr_assert_eq(one_number("SELECT COUNT(*) FROM vuln_match"), 1, "the platform proved");
    ok(fk_db_exec(db, "UPDATE vuln_name_match SET found_ms = 7", &err), &err);
    ok(fk_db_exec(db, "UPDATE vuln_match SET found_ms = 7", &err), &err);
    /* both records modified: the first's words only, the second's vulnerable criteria */
    cr_assert_eq(
        import_two(3000, "cpe:2.3:a:acme:widget:*:*:*:*:*:*:*:*", "2024-02-01T00:00:00", ""), 1,
        "the first's configurations are the same text: not matched again");
    cr_assert_eq(one_number("SELECT found_ms FROM vuln_name_match WHERE vuln_id = 'CVE-2024-0001'"),
                 7, "the same answer: found when it was first found");
    cr_assert_eq(one_number("SELECT found_ms FROM vuln_name_match WHERE vuln_id = 'CVE-2024-0002'"),
                 3000, "its evidence changed: found now");
    cr_assert_eq(one_number("SELECT found_ms FROM vuln_match"), 3000);
    /* the first's configurations changed, its answer did not: matched again, kept as found */
    cr_assert_eq(
        import_two(3500, "cpe:2.3:a:acme:widget:*:*:*:*:*:*:*:*", "2024-03-01T00:00:00",
                   ",{\"vulnerable\":true,\"criteria\":\"cpe:2.3:a:acme:gadget:*:*:*:*:*:*:*:*\"}"),
        1);
    cr_assert_eq(one_number("SELECT found_ms FROM vuln_name_match WHERE vuln_id = 'CVE-2024-0001'"),
                 7);
    /* every ledger again: nothing changed, the system's own match keeps its time */
    ok(fk_db_exec(db, "UPDATE vuln_match SET found_ms = 8", &err), &err);
    ok(fk_hub_vuln_rematch(db, &ana, 4000, &summary, &err), &err);
    json_decref(summary);
    cr_assert_eq(one_number("SELECT found_ms FROM vuln_match"), 8);
    cr_assert_eq(one_number("SELECT found_ms FROM vuln_name_match WHERE vuln_id = 'CVE-2024-0001'"),
                 7);
    cr_assert_eq(one_number("SELECT COUNT(*) FROM vuln_product WHERE vuln_id = 'CVE-2024-0001' AND "
                            "product IN ('acme:widget', 'acme:gadget')"),
                 2, "the product the record named since");
    /* the gadget named no more: its product row goes, the widget's stays as it was */
    cr_assert_eq(
        import_two(4500, "cpe:2.3:a:acme:widget:*:*:*:*:*:*:*:*", "2024-04-01T00:00:00", ""), 1);
    cr_assert_eq(one_number("SELECT COUNT(*) FROM vuln_product WHERE vuln_id = 'CVE-2024-0001'"),
                 1);
    cr_assert_eq(one_number("SELECT COUNT(*) FROM vuln_product WHERE vuln_id = 'CVE-2024-0001' AND "
                            "product = 'acme:widget'"),
                 1);
    cr_assert_eq(one_number("SELECT found_ms FROM vuln_name_match WHERE vuln_id = 'CVE-2024-0001'"),
                 7);
    /* the second now names a product no system runs: its answers are gone */
    cr_assert_eq(
        import_two(5000, "cpe:2.3:a:acme:nothing:*:*:*:*:*:*:*:*", "2024-05-01T00:00:00", ""), 1);
    cr_assert_eq(one_number("SELECT COUNT(*) FROM vuln_name_match WHERE vuln_id = 'CVE-2024-0002'"),
                 0);
    cr_assert_eq(one_number("SELECT COUNT(*) FROM vuln_match WHERE vuln_id = 'CVE-2024-0002'"), 0);
    cr_assert_eq(one_number("SELECT COUNT(*) FROM vuln_name_match"), 1);
}

/* An update's records are asked of the ledger on a second thread while they are stored,
 * and their answers taken where the stored row is the record that was asked. A record
 * given twice, whose older copy the store skips, is asked again after storing: the
 * answers found ahead for its later copy are not the stored record's. */
Test(vulns, answers_found_ahead_are_taken_only_for_what_was_stored, .init = setup, .fini = teardown)
{
    fk_err err;
    fk_principal ana;
    json_t *summary;
    ledger_of(&ana,
              "web,cpe:2.3:a:acme:widget:1.5:*:*:*:*:*:*:*;cpe:2.3:o:acme:os:-:*:*:*:*:*:*:*");
    /* clang-format off */
#define CVE(id, modified, configurations)                                                     \
    "{\"cve\":{\"id\":\"" id "\",\"published\":\"2024-01-01T00:00:00\",\"lastModified\":\""      \
    modified "\",\"descriptions\":[{\"lang\":\"en\",\"value\":\"x\"}],\"configurations\":"        \
    configurations "}}"
#define MATCH(vulnerable, cpe)                                                                \
    "{\"operator\":\"OR\",\"cpeMatch\":[{\"vulnerable\":" vulnerable ",\"criteria\":\"" cpe "\"}]}"
#define WIDGET(version) "[{\"nodes\":[" MATCH("true", "cpe:2.3:a:acme:widget:" version ":*:*:*:*:*:*:*") "]}]"
#define ON_OS(cpe) "[{\"operator\":\"AND\",\"nodes\":[" MATCH("true", cpe) "," \
    MATCH("false", "cpe:2.3:o:acme:os:-:*:*:*:*:*:*:*") "]}]"
    static const char nvd[] = "{\"format\":\"NVD_CVE\",\"version\":\"2.0\",\"vulnerabilities\":["
        CVE("CVE-2024-0001", "2024-01-01T00:00:00", WIDGET("*")) ","
        CVE("CVE-2024-0002", "2024-03-01T00:00:00", WIDGET("1.5")) ","
        CVE("CVE-2024-0003", "2024-01-01T00:00:00", ON_OS("cpe:2.3:a:acme:widget:1.5:*:*:*:*:*:*:*")) ","
        CVE("CVE-2024-0002", "2024-02-01T00:00:00", WIDGET("9.9")) "]}";
    /* later, its words changed and its configurations not: nothing to match again */
    static const char words[] = "{\"format\":\"NVD_CVE\",\"version\":\"2.0\",\"vulnerabilities\":["
        CVE("CVE-2024-0001", "2024-04-01T00:00:00", WIDGET("*")) "]}";
#undef CVE
#undef MATCH
#undef WIDGET
#undef ON_OS
    /* clang-format on */
    ok(fk_hub_vuln_import(db, &ana, "nvd.json", nvd, strlen(nvd), -1, 2000, &summary, &err), &err);
    cr_assert_eq(json_integer_value(json_object_get(summary, "asked_ahead")), 4);
    cr_assert_eq(json_integer_value(json_object_get(summary, "taken_from_ahead")), 2,
                 "CVE-2024-0002's answers found ahead were its skipped copy's");
    cr_assert_eq(json_integer_value(json_object_get(summary, "unchanged")), 1);
    cr_assert(json_is_false(json_object_get(summary, "ahead_stopped")),
              "all were asked: waited for");
    json_decref(summary);
    cr_assert_eq(one_number("SELECT COUNT(*) FROM vuln_name_match WHERE vuln_id = 'CVE-2024-0002'"),
                 1, "the stored copy (1.5) matches");
    cr_assert_eq(one_number("SELECT COUNT(*) FROM vuln_name_match WHERE vuln_id = 'CVE-2024-0001'"),
                 1);
    cr_assert_eq(one_number("SELECT COUNT(*) FROM vuln_match WHERE vuln_id = 'CVE-2024-0003'"), 1,
                 "the platform proved by the system's other program, read by the second thread");
    /* asked ahead and nothing to match again: its answers are not wanted, nothing changes */
    ok(fk_hub_vuln_import(db, &ana, "nvd.json", words, strlen(words), -1, 3000, &summary, &err),
       &err);
    cr_assert_eq(json_integer_value(json_object_get(summary, "updated")), 1);
    cr_assert_eq(json_integer_value(json_object_get(summary, "rematched")), 0);
    json_decref(summary);
    cr_assert_eq(one_number("SELECT found_ms FROM vuln_name_match WHERE vuln_id = 'CVE-2024-0001'"),
                 2000);
}

/* An update most of whose records to match again were not asked ahead (here two of
 * three have no configurations the second thread could ask): asking those after storing
 * costs less than waiting, so the thread is told to stop, and the one it may have
 * finished is taken or asked again; either way it matches. */
Test(vulns, asking_ahead_stops_when_most_records_were_not_asked, .init = setup, .fini = teardown)
{
    fk_err err;
    fk_principal ana;
    json_t *summary;
    ledger_of(&ana, "web,cpe:2.3:a:acme:widget:1.5:*:*:*:*:*:*:*");
    /* clang-format off */
#define CVE(id, configurations)                                                               \
    "{\"cve\":{\"id\":\"" id "\",\"published\":\"2024-01-01T00:00:00\",\"lastModified\":"        \
    "\"2024-01-01T00:00:00\",\"descriptions\":[{\"lang\":\"en\",\"value\":\"x\"}],"                \
    "\"configurations\":" configurations "}}"
    static const char nvd[] = "{\"format\":\"NVD_CVE\",\"version\":\"2.0\",\"vulnerabilities\":["
        CVE("CVE-2024-0011", "[{\"nodes\":[{\"operator\":\"OR\",\"cpeMatch\":[{\"vulnerable\":true,"
            "\"criteria\":\"cpe:2.3:a:acme:widget:1.5:*:*:*:*:*:*:*\"}]}]}]") ","
        CVE("CVE-2024-0012", "[]") "," CVE("CVE-2024-0013", "[]") "]}";
#undef CVE
    /* clang-format on */
    ok(fk_hub_vuln_import(db, &ana, "nvd.json", nvd, strlen(nvd), -1, 2000, &summary, &err), &err);
    cr_assert_eq(json_integer_value(json_object_get(summary, "rematched")), 3);
    cr_assert(json_is_true(json_object_get(summary, "ahead_stopped")),
              "one of three asked ahead: not waited for");
    cr_assert_leq(json_integer_value(json_object_get(summary, "asked_ahead")), 1);
    json_decref(summary);
    cr_assert_eq(one_number("SELECT COUNT(*) FROM vuln_name_match WHERE vuln_id = 'CVE-2024-0011'"),
                 1);
    cr_assert_eq(one_number("SELECT COUNT(*) FROM vuln_name_match"), 1);
}

/* Matching every ledger again compares its answers with those kept: an unchanged one
 * keeps when it was first found, a changed one is written again (found now), and one no
 * longer given (here a record's answer that no rule gives) is removed. */
Test(vulns, matching_every_ledger_again_keeps_what_still_stands, .init = setup, .fini = teardown)
{
    fk_err err;
    fk_principal ana;
    json_t *summary;
    ledger_of(&ana, "web,cpe:2.3:a:acme:widget:1.5:*:*:*:*:*:*:*");
    char nvd[2048];
    snprintf(nvd, sizeof nvd,
             "{\"format\":\"NVD_CVE\",\"version\":\"2.0\",\"vulnerabilities\":[%s,%s]}",
             "{\"cve\":{\"id\":\"CVE-2024-0001\",\"published\":\"2024-01-01T00:00:00\","
             "\"lastModified\":\"2024-01-01T00:00:00\","
             "\"descriptions\":[{\"lang\":\"en\",\"value\":\"a\"}],\"configurations\":[{\"nodes\":"
             "[{\"operator\":\"OR\",\"cpeMatch\":[{\"vulnerable\":true,\"criteria\":\"cpe:2.3:a:"
             "acme:widget:*:*:*:*:*:*:*:*\",\"versionEndExcluding\":\"2.0\"}]}]}]}}",
             "{\"cve\":{\"id\":\"CVE-2024-0002\",\"published\":\"2024-01-01T00:00:00\","
             "\"lastModified\":\"2024-01-01T00:00:00\","
             "\"descriptions\":[{\"lang\":\"en\",\"value\":\"b\"}],\"configurations\":[{\"nodes\":"
             "[{\"operator\":\"OR\",\"cpeMatch\":[{\"vulnerable\":true,\"criteria\":\"cpe:2.3:a:"
             "acme:widget:1.5:*:*:*:*:*:*:*\"}]}]}]}}");
    ok(fk_hub_vuln_import(db, &ana, "nvd.json", nvd, strlen(nvd), -1, 2000, &summary, &err), &err);
    json_decref(summary);
    cr_assert_eq(one_number("SELECT COUNT(*) FROM vuln_name_match"), 2);
    /* as a month ago; one answer's evidence since worded otherwise; one stale answer */
    ok(fk_db_exec(db, "UPDATE vuln_name_match SET found_ms = 7", &err), &err);
    ok(fk_db_exec(db,
                  "UPDATE vuln_name_match SET evidence = 'worded otherwise' WHERE vuln_id = "
                  "'CVE-2024-0002'",
                  &err),
       &err);
    ok(fk_db_exec(db,
                  "INSERT INTO vuln_name_match (cpe, vuln_id, confidence, evidence, found_ms) "
                  "VALUES ('cpe:2.3:a:acme:widget:1.5:*:*:*:*:*:*:*', 'CVE-2024-0001-gone', "
                  "'version', 'stale', 7)",
                  &err),
       &err);
    ok(fk_hub_vuln_rematch(db, &ana, 3000, &summary, &err), &err);
    json_decref(summary);
    cr_assert_eq(one_number("SELECT COUNT(*) FROM vuln_name_match"), 2, "the stale one removed");
    cr_assert_eq(one_number("SELECT found_ms FROM vuln_name_match WHERE vuln_id = 'CVE-2024-0001'"),
                 7, "unchanged: found when it was first found");
    cr_assert_eq(one_number("SELECT found_ms FROM vuln_name_match WHERE vuln_id = 'CVE-2024-0002'"),
                 3000, "changed: found again now");
    cr_assert_eq(one_number("SELECT COUNT(*) FROM vuln_name_match WHERE evidence = 'worded "
                            "otherwise'"),
                 0);
}
