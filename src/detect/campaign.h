/* Across organisations (分野横断): campaign rules watch the alerts of every member and
 * fire when one indicator, one source address or one rule hits at least N
 * organisations or M sectors within a window. Owns the loaded rules (rules/
 * campaigns.yml, embedded; see docs/monitoring.md) and, per rule and key, the
 * organisations seen in the window with their latest alert. */
#ifndef FK_CAMPAIGN_H
#define FK_CAMPAIGN_H

#include "../core/error.h"
#include "../model/alert.h"

#include <stdbool.h>
#include <stdint.h>

typedef struct fk_campaign_rules fk_campaign_rules;
typedef struct fk_campaign fk_campaign;

/* Errors name the file, line and what was expected. */
int fk_campaign_rules_load(fk_campaign_rules **out, const char *name, const char *yaml, size_t n,
                           fk_err *err);
/* The shipped rules (rules/campaigns.yml). */
int fk_campaign_rules_default(fk_campaign_rules **out, fk_err *err);
size_t fk_campaign_rules_count(const fk_campaign_rules *r);
void fk_campaign_rules_free(fk_campaign_rules *r);

typedef struct fk_campaign_hit {
    const char *rule_id, *title, *by;
    fk_severity severity;
    fk_str value;               /* the indicator, address or "engine:rule" */
    size_t norgs, nsectors;     /* distinct, within the window */
    const char *const *orgs;    /* their names (norgs) */
    const char *const *sectors; /* their sectors (nsectors) */
    const int64_t *alert_ids;   /* alerts to link to the campaign */
    size_t nalerts;
    int64_t first_ms, last_ms;
    int64_t window_start; /* last_ms minus the rule's window */
    bool grew;            /* it had fired for this key; more organisations have joined */
    bool link_only;       /* no new organisation: one more alert of a member already counted */
    /* the campaign's own alert: the callback sets it when the campaign forms, and gets
     * it back on later hits of the same campaign */
    int64_t *campaign_id;
} fk_campaign_hit;

typedef int (*fk_campaign_fn)(void *ctx, const fk_campaign_hit *hit);

fk_campaign *fk_campaign_new(const fk_campaign_rules *rules, fk_campaign_fn fn, void *ctx);
/* Feeds one member's alert (org and sector of the member, the alert's stored id). Alerts
 * without an organisation (the centre's own) are not counted. Returns 0, or -1 when
 * memory ran out or fn failed. */
int fk_campaign_alert(fk_campaign *c, const fk_alert *a, fk_str sector, int64_t alert_id,
                      int64_t now_ms);
/* Keys tracked (for the memory measure). */
size_t fk_campaign_keys(const fk_campaign *c);
void fk_campaign_free(fk_campaign *c);

#endif
