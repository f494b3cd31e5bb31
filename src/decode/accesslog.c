#include "accesslog.h"

#include "../core/timefmt.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* What a directive's text becomes in the event. */
typedef enum {
    AF_SKIP,
    AF_CLIENT,    /* %h: an address, or a host name when HostnameLookups is on */
    AF_CLIENT_IP, /* %a, $remote_addr */
    AF_LOCAL_IP,
    AF_USER,
    AF_TIME_CLF,
    AF_TIME_ANY,
    AF_REQUEST,
    AF_METHOD,
    AF_PATH,
    AF_QUERY,
    AF_URI, /* path and query together */
    AF_STATUS,
    AF_BYTES,
    AF_REFERRER,
    AF_UA,
    AF_HOST,
    AF_DST_PORT,
    AF_SRC_PORT,
    AF_EXTRA,
} af_kind;

typedef struct {
    bool literal;
    const char *text; /* literal text, or the extra field's name */
    size_t len;
    af_kind kind;
    bool quoted; /* between double quotes: backslash escapes apply */
} lf_item;

struct fk_logformat {
    lf_item *items;
    size_t count;
    char *strings; /* owns every text the items point at */
};

static const struct {
    const char *name, *format;
} presets[] = {
    {"common", FK_LOGFORMAT_COMMON},
    {"combined", FK_LOGFORMAT_COMBINED},
    {"vhost_combined", "%v:%p " FK_LOGFORMAT_COMBINED},
    {"combinedio", FK_LOGFORMAT_COMBINED " %I %O"},
    {"nginx", "$remote_addr - $remote_user [$time_local] \"$request\" $status "
              "$body_bytes_sent \"$http_referer\" \"$http_user_agent\""},
};

static const struct {
    const char *name;
    af_kind kind;
} nginx_vars[] = {
    {"remote_addr", AF_CLIENT_IP},
    {"realip_remote_addr", AF_CLIENT_IP},
    {"remote_user", AF_USER},
    {"time_local", AF_TIME_CLF},
    {"time_iso8601", AF_TIME_ANY},
    {"msec", AF_TIME_ANY},
    {"request", AF_REQUEST},
    {"status", AF_STATUS},
    {"body_bytes_sent", AF_BYTES},
    {"bytes_sent", AF_BYTES},
    {"http_referer", AF_REFERRER},
    {"http_user_agent", AF_UA},
    {"host", AF_HOST},
    {"http_host", AF_HOST},
    {"server_name", AF_HOST},
    {"server_port", AF_DST_PORT},
    {"remote_port", AF_SRC_PORT},
    {"server_addr", AF_LOCAL_IP},
    {"request_method", AF_METHOD},
    {"request_uri", AF_URI},
    {"uri", AF_PATH},
    {"document_uri", AF_PATH},
    {"args", AF_QUERY},
    {"query_string", AF_QUERY},
};

/* Apache directives by letter, for those without a {name}. */
static af_kind apache_letter(char c, const char **extra)
{
    *extra = NULL;
    switch (c) {
    case 'h': return AF_CLIENT;
    case 'a': return AF_CLIENT_IP;
    case 'A': return AF_LOCAL_IP;
    case 'l': return AF_SKIP;
    case 'u': return AF_USER;
    case 't': return AF_TIME_CLF;
    case 'r': return AF_REQUEST;
    case 'm': return AF_METHOD;
    case 'U': return AF_PATH;
    case 'q': return AF_QUERY;
    case 's': return AF_STATUS;
    case 'b':
    case 'B':
    case 'O': return AF_BYTES;
    case 'v':
    case 'V': return AF_HOST;
    case 'p': return AF_DST_PORT;
    case 'H': *extra = "protocol"; return AF_EXTRA;
    case 'D': *extra = "duration_us"; return AF_EXTRA;
    case 'T': *extra = "duration_s"; return AF_EXTRA;
    case 'I': *extra = "bytes_in"; return AF_EXTRA;
    case 'S': *extra = "bytes_transferred"; return AF_EXTRA;
    case 'P': *extra = "pid"; return AF_EXTRA;
    case 'X': *extra = "connection_status"; return AF_EXTRA;
    case 'k': *extra = "keepalive_requests"; return AF_EXTRA;
    case 'L': *extra = "log_id"; return AF_EXTRA;
    case 'R': *extra = "handler"; return AF_EXTRA;
    case 'f': *extra = "filename"; return AF_EXTRA;
    default: return (af_kind)-1;
    }
}

