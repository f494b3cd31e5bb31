/* The console's release pages: a member's inbox of the releases addressed to it (the
 * centre sees every one), one release with its report and indicators, its STIX bundle
 * to download, and how to connect a TAXII client (the discovery URL, the collections
 * this account may read, and a key of its own, shown once). Every read is audited by
 * the same use case as the API's. Owns nothing beyond a request. */
#ifndef FK_CONSOLE_RELEASES_H
#define FK_CONSOLE_RELEASES_H

#include "request.h"

void fk_console_releases(fk_request *req, fk_response *res);
void fk_console_release(fk_request *req, fk_response *res);
void fk_console_release_stix(fk_request *req, fk_response *res);
/* A member's answer to a release (hub/sharing.h), back to the release. */
void fk_console_release_answer(fk_request *req, fk_response *res);
void fk_console_new_key(fk_request *req, fk_response *res);

#endif
