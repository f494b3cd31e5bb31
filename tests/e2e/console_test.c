/* End-to-end tests of the web console on the real server, as a browser would use it
 * (curl with a cookie jar): sign-in and its cookie, sessions that end, CSRF on every
 * change, the same view of alerts as the API, languages, and hostile text from a log
 * line shown inert. */
#include "hub.h"

#define NDJSON   "-H 'Content-Type: application/x-ndjson'"
#define PASSWORD "correct horse battery staple"

static char power_in[96], bank_in[96], analyst_key[96];

static void setup_console(void)
{
    setup();
    setenv("FK_CONSOLE_PW", PASSWORD, 1);
    admin("admin --data d org create NISC --sector centre");
    admin("admin --data d org create PowerCo --sector electricity");
    admin("admin --data d org create Bank --sector finance");
    admin("admin --data d account create ana --org NISC --role centre-analyst --password-env "
          "FK_CONSOLE_PW");
    admin("admin --data d account create carol --org PowerCo --role member-reporter "
          "--password-env FK_CONSOLE_PW");
    admin("admin --data d account create bob --org Bank --role member-reporter --password-env "
          "FK_CONSOLE_PW");
    admin("admin --data d account create root --org NISC --role centre-admin --password-env "
          "FK_CONSOLE_PW");
    static result r; /* not on the stack: key_for below has one of its own */
    run(&r, "admin --data d apikey create carol --permissions ingest");
    cr_assert_eq(r.status, 0, "%s", r.err);
    snprintf(power_in, sizeof power_in, "%.84s", r.out);
    run(&r, "admin --data d apikey create bob --permissions ingest");
    snprintf(bank_in, sizeof bank_in, "%.84s", r.out);
    key_for("ana", analyst_key);
    start_server("");
}

static void teardown_console(void)
{
    stop_server();
    teardown();
}

TestSuite(console, .init = setup_console, .fini = teardown_console, .timeout = 120);

/* A browser's request: the cookie jar of `who` (a file per user), a form (url-encoded
 * text, or NULL), extra curl arguments; same-origin unless extra says otherwise. */
static int browse(result *r, const char *who, const char *method, const char *path,
                  const char *form, const char *extra)
{
    char args[1024];
    snprintf(args, sizeof args, "-b jar-%s -c jar-%s %s %s", who, who,
             extra && strstr(extra, "Sec-Fetch-Site") ? "" : "-H 'Sec-Fetch-Site: same-origin'",
             extra ? extra : "");
    if (form) {
        write_file("form.txt", form);
        strncat(args,
                " -H 'Content-Type: application/x-www-form-urlencoded' --data-binary "
                "@form.txt",
                sizeof args - strlen(args) - 1);
    }
    return call_with(r, NULL, method, path, NULL, args);
}

static void header_of(const char *name, char *out, size_t cap)
{
    char h[8192];
    slurp("headers.txt", h, sizeof h);
    out[0] = '\0';
    const char *p = strcasestr(h, name);
    if (p) {
        p += strlen(name) + 2;
        snprintf(out, cap, "%.*s", (int)strcspn(p, "\r\n"), p);
    }
}

static void sign_in(const char *who)
{
    result r;
    char form[160];
    snprintf(form, sizeof form, "account=%s&password=correct+horse+battery+staple", who);
    cr_assert_eq(browse(&r, who, "POST", "/console/sign-in", form, NULL), 303, "%s", r.out);
}

/* The CSRF token of who's session, read from a page as a browser would. */
static void csrf_of(const char *who, char out[65])
{
    result r;
    cr_assert_eq(browse(&r, who, "GET", "/console/", NULL, NULL), 200, "%s", r.out);
    const char *p = strstr(r.out, "name=\"csrf\" value=\"");
    cr_assert_not_null(p, "%s", r.out);
    snprintf(out, 65, "%.64s", p + 19);
}

Test(console, signing_in_sets_a_safe_cookie_and_signing_out_ends_it)
{
    result r;
    char h[600];
    cr_assert_eq(browse(&r, "ana", "GET", "/", NULL, NULL), 303);
    header_of("Location", h, sizeof h);
    cr_assert_str_eq(h, "/console/sign-in");
    cr_assert_eq(browse(&r, "ana", "GET", "/console/alerts?state=new", NULL, NULL), 303);
    header_of("Location", h, sizeof h);
    cr_assert_str_eq(h, "/console/sign-in?next=%2Fconsole%2Falerts", "back after sign-in: %s", h);
    cr_assert_eq(browse(&r, "ana", "GET", "/console/sign-in", NULL, NULL), 200);
    header_of("Content-Security-Policy", h, sizeof h);
    cr_assert_not_null(strstr(h, "default-src 'none'"), "%s", h);
    cr_assert_null(strstr(h, "script-src"), "no script at all: %s", h);
    cr_assert_null(strstr(r.out, "<script"), "%s", r.out);
    cr_assert_eq(browse(&r, "ana", "POST", "/console/sign-in", "account=ana&password=wrong", NULL),
                 401);
    cr_assert_not_null(strstr(r.out, "were not accepted"), "%s", r.out);
    cr_assert_eq(browse(&r, "ana", "POST", "/console/sign-in?next=/console/alerts",
                        "account=ana&password=correct+horse+battery+staple", NULL),
                 303, "%s", r.out);
    header_of("Set-Cookie", h, sizeof h);
    cr_assert_not_null(strstr(h, "fk_session="), "%s", h);
    cr_assert_not_null(strstr(h, "HttpOnly"), "%s", h);
    cr_assert_not_null(strstr(h, "SameSite=Strict"), "%s", h);
    cr_assert_null(strstr(h, "Secure"), "not over plain HTTP: %s", h);
    header_of("Location", h, sizeof h);
    cr_assert_str_eq(h, "/console/alerts");
    /* a next page elsewhere is not followed */
    cr_assert_eq(browse(&r, "eve", "POST", "/console/sign-in?next=//evil.example/",
                        "account=ana&password=correct+horse+battery+staple", NULL),
                 303);
    header_of("Location", h, sizeof h);
    cr_assert_str_eq(h, "/console/");
    cr_assert_eq(browse(&r, "ana", "GET", "/console/alerts", NULL, NULL), 200);
    cr_assert_not_null(strstr(r.out, "ana (NISC)"), "%s", r.out);
    /* the cookie opens the console only, never the API */
    cr_assert_eq(browse(&r, "ana", "GET", "/api/v1/me", NULL, NULL), 401);
    char csrf[65];
    csrf_of("ana", csrf);
    char cmd[512];
    snprintf(cmd, sizeof cmd, "cp %s/jar-ana %s/jar-old", dir, dir);
    cr_assert_eq(system(cmd), 0);
    char form[128];
    snprintf(form, sizeof form, "csrf=%s", csrf);
    cr_assert_eq(browse(&r, "ana", "POST", "/console/sign-out", form, NULL), 303);
    header_of("Set-Cookie", h, sizeof h);
    cr_assert_not_null(strstr(h, "Max-Age=0"), "%s", h);
    cr_assert_eq(browse(&r, "old", "GET", "/console/alerts", NULL, NULL), 303,
                 "a session ends at sign-out, even for a copy of its cookie");
    /* an ingest-only key opens no console */
    char key_form[200];
    snprintf(key_form, sizeof key_form, "api_key=%s", power_in);
    cr_assert_eq(browse(&r, "shipper", "POST", "/console/sign-in", key_form, NULL), 401);
    snprintf(key_form, sizeof key_form, "api_key=%s", analyst_key);
    cr_assert_eq(browse(&r, "apikey", "POST", "/console/sign-in", key_form, NULL), 303);
}

