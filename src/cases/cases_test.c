/* The coordination workflow's table: every kind starts somewhere, every transition
 * names a state of its kind, every state can be left or is closed, and a refused
 * transition names the allowed ones. */
#include "workflow.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

Test(workflow, every_transition_names_a_state_of_its_kind)
{
    cr_assert_eq(fk_case_kind_count(), 3);
    for (size_t i = 0; i < fk_case_kind_count(); i++) {
        const fk_case_kind *k = fk_case_kind_at(i);
        cr_assert_gt(k->nstates, 2, "%s", k->code);
        cr_assert(!k->states[0].closed && !k->states[0].waiting, "%s starts open", k->code);
        bool closes = false;
        for (size_t s = 0; s < k->nstates; s++) {
            const fk_case_state *st = &k->states[s];
            closes = closes || st->closed;
            cr_assert(*st->next, "%s.%s can be left", k->code, st->code);
            for (const char *p = st->next; *p;) {
                char to[64];
                size_t n = strcspn(p, "|");
                snprintf(to, sizeof to, "%.*s", (int)n, p);
                cr_assert_not_null(fk_case_state_find(k, to), "%s.%s -> %s", k->code, st->code, to);
                fk_err err;
                cr_assert_eq(fk_case_transition_check(k, st->code, to, &err), 0, "%s", err.msg);
                p += n + (p[n] == '|');
            }
        }
        cr_assert(closes, "a %s case can end", k->code);
    }
}

Test(workflow, a_refused_transition_names_the_allowed_ones)
{
    const fk_case_kind *k = fk_case_kind_find("incident");
    cr_assert_not_null(k);
    fk_err err;
    cr_assert_eq(fk_case_transition_check(k, "reported", "responding", &err), -1);
    cr_assert_eq(err.code, FK_ERR_CONFLICT);
    cr_assert_not_null(strstr(err.msg, "investigating, closed"), "%s", err.msg);
    cr_assert_eq(fk_case_transition_check(k, "reported", "on-fire", &err), -1);
    cr_assert_eq(err.code, FK_ERR_INVALID);
    cr_assert_not_null(strstr(err.msg, "reported, investigating"), "the states listed: %s",
                       err.msg);
    /* the seed's flow, end to end */
    const char *flow[] = {"reported",          "investigating", "situation",  "decided",
                          "support-requested", "supporting",    "responding", "closed"};
    for (size_t i = 0; i + 1 < sizeof flow / sizeof flow[0]; i++)
        cr_assert_eq(fk_case_transition_check(k, flow[i], flow[i + 1], &err), 0, "%s", err.msg);
    cr_assert(fk_case_state_find(k, "support-requested")->waiting, "waiting on supporters");
    cr_assert_null(fk_case_kind_find("unknown"));
}
