/* End-to-end tests of the asset ledger and the vulnerability pipeline on the real hub:
 * members keep their own systems (one by one, CSV), the centre takes in the real NVD,
 * KEV and JVN documents of the shared corpus (FK_VULN_CORPUS; skipped, and said so,
 * without it), each member sees the vulnerabilities that apply to its own systems only,
 * with the evidence; a wrong feed document is refused naming the record and field and
 * nothing of it, nor anything before it, is lost; a change of a system is matched at
 * once. */
#include "mail.h" /* free_port */

#include <jansson.h>

static char analyst[96], power[96], bank[96], reader[96];

static void setup_vulns(void)
{
    setup();
    admin("admin --data d org create NISC --sector centre");
    admin("admin --data d org create PowerCo --sector electricity");
    admin("admin --data d org create Bank --sector finance");
    admin("admin --data d account create ana --org NISC --role centre-analyst");
    admin("admin --data d account create carol --org PowerCo --role member-reporter");
    admin("admin --data d account create rita --org PowerCo --role member-reader");
    admin("admin --data d account create bob --org Bank --role member-reporter");
    key_for("ana", analyst);
    key_for("carol", power);
    key_for("bob", bank);
    key_for("rita", reader);
}

static void teardown_vulns(void)
{
    stop_server();
    teardown();
}

TestSuite(vulns, .init = setup_vulns, .fini = teardown_vulns, .timeout = 120);

/* The path of a corpus file, in a buffer of its own for each of the few a test names. */
static const char *corpus_file(const char *name)
{
    static char paths[4][1024];
    static unsigned next;
    char *path = paths[next++ % 4];
    const char *dir = getenv("FK_VULN_CORPUS");
    snprintf(path, sizeof paths[0], "%s/%s", dir ? dir : "/nonexistent", name);
    if (access(path, R_OK) != 0)
        cr_skip("%s is not there: the feed tests are skipped", path);
    return path;
}

/* Posts a file as a feed document; returns the status. */
static int post_feed(result *r, const char *key, const char *path, const char *type)
{
    char extra[1200];
    snprintf(extra, sizeof extra, "--data-binary @%s -H 'Content-Type: %s'", path, type);
    return call_with(r, key, "POST", "/api/v1/vulnerability-feeds", NULL, extra);
}

static int64_t id_of(const char *json)
{
    json_t *j = json_loads(json, 0, NULL);
    int64_t id = (int64_t)json_integer_value(json_object_get(j, "id"));
    json_decref(j);
    return id;
}

/* A record's matches as the API lists them, without when each was found. */
static json_t *matches_without_times(const char *json)
{
    json_t *v = json_loads(json, 0, NULL);
    json_t *m = json_incref(json_object_get(v, "matches"));
    size_t i;
    json_t *one;
    json_array_foreach(m, i, one) json_object_del(one, "found_ms");
    json_decref(v);
    return m;
}

