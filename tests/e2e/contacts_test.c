/* End-to-end tests of the contact registry and reachability drills on the real hub: a
 * member keeps its own contacts, the centre switches between normal operation and
 * large-scale failure and routing follows; a drill mails each e-mail contact a one-time
 * link through a real SMTP server (Debian's python3-aiosmtpd, started here; skipped,
 * and said so, without it), opening the link confirms nothing until its button is
 * pressed, the report says who answered, through which channel and how fast. */
#include "mail.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

static char analyst[96], power[96], bank[96];

static void setup_contacts(void)
{
    setup();
    admin("admin --data d org create NISC --sector centre");
    admin("admin --data d org create PowerCo --sector electricity");
    admin("admin --data d org create Bank --sector finance");
    admin("admin --data d account create ana --org NISC --role centre-analyst");
    admin("admin --data d account create carol --org PowerCo --role member-reporter");
    admin("admin --data d account create bob --org Bank --role member-reporter");
    key_for("ana", analyst);
    key_for("carol", power);
    key_for("bob", bank);
}

static pid_t smtp;

static void teardown_contacts(void)
{
    stop_server();
    stop_smtp(&smtp);
    teardown();
}

TestSuite(contacts, .init = setup_contacts, .fini = teardown_contacts, .timeout = 90);

static void add(const char *key, const char *json, int status)
{
    result r;
    cr_assert_eq(call(&r, key, "POST", "/api/v1/contacts", json), status, "%s: %s", json, r.out);
}

Test(contacts, members_keep_their_own_and_routing_follows_the_mode)
{
    start_server("");
    result r;
    add(power,
        "{\"name\":\"SOC desk\",\"role\":\"point of contact\",\"channel\":\"email\","
        "\"address\":\"soc@power.example\"}",
        201);
    add(power, "{\"name\":\"Duty manager\",\"channel\":\"phone\",\"address\":\"+81 3-1234-5678\"}",
        201);
    add(power,
        "{\"name\":\"Crisis hotline\",\"channel\":\"hotline\",\"address\":\"0120-000-111\","
        "\"chain\":\"large-scale\"}",
        201);
    add(bank,
        "{\"organisation\":\"PowerCo\",\"name\":\"x\",\"channel\":\"email\",\"address\":"
        "\"x@bank.example\"}",
        403);
    add(power, "{\"name\":\"x\",\"channel\":\"fax\",\"address\":\"1\"}", 400);
    cr_assert_eq(call(&r, power, "POST", "/api/v1/contacts",
                      "{\"name\":\"x\",\"channel\":\"email\",\"address\":\"not an address\"}"),
                 400);
    cr_assert_not_null(strstr(r.out, "address"), "the field is named: %s", r.out);
    add(analyst,
        "{\"organisation\":\"Bank\",\"name\":\"CSIRT\",\"channel\":\"email\",\"address\":"
        "\"csirt@bank.example\",\"lang\":\"en\"}",
        201);
    cr_assert_eq(call(&r, bank, "GET", "/api/v1/contacts", NULL), 200);
    cr_assert_not_null(strstr(r.out, "csirt@bank.example"), "%s", r.out);
    cr_assert_null(strstr(r.out, "power.example"), "another member's contacts: %s", r.out);
    cr_assert_eq(call(&r, bank, "GET", "/api/v1/organisations/PowerCo/route", NULL), 403);
    cr_assert_eq(call(&r, analyst, "GET", "/api/v1/organisations/PowerCo/route", NULL), 200);
    const char *first = strstr(r.out, "SOC desk"), *second = strstr(r.out, "Duty manager");
    cr_assert(first && second && first < second && !strstr(r.out, "hotline\""),
              "normal operation: the desk, then the manager: %s", r.out);
    cr_assert_eq(call(&r, power, "POST", "/api/v1/contact-mode", "{\"mode\":\"large-scale\"}"),
                 403);
    cr_assert_eq(call(&r, analyst, "POST", "/api/v1/contact-mode", "{\"mode\":\"chaos\"}"), 400);
    cr_assert_eq(call(&r, analyst, "POST", "/api/v1/contact-mode", "{\"mode\":\"large-scale\"}"),
                 200, "%s", r.out);
    cr_assert_eq(call(&r, power, "GET", "/api/v1/organisations/PowerCo/route", NULL), 200);
    cr_assert_not_null(strstr(r.out, "\"mode\":\"large-scale\""), "%s", r.out);
    cr_assert_not_null(strstr(r.out, "Crisis hotline"), "%s", r.out);
    cr_assert_null(strstr(r.out, "SOC desk"), "the normal chain is not routed to: %s", r.out);
    cr_assert_eq(call(&r, bank, "DELETE", "/api/v1/contacts/1", NULL), 404,
                 "another member's contact is not there for it");
    cr_assert_eq(call(&r, power, "DELETE", "/api/v1/contacts/1", NULL), 204);
    cr_assert_eq(call(&r, power, "GET", "/api/v1/contacts", NULL), 200);
    cr_assert_null(strstr(r.out, "SOC desk"), "%s", r.out);
}