typedef struct {
    lf_item *items;
    size_t count, cap;
    char *strings;
    size_t slen, scap;
} builder;

/* Strings are appended to one buffer and referred to by offset until compilation
 * ends, because the buffer moves as it grows. */
static long add_string(builder *b, const char *s, size_t n)
{
    if (b->slen + n + 1 > b->scap) {
        size_t ncap = (b->scap + n + 1) * 2;
        char *ns = realloc(b->strings, ncap);
        if (!ns)
            return -1;
        b->strings = ns;
        b->scap = ncap;
    }
    long off = (long)b->slen;
    memcpy(b->strings + b->slen, s, n);
    b->strings[b->slen + n] = '\0';
    b->slen += n + 1;
    return off;
}

static int add_item(builder *b, lf_item it)
{
    if (b->count == b->cap) {
        size_t ncap = b->cap ? b->cap * 2 : 16;
        lf_item *ni = realloc(b->items, ncap * sizeof *ni);
        if (!ni)
            return -1;
        b->items = ni;
        b->cap = ncap;
    }
    b->items[b->count++] = it;
    return 0;
}

/* Appends literal text, merging with a preceding literal. text holds an offset. */
static int add_literal(builder *b, const char *s, size_t n)
{
    if (n == 0)
        return 0;
    if (b->count && b->items[b->count - 1].literal) {
        lf_item *last = &b->items[b->count - 1];
        /* the last literal is the last string in the buffer: extend it in place */
        b->slen--;
        if (add_string(b, s, n) < 0)
            return -1;
        last->len += n;
        return 0;
    }
    long off = add_string(b, s, n);
    if (off < 0)
        return -1;
    return add_item(b, (lf_item){true, (const char *)(intptr_t)off, n, AF_SKIP, false});
}

static int add_field(builder *b, af_kind kind, const char *extra, size_t extra_len)
{
    long off = -1;
    if (extra && (off = add_string(b, extra, extra_len)) < 0)
        return -1;
    return add_item(b, (lf_item){false, (const char *)(intptr_t)off, extra_len, kind, false});
}

/* Adds the literal text from f up to the first of the stop characters (or the end).
 * Returns how many characters it consumed, or -1 when memory is exhausted. */
static long literal_run(builder *b, const char *f, const char *stops)
{
    size_t n = strcspn(f, stops);
    return add_literal(b, f, n) < 0 ? -1 : (long)n;
}

static void lower_dash(char *s)
{
    for (; *s; s++)
        *s = *s == '-' ? '_' : (char)tolower((unsigned char)*s);
}

static int compile_apache(builder *b, const char *f, fk_err *err)
{
    for (size_t i = 0; f[i];) {
        if (f[i] == '\\') { /* escapes as written in httpd.conf; a lone one is literal */
            char c = f[i + 1] == 't' ? '\t' : f[i + 1] == 'n' ? '\n' : f[i + 1] ? f[i + 1] : '\\';
            if (add_literal(b, &c, 1) < 0)
                return fk_errf(err, "out of memory");
            i += f[i + 1] ? 2 : 1;
            continue;
        }
        if (f[i] != '%') {
            long n = literal_run(b, f + i, "%\\");
            if (n < 0)
                return fk_errf(err, "out of memory");
            i += (size_t)n;
            continue;
        }
        size_t at = i++;
        if (f[i] == '%') {
            if (add_literal(b, "%", 1) < 0)
                return fk_errf(err, "out of memory");
            i++;
            continue;
        }
        while (f[i] && (strchr("<>!,", f[i]) || isdigit((unsigned char)f[i])))
            i++; /* status-code conditions and original/final modifiers */
        const char *name = NULL;
        size_t name_len = 0;
        if (f[i] == '{') {
            name = f + i + 1;
            const char *close = strchr(name, '}');
            if (!close)
                return fk_errf(err, "log format: unclosed '{' at offset %zu", at);
            name_len = (size_t)(close - name);
            i = (size_t)(close - f) + 1;
        }
        char c = f[i];
        if (!c)
            return fk_errf(err, "log format: '%%' at offset %zu is not followed by a directive",
                           at);
        i++;
        const char *extra = NULL;
        af_kind kind;
        char namebuf[128];
        if (name && (c == 'i' || c == 'o' || c == 'e' || c == 'n' || c == 'C' || c == 'x' ||
                     c == 'p' || c == 'a' || c == 't' || c == '^')) {
            snprintf(namebuf, sizeof namebuf, "%.*s", (int)name_len, name);
            if (c == 'i' && strcasecmp(namebuf, "Referer") == 0)
                kind = AF_REFERRER;
            else if (c == 'i' && strcasecmp(namebuf, "User-Agent") == 0)
                kind = AF_UA;
            else if (c == 'i' && strcasecmp(namebuf, "Host") == 0)
                kind = AF_HOST;
            else if (c == 'p')
                kind = strcmp(namebuf, "remote") == 0 ? AF_SRC_PORT : AF_DST_PORT;
            else if (c == 'a')
                kind = AF_CLIENT_IP;
            else if (c == 't')
                kind = AF_TIME_ANY;
            else {
                lower_dash(namebuf);
                extra = namebuf;
                kind = AF_EXTRA;
            }
        } else {
            kind = apache_letter(c, &extra);
            if ((int)kind < 0)
                return fk_errf(err, "log format: unknown directive '%%%c' at offset %zu", c, at);
        }
        if (add_field(b, kind, extra, extra ? strlen(extra) : 0) < 0)
            return fk_errf(err, "out of memory");
    }
    return 0;
}

