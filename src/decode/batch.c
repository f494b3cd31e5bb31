#include "batch.h"

#include "decoder.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

enum { LINE_RAW, LINE_JSON_EVENT, LINE_EMPTY, LINE_BAD };

typedef struct {
    const char *p; /* the raw log line, or the JSON event's text */
    size_t n;
    int kind;
    const char *why;
} line_view;

/* The keys that carry a raw line in the shippers' JSON: Fluent Bit's tail input ("log"),
 * Vector and most others ("message"), rsyslog templates ("msg"). */
static const char *const wrapper_keys[] = {"log", "message", "msg"};

/* Whether an object could wrap a raw line: only then is it parsed here. */
static bool may_wrap(const char *p, size_t n)
{
    static const char *const quoted[] = {"\"log\"", "\"message\"", "\"msg\""};
    for (size_t k = 0; k < sizeof quoted / sizeof quoted[0]; k++)
        if (memmem(p, n, quoted[k], strlen(quoted[k])))
            return true;
    return false;
}

static void classify(const char *p, size_t n, bool json_events, fk_arena *arena, line_view *out)
{
    while (n && (p[n - 1] == '\r' || p[n - 1] == ' ' || p[n - 1] == '\t'))
        n--;
    size_t i = 0;
    while (i < n && (p[i] == ' ' || p[i] == '\t'))
        i++;
    *out = (line_view){p, n, LINE_RAW, NULL};
    if (i == n) {
        out->kind = LINE_EMPTY;
        return;
    }
    if (p[i] != '{' && p[i] != '"')
        return; /* a plain text line */
    if (p[i] == '{' && (json_events || !may_wrap(p + i, n - i))) {
        /* an event: the JSON decoder parses it (and says why, if it cannot). Parsing it
         * here as well cost a third of the hub's time on a stream of Windows events. */
        out->kind = LINE_JSON_EVENT;
        return;
    }
    json_error_t je;
    json_t *j = json_loadb(p + i, n - i, JSON_DECODE_ANY | JSON_ALLOW_NUL, &je);
    if (!j) {
        out->kind = LINE_BAD;
        out->why = "not valid JSON";
        return;
    }
    json_t *s = json_is_string(j) ? j : NULL;
    for (size_t k = 0; !s && json_is_object(j) && k < 3; k++)
        if (json_is_string(json_object_get(j, wrapper_keys[k])))
            s = json_object_get(j, wrapper_keys[k]);
    if (s) {
        size_t len = json_string_length(s);
        char *copy = fk_arena_alloc(arena, len + 1);
        if (copy) {
            memcpy(copy, json_string_value(s), len);
            copy[len] = '\0';
            while (len && (copy[len - 1] == '\n' || copy[len - 1] == '\r'))
                len--;
            *out = (line_view){copy, len, LINE_RAW, NULL};
        } else {
            *out = (line_view){NULL, 0, LINE_BAD, "out of memory"};
        }
    } else if (json_is_object(j)) {
        out->kind = LINE_JSON_EVENT;
    } else {
        out->kind = LINE_BAD;
        out->why = "expected a JSON object or string";
    }
    json_decref(j);
}

static int report(const fk_batch_sink *sink, fk_batch_counts *c, uint64_t line, const char *why)
{
    c->malformed++;
    return sink->malformed ? sink->malformed(sink->ctx, line, why) : 0;
}

static int feed(fk_decoder *d, const line_view *v, uint64_t lineno, const char *file,
                fk_arena *arena, const fk_batch_sink *sink, fk_batch_counts *c)
{
    fk_event ev;
    fk_event_clear(&ev);
    ev.file = file;
    ev.line = lineno;
    const char *why = "malformed";
    fk_dec_status s = fk_decoder_decode(d, v->p, v->n, &ev, arena, &why);
    if (s == FK_DEC_MORE) /* one NDJSON line is one event: a fragment is malformed */
        s = fk_decoder_finish(d, &ev, arena, &why) == FK_DEC_OK ? FK_DEC_OK : FK_DEC_BAD;
    if (ev.alloc_failed)
        return report(sink, c, lineno, "out of memory while decoding");
    if (s == FK_DEC_BAD)
        return report(sink, c, lineno, why);
    if (s == FK_DEC_SKIP) {
        c->skipped++;
        return 0;
    }
    c->events++;
    if (ev.has_time && ev.time_ms > c->newest_ms)
        c->newest_ms = ev.time_ms;
    return sink->event(sink->ctx, &ev);
}

