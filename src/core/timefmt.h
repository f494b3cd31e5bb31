/* Timestamps as the log formats write them: Apache CLF, ISO 8601 / RFC 3339, BSD
 * syslog, W3C date + time, epoch numbers. Times are milliseconds since the epoch (UTC).
 * Written by hand because strptime is locale-bound and too slow for every log line. */
#ifndef FK_TIMEFMT_H
#define FK_TIMEFMT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

int64_t fk_time_from_civil(int year, int month, int day, int hour, int min, int sec);
/* "10/Oct/2000:13:55:36 -0700" */
bool fk_time_parse_clf(const char *s, size_t n, int64_t *ms);
/* "2000-10-10T13:55:36.123+09:00", "2000-10-10 13:55:36Z", zone optional (UTC). */
bool fk_time_parse_iso8601(const char *s, size_t n, int64_t *ms);
/* "Oct 11 22:14:15" (no year: ref_year is used). Taken as UTC. */
bool fk_time_parse_bsd(const char *s, size_t n, int ref_year, int64_t *ms);
/* "Thu Mar  7 09:08:07 2024", as C's asctime() writes it (ModSecurity's audit log).
 * Taken as UTC. */
bool fk_time_parse_asctime(const char *s, size_t n, int64_t *ms);
/* Digits only: seconds, or milliseconds when the value is too large for seconds. */
bool fk_time_parse_epoch(const char *s, size_t n, int64_t *ms);
/* Tries ISO 8601, CLF, BSD, asctime and epoch in turn. */
bool fk_time_parse_any(const char *s, size_t n, int ref_year, int64_t *ms);
/* The same at microsecond precision (TAXII 2.1's timestamps); digits past the
 * microsecond are dropped. */
bool fk_time_parse_iso8601_us(const char *s, size_t n, int64_t *us);
/* "2000-10-10T20:55:36.000Z"; buf needs 32 bytes. */
const char *fk_time_format(int64_t ms, char buf[32]);
/* "2000-10-10T20:55:36.000000Z", always 27 characters, so that text order is time
 * order; buf needs 40 bytes. */
const char *fk_time_format_us(int64_t us, char buf[40]);
int fk_time_year(int64_t ms);
/* A span of rules and settings: "500ms", "30s" (or "30"), "5m", "2h", "1d". Returns 0,
 * or -1 for anything else. */
int fk_duration_parse(const char *s, int64_t *ms);

/* The wall clock now, in ms since 1970. */
int64_t fk_time_now_ms(void);
/* A clock that only goes forward, in ms from some fixed point: for durations. */
int64_t fk_time_mono_ms(void);

#endif
