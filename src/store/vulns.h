/* Vulnerability records as the intake feeds leave them (vuln/record.h): one row per
 * vulnerability, each source's record in its own column and merged columns to rank and
 * match by (NVD's score and version ranges before JVN's, JVN's Japanese title kept),
 * KEV and EPSS facts on the same row, JVNDB identifiers linked as aliases, and the
 * product index matching looks candidates up by. Owns vuln, vuln_alias, vuln_product and
 * vuln_feed. */
#ifndef FK_STORE_VULNS_H
#define FK_STORE_VULNS_H

#include "db.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

/* What a put did, summed over an import. */
typedef struct fk_vuln_tally {
    size_t added, updated, unchanged;
} fk_vuln_tally;

/* A normalised NVD or JVN record. A JVN record naming CVEs goes onto each CVE's row
 * (and its JVNDB id becomes their alias); one naming none has a row of its own. The ids
 * of rows whose matching may change are appended to changed (may be NULL): not an NVD
 * record whose configurations are the very text stored from NVD before. A record no
 * newer than the one stored from its source changes nothing. */
int fk_vulns_put_record(fk_db *db, json_t *rec, int64_t now_ms, fk_vuln_tally *t, json_t *changed,
                        fk_err *err);
/* A KEV fact {id, kev: {...}} or an EPSS fact {id, epss, percentile, date} onto its
 * CVE's row (a row is made for a CVE not yet imported, so no fact is lost). */
int fk_vulns_put_kev(fk_db *db, json_t *fact, int64_t now_ms, fk_vuln_tally *t, fk_err *err);
int fk_vulns_put_epss(fk_db *db, json_t *fact, int64_t now_ms, fk_vuln_tally *t, fk_err *err);

/* The feed's last import: when, how many records, and the newest lastModified seen (the
 * live NVD API asks for what changed after it). */
int fk_vulns_feed_note(fk_db *db, const char *feed, const char *last_modified, size_t records,
                       int64_t now_ms, fk_err *err);
int fk_vulns_feeds(fk_db *db, json_t **out, fk_err *err);

/* The hub's polls of a live API ("nvd", "jvn"): one begins (state running), and ends
 * done or failed with its outcome (the summary's JSON, or the error). */
int fk_vulns_poll_begin(fk_db *db, const char *api, int64_t now_ms, fk_err *err);
int fk_vulns_poll_end(fk_db *db, const char *api, bool ok, const char *outcome, int64_t now_ms,
                      fk_err *err);
/* When the last poll of api began (0: never), and whether it ended. */
int fk_vulns_poll_started(fk_db *db, const char *api, int64_t *started_ms, bool *ended,
                          fk_err *err);
/* [{api, started_ms, finished_ms, state, outcome}], by api. */
int fk_vulns_polls(fk_db *db, json_t **out, fk_err *err);

typedef struct fk_vuln_filter {
    const char *q;       /* in the id or the title */
    bool kev;            /* known exploited only */
    double min_score;    /* CVSS at least */
    int64_t matched_org; /* > 0: only those matching that organisation's systems */
    bool matched_any;    /* only those matching some system */
} fk_vuln_filter;

/* A page of records by id (newest identifiers first): id, title, cvss, severity, kev,
 * epss, modified, and for matched_org/matched_any the number of systems. */
int fk_vulns_list(fk_db *db, const fk_vuln_filter *f, const fk_page *page, json_t **out,
                  fk_err *err);
/* One record (an alias such as a JVNDB id finds its CVE's): the merged columns, each
 * source's record, its aliases; NULL in *out when there is none. */
int fk_vulns_get(fk_db *db, const char *id, json_t **out, fk_err *err);
/* How many records, how many known exploited, how many with scores. */
int fk_vulns_counts(fk_db *db, json_t **out, fk_err *err);

#endif
