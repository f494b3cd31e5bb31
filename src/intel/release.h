/* Releases (情報提供): what the centre decides to share from a report, with whom
 * (sectors, groups, all members, the public), in which tier (immediate, advisory,
 * general) and by which deadline; checked against the provider's consent and the TLP,
 * anonymised, and emitted as a STIX 2.1 bundle. Owns the hub's release policy. */
#ifndef FK_RELEASE_H
#define FK_RELEASE_H

#include "../core/error.h"
#include "severity.h"
#include <stdbool.h>

#include <jansson.h>

typedef struct fk_hub_policy {
    const char *hub_name;
    const fk_severity_scale *scale;
    long deadline_seconds[3];         /* immediate, advisory, general */
    const char *const *mask_patterns; /* extra anonymisation patterns, NULL-terminated */
    /* whether a sector code exists (the hub's edited lists); NULL: the shipped lists */
    bool (*sector_known)(void *ctx, const char *code);
    void *sector_ctx;
} fk_hub_policy;

void fk_hub_policy_defaults(fk_hub_policy *p);
/* 0, 1, 2 for immediate, advisory, general; -1 otherwise. */
int fk_tier_index(const char *tier);

typedef enum fk_release_refusal {
    FK_RELEASE_OK,
    FK_RELEASE_BAD_REQUEST, /* the decision itself is malformed */
    FK_RELEASE_REFUSED,     /* it conflicts with the provider's consent or the TLP */
    FK_RELEASE_ERROR,
} fk_release_refusal;

typedef struct fk_release_result {
    json_t *bundle;
    json_t *audience; /* normalised */
    char stix_report_id[80];
    char deadline[32];
    const char *tier;
    size_t withheld;       /* indicators not released because they point at the provider */
    size_t not_selected;   /* indicators the decision left out */
    json_t *withheld_text; /* [{field, reason}] texts withheld because anonymising failed */
    /* what anonymising removes, for a preview: [{field, original, removed: [{start, end,
     * text, label}]}] (byte offsets into original), texts with something removed only */
    json_t *redactions;
    json_t *withheld_values; /* [{type, value}] the indicators withheld */
} fk_release_result;

/* report: as fk_report_load(with_provider) gives it. decision:
 *   {"tier": ..., "audience": {"sectors": [...], "groups": [...], "all_members": bool,
 *    "public": bool}, "deadline": RFC 3339 (optional: the tier's),
 *    "include": {"description": bool, "indicators": bool or [values], "cves": bool}}
 * (include is optional: everything by default) */
fk_release_refusal fk_release_build(const fk_hub_policy *p, const char *hub_identity,
                                    json_t *report, json_t *decision, fk_release_result *out,
                                    fk_err *err);
void fk_release_result_free(fk_release_result *r);

#endif
