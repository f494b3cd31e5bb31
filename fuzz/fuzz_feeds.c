/* libFuzzer target: vulnerability feed documents as the centre takes them in (NVD CVE
 * API 2.0 JSON, MyJVN XML, the KEV catalogue, EPSS CSV), recognised by content as the
 * hub does, and MyJVN answers as the live fetch reads them (with their status). A document
 * either reads, every record with an id, or is refused with a
 * message; and every record that reads has its rule compiled and asked of a system. */
#include "../src/vuln/applies.h"
#include "../src/vuln/feed.h"
#include "../src/vuln/jvn.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int check(void *ctx, json_t *rec, fk_err *err)
{
    (void)ctx;
    (void)err;
    if (!json_is_string(json_object_get(rec, "id")))
        __builtin_trap();
    json_t *configs = fk_vuln_configurations(rec);
    if (!configs)
        __builtin_trap(); /* the stream reader wrote text that does not read back */
    {
        fk_cpe sys;
        fk_err e;
        fk_applies a;
        if (fk_cpe_parse("cpe:2.3:a:vendor:product:1.0:*:*:*:*:*:*:*", &sys, &e) != 0)
            __builtin_trap();
        /* the parsers checked the criteria: compiling cannot refuse them */
        if (fk_vuln_applies(configs, &sys, 1, &a, &e) != 0)
            __builtin_trap();
    }
    json_decref(configs);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fk_err err;
    err.msg[0] = '\0';
    if (fk_feed_read((const char *)data, size, -1, check, NULL, NULL, &err) != 0 && !err.msg[0])
        __builtin_trap();
    /* a MyJVN API answer read with its status, as the live fetch reads it */
    if (size && data[0] == '<') {
        fk_jvn_status st;
        err.msg[0] = '\0';
        if (fk_jvn_read_page((const char *)data, size, check, NULL, &st, &err) != 0 && !err.msg[0])
            __builtin_trap();
    }
    return 0;
}
