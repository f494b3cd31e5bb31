/* End-to-end tests of e-mail notices and release answers on the real hub, with a real
 * SMTP server: a change of a case tells the organisation concerned (and the centre, of
 * a new case or a message) in each contact's language with a link into the console, and
 * the sending is noted in the case's timeline; a request for support tells the
 * supporting organisation what the centre asked without naming whose case; a release
 * tells each organisation it is addressed to, members answer it, and when its deadline
 * passes only those that did not answer are reminded, once. */
#include "mail.h"

#include <time.h>

static char analyst[96], root[96], power[96], bank[96], vendor[96];
static pid_t smtp;

static void setup_notices(void)
{
    setup();
    admin("admin --data d org create NISC --sector centre");
    admin("admin --data d org create PowerCo --sector electricity");
    admin("admin --data d org create Bank --sector finance");
    admin("admin --data d org create JPCERT --sector security-vendor");
    admin("admin --data d account create ana --org NISC --role centre-analyst");
    admin("admin --data d account create root --org NISC --role centre-admin");
    admin("admin --data d account create carol --org PowerCo --role member-reporter");
    admin("admin --data d account create bob --org Bank --role member-reporter");
    admin("admin --data d account create sam --org JPCERT --role member-reporter");
    key_for("ana", analyst);
    key_for("root", root);
    key_for("carol", power);
    key_for("bob", bank);
    key_for("sam", vendor);
}

static void teardown_notices(void)
{
    stop_server();
    stop_smtp(&smtp);
    teardown();
}

TestSuite(notices, .init = setup_notices, .fini = teardown_notices, .timeout = 120);

static void contact(const char *key, const char *json)
{
    result r;
    cr_assert_eq(call(&r, key, "POST", "/api/v1/contacts", json), 201, "%s: %s", json, r.out);
}

/* The hub with a relay, ticking every second, and a first e-mail contact for each
 * organisation: PowerCo's in Japanese, the others' in English. */
static void start_with_mail(void)
{
    char listen[64], extra[300];
    start_smtp(&smtp, listen);
    snprintf(extra, sizeof extra,
             "--smtp smtp://%s --mail-from centre@nisc.example --scheduler-tick 1 --public-url "
             "https://soc.example",
             listen);
    start_server(extra);
    contact(power, "{\"name\":\"SOC desk\",\"channel\":\"email\",\"address\":\"soc@power.example\","
                   "\"lang\":\"ja\"}");
    contact(power, "{\"name\":\"Deputy\",\"channel\":\"email\",\"address\":\"dep@power.example\","
                   "\"lang\":\"ja\"}");
    contact(bank, "{\"name\":\"CSIRT\",\"channel\":\"email\",\"address\":\"csirt@bank.example\","
                  "\"lang\":\"en\"}");
    contact(vendor, "{\"name\":\"Takedown desk\",\"channel\":\"email\",\"address\":"
                    "\"takedown@jpcert.example\",\"lang\":\"en\"}");
    contact(
        analyst,
        "{\"organisation\":\"NISC\",\"name\":\"Duty officer\",\"channel\":\"email\",\"address\":"
        "\"duty@nisc.example\",\"lang\":\"en\"}");
}

/* The message to one address among those received (the text from its To: line on). */
static const char *message_to(const char *box, const char *address)
{
    char to[120];
    snprintf(to, sizeof to, "To: %s", address);
    return strstr(box, to);
}

