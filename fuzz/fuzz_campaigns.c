/* libFuzzer target: the campaign-rule loader (YAML), then alerts of a few organisations
 * through whatever rules loaded; every campaign names at least its threshold. */
#include "../src/detect/campaign.h"

#include <stdio.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int check(void *ctx, const fk_campaign_hit *h)
{
    (void)ctx;
    if (!h->link_only && (h->norgs < 1 || h->nsectors > h->norgs || h->nalerts != h->norgs))
        __builtin_trap();
    if (!h->link_only)
        *h->campaign_id = 1;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fk_campaign_rules *rules;
    fk_err err;
    err.msg[0] = '\0';
    if (fk_campaign_rules_load(&rules, "fuzz.yml", (const char *)data, size, &err) != 0) {
        if (!err.msg[0])
            __builtin_trap(); /* a refusal always says why */
        return 0;
    }
    fk_campaign *c = fk_campaign_new(rules, check, NULL);
    static const char *const engines[] = {"ioc", "web", "sigma", "threshold"};
    for (int i = 0; c && i < 40; i++) {
        char org[16], ip[32];
        snprintf(org, sizeof org, "org%d", i % 7);
        snprintf(ip, sizeof ip, "198.51.100.%d", i % 3);
        fk_alert a = {.engine = engines[i % 4],
                      .rule_id = "r",
                      .indicator = ip,
                      .src_ip = {ip, strlen(ip)},
                      .org = {org, strlen(org)},
                      .has_time = true,
                      .last_ms = (int64_t)i * 60000};
        const char *sector = i % 2 ? "finance" : "electricity";
        fk_campaign_alert(c, &a, (fk_str){sector, strlen(sector)}, i + 1, (int64_t)i * 60000);
    }
    fk_campaign_free(c);
    fk_campaign_rules_free(rules);
    return 0;
}
