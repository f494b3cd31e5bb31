/* libFuzzer target: the collector's YAML config (an operator's file, checked by
 * `fukurou collect --check`): parsed, every mistake reported, everything freed. */
#include "../src/collect/config.h"

#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fk_collect_config cfg;
    fk_sbuf errors = {0};
    int n = fk_collect_config_parse("fuzz.yml", (const char *)data, size, &cfg, &errors);
    if (n > 0 && (!errors.p || !errors.len))
        abort(); /* a mistake is always said */
    fk_collect_config_free(&cfg);
    fk_sbuf_free(&errors);
    return 0;
}
