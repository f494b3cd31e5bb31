/* End-to-end tests of incident coordination on the real hub: cases opened by members
 * and by the centre, moved through the workflow (a transition it does not allow is
 * refused with the allowed ones named), what a case links and its tasks, who sees a case
 * (another member gets 404, as if it did not exist), and the timeline in the audit
 * chain, which `fukurou admin verify-audit` checks. */
#include "hub.h"

static char analyst[96], power[96], power_reader[96], bank[96];

static void setup_cases(void)
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
    key_for("rita", power_reader);
    key_for("bob", bank);
    start_server("");
}

static void teardown_cases(void)
{
    stop_server();
    teardown();
}

TestSuite(cases, .init = setup_cases, .fini = teardown_cases, .timeout = 90);

static const char incident[] =
    "{\"kind\":\"incident\",\"title\":\"Ransomware on the billing servers\","
    "\"description\":\"Encrypted shares since 03:10\"}";

static void move(const char *key, const char *to, int status)
{
    result r;
    char body[200];
    snprintf(body, sizeof body, "{\"state\":\"%s\",\"note\":\"moving on\"}", to);
    cr_assert_eq(call(&r, key, "POST", "/api/v1/cases/1/state", body), status, "%s: %s", to, r.out);
}

Test(cases, a_member_opens_a_case_the_centre_runs_it_and_the_timeline_is_chained)
{
    result r;
    cr_assert_eq(call(&r, power_reader, "POST", "/api/v1/cases", incident), 403,
                 "a member-reader follows cases, it does not open them");
    cr_assert_eq(call(&r, power, "POST", "/api/v1/cases", incident), 201, "%s", r.out);
    cr_assert_not_null(strstr(r.out, "\"state\":\"reported\""), "%s", r.out);
    cr_assert_not_null(strstr(r.out, "\"organisation\":\"PowerCo\""), "%s", r.out);
    /* the member does not run an incident through the workflow; the centre does, in order */
    move(power, "investigating", 403);
    cr_assert_eq(call(&r, analyst, "POST", "/api/v1/cases/1/state", "{\"state\":\"responding\"}"),
                 409);
    cr_assert_not_null(strstr(r.out, "it may move to: investigating, closed"), "%s", r.out);
    cr_assert_eq(call(&r, analyst, "POST", "/api/v1/cases/1/state", "{\"state\":\"on-fire\"}"),
                 400);
    cr_assert_not_null(strstr(r.out, "'on-fire' is not a state of incident cases"), "%s", r.out);
    static const char *const flow[] = {"investigating",     "situation",  "decided",
                                       "support-requested", "supporting", "responding"};
    for (size_t i = 0; i < sizeof flow / sizeof flow[0]; i++)
        move(analyst, flow[i], 200);
    /* the member follows and writes; another member sees nothing, not even that it exists */
    cr_assert_eq(call(&r, power, "POST", "/api/v1/cases/1/messages",
                      "{\"text\":\"backups restored on two of five servers\"}"),
                 201, "%s", r.out);
    cr_assert_eq(call(&r, power_reader, "GET", "/api/v1/cases/1", NULL), 200);
    cr_assert_not_null(strstr(r.out, "\"state\":\"responding\""), "%s", r.out);
    cr_assert_eq(call(&r, bank, "GET", "/api/v1/cases/1", NULL), 404);
    cr_assert_eq(call(&r, bank, "POST", "/api/v1/cases/1/messages", "{\"text\":\"hello\"}"), 404);
    cr_assert_eq(call(&r, bank, "GET", "/api/v1/cases/1/timeline", NULL), 404);
    cr_assert_eq(call(&r, bank, "GET", "/api/v1/cases", NULL), 200);
    cr_assert_str_eq(r.out, "[]");
    move(analyst, "closed", 200);
    cr_assert_eq(call(&r, power, "GET", "/api/v1/cases/1/timeline", NULL), 200);
    const char *actions[] = {"case.open", "case.state", "case.message"};
    for (size_t i = 0; i < 3; i++)
        cr_assert_not_null(strstr(r.out, actions[i]), "%s in the timeline: %s", actions[i], r.out);
    cr_assert_not_null(strstr(r.out, "backups restored"), "%s", r.out);
    /* newest first: the closing is the first entry */
    const char *closing = strstr(r.out, "\\\"to\\\":\\\"closed\\\"");
    const char *opening = strstr(r.out, "case.open");
    cr_assert(closing && opening && closing < opening, "newest first: %s", r.out);
    run(&r, "admin --data d verify-audit");
    cr_assert_eq(r.status, 0, "the timeline's chain verifies: %s", r.out);
    /* a rewritten timeline entry breaks the chain */
    cr_assert_eq(store_sql("UPDATE audit SET detail = '{\"text\":\"all fine\"}' WHERE action = "
                           "'case.message'",
                           NULL, 0),
                 0);
    run(&r, "admin --data d verify-audit");
    cr_assert_neq(r.status, 0, "an edited timeline is found: %s", r.out);
}

