/* The collector at work: sources read into batches, each batch compressed and written to
 * the disk spool together with the sources' checkpoints, and a sender thread that
 * delivers the spool to the hub in order, acknowledging as the hub answers. A status
 * file says what it is doing. Owns its threads, the spool and the sources while it runs. */
#ifndef FK_COLLECT_COLLECTOR_H
#define FK_COLLECT_COLLECTOR_H

#include "../core/error.h"
#include "config.h"

#include <signal.h>

/* A line for the collector's own log ("what happened", never the API key). */
typedef void (*fk_collect_log_fn)(void *ctx, const char *level, const char *msg);

/* Runs until *stop is set (by a signal handler), or, when standard input is the only
 * source, until it ends and every line of it is delivered. Returns 0, or -1 with err
 * when it cannot start or the spool fails. */
int fk_collector_run(const fk_collect_config *cfg, const char *api_key, volatile sig_atomic_t *stop,
                     fk_collect_log_fn log, void *log_ctx, fk_err *err);

#endif
