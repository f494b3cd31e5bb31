/* Signs that a web attack worked: a request a web signature flagged, answered 2xx with
 * a size unlike what the same URL usually returns. Owns the per-URL size baselines
 * (learned from requests no signature flagged) and the flagged requests awaiting them. */
#ifndef FK_WEBSUCCESS_H
#define FK_WEBSUCCESS_H

#include "../model/alert.h"
#include "../model/event.h"

typedef struct fk_websuccess fk_websuccess;

typedef struct fk_websuccess_limits {
    uint32_t min_baseline; /* clean 2xx answers a URL needs before it is judged (5) */
    double deviation;      /* how many spreads from the usual log-size counts (3.0) */
    int64_t min_bytes;     /* and by at least this many bytes (256) */
    size_t max_pending;    /* flagged requests kept for judging (100000) */
    size_t max_urls;       /* URLs with a baseline (1000000) */
} fk_websuccess_limits;

void fk_websuccess_default_limits(fk_websuccess_limits *l);
fk_websuccess *fk_websuccess_new(const fk_websuccess_limits *l, fk_alert_fn sink, void *ctx);
/* Feeds one web event. signature/family: the strongest web signature that fired on it,
 * or NULL for a clean request (which then teaches the URL's baseline). Returns 0, or -1
 * when memory ran out. */
int fk_websuccess_event(fk_websuccess *w, const fk_event *ev, const char *signature,
                        const char *family, fk_str evidence);
/* Judges every flagged request against the baselines seen by the end of input (an attack
 * often comes before most of the normal traffic to its URL) and emits the alerts. */
int fk_websuccess_flush(fk_websuccess *w);
/* Flagged requests that could not be kept because max_pending was reached. */
uint64_t fk_websuccess_dropped(const fk_websuccess *w);
void fk_websuccess_free(fk_websuccess *w);

#endif
