/* The routes of advisories: the ranked list (a member its own), drafting the release of
 * one vulnerability's advisory to the organisations it concerns and releasing the draft,
 * the compensating measures kept for industrial-control systems, and an organisation's
 * early delivery. Transport only: hub/advisories.h decides; api.c's route table names
 * these with their actions. */
#ifndef FK_ADVISORIES_API_H
#define FK_ADVISORIES_API_H

#include "request.h"

void fk_api_advisories(fk_request *req, fk_response *res);
void fk_api_advisory_draft(fk_request *req, fk_response *res);
void fk_api_advisory_drafts(fk_request *req, fk_response *res);
void fk_api_advisory_draft_get(fk_request *req, fk_response *res);
void fk_api_advisory_draft_release(fk_request *req, fk_response *res);
void fk_api_measure_put(fk_request *req, fk_response *res);
void fk_api_measures(fk_request *req, fk_response *res);
void fk_api_early_delivery(fk_request *req, fk_response *res);

#endif
