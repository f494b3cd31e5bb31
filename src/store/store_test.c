#include "audit.h"
#include "db.h"
#include "directory.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char dir[64];
static fk_db *db;

static void setup(void)
{
    strcpy(dir, "/tmp/fk-store-XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
    fk_err err;
    cr_assert_eq(fk_db_open(&db, dir, &err), 0, "%s", err.msg);
}

static void teardown(void)
{
    fk_db_close(db);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    cr_assert_eq(system(cmd), 0);
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

Test(store, schema_is_current_and_reopening_is_idempotent)
{
    cr_assert_eq(fk_db_schema_version(db), fk_db_latest_schema_version());
    fk_db_close(db);
    fk_err err;
    cr_assert_eq(fk_db_open(&db, dir, &err), 0, "%s", err.msg);
    cr_assert_eq(fk_db_schema_version(db), fk_db_latest_schema_version());
}

Test(store, refuses_a_newer_schema)
{
    fk_err err;
    ok(fk_db_exec(db, "PRAGMA user_version = 999", &err), &err);
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
    sqlite3_stmt *st;
    cr_assert_eq(sqlite3_prepare_v2(
                     fk_db_handle(db),
                     "SELECT count(*) FROM api_key WHERE instr(hex(secret_sha256), upper(?)) > 0 "
                     "UNION ALL SELECT count(*) FROM audit WHERE instr(detail, ?) > 0",
                     -1, &st, NULL),
                 SQLITE_OK);
    sqlite3_bind_text(st, 1, token + 20, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, token + 20, -1, SQLITE_STATIC);
    while (sqlite3_step(st) == SQLITE_ROW)
        cr_assert_eq(sqlite3_column_int(st, 0), 0);
    sqlite3_finalize(st);
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
    sqlite3_stmt *st;
    sqlite3_prepare_v2(fk_db_handle(db), "SELECT password_hash FROM account", -1, &st, NULL);
    cr_assert_eq(sqlite3_step(st), SQLITE_ROW);
    cr_assert(strncmp((const char *)sqlite3_column_text(st, 0), "$argon2id$", 10) == 0);
    sqlite3_finalize(st);
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