Test(vulns, feeds_ledgers_and_what_each_member_sees)
{
    const char *nvd = corpus_file("nvd/nvd-sample.json");
    const char *kev = corpus_file("kev/known_exploited_vulnerabilities.json");
    const char *jvn = corpus_file("jvn/hnd/getVulnDetailInfo_hnd_JVNDB-2022-000097.xml");
    start_server("");
    result r;
    /* PowerCo's ledger as a CSV: the mail gateway over two rows, the bidding system */
    write_file(
        "ledger.csv",
        "name,owner,exposure,criticality,software,crypto\n"
        "mail-gw,IT,internet,critical,"
        "cpe:2.3:a:microsoft:exchange_server:2016:cumulative_update_18:*:*:*:*:*:*,SHA-1\n"
        "mail-gw,IT,internet,critical,cpe:2.3:o:microsoft:windows_server_2016:-:*:*:*:*:*:*:*,"
        "RSA-1024\n"
        "bidding,Procurement,internet,high,cpe:/a:jacic:electronic_bidding_core_system:6,\n");
    cr_assert_eq(call_with(&r, power, "POST", "/api/v1/assets/import", NULL,
                           "--data-binary @ledger.csv -H 'Content-Type: text/csv'"),
                 200, "%s", r.out);
    cr_assert(strstr(r.out, "\"assets\": 2") || strstr(r.out, "\"assets\":2"), "%s", r.out);
    /* a reader keeps nothing; a member keeps its own systems only */
    cr_assert_eq(call(&r, reader, "POST", "/api/v1/assets", "{\"name\":\"x\"}"), 403);
    cr_assert_eq(
        call(&r, bank, "POST", "/api/v1/assets", "{\"organisation\":\"PowerCo\",\"name\":\"x\"}"),
        403);
    cr_assert_eq(call(&r, bank, "POST", "/api/v1/assets",
                      "{\"name\":\"web\",\"exposure\":\"internet\",\"software\":[\"cpe:2.3:a:"
                      "microsoft:exchange_server:2019:cumulative_update_8:*:*:*:*:*:*\"]}"),
                 201, "%s", r.out);
    int64_t bank_web = id_of(r.out);
    cr_assert_eq(call(&r, bank, "POST", "/api/v1/assets",
                      "{\"name\":\"db\",\"software\":[\"cpe:2.3:a:broken\"]}"),
                 400);
    cr_assert(strstr(r.out, "software[0]"), "the field is named: %s", r.out);
    /* the centre takes in the feeds; a member may not */
    cr_assert_eq(post_feed(&r, power, nvd, "application/json"), 403);
    cr_assert_eq(post_feed(&r, analyst, nvd, "application/json"), 200, "%s", r.out);
    cr_assert(strstr(r.out, "\"records\": 266") || strstr(r.out, "\"records\":266"), "%s", r.out);
    cr_assert_eq(post_feed(&r, analyst, kev, "application/json"), 200, "%s", r.out);
    {
        /* the catalogue's facts on CVEs not taken in yet make their rows: added, not updated */
        json_t *s = json_loads(r.out, 0, NULL);
        json_t *kev_sum = json_is_array(s) ? json_array_get(s, 0) : s;
        json_int_t added = json_integer_value(json_object_get(kev_sum, "added")),
                   updated = json_integer_value(json_object_get(kev_sum, "updated"));
        cr_assert(added > 1000 && updated > 0 && added + updated == 1404, "%s", r.out);
        json_decref(s);
    }
    cr_assert_eq(post_feed(&r, analyst, jvn, "application/xml"), 200, "%s", r.out);
    /* ProxyLogon: PowerCo's Exchange 2016 CU18 and the Bank's 2019 CU8, each seen by its
     * own organisation only, with the evidence; known exploited */
    cr_assert_eq(call(&r, power, "GET", "/api/v1/vulnerabilities/CVE-2021-26855", NULL), 200);
    cr_assert(strstr(r.out, "mail-gw") && !strstr(r.out, "\"web\""), "%s", r.out);
    cr_assert(strstr(r.out, "exchange_server:2016:cumulative_update_18"), "evidence: %s", r.out);
    cr_assert(strstr(r.out, "\"kev_added\":\"2021-11-03"), "%s", r.out);
    cr_assert_eq(call(&r, bank, "GET", "/api/v1/vulnerabilities/CVE-2021-26855", NULL), 200);
    cr_assert(strstr(r.out, "\"web\"") && !strstr(r.out, "mail-gw"), "%s", r.out);
    cr_assert_eq(call(&r, analyst, "GET", "/api/v1/vulnerabilities/CVE-2021-26855", NULL), 200);
    cr_assert(strstr(r.out, "\"web\"") && strstr(r.out, "mail-gw"), "%s", r.out);
    /* JVN: the JVNDB id finds the CVE's record, with the Japanese title, and the system
     * whose version JVN states only in words is matched as such */
    cr_assert_eq(call(&r, power, "GET", "/api/v1/vulnerabilities/JVNDB-2022-000097", NULL), 200);
    cr_assert(strstr(r.out, "CVE-2022-41993") && strstr(r.out, "電子入札コアシステム"), "%s",
              r.out);
    cr_assert(strstr(r.out, "bidding"), "%s", r.out);
    cr_assert_eq(call(&r, power, "GET", "/api/v1/vulnerabilities/CVE-2022-46287", NULL), 200);
    cr_assert(strstr(r.out, "\"unversioned\"") && strstr(r.out, "v6 R4"), "%s", r.out);
    /* every ledger matched again (the centre only) finds the same, from the names' answers
     * staged and moved at once */
    cr_assert_eq(call(&r, power, "POST", "/api/v1/vulnerability-matching", "{}"), 403);
    cr_assert_eq(call(&r, analyst, "GET", "/api/v1/vulnerabilities/CVE-2021-26855", NULL), 200);
    json_t *before = matches_without_times(r.out);
    cr_assert_eq(call(&r, analyst, "POST", "/api/v1/vulnerability-matching", "{}"), 200, "%s",
                 r.out);
    cr_assert_eq(call(&r, analyst, "GET", "/api/v1/vulnerabilities/CVE-2021-26855", NULL), 200);
    json_t *after = matches_without_times(r.out);
    cr_assert(json_array_size(before) >= 2 && json_equal(before, after),
              "the same matches after matching again: %s", r.out);
    json_decref(before);
    json_decref(after);
    /* the members' lists */
    cr_assert_eq(call(&r, bank, "GET", "/api/v1/assets", NULL), 200);
    cr_assert(strstr(r.out, "\"web\"") && !strstr(r.out, "mail-gw"), "%s", r.out);
    cr_assert_eq(call(&r, bank, "GET", "/api/v1/vulnerabilities?mine=1&kev=1", NULL), 200);
    cr_assert(strstr(r.out, "CVE-2021-26855") && !strstr(r.out, "CVE-2022-41993"), "%s", r.out);
    cr_assert_eq(call(&r, power, "GET", "/api/v1/vulnerability-overview", NULL), 200);
    cr_assert_eq(call(&r, power, "GET", "/api/v1/crypto-report", NULL), 200);
    cr_assert(strstr(r.out, "\"SHA-1\"") && strstr(r.out, "\"retire\":true"), "%s", r.out);
    /* advisories: ProxyLogon first for each, known exploited, and only its own systems */
    cr_assert_eq(call(&r, power, "GET", "/api/v1/advisories?lang=ja", NULL), 200);
    json_t *adv = json_loads(r.out, 0, NULL);
    cr_assert(json_is_array(adv) && json_array_size(adv) >= 2, "%s", r.out);
    json_t *first = json_array_get(adv, 0);
    cr_assert_str_eq(json_string_value(json_object_get(first, "vulnerability")), "CVE-2021-26855");
    cr_assert_str_eq(json_string_value(json_object_get(first, "tier")), "immediate");
    cr_assert(strstr(json_string_value(json_object_get(first, "advice")), "悪用"), "%s", r.out);
    json_decref(adv);
    cr_assert(!strstr(r.out, "\"Bank\"") && !strstr(r.out, "\"web\""), "%s", r.out);
    cr_assert_eq(call(&r, analyst, "GET", "/api/v1/advisories?tier=immediate", NULL), 200);
    cr_assert(strstr(r.out, "\"PowerCo\"") && strstr(r.out, "\"Bank\""), "%s", r.out);
    cr_assert(!strstr(r.out, "CVE-2022-41993"), "only the immediate tier: %s", r.out);
    cr_assert_eq(call(&r, analyst, "GET", "/api/v1/advisories?tier=urgent", NULL), 400);
    char path[64];
    snprintf(path, sizeof path, "/api/v1/assets/%lld", (long long)bank_web);
    cr_assert_eq(call(&r, power, "GET", path, NULL), 404, "another member's system");
    cr_assert_eq(call(&r, power, "DELETE", path, NULL), 404);
    /* the Bank upgrades: the system is matched again at once, ProxyLogon no longer */
    cr_assert_eq(call(&r, bank, "POST", "/api/v1/assets",
                      "{\"name\":\"web\",\"exposure\":\"internet\",\"software\":[\"cpe:2.3:a:"
                      "microsoft:exchange_server:2019:cumulative_update_14:*:*:*:*:*:*\"]}"),
                 200, "%s", r.out);
    cr_assert_eq(call(&r, bank, "GET", "/api/v1/vulnerabilities/CVE-2021-26855", NULL), 200);
    cr_assert(!strstr(r.out, "\"web\""), "%s", r.out);
    cr_assert_eq(call(&r, bank, "DELETE", path, NULL), 204);
    stop_server();
    run(&r, "admin --data d verify-audit");
    cr_assert_eq(r.status, 0, "%s%s", r.out, r.err);
}

