/* End-to-end tests of TAXII 2.1 on the real hub: discovery, API roots, collections
 * per audience, objects with paging and filters, manifest, versions, POST (the centre
 * adds; a member's bundle becomes a report whose status stays pending until released),
 * DELETE, media types and errors. */
#include "hub.h"

#define ELEC       "3b5e7f2a-1c4d-4e8f-9a0b-1c2d3e4f5a6b"
#define TAXII      "-H 'Accept: application/taxii+json;version=2.1'"
#define TAXII_POST TAXII " -H 'Content-Type: application/taxii+json;version=2.1'"

static char analyst[96], power[96], grid[96], bank[96];

static void setup_taxii(void)
{
    setup();
    admin("admin --data d org create NISC --sector centre");
    admin("admin --data d org create PowerCo --sector electricity");
    admin("admin --data d org create GridCo --sector electricity");
    admin("admin --data d org create Bank --sector finance");
    admin("admin --data d group create ElecISAC --member PowerCo");
    admin("admin --data d account create ana --org NISC --role centre-analyst");
    admin("admin --data d account create carol --org PowerCo --role member-reporter");
    admin("admin --data d account create gina --org GridCo --role member-reader");
    admin("admin --data d account create bob --org Bank --role member-reader");
    admin("admin --data d collection create 'Electricity sector' --id " ELEC
          " --sector electricity "
          "--write-group ElecISAC");
    admin("admin --data d collection create 'All members' --all-members");
    key_for("ana", analyst);
    key_for("carol", power);
    key_for("gina", grid);
    key_for("bob", bank);
    start_server("");
}

static void teardown_taxii(void)
{
    stop_server();
    teardown();
}

TestSuite(taxii, .init = setup_taxii, .fini = teardown_taxii, .timeout = 90);

static int get(result *r, const char *key, const char *path)
{
    return call_with(r, key, "GET", path, NULL, TAXII);
}

static void header(const char *name, char *out, size_t cap)
{
    char h[8192];
    slurp("headers.txt", h, sizeof h);
    out[0] = '\0';
    const char *p = strcasestr(h, name);
    if (p) {
        p += strlen(name) + 2;
        size_t n = strcspn(p, "\r\n");
        snprintf(out, cap, "%.*s", (int)(n < cap ? n : cap - 1), p);
    }
}

/* Releases one report with three indicators to the electricity sector. */
static void release_to_electricity(void)
{
    result r;
    cr_assert_eq(call(&r, power, "POST", "/api/v1/reports",
                      "{\"type\":\"blocklist\",\"title\":\"C2 "
                      "list\",\"fields\":{\"purpose\":\"block\"},\"indicators\":"
                      "[\"203.0.113.66\",\"203.0.113.67\",\"c2.evil.example\"],\"tlp\":\"GREEN\","
                      "\"consent\":\"sector\"}"),
                 201, "%s", r.out);
    cr_assert_eq(call(&r, analyst, "POST", "/api/v1/reports/1/triage",
                      "{\"severity\":3,\"reasons\":{\"society\":\"a\",\"systems\":\"b\"}}"),
                 200);
    cr_assert_eq(call(&r, analyst, "POST", "/api/v1/reports/1/release",
                      "{\"tier\":\"immediate\",\"audience\":{\"sectors\":[\"electricity\"]}}"),
                 201, "%s", r.out);
    cr_assert_not_null(strstr(r.out, "\"taxii_collections\":1"),
                       "only the electricity collection: %s", r.out);
}

