#include "jsonlog.h"

#include "timefmt.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Objects larger than this are refused rather than buffered without bound. */
#define MAX_OBJECT (16u * 1024 * 1024)

struct fk_jsonlog {
    char *buf;
    size_t len, cap;
    int depth;
    bool in_string, escaped;
    uint64_t start_line;
    char why[256];
};

fk_jsonlog *fk_jsonlog_new(void)
{
    return calloc(1, sizeof(fk_jsonlog));
}

void fk_jsonlog_free(fk_jsonlog *j)
{
    if (j)
        free(j->buf);
    free(j);
}

/* The typed fields, by the last part of a Windows EventData path or by the whole
 * dotted path of other logs. Compared without regard to case. */
static const struct {
    const char *path;
    fk_field_id field;
} known[] = {
    {"@timestamp", FK_F_TIME},
    {"timestamp", FK_F_TIME},
    {"time", FK_F_TIME},
    {"ts", FK_F_TIME},
    {"datetime", FK_F_TIME},
    {"System.TimeCreated.#attributes.SystemTime", FK_F_TIME},
    {"System.TimeCreated.SystemTime", FK_F_TIME},
    {"UtcTime", FK_F_TIME},
    {"src_ip", FK_F_SRC_IP},
    {"source.ip", FK_F_SRC_IP},
    {"client.ip", FK_F_SRC_IP},
    {"srcip", FK_F_SRC_IP},
    {"src", FK_F_SRC_IP},
    {"remote_addr", FK_F_SRC_IP},
    {"client_ip", FK_F_SRC_IP},
    {"id.orig_h", FK_F_SRC_IP},
    {"IpAddress", FK_F_SRC_IP},
    {"SourceIp", FK_F_SRC_IP},
    {"SourceAddress", FK_F_SRC_IP},
    {"c-ip", FK_F_SRC_IP},
    {"src_port", FK_F_SRC_PORT},
    {"source.port", FK_F_SRC_PORT},
    {"client.port", FK_F_SRC_PORT},
    {"id.orig_p", FK_F_SRC_PORT},
    {"IpPort", FK_F_SRC_PORT},
    {"SourcePort", FK_F_SRC_PORT},
    {"dst_ip", FK_F_DST_IP},
    {"destination.ip", FK_F_DST_IP},
    {"server.ip", FK_F_DST_IP},
    {"dest_ip", FK_F_DST_IP},
    {"dstip", FK_F_DST_IP},
    {"id.resp_h", FK_F_DST_IP},
    {"DestinationIp", FK_F_DST_IP},
    {"DestAddress", FK_F_DST_IP},
    {"dst_port", FK_F_DST_PORT},
    {"destination.port", FK_F_DST_PORT},
    {"dest_port", FK_F_DST_PORT},
    {"id.resp_p", FK_F_DST_PORT},
    {"DestinationPort", FK_F_DST_PORT},
    {"DestPort", FK_F_DST_PORT},
    {"host", FK_F_HOST},
    {"hostname", FK_F_HOST},
    {"host.name", FK_F_HOST},
    {"System.Computer", FK_F_HOST},
    {"url.domain", FK_F_HOST},
    {"server_name", FK_F_HOST},
    {"user", FK_F_USER},
    {"username", FK_F_USER},
    {"user.name", FK_F_USER},
    {"TargetUserName", FK_F_USER},
    {"User", FK_F_USER},
    {"method", FK_F_METHOD},
    {"http.request.method", FK_F_METHOD},
    {"request_method", FK_F_METHOD},
    {"path", FK_F_PATH},
    {"url.path", FK_F_PATH},
    {"uri", FK_F_PATH},
    {"request_uri", FK_F_PATH},
    {"query", FK_F_QUERY},
    {"url.query", FK_F_QUERY},
    {"query_string", FK_F_QUERY},
    {"url", FK_F_URL},
    {"url.original", FK_F_URL},
    {"url.full", FK_F_URL},
    {"status", FK_F_STATUS},
    {"http.response.status_code", FK_F_STATUS},
    {"status_code", FK_F_STATUS},
    {"status_c", FK_F_STATUS},
    {"bytes", FK_F_BYTES},
    {"http.response.body.bytes", FK_F_BYTES},
    {"body_bytes_sent", FK_F_BYTES},
    {"response_body_len", FK_F_BYTES},
    {"user_agent", FK_F_USER_AGENT},
    {"user_agent.original", FK_F_USER_AGENT},
    {"useragent", FK_F_USER_AGENT},
    {"http_user_agent", FK_F_USER_AGENT},
    {"referrer", FK_F_REFERRER},
    {"referer", FK_F_REFERRER},
    {"http.request.referrer", FK_F_REFERRER},
    {"http_referer", FK_F_REFERRER},
    {"Image", FK_F_IMAGE},
    {"process.executable", FK_F_IMAGE},
    {"NewProcessName", FK_F_IMAGE},
    {"exe", FK_F_IMAGE},
    {"CommandLine", FK_F_COMMAND_LINE},
    {"process.command_line", FK_F_COMMAND_LINE},
    {"cmdline", FK_F_COMMAND_LINE},
    {"program", FK_F_PROGRAM},
    {"process.name", FK_F_PROGRAM},
    {"appname", FK_F_PROGRAM},
    {"System.Provider.#attributes.Name", FK_F_PROGRAM},
    {"message", FK_F_MESSAGE},
    {"msg", FK_F_MESSAGE},
    {"QueryName", FK_F_DOMAIN},
    {"dns.question.name", FK_F_DOMAIN},
    {"domain", FK_F_DOMAIN},
    {"Hashes", FK_F_HASHES},
    {"hash", FK_F_HASHES},
    {"md5", FK_F_HASHES},
    {"sha1", FK_F_HASHES},
    {"sha256", FK_F_HASHES},
    {"file.hash.md5", FK_F_HASHES},
    {"file.hash.sha1", FK_F_HASHES},
    {"file.hash.sha256", FK_F_HASHES},
    {"process.hash.sha256", FK_F_HASHES},
    {"process.hash.md5", FK_F_HASHES},
};

