/* libFuzzer target: what the centre writes to run cases by the clock: a deadline policy
 * (JSON) through its reader, and, when it reads, the due times it gives for every step
 * of every kind (working time never runs backwards); and a workflow transition named by
 * the input. A refusal always says why. */
#include "../src/cases/deadlines.h"
#include "../src/cases/workflow.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    json_t *in = json_loadb((const char *)data, size, JSON_DECODE_ANY, NULL);
    fk_deadline_policy *p = malloc(sizeof *p);
    if (in && p) {
        fk_err err;
        err.msg[0] = '\0';
        if (fk_deadline_policy_read(in, p, &err) != 0) {
            if (!err.msg[0])
                __builtin_trap();
        } else {
            int64_t since = 1764547200000; /* 2025-12-01 */
            for (size_t k = 0; k < fk_case_kind_count(); k++) {
                const fk_case_kind *kind = fk_case_kind_at(k);
                for (size_t s = 0; s < kind->nstates; s++) {
                    int64_t due = fk_deadline_due(p, kind->code, kind->states[s].code, 3, since);
                    if (due && due < since)
                        __builtin_trap();
                }
            }
        }
    }
    json_decref(in);
    free(p);
    /* "kind from to" */
    char text[128];
    size_t n = size < sizeof text - 1 ? size : sizeof text - 1;
    memcpy(text, data, n);
    text[n] = '\0';
    char *from = strchr(text, ' '), *to = from ? strchr(from + 1, ' ') : NULL;
    if (from && to) {
        *from++ = '\0';
        *to++ = '\0';
        const fk_case_kind *k = fk_case_kind_find(text);
        fk_err err;
        err.msg[0] = '\0';
        if (k && fk_case_transition_check(k, from, to, &err) != 0 && !err.msg[0])
            __builtin_trap();
    }
    return 0;
}
