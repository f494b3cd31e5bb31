/* The detection workers of a scaled-out hub, as its health view shows them: each
 * `fukurou worker` process writes a heartbeat row (what it has done, when it was last
 * seen); the hub lists them with how far detection is behind. Owns the worker table. */
#ifndef FK_STORE_WORKERS_H
#define FK_STORE_WORKERS_H

#include "db.h"

#include <jansson.h>

typedef struct fk_worker_beat {
    const char *name; /* host:pid, unique while the process lives */
    const char *host;
    int64_t pid, started_ms, now_ms;
    uint64_t batches, events, alerts, redeliveries;
    bool stopped; /* the last beat of a worker that stops cleanly */
} fk_worker_beat;

int fk_worker_beat_write(fk_db *db, const fk_worker_beat *b, fk_err *err);
/* The workers seen in the last day, each with "alive" (a beat in the last alive_ms and
 * not stopped), as a new JSON array ordered by name. */
int fk_worker_list(fk_db *db, int64_t now_ms, int64_t alive_ms, json_t **out, fk_err *err);
/* When the oldest batch still waiting for detection came (0: none waits). */
int fk_batch_oldest_pending(fk_db *db, int64_t *received_ms, fk_err *err);

#endif
