#include "syslog.h"

#include "../core/timefmt.h"
#include "authmsg.h"
#include "firewall.h"

#include <string.h>

static const char *skip_word(const char *p, const char *end)
{
    while (p < end && *p != ' ')
        p++;
    return p;
}

static fk_str nil_or(const char *p, size_t n)
{
    return n == 1 && p[0] == '-' ? (fk_str){NULL, 0} : (fk_str){p, n};
}

/* Copies an SD-PARAM value, removing the escapes \" \\ \] that RFC 5424 defines. */
static fk_str unescape_sd(const char *p, size_t n, fk_arena *arena, fk_event *ev)
{
    if (!memchr(p, '\\', n))
        return (fk_str){p, n};
    char *o = fk_arena_alloc(arena, n + 1);
    if (!o) {
        ev->alloc_failed = true;
        return (fk_str){p, n};
    }
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (p[i] == '\\' && i + 1 < n && (p[i + 1] == '"' || p[i + 1] == '\\' || p[i + 1] == ']'))
            i++;
        o[k++] = p[i];
    }
    return (fk_str){o, k};
}

/* Parses "[id k="v" ...][id2 ...]" into extras "sd.id.k". Returns the end, or NULL. */
static const char *parse_sd(const char *p, const char *end, fk_event *ev, fk_arena *arena)
{
    while (p < end && *p == '[') {
        const char *id = ++p;
        while (p < end && *p != ' ' && *p != ']')
            p++;
        if (p >= end || p == id)
            return NULL;
        size_t idlen = (size_t)(p - id);
        while (p < end && *p == ' ') {
            const char *name = ++p;
            while (p < end && *p != '=')
                p++;
            if (p + 1 >= end || p == name || p[1] != '"')
                return NULL;
            size_t namelen = (size_t)(p - name);
            const char *val = p += 2;
            while (p < end && *p != '"') {
                if (*p == '\\')
                    p++;
                p++;
            }
            if (p >= end)
                return NULL;
            size_t klen = 3 + idlen + 1 + namelen;
            char *key = fk_arena_alloc(arena, klen + 1);
            if (!key) {
                ev->alloc_failed = true;
                return NULL;
            }
            memcpy(key, "sd.", 3);
            memcpy(key + 3, id, idlen);
            key[3 + idlen] = '.';
            memcpy(key + 4 + idlen, name, namelen);
            key[klen] = '\0';
            fk_event_add(ev, arena, (fk_str){key, klen},
                         unescape_sd(val, (size_t)(p - val), arena, ev));
            p++;
        }
        if (p >= end || *p != ']')
            return NULL;
        p++;
    }
    return p;
}

