/* End-to-end tests of `fukurou serve`: the real server on 127.0.0.1 (an ephemeral
 * port), driven with curl, with the authorisation matrix of the directory API. */
#include "hub.h"

static char admin_key[96], reporter_key[96], reader_key[96];

static void setup_hub(void)
{
    setup();
    port = 0;
    admin("admin --data d org create NISC --sector centre");
    admin("admin --data d org create PowerCo --sector electricity --domain power.example");
    admin("admin --data d org create Bank --sector finance");
    admin("admin --data d group create ISAC --member PowerCo");
    admin("admin --data d account create alice --org NISC --role centre-admin");
    admin("admin --data d account create carol --org PowerCo --role member-reporter");
    admin("admin --data d account create dave --org Bank --role member-reader");
    key_for("alice", admin_key);
    key_for("carol", reporter_key);
    key_for("dave", reader_key);
}

static void teardown_hub(void)
{
    stop_server();
    teardown();
}

TestSuite(server, .init = setup_hub, .fini = teardown_hub, .timeout = 120);

Test(server, unauthenticated_and_bad_keys_get_401_with_json)
{
    start_server("");
    result r;
    cr_assert_eq(call(&r, NULL, "GET", "/api/v1/me", NULL), 401);
    cr_assert_not_null(strstr(r.out, "\"http_status\":\"401\""), "%s", r.out);
    char forged[96];
    strcpy(forged, reporter_key);
    forged[83] = forged[83] == '0' ? '1' : '0';
    cr_assert_eq(call(&r, forged, "GET", "/api/v1/me", NULL), 401);
    cr_assert_eq(call(&r, "fk_nonsense", "GET", "/api/v1/me", NULL), 401);
    cr_assert_eq(call(&r, reporter_key, "GET", "/api/v1/me", NULL), 200);
    cr_assert_str_eq(r.out, "{\"account\":\"carol\",\"organisation\":\"PowerCo\",\"sector\":"
                            "\"electricity\",\"role\":\"member-reporter\"}");
    cr_assert_eq(call(&r, reporter_key, "GET", "/api/v1/nothing-here", NULL), 404);
    /* the request log never holds a key */
    char log[8192];
    slurp("server.log", log, sizeof log);
    cr_assert_null(strstr(log, reporter_key + 20), "%s", log);
    cr_assert_not_null(strstr(log, "GET /api/v1/me 200"), "%s", log);
    cr_assert_null(strstr(log, "carol"), "accounts are logged by number: %s", log);
}

Test(server, authorisation_matrix_of_the_directory_api)
{
    start_server("");
    result r;
    struct {
        const char *method, *path, *body;
        int admin, reporter, reader;
    } cases[] = {
        {"GET", "/api/v1/sectors", NULL, 200, 200, 200},
        {"GET", "/api/v1/organisations", NULL, 200, 200, 200},
        {"POST", "/api/v1/organisations", "{\"name\":\"Gas\",\"sector\":\"gas\"}", 201, 403, 403},
        {"GET", "/api/v1/accounts", NULL, 200, 403, 403},
        {"POST", "/api/v1/accounts",
         "{\"name\":\"x1\",\"organisation\":\"Bank\",\"role\":\"member-reader\"}", 201, 403, 403},
        {"POST", "/api/v1/groups", "{\"name\":\"G\"}", 201, 403, 403},
        {"POST", "/api/v1/groups/ISAC/members", "{\"organisation\":\"Bank\"}", 201, 403, 403},
        {"POST", "/api/v1/apikeys", "{\"account\":\"alice\"}", 201, 403, 403},
        {"GET", "/api/v1/apikeys", NULL, 200, 200, 200},
    };
    const char *keys[3] = {admin_key, reporter_key, reader_key};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int want[3] = {cases[i].reader, cases[i].reporter, cases[i].admin};
        for (int k = 2; k >= 0; k--) { /* members first, so the admin's create succeeds last */
            int got = call(&r, keys[k], cases[i].method, cases[i].path, cases[i].body);
            cr_assert_eq(got, want[2 - k], "%s %s as %s: %d (%s)", cases[i].method, cases[i].path,
                         k == 0   ? "admin"
                         : k == 1 ? "reporter"
                                  : "reader",
                         got, r.out);
        }
    }
    /* members see only their own organisation, groups and keys */
    cr_assert_eq(call(&r, reader_key, "GET", "/api/v1/organisations", NULL), 200);
    cr_assert_not_null(strstr(r.out, "\"Bank\""));
    cr_assert_null(strstr(r.out, "PowerCo"), "%s", r.out);
    cr_assert_null(strstr(r.out, "power.example"), "no member sees another's identifiers: %s",
                   r.out);
    cr_assert_eq(call(&r, reader_key, "GET", "/api/v1/groups", NULL), 200);
    cr_assert_not_null(strstr(r.out, "\"ISAC\""), "Bank was added to ISAC above: %s", r.out);
    cr_assert_eq(call(&r, reporter_key, "GET", "/api/v1/apikeys", NULL), 200);
    cr_assert_null(strstr(r.out, "\"alice\""), "%s", r.out);
}