Test(taxii, discovery_roots_and_collections_per_audience)
{
    result r;
    cr_assert_eq(get(&r, grid, "/taxii2/"), 200);
    cr_assert_not_null(strstr(r.out, "\"api_roots\":[\"/taxii2/fukurou/\"]"), "%s", r.out);
    char ct[128];
    header("Content-Type", ct, sizeof ct);
    cr_assert_str_eq(ct, "application/taxii+json;version=2.1");
    cr_assert_eq(get(&r, grid, "/taxii2/fukurou/"), 200);
    cr_assert_not_null(strstr(r.out, "\"versions\":[\"application/taxii+json;version=2.1\"]"), "%s",
                       r.out);
    cr_assert_not_null(strstr(r.out, "\"max_content_length\":10485760"), "%s", r.out);
    cr_assert_eq(get(&r, grid, "/taxii2/nowhere/"), 404);
    cr_assert_eq(get(&r, grid, "/taxii2/fukurou/collections/"), 200);
    cr_assert_not_null(strstr(r.out, ELEC), "%s", r.out);
    cr_assert_not_null(strstr(r.out, "\"can_write\":false"),
                       "GridCo is not in the writing group: %s", r.out);
    cr_assert_eq(get(&r, bank, "/taxii2/fukurou/collections/"), 200);
    cr_assert_null(strstr(r.out, ELEC), "finance does not see the electricity collection: %s",
                   r.out);
    cr_assert_eq(get(&r, bank, "/taxii2/fukurou/collections/" ELEC "/"), 404);
    cr_assert_eq(get(&r, power, "/taxii2/fukurou/collections/" ELEC "/"), 200);
    cr_assert_not_null(strstr(r.out, "\"can_write\":true"), "%s", r.out);
    cr_assert_eq(get(&r, NULL, "/taxii2/"), 401);
    cr_assert_eq(call_with(&r, grid, "GET", "/taxii2/", NULL, "-H 'Accept: application/xml'"), 406);
    cr_assert_not_null(strstr(r.out, "\"http_status\":\"406\""), "a TAXII error body: %s", r.out);
    cr_assert_eq(call_with(&r, grid, "GET", "/taxii2/", NULL,
                           "-H 'Accept: application/taxii+json;version=3.0'"),
                 406);
    /* content negotiation by media ranges: a wildcard with q > 0 admits 2.1, q=0 refuses */
    cr_assert_eq(call_with(&r, grid, "GET", "/taxii2/", NULL,
                           "-H 'Accept: application/taxii+json;version=2.0, */*;q=0.1'"),
                 200, "%s", r.out);
    cr_assert_eq(call_with(&r, grid, "GET", "/taxii2/", NULL,
                           "-H 'Accept: application/xml, application/*;q=0.5'"),
                 200, "%s", r.out);
    cr_assert_eq(call_with(&r, grid, "GET", "/taxii2/", NULL,
                           "-H 'Accept: application/taxii+json;version=2.1;q=0'"),
                 406);
    cr_assert_eq(call_with(&r, grid, "GET", "/taxii2/", NULL,
                           "-H 'Accept: application/taxii+json; version=2.1'"),
                 200, "%s", r.out);
    /* errors raised before a TAXII handler runs come in the TAXII media type too */
    char headers[8192];
    cr_assert_eq(get(&r, NULL, "/taxii2/fukurou/collections/"), 401);
    slurp("headers.txt", headers, sizeof headers);
    cr_assert_not_null(strcasestr(headers, "content-type: application/taxii+json;version=2.1"),
                       "401: %s", headers);
    cr_assert_eq(get(&r, grid, "/taxii2/fukurou/nothing-here/"), 404);
    slurp("headers.txt", headers, sizeof headers);
    cr_assert_not_null(strcasestr(headers, "content-type: application/taxii+json"), "404: %s",
                       headers);
    cr_assert_not_null(strstr(r.out, "\"http_status\":\"404\""), "%s", r.out);
    cr_assert_eq(call_with(&r, grid, "PUT", "/taxii2/", NULL, NULL), 405);
    slurp("headers.txt", headers, sizeof headers);
    cr_assert_not_null(strcasestr(headers, "content-type: application/taxii+json"), "405: %s",
                       headers);
    cr_assert_eq(call_with(&r, power, "POST", "/taxii2/fukurou/collections/" ELEC "/objects/",
                           "{not json", TAXII_POST),
                 400);
    slurp("headers.txt", headers, sizeof headers);
    cr_assert_not_null(strcasestr(headers, "content-type: application/taxii+json"),
                       "invalid JSON: %s", headers);
    cr_assert_eq(call(&r, NULL, "GET", "/api/v1/me", NULL), 401);
    slurp("headers.txt", headers, sizeof headers);
    cr_assert_not_null(strcasestr(headers, "content-type: application/json"),
                       "the API keeps JSON: %s", headers);
}

