/* libFuzzer target: one .evtx record's XML (as libevtx renders it) walked into an event:
 * namespaces, attributes, EventData's named and unnamed Data, UserData, deep nesting. */
#include "../src/decode/evtx.h"

#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static fk_evtx *x; /* the harness's fixture: its name table is built once */
    if (!x && !(x = fk_evtx_new_decoder()))
        abort();
    fk_arena arena;
    fk_arena_init(&arena, 4096);
    fk_event ev;
    fk_event_clear(&ev);
    const char *why = NULL;
    fk_dec_status st = fk_evtx_decode_xml(x, (const char *)data, size, &ev, &arena, &why);
    if (st == FK_DEC_BAD && !why)
        __builtin_trap();
    fk_arena_free(&arena);
    return 0;
}