/* Reports from outside the membership are the centre's to record, with who found them;
 * the member concerned sees the case about itself. Fields that are wrong are named. */
Test(cases, a_finder_outside_the_membership_and_fields_named)
{
    result r;
    cr_assert_eq(call(&r, power, "POST", "/api/v1/cases",
                      "{\"kind\":\"third-party\",\"title\":\"x\",\"finder\":\"a researcher\"}"),
                 403);
    cr_assert_eq(call(&r, analyst, "POST", "/api/v1/cases",
                      "{\"kind\":\"third-party\",\"title\":\"Open directory\","
                      "\"organisation\":\"Bank\"}"),
                 400);
    cr_assert_not_null(strstr(r.out, "finder"), "%s", r.out);
    cr_assert_eq(call(&r, analyst, "POST", "/api/v1/cases",
                      "{\"kind\":\"third-party\",\"title\":\"Open directory of customer files\","
                      "\"organisation\":\"Bank\",\"finder\":\"a security researcher\","
                      "\"severity\":2}"),
                 201, "%s", r.out);
    cr_assert_not_null(strstr(r.out, "\"state\":\"received\""), "%s", r.out);
    cr_assert_eq(call(&r, bank, "GET", "/api/v1/cases/1", NULL), 200, "the bank sees its case");
    cr_assert_eq(call(&r, power, "GET", "/api/v1/cases/1", NULL), 404);
    cr_assert_eq(call(&r, analyst, "POST", "/api/v1/cases",
                      "{\"kind\":\"incident\",\"title\":\"t\",\"organisation\":\"Nobody\"}"),
                 400);
    cr_assert_not_null(strstr(r.out, "organisation"), "%s", r.out);
    cr_assert_eq(call(&r, analyst, "POST", "/api/v1/cases",
                      "{\"kind\":\"incident\",\"title\":\"t\",\"organisation\":\"Bank\","
                      "\"severity\":99}"),
                 400);
    cr_assert_not_null(strstr(r.out, "severity"), "%s", r.out);
    cr_assert_eq(call(&r, power, "POST", "/api/v1/cases", "{\"kind\":\"audit\",\"title\":\"t\"}"),
                 400);
    cr_assert_not_null(strstr(r.out, "kind"), "%s", r.out);
    cr_assert_eq(call(&r, bank, "POST", "/api/v1/cases",
                      "{\"kind\":\"incident\",\"title\":\"t\",\"organisation\":\"PowerCo\"}"),
                 403, "a member opens cases about itself only");
    cr_assert_eq(call(&r, analyst, "GET", "/api/v1/cases?kind=third-party", NULL), 200);
    cr_assert_not_null(strstr(r.out, "Open directory"), "%s", r.out);
    cr_assert_eq(call(&r, analyst, "GET", "/api/v1/case-kinds", NULL), 200);
    cr_assert_not_null(strstr(r.out, "\"support-requested\""), "%s", r.out);
}

/* Links name what the caller may see; tasks go to people of the organisation concerned
 * or of the centre; a member moves its own preventive measure through its workflow. */