Test(taxii, released_objects_page_with_a_stable_cursor_and_filters)
{
    release_to_electricity();
    result r;
    /* identity, TLP and PAP markings; per indicator the indicator, its observable, the
     * relationship and a sighting (3 x 4); the report and the centre's note: 17 objects */
    cr_assert_eq(get(&r, grid, "/taxii2/fukurou/collections/" ELEC "/objects/?limit=3"), 200);
    cr_assert_not_null(strstr(r.out, "\"more\":true,\"next\":\"3\""), "%s", r.out);
    char first[64], last[64];
    header("X-TAXII-Date-Added-First", first, sizeof first);
    header("X-TAXII-Date-Added-Last", last, sizeof last);
    cr_assert_neq(first[0], '\0');
    cr_assert_neq(last[0], '\0');
    int pages = 1, objects = 0;
    bool saw_report = false;
    for (;;) {
        for (const char *p = r.out; (p = strstr(p, "\"spec_version\":\"2.1\"")); p++)
            objects++;
        saw_report = saw_report || strstr(r.out, "\"type\":\"report\"");
        const char *next = strstr(r.out, "\"next\":\"");
        if (!next) {
            cr_assert_not_null(strstr(r.out, "\"more\":false"), "%s", r.out);
            break;
        }
        char path[256];
        snprintf(path, sizeof path, "/taxii2/fukurou/collections/" ELEC "/objects/?limit=3&next=%d",
                 atoi(next + 8));
        cr_assert_eq(get(&r, grid, path), 200);
        pages++;
        cr_assert_lt(pages, 20, "the cursor must advance");
    }
    cr_assert_eq(objects, 17, "every object once across the pages");
    cr_assert_eq(pages, 6);
    cr_assert(saw_report);
    cr_assert_eq(
        get(&r, grid, "/taxii2/fukurou/collections/" ELEC "/objects/?match[type]=indicator"), 200);
    int n = 0;
    for (const char *p = r.out; (p = strstr(p, "\"type\":\"indicator\"")); p++)
        n++;
    cr_assert_eq(n, 3, "%s", r.out);
    cr_assert_null(strstr(r.out, "\"type\":\"report\""));
    cr_assert_eq(get(&r, grid,
                     "/taxii2/fukurou/collections/" ELEC
                     "/objects/?added_after=2999-01-01T00:00:00Z"),
                 200);
    cr_assert_str_eq(r.out, "{\"more\":false}");
    cr_assert_eq(
        get(&r, grid, "/taxii2/fukurou/collections/" ELEC "/objects/?added_after=yesterday"), 400);
    cr_assert_eq(get(&r, grid, "/taxii2/fukurou/collections/" ELEC "/objects/?limit=0"), 400);
    cr_assert_eq(get(&r, grid, "/taxii2/fukurou/collections/" ELEC "/manifest/?match[type]=report"),
                 200);
    cr_assert_not_null(strstr(r.out, "\"media_type\":\"application/stix+json;version=2.1\""), "%s",
                       r.out);
    const char *rid = strstr(r.out, "report--");
    cr_assert_not_null(rid);
    char path[256], id[64];
    snprintf(id, sizeof id, "%.44s", rid);
    snprintf(path, sizeof path, "/taxii2/fukurou/collections/" ELEC "/objects/%s/", id);
    cr_assert_eq(get(&r, grid, path), 200);
    cr_assert_not_null(strstr(r.out, id));
    snprintf(path, sizeof path, "/taxii2/fukurou/collections/" ELEC "/objects/?match[id]=%s", id);
    cr_assert_eq(get(&r, grid, path), 200);
    cr_assert_not_null(strstr(r.out, "\"type\":\"report\""), "%s", r.out);
    cr_assert_eq(get(&r, grid,
                     "/taxii2/fukurou/collections/" ELEC
                     "/objects/report--00000000-0000-4000-8000-000000000000/"),
                 404);
    cr_assert_eq(get(&r, bank, "/taxii2/fukurou/collections/" ELEC "/objects/"), 404,
                 "finance cannot read it");
}

static const char indicator_v1[] =
    "{\"objects\":[{\"type\":\"indicator\",\"spec_version\":\"2.1\",\"id\":\"indicator--8e2e2d2b-"
    "17d4-4cbf-938f-98ee46b3cd3f\","
    "\"created\":\"2024-05-01T00:00:00.000Z\",\"modified\":\"%s\",\"pattern\":\"[ipv4-addr:value = "
    "'198.51.100.9']\","
    "\"pattern_type\":\"stix\",\"valid_from\":\"2024-05-01T00:00:00Z\"}%s]}";

/* POSTs indicator_v1 as the version modified at `modified` (extra: more objects, or ""),
 * to the electricity collection as `key`; returns the HTTP status. */
static int post_version(result *r, const char *key, const char *modified, const char *extra)
{
    char body[2048];
    snprintf(body, sizeof body, indicator_v1, modified, extra);
    return call_with(r, key, "POST", "/taxii2/fukurou/collections/" ELEC "/objects/", body,
                     TAXII_POST);
}

Test(taxii, centre_adds_versions_and_deletes)
{
    result r;
    char body[2048];
    snprintf(body, sizeof body, indicator_v1, "2024-05-01T00:00:00.000Z",
             ",{\"type\":\"indicator\",\"id\":\"not-an-id\"}");
    cr_assert_eq(call_with(&r, analyst, "POST", "/taxii2/fukurou/collections/" ELEC "/objects/",
                           body, TAXII_POST),
                 202, "%s", r.out);
    cr_assert_not_null(strstr(r.out, "\"status\":\"complete\""), "%s", r.out);
    cr_assert_not_null(strstr(r.out, "\"success_count\":1"), "%s", r.out);
    cr_assert_not_null(strstr(r.out, "\"failure_count\":1"), "%s", r.out);
    cr_assert_not_null(strstr(r.out, "not-an-id"), "the failure names the object: %s", r.out);
    const char *failures = strstr(r.out, "\"failures\"");
    cr_assert(failures && strstr(failures, "\"version\""),
              "a failure entry carries its version (TAXII 4.3.1): %s", r.out);
    const char *sid = strstr(r.out, "\"id\":\"") + 6;
    char path[256];
    snprintf(path, sizeof path, "/taxii2/fukurou/status/%.36s/", sid);
    cr_assert_eq(get(&r, analyst, path), 200);
    cr_assert_not_null(strstr(r.out, "\"total_count\":2"), "%s", r.out);
    cr_assert_null(strstr(r.out, "\"pendings\""), "an empty list is omitted (TAXII 1.6.1.5): %s",
                   r.out);
    cr_assert_not_null(strstr(r.out, "\"successes\""), "%s", r.out);
    cr_assert_eq(get(&r, grid, path), 404, "a status belongs to whoever posted");
    cr_assert_eq(post_version(&r, analyst, "2024-06-01T00:00:00.000Z", ""), 202);
    const char *obj = "/taxii2/fukurou/collections/" ELEC
                      "/objects/indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f/";
    snprintf(path, sizeof path, "%sversions/", obj);
    cr_assert_eq(get(&r, grid, path), 200);
    cr_assert_str_eq(r.out, "{\"more\":false,\"versions\":[\"2024-05-01T00:00:00.000000Z\","
                            "\"2024-06-01T00:00:00.000000Z\"]}");
    cr_assert_eq(get(&r, grid, obj), 200);
    cr_assert_not_null(strstr(r.out, "2024-06-01"), "the last version by default: %s", r.out);
    cr_assert_null(strstr(r.out, "\"modified\":\"2024-05-01"), "%s", r.out);
    snprintf(path, sizeof path, "%s?match[version]=first", obj);
    cr_assert_eq(get(&r, grid, path), 200);
    cr_assert_not_null(strstr(r.out, "\"modified\":\"2024-05-01"), "%s", r.out);
    snprintf(path, sizeof path, "%s?match[version]=all", obj);
    cr_assert_eq(get(&r, grid, path), 200);
    cr_assert_not_null(strstr(r.out, "2024-05-01") && strstr(r.out, "2024-06-01") ? r.out : NULL,
                       "%s", r.out);
    cr_assert_eq(call_with(&r, power, "DELETE", obj, NULL, TAXII), 403, "members do not delete");
    cr_assert_eq(call_with(&r, analyst, "DELETE", obj, NULL, TAXII), 200);
    cr_assert_eq(get(&r, grid, obj), 404);
    /* media type and size */
    cr_assert_eq(call_with(&r, analyst, "POST", "/taxii2/fukurou/collections/" ELEC "/objects/",
                           body, TAXII " -H 'Content-Type: application/json'"),
                 415);
    cr_assert_eq(call_with(&r, analyst, "POST", "/taxii2/fukurou/collections/" ELEC "/objects/",
                           "{\"objects\":{}}", TAXII_POST),
                 400);
}

