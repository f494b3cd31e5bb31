#include "jsonlog.h"

#include "../core/timefmt.h"

#include "../core/hash.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <yajl/yajl_parse.h>

/* Objects larger than this are refused rather than buffered without bound. */
#define MAX_OBJECT (16u * 1024 * 1024)

/* The known names below, by a hash of their lower-cased text: every leaf of every
 * event is looked up, and a linear walk of the table was a fifth of decoding time. */
#define KNOWN_SLOTS 512

struct fk_jsonlog {
    short known_slot[KNOWN_SLOTS]; /* index into known[], -1 when empty */
    char *buf;
    size_t len, cap;
    int depth;
    bool in_string, escaped;
    uint64_t start_line;
    char why[256];
};

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
    /* request bodies and cookies: ECS, nginx's $request_body and $http_cookie, and the
     * request of ModSecurity's JSON audit log (its other fields follow) */
    {"http.request.body.content", FK_F_BODY},
    {"request_body", FK_F_BODY},
    {"body", FK_F_BODY},
    {"transaction.request.body", FK_F_BODY},
    {"http_cookie", FK_F_COOKIE},
    {"cookie", FK_F_COOKIE},
    {"http.request.headers.cookie", FK_F_COOKIE},
    {"transaction.request.headers.Cookie", FK_F_COOKIE},
    {"transaction.time_stamp", FK_F_TIME},
    {"transaction.client_ip", FK_F_SRC_IP},
    {"transaction.client_port", FK_F_SRC_PORT},
    {"transaction.host_ip", FK_F_DST_IP},
    {"transaction.host_port", FK_F_DST_PORT},
    {"transaction.request.method", FK_F_METHOD},
    {"transaction.request.uri", FK_F_URL},
    {"transaction.request.headers.Host", FK_F_HOST},
    {"transaction.request.headers.User-Agent", FK_F_USER_AGENT},
    {"transaction.request.headers.Referer", FK_F_REFERRER},
    {"transaction.response.http_code", FK_F_STATUS},
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

static unsigned known_hash(const char *s)
{
    return fk_hash_nocase(s, strlen(s)) & (KNOWN_SLOTS - 1);
}

fk_jsonlog *fk_jsonlog_new(void)
{
    fk_jsonlog *j = calloc(1, sizeof(fk_jsonlog));
    if (!j)
        return NULL;
    memset(j->known_slot, 0xff, sizeof j->known_slot);
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
        unsigned h = known_hash(known[i].path);
        bool dup = false;
        for (; j->known_slot[h] >= 0 && !dup; h = (h + 1) & (KNOWN_SLOTS - 1))
            dup = strcasecmp(known[j->known_slot[h]].path, known[i].path) == 0;
        if (!dup) /* the first spelling wins, as it did when the table was walked */
            j->known_slot[h] = (short)i;
    }
    return j;
}

static int known_field(const fk_jsonlog *j, const char *name)
{
    for (unsigned h = known_hash(name); j->known_slot[h] >= 0; h = (h + 1) & (KNOWN_SLOTS - 1))
        if (strcasecmp(known[j->known_slot[h]].path, name) == 0)
            return j->known_slot[h];
    return -1;
}

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

typedef fk_jsonlog_record walk_ctx;

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
    case FK_F_BODY: slot = &ev->body; break;
    case FK_F_COOKIE: slot = &ev->cookie; break;
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

/* One value at its dotted path: stored as an extra pair, and in a typed field when the
 * name is a known one. Numbers keep the text they were written with. */
int fk_jsonlog_record_leaf(fk_jsonlog_record *w, const char *path, size_t pathlen, fk_str v)
{
    /* The event lives only as long as the arena: copy out of the input. */
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
        /* event ids are 16-bit; more digits than that are no id, not an overflow */
        for (size_t i = 0; i < v.n && i < 9 && v.p[i] >= '0' && v.p[i] <= '9'; i++)
            w->event_id = w->event_id * 10 + (v.p[i] - '0');
    } else if (strcmp(kc, "Event.System.Channel") == 0) {
        w->channel = v;
    }
    int k = known_field(w->j, name);
    return k >= 0 ? assign(w, known[k].field, v) : 0;
}

/* The walk over the document, driven by yajl's events (no tree is built: decoding was
 * two thirds of a scan's time with one). Paths are dotted, array items by index; a
 * "#text" member stands for its parent (as EVTX exporters write element text); values
 * deeper than MAX_DEPTH and paths longer than the buffer are left out. */
#define MAX_DEPTH 32
#define PATH_CAP  512

