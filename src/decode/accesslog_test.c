#include "../../tests/testutil.h"
#include "../core/timefmt.h"
#include "accesslog.h"

TestSuite(accesslog, .init = fk_test_setup, .fini = fk_test_teardown);

Test(accesslog, combined_line_fills_every_field)
{
    fk_event ev;
    const char *why;
    const char *line =
        "203.0.113.9 - alice [10/Oct/2000:13:55:36 -0700] \"GET /a/b.php?x=1&y=2 HTTP/1.1\" "
        "200 2326 \"http://ref.example/p\" \"Mozilla/4.08 [en] (Win98; I ;Nav)\"";
    cr_assert_eq(fk_test_decode(FK_FMT_COMBINED, NULL, line, &ev, &arena, &why), FK_DEC_OK, "%s",
                 why);
    char b[FK_IP_STRLEN];
    cr_assert_str_eq(fk_test_ip(&ev.src_ip, b), "203.0.113.9");
    cr_assert_slice(ev.user, "alice");
    cr_assert_slice(ev.method, "GET");
    cr_assert_slice(ev.path, "/a/b.php");
    cr_assert_slice(ev.query, "x=1&y=2");
    cr_assert_eq(ev.status, 200);
    cr_assert_eq(ev.bytes, 2326);
    cr_assert_slice(ev.referrer, "http://ref.example/p");
    cr_assert_slice(ev.user_agent, "Mozilla/4.08 [en] (Win98; I ;Nav)");
    cr_assert(ev.has_time);
    cr_assert_eq(ev.time_ms, (fk_time_from_civil(2000, 10, 10, 20, 55, 36)) * 1000);
    cr_assert_eq(ev.kind, FK_KIND_WEB);
    cr_assert_str_eq(fk_test_extra(&ev, "protocol"), "HTTP/1.1");
}

Test(accesslog, ipv6_client_and_dash_bytes)
{
    fk_event ev;
    const char *why;
    const char *line =
        "2001:db8::1 - - [01/Jan/2024:00:00:00 +0000] \"HEAD / HTTP/1.0\" 304 - \"-\" \"curl/8.0\"";
    cr_assert_eq(fk_test_decode(FK_FMT_COMBINED, NULL, line, &ev, &arena, &why), FK_DEC_OK, "%s",
                 why);
    char b[FK_IP_STRLEN];
    cr_assert_eq(ev.src_ip.family, 6);
    cr_assert_str_eq(fk_test_ip(&ev.src_ip, b), "2001:db8::1");
    cr_assert_eq(ev.bytes, -1);
    cr_assert_eq(ev.referrer.n, 0, "'-' means no referrer");
}

Test(accesslog, escaped_quotes_inside_request_and_agent)
{
    fk_event ev;
    const char *why;
    const char *line =
        "198.51.100.2 - - [01/Jan/2024:00:00:00 +0000] \"GET /q?a=\\\"1\\\" HTTP/1.1\" 400 0 "
        "\"-\" \"Bad \\\"agent\\\" here\"";
    cr_assert_eq(fk_test_decode(FK_FMT_COMBINED, NULL, line, &ev, &arena, &why), FK_DEC_OK, "%s",
                 why);
    cr_assert_slice(ev.query, "a=\\\"1\\\"");
    cr_assert_slice(ev.user_agent, "Bad \\\"agent\\\" here");
}

Test(accesslog, request_with_spaces_and_absolute_url)
{
    fk_event ev;
    const char *why;
    const char *line = "192.0.2.1 - - [01/Jan/2024:00:00:00 +0000] \"GET http://evil.example/x y "
                       "HTTP/1.1\" 200 1 \"-\" \"-\"";
    cr_assert_eq(fk_test_decode(FK_FMT_COMBINED, NULL, line, &ev, &arena, &why), FK_DEC_OK, "%s",
                 why);
    cr_assert_slice(ev.url, "http://evil.example/x y");
    cr_assert_slice(ev.path, "/x y");
}

Test(accesslog, garbage_request_line_is_kept_not_rejected)
{
    fk_event ev;
    const char *why;
    const char *line =
        "192.0.2.1 - - [01/Jan/2024:00:00:00 +0000] \"\\x16\\x03\\x01\" 400 0 \"-\" \"-\"";
    cr_assert_eq(fk_test_decode(FK_FMT_COMBINED, NULL, line, &ev, &arena, &why), FK_DEC_OK, "%s",
                 why);
    cr_assert_slice(ev.path, "\\x16\\x03\\x01");
    cr_assert_eq(ev.method.n, 0);
}

Test(accesslog, truncated_line_is_malformed_with_reason)
{
    fk_event ev;
    const char *why;
    const char *line = "192.0.2.1 - - [01/Jan/2024:00:00:00 +0000] \"GET /index.html HTT";
    cr_assert_eq(fk_test_decode(FK_FMT_COMBINED, NULL, line, &ev, &arena, &why), FK_DEC_BAD);
    cr_assert_not_null(strstr(why, "truncated"), "why: %s", why);
}

Test(accesslog, bad_status_names_the_field)
{
    fk_event ev;
    const char *why;
    const char *line =
        "192.0.2.1 - - [01/Jan/2024:00:00:00 +0000] \"GET / HTTP/1.1\" abc 1 \"-\" \"-\"";
    cr_assert_eq(fk_test_decode(FK_FMT_COMBINED, NULL, line, &ev, &arena, &why), FK_DEC_BAD);
    cr_assert_not_null(strstr(why, "status"), "why: %s", why);
}