Test(taxii, a_members_bundle_is_a_report_pending_until_released)
{
    result r;
    char body[2048];
    snprintf(body, sizeof body, indicator_v1, "2024-05-01T00:00:00.000Z",
             ",{\"type\":\"report\",\"spec_version\":\"2.1\",\"id\":\"report--1b5e7f2a-1c4d-4e8f-"
             "9a0b-1c2d3e4f5a6b\","
             "\"created\":\"2024-05-01T00:00:00.000Z\",\"modified\":\"2024-05-01T00:00:00.000Z\","
             "\"name\":\"Scanner seen\","
             "\"published\":\"2024-05-01T00:00:00Z\",\"object_refs\":[\"indicator--8e2e2d2b-17d4-"
             "4cbf-938f-98ee46b3cd3f\"],"
             "\"x_fukurou_consent\":\"members\",\"object_marking_refs\":[\"marking-definition--"
             "bab4a63c-aed9-4cf5-a766-dfca5abac2bb\"]}");
    cr_assert_eq(call_with(&r, grid, "POST", "/taxii2/fukurou/collections/" ELEC "/objects/", body,
                           TAXII_POST),
                 403, "GridCo may read but not write");
    cr_assert_eq(call_with(&r, power, "POST", "/taxii2/fukurou/collections/" ELEC "/objects/", body,
                           TAXII_POST),
                 202, "%s", r.out);
    cr_assert_not_null(strstr(r.out, "\"status\":\"pending\""), "%s", r.out);
    cr_assert_not_null(strstr(r.out, "\"pending_count\":2"), "%s", r.out);
    char path[256];
    snprintf(path, sizeof path, "/taxii2/fukurou/status/%.36s/", strstr(r.out, "\"id\":\"") + 6);
    cr_assert_eq(get(&r, grid, "/taxii2/fukurou/collections/" ELEC "/objects/"), 200);
    cr_assert_str_eq(r.out, "{\"more\":false}", "nothing is shared before the centre releases it");
    cr_assert_eq(call(&r, analyst, "GET", "/api/v1/reports/1", NULL), 200);
    cr_assert_not_null(strstr(r.out, "\"title\":\"Scanner seen\""), "%s", r.out);
    cr_assert_not_null(strstr(r.out, "\"value\":\"198.51.100.9\""), "%s", r.out);
    cr_assert_not_null(strstr(r.out, "\"tlp\":\"GREEN\""), "%s", r.out);
    cr_assert_not_null(strstr(r.out, "\"consent\":\"members\""), "%s", r.out);
    cr_assert_eq(
        call(&r, analyst, "POST", "/api/v1/reports/1/triage",
             "{\"severity\":1,\"reasons\":{\"society\":\"none\",\"systems\":\"scan only\"}}"),
        200);
    cr_assert_eq(call(&r, analyst, "POST", "/api/v1/reports/1/release",
                      "{\"tier\":\"general\",\"audience\":{\"all_members\":true}}"),
                 201, "%s", r.out);
    cr_assert_not_null(strstr(r.out, "\"taxii_collections\":2"), "%s", r.out);
    cr_assert_eq(get(&r, power, path), 200);
    cr_assert_not_null(strstr(r.out, "\"status\":\"complete\""), "%s", r.out);
    cr_assert_not_null(strstr(r.out, "\"success_count\":2"), "%s", r.out);
    cr_assert_eq(get(&r, bank, "/taxii2/fukurou/collections/"), 200);
    const char *all = strstr(r.out, "\"id\":\"");
    cr_assert_not_null(all);
    snprintf(path, sizeof path, "/taxii2/fukurou/collections/%.36s/objects/?match[type]=indicator",
             all + 6);
    cr_assert_eq(get(&r, bank, path), 200);
    cr_assert_not_null(strstr(r.out, "198.51.100.9"), "released to all members: %s", r.out);
}

