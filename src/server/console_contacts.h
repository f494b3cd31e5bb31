/* The console's contact registry and drills: the contacts the caller keeps (a member its
 * own, the centre everyone's, by organisation), a form to add one and a button to remove
 * one; for the centre the contact mode with its switch, a form to start a reachability
 * drill and a drill's report (who answered, through which channel, how fast). Each
 * calls the use case the API calls (hub/contacts.h). Owns nothing beyond a request. */
#ifndef FK_CONSOLE_CONTACTS_H
#define FK_CONSOLE_CONTACTS_H

#include "request.h"

void fk_console_contacts(fk_request *req, fk_response *res);
void fk_console_contact_add(fk_request *req, fk_response *res);
void fk_console_contact_remove(fk_request *req, fk_response *res);
void fk_console_contact_mode(fk_request *req, fk_response *res);
void fk_console_drill_start(fk_request *req, fk_response *res);
void fk_console_drill(fk_request *req, fk_response *res);

#endif