/* An attack whose request carries markup and a right-to-left override as they were sent
 * (servers log such bytes as they come). */
static const char attack[] =
    "203.0.113.9 - - [30/Nov/2026:10:00:00 +0000] \"GET "
    "/search?q=<script>alert(document.cookie)</script>\"><img src=x onerror=alert(1)>"
    "&f=\xe2\x80\xae"
    "exe.pdf HTTP/1.1\" 200 512 \"-\" \"Mozilla/5.0\"\n"
    "203.0.113.9 - - [30/Nov/2026:10:00:01 +0000] \"GET /../../etc/passwd HTTP/1.1\" 404 12 "
    "\"-\" \"curl/8.0\"\n";

/* Until who's list of alerts shows one (detection is asynchronous); r holds the list. */
static void wait_for_alerts(result *r, const char *who)
{
    for (int i = 0; i < 200; i++) {
        browse(r, who, "GET", "/console/alerts", NULL, NULL);
        if (strstr(r->out, "/console/alerts/"))
            return;
        usleep(50000);
    }
    cr_assert_fail("no alert appeared: %s", r->out);
}

Test(console, hostile_text_from_a_log_line_renders_inert)
{
    result r;
    cr_assert_eq(call_with(&r, power_in, "POST", "/api/v1/ingest?batch=x1", attack, NDJSON), 202,
                 "%s", r.out);
    sign_in("carol");
    wait_for_alerts(&r, "carol");
    char path[64];
    cr_assert_eq(browse(&r, "carol", "GET", "/console/alerts", NULL, NULL), 200);
    cr_assert_null(strstr(r.out, "<script"), "%s", r.out);
    cr_assert_null(strstr(r.out, "<img"), "%s", r.out);
    /* every alert's page too */
    for (int id = 1; id <= 4; id++) {
        snprintf(path, sizeof path, "/console/alerts/%d", id);
        if (browse(&r, "carol", "GET", path, NULL, NULL) != 200)
            continue;
        cr_assert_null(strstr(r.out, "<script"), "%s", r.out);
        cr_assert_null(strstr(r.out, "<img"), "%s", r.out);
        cr_assert_null(strstr(r.out, "\xe2\x80\xae"), "no right-to-left override: %s", r.out);
    }
    /* what the line said is shown, escaped, the override as its code point */
    bool shown = false, override = false, line = false;
    for (int id = 1; id <= 4; id++) {
        snprintf(path, sizeof path, "/console/alerts/%d", id);
        browse(&r, "carol", "GET", path, NULL, NULL);
        shown = shown || strstr(r.out, "&lt;script&gt;alert(document.cookie)") != NULL;
        override = override || strstr(r.out, "[U+202E]exe.pdf") != NULL;
        /* the whole log line the alert was raised on, as the batch holds it */
        line = line || strstr(r.out, "203.0.113.9 - - [30/Nov/2026:10:00:0") != NULL;
    }
    cr_assert(line, "the log line is shown beside the evidence");
    cr_assert(override, "the right-to-left override is shown as such");
    cr_assert(shown, "the request is shown as text");
}

Test(console, a_change_needs_the_sessions_csrf_token_and_this_hubs_page)
{
    result r;
    cr_assert_eq(call_with(&r, power_in, "POST", "/api/v1/ingest?batch=x2", attack, NDJSON), 202);
    sign_in("carol");
    wait_for_alerts(&r, "carol");
    char csrf[65], form[200];
    csrf_of("carol", csrf);
    cr_assert_eq(browse(&r, "carol", "POST", "/console/alerts/1/state", "state=acknowledged", NULL),
                 403, "no token: %s", r.out);
    cr_assert_eq(browse(&r, "carol", "POST", "/console/alerts/1/state",
                        "state=acknowledged&csrf="
                        "0000000000000000000000000000000000000000000000000000000000000000",
                        NULL),
                 403, "a wrong token");
    snprintf(form, sizeof form, "state=acknowledged&note=seen&csrf=%s", csrf);
    cr_assert_eq(browse(&r, "carol", "POST", "/console/alerts/1/state", form,
                        "-H 'Sec-Fetch-Site: cross-site'"),
                 403, "from another site, even with the token");
    cr_assert_eq(call(&r, analyst_key, "GET", "/api/v1/alerts/1", NULL), 200);
    cr_assert_not_null(strstr(r.out, "\"state\":\"new\""), "nothing changed: %s", r.out);
    cr_assert_eq(browse(&r, "carol", "POST", "/console/alerts/1/state", form, NULL), 303, "%s",
                 r.out);
    cr_assert_eq(call(&r, analyst_key, "GET", "/api/v1/alerts/1", NULL), 200);
    cr_assert_not_null(strstr(r.out, "\"state\":\"acknowledged\""), "%s", r.out);
    cr_assert_not_null(strstr(r.out, "account:carol"), "audited as the user: %s", r.out);
}

Test(console, a_member_sees_its_own_alerts_only)
{
    result r;
    cr_assert_eq(call_with(&r, power_in, "POST", "/api/v1/ingest?batch=x3", attack, NDJSON), 202);
    sign_in("ana");
    wait_for_alerts(&r, "ana");
    cr_assert_not_null(strstr(r.out, "PowerCo"), "the centre sees whose: %s", r.out);
    sign_in("bob");
    cr_assert_eq(browse(&r, "bob", "GET", "/console/alerts", NULL, NULL), 200);
    cr_assert_null(strstr(r.out, "/console/alerts/1\""), "%s", r.out);
    cr_assert_null(strstr(r.out, "PowerCo"), "%s", r.out);
    cr_assert_eq(browse(&r, "bob", "GET", "/console/alerts/1", NULL, NULL), 404);
    char csrf[65], form[200];
    csrf_of("bob", csrf);
    snprintf(form, sizeof form, "state=false-positive&csrf=%s", csrf);
    cr_assert_eq(browse(&r, "bob", "POST", "/console/alerts/1/state", form, NULL), 404,
                 "not another member's alert");
}

Test(console, the_language_follows_the_browser_then_the_users_choice)
{
    result r;
    cr_assert_eq(browse(&r, "carol", "GET", "/console/sign-in", NULL,
                        "-H 'Accept-Language: ja-JP,ja;q=0.9,en;q=0.5'"),
                 200);
    cr_assert_not_null(strstr(r.out, "<html lang=\"ja\">"), "%s", r.out);
    cr_assert_not_null(strstr(r.out, "サインイン"), "%s", r.out);
    cr_assert_eq(browse(&r, "carol", "POST", "/console/sign-in",
                        "account=carol&password=correct+horse+battery+staple&lang=ja", NULL),
                 303);
    cr_assert_eq(browse(&r, "carol", "GET", "/console/alerts", NULL, NULL), 200);
    cr_assert_not_null(strstr(r.out, "<h1>アラート</h1>"), "%s", r.out);
    char csrf[65], form[200];
    csrf_of("carol", csrf);
    snprintf(form, sizeof form, "lang=en&csrf=%s", csrf);
    cr_assert_eq(browse(&r, "carol", "POST", "/console/language", form, NULL), 303);
    cr_assert_eq(browse(&r, "carol", "GET", "/console/alerts", NULL, NULL), 200);
    cr_assert_not_null(strstr(r.out, "<h1>Alerts</h1>"), "%s", r.out);
}

/* A member reports through the form of one of the nine types: a missing field is named
 * and what was typed stays; the centre triages it in Japanese; another member cannot
 * open it. Hostile text in the subject stays text. */
