#include "ioc.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

typedef struct {
    int hits;
    char last_field[32];
    char last_value[256];
    char last_indicator[256];
    uint32_t last_line;
    const fk_ioc_set *set;
} collect;

static int on_hit(void *ctx, const fk_ioc_entry *e, const char *field, fk_str value)
{
    collect *c = ctx;
    c->hits++;
    snprintf(c->last_field, sizeof c->last_field, "%s", field);
    snprintf(c->last_value, sizeof c->last_value, "%.*s", (int)value.n, value.p);
    fk_ioc_entry_value(c->set, e, c->last_indicator, sizeof c->last_indicator);
    c->last_line = e->line;
    return 0;
}

static fk_ioc_set *set_with(const char *const *values, size_t n)
{
    fk_ioc_set *s = fk_ioc_set_new();
    int list = fk_ioc_list_add(s, "test");
    fk_err err;
    for (size_t i = 0; i < n; i++)
        cr_assert_eq(fk_ioc_add_text(s, values[i], strlen(values[i]), (uint32_t)list,
                                     (uint32_t)i + 1, NULL, NULL, &err),
                     0, "%s: %s", values[i], err.msg);
    return s;
}

static int match(fk_ioc_set *s, fk_event *ev, collect *c)
{
    memset(c, 0, sizeof *c);
    c->set = s;
    return fk_ioc_match_event(s, ev, on_hit, c);
}

Test(ioc, classifies_and_counts_types)
{
    const char *v[] = {"192.0.2.1",
                       "2001:db8::1",
                       "10.0.0.0/8",
                       "2001:db8:1::/48",
                       "evil.example",
                       "http://evil.example/x",
                       "d41d8cd98f00b204e9800998ecf8427e",
                       "da39a3ee5e6b4b0d3255bfef95601890afd80709",
                       "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"};
    fk_ioc_set *s = set_with(v, 9);
    cr_assert_eq(fk_ioc_count(s), 9);
    for (int t = FK_IOC_IPV4; t < FK_IOC_TYPE_COUNT_; t++)
        cr_assert_eq(fk_ioc_count_type(s, (fk_ioc_type)t), 1, "type %s",
                     fk_ioc_type_name((fk_ioc_type)t));
    fk_ioc_set_free(s);
}

Test(ioc, rejects_what_is_no_indicator)
{
    fk_ioc_set *s = fk_ioc_set_new();
    fk_err err;
    cr_assert_eq(fk_ioc_add_text(s, "not an indicator", 16, 0, 1, NULL, NULL, &err), -1);
    cr_assert_not_null(strstr(err.msg, "expected an IP address"));
    cr_assert_eq(fk_ioc_add_text(s, "1.2.3.999", 9, 0, 1, NULL, NULL, &err), -1);
    cr_assert_eq(fk_ioc_add_text(s, "10.0.0.0/33", 11, 0, 1, NULL, NULL, &err), -1);
    cr_assert_eq(fk_ioc_add_typed(s, FK_IOC_MD5, "abc", 3, 0, 1, NULL, NULL, &err), -1);
    cr_assert_eq(fk_ioc_add_text(s, "http://:80/x", 12, 0, 1, NULL, NULL, &err), -1,
                 "found by fuzz_ioc_load");
    cr_assert_eq(fk_ioc_count(s), 0);
    fk_ioc_set_free(s);
}

Test(ioc, addresses_and_ranges_match_src_and_dst)
{
    const char *v[] = {"203.0.113.5", "198.51.100.0/24", "2001:db8:abcd::/48", "::ffff:192.0.2.9"};
    fk_ioc_set *s = set_with(v, 4);
    fk_event ev;
    collect c;
    fk_event_clear(&ev);
    fk_ip_parse("203.0.113.5", 11, &ev.src_ip);
    cr_assert_eq(match(s, &ev, &c), 1);
    cr_assert_str_eq(c.last_field, "src_ip");
    cr_assert_str_eq(c.last_value, "203.0.113.5");
    fk_event_clear(&ev);
    fk_ip_parse("198.51.100.200", 14, &ev.dst_ip);
    cr_assert_eq(match(s, &ev, &c), 1);
    cr_assert_str_eq(c.last_indicator, "198.51.100.0/24");
    cr_assert_str_eq(c.last_field, "dst_ip");
    fk_event_clear(&ev);
    fk_ip_parse("2001:db8:abcd:12::7", 19, &ev.src_ip);
    cr_assert_eq(match(s, &ev, &c), 1);
    fk_event_clear(&ev);
    fk_ip_parse("192.0.2.9", 9, &ev.src_ip);
    cr_assert_eq(match(s, &ev, &c), 1, "IPv4-mapped IPv6 indicators match IPv4 events");
    fk_event_clear(&ev);
    fk_ip_parse("198.51.101.1", 12, &ev.src_ip);
    cr_assert_eq(match(s, &ev, &c), 0);
    fk_ioc_set_free(s);
}