Test(vulns, a_wrong_feed_document_is_refused_whole_and_nothing_is_lost)
{
    const char *nvd = corpus_file("nvd/nvd-sample.json");
    start_server("");
    result r;
    cr_assert_eq(post_feed(&r, analyst, nvd, "application/json"), 200, "%s", r.out);
    /* a page whose first record is new and fine and whose second is wrong */
    write_file("bad.json",
               "{\"format\":\"NVD_CVE\",\"vulnerabilities\":[{\"cve\":{\"id\":\"CVE-2099-0001\","
               "\"published\":\"2099-01-01T00:00:00\",\"lastModified\":\"2099-01-01T00:00:00\","
               "\"descriptions\":[{\"lang\":\"en\",\"value\":\"new\"}]}},{\"cve\":{\"id\":\"CVE-"
               "2021-26855\",\"published\":\"2099-01-01T00:00:00\",\"lastModified\":\"2099-01-"
               "02T00:00:00\",\"descriptions\":[],\"configurations\":[{\"nodes\":[{\"cpeMatch\":[{"
               "\"vulnerable\":true,\"criteria\":\"cpe:2.3:a:x\"}]}]}]}}]}");
    cr_assert_eq(post_feed(&r, analyst, path_of("bad.json"), "application/json"), 400);
    cr_assert(strstr(r.out, "vulnerabilities[1] (CVE-2021-26855)") &&
                  strstr(r.out, "configurations[0].nodes[0].cpeMatch[0].criteria"),
              "the record and field are named: %s", r.out);
    cr_assert_eq(call(&r, analyst, "GET", "/api/v1/vulnerabilities/CVE-2099-0001", NULL), 404,
                 "nothing of the document was kept");
    cr_assert_eq(call(&r, analyst, "GET", "/api/v1/vulnerabilities/CVE-2021-26855", NULL), 200);
    cr_assert(strstr(r.out, "microsoft:exchange_server"), "what was there is kept: %s", r.out);
    write_file("bad.csv", "cve,epss\nCVE-2021-26855,0.97\nCVE-2021-26857,2\n");
    cr_assert_eq(post_feed(&r, analyst, path_of("bad.csv"), "text/csv"), 400);
    cr_assert(strstr(r.out, "line 3: epss"), "%s", r.out);
    write_file("junk.txt", "hello");
    cr_assert_eq(post_feed(&r, analyst, path_of("junk.txt"), "text/plain"), 400);
    cr_assert(strstr(r.out, "not a feed"), "%s", r.out);
}