Test(cases, links_tasks_assignment_and_a_members_preventive_measure)
{
    result r;
    cr_assert_eq(call(&r, power, "POST", "/api/v1/cases",
                      "{\"kind\":\"preventive\",\"title\":\"Block the VPN's old cipher suites\"}"),
                 201, "%s", r.out);
    cr_assert_eq(call(&r, bank, "POST", "/api/v1/reports",
                      "{\"type\":\"observation\",\"title\":\"scan\",\"description\":\"d\","
                      "\"tlp\":\"GREEN\",\"consent\":\"members\",\"fields\":{\"observed_from\":"
                      "\"2026-12-01T00:00:00Z\",\"observed_until\":\"2026-12-01T01:00:00Z\"},"
                      "\"indicators\":[\"203.0.113.9\"]}"),
                 201, "%s", r.out);
    cr_assert_eq(
        call(&r, power, "POST", "/api/v1/cases/1/links", "{\"kind\":\"report\",\"ref\":\"1\"}"),
        400, "another member's report is not the member's to link: %s", r.out);
    cr_assert_eq(
        call(&r, analyst, "POST", "/api/v1/cases/1/links", "{\"kind\":\"report\",\"ref\":\"1\"}"),
        200, "%s", r.out);
    cr_assert_eq(call(&r, power, "POST", "/api/v1/cases/1/links",
                      "{\"kind\":\"indicator\",\"ref\":\"203.0.113.9\"}"),
                 200, "%s", r.out);
    cr_assert_not_null(strstr(r.out, "\"ref\":\"203.0.113.9\""), "%s", r.out);
    cr_assert_eq(call(&r, power, "POST", "/api/v1/cases/1/tasks",
                      "{\"title\":\"update the VPN\",\"owner\":\"bob\"}"),
                 400, "bob works for neither: %s", r.out);
    cr_assert_eq(call(&r, power, "POST", "/api/v1/cases/1/tasks",
                      "{\"title\":\"update the VPN\",\"owner\":\"carol\",\"due\":\"soon\"}"),
                 400);
    cr_assert_not_null(strstr(r.out, "due"), "%s", r.out);
    cr_assert_eq(call(&r, power, "POST", "/api/v1/cases/1/tasks",
                      "{\"title\":\"update the VPN\",\"owner\":\"carol\","
                      "\"due\":\"2026-12-05T09:00:00+09:00\"}"),
                 201, "%s", r.out);
    cr_assert_not_null(strstr(r.out, "\"due\":\"2026-12-05T00:00:00.000Z\""), "%s", r.out);
    cr_assert_eq(call(&r, power, "POST", "/api/v1/cases/1/tasks/1/done", NULL), 200, "%s", r.out);
    cr_assert_eq(call(&r, power, "POST", "/api/v1/cases/1/tasks/1/done", NULL), 409);
    cr_assert_eq(call(&r, power, "POST", "/api/v1/cases/1/assign", "{\"assignee\":\"ana\"}"), 403);
    cr_assert_eq(call(&r, analyst, "POST", "/api/v1/cases/1/assign", "{\"assignee\":\"carol\"}"),
                 400, "a case goes to a centre account: %s", r.out);
    cr_assert_eq(call(&r, analyst, "POST", "/api/v1/cases/1/assign",
                      "{\"assignee\":\"ana\",\"severity\":1}"),
                 200, "%s", r.out);
    cr_assert_not_null(strstr(r.out, "\"assignee\":\"ana\""), "%s", r.out);
    cr_assert_not_null(strstr(r.out, "\"severity\":1"), "%s", r.out);
    /* a member runs its own preventive measure */
    cr_assert_eq(call(&r, power, "POST", "/api/v1/cases/1/state", "{\"state\":\"in-progress\"}"),
                 200, "%s", r.out);
    cr_assert_eq(call(&r, power, "POST", "/api/v1/cases/1/state", "{\"state\":\"done\"}"), 200,
                 "%s", r.out);
    cr_assert_eq(call(&r, power, "GET", "/api/v1/cases?state=done", NULL), 200);
    cr_assert_not_null(strstr(r.out, "cipher suites"), "%s", r.out);
    cr_assert_eq(call(&r, power, "GET", "/api/v1/cases?state=planned", NULL), 200);
    cr_assert_str_eq(r.out, "[]");
}

/* kill -9 during a burst of case changes, restart: every change the hub acknowledged
 * (201) is in the case's timeline, and the audit chain verifies. */