static int compile_nginx(builder *b, const char *f, fk_err *err)
{
    for (size_t i = 0; f[i];) {
        if (f[i] != '$') {
            long n = literal_run(b, f + i, "$");
            if (n < 0)
                return fk_errf(err, "out of memory");
            i += (size_t)n;
            continue;
        }
        size_t at = i++;
        bool braced = f[i] == '{';
        if (braced)
            i++;
        size_t start = i;
        while (isalnum((unsigned char)f[i]) || f[i] == '_')
            i++;
        if (i == start || (braced && f[i] != '}'))
            return fk_errf(err, "log format: bad variable at offset %zu", at);
        size_t len = i - start;
        if (braced)
            i++;
        af_kind kind = AF_EXTRA;
        for (size_t k = 0; k < sizeof nginx_vars / sizeof nginx_vars[0]; k++)
            if (strlen(nginx_vars[k].name) == len &&
                memcmp(nginx_vars[k].name, f + start, len) == 0)
                kind = nginx_vars[k].kind;
        if (add_field(b, kind, kind == AF_EXTRA ? f + start : NULL, kind == AF_EXTRA ? len : 0) < 0)
            return fk_errf(err, "out of memory");
    }
    return 0;
}

fk_logformat *fk_logformat_compile(const char *fmt, fk_err *err)
{
    for (size_t i = 0; i < sizeof presets / sizeof presets[0]; i++)
        if (strcmp(fmt, presets[i].name) == 0)
            fmt = presets[i].format;
    builder b = {0};
    int rc = strchr(fmt, '%') || !strchr(fmt, '$') ? compile_apache(&b, fmt, err)
                                                   : compile_nginx(&b, fmt, err);
    if (rc == 0 && b.count == 0)
        rc = fk_errf(err, "log format: empty");
    for (size_t i = 0; rc == 0 && i + 1 < b.count; i++)
        if (!b.items[i].literal && !b.items[i + 1].literal)
            rc = fk_errf(err, "log format: two fields without a separator between them (field %zu)",
                         i + 1);
    fk_logformat *lf = rc == 0 ? malloc(sizeof *lf) : NULL;
    if (rc == 0 && !lf)
        fk_errf(err, "out of memory");
    if (!lf) {
        free(b.items);
        free(b.strings);
        return NULL;
    }
    for (size_t i = 0; i < b.count; i++) {
        intptr_t off = (intptr_t)b.items[i].text;
        b.items[i].text = off >= 0 ? b.strings + off : NULL;
    }
    for (size_t i = 1; i + 1 < b.count; i++) {
        lf_item *it = &b.items[i];
        const lf_item *prev = &b.items[i - 1], *next = &b.items[i + 1];
        it->quoted = !it->literal && prev->text[prev->len - 1] == '"' && next->text[0] == '"';
    }
    lf->items = b.items;
    lf->count = b.count;
    lf->strings = b.strings;
    return lf;
}