Test(console, a_member_reports_and_the_centre_triages)
{
    result r;
    sign_in("carol");
    cr_assert_eq(browse(&r, "carol", "GET", "/console/reports/new", NULL, NULL), 200);
    cr_assert_not_null(strstr(r.out, "/console/reports/new?type=incident"), "%s", r.out);
    cr_assert_eq(browse(&r, "carol", "GET", "/console/reports/new?type=incident", NULL, NULL), 200);
    cr_assert_not_null(strstr(r.out, "name=\"f.occurred_at\""), "the template's fields: %s", r.out);
    char csrf[65], form[600];
    csrf_of("carol", csrf);
    snprintf(form, sizeof form,
             "csrf=%s&type=incident&title=%%3Cscript%%3Ealert(1)%%3C%%2Fscript%%3E+phishing"
             "&tlp=GREEN&consent=members&indicators=203.0.113.7%%0D%%0Aevil.example",
             csrf);
    cr_assert_eq(browse(&r, "carol", "POST", "/console/reports", form, NULL), 400);
    cr_assert_not_null(strstr(r.out, "fields.occurred_at"), "the missing field is named: %s",
                       r.out);
    cr_assert_not_null(strstr(r.out, "evil.example"), "what was typed stays: %s", r.out);
    cr_assert_null(strstr(r.out, "<script>"), "%s", r.out);
    strncat(form,
            "&f.occurred_at=2026-12-01T09%3A00%3A00%2B09%3A00&f.state=ongoing"
            "&description=First+seen+by+PowerCo+staff",
            sizeof form - strlen(form) - 1);
    cr_assert_eq(browse(&r, "carol", "POST", "/console/reports", form, NULL), 303, "%s", r.out);
    char h[600];
    header_of("Location", h, sizeof h);
    cr_assert_str_eq(h, "/console/reports/1");
    cr_assert_eq(browse(&r, "carol", "GET", "/console/reports/1", NULL, NULL), 200);
    cr_assert_not_null(strstr(r.out, "&lt;script&gt;alert(1)&lt;/script&gt; phishing"), "%s",
                       r.out);
    cr_assert_null(
        strstr(r.out, "<form method=\"post\" class=\"stacked\" action=\"/console/reports/1/triage"),
        "a member does not triage");
    sign_in("bob");
    cr_assert_eq(browse(&r, "bob", "GET", "/console/reports/1", NULL, NULL), 404);
    cr_assert_eq(browse(&r, "bob", "GET", "/console/reports", NULL, NULL), 200);
    cr_assert_null(strstr(r.out, "phishing"), "%s", r.out);
    cr_assert_eq(browse(&r, "ana", "POST", "/console/sign-in",
                        "account=ana&password=correct+horse+battery+staple&lang=ja", NULL),
                 303);
    cr_assert_eq(browse(&r, "ana", "GET", "/console/reports", NULL, NULL), 200);
    cr_assert_not_null(strstr(r.out, "PowerCo"), "the centre sees the provider: %s", r.out);
    cr_assert_not_null(strstr(r.out, "トリアージ待ち"), "%s", r.out);
    csrf_of("ana", csrf);
    snprintf(form, sizeof form, "csrf=%s&severity=3&society=wide&systems=mail", csrf);
    cr_assert_eq(browse(&r, "ana", "POST", "/console/reports/1/triage", form, NULL), 303, "%s",
                 r.out);
    cr_assert_eq(call(&r, analyst_key, "GET", "/api/v1/reports/1", NULL), 200);
    cr_assert_not_null(strstr(r.out, "\"status\":\"triaged\""), "%s", r.out);
    cr_assert_not_null(strstr(r.out, "\"society\":\"wide\""), "%s", r.out);
    /* the preview shows what the anonymisation removes, and releases nothing */
    snprintf(form, sizeof form,
             "csrf=%s&tier=advisory&sectors=electricity&include_description=true"
             "&include_indicators=true&include_cves=true",
             csrf);
    cr_assert_eq(browse(&r, "ana", "POST", "/console/reports/1/preview", form, NULL), 200, "%s",
                 r.out);
    cr_assert_not_null(strstr(r.out, "First seen by <del>PowerCo</del><ins>[provider]</ins> staff"),
                       "the provider's name shown removed: %s", r.out);
    cr_assert_not_null(strstr(r.out, "First seen by [provider] staff"), "as released: %s", r.out);
    cr_assert_not_null(strstr(r.out, "name=\"include_indicators\" value=\"true\""),
                       "the decision goes on to the release button: %s", r.out);
    cr_assert_eq(call(&r, analyst_key, "GET", "/api/v1/releases", NULL), 200);
    cr_assert_str_eq(r.out, "[]", "a preview releases nothing");
    /* a respond-by time that has passed is refused, naming the field */
    char late[700];
    snprintf(late, sizeof late, "%s&deadline=2020-01-01T09%%3A00", form);
    cr_assert_eq(browse(&r, "ana", "POST", "/console/reports/1/preview", late, NULL), 400);
    /* released to the electricity sector: PowerCo reads it, the bank does not */
    cr_assert_eq(browse(&r, "ana", "POST", "/console/reports/1/release", form, NULL), 201, "%s",
                 r.out);
    cr_assert_not_null(strstr(r.out, "/console/releases/1"), "%s", r.out);
    cr_assert_eq(browse(&r, "carol", "GET", "/console/releases", NULL, NULL), 200);
    cr_assert_not_null(strstr(r.out, "/console/releases/1\""), "%s", r.out);
    /* the lists filter: by tier here, by object in the audit log, in the API too */
    cr_assert_eq(browse(&r, "carol", "GET", "/console/releases?tier=general", NULL, NULL), 200);
    cr_assert_null(strstr(r.out, "/console/releases/1\""), "an advisory is not general: %s", r.out);
    cr_assert_eq(call(&r, analyst_key, "GET", "/api/v1/releases?tier=advisory", NULL), 200);
    cr_assert_not_null(strstr(r.out, "\"id\":1"), "%s", r.out);
    cr_assert_eq(call(&r, analyst_key, "GET", "/api/v1/releases?tier=urgent", NULL), 400);
    cr_assert_eq(browse(&r, "carol", "GET", "/console/releases", NULL, NULL), 200);
    cr_assert_not_null(strstr(r.out, "/taxii2/"), "how to connect a TAXII client: %s", r.out);
    cr_assert_eq(browse(&r, "carol", "GET", "/console/releases/1", NULL, NULL), 200);
    cr_assert_not_null(strstr(r.out, "203.0.113.7"), "the indicator: %s", r.out);
    cr_assert_null(strstr(strstr(r.out, "<main>"), "PowerCo"), "the provider is not named: %s",
                   r.out);
    cr_assert_eq(browse(&r, "carol", "GET", "/console/releases/1/stix", NULL, NULL), 200);
    cr_assert_not_null(strstr(r.out, "\"type\":\"bundle\""), "%s", r.out);
    char h2[200];
    header_of("Content-Disposition", h2, sizeof h2);
    cr_assert_not_null(strstr(h2, "attachment"), "%s", h2);
    cr_assert_eq(browse(&r, "bob", "GET", "/console/releases", NULL, NULL), 200);
    cr_assert_null(strstr(r.out, "/console/releases/1\""), "not the bank's: %s", r.out);
    cr_assert_eq(browse(&r, "bob", "GET", "/console/releases/1", NULL, NULL), 404);
    /* a key of carol's own for her TAXII client, shown once */
    csrf_of("carol", csrf);
    snprintf(form, sizeof form, "csrf=%s", csrf);
    cr_assert_eq(browse(&r, "carol", "POST", "/console/keys", form, NULL), 201, "%s", r.out);
    const char *key = strstr(r.out, "fk_");
    cr_assert_not_null(key, "%s", r.out);
    char token[96];
    snprintf(token, sizeof token, "%.*s", (int)strspn(key, "fk_0123456789abcdef"), key);
    cr_assert_eq(call(&r, token, "GET", "/api/v1/releases", NULL), 200, "the new key works");
}

