/* libFuzzer target: the structural readers (SQL tokeniser, HTML/script reader, shell
 * grammar) on one value, read as a path, a parameter, a header or free text (the first
 * byte picks), and the tests that choose how a value is read. */
#include "../src/detect/webstruct.h"

#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int seen(void *ctx, const fk_webstruct_hit *h)
{
    (void)ctx;
    if (!h->why || !h->family)
        __builtin_trap();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static fk_webstruct *ws; /* the harness's fixture: the command sets are built once */
    if (!ws && fk_webstruct_new(&ws, NULL) != 0)
        abort();
    if (size < 1)
        return 0;
    fk_webstruct_field f = (fk_webstruct_field)(data[0] % 4);
    const char *v = (const char *)data + 1;
    fk_webstruct_scan(ws, v, size - 1, f, seen, NULL);
    /* and what decides how a value is read: written text, an editor's markup, an
     * expression of a query language */
    (void)fk_webstruct_reads_as_prose(v, size - 1);
    (void)fk_webstruct_editor_markup(v, size - 1);
    (void)fk_webstruct_opens_as_expression(v, size - 1);
    (void)fk_webstruct_text_breaks(v, size - 1);
    return 0;
}
