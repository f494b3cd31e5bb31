/* A thread that runs one piece of the hub's work by the clock (the scheduler's tick, the
 * poll of remote TAXII feeds, the poll of the NVD and MyJVN) on its own database
 * connection, again and again until stopped. Work that takes long (a fetch paced by an
 * API's rate) waits through fk_periodic_pause, which a stop cuts short. Owns the thread,
 * the connection and the stop signal. */
#ifndef FK_HUB_PERIODIC_H
#define FK_HUB_PERIODIC_H

#include "../core/error.h"
#include "../store/db.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct fk_periodic fk_periodic;

/* One run of the work on db; returns how long to wait before the next (ms, > 0). */
typedef int64_t (*fk_periodic_fn)(fk_periodic *p, fk_db *db, void *ctx);

/* Opens store (fk_db_open) and starts the thread: the work runs after first_wait_ms
 * (0: at once), then as it says. ctx_size > 0: the work is handed a copy of ctx's bytes,
 * kept until the stop (a configuration; strings it points at must outlive the thread);
 * 0: ctx itself, which must outlive the thread. */
int fk_periodic_start(fk_periodic **out, const char *store, int64_t first_wait_ms,
                      fk_periodic_fn fn, const void *ctx, size_t ctx_size, fk_err *err);

/* Waits ms inside the work; false when a stop was asked (the work should return). */
bool fk_periodic_pause(fk_periodic *p, int64_t ms);

/* Asks the thread to stop, cuts its wait short and joins it (NULL: nothing). */
void fk_periodic_stop(fk_periodic *p);

#endif
