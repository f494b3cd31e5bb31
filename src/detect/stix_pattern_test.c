#include "stix_pattern.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

typedef struct {
    int n;
    fk_ioc_type types[8];
    char values[8][128];
} got;

static int collect(void *ctx, fk_ioc_type type, const char *value, size_t n)
{
    got *g = ctx;
    if (g->n < 8) {
        g->types[g->n] = type;
        snprintf(g->values[g->n], sizeof g->values[0], "%.*s", (int)n, value);
    }
    g->n++;
    return 0;
}

static fk_stix_result run(const char *p, got *g, fk_err *err)
{
    memset(g, 0, sizeof *g);
    return fk_stix_pattern_values(p, collect, g, err);
}

Test(stix_pattern, single_and_or_comparisons)
{
    got g;
    fk_err err;
    cr_assert_eq(run("[ipv4-addr:value = '198.51.100.1']", &g, &err), FK_STIX_OK);
    cr_assert_eq(g.n, 1);
    cr_assert_str_eq(g.values[0], "198.51.100.1");
    cr_assert_eq(
        run("[domain-name:value = 'a.example' OR url:value = 'http://b.example/it\\'s'] OR "
            "[file:hashes.'SHA-256' = 'aa'] OR ([file:hashes.MD5 = 'bb'])",
            &g, &err),
        FK_STIX_OK, "%s", err.msg);
    cr_assert_eq(g.n, 4);
    cr_assert_eq(g.types[0], FK_IOC_DOMAIN);
    cr_assert_eq(g.types[1], FK_IOC_URL);
    cr_assert_str_eq(g.values[1], "http://b.example/it's");
    cr_assert_eq(g.types[2], FK_IOC_SHA256);
    cr_assert_eq(g.types[3], FK_IOC_MD5);
}

Test(stix_pattern, in_and_issubset)
{
    got g;
    fk_err err;
    cr_assert_eq(run("[ipv4-addr:value IN ('192.0.2.1', '192.0.2.2')]", &g, &err), FK_STIX_OK);
    cr_assert_eq(g.n, 2);
    cr_assert_eq(run("[ipv4-addr:value ISSUBSET '198.51.100.0/24']", &g, &err), FK_STIX_OK);
    cr_assert_eq(g.types[0], FK_IOC_NET4);
}

Test(stix_pattern, valid_but_unmatchable_patterns_are_unsupported)
{
    got g;
    fk_err err;
    const char *unsupported[] = {
        "[ipv4-addr:value = '1.2.3.4' AND domain-name:value = 'x.example']",
        "[ipv4-addr:value = '1.2.3.4'] FOLLOWEDBY [domain-name:value = 'x.example']",
        "[ipv4-addr:value = '1.2.3.4'] WITHIN 300 SECONDS",
        "[email-addr:value = 'a@example.com']",
        "[ipv4-addr:value != '1.2.3.4']",
        "[domain-name:value LIKE '%.example']",
        "[file:size > 100]",
    };
    for (size_t i = 0; i < sizeof unsupported / sizeof unsupported[0]; i++) {
        cr_assert_eq(run(unsupported[i], &g, &err), FK_STIX_UNSUPPORTED, "%s", unsupported[i]);
        cr_assert_not_null(strstr(err.msg, "unsupported"));
    }
}

Test(stix_pattern, syntax_errors_give_an_offset)
{
    got g;
    fk_err err;
    const char *bad[] = {"",
                         "ipv4-addr:value = '1'",
                         "[ipv4-addr:value = '1'",
                         "[ipv4-addr:value = ]",
                         "[ipv4-addr:value = 'unterminated]",
                         "[ipv4-addr:value '1']",
                         "[a:b = '1'] OR",
                         "[a:b = '1'] WITHIN x SECONDS",
                         "[a:b = '1'] $"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        cr_assert_eq(run(bad[i], &g, &err), FK_STIX_SYNTAX, "'%s'", bad[i]);
        cr_assert_not_null(strstr(err.msg, "offset"), "'%s': %s", bad[i], err.msg);
    }
}