/* The directory and the audit log are the centre-admin's: an analyst is refused; the
 * admin disables a member's account and its open session stops at once; the audit page
 * verifies the chain and says where it breaks once an entry is changed behind its back. */
Test(console, the_admin_keeps_the_directory_and_checks_the_audit_log)
{
    result r;
    sign_in("ana");
    cr_assert_eq(browse(&r, "ana", "GET", "/console/directory", NULL, NULL), 403);
    cr_assert_eq(browse(&r, "ana", "GET", "/console/", NULL, NULL), 200);
    cr_assert_null(strstr(r.out, "/console/directory"), "no link an analyst cannot follow");
    sign_in("root");
    sign_in("bob");
    cr_assert_eq(browse(&r, "bob", "GET", "/console/alerts", NULL, NULL), 200);
    cr_assert_eq(browse(&r, "root", "GET", "/console/directory", NULL, NULL), 200);
    cr_assert_not_null(strstr(r.out, "<td>PowerCo</td><td>electricity</td>"), "%s", r.out);
    cr_assert_not_null(strstr(r.out, "/console/directory/accounts/bob/disable"), "%s", r.out);
    cr_assert_null(strstr(r.out, "/console/directory/accounts/root/disable"), "not itself");
    char csrf[65], form[120];
    csrf_of("root", csrf);
    snprintf(form, sizeof form, "csrf=%s", csrf);
    cr_assert_eq(browse(&r, "root", "POST", "/console/directory/accounts/bob/disable", form, NULL),
                 303, "%s", r.out);
    cr_assert_eq(browse(&r, "bob", "GET", "/console/alerts", NULL, NULL), 303,
                 "a disabled account's session ends at once");
    cr_assert_eq(browse(&r, "root", "GET", "/console/audit", NULL, NULL), 200);
    cr_assert_not_null(strstr(r.out, "class=\"ok\""), "the chain verifies: %s", r.out);
    cr_assert_not_null(strstr(r.out, "account.disable"), "%s", r.out);
    cr_assert_eq(browse(&r, "root", "GET", "/console/audit?object=org%3A1", NULL, NULL), 200);
    cr_assert_null(strstr(r.out, "account.disable"), "one object's entries only: %s", r.out);
    char actor[200], restore[300];
    cr_assert_eq(store_sql("SELECT actor FROM audit WHERE seq = 3", actor, sizeof actor), 0);
    actor[strcspn(actor, "\r\n")] = '\0';
    snprintf(restore, sizeof restore, "UPDATE audit SET actor = '%s' WHERE seq = 3", actor);
    cr_assert_eq(store_sql("UPDATE audit SET actor = 'nobody' WHERE seq = 3", NULL, 0), 0);
    /* a view checks what was written after the last full check; the full check, asked
     * for here (the hub runs it hourly), finds the edit and the page shows where */
    csrf_of("root", csrf);
    snprintf(form, sizeof form, "csrf=%s", csrf);
    cr_assert_eq(browse(&r, "root", "POST", "/console/audit/check", form, NULL), 303, "%s", r.out);
    cr_assert_eq(browse(&r, "root", "GET", "/console/audit", NULL, NULL), 200);
    cr_assert_not_null(strstr(r.out, "class=\"error\""), "the break is shown: %s", r.out);
    cr_assert_not_null(strstr(r.out, "entry 3:"), "where: %s", r.out);
    /* an entry written after the check and then removed breaks the part checked on view */
    cr_assert_eq(store_sql(restore, NULL, 0), 0);
    cr_assert_eq(browse(&r, "root", "POST", "/console/audit/check", form, NULL), 303);
    cr_assert_eq(browse(&r, "root", "POST", "/console/directory/accounts/bob/enable", form, NULL),
                 303);
    cr_assert_eq(browse(&r, "root", "POST", "/console/directory/accounts/bob/disable", form, NULL),
                 303);
    cr_assert_eq(
        store_sql("DELETE FROM audit WHERE seq = (SELECT max(seq) - 1 FROM audit)", NULL, 0), 0);
    cr_assert_eq(browse(&r, "root", "GET", "/console/audit", NULL, NULL), 200);
    cr_assert_not_null(strstr(r.out, "missing"), "the gap is found on view: %s", r.out);
}

/* The admin adds to the directory through its forms, each through the use case the API
 * calls: an organisation with the identifiers the anonymisation masks, a group with a
 * member, an account that can then sign in, a key for a log shipper (shown once), a
 * sector; a name taken is refused with the page shown again and the reason; an analyst
 * posting the same form is refused. */
Test(console, the_admin_adds_organisations_groups_accounts_keys_and_sectors)
{
    result r;
    sign_in("root");
    char csrf[65], form[700];
    csrf_of("root", csrf);
    snprintf(form, sizeof form,
             "csrf=%s&name=Water+Works&sector=water&domains=water.example%%2C+ww.example"
             "&networks=192.0.2.0%%2F24&emails=&names=WW",
             csrf);
    cr_assert_eq(browse(&r, "root", "POST", "/console/directory/organisations", form, NULL), 303,
                 "%s", r.out);
    cr_assert_eq(call(&r, analyst_key, "GET", "/api/v1/organisations", NULL), 200);
    cr_assert_not_null(strstr(r.out, "Water Works"), "%s", r.out);
    cr_assert_not_null(strstr(r.out, "ww.example"), "its identifiers: %s", r.out);
    /* the same name again: refused, the page again with the reason and what was typed */
    cr_assert_eq(browse(&r, "root", "POST", "/console/directory/organisations", form, NULL), 409,
                 "%s", r.out);
    cr_assert_not_null(strstr(r.out, "class=\"error\""), "%s", r.out);
    cr_assert_not_null(strstr(r.out, "value=\"water.example, ww.example\""), "%s", r.out);
    /* an identifier that is not one: nothing of the organisation is kept */
    snprintf(form, sizeof form, "csrf=%s&name=Half+Made&sector=water&networks=not-a-net", csrf);
    cr_assert_eq(browse(&r, "root", "POST", "/console/directory/organisations", form, NULL), 400);
    cr_assert_eq(call(&r, analyst_key, "GET", "/api/v1/organisations", NULL), 200);
    cr_assert_null(strstr(r.out, "Half Made"), "all or nothing: %s", r.out);
    snprintf(form, sizeof form, "csrf=%s&name=utilities&description=&members=Water+Works", csrf);
    cr_assert_eq(browse(&r, "root", "POST", "/console/directory/groups", form, NULL), 303, "%s",
                 r.out);
    snprintf(form, sizeof form, "csrf=%s&organisation=PowerCo", csrf);
    cr_assert_eq(
        browse(&r, "root", "POST", "/console/directory/groups/utilities/members", form, NULL), 303,
        "%s", r.out);
    cr_assert_eq(browse(&r, "root", "GET", "/console/directory", NULL, NULL), 200);
    const char *row = strstr(r.out, "<td>utilities</td><td>");
    cr_assert_not_null(row, "%s", r.out);
    char members[200];
    snprintf(members, sizeof members, "%.*s", (int)strcspn(row + 22, "<"), row + 22);
    cr_assert(strstr(members, "Water Works") && strstr(members, "PowerCo"), "%s", members);
    snprintf(form, sizeof form,
             "csrf=%s&name=wendy&organisation=Water+Works&role=member-reporter"
             "&password=correct+horse+battery+staple",
             csrf);
    cr_assert_eq(browse(&r, "root", "POST", "/console/directory/accounts", form, NULL), 303, "%s",
                 r.out);
    sign_in("wendy");
    cr_assert_eq(browse(&r, "wendy", "GET", "/console/alerts", NULL, NULL), 200);
    snprintf(form, sizeof form,
             "csrf=%s&back=directory&account=wendy&label=shipper&permissions=ingest", csrf);
    cr_assert_eq(browse(&r, "root", "POST", "/console/keys", form, NULL), 201, "%s", r.out);
    const char *token = strstr(r.out, "<code class=\"secret\">fk_");
    cr_assert_not_null(token, "the key is shown once: %s", r.out);
    char key[96];
    snprintf(key, sizeof key, "%.*s", (int)strcspn(token + 21, "<"), token + 21);
    cr_assert_eq(call_with(&r, key, "POST", "/api/v1/ingest?batch=k1", "{\"msg\":\"x\"}\n", NDJSON),
                 202, "the key sends logs: %s", r.out);
    cr_assert_eq(call(&r, key, "GET", "/api/v1/alerts", NULL), 403, "and only that: %s", r.out);
    snprintf(form, sizeof form,
             "csrf=%s&list=other&code=space&name_ja=%%E5%%AE%%87%%E5%%AE%%99&name_en=Space"
             "&critical=true",
             csrf);
    cr_assert_eq(browse(&r, "root", "POST", "/console/directory/sectors", form, NULL), 303, "%s",
                 r.out);
    cr_assert_eq(call(&r, analyst_key, "GET", "/api/v1/sectors", NULL), 200);
    cr_assert_not_null(strstr(r.out, "\"code\":\"space\""), "%s", r.out);
    /* an analyst may not, and a member may not make keys for others */
    sign_in("ana");
    csrf_of("ana", csrf);
    snprintf(form, sizeof form, "csrf=%s&name=Rogue&sector=water", csrf);
    cr_assert_eq(browse(&r, "ana", "POST", "/console/directory/organisations", form, NULL), 403);
    sign_in("carol");
    csrf_of("carol", csrf);
    snprintf(form, sizeof form, "csrf=%s&account=wendy&label=x&permissions=api", csrf);
    cr_assert_eq(browse(&r, "carol", "POST", "/console/keys", form, NULL), 403, "%s", r.out);
}

