/* The monitoring routes' handlers: ingest (NDJSON batches, gzip or not, and the alerts
 * a member's collector raised itself), alerts (list
 * with filters, one, change of state), health, metering and sources. Transport only:
 * they read the request, call the hub's use cases or the stores' queries, and shape
 * the answer; the route table in api.c names them with their actions. */
#ifndef FK_MONITOR_API_H
#define FK_MONITOR_API_H

#include "request.h"

void fk_api_ingest(fk_request *req, fk_response *res);
void fk_api_edge_alerts(fk_request *req, fk_response *res);
void fk_api_alerts(fk_request *req, fk_response *res);
void fk_api_alert(fk_request *req, fk_response *res);
void fk_api_alert_state(fk_request *req, fk_response *res);
void fk_api_alert_report(fk_request *req, fk_response *res);
void fk_api_health(fk_request *req, fk_response *res);
void fk_api_metering(fk_request *req, fk_response *res);
void fk_api_sources(fk_request *req, fk_response *res);

#endif
