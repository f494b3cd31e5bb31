/* The hub's HTTP API beyond TAXII: who am I, sectors, and the administrative actions
 * (organisations, groups, accounts, API keys) that `fukurou admin` also offers, with
 * the authorisation rule of each. Owns the route table. */
#ifndef FK_API_H
#define FK_API_H

#include "../hub/access.h"
#include "http.h"

typedef void (*fk_handler)(fk_request *req, fk_response *res);

typedef struct fk_route {
    const char *method;
    const char *pattern; /* "/api/v1/apikeys/{}": {} matches one path segment */
    fk_handler handler;
    fk_action action; /* checked against the role table before the handler runs */
} fk_route;

/* The routes, ended by an entry with a NULL method. */
const fk_route *fk_api_routes(void);

/* The OpenAPI 3 document of these routes (src/server/openapi.json, embedded). */
extern const char *const fk_openapi_json;
extern const size_t fk_openapi_json_len;

#endif
