#include "timefmt.h"

#include <time.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Howard Hinnant's days_from_civil: exact for the proleptic Gregorian calendar. */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = (unsigned)(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? (unsigned)-3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

int64_t fk_time_from_civil(int year, int month, int day, int hour, int min, int sec)
{
    return days_from_civil(year, (unsigned)month, (unsigned)day) * 86400 + hour * 3600 + min * 60 +
           sec;
}

static bool digits(const char *s, size_t n, size_t at, size_t count, int *out)
{
    if (at + count > n)
        return false;
    int v = 0;
    for (size_t i = at; i < at + count; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return true;
}

static int month_index(const char *s)
{
    static const char names[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
    for (int i = 0; i < 12; i++) {
        const char *m = names + i * 3;
        if ((s[0] | 0x20) == (m[0] | 0x20) && (s[1] | 0x20) == m[1] && (s[2] | 0x20) == m[2])
            return i + 1;
    }
    return 0;
}

static bool valid(int mo, int d, int h, int mi, int se)
{
    return mo >= 1 && mo <= 12 && d >= 1 && d <= 31 && h <= 23 && mi <= 59 && se <= 60;
}

/* Parses "+hh:mm", "+hhmm", "+hh", "Z" at s[at..n); returns offset seconds. */
static bool parse_zone(const char *s, size_t n, size_t at, int *offset, size_t *end)
{
    if (at >= n) {
        *offset = 0;
        *end = at;
        return true;
    }
    if (s[at] == 'Z' || s[at] == 'z') {
        *offset = 0;
        *end = at + 1;
        return true;
    }
    if (s[at] != '+' && s[at] != '-')
        return false;
    int sign = s[at] == '-' ? -1 : 1, hh, mm = 0;
    if (!digits(s, n, at + 1, 2, &hh))
        return false;
    size_t i = at + 3;
    if (i < n && s[i] == ':')
        i++;
    if (digits(s, n, i, 2, &mm))
        i += 2;
    if (hh > 23 || mm > 59)
        return false;
    *offset = sign * (hh * 3600 + mm * 60);
    *end = i;
    return true;
}

bool fk_time_parse_clf(const char *s, size_t n, int64_t *ms)
{
    int d, y, h, mi, se, off = 0;
    if (n < 20 || !digits(s, n, 0, 2, &d) || s[2] != '/' || s[6] != '/' ||
        !digits(s, n, 7, 4, &y) || s[11] != ':' || !digits(s, n, 12, 2, &h) || s[14] != ':' ||
        !digits(s, n, 15, 2, &mi) || s[17] != ':' || !digits(s, n, 18, 2, &se))
        return false;
    int mo = month_index(s + 3);
    if (!mo || !valid(mo, d, h, mi, se))
        return false;
    size_t end = 20;
    if (n > 21 && s[20] == ' ' && !parse_zone(s, n, 21, &off, &end))
        return false;
    *ms = (fk_time_from_civil(y, mo, d, h, mi, se) - off) * 1000;
    return true;
}

bool fk_time_parse_iso8601(const char *s, size_t n, int64_t *ms)
{
    int64_t us;
    if (!fk_time_parse_iso8601_us(s, n, &us))
        return false;
    *ms = us / 1000 - (us % 1000 < 0); /* floor: times before 1970 stay in their ms */
    return true;
}

bool fk_time_parse_iso8601_us(const char *s, size_t n, int64_t *us)
{
    int y, mo, d, h = 0, mi = 0, se = 0, off = 0;
    if (!digits(s, n, 0, 4, &y) || n < 10 || s[4] != '-' || !digits(s, n, 5, 2, &mo) ||
        s[7] != '-' || !digits(s, n, 8, 2, &d))
        return false;
    size_t i = 10;
    int frac_us = 0;
    if (i < n && (s[i] == 'T' || s[i] == 't' || s[i] == ' ')) {
        if (!digits(s, n, i + 1, 2, &h) || i + 3 >= n || s[i + 3] != ':' ||
            !digits(s, n, i + 4, 2, &mi))
            return false;
        i += 6;
        if (i < n && s[i] == ':') {
            if (!digits(s, n, i + 1, 2, &se))
                return false;
            i += 3;
        }
        if (i < n && (s[i] == '.' || s[i] == ',')) {
            i++;
            int scale = 100000; /* digits past the microsecond are read and dropped */
            size_t start = i;
            while (i < n && s[i] >= '0' && s[i] <= '9') {
                frac_us += (s[i] - '0') * scale;
                scale /= 10;
                i++;
            }
            if (i == start)
                return false;
        }
        size_t end;
        while (i < n && s[i] == ' ')
            i++;
        if (!parse_zone(s, n, i, &off, &end))
            return false;
        i = end;
    }
    if (i != n || !valid(mo, d, h, mi, se))
        return false;
    *us = (fk_time_from_civil(y, mo, d, h, mi, se) - off) * 1000000 + frac_us;
    return true;
}

bool fk_time_parse_bsd(const char *s, size_t n, int ref_year, int64_t *ms)
{
    int d, h, mi, se;
    if (n < 15 || s[3] != ' ')
        return false;
    int mo = month_index(s);
    size_t i = 4;
    if (s[i] == ' ')
        i++; /* "Oct  1" pads the day with a space */
    size_t dlen = (i + 1 < n && s[i + 1] >= '0' && s[i + 1] <= '9') ? 2 : 1;
    if (!mo || !digits(s, n, i, dlen, &d))
        return false;
    i += dlen;
    if (i + 9 > n || s[i] != ' ' || !digits(s, n, i + 1, 2, &h) || s[i + 3] != ':' ||
        !digits(s, n, i + 4, 2, &mi) || s[i + 6] != ':' || !digits(s, n, i + 7, 2, &se))
        return false;
    if (!valid(mo, d, h, mi, se) || i + 9 != n)
        return false;
    *ms = fk_time_from_civil(ref_year, mo, d, h, mi, se) * 1000;
    return true;
}

bool fk_time_parse_asctime(const char *s, size_t n, int64_t *ms)
{
    /* "Www " then BSD's "Mmm dd hh:mm:ss", then " yyyy" */
    int year;
    if (n < 24 || s[3] != ' ' || s[n - 5] != ' ' || !digits(s, n, n - 4, 4, &year))
        return false;
    for (int i = 0; i < 3; i++)
        if (!((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z')))
            return false;
    return fk_time_parse_bsd(s + 4, n - 9, year, ms);
}

bool fk_time_parse_epoch(const char *s, size_t n, int64_t *ms)
{
    if (n == 0 || n > 16)
        return false;
    int64_t v = 0;
    size_t i = 0;
    for (; i < n && s[i] != '.'; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (s[i] - '0');
    }
    int frac = 0;
    if (i < n) { /* seconds with a fraction */
        int scale = 100;
        for (i++; i < n; i++) {
            if (s[i] < '0' || s[i] > '9')
                return false;
            frac += (s[i] - '0') * scale;
            scale /= 10;
        }
        *ms = v * 1000 + frac;
        return true;
    }
    *ms = v > 100000000000LL ? v : v * 1000;
    return true;
}

bool fk_time_parse_any(const char *s, size_t n, int ref_year, int64_t *ms)
{
    return fk_time_parse_iso8601(s, n, ms) || fk_time_parse_clf(s, n, ms) ||
           fk_time_parse_bsd(s, n, ref_year, ms) || fk_time_parse_asctime(s, n, ms) ||
           fk_time_parse_epoch(s, n, ms);
}

/* Inverse of days_from_civil. */
static void civil_from_days(int64_t days, int64_t *y, unsigned *m, unsigned *d)
{
    int64_t z = days + 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = (unsigned)(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = yoe + era * 400 + (*m <= 2);
}

static void split_ms(int64_t ms, int64_t *days, int64_t *sec_of_day, int *msr)
{
    int64_t secs = ms / 1000, r = ms % 1000;
    if (r < 0) {
        r += 1000;
        secs--;
    }
    *days = secs / 86400;
    *sec_of_day = secs % 86400;
    if (*sec_of_day < 0) {
        *sec_of_day += 86400;
        (*days)--;
    }
    *msr = (int)r;
}

int fk_time_year(int64_t ms)
{
    int64_t days, sod, y;
    int msr;
    unsigned m, d;
    split_ms(ms, &days, &sod, &msr);
    civil_from_days(days, &y, &m, &d);
    return (int)y;
}

const char *fk_time_format(int64_t ms, char buf[32])
{
    int64_t days, rem, y;
    int msr;
    unsigned m, d;
    split_ms(ms, &days, &rem, &msr);
    civil_from_days(days, &y, &m, &d);
    /* RFC 3339 has four-digit years: outside 0000-9999 the time is clamped. The moduli
     * also tell the compiler each field's width (release builds check for truncation). */
    int year = y < 0 ? 0 : y > 9999 ? 9999 : (int)y;
    snprintf(buf, 32, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ", year, m % 100u, d % 100u,
             (int)(rem / 3600 % 24), (int)(rem / 60 % 60), (int)(rem % 60), msr % 1000);
    return buf;
}

const char *fk_time_format_us(int64_t us, char buf[40])
{
    int64_t ms = us / 1000 - (us % 1000 < 0 ? 1 : 0);
    int sub = (int)(us - ms * 1000); /* 0..999 microseconds within the millisecond */
    char tmp[32];
    fk_time_format(ms, tmp);
    /* "....SS.mmmZ" -> "....SS.mmmuuuZ" */
    snprintf(buf, 40, "%.23s%03dZ", tmp, sub % 1000);
    return buf;
}

int fk_duration_parse(const char *s, int64_t *ms)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || errno || v <= 0)
        return -1;
    double mult = 1000;
    if (!strcmp(end, "ms"))
        mult = 1;
    else if (!strcmp(end, "s") || !*end)
        mult = 1000;
    else if (!strcmp(end, "m"))
        mult = 60000;
    else if (!strcmp(end, "h"))
        mult = 3600000;
    else if (!strcmp(end, "d"))
        mult = 86400000;
    else
        return -1;
    if (!(v * mult >= 1) || v * mult > 1e15) /* under a millisecond, NaN, or beyond 30000 years */
        return -1;
    *ms = (int64_t)(v * mult);
    return 0;
}

int64_t fk_time_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t fk_time_mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}
