/* libFuzzer target: the normaliser under every combination of steps (the first byte
 * picks them), and the web-signature matcher on the same input as some or every field,
 * a request body and a Cookie header among them. */
#include "../src/core/file.h"
#include "../src/detect/normalise.h"
#include "../src/detect/websig.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int ignore(void *ctx, const fk_websig_hit *h)
{
    (void)ctx;
    if (h->evidence.n > 1 << 20)
        __builtin_trap();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static fk_websig_set *set; /* the harness's fixture: compiled once per process */
    if (!set) {
        fk_err err;
        char cache[4096]; /* compiling takes seconds under the sanitizers: reuse it */
        if (fk_websig_load_default(
                &set, NULL, fk_user_cache_dir(cache, sizeof cache) ? cache : NULL, &err) != 0)
            abort();
    }
    if (size < 2)
        return 0;
    unsigned steps = (unsigned)data[0] | (unsigned)(data[1] & 1) << 8;
    const char *in = (const char *)data + 2;
    size_t n = size - 2;
    char *out = malloc(n + 1);
    if (!out)
        return 0;
    size_t len = fk_normalise(in, n, steps, out, n + 1);
    if (len > n || out[len] != '\0')
        __builtin_trap(); /* never longer than the input, always terminated */
    free(out);
    fk_event ev;
    fk_event_clear(&ev);
    ev.kind = FK_KIND_WEB;
    ev.format = data[1] & 2 ? "combined" : "json";
    /* bits 2-5 of the second byte: which fields carry the input (none: all four). One
     * field at a time is a quarter of the work, so four times the inputs a second. */
    unsigned fields = (unsigned)(data[1] >> 2) & 15u;
    fk_str text = {in, n};
    if (fields == 0 || fields & 1)
        ev.path = text;
    if (fields == 0 || fields & 2)
        ev.query = text;
    if (fields == 0 || fields & 4)
        ev.user_agent = text;
    if (fields == 0 || fields & 8)
        ev.referrer = text;
    /* bits 6 and 7: the input as a logged body (form, JSON, XML, multipart or one value)
     * and as a Cookie header */
    if (data[1] & 64)
        ev.body = text;
    if (data[1] & 128)
        ev.cookie = text;
    fk_websig_match_event(set, &ev, ignore, NULL);
    return 0;
}
