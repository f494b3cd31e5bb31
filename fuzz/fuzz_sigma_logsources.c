/* libFuzzer target: the Sigma logsource mapping (--sigma-logsources), then a set built
 * on it with one rule, compiled and run on an event taken from the input. */
#include "../src/detect/sigma.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int on_hit(void *ctx, const fk_sigma_hit *h)
{
    (void)ctx, (void)h;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    fk_sigma_set *s;
    fk_err err;
    err.msg[0] = '\0';
    if (fk_sigma_new(&s, text, NULL, &err) != 0) {
        if (!err.msg[0])
            __builtin_trap(); /* a refusal must say why */
        free(text);
        return 0;
    }
    if (fk_sigma_compile(s, &err) == 0) {
        /* the input's own text as the values of a Windows event */
        fk_arena a;
        fk_arena_init(&a, 1 << 12);
        fk_event ev;
        fk_event_clear(&ev);
        fk_str v = {text, strlen(text)};
        fk_event_add(&ev, &a, FK_STR("Event.System.Channel"), v);
        fk_event_add(&ev, &a, FK_STR("Event.System.EventID"), v);
        fk_event_add(&ev, &a, FK_STR("Event.EventData.Image"), v);
        (void)fk_sigma_match_event(s, &ev, on_hit, NULL);
        fk_arena_free(&a);
    }
    fk_sigma_free(s);
    free(text);
    return 0;
}
