#include "scheduler.h"

#include "../core/timefmt.h"

#include "../store/db.h"
#include "cases.h"
#include "notices.h"
#include "periodic.h"
#include "sharing.h"
#include "webhooks.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* at most this much of each kind of work a tick: a backlog is worked off over the next */
#define WORK_PER_TICK 500

struct fk_scheduler {
    fk_scheduler_config cfg;
    char *store, *smtp, *from, *public_url;
    fk_periodic *thread;
};

int fk_scheduler_tick(fk_db *db, const fk_scheduler_config *cfg, int64_t now_ms,
                      fk_scheduler_tick_counts *out, fk_err *err)
{
    *out = (fk_scheduler_tick_counts){0};
    /* the parts are independent: one that fails does not keep the others from running */
    fk_err e[4];
    int rc[4] = {
        fk_hub_deadlines_check(db, &cfg->mail, now_ms, WORK_PER_TICK, &out->escalated, &e[0]),
        fk_hub_release_deadlines_check(db, now_ms, WORK_PER_TICK, &out->releases_passed, &e[1]),
        fk_hub_notices_deliver(db, &cfg->mail, cfg->public_url, now_ms, WORK_PER_TICK,
                               &out->notices_sent, &e[2]),
        fk_hub_outbox_deliver(db, cfg->webhook_private, now_ms, WORK_PER_TICK,
                              &out->webhooks_delivered, &e[3])};
    for (int i = 0; i < 4; i++)
        if (rc[i] != 0) {
            *err = e[i];
            return -1;
        }
    return 0;
}

static int64_t run(fk_periodic *p, fk_db *db, void *arg)
{
    (void)p;
    fk_scheduler *s = arg;
    fk_scheduler_tick_counts n;
    fk_err err;
    if (fk_scheduler_tick(db, &s->cfg, fk_time_now_ms(), &n, &err) != 0)
        fprintf(stderr, "fukurou hub: scheduler: %s\n", err.msg);
    if ((n.escalated || n.releases_passed) && !s->cfg.quiet)
        fprintf(stderr,
                "fukurou hub: scheduler: %zu case deadline(s) escalated, %zu release "
                "deadline(s) passed\n",
                n.escalated, n.releases_passed);
    return s->cfg.tick_ms;
}

/* The copies the scheduler keeps of its configuration's strings. */
static void free_copies(fk_scheduler *s)
{
    free(s->store);
    free(s->smtp);
    free(s->from);
    free(s->public_url);
    free(s);
}

static char *dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

int fk_scheduler_start(fk_scheduler **out, const fk_scheduler_config *cfg, fk_err *err)
{
    *out = NULL;
    fk_scheduler *s = calloc(1, sizeof *s);
    if (!s)
        return fk_errc(err, FK_ERR_NOMEM, "out of memory");
    s->cfg = *cfg;
    if (s->cfg.tick_ms <= 0)
        s->cfg.tick_ms = 30000;
    s->store = dup_or_null(cfg->store);
    s->smtp = dup_or_null(cfg->mail.smtp_url);
    s->from = dup_or_null(cfg->mail.from);
    s->public_url = dup_or_null(cfg->public_url);
    s->cfg.public_url = s->public_url;
    s->cfg.store = s->store;
    s->cfg.mail.smtp_url = s->smtp;
    s->cfg.mail.from = s->from;
    if (!s->store) {
        free_copies(s);
        return fk_errc(err, FK_ERR_NOMEM, "out of memory");
    }
    /* the first tick after one interval, as before: a hub just started has nothing due
     * that a tick half a minute later would not find */
    if (fk_periodic_start(&s->thread, s->store, s->cfg.tick_ms, run, s, 0, err) != 0) {
        free_copies(s);
        return -1;
    }
    *out = s;
    return 0;
}

void fk_scheduler_stop(fk_scheduler *s)
{
    if (!s)
        return;
    fk_periodic_stop(s->thread);
    free_copies(s);
}
