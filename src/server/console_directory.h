/* The console's pages for the centre's administrators: the directory (organisations
 * with their sectors and detection engines, groups, accounts with their roles, which
 * can be disabled and enabled again, and API keys, which can be revoked) and the audit
 * log with the verification of its hash chain. Through the same store calls as the API
 * and `fukurou admin`, each change audited there. Owns nothing beyond a request. */
#ifndef FK_CONSOLE_DIRECTORY_H
#define FK_CONSOLE_DIRECTORY_H

#include "request.h"

void fk_console_directory(fk_request *req, fk_response *res);
void fk_console_account_disable(fk_request *req, fk_response *res);
void fk_console_account_enable(fk_request *req, fk_response *res);
void fk_console_key_revoke(fk_request *req, fk_response *res);
void fk_console_audit(fk_request *req, fk_response *res);

#endif
