#include "decoder.h"

#include "accesslog.h"
#include "auditd.h"
#include "jsonlog.h"
#include "syslog.h"
#include "w3c.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct fk_decoder {
    fk_format format;
    int ref_year;
    fk_logformat *lf;
    fk_w3c *w3c;
    fk_jsonlog *json;
    fk_auditd *audit;
};

static const char *const format_names[] = {
    [FK_FMT_AUTO] = "auto",     [FK_FMT_COMBINED] = "combined", [FK_FMT_COMMON] = "common",
    [FK_FMT_CUSTOM] = "custom", [FK_FMT_W3C] = "w3c",           [FK_FMT_SYSLOG] = "syslog",
    [FK_FMT_JSON] = "json",     [FK_FMT_AUDITD] = "auditd",     [FK_FMT_EVTX] = "evtx",
};

const char *fk_format_name(fk_format f)
{
    return format_names[f];
}

bool fk_format_parse(const char *name, fk_format *out)
{
    static const struct {
        const char *alias;
        fk_format f;
    } aliases[] = {{"apache", FK_FMT_COMBINED}, {"nginx", FK_FMT_COMBINED},
                   {"clf", FK_FMT_COMMON},      {"iis", FK_FMT_W3C},
                   {"jsonl", FK_FMT_JSON},      {"rfc3164", FK_FMT_SYSLOG},
                   {"rfc5424", FK_FMT_SYSLOG},  {"audit", FK_FMT_AUDITD}};
    for (size_t i = 0; i < sizeof format_names / sizeof format_names[0]; i++)
        if (strcmp(format_names[i], name) == 0) {
            *out = (fk_format)i;
            return true;
        }
    for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
        if (strcmp(aliases[i].alias, name) == 0) {
            *out = aliases[i].f;
            return true;
        }
    return false;
}

fk_decoder *fk_decoder_new(fk_format fmt, const char *logformat, int ref_year, fk_err *err)
{
    if (fmt == FK_FMT_AUTO) {
        fk_errf(err, "a decoder needs a concrete format");
        return NULL;
    }
    if (fmt == FK_FMT_EVTX) {
        fk_errf(err, "format 'evtx' is a binary file read whole (fukurou scan FILE.evtx), "
                     "not lines; for an exported event log in JSON use 'json'");
        return NULL;
    }
    fk_decoder *d = calloc(1, sizeof *d);
    if (!d) {
        fk_errf(err, "out of memory");
        return NULL;
    }
    d->format = fmt;
    d->ref_year = ref_year;
    switch (fmt) {
    case FK_FMT_COMBINED:
    case FK_FMT_COMMON:
    case FK_FMT_CUSTOM: {
        const char *f = fmt == FK_FMT_COMBINED ? "combined"
                        : fmt == FK_FMT_COMMON ? "common"
                                               : logformat;
        if (!f) {
            free(d);
            fk_errf(err, "format 'custom' needs --log-format");
            return NULL;
        }
        d->lf = fk_logformat_compile(f, err);
        break;
    }
    case FK_FMT_W3C:
        d->w3c = fk_w3c_new();
        if (!d->w3c)
            fk_errf(err, "out of memory");
        break;
    case FK_FMT_JSON:
        d->json = fk_jsonlog_new();
        if (!d->json)
            fk_errf(err, "out of memory");
        break;
    case FK_FMT_AUDITD:
        d->audit = fk_auditd_new();
        if (!d->audit)
            fk_errf(err, "out of memory");
        break;
    default: break;
    }
    if ((fmt == FK_FMT_COMBINED || fmt == FK_FMT_COMMON || fmt == FK_FMT_CUSTOM) ? !d->lf
        : fmt == FK_FMT_W3C                                                      ? !d->w3c
        : fmt == FK_FMT_JSON                                                     ? !d->json
        : fmt == FK_FMT_AUDITD                                                   ? !d->audit
                                                                                 : false) {
        free(d);
        return NULL;
    }
    return d;
}

