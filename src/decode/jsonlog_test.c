#include "../../tests/testutil.h"
#include "../core/timefmt.h"
#include "jsonlog.h"

TestSuite(jsonlog, .init = fk_test_setup, .fini = fk_test_teardown);

Test(jsonlog, flat_object_maps_common_names)
{
    fk_event ev;
    const char *why;
    const char *line =
        "{\"@timestamp\":\"2024-01-01T00:00:01Z\",\"src_ip\":\"192.0.2.1\",\"dst_port\":443,"
        "\"url\":\"https://evil.example/a\",\"status\":200,\"user\":\"u1\"}";
    cr_assert_eq(fk_test_decode(FK_FMT_JSON, NULL, line, &ev, &arena, &why), FK_DEC_OK, "%s", why);
    char b[FK_IP_STRLEN];
    cr_assert_str_eq(fk_test_ip(&ev.src_ip, b), "192.0.2.1");
    cr_assert_eq(ev.dst_port, 443);
    cr_assert_slice(ev.url, "https://evil.example/a");
    cr_assert_eq(ev.status, 200);
    cr_assert_eq(ev.time_ms, fk_time_from_civil(2024, 1, 1, 0, 0, 1) * 1000);
}

Test(jsonlog, nested_objects_by_dotted_path)
{
    fk_event ev;
    const char *why;
    const char *line = "{\"source\":{\"ip\":\"2001:db8::5\",\"port\":5353},\"dns\":{\"question\":{"
                       "\"name\":\"c2.bad.example\"}},"
                       "\"tags\":[\"a\",\"b\"],\"n\":null}";
    cr_assert_eq(fk_test_decode(FK_FMT_JSON, NULL, line, &ev, &arena, &why), FK_DEC_OK, "%s", why);
    cr_assert_eq(ev.src_ip.family, 6);
    cr_assert_eq(ev.src_port, 5353);
    cr_assert_slice(ev.domain, "c2.bad.example");
    cr_assert_eq(ev.kind, FK_KIND_DNS);
    char buf[64];
    fk_str v;
    cr_assert(fk_event_value(&ev, FK_F_EXTRA, "tags.1", buf, &v));
    cr_assert_slice(v, "b");
    cr_assert_not(fk_event_value(&ev, FK_F_EXTRA, "n", buf, &v), "null is not a value");
}

/* ECS keeps the request target whole and the body apart; ModSecurity's audit log nests
 * the request under "transaction": both become a web event detection can read. */
