/* End-to-end tests of the sharing flow on the real hub: members report (情報連絡),
 * the centre triages and releases (情報提供) to audiences under the provider's
 * consent and the TLP; what is released is anonymised STIX 2.1. */
#include "hub.h"

#include <jansson.h>

static char analyst[96], power[96], grid[96], bank[96], bank_reader[96];

static void setup_sharing(void)
{
    setup();
    admin("admin --data d org create NISC --sector centre");
    admin("admin --data d org create PowerCo --sector electricity --domain power.example "
          "--network 198.51.100.0/24 --alias PWR --email soc@power.example");
    admin("admin --data d org create GridCo --sector electricity");
    admin("admin --data d org create MegaBank --sector finance --domain megabank.example "
          "--network 203.0.113.128/25 --alias 'Mega Bank'");
    admin("admin --data d group create FinISAC --member MegaBank");
    admin("admin --data d collection create 'All members' --id "
          "9d7e6f2a-1c4d-4e8f-9a0b-1c2d3e4f5a6b --all-members");
    admin("admin --data d account create ana --org NISC --role centre-analyst");
    admin("admin --data d account create carol --org PowerCo --role member-reporter");
    admin("admin --data d account create gina --org GridCo --role member-reader");
    admin("admin --data d account create mallory --org MegaBank --role member-reporter");
    admin("admin --data d account create rita --org MegaBank --role member-reader");
    key_for("ana", analyst);
    key_for("carol", power);
    key_for("gina", grid);
    key_for("mallory", bank);
    key_for("rita", bank_reader);
}

static void teardown_sharing(void)
{
    stop_server();
    teardown();
}

TestSuite(sharing, .init = setup_sharing, .fini = teardown_sharing, .timeout = 90);

static const char power_report[] =
    "{\"type\":\"incident\",\"title\":\"PowerCo: web01.power.example compromised\","
    "\"description\":\"Beacon from 198.51.100.23 (also 10.1.2.3) to C2 203.0.113.66 and "
    "c2.evil.example. "
    "Contact soc@power.example; user=taro; POWER\\\\\\\\admin2 logged in.\","
    "\"fields\":{\"occurred_at\":\"2024-05-14T09:00:00+09:00\",\"state\":\"ongoing\"},"
    "\"indicators\":[\"203.0.113.66\",\"c2[.]evil.example\",\"198.51.100.23\",\"vpn.power."
    "example\",\"CVE-2024-3400\"],"
    "\"tlp\":\"AMBER\",\"pap\":\"GREEN\",\"consent\":\"%s\",\"impact\":\"PWR billing is down\"}";

static int submit(result *r, const char *key, const char *consent)
{
    char body[2048];
    snprintf(body, sizeof body, power_report, consent);
    return call(r, key, "POST", "/api/v1/reports", body);
}

static const char triage[] =
    "{\"severity\":3,\"reasons\":{\"society\":\"billing outage\",\"systems\":\"one web server\"}}";