Test(cases, acknowledged_changes_survive_kill_9)
{
    result r;
    cr_assert_eq(call(&r, power, "POST", "/api/v1/cases", incident), 201, "%s", r.out);
    write_file(
        "burst.sh",
        "for i in $(seq 1000 2999); do\n"
        "  code=$(curl -s -o /dev/null -w '%{http_code}' -H \"Authorization: Bearer "
        "$KEY\" -H 'Content-Type: application/json' --data \"{\\\"text\\\":\\\"step $i\\\"}\" "
        "\"http://127.0.0.1:$PORT/api/v1/cases/1/messages\")\n"
        "  [ \"$code\" = 201 ] && echo $i >> acked.txt\n"
        "done\n");
    static char acked[65536];
    int n = burst_then_kill("burst.sh", power, 5 * 40, acked, sizeof acked);
    cr_assert_gt(n, 10, "the test needs some acknowledged changes before the kill (%d)", n);
    start_server("");
    static result t; /* a timeline of a few thousand entries */
    cr_assert_eq(call(&t, power, "GET", "/api/v1/cases/1/timeline?limit=1000", NULL), 200);
    int missing = 0;
    for (const char *p = acked; *p;) {
        char step[64];
        snprintf(step, sizeof step, "step %d\\\"", atoi(p));
        missing += strstr(t.out, step) == NULL;
        const char *nl = strchr(p, '\n');
        p = nl ? nl + 1 : p + strlen(p);
    }
    cr_assert_eq(missing, 0, "%d of %d acknowledged changes lost after kill -9", missing, n);
    run(&r, "admin --data d verify-audit");
    cr_assert_eq(r.status, 0, "the chain verifies after the kill: %s", r.out);
}

/* Support from another organisation: the admin records who offers what; the centre asks
 * on a case; the supporter sees the request (not whose case it is), accepts it and
 * completes it; steps the workflow does not allow are refused with the allowed ones
 * named; each step is in the case's timeline. */
