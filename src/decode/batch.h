/* Decoding one ingested batch: NDJSON lines that are either raw log lines (a JSON
 * string, an object wrapping the line in "log", "message" or "msg" as Fluent Bit, Vector
 * and rsyslog send it, or plain text) in a declared or sniffed format, or JSON events.
 * Every line is accounted for: an event, a skipped header, or malformed with its number
 * and reason. Owns nothing beyond the call. */
#ifndef FK_BATCH_H
#define FK_BATCH_H

#include "../core/error.h"
#include "../model/event.h"

#include <stdint.h>

typedef struct fk_batch_sink {
    /* an event (its strings live until the next call); nonzero stops the batch */
    int (*event)(void *ctx, fk_event *ev);
    /* a malformed line, numbered from 1; nonzero stops the batch */
    int (*malformed)(void *ctx, uint64_t line, const char *why);
    void *ctx;
} fk_batch_sink;

typedef struct fk_batch_counts {
    uint64_t lines, events, malformed, skipped;
    int64_t newest_ms; /* the latest event time, 0 if none had one */
    char format[32];   /* the format the raw lines were decoded as */
} fk_batch_counts;

/* format: a format name (fk_format_parse) or "auto"/NULL to sniff the batch's raw lines
 * (when none fits, each raw line is malformed, saying so). file names the batch in
 * events (ev->file). Returns 0, or -1 when the declared format is unknown (err says so)
 * or when the sink stopped. */
int fk_batch_decode(const char *body, size_t n, const char *format, const char *file, int ref_year,
                    const fk_batch_sink *sink, fk_batch_counts *counts, fk_err *err);

#endif
