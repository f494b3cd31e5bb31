/* The console's report pages: the reports the caller may see (a member its own, the
 * centre every one with its provider), one report with its template's fields labelled
 * in the page's language (for the centre with the forms of console_triage.h), and a
 * submission form per information type built from the nine templates. Each calls the reporting use
 * cases the API calls. Owns nothing beyond a request. */
#ifndef FK_CONSOLE_REPORTS_H
#define FK_CONSOLE_REPORTS_H

#include "request.h"

void fk_console_reports(fk_request *req, fk_response *res);
void fk_console_report(fk_request *req, fk_response *res);
void fk_console_report_new(fk_request *req, fk_response *res);
void fk_console_report_post(fk_request *req, fk_response *res);

#endif
