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
#include "../hub/notify.h"
#include "../intel/release.h"
#include "../store/db.h"
#include "../store/directory.h"
#include "request.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct fk_server fk_server;

typedef struct fk_server_config {
    const char *store;    /* where the store is (a data folder or postgres://…); each thread
                           * opens its own connection */
    const char *listen;   /* "127.0.0.1:8080" */
    const char *tls_cert; /* PEM file paths; both or neither */
    const char *tls_key;
    size_t max_body;            /* bytes; larger bodies get 413 before they are read */
    size_t max_ingest_body;     /* the same for ingest batches, after decompression (32 MiB) */
    struct fk_monitor *monitor; /* the monitoring use cases (ingest, health) */
    unsigned max_connections;
    unsigned max_per_address;    /* open connections from one client address (default 256) */
    unsigned workers;            /* threads running handlers (default 4) */
    bool quiet;                  /* no request log on stderr */
    const fk_hub_policy *policy; /* NULL: the defaults */
    /* console sessions: how long one lasts at most, and without a request (8 h, 1 h) */
    int64_t session_ttl_ms, session_idle_ms;
    fk_mail_config mail;    /* notifications by e-mail (no relay: none sent) */
    const char *public_url; /* where links in messages point; NULL: the request's host */
    bool defer_checkpoints; /* the hub's checkpointer folds the log (hub/checkpoints.h) */
} fk_server_config;

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

/* The console's sign-in under the same limits as the API's passwords: how many seconds
 * sign-in is paused for this account from this address (0: go ahead), and the outcome
 * of one (a failure counts against the account and the address). */
unsigned fk_server_signin_wait(fk_server *s, const char *account, const char *addr);
void fk_server_signin_done(fk_server *s, const char *account, const char *addr, bool ok);
/* How long a console session lasts at most (ms). */
int64_t fk_server_session_ttl(const fk_server *s);
/* The relay and sender of the hub's e-mail. */
const fk_mail_config *fk_server_mail(const fk_server *s);
/* The hub's address for links in messages: --public-url, else the scheme and Host of the
 * request (the centre's own, authenticated), without a trailing slash. */
const char *fk_server_public_url(const fk_server *s, const fk_request *req, char *buf, size_t cap);

#endif
