/* libFuzzer target: the threshold-rule loader (YAML), then a few events through
 * whatever rules loaded. */
#include "../src/detect/threshold.h"

#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int ignore(void *ctx, const fk_alert *a)
{
    (void)ctx;
    (void)a;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fk_ruleset *rs = fk_ruleset_new();
    if (!rs)
        return 0;
    fk_err err;
    err.msg[0] = '\0';
    if (fk_ruleset_load_buffer(rs, "fuzz.yml", (const char *)data, size, &err) != 0 && !err.msg[0])
        __builtin_trap();
    fk_threshold *t = fk_threshold_new(rs, ignore, NULL);
    if (t) {
        for (int i = 0; i < 20; i++) {
            fk_event ev;
            fk_event_clear(&ev);
            ev.kind = i % 2 ? FK_KIND_AUTH : FK_KIND_WEB;
            ev.outcome = FK_OUTCOME_FAILURE;
            fk_ip_parse("192.0.2.7", 9, &ev.src_ip);
            ev.path = i % 3 ? FK_STR("/a") : FK_STR("/login");
            ev.status = 404;
            ev.user = i % 4 ? FK_STR("root") : FK_STR("admin");
            ev.has_time = i != 5;
            ev.time_ms = i * 1000;
            fk_threshold_event(t, &ev);
        }
        fk_threshold_flush(t);
        fk_threshold_free(t);
    }
    fk_ruleset_free(rs);
    return 0;
}
