/* End-to-end tests of the hub under attack (issue 10): a hostile member and an
 * unauthenticated stranger against the real server. Markings only tighten, the role
 * table holds for TAXII, nothing is read before credentials are checked, framing
 * conflicts and control bytes in paths are refused, password guessing is throttled
 * while API keys keep working, listings are paged, accounts can be disabled. */
#include "hub.h"

#define ELEC       "3b5e7f2a-1c4d-4e8f-9a0b-1c2d3e4f5a6b"
#define TAXII      "-H 'Accept: application/taxii+json;version=2.1'"
#define TAXII_POST TAXII " -H 'Content-Type: application/taxii+json;version=2.1'"

static char analyst[96], power[96], reader[96], admin_key[96];

static void setup_attack(void)
{
    setup();
    admin("admin --data d org create NISC --sector centre");
    admin("admin --data d org create PowerCo --sector electricity --domain power.example");
    admin("admin --data d org create GridCo --sector electricity");
    admin("admin --data d group create ElecISAC --member PowerCo --member GridCo");
    admin("admin --data d account create root --org NISC --role centre-admin");
    admin("admin --data d account create ana --org NISC --role centre-analyst");
    admin("admin --data d account create carol --org PowerCo --role member-reporter");
    admin("admin --data d account create gina --org GridCo --role member-reader");
    admin("admin --data d collection create 'Electricity sector' --id " ELEC
          " --sector electricity --write-group ElecISAC");
    key_for("root", admin_key);
    key_for("ana", analyst);
    key_for("carol", power);
    key_for("gina", reader);
}

static void teardown_attack(void)
{
    stop_server();
    teardown();
}

TestSuite(attack, .init = setup_attack, .fini = teardown_attack, .timeout = 120);

static const char tlp_red[] = "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1";
static const char tlp_clear[] = "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487";

Test(attack, markings_and_consent_only_tighten)
{
    start_server("");
    result r;
    char bundle[2048];
    /* a RED indicator with consent "centre", then a CLEAR public report: the report is RED */
    snprintf(bundle, sizeof bundle,
             "{\"objects\":[{\"type\":\"indicator\",\"spec_version\":\"2.1\",\"id\":\"indicator--"
             "11111111-1111-4111-8111-111111111111\",\"created\":\"2024-05-01T00:00:00Z\","
             "\"modified\":\"2024-05-01T00:00:00Z\",\"pattern\":\"[ipv4-addr:value = "
             "'203.0.113.9']\",\"pattern_type\":\"stix\",\"valid_from\":\"2024-05-01T00:00:00Z\","
             "\"object_marking_refs\":[\"%s\"],\"x_fukurou_consent\":\"centre\"},"
             "{\"type\":\"report\",\"spec_version\":\"2.1\",\"id\":\"report--22222222-2222-4222-"
             "8222-222222222222\",\"created\":\"2024-05-01T00:00:00Z\",\"modified\":\"2024-05-"
             "01T00:00:00Z\",\"name\":\"r\",\"published\":\"2024-05-01T00:00:00Z\","
             "\"object_refs\":[\"indicator--11111111-1111-4111-8111-111111111111\"],"
             "\"object_marking_refs\":[\"%s\"],\"x_fukurou_consent\":\"public\"}]}",
             tlp_red, tlp_clear);
    cr_assert_eq(call_with(&r, power, "POST", "/taxii2/fukurou/collections/" ELEC "/objects/",
                           bundle, TAXII_POST),
                 202, "%s", r.out);
    cr_assert_eq(call(&r, analyst, "GET", "/api/v1/reports/1", NULL), 200);
    cr_assert_not_null(strstr(r.out, "\"tlp\":\"RED\""), "the strictest TLP wins: %s", r.out);
    cr_assert_not_null(strstr(r.out, "\"consent\":\"centre\""), "the narrowest consent: %s", r.out);
    cr_assert_eq(call(&r, analyst, "POST", "/api/v1/reports/1/triage",
                      "{\"severity\":2,\"reasons\":{\"society\":\"-\",\"systems\":\"-\"}}"),
                 200);
    cr_assert_eq(call(&r, analyst, "POST", "/api/v1/reports/1/release",
                      "{\"tier\":\"general\",\"audience\":{\"public\":true}}"),
                 409, "a public release of RED information is refused: %s", r.out);
    /* the centre cannot put a RED object into a shared collection either */
    cr_assert_eq(call_with(&r, analyst, "POST", "/taxii2/fukurou/collections/" ELEC "/objects/",
                           bundle, TAXII_POST),
                 202, "%s", r.out);
    cr_assert_not_null(strstr(r.out, "\"failure_count\":1"), "%s", r.out);
    cr_assert_not_null(strstr(r.out, "TLP:RED"), "%s", r.out);
}

