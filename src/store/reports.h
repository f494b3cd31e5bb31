/* Reports from members (情報連絡), their triage, and the releases made from them
 * (情報提供). The true provider of a report stays here, in the centre's records;
 * releases hold only the anonymised STIX bundle and the audience it is for. */
#ifndef FK_REPORTS_H
#define FK_REPORTS_H

#include "db.h"
#include "directory.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

/* The hub's own STIX identity id (created with the database). */
const char *fk_hub_identity(fk_db *db, char buf[80]);

/* norm: from fk_report_normalise. Audited as report.create. */
int fk_report_insert(fk_db *db, const fk_principal *who, json_t *norm, int64_t *id, fk_err *err);
/* 0 found, 1 not found, -1 error. with_provider adds the provider's organisation,
 * sector and identifiers (for the centre and for anonymisation). */
int fk_report_load(fk_db *db, int64_t id, bool with_provider, json_t **out, fk_err *err);
/* What a listing keeps (NULL or "" fields: any), and its order: by id, oldest first
 * (page->after: the last id of the previous page), or newest first (page->after: the
 * id the next page goes below). */
typedef struct fk_report_filter {
    const char *status; /* new, triaged, merged, released */
    const char *type;   /* one of the nine types */
    bool newest_first;
} fk_report_filter;
bool fk_report_status_valid(const char *s);
/* org_id 0 lists every report; f may be NULL; page: by id (NULL: all). Listed reports
 * carry indicator_count and cve_count instead of their indicators and CVEs. */
int fk_report_list(fk_db *db, int64_t org_id, const fk_report_filter *f, const fk_page *page,
                   bool with_provider, json_t **out, fk_err *err);
/* The reports awaiting triage (status new) of org_id (0: every organisation's, with
 * their providers): how many in *count, and the limit that have waited longest. */
int fk_report_awaiting(fk_db *db, int64_t org_id, size_t limit, int64_t *count, json_t **out,
                       fk_err *err);
int fk_report_triage(fk_db *db, const char *actor, int64_t id, int severity, const char *scale,
                     json_t *reasons, fk_err *err);
int fk_report_merge(fk_db *db, const char *actor, int64_t id, int64_t into, fk_err *err);

int fk_release_insert(fk_db *db, const char *actor, const fk_principal *who, int64_t report_id,
                      const char *stix_report_id, json_t *audience, const char *tier,
                      const char *deadline, json_t *bundle, int64_t *release_id, fk_err *err);
/* The releases whose audience includes who (the centre sees all), by id. only_id: 0
 * lists them without their bundles; an id gives that release with its bundle and its
 * object count ("objects"). page: NULL for all. */
int fk_release_list(fk_db *db, const fk_principal *who, int64_t only_id, const fk_page *page,
                    json_t **out, fk_err *err);
/* The same, of one tier only (NULL or "": any). */
int fk_release_list_tier(fk_db *db, const fk_principal *who, int64_t only_id, const char *tier,
                         const fk_page *page, json_t **out, fk_err *err);
/* The releases addressed to who whose deadline is at or after from (RFC 3339, as
 * stored), soonest first, at most limit, without their bundles. */
int fk_release_due(fk_db *db, const fk_principal *who, const char *from, size_t limit, json_t **out,
                   fk_err *err);

#endif
