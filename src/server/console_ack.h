/* The page a contact reaches from a reachability drill's message: it shows a button that
 * confirms the message arrived (a mail scanner that fetches the link confirms nothing),
 * and the confirmation. No sign-in: the one-time token in the address is the
 * credential. Owns nothing beyond a request. */
#ifndef FK_CONSOLE_ACK_H
#define FK_CONSOLE_ACK_H

#include "request.h"

void fk_console_ack_page(fk_request *req, fk_response *res);
void fk_console_ack(fk_request *req, fk_response *res);

#endif
