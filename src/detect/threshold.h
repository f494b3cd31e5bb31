/* Threshold rules: "N matching events (or N distinct values of a field) from one group
 * within T seconds", over sliding windows keyed by any event fields. Owns the loaded
 * rules (a small YAML format, see docs/rules.md) and the per-group window state. */
#ifndef FK_THRESHOLD_H
#define FK_THRESHOLD_H

#include "../core/error.h"
#include "../model/alert.h"

typedef struct fk_ruleset fk_ruleset;
typedef struct fk_threshold fk_threshold;

fk_ruleset *fk_ruleset_new(void);
/* Adds the rules of a file; errors name the file, line and what was expected. */
int fk_ruleset_load_file(fk_ruleset *rs, const char *path, fk_err *err);
int fk_ruleset_load_buffer(fk_ruleset *rs, const char *name, const char *data, size_t n,
                           fk_err *err);
size_t fk_ruleset_count(const fk_ruleset *rs);
void fk_ruleset_free(fk_ruleset *rs);

fk_threshold *fk_threshold_new(const fk_ruleset *rs, fk_alert_fn sink, void *ctx);
/* Feeds one event; alerts are emitted when a burst ends (or at flush). */
int fk_threshold_event(fk_threshold *t, const fk_event *ev);
/* Emits the alerts of bursts still open; call at end of input. */
int fk_threshold_flush(fk_threshold *t);
void fk_threshold_free(fk_threshold *t);

#endif
