/* libFuzzer target: the protocol reader (webproto.h) on one field; the first byte picks
 * the field (method, path, query, header, version). */
#include "../src/detect/webproto.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    char *buf = malloc(size);
    if (!buf)
        return 0;
    fk_webproto_finding out;
    if (fk_webproto_read((const char *)data + 1, size - 1, (fk_webproto_field)(data[0] % 5), buf,
                         size, &out) &&
        !out.why)
        __builtin_trap();
    free(buf);
    return 0;
}