typedef struct {
    walk_ctx *w;
    char path[PATH_CAP];
    int level;  /* open containers - 1; -1 before the root object */
    int beyond; /* containers open below the deepest level tracked */
    struct {
        size_t plen; /* the container's own path length */
        size_t next; /* arrays: the next item's index */
        bool array, skip;
    } c[MAX_DEPTH + 2];
    size_t pending; /* maps: the path of the value after the last key */
    bool pending_skip;
    const char *fail; /* why the walk stopped, when it was not the parser */
} sax;

/* Where the next value goes; false when it is left out. */
static bool begin_value(sax *s, size_t *len)
{
    if (s->beyond || s->level < 0)
        return false;
    if (s->c[s->level].skip || s->level + 1 > MAX_DEPTH)
        return false;
    size_t plen = s->c[s->level].plen;
    if (!s->c[s->level].array) {
        *len = s->pending;
        return !s->pending_skip;
    }
    size_t i = s->c[s->level].next++;
    int k = snprintf(s->path + plen, PATH_CAP - plen, "%s%zu", plen ? "." : "", i);
    if (k < 0 || (size_t)k >= PATH_CAP - plen)
        return false;
    *len = plen + (size_t)k;
    return true;
}

static int value(sax *s, fk_str v)
{
    size_t len;
    if (s->level < 0) {
        s->fail = "expected a JSON object";
        return 0;
    }
    if (!begin_value(s, &len))
        return 1;
    if (fk_jsonlog_record_leaf(s->w, s->path, len, v) != 0) {
        s->fail = "out of memory";
        return 0;
    }
    return 1;
}

static int on_null(void *ctx)
{
    sax *s = ctx;
    size_t len;
    if (s->level < 0) {
        s->fail = "expected a JSON object";
        return 0;
    }
    (void)begin_value(s, &len); /* null: the field is present but empty; not stored */
    return 1;
}

static int on_bool(void *ctx, int b)
{
    return value(ctx, b ? FK_STR("true") : FK_STR("false"));
}

static int on_number(void *ctx, const char *p, size_t n)
{
    return value(ctx, (fk_str){p, n});
}

static int on_string(void *ctx, const unsigned char *p, size_t n)
{
    return value(ctx, (fk_str){(const char *)p, n});
}

static int open_container(sax *s, bool array)
{
    if (s->level < 0 && array) {
        s->fail = "expected a JSON object";
        return 0;
    }
    if (s->beyond || s->level + 1 >= MAX_DEPTH + 2) {
        s->beyond++;
        return 1;
    }
    size_t len = 0;
    bool keep = s->level < 0 || begin_value(s, &len);
    s->level++;
    s->c[s->level].plen = len;
    s->c[s->level].next = 0;
    s->c[s->level].array = array;
    s->c[s->level].skip = !keep;
    return 1;
}

static int on_start_map(void *ctx)
{
    return open_container(ctx, false);
}

static int on_start_array(void *ctx)
{
    return open_container(ctx, true);
}

static int on_end(void *ctx)
{
    sax *s = ctx;
    if (s->beyond)
        s->beyond--;
    else
        s->level--;
    return 1;
}

static int on_key(void *ctx, const unsigned char *key, size_t klen)
{
    sax *s = ctx;
    if (s->beyond || s->c[s->level].skip)
        return 1;
    size_t plen = s->c[s->level].plen;
    s->pending_skip = false;
    if (klen == 5 && memcmp(key, "#text", 5) == 0) {
        s->pending = plen;
        s->path[plen] = '\0';
        return 1;
    }
    if (plen + 1 + klen + 1 > PATH_CAP) {
        s->pending_skip = true;
        return 1;
    }
    size_t n = plen;
    if (plen)
        s->path[n++] = '.';
    memcpy(s->path + n, key, klen);
    n += klen;
    s->path[n] = '\0';
    s->pending = n;
    return 1;
}

static const yajl_callbacks sax_callbacks = {
    on_null,      on_bool, NULL,   NULL,           on_number, on_string,
    on_start_map, on_key,  on_end, on_start_array, on_end,
};

/* What a Windows event id means, where the channel is one we know. */
/* A request target kept whole (ECS url.original, nginx $request_uri, ModSecurity's uri)
 * gives the path and query that detection reads, when the log does not give them apart:
 * an absolute URL's scheme and authority go, the query is what follows the first '?',
 * a fragment is left out. Slices of the target; nothing is copied. */
