/* libFuzzer target: the normaliser under every combination of steps (the first byte
 * picks them), and the web-signature matcher on the same input as one field, path and
 * query, or every field, a request body and a Cookie header among them. */
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
    /* bits 2-4 of the second byte: which field carries the input: one of path, query,
     * User-Agent, Referer, a logged body (form, JSON, XML, multipart or one value) and a
     * Cookie header; or path and query together (the readers that weigh one against the
     * other); or all six. Each field costs a scan of its own, so one field at a time
     * runs three to four times the inputs a second of every field at once (CI measured
     * 1,300 a second under the sanitizers). */
    fk_str text = {in, n};
    fk_str *fields[] = {&ev.path, &ev.query, &ev.user_agent, &ev.referrer, &ev.body, &ev.cookie};
    unsigned pick = (unsigned)(data[1] >> 2) & 7u;
    if (pick < 6)
        *fields[pick] = text;
    else
        for (unsigned f = 0; f < (pick == 6 ? 2u : 6u); f++)
            *fields[f] = text;
    fk_websig_match_event(set, &ev, ignore, NULL);
    return 0;
}
