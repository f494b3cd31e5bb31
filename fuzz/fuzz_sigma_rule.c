/* libFuzzer target: the Sigma rule loader (YAML, modifiers, conditions, correlations),
 * then each rule that loaded against a few field values taken from the input. */
#include "../src/detect/sigma_rule.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct {
    const char *p;
    size_t n;
} input;

static bool get(void *ctx, const char *field, fk_str *out)
{
    input *in = ctx;
    /* every field has the input's tail as value, except those starting with 'x' */
    if (field[0] == 'x')
        return false;
    *out = (fk_str){in->p, in->n};
    return true;
}

static bool any(void *ctx, bool (*fn)(fk_str v, void *arg), void *arg)
{
    input *in = ctx;
    return fn((fk_str){in->p, in->n}, arg);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fk_arena a;
    fk_arena_init(&a, 1 << 16);
    fk_sigma_placeholders ph;
    const char *phy = "p: [a, '*b', c]\n";
    fk_err err, warn;
    err.msg[0] = '\0';
    if (fk_sigma_placeholders_parse(phy, strlen(phy), "ph", &a, &ph, &err) != 0)
        __builtin_trap();
    fk_sigma_rule *rules = NULL;
    size_t n = 0, cap = 0;
    int rc = fk_sigma_parse((const char *)data, size, "fuzz.yml", &ph, &a, &rules, &n, &cap, &err,
                            &warn);
    if (rc != 0 && !err.msg[0])
        __builtin_trap(); /* a failure must say why */
    input in = {(const char *)data + size / 2, size - size / 2};
    fk_sigma_view view = {get, any, &in};
    for (size_t i = 0; i < n; i++) {
        if (!rules[i].corr)
            (void)fk_sigma_rule_match(&rules[i], &view);
        fk_sigma_rule_release(&rules[i]);
    }
    free(rules);
    fk_arena_free(&a);
    return 0;
}
