/* Advisories: what applies to whose systems, ranked (vuln/priority.h), and what the centre
 * does with it: a draft release of one vulnerability to exactly the organisations it
 * concerns (sent at once to those with early delivery, by prior agreement), released by
 * an analyst through the release path; and the compensating measures members record for
 * industrial-control systems that cannot be patched at once. Use cases, one transaction
 * each. */
#ifndef FK_HUB_ADVISORIES_H
#define FK_HUB_ADVISORIES_H

#include "../intel/release.h"
#include "../store/directory.h"
#include "sharing.h"

#include <jansson.h>
#include <stdbool.h>

typedef struct fk_advisory_query {
    const char *org;  /* the centre: one member's (NULL: all); a member sees its own */
    const char *tier; /* immediate, high, medium, low (NULL: any) */
    const char *vuln; /* one vulnerability (NULL: all) */
    const char *lang; /* "ja" or "en" */
    size_t limit;
} fk_advisory_query;

/* For each organisation and vulnerability that applies to its systems: the tier, the
 * deadline or the compensating measures (with those recorded), what to do, and the
 * systems; highest first. */
int fk_hub_advisories(fk_db *db, const fk_principal *who, const fk_advisory_query *q, json_t **out,
                      fk_err *err);

/* Drafts the release of vuln_id's advisory (the centre's analysts): the centre's report
 * about it (type vulnerability, TLP:AMBER, no member named in it) and the decision that
 * releases it to the organisations whose systems it applies to, in the tier and by the
 * deadline of the most urgent; organisations with early delivery get it released at
 * once. *out: the draft (fk_advisory_draft_get) with "early" (the release to early
 * organisations: {release, organisations} or null). FK_ERR_NOT_FOUND when no system is
 * affected. */
int fk_hub_advisory_draft(fk_db *db, const fk_hub_policy *policy, const fk_principal *who,
                          const char *vuln_id, const char *lang, int64_t now_ms, json_t **out,
                          fk_err *err);
/* Releases a draft under its decision (decision_override: an edited one, or NULL). As
 * fk_hub_release; FK_RELEASE_BAD_REQUEST when there is no such draft or it was released. */
int fk_hub_advisory_draft_release(fk_db *db, const fk_hub_policy *policy, const fk_principal *who,
                                  int64_t report_id, json_t *decision_override,
                                  fk_release_outcome *out, fk_err *err);
/* One draft: 0, 1 when there is none. */
int fk_hub_advisory_draft_get(fk_db *db, const fk_principal *who, int64_t report_id, json_t **out,
                              fk_err *err);
int fk_hub_advisory_drafts(fk_db *db, const fk_principal *who, const char *vuln, bool pending,
                           size_t limit, json_t **out, fk_err *err);

/* Records what stands in for a patch on one system for one vulnerability: in {measure,
 * state: planned|in-place|patched, review_by: YYYY-MM-DD (optional)}. A member for its
 * own systems. 1 when the system is not visible. */
int fk_hub_measure_record(fk_db *db, const fk_principal *who, int64_t asset_id, const char *vuln_id,
                          json_t *in, int64_t now_ms, fk_err *err);
int fk_hub_measures(fk_db *db, const fk_principal *who, const char *org, const char *vuln,
                    json_t **out, fk_err *err);

/* The centre's administrators: whether org receives advisories early. */
int fk_hub_early_delivery_set(fk_db *db, const fk_principal *who, const char *org, bool early,
                              fk_err *err);

#endif