/* The centre merges a duplicate report into the first; the merged one can no longer be
 * released, and merging into itself is refused with the reason. */
Test(console, the_centre_merges_a_duplicate_report)
{
    result r;
    static const char report[] =
        "{\"type\":\"observation\",\"title\":\"%s\",\"description\":\"scan\",\"tlp\":\"GREEN\","
        "\"consent\":\"members\",\"fields\":{\"observed_from\":\"2026-12-01T00:00:00Z\","
        "\"observed_until\":\"2026-12-01T01:00:00Z\"},"
        "\"indicators\":[\"203.0.113.8\"]}";
    char body[400], key[96];
    key_for("carol", key);
    for (int i = 0; i < 2; i++) {
        snprintf(body, sizeof body, report, i ? "the same scan" : "a scan");
        cr_assert_eq(call(&r, key, "POST", "/api/v1/reports", body), 201, "%s", r.out);
    }
    sign_in("ana");
    cr_assert_eq(browse(&r, "ana", "GET", "/console/reports/2", NULL, NULL), 200);
    cr_assert_not_null(strstr(r.out, "action=\"/console/reports/2/merge\""), "%s", r.out);
    char csrf[65], form[200];
    csrf_of("ana", csrf);
    snprintf(form, sizeof form, "csrf=%s&into=2", csrf);
    cr_assert_eq(browse(&r, "ana", "POST", "/console/reports/2/merge", form, NULL), 409);
    cr_assert_not_null(strstr(r.out, "itself"), "%s", r.out);
    snprintf(form, sizeof form, "csrf=%s&into=1", csrf);
    cr_assert_eq(browse(&r, "ana", "POST", "/console/reports/2/merge", form, NULL), 303, "%s",
                 r.out);
    char h[200];
    header_of("Location", h, sizeof h);
    cr_assert_str_eq(h, "/console/reports/1");
    cr_assert_eq(call(&r, analyst_key, "GET", "/api/v1/reports/2", NULL), 200);
    cr_assert_not_null(strstr(r.out, "\"status\":\"merged\""), "%s", r.out);
    cr_assert_eq(browse(&r, "ana", "GET", "/console/reports/2", NULL, NULL), 200);
    cr_assert_null(strstr(r.out, "/merge\""), "no more forms on a merged report: %s", r.out);
    /* the lists filter by status, newest first, in the console and the API alike */
    cr_assert_eq(browse(&r, "ana", "GET", "/console/reports?status=merged", NULL, NULL), 200);
    cr_assert_not_null(strstr(r.out, "href=\"/console/reports/2\""), "%s", r.out);
    cr_assert_null(strstr(r.out, "href=\"/console/reports/1\""), "%s", r.out);
    cr_assert_eq(browse(&r, "ana", "GET", "/console/reports", NULL, NULL), 200);
    const char *two = strstr(r.out, "href=\"/console/reports/2\"");
    const char *one = strstr(r.out, "href=\"/console/reports/1\"");
    cr_assert(two && one && two < one, "newest first: %s", r.out);
    cr_assert_eq(call(&r, analyst_key, "GET", "/api/v1/reports?status=new&type=observation", NULL),
                 200);
    cr_assert_not_null(strstr(r.out, "\"id\":1,"), "%s", r.out);
    cr_assert_null(strstr(r.out, "\"id\":2,"), "%s", r.out);
    cr_assert_eq(call(&r, analyst_key, "GET", "/api/v1/reports?status=lost", NULL), 400);
    cr_assert_not_null(strstr(r.out, "status:"), "the parameter is named: %s", r.out);
}

/* The overview counts what was streamed: the member sees its own alerts on the chart
 * and in the rules, the centre sees them by sector and the member's health; another
 * member sees none of it. A time zone chosen in the settings changes how times show;
 * an unknown one is refused. */