fk_dec_status fk_decoder_decode(fk_decoder *d, const char *line, size_t n, fk_event *ev,
                                fk_arena *arena, const char **why)
{
    fk_dec_status st;
    ev->format = format_names[d->format];
    switch (d->format) {
    case FK_FMT_W3C: st = fk_w3c_decode(d->w3c, line, n, ev, arena, why); break;
    case FK_FMT_SYSLOG: st = fk_syslog_decode(line, n, d->ref_year, ev, arena, why); break;
    case FK_FMT_JSON: st = fk_jsonlog_decode(d->json, line, n, ev, arena, why); break;
    case FK_FMT_AUDITD: st = fk_auditd_decode(d->audit, line, n, ev, arena, why); break;
    default: st = fk_logformat_decode(d->lf, line, n, ev, arena, why); break;
    }
    return st;
}

fk_dec_status fk_decoder_finish(fk_decoder *d, fk_event *ev, fk_arena *arena, const char **why)
{
    ev->format = format_names[d->format];
    return d->format == FK_FMT_JSON ? fk_jsonlog_finish(d->json, ev, arena, why) : FK_DEC_SKIP;
}

void fk_decoder_free(fk_decoder *d)
{
    if (!d)
        return;
    fk_logformat_free(d->lf);
    fk_w3c_free(d->w3c);
    fk_jsonlog_free(d->json);
    fk_auditd_free(d->audit);
    free(d);
}

/* Each candidate decodes the sample. A candidate is eligible when it decodes at least
 * one event and at most half of the lines are malformed for it; among those, the one
 * with the fewest malformed lines wins, earlier candidates winning ties (combined before
 * common: combined is the stricter, and common tolerates trailing fields). */
fk_format fk_format_sniff(const char *const *lines, const size_t *lens, size_t count, int ref_year)
{
    static const fk_format candidates[] = {FK_FMT_JSON,   FK_FMT_W3C,    FK_FMT_COMBINED,
                                           FK_FMT_COMMON, FK_FMT_AUDITD, FK_FMT_SYSLOG};
    fk_format best = FK_FMT_AUTO;
    size_t best_bad = SIZE_MAX, nonempty = 0;
    for (size_t i = 0; i < count; i++)
        nonempty += lens[i] > 0;
    for (size_t c = 0; c < sizeof candidates / sizeof candidates[0]; c++) {
        fk_decoder *d = fk_decoder_new(candidates[c], NULL, ref_year, NULL);
        if (!d)
            continue;
        fk_arena arena;
        fk_arena_init(&arena, 16 * 1024);
        size_t ok = 0, bad = 0;
        bool header = false, open_object = false;
        for (size_t i = 0; i < count; i++) {
            fk_event ev;
            fk_event_clear(&ev);
            const char *why = NULL;
            fk_dec_status st = fk_decoder_decode(d, lines[i], lens[i], &ev, &arena, &why);
            ok += st == FK_DEC_OK;
            bad += st == FK_DEC_BAD;
            open_object = st == FK_DEC_MORE;
            /* W3C is only W3C with its directives; otherwise '#' lines look like it */
            if ((lens[i] >= 8 && memcmp(lines[i], "#Fields:", 8) == 0) ||
                (lens[i] >= 10 && memcmp(lines[i], "#Software:", 10) == 0) ||
                (lens[i] >= 9 && memcmp(lines[i], "#Version:", 9) == 0))
                header = true;
            fk_arena_reset(&arena);
        }
        /* a pretty-printed object longer than the sample (a Windows event as exporters
         * write it) has not ended yet: one well-formed object under way counts as one */
        if (candidates[c] == FK_FMT_JSON && ok == 0 && bad == 0 && open_object &&
            fk_jsonlog_pending_valid(d->json))
            ok = 1;
        fk_arena_free(&arena);
        fk_decoder_free(d);
        if (candidates[c] == FK_FMT_W3C && !header)
            continue;
        if (ok > 0 && bad * 2 <= nonempty && bad < best_bad) {
            best = candidates[c];
            best_bad = bad;
        }
    }
    return best;
}
