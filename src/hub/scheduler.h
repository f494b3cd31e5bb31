/* The hub's scheduler: a thread that wakes every tick, on its own database connection,
 * and runs what is due by the clock: the deadline clocks of cases, escalated to the next
 * contact (hub/cases.h), the deadlines of releases (hub/sharing.h), and the outboxes of
 * e-mail notices (hub/notices.h) and signed webhooks (hub/webhooks.h). Stops between ticks.
 * Owns its thread and connection. */
#ifndef FK_SCHEDULER_H
#define FK_SCHEDULER_H

#include "../core/error.h"
#include "../store/db.h"
#include "notify.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct fk_scheduler fk_scheduler;

typedef struct fk_scheduler_config {
    const char *store;      /* as fk_db_open takes it */
    fk_mail_config mail;    /* escalations and notices by e-mail */
    const char *public_url; /* the console's address, for links in messages (NULL: none) */
    int64_t tick_ms;        /* default 30 s */
    bool webhook_private;   /* webhooks may reach addresses inside a network */
    bool quiet;
} fk_scheduler_config;

/* What one tick did. */
typedef struct fk_scheduler_tick_counts {
    size_t escalated, releases_passed, notices_sent, webhooks_delivered;
} fk_scheduler_tick_counts;

/* One tick on db, as the thread runs it every tick_ms (and a benchmark or a test may):
 * each part runs even when one before it failed; -1 with err (the first failure). At
 * most 500 of each kind of work a tick: a backlog is worked off over the next ticks. */
int fk_scheduler_tick(fk_db *db, const fk_scheduler_config *cfg, int64_t now_ms,
                      fk_scheduler_tick_counts *out, fk_err *err);

int fk_scheduler_start(fk_scheduler **out, const fk_scheduler_config *cfg, fk_err *err);
void fk_scheduler_stop(fk_scheduler *s);

#endif