Test(jsonlog, web_requests_with_their_body_and_cookies)
{
    fk_event ev;
    const char *why;
    const char *ecs = "{\"url\":{\"original\":\"/login?next=/home#top\"},\"http\":{\"request\":"
                      "{\"method\":\"POST\",\"body\":{\"content\":\"u=a&p=b\"},\"headers\":{"
                      "\"cookie\":\"sid=1\"}},\"response\":{\"status_code\":200}}}";
    cr_assert_eq(fk_test_decode(FK_FMT_JSON, NULL, ecs, &ev, &arena, &why), FK_DEC_OK, "%s", why);
    cr_assert_eq(ev.kind, FK_KIND_WEB);
    cr_assert_slice(ev.path, "/login");
    cr_assert_slice(ev.query, "next=/home");
    cr_assert_slice(ev.body, "u=a&p=b");
    cr_assert_slice(ev.cookie, "sid=1");
    char buf[64];
    fk_str v;
    cr_assert(fk_event_value(&ev, fk_field_lookup("body"), NULL, buf, &v));
    cr_assert_slice(v, "u=a&p=b");
    const char *modsec =
        "{\"transaction\":{\"client_ip\":\"192.0.2.7\",\"time_stamp\":\"Thu Mar  7 "
        "09:08:07 2024\",\"request\":{\"method\":"
        "\"GET\",\"uri\":\"http://shop.example/item?id=1\",\"headers\":{"
        "\"User-Agent\":\"curl/8\",\"Cookie\":\"a=b\"},\"body\":\"\"},"
        "\"response\":{\"http_code\":404}}}";
    cr_assert_eq(fk_test_decode(FK_FMT_JSON, NULL, modsec, &ev, &arena, &why), FK_DEC_OK, "%s",
                 why);
    cr_assert_eq(ev.kind, FK_KIND_WEB);
    cr_assert_slice(ev.path, "/item"); /* an absolute target loses its scheme and host */
    cr_assert_slice(ev.query, "id=1");
    cr_assert_slice(ev.user_agent, "curl/8");
    cr_assert_slice(ev.cookie, "a=b");
    cr_assert_eq(ev.status, 404);
    cr_assert(ev.has_time, "ModSecurity writes its time as asctime() does");
    cr_assert_eq(ev.time_ms, fk_time_from_civil(2024, 3, 7, 9, 8, 7) * 1000);
    char b[FK_IP_STRLEN];
    cr_assert_str_eq(fk_test_ip(&ev.src_ip, b), "192.0.2.7");
    const char *nginx = "{\"request_uri\":\"/a?b=c\",\"request_method\":\"GET\"}";
    cr_assert_eq(fk_test_decode(FK_FMT_JSON, NULL, nginx, &ev, &arena, &why), FK_DEC_OK, "%s", why);
    cr_assert_slice(ev.path, "/a"); /* nginx's $request_uri carries the query */
    cr_assert_slice(ev.query, "b=c");
}

Test(jsonlog, evtx_security_4625_is_a_failed_logon)
{
    fk_event ev;
    const char *why;
    const char *line = "{\"Event\":{\"#attributes\":{\"xmlns\":\"x\"},\"System\":{\"EventID\":4625,"
                       "\"Channel\":\"Security\","
                       "\"Computer\":\"dc01.corp\",\"TimeCreated\":{\"#attributes\":{"
                       "\"SystemTime\":\"2024-02-03T04:05:06.789Z\"}}},"
                       "\"EventData\":{\"TargetUserName\":\"administrator\",\"IpAddress\":\"198.51."
                       "100.77\",\"IpPort\":\"51000\",\"LogonType\":3}}}";
    cr_assert_eq(fk_test_decode(FK_FMT_JSON, NULL, line, &ev, &arena, &why), FK_DEC_OK, "%s", why);
    cr_assert_eq(ev.kind, FK_KIND_AUTH);
    cr_assert_eq(ev.outcome, FK_OUTCOME_FAILURE);
    cr_assert_slice(ev.user, "administrator");
    cr_assert_slice(ev.host, "dc01.corp");
    cr_assert_eq(ev.src_port, 51000);
    cr_assert_eq(ev.time_ms, fk_time_from_civil(2024, 2, 3, 4, 5, 6) * 1000 + 789);
    char buf[64];
    fk_str v;
    cr_assert(fk_event_value(&ev, FK_F_EXTRA, "LogonType", buf, &v), "short names reach EventData");
    cr_assert_slice(v, "3");
}

Test(jsonlog, evtx_sysmon_process_with_text_nodes)
{
    fk_event ev;
    const char *why;
    const char *line = "{\"Event\":{\"System\":{\"EventID\":{\"#attributes\":{\"Qualifiers\":\"\"},"
                       "\"#text\":\"1\"},"
                       "\"Channel\":\"Microsoft-Windows-Sysmon/"
                       "Operational\"},\"EventData\":{\"Image\":\"C:\\\\x.exe\","
                       "\"CommandLine\":\"x.exe -enc AAA\",\"Hashes\":\"MD5=00,SHA256=11\"}}}";
    cr_assert_eq(fk_test_decode(FK_FMT_JSON, NULL, line, &ev, &arena, &why), FK_DEC_OK, "%s", why);
    cr_assert_eq(ev.kind, FK_KIND_PROCESS);
    cr_assert_slice(ev.image, "C:\\x.exe");
    cr_assert_slice(ev.command_line, "x.exe -enc AAA");
    cr_assert_slice(ev.hashes, "MD5=00,SHA256=11");
}

