/* The console's incident coordination pages: the cases the caller may see (filtered by
 * state and kind, newest first), a form to open one, and a case's page with its links,
 * tasks and timeline (the case's entries of the audit chain) and the forms that fit the
 * caller: move it to one of the states its workflow allows next, write a message, link
 * an alert, report, release or indicator, add or finish a task, assign it. Each calls
 * the use case the API calls (hub/cases.h). Owns nothing beyond a request. */
#ifndef FK_CONSOLE_CASES_H
#define FK_CONSOLE_CASES_H

#include "request.h"

void fk_console_cases(fk_request *req, fk_response *res);
void fk_console_case_new(fk_request *req, fk_response *res);
void fk_console_case_open(fk_request *req, fk_response *res);
void fk_console_case(fk_request *req, fk_response *res);
void fk_console_case_state(fk_request *req, fk_response *res);
void fk_console_case_message(fk_request *req, fk_response *res);
void fk_console_case_link(fk_request *req, fk_response *res);
void fk_console_case_task(fk_request *req, fk_response *res);
void fk_console_case_task_done(fk_request *req, fk_response *res);
void fk_console_case_assign(fk_request *req, fk_response *res);
/* The case as a report to print or save: everything on its page, the whole timeline
 * (up to 1000 entries) oldest first. */
void fk_console_case_report(fk_request *req, fk_response *res);

#endif
