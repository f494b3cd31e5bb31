/* libFuzzer target: a logged request body read as parameters (form, JSON, XML,
 * multipart, or one value), and the same bytes as a Cookie header. */
#include "../src/detect/normalise.h"
#include "../src/detect/webbody.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fk_webbody *b = fk_webbody_new();
    if (!b)
        return 0;
    fk_webbody_view v;
    if (fk_webbody_read(b, (const char *)data, size, &v) == 0) {
        /* what detection reads must lie in the body or in the module's own buffer, and a
         * document kept for its DTD is the body itself */
        if (v.text.n && !v.text.p)
            __builtin_trap();
        if (v.xml && (v.document.p != (const char *)data && v.document.n))
            __builtin_trap();
        volatile char sink = 0;
        for (size_t i = 0; i < v.text.n; i++)
            sink ^= v.text.p[i];
        (void)sink;
    }
    fk_str c;
    if (fk_webbody_cookies(b, (const char *)data, size, &c) == 0 && c.n > size)
        __builtin_trap();
    /* the evidence a secret's value is withheld from: within its buffer and ended, a
     * small buffer cut anywhere */
    char shown[48];
    size_t n = fk_webbody_withhold((const char *)data, size, 0, shown, sizeof shown);
    if (n >= sizeof shown || shown[n] != '\0')
        __builtin_trap();
    n = fk_webbody_withhold((const char *)data, size, FK_NORM_DEFAULT, shown, sizeof shown);
    if (n >= sizeof shown || shown[n] != '\0')
        __builtin_trap();
    fk_webbody_free(b);
    return 0;
}
