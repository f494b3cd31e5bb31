/* libFuzzer target: what vulnerability feeds and members' ledgers hand the hub to read:
 * a CVSS vector (its scores, when it reads, lie between 0 and 10 and a refusal says
 * why) and a CPE name, formatted string or URI (when it reads, it binds again, reads
 * back the same, and stands EQUAL to itself unless it has wildcards), and two versions
 * (their order the same both ways round). The input's first line is the vector, the
 * second the name, the third the two versions separated by a space. */
#include "../src/vuln/cpe.h"
#include "../src/vuln/cvss.h"
#include "../src/vuln/version.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    char *name = strchr(text, '\n'), *versions = NULL;
    if (name) {
        *name++ = '\0';
        if ((versions = strchr(name, '\n')))
            *versions++ = '\0';
    }
    char *other = versions ? strchr(versions, ' ') : NULL;
    if (other) {
        *other++ = '\0';
        int ab = fk_version_compare(versions, other), ba = fk_version_compare(other, versions);
        if ((ab > 0) - (ab < 0) != -((ba > 0) - (ba < 0)) || fk_version_compare(other, other))
            __builtin_trap();
    }
    fk_cvss_scores s;
    fk_err err;
    err.msg[0] = '\0';
    if (fk_cvss_score(text, &s, &err) == 0) {
        if (s.base < 0 || s.base > 10 || s.temporal < 0 || s.temporal > 10 || s.environmental < 0 ||
            s.environmental > 10)
            __builtin_trap();
    } else if (!err.msg[0]) {
        __builtin_trap();
    }
    fk_cpe n, again;
    err.msg[0] = '\0';
    if (name && fk_cpe_parse(name, &n, &err) == 0) {
        char bound[2048];
        fk_err berr;
        if (fk_cpe_bind_fs(&n, bound, sizeof bound, &berr) == 0) {
            if (fk_cpe_unbind_fs(bound, &again, &berr) != 0 ||
                memcmp(&n.a, &again.a, sizeof n.a) != 0)
                __builtin_trap();
        }
        fk_cpe_relation self = fk_cpe_compare(&n, &n);
        if (self != FK_CPE_EQUAL && self != FK_CPE_UNDEFINED)
            __builtin_trap();
    } else if (name && !err.msg[0]) {
        __builtin_trap();
    }
    free(text);
    return 0;
}