Test(cases, support_is_requested_accepted_and_completed)
{
    admin("admin --data d org create JPCERT --sector security-vendor");
    admin("admin --data d account create sam --org JPCERT --role member-reporter");
    admin("admin --data d account create root --org NISC --role centre-admin");
    char support[96], root[96];
    key_for("sam", support);
    key_for("root", root);
    result r;
    cr_assert_eq(call(&r, analyst, "GET", "/api/v1/support-capabilities", NULL), 200);
    cr_assert_not_null(strstr(r.out, "site-takedown"), "the seed's catalogue: %s", r.out);
    cr_assert_eq(call(&r, analyst, "POST", "/api/v1/supporters",
                      "{\"organisation\":\"JPCERT\",\"capabilities\":[\"site-takedown\"]}"),
                 403);
    cr_assert_eq(call(&r, root, "POST", "/api/v1/supporters",
                      "{\"organisation\":\"JPCERT\",\"capabilities\":[\"teleportation\"]}"),
                 400);
    cr_assert_not_null(strstr(r.out, "teleportation"), "%s", r.out);
    cr_assert_eq(call(&r, root, "POST", "/api/v1/supporters",
                      "{\"organisation\":\"JPCERT\",\"capabilities\":[\"site-takedown\","
                      "\"malware-analysis\"]}"),
                 200, "%s", r.out);
    cr_assert_eq(call(&r, power, "POST", "/api/v1/cases", incident), 201);
    cr_assert_eq(call(&r, analyst, "POST", "/api/v1/cases/1/support",
                      "{\"supporter\":\"JPCERT\",\"capability\":\"user-warning\","
                      "\"description\":\"x\"}"),
                 400, "not offered: %s", r.out);
    cr_assert_eq(call(&r, power, "POST", "/api/v1/cases/1/support",
                      "{\"supporter\":\"JPCERT\",\"capability\":\"site-takedown\","
                      "\"description\":\"x\"}"),
                 403);
    cr_assert_eq(call(&r, analyst, "POST", "/api/v1/cases/1/support",
                      "{\"supporter\":\"JPCERT\",\"capability\":\"site-takedown\","
                      "\"description\":\"Take down the phishing site at vpn-login.evil.example\","
                      "\"due\":\"2026-12-02T09:00:00+09:00\"}"),
                 201, "%s", r.out);
    cr_assert_not_null(strstr(r.out, "\"state\":\"requested\""), "%s", r.out);
    cr_assert_eq(call(&r, support, "GET", "/api/v1/support-requests", NULL), 200);
    cr_assert_not_null(strstr(r.out, "vpn-login.evil.example"), "%s", r.out);
    cr_assert_null(strstr(r.out, "PowerCo"), "the supporter is not told whose case: %s", r.out);
    cr_assert_eq(call(&r, support, "GET", "/api/v1/cases/1", NULL), 404);
    cr_assert_eq(
        call(&r, bank, "POST", "/api/v1/support-requests/1/state", "{\"state\":\"accepted\"}"), 404,
        "not the bank's to answer");
    cr_assert_eq(call(&r, support, "POST", "/api/v1/support-requests/1/state",
                      "{\"state\":\"in-progress\"}"),
                 409);
    cr_assert_not_null(strstr(r.out, "accepted, declined, cancelled"), "%s", r.out);
    cr_assert_eq(
        call(&r, support, "POST", "/api/v1/support-requests/1/state", "{\"state\":\"accepted\"}"),
        200, "%s", r.out);
    cr_assert_eq(
        call(&r, support, "POST", "/api/v1/support-requests/1/state", "{\"state\":\"cancelled\"}"),
        403, "the centre cancels");
    cr_assert_eq(call(&r, support, "POST", "/api/v1/support-requests/1/state",
                      "{\"state\":\"completed\",\"note\":\"site is down\"}"),
                 200, "%s", r.out);
    cr_assert_not_null(strstr(r.out, "\"state\":\"completed\""), "%s", r.out);
    cr_assert_eq(call(&r, power, "GET", "/api/v1/cases/1/timeline", NULL), 200);
    cr_assert_not_null(strstr(r.out, "case.support_request"), "%s", r.out);
    cr_assert_not_null(strstr(r.out, "site is down"), "the supporter's note: %s", r.out);
    run(&r, "admin --data d verify-audit");
    cr_assert_eq(r.status, 0, "%s", r.out);
}

/* Deadlines: the centre-admin sets the clocks (wrong fields named); a case's step gets a
 * due time; when it runs out the scheduler alerts the organisation's first contact, then
 * the next, and stops when there is none, each step in the timeline; a waiting state has
 * no clock. */