Test(sharing, report_triage_release_and_who_sees_it)
{
    start_server("");
    result r;
    cr_assert_eq(submit(&r, power, "sector"), 201, "%s", r.out);
    cr_assert_not_null(strstr(r.out, "\"status\":\"new\""), "%s", r.out);
    cr_assert_null(strstr(r.out, "\"provider\""), "the member's own view needs no provider block");
    cr_assert_eq(call(&r, grid, "GET", "/api/v1/reports/1", NULL), 404,
                 "other members do not see reports");
    cr_assert_eq(call(&r, grid, "GET", "/api/v1/reports", NULL), 200);
    cr_assert_str_eq(r.out, "[]");
    cr_assert_eq(call(&r, analyst, "GET", "/api/v1/reports/1", NULL), 200);
    cr_assert_not_null(strstr(r.out, "\"organisation\":\"PowerCo\""),
                       "the centre keeps the true source: %s", r.out);

    const char *to_all = "{\"tier\":\"immediate\",\"audience\":{\"all_members\":true}}";
    cr_assert_eq(call(&r, analyst, "POST", "/api/v1/reports/1/release", to_all), 409, "%s", r.out);
    cr_assert_not_null(strstr(r.out, "triage"), "release needs a severity first: %s", r.out);
    cr_assert_eq(call(&r, grid, "POST", "/api/v1/reports/1/triage", triage), 403);
    cr_assert_eq(call(&r, analyst, "POST", "/api/v1/reports/1/triage", triage), 200, "%s", r.out);
    cr_assert_not_null(strstr(r.out, "\"status\":\"triaged\""), "%s", r.out);
    cr_assert_eq(call(&r, analyst, "POST", "/api/v1/reports/1/release", to_all), 409);
    cr_assert_not_null(strstr(r.out, "own sector (electricity)"), "consent is enforced: %s", r.out);
    cr_assert_eq(call(&r, analyst, "POST", "/api/v1/reports/1/release",
                      "{\"tier\":\"immediate\",\"audience\":{\"sectors\":[\"electricity\"]}}"),
                 201, "%s", r.out);
    cr_assert_not_null(strstr(r.out, "\"withheld_indicators\":2"), "%s", r.out);
    cr_assert_null(strstr(r.out, "\"bundle\""), "the answer is the release as listed: %s", r.out);
    cr_assert_eq(call(&r, analyst, "GET", "/api/v1/releases/1", NULL), 200);
    cr_assert_not_null(strstr(r.out, "[ipv4-addr:value = '203.0.113.66']"), "%s", r.out);

    cr_assert_eq(call(&r, grid, "GET", "/api/v1/releases", NULL), 200);
    cr_assert_not_null(strstr(r.out, "\"tier\":\"immediate\""),
                       "the other electricity member receives it");
    cr_assert_eq(call(&r, grid, "GET", "/api/v1/releases/1", NULL), 200);
    cr_assert_eq(call(&r, bank_reader, "GET", "/api/v1/releases", NULL), 200);
    cr_assert_str_eq(r.out, "[]", "finance does not");
    cr_assert_eq(call(&r, bank_reader, "GET", "/api/v1/releases/1", NULL), 404);

    result a;
    run(&a, "admin --data d verify-audit");
    cr_assert_eq(a.status, 0, "%s", a.out);
    char reads[16];
    cr_assert_eq(store_sql("SELECT count(*) FROM audit WHERE action = 'release.read' AND actor = "
                           "'account:gina'",
                           reads, sizeof reads),
                 0, "%s", reads);
    cr_assert_eq(atoi(reads), 2, "every read of released data is audited");
}

Test(sharing, consent_and_tlp_limit_what_can_be_released)
{
    start_server("");
    result r;
    cr_assert_eq(submit(&r, power, "centre"), 201);
    cr_assert_eq(call(&r, analyst, "POST", "/api/v1/reports/1/triage", triage), 200);
    cr_assert_eq(call(&r, analyst, "POST", "/api/v1/reports/1/release",
                      "{\"tier\":\"general\",\"audience\":{\"sectors\":[\"electricity\"]}}"),
                 409);
    cr_assert_not_null(strstr(r.out, "centre only"), "%s", r.out);
    cr_assert_eq(submit(&r, power, "members"), 201);
    cr_assert_eq(call(&r, analyst, "POST", "/api/v1/reports/2/triage", triage), 200);
    cr_assert_eq(call(&r, analyst, "POST", "/api/v1/reports/2/release",
                      "{\"tier\":\"general\",\"audience\":{\"public\":true}}"),
                 409);
    cr_assert_not_null(strstr(r.out, "public"), "%s", r.out);
    cr_assert_eq(call(&r, analyst, "POST", "/api/v1/reports/2/release",
                      "{\"tier\":\"soon\",\"audience\":{\"groups\":[\"FinISAC\"]}}"),
                 400);
    cr_assert_eq(call(&r, analyst, "POST", "/api/v1/reports/2/release",
                      "{\"tier\":\"general\",\"audience\":{\"sectors\":[\"bakeries\"]}}"),
                 400);
    cr_assert_eq(call(&r, analyst, "POST", "/api/v1/reports/2/release",
                      "{\"tier\":\"general\",\"audience\":{\"groups\":[\"FinISAC\"]}}"),
                 201, "%s", r.out);
    cr_assert_eq(call(&r, bank_reader, "GET", "/api/v1/releases", NULL), 200);
    cr_assert_not_null(strstr(r.out, "\"tier\":\"general\""), "group members receive it: %s",
                       r.out);
    cr_assert_eq(call(&r, grid, "GET", "/api/v1/releases", NULL), 200);
    cr_assert_str_eq(r.out, "[]", "not in the group");
    /* merged reports are released through the one they were merged into */
    cr_assert_eq(submit(&r, power, "members"), 201);
    cr_assert_eq(call(&r, analyst, "POST", "/api/v1/reports/3/merge", "{\"into\":2}"), 200, "%s",
                 r.out);
    cr_assert_eq(call(&r, analyst, "POST", "/api/v1/reports/3/triage", triage), 200);
    cr_assert_eq(call(&r, analyst, "POST", "/api/v1/reports/3/release",
                      "{\"tier\":\"general\",\"audience\":{\"all_members\":true}}"),
                 409);
    cr_assert_not_null(strstr(r.out, "merged into report 2"), "%s", r.out);
}