static fk_dec_status decode_5424(const char *p, const char *end, fk_event *ev, fk_arena *arena,
                                 const char **why)
{
    const char *f[5];
    size_t fn[5];
    for (int i = 0; i < 5; i++) { /* TIMESTAMP HOSTNAME APP-NAME PROCID MSGID */
        if (p >= end) {
            *why = "RFC 5424 header ends early (truncated?)";
            return FK_DEC_BAD;
        }
        f[i] = p;
        p = skip_word(p, end);
        fn[i] = (size_t)(p - f[i]);
        if (p < end)
            p++;
    }
    if (!(fn[0] == 1 && f[0][0] == '-')) {
        if (!fk_time_parse_iso8601(f[0], fn[0], &ev->time_ms)) {
            *why = "RFC 5424 timestamp: expected RFC 3339 time";
            return FK_DEC_BAD;
        }
        ev->has_time = true;
    }
    ev->host = nil_or(f[1], fn[1]);
    ev->program = nil_or(f[2], fn[2]);
    fk_str pid = nil_or(f[3], fn[3]), msgid = nil_or(f[4], fn[4]);
    if (pid.n)
        fk_event_add(ev, arena, FK_STR("pid"), pid);
    if (msgid.n)
        fk_event_add(ev, arena, FK_STR("msgid"), msgid);
    if (p < end && *p == '-') {
        p++;
    } else if (p < end && *p == '[') {
        p = parse_sd(p, end, ev, arena);
        if (!p) {
            *why = "RFC 5424 structured data: expected [id name=\"value\" ...]";
            return FK_DEC_BAD;
        }
    } else if (p < end) {
        *why = "RFC 5424: expected structured data or '-'";
        return FK_DEC_BAD;
    }
    if (p < end && *p == ' ')
        p++;
    if (end - p >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
        p += 3;
    ev->message = (fk_str){p, (size_t)(end - p)};
    return FK_DEC_OK;
}

static fk_dec_status decode_3164(const char *p, const char *end, int ref_year, fk_event *ev,
                                 fk_arena *arena, const char **why)
{
    size_t n = (size_t)(end - p);
    if (n >= 15 && fk_time_parse_bsd(p, 15, ref_year, &ev->time_ms)) {
        p += 15;
    } else {
        const char *w = skip_word(p, end);
        if (!fk_time_parse_iso8601(p, (size_t)(w - p), &ev->time_ms)) {
            *why = "expected a syslog timestamp (\"Oct 11 22:14:15\" or RFC 3339)";
            return FK_DEC_BAD;
        }
        p = w;
    }
    ev->has_time = true;
    if (p < end && *p == ' ')
        p++;
    /* HOSTNAME, unless the next word already is the tag ("su:" / "sshd[42]:"). */
    const char *w = skip_word(p, end);
    if (w > p && w[-1] != ':' && !memchr(p, '[', (size_t)(w - p))) {
        ev->host = (fk_str){p, (size_t)(w - p)};
        p = w < end ? w + 1 : w;
    }
    /* TAG[PID]: MSG — the tag is at most 32 characters of [A-Za-z0-9_./-]. */
    const char *t = p;
    while (t < end && t - p <= 48 && *t != ':' && *t != '[' && *t != ' ')
        t++;
    if (t < end && t > p && (*t == ':' || *t == '[')) {
        ev->program = (fk_str){p, (size_t)(t - p)};
        if (*t == '[') {
            const char *close = memchr(t, ']', (size_t)(end - t));
            if (close) {
                fk_event_add(ev, arena, FK_STR("pid"), (fk_str){t + 1, (size_t)(close - t - 1)});
                t = close + 1;
            }
        }
        if (t < end && *t == ':')
            t++;
        if (t < end && *t == ' ')
            t++;
        p = t;
    }
    ev->message = (fk_str){p, (size_t)(end - p)};
    return FK_DEC_OK;
}

fk_dec_status fk_syslog_decode(const char *line, size_t n, int ref_year, fk_event *ev,
                               fk_arena *arena, const char **why)
{
    const char *p = line, *end = line + n;
    if (n == 0)
        return FK_DEC_SKIP;
    int pri = -1;
    if (*p == '<') {
        const char *q = p + 1;
        int v = 0;
        while (q < end && q - p <= 3 && *q >= '0' && *q <= '9')
            v = v * 10 + (*q++ - '0');
        if (q >= end || *q != '>' || q == p + 1 || v > 191) {
            *why = "expected <PRI> with a priority from 0 to 191";
            return FK_DEC_BAD;
        }
        pri = v;
        p = q + 1;
    }
    fk_dec_status st;
    if (pri >= 0 && end - p >= 2 && p[0] == '1' && p[1] == ' ')
        st = decode_5424(p + 2, end, ev, arena, why);
    else
        st = decode_3164(p, end, ref_year, ev, arena, why);
    if (st != FK_DEC_OK)
        return st;
    if (pri >= 0) {
        static const char *const sev[] = {"emerg",   "alert",  "crit", "err",
                                          "warning", "notice", "info", "debug"};
        fk_event_add(ev, arena, FK_STR("severity"), (fk_str){sev[pri % 8], strlen(sev[pri % 8])});
        char *fac = fk_arena_alloc(arena, 4);
        ev->alloc_failed |= !fac;
        if (fac) {
            int f = pri / 8, k = 0;
            if (f >= 10)
                fac[k++] = (char)('0' + f / 10);
            fac[k++] = (char)('0' + f % 10);
            fk_event_add(ev, arena, FK_STR("facility"), (fk_str){fac, (size_t)k});
        }
    }
    if (!fk_auth_recognize(ev->program, ev->message, ev, arena))
        fk_firewall_recognize(ev->message, ev, arena);
    ev->raw = (fk_str){line, n};
    return FK_DEC_OK;
}
