/* The console's pages for the centre's administrators: the directory (organisations
 * with their sectors, identifiers and detection engines, groups, accounts with their
 * roles, which can be disabled and enabled again, API keys, which can be revoked, and
 * the sector lists), each with a form to add to it, and the audit log with the
 * verification of its hash chain. Through the same use cases as the API, each change
 * audited there. Owns nothing beyond a request. */
#ifndef FK_CONSOLE_DIRECTORY_H
#define FK_CONSOLE_DIRECTORY_H

#include "request.h"

void fk_console_directory(fk_request *req, fk_response *res);
/* Creating organisations (with the identifiers anonymisation masks), groups and their
 * members, accounts, and adding or changing sectors: each through its use case
 * (hub/admin.h); a refusal shows the page again with its reason. */
void fk_console_org_create(fk_request *req, fk_response *res);
void fk_console_group_create(fk_request *req, fk_response *res);
void fk_console_group_add(fk_request *req, fk_response *res);
void fk_console_account_create(fk_request *req, fk_response *res);
void fk_console_sector_put(fk_request *req, fk_response *res);
void fk_console_account_disable(fk_request *req, fk_response *res);
void fk_console_account_enable(fk_request *req, fk_response *res);
void fk_console_key_revoke(fk_request *req, fk_response *res);
void fk_console_audit(fk_request *req, fk_response *res);
/* Checks the whole chain now and records it (the page shows the last full check and
 * checks only what was written since). */
void fk_console_audit_check(fk_request *req, fk_response *res);

#endif
