/* libFuzzer target: the alert messages workers send back over the bus (a peer's bytes
 * the hub reads): decoded, every alert read, then written again and read back. */
#include "../src/hub/alert_wire.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int reread(void *ctx, const char *key, const char *data, size_t len, fk_err *err)
{
    (void)key;
    fk_alert_wire_head h;
    json_t *root, *list;
    int rc = fk_alert_wire_decode(data, len, &h, &root, &list, err);
    json_decref(root);
    if (rc != 0) /* what the encoder writes must read back */
        abort();
    ++*(size_t *)ctx;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fk_alert_wire_head h;
    json_t *root = NULL, *list;
    fk_err err;
    if (fk_alert_wire_decode((const char *)data, size, &h, &root, &list, &err) != 0) {
        json_decref(root);
        return 0;
    }
    size_t n = json_array_size(list), k = 0;
    fk_alert *alerts = calloc(n ? n : 1, sizeof *alerts);
    if (alerts) {
        for (size_t i = 0; i < n; i++) {
            const char *bad;
            if (fk_alert_from_json(json_array_get(list, i), &alerts[k], &bad) == 0)
                k++;
        }
        size_t parts = 0;
        fk_alert_wire_encode(&h, alerts, sizeof *alerts, k, 16384, reread, &parts, &err);
        free(alerts);
    }
    json_decref(root);
    return 0;
}