Test(console, the_overview_counts_alerts_by_engine_and_sector)
{
    result r;
    cr_assert_eq(call_with(&r, power_in, "POST", "/api/v1/ingest?batch=o1", attack, NDJSON), 202,
                 "%s", r.out);
    sign_in("carol");
    wait_for_alerts(&r, "carol");
    cr_assert_eq(browse(&r, "carol", "GET", "/console/", NULL, NULL), 200);
    cr_assert_not_null(strstr(r.out, "<svg class=\"chart\""), "%s", r.out);
    cr_assert_not_null(strstr(r.out, "class=\"e-web\""), "web alerts on the chart: %s", r.out);
    cr_assert_not_null(strstr(r.out, "xss-script-tag"), "the rules with alerts: %s", r.out);
    cr_assert_null(strstr(r.out, "class=\"sectors\""), "sectors are the centre's view");
    sign_in("bob");
    cr_assert_eq(browse(&r, "bob", "GET", "/console/", NULL, NULL), 200);
    cr_assert_null(strstr(r.out, "<svg class=\"chart\""), "another member sees no alert: %s",
                   r.out);
    cr_assert_null(strstr(r.out, "xss-script-tag"), "%s", r.out);
    sign_in("ana");
    cr_assert_eq(browse(&r, "ana", "GET", "/console/", NULL, NULL), 200);
    const char *sectors = strstr(r.out, "<table class=\"sectors\">");
    cr_assert_not_null(sectors, "%s", r.out);
    cr_assert_not_null(strstr(sectors, "<td>Electric power</td>"), "by sector: %s", sectors);
    cr_assert_not_null(strstr(r.out, "<tr class=\"silent\"><td>Bank</td>"),
                       "a member never heard from is shown first: %s", r.out);
    cr_assert_eq(browse(&r, "ana", "GET", "/console/?by=sector", NULL, NULL), 200);
    cr_assert_not_null(strstr(r.out, "<rect class=\"s-0\""), "stacked by sector: %s", r.out);
    cr_assert_not_null(strstr(r.out, "<span class=\"key s-0\"></span>Electric power</li>"),
                       "the legend names the sector: %s", r.out);
    cr_assert_eq(browse(&r, "carol", "GET", "/console/?by=sector", NULL, NULL), 200);
    cr_assert_null(strstr(r.out, "class=\"s-0\""), "a member's chart is by engine: %s", r.out);
    char csrf[65], form[200];
    csrf_of("ana", csrf);
    snprintf(form, sizeof form, "csrf=%s&lang=en&zone=Mars%%2FOlympus", csrf);
    cr_assert_eq(browse(&r, "ana", "POST", "/console/settings", form, NULL), 400);
    snprintf(form, sizeof form, "csrf=%s&lang=en&zone=America%%2FNew_York", csrf);
    cr_assert_eq(browse(&r, "ana", "POST", "/console/settings", form, NULL), 303, "%s", r.out);
    cr_assert_eq(browse(&r, "ana", "GET", "/console/alerts", NULL, NULL), 200);
    cr_assert(strstr(r.out, "UTC-05:00") || strstr(r.out, "UTC-04:00"), "%s", r.out);
    cr_assert_null(strstr(r.out, " JST<"), "%s", r.out);
    /* the choice is the account's: a new session keeps it */
    sign_in("ana");
    cr_assert_eq(browse(&r, "ana", "GET", "/console/alerts", NULL, NULL), 200);
    cr_assert(strstr(r.out, "UTC-05:00") || strstr(r.out, "UTC-04:00"), "%s", r.out);
}

/* Cases in the console: a member opens one through the form, writes a message with
 * hostile text (shown as text); the centre sees only the states the workflow allows
 * next and moves it; another member's page answers 404; the timeline shows each step. */
Test(console, a_case_is_opened_followed_and_moved_in_the_console)
{
    result r;
    sign_in("carol");
    char csrf[65], form[600];
    csrf_of("carol", csrf);
    cr_assert_eq(browse(&r, "carol", "GET", "/console/cases/new", NULL, NULL), 200);
    cr_assert_null(strstr(r.out, "value=\"third-party\""), "the centre's kind is not offered");
    snprintf(form, sizeof form,
             "csrf=%s&kind=incident&title=Ransomware+at+billing&description=shares+encrypted"
             "&severity=",
             csrf);
    cr_assert_eq(browse(&r, "carol", "POST", "/console/cases", form, NULL), 303, "%s", r.out);
    char h[200];
    header_of("Location", h, sizeof h);
    cr_assert_str_eq(h, "/console/cases/1");
    snprintf(form, sizeof form, "csrf=%s&text=%%3Cscript%%3Ealert(1)%%3C%%2Fscript%%3E+restored",
             csrf);
    cr_assert_eq(browse(&r, "carol", "POST", "/console/cases/1/messages", form, NULL), 303);
    cr_assert_eq(browse(&r, "carol", "GET", "/console/cases/1", NULL, NULL), 200);
    cr_assert_not_null(strstr(r.out, "&lt;script&gt;alert(1)&lt;/script&gt; restored"), "%s",
                       r.out);
    cr_assert_null(strstr(r.out, "<script>"), "%s", r.out);
    cr_assert_null(strstr(r.out, "action=\"/console/cases/1/state\""),
                   "a member does not move an incident: %s", r.out);
    sign_in("bob");
    cr_assert_eq(browse(&r, "bob", "GET", "/console/cases/1", NULL, NULL), 404);
    cr_assert_eq(browse(&r, "bob", "GET", "/console/cases", NULL, NULL), 200);
    cr_assert_null(strstr(r.out, "Ransomware"), "%s", r.out);
    sign_in("ana");
    cr_assert_eq(browse(&r, "ana", "GET", "/console/cases/1", NULL, NULL), 200);
    const char *select = strstr(r.out, "<select name=\"state\">");
    cr_assert_not_null(select, "%s", r.out);
    char options[400];
    snprintf(options, sizeof options, "%.*s", (int)(strstr(select, "</select>") - select), select);
    cr_assert(strstr(options, "value=\"investigating\"") && strstr(options, "value=\"closed\"") &&
                  !strstr(options, "value=\"responding\""),
              "only the allowed next states: %s", options);
    csrf_of("ana", csrf);
    snprintf(form, sizeof form, "csrf=%s&state=investigating&note=", csrf);
    cr_assert_eq(browse(&r, "ana", "POST", "/console/cases/1/state", form, NULL), 303, "%s", r.out);
    snprintf(form, sizeof form, "csrf=%s&state=responding&note=", csrf);
    cr_assert_eq(browse(&r, "ana", "POST", "/console/cases/1/state", form, NULL), 409);
    cr_assert_not_null(strstr(r.out, "situation, closed"), "the allowed ones named: %s", r.out);
    cr_assert_eq(browse(&r, "ana", "GET", "/console/cases?state=investigating", NULL, NULL), 200);
    cr_assert_not_null(strstr(r.out, "Ransomware at billing"), "%s", r.out);
    cr_assert_eq(browse(&r, "ana", "GET", "/console/cases/1", NULL, NULL), 200);
    cr_assert_not_null(strstr(r.out, "state changed"), "the timeline: %s", r.out);
    cr_assert_not_null(strstr(r.out, "to: investigating"), "%s", r.out);
    /* the printable report: the timeline oldest first */
    cr_assert_eq(browse(&r, "carol", "GET", "/console/cases/1/report", NULL, NULL), 200);
    const char *opened = strstr(r.out, "<td>opened</td>");
    const char *moved = strstr(r.out, "<td>state changed</td>");
    cr_assert(opened && moved && opened < moved, "oldest first: %s", r.out);
    cr_assert_eq(browse(&r, "bob", "GET", "/console/cases/1/report", NULL, NULL), 404);
}

/* Contacts in the console: a member adds its own; the centre switches the chain routing
 * follows and starts a drill, whose page says who answered and why a check could not go
 * (no relay here); a member cannot switch the mode. */
Test(console, contacts_the_mode_and_a_drill_in_the_console)
{
    result r;
    sign_in("carol");
    char csrf[65], form[600];
    csrf_of("carol", csrf);
    snprintf(form, sizeof form,
             "csrf=%s&name=SOC+desk&role=&channel=email&address=soc%%40power.example"
             "&chain=normal&lang=ja&position=",
             csrf);
    cr_assert_eq(browse(&r, "carol", "POST", "/console/contacts", form, NULL), 303, "%s", r.out);
    cr_assert_eq(browse(&r, "carol", "GET", "/console/contacts", NULL, NULL), 200);
    cr_assert_not_null(strstr(r.out, "soc@power.example"), "%s", r.out);
    cr_assert_null(strstr(r.out, "/console/drills"), "drills are the centre's: %s", r.out);
    snprintf(form, sizeof form, "csrf=%s&mode=large-scale", csrf);
    cr_assert_eq(browse(&r, "carol", "POST", "/console/contacts/mode", form, NULL), 403);
    sign_in("ana");
    csrf_of("ana", csrf);
    snprintf(form, sizeof form, "csrf=%s&mode=large-scale", csrf);
    cr_assert_eq(browse(&r, "ana", "POST", "/console/contacts/mode", form, NULL), 303);
    cr_assert_eq(browse(&r, "ana", "GET", "/console/contacts", NULL, NULL), 200);
    cr_assert_not_null(strstr(r.out, "value=\"normal\"><button>"), "the way back: %s", r.out);
    snprintf(form, sizeof form, "csrf=%s&chain=normal&organisation=", csrf);
    cr_assert_eq(browse(&r, "ana", "POST", "/console/drills", form, NULL), 303, "%s", r.out);
    char h[200];
    header_of("Location", h, sizeof h);
    cr_assert_str_eq(h, "/console/drills/1");
    cr_assert_eq(browse(&r, "ana", "GET", "/console/drills/1", NULL, NULL), 200);
    cr_assert_not_null(strstr(r.out, "0 of 1 contacts answered"), "%s", r.out);
    cr_assert_not_null(strstr(r.out, "no SMTP relay configured"), "%s", r.out);
}

