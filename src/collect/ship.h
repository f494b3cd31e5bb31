/* Sending one batch (and the alerts raised on it locally) to the hub's ingest endpoint: HTTPS
 * (certificate verified, against a CA file when given) with the member's API key, the body
 * gzip-compressed as the spool keeps it, the batch id the hub de-duplicates on; the answer sorted
 * into delivered, try again (and when), refused for good, or not allowed. libcurl underneath; one
 * connection kept open. The API key is never written to a message. */
#ifndef FK_COLLECT_SHIP_H
#define FK_COLLECT_SHIP_H

#include "../core/error.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct fk_ship_opts {
    const char *hub_url; /* https://host:port */
    const char *api_key;
    const char *ca_file; /* NULL: the system's trust store */
    int64_t timeout_ms;
} fk_ship_opts;

typedef enum fk_ship_outcome {
    FK_SHIP_DELIVERED, /* the hub holds the batch (now, or from an earlier send) */
    FK_SHIP_RETRY,     /* not now: the hub, the network or TLS failed, or the hub is busy */
    FK_SHIP_REFUSED,   /* the hub will never take this batch as it is (4xx) */
    FK_SHIP_DENIED,    /* the key is refused (401/403): nothing goes until that changes */
} fk_ship_outcome;

typedef struct fk_ship_batch {
    const char *id;     /* unique per collector and batch, the same on every resend */
    const char *source; /* the hub's batch source */
    const char *format; /* NULL: the hub detects it */
    const char *policy; /* the privacy policy the lines went through, NULL: none */
    const char *gz;     /* gzip body */
    size_t gz_len;
} fk_ship_batch;

typedef struct fk_ship_result {
    fk_ship_outcome outcome;
    long status;            /* HTTP status, 0 when none came */
    int64_t retry_after_ms; /* from Retry-After, -1 when none */
    bool duplicate;         /* the hub had it already */
    char message[300];      /* what went wrong, for the log and the status view */
} fk_ship_result;

typedef struct fk_shipper fk_shipper;

int fk_shipper_new(fk_shipper **out, const fk_ship_opts *o, fk_err *err);
void fk_shipper_free(fk_shipper *s);
/* One POST; fills out (never fails otherwise). */
void fk_ship(fk_shipper *s, const fk_ship_batch *b, fk_ship_result *out);
/* The alerts the collector raised on one batch (match.h), as the JSON object the hub's
 * /api/v1/ingest/alerts takes, sent before the batch itself; the same outcomes. */
void fk_ship_alerts(fk_shipper *s, const char *json, size_t len, fk_ship_result *out);

#endif