Test(attack, partly_unsupported_patterns_keep_their_values)
{
    start_server("");
    result r;
    const char *bundle =
        "{\"objects\":[{\"type\":\"indicator\",\"spec_version\":\"2.1\",\"id\":\"indicator--"
        "33333333-3333-4333-8333-333333333333\",\"created\":\"2024-05-01T00:00:00Z\","
        "\"modified\":\"2024-05-01T00:00:00Z\",\"pattern\":\"[ipv4-addr:value = '203.0.113.7'] "
        "OR [process:name = 'evil.exe'] OR [domain-name:value = 'c2.evil.test']\","
        "\"pattern_type\":\"stix\",\"valid_from\":\"2024-05-01T00:00:00Z\"}]}";
    cr_assert_eq(call_with(&r, power, "POST", "/taxii2/fukurou/collections/" ELEC "/objects/",
                           bundle, TAXII_POST),
                 202, "%s", r.out);
    cr_assert_not_null(strstr(r.out, "\"failure_count\":1"), "reported: %s", r.out);
    cr_assert_eq(call(&r, analyst, "GET", "/api/v1/reports/1", NULL), 200);
    cr_assert_not_null(strstr(r.out, "203.0.113.7"), "supported values kept: %s", r.out);
    cr_assert_not_null(strstr(r.out, "c2.evil.test"), "%s", r.out);
}

Test(attack, member_reader_cannot_submit_through_taxii)
{
    start_server("");
    result r;
    cr_assert_eq(call_with(&r, reader, "POST", "/taxii2/fukurou/collections/" ELEC "/objects/",
                           "{\"objects\":[]}", TAXII_POST),
                 403, "%s", r.out);
    cr_assert_eq(call(&r, reader, "POST", "/api/v1/reports", "{}"), 403);
    cr_assert_eq(call(&r, analyst, "GET", "/api/v1/reports", NULL), 200);
    cr_assert_str_eq(r.out, "[]");
}

/* An upload with bad or no credentials: answered 401 from the headers, or the connection
 * closed while the client is still sending (the server never takes the body). */
static void refused_upload(const char *auth)
{
    char cmd[1024];
    snprintf(cmd, sizeof cmd,
             "cd %s && curl -s -o body.txt -w '%%{http_code}' -X POST %s -H 'Content-Type: "
             "application/json' -H 'Expect:' --data-binary @big.bin "
             "'http://127.0.0.1:%u/api/v1/reports' > code.txt",
             dir, auth, port);
    int rc = system(cmd);
    int code = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
    char status[16];
    slurp("code.txt", status, sizeof status);
    cr_assert(code == 0 || code == 55 || code == 56, "curl: %d", code);
    cr_assert(!strcmp(status, "401") || (code != 0 && !strcmp(status, "000")),
              "refused on the headers, not %s", status);
}

