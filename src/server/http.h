/* The hub's HTTP server: libmicrohttpd's event loop for I/O, pools of threads (each
 * with its own database connection) for password checks and for handlers, so nothing
 * slow runs on the loop; authentication of every request on its headers, before any
 * body is read (Bearer API key, or HTTP Basic with a password or an API key), failed
 * sign-ins limited per account and address, connections limited per address, JSON
 * error bodies, bounded bodies, a route table checked against the role table. Owns the
 * daemon, the threads and the per-request state. */
#ifndef FK_HTTP_H
#define FK_HTTP_H

#include "../core/error.h"
#include "../intel/release.h"
#include "../store/db.h"
#include "../store/directory.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct fk_server fk_server;

typedef struct fk_server_config {
    const char *data_dir; /* the hub's data folder (each thread opens the database) */
    const char *listen;   /* "127.0.0.1:8080" */
    const char *tls_cert; /* PEM file paths; both or neither */
    const char *tls_key;
    size_t max_body;        /* bytes; larger bodies get 413 before they are read */
    size_t max_ingest_body; /* the same for ingest batches, after decompression (32 MiB) */
    struct fk_monitor *monitor; /* the monitoring use cases (ingest, health) */
    unsigned max_connections;
    unsigned max_per_address;    /* open connections from one client address (default 256) */
    unsigned workers;            /* threads running handlers (default 4) */
    bool quiet;                  /* no request log on stderr */
    const fk_hub_policy *policy; /* NULL: the defaults */
} fk_server_config;

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
} fk_request;

typedef struct fk_response {
    unsigned status;
    json_t *body;   /* owned; NULL for an empty body */
    char *raw_body; /* owned, malloc'd JSON text sent as it is (instead of body) */
    const char *content_type;
    char added_first[40], added_last[40]; /* X-TAXII-Date-Added-First/Last when set */
    char link_next[600];                  /* a Link header to the next page, when set */
    char retry_after[16];                 /* a Retry-After header (seconds), when set */
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

/* Decodes "Basic base64(user:secret)" (the header value without "Basic "). Returns 0
 * and fills user and secret, or -1 for anything malformed. */
int fk_http_basic_decode(const char *b64, char *user, size_t user_cap, char *secret,
                         size_t secret_cap);
/* Matches a path against a route pattern ("/a/{}/b"); captured segments are written to
 * captured (at most 4 of 127 bytes). */
bool fk_http_route_match(const char *pattern, const char *path, char captured[4][128], int *ncap);

int fk_server_start(fk_server **out, const fk_server_config *cfg, fk_err *err);
/* The port actually bound (useful with port 0). */
unsigned fk_server_port(const fk_server *s);
void fk_server_stop(fk_server *s);

#endif
