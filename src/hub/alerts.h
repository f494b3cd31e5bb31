/* Use cases on alerts beyond their storage: promoting an alert to a report, which then
 * follows the ordinary triage and anonymised release path (the closed loop from a
 * member's log line to a shared indicator). One transaction each. */
#ifndef FK_HUB_ALERTS_H
#define FK_HUB_ALERTS_H

#include "../store/alerts.h"
#include "../store/db.h"
#include "../store/directory.h"

#include <jansson.h>
#include <stdint.h>

/* Creates a report (type observation unless overridden) from an alert the caller may
 * see: title, description with the evidence, observed_from/until from the alert's first
 * and last times, the source address and the matched indicator as indicators, and the
 * alert's organisation as the provider (the caller's own for the centre's campaign
 * alerts). overrides (may be NULL) replaces any of type, title, description, impact,
 * tlp (default AMBER), pap, consent (default centre), fields. The alert moves to
 * escalated. Returns 0 with *report_id, 1 when the alert is not in the caller's view,
 * -1 with err (FK_ERR_INVALID for a bad override). */
int fk_hub_alert_to_report(fk_db *db, const fk_principal *who, int64_t alert_id, json_t *overrides,
                           int64_t *report_id, fk_err *err);

/* A page of the alerts the caller may see (f->only_org_id is set here, not by the
 * caller); as fk_alert_list. */
int fk_hub_alerts_list(fk_db *db, const fk_principal *who, fk_alert_filter *f, const fk_page *page,
                       json_t **out, char next[32], fk_err *err);
/* One alert the caller may see; 1 when it may not (or there is none). */
int fk_hub_alert_get(fk_db *db, const fk_principal *who, int64_t id, json_t **out, fk_err *err);
/* Moves an alert the caller may see to a state, audited with who and the note. 1: not in
 * the caller's view. */
int fk_hub_alert_set_state(fk_db *db, const fk_principal *who, int64_t id, const char *state,
                           const char *note, fk_err *err);

/* The log line an alert was raised on, as its batch holds it (cut to cap - 1 bytes);
 * alert is one fk_hub_alert_get gave the caller, so the same view rule applies. 0 with
 * line filled, 1 when there is none to show (an aggregate, or retention dropped the
 * batch's body), -1 on a storage error. */
int fk_hub_alert_evidence(fk_db *db, const json_t *alert, char *line, size_t cap, fk_err *err);

#endif