Test(sharing, bad_reports_get_400_naming_the_field)
{
    write_file("cfg.yml", "severity_scale: nisc-2018\nhub_name: Test Hub\n");
    start_server("--config cfg.yml");
    result r;
    cr_assert_eq(call(&r, power, "POST", "/api/v1/reports",
                      "{\"type\":\"incident\",\"title\":\"x\",\"tlp\":\"AMBER\","
                      "\"consent\":\"members\",\"fields\":{\"state\":\"ongoing\"}}"),
                 400);
    cr_assert_not_null(strstr(r.out, "fields.occurred_at: required"), "%s", r.out);
    cr_assert_eq(
        call(&r, power, "POST", "/api/v1/reports", "{\"type\":\"gossip\",\"title\":\"x\"}"), 400);
    cr_assert_not_null(strstr(r.out, "type: 'gossip'"), "%s", r.out);
    cr_assert_eq(call(&r, power, "POST", "/api/v1/reports",
                      "{\"type\":\"blocklist\",\"title\":\"x\",\"tlp\":\"GREEN\","
                      "\"consent\":\"members\",\"fields\":{\"purpose\":\"p\"},"
                      "\"indicators\":[\"not an indicator\"]}"),
                 400);
    cr_assert_not_null(strstr(r.out, "indicators[0]"), "%s", r.out);
    cr_assert_eq(call(&r, bank_reader, "POST", "/api/v1/reports", "{}"), 403,
                 "readers do not report");
    cr_assert_eq(call(&r, analyst, "GET", "/api/v1/severity-scale", NULL), 200);
    cr_assert_not_null(strstr(r.out, "\"code\":\"nisc-2018\",\"title\""),
                       "the scale is configuration: %s", r.out);
    cr_assert_not_null(strstr(r.out, "\"max\":4"), "%s", r.out);
    cr_assert_eq(submit(&r, power, "members"), 201);
    cr_assert_eq(call(&r, analyst, "POST", "/api/v1/reports/1/triage",
                      "{\"severity\":5,\"reasons\":{\"society\":\"a\",\"systems\":\"b\"}}"),
                 400);
    cr_assert_not_null(strstr(r.out, "from 0 to 4"), "%s", r.out);
    cr_assert_eq(call(&r, analyst, "POST", "/api/v1/reports/1/triage", "{\"severity\":2}"), 400);
    cr_assert_eq(call(&r, analyst, "GET", "/api/v1/report-types", NULL), 200);
    cr_assert_not_null(strstr(r.out, "\"code\":\"emergency\""), "%s", r.out);
}

/* The leak test: two providers report what identifies them; everything the hub hands
 * out afterwards (API responses for members, release bundles, the server log) must
 * contain none of it. */