Test(cases, a_step_past_its_clock_escalates_contact_by_contact)
{
    stop_server();
    start_server("--scheduler-tick 1");
    admin("admin --data d account create root --org NISC --role centre-admin");
    char root[96];
    key_for("root", root);
    result r;
    cr_assert_eq(call(&r, analyst, "GET", "/api/v1/deadline-policy", NULL), 200);
    cr_assert_not_null(strstr(r.out, "\"calendar\":\"business\""), "the shipped one: %s", r.out);
    cr_assert_eq(call(&r, analyst, "POST", "/api/v1/deadline-policy", "{}"), 403);
    cr_assert_eq(call(&r, root, "POST", "/api/v1/deadline-policy",
                      "{\"calendar\":\"continuous\",\"clocks\":[{\"kind\":\"incident\","
                      "\"state\":\"support-requested\",\"hours\":1}]}"),
                 400);
    cr_assert_not_null(strstr(r.out, "waiting"), "a waiting state has no clock: %s", r.out);
    cr_assert_eq(call(&r, root, "POST", "/api/v1/deadline-policy",
                      "{\"calendar\":\"continuous\",\"clocks\":[{\"kind\":\"incident\","
                      "\"state\":\"reported\",\"hours\":0.0005}]}"),
                 200, "%s", r.out);
    static const char *const contacts[] = {
        "{\"name\":\"SOC desk\",\"channel\":\"email\",\"address\":\"soc@power.example\"}",
        "{\"name\":\"Duty manager\",\"channel\":\"phone\",\"address\":\"+81 3-1234-5678\"}"};
    for (int i = 0; i < 2; i++)
        cr_assert_eq(call(&r, power, "POST", "/api/v1/contacts", contacts[i]), 201, "%s", r.out);
    cr_assert_eq(call(&r, power, "POST", "/api/v1/cases", incident), 201, "%s", r.out);
    cr_assert_not_null(strstr(r.out, "\"due\":"), "the step has a clock: %s", r.out);
    /* 1.8 s a step, a tick a second: both contacts, then the clock stops */
    bool stopped = false;
    for (int i = 0; i < 100 && !stopped; i++) {
        usleep(100000);
        cr_assert_eq(call(&r, analyst, "GET", "/api/v1/cases/1", NULL), 200);
        stopped = strstr(r.out, "\"escalation\":2") && !strstr(r.out, "\"due\":");
    }
    cr_assert(stopped, "escalated twice, then no further contact: %s", r.out);
    cr_assert_eq(call(&r, analyst, "GET", "/api/v1/cases/1/timeline", NULL), 200);
    const char *second = strstr(r.out, "Duty manager"), *first = strstr(r.out, "SOC desk");
    cr_assert(first && second && second < first, "the desk first, then the manager: %s", r.out);
    cr_assert_not_null(strstr(r.out, "no SMTP relay configured"),
                       "the e-mail that could not go is said: %s", r.out);
    /* a waiting state: no clock */
    cr_assert_eq(call(&r, power, "POST", "/api/v1/cases", incident), 201);
    static const char *const flow[] = {"investigating", "situation", "decided",
                                       "support-requested"};
    for (size_t i = 0; i < 4; i++) {
        char body[80];
        snprintf(body, sizeof body, "{\"state\":\"%s\"}", flow[i]);
        cr_assert_eq(call(&r, analyst, "POST", "/api/v1/cases/2/state", body), 200, "%s", r.out);
    }
    cr_assert_null(strstr(r.out, "\"due\":"), "waiting on supporters: paused: %s", r.out);
}

/* The same from the command line: a case opened and moved as accounts, shown with its
 * timeline; a contact, the mode, and a deadline policy whose wrong field is named. */
Test(cases, the_command_line_runs_cases_contacts_and_deadlines)
{
    result r;
    run(&r, "admin --data d case open --as carol --kind incident --title 'Phishing at the desk'");
    cr_assert_eq(r.status, 0, "%s%s", r.out, r.err);
    run(&r, "admin --data d case move 1 responding --as ana");
    cr_assert_eq(r.status, 2, "the workflow's rule holds here too");
    cr_assert_not_null(strstr(r.err, "investigating, closed"), "%s", r.err);
    run(&r, "admin --data d case move 1 investigating --as ana --note 'on it'");
    cr_assert_eq(r.status, 0, "%s", r.err);
    run(&r, "admin --data d case show 1");
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert_not_null(strstr(r.out, "\"state\": \"investigating\""), "%s", r.out);
    cr_assert_not_null(strstr(r.out, "on it"), "the timeline: %s", r.out);
    run(&r, "admin --data d case list --org PowerCo");
    cr_assert_not_null(strstr(r.out, "Phishing at the desk"), "%s", r.out);
    run(&r, "admin --data d contact add --org PowerCo --name 'SOC desk' --channel email "
            "--address soc@power.example");
    cr_assert_eq(r.status, 0, "%s", r.err);
    run(&r, "admin --data d contact-mode large-scale");
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert_str_eq(r.out, "large-scale\n");
    write_file("policy.json", "{\"calendar\":\"continuous\",\"clocks\":[{\"kind\":\"incident\","
                              "\"state\":\"reported\",\"hours\":\"soon\"}]}");
    run(&r, "admin --data d deadline-policy policy.json");
    cr_assert_eq(r.status, 2);
    cr_assert_not_null(strstr(r.err, "clocks[0].hours"), "%s", r.err);
}

/* The centre shares a case with a release: it goes out as a STIX incident anonymised as
 * the report is (the member's name masked), valid by the OASIS schemas, and the case
 * links to the release in its timeline; a case about another organisation than the
 * report's provider is refused, since its identity would not be masked. */
