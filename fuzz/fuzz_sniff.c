/* libFuzzer target: format detection over the first lines of arbitrary input. */
#include "../src/decode/decoder.h"

#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *lines[32];
    size_t lens[32], n = 0;
    const char *p = (const char *)data, *end = p + size;
    while (p < end && n < 32) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        lens[n] = nl ? (size_t)(nl - p) : (size_t)(end - p);
        lines[n++] = p;
        p += lens[n - 1] + (nl ? 1 : 0);
    }
    fk_format f = fk_format_sniff(lines, lens, n, 2024);
    (void)fk_format_name(f);
    return 0;
}
