/* The hub's own polls of the live vulnerability APIs: the NVD's CVE API and MyJVN, each
 * at its interval, asking only what changed since the newest record taken in
 * (hub/vuln_fetch.h). When each poll began and how it ended is kept (vuln_poll), so that
 * a restarted hub keeps the interval rather than asking again at once, and the overview
 * shows a feed that stopped arriving. Owns its thread (hub/periodic.h). */
#ifndef FK_HUB_VULN_POLL_H
#define FK_HUB_VULN_POLL_H

#include "periodic.h"
#include "vuln_fetch.h"

#include <stdbool.h>
#include <stdint.h>

typedef struct fk_vuln_poll_config {
    const char *store;       /* fk_db_open */
    int64_t nvd_interval_ms; /* 0: the NVD is not polled */
    int64_t jvn_interval_ms; /* 0: MyJVN is not polled */
    const char *nvd_url;     /* NULL: the NVD's */
    const char *myjvn_url;   /* NULL: MyJVN's */
    const char *nvd_api_key; /* from the environment; NULL: none */
    double interval_s;       /* between requests; < 0: each API's rate */
    fk_taxii_client_opts http;
    bool defer_checkpoints; /* the hub's checkpointer folds the log (hub/checkpoints.h) */
    bool quiet;
} fk_vuln_poll_config;

/* Polls each API whose interval has passed since its last poll began (or never polled),
 * recording its outcome; *next_ms: how long until the next is due. pause: the fetches'
 * waits (fn NULL: in place). -1 only when the store cannot be read or written; a failed
 * fetch is recorded as failed, not returned. */
int fk_hub_vuln_poll_due(fk_db *db, const fk_vuln_poll_config *cfg, const fk_fetch_pause *pause,
                         int64_t now_ms, int64_t *next_ms, fk_err *err);

/* Starts the poller (nothing when neither API is polled: *out stays NULL); the strings
 * of cfg must outlive it. Stopped by fk_periodic_stop, which cuts a fetch's pause short. */
int fk_vuln_poll_start(fk_periodic **out, const fk_vuln_poll_config *cfg, fk_err *err);

#endif