Test(cases, a_case_shared_in_a_release_is_an_anonymised_incident)
{
    result r;
    cr_assert_eq(call(&r, power, "POST", "/api/v1/cases",
                      "{\"kind\":\"incident\",\"title\":\"PowerCo billing outage\","
                      "\"description\":\"PowerCo's billing servers encrypted\"}"),
                 201, "%s", r.out);
    cr_assert_eq(call(&r, bank, "POST", "/api/v1/cases", incident), 201, "%s", r.out);
    cr_assert_eq(call(&r, power, "POST", "/api/v1/reports",
                      "{\"type\":\"incident\",\"title\":\"Ransomware at PowerCo\",\"description\":"
                      "\"Encrypted shares\",\"tlp\":\"GREEN\",\"pap\":\"GREEN\",\"consent\":"
                      "\"members\",\"impact\":\"billing\",\"fields\":{\"occurred_at\":"
                      "\"2026-11-30T09:00:00+09:00\",\"state\":\"ongoing\"}}"),
                 201, "%s", r.out);
    cr_assert_eq(call(&r, analyst, "POST", "/api/v1/reports/1/triage",
                      "{\"severity\":2,\"reasons\":{\"society\":\"low\",\"systems\":\"billing\"}}"),
                 200, "%s", r.out);
    cr_assert_eq(call(&r, analyst, "POST", "/api/v1/reports/1/release",
                      "{\"tier\":\"advisory\",\"audience\":{\"all_members\":true},\"cases\":[2]}"),
                 409, "%s", r.out);
    cr_assert_not_null(strstr(r.out, "cases[0]"), "%s", r.out);
    cr_assert_eq(call(&r, analyst, "POST", "/api/v1/reports/1/release",
                      "{\"tier\":\"advisory\",\"audience\":{\"all_members\":true},\"cases\":[9]}"),
                 400, "%s", r.out);
    cr_assert_eq(call(&r, analyst, "POST", "/api/v1/reports/1/release",
                      "{\"tier\":\"advisory\",\"audience\":{\"all_members\":true},\"cases\":[1]}"),
                 201, "%s", r.out);
    cr_assert_eq(call(&r, bank, "GET", "/api/v1/releases/1", NULL), 200);
    cr_assert_not_null(strstr(r.out, "\"type\":\"incident\""), "%s", r.out);
    cr_assert_not_null(strstr(r.out, "case-kind:incident"), "%s", r.out);
    cr_assert_not_null(strstr(r.out, "billing servers encrypted"), "%s", r.out);
    cr_assert_null(strstr(r.out, "PowerCo"), "the member's name is masked: %s", r.out);
    write_file("release.json", r.out);
    cr_assert_eq(call(&r, power, "GET", "/api/v1/cases/1", NULL), 200);
    cr_assert_not_null(strstr(r.out, "\"kind\":\"release\""), "the case links to it: %s", r.out);
    char cmd[512];
    snprintf(cmd, sizeof cmd,
             "cd %s && python3 -c \"import json; json.dump([json.load(open('release.json'))"
             "['bundle']], open('bundles.json', 'w'))\"",
             dir);
    cr_assert_eq(system(cmd), 0);
    char out[8192];
    int code = stix_check("bundles.json", out, sizeof out);
    cr_assert_eq(code, 0, "STIX schema validation failed:\n%s", out);
    cr_assert_not_null(strstr(out, " 0 errors"), "%s", out);
}

/* The command line for what coordination sends out: offers and a support request moved
 * by the supporter, a drill and an answer the centre took by phone, a webhook (refused
 * without the hub's key, its secret printed once with it), a member's answer to a
 * release; a wrong step is refused with the allowed ones named. */
