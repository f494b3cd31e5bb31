/* The hub's HTTP API beyond TAXII: who am I, sectors, and the administrative actions
 * (organisations, groups, accounts, API keys) that `fukurou admin` also offers, with
 * the authorisation rule of each. Owns the route table. */
#ifndef FK_API_H
#define FK_API_H

#include "../hub/access.h"
#include "request.h"

typedef void (*fk_handler)(fk_request *req, fk_response *res);

/* How a route takes its body: parsed JSON (the default), raw bytes (ingest: NDJSON,
 * maybe gzip-encoded, bounded by max_ingest_body instead of max_body), or an HTML form
 * (application/x-www-form-urlencoded, read into req->body as an object of strings). */
typedef enum fk_body_kind { FK_BODY_JSON, FK_BODY_RAW, FK_BODY_FORM } fk_body_kind;

/* Who a route is for. API routes take an Authorization header; console routes the
 * session cookie instead (and a change needs the session's CSRF token, field "csrf");
 * public routes no credentials at all (the sign-in page, the console's assets). */
enum { FK_ROUTE_CONSOLE = 1, FK_ROUTE_PUBLIC = 2 };

typedef struct fk_route {
    const char *method;
    const char *pattern; /* "/api/v1/apikeys/{}": {} matches one path segment */
    fk_handler handler;
    fk_action action; /* checked against the role table before the handler runs */
    fk_body_kind body;
    unsigned permission; /* FK_PERM_* the credential needs (0: FK_PERM_API) */
    unsigned flags;      /* FK_ROUTE_* (0: an API route) */
} fk_route;

/* Listings: ?limit=N&after=KEY read into page (false, with a 400, when unusable), and
 * the Link header (RFC 8288) to the next page when this one came back full. */
bool fk_api_read_page(const fk_request *req, fk_response *res, fk_page *page);
void fk_api_link_next(const fk_request *req, fk_response *res, json_t *arr, size_t fetched,
                      const fk_page *page, const char *key);

/* The answer to a use case's refusal by its code: 400 for FK_ERR_INVALID, 403 denied, 409
 * conflict, anything else the storage answer (its message kept out of the body). */
void fk_api_fail(fk_response *res, const fk_err *err);

/* The routes, ended by an entry with a NULL method. */
const fk_route *fk_api_routes(void);

/* The OpenAPI 3 document of these routes (src/server/openapi.json, embedded). */
extern const char *const fk_openapi_json;
extern const size_t fk_openapi_json_len;

#endif
