/* The console's support pages: the requests for support (the centre every one, with
 * whose case; a supporting organisation those addressed to it, without) with a button
 * for each step the workflow allows the caller; the catalogue of who offers what, and
 * for a centre-admin a form to set an organisation's offers; on a case's page (the
 * centre) its requests and a form to ask for support. Each calls the use case the API
 * calls (hub/support.h). Owns nothing beyond a request. */
#ifndef FK_CONSOLE_SUPPORT_H
#define FK_CONSOLE_SUPPORT_H

#include "html.h"
#include "request.h"

#include <stdint.h>

void fk_console_support(fk_request *req, fk_response *res);
void fk_console_support_move(fk_request *req, fk_response *res);
void fk_console_supporter_set(fk_request *req, fk_response *res);
void fk_console_case_support_request(fk_request *req, fk_response *res);
/* The section of a case's page (the centre's): its requests and the form to ask. */
void fk_console_case_support(fk_html *h, const fk_request *req, int64_t case_id);

#endif
