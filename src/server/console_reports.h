/* The console's report pages: the reports the caller may see (a member its own, the
 * centre every one with its provider), one report with its template's fields labelled
 * in the page's language and, for the centre, the triage form (a level of the hub's
 * severity scale with its reasons on society and on systems), and a submission form per
 * information type built from the nine templates. Each calls the reporting use cases the
 * API calls. Owns nothing beyond a request. */
#ifndef FK_CONSOLE_REPORTS_H
#define FK_CONSOLE_REPORTS_H

#include "request.h"

void fk_console_reports(fk_request *req, fk_response *res);
void fk_console_report(fk_request *req, fk_response *res);
void fk_console_report_new(fk_request *req, fk_response *res);
void fk_console_report_post(fk_request *req, fk_response *res);
void fk_console_report_triage(fk_request *req, fk_response *res);
/* The centre releases a triaged report (tier, audience); the page then says what the
 * anonymisation withheld. */
void fk_console_report_release(fk_request *req, fk_response *res);

#endif
