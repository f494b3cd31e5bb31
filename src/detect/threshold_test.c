#include "threshold.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

typedef struct {
    int n;
    char rule[8][64];
    char group[8][128];
    uint64_t count[8];
    int64_t first[8], last[8];
} sink;

static int on_alert(void *ctx, const fk_alert *a)
{
    sink *s = ctx;
    if (s->n < 8) {
        snprintf(s->rule[s->n], 64, "%s", a->rule_id);
        snprintf(s->group[s->n], 128, "%s", a->group);
        s->count[s->n] = a->count;
        s->first[s->n] = a->first_ms;
        s->last[s->n] = a->last_ms;
    }
    s->n++;
    return 0;
}

static fk_ruleset *rules(const char *yaml)
{
    fk_ruleset *rs = fk_ruleset_new();
    fk_err err;
    cr_assert_eq(fk_ruleset_load_buffer(rs, "r.yml", yaml, strlen(yaml), &err), 0, "%s", err.msg);
    return rs;
}

static void auth_event(fk_event *ev, const char *ip, int64_t sec, fk_outcome o, const char *user)
{
    fk_event_clear(ev);
    ev->kind = FK_KIND_AUTH;
    ev->outcome = o;
    fk_ip_parse(ip, strlen(ip), &ev->src_ip);
    ev->time_ms = sec * 1000;
    ev->has_time = true;
    ev->user = (fk_str){user, strlen(user)};
    ev->file = "auth.log";
    ev->line = (uint64_t)sec;
}

static const char brute[] = "rules:\n"
                            "  - id: brute\n"
                            "    severity: high\n"
                            "    match: {kind: auth, outcome: failure}\n"
                            "    group_by: [src_ip]\n"
                            "    threshold: 3\n"
                            "    window: 10s\n";

Test(threshold, fires_once_per_burst_with_first_last_count)
{
    fk_ruleset *rs = rules(brute);
    sink s = {0};
    fk_threshold *t = fk_threshold_new(rs, on_alert, &s);
    fk_event ev;
    int64_t times[] = {0, 4, 8, 9, 12}; /* 3 within 10 s at t=8, burst goes on */
    for (size_t i = 0; i < 5; i++) {
        auth_event(&ev, "192.0.2.1", times[i], FK_OUTCOME_FAILURE, "root");
        cr_assert_eq(fk_threshold_event(t, &ev), 0);
    }
    auth_event(&ev, "192.0.2.2", 5, FK_OUTCOME_FAILURE, "root"); /* other source: one event */
    fk_threshold_event(t, &ev);
    auth_event(&ev, "192.0.2.1", 13, FK_OUTCOME_SUCCESS, "root"); /* not matching */
    fk_threshold_event(t, &ev);
    cr_assert_eq(s.n, 0, "a burst is reported when it ends");
    auth_event(&ev, "192.0.2.1", 100, FK_OUTCOME_FAILURE, "root"); /* quiet for > window: closes */
    fk_threshold_event(t, &ev);
    cr_assert_eq(s.n, 1);
    cr_assert_str_eq(s.group[0], "src_ip=192.0.2.1");
    cr_assert_eq(s.count[0], 5);
    cr_assert_eq(s.first[0], 0);
    cr_assert_eq(s.last[0], 12000);
    cr_assert_eq(fk_threshold_flush(t), 0);
    cr_assert_eq(s.n, 1, "a lone event after the burst does not fire");
    fk_threshold_free(t);
    fk_ruleset_free(rs);
}

Test(threshold, sliding_window_not_fixed_buckets)
{
    fk_ruleset *rs = rules(brute);
    sink s = {0};
    fk_threshold *t = fk_threshold_new(rs, on_alert, &s);
    fk_event ev;
    int64_t spread[] = {0, 9, 18, 27}; /* never 3 within 10 s */
    for (size_t i = 0; i < 4; i++) {
        auth_event(&ev, "192.0.2.1", spread[i], FK_OUTCOME_FAILURE, "root");
        fk_threshold_event(t, &ev);
    }
    fk_threshold_flush(t);
    cr_assert_eq(s.n, 0);
    int64_t tight[] = {105, 109, 114}; /* 105..114 spans 9 s: fires although it crosses 110 */
    for (size_t i = 0; i < 3; i++) {
        auth_event(&ev, "192.0.2.1", tight[i], FK_OUTCOME_FAILURE, "root");
        fk_threshold_event(t, &ev);
    }
    fk_threshold_flush(t);
    cr_assert_eq(s.n, 1);
    fk_threshold_free(t);
    fk_ruleset_free(rs);
}

Test(threshold, distinct_values_and_exclusions)
{
    fk_ruleset *rs = rules("- id: spray\n"
                           "  match: {kind: auth}\n"
                           "  exclude: {src_ip: 10.0.0.0/8}\n"
                           "  group_by: src_ip\n"
                           "  distinct: user\n"
                           "  threshold: 3\n"
                           "  window: 1m\n");
    sink s = {0};
    fk_threshold *t = fk_threshold_new(rs, on_alert, &s);
    fk_event ev;
    const char *users[] = {"a", "a", "b", "a", "c"};
    for (int i = 0; i < 5; i++) {
        auth_event(&ev, "192.0.2.1", i, FK_OUTCOME_FAILURE, users[i]);
        fk_threshold_event(t, &ev);
        auth_event(&ev, "10.1.2.3", i, FK_OUTCOME_FAILURE, users[i]);
        fk_threshold_event(t, &ev);
    }
    fk_threshold_flush(t);
    cr_assert_eq(s.n, 1);
    cr_assert_str_eq(s.group[0], "src_ip=192.0.2.1");
    fk_threshold_free(t);
    fk_ruleset_free(rs);
}