Test(accesslog, non_utf8_bytes_pass_through)
{
    fk_event ev;
    const char *why;
    const char *line = "192.0.2.1 - - [01/Jan/2024:00:00:00 +0000] \"GET /\xff\xfe\x80 HTTP/1.1\" "
                       "404 1 \"-\" \"\xe3\x81\x82\xc0\"";
    cr_assert_eq(fk_test_decode(FK_FMT_COMBINED, NULL, line, &ev, &arena, &why), FK_DEC_OK, "%s",
                 why);
    cr_assert_slice(ev.path, "/\xff\xfe\x80");
    cr_assert_eq(ev.user_agent.n, 4);
}

Test(accesslog, common_format_and_trailing_fields_tolerated)
{
    fk_event ev;
    const char *why;
    const char *line = "192.0.2.1 - - [01/Jan/2024:00:00:00 +0000] \"GET / HTTP/1.1\" 200 512";
    cr_assert_eq(fk_test_decode(FK_FMT_COMMON, NULL, line, &ev, &arena, &why), FK_DEC_OK, "%s",
                 why);
    cr_assert_eq(ev.bytes, 512);
    const char *longer =
        "192.0.2.1 - - [01/Jan/2024:00:00:00 +0000] \"GET / HTTP/1.1\" 200 512 \"-\" \"ua\" 0.003";
    cr_assert_eq(fk_test_decode(FK_FMT_COMBINED, NULL, longer, &ev, &arena, &why), FK_DEC_OK, "%s",
                 why);
    cr_assert_slice(ev.user_agent, "ua");
}

Test(accesslog, custom_apache_logformat_with_vhost_port_and_duration)
{
    fk_event ev;
    const char *why;
    const char *fmt = "%v:%p %a %l %u %t \"%r\" %>s %O \"%{Referer}i\" \"%{User-Agent}i\" %D "
                      "\"%{X-Forwarded-For}i\"";
    const char *line = "www.example.jp:443 192.0.2.7 - - [02/Feb/2024:10:00:00 +0900] \"POST "
                       "/login HTTP/2.0\" 302 90 "
                       "\"-\" \"ua x\" 1534 \"198.51.100.1, 10.0.0.1\"";
    cr_assert_eq(fk_test_decode(FK_FMT_CUSTOM, fmt, line, &ev, &arena, &why), FK_DEC_OK, "%s", why);
    cr_assert_slice(ev.host, "www.example.jp");
    cr_assert_eq(ev.dst_port, 443);
    cr_assert_slice(ev.method, "POST");
    cr_assert_eq(ev.status, 302);
    char buf[64];
    fk_str v;
    cr_assert(fk_event_value(&ev, FK_F_EXTRA, "duration_us", buf, &v));
    cr_assert_slice(v, "1534");
    cr_assert(fk_event_value(&ev, FK_F_EXTRA, "x_forwarded_for", buf, &v));
    cr_assert_slice(v, "198.51.100.1, 10.0.0.1");
    cr_assert_eq(ev.time_ms, fk_time_from_civil(2024, 2, 2, 1, 0, 0) * 1000);
}

Test(accesslog, nginx_log_format_with_request_time)
{
    fk_event ev;
    const char *why;
    const char *fmt =
        "$remote_addr - $remote_user [$time_local] \"$request\" $status $body_bytes_sent "
        "\"$http_referer\" \"$http_user_agent\" $request_time $upstream_response_time";
    const char *line = "192.0.2.9 - bob [02/Feb/2024:10:00:00 +0000] \"GET /api?id=1 HTTP/1.1\" "
                       "200 17 \"-\" \"ua\" 0.012 0.010";
    cr_assert_eq(fk_test_decode(FK_FMT_CUSTOM, fmt, line, &ev, &arena, &why), FK_DEC_OK, "%s", why);
    cr_assert_slice(ev.user, "bob");
    cr_assert_slice(ev.query, "id=1");
    char buf[64];
    fk_str v;
    cr_assert(fk_event_value(&ev, FK_F_EXTRA, "request_time", buf, &v));
    cr_assert_slice(v, "0.012");
}

Test(accesslog, bad_logformat_is_refused_with_offset)
{
    fk_err err;
    cr_assert_null(fk_logformat_compile("%h %Z", &err));
    cr_assert_not_null(strstr(err.msg, "unknown directive"), "%s", err.msg);
    cr_assert_null(fk_logformat_compile("%h%u", &err));
    cr_assert_not_null(strstr(err.msg, "separator"), "%s", err.msg);
    cr_assert_null(fk_logformat_compile("%{Referer", &err));
}

Test(accesslog, trailing_backslash_in_format_is_literal)
{
    /* found by fuzz_accesslog: this used to loop forever */
    fk_err err;
    fk_logformat *lf = fk_logformat_compile("%h [\\", &err);
    cr_assert_not_null(lf, "%s", err.msg);
    fk_event ev;
    fk_event_clear(&ev);
    const char *why = NULL;
    cr_assert_eq(fk_logformat_decode(lf, "192.0.2.1 [\\", 12, &ev, &arena, &why), FK_DEC_OK, "%s",
                 why);
    fk_logformat_free(lf);
}
