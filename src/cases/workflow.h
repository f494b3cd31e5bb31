/* The coordination workflow (seed 002): the kinds of case the centre runs and, for each,
 * its states and the transitions allowed between them, as one table. An incident goes
 * from the first report through investigation, the situation picture, the decision on
 * the response, a request to supporting organisations and their support, to the
 * response carried out and closure; a preventive measure and a report from a finder
 * outside the membership have workflows of their own. A state may be a waiting one (its
 * clocks are paused). Owns only constant data; no I/O. */
#ifndef FK_CASES_WORKFLOW_H
#define FK_CASES_WORKFLOW_H

#include "../core/error.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct fk_case_state {
    const char *code;
    const char *name_ja, *name_en;
    bool waiting;     /* clocks pause here (someone else's turn) */
    bool closed;      /* the case is over (it may be reopened) */
    const char *next; /* the states it may move to, "a|b|c" */
} fk_case_state;

typedef struct fk_case_kind {
    const char *code;
    const char *name_ja, *name_en;
    const fk_case_state *states; /* the first is where a case of this kind starts */
    size_t nstates;
} fk_case_kind;

size_t fk_case_kind_count(void);
const fk_case_kind *fk_case_kind_at(size_t i);
const fk_case_kind *fk_case_kind_find(const char *code);
const fk_case_state *fk_case_state_find(const fk_case_kind *k, const char *code);

/* The workflow of a request to a supporting organisation (not a kind of case): requested,
 * accepted or declined, in progress, completed, or cancelled by the centre. */
const fk_case_kind *fk_support_workflow(void);

/* The states a state may move to, one at a time: *cursor starts at the state's next;
 * false when there are no more. */
bool fk_case_next_state(const char **cursor, char out[32]);

/* Whether a case of kind k may move from state `from` to `to`: 0, or -1 with err
 * (FK_ERR_CONFLICT) naming the states it may move to, or (FK_ERR_INVALID) the unknown
 * state and the kind's states. */
int fk_case_transition_check(const fk_case_kind *k, const char *from, const char *to, fk_err *err);

#endif
