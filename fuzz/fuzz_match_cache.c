/* libFuzzer target: the collector's indicator cache (collect/match.h), a file a crash
 * or a full disk may leave damaged: read, and its indicators loaded as matching would. */
#include "../src/collect/match.h"
#include "../src/detect/ioc_load.h"

#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    json_t *cache;
    size_t indicators;
    fk_err err;
    if (fk_match_cache_parse("cache", (const char *)data, size, &cache, &indicators, &err) != 0)
        return 0;
    fk_ioc_set *set = fk_ioc_set_new();
    int list = set ? fk_ioc_list_add(set, "shared") : -1;
    const char *id;
    json_t *obj;
    size_t index = 0;
    fk_ioc_load_stats st = {0};
    json_object_foreach(json_object_get(cache, "objects"), id, obj)
    {
        if (list >= 0)
            fk_ioc_load_stix_object(set, "cache", index++, obj, (uint32_t)list, &st, &err);
    }
    fk_ioc_set_free(set);
    json_decref(cache);
    return 0;
}