Test(server, keys_are_managed_by_their_owner_and_revocation_is_immediate)
{
    start_server("");
    result r;
    cr_assert_eq(call(&r, reporter_key, "POST", "/api/v1/apikeys", "{\"label\":\"siem\"}"), 201);
    const char *tok = strstr(r.out, "\"token\":\"");
    cr_assert_not_null(tok, "%s", r.out);
    char newkey[96];
    snprintf(newkey, sizeof newkey, "%.84s", tok + 9);
    cr_assert_eq(call(&r, newkey, "GET", "/api/v1/me", NULL), 200);
    char path[128];
    snprintf(path, sizeof path, "/api/v1/apikeys/%.16s", newkey + 3);
    cr_assert_eq(call(&r, reader_key, "DELETE", path, NULL), 404,
                 "another member cannot revoke it");
    cr_assert_eq(call(&r, reporter_key, "DELETE", path, NULL), 204);
    cr_assert_eq(call(&r, newkey, "GET", "/api/v1/me", NULL), 401, "revoked at once");
    result a;
    run(&a, "admin --data d verify-audit");
    cr_assert_eq(a.status, 0, "%s", a.out);
}

Test(server, bad_requests_get_the_right_4xx)
{
    start_server("--max-body 1000");
    result r;
    cr_assert_eq(call(&r, admin_key, "POST", "/api/v1/organisations", "{\"name\":"), 400);
    cr_assert_not_null(strstr(r.out, "line 1"), "%s", r.out);
    cr_assert_eq(call(&r, admin_key, "POST", "/api/v1/organisations", "{\"name\":\"X\"}"), 400);
    cr_assert_not_null(strstr(r.out, "field 'sector'"), "%s", r.out);
    cr_assert_eq(call(&r, admin_key, "POST", "/api/v1/organisations",
                      "{\"name\":\"X\",\"sector\":\"bakery\"}"),
                 400);
    cr_assert_eq(call(&r, admin_key, "POST", "/api/v1/organisations",
                      "{\"name\":\"NISC\",\"sector\":\"centre\"}"),
                 409);
    cr_assert_eq(call(&r, admin_key, "PUT", "/api/v1/organisations", NULL), 405);
    char big[1400];
    memset(big, 'a', sizeof big);
    memcpy(big, "{\"name\":\"", 9);
    strcpy(big + sizeof big - 30, "\",\"sector\":\"gas\"}");
    cr_assert_eq(call(&r, admin_key, "POST", "/api/v1/organisations", big), 413);
    cr_assert_not_null(strstr(r.out, "exceeds 1000 bytes"), "%s", r.out);
    char cmd[512];
    snprintf(
        cmd, sizeof cmd,
        "cd %s && curl -s -o body.txt -w '%%{http_code}' -X POST -H 'Authorization: Bearer %s' "
        "-d '{}' http://127.0.0.1:%u/api/v1/organisations > code.txt",
        dir, admin_key, port);
    cr_assert_eq(system(cmd), 0);
    char code[16];
    slurp("code.txt", code, sizeof code);
    cr_assert_eq(atoi(code), 415, "a form body is not JSON");
}

Test(server, tls_when_a_certificate_and_key_are_given)
{
    char cmd[1024];
    snprintf(
        cmd, sizeof cmd,
        "cd %s && openssl req -x509 -newkey rsa:2048 -nodes -keyout key.pem -out cert.pem -days 1 "
        "-subj /CN=127.0.0.1 > /dev/null 2>&1",
        dir);
    if (system(cmd) != 0)
        cr_skip("the openssl tool is not available to make a test certificate");
    start_server("--tls-cert cert.pem --tls-key key.pem");
    snprintf(cmd, sizeof cmd,
             "cd %s && curl -s -k -o body.txt -w '%%{http_code}' -H 'Authorization: Bearer %s' "
             "https://127.0.0.1:%u/api/v1/me > code.txt",
             dir, reporter_key, port);
    cr_assert_eq(system(cmd), 0);
    char code[16], body[1024];
    slurp("code.txt", code, sizeof code);
    slurp("body.txt", body, sizeof body);
    cr_assert_str_eq(code, "200", "%s", body);
    cr_assert_not_null(strstr(body, "\"account\":\"carol\""), "%s", body);
    snprintf(
        cmd, sizeof cmd,
        "cd %s && curl -s -o /dev/null -w '%%{http_code}' http://127.0.0.1:%u/api/v1/me > code.txt",
        dir, port);
    if (system(cmd)) { /* plain HTTP to a TLS port fails; curl's exit status says so */
    }
    slurp("code.txt", code, sizeof code);
    cr_assert_str_neq(code, "200", "plain HTTP is not answered on the TLS port");
    char log[4096];
    slurp("server.log", log, sizeof log);
    cr_assert_not_null(strstr(log, "https://"), "%s", log);
}
