/* End-to-end tests of `fukurou admin`: the real binary against a data folder. */
#include "e2e.h"

TestSuite(admin, .init = setup, .fini = teardown, .timeout = 120);

Test(admin, builds_a_directory_and_verifies_the_audit_chain)
{
    result r;
    run(&r, "admin --data d org create NISC --sector centre --domain nisc.example");
    cr_assert_eq(r.status, 0, "%s", r.err);
    run(&r, "admin --data d org create 'Power Co' --sector electricity --network 198.51.100.0/24 "
            "--alias PWR");
    cr_assert_eq(r.status, 0, "%s", r.err);
    run(&r, "admin --data d group create 'Electricity ISAC' --member 'Power Co' --description "
            "'CEPTOAR'");
    cr_assert_eq(r.status, 0, "%s", r.err);
    run(&r, "admin --data d account create carol --org 'Power Co' --role member-reporter");
    cr_assert_eq(r.status, 0, "%s", r.err);
    run(&r, "admin --data d apikey create carol --label ci");
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert_eq(strncmp(r.out, "fk_", 3), 0, "the key alone on stdout: %s", r.out);
    cr_assert_eq(strlen(r.out), 85, "fk_ + 16 + _ + 64 + newline");
    cr_assert_not_null(strstr(r.err, "shown only this once"));
    char token[96];
    snprintf(token, sizeof token, "%.84s", r.out);

    run(&r, "admin --data d group list");
    cr_assert_not_null(strstr(r.out, "\"members\": [\n      \"Power Co\"\n    ]"), "%s", r.out);
    run(&r, "admin --data d apikey list");
    cr_assert_null(strstr(r.out, token + 20), "listings never show a secret");
    run(&r, "admin --data d verify-audit");
    cr_assert_eq(r.status, 0);
    cr_assert_str_eq(r.out, "audit chain verified: 9 entries\n");

    /* tamper with the database behind the hub's back */
    cr_assert_eq(store_sql("UPDATE audit SET actor = 'nobody' WHERE seq = 3", NULL, 0), 0);
    run(&r, "admin --data d verify-audit");
    cr_assert_eq(r.status, 1);
    cr_assert_not_null(strstr(r.out, "BROKEN at entry 3 of 9"), "%s", r.out);
}

Test(admin, errors_are_clear_and_exit_two)
{
    result r;
    run(&r, "admin --data d org create X --sector bakeries");
    cr_assert_eq(r.status, 2);
    cr_assert_not_null(strstr(r.err, "sector 'bakeries' is unknown"), "%s", r.err);
    run(&r, "admin --data d org create X");
    cr_assert_eq(r.status, 2);
    cr_assert_not_null(strstr(r.err, "--sector"), "%s", r.err);
    run(&r, "admin --data d account create eve --org Nowhere --role member-reader");
    cr_assert_eq(r.status, 2);
    cr_assert_not_null(strstr(r.err, "no organisation named 'Nowhere'"), "%s", r.err);
    run(&r, "admin --data d account create eve --org Nowhere --role emperor");
    cr_assert_eq(r.status, 2);
    run(&r, "admin --data d account create eve --org X --role member-reader --password-env "
            "FK_UNSET_VARIABLE");
    cr_assert_eq(r.status, 2);
    cr_assert_not_null(strstr(r.err, "FK_UNSET_VARIABLE is not set"), "%s", r.err);
    run(&r, "admin --data d apikey revoke 0000000000000000");
    cr_assert_eq(r.status, 2);
    run(&r, "admin --data d frobnicate");
    cr_assert_eq(r.status, 2);
    run(&r, "admin sectors");
    cr_assert_eq(r.status, 0);
    cr_assert_not_null(strstr(r.out, "electricity"));
    cr_assert_not_null(strstr(r.out, "熱供給"));
}

Test(admin, demo_hub_is_prepared_once_with_private_credentials)
{
    result r;
    run(&r, "demo --hub hub");
    cr_assert_eq(r.status, 0, "%s", r.err);
    struct stat st;
    cr_assert_eq(stat(path_of("hub/demo-credentials.txt"), &st), 0);
    cr_assert_eq(st.st_mode & 0777, 0600, "API keys are readable by the owner only");
    char cred[4096];
    slurp("hub/demo-credentials.txt", cred, sizeof cred);
    cr_assert_not_null(strstr(cred, "analyst    fk_"), "%s", cred);
    run(&r, "admin --data hub verify-audit");
    cr_assert_eq(r.status, 0, "%s", r.out);
    run(&r, "admin --data hub collection list");
    cr_assert_not_null(strstr(r.out, "Energy CEPTOAR"), "%s", r.out);
    run(&r, "demo --hub hub");
    cr_assert_eq(r.status, 0, "running it again leaves the hub as it is: %s", r.err);
    cr_assert_not_null(strstr(r.out, "already prepared"), "%s", r.out);
}