/* kill -9 while objects are being added, restart: every object the hub acknowledged
 * (202) is there. */
Test(taxii, acknowledged_objects_survive_kill_9)
{
    write_file(
        "post.sh",
        "for i in $(seq 1000 1999); do\n"
        "  printf '{\"objects\":[{\"type\":\"indicator\",\"spec_version\":\"2.1\","
        "\"id\":\"indicator--00000000-0000-4000-8000-00000000%04d\",\"created\":\"2024-05-01T00:00:"
        "00.000Z\","
        "\"modified\":\"2024-05-01T00:00:00.000Z\",\"pattern\":\"[ipv4-addr:value = "
        "198.51.100.1]\","
        "\"pattern_type\":\"stix\",\"valid_from\":\"2024-05-01T00:00:00Z\"}]}' $i > post.json\n"
        "  code=$(curl -s -o /dev/null -w '%{http_code}' -H \"Authorization: Bearer $KEY\" "
        "-H 'Accept: application/taxii+json;version=2.1' -H 'Content-Type: "
        "application/taxii+json;version=2.1' "
        "--data-binary @post.json \"http://127.0.0.1:$PORT/taxii2/fukurou/collections/" ELEC
        "/objects/\")\n"
        "  [ \"$code\" = 202 ] && echo $i >> acked.txt\n"
        "done\n");
    static char acked[65536];
    int n = burst_then_kill("post.sh", analyst, 5 * 60, acked, sizeof acked);
    cr_assert_gt(n, 10, "the test needs some acknowledged objects before the kill (%d)", n);
    start_server("");
    result r;
    cr_assert_eq(get(&r, analyst, "/taxii2/fukurou/collections/" ELEC "/manifest/?limit=10000"),
                 200);
    int missing = 0;
    for (const char *p = acked; *p;) {
        char id[80];
        snprintf(id, sizeof id, "indicator--00000000-0000-4000-8000-00000000%04d", atoi(p));
        missing += strstr(r.out, id) == NULL;
        const char *nl = strchr(p, '\n');
        p = nl ? nl + 1 : p + strlen(p);
    }
    cr_assert_eq(missing, 0, "%d of %d acknowledged objects lost after kill -9", missing, n);
    result a;
    run(&a, "admin --data d verify-audit");
    cr_assert_eq(a.status, 0, "the audit chain survives too: %s", a.out);
}

Test(taxii, api_roots_are_declared_with_titles)
{
    result r;
    admin("admin --data d api-root create ceptoar --title 'CEPTOAR exchange' --description 'sector "
          "hubs'");
    cr_assert_eq(get(&r, grid, "/taxii2/"), 200);
    cr_assert_not_null(strstr(r.out, "\"/taxii2/ceptoar/\""), "%s", r.out);
    cr_assert_eq(get(&r, grid, "/taxii2/ceptoar/"), 200);
    cr_assert_not_null(
        strstr(r.out, "\"title\":\"CEPTOAR exchange\",\"description\":\"sector hubs\""), "%s",
        r.out);
    cr_assert_eq(
        call(&r, analyst, "POST", "/api/v1/api-roots", "{\"name\":\"Bad Name\",\"title\":\"x\"}"),
        403, "analysts do not declare roots");
    result a;
    run(&a, "admin --data d api-root create 'Bad Name' --title x");
    cr_assert_eq(a.status, 2);
    cr_assert_not_null(strstr(a.err, "lower-case"), "%s", a.err);
}

/* TAXII 2.1 timestamps and versions (issue 12, part 3): dates added, the date headers
 * and a status's request_timestamp carry microseconds (3.2); versions are instants, so
 * ".5Z" is later than ".000Z", one instant written two ways is one version, and
 * match[version] finds it however it is written (3.4.1); an object without spec_version
 * is STIX 2.0, reported so in the manifest, and without match[spec_version] only the
 * latest specification version of an object is returned. */
