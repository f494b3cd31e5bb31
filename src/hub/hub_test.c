#include "access.h"
#include "sharing.h"

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