/* A JSON number member of a response. */
static int64_t member_int(const char *json, const char *a, const char *b)
{
    json_t *j = json_loads(json, 0, NULL);
    json_t *v = json_object_get(j, a);
    if (b)
        v = json_object_get(v, b);
    int64_t n = (int64_t)json_integer_value(v);
    json_decref(j);
    return n;
}

/* A vulnerability's advisory drafted and released to exactly the organisations whose
 * systems it applies to: the one with early delivery gets it at once, the others when an
 * analyst releases the draft, an organisation not affected never; no member learns who
 * else was told. An industrial-control system's compensating measure is recorded by its
 * owner and shown with the advisory. */
Test(vulns, advisories_reach_exactly_the_organisations_affected)
{
    const char *nvd = corpus_file("nvd/nvd-sample.json");
    const char *kev = corpus_file("kev/known_exploited_vulnerabilities.json");
    admin("admin --data d org create Bank2 --sector finance");
    admin("admin --data d account create dan --org Bank2 --role member-reporter");
    admin("admin --data d account create adm --org NISC --role centre-admin");
    char bank2[96], adm[96];
    key_for("dan", bank2);
    key_for("adm", adm);
    start_server("");
    result r;
    cr_assert_eq(call(&r, power, "POST", "/api/v1/assets",
                      "{\"name\":\"mail-gw\",\"exposure\":\"internet\",\"software\":[\"cpe:2.3:a:"
                      "microsoft:exchange_server:2016:cumulative_update_18:*:*:*:*:*:*\"]}"),
                 201, "%s", r.out);
    cr_assert_eq(
        call(&r, power, "POST", "/api/v1/assets",
             "{\"name\":\"hmi\",\"exposure\":\"isolated\",\"ics\":true,\"software\":[\"cpe:"
             "2.3:a:microsoft:exchange_server:2016:cumulative_update_18:*:*:*:*:*:*\",\"cpe:2.3:a:"
             "microsoft:exchange_server:2019:cumulative_update_8:*:*:*:*:*:*\"]}"),
        201, "%s", r.out);
    int64_t hmi = id_of(r.out);
    cr_assert_eq(call(&r, bank, "POST", "/api/v1/assets",
                      "{\"name\":\"web\",\"exposure\":\"internet\",\"software\":[\"cpe:2.3:a:"
                      "microsoft:exchange_server:2019:cumulative_update_8:*:*:*:*:*:*\"]}"),
                 201, "%s", r.out);
    cr_assert_eq(call(&r, bank2, "POST", "/api/v1/assets",
                      "{\"name\":\"site\",\"software\":[\"cpe:2.3:a:apache:http_server:2.4.58:*:*:"
                      "*:*:*:*:*\"]}"),
                 201, "%s", r.out);
    cr_assert_eq(post_feed(&r, analyst, nvd, "application/json"), 200, "%s", r.out);
    cr_assert_eq(post_feed(&r, analyst, kev, "application/json"), 200, "%s", r.out);
    /* early delivery is the centre administrators' to set */
    cr_assert_eq(call(&r, analyst, "PUT", "/api/v1/organisations/PowerCo/early-delivery",
                      "{\"early_delivery\":true}"),
                 403);
    cr_assert_eq(call(&r, adm, "PUT", "/api/v1/organisations/Nobody/early-delivery",
                      "{\"early_delivery\":true}"),
                 404, "%s", r.out);
    cr_assert_eq(call(&r, adm, "PUT", "/api/v1/organisations/PowerCo/early-delivery",
                      "{\"early_delivery\":true}"),
                 200, "%s", r.out);
    /* the draft: only the centre's analysts draft; nothing to draft where no one runs it */
    cr_assert_eq(call(&r, power, "POST", "/api/v1/advisories/CVE-2021-26855/draft", "{}"), 403);
    cr_assert_eq(call(&r, analyst, "POST", "/api/v1/advisories/CVE-1999-1115/draft", "{}"), 409,
                 "%s", r.out);
    cr_assert_eq(call(&r, analyst, "POST", "/api/v1/advisories/CVE-2099-9999/draft", "{}"), 404);
    cr_assert_eq(
        call(&r, analyst, "POST", "/api/v1/advisories/CVE-2021-26855/draft", "{\"lang\":\"ja\"}"),
        201, "%s", r.out);
    json_t *draft = json_loads(r.out, 0, NULL);
    int64_t report = json_integer_value(json_object_get(draft, "report"));
    json_t *decision = json_object_get(json_object_get(draft, "decision"), "decision");
    json_t *orgs = json_object_get(json_object_get(decision, "audience"), "organisations");
    cr_assert_eq(json_array_size(orgs), 1, "%s", r.out);
    cr_assert_str_eq(json_string_value(json_array_get(orgs, 0)), "Bank");
    cr_assert_str_eq(json_string_value(json_object_get(decision, "tier")), "immediate");
    json_t *early = json_object_get(draft, "early");
    cr_assert(json_is_integer(json_object_get(early, "release")), "%s", r.out);
    cr_assert_str_eq(json_string_value(json_array_get(json_object_get(early, "organisations"), 0)),
                     "PowerCo");
    json_decref(draft);
    /* PowerCo has it now, without learning who else is exposed; the Bank not yet */
    cr_assert_eq(call(&r, power, "GET", "/api/v1/releases", NULL), 200);
    cr_assert(strstr(r.out, "\"addressed_to_you\":true") && !strstr(r.out, "Bank"), "%s", r.out);
    cr_assert_eq(call(&r, bank, "GET", "/api/v1/releases", NULL), 200);
    cr_assert_str_eq(r.out, "[]", "%s", r.out);
    /* the analyst releases the draft as drafted: the Bank has it, Bank2 never */
    char path[96];
    snprintf(path, sizeof path, "/api/v1/advisory-drafts/%lld/release", (long long)report);
    cr_assert_eq(call(&r, power, "POST", path, "{}"), 403);
    cr_assert_eq(call(&r, analyst, "POST", path, "{}"), 201, "%s", r.out);
    int64_t release = member_int(r.out, "release", NULL);
    cr_assert_gt(release, 0, "%s", r.out);
    cr_assert_eq(call(&r, analyst, "POST", path, "{}"), 400, "released once: %s", r.out);
    cr_assert_eq(call(&r, bank, "GET", "/api/v1/releases", NULL), 200);
    cr_assert(strstr(r.out, "CVE-2021-26855") || strstr(r.out, "\"tier\":\"immediate\""), "%s",
              r.out);
    cr_assert(!strstr(r.out, "PowerCo"), "%s", r.out);
    cr_assert_eq(call(&r, bank2, "GET", "/api/v1/releases", NULL), 200);
    cr_assert_str_eq(r.out, "[]", "an organisation not affected is not told: %s", r.out);
    cr_assert_eq(call(&r, analyst, "GET", "/api/v1/advisory-drafts?pending=true", NULL), 200);
    cr_assert_str_eq(r.out, "[]", "%s", r.out);
    /* an edited audience naming no member of the directory is refused */
    cr_assert_eq(call(&r, analyst, "POST", "/api/v1/advisories/CVE-2021-26855/draft", "{}"), 201);
    report = member_int(r.out, "report", NULL);
    snprintf(path, sizeof path, "/api/v1/advisory-drafts/%lld/release", (long long)report);
    cr_assert_eq(call(&r, analyst, "POST", path,
                      "{\"tier\":\"immediate\",\"audience\":{\"organisations\":[\"Nobody\"]}}"),
                 400, "%s", r.out);
    cr_assert(strstr(r.out, "organisations[0]") && strstr(r.out, "Nobody"), "%s", r.out);
    /* a system's own page lists what applies to it through its names */
    snprintf(path, sizeof path, "/api/v1/assets/%lld", (long long)hmi);
    cr_assert_eq(call(&r, power, "GET", path, NULL), 200);
    cr_assert(strstr(r.out, "CVE-2021-26855"), "%s", r.out);
    /* the control system's owner records what stands in for the patch */
    snprintf(path, sizeof path, "/api/v1/assets/%lld/measures/CVE-2021-26855", (long long)hmi);
    cr_assert_eq(call(&r, bank, "PUT", path, "{\"measure\":\"x\",\"state\":\"in-place\"}"), 404,
                 "another member's system");
    cr_assert_eq(call(&r, power, "PUT", path, "{\"measure\":\"x\",\"state\":\"done\"}"), 400);
    cr_assert(strstr(r.out, "state"), "%s", r.out);
    cr_assert_eq(call(&r, power, "PUT", path,
                      "{\"measure\":\"no route to the internet; mail relay blocked at the "
                      "firewall\",\"state\":\"in-place\",\"review_by\":\"2027-01-31\"}"),
                 200, "%s", r.out);
    cr_assert_eq(call(&r, power, "GET", "/api/v1/advisories?vulnerability=CVE-2021-26855", NULL),
                 200);
    cr_assert(strstr(r.out, "mail relay blocked") && strstr(r.out, "\"in-place\""), "%s", r.out);
    {
        /* each system once, however many ways it is matched */
        json_t *adv = json_loads(r.out, 0, NULL);
        cr_assert_eq(json_array_size(json_object_get(json_array_get(adv, 0), "systems")), 2, "%s",
                     r.out);
        json_decref(adv);
    }
    cr_assert_eq(call(&r, bank, "GET", "/api/v1/measures", NULL), 200);
    cr_assert_str_eq(r.out, "[]", "%s", r.out);
    stop_server();
    run(&r, "admin --data d verify-audit");
    cr_assert_eq(r.status, 0, "%s%s", r.out, r.err);
}

