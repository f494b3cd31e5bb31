/* The routes of the asset ledger and the vulnerability records: records (list, one with
 * whom it affects, the overview), feed documents posted whole (NVD, JVN, KEV, EPSS),
 * matching every ledger again, members' systems (list, one, add or replace, a CSV or
 * CycloneDX file, remove) and the cryptography report. Transport only: the hub's use cases
 * (hub/vulns.h) decide; api.c's route table names these with their actions. */
#ifndef FK_VULNS_API_H
#define FK_VULNS_API_H

#include "request.h"

void fk_api_vulns(fk_request *req, fk_response *res);
void fk_api_vuln(fk_request *req, fk_response *res);
void fk_api_vuln_overview(fk_request *req, fk_response *res);
void fk_api_vuln_feed(fk_request *req, fk_response *res);
void fk_api_vuln_rematch(fk_request *req, fk_response *res);
void fk_api_assets(fk_request *req, fk_response *res);
void fk_api_asset(fk_request *req, fk_response *res);
void fk_api_asset_put(fk_request *req, fk_response *res);
void fk_api_asset_import(fk_request *req, fk_response *res);
void fk_api_asset_remove(fk_request *req, fk_response *res);
void fk_api_crypto_report(fk_request *req, fk_response *res);

#endif
