/* libFuzzer target: the Sigma rule loader (YAML, modifiers, conditions, correlations),
 * then each rule that loaded against a few field values taken from the input, and the
 * prefilter built from those rules, which must let through every rule that matches. */
#include "../src/detect/sigma_prefilter.h"
#include "../src/detect/sigma_rule.h"

#include <hs/hs.h>
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
    fk_sigma_view view = {.get = get, .any = any, .ctx = &in};
    const fk_sigma_rule **plain = malloc((n ? n : 1) * sizeof *plain);
    unsigned char *cand = malloc(n ? n : 1);
    size_t np = 0;
    for (size_t i = 0; plain && i < n; i++)
        if (!rules[i].corr)
            plain[np++] = &rules[i];
    fk_sigma_prefilter *pf = NULL;
    hs_scratch_t *scratch = NULL;
    if (plain && cand && fk_sigma_prefilter_build(&pf, plain, np, &scratch, &err) == 0)
        fk_sigma_prefilter_run(pf, &view, scratch, cand);
    for (size_t i = 0; plain && i < np; i++)
        if (fk_sigma_rule_match(plain[i], &view) && pf && !cand[i])
            __builtin_trap(); /* the prefilter dropped a rule that matches */
    fk_sigma_prefilter_free(pf);
    hs_free_scratch(scratch);
    free(plain);
    free(cand);
    for (size_t i = 0; i < n; i++)
        fk_sigma_rule_release(&rules[i]);
    free(rules);
    fk_arena_free(&a);
    return 0;
}
