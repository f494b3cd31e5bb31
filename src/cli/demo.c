#include "demo.h"

#include "../core/timefmt.h"
#include "../intel/release.h"
#include "../intel/report_types.h"
#include "../store/collections.h"
#include "../store/directory.h"
#include "../store/reports.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

typedef struct {
    uint64_t s;
} rng;

static uint32_t next(rng *r)
{
    r->s ^= r->s << 13;
    r->s ^= r->s >> 7;
    r->s ^= r->s << 17;
    return (uint32_t)(r->s >> 16);
}

static FILE *create(const char *dir, const char *name, char *path, size_t cap)
{
    int n = snprintf(path, cap, "%s/%s", dir, name);
    if (n < 0 || (size_t)n >= cap) { /* a cut path would write somewhere else */
        fprintf(stderr, "fukurou demo: %s/%s: path too long\n", dir, name);
        return NULL;
    }
    FILE *f = fopen(path, "w");
    if (!f)
        fprintf(stderr, "fukurou demo: %s: %s\n", path, strerror(errno));
    return f;
}

static const char *const pages[] = {
    "/",          "/index.html",   "/about",  "/news/2024/05/notice.html", "/css/site.css",
    "/js/app.js", "/img/logo.png", "/contact"};
static const char *const agents[] = {
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 "
    "Safari/537.36",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like "
    "Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0"};
static const char *const probes[] = {"/.env",
                                     "/.git/config",
                                     "/wp-login.php",
                                     "/admin/",
                                     "/phpmyadmin/",
                                     "/backup.zip",
                                     "/config.php.bak",
                                     "/server-status",
                                     "/cgi-bin/test.cgi",
                                     "/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php",
                                     "/actuator/env",
                                     "/.aws/credentials"};

