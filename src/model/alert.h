/* What a detection says: the rule or indicator, a severity, the evidence (file:line,
 * field, value) and, when aggregated, first/last time and count. Alerts are values
 * handed to a sink; whoever emits one owns its strings only for the call. */
#ifndef FK_ALERT_H
#define FK_ALERT_H

#include "event.h"

#include <jansson.h>

#include <stdbool.h>
#include <stdint.h>

typedef enum fk_severity {
    FK_SEV_INFO,
    FK_SEV_LOW,
    FK_SEV_MEDIUM,
    FK_SEV_HIGH,
    FK_SEV_CRITICAL,
} fk_severity;

typedef struct fk_alert {
    const char *engine;  /* "ioc", "web", "sigma", "sigma-correlation", "threshold" */
    const char *rule_id; /* indicator list, or rule id */
    const char *title;
    fk_severity severity;
    /* evidence */
    const char *file;
    uint64_t line;
    const char *field;
    fk_str value;
    /* aggregation */
    bool has_time;
    int64_t first_ms, last_ms;
    uint64_t count;
    const char *group; /* "src_ip=203.0.113.7" for threshold rules */
    /* indicators */
    const char *indicator, *indicator_type, *indicator_id, *indicator_label;
    uint32_t indicator_line;
    /* web signatures */
    const char *family, *confidence;
    const char *reason; /* what a structural reader saw ("UNION SELECT", "NUL byte") */
    /* Sigma rules: the rule's tags (ATT&CK), comma-separated */
    const char *tags;
    /* context for summaries */
    fk_str src_ip, target;
    /* where it was matched: NULL at the hub, "collector" on the member's own collector
     * (collect/match.h) */
    const char *origin;
    /* whose events raised it (empty in a local scan, or for a rule across organisations) */
    fk_str org, sector;
} fk_alert;

typedef int (*fk_alert_fn)(void *ctx, const fk_alert *alert);

const char *fk_severity_name(fk_severity s);
bool fk_severity_parse(const char *s, fk_severity *out);

/* An alert as JSON (what a detection worker sends back over the bus to the store), and
 * back: fk_alert_from_json points the alert into the object, which must outlive it;
 * on a field of the wrong type it returns -1 and names the field in *bad. */
json_t *fk_alert_to_json(const fk_alert *a);
int fk_alert_from_json(const json_t *o, fk_alert *a, const char **bad);

#endif
