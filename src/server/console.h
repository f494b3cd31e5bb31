/* The web console: HTML pages the hub serves at /, in Japanese and English, for centre
 * analysts and members. Transport only, as the API: each page reads the request, calls
 * the same hub use cases and store queries the API does under the same role table, and
 * renders the answer. Sign-in makes a session (a cookie; HttpOnly, SameSite=Strict,
 * Secure under TLS) whose CSRF token every change must carry. Owns the console's route
 * table, its pages and its security headers. */
#ifndef FK_CONSOLE_H
#define FK_CONSOLE_H

#include "api.h"
#include "request.h"

#include <stdbool.h>
#include <stddef.h>

/* The console's routes (FK_ROUTE_CONSOLE or FK_ROUTE_PUBLIC), ended by a NULL method. */
const fk_route *fk_console_routes(void);

/* Headers every console page is sent with (name, value), ended by {NULL, NULL}: the
 * Content-Security-Policy (no script, nothing from elsewhere), no framing, no referrer
 * to other sites. */
extern const char *const fk_console_headers[][2];

/* Before a console route's handler: a change (POST) must come from a page of this hub
 * (Sec-Fetch-Site, where the browser sends it) and, signed in, carry the session's CSRF
 * token in its form (read once by the server, NULL when there is none). False with res
 * set (403, as a page) when it does not. */
bool fk_console_request_ok(const fk_route *r, const char *method, const fk_session *session,
                           const json_t *form, const char *sec_fetch_site, fk_response *res);
/* Turns an error set by fk_http_error into an HTML page in lang (NULL: English). */
void fk_console_error_page(fk_response *res, const char *lang);
/* A request for a console page without a valid session: to the sign-in page, which
 * brings the user back to url afterwards. */
void fk_console_to_sign_in(fk_response *res, const char *url);

#endif
