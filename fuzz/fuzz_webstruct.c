/* libFuzzer target: the structural readers (SQL tokeniser, HTML/script reader, shell
 * grammar) on one value, read as a path, a parameter, a header or free text (the first
 * byte picks), and the tests that choose how a value is read. */
#include "../src/detect/webstruct.h"

#include <stdlib.h>
#include <string.h>

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
     * expression of a query language, an application's statement, a PHP stream wrapper;
     * and a pair */
    (void)fk_webstruct_reads_as_prose(v, size - 1);
    (void)fk_webstruct_editor_markup(v, size - 1);
    (void)fk_webstruct_opens_as_expression(v, size - 1);
    (void)fk_webstruct_application_sql(v, size - 1);
    (void)fk_webstruct_text_breaks(v, size - 1);
    (void)fk_webstruct_php_wrapper(v, size - 1);
    /* the content of every element showing code: each span lies within the value and
     * after the one before (a span that went back would loop the websig callers) */
    size_t end = 0, from = 0, n = size - 1;
    (void)fk_webstruct_shows_code(v, n);
    (void)fk_webstruct_stack_trace(v, n);
    (void)fk_webstruct_image_data_url(v, n);
    (void)fk_webstruct_symbols_only(v, n);
    (void)fk_webstruct_within_shown_code(v, n, n / 2);
    for (size_t start = fk_webstruct_shown_code_span(v, n, 0, &end); start < n;
         start = fk_webstruct_shown_code_span(v, n, from, &end)) {
        if (end < start || end > n || end < from)
            abort();
        from = end;
    }
    const char *eq = memchr(v, '=', size - 1);
    if (eq) {
        size_t nl = (size_t)(eq - v);
        (void)fk_webstruct_navigation_param(v, nl);
        fk_webstruct_scan_pair(ws, v, nl, eq + 1, size - 2 - nl, data[0] & 3, seen, NULL);
    }
    return 0;
}