/* Starts a stand-in API (a Python script named by env, else at the default path) on a
 * free loopback port with its own arguments after the port; the caller stops it. */
static pid_t start_stand_in(const char *env, const char *fallback, const char *const *args,
                            unsigned *port)
{
    *port = free_port();
    char port_text[16];
    snprintf(port_text, sizeof port_text, "%u", *port);
    const char *argv[8] = {"python3", getenv(env) ? getenv(env) : fallback, port_text};
    for (size_t i = 0; args[i] && i < 4; i++)
        argv[3 + i] = args[i];
    pid_t pid = fork();
    cr_assert_geq(pid, 0);
    if (pid == 0) {
        execv("/usr/bin/python3", (char *const *)argv);
        _exit(127);
    }
    usleep(700000);
    return pid;
}

/* The live NVD API, played by a stand-in serving the corpus's records (FK_NVD_FAKE): the
 * first fetch takes every record page by page after the API's first refusal, with the
 * key from the environment sent as the apiKey header and shown nowhere; the next asks
 * only what changed since the newest record taken in; an answer the API gives as an
 * error stops the fetch naming it. */
Test(vulns, the_live_nvd_api_page_by_page_and_what_changed_since)
{
    const char *nvd = corpus_file("nvd/nvd-sample.json");
    unsigned port;
    char url[96], cmd[400];
    const char *args[] = {nvd, path_of("api.log"), NULL};
    pid_t api = start_stand_in("FK_NVD_FAKE", "tests/e2e/nvd_api.py", args, &port);
    setenv("NVD_API_KEY", "test-key-not-to-be-shown", 1);
    snprintf(url, sizeof url, "http://127.0.0.1:%u/rest/json/cves/2.0", port);
    result r;
    snprintf(cmd, sizeof cmd, "admin --data d vuln fetch nvd --url %s --page-size 100 --interval 0",
             url);
    run(&r, cmd);
    cr_assert_eq(r.status, 0, "%s%s", r.out, r.err);
    json_t *s = json_loads(r.out, 0, NULL);
    cr_assert_eq(json_integer_value(json_object_get(s, "records")), 266, "%s", r.out);
    cr_assert_eq(json_integer_value(json_object_get(s, "pages")), 3, "%s", r.out);
    cr_assert_eq(json_integer_value(json_object_get(s, "retries")), 1, "refused once: %s", r.out);
    json_decref(s);
    cr_assert(!strstr(r.out, "test-key") && !strstr(r.err, "test-key"), "%s%s", r.out, r.err);
    char log[65536];
    slurp("api.log", log, sizeof log);
    cr_assert(strstr(log, "\"api_key\": \"test-key-not-to-be-shown\""), "%s", log);
    cr_assert(strstr(log, "\"startIndex\": \"200\""), "%s", log);
    /* the next fetch asks what changed since the newest lastModified taken in */
    run(&r, cmd);
    cr_assert_eq(r.status, 0, "%s%s", r.out, r.err);
    slurp("api.log", log, sizeof log);
    cr_assert(strstr(log, "lastModStartDate") && strstr(log, "lastModEndDate"), "%s", log);
    cr_assert(strstr(r.out, "\"since\"") && !strstr(r.out, "\"since\": null"), "%s", r.out);
    /* an error answer names the status and stops */
    snprintf(cmd, sizeof cmd, "admin --data d vuln fetch nvd --url %s/nothing --interval 0", url);
    run(&r, cmd);
    cr_assert_neq(r.status, 0);
    cr_assert(strstr(r.err, "HTTP 404"), "%s", r.err);
    unsetenv("NVD_API_KEY");
    kill(api, SIGTERM);
    waitpid(api, NULL, 0);
    run(&r, "admin --data d vuln show CVE-2021-26855");
    cr_assert_eq(r.status, 0, "the records are kept: %s", r.err);
}

