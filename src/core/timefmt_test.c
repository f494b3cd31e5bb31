#include "timefmt.h"

#include <criterion/criterion.h>
#include <string.h>

Test(timefmt, clf_with_zone)
{
    int64_t ms;
    cr_assert(fk_time_parse_clf("10/Oct/2000:13:55:36 -0700", 26, &ms));
    cr_assert_eq(ms, 971211336000LL);
    cr_assert_not(fk_time_parse_clf("10/Foo/2000:13:55:36 -0700", 26, &ms));
    cr_assert_not(fk_time_parse_clf("32/Oct/2000:13:55:36 -0700", 26, &ms));
}

Test(timefmt, iso8601_variants)
{
    int64_t ms;
    const char *a = "2000-10-10T20:55:36Z", *b = "2000-10-11T05:55:36.250+09:00",
               *c = "2000-10-10 20:55:36";
    cr_assert(fk_time_parse_iso8601(a, strlen(a), &ms));
    cr_assert_eq(ms, 971211336000LL);
    cr_assert(fk_time_parse_iso8601(b, strlen(b), &ms));
    cr_assert_eq(ms, 971211336250LL);
    cr_assert(fk_time_parse_iso8601(c, strlen(c), &ms));
    cr_assert_eq(ms, 971211336000LL);
    cr_assert_not(fk_time_parse_iso8601("2000-13-10T00:00:00Z", 20, &ms));
    cr_assert_not(fk_time_parse_iso8601("2000-10-10T00:00:00+", 20, &ms));
}

Test(timefmt, bsd_and_epoch_and_format_roundtrip)
{
    int64_t ms;
    cr_assert(fk_time_parse_bsd("Feb  3 04:05:06", 15, 2024, &ms));
    char buf[32];
    cr_assert_str_eq(fk_time_format(ms, buf), "2024-02-03T04:05:06.000Z");
    cr_assert(fk_time_parse_asctime("Thu Mar  7 09:08:07 2024", 24, &ms));
    cr_assert_str_eq(fk_time_format(ms, buf), "2024-03-07T09:08:07.000Z");
    cr_assert(fk_time_parse_any("Sat Dec 14 23:59:01 2024", 24, 1970, &ms));
    cr_assert_str_eq(fk_time_format(ms, buf), "2024-12-14T23:59:01.000Z");
    cr_assert_not(fk_time_parse_asctime("Thu Mar  7 09:08:07 24", 22, &ms));
    cr_assert_not(fk_time_parse_asctime("Thu Mar 37 09:08:07 2024", 24, &ms));
    cr_assert(fk_time_parse_epoch("1700000000", 10, &ms));
    cr_assert_eq(ms, 1700000000000LL);
    cr_assert(fk_time_parse_epoch("1700000000123", 13, &ms));
    cr_assert_eq(ms, 1700000000123LL);
    cr_assert(fk_time_parse_epoch("1700000000.5", 12, &ms));
    cr_assert_eq(ms, 1700000000500LL);
    cr_assert_eq(fk_time_year(ms), 2023);
    cr_assert_str_eq(fk_time_format(-1, buf), "1969-12-31T23:59:59.999Z");
}

Test(timefmt, microseconds_parse_and_format_as_one_instant)
{
    int64_t us;
    char buf[40];
    cr_assert(fk_time_parse_iso8601_us("2024-07-01T00:00:00.5Z", 22, &us));
    cr_assert_str_eq(fk_time_format_us(us, buf), "2024-07-01T00:00:00.500000Z");
    cr_assert(fk_time_parse_iso8601_us("2024-07-01T09:00:00.123456789+09:00", 35, &us));
    cr_assert_str_eq(fk_time_format_us(us, buf), "2024-07-01T00:00:00.123456Z",
                     "digits past the microsecond are dropped, the zone applied");
    cr_assert(fk_time_parse_iso8601_us("1969-12-31T23:59:59.999999Z", 27, &us));
    cr_assert_eq(us, -1);
    cr_assert_str_eq(fk_time_format_us(us, buf), "1969-12-31T23:59:59.999999Z");
    int64_t ms;
    cr_assert(fk_time_parse_iso8601("1969-12-31T23:59:59.9999Z", 25, &ms));
    cr_assert_eq(ms, -1, "milliseconds round down before 1970 too");
    cr_assert_eq(strlen(fk_time_format_us(0, buf)), 27);
}
