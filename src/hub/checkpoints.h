/* The hub's checkpointer: with SQLite, the hub's own connections leave the write-ahead
 * log to it (fk_db_defer_checkpoints) rather than folding it into the database file at
 * the commit that makes it long, which would put a large import's second write and sync
 * on the request that made it. It checkpoints every second, beside the requests, as far
 * as readers allow. Nothing with PostgreSQL. Owns its thread (hub/periodic.h). */
#ifndef FK_HUB_CHECKPOINTS_H
#define FK_HUB_CHECKPOINTS_H

#include "../core/error.h"

typedef struct fk_checkpoints fk_checkpoints;

/* Starts it for store (fk_db_open's); *out stays NULL for PostgreSQL. */
int fk_checkpoints_start(fk_checkpoints **out, const char *store, fk_err *err);
/* Stops it after a last checkpoint: stop it after the connections that defer to it. */
void fk_checkpoints_stop(fk_checkpoints *c);

#endif