/* "Event.EventData.Image" -> "Image"; "Event.System.Computer" -> "System.Computer". */
static const char *lookup_name(const char *path)
{
    static const char evdata[] = "Event.EventData.", userdata[] = "Event.UserData.",
                      event[] = "Event.";
    if (strncmp(path, evdata, sizeof evdata - 1) == 0 ||
        strncmp(path, userdata, sizeof userdata - 1) == 0) {
        const char *dot = strrchr(path, '.');
        return dot + 1;
    }
    if (strncmp(path, event, sizeof event - 1) == 0)
        return path + sizeof event - 1;
    return path;
}

typedef struct {
    fk_event *ev;
    fk_arena *arena;
    fk_str hashes[4];
    int nhashes;
    int64_t event_id;
    fk_str channel;
} walk_ctx;

static int assign(walk_ctx *w, fk_field_id f, fk_str v)
{
    fk_event *ev = w->ev;
    fk_ip ip;
    int64_t num;
    switch (f) {
    case FK_F_TIME:
        if (!ev->has_time)
            ev->has_time = fk_time_parse_any(v.p, v.n, 1970, &ev->time_ms);
        return 0;
    case FK_F_SRC_IP:
    case FK_F_DST_IP:
        if (fk_ip_parse(v.p, v.n, &ip))
            *(f == FK_F_SRC_IP ? &ev->src_ip : &ev->dst_ip) = ip;
        return 0;
    case FK_F_SRC_PORT:
    case FK_F_DST_PORT:
    case FK_F_STATUS:
    case FK_F_BYTES:
        if (v.n == 0 || v.n > 18)
            return 0;
        num = 0;
        for (size_t i = 0; i < v.n; i++) {
            if (v.p[i] < '0' || v.p[i] > '9')
                return 0;
            num = num * 10 + (v.p[i] - '0');
        }
        if (f == FK_F_BYTES)
            ev->bytes = num;
        else if (f == FK_F_STATUS)
            ev->status = num <= 999 ? (int)num : -1;
        else if (num <= 65535)
            *(f == FK_F_SRC_PORT ? &ev->src_port : &ev->dst_port) = (int)num;
        return 0;
    case FK_F_HASHES:
        if (w->nhashes < 4)
            w->hashes[w->nhashes++] = v;
        return 0;
    default: break;
    }
    fk_str *slot = NULL;
    switch (f) {
    case FK_F_HOST: slot = &ev->host; break;
    case FK_F_USER: slot = &ev->user; break;
    case FK_F_METHOD: slot = &ev->method; break;
    case FK_F_PATH: slot = &ev->path; break;
    case FK_F_QUERY: slot = &ev->query; break;
    case FK_F_URL: slot = &ev->url; break;
    case FK_F_USER_AGENT: slot = &ev->user_agent; break;
    case FK_F_REFERRER: slot = &ev->referrer; break;
    case FK_F_IMAGE: slot = &ev->image; break;
    case FK_F_COMMAND_LINE: slot = &ev->command_line; break;
    case FK_F_PROGRAM: slot = &ev->program; break;
    case FK_F_MESSAGE: slot = &ev->message; break;
    case FK_F_DOMAIN: slot = &ev->domain; break;
    default: return 0;
    }
    if (slot->n == 0 && !(v.n == 1 && v.p[0] == '-'))
        *slot = v;
    return 0;
}