Test(sharing, released_artefacts_never_reveal_a_provider)
{
    start_server("");
    result r;
    cr_assert_eq(submit(&r, power, "members"), 201);
    cr_assert_eq(
        call(&r, bank, "POST", "/api/v1/reports",
             "{\"type\":\"attack-foresight\",\"title\":\"Mega Bank expects DDoS on "
             "www.megabank.example\","
             "\"description\":\"MegaBank SOC (secops@megabank.example) saw probes of 203.0.113.200 "
             "and "
             "192.168.10.5 from 198.51.100.250; account: hanako\",\"fields\":{\"expected_targets\":"
             "[\"online banking at "
             "megabank.example\"]},\"indicators\":[\"198.51.100.250\",\"203.0.113.200\","
             "\"megabank.example\"],\"tlp\":\"GREEN\",\"consent\":\"members\"}"),
        201, "%s", r.out);
    for (int id = 1; id <= 2; id++) {
        char path[64];
        snprintf(path, sizeof path, "/api/v1/reports/%d/triage", id);
        cr_assert_eq(call(&r, analyst, "POST", path, triage), 200);
        snprintf(path, sizeof path, "/api/v1/reports/%d/release", id);
        cr_assert_eq(call(&r, analyst, "POST", path,
                          "{\"tier\":\"advisory\",\"audience\":{\"all_members\":true}}"),
                     201, "%s", r.out);
    }
    static const char *const identities[] = {
        "PowerCo",  "PWR",           "power.example", "198.51.100.23",
        "10.1.2.3", "soc@",          "taro",          "admin2",
        "carol",    "MegaBank",      "Mega Bank",     "megabank.example",
        "secops@",  "203.0.113.200", "192.168.10.5",  "hanako",
        "mallory",
    };
    static char everything[4 << 20]; /* every artefact, searched at once */
    everything[0] = '\0';
    const char *readers[] = {grid, bank_reader, power};
    for (int k = 0; k < 3; k++) {
        cr_assert_eq(call(&r, readers[k], "GET", "/api/v1/releases", NULL), 200);
        cr_assert_null(strstr(r.out, "\"bundle\""), "listings carry no bundles: %s", r.out);
        strncat(everything, r.out, sizeof everything - strlen(everything) - 1);
        cr_assert_eq(call(&r, readers[k], "GET", "/api/v1/releases/1", NULL), 200);
        cr_assert_not_null(strstr(r.out, "203.0.113.66"), "the attacker's address is shared: %s",
                           r.out);
        strncat(everything, r.out, sizeof everything - strlen(everything) - 1);
        cr_assert_eq(call(&r, readers[k], "GET", "/api/v1/releases/2", NULL), 200);
        cr_assert_not_null(strstr(r.out, "198.51.100.250"), "%s", r.out);
        strncat(everything, r.out, sizeof everything - strlen(everything) - 1);
    }
    /* what TAXII clients receive, objects and manifest */
    cr_assert_eq(
        call_with(&r, grid, "GET",
                  "/taxii2/fukurou/collections/9d7e6f2a-1c4d-4e8f-9a0b-1c2d3e4f5a6b/objects/", NULL,
                  "-H 'Accept: application/taxii+json;version=2.1'"),
        200);
    cr_assert_not_null(strstr(r.out, "203.0.113.66"), "the release reached the collection: %.300s",
                       r.out);
    strncat(everything, r.out, sizeof everything - strlen(everything) - 1);
    cr_assert_eq(
        call_with(&r, bank_reader, "GET",
                  "/taxii2/fukurou/collections/9d7e6f2a-1c4d-4e8f-9a0b-1c2d3e4f5a6b/manifest/",
                  NULL, "-H 'Accept: application/taxii+json;version=2.1'"),
        200);
    strncat(everything, r.out, sizeof everything - strlen(everything) - 1);
    char log[65536];
    slurp("server.log", log, sizeof log);
    strncat(everything, log, sizeof everything - strlen(everything) - 1);
    for (size_t i = 0; i < sizeof identities / sizeof identities[0]; i++)
        cr_assert_null(strstr(everything, identities[i]), "a released artefact reveals '%s'",
                       identities[i]);
    /* and the bundles are STIX 2.1 that the OASIS schemas accept */
    FILE *f = fopen(path_of("releases.json"), "w");
    fputs("[", f);
    for (int id = 1; id <= 2; id++) { /* each release with its bundle */
        char path[64];
        snprintf(path, sizeof path, "/api/v1/releases/%d", id);
        cr_assert_eq(call(&r, grid, "GET", path, NULL), 200);
        fprintf(f, "%s%s", id > 1 ? "," : "", r.out);
    }
    fputs("]", f);
    fclose(f);
    char cmd[1024];
    snprintf(cmd, sizeof cmd,
             "cd %s && python3 -c \"import json; json.dump([x['bundle'] for x in "
             "json.load(open('releases.json'))], open('bundles.json', 'w'))\"",
             dir);
    cr_assert_eq(system(cmd), 0);
    char out[8192];
    int code = stix_check("bundles.json", out, sizeof out);
    cr_assert_eq(code, 0, "STIX schema validation failed:\n%s", out);
    cr_assert_not_null(strstr(out, "26 objects checked, 0 errors"), "%s", out);
    /* the validator itself rejects a broken object (so this check can fail) */
    f = fopen(path_of("broken.json"), "w");
    fputs("{\"type\":\"bundle\",\"id\":\"bundle--00000000-0000-4000-8000-000000000000\","
          "\"objects\":[{\"type\":"
          "\"indicator\",\"spec_version\":\"2.1\",\"id\":\"indicator--x\",\"created\":"
          "\"yesterday\"}]}",
          f);
    fclose(f);
    cr_assert_eq(stix_check("broken.json", out, sizeof out), 1,
                 "the validator must reject a broken indicator");
}