/* MyJVN, played by a stand-in serving the corpus's VULDEF entries (FK_MYJVN_FAKE): the
 * overview list gives the entries, their details come ten at a time and are taken in
 * with their CVEs linked; the next fetch asks for what was updated since the newest
 * entry taken in; a MyJVN that cannot be reached stops the fetch, naming it. */
Test(vulns, myjvn_overview_then_details_and_what_changed_since)
{
    const char *feed = corpus_file("jvn/hnd/dataFeed_jvndb_detail_hnd.xml");
    const char *one = corpus_file("jvn/hnd/getVulnDetailInfo_hnd_JVNDB-2022-000097.xml");
    unsigned port;
    char cmd[400];
    const char *args[] = {path_of("myjvn.log"), feed, one, NULL};
    pid_t api = start_stand_in("FK_MYJVN_FAKE", "tests/e2e/myjvn_api.py", args, &port);
    result r;
    snprintf(cmd, sizeof cmd,
             "admin --data d vuln fetch jvn --url http://127.0.0.1:%u/myjvn --interval 0", port);
    run(&r, cmd);
    cr_assert_eq(r.status, 0, "%s%s", r.out, r.err);
    cr_assert(strstr(r.out, "\"entries\": 7"), "%s", r.out);
    char log[65536];
    slurp("myjvn.log", log, sizeof log);
    cr_assert(strstr(log, "getVulnOverviewList") && strstr(log, "getVulnDetailInfo"), "%s", log);
    run(&r, "admin --data d vuln show JVNDB-2022-000097");
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert(strstr(r.out, "CVE-2022-41993") && strstr(r.out, "電子入札"), "%s", r.out);
    run(&r, cmd);
    cr_assert_eq(r.status, 0, "%s%s", r.out, r.err);
    slurp("myjvn.log", log, sizeof log);
    cr_assert(strstr(log, "\"datePublishedStartY\": \"2025\""), "since the newest: %s", log);
    kill(api, SIGTERM);
    waitpid(api, NULL, 0);
    snprintf(cmd, sizeof cmd,
             "admin --data d vuln fetch jvn --url http://127.0.0.1:%u/myjvn --interval 0",
             free_port());
    run(&r, cmd);
    cr_assert_neq(r.status, 0, "no server: %s", r.out);
    cr_assert(strstr(r.err, "MyJVN") || strstr(r.err, "myjvn"), "%s", r.err);
}

