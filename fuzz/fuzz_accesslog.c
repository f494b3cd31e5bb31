/* libFuzzer target: the access-log decoder. The first line of the input is compiled
 * as a LogFormat / log_format string (so the compiler is fuzzed too); the remaining
 * lines are decoded with it, and with the combined preset. */
#include "../src/decode/accesslog.h"
#include "fuzz_lines.h"

#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *nl = memchr(data, '\n', size);
    size_t flen = nl ? (size_t)(nl - data) : size;
    char *fmt = malloc(flen + 1);
    if (!fmt)
        return 0;
    memcpy(fmt, data, flen);
    fmt[flen] = '\0';
    const uint8_t *rest = nl ? nl + 1 : data + size;
    size_t rlen = size - (size_t)(rest - data);
    fk_decoder *d = fk_decoder_new(FK_FMT_CUSTOM, fmt, 2024, NULL);
    if (d) {
        fk_fuzz_feed(d, rest, rlen);
        fk_decoder_free(d);
    }
    free(fmt);
    d = fk_decoder_new(FK_FMT_COMBINED, NULL, 2024, NULL);
    if (d) {
        fk_fuzz_feed(d, data, size);
        fk_decoder_free(d);
    }
    return 0;
}