Test(taxii, timestamps_are_microseconds_and_versions_are_instants)
{
    result r;
    const char *col = "/taxii2/fukurou/collections/" ELEC "/objects/";
    cr_assert_eq(post_version(&r, analyst, "2024-07-01T00:00:00Z", ""), 202, "%s", r.out);
    const char *ts = strstr(r.out, "\"request_timestamp\":\"");
    cr_assert_not_null(ts, "%s", r.out);
    ts += 21;
    cr_assert(strlen(ts) > 27 && ts[19] == '.' && ts[26] == 'Z', "six digits: %.30s", ts);
    /* the same instant written with milliseconds: not a second version */
    cr_assert_eq(post_version(&r, analyst, "2024-07-01T00:00:00.000Z", ""), 202, "%s", r.out);
    /* half a second later: the last version, though "…00.5Z" sorts before "…00Z" as text */
    cr_assert_eq(post_version(&r, analyst, "2024-07-01T00:00:00.5Z", ""), 202, "%s", r.out);
    const char *obj = "/taxii2/fukurou/collections/" ELEC
                      "/objects/indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f/";
    char path[512];
    snprintf(path, sizeof path, "%sversions/", obj);
    cr_assert_eq(get(&r, grid, path), 200);
    cr_assert_str_eq(r.out, "{\"more\":false,\"versions\":[\"2024-07-01T00:00:00.000000Z\","
                            "\"2024-07-01T00:00:00.500000Z\"]}");
    cr_assert_eq(get(&r, grid, obj), 200);
    cr_assert_not_null(strstr(r.out, "\"modified\":\"2024-07-01T00:00:00.5Z\""),
                       "the last version is the later instant: %s", r.out);
    snprintf(path, sizeof path, "%s?match[version]=2024-07-01T09:00:00.500%%2B09:00", obj);
    cr_assert_eq(get(&r, grid, path), 200);
    cr_assert_not_null(strstr(r.out, "00:00:00.5Z"), "the same instant in +09:00: %s", r.out);
    /* the date headers of a page carry microseconds too */
    cr_assert_eq(get(&r, grid, "/taxii2/fukurou/collections/" ELEC "/manifest/"), 200);
    char first[64];
    header("X-TAXII-Date-Added-First", first, sizeof first);
    cr_assert(strlen(first) == 27 && first[19] == '.' && first[26] == 'Z', "header: %s", first);
    const char *added = strstr(r.out, "\"date_added\":\"");
    cr_assert(added && added[14 + 26] == 'Z', "date_added: %.50s", added ? added : r.out);
    /* a STIX 2.0 object (no spec_version) */
    const char *old =
        "{\"objects\":[{\"type\":\"indicator\",\"id\":\"indicator--0f7a6a0e-4c43-4f4e-9d0c-"
        "3b1e3c9c2a10\",\"created\":\"2016-04-06T20:03:48.000Z\",\"modified\":\"2016-04-06T20:03:"
        "48.000Z\",\"labels\":[\"malicious-activity\"],\"pattern\":\"[ipv4-addr:value = "
        "'203.0.113.77']\",\"valid_from\":\"2016-04-06T20:03:48Z\"}]}";
    cr_assert_eq(call_with(&r, analyst, "POST", col, old, TAXII_POST), 202, "%s", r.out);
    cr_assert_eq(get(&r, grid,
                     "/taxii2/fukurou/collections/" ELEC
                     "/manifest/?match[id]=indicator--0f7a6a0e-4c43-4f4e-9d0c-3b1e3c9c2a10"),
                 200);
    cr_assert_not_null(strstr(r.out, "\"media_type\":\"application/stix+json;version=2.0\""), "%s",
                       r.out);
    cr_assert_eq(get(&r, grid,
                     "/taxii2/fukurou/collections/" ELEC
                     "/objects/?match[spec_version]=2.0&match[type]=indicator"),
                 200);
    cr_assert_not_null(strstr(r.out, "indicator--0f7a6a0e"), "%s", r.out);
    cr_assert_null(strstr(r.out, "indicator--8e2e2d2b"), "a 2.1 object is not 2.0: %s", r.out);
    /* the same object again in STIX 2.1: by default only that one comes back */
    const char *newer =
        "{\"objects\":[{\"type\":\"indicator\",\"spec_version\":\"2.1\",\"id\":\"indicator--"
        "0f7a6a0e-4c43-4f4e-9d0c-3b1e3c9c2a10\",\"created\":\"2016-04-06T20:03:48.000Z\","
        "\"modified\":\"2016-04-06T20:03:48.000Z\",\"pattern\":\"[ipv4-addr:value = "
        "'203.0.113.77']\",\"pattern_type\":\"stix\",\"valid_from\":\"2016-04-06T20:03:48Z\"}]}";
    cr_assert_eq(call_with(&r, analyst, "POST", col, newer, TAXII_POST), 202, "%s", r.out);
    cr_assert_eq(
        get(&r, grid,
            "/taxii2/fukurou/collections/" ELEC
            "/objects/indicator--0f7a6a0e-4c43-4f4e-9d0c-3b1e3c9c2a10/?match[version]=all"),
        200);
    cr_assert_not_null(strstr(r.out, "\"spec_version\":\"2.1\""), "%s", r.out);
    cr_assert_null(strstr(r.out, "malicious-activity"),
                   "the 2.0 copy is left out without match[spec_version]: %s", r.out);
    cr_assert_eq(get(&r, grid,
                     "/taxii2/fukurou/collections/" ELEC
                     "/objects/indicator--0f7a6a0e-4c43-4f4e-9d0c-3b1e3c9c2a10/"
                     "?match[version]=all&match[spec_version]=2.0,2.1"),
                 200);
    cr_assert_not_null(strstr(r.out, "malicious-activity"), "both when asked: %s", r.out);
}

/* ---- TAXII 2.1 sections 1-5, point by point (docs/taxii-conformance.md) ------------ */

