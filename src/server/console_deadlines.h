/* The console's deadline policy page: the clocks in force (per kind of case, step and
 * severity, in working hours by the Japanese calendar or around the clock) for every
 * account to read, and for a centre-admin a form that edits them row by row; a wrong
 * row is named by the use case (hub/cases.h). Owns nothing beyond a request. */
#ifndef FK_CONSOLE_DEADLINES_H
#define FK_CONSOLE_DEADLINES_H

#include "request.h"

void fk_console_deadlines(fk_request *req, fk_response *res);
void fk_console_deadlines_set(fk_request *req, fk_response *res);

#endif