/* Support, deadlines and webhooks in the console: the centre-admin says who offers what,
 * the centre asks for support from a case's page, the supporting member sees what was
 * asked (not whose case) and answers with a button; the deadline policy is read by all
 * and edited by the admin row by row, a wrong row named; a member subscribes a webhook
 * and sees its secret once. */
Test(console, support_deadlines_and_webhooks_in_the_console)
{
    result r;
    char csrf[65], form[800];
    sign_in("root");
    csrf_of("root", csrf);
    snprintf(form, sizeof form, "csrf=%s&organisation=Bank&cap_site-takedown=true", csrf);
    cr_assert_eq(browse(&r, "root", "POST", "/console/supporters", form, NULL), 303, "%s", r.out);
    cr_assert_eq(call(&r, analyst_key, "POST", "/api/v1/cases",
                      "{\"kind\":\"incident\",\"title\":\"PowerCo phishing wave\","
                      "\"organisation\":\"PowerCo\"}"),
                 201, "%s", r.out);
    sign_in("ana");
    cr_assert_eq(browse(&r, "ana", "GET", "/console/cases/1", NULL, NULL), 200);
    cr_assert_not_null(strstr(r.out, "action=\"/console/cases/1/support\""), "%s", r.out);
    csrf_of("ana", csrf);
    snprintf(form, sizeof form,
             "csrf=%s&supporter=Bank&capability=site-takedown&description=Take+down+"
             "login.evil.example&due=2030-01-01T09%%3A00",
             csrf);
    cr_assert_eq(browse(&r, "ana", "POST", "/console/cases/1/support", form, NULL), 303, "%s",
                 r.out);
    sign_in("bob");
    cr_assert_eq(browse(&r, "bob", "GET", "/console/support", NULL, NULL), 200);
    cr_assert_not_null(strstr(r.out, "login.evil.example"), "%s", r.out);
    cr_assert_null(strstr(r.out, "PowerCo"), "not whose case: %s", r.out);
    cr_assert_not_null(strstr(r.out, "value=\"accepted\""), "the supporter's steps: %s", r.out);
    cr_assert_null(strstr(r.out, "value=\"cancelled\""), "not the centre's: %s", r.out);
    csrf_of("bob", csrf);
    snprintf(form, sizeof form, "csrf=%s&state=accepted&note=on+it", csrf);
    cr_assert_eq(browse(&r, "bob", "POST", "/console/support/1/state", form, NULL), 303, "%s",
                 r.out);
    sign_in("carol");
    cr_assert_eq(browse(&r, "carol", "GET", "/console/support", NULL, NULL), 200);
    cr_assert_null(strstr(r.out, "login.evil.example"), "not addressed to PowerCo: %s", r.out);
    cr_assert_eq(browse(&r, "ana", "GET", "/console/support", NULL, NULL), 200);
    cr_assert_not_null(strstr(r.out, "PowerCo"), "the centre sees whose case: %s", r.out);
    cr_assert_not_null(strstr(r.out, "value=\"cancelled\""), "%s", r.out);

    /* the deadline policy */
    cr_assert_eq(browse(&r, "ana", "GET", "/console/deadlines", NULL, NULL), 200);
    cr_assert_not_null(strstr(r.out, "investigating"), "%s", r.out);
    cr_assert_null(strstr(r.out, "action=\"/console/deadlines\""), "the admin's: %s", r.out);
    cr_assert_eq(browse(&r, "root", "GET", "/console/deadlines", NULL, NULL), 200);
    cr_assert_not_null(strstr(r.out, "name=\"hours_0\""), "%s", r.out);
    csrf_of("root", csrf);
    snprintf(form, sizeof form,
             "csrf=%s&calendar=continuous&day_start=09%%3A00&day_end=18%%3A00&kind_0=incident"
             "&state_0=reported&min_severity_0=0&hours_0=4&kind_1=&state_1=&min_severity_1=&"
             "hours_1=&kind_2=incident&state_2=nowhere&min_severity_2=&hours_2=3",
             csrf);
    cr_assert_eq(browse(&r, "root", "POST", "/console/deadlines", form, NULL), 400, "%s", r.out);
    cr_assert_not_null(strstr(r.out, "clocks[1].state"), "the wrong row named: %s", r.out);
    snprintf(form, sizeof form,
             "csrf=%s&calendar=continuous&day_start=09%%3A00&day_end=18%%3A00&kind_0=incident"
             "&state_0=reported&min_severity_0=0&hours_0=4",
             csrf);
    cr_assert_eq(browse(&r, "root", "POST", "/console/deadlines", form, NULL), 303, "%s", r.out);
    cr_assert_eq(call(&r, analyst_key, "GET", "/api/v1/deadline-policy", NULL), 200);
    cr_assert_not_null(strstr(r.out, "\"continuous\""), "%s", r.out);
    cr_assert_null(strstr(r.out, "investigating"), "one clock left: %s", r.out);

    /* webhooks: none without the hub's key; with it, the secret once */
    csrf_of("carol", csrf);
    snprintf(form, sizeof form, "csrf=%s&url=https%%3A%%2F%%2Fsoc.power.example%%2Fhook", csrf);
    cr_assert_eq(browse(&r, "carol", "POST", "/console/webhooks", form, NULL), 400);
    cr_assert_not_null(strstr(r.out, "FUKUROU_WEBHOOK_KEY"), "%s", r.out);
    stop_server();
    setenv("FUKUROU_WEBHOOK_KEY", "0123456789abcdef0123456789abcdef-console", 1);
    start_server("");
    unsetenv("FUKUROU_WEBHOOK_KEY");
    cr_assert_eq(browse(&r, "carol", "POST", "/console/webhooks", form, NULL), 201, "%s", r.out);
    const char *code = strstr(r.out, "<code>");
    cr_assert_not_null(code, "the secret: %s", r.out);
    char secret[65];
    snprintf(secret, sizeof secret, "%.64s", code + 6);
    cr_assert_eq(browse(&r, "carol", "GET", "/console/webhooks", NULL, NULL), 200);
    cr_assert_not_null(strstr(r.out, "soc.power.example/hook"), "%s", r.out);
    cr_assert_null(strstr(r.out, secret), "shown once: %s", r.out);
    cr_assert_eq(browse(&r, "carol", "GET", "/console/webhooks/1", NULL, NULL), 200);
    cr_assert_eq(browse(&r, "bob", "GET", "/console/webhooks/1", NULL, NULL), 404);
}

