/* Building the console's HTML pages (see html.h). */
#include "html.h"

#include "../core/timefmt.h"
#include "i18n.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unicode/ucal.h>
#include <unicode/ustring.h>

static void put(fk_html *h, const char *s, size_t n)
{
    if (!h->failed && fk_sbuf_put(&h->b, s, n) != 0)
        h->failed = true;
}

void fk_html_raw(fk_html *h, const char *markup)
{
    put(h, markup, strlen(markup));
}

/* Characters that reorder the text after them (U+202A..U+202E, U+2066..U+2069) and the
 * marks U+200E/U+200F: a report or a log line could use them to disguise what it says
 * (a file name that reads backwards). Shown as their code point instead. */
static size_t bidi_control(const unsigned char *p, size_t n)
{
    if (n < 3 || p[0] != 0xe2)
        return 0;
    if (p[1] == 0x80 && ((p[2] >= 0xaa && p[2] <= 0xae) || p[2] == 0x8e || p[2] == 0x8f))
        return 3;
    if (p[1] == 0x81 && p[2] >= 0xa6 && p[2] <= 0xa9)
        return 3;
    return 0;
}

void fk_html_textn(fk_html *h, const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    size_t start = 0;
    for (size_t i = 0; i < n; i++) {
        const char *rep = NULL;
        char code[16];
        size_t skip = 1;
        switch (p[i]) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        case '\'': rep = "&#39;"; break;
        case 0xe2:
            if ((skip = bidi_control(p + i, n - i))) {
                unsigned cp =
                    ((p[i] & 0x0fu) << 12) | ((p[i + 1] & 0x3fu) << 6) | (p[i + 2] & 0x3fu);
                snprintf(code, sizeof code, "[U+%04X]", cp);
                rep = code;
            } else {
                skip = 1;
            }
            break;
        default:
            if (p[i] < 0x20 && p[i] != '\n' && p[i] != '\t') {
                snprintf(code, sizeof code, "[%02X]", p[i]);
                rep = code;
            }
        }
        if (!rep)
            continue;
        put(h, (const char *)p + start, i - start);
        put(h, rep, strlen(rep));
        i += skip - 1;
        start = i + 1;
    }
    put(h, (const char *)p + start, n - start);
}

void fk_html_text(fk_html *h, const char *s)
{
    fk_html_textn(h, s, s ? strlen(s) : 0);
}

void fk_html_int(fk_html *h, int64_t v)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%lld", (long long)v);
    fk_html_raw(h, buf);
}

void fk_html_url_value(fk_html *h, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            strchr("-._~", *p)) {
            put(h, (const char *)p, 1);
        } else {
            char e[3] = {'%', hex[*p >> 4], hex[*p & 15]};
            put(h, e, 3);
        }
    }
}

void fk_html_msg(fk_html *h, const char *key, ...)
{
    const char *t = fk_i18n(h->lang, key);
    va_list ap;
    while (*t) {
        const char *open = strchr(t, '{');
        const char *close = open ? strchr(open, '}') : NULL;
        if (!open || !close) {
            put(h, t, strlen(t));
            break;
        }
        put(h, t, (size_t)(open - t));
        size_t n = (size_t)(close - open - 1);
        const char *value = NULL;
        va_start(ap, key);
        for (const char *name; (name = va_arg(ap, const char *));) {
            const char *v = va_arg(ap, const char *);
            if (strlen(name) == n && !memcmp(name, open + 1, n)) {
                value = v;
                break;
            }
        }
        va_end(ap);
        if (value)
            fk_html_text(h, value);
        else
            put(h, open, n + 2); /* a placeholder without a value stays visible */
        t = close + 1;
    }
}

/* Time zones through ICU's calendar: its zone data (summer time rules included) is
 * the system's, and unlike setting TZ for localtime_r it changes nothing shared by the
 * server's threads. */
static UCalendar *zone_calendar(const char *zone)
{
    UChar id[96];
    if (strlen(zone) >= sizeof id / sizeof id[0])
        return NULL;
    u_uastrcpy(id, zone);
    UErrorCode st = U_ZERO_ERROR;
    UCalendar *cal = ucal_open(id, -1, "en", UCAL_GREGORIAN, &st);
    if (U_FAILURE(st)) {
        if (cal)
            ucal_close(cal);
        return NULL;
    }
    return cal;
}

bool fk_html_zone_known(const char *zone)
{
    if (!zone || !*zone)
        return false;
    UChar id[96], canon[96];
    if (strlen(zone) >= sizeof id / sizeof id[0])
        return false;
    u_uastrcpy(id, zone);
    UErrorCode st = U_ZERO_ERROR;
    UBool system = false;
    /* ICU falls back to GMT for a name it does not know: ask whether it is a system zone */
    ucal_getCanonicalTimeZoneID(id, -1, canon, sizeof canon / sizeof canon[0], &system, &st);
    return U_SUCCESS(st) && system;
}

static const char *zone_of(const fk_html *h)
{
    return h->zone && *h->zone ? h->zone : FK_HTML_DEFAULT_ZONE;
}

int fk_html_zone_offset(const fk_html *h, int64_t ms)
{
    const char *zone = zone_of(h);
    if (!strcmp(zone, "Asia/Tokyo"))
        return 9 * 3600; /* no summer time since 1951: no calendar needed */
    UCalendar *cal = zone_calendar(zone);
    if (!cal)
        return 0;
    UErrorCode st = U_ZERO_ERROR;
    ucal_setMillis(cal, (UDate)ms, &st);
    int32_t off = ucal_get(cal, UCAL_ZONE_OFFSET, &st) + ucal_get(cal, UCAL_DST_OFFSET, &st);
    ucal_close(cal);
    return U_SUCCESS(st) ? off / 1000 : 0;
}

void fk_html_time(fk_html *h, int64_t ms)
{
    int off = fk_html_zone_offset(h, ms);
    time_t t = (time_t)(ms / 1000) + off;
    struct tm tm;
    gmtime_r(&t, &tm);
    char buf[64];
    size_t n = strftime(buf, sizeof buf, "%Y-%m-%d %H:%M ", &tm);
    const char *zone = zone_of(h);
    if (!strcmp(zone, "Asia/Tokyo"))
        snprintf(buf + n, sizeof buf - n, "JST");
    else if (!strcmp(zone, "UTC") || !strcmp(zone, "Etc/UTC"))
        snprintf(buf + n, sizeof buf - n, "UTC");
    else
        snprintf(buf + n, sizeof buf - n, "UTC%c%02d:%02d", off < 0 ? '-' : '+', abs(off) / 3600,
                 abs(off) % 3600 / 60);
    fk_html_raw(h, buf);
}

void fk_html_time_text(fk_html *h, const char *rfc3339)
{
    int64_t ms;
    if (rfc3339 && fk_time_parse_iso8601(rfc3339, strlen(rfc3339), &ms))
        fk_html_time(h, ms);
    else
        fk_html_text(h, rfc3339);
}
