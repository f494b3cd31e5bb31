/* Taking the NVD (and JVN iPedia, through MyJVN) in from their live APIs rather than from
 * files. The NVD's CVE API 2.0: page by page
 * (resultsPerPage, startIndex), only what changed since the newest record taken in
 * (lastModStartDate/lastModEndDate, in windows of at most 120 days as the API demands),
 * within the API's rate limit (5 requests in 30 s without a key, 50 with one; the key
 * from the environment, sent as the apiKey header and never logged), backing off when
 * the API refuses (403, 429, 503). Each page is one document of fk_hub_vuln_import: read
 * whole, stored in its own transaction and what it changes matched. */
#ifndef FK_HUB_VULN_FETCH_H
#define FK_HUB_VULN_FETCH_H

#include "../store/directory.h"
#include "taxii_client.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

/* How a fetch waits between requests. fn NULL: in place; a hub's poller passes a wait that
 * its stop cuts short (fn returns false): the fetch then ends, as with an error, keeping
 * the pages taken in before. */
typedef struct fk_fetch_pause {
    bool (*fn)(void *ctx, int64_t ms);
    void *ctx;
} fk_fetch_pause;
/* The wait of a fetch without a pause of its own (nanosleep); true. */
bool fk_fetch_pause_in_place(int64_t ms);

typedef struct fk_nvd_fetch_opts {
    const char *url;     /* NULL: https://services.nvd.nist.gov/rest/json/cves/2.0 */
    const char *api_key; /* NULL: none (the slower rate) */
    const char *since;   /* RFC 3339; NULL: after the newest record taken in (none: all) */
    bool all;            /* every record, whatever was taken in before */
    size_t page_size;    /* 0: 2000, the API's most */
    double interval_s;   /* < 0: the API's rate (6 s without a key, 0.6 s with one) */
    int retries;         /* 0: 5 */
    fk_taxii_client_opts http;
    fk_fetch_pause pause;
} fk_nvd_fetch_opts;

/* *summary: {"requests", "retries", "pages", "records", "added", "updated", "unchanged",
 * "matches", "since", "until"}. A page the API or the reader refuses stops the fetch
 * with err naming the page; the pages before it stay taken in. */
int fk_hub_nvd_fetch(fk_db *db, const fk_principal *who, const fk_nvd_fetch_opts *o, int64_t now_ms,
                     json_t **summary, fk_err *err);

/* The same from MyJVN (JVN iPedia): getVulnOverviewList pages (50 entries each) of the
 * entries updated since the newest taken in (datePublishedStart*, MyJVN's last-updated
 * date), then getVulnDetailInfo for them, ten at a time, each answer one JVN document
 * of fk_hub_vuln_import. MyJVN has no key; a pause between requests keeps to its terms. */
typedef struct fk_jvn_fetch_opts {
    const char *url;   /* NULL: https://jvndb.jvn.jp/myjvn */
    const char *since; /* RFC 3339 or a date; NULL: the newest entry taken in (none: all) */
    bool all;
    const char *lang;  /* ja (default) or en */
    double interval_s; /* < 0: 1 s */
    int retries;       /* 0: 5 */
    fk_taxii_client_opts http;
    fk_fetch_pause pause;
} fk_jvn_fetch_opts;

int fk_hub_jvn_fetch(fk_db *db, const fk_principal *who, const fk_jvn_fetch_opts *o, int64_t now_ms,
                     json_t **summary, fk_err *err);

#endif
