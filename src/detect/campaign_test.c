#include "campaign.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

typedef struct {
    int fired, linked;
    char last[512];
} seen;

static int on_hit(void *ctx, const fk_campaign_hit *h)
{
    seen *s = ctx;
    if (h->link_only) {
        s->linked++;
        return 0;
    }
    s->fired++;
    *h->campaign_id = 99;
    size_t n = (size_t)snprintf(s->last, sizeof s->last,
                                "%s %.*s orgs=%zu sectors=%zu grew=%d:", h->rule_id,
                                (int)h->value.n, h->value.p, h->norgs, h->nsectors, h->grew);
    for (size_t i = 0; i < h->norgs && n < sizeof s->last; i++)
        n += (size_t)snprintf(s->last + n, sizeof s->last - n, " %s", h->orgs[i]);
    return 0;
}

static fk_campaign_rules *load(const char *yaml)
{
    fk_campaign_rules *r;
    fk_err err;
    cr_assert_eq(fk_campaign_rules_load(&r, "c.yml", yaml, strlen(yaml), &err), 0, "%s", err.msg);
    return r;
}

static void hit(fk_campaign *c, const char *org, const char *sector, const char *ip, int minute)
{
    fk_alert a = {.engine = "web",
                  .rule_id = "sqli-union",
                  .src_ip = {ip, strlen(ip)},
                  .org = {org, strlen(org)},
                  .has_time = true,
                  .last_ms = (int64_t)minute * 60000};
    cr_assert_eq(fk_campaign_alert(c, &a, (fk_str){sector, strlen(sector)}, minute + 1,
                                   (int64_t)minute * 60000),
                 0);
}

static const char by_source[] = "campaigns:\n"
                                "  - id: src\n    title: t\n    by: src_ip\n"
                                "    min_organisations: 3\n    min_sectors: 2\n    window: 1h\n";

Test(campaign, fires_on_organisations_or_sectors_and_grows)
{
    fk_campaign_rules *r = load(by_source);
    seen s = {0};
    fk_campaign *c = fk_campaign_new(r, on_hit, &s);
    hit(c, "a", "finance", "198.51.100.1", 0);
    hit(c, "a", "finance", "198.51.100.1", 1); /* the same member again: still one */
    hit(c, "b", "finance", "198.51.100.1", 2);
    cr_assert_eq(s.fired, 0, "two members of one sector: %s", s.last);
    hit(c, "c", "finance", "198.51.100.1", 3);
    cr_assert_eq(s.fired, 1, "three organisations");
    cr_assert_str_eq(s.last, "src 198.51.100.1 orgs=3 sectors=1 grew=0: a b c");
    hit(c, "d", "energy", "198.51.100.1", 4);
    cr_assert_eq(s.fired, 2);
    cr_assert_not_null(strstr(s.last, "grew=1"), "%s", s.last);
    hit(c, "d", "energy", "198.51.100.1", 5);
    cr_assert_eq(s.fired, 2, "no new organisation");
    cr_assert_eq(s.linked, 1, "its alert joins the campaign");
    /* two sectors alone suffice for another source */
    hit(c, "x", "finance", "203.0.113.1", 10);
    hit(c, "y", "water", "203.0.113.1", 11);
    cr_assert_eq(s.fired, 3, "%s", s.last);
    cr_assert_not_null(strstr(s.last, "sectors=2"), "%s", s.last);
    fk_campaign_free(c);
    fk_campaign_rules_free(r);
}

Test(campaign, the_window_forgets)
{
    fk_campaign_rules *r = load(by_source);
    seen s = {0};
    fk_campaign *c = fk_campaign_new(r, on_hit, &s);
    hit(c, "a", "finance", "198.51.100.1", 0);
    hit(c, "b", "finance", "198.51.100.1", 40);
    hit(c, "c", "finance", "198.51.100.1", 95); /* a fell out of the hour */
    cr_assert_eq(s.fired, 0, "%s", s.last);
    hit(c, "d", "finance", "198.51.100.1", 100);
    cr_assert_eq(s.fired, 1);
    cr_assert_str_eq(s.last, "src 198.51.100.1 orgs=3 sectors=1 grew=0: b c d");
    fk_campaign_free(c);
    fk_campaign_rules_free(r);
}

Test(campaign, bad_rules_are_named)
{
    fk_campaign_rules *r;
    fk_err err;
    const char *bad[] = {
        "campaigns:\n  - id: x\n    title: t\n    by: colour\n    window: 1h\n",
        "campaigns:\n  - id: x\n    title: t\n    by: rule\n    window: soon\n",
        "campaigns:\n  - id: x\n    title: t\n    by: rule\n    window: 1h\n",
        ("campaigns:\n  - id: x\n    title: t\n    by: rule\n    window: 1h\n    oops: 1\n"
         "    min_organisations: 2\n"),
        "rules: []\n",
    };
    const char *want[] = {"by: expected", "window: expected", "at least 2", "unknown key 'oops'",
                          "'campaigns:'"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        cr_assert_eq(fk_campaign_rules_load(&r, "c.yml", bad[i], strlen(bad[i]), &err), -1);
        cr_assert_not_null(strstr(err.msg, want[i]), "%zu: %s", i, err.msg);
        cr_assert_not_null(strstr(err.msg, "c.yml:"), "names the file and line: %s", err.msg);
    }
    cr_assert_eq(fk_campaign_rules_default(&r, &err), 0, "%s", err.msg);
    cr_assert_geq(fk_campaign_rules_count(r), 4);
    fk_campaign_rules_free(r);
}