void fk_logformat_free(fk_logformat *lf)
{
    if (!lf)
        return;
    free(lf->items);
    free(lf->strings);
    free(lf);
}

static bool is_dash(const char *s, size_t n)
{
    return n == 0 || (n == 1 && s[0] == '-');
}

static int parse_uint(const char *s, size_t n, int64_t *out)
{
    if (n == 0 || n > 18)
        return -1;
    int64_t v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return 0;
}

void fk_http_request_split(const char *s, size_t n, fk_event *ev, fk_str *protocol)
{
    *protocol = (fk_str){NULL, 0};
    const char *sp1 = memchr(s, ' ', n);
    if (!sp1) { /* not "METHOD target PROTO": keep the whole text as the target */
        ev->path = (fk_str){s, n};
        return;
    }
    ev->method = (fk_str){s, (size_t)(sp1 - s)};
    const char *target = sp1 + 1, *end = s + n;
    /* The protocol is the last word; a target may itself contain spaces when the
     * server logged a malformed request. */
    const char *sp2 = end;
    while (sp2 > target && sp2[-1] != ' ')
        sp2--;
    if (sp2 > target && end - sp2 >= 5 && memcmp(sp2, "HTTP/", 5) == 0) {
        *protocol = (fk_str){sp2, (size_t)(end - sp2)};
        end = sp2 - 1;
    }
    fk_str t = {target, (size_t)(end - target)};
    if (t.n > 7 && (strncasecmp(t.p, "http://", 7) == 0 || strncasecmp(t.p, "https://", 8) == 0)) {
        ev->url = t; /* a proxy request carries the absolute URL */
        const char *slash = memchr(t.p + 8, '/', t.n - 8);
        t = slash ? (fk_str){slash, (size_t)(t.p + t.n - slash)} : (fk_str){"/", 1};
    }
    const char *q = memchr(t.p, '?', t.n);
    if (q) {
        ev->path = (fk_str){t.p, (size_t)(q - t.p)};
        ev->query = (fk_str){q + 1, (size_t)(t.p + t.n - q - 1)};
    } else {
        ev->path = t;
    }
}

/* Where a field ends: before the next literal. A quoted field ends at a double quote
 * that is not escaped and is followed by the rest of the next literal; Apache escapes
 * quotes inside %r and headers as \", so this holds even for hostile requests. */
static const char *field_end(const lf_item *it, const lf_item *next, const char *p, const char *end)
{
    if (!next) { /* the last field: extra trailing fields after it are tolerated */
        const char *sp = memchr(p, ' ', (size_t)(end - p));
        return sp ? sp : end;
    }
    if (it->quoted) {
        for (const char *q = p; q < end; q++) {
            if (*q == '\\') {
                q++;
                continue;
            }
            if (*q == '"' && (size_t)(end - q) >= next->len &&
                memcmp(q, next->text, next->len) == 0)
                return q;
        }
        return NULL;
    }
    char stop = next->text[0];
    if (it->kind == AF_TIME_CLF && p < end && *p == '[') { /* Apache's %t brings brackets */
        const char *close = memchr(p, ']', (size_t)(end - p));
        return close ? close + 1 : NULL;
    }
    if (it->kind == AF_TIME_CLF && stop == ']')
        return memchr(p, ']', (size_t)(end - p));
    for (const char *q = p; q < end; q++) {
        q = memchr(q, stop, (size_t)(end - q));
        if (!q)
            return NULL;
        if ((size_t)(end - q) >= next->len && memcmp(q, next->text, next->len) == 0)
            return q;
    }
    return NULL;
}