Test(attack, nothing_is_read_before_credentials)
{
    start_server("");
    char cmd[512];
    snprintf(cmd, sizeof cmd, "cd %s && head -c 5000000 /dev/zero | tr '\\0' a > big.bin", dir);
    cr_assert_eq(system(cmd), 0);
    refused_upload("");
    refused_upload("-H 'Authorization: Bearer fk_0000000000000000_"
                   "0000000000000000000000000000000000000000000000000000000000000000'");
    refused_upload("-u 'carol:not the password'");
    /* the server is fine afterwards */
    result r;
    cr_assert_eq(call(&r, power, "GET", "/api/v1/me", NULL), 200);
}

/* Raw bytes to the server, the answer back (nc is not everywhere: bash's /dev/tcp). */
static void raw(const char *request, char *out, size_t cap)
{
    write_file("raw.txt", request);
    char cmd[512];
    snprintf(cmd, sizeof cmd,
             "cd %s && timeout 5 bash -c 'exec 3<>/dev/tcp/127.0.0.1/%u; cat raw.txt >&3; "
             "cat <&3' > raw-out.txt 2>/dev/null; true",
             dir, port);
    cr_assert_eq(system(cmd), 0);
    slurp("raw-out.txt", out, cap);
}

Test(attack, framing_conflicts_and_control_bytes_are_refused)
{
    start_server("");
    char out[8192], req[1024];
    snprintf(req, sizeof req,
             "POST /api/v1/reports HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\n"
             "Content-Type: application/json\r\nContent-Length: 2\r\nContent-Length: 60\r\n\r\n"
             "{}GET /api/v1/me HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\n\r\n",
             power, power);
    raw(req, out, sizeof out);
    cr_assert(!strncmp(out, "HTTP/1.1 400", 12), "%s", out);
    cr_assert_null(strstr(out, "\"account\":\"carol\""), "no smuggled second request: %s", out);
    snprintf(req, sizeof req,
             "POST /api/v1/reports HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\n"
             "Content-Type: application/json\r\nContent-Length: 5\r\n"
             "Transfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n",
             power);
    raw(req, out, sizeof out);
    cr_assert(!strncmp(out, "HTTP/1.1 400", 12), "%s", out);
    cr_assert_not_null(strcasestr(out, "connection: close"), "%s", out);

    result r;
    cr_assert_eq(call(&r, power, "GET", "/api/v1/me%00/x", NULL), 404, "%s", r.out);
    cr_assert_eq(call(&r, power, "GET", "/api/v1/me%0a2026-01-01T00:00:00Z%20GET%20/forged", NULL),
                 404);
    stop_server();
    char log[65536];
    slurp("server.log", log, sizeof log);
    cr_assert_null(strstr(log, "\n2026-01-01T00:00:00Z GET /forged"), "forged log line: %s", log);
    start_server("");
    cr_assert_eq(call_with(&r, reader, "GET",
                           "/taxii2/fukurou/collections/" ELEC "/objects/?match[version]=", NULL,
                           TAXII),
                 400);
    cr_assert_null(strcasestr(r.out, "syntax"), "no database text: %s", r.out);
    cr_assert_null(strcasestr(r.out, "sqlite"), "%s", r.out);
}

static int basic(result *r, const char *user, const char *password, const char *path)
{
    char extra[600];
    snprintf(extra, sizeof extra, "-u '%s:%s'", user, password);
    return call_with(r, NULL, "GET", path, NULL, extra);
}

Test(attack, password_guessing_is_throttled_and_keys_still_work)
{
    setenv("FK_PW", "correct horse battery", 1);
    admin("admin --data d account password gina --password-env FK_PW");
    start_server("");
    result r;
    cr_assert_eq(basic(&r, "gina", "correct horse battery", "/api/v1/me"), 200, "%s", r.out);
    int refused = 0, limited = 0;
    for (int i = 0; i < 14; i++) {
        int code = basic(&r, "gina", "wrong guess", "/api/v1/me");
        refused += code == 401;
        limited += code == 429;
    }
    cr_assert_eq(refused, 10, "ten failures are checked, the rest refused unchecked");
    cr_assert_eq(limited, 4);
    cr_assert_eq(basic(&r, "gina", "correct horse battery", "/api/v1/me"), 429,
                 "while paused even the right password waits");
    cr_assert_eq(call(&r, reader, "GET", "/api/v1/me", NULL), 200, "API keys still work");
    /* an unknown account is refused the same way as a wrong password */
    cr_assert_eq(basic(&r, "nobody-here", "whatever at all", "/api/v1/me"), 401);
}