Test(contacts, a_drill_mails_one_time_links_and_reports_who_answered)
{
    char listen[64];
    start_smtp(&smtp, listen);
    char extra[200];
    snprintf(extra, sizeof extra, "--smtp smtp://%s --mail-from centre@nisc.example", listen);
    start_server(extra);
    add(power, "{\"name\":\"SOC desk\",\"channel\":\"email\",\"address\":\"soc@power.example\"}",
        201);
    add(power, "{\"name\":\"Duty manager\",\"channel\":\"phone\",\"address\":\"+81 3-1234-5678\"}",
        201);
    add(analyst,
        "{\"organisation\":\"Bank\",\"name\":\"CSIRT\",\"channel\":\"email\",\"address\":"
        "\"csirt@bank.example\",\"lang\":\"en\"}",
        201);
    result r;
    cr_assert_eq(call(&r, power, "POST", "/api/v1/drills", "{}"), 403, "drills are the centre's");
    cr_assert_eq(call(&r, analyst, "POST", "/api/v1/drills", "{\"chain\":\"normal\"}"), 201, "%s",
                 r.out);
    cr_assert_not_null(strstr(r.out, "\"contacts\":3"), "%s", r.out);
    cr_assert_not_null(strstr(r.out, "\"answered\":0"), "%s", r.out);
    static char box[65536];
    for (int i = 0; i < 100 && mailbox(box, sizeof box) < 2; i++)
        usleep(50000);
    cr_assert_eq(mailbox(box, sizeof box), 2, "one message per e-mail contact: %s", box);
    cr_assert_not_null(strstr(box, "Subject: =?UTF-8?B?"), "an encoded subject: %s", box);
    cr_assert_not_null(strstr(box, "reachability check"), "the bank's in English: %s", box);
    cr_assert_not_null(strstr(box, "到達確認"), "PowerCo's in Japanese: %s", box);
    /* PowerCo's link, from its message */
    const char *ja = strstr(box, "到達確認");
    const char *link = strstr(ja, "/ack/");
    cr_assert_not_null(link, "%s", box);
    char path[80];
    snprintf(path, sizeof path, "%.69s", link);
    cr_assert_eq(call(&r, NULL, "GET", path, NULL), 200, "the link opens without signing in");
    cr_assert_not_null(strstr(r.out, "<form method=\"post\""), "%s", r.out);
    cr_assert_eq(call(&r, analyst, "GET", "/api/v1/drills/1", NULL), 200);
    cr_assert_not_null(strstr(r.out, "\"answered\":0"), "opening the link confirms nothing: %s",
                       r.out);
    cr_assert_eq(call_with(&r, NULL, "POST", path, NULL,
                           "-H 'Sec-Fetch-Site: same-origin' -H 'Content-Type: "
                           "application/x-www-form-urlencoded' --data ''"),
                 200, "%s", r.out);
    cr_assert_not_null(strstr(r.out, "class=\"ok\""), "%s", r.out);
    cr_assert_eq(call_with(&r, NULL, "POST", path, NULL,
                           "-H 'Sec-Fetch-Site: same-origin' -H 'Content-Type: "
                           "application/x-www-form-urlencoded' --data ''"),
                 200, "a second answer changes nothing");
    char fake[80];
    snprintf(fake, sizeof fake, "/ack/%064d", 7);
    cr_assert_eq(call(&r, NULL, "GET", fake, NULL), 200, "a page, whatever the token");
    cr_assert_eq(call_with(&r, NULL, "POST", fake, NULL,
                           "-H 'Sec-Fetch-Site: same-origin' -H 'Content-Type: "
                           "application/x-www-form-urlencoded' --data ''"),
                 404, "a token that is none answers nothing");
    /* the duty manager answered the centre's call */
    cr_assert_eq(
        call(&r, analyst, "POST", "/api/v1/drills/1/contacts/2/confirm", "{\"via\":\"phone\"}"),
        200, "%s", r.out);
    cr_assert_not_null(strstr(r.out, "\"answered\":2"), "%s", r.out);
    cr_assert_not_null(strstr(r.out, "\"via\":\"email\""), "%s", r.out);
    cr_assert_not_null(strstr(r.out, "\"via\":\"phone\""), "%s", r.out);
    cr_assert_not_null(strstr(r.out, "\"seconds\":"), "how fast: %s", r.out);
    cr_assert_eq(
        call(&r, analyst, "POST", "/api/v1/drills/1/contacts/2/confirm", "{\"via\":\"phone\"}"),
        409);
    run(&r, "admin --data d verify-audit");
    cr_assert_eq(r.status, 0, "the drill is in the audit chain: %s", r.out);
}

Test(contacts, without_a_relay_the_report_says_what_was_not_sent)
{
    start_server("");
    add(power, "{\"name\":\"SOC desk\",\"channel\":\"email\",\"address\":\"soc@power.example\"}",
        201);
    result r;
    cr_assert_eq(call(&r, analyst, "POST", "/api/v1/drills", "{}"), 201, "%s", r.out);
    cr_assert_not_null(strstr(r.out, "no SMTP relay configured"), "%s", r.out);
    cr_assert_null(strstr(r.out, "\"sent\""), "nothing is said to be sent: %s", r.out);
}