Test(notices, case_changes_tell_the_organisation_and_the_timeline_says_so)
{
    start_with_mail();
    result r;
    cr_assert_eq(call(&r, power, "POST", "/api/v1/cases",
                      "{\"kind\":\"incident\",\"title\":\"Ransomware on the billing servers\"}"),
                 201, "%s", r.out);
    static char box[131072];
    cr_assert_eq(mailbox_wait(box, sizeof box, 2), 2, "PowerCo's first contact and the centre: %s",
                 box);
    const char *mine = message_to(box, "soc@power.example");
    cr_assert_not_null(mine, "the first contact of the chain: %s", box);
    cr_assert_null(message_to(box, "dep@power.example"), "not the deputy: %s", box);
    cr_assert_not_null(strstr(mine, "https://soc.example/console/cases/1"), "a link: %s", mine);
    /* Japanese body, base64 or 8bit: look for the title, which is in the body either way */
    cr_assert_not_null(message_to(box, "duty@nisc.example"), "the centre hears of a new case");
    cr_assert(strstr(box, "Case 1 has been opened") || strstr(box, "Q2FzZSAx"),
              "the centre's in English: %s", box);
    /* a state change tells the organisation only */
    cr_assert_eq(call(&r, analyst, "POST", "/api/v1/cases/1/state",
                      "{\"state\":\"investigating\",\"note\":\"imaging the servers\"}"),
                 200, "%s", r.out);
    cr_assert_eq(mailbox_wait(box, sizeof box, 3), 3, "%s", box);
    /* the timeline notes who was told, but a member is not given the centre's people */
    bool noted = false;
    for (int i = 0; i < 100 && !noted; i++) {
        call(&r, power, "GET", "/api/v1/cases/1/timeline", NULL);
        noted = strstr(r.out, "case.notified") != NULL;
        if (!noted)
            usleep(50000);
    }
    cr_assert(noted, "%s", r.out);
    cr_assert_not_null(strstr(r.out, "SOC desk"), "%s", r.out);
    cr_assert_null(strstr(r.out, "Duty officer"), "%s", r.out);
    cr_assert_eq(call(&r, power, "GET", "/api/v1/cases/1/notices", NULL), 200);
    cr_assert_not_null(strstr(r.out, "\"sent\":"), "%s", r.out);
    cr_assert_null(strstr(r.out, "\"recipient\":\"centre\""), "%s", r.out);
    cr_assert_eq(call(&r, analyst, "GET", "/api/v1/cases/1/notices", NULL), 200);
    cr_assert_not_null(strstr(r.out, "\"recipient\":\"centre\""), "%s", r.out);
    cr_assert_eq(call(&r, bank, "GET", "/api/v1/cases/1/notices", NULL), 404);
    run(&r, "admin --data d verify-audit");
    cr_assert_eq(r.status, 0, "%s", r.out);
}

Test(notices, a_supporter_is_told_what_is_asked_not_whose_case)
{
    start_with_mail();
    result r;
    cr_assert_eq(call(&r, root, "POST", "/api/v1/supporters",
                      "{\"organisation\":\"JPCERT\",\"capabilities\":[\"site-takedown\"]}"),
                 200, "%s", r.out);
    cr_assert_eq(call(&r, power, "POST", "/api/v1/cases",
                      "{\"kind\":\"incident\",\"title\":\"PowerCo phishing wave\"}"),
                 201);
    static char box[131072];
    cr_assert_eq(mailbox_wait(box, sizeof box, 2), 2, "%s", box);
    cr_assert_eq(call(&r, analyst, "POST", "/api/v1/cases/1/support",
                      "{\"supporter\":\"JPCERT\",\"capability\":\"site-takedown\","
                      "\"description\":\"Take down vpn-login.evil.example\"}"),
                 201, "%s", r.out);
    cr_assert_eq(mailbox_wait(box, sizeof box, 3), 3, "%s", box);
    const char *to_vendor = message_to(box, "takedown@jpcert.example");
    cr_assert_not_null(to_vendor, "%s", box);
    char one[8192];
    snprintf(one, sizeof one, "%s", to_vendor);
    char *end = strstr(one, "\n----\n");
    if (end)
        *end = '\0';
    cr_assert_not_null(strstr(one, "vpn-login.evil.example"), "what is asked: %s", one);
    cr_assert_not_null(strstr(one, "https://soc.example/console/support"), "%s", one);
    cr_assert_null(strstr(one, "PowerCo"), "not whose case: %s", one);
    /* the supporter's answer tells the centre */
    cr_assert_eq(
        call(&r, vendor, "POST", "/api/v1/support-requests/1/state", "{\"state\":\"accepted\"}"),
        200, "%s", r.out);
    cr_assert_eq(mailbox_wait(box, sizeof box, 4), 4, "%s", box);
    cr_assert(strstr(box, "Support request 1 has moved on") ||
                  strstr(box, "U3VwcG9ydCByZXF1ZXN0IDEg"),
              "%s", box);
}

