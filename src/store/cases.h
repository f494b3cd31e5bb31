/* Cases of incident coordination (issue 16): a case about one organisation, of one of
 * the workflow's kinds, in one of its states, with the alerts, reports, releases and
 * indicators it links and its tasks. Every change writes its entry in the audit log
 * with the object "case:<id>" in the caller's transaction: that chain of entries is the
 * case's timeline. The rules of who may and which transitions are allowed are the
 * hub's (hub/cases.h, cases/workflow.h). Owns case_record, case_link and case_task. */
#ifndef FK_STORE_CASES_H
#define FK_STORE_CASES_H

#include "db.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

typedef struct fk_case_new {
    const char *kind, *state; /* state: the kind's first */
    int64_t org_id, opened_by;
    const char *title, *description;
    const char *finder; /* who found it, outside the membership ("" or NULL: none) */
    int severity;       /* a level of the hub's scale; -1: not set */
} fk_case_new;

int fk_case_insert(fk_db *db, const char *actor, const fk_case_new *c, int64_t now_ms, int64_t *id,
                   fk_err *err);
/* One case with its links and tasks: {"id", "kind", "organisation", "org_id", "sector",
 * "opened_by", "title", "description", "finder", "state", "severity", "assignee",
 * "created", "updated", "state_since", "links": [{kind, ref, added}], "tasks": [{id,
 * title, owner, due, done}]}. 0 found, 1 none, -1 error. */
int fk_case_load(fk_db *db, int64_t id, json_t **out, fk_err *err);

typedef struct fk_case_filter {
    const char *state, *kind; /* NULL or "": any */
} fk_case_filter;
/* Newest first; org_id 0: every organisation's; page->after: the id the page goes
 * below. Listed cases carry no links or tasks. */
int fk_case_list(fk_db *db, int64_t org_id, const fk_case_filter *f, const fk_page *page,
                 json_t **out, fk_err *err);

/* Moves the case from `from` (as the caller read it) to `to`. 1 when it is no longer in
 * `from` (someone moved it meanwhile). */
int fk_case_set_state(fk_db *db, const char *actor, int64_t id, const char *from, const char *to,
                      const char *note, int64_t now_ms, fk_err *err);
int fk_case_assign(fk_db *db, const char *actor, int64_t id, const char *assignee, int64_t now_ms,
                   fk_err *err);
int fk_case_set_severity(fk_db *db, const char *actor, int64_t id, int level, int64_t now_ms,
                         fk_err *err);
/* *added false when the case linked it already (nothing written then). */
int fk_case_link(fk_db *db, const char *actor, int64_t id, const char *kind, const char *ref,
                 int64_t now_ms, bool *added, fk_err *err);
/* due_ms 0: none. */
int fk_case_task_add(fk_db *db, const char *actor, int64_t id, const char *title, const char *owner,
                     int64_t due_ms, int64_t now_ms, int64_t *task_id, fk_err *err);
/* 1 when the case has no such open task. */
int fk_case_task_done(fk_db *db, const char *actor, int64_t id, int64_t task_id, int64_t now_ms,
                      fk_err *err);
int fk_case_message(fk_db *db, const char *actor, int64_t id, const char *text, int64_t now_ms,
                    fk_err *err);

/* The current step's clock: due_ms 0 clears it; escalation: contacts alerted so far. */
int fk_case_set_due(fk_db *db, int64_t id, int64_t due_ms, int escalation, fk_err *err);
/* The open clocks that ran out by now_ms, soonest first, at most limit: [{"id",
 * "org_id", "kind", "state", "severity" (-1: none), "due_ms", "escalation", "title"}]. */
int fk_case_overdue(fk_db *db, int64_t now_ms, size_t limit, json_t **out, fk_err *err);
/* A timeline entry of case id (audit object "case:<id>", detail stolen) and, in the same
 * transaction, its events for the webhooks and its e-mail notices (cases/notices.h). */
int fk_case_timeline_append(fk_db *db, const char *actor, const char *action, int64_t id,
                            json_t *detail, int64_t now_ms, fk_err *err);
/* The timeline entry of an overdue step (action case.overdue). */
int fk_case_overdue_note(fk_db *db, int64_t id, json_t *detail, int64_t now_ms, fk_err *err);
/* The deadline policy (JSON, as cases/deadlines.h reads it); NULL in *out when none was
 * set (the shipped one applies). */
int fk_deadline_policy_load(fk_db *db, json_t **out, fk_err *err);
int fk_deadline_policy_save(fk_db *db, const char *actor, json_t *policy, fk_err *err);

#endif
