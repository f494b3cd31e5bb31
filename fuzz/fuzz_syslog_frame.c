/* libFuzzer target: the collector's syslog TCP framing (a sender's bytes): messages
 * never reach past what was given, and what is consumed is never more than given. */
#include "../src/collect/syslog_in.h"

#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct span {
    const char *lo, *hi;
    size_t messages;
} span;

static bool check(void *ctx, const char *m, size_t n)
{
    span *s = ctx;
    if (m < s->lo || m + n > s->hi)
        abort();
    s->messages++;
    return s->messages < 100000;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    span s = {(const char *)data, (const char *)data + size, 0};
    size_t used = fk_syslog_frame((const char *)data, size, 256, check, &s);
    if (used > size)
        abort();
    return 0;
}