static int leaf(walk_ctx *w, const char *path, size_t pathlen, json_t *value)
{
    char numbuf[48];
    fk_str v;
    if (json_is_string(value)) {
        v = (fk_str){json_string_value(value), json_string_length(value)};
    } else if (json_is_integer(value)) {
        int k = snprintf(numbuf, sizeof numbuf, "%" JSON_INTEGER_FORMAT, json_integer_value(value));
        v = (fk_str){numbuf, (size_t)k};
    } else if (json_is_real(value)) {
        int k = snprintf(numbuf, sizeof numbuf, "%.17g", json_real_value(value));
        v = (fk_str){numbuf, (size_t)k};
    } else if (json_is_true(value) || json_is_false(value)) {
        v = json_is_true(value) ? FK_STR("true") : FK_STR("false");
    } else {
        return 0; /* null: the field is present but empty; not stored */
    }
    /* The event lives only as long as the arena: copy out of the jansson tree. */
    char *vc = fk_arena_strndup(w->arena, v.p, v.n);
    char *kc = fk_arena_strndup(w->arena, path, pathlen);
    if (!vc || !kc) {
        w->ev->alloc_failed = true;
        return -1;
    }
    v.p = vc;
    if (fk_event_add(w->ev, w->arena, (fk_str){kc, pathlen}, v) != 0)
        return -1;
    const char *name = lookup_name(kc);
    if (strcmp(kc, "Event.System.EventID") == 0) {
        w->event_id = 0;
        for (size_t i = 0; i < v.n && v.p[i] >= '0' && v.p[i] <= '9'; i++)
            w->event_id = w->event_id * 10 + (v.p[i] - '0');
    } else if (strcmp(kc, "Event.System.Channel") == 0) {
        w->channel = v;
    }
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        if (strcasecmp(known[i].path, name) == 0)
            return assign(w, known[i].field, v);
    return 0;
}

/* Depth-first over objects and arrays; paths are dotted, array items by index. A
 * "#text" member stands for its parent (as EVTX exporters write element text). */
