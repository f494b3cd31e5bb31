/* Severity scales: the seeds' draft 0 (none) to 5 (crisis) by default, and the published
 * 2018 edition 0 to 4; a level is judged on impact on society and on systems and stored
 * with its reasons. Owns only constant data; the hub's configuration picks the scale. */
#ifndef FK_SEVERITY_H
#define FK_SEVERITY_H

#include <jansson.h>

typedef struct fk_severity_level {
    int level;
    const char *name_ja, *name_en, *description_en;
} fk_severity_level;

typedef struct fk_severity_scale {
    const char *code;
    const char *title;
    const fk_severity_level *levels;
    int nlevels; /* levels 0 .. nlevels-1 */
} fk_severity_scale;

/* "seeds-2016" (0-5, the default) or "nisc-2018" (0-4); NULL when unknown. */
const fk_severity_scale *fk_severity_scale_find(const char *code);
const fk_severity_scale *fk_severity_scale_default(void);
json_t *fk_severity_scale_json(const fk_severity_scale *s);

#endif
