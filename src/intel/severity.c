#include "severity.h"

#include <string.h>

/* The seeds' draft: levels chosen by the worse of the impact on society (people's
 * lives, the economy, government functions) and on systems (the scale and duration
 * of the outage or breach). */
static const fk_severity_level seeds[] = {
    {0, "レベル0（影響なし）", "none", "No impact on society or on systems."},
    {1, "レベル1（軽微）", "low", "Minor impact, contained within one organisation."},
    {2, "レベル2（中程度）", "medium",
     "Noticeable impact on services or on several organisations."},
    {3, "レベル3（重大）", "high", "Serious impact on important services or on a sector."},
    {4, "レベル4（深刻）", "severe", "Severe impact across sectors or on people's lives."},
    {5, "レベル5（危機的）", "crisis",
     "A national crisis: the government's emergency response is needed."},
};

static const fk_severity_level nisc2018[] = {
    {0, "レベル0", "none", "No impact."},
    {1, "レベル1", "low", "Limited impact."},
    {2, "レベル2", "medium", "Impact on services or on several organisations."},
    {3, "レベル3", "high", "Serious impact on society or on critical services."},
    {4, "レベル4", "severe", "Severe, widespread impact on society."},
};

static const fk_severity_scale scales[] = {
    {"seeds-2016", "Draft severity criteria of the seeds (0-5)", seeds, 6},
    {"nisc-2018", "Published 2018 edition (0-4)", nisc2018, 5},
};

const fk_severity_scale *fk_severity_scale_find(const char *code)
{
    for (size_t i = 0; i < sizeof scales / sizeof scales[0]; i++)
        if (!strcmp(scales[i].code, code))
            return &scales[i];
    return NULL;
}

const fk_severity_scale *fk_severity_scale_default(void)
{
    return &scales[0];
}

json_t *fk_severity_scale_json(const fk_severity_scale *s)
{
    json_t *levels = json_array();
    for (int i = 0; i < s->nlevels; i++)
        json_array_append_new(levels,
                              json_pack("{sissssss}", "level", s->levels[i].level, "name_ja",
                                        s->levels[i].name_ja, "name_en", s->levels[i].name_en,
                                        "description", s->levels[i].description_en));
    return json_pack("{sssssiso}", "code", s->code, "title", s->title, "max", s->nlevels - 1,
                     "levels", levels);
}
