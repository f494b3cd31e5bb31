/* libFuzzer target: the indicator loaders (plain list, CSV, STIX bundle, chosen by
 * the first byte), then matching a few events against whatever was loaded. */
#include "../src/detect/ioc_load.h"

#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int ignore(void *ctx, const fk_ioc_entry *e, const char *f, fk_str v)
{
    (void)ctx;
    (void)e;
    (void)f;
    (void)v;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    static const fk_ioc_file_format fmts[] = {FK_IOC_FILE_AUTO, FK_IOC_FILE_PLAIN, FK_IOC_FILE_CSV,
                                              FK_IOC_FILE_STIX};
    fk_ioc_file_format fmt = fmts[data[0] % 4];
    const char *column = data[0] & 4 ? "2" : data[0] & 8 ? "indicator" : NULL;
    fk_ioc_set *s = fk_ioc_set_new();
    if (!s)
        return 0;
    fk_err err;
    fk_ioc_load_stats st;
    if (fk_ioc_load_buffer(s, "fuzz", (const char *)data + 1, size - 1, fmt, column, &st, &err) !=
            0 &&
        !err.msg[0])
        __builtin_trap(); /* a refused file must say why */
    fk_event ev;
    fk_event_clear(&ev);
    fk_ip_parse("192.0.2.1", 9, &ev.src_ip);
    ev.referrer = FK_STR("http://a.b.example:8080/x?y#z");
    ev.host = FK_STR("WWW.Example.COM.");
    ev.hashes = FK_STR("MD5=d41d8cd98f00b204e9800998ecf8427e,SHA256="
                       "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    fk_ioc_match_event(s, &ev, ignore, NULL);
    fk_ioc_set_free(s);
    return 0;
}
