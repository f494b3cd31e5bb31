#include "vuln_poll.h"

#include "../core/timefmt.h"
#include "../store/vulns.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The APIs polled, each with the fetch that asks it for what changed. */
typedef struct poll_api {
    const char *name; /* vuln_poll.api, the feed's name */
    int64_t (*interval)(const fk_vuln_poll_config *cfg);
    int (*fetch)(fk_db *db, const fk_principal *who, const fk_vuln_poll_config *cfg,
                 const fk_fetch_pause *pause, int64_t now_ms, json_t **summary, fk_err *err);
} poll_api;

static int64_t nvd_interval(const fk_vuln_poll_config *cfg)
{
    return cfg->nvd_interval_ms;
}

static int64_t jvn_interval(const fk_vuln_poll_config *cfg)
{
    return cfg->jvn_interval_ms;
}

static int nvd_fetch(fk_db *db, const fk_principal *who, const fk_vuln_poll_config *cfg,
                     const fk_fetch_pause *pause, int64_t now_ms, json_t **summary, fk_err *err)
{
    fk_nvd_fetch_opts o = {.url = cfg->nvd_url,
                           .api_key = cfg->nvd_api_key,
                           .interval_s = cfg->interval_s,
                           .http = cfg->http,
                           .pause = *pause};
    return fk_hub_nvd_fetch(db, who, &o, now_ms, summary, err);
}

static int jvn_fetch(fk_db *db, const fk_principal *who, const fk_vuln_poll_config *cfg,
                     const fk_fetch_pause *pause, int64_t now_ms, json_t **summary, fk_err *err)
{
    fk_jvn_fetch_opts o = {
        .url = cfg->myjvn_url, .interval_s = cfg->interval_s, .http = cfg->http, .pause = *pause};
    return fk_hub_jvn_fetch(db, who, &o, now_ms, summary, err);
}

static const poll_api APIS[] = {
    {"nvd", nvd_interval, nvd_fetch},
    {"jvn", jvn_interval, jvn_fetch},
};

/* The caller's pause, noting whether it asked the fetch to stop. */
typedef struct watched_pause {
    const fk_fetch_pause *outer;
    bool stopped;
} watched_pause;

static bool watch_pause(void *ctx, int64_t ms)
{
    watched_pause *w = ctx;
    if (!w->outer->fn)
        return fk_fetch_pause_in_place(ms);
    w->stopped = !w->outer->fn(w->outer->ctx, ms);
    return !w->stopped;
}

/* One poll of an API: begun and ended in the store, around the fetch. A poll the hub's
 * stop cut short is left running: the next start takes it up at once. */
static int poll_one(fk_db *db, const fk_vuln_poll_config *cfg, const poll_api *api,
                    const fk_fetch_pause *outer, int64_t now_ms, fk_err *err)
{
    watched_pause w = {outer, false};
    const fk_fetch_pause pause_ = {watch_pause, &w}, *pause = &pause_;
    fk_principal hub = {.role = FK_ROLE_CENTRE_ADMIN, .permissions = FK_PERM_API};
    snprintf(hub.account, sizeof hub.account, "hub poller");
    snprintf(hub.org, sizeof hub.org, "centre");
    if (fk_vulns_poll_begin(db, api->name, now_ms, err) != 0)
        return -1;
    json_t *summary = NULL;
    fk_err why;
    int rc = api->fetch(db, &hub, cfg, pause, now_ms, &summary, &why);
    char *text = rc == 0 ? json_dumps(summary, JSON_COMPACT) : NULL;
    if (rc == 0 && !text) {
        json_decref(summary);
        return fk_errc(err, FK_ERR_NOMEM, "out of memory");
    }
    if (!cfg->quiet) {
        if (rc != 0)
            fprintf(stderr, "fukurou hub: %s poll: %s\n", api->name, why.msg);
        else if (json_integer_value(json_object_get(summary, "records")) > 0)
            fprintf(stderr, "fukurou hub: %s poll: %s\n", api->name, text);
    }
    json_decref(summary);
    if (w.stopped) {
        free(text);
        return 0;
    }
    int end =
        fk_vulns_poll_end(db, api->name, rc == 0, rc == 0 ? text : why.msg, fk_time_now_ms(), err);
    free(text);
    return end;
}

int fk_hub_vuln_poll_due(fk_db *db, const fk_vuln_poll_config *cfg, const fk_fetch_pause *pause,
                         int64_t now_ms, int64_t *next_ms, fk_err *err)
{
    *next_ms = INT64_MAX;
    for (size_t i = 0; i < sizeof APIS / sizeof APIS[0]; i++) {
        int64_t every = APIS[i].interval(cfg);
        if (every <= 0)
            continue;
        int64_t started;
        bool ended;
        if (fk_vulns_poll_started(db, APIS[i].name, &started, &ended, err) != 0)
            return -1;
        /* due when the interval passed since the last began (a poll that failed waits
         * its interval too: an API that refuses is not asked again at once), or the last
         * never ended (cut by a stop or a crash) */
        if (started == 0 || !ended || started + every <= now_ms) {
            if (poll_one(db, cfg, &APIS[i], pause, now_ms, err) != 0)
                return -1;
            started = now_ms;
        }
        int64_t wait = started + every - now_ms;
        if (wait < *next_ms)
            *next_ms = wait;
    }
    return 0;
}

/* ---- the thread ------------------------------------------------------------------------ */

static bool pause_in_thread(void *ctx, int64_t ms)
{
    return fk_periodic_pause(ctx, ms);
}

static int64_t run(fk_periodic *thread, fk_db *db, void *arg)
{
    const fk_vuln_poll_config *cfg = arg;
    if (cfg->defer_checkpoints)
        fk_db_defer_checkpoints(db);
    fk_fetch_pause pause = {pause_in_thread, thread};
    int64_t next;
    fk_err err;
    if (fk_hub_vuln_poll_due(db, cfg, &pause, fk_time_now_ms(), &next, &err) != 0) {
        fprintf(stderr, "fukurou hub: vulnerability polls: %s\n", err.msg);
        return 60000; /* the store will be asked again in a minute */
    }
    return next;
}

int fk_vuln_poll_start(fk_periodic **out, const fk_vuln_poll_config *cfg, fk_err *err)
{
    *out = NULL;
    if (cfg->nvd_interval_ms <= 0 && cfg->jvn_interval_ms <= 0)
        return 0;
    return fk_periodic_start(out, cfg->store, 0, run, cfg, sizeof *cfg, err);
}