Test(sharing, a_release_can_leave_parts_out)
{
    start_server("");
    result r;
    cr_assert_eq(submit(&r, power, "members"), 201);
    cr_assert_eq(call(&r, analyst, "POST", "/api/v1/reports/1/triage", triage), 200);
    cr_assert_eq(call(&r, analyst, "POST", "/api/v1/reports/1/release",
                      "{\"tier\":\"advisory\",\"audience\":{\"all_members\":true},"
                      "\"include\":{\"indicators\":[\"10.9.9.9\"]}}"),
                 400, "only the report's own indicators can be chosen");
    cr_assert_not_null(strstr(r.out, "include.indicators[0]"), "%s", r.out);
    cr_assert_eq(call(&r, analyst, "POST", "/api/v1/reports/1/release",
                      "{\"tier\":\"advisory\",\"audience\":{\"all_members\":true},"
                      "\"include\":{\"description\":false,\"indicators\":[\"203.0.113.66\"],"
                      "\"cves\":false}}"),
                 201, "%s", r.out);
    cr_assert_not_null(strstr(r.out, "\"indicators_left_out\":3"), "%s", r.out);
    cr_assert_eq(call(&r, analyst, "GET", "/api/v1/releases/1", NULL), 200);
    cr_assert_not_null(strstr(r.out, "203.0.113.66"), "%s", r.out);
    cr_assert_null(strstr(r.out, "c2.evil.example"), "left out: %s", r.out);
    cr_assert_null(strstr(r.out, "CVE-2024-3400"), "left out: %s", r.out);
    cr_assert_null(strstr(r.out, "Beacon"), "the description is left out: %s", r.out);
}

/* The preview through the API: the bundle a release would be, each text with the pieces
 * the anonymisation removes (their offsets give back the original), the indicators
 * withheld with their values, and nothing released; a member may not ask. */
Test(sharing, a_release_preview_shows_what_is_removed_and_releases_nothing)
{
    start_server("");
    result r;
    cr_assert_eq(submit(&r, power, "members"), 201);
    cr_assert_eq(call(&r, analyst, "POST", "/api/v1/reports/1/triage", triage), 200);
    static const char decision[] = "{\"tier\":\"immediate\",\"audience\":{\"all_members\":true},"
                                   "\"deadline\":\"2099-01-01T00:00:00Z\"}";
    cr_assert_eq(call(&r, power, "POST", "/api/v1/reports/1/release-preview", decision), 403);
    cr_assert_eq(call(&r, analyst, "POST", "/api/v1/reports/1/release-preview", decision), 200,
                 "%s", r.out);
    json_t *p = json_loads(r.out, 0, NULL);
    cr_assert_not_null(p, "%s", r.out);
    cr_assert_str_eq(json_string_value(json_object_get(p, "deadline")), "2099-01-01T00:00:00.000Z");
    json_t *withheld = json_object_get(p, "withheld_values");
    bool vpn = false, inside = false;
    size_t i, k;
    json_t *w, *red;
    json_array_foreach(withheld, i, w)
    {
        const char *v = json_string_value(json_object_get(w, "value"));
        vpn = vpn || !strcmp(v, "vpn.power.example");
        inside = inside || !strcmp(v, "198.51.100.23");
    }
    cr_assert(vpn && inside, "the provider's host and address are withheld: %s", r.out);
    bool description = false;
    json_array_foreach(json_object_get(p, "redactions"), i, red)
    {
        const char *field = json_string_value(json_object_get(red, "field"));
        const char *orig = json_string_value(json_object_get(red, "original"));
        json_array_foreach(json_object_get(red, "removed"), k, w)
        {
            size_t start = (size_t)json_integer_value(json_object_get(w, "start"));
            size_t end = (size_t)json_integer_value(json_object_get(w, "end"));
            const char *text = json_string_value(json_object_get(w, "text"));
            cr_assert(end <= strlen(orig) && !strncmp(orig + start, text, end - start),
                      "%s: the offsets point at the text removed", field);
        }
        if (!strcmp(field, "description")) {
            description = true;
            char *all = json_dumps(json_object_get(red, "removed"), 0);
            cr_assert_not_null(strstr(all, "\"soc@power.example\""), "%s", all);
            cr_assert_not_null(strstr(all, "\"[provider-address]\""), "%s", all);
            free(all);
        }
    }
    cr_assert(description, "the description's removals are listed: %s", r.out);
    char *bundle = json_dumps(json_object_get(p, "bundle"), 0);
    cr_assert_null(strstr(bundle, "power.example"), "the bundle is the anonymised one");
    free(bundle);
    json_decref(p);
    cr_assert_eq(call(&r, analyst, "GET", "/api/v1/releases", NULL), 200);
    cr_assert_str_eq(r.out, "[]", "nothing released");
    cr_assert_eq(call(&r, analyst, "POST", "/api/v1/reports/1/release-preview",
                      "{\"tier\":\"immediate\",\"audience\":{\"all_members\":true},"
                      "\"deadline\":\"yesterday\"}"),
                 400);
    cr_assert_not_null(strstr(r.out, "deadline"), "the field is named: %s", r.out);
}
