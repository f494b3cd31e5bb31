/* libFuzzer target: a member's log lines (anyone's bytes) through a privacy policy with
 * every kind of rule: never more lines out than in, every line out ends in a newline. */
#include "../src/collect/privacy.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static fk_privacy *p;
    if (!p) {
        static const char *const nets[] = {"10.0.0.0/8", "192.168.0.0/16", "fd00::/8"};
        static const char *const drop[] = {"healthz"};
        static const fk_privacy_replace rep[] = {{"(token=)\\w+", "${1}x"}};
        static const unsigned char key[16] = "fuzzing-the-key!";
        fk_privacy_opts o = {.name = "fuzz",
                             .mask_query = true,
                             .mask_users = true,
                             .networks = nets,
                             .nnetworks = 3,
                             .drop = drop,
                             .ndrop = 1,
                             .replace = rep,
                             .nreplace = 1,
                             .key = key,
                             .key_len = sizeof key};
        fk_err err;
        if (fk_privacy_new(&p, &o, &err) != 0)
            abort();
    }
    fk_sbuf out = {0};
    fk_privacy_counts c = {0};
    fk_err err;
    if (fk_privacy_apply(p, (const char *)data, size, &out, &c, &err) == 0) {
        if (c.lines_out > c.lines_in || c.lines_out + c.dropped != c.lines_in)
            abort();
        if (out.len && out.p[out.len - 1] != '\n')
            abort();
    }
    fk_sbuf_free(&out);
    return 0;
}