/* A release in the console: a member answers it, the centre sees who answered. */
Test(console, a_member_answers_a_release_and_the_centre_sees_who_did)
{
    result r;
    char reporter[96];
    key_for("carol", reporter);
    cr_assert_eq(call(&r, reporter, "POST", "/api/v1/reports",
                      "{\"type\":\"incident\",\"title\":\"Phishing wave\",\"description\":\"x\","
                      "\"tlp\":\"GREEN\",\"pap\":\"GREEN\",\"consent\":\"members\",\"impact\":"
                      "\"none\",\"fields\":{\"occurred_at\":\"2026-11-30T09:00:00+09:00\","
                      "\"state\":\"ongoing\"}}"),
                 201, "%s", r.out);
    cr_assert_eq(call(&r, analyst_key, "POST", "/api/v1/reports/1/triage",
                      "{\"severity\":2,\"reasons\":{\"society\":\"low\",\"systems\":\"mail\"}}"),
                 200, "%s", r.out);
    cr_assert_eq(call(&r, analyst_key, "POST", "/api/v1/reports/1/release",
                      "{\"tier\":\"advisory\",\"audience\":{\"all_members\":true}}"),
                 201, "%s", r.out);
    sign_in("bob");
    cr_assert_eq(browse(&r, "bob", "GET", "/console/releases/1", NULL, NULL), 200);
    cr_assert_not_null(strstr(r.out, "action=\"/console/releases/1/answer\""), "%s", r.out);
    char csrf[65], form[300];
    csrf_of("bob", csrf);
    snprintf(form, sizeof form, "csrf=%s&state=done&note=filters+updated", csrf);
    cr_assert_eq(browse(&r, "bob", "POST", "/console/releases/1/answer", form, NULL), 303, "%s",
                 r.out);
    cr_assert_eq(browse(&r, "bob", "GET", "/console/releases/1", NULL, NULL), 200);
    cr_assert_not_null(strstr(r.out, "filters updated"), "%s", r.out);
    sign_in("ana");
    cr_assert_eq(browse(&r, "ana", "GET", "/console/releases/1", NULL, NULL), 200);
    cr_assert_not_null(strstr(r.out, "1 of 2 organisations have answered"), "%s", r.out);
    cr_assert_not_null(strstr(r.out, "Not answered"), "PowerCo has not: %s", r.out);
    cr_assert_null(strstr(r.out, "action=\"/console/releases/1/answer\""), "%s", r.out);
}

/* The ledger, vulnerability and advisory pages: a member sees its own systems and what
 * applies to them, with the evidence; hostile names render inert; the centre drafts the
 * advisory's release from the vulnerability's page and releases it to the organisation
 * concerned, which then finds it among its releases. */
Test(console, the_ledger_vulnerabilities_and_advisories)
{
    const char *dir = getenv("FK_VULN_CORPUS");
    char nvd[1024];
    snprintf(nvd, sizeof nvd, "%s/nvd/nvd-sample.json", dir ? dir : "/nonexistent");
    if (access(nvd, R_OK) != 0)
        cr_skip("%s is not there: the vulnerability pages are skipped", nvd);
    char carol_key[96];
    key_for("carol", carol_key);
    result r;
    cr_assert_eq(call(&r, carol_key, "POST", "/api/v1/assets",
                      "{\"name\":\"mail-gw <script>alert(1)</script>\",\"exposure\":\"internet\","
                      "\"ics\":true,\"software\":[\"cpe:2.3:a:microsoft:exchange_server:2016:"
                      "cumulative_update_18:*:*:*:*:*:*\"]}"),
                 201, "%s", r.out);
    char system[64];
    snprintf(system, sizeof system, "/console/ledger/%.20s", strstr(r.out, "\"id\":") + 5);
    system[strcspn(system, ",}")] = '\0';
    char args[1200];
    snprintf(args, sizeof args, "--data-binary @%s -H 'Content-Type: application/json'", nvd);
    cr_assert_eq(call_with(&r, analyst_key, "POST", "/api/v1/vulnerability-feeds", NULL, args), 200,
                 "%s", r.out);
    sign_in("carol");
    sign_in("bob");
    sign_in("ana");
    cr_assert_eq(browse(&r, "carol", "GET", "/console/ledger", NULL, NULL), 200, "%s", r.out);
    cr_assert(strstr(r.out, "mail-gw &lt;script&gt;") && !strstr(r.out, "<script>alert"), "%s",
              r.out);
    cr_assert_eq(browse(&r, "bob", "GET", "/console/ledger", NULL, NULL), 200);
    cr_assert(!strstr(r.out, "mail-gw"), "another member's system: %s", r.out);
    cr_assert_eq(browse(&r, "bob", "GET", system, NULL, NULL), 404);
    cr_assert_eq(browse(&r, "carol", "GET", system, NULL, NULL), 200, "%s", r.out);
    cr_assert(strstr(r.out, "CVE-2021-26855") && strstr(r.out, "exchange_server:2016"), "%s",
              r.out);
    cr_assert(strstr(r.out, "name=\"measure\""), "a control system's measure form: %s", r.out);
    cr_assert_eq(browse(&r, "carol", "GET", "/console/vulnerabilities", NULL, NULL), 200);
    cr_assert(strstr(r.out, "CVE-2021-26855"), "%s", r.out);
    cr_assert(!strstr(r.out, "Last taken in"), "the centre's intake is not a member's: %s", r.out);
    /* the centre sees what each feed gave and when */
    cr_assert_eq(browse(&r, "ana", "GET", "/console/vulnerabilities?lang=en", NULL, NULL), 200);
    cr_assert(strstr(r.out, "Last taken in") && strstr(r.out, "<td>nvd</td>"), "%s", r.out);
    cr_assert_eq(browse(&r, "carol", "GET", "/console/advisories?tier=", NULL, NULL), 200);
    cr_assert(strstr(r.out, "CVE-2021-26855") && !strstr(r.out, "/draft"), "%s", r.out);
    cr_assert_eq(browse(&r, "bob", "GET", "/console/advisories", NULL, NULL), 200);
    cr_assert(!strstr(r.out, "CVE-2021-26855"), "%s", r.out);
    /* the centre drafts from the record's page and releases the draft */
    cr_assert_eq(browse(&r, "ana", "GET", "/console/vulnerabilities/CVE-2021-26855", NULL, NULL),
                 200);
    cr_assert(strstr(r.out, "PowerCo") && strstr(r.out, "/console/advisories/CVE-2021-26855/draft"),
              "%s", r.out);
    char csrf[65], form[200];
    csrf_of("ana", csrf);
    snprintf(form, sizeof form, "csrf=%s", csrf);
    cr_assert_eq(
        browse(&r, "carol", "POST", "/console/advisories/CVE-2021-26855/draft", form, NULL), 403);
    cr_assert_eq(browse(&r, "ana", "POST", "/console/advisories/CVE-2021-26855/draft", form, NULL),
                 303, "%s", r.out);
    cr_assert_eq(browse(&r, "ana", "GET", "/console/advisory-drafts", NULL, NULL), 200);
    const char *action = strstr(r.out, "/console/advisory-drafts/");
    cr_assert(action && strstr(r.out, "PowerCo"), "%s", r.out);
    char release[80];
    snprintf(release, sizeof release, "%.*s", (int)strcspn(action, "\""), action);
    cr_assert_eq(browse(&r, "ana", "POST", release, form, NULL), 303, "%s", r.out);
    cr_assert_eq(browse(&r, "carol", "GET", "/console/releases", NULL, NULL), 200);
    cr_assert(strstr(r.out, "/console/releases/"), "%s", r.out);
    cr_assert_eq(browse(&r, "bob", "GET", "/console/releases", NULL, NULL), 200);
    cr_assert(!strstr(r.out, "/console/releases/1"), "%s", r.out);
}
