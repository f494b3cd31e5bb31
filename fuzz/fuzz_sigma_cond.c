/* libFuzzer target: the Sigma condition parser and evaluator. */
#include "../src/detect/sigma_cond.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool value(int id, void *ctx)
{
    return (*(unsigned *)ctx >> (id & 31)) & 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const names[] = {"selection", "sel_a", "sel_b",   "filter_main",
                                        "filter_1",  "_x",    "keywords"};
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    fk_arena a;
    fk_arena_init(&a, 4096);
    fk_cond *c;
    fk_err err;
    err.msg[0] = '\0';
    if (fk_cond_parse(text, names, 7, &a, &c, &err) == 0) {
        for (unsigned bits = 0; bits < 16; bits++)
            (void)fk_cond_eval(c, value, &bits);
    } else if (!err.msg[0]) {
        __builtin_trap();
    }
    fk_arena_free(&a);
    free(text);
    return 0;
}