/* The hub's overview as the analyst reads it, once both polls have ended (or 20 s). */
static json_t *overview_after_polls(void)
{
    result r;
    for (int i = 0; i < 200; i++) {
        cr_assert_eq(call(&r, analyst, "GET", "/api/v1/vulnerability-overview", NULL), 200, "%s",
                     r.out);
        json_t *ov = json_loads(r.out, 0, NULL);
        json_t *polls = json_object_get(ov, "polls");
        size_t ended = 0, k;
        json_t *p;
        json_array_foreach(polls, k, p) ended +=
            strcmp(json_string_value(json_object_get(p, "state")), "running") != 0;
        if (json_array_size(polls) == 2 && ended == 2)
            return ov;
        json_decref(ov);
        usleep(100000);
    }
    cr_assert_fail("the polls did not end: %s", r.out);
    return NULL;
}

static json_t *poll_of(json_t *ov, const char *api)
{
    size_t k;
    json_t *p;
    json_array_foreach(json_object_get(ov, "polls"), k, p)
    {
        if (!strcmp(json_string_value(json_object_get(p, "api")), api))
            return p;
    }
    cr_assert_fail("no poll of %s", api);
    return NULL;
}

/* The hub polls the live APIs itself (--nvd-poll, --jvn-poll): the first poll takes in
 * every record, its outcome is kept and shown to the centre (not to members); a
 * restarted hub keeps the interval rather than asking again at once; an API that cannot
 * be reached is recorded as failed with the reason, and the records stay. */
Test(vulns, the_hub_polls_the_live_apis_at_their_intervals)
{
    const char *nvd = corpus_file("nvd/nvd-sample.json");
    const char *feed = corpus_file("jvn/hnd/dataFeed_jvndb_detail_hnd.xml");
    const char *one = corpus_file("jvn/hnd/getVulnDetailInfo_hnd_JVNDB-2022-000097.xml");
    unsigned nvd_port, jvn_port;
    const char *nvd_args[] = {nvd, path_of("api.log"), NULL};
    pid_t nvd_api = start_stand_in("FK_NVD_FAKE", "tests/e2e/nvd_api.py", nvd_args, &nvd_port);
    const char *jvn_args[] = {path_of("myjvn.log"), feed, one, NULL};
    pid_t jvn_api = start_stand_in("FK_MYJVN_FAKE", "tests/e2e/myjvn_api.py", jvn_args, &jvn_port);
    char opts[600];
    snprintf(opts, sizeof opts,
             "--nvd-poll 3600 --jvn-poll 3600 --vuln-pace 0 --nvd-url "
             "http://127.0.0.1:%u/rest/json/cves/2.0 --myjvn-url http://127.0.0.1:%u/myjvn",
             nvd_port, jvn_port);
    start_server(opts);
    json_t *ov = overview_after_polls();
    json_t *p = poll_of(ov, "nvd");
    cr_assert_str_eq(json_string_value(json_object_get(p, "state")), "done");
    json_t *sum = json_loads(json_string_value(json_object_get(p, "outcome")), 0, NULL);
    cr_assert_eq(json_integer_value(json_object_get(sum, "records")), 266, "%s",
                 json_string_value(json_object_get(p, "outcome")));
    json_decref(sum);
    cr_assert_str_eq(json_string_value(json_object_get(poll_of(ov, "jvn"), "state")), "done");
    int64_t began = json_integer_value(json_object_get(p, "started_ms"));
    json_decref(ov);
    result r;
    cr_assert_eq(call(&r, analyst, "GET", "/api/v1/vulnerabilities/JVNDB-2022-000097", NULL), 200,
                 "%s", r.out);
    cr_assert_eq(call(&r, power, "GET", "/api/v1/vulnerability-overview", NULL), 200);
    cr_assert(!strstr(r.out, "\"polls\""), "a member is not shown the centre's polls: %s", r.out);
    stop_server();

    /* restarted within the interval: nothing is asked again */
    char log[65536];
    slurp("api.log", log, sizeof log);
    size_t asked = strlen(log);
    start_server(opts);
    usleep(1500000);
    slurp("api.log", log, sizeof log);
    cr_assert_eq(strlen(log), asked, "asked again at once: %s", log);
    ov = overview_after_polls();
    cr_assert_eq(json_integer_value(json_object_get(poll_of(ov, "nvd"), "started_ms")), began);
    json_decref(ov);
    stop_server();

    /* an NVD that cannot be reached, polled every second: failed, with the reason */
    kill(nvd_api, SIGTERM);
    waitpid(nvd_api, NULL, 0);
    snprintf(opts, sizeof opts,
             "--nvd-poll 1 --jvn-poll 3600 --vuln-pace 0 --nvd-url "
             "http://127.0.0.1:%u/rest/json/cves/2.0 --myjvn-url http://127.0.0.1:%u/myjvn",
             nvd_port, jvn_port);
    start_server(opts);
    usleep(1200000);
    ov = overview_after_polls();
    p = poll_of(ov, "nvd");
    cr_assert_str_eq(json_string_value(json_object_get(p, "state")), "failed", "%s",
                     json_string_value(json_object_get(p, "outcome")));
    cr_assert(strstr(json_string_value(json_object_get(p, "outcome")), "127.0.0.1"), "%s",
              json_string_value(json_object_get(p, "outcome")));
    cr_assert_gt(json_integer_value(json_object_get(p, "started_ms")), began);
    json_decref(ov);
    cr_assert_eq(call(&r, analyst, "GET", "/api/v1/vulnerabilities/CVE-2021-26855", NULL), 200,
                 "the records stay");
    kill(jvn_api, SIGTERM);
    waitpid(jvn_api, NULL, 0);
}

