/* libFuzzer target: the body of POST /api/v1/ingest/alerts (a member's collector's bytes
 * the hub reads): parsed and checked as the hub does before storing anything; a body
 * that passes has alerts that every one read back. */
#include "../src/hub/edge.h"
#include "../src/model/alert.h"

#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    json_t *body = json_loadb((const char *)data, size, 0, NULL);
    if (!body)
        return 0;
    fk_edge_request rq;
    fk_err err;
    if (fk_edge_parse(body, &rq, &err) == 0) {
        size_t i;
        json_t *o;
        json_array_foreach(rq.alerts, i, o)
        {
            fk_alert a;
            const char *bad;
            if (fk_alert_from_json(o, &a, &bad) != 0 || !a.indicator || !a.count)
                abort(); /* parse let through what the use case cannot read */
        }
    }
    json_decref(body);
    return 0;
}