Test(attack, guessing_from_an_address_spares_accounts_known_there)
{
    setenv("FK_PW", "correct horse battery", 1);
    admin("admin --data d account password carol --password-env FK_PW");
    admin("admin --data d account password ana --password-env FK_PW");
    start_server("");
    result r;
    cr_assert_eq(basic(&r, "carol", "correct horse battery", "/api/v1/me"), 200, "%s", r.out);
    int limited = 0;
    for (int i = 0; i < 34; i++) { /* unknown accounts: only the address limit applies */
        char user[32];
        snprintf(user, sizeof user, "stranger%d", i);
        limited += basic(&r, user, "some guess here", "/api/v1/me") == 429;
    }
    cr_assert_geq(limited, 3, "the address is paused after 30 failures");
    cr_assert_eq(basic(&r, "carol", "correct horse battery", "/api/v1/me"), 200,
                 "an account that signed in from this address before still can");
    cr_assert_eq(basic(&r, "ana", "correct horse battery", "/api/v1/me"), 429,
                 "one that never did waits");
}

Test(attack, accounts_can_be_disabled_and_keys_are_bounded)
{
    start_server("");
    result r;
    cr_assert_eq(call(&r, admin_key, "POST", "/api/v1/accounts/gina/disable", "{}"), 200, "%s",
                 r.out);
    cr_assert_eq(call(&r, reader, "GET", "/api/v1/me", NULL), 401, "a disabled account's key");
    cr_assert_eq(call(&r, admin_key, "POST", "/api/v1/accounts/gina/enable", "{}"), 200);
    cr_assert_eq(call(&r, reader, "GET", "/api/v1/me", NULL), 200);
    cr_assert_eq(call(&r, power, "POST", "/api/v1/accounts/gina/disable", "{}"), 403);
    /* carol holds one key; nine more are allowed, the eleventh is not */
    for (int i = 0; i < 9; i++)
        cr_assert_eq(call(&r, power, "POST", "/api/v1/apikeys", "{\"label\":\"x\"}"), 201, "%s",
                     r.out);
    cr_assert_eq(call(&r, power, "POST", "/api/v1/apikeys", "{\"label\":\"x\"}"), 400, "%s", r.out);
    /* own password: set once, then changing it needs the current one */
    cr_assert_eq(call(&r, power, "POST", "/api/v1/accounts/carol/password",
                      "{\"password\":\"first password here\"}"),
                 204, "%s", r.out);
    cr_assert_eq(call(&r, power, "POST", "/api/v1/accounts/carol/password",
                      "{\"password\":\"second password here\"}"),
                 403);
    cr_assert_eq(call(&r, power, "POST", "/api/v1/accounts/carol/password",
                      "{\"password\":\"second password here\",\"current_password\":\"first "
                      "password here\"}"),
                 204);
    cr_assert_eq(basic(&r, "carol", "second password here", "/api/v1/me"), 200);
    cr_assert_eq(basic(&r, "carol", "second password here", "/api/v1/me"), 200, "again (cached)");
    cr_assert_eq(basic(&r, "carol", "first password here", "/api/v1/me"), 401,
                 "the old password is gone");
    cr_assert_eq(call(&r, power, "POST", "/api/v1/accounts/carol/password",
                      "{\"password\":\"third password here\",\"current_password\":\"second "
                      "password here\"}"),
                 204);
    cr_assert_eq(basic(&r, "carol", "second password here", "/api/v1/me"), 401,
                 "a password remembered from a minute ago ends when it changes");
    cr_assert_eq(basic(&r, "carol", "third password here", "/api/v1/me"), 200);
    cr_assert_eq(call(&r, power, "POST", "/api/v1/accounts/gina/password",
                      "{\"password\":\"not yours to set\"}"),
                 403);
    cr_assert_eq(call(&r, admin_key, "POST", "/api/v1/accounts/carol/disable", "{}"), 200);
    cr_assert_eq(basic(&r, "carol", "third password here", "/api/v1/me"), 401,
                 "nor does a remembered password outlive disabling");
}