static int walk(walk_ctx *w, json_t *node, char *path, size_t pathlen, size_t cap, int depth)
{
    if (depth > 32)
        return 0;
    if (json_is_object(node)) {
        const char *key;
        json_t *child;
        json_object_foreach(node, key, child)
        {
            size_t klen = strlen(key), nlen = pathlen;
            if (strcmp(key, "#text") != 0) {
                if (pathlen + 1 + klen + 1 > cap)
                    continue;
                if (pathlen)
                    path[nlen++] = '.';
                memcpy(path + nlen, key, klen);
                nlen += klen;
            }
            path[nlen] = '\0';
            if (walk(w, child, path, nlen, cap, depth + 1) != 0)
                return -1;
            path[pathlen] = '\0';
        }
        return 0;
    }
    if (json_is_array(node)) {
        size_t i;
        json_t *child;
        json_array_foreach(node, i, child)
        {
            int k = snprintf(path + pathlen, cap - pathlen, "%s%zu", pathlen ? "." : "", i);
            if (k < 0 || (size_t)k >= cap - pathlen)
                continue;
            if (walk(w, child, path, pathlen + (size_t)k, cap, depth + 1) != 0)
                return -1;
            path[pathlen] = '\0';
        }
        return 0;
    }
    return leaf(w, path, pathlen, node);
}

/* What a Windows event id means, where the channel is one we know. */
static void classify_windows(walk_ctx *w)
{
    fk_event *ev = w->ev;
    bool sysmon = w->channel.n && memmem(w->channel.p, w->channel.n, "Sysmon", 6);
    bool security = w->channel.n && w->channel.n == 8 && memcmp(w->channel.p, "Security", 8) == 0;
    if (sysmon) {
        if (w->event_id == 1)
            ev->kind = FK_KIND_PROCESS;
        else if (w->event_id == 3)
            ev->kind = FK_KIND_NETWORK;
        else if (w->event_id == 22)
            ev->kind = FK_KIND_DNS;
    } else if (security) {
        if (w->event_id == 4624 || w->event_id == 4625 || w->event_id == 4771 ||
            w->event_id == 4776) {
            ev->kind = FK_KIND_AUTH;
            ev->outcome = w->event_id == 4624 ? FK_OUTCOME_SUCCESS : FK_OUTCOME_FAILURE;
        } else if (w->event_id == 4688) {
            ev->kind = FK_KIND_PROCESS;
        }
    }
}

static fk_dec_status decode_text(fk_jsonlog *j, const char *text, size_t n, fk_event *ev,
                                 fk_arena *arena, const char **why)
{
    json_error_t jerr;
    json_t *root = json_loadb(text, n, 0, &jerr);
    if (!root) {
        snprintf(j->why, sizeof j->why, "invalid JSON at column %d: %.160s", jerr.column,
                 jerr.text);
        *why = j->why;
        return FK_DEC_BAD;
    }
    if (!json_is_object(root)) {
        json_decref(root);
        *why = "expected a JSON object";
        return FK_DEC_BAD;
    }
    walk_ctx w = {.ev = ev, .arena = arena};
    char path[512];
    path[0] = '\0';
    int rc = walk(&w, root, path, 0, sizeof path, 0);
    json_decref(root);
    if (rc != 0) {
        *why = "out of memory";
        return FK_DEC_BAD;
    }
    if (w.nhashes == 1) {
        ev->hashes = w.hashes[0];
    } else if (w.nhashes > 1) { /* several hash fields: join them for the matcher */
        size_t total = 0;
        for (int i = 0; i < w.nhashes; i++)
            total += w.hashes[i].n + 1;
        char *joined = fk_arena_alloc(arena, total);
        ev->alloc_failed |= !joined;
        if (joined) {
            size_t k = 0;
            for (int i = 0; i < w.nhashes; i++) {
                memcpy(joined + k, w.hashes[i].p, w.hashes[i].n);
                k += w.hashes[i].n;
                joined[k++] = ',';
            }
            ev->hashes = (fk_str){joined, k - 1};
        }
    }
    classify_windows(&w);
    if (ev->kind == FK_KIND_GENERIC && (ev->method.n || ev->status >= 0) &&
        (ev->path.n || ev->url.n))
        ev->kind = FK_KIND_WEB;
    if (ev->kind == FK_KIND_GENERIC && ev->domain.n)
        ev->kind = FK_KIND_DNS;
    char *raw = fk_arena_strndup(arena, text, n);
    ev->alloc_failed |= !raw;
    ev->raw = raw ? (fk_str){raw, n} : (fk_str){NULL, 0};
    return FK_DEC_OK;
}

