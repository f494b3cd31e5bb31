/* The routes of the contact registry and reachability drills: contacts (list, add,
 * remove), the centre's contact mode, whom to reach at an organisation now, drills
 * (start, report, an answer the centre took by phone), and the webhooks an organisation
 * subscribes (with their deliveries). Transport only: the hub's use
 * cases (hub/contacts.h) decide; api.c's route table names these with their actions. The
 * contacts' own answer links are console pages (console_ack.c). */
#ifndef FK_CONTACTS_API_H
#define FK_CONTACTS_API_H

#include "request.h"

void fk_api_contacts(fk_request *req, fk_response *res);
void fk_api_contact_add(fk_request *req, fk_response *res);
void fk_api_contact_remove(fk_request *req, fk_response *res);
void fk_api_contact_mode(fk_request *req, fk_response *res);
void fk_api_contact_mode_set(fk_request *req, fk_response *res);
void fk_api_contact_route(fk_request *req, fk_response *res);
void fk_api_drill_start(fk_request *req, fk_response *res);
void fk_api_drill(fk_request *req, fk_response *res);
void fk_api_drill_confirm(fk_request *req, fk_response *res);
void fk_api_webhooks(fk_request *req, fk_response *res);
void fk_api_webhook_add(fk_request *req, fk_response *res);
void fk_api_webhook_remove(fk_request *req, fk_response *res);
void fk_api_webhook_deliveries(fk_request *req, fk_response *res);

#endif
