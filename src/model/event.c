#include "event.h"

#include "../core/timefmt.h"

#include <stdio.h>
#include <string.h>

static const char *const field_names[FK_F_COUNT_] = {
    [FK_F_TIME] = "time",         [FK_F_SRC_IP] = "src_ip",   [FK_F_SRC_PORT] = "src_port",
    [FK_F_SRC_HOST] = "src_host", [FK_F_DST_IP] = "dst_ip",   [FK_F_DST_PORT] = "dst_port",
    [FK_F_HOST] = "host",         [FK_F_USER] = "user",       [FK_F_METHOD] = "method",
    [FK_F_PATH] = "path",         [FK_F_QUERY] = "query",     [FK_F_URL] = "url",
    [FK_F_STATUS] = "status",     [FK_F_BYTES] = "bytes",     [FK_F_USER_AGENT] = "user_agent",
    [FK_F_REFERRER] = "referrer", [FK_F_IMAGE] = "image",     [FK_F_COMMAND_LINE] = "command_line",
    [FK_F_PROGRAM] = "program",   [FK_F_MESSAGE] = "message", [FK_F_DOMAIN] = "domain",
    [FK_F_HASHES] = "hashes",     [FK_F_KIND] = "kind",       [FK_F_OUTCOME] = "outcome",
    [FK_F_FORMAT] = "format",     [FK_F_FILE] = "file",       [FK_F_LINE] = "line",
    [FK_F_BODY] = "body",         [FK_F_COOKIE] = "cookie",
};

static const struct {
    const char *alias;
    fk_field_id id;
} aliases[] = {
    {"source_ip", FK_F_SRC_IP},
    {"src", FK_F_SRC_IP},
    {"client_ip", FK_F_SRC_IP},
    {"dest_ip", FK_F_DST_IP},
    {"dst", FK_F_DST_IP},
    {"referer", FK_F_REFERRER},
    {"useragent", FK_F_USER_AGENT},
    {"ua", FK_F_USER_AGENT},
    {"uri", FK_F_PATH},
    {"process", FK_F_IMAGE},
    {"commandline", FK_F_COMMAND_LINE},
};

void fk_event_clear(fk_event *ev)
{
    memset(ev, 0, sizeof *ev);
    ev->src_port = ev->dst_port = ev->status = -1;
    ev->bytes = -1;
}

int fk_event_add(fk_event *ev, fk_arena *arena, fk_str key, fk_str value)
{
    if (ev->nextra == ev->extra_cap) {
        size_t ncap = ev->extra_cap ? ev->extra_cap * 2 : 16;
        fk_kv *n = fk_arena_alloc(arena, ncap * sizeof *n);
        if (!n) {
            ev->alloc_failed = true;
            return -1;
        }
        if (ev->nextra)
            memcpy(n, ev->extra, ev->nextra * sizeof *n);
        ev->extra = n;
        ev->extra_cap = ncap;
    }
    ev->extra[ev->nextra++] = (fk_kv){key, value};
    return 0;
}

fk_field_id fk_field_lookup(const char *name)
{
    for (int i = 0; i < FK_F_COUNT_; i++)
        if (strcmp(field_names[i], name) == 0)
            return (fk_field_id)i;
    for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
        if (strcmp(aliases[i].alias, name) == 0)
            return aliases[i].id;
    return FK_F_EXTRA;
}

const char *fk_field_name(fk_field_id id)
{
    return id < FK_F_COUNT_ ? field_names[id] : "extra";
}

const char *fk_kind_name(fk_event_kind k)
{
    static const char *const names[] = {"generic", "web", "auth", "process", "network", "dns"};
    return names[k];
}

const char *fk_outcome_name(fk_outcome o)
{
    static const char *const names[] = {"", "failure", "success"};
    return names[o];
}

static bool str_or_none(fk_str s, fk_str *out)
{
    *out = s;
    return s.n > 0;
}

static bool int_value(long long v, char buf[64], fk_str *out)
{
    if (v < 0)
        return false;
    int n = snprintf(buf, 64, "%lld", v);
    *out = (fk_str){buf, (size_t)n};
    return true;
}

static bool text(const char *s, fk_str *out)
{
    *out = (fk_str){s, strlen(s)};
    return out->n > 0;
}

bool fk_event_value(const fk_event *ev, fk_field_id id, const char *extra_name, char buf[64],
                    fk_str *out)
{
    *out = (fk_str){NULL, 0};
    switch (id) {
    case FK_F_TIME: return ev->has_time && text(fk_time_format(ev->time_ms, buf), out);
    case FK_F_SRC_IP: return ev->src_ip.family && text(fk_ip_format(&ev->src_ip, buf), out);
    case FK_F_DST_IP: return ev->dst_ip.family && text(fk_ip_format(&ev->dst_ip, buf), out);
    case FK_F_SRC_PORT: return int_value(ev->src_port, buf, out);
    case FK_F_DST_PORT: return int_value(ev->dst_port, buf, out);
    case FK_F_STATUS: return int_value(ev->status, buf, out);
    case FK_F_BYTES: return int_value(ev->bytes, buf, out);
    case FK_F_LINE: return int_value((long long)ev->line, buf, out);
    case FK_F_SRC_HOST: return str_or_none(ev->src_host, out);
    case FK_F_HOST: return str_or_none(ev->host, out);
    case FK_F_USER: return str_or_none(ev->user, out);
    case FK_F_METHOD: return str_or_none(ev->method, out);
    case FK_F_PATH: return str_or_none(ev->path, out);
    case FK_F_QUERY: return str_or_none(ev->query, out);
    case FK_F_URL: return str_or_none(ev->url, out);
    case FK_F_USER_AGENT: return str_or_none(ev->user_agent, out);
    case FK_F_REFERRER: return str_or_none(ev->referrer, out);
    case FK_F_BODY: return str_or_none(ev->body, out);
    case FK_F_COOKIE: return str_or_none(ev->cookie, out);
    case FK_F_IMAGE: return str_or_none(ev->image, out);
    case FK_F_COMMAND_LINE: return str_or_none(ev->command_line, out);
    case FK_F_PROGRAM: return str_or_none(ev->program, out);
    case FK_F_MESSAGE: return str_or_none(ev->message, out);
    case FK_F_DOMAIN: return str_or_none(ev->domain, out);
    case FK_F_HASHES: return str_or_none(ev->hashes, out);
    case FK_F_KIND: return text(fk_kind_name(ev->kind), out);
    case FK_F_OUTCOME: return text(fk_outcome_name(ev->outcome), out);
    case FK_F_FORMAT: return ev->format && text(ev->format, out);
    case FK_F_FILE: return ev->file && text(ev->file, out);
    case FK_F_COUNT_: return false;
    case FK_F_EXTRA: break;
    }
    if (!extra_name)
        return false;
    size_t n = strlen(extra_name);
    for (size_t i = 0; i < ev->nextra; i++) {
        const fk_kv *kv = &ev->extra[i];
        if (kv->key.n == n && memcmp(kv->key.p, extra_name, n) == 0) {
            *out = kv->value;
            return true;
        }
    }
    /* A short name also finds the last part of a dotted path ("TargetUserName" finds
     * "Event.EventData.TargetUserName"), as analysts write them in rules. */
    for (size_t i = 0; i < ev->nextra; i++) {
        const fk_kv *kv = &ev->extra[i];
        if (kv->key.n > n && kv->key.p[kv->key.n - n - 1] == '.' &&
            memcmp(kv->key.p + kv->key.n - n, extra_name, n) == 0) {
            *out = kv->value;
            return true;
        }
    }
    return false;
}
