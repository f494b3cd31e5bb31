/* libFuzzer target: the Linux audit record decoder on arbitrary lines. */
#include "fuzz_lines.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fk_decoder *d = fk_decoder_new(FK_FMT_AUDITD, NULL, 2024, NULL);
    if (!d)
        return 0;
    fk_fuzz_feed(d, data, size);
    fk_decoder_free(d);
    return 0;
}
