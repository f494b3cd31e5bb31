#include "../../tests/testutil.h"
#include "../core/timefmt.h"
#include "w3c.h"

Test(w3c, fields_header_drives_columns)
{
    fk_arena arena;
    fk_arena_init(&arena, 4096);
    fk_w3c *w = fk_w3c_new();
    fk_event ev;
    const char *why = NULL;
    const char *hdr =
        "#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip "
        "cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken";
    fk_event_clear(&ev);
    cr_assert_eq(fk_w3c_decode(w, "#Software: Microsoft Internet Information Services 10.0", 55,
                               &ev, &arena, &why),
                 FK_DEC_SKIP);
    cr_assert_eq(fk_w3c_decode(w, hdr, strlen(hdr), &ev, &arena, &why), FK_DEC_SKIP);
    const char *line = "2024-03-01 12:34:56 10.0.0.5 GET /default.aspx id=7 443 - 2001:db8::7 "
                       "Mozilla/5.0+(Windows+NT+10.0) - 200 0 0 15";
    fk_event_clear(&ev);
    cr_assert_eq(fk_w3c_decode(w, line, strlen(line), &ev, &arena, &why), FK_DEC_OK, "%s", why);
    cr_assert_slice(ev.path, "/default.aspx");
    cr_assert_slice(ev.query, "id=7");
    cr_assert_eq(ev.dst_port, 443);
    cr_assert_eq(ev.src_ip.family, 6);
    cr_assert_slice(ev.user_agent, "Mozilla/5.0 (Windows NT 10.0)");
    cr_assert_eq(ev.user.n, 0);
    cr_assert_eq(ev.status, 200);
    cr_assert_eq(ev.time_ms, fk_time_from_civil(2024, 3, 1, 12, 34, 56) * 1000);

    /* a new header mid-file changes the layout */
    const char *hdr2 = "#Fields: date time c-ip cs-method cs-uri-stem sc-status";
    cr_assert_eq(fk_w3c_decode(w, hdr2, strlen(hdr2), &ev, &arena, &why), FK_DEC_SKIP);
    const char *line2 = "2024-03-01 12:35:00 192.0.2.4 POST /upload.aspx 500";
    fk_event_clear(&ev);
    cr_assert_eq(fk_w3c_decode(w, line2, strlen(line2), &ev, &arena, &why), FK_DEC_OK, "%s", why);
    cr_assert_eq(ev.status, 500);
    cr_assert_slice(ev.method, "POST");

    const char *short_line = "2024-03-01 12:35:00 192.0.2.4 POST";
    cr_assert_eq(fk_w3c_decode(w, short_line, strlen(short_line), &ev, &arena, &why), FK_DEC_BAD);
    cr_assert_not_null(strstr(why, "fewer columns"));
    const char *bad_ip = "2024-03-01 12:35:00 not-an-ip POST /x 200";
    cr_assert_eq(fk_w3c_decode(w, bad_ip, strlen(bad_ip), &ev, &arena, &why), FK_DEC_BAD);
    cr_assert_not_null(strstr(why, "c-ip"));
    fk_w3c_free(w);
    fk_arena_free(&arena);
}

/* IIS logs the Cookie header when cs(Cookie) is selected, spaces written as '+'. */
Test(w3c, cookie_column_is_the_cookie_header)
{
    fk_arena arena;
    fk_arena_init(&arena, 4096);
    fk_w3c *w = fk_w3c_new();
    fk_event ev;
    const char *why = NULL;
    const char *hdr = "#Fields: date time c-ip cs-method cs-uri-stem cs(Cookie) sc-status";
    fk_event_clear(&ev);
    cr_assert_eq(fk_w3c_decode(w, hdr, strlen(hdr), &ev, &arena, &why), FK_DEC_SKIP);
    const char *line =
        "2024-03-01 12:34:56 192.0.2.4 GET /a.aspx ASP.NET_SessionId=abc;+lang=ja 200";
    fk_event_clear(&ev);
    cr_assert_eq(fk_w3c_decode(w, line, strlen(line), &ev, &arena, &why), FK_DEC_OK, "%s", why);
    cr_assert_slice(ev.cookie, "ASP.NET_SessionId=abc; lang=ja");
    fk_w3c_free(w);
    fk_arena_free(&arena);
}
