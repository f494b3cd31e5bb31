/* What a route handler sees and fills: the request (method, path, parameters, body,
 * who is asking, their database connection) and the response, with the helpers that
 * read headers and query arguments and write JSON errors. The seam between the HTTP
 * server (http.c) and the handlers (api.c, taxii.c, monitor_api.c), so that neither
 * side includes the other. Owns nothing beyond a call. */
#ifndef FK_REQUEST_H
#define FK_REQUEST_H

#include "../core/error.h"
#include "../intel/release.h"
#include "../store/db.h"
#include "../store/directory.h"

#include <jansson.h>
#include <stddef.h>

/* What a handler gets and fills. */
typedef struct fk_request {
    const char *method, *path;
    const char **params; /* path parameters captured by '{}' in the route */
    json_t *body;        /* parsed JSON body, or NULL */
    const char *raw;     /* the body as sent, for FK_BODY_RAW routes (NULL otherwise) */
    size_t raw_len;
    const fk_principal *who;
    fk_db *db;
    const fk_hub_policy *policy;
    size_t max_body;
    void *conn; /* the MHD connection, for query arguments */
    struct fk_monitor *monitor;
    size_t max_ingest_body;
    /* the console: the caller's session (NULL without one) and its cookie's token, the
     * server (for the sign-in limits), the client's address, and whether it came over TLS */
    const fk_session *session;
    const char *session_token;
    struct fk_server *server;
    const char *addr;
    bool tls;
} fk_request;

typedef struct fk_response {
    unsigned status;
    json_t *body;   /* owned; NULL for an empty body */
    char *raw_body; /* owned, malloc'd JSON text sent as it is (instead of body) */
    const char *content_type;
    char added_first[40], added_last[40]; /* X-TAXII-Date-Added-First/Last when set */
    char link_next[600];                  /* a Link header to the next page, when set */
    char retry_after[16];                 /* a Retry-After header (seconds), when set */
    /* the console */
    char location[600];    /* a Location header (a redirect), when set */
    char set_cookie[300];  /* a Set-Cookie header, when set */
    bool html;             /* an HTML page: sent with the console's security headers */
    char disposition[120]; /* a Content-Disposition header (a download), when set */
} fk_response;

/* Sets an error response with a JSON body {"title", "http_status", "description"}. */
void fk_http_error(fk_response *res, unsigned status, const char *title, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* A 500 for a storage failure: the database's own words go to the log, not to the
 * client. */
void fk_http_storage_error(fk_response *res, const fk_err *err);
/* A query argument, or NULL. */
const char *fk_http_query(const fk_request *req, const char *name);
/* A request header, or NULL. */
const char *fk_http_header(const fk_request *req, const char *name);
/* An HTML form's body (application/x-www-form-urlencoded) as an object of strings (a
 * name given twice: the last value); NULL when memory ran out or it has over 200
 * fields. Bytes that are not UTF-8 become U+FFFD. */
json_t *fk_form_parse(const char *body, size_t n);
/* A form field's text, or "" when absent. */
const char *fk_form_field(const json_t *form, const char *name);

#endif
