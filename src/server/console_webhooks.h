/* The console's webhook page: the URLs the caller's organisation subscribes (the centre
 * every organisation's), a form to subscribe one (its signing secret shown once, on the
 * page that answers the form), a button to remove one, and a webhook's recent
 * deliveries with their errors and next tries. Each calls the use case the API calls
 * (hub/webhooks.h). Owns nothing beyond a request. */
#ifndef FK_CONSOLE_WEBHOOKS_H
#define FK_CONSOLE_WEBHOOKS_H

#include "request.h"

void fk_console_webhooks(fk_request *req, fk_response *res);
void fk_console_webhook_add(fk_request *req, fk_response *res);
void fk_console_webhook_remove(fk_request *req, fk_response *res);
void fk_console_webhook(fk_request *req, fk_response *res);

#endif
