/* What the centre does with an advisory once the matches are known: draft releases of
 * one vulnerability to the organisations it concerns (the report, the decision that
 * would release it, the releases made from it), and the compensating measures members
 * record for industrial-control systems that cannot be patched at once. Owns
 * advisory_draft and vuln_measure; the organisations' early-delivery setting is read
 * here too. */
#ifndef FK_STORE_ADVISORIES_H
#define FK_STORE_ADVISORIES_H

#include "db.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

int fk_advisory_draft_insert(fk_db *db, int64_t report_id, const char *vuln_id, json_t *decision,
                             int64_t now_ms, fk_err *err);
/* Notes a release made from the draft: early (to the organisations with early delivery)
 * or the analyst's. */
int fk_advisory_draft_released(fk_db *db, int64_t report_id, bool early, int64_t release_id,
                               fk_err *err);
/* 0 with *out {report, vulnerability, decision, early_release, release, created_ms}, 1
 * when there is no such draft, -1 on error. */
int fk_advisory_draft_get(fk_db *db, int64_t report_id, json_t **out, fk_err *err);
/* Drafts, newest first; vuln_id NULL: all; pending: only those not released yet. */
int fk_advisory_drafts_list(fk_db *db, const char *vuln_id, bool pending, size_t limit,
                            json_t **out, fk_err *err);

/* Which of the names (organisations) have early delivery: a new array of those names. */
int fk_orgs_early_delivery(fk_db *db, json_t *names, json_t **out, fk_err *err);

/* A measure for asset_id and vuln_id recorded (replacing the last one). */
int fk_measure_put(fk_db *db, const char *actor, int64_t asset_id, const char *vuln_id,
                   const char *measure, const char *state, const char *review_by, int64_t now_ms,
                   fk_err *err);
/* The measures of only_org's systems (0: all), optionally of one vulnerability:
 * [{asset, vulnerability, measure, state, review_by, recorded_by, recorded_ms}]. */
int fk_measures_list(fk_db *db, int64_t only_org, const char *vuln_id, json_t **out, fk_err *err);

#endif
