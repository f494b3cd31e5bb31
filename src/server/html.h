/* Building the console's HTML pages safely: markup the code writes is added as it is,
 * anything that came from data (a report's text, a log line, a name) only through the
 * escaping calls, which also make bidirectional-override characters visible instead of
 * letting them reorder what follows. Messages come from the catalogues (i18n.h) with
 * their placeholders filled by escaped values. Owns the page being built. */
#ifndef FK_HTML_H
#define FK_HTML_H

#include "../core/sbuf.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct fk_html {
    fk_sbuf b;
    const char *lang; /* "en" or "ja": the catalogue messages come from */
    const char *zone; /* the reader's time zone (IANA); NULL: Asia/Tokyo */
    bool failed;      /* memory ran out at some point: the page is not sent */
} fk_html;

/* The zone times are shown in when the reader has not chosen one. */
#define FK_HTML_DEFAULT_ZONE "Asia/Tokyo"
/* True when zone is a time zone ICU knows (an IANA name such as "Europe/Paris"). */
bool fk_html_zone_known(const char *zone);
/* The offset from UTC (seconds) of h's zone at ms: summer time included. */
int fk_html_zone_offset(const fk_html *h, int64_t ms);

/* Markup written by the code (never data). */
void fk_html_raw(fk_html *h, const char *markup);
/* Data as text or inside a quoted attribute value. */
void fk_html_text(fk_html *h, const char *s);
void fk_html_textn(fk_html *h, const char *s, size_t n);
void fk_html_int(fk_html *h, int64_t v);
/* Data as one URL query value (percent-encoded, then escaped). */
void fk_html_url_value(fk_html *h, const char *s);
/* The catalogue's message for key, its {placeholders} filled from name/value pairs
 * (NULL-terminated; values escaped). An unknown key shows as the key. */
void fk_html_msg(fk_html *h, const char *key, ...) __attribute__((sentinel));
/* A time (ms since 1970) in the reader's zone: "2026-12-01 15:30 JST" in Japan,
 * elsewhere with the zone's offset at that time ("2026-12-01 07:30 UTC+01:00"). */
void fk_html_time(fk_html *h, int64_t ms);
/* The same from an RFC 3339 text as the store gives it (shown as it is when unreadable). */
void fk_html_time_text(fk_html *h, const char *rfc3339);

#endif
