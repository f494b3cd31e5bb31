/* Alerts a member's collector raised itself (collect/match.h), reaching the hub before
 * the batch whose lines raised them: checked (indicator matches only, each on an
 * indicator released to the member), stored as the member's alerts with their origin,
 * the delivery recorded under the batch's key and audited, in one transaction. The
 * hub's own detection of that batch leaves those indicators to them (monitor.c), so a
 * match counts once. Owns the request's format. */
#ifndef FK_HUB_EDGE_H
#define FK_HUB_EDGE_H

#include "../core/error.h"
#include "../store/db.h"
#include "../store/directory.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

enum { FK_EDGE_MAX_ALERTS = 10000 };

typedef struct fk_edge_request {
    const char *org;       /* NULL: the caller's own organisation */
    const char *batch_key; /* the batch the alerts were raised on (required) */
    const char *source, *policy;
    json_t *alerts; /* borrowed: an array of alerts (model/alert.h's JSON) */
} fk_edge_request;

typedef struct fk_edge_result {
    bool duplicate;    /* delivered before under the same key: nothing stored again */
    uint64_t stored;   /* alerts stored (new or added to an open one) */
    uint64_t withheld; /* on indicators not released to the member: not stored */
} fk_edge_result;

/* Reads a request body {"batch", "alerts": [...], "source"?, "policy"?, "organisation"?}
 * into rq (pointing into body). Errors name the field and what was expected
 * ("alerts[3].engine: expected \"ioc\""). */
int fk_edge_parse(json_t *body, fk_edge_request *rq, fk_err *err);

/* The use case. Errors: FK_ERR_DENIED (a member sending for another organisation),
 * FK_ERR_INVALID (unknown organisation), FK_ERR_STORAGE. */
int fk_edge_alerts(fk_db *db, const fk_principal *who, const fk_edge_request *rq,
                   fk_edge_result *out, fk_err *err);

#endif