static void clf_time(int64_t ms, char *buf, size_t cap)
{
    static const char *const mon[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    char iso[32];
    fk_time_format(ms, iso);
    int y, mo, d, h, mi, s;
    sscanf(iso, "%d-%d-%dT%d:%d:%d", &y, &mo, &d, &h, &mi, &s);
    snprintf(buf, cap, "%02d/%s/%04d:%02d:%02d:%02d +0000", d, mon[mo - 1], y, h, mi, s);
}

static int write_access(const char *dir, int64_t t0)
{
    char path[4096], ts[64];
    FILE *f = create(dir, "access.log", path, sizeof path);
    if (!f)
        return -1;
    rng r = {0x1234567};
    int64_t t = t0;
    for (int i = 0; i < 3000; i++) {
        t += next(&r) % 2000;
        clf_time(t, ts, sizeof ts);
        int kind = i % 100;
        if (kind == 17 && i / 100 < 12) { /* a scanner walking through probe paths */
            for (int k = 0; k < 12; k++) {
                clf_time(t + k * 900, ts, sizeof ts);
                fprintf(f,
                        "198.51.100.23 - - [%s] \"GET %s HTTP/1.1\" 404 196 \"-\" \"Mozilla/5.0 "
                        "zgrab/0.x\"\n",
                        ts, probes[(k + i / 100) % 12]);
            }
            continue;
        }
        if (kind == 42) { /* a visitor sent by a listed phishing domain */
            fprintf(f,
                    "192.0.2.%u - - [%s] \"GET /login HTTP/1.1\" 200 5120 "
                    "\"http://secure-login.example-bad.test/mail?u=1\" \"%s\"\n",
                    10 + next(&r) % 200, ts, agents[0]);
            continue;
        }
        if (kind == 77) { /* a listed command-and-control address calling back */
            fprintf(f,
                    "203.0.113.66 - - [%s] \"POST /api/beacon HTTP/1.1\" 204 0 \"-\" "
                    "\"python-requests/2.31\"\n",
                    ts);
            continue;
        }
        fprintf(f, "192.0.2.%u - - [%s] \"GET %s HTTP/1.1\" 200 %u \"-\" \"%s\"\n",
                10 + next(&r) % 200, ts, pages[next(&r) % 8], 200 + next(&r) % 40000,
                agents[next(&r) % 3]);
    }
    return fclose(f);
}

static int write_auth(const char *dir, int64_t t0)
{
    char path[4096], iso[32];
    FILE *f = create(dir, "auth.log", path, sizeof path);
    if (!f)
        return -1;
    rng r = {0xabcdef};
    int64_t t = t0;
    static const char *const users[] = {"root", "admin", "oracle", "test", "ubuntu", "git"};
    for (int i = 0; i < 400; i++) {
        t += 1000 + next(&r) % 4000;
        fk_time_format(t, iso);
        iso[19] = '\0';
        if (i >= 100 && i < 160) { /* brute force from one address */
            fprintf(f,
                    "%s.000000+00:00 web01 sshd[%u]: Failed password for %s%s from 198.51.100.99 "
                    "port %u ssh2\n",
                    iso, 3000 + i, i % 3 ? "" : "invalid user ", users[i % 6],
                    40000 + next(&r) % 20000);
            continue;
        }
        if (i == 161) {
            fprintf(f,
                    "%s.000000+00:00 web01 sshd[%u]: Accepted password for oracle from "
                    "198.51.100.99 port 51514 ssh2\n",
                    iso, 3000 + i);
            continue;
        }
        if (i % 50 == 7) {
            fprintf(f,
                    "%s.000000+00:00 web01 sudo: operator : TTY=pts/0 ; PWD=/home/operator ; "
                    "USER=root ; COMMAND=/usr/bin/systemctl restart nginx\n",
                    iso);
            continue;
        }
        fprintf(f,
                "%s.000000+00:00 web01 sshd[%u]: Accepted publickey for operator from 192.0.2.5 "
                "port %u ssh2: ED25519 SHA256:abc\n",
                iso, 3000 + i, 40000 + next(&r) % 20000);
    }
    return fclose(f);
}

static int write_events(const char *dir, int64_t t0)
{
    char path[4096], iso[32];
    FILE *f = create(dir, "sysmon.json", path, sizeof path);
    if (!f)
        return -1;
    for (int i = 0; i < 50; i++) {
        fk_time_format(t0 + i * 60000, iso);
        const char *image = i == 31 ? "C:\\\\Users\\\\Public\\\\invoice.exe"
                                    : "C:\\\\Windows\\\\System32\\\\svchost.exe";
        const char *hash =
            i == 31 ? "SHA256=5A4B1F0B7C2D3E4F5A6B7C8D9E0F1A2B3C4D5E6F7A8B9C0D1E2F3A4B5C6D7E8F,MD5="
                      "0123456789ABCDEF0123456789ABCDEF"
                    : "SHA256=0F1E2D3C4B5A69788796A5B4C3D2E1F00F1E2D3C4B5A69788796A5B4C3D2E1F0";
        fprintf(f,
                "{\"Event\":{\"System\":{\"Provider\":{\"#attributes\":{\"Name\":\"Microsoft-"
                "Windows-Sysmon\"}},"
                "\"EventID\":1,\"Channel\":\"Microsoft-Windows-Sysmon/"
                "Operational\",\"Computer\":\"pc-%02d.corp.example\","
                "\"TimeCreated\":{\"#attributes\":{\"SystemTime\":\"%s\"}}},"
                "\"EventData\":{\"Image\":\"%s\",\"CommandLine\":\"%s -k "
                "netsvcs\",\"User\":\"CORP\\\\user%02d\",\"Hashes\":\"%s\"}}}\n",
                i % 7, iso, image, image, i % 9, hash);
    }
    return fclose(f);
}

static int write_iocs(const char *dir)
{
    char path[4096];
    FILE *f = create(dir, "indicators.txt", path, sizeof path);
    if (!f)
        return -1;
    fputs("# Demo indicator list: one value per line, '#' starts a comment (kept as the label)\n"
          "203.0.113.66        # C2 server of a targeted attack campaign\n"
          "198.51.100.16/28    # bullet-proof hosting range\n"
          "example-bad[.]test  # phishing domain (defanged; subdomains match too)\n",
          f);
    if (fclose(f) != 0)
        return -1;
    f = create(dir, "indicators.stix.json", path, sizeof path);
    if (!f)
        return -1;
    fputs("{\"type\":\"bundle\",\"id\":\"bundle--5d0092c5-5f74-4287-9642-33f4c354e56d\","
          "\"objects\":[\n"
          " {\"type\":\"indicator\",\"spec_version\":\"2.1\",\"id\":\"indicator--8e2e2d2b-17d4-"
          "4cbf-938f-98ee46b3cd3f\","
          "\"created\":\"2024-05-01T00:00:00.000Z\",\"modified\":\"2024-05-01T00:00:00.000Z\","
          "\"name\":\"Dropper of a ransomware campaign\","
          "\"pattern\":\"[file:hashes.'SHA-256' = "
          "'5a4b1f0b7c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f'] OR [file:hashes.MD5 "
          "= '0123456789abcdef0123456789abcdef']\","
          "\"pattern_type\":\"stix\",\"valid_from\":\"2024-05-01T00:00:00Z\"}\n]}\n",
          f);
    return fclose(f);
}

/* ---- the hub's demo data ---- */

/* The demo hub's members' web logs, for the hub to stream into itself (serve --stream):
 * ordinary traffic; one source attacking all three members, in three sectors (a
 * campaign); and the command-and-control address of the released demo report calling
 * back at Chubu Gas (a member of the audience: an indicator alert, the closed loop) and
 * at Tokyo Bank (outside it: no alert, the TLP holds). Times run up to now. */
static int write_stream(const char *hubdir)
{
    char dir[4096], path[4096], ts[64];
    snprintf(dir, sizeof dir, "%s/stream", hubdir);
    if (mkdir(dir, 0755) != 0 && errno != EEXIST)
        return -1;
    static const char *const members[] = {"Kanto Electric", "Chubu Gas", "Tokyo Bank"};
    static const char *const attacks[] = {
        "GET /item.php?id=1%27%20UNION%20SELECT%20username,password%20FROM%20users-- HTTP/1.1",
        "GET /download?file=../../../../etc/passwd HTTP/1.1",
        "GET /cgi-bin/status?cmd=;cat%20/etc/shadow HTTP/1.1",
        "GET /search?q=%3Cscript%3Ealert(document.cookie)%3C/script%3E HTTP/1.1"};
    int64_t now = (int64_t)time(NULL) * 1000;
    for (size_t m = 0; m < 3; m++) {
        char name[128];
        snprintf(name, sizeof name, "%s.log", members[m]);
        FILE *f = create(dir, name, path, sizeof path);
        if (!f)
            return -1;
        rng r = {0x9e3779b9u + m};
        int64_t t = now - 50 * 60000;
        for (int i = 0; i < 600; i++) {
            t += 4000 + next(&r) % 1000;
            clf_time(t, ts, sizeof ts);
            if (i % 150 == 60)
                fprintf(f, "203.0.113.50 - - [%s] \"%s\" 200 %u \"-\" \"sqlmap/1.8\"\n", ts,
                        attacks[(i / 150 + m) % 4], 900 + next(&r) % 400);
            else if (i == 300 && m > 0)
                fprintf(f,
                        "203.0.113.66 - - [%s] \"POST /api/beacon HTTP/1.1\" 204 0 \"-\" "
                        "\"python-requests/2.31\"\n",
                        ts);
            else
                fprintf(f, "192.0.2.%u - - [%s] \"GET %s HTTP/1.1\" 200 %u \"-\" \"%s\"\n",
                        10 + next(&r) % 200, ts, pages[next(&r) % 8], 200 + next(&r) % 40000,
                        agents[next(&r) % 3]);
        }
        if (fclose(f) != 0)
            return -1;
    }
    return 0;
}

static int hub_step(int rc, const fk_err *err)
{
    if (rc != 0)
        fprintf(stderr, "fukurou demo: %s\n", err->msg);
    return rc;
}

static const char demo_report[] =
    "{\"type\":\"incident\",\"title\":\"Kanto Electric: VPN appliance exploited\","
    "\"description\":\"vpn1.kanto-electric.example (198.51.100.10) was exploited through "
    "CVE-2024-3400 and "
    "beaconed to 203.0.113.66 and update-check.example-bad.test. Reported by "
    "soc@kanto-electric.example.\","
    "\"fields\":{\"occurred_at\":\"2024-05-14T02:10:00+09:00\",\"state\":\"contained\"},"
    "\"indicators\":[\"203.0.113.66\",\"update-check.example-bad[.]test\",\"198.51.100.10\",\"CVE-"
    "2024-3400\"],"
    "\"tlp\":\"AMBER\",\"pap\":\"GREEN\",\"consent\":\"members\","
    "\"impact\":\"remote access for staff was cut for six hours\"}";

/* One report from Kanto Electric, triaged and released to the energy CEPTOAR. */
static int demo_release(fk_db *db, fk_err *err)
{
    fk_principal reporter, analyst;
    json_t *in = json_loads(demo_report, 0, NULL), *norm = NULL, *report = NULL;
    json_t *reasons =
        json_pack("{ss ss}", "society", "staff remote access unavailable; no outage of supply",
                  "systems", "one VPN appliance compromised; credentials at risk");
    json_t *decision =
        json_pack("{ss s{s[s]}}", "tier", "immediate", "audience", "groups", "Energy CEPTOAR");
    int64_t id, rid;
    int rc = -1;
    if (fk_principal_lookup(db, "kanto-soc", &reporter, err) != 0 ||
        fk_principal_lookup(db, "analyst", &analyst, err) != 0 ||
        fk_report_normalise(in, &norm, err) != 0 ||
        fk_report_insert(db, &reporter, norm, &id, err) != 0 ||
        fk_report_triage(db, "account:analyst", id, 3, "seeds-2016", reasons, err) != 0 ||
        fk_report_load(db, id, true, &report, err) != 0)
        goto out;
    fk_hub_policy policy;
    fk_hub_policy_defaults(&policy);
    fk_release_result rr;
    char hub[80];
    size_t n;
    if (fk_release_build(&policy, fk_hub_identity(db, hub), report, decision, &rr, err) !=
        FK_RELEASE_OK)
        goto out;
    rc = fk_release_insert(db, "account:analyst", &analyst, id, rr.stix_report_id, rr.audience,
                           rr.tier, rr.deadline, rr.bundle, &rid, err);
    if (rc == 0)
        rc = fk_taxii_publish(db, rr.audience, rr.bundle, &n, err);
    fk_release_result_free(&rr);
out:
    json_decref(in);
    json_decref(norm);
    json_decref(report);
    json_decref(reasons);
    json_decref(decision);
    return rc;
}

/* Organisations, a group, accounts with API keys, TAXII collections and one release,
 * so that a fresh hub has something to show. Keys go to DIR/demo-credentials.txt
 * (mode 0600), never into the repository. */
static int demo_hub(const char *dir)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/demo-credentials.txt", dir);
    struct stat st;
    if (stat(path, &st) == 0) {
        printf("demo hub already prepared in %s (API keys in %s)\n", dir, path);
        return 0;
    }
    fk_db *db;
    fk_err err;
    if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
        fprintf(stderr, "fukurou demo: %s: %s\n", dir, strerror(errno));
        return 2;
    }
    /* the hub's store: PostgreSQL when FUKUROU_STORE names one, else the folder's file */
    const char *store = getenv("FUKUROU_STORE");
    if (hub_step(fk_db_open(&db, store && *store ? store : dir, &err), &err))
        return 2;
    const char *actor = "demo";
    int64_t id;
    static const char *const orgs[][3] = {
        {"NISC", "centre", NULL},
        {"Kanto Electric", "electricity", "kanto-electric.example"},
        {"Chubu Gas", "gas", "chubu-gas.example"},
        {"Tokyo Bank", "finance", "tokyo-bank.example"},
        {"Example Prefecture", "local-government", "pref.example.lg.jp"},
    };
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < sizeof orgs / sizeof orgs[0]; i++) {
        rc = fk_org_create(db, actor, orgs[i][0], orgs[i][1], &id, &err);
        if (rc == 0 && orgs[i][2])
            rc = fk_org_add_identifier(db, actor, orgs[i][0], "domain", orgs[i][2], &err);
    }
    if (rc == 0)
        rc = fk_org_add_identifier(db, actor, "Kanto Electric", "network", "198.51.100.0/24", &err);
    if (rc == 0)
        rc = fk_group_create(db, actor, "Energy CEPTOAR", "electricity and gas operators", &id,
                             &err);
    if (rc == 0)
        rc = fk_group_add_member(db, actor, "Energy CEPTOAR", "Kanto Electric", &err);
    if (rc == 0)
        rc = fk_group_add_member(db, actor, "Energy CEPTOAR", "Chubu Gas", &err);
    static const char *const accounts[][3] = {
        {"admin", "NISC", "centre-admin"},
        {"analyst", "NISC", "centre-analyst"},
        {"kanto-soc", "Kanto Electric", "member-reporter"},
        {"chubu-soc", "Chubu Gas", "member-reader"},
        {"bank-soc", "Tokyo Bank", "member-reader"},
    };
    FILE *cred = NULL;
    if (rc == 0) {
        int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
        cred = fd >= 0 ? fdopen(fd, "w") : NULL;
        if (!cred)
            rc = fk_errf(&err, "%s: %s", path, strerror(errno));
    }
    if (cred)
        fprintf(cred,
                "# fukurou demo hub: account, API key (shown only here), role, organisation\n");
    for (size_t i = 0; rc == 0 && i < sizeof accounts / sizeof accounts[0]; i++) {
        fk_role role = FK_ROLE_MEMBER_READER;
        fk_role_parse(accounts[i][2], &role);
        char kid[32], token[96];
        rc = fk_account_create(db, actor, accounts[i][0], accounts[i][1], role, NULL, &id, &err);
        if (rc == 0)
            rc = fk_apikey_create(db, actor, accounts[i][0], "demo", FK_PERM_API | FK_PERM_INGEST,
                                  kid, token, &err);
        if (rc == 0)
            fprintf(cred, "%-10s %s %-15s %s\n", accounts[i][0], token, accounts[i][2],
                    accounts[i][1]);
    }
    json_t *everyone =
        json_pack("{s[] s[] sb sb}", "sectors", "groups", "all_members", 1, "public", 0);
    json_t *energy = json_pack("{s[] s[s] sb sb}", "sectors", "groups", "Energy CEPTOAR",
                               "all_members", 0, "public", 0);
    json_t *writers = json_pack("[s]", "Energy CEPTOAR");
    char cid[40];
    if (rc == 0)
        rc = fk_collection_create(db, actor, NULL, FK_DEFAULT_API_ROOT, "All members",
                                  "for every member", everyone, NULL, cid, &err);
    if (rc == 0)
        rc = fk_collection_create(db, actor, NULL, FK_DEFAULT_API_ROOT, "Energy CEPTOAR",
                                  "electricity and gas", energy, writers, cid, &err);
    if (rc == 0)
        rc = demo_release(db, &err);
    if (rc == 0 && write_stream(dir) != 0)
        rc = fk_errf(&err, "%s/stream: cannot write the demo logs", dir);
    json_decref(everyone);
    json_decref(energy);
    json_decref(writers);
    if (cred && fclose(cred) != 0 && rc == 0)
        rc = fk_errf(&err, "%s: cannot write", path);
    fk_db_close(db);
    if (hub_step(rc, &err))
        return 2;
    printf("demo hub prepared in %s; API keys in %s\n", dir, path);
    return 0;
}

int fk_cmd_demo(int argc, char **argv)
{
    if (argc == 3 && !strcmp(argv[1], "--hub"))
        return demo_hub(argv[2]);
    if (argc != 2 || argv[1][0] == '-') {
        fprintf(stderr,
                "usage: fukurou demo DIR         write demo logs, indicators and rules into DIR\n"
                "       fukurou demo --hub DIR   prepare a demo hub (members, keys, a release) in "
                "DIR\n");
        return 2;
    }
    const char *dir = argv[1];
    if (mkdir(dir, 0755) != 0 && errno != EEXIST) {
        fprintf(stderr, "fukurou demo: %s: %s\n", dir, strerror(errno));
        return 2;
    }
    int64_t t0 = fk_time_from_civil(2024, 5, 14, 0, 0, 0) * 1000;
    if (write_access(dir, t0) || write_auth(dir, t0) || write_events(dir, t0) || write_iocs(dir)) {
        fprintf(stderr, "fukurou demo: cannot write the demo files in %s\n", dir);
        return 2;
    }
    printf("demo logs written to %s\n", dir);
    return 0;
}
