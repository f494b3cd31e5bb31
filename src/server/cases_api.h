/* The routes of incident coordination: cases (list with filters, open, one), moving a
 * case through its workflow, its links, tasks, messages, assignment, its timeline, the
 * workflow itself for clients, and support from other organisations (the catalogue,
 * who offers what, requests and their steps). Transport only: the hub's use cases (hub/cases.h)
 * decide; the route table in api.c names these with their actions. */
#ifndef FK_CASES_API_H
#define FK_CASES_API_H

#include "request.h"

void fk_api_case_kinds(fk_request *req, fk_response *res);
void fk_api_cases(fk_request *req, fk_response *res);
void fk_api_case_open(fk_request *req, fk_response *res);
void fk_api_case(fk_request *req, fk_response *res);
void fk_api_case_state(fk_request *req, fk_response *res);
void fk_api_case_link(fk_request *req, fk_response *res);
void fk_api_case_task(fk_request *req, fk_response *res);
void fk_api_case_task_done(fk_request *req, fk_response *res);
void fk_api_case_message(fk_request *req, fk_response *res);
void fk_api_case_assign(fk_request *req, fk_response *res);
void fk_api_case_timeline(fk_request *req, fk_response *res);
void fk_api_case_notices(fk_request *req, fk_response *res);
void fk_api_support_capabilities(fk_request *req, fk_response *res);
void fk_api_supporters(fk_request *req, fk_response *res);
void fk_api_supporter_set(fk_request *req, fk_response *res);
void fk_api_case_support(fk_request *req, fk_response *res);
void fk_api_support_requests(fk_request *req, fk_response *res);
void fk_api_support_state(fk_request *req, fk_response *res);
void fk_api_deadline_policy(fk_request *req, fk_response *res);
void fk_api_deadline_policy_set(fk_request *req, fk_response *res);

#endif
