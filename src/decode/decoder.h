/* The decoder interface: one per log format, chosen per file (sniffed or forced).
 * A decoder turns one line into one event, or asks for more lines (multi-line JSON),
 * or says why a line is malformed. Owns its per-file state (IIS #Fields, JSON buffer). */
#ifndef FK_DECODER_H
#define FK_DECODER_H

#include "../core/error.h"
#include "../model/event.h"

typedef enum fk_format {
    FK_FMT_AUTO,
    FK_FMT_COMBINED, /* Apache/nginx combined */
    FK_FMT_COMMON,   /* Common Log Format */
    FK_FMT_CUSTOM,   /* a --log-format string */
    FK_FMT_W3C,      /* IIS W3C extended */
    FK_FMT_SYSLOG,   /* RFC 3164 or RFC 5424, per line */
    FK_FMT_JSON,     /* JSON lines, pretty-printed objects, EVTX-to-JSON */
    FK_FMT_AUDITD,   /* Linux audit records (audit.log) */
    FK_FMT_EVTX,     /* Windows .evtx files: read whole through evtx.h, not by line */
} fk_format;

typedef enum fk_dec_status {
    FK_DEC_OK,   /* the event is filled */
    FK_DEC_SKIP, /* a header or comment line: no event, not an error */
    FK_DEC_MORE, /* the event continues on the next line */
    FK_DEC_BAD,  /* malformed; *why says what was expected */
} fk_dec_status;

typedef struct fk_decoder fk_decoder;

/* logformat: an Apache LogFormat or nginx log_format string (FK_FMT_CUSTOM), or a
 * preset name ("combined", "common", "vhost_combined"). ref_year dates syslog lines
 * that carry no year. */
fk_decoder *fk_decoder_new(fk_format fmt, const char *logformat, int ref_year, fk_err *err);
/* ev must be cleared by the caller and carry file and line; the decoder may move
 * ev->line back to where a multi-line event started. */
fk_dec_status fk_decoder_decode(fk_decoder *d, const char *line, size_t n, fk_event *ev,
                                fk_arena *arena, const char **why);
/* At end of input: completes a pending multi-line event, if any (FK_DEC_SKIP if none). */
fk_dec_status fk_decoder_finish(fk_decoder *d, fk_event *ev, fk_arena *arena, const char **why);
void fk_decoder_free(fk_decoder *d);

const char *fk_format_name(fk_format f);
/* "combined", "json", ...; returns false for an unknown name. */
bool fk_format_parse(const char *name, fk_format *out);
/* Picks the format that decodes most of the sample lines; FK_FMT_AUTO if none fits. */
fk_format fk_format_sniff(const char *const *lines, const size_t *lens, size_t count, int ref_year);

#endif
