/* TAXII intake as a use case: objects POSTed to a collection are taken in one
 * transaction together with the status resource the client polls. The centre's objects
 * go into the collection; a member's bundle becomes a report that follows triage and
 * anonymised release (its objects stay pending until then). */
#ifndef FK_HUB_INTAKE_H
#define FK_HUB_INTAKE_H

#include "../store/db.h"
#include "../store/directory.h"

#include <jansson.h>

/* Takes objects from who into collection (the caller has checked that who may write
 * there) and writes the status as status_id. Per object, TLP:AMBER+STRICT and TLP:RED
 * objects from the centre are refused (listed as failures), since the centre does not
 * redistribute them. Errors: FK_ERR_INVALID (a member's bundle cannot be a report: the
 * message says why), FK_ERR_DENIED (a member-reader), FK_ERR_STORAGE, FK_ERR_NOMEM. */
int fk_hub_taxii_post(fk_db *db, const fk_principal *who, const char *collection, json_t *objects,
                      char status_id[40], fk_err *err);

#endif
