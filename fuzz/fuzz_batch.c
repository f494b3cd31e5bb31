/* libFuzzer target: an ingest batch (NDJSON of raw, wrapped and JSON lines) decoded in
 * the format the first byte picks; every line must be accounted for exactly once. */
#include "../src/decode/batch.h"

#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct {
    uint64_t events, malformed, last_line;
} tally;

static int on_event(void *ctx, fk_event *ev)
{
    tally *t = ctx;
    t->events++;
    if (ev->line <= t->last_line && t->last_line)
        __builtin_trap(); /* lines come in order, each once */
    t->last_line = ev->line;
    return 0;
}

static int on_bad(void *ctx, uint64_t line, const char *why)
{
    tally *t = ctx;
    if (!why || !*why || line == 0)
        __builtin_trap(); /* every malformed line has a number and a reason */
    t->malformed++;
    if (line <= t->last_line && t->last_line)
        __builtin_trap();
    t->last_line = line;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const formats[] = {"auto", "combined", "syslog", "json", "w3c", "auditd"};
    if (size < 1)
        return 0;
    const char *fmt = formats[data[0] % 6];
    tally t = {0, 0, 0};
    fk_batch_sink sink = {on_event, on_bad, &t};
    fk_batch_counts c;
    fk_err err;
    if (fk_batch_decode((const char *)data + 1, size - 1, fmt, "fuzz", 2026, &sink, &c, &err) ==
            0 &&
        (c.events != t.events || c.malformed != t.malformed ||
         c.events + c.malformed + c.skipped != c.lines))
        __builtin_trap(); /* the counts add up */
    return 0;
}
