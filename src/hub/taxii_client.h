/* The client for what the hub reads from other servers: one GET of a page (a TAXII 2.1
 * collection's objects, or another feed's page such as the NVD API's) over HTTP(S),
 * certificate verified (against a CA file when given), bounded in time and size. Owns
 * nothing beyond one response. libcurl underneath. */
#ifndef FK_TAXII_CLIENT_H
#define FK_TAXII_CLIENT_H

#include "../core/error.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct fk_taxii_client_opts {
    const char *ca_file; /* NULL: the system's trust store */
    long timeout_s;      /* whole request; 0: 60 s */
    size_t max_body;     /* 0: 64 MiB */
} fk_taxii_client_opts;

typedef struct fk_taxii_response {
    long status;
    char *body; /* NUL-terminated, malloc'd */
    size_t len;
    char added_last[40]; /* X-TAXII-Date-Added-Last, "" when absent */
} fk_taxii_response;

/* GETs url with "Accept: application/taxii+json;version=2.1" and, when auth is not NULL,
 * "Authorization: <auth>" (never logged or put in an error). 0 with out filled for any
 * HTTP answer (the caller reads the status); -1 with err (FK_ERR_BUSY) when the server
 * cannot be reached, the TLS check fails, or the answer is too large or too slow. */
/* For a libcurl header callback: when line ("Name: value\r\n", len bytes) is the header
 * name (given with its colon, matched without regard to case), true with *value and *n
 * the value without surrounding white space. */
bool fk_curl_header_value(const char *line, size_t len, const char *name, const char **value,
                          size_t *n);

int fk_taxii_get(const char *url, const char *auth, const fk_taxii_client_opts *opts,
                 fk_taxii_response *out, fk_err *err);
/* The same GET for other feeds (the NVD API): Accept is accept, and when secret is not
 * NULL the header "secret_header: secret" (an API key; never logged or put in an error). */
int fk_web_get(const char *url, const char *accept, const char *secret_header, const char *secret,
               const fk_taxii_client_opts *opts, fk_taxii_response *out, fk_err *err);
void fk_taxii_response_free(fk_taxii_response *r);

/* URL-encodes s (RFC 3986 unreserved kept, by libcurl) into out; false when it does
 * not fit or memory ran out. */
bool fk_taxii_url_encode(const char *s, char *out, size_t cap);

#endif
