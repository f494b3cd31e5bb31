#include "scheduler.h"

#include "../core/timefmt.h"

#include "../store/db.h"
#include "cases.h"
#include "notices.h"
#include "sharing.h"
#include "webhooks.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* at most this much of each kind of work a tick: a backlog is worked off over the next */
#define WORK_PER_TICK 500

struct fk_scheduler {
    fk_scheduler_config cfg;
    char *store, *smtp, *from, *public_url;
    fk_db *db;
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    bool stopping;
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

static void *run(void *arg)
{
    fk_scheduler *s = arg;
    pthread_mutex_lock(&s->lock);
    while (!s->stopping) {
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        int64_t ns = until.tv_nsec + (s->cfg.tick_ms % 1000) * 1000000LL;
        until.tv_sec += s->cfg.tick_ms / 1000 + ns / 1000000000LL;
        until.tv_nsec = ns % 1000000000LL;
        int rc = 0;
        while (!s->stopping && rc != ETIMEDOUT)
            rc = pthread_cond_timedwait(&s->wake, &s->lock, &until);
        if (s->stopping)
            break;
        pthread_mutex_unlock(&s->lock);
        fk_scheduler_tick_counts n;
        fk_err err;
        if (fk_scheduler_tick(s->db, &s->cfg, fk_time_now_ms(), &n, &err) != 0)
            fprintf(stderr, "fukurou hub: scheduler: %s\n", err.msg);
        if ((n.escalated || n.releases_passed) && !s->cfg.quiet)
            fprintf(stderr,
                    "fukurou hub: scheduler: %zu case deadline(s) escalated, %zu release "
                    "deadline(s) passed\n",
                    n.escalated, n.releases_passed);
        pthread_mutex_lock(&s->lock);
    }
    pthread_mutex_unlock(&s->lock);
    return NULL;
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
    if (!s->store || fk_db_open(&s->db, s->store, err) != 0) {
        if (!s->store)
            fk_errc(err, FK_ERR_NOMEM, "out of memory");
        free_copies(s);
        return -1;
    }
    pthread_mutex_init(&s->lock, NULL);
    pthread_cond_init(&s->wake, NULL);
    if (pthread_create(&s->thread, NULL, run, s) != 0) {
        fk_db_close(s->db);
        pthread_mutex_destroy(&s->lock);
        pthread_cond_destroy(&s->wake);
        free_copies(s);
        return fk_errc(err, FK_ERR_NOMEM, "cannot start the scheduler's thread");
    }
    *out = s;
    return 0;
}

void fk_scheduler_stop(fk_scheduler *s)
{
    if (!s)
        return;
    pthread_mutex_lock(&s->lock);
    s->stopping = true;
    pthread_cond_signal(&s->wake);
    pthread_mutex_unlock(&s->lock);
    pthread_join(s->thread, NULL);
    fk_db_close(s->db);
    pthread_mutex_destroy(&s->lock);
    pthread_cond_destroy(&s->wake);
    free_copies(s);
}
