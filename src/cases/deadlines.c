#include "deadlines.h"

#include "workflow.h"

#include <stdio.h>
#include <string.h>

json_t *fk_deadline_policy_default(void)
{
    return json_pack(
        "{ss ss ss sb s[{ss ss si si} {ss ss si si} {ss ss si si} {ss ss si si} {ss ss si si}"
        " {ss ss si si} {ss ss si si} {ss ss si si} {ss ss si si} {ss ss si si} {ss ss si si}"
        " {ss ss si si} {ss ss si si}]}",
        "calendar", "business", "day_start", "09:00", "day_end", "18:00", "year_end_closed", 1,
        "clocks",                                                                      /* */
        "kind", "incident", "state", "reported", "min_severity", 0, "hours", 8,        /* */
        "kind", "incident", "state", "reported", "min_severity", 3, "hours", 2,        /* */
        "kind", "incident", "state", "investigating", "min_severity", 0, "hours", 24,  /* */
        "kind", "incident", "state", "investigating", "min_severity", 3, "hours", 8,   /* */
        "kind", "incident", "state", "situation", "min_severity", 0, "hours", 8,       /* */
        "kind", "incident", "state", "decided", "min_severity", 0, "hours", 8,         /* */
        "kind", "incident", "state", "supporting", "min_severity", 0, "hours", 24,     /* */
        "kind", "incident", "state", "responding", "min_severity", 0, "hours", 72,     /* */
        "kind", "incident", "state", "responding", "min_severity", 3, "hours", 24,     /* */
        "kind", "preventive", "state", "planned", "min_severity", 0, "hours", 72,      /* */
        "kind", "preventive", "state", "in-progress", "min_severity", 0, "hours", 120, /* */
        "kind", "third-party", "state", "received", "min_severity", 0, "hours", 8,     /* */
        "kind", "third-party", "state", "verifying", "min_severity", 0, "hours", 24);
}

static int minutes(const char *hhmm, int *out)
{
    int h, m;
    char tail;
    if (!hhmm || sscanf(hhmm, "%d:%d%c", &h, &m, &tail) != 2 || h < 0 || h > 24 || m < 0 ||
        m > 59 || h * 60 + m > 24 * 60)
        return -1;
    *out = h * 60 + m;
    return 0;
}

int fk_deadline_policy_read(json_t *j, fk_deadline_policy *out, fk_err *err)
{
    memset(out, 0, sizeof *out);
    if (!json_is_object(j))
        return fk_errc(err, FK_ERR_INVALID, "expected a JSON object: {\"calendar\", \"clocks\"}");
    const char *cal = json_string_value(json_object_get(j, "calendar"));
    if (!cal || (strcmp(cal, "business") && strcmp(cal, "continuous")))
        return fk_errc(err, FK_ERR_INVALID, "calendar: expected business or continuous");
    out->hours.continuous = !strcmp(cal, "continuous");
    out->hours.year_end_closed = json_is_true(json_object_get(j, "year_end_closed"));
    if (!out->hours.continuous) {
        if (minutes(json_string_value(json_object_get(j, "day_start")), &out->hours.start_min) != 0)
            return fk_errc(err, FK_ERR_INVALID, "day_start: expected HH:MM");
        if (minutes(json_string_value(json_object_get(j, "day_end")), &out->hours.end_min) != 0 ||
            out->hours.end_min <= out->hours.start_min)
            return fk_errc(err, FK_ERR_INVALID, "day_end: expected HH:MM after day_start");
    }
    json_t *clocks = json_object_get(j, "clocks");
    if (!json_is_array(clocks) || json_array_size(clocks) > FK_DEADLINE_CLOCKS_MAX)
        return fk_errc(err, FK_ERR_INVALID, "clocks: a list of at most %d clocks",
                       FK_DEADLINE_CLOCKS_MAX);
    size_t i;
    json_t *c;
    json_array_foreach(clocks, i, c)
    {
        const fk_case_kind *k = fk_case_kind_find(json_string_value(json_object_get(c, "kind")));
        const char *state = json_string_value(json_object_get(c, "state"));
        const fk_case_state *s = fk_case_state_find(k, state);
        json_t *sev = json_object_get(c, "min_severity"), *hours = json_object_get(c, "hours");
        if (!k)
            return fk_errc(err, FK_ERR_INVALID, "clocks[%zu].kind: a kind of case", i);
        if (!s)
            return fk_errc(err, FK_ERR_INVALID, "clocks[%zu].state: a state of %s cases", i,
                           k->code);
        if (s->waiting || s->closed)
            return fk_errc(err, FK_ERR_INVALID,
                           "clocks[%zu].state: '%s' is a %s state, which has no clock", i, state,
                           s->waiting ? "waiting" : "closed");
        if (sev && (!json_is_integer(sev) || json_integer_value(sev) < 0))
            return fk_errc(err, FK_ERR_INVALID, "clocks[%zu].min_severity: a level, 0 or more", i);
        if (!json_is_number(hours) || json_number_value(hours) <= 0 ||
            json_number_value(hours) > 24 * 365)
            return fk_errc(err, FK_ERR_INVALID, "clocks[%zu].hours: more than 0, at most a year",
                           i);
        fk_deadline_clock *d = &out->clocks[out->nclocks++];
        snprintf(d->kind, sizeof d->kind, "%s", k->code);
        snprintf(d->state, sizeof d->state, "%s", s->code);
        d->min_severity = sev ? (int)json_integer_value(sev) : 0;
        d->duration_ms = (int64_t)(json_number_value(hours) * 3600000.0);
    }
    return 0;
}

int64_t fk_deadline_duration(const fk_deadline_policy *p, const char *kind, const char *state,
                             int severity)
{
    const fk_deadline_clock *best = NULL;
    for (int i = 0; i < p->nclocks; i++) {
        const fk_deadline_clock *c = &p->clocks[i];
        if (strcmp(c->kind, kind) || strcmp(c->state, state) ||
            c->min_severity > (severity < 0 ? 0 : severity))
            continue;
        if (!best || c->min_severity > best->min_severity)
            best = c;
    }
    return best ? best->duration_ms : 0;
}

int64_t fk_deadline_due(const fk_deadline_policy *p, const char *kind, const char *state,
                        int severity, int64_t since_ms)
{
    int64_t d = fk_deadline_duration(p, kind, state, severity);
    return d ? fk_work_add(&p->hours, since_ms, d) : 0;
}
