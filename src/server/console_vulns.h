/* The console's pages of the asset ledger and vulnerabilities: a member's systems (and
 * the centre's view of every member's), one system with its programs, what applies to
 * it and the compensating measures of a control system; the vulnerability records and
 * one with whom it affects and why; the ranked advisories; and the centre's drafts of
 * advisory releases to the organisations concerned. Transport only: hub/vulns.h and
 * hub/advisories.h decide. */
#ifndef FK_CONSOLE_VULNS_H
#define FK_CONSOLE_VULNS_H

#include "request.h"

void fk_console_ledger(fk_request *req, fk_response *res);
void fk_console_ledger_system(fk_request *req, fk_response *res);
void fk_console_ledger_measure(fk_request *req, fk_response *res);
void fk_console_vulns(fk_request *req, fk_response *res);
void fk_console_vuln(fk_request *req, fk_response *res);
void fk_console_advisories(fk_request *req, fk_response *res);
void fk_console_advisory_draft(fk_request *req, fk_response *res);
void fk_console_advisory_drafts(fk_request *req, fk_response *res);
void fk_console_advisory_draft_release(fk_request *req, fk_response *res);

#endif