/* The matches of every system of the hub, as the analyst reads them per vulnerability,
 * without when each was found: one JSON text to compare. */
static char *all_matches(void)
{
    result r;
    cr_assert_eq(call(&r, analyst, "GET", "/api/v1/vulnerabilities?matched=1&limit=1000", NULL),
                 200, "%s", r.out);
    json_t *list = json_loads(r.out, 0, NULL), *all = json_object();
    json_t *items = json_is_array(list) ? list : json_object_get(list, "items");
    cr_assert_gt(json_array_size(items), 0, "%s", r.out);
    size_t i;
    json_t *v;
    json_array_foreach(items, i, v)
    {
        const char *id = json_string_value(json_object_get(v, "id"));
        char path[160];
        snprintf(path, sizeof path, "/api/v1/vulnerabilities/%s", id);
        cr_assert_eq(call(&r, analyst, "GET", path, NULL), 200, "%s", r.out);
        json_object_set_new(all, id, matches_without_times(r.out));
    }
    char *text = json_dumps(all, JSON_SORT_KEYS | JSON_COMPACT);
    json_decref(all);
    json_decref(list);
    return text;
}

/* Matching every ledger again (POST /api/v1/vulnerability-matching; the full match
 * stages the names' answers and builds the index by vulnerability again afterwards)
 * gives the same matches, with their evidence, as matching each system and record as
 * it arrived. */
Test(vulns, every_ledger_matched_again_gives_the_same_matches)
{
    const char *nvd = corpus_file("nvd/nvd-sample.json");
    start_server("");
    result r;
    write_file("ledger.csv",
               "name,exposure,software\n"
               "mail-gw,internet,cpe:2.3:a:microsoft:exchange_server:2016:cumulative_update_18:*:*:"
               "*:*:*:*\n"
               "mail-gw,internet,cpe:2.3:o:microsoft:windows_server_2016:-:*:*:*:*:*:*:*\n"
               "mail-2,internal,cpe:2.3:a:microsoft:exchange_server:2019:cumulative_update_8:*:*:*"
               ":*:*:*\n"
               "web,internet,cpe:2.3:a:apache:http_server:2.4.49:*:*:*:*:*:*:*\n");
    cr_assert_eq(call_with(&r, power, "POST", "/api/v1/assets/import", NULL,
                           "--data-binary @ledger.csv -H 'Content-Type: text/csv'"),
                 200, "%s", r.out);
    cr_assert_eq(post_feed(&r, analyst, nvd, "application/json"), 200, "%s", r.out);
    char *before = all_matches();
    cr_assert(strstr(before, "exchange_server:2016") && strstr(before, "exchange_server:2019"),
              "%s", before);
    cr_assert_eq(call(&r, power, "POST", "/api/v1/vulnerability-matching", "{}"), 403);
    cr_assert_eq(call(&r, analyst, "POST", "/api/v1/vulnerability-matching", "{}"), 200, "%s",
                 r.out);
    char *after = all_matches();
    cr_assert_str_eq(after, before);
    free(before);
    free(after);
}