static void split_target(fk_event *ev)
{
    fk_str t = ev->path.n ? ev->path : ev->url;
    if (!t.n || ev->query.n || (ev->path.n && !memchr(t.p, '?', t.n)))
        return;
    const char *p = t.p, *end = t.p + t.n;
    const char *scheme = memmem(p, t.n, "://", 3);
    if (scheme && !memchr(p, '/', (size_t)(scheme - p)) && !memchr(p, '?', (size_t)(scheme - p))) {
        const char *slash = memchr(scheme + 3, '/', (size_t)(end - scheme - 3));
        const char *mark = memchr(scheme + 3, '?', (size_t)(end - scheme - 3));
        p = slash && (!mark || slash < mark) ? slash : mark ? mark : end;
    }
    const char *hash = memchr(p, '#', (size_t)(end - p));
    if (hash)
        end = hash;
    const char *mark = memchr(p, '?', (size_t)(end - p));
    ev->path = (fk_str){p, (size_t)((mark ? mark : end) - p)};
    if (mark)
        ev->query = (fk_str){mark + 1, (size_t)(end - mark - 1)};
}

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

void fk_jsonlog_record_begin(fk_jsonlog_record *w, const fk_jsonlog *j, fk_event *ev,
                             fk_arena *arena)
{
    memset(w, 0, sizeof *w);
    w->j = j;
    w->ev = ev;
    w->arena = arena;
}

void fk_jsonlog_record_end(fk_jsonlog_record *w, const char *text, size_t n)
{
    fk_event *ev = w->ev;
    fk_arena *arena = w->arena;
    if (w->nhashes == 1) {
        ev->hashes = w->hashes[0];
    } else if (w->nhashes > 1) { /* several hash fields: join them for the matcher */
        size_t total = 0;
        for (int i = 0; i < w->nhashes; i++)
            total += w->hashes[i].n + 1;
        char *joined = fk_arena_alloc(arena, total);
        ev->alloc_failed |= !joined;
        if (joined) {
            size_t k = 0;
            for (int i = 0; i < w->nhashes; i++) {
                memcpy(joined + k, w->hashes[i].p, w->hashes[i].n);
                k += w->hashes[i].n;
                joined[k++] = ',';
            }
            ev->hashes = (fk_str){joined, k - 1};
        }
    }
    classify_windows(w);
    split_target(ev);
    if (ev->kind == FK_KIND_GENERIC && (ev->method.n || ev->status >= 0) &&
        (ev->path.n || ev->url.n))
        ev->kind = FK_KIND_WEB;
    if (ev->kind == FK_KIND_GENERIC && ev->domain.n)
        ev->kind = FK_KIND_DNS;
    char *raw = fk_arena_strndup(arena, text, n);
    ev->alloc_failed |= !raw;
    ev->raw = raw ? (fk_str){raw, n} : (fk_str){NULL, 0};
}

static fk_dec_status decode_text(fk_jsonlog *j, const char *text, size_t n, fk_event *ev,
                                 fk_arena *arena, const char **why)
{
    walk_ctx w;
    fk_jsonlog_record_begin(&w, j, ev, arena);
    sax sx;
    sx.w = &w;
    sx.level = -1;
    sx.beyond = 0;
    sx.pending = 0;
    sx.pending_skip = false;
    sx.fail = NULL;
    sx.path[0] = '\0';
    yajl_handle h = yajl_alloc(&sax_callbacks, NULL, &sx);
    if (!h) {
        *why = "out of memory";
        return FK_DEC_BAD;
    }
    yajl_status st = yajl_parse(h, (const unsigned char *)text, n);
    if (st == yajl_status_ok)
        st = yajl_complete_parse(h);
    if (st != yajl_status_ok) {
        if (sx.fail) {
            *why = sx.fail;
        } else {
            unsigned char *msg = yajl_get_error(h, 0, (const unsigned char *)text, n);
            /* yajl's message starts with its own "parse error: " */
            const char *m = msg ? (const char *)msg : "cannot be parsed";
            if (!strncmp(m, "parse error: ", 13))
                m += 13;
            snprintf(j->why, sizeof j->why, "invalid JSON at column %zu: %.160s",
                     yajl_get_bytes_consumed(h) + 1, m);
            size_t l = strlen(j->why);
            while (l && (j->why[l - 1] == '\n' || j->why[l - 1] == ' '))
                j->why[--l] = '\0';
            if (msg)
                yajl_free_error(h, msg);
            *why = j->why;
        }
        yajl_free(h);
        return FK_DEC_BAD;
    }
    yajl_free(h);
    fk_jsonlog_record_end(&w, text, n);
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

bool fk_jsonlog_pending_valid(const fk_jsonlog *j)
{
    if (j->len == 0)
        return false;
    yajl_handle h = yajl_alloc(NULL, NULL, NULL);
    if (!h)
        return false;
    bool ok = yajl_parse(h, (const unsigned char *)j->buf, j->len) == yajl_status_ok;
    yajl_free(h);
    return ok;
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