/* 3.1: a client that names the media type without a version gets 2.1. */
Test(taxii, accept_without_a_version_is_the_latest)
{
    result r;
    cr_assert_eq(
        call_with(&r, grid, "GET", "/taxii2/", NULL, "-H 'Accept: application/taxii+json'"), 200,
        "%s", r.out);
    char ct[128];
    header("Content-Type", ct, sizeof ct);
    cr_assert_str_eq(ct, "application/taxii+json;version=2.1");
}

/* 3.1, 3.7: a body in a media type the endpoint does not take is 415, in the TAXII type. */
Test(taxii, a_body_in_another_media_type_is_415)
{
    result r;
    cr_assert_eq(call_with(&r, analyst, "POST", "/taxii2/fukurou/collections/" ELEC "/objects/",
                           "{\"objects\":[]}", TAXII " -H 'Content-Type: application/xml'"),
                 415, "%s", r.out);
    cr_assert_not_null(strstr(r.out, "\"http_status\":\"415\""), "%s", r.out);
    char ct[128];
    header("Content-Type", ct, sizeof ct);
    cr_assert_str_eq(ct, "application/taxii+json;version=2.1");
}

/* 3.6, 3.7: 401 names how to authenticate; HTTP Basic works for TAXII clients. */
Test(taxii, unauthenticated_is_401_with_a_challenge_and_basic_works)
{
    result r;
    cr_assert_eq(get(&r, NULL, "/taxii2/"), 401);
    char challenge[256];
    header("WWW-Authenticate", challenge, sizeof challenge);
    cr_assert_not_null(strstr(challenge, "Basic"), "challenge: '%s'", challenge);
    char opt[256];
    snprintf(opt, sizeof opt, TAXII " -u 'gina:%s'", grid);
    cr_assert_eq(call_with(&r, NULL, "GET", "/taxii2/", NULL, opt), 200,
                 "an API key as the Basic password: %s", r.out);
}

/* 3.3, 3.4: pages never hold more than limit, come in date_added order, and a cursor that
 * is not one of the server's is refused. */
Test(taxii, pages_are_bounded_ordered_and_cursors_checked)
{
    release_to_electricity();
    result r;
    char prev_last[64] = "";
    char path[256] = "/taxii2/fukurou/collections/" ELEC "/objects/?limit=4";
    for (int page = 0; page < 10; page++) {
        cr_assert_eq(get(&r, grid, path), 200);
        int n = 0;
        for (const char *p = r.out; (p = strstr(p, "\"spec_version\"")); p++)
            n++;
        cr_assert_leq(n, 4, "limit is a ceiling: %s", r.out);
        char first[64], last[64];
        header("X-TAXII-Date-Added-First", first, sizeof first);
        header("X-TAXII-Date-Added-Last", last, sizeof last);
        cr_assert_leq(strcmp(first, last), 0, "%s > %s", first, last);
        cr_assert_leq(strcmp(prev_last, first), 0, "page after page: %s then %s", prev_last, first);
        snprintf(prev_last, sizeof prev_last, "%s", last);
        const char *next = strstr(r.out, "\"next\":\"");
        if (!next)
            break;
        snprintf(path, sizeof path, "/taxii2/fukurou/collections/" ELEC "/objects/?limit=4&next=%d",
                 atoi(next + 8));
    }
    cr_assert_eq(get(&r, grid, "/taxii2/fukurou/collections/" ELEC "/objects/?next=abc"), 400);
    cr_assert_not_null(strstr(r.out, "next"), "the error names the parameter: %s", r.out);
}

/* 3.5: values of one filter are alternatives, different filters all apply, and
 * added_after is strictly after. */
Test(taxii, filters_or_within_and_across_and_added_after_is_strict)
{
    release_to_electricity();
    result r;
    cr_assert_eq(
        get(&r, grid, "/taxii2/fukurou/collections/" ELEC "/objects/?match[type]=indicator,report"),
        200);
    cr_assert(strstr(r.out, "\"type\":\"indicator\"") && strstr(r.out, "\"type\":\"report\""), "%s",
              r.out);
    cr_assert_null(strstr(r.out, "\"type\":\"relationship\""), "%s", r.out);
    const char *id = strstr(r.out, "indicator--");
    cr_assert_not_null(id);
    char path[512];
    snprintf(path, sizeof path,
             "/taxii2/fukurou/collections/" ELEC "/objects/?match[type]=report&match[id]=%.47s",
             id);
    cr_assert_eq(get(&r, grid, path), 200);
    cr_assert_str_eq(r.out, "{\"more\":false}", "type and id both apply");
    /* two objects added one after the other: after the first one's date, only the second */
    cr_assert_eq(post_version(&r, analyst, "2024-05-01T00:00:00.000Z", ""), 202);
    cr_assert_eq(get(&r, grid,
                     "/taxii2/fukurou/collections/" ELEC
                     "/manifest/?match[id]=indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f"),
                 200);
    char first[64];
    header("X-TAXII-Date-Added-First", first, sizeof first);
    cr_assert_eq(post_version(&r, analyst, "2024-06-01T00:00:00.000Z", ""), 202);
    snprintf(path, sizeof path,
             "/taxii2/fukurou/collections/" ELEC "/manifest/?added_after=%s&match[version]=all",
             first);
    cr_assert_eq(get(&r, grid, path), 200);
    cr_assert_null(strstr(r.out, "2024-05-01"), "not the one added at %s: %s", first, r.out);
    cr_assert_not_null(strstr(r.out, "2024-06-01"), "%s", r.out);
}

