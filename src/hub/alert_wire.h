/* The alert messages a detection worker sends back over the bus to the one hub that
 * stores them and correlates across organisations: a batch's alerts (or those of windows
 * flushed between batches) as JSON, cut into parts that each fit one bus message, each
 * part under a key the store applies once. Owns the message format. */
#ifndef FK_ALERT_WIRE_H
#define FK_ALERT_WIRE_H

#include "../core/error.h"
#include "../model/alert.h"

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

typedef struct fk_alert_wire_head {
    int64_t batch_id;         /* 0: windows flushed between batches */
    const char *org, *sector; /* the batch's member organisation ("" for a flush) */
    int64_t org_id;
    uint64_t events;    /* the batch's events */
    const char *origin; /* a flush: the worker's name and its flush number make the key */
    uint64_t seq;
    /* set by fk_alert_wire_decode */
    const char *key;
    int64_t part, parts;
} fk_alert_wire_head;

/* Called once per part, in order; a non-zero return stops the encoding with it. */
typedef int (*fk_alert_wire_fn)(void *ctx, const char *key, const char *data, size_t len,
                                fk_err *err);

/* Encodes n alerts (the first at `alerts`, each `stride` bytes after the previous) into
 * parts of at most max_bytes; no alerts still make one part (it marks the batch done). */
int fk_alert_wire_encode(const fk_alert_wire_head *h, const fk_alert *alerts, size_t stride,
                         size_t n, size_t max_bytes, fk_alert_wire_fn send, void *ctx, fk_err *err);
/* Reads one part: *root (the caller's to json_decref) owns the strings h points into;
 * *alerts is its array of alerts, each for fk_alert_from_json. Errors name the field. */
int fk_alert_wire_decode(const char *data, size_t len, fk_alert_wire_head *h, json_t **root,
                         json_t **alerts, fk_err *err);

#endif