Test(jsonlog, pretty_printed_objects_one_after_another)
{
    fk_jsonlog *j = fk_jsonlog_new();
    const char *lines[] = {"{",
                           "  \"Event\": {",
                           "    \"System\": {\"EventID\": 4624, \"Channel\": \"Security\"},",
                           "    \"EventData\": {\"TargetUserName\": \"a}b{\"}",
                           "  }",
                           "}",
                           "{",
                           "\"user\": \"second\"",
                           "}"};
    fk_event ev;
    const char *why = NULL;
    int ok = 0;
    for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
        fk_event_clear(&ev);
        ev.line = i + 1;
        fk_dec_status st = fk_jsonlog_decode(j, lines[i], strlen(lines[i]), &ev, &arena, &why);
        cr_assert_neq(st, FK_DEC_BAD, "line %zu: %s", i + 1, why);
        if (st == FK_DEC_OK) {
            ok++;
            if (ok == 1) {
                cr_assert_eq(ev.line, 1, "an object is reported at its first line");
                cr_assert_slice(ev.user, "a}b{");
                cr_assert_eq(ev.outcome, FK_OUTCOME_SUCCESS);
            } else {
                cr_assert_eq(ev.line, 7);
                cr_assert_slice(ev.user, "second");
            }
        }
    }
    cr_assert_eq(ok, 2);
    fk_event_clear(&ev);
    cr_assert_eq(fk_jsonlog_finish(j, &ev, &arena, &why), FK_DEC_SKIP);
    fk_jsonlog_free(j);
}

Test(jsonlog, truncated_object_is_reported_at_end)
{
    fk_jsonlog *j = fk_jsonlog_new();
    fk_event ev;
    const char *why = NULL;
    fk_event_clear(&ev);
    ev.line = 4;
    cr_assert_eq(fk_jsonlog_decode(j, "{\"a\": [1,", 10, &ev, &arena, &why), FK_DEC_MORE);
    fk_event_clear(&ev);
    cr_assert_eq(fk_jsonlog_finish(j, &ev, &arena, &why), FK_DEC_BAD);
    cr_assert_eq(ev.line, 4);
    cr_assert_not_null(strstr(why, "truncated"));
    fk_jsonlog_free(j);
}

Test(jsonlog, invalid_json_and_non_objects)
{
    fk_event ev;
    const char *why;
    cr_assert_eq(fk_test_decode(FK_FMT_JSON, NULL, "{\"a\": tru}", &ev, &arena, &why), FK_DEC_BAD);
    cr_assert_not_null(strstr(why, "invalid JSON"), "%s", why);
    cr_assert_eq(fk_test_decode(FK_FMT_JSON, NULL, "plain text", &ev, &arena, &why), FK_DEC_BAD);
    cr_assert_eq(fk_test_decode(FK_FMT_JSON, NULL, "{\"a\":\"\xff\xfe\"}", &ev, &arena, &why),
                 FK_DEC_BAD, "jansson refuses invalid UTF-8");
}

/* Found by fuzz_evtx under UBSan: an EventID too long to be one is kept as text and does
 * not overflow the classifier. */
Test(jsonlog, an_event_id_of_many_digits_is_no_overflow)
{
    fk_event ev;
    const char *why;
    const char *line = "{\"Event\":{\"System\":{\"EventID\":\"55555555555555555555\","
                       "\"Channel\":\"Security\"}}}";
    cr_assert_eq(fk_test_decode(FK_FMT_JSON, NULL, line, &ev, &arena, &why), FK_DEC_OK, "%s", why);
    cr_assert_str_eq(fk_test_extra(&ev, "Event.System.EventID"), "55555555555555555555");
    cr_assert_eq(ev.kind, FK_KIND_GENERIC);
}
