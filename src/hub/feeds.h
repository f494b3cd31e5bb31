/* Remote TAXII feeds read into the hub: a poll takes each new page of a remote
 * collection into the local collection the feed fills (one transaction per page with
 * the cursor), and the indicators among them reach live detection through the
 * monitor's loader like any other shared indicator. The poller is a thread with its own
 * database connection that polls every feed at an interval. */
#ifndef FK_HUB_FEEDS_H
#define FK_HUB_FEEDS_H

#include "../store/db.h"
#include "periodic.h"
#include "taxii_client.h"

#include <stddef.h>

typedef struct fk_feeds_config {
    const char *store; /* a data folder or postgres://… (fk_db_open) */
    int interval_s;    /* between polls of every feed; 0: no poller thread */
    size_t page_size;  /* objects asked per page (limit); 0: 1000 */
    int max_pages;     /* per feed and poll; 0: 100 */
    fk_taxii_client_opts http;
    bool quiet;
} fk_feeds_config;

typedef struct fk_feed_poll {
    size_t pages, taken, withheld, refused;
    char cursor[40]; /* after the poll */
} fk_feed_poll;

/* Polls one feed now. TLP:AMBER+STRICT and TLP:RED objects are withheld (the centre does
 * not pass them on); objects that are not valid STIX are refused (counted, not fatal).
 * The outcome, error included, is recorded on the feed. Errors: FK_ERR_INVALID (no such
 * feed, its key's environment variable is not set, the answer is not a TAXII envelope),
 * FK_ERR_BUSY (unreachable, HTTP error), FK_ERR_STORAGE. */
int fk_hub_feed_poll(fk_db *db, const char *name, const fk_feeds_config *cfg, fk_feed_poll *out,
                     fk_err *err);

/* Starts the poller (nothing when cfg->interval_s is 0: *out stays NULL); the strings of
 * cfg must outlive it. Stopped by fk_periodic_stop, between feeds. */
int fk_feeds_start(fk_periodic **out, const fk_feeds_config *cfg, fk_err *err);

#endif