Test(attack, listings_are_paged)
{
    start_server("");
    result r;
    cr_assert_eq(call(&r, admin_key, "GET", "/api/v1/organisations?limit=2", NULL), 200);
    cr_assert_not_null(strstr(r.out, "\"GridCo\""), "%s", r.out);
    cr_assert_null(strstr(r.out, "\"PowerCo\""), "%s", r.out);
    char h[4096];
    slurp("headers.txt", h, sizeof h);
    cr_assert_not_null(strstr(h, "after=NISC"), "a Link to the next page: %s", h);
    cr_assert_eq(call(&r, admin_key, "GET", "/api/v1/organisations?limit=2&after=NISC", NULL), 200);
    cr_assert_not_null(strstr(r.out, "\"PowerCo\""), "%s", r.out);
    cr_assert_eq(call(&r, admin_key, "GET", "/api/v1/organisations?limit=0", NULL), 400);
    /* report listings carry counts, not the indicators themselves */
    cr_assert_eq(call(&r, power, "POST", "/api/v1/reports",
                      "{\"type\":\"blocklist\",\"title\":\"t\",\"fields\":{\"purpose\":\"block\"},"
                      "\"indicators\":[\"203.0.113.1\",\"203.0.113.2\",\"c2.evil.test\"],"
                      "\"tlp\":\"GREEN\",\"consent\":\"members\"}"),
                 201, "%s", r.out);
    cr_assert_eq(call(&r, analyst, "GET", "/api/v1/reports?limit=1", NULL), 200);
    cr_assert_not_null(strstr(r.out, "\"indicator_count\":3"), "%s", r.out);
    cr_assert_null(strstr(r.out, "203.0.113.1"), "%s", r.out);
    cr_assert_eq(call(&r, analyst, "GET", "/api/v1/reports/1", NULL), 200);
    cr_assert_not_null(strstr(r.out, "203.0.113.1"), "one report carries them: %s", r.out);
    admin("admin --data d collection create 'All members' --id "
          "00000000-0000-4000-8000-000000000001 --all-members");
    cr_assert_eq(call(&r, analyst, "GET", "/api/v1/collections?limit=1", NULL), 200);
    cr_assert_not_null(strstr(r.out, "00000000-0000-4000-8000-000000000001"), "%s", r.out);
    cr_assert_null(strstr(r.out, ELEC), "%s", r.out);
    slurp("headers.txt", h, sizeof h);
    cr_assert_not_null(strstr(h, "rel=\"next\""), "%s", h);
}

Test(attack, mask_patterns_are_read_from_the_configuration)
{
    write_file("hub.yml", "mask_patterns:\n  - 'PROJ-[0-9]{4}'\n  - 'ticket #[0-9]+'\n");
    start_server("--config hub.yml");
    stop_server();
    write_file("bad.yml", "mask_patterns:\n  - 'PROJ-[0-9]{4}'\n  - '(unclosed'\n");
    result r;
    run(&r, "serve --data d --listen 127.0.0.1:0 --config bad.yml");
    cr_assert_eq(r.status, 2);
    cr_assert_not_null(strstr(r.err, "bad.yml:3"), "%s", r.err);
}
