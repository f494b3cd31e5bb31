#include "alert.h"

#include <string.h>

static const char *const names[] = {"info", "low", "medium", "high", "critical"};

const char *fk_severity_name(fk_severity s)
{
    return names[s];
}

bool fk_severity_parse(const char *s, fk_severity *out)
{
    for (int i = 0; i < 5; i++)
        if (strcmp(s, names[i]) == 0) {
            *out = (fk_severity)i;
            return true;
        }
    return false;
}
