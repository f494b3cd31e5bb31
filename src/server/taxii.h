/* TAXII 2.1 over the hub's HTTP server: discovery, API roots, collections, objects
 * (GET, POST, by id, DELETE, versions), manifest and status, with the TAXII media type,
 * paging (limit/next, stable cursor), added_after and match[] filters. A member's POST
 * becomes a report for the centre to triage (its status stays pending until released);
 * a centre analyst's POST adds the objects directly. */
#ifndef FK_TAXII_H
#define FK_TAXII_H

#include "request.h"

#define FK_TAXII_MEDIA "application/taxii+json;version=2.1"

void fk_taxii_discovery(fk_request *req, fk_response *res);
void fk_taxii_api_root(fk_request *req, fk_response *res);
void fk_taxii_collections(fk_request *req, fk_response *res);
void fk_taxii_collection(fk_request *req, fk_response *res);
void fk_taxii_get_objects(fk_request *req, fk_response *res);
void fk_taxii_post_objects(fk_request *req, fk_response *res);
void fk_taxii_get_object(fk_request *req, fk_response *res);
void fk_taxii_delete_object(fk_request *req, fk_response *res);
void fk_taxii_versions(fk_request *req, fk_response *res);
void fk_taxii_manifest(fk_request *req, fk_response *res);
void fk_taxii_status(fk_request *req, fk_response *res);

#endif