int fk_batch_decode(const char *body, size_t n, const char *format, const char *file, int ref_year,
                    const fk_batch_sink *sink, fk_batch_counts *c, fk_err *err)
{
    memset(c, 0, sizeof *c);
    fk_format fmt = FK_FMT_AUTO;
    if (format && *format && strcmp(format, "auto") != 0 && !fk_format_parse(format, &fmt))
        return fk_errf(err,
                       "format: unknown log format '%s' (expected auto, combined, common, w3c, "
                       "syslog, json or auditd)",
                       format);
    if (fmt == FK_FMT_CUSTOM)
        return fk_errf(err, "format: custom formats are not accepted for ingest; send the "
                            "named format or JSON events");
    bool json_events = fmt == FK_FMT_JSON;
    /* pass 1: split and classify, keeping the views for pass 2 */
    size_t cap = 256, count = 0;
    line_view *lines = malloc(cap * sizeof *lines);
    fk_arena arena, scratch;
    fk_arena_init(&arena, 64 * 1024);
    fk_arena_init(&scratch, 64 * 1024);
    int rc = lines ? 0 : fk_errc(err, FK_ERR_NOMEM, "out of memory");
    for (size_t at = 0; rc == 0 && at < n;) {
        const char *nl = memchr(body + at, '\n', n - at);
        size_t len = nl ? (size_t)(nl - (body + at)) : n - at;
        if (count == cap) {
            line_view *more = realloc(lines, 2 * cap * sizeof *lines);
            if (!more) {
                rc = fk_errc(err, FK_ERR_NOMEM, "out of memory");
                break;
            }
            lines = more;
            cap *= 2;
        }
        classify(body + at, len, json_events, &arena, &lines[count++]);
        at += len + 1;
    }
    /* the raw lines' format: declared, or what most of the first ones decode as */
    const char *sample[32];
    size_t lens[32], ns = 0;
    for (size_t i = 0; rc == 0 && i < count && ns < 32; i++)
        if (lines[i].kind == LINE_RAW) {
            sample[ns] = lines[i].p;
            lens[ns++] = lines[i].n;
        }
    /* no format fits: those lines are malformed, one by one; the rest of the batch stands */
    bool unknown = false;
    if (rc == 0 && fmt == FK_FMT_AUTO && ns)
        unknown = (fmt = fk_format_sniff(sample, lens, ns, ref_year)) == FK_FMT_AUTO;
    fk_decoder *raw = NULL, *json = NULL;
    if (rc == 0 && ns && !unknown && !(raw = fk_decoder_new(fmt, NULL, ref_year, err)))
        rc = -1;
    if (rc == 0 && !(json = fk_decoder_new(FK_FMT_JSON, NULL, ref_year, err)))
        rc = -1;
    snprintf(c->format, sizeof c->format, "%s",
             unknown ? "unknown"
             : ns    ? fk_format_name(fmt)
                     : "json");
    /* pass 2: decode */
    for (size_t i = 0; rc == 0 && i < count; i++) {
        const line_view *v = &lines[i];
        if (v->kind == LINE_EMPTY)
            continue;
        c->lines++;
        if (v->kind == LINE_BAD)
            rc = report(sink, c, i + 1, v->why);
        else if (v->kind == LINE_RAW && !raw)
            rc = report(sink, c, i + 1,
                        "no known log format fits the batch's plain lines (declare one: format=)");
        else
            rc = feed(v->kind == LINE_RAW ? raw : json, v, i + 1, file, &scratch, sink, c);
        fk_arena_reset(&scratch);
    }
    fk_decoder_free(raw);
    fk_decoder_free(json);
    fk_arena_free(&arena);
    fk_arena_free(&scratch);
    free(lines);
    return rc;
}
