#include "calendar.h"

#include <time.h>

#define JST_S  (9 * 3600)
#define DAY_MS 86400000LL

/* 0 Sunday .. 6 Saturday (Sakamoto's method). */
static int weekday(int y, int m, int d)
{
    static const int t[] = {0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4};
    if (m < 3)
        y -= 1;
    return (y + y / 4 - y / 100 + y / 400 + t[m - 1] + d) % 7;
}

/* The day of the n-th Monday of a month. */
static int nth_monday(int y, int m, int n)
{
    int first = weekday(y, m, 1);
    int first_monday = 1 + (8 - first) % 7;
    return first_monday + 7 * (n - 1);
}

/* The equinoxes, by the formula the National Astronomical Observatory's tables follow
 * for 1980-2099. */
static int vernal_equinox(int y)
{
    return (int)(20.8431 + 0.242194 * (y - 1980)) - (y - 1980) / 4;
}

static int autumnal_equinox(int y)
{
    return (int)(23.2488 + 0.242194 * (y - 1980)) - (y - 1980) / 4;
}

/* A holiday by the law's list of days (without substitutes and citizen's holidays). */
static bool named_holiday(int y, int m, int d)
{
    switch (m) {
    case 1: return d == 1 || d == nth_monday(y, 1, 2);
    case 2: return d == 11 || (y >= 2020 && d == 23);
    case 3: return d == vernal_equinox(y);
    case 4: return d == 29;
    case 5: return d >= 3 && d <= 5;
    case 7: return d == nth_monday(y, 7, 3);
    case 8: return y >= 2016 && d == 11;
    case 9: return d == nth_monday(y, 9, 3) || d == autumnal_equinox(y);
    case 10: return d == nth_monday(y, 10, 2);
    case 11: return d == 3 || d == 23;
    case 12: return y < 2019 && d == 23;
    default: return false;
    }
}

static void add_days(int *y, int *m, int *d, int n)
{
    struct tm tm = {.tm_year = *y - 1900, .tm_mon = *m - 1, .tm_mday = *d + n, .tm_hour = 12};
    time_t t = timegm(&tm);
    gmtime_r(&t, &tm);
    *y = tm.tm_year + 1900;
    *m = tm.tm_mon + 1;
    *d = tm.tm_mday;
}

bool fk_jp_holiday(int year, int month, int day)
{
    if (year < 1980 || year > 2099)
        return false;
    if (named_holiday(year, month, day))
        return true;
    /* a substitute holiday: the first day after a Sunday holiday that is not one itself */
    if (weekday(year, month, day) != 0) {
        int y = year, m = month, d = day;
        for (;;) {
            add_days(&y, &m, &d, -1);
            if (!named_holiday(y, m, d))
                break;
            if (weekday(y, m, d) == 0)
                return true;
        }
    }
    /* the citizen's holiday: a day between two holidays (not a Sunday) */
    int py = year, pm = month, pd = day, ny = year, nm = month, nd = day;
    add_days(&py, &pm, &pd, -1);
    add_days(&ny, &nm, &nd, 1);
    return weekday(year, month, day) != 0 && named_holiday(py, pm, pd) && named_holiday(ny, nm, nd);
}

/* Whether the JST day of this instant is a working day. */
static bool working_day(const fk_work_hours *w, int64_t ms)
{
    time_t t = (time_t)(ms / 1000) + JST_S;
    struct tm tm;
    gmtime_r(&t, &tm);
    int y = tm.tm_year + 1900, m = tm.tm_mon + 1, d = tm.tm_mday;
    if (tm.tm_wday == 0 || tm.tm_wday == 6 || fk_jp_holiday(y, m, d))
        return false;
    if (w->year_end_closed && ((m == 12 && d >= 29) || (m == 1 && d <= 3)))
        return false;
    return true;
}

int64_t fk_work_add(const fk_work_hours *w, int64_t start_ms, int64_t duration_ms)
{
    if (w->continuous || w->end_min <= w->start_min)
        return start_ms + duration_ms;
    int64_t at = start_ms, left = duration_ms;
    /* a day at a time: at most a few years of days for any clock a policy sets */
    for (int guard = 0; guard < 5000; guard++) {
        int64_t local = at + JST_S * 1000LL;
        int64_t day0 = local - ((local % DAY_MS) + DAY_MS) % DAY_MS; /* local midnight */
        int64_t open = day0 + w->start_min * 60000LL, close = day0 + w->end_min * 60000LL;
        if (working_day(w, at) && local < close) {
            int64_t from = local > open ? local : open;
            if (from + left <= close)
                return from + left - JST_S * 1000LL;
            left -= close - from;
        }
        at = day0 + DAY_MS - JST_S * 1000LL; /* the next local midnight */
    }
    return at;
}
