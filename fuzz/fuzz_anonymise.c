/* libFuzzer target: the anonymiser (every text a member writes goes through it). It
 * must not crash, and it traps when the provider's domain comes out whole as a word
 * (masked or withheld, never released). */
#include "../src/intel/anonymise.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A character that plainly separates words (an escape or a letter next to the name
 * would make it another name). */
static bool separator(char c)
{
    return c == '\0' || strchr(" \t\n/@,;:()<>\"'", c) != NULL;
}

/* "power.example" standing as a word between plain separators. */
static bool leaked(const char *out)
{
    static const char d[] = "power.example";
    for (const char *p = out; (p = strcasestr(p, d)); p++)
        if ((p == out || separator(p[-1])) && separator(p[sizeof d - 1]))
            return true;
    return false;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static fk_anonymiser *a; /* built once: the harness's own state */
    if (!a) {
        static const char *const aliases[] = {"PWR", "パワー電力", NULL};
        static const char *const domains[] = {"power.example", NULL};
        static const char *const emails[] = {"soc@power.example", NULL};
        static fk_ip nets[2];
        static int prefixes[2];
        fk_cidr_parse("198.51.100.0/24", 15, &nets[0], &prefixes[0]);
        fk_cidr_parse("2001:db8:5::/48", 15, &nets[1], &prefixes[1]);
        fk_provider_identity id = {"Power Co", aliases, domains, emails, nets, prefixes, 2};
        static const char *const extra[] = {"PROJ-[0-9]{4}", NULL};
        fk_err err;
        if (!(a = fk_anonymiser_new(&id, extra, &err)))
            abort();
    }
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    char *out;
    fk_err err;
    if (fk_anonymise_text(a, text, &out, &err) == 0) {
        if (leaked(out))
            abort();
        free(out);
    }
    fk_anonymise_withholds(a, FK_IOC_URL, text);
    fk_anonymise_withholds(a, FK_IOC_DOMAIN, text);
    fk_anonymise_withholds(a, FK_IOC_IPV4, text);
    free(text);
    return 0;
}
