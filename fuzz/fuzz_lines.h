/* Shared by the decoder fuzz targets: feeds each line of the input to a decoder. */
#ifndef FK_FUZZ_LINES_H
#define FK_FUZZ_LINES_H

#include "../src/decode/decoder.h"

#include <string.h>

static inline void fk_fuzz_feed(fk_decoder *d, const uint8_t *data, size_t size)
{
    fk_arena arena;
    fk_arena_init(&arena, 4096);
    const char *p = (const char *)data, *end = p + size;
    uint64_t lineno = 0;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
        fk_event ev;
        fk_event_clear(&ev);
        ev.line = ++lineno;
        const char *why = NULL;
        fk_dec_status st = fk_decoder_decode(d, p, n, &ev, &arena, &why);
        if (st == FK_DEC_BAD && !why)
            __builtin_trap(); /* a malformed line must say why */
        if (st != FK_DEC_MORE)
            fk_arena_reset(&arena);
        p += n + (nl ? 1 : 0);
    }
    fk_event ev;
    fk_event_clear(&ev);
    const char *why = NULL;
    fk_decoder_finish(d, &ev, &arena, &why);
    fk_arena_free(&arena);
}

#endif
