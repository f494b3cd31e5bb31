/* Use cases on alerts beyond their storage: promoting an alert to a report, which then
 * follows the ordinary triage and anonymised release path (the closed loop from a
 * member's log line to a shared indicator). One transaction each. */
#ifndef FK_HUB_ALERTS_H
#define FK_HUB_ALERTS_H

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

#endif