/* 4.3: a status's counts add up to its total, its id is a UUID, and another's status or an
 * unknown one is 404. */
Test(taxii, status_counts_add_up)
{
    result r;
    char body[2048];
    snprintf(body, sizeof body, indicator_v1, "2024-05-01T00:00:00.000Z",
             ",{\"type\":\"indicator\",\"id\":\"bad\"}");
    cr_assert_eq(call_with(&r, analyst, "POST", "/taxii2/fukurou/collections/" ELEC "/objects/",
                           body, TAXII_POST),
                 202, "%s", r.out);
    const char *sid = strstr(r.out, "\"id\":\"");
    cr_assert_not_null(sid);
    char uuid[37];
    snprintf(uuid, sizeof uuid, "%.36s", sid + 6);
    cr_assert(uuid[8] == '-' && uuid[13] == '-' && uuid[14] == '4', "a UUIDv4: %s", uuid);
    int total = 0, s = 0, f = 0, p = 0;
    const char *t = strstr(r.out, "\"total_count\":");
    cr_assert_not_null(t);
    total = atoi(t + 14);
    s = atoi(strstr(r.out, "\"success_count\":") + 16);
    f = atoi(strstr(r.out, "\"failure_count\":") + 16);
    p = atoi(strstr(r.out, "\"pending_count\":") + 16);
    cr_assert_eq(total, s + f + p, "%s", r.out);
    cr_assert_eq(get(&r, analyst, "/taxii2/fukurou/status/00000000-0000-4000-8000-000000000000/"),
                 404);
}

/* 5.1, 5.2: a collection says what it is and what the caller may do, is 404 to whoever it
 * is not for, and an empty answer has no empty list (1.6.1.5: empty lists are omitted). */
Test(taxii, collections_describe_themselves_and_empty_lists_are_omitted)
{
    result r;
    cr_assert_eq(get(&r, power, "/taxii2/fukurou/collections/" ELEC "/"), 200);
    static const char *const keys[] = {
        "\"id\":", "\"title\":", "\"can_read\":", "\"can_write\":", "\"media_types\":"};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        cr_assert_not_null(strstr(r.out, keys[i]), "%s in %s", keys[i], r.out);
    /* a member outside the audience does not learn the collection exists */
    cr_assert_eq(get(&r, bank, "/taxii2/fukurou/collections/" ELEC "/"), 404);
    /* nothing to return: no "objects":[] */
    cr_assert_eq(get(&r, grid, "/taxii2/fukurou/collections/" ELEC "/objects/"), 200);
    cr_assert_str_eq(r.out, "{\"more\":false}");
    cr_assert_eq(get(&r, grid, "/taxii2/fukurou/collections/" ELEC "/manifest/"), 200);
    cr_assert_str_eq(r.out, "{\"more\":false}");
}

/* 5.5: a collection the caller cannot write is 403; a body above max_content_length is
 * 413, before it is read. */
Test(taxii, writing_is_refused_without_can_write_and_above_the_size)
{
    result r;
    cr_assert_eq(post_version(&r, grid, "2024-05-01T00:00:00.000Z", ""), 403, "%s", r.out);
    cr_assert_not_null(strstr(r.out, "\"http_status\":\"403\""), "%s", r.out);
    size_t big = 10485760 + 1024;
    char *huge = malloc(big + 1);
    cr_assert_not_null(huge);
    memset(huge, ' ', big);
    memcpy(huge, "{\"objects\":[", 12);
    memcpy(huge + big - 2, "]}", 2);
    huge[big] = '\0';
    write_file("huge.json", huge);
    free(huge);
    cr_assert_eq(call_with(&r, analyst, "POST", "/taxii2/fukurou/collections/" ELEC "/objects/",
                           NULL, TAXII_POST " --data-binary @huge.json"),
                 413, "%s", r.out);
}

/* 5.8: the versions resource carries the date headers and lists versions in the order
 * they were added. */
Test(taxii, versions_carry_date_headers)
{
    result r;
    cr_assert_eq(post_version(&r, analyst, "2024-06-01T00:00:00.000Z", ""), 202);
    cr_assert_eq(post_version(&r, analyst, "2024-05-01T00:00:00.000Z", ""), 202);
    cr_assert_eq(get(&r, grid,
                     "/taxii2/fukurou/collections/" ELEC
                     "/objects/indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f/versions/"),
                 200);
    char first[64];
    header("X-TAXII-Date-Added-First", first, sizeof first);
    cr_assert_eq(strlen(first), 27, "'%s'", first);
    /* 3.3: in the order they were added (June's was added first), not by version */
    const char *a = strstr(r.out, "2024-05-01"), *b = strstr(r.out, "2024-06-01");
    cr_assert(a && b && b < a, "in date_added order: %s", r.out);
}