static int set_field(const lf_item *it, const char *v, size_t n, fk_event *ev, fk_arena *arena,
                     const char **why)
{
    int64_t num;
    fk_ip ip;
    if (it->kind == AF_SKIP)
        return 0;
    if (it->kind == AF_REQUEST) {
        fk_str protocol;
        if (!is_dash(v, n)) {
            fk_http_request_split(v, n, ev, &protocol);
            /* the version the client claimed: the protocol reader judges it */
            if (protocol.n && fk_event_add(ev, arena, FK_STR("protocol"), protocol) != 0)
                return -1;
        }
        return 0;
    }
    if (it->kind != AF_EXTRA && is_dash(v, n))
        return 0;
    switch (it->kind) {
    case AF_CLIENT:
        if (fk_ip_parse(v, n, &ip))
            ev->src_ip = ip;
        else
            ev->src_host = (fk_str){v, n};
        return 0;
    case AF_CLIENT_IP:
    case AF_LOCAL_IP:
        if (!fk_ip_parse(v, n, &ip)) {
            /* X-Forwarded-For style lists: take the first address */
            const char *comma = memchr(v, ',', n);
            if (!comma || !fk_ip_parse(v, (size_t)(comma - v), &ip)) {
                *why = "expected an IP address";
                return -1;
            }
        }
        if (it->kind == AF_CLIENT_IP)
            ev->src_ip = ip;
        else
            ev->dst_ip = ip;
        return 0;
    case AF_USER: ev->user = (fk_str){v, n}; return 0;
    case AF_TIME_CLF:
        if (n >= 2 && v[0] == '[' && v[n - 1] == ']') {
            v++;
            n -= 2;
        }
        if (!fk_time_parse_clf(v, n, &ev->time_ms)) {
            *why = "expected a time like 10/Oct/2000:13:55:36 -0700";
            return -1;
        }
        ev->has_time = true;
        return 0;
    case AF_TIME_ANY: ev->has_time = fk_time_parse_any(v, n, 1970, &ev->time_ms); return 0;
    case AF_METHOD: ev->method = (fk_str){v, n}; return 0;
    case AF_PATH: ev->path = (fk_str){v, n}; return 0;
    case AF_QUERY:
        if (v[0] == '?') {
            v++;
            n--;
        }
        ev->query = (fk_str){v, n};
        return 0;
    case AF_URI: {
        const char *q = memchr(v, '?', n);
        ev->path = (fk_str){v, q ? (size_t)(q - v) : n};
        if (q)
            ev->query = (fk_str){q + 1, n - (size_t)(q - v) - 1};
        return 0;
    }
    case AF_STATUS:
        if (parse_uint(v, n, &num) != 0 || num > 999) {
            *why = "expected an HTTP status code";
            return -1;
        }
        ev->status = (int)num;
        return 0;
    case AF_BYTES:
        if (parse_uint(v, n, &num) != 0) {
            *why = "expected a byte count";
            return -1;
        }
        ev->bytes = num;
        return 0;
    case AF_REFERRER: ev->referrer = (fk_str){v, n}; return 0;
    case AF_UA: ev->user_agent = (fk_str){v, n}; return 0;
    case AF_HOST: ev->host = (fk_str){v, n}; return 0;
    case AF_DST_PORT:
    case AF_SRC_PORT:
        if (parse_uint(v, n, &num) != 0 || num > 65535) {
            *why = "expected a port number";
            return -1;
        }
        *(it->kind == AF_DST_PORT ? &ev->dst_port : &ev->src_port) = (int)num;
        return 0;
    case AF_EXTRA:
        if (is_dash(v, n))
            return 0;
        return fk_event_add(ev, arena, (fk_str){it->text, it->len}, (fk_str){v, n}) == 0 ? 0 : -1;
    default: return 0;
    }
}

fk_dec_status fk_logformat_decode(const fk_logformat *lf, const char *line, size_t n, fk_event *ev,
                                  fk_arena *arena, const char **why)
{
    const char *p = line, *end = line + n;
    if (n == 0)
        return FK_DEC_SKIP;
    for (size_t i = 0; i < lf->count; i++) {
        const lf_item *it = &lf->items[i];
        if (it->literal) {
            if ((size_t)(end - p) < it->len || memcmp(p, it->text, it->len) != 0) {
                *why = p == end ? "line ends early (truncated?)"
                                : "text does not follow the log format";
                return FK_DEC_BAD;
            }
            p += it->len;
            continue;
        }
        const lf_item *next = i + 1 < lf->count ? &lf->items[i + 1] : NULL;
        const char *fe = field_end(it, next, p, end);
        if (!fe) {
            *why = "line ends early (truncated?)";
            return FK_DEC_BAD;
        }
        *why = NULL;
        if (set_field(it, p, (size_t)(fe - p), ev, arena, why) != 0) {
            if (!*why)
                *why = "out of memory";
            return FK_DEC_BAD;
        }
        p = fe;
    }
    ev->kind = FK_KIND_WEB;
    ev->raw = (fk_str){line, n};
    return FK_DEC_OK;
}
