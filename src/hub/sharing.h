/* Sharing use cases that span several stores: releasing a report (the release, the
 * report's status, its audit entry and its publication into every TAXII collection
 * whose readers it covers) happens in one transaction, so a crash leaves either all of
 * it or none. */
#ifndef FK_SHARING_H
#define FK_SHARING_H

#include "../intel/release.h"
#include "../store/db.h"
#include "../store/directory.h"

#include <jansson.h>
#include <stdint.h>

typedef struct fk_release_outcome {
    fk_release_refusal status; /* FK_RELEASE_OK, or why not (err says more) */
    int64_t release_id;
    size_t withheld, not_selected, collections;
    json_t *withheld_text; /* owned; [{field, reason}] or NULL */
} fk_release_outcome;

/* Releases report_id under decision. Returns 0 with out filled (out->status tells a
 * refusal from success), -1 on a storage error. A report that does not exist is
 * FK_RELEASE_BAD_REQUEST with err saying so. */
int fk_hub_release(fk_db *db, const fk_hub_policy *policy, const fk_principal *who,
                   int64_t report_id, json_t *decision, fk_release_outcome *out, fk_err *err);

/* What fk_hub_release would release under decision, without releasing it: the bundle,
 * and in out->redactions and out->withheld_values exactly what anonymising removes
 * and which indicators are withheld. Returns as fk_hub_release, the refusal in
 * *status; out is the caller's to free when *status is FK_RELEASE_OK. */
int fk_hub_release_preview(fk_db *db, const fk_hub_policy *policy, const fk_principal *who,
                           int64_t report_id, json_t *decision, fk_release_result *out,
                           fk_release_refusal *status, fk_err *err);

/* The releases addressed to who (the centre: every one): a page of them without their
 * bundles (only_id 0), or one with its bundle. Every read of released data is audited:
 * who read which releases, and where (a path). */
int fk_hub_releases_read(fk_db *db, const fk_principal *who, int64_t only_id, const fk_page *page,
                         const char *where, json_t **out, fk_err *err);
/* The same, of one tier only (NULL or "": any). */
int fk_hub_releases_read_tier(fk_db *db, const fk_principal *who, int64_t only_id, const char *tier,
                              const fk_page *page, const char *where, json_t **out, fk_err *err);
/* The releases addressed to who whose deadline has not passed at now_ms, soonest first,
 * at most limit, without their bundles; audited as a read. */
int fk_hub_releases_due(fk_db *db, const fk_principal *who, int64_t now_ms, size_t limit,
                        const char *where, json_t **out, fk_err *err);

/* Whether who may see release_id: 0 yes, 1 no, -1 on a storage error. */
int fk_hub_release_visible(fk_db *db, const fk_principal *who, int64_t release_id, fk_err *err);
/* A member's answer to a release addressed to it: state "acknowledged", "done" or
 * "not-affected", with a note (optional). 1 when the caller may not see the release;
 * FK_ERR_DENIED for the centre, which does not answer its own releases. */
int fk_hub_release_answer(fk_db *db, const fk_principal *who, int64_t release_id, const char *state,
                          const char *note, int64_t now_ms, fk_err *err);
/* Who the release is addressed to and what each answered: the centre every
 * organisation, a member its own row. 1 when the caller may not see the release. */
int fk_hub_release_answers(fk_db *db, const fk_principal *who, int64_t release_id, json_t **out,
                           fk_err *err);
/* The scheduler's part: the releases whose deadline passed by now_ms (at most limit),
 * each organisation that has not answered reminded once by e-mail. */
int fk_hub_release_deadlines_check(fk_db *db, int64_t now_ms, size_t limit, size_t *handled,
                                   fk_err *err);

#endif