Test(ioc, domains_match_subdomains_but_not_lookalikes)
{
    const char *v[] = {"Evil.Example.", "*.tracker.test"};
    fk_ioc_set *s = set_with(v, 2);
    fk_event ev;
    collect c;
    const char *yes[] = {"evil.example", "a.b.EVIL.example", "evil.example:8080", "x.tracker.test"};
    const char *no[] = {"notevil.example", "evil.example.org", "example"};
    for (size_t i = 0; i < 4; i++) {
        fk_event_clear(&ev);
        ev.host = (fk_str){yes[i], strlen(yes[i])};
        cr_assert_eq(match(s, &ev, &c), 1, "%s", yes[i]);
    }
    for (size_t i = 0; i < 3; i++) {
        fk_event_clear(&ev);
        ev.domain = (fk_str){no[i], strlen(no[i])};
        cr_assert_eq(match(s, &ev, &c), 0, "%s", no[i]);
    }
    fk_ioc_set_free(s);
}

Test(ioc, urls_and_their_hosts_match_in_url_and_referrer)
{
    const char *v[] = {"hxxps://phish[.]example/login.php?a=1", "198.51.100.7", "c2.example"};
    fk_ioc_set *s = set_with(v, 3);
    fk_event ev;
    collect c;
    fk_event_clear(&ev);
    ev.url = FK_STR("http://PHISH.example:80/login.php?a=1#frag");
    cr_assert_eq(match(s, &ev, &c), 1);
    cr_assert_str_eq(c.last_indicator, "phish.example/login.php?a=1");
    fk_event_clear(&ev);
    ev.referrer = FK_STR("https://user:pw@198.51.100.7:8443/x");
    cr_assert_eq(match(s, &ev, &c), 1);
    cr_assert_str_eq(c.last_field, "referrer");
    fk_event_clear(&ev);
    ev.referrer = FK_STR("http://www.c2.example/");
    cr_assert_eq(match(s, &ev, &c), 1);
    fk_event_clear(&ev);
    ev.url = FK_STR("http://phish.example/login.php?a=2");
    cr_assert_eq(match(s, &ev, &c), 0);
    fk_ioc_set_free(s);
}

Test(ioc, hashes_found_inside_sysmon_hash_lists)
{
    const char *v[] = {"D41D8CD98F00B204E9800998ECF8427E",
                       "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"};
    fk_ioc_set *s = set_with(v, 2);
    fk_event ev;
    collect c;
    fk_event_clear(&ev);
    ev.hashes =
        FK_STR("SHA1=0000000000000000000000000000000000000000,MD5=d41d8cd98f00b204e9800998ecf8427e,"
               "SHA256=E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855");
    cr_assert_eq(match(s, &ev, &c), 2);
    fk_ioc_set_free(s);
}

Test(ioc, same_value_in_two_lists_reports_both)
{
    fk_ioc_set *s = fk_ioc_set_new();
    fk_err err;
    int a = fk_ioc_list_add(s, "a"), b = fk_ioc_list_add(s, "b");
    cr_assert_eq(fk_ioc_add_text(s, "192.0.2.1", 9, (uint32_t)a, 1, "id-a", "first", &err), 0);
    cr_assert_eq(fk_ioc_add_text(s, "192.0.2.1", 9, (uint32_t)b, 7, "id-b", "second", &err), 0);
    fk_event ev;
    collect c;
    fk_event_clear(&ev);
    fk_ip_parse("192.0.2.1", 9, &ev.src_ip);
    cr_assert_eq(match(s, &ev, &c), 2);
    fk_ioc_set_free(s);
}

Test(ioc, table_grows_past_many_entries)
{
    fk_ioc_set *s = fk_ioc_set_new();
    fk_err err;
    char buf[64];
    for (int i = 0; i < 200000; i++) {
        int n = snprintf(buf, sizeof buf, "h%d.example", i);
        cr_assert_eq(fk_ioc_add_text(s, buf, (size_t)n, 0, (uint32_t)i + 1, NULL, NULL, &err), 0);
    }
    fk_event ev;
    collect c;
    fk_event_clear(&ev);
    ev.domain = FK_STR("www.h199999.example");
    cr_assert_eq(match(s, &ev, &c), 1);
    cr_assert_eq(c.last_line, 200000);
    fk_event_clear(&ev);
    ev.domain = FK_STR("h200000.example");
    cr_assert_eq(match(s, &ev, &c), 0);
    fk_ioc_set_free(s);
}

Test(ioc, forwarded_for_and_dns_answers_are_checked)
{
    const char *v[] = {"198.51.100.7", "c2.example"};
    fk_ioc_set *s = set_with(v, 2);
    fk_arena arena;
    fk_arena_init(&arena, 1024);
    fk_event ev;
    collect c;
    fk_event_clear(&ev);
    fk_ip_parse("10.0.0.1", 8, &ev.src_ip); /* the load balancer */
    fk_event_add(&ev, &arena, FK_STR("x_forwarded_for"), FK_STR("203.0.113.1, 198.51.100.7"));
    cr_assert_eq(match(s, &ev, &c), 1);
    cr_assert_str_eq(c.last_field, "x_forwarded_for");
    cr_assert_str_eq(c.last_value, "198.51.100.7");
    fk_event_clear(&ev);
    fk_event_add(&ev, &arena, FK_STR("Event.EventData.QueryResults"),
                 FK_STR("type:  5 x.example;::ffff:198.51.100.7;"));
    fk_event_add(&ev, &arena, FK_STR("Event.EventData.DestinationHostname"),
                 FK_STR("www.c2.example"));
    fk_event_add(&ev, &arena, FK_STR("Event.EventData.Comment"), FK_STR("198.51.100.7 c2.example"));
    cr_assert_eq(match(s, &ev, &c), 2, "free-text fields are not searched");
    fk_arena_free(&arena);
    fk_ioc_set_free(s);
}
