/* The centre's decisions on a report in the console: its severity with the reasons on
 * society and on systems, merging it into another report of the same event, and its
 * release (audience, tier, respond-by time) after a preview that shows exactly what
 * the anonymisation removes and which indicators it withholds. Each form calls the
 * use case the API calls (hub/reporting.h, hub/sharing.h). Owns nothing beyond a request. */
#ifndef FK_CONSOLE_TRIAGE_H
#define FK_CONSOLE_TRIAGE_H

#include "html.h"
#include "request.h"

#include <jansson.h>
#include <stdint.h>

/* The forms that fit the report's state (new or triaged: severity and merge; triaged:
 * release), written into its page. */
void fk_console_triage_forms(fk_html *h, const fk_request *req, json_t *report, int64_t id);

void fk_console_report_triage(fk_request *req, fk_response *res);
void fk_console_report_merge(fk_request *req, fk_response *res);
/* What the release would be, without releasing; the page repeats the decision with a
 * button that releases it. */
void fk_console_report_preview(fk_request *req, fk_response *res);
/* Releases; the page then says what the anonymisation withheld. */
void fk_console_report_release(fk_request *req, fk_response *res);

#endif