static const char report[] =
    "{\"type\":\"incident\",\"title\":\"Phishing against operators\",\"description\":\"Mails "
    "from c2.evil.example\",\"indicators\":[\"c2[.]evil.example\"],\"tlp\":\"GREEN\","
    "\"pap\":\"GREEN\",\"consent\":\"members\",\"impact\":\"none yet\",\"fields\":{"
    "\"occurred_at\":\"2026-11-30T09:00:00+09:00\",\"state\":\"ongoing\"}}";

Test(notices, a_release_is_announced_answered_and_its_deadline_reminds_who_did_not)
{
    start_with_mail();
    result r;
    cr_assert_eq(call(&r, power, "POST", "/api/v1/reports", report), 201, "%s", r.out);
    cr_assert_eq(call(&r, analyst, "POST", "/api/v1/reports/1/triage",
                      "{\"severity\":2,\"reasons\":{\"society\":\"low\",\"systems\":\"mail\"}}"),
                 200, "%s", r.out);
    /* a deadline a few seconds away */
    char body[400], when[40];
    time_t soon = time(NULL) + 4;
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", gmtime(&soon));
    snprintf(body, sizeof body,
             "{\"tier\":\"immediate\",\"audience\":{\"all_members\":true},\"deadline\":\"%s\"}",
             when);
    cr_assert_eq(call(&r, analyst, "POST", "/api/v1/reports/1/release", body), 201, "%s", r.out);
    static char box[131072];
    /* PowerCo, the bank and JPCERT are members; the centre is not told of its own release */
    cr_assert_eq(mailbox_wait(box, sizeof box, 3), 3, "%s", box);
    cr_assert_null(message_to(box, "duty@nisc.example"), "%s", box);
    cr_assert_not_null(strstr(box, "https://soc.example/console/releases/1"), "%s", box);
    cr_assert_eq(call(&r, analyst, "POST", "/api/v1/releases/1/answer", "{\"state\":\"done\"}"),
                 403, "the centre does not answer its own releases");
    cr_assert_eq(call(&r, bank, "POST", "/api/v1/releases/1/answer", "{\"state\":\"maybe\"}"), 400);
    cr_assert_not_null(strstr(r.out, "acknowledged, done or not-affected"), "%s", r.out);
    cr_assert_eq(call(&r, bank, "POST", "/api/v1/releases/1/answer",
                      "{\"state\":\"not-affected\",\"note\":\"no such mail gateway\"}"),
                 200, "%s", r.out);
    cr_assert_eq(
        call(&r, vendor, "POST", "/api/v1/releases/1/answer", "{\"state\":\"acknowledged\"}"), 200,
        "%s", r.out);
    cr_assert_eq(call(&r, analyst, "GET", "/api/v1/releases/1/answers", NULL), 200);
    cr_assert_not_null(strstr(r.out, "no such mail gateway"), "%s", r.out);
    cr_assert_not_null(strstr(r.out, "\"organisation\":\"PowerCo\""), "%s", r.out);
    cr_assert_eq(call(&r, bank, "GET", "/api/v1/releases/1/answers", NULL), 200);
    cr_assert_null(strstr(r.out, "PowerCo"), "a member sees its own answer only: %s", r.out);
    /* past the deadline PowerCo alone is reminded, and only once */
    cr_assert_eq(mailbox_wait(box, sizeof box, 4), 4, "%s", box);
    sleep(2);
    cr_assert_eq(mailbox(box, sizeof box), 4, "one reminder: %s", box);
    char reminded[80];
    cr_assert_eq(store_sql("SELECT c.address FROM mail_outbox m JOIN contact c ON c.id = "
                           "m.contact_id WHERE m.event = 'release.overdue'",
                           reminded, sizeof reminded),
                 0);
    cr_assert_str_eq(reminded, "soc@power.example", "only the organisation that did not answer");
    run(&r, "admin --data d verify-audit");
    cr_assert_eq(r.status, 0, "%s", r.out);
}
