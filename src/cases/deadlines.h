/* Deadline clocks of cases: a policy (configured; nothing in the seeds fixes hours) of
 * how long each step of each kind of case may take by severity, counted in working
 * hours with the Japanese holiday calendar or around the clock; waiting states and
 * closed ones have no clock (the clock is paused while the case waits on someone else).
 * No I/O: the policy comes in as JSON and the times go out. */
#ifndef FK_CASES_DEADLINES_H
#define FK_CASES_DEADLINES_H

#include "../core/error.h"
#include "calendar.h"

#include <jansson.h>
#include <stdint.h>

typedef struct fk_deadline_clock {
    char kind[24], state[32];
    int min_severity; /* applies from this level up (the highest that applies wins) */
    int64_t duration_ms;
} fk_deadline_clock;

enum { FK_DEADLINE_CLOCKS_MAX = 128 };

typedef struct fk_deadline_policy {
    fk_work_hours hours;
    fk_deadline_clock clocks[FK_DEADLINE_CLOCKS_MAX];
    int nclocks;
} fk_deadline_policy;

/* The policy shipped: working hours 09:00-18:00 JST with the year-end closing, and a
 * clock for each step that is not a waiting one (an example to change, not a standard). */
json_t *fk_deadline_policy_default(void);
/* Reads a policy: {"calendar": "business"|"continuous", "day_start": "09:00",
 * "day_end": "18:00", "year_end_closed": bool, "clocks": [{"kind", "state",
 * "min_severity", "hours"}]}; -1 with err naming the field. */
int fk_deadline_policy_read(json_t *j, fk_deadline_policy *out, fk_err *err);
/* When the step a case entered at since_ms runs out: 0 when the step has no clock. */
int64_t fk_deadline_due(const fk_deadline_policy *p, const char *kind, const char *state,
                        int severity, int64_t since_ms);
/* The clock's duration for a step, 0 when none (to re-arm after an escalation). */
int64_t fk_deadline_duration(const fk_deadline_policy *p, const char *kind, const char *state,
                             int severity);

#endif