Test(cases, the_command_line_runs_support_drills_webhooks_and_answers)
{
    result r;
    admin("admin --data d org create JPCERT --sector security-vendor");
    admin("admin --data d account create sam --org JPCERT --role member-reporter");
    run(&r, "admin --data d support offers JPCERT site-takedown teleportation");
    cr_assert_eq(r.status, 2, "an unknown capability: %s", r.out);
    cr_assert_not_null(strstr(r.err, "teleportation"), "%s", r.err);
    run(&r, "admin --data d support offers JPCERT site-takedown");
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert_not_null(strstr(r.out, "site-takedown"), "%s", r.out);
    run(&r, "admin --data d case open --as carol --kind incident --title 'Phishing site'");
    cr_assert_eq(r.status, 0, "%s", r.err);
    run(&r, "admin --data d support request 1 --supporter JPCERT --capability site-takedown "
            "--description 'Take down login.evil.example' --as ana");
    cr_assert_eq(r.status, 0, "%s", r.err);
    run(&r, "admin --data d support move 1 completed --as sam");
    cr_assert_eq(r.status, 2);
    cr_assert_not_null(strstr(r.err, "accepted, declined"), "%s", r.err);
    run(&r, "admin --data d support move 1 accepted --as sam --note 'on it'");
    cr_assert_eq(r.status, 0, "%s", r.err);
    run(&r, "admin --data d support list --case 1");
    cr_assert_not_null(strstr(r.out, "\"state\": \"accepted\""), "%s", r.out);
    run(&r, "admin --data d case notices 1");
    cr_assert_eq(r.status, 0, "%s", r.err);

    run(&r, "admin --data d contact add --org PowerCo --name Duty --channel phone --address "
            "'+81 3-1111-2222'");
    cr_assert_eq(r.status, 0, "%s", r.err);
    run(&r, "admin --data d drill start");
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert_not_null(strstr(r.out, "\"answered\": 0"), "%s", r.out);
    run(&r, "admin --data d drill confirm 1 1 --via phone");
    cr_assert_eq(r.status, 0, "%s", r.err);
    run(&r, "admin --data d drill confirm 1 1 --via phone");
    cr_assert_eq(r.status, 2, "answered before");
    run(&r, "admin --data d drill show 1");
    cr_assert_not_null(strstr(r.out, "\"answered\": 1"), "%s", r.out);

    run(&r, "admin --data d webhook add https://soc.power.example/hook --as carol");
    cr_assert_eq(r.status, 2);
    cr_assert_not_null(strstr(r.err, "FUKUROU_WEBHOOK_KEY"), "%s", r.err);
    setenv("FUKUROU_WEBHOOK_KEY", "0123456789abcdef0123456789abcdef-cli", 1);
    run(&r, "admin --data d webhook add https://soc.power.example/hook --as carol");
    unsetenv("FUKUROU_WEBHOOK_KEY");
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert_not_null(strstr(r.out, "\"secret\""), "%s", r.out);
    run(&r, "admin --data d webhook list");
    cr_assert_not_null(strstr(r.out, "soc.power.example"), "%s", r.out);
    cr_assert_null(strstr(r.out, "\"secret\""), "%s", r.out);
    run(&r, "admin --data d webhook remove 1");
    cr_assert_eq(r.status, 0, "%s", r.err);

    cr_assert_eq(call(&r, power, "POST", "/api/v1/reports",
                      "{\"type\":\"incident\",\"title\":\"Phishing\",\"description\":\"x\","
                      "\"tlp\":\"GREEN\",\"pap\":\"GREEN\",\"consent\":\"members\",\"impact\":"
                      "\"none\",\"fields\":{\"occurred_at\":\"2026-11-30T09:00:00+09:00\","
                      "\"state\":\"ongoing\"}}"),
                 201, "%s", r.out);
    cr_assert_eq(call(&r, analyst, "POST", "/api/v1/reports/1/triage",
                      "{\"severity\":1,\"reasons\":{\"society\":\"low\",\"systems\":\"mail\"}}"),
                 200);
    cr_assert_eq(call(&r, analyst, "POST", "/api/v1/reports/1/release",
                      "{\"tier\":\"general\",\"audience\":{\"all_members\":true}}"),
                 201, "%s", r.out);
    run(&r, "admin --data d release answer 1 done --as bob --note 'rules deployed'");
    cr_assert_eq(r.status, 0, "%s", r.err);
    run(&r, "admin --data d release answer 1 done --as ana");
    cr_assert_eq(r.status, 2, "the centre does not answer");
    run(&r, "admin --data d release answers 1");
    cr_assert_not_null(strstr(r.out, "rules deployed"), "%s", r.out);
    run(&r, "admin --data d verify-audit");
    cr_assert_eq(r.status, 0, "%s", r.out);
}