Test(threshold, glob_and_numeric_conditions_and_two_group_fields)
{
    fk_ruleset *rs =
        rules("rules:\n"
              "- id: wp\n"
              "  match: {method: post, path: ['*/wp-login.php', '*xmlrpc*'], status: '<400'}\n"
              "  group_by: [src_ip, path]\n"
              "  threshold: 2\n"
              "  window: 1h\n");
    sink s = {0};
    fk_threshold *t = fk_threshold_new(rs, on_alert, &s);
    fk_event ev;
    const char *paths[] = {"/blog/WP-LOGIN.php", "/blog/wp-login.php", "/xmlrpc.php",
                           "/index.php",         "/xmlrpc.php",        "/xmlrpc.php"};
    int status[] = {200, 200, 200, 200, 403, 200};
    for (int i = 0; i < 6; i++) {
        fk_event_clear(&ev);
        fk_ip_parse("192.0.2.1", 9, &ev.src_ip);
        ev.method = FK_STR("POST");
        ev.path = (fk_str){paths[i], strlen(paths[i])};
        ev.status = status[i];
        fk_threshold_event(t, &ev);
    }
    fk_threshold_flush(t);
    /* the login hits differ in path case (two groups of one); the 403 is not '<400' */
    cr_assert_eq(s.n, 1);
    cr_assert_str_eq(s.group[0], "src_ip=192.0.2.1, path=/xmlrpc.php");
    cr_assert_eq(s.count[0], 2);
    fk_threshold_free(t);
    fk_ruleset_free(rs);
}

Test(threshold, rule_file_errors_name_line_and_key)
{
    fk_ruleset *rs = fk_ruleset_new();
    fk_err err;
    const char *cases[][2] = {
        {"rules:\n  - id: x\n    threshold: 0\n    window: 1s\n", "r.yml:3: threshold"},
        {"rules:\n  - id: x\n    threshold: 2\n    window: soon\n", "r.yml:4: window"},
        {"rules:\n  - id: x\n    threshold: 2\n    window: 1s\n    colour: red\n",
         "r.yml:5: unknown key 'colour'"},
        {"rules:\n  - threshold: 2\n    window: 1s\n", "without 'id'"},
        {"rules:\n  - id: x\n    window: 1s\n", "no 'threshold'"},
        {"rules: [\n", "r.yml:2"},
        {"rules:\n  - id: x\n    threshold: 2\n    window: 1s\n    match: {src_ip: 300.1.1.1}\n",
         "r.yml:5"},
        {"rules:\n  - id: x\n    threshold: 2\n    window: 1s\n    severity: huge\n", "severity"},
        {"other: 1\n", "rules:"},
        {"rules:\n  - id: x\n    threshold: 2\n    window: 1s\n    match: {a: 1}\n    match: {b: "
         "2}\n",
         "r.yml:6: 'match' appears twice"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        cr_assert_eq(fk_ruleset_load_buffer(rs, "r.yml", cases[i][0], strlen(cases[i][0]), &err),
                     -1, "case %zu", i);
        cr_assert_not_null(strstr(err.msg, cases[i][1]), "case %zu: %s", i, err.msg);
    }
    cr_assert_eq(fk_ruleset_count(rs), 0);
    fk_ruleset_free(rs);
}

/* Windows are per organisation: two members each seeing two failures from one address
 * is not a burst of four, unless the rule asks for a view across organisations. */
static int count_org(void *ctx, const fk_alert *a)
{
    char *orgs = ctx;
    strncat(orgs, a->org.p ? a->org.p : "", a->org.n);
    strcat(orgs, ";");
    return 0;
}

Test(threshold, windows_are_kept_per_organisation)
{
    static const char *const yaml[] = {
        "rules:\n  - id: b\n    match: {kind: auth}\n    group_by: [src_ip]\n"
        "    threshold: 3\n    window: 60s\n",
        "rules:\n  - id: b\n    match: {kind: auth}\n    group_by: [src_ip]\n"
        "    threshold: 3\n    window: 60s\n    across_organisations: true\n"};
    for (int across = 0; across < 2; across++) {
        fk_ruleset *rs = rules(yaml[across]);
        char orgs[256] = "";
        fk_threshold *t = fk_threshold_new(rs, count_org, orgs);
        for (int i = 0; i < 4; i++) {
            fk_event ev;
            auth_event(&ev, "203.0.113.9", i, FK_OUTCOME_FAILURE, "root");
            ev.org = i % 2 ? FK_STR("org-b") : FK_STR("org-a");
            cr_assert_eq(fk_threshold_event(t, &ev), 0);
        }
        cr_assert_eq(fk_threshold_flush(t), 0);
        cr_assert_str_eq(orgs, across ? ";" : "", "across=%d: %s", across, orgs);
        fk_threshold_free(t);
        fk_ruleset_free(rs);
    }
    fk_ruleset *rs = rules(yaml[0]);
    char orgs[256] = "";
    fk_threshold *t = fk_threshold_new(rs, count_org, orgs);
    for (int i = 0; i < 3; i++) {
        fk_event ev;
        auth_event(&ev, "203.0.113.9", i, FK_OUTCOME_FAILURE, "root");
        ev.org = FK_STR("org-b");
        cr_assert_eq(fk_threshold_event(t, &ev), 0);
    }
    cr_assert_eq(fk_threshold_flush(t), 0);
    cr_assert_str_eq(orgs, "org-b;", "the alert names its organisation: %s", orgs);
    fk_threshold_free(t);
    fk_ruleset_free(rs);
}
