/* The hub's checkpointer: with SQLite, the hub's own connections leave the write-ahead
 * log to it (fk_db_defer_checkpoints) rather than folding it into the database file at
 * the commit that makes it long, which would put a large import's second write and sync
 * on the request that made it. It checkpoints every second, beside the requests, as far
 * as readers allow. Nothing with PostgreSQL. Owns its thread (hub/periodic.h). */
#ifndef FK_HUB_CHECKPOINTS_H
#define FK_HUB_CHECKPOINTS_H

#include "../core/error.h"
#include "periodic.h"

/* Starts it for store (fk_db_open's); *out stays NULL for PostgreSQL. Stop it
 * (fk_periodic_stop) after the connections that defer to it: its own connection, which
 * does not defer, then folds what is left as it closes. */
int fk_checkpoints_start(fk_periodic **out, const char *store, fk_err *err);

#endif