/* Tracks brace depth outside strings, so an object spread over lines is joined. */
static void scan_depth(fk_jsonlog *j, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (j->in_string) {
            if (j->escaped)
                j->escaped = false;
            else if (c == '\\')
                j->escaped = true;
            else if (c == '"')
                j->in_string = false;
        } else if (c == '"') {
            j->in_string = true;
        } else if (c == '{' || c == '[') {
            j->depth++;
        } else if (c == '}' || c == ']') {
            j->depth--;
        }
    }
}

static int append(fk_jsonlog *j, const char *s, size_t n)
{
    if (j->len + n + 1 > j->cap) {
        size_t ncap = (j->len + n + 1) * 2;
        char *nb = realloc(j->buf, ncap);
        if (!nb)
            return -1;
        j->buf = nb;
        j->cap = ncap;
    }
    memcpy(j->buf + j->len, s, n);
    j->len += n;
    j->buf[j->len++] = '\n';
    return 0;
}

static void reset(fk_jsonlog *j)
{
    j->len = 0;
    j->depth = 0;
    j->in_string = j->escaped = false;
}

fk_dec_status fk_jsonlog_decode(fk_jsonlog *j, const char *line, size_t n, fk_event *ev,
                                fk_arena *arena, const char **why)
{
    size_t lead = 0;
    while (lead < n && (line[lead] == ' ' || line[lead] == '\t'))
        lead++;
    if (j->len == 0) {
        if (lead == n)
            return FK_DEC_SKIP;
        if (n - lead >= 1 && (line[lead] == ',' || line[lead] == ']' || line[lead] == '[') &&
            n - lead == 1)
            return FK_DEC_SKIP; /* separators of an array of events */
        if (line[lead] != '{') {
            *why = "expected a JSON object starting with '{'";
            return FK_DEC_BAD;
        }
        scan_depth(j, line, n);
        if (j->depth <= 0) { /* the common case: one object on one line */
            reset(j);
            size_t m = n;
            while (m > lead && (line[m - 1] == ',' || line[m - 1] == ' '))
                m--;
            return decode_text(j, line + lead, m - lead, ev, arena, why);
        }
        j->start_line = ev->line;
        if (append(j, line, n) != 0) {
            reset(j);
            *why = "out of memory";
            return FK_DEC_BAD;
        }
        return FK_DEC_MORE;
    }
    if (j->len + n > MAX_OBJECT) {
        ev->line = j->start_line;
        reset(j);
        *why = "JSON object larger than 16 MiB";
        return FK_DEC_BAD;
    }
    scan_depth(j, line, n);
    if (append(j, line, n) != 0) {
        reset(j);
        *why = "out of memory";
        return FK_DEC_BAD;
    }
    if (j->depth > 0)
        return FK_DEC_MORE;
    ev->line = j->start_line;
    size_t m = j->len;
    while (m > 0 && (j->buf[m - 1] == '\n' || j->buf[m - 1] == ',' || j->buf[m - 1] == ' '))
        m--;
    fk_dec_status st = decode_text(j, j->buf, m, ev, arena, why);
    reset(j);
    return st;
}

fk_dec_status fk_jsonlog_finish(fk_jsonlog *j, fk_event *ev, fk_arena *arena, const char **why)
{
    (void)arena;
    if (j->len == 0)
        return FK_DEC_SKIP;
    ev->line = j->start_line;
    reset(j);
    *why = "JSON object not closed at end of input (truncated?)";
    return FK_DEC_BAD;
}