/* Webhooks: a member subscribes and gets its secret once; a change of its case reaches
 * its receiver signed (the signature checked here over the time and the body); another
 * member's receiver gets nothing of it; a receiver that cannot be reached shows its
 * error and the next try. Without the hub's key no webhook is taken. */
Test(contacts, case_changes_reach_a_signed_webhook)
{
    start_server("");
    result r;
    cr_assert_eq(call(&r, power, "POST", "/api/v1/webhooks", "{\"url\":\"http://x.example/\"}"),
                 400);
    cr_assert_not_null(strstr(r.out, "FUKUROU_WEBHOOK_KEY"), "the key is named: %s", r.out);
    stop_server();
    setenv("FUKUROU_WEBHOOK_KEY", "0123456789abcdef0123456789abcdef-test-key", 1);
    start_server("--scheduler-tick 1 --webhook-private");
    unsetenv("FUKUROU_WEBHOOK_KEY");
    unsigned wport = free_port(), dead = free_port();
    char port_text[16], hooks[200];
    snprintf(port_text, sizeof port_text, "%u", wport);
    snprintf(hooks, sizeof hooks, "%s/hooks", dir);
    smtp = fork(); /* the receiver, stopped with the SMTP server at teardown */
    cr_assert_geq(smtp, 0);
    if (smtp == 0) {
        const char *script = getenv("FK_WEBHOOK_RECEIVER");
        execl("/usr/bin/python3", "python3", script ? script : "tests/e2e/webhook_receiver.py",
              port_text, hooks, (char *)NULL);
        _exit(127);
    }
    usleep(500000);
    char body[200];
    snprintf(body, sizeof body, "{\"url\":\"http://127.0.0.1:%u/hook\"}", wport);
    cr_assert_eq(call(&r, power, "POST", "/api/v1/webhooks", body), 201, "%s", r.out);
    const char *s = strstr(r.out, "\"secret\":\"");
    cr_assert_not_null(s, "%s", r.out);
    char secret[65];
    snprintf(secret, sizeof secret, "%.64s", s + 10);
    cr_assert_eq(call(&r, power, "GET", "/api/v1/webhooks", NULL), 200);
    cr_assert_null(strstr(r.out, secret), "the secret is shown once: %s", r.out);
    snprintf(body, sizeof body, "{\"url\":\"http://127.0.0.1:%u/nothing\"}", dead);
    cr_assert_eq(call(&r, bank, "POST", "/api/v1/webhooks", body), 201, "%s", r.out);
    cr_assert_eq(call(&r, power, "POST", "/api/v1/cases",
                      "{\"kind\":\"incident\",\"title\":\"Ransomware\"}"),
                 201, "%s", r.out);
    char got[16384] = "", hdr[4096] = "";
    for (int i = 0; i < 100 && !*got; i++) {
        usleep(100000);
        slurp("hooks/1.json", got, sizeof got);
    }
    cr_assert_not_null(strstr(got, "\"event\":\"case.open\""), "delivered: %s", got);
    slurp("hooks/1.hdr", hdr, sizeof hdr);
    const char *sig = strcasestr(hdr, "X-Fukurou-Signature: t=");
    cr_assert_not_null(sig, "%s", hdr);
    char stamp[24], v1[65];
    cr_assert_eq(sscanf(sig + 23, "%23[0-9],v1=%64[0-9a-f]", stamp, v1), 2, "%s", sig);
    char msg[20000];
    snprintf(msg, sizeof msg, "%s.%s", stamp, got);
    unsigned char mac[32];
    unsigned int len = 0;
    HMAC(EVP_sha256(), secret, 64, (const unsigned char *)msg, strlen(msg), mac, &len);
    char hex[65];
    for (int i = 0; i < 32; i++)
        snprintf(hex + 2 * i, 3, "%02x", mac[i]);
    cr_assert_str_eq(hex, v1, "the signature verifies");
    /* the bank's webhook heard nothing of PowerCo's case */
    cr_assert_eq(call(&r, bank, "GET", "/api/v1/webhooks/2/deliveries", NULL), 200);
    cr_assert_str_eq(r.out, "[]", "%s", r.out);
    cr_assert_eq(call(&r, bank, "GET", "/api/v1/webhooks/1/deliveries", NULL), 404);
    /* a case of the bank's reaches its dead receiver: an error and a next try */
    cr_assert_eq(call(&r, bank, "POST", "/api/v1/cases", "{\"kind\":\"incident\",\"title\":\"x\"}"),
                 201);
    bool tried = false;
    for (int i = 0; i < 60 && !tried; i++) {
        usleep(100000);
        call(&r, bank, "GET", "/api/v1/webhooks/2/deliveries", NULL);
        tried = strstr(r.out, "\"next_try\"") && strstr(r.out, "\"error\"");
    }
    cr_assert(tried, "the failure is kept with the next try: %s", r.out);
}
