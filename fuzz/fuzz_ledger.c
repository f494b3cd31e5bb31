/* libFuzzer target: a member's ledger file, a CSV or a CycloneDX SBOM (JSON when the
 * input opens with '{'). It reads into assets or is refused with a message, and every
 * asset that passes the checks has each program bound as a CPE 2.3 name with its
 * vendor:product. */
#include "../src/vuln/ledger.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fk_err err;
    err.msg[0] = '\0';
    json_t *assets = NULL;
    if (size && data[0] == '{') {
        json_t *doc = json_loadb((const char *)data, size, 0, NULL), *one;
        if (doc && fk_ledger_cyclonedx(doc, "hint", &one, &err) == 0) {
            assets = json_array();
            json_array_append_new(assets, one);
        }
        json_decref(doc);
    } else if (fk_ledger_csv((const char *)data, size, &assets, &err) != 0 && !err.msg[0])
        __builtin_trap();
    size_t i;
    json_t *a;
    json_array_foreach(assets, i, a)
    {
        json_t *checked;
        if (fk_asset_check(a, &checked, &err) != 0) {
            if (!err.msg[0])
                __builtin_trap();
            continue;
        }
        size_t k;
        json_t *p;
        json_array_foreach(
            json_object_get(checked, "software"), k,
            p) if (strncmp(json_string_value(json_object_get(p, "cpe")), "cpe:2.3:", 8) ||
                   !strchr(json_string_value(json_object_get(p, "product")), ':')) __builtin_trap();
        json_decref(checked);
    }
    json_decref(assets);
    return 0;
}
