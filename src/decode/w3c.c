#include "w3c.h"

#include "../core/timefmt.h"
#include "accesslog.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_COLUMNS 64

typedef enum {
    W_OTHER,
    W_DATE,
    W_TIME,
    W_S_IP,
    W_C_IP,
    W_METHOD,
    W_STEM,
    W_QUERY,
    W_S_PORT,
    W_USER,
    W_UA,
    W_REFERER,
    W_COOKIE,
    W_HOST,
    W_STATUS,
    W_BYTES,
} w_kind;

typedef struct {
    w_kind kind;
    char name[48];
} w_column;

struct fk_w3c {
    w_column cols[MAX_COLUMNS];
    size_t ncols;
};

static const struct {
    const char *name;
    w_kind kind;
} known[] = {
    {"date", W_DATE},          {"time", W_TIME},           {"s-ip", W_S_IP},
    {"c-ip", W_C_IP},          {"cs-method", W_METHOD},    {"cs-uri-stem", W_STEM},
    {"cs-uri-query", W_QUERY}, {"s-port", W_S_PORT},       {"cs-username", W_USER},
    {"cs(User-Agent)", W_UA},  {"cs(Referer)", W_REFERER}, {"cs(Cookie)", W_COOKIE},
    {"cs-host", W_HOST},       {"cs(Host)", W_HOST},       {"sc-status", W_STATUS},
    {"sc-bytes", W_BYTES},
};

/* IIS writes this set when nothing else is configured; used until a #Fields line. */
static const char default_fields[] = "date time s-ip cs-method cs-uri-stem cs-uri-query s-port "
                                     "cs-username c-ip cs(User-Agent) cs(Referer) sc-status "
                                     "sc-substatus sc-win32-status time-taken";

static void set_fields(fk_w3c *w, const char *s, size_t n)
{
    w->ncols = 0;
    size_t i = 0;
    while (i < n && w->ncols < MAX_COLUMNS) {
        while (i < n && s[i] == ' ')
            i++;
        size_t start = i;
        while (i < n && s[i] != ' ')
            i++;
        if (i == start)
            break;
        w_column *c = &w->cols[w->ncols++];
        size_t len = i - start < sizeof c->name - 1 ? i - start : sizeof c->name - 1;
        memcpy(c->name, s + start, len);
        c->name[len] = '\0';
        c->kind = W_OTHER;
        for (size_t k = 0; k < sizeof known / sizeof known[0]; k++)
            if (strcasecmp(known[k].name, c->name) == 0)
                c->kind = known[k].kind;
    }
}

fk_w3c *fk_w3c_new(void)
{
    fk_w3c *w = calloc(1, sizeof *w);
    if (w)
        set_fields(w, default_fields, sizeof default_fields - 1);
    return w;
}

void fk_w3c_free(fk_w3c *w)
{
    free(w);
}

/* IIS writes spaces in header values as '+'. */
static fk_str plus_to_space(const char *v, size_t n, fk_arena *arena, fk_event *ev)
{
    if (!memchr(v, '+', n))
        return (fk_str){v, n};
    char *c = fk_arena_strndup(arena, v, n);
    if (!c) {
        ev->alloc_failed = true;
        return (fk_str){v, n};
    }
    for (size_t i = 0; i < n; i++)
        if (c[i] == '+')
            c[i] = ' ';
    return (fk_str){c, n};
}

static bool number(const char *v, size_t n, int64_t max, int64_t *out)
{
    int64_t x = 0;
    if (n == 0 || n > 18)
        return false;
    for (size_t i = 0; i < n; i++) {
        if (v[i] < '0' || v[i] > '9')
            return false;
        x = x * 10 + (v[i] - '0');
    }
    *out = x;
    return x <= max;
}

fk_dec_status fk_w3c_decode(fk_w3c *w, const char *line, size_t n, fk_event *ev, fk_arena *arena,
                            const char **why)
{
    if (n == 0)
        return FK_DEC_SKIP;
    if (line[0] == '#') {
        if (n > 8 && strncasecmp(line, "#Fields:", 8) == 0)
            set_fields(w, line + 8, n - 8);
        return FK_DEC_SKIP;
    }
    const char *date = NULL, *time = NULL;
    size_t date_n = 0, time_n = 0, col = 0, i = 0;
    while (i < n) {
        size_t start = i;
        while (i < n && line[i] != ' ')
            i++;
        const char *v = line + start;
        size_t vn = i - start;
        if (i < n)
            i++;
        if (col >= w->ncols) {
            *why = "more columns than the #Fields header declares";
            return FK_DEC_BAD;
        }
        const w_column *c = &w->cols[col++];
        if (vn == 1 && v[0] == '-')
            continue;
        int64_t num;
        fk_ip ip;
        switch (c->kind) {
        case W_DATE:
            date = v;
            date_n = vn;
            break;
        case W_TIME:
            time = v;
            time_n = vn;
            break;
        case W_S_IP:
            if (!fk_ip_parse(v, vn, &ip)) {
                *why = "s-ip: expected an IP address";
                return FK_DEC_BAD;
            }
            ev->dst_ip = ip;
            break;
        case W_C_IP:
            if (!fk_ip_parse(v, vn, &ip)) {
                *why = "c-ip: expected an IP address";
                return FK_DEC_BAD;
            }
            ev->src_ip = ip;
            break;
        case W_METHOD: ev->method = (fk_str){v, vn}; break;
        case W_STEM: ev->path = (fk_str){v, vn}; break;
        case W_QUERY: ev->query = (fk_str){v, vn}; break;
        case W_USER: ev->user = (fk_str){v, vn}; break;
        case W_UA: ev->user_agent = plus_to_space(v, vn, arena, ev); break;
        case W_REFERER: ev->referrer = (fk_str){v, vn}; break;
        case W_COOKIE: ev->cookie = plus_to_space(v, vn, arena, ev); break;
        case W_HOST: ev->host = (fk_str){v, vn}; break;
        case W_S_PORT:
            if (!number(v, vn, 65535, &num)) {
                *why = "s-port: expected a port number";
                return FK_DEC_BAD;
            }
            ev->dst_port = (int)num;
            break;
        case W_STATUS:
            if (!number(v, vn, 999, &num)) {
                *why = "sc-status: expected an HTTP status code";
                return FK_DEC_BAD;
            }
            ev->status = (int)num;
            break;
        case W_BYTES:
            if (number(v, vn, INT64_MAX, &num))
                ev->bytes = num;
            break;
        case W_OTHER:
            if (fk_event_add(ev, arena, (fk_str){c->name, strlen(c->name)}, (fk_str){v, vn}) != 0) {
                *why = "out of memory";
                return FK_DEC_BAD;
            }
            break;
        }
    }
    if (col != w->ncols) {
        *why = "fewer columns than the #Fields header declares (truncated?)";
        return FK_DEC_BAD;
    }
    if (date && time) {
        char buf[64];
        if (date_n + time_n + 2 > sizeof buf) {
            *why = "date/time: too long";
            return FK_DEC_BAD;
        }
        memcpy(buf, date, date_n);
        buf[date_n] = 'T';
        memcpy(buf + date_n + 1, time, time_n);
        if (!fk_time_parse_iso8601(buf, date_n + 1 + time_n, &ev->time_ms)) {
            *why = "date/time: expected YYYY-MM-DD hh:mm:ss";
            return FK_DEC_BAD;
        }
        ev->has_time = true; /* IIS logs in UTC */
    }
    ev->kind = FK_KIND_WEB;
    ev->raw = (fk_str){line, n};
    return FK_DEC_OK;
}
