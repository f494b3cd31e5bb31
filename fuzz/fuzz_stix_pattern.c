/* libFuzzer target: the STIX pattern parser. */
#include "../src/detect/stix_pattern.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int count(void *ctx, fk_ioc_type t, const char *v, size_t n)
{
    (void)t;
    (void)v;
    *(size_t *)ctx += n;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *p = malloc(size + 1);
    if (!p)
        return 0;
    memcpy(p, data, size);
    p[size] = '\0';
    size_t total = 0;
    fk_err err;
    fk_stix_pattern_values(p, count, &total, &err);
    free(p);
    return 0;
}
