/* The reporting workflow (情報連絡 and triage) as use cases, one transaction each: a
 * member submits a report, the centre triages it against the hub's severity scale or
 * merges it into another. HTTP handlers and the TAXII POST path call these; they decide
 * on the error code, never on the wording. */
#ifndef FK_REPORTING_H
#define FK_REPORTING_H

#include "../intel/release.h"
#include "../store/db.h"
#include "../store/directory.h"
#include "../store/reports.h"

#include <jansson.h>
#include <stdint.h>

/* Checks and stores a report from who (its provider). FK_ERR_DENIED for a member-reader,
 * FK_ERR_INVALID naming the field for a bad report. */
int fk_hub_submit_report(fk_db *db, const fk_principal *who, json_t *report, int64_t *id,
                         fk_err *err);
/* decision: {"severity": level of the policy's scale, "reasons": {"society", "systems"}}.
 * FK_ERR_DENIED for a member, FK_ERR_INVALID for a bad decision. */
int fk_hub_triage(fk_db *db, const fk_hub_policy *policy, const fk_principal *who, int64_t id,
                  json_t *decision, fk_err *err);
/* Merges report id into report into (duplicates of one event). FK_ERR_DENIED for a
 * member, FK_ERR_CONFLICT when the merge cannot be done (err says why). */
int fk_hub_merge(fk_db *db, const fk_principal *who, int64_t id, int64_t into, fk_err *err);

/* The one rule of who sees which reports: the centre every one, with its provider; a
 * member its own, without (it knows who it is). A page under filter f (may be NULL), as
 * fk_report_list. */
int fk_hub_reports_list(fk_db *db, const fk_principal *who, const fk_report_filter *f,
                        const fk_page *page, json_t **out, fk_err *err);
/* One report the caller may see; 1 when it may not, or there is none (the same answer,
 * so that members cannot probe which report ids exist). */
int fk_hub_report_get(fk_db *db, const fk_principal *who, int64_t id, json_t **out, fk_err *err);

#endif
