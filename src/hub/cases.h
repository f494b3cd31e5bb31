/* Incident coordination as use cases, one transaction each: opening a case, moving it
 * through its workflow, linking what it is about, tasks, messages, assignment, and its
 * timeline. The rule of who sees a case is here, as for alerts and reports: the centre
 * every case, a member the cases about itself (another member's answers as if it did
 * not exist). Members open incident and preventive cases about themselves and move
 * their own preventive ones; the centre runs the rest and records reports from finders
 * outside the membership. Errors: FK_ERR_INVALID naming the field, FK_ERR_DENIED,
 * FK_ERR_CONFLICT (a transition the workflow does not allow, with the allowed ones
 * named), FK_ERR_STORAGE. */
#ifndef FK_HUB_CASES_H
#define FK_HUB_CASES_H

#include "../intel/severity.h"
#include "../store/cases.h"
#include "../store/db.h"
#include "../store/directory.h"
#include "notify.h"

#include <jansson.h>
#include <stdint.h>

/* in: {"kind", "title", "description", "organisation" (the centre: whose case; a
 * member: its own, may be left out), "finder" (third-party cases: who found it),
 * "severity" (a level of scale, optional)}. */
int fk_hub_case_open(fk_db *db, const fk_principal *who, const fk_severity_scale *scale, json_t *in,
                     int64_t now_ms, int64_t *id, fk_err *err);
/* 0 with the case, 1 when the caller may not see it (or there is none). */
int fk_hub_case_get(fk_db *db, const fk_principal *who, int64_t id, json_t **out, fk_err *err);
int fk_hub_cases_list(fk_db *db, const fk_principal *who, const fk_case_filter *f,
                      const fk_page *page, json_t **out, fk_err *err);

/* Each returns 1 when the caller may not see the case. */
int fk_hub_case_move(fk_db *db, const fk_principal *who, int64_t id, const char *to,
                     const char *note, int64_t now_ms, fk_err *err);
/* kind: alert, report, release (numbers the caller may see) or indicator (a value or a
 * STIX id). */
int fk_hub_case_link(fk_db *db, const fk_principal *who, int64_t id, const char *kind,
                     const char *ref, int64_t now_ms, fk_err *err);
/* owner: an account of the case's organisation or of the centre; due_ms 0: none. */
int fk_hub_case_task(fk_db *db, const fk_principal *who, int64_t id, const char *title,
                     const char *owner, int64_t due_ms, int64_t now_ms, int64_t *task_id,
                     fk_err *err);
int fk_hub_case_task_done(fk_db *db, const fk_principal *who, int64_t id, int64_t task_id,
                          int64_t now_ms, fk_err *err);
int fk_hub_case_message(fk_db *db, const fk_principal *who, int64_t id, const char *text,
                        int64_t now_ms, fk_err *err);
/* The centre: a centre account takes the case; level: -1 leaves the severity as it is. */
int fk_hub_case_assign(fk_db *db, const fk_principal *who, const fk_severity_scale *scale,
                       int64_t id, const char *assignee, int level, int64_t now_ms, fk_err *err);
/* The case's timeline, newest first (audit entries of "case:<id>"). */
int fk_hub_case_timeline(fk_db *db, const fk_principal *who, int64_t id, const fk_page *page,
                         json_t **out, fk_err *err);

/* The e-mail notices about the case, newest first (store/outbox.h's rows): the centre
 * every one, a member those to its own organisation. */
int fk_hub_case_notices(fk_db *db, const fk_principal *who, int64_t id, json_t **out, fk_err *err);

/* The deadline policy in force (the shipped one until a centre-admin sets one), and
 * setting it (checked: fields that are wrong are named). Clocks armed later follow it. */
int fk_hub_deadline_policy(fk_db *db, json_t **out, fk_err *err);
int fk_hub_deadline_policy_set(fk_db *db, const fk_principal *who, json_t *policy, fk_err *err);
/* The scheduler's tick: the clocks that ran out by now_ms (at most limit), each
 * escalated to the next contact of its organisation and noted in the case's timeline. */
int fk_hub_deadlines_check(fk_db *db, const fk_mail_config *mail, int64_t now_ms, size_t limit,
                           size_t *escalated, fk_err *err);

#endif
