#include "webquery.h"

#include <string.h>
#include <strings.h>

const char *fk_webquery_param_end(const char *q, const char *end, const char **eq)
{
    const char *amp = memchr(q, '&', (size_t)(end - q));
    const char *stop = amp ? amp : end;
    *eq = memchr(q, '=', (size_t)(stop - q));
    return stop;
}

/* A link copied out of HTML without unescaping it (crawlers and feed readers send such
 * links all day) separates its parameters with "&amp;", escaped once or many times: the
 * "amp;" belongs to the separator, not to the next parameter's name (amp;id=7 would read
 * as a command, and amp;amp;amp;... as an overlong name). */
const char *fk_webquery_next(const char *stop, const char *end)
{
    if (stop >= end) /* the last parameter: nothing follows */
        return end;
    const char *q = stop + 1;
    while (end - q > 4 && !strncasecmp(q, "amp;", 4))
        q += 4;
    return q;
}
