/* The console's languages (see i18n.h). */
#include "i18n.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const names[FK_LANG_COUNT] = {"en", "ja"};

static int lang_index(const char *lang)
{
    for (int i = 0; lang && i < FK_LANG_COUNT; i++)
        if (!strcmp(lang, names[i]))
            return i;
    return FK_LANG_EN;
}

static int by_key(const void *key, const void *entry)
{
    return strcmp(key, ((const fk_i18n_entry *)entry)->key);
}

const char *fk_i18n(const char *lang, const char *key)
{
    const fk_i18n_entry *e =
        bsearch(key, fk_i18n_table, fk_i18n_count, sizeof *fk_i18n_table, by_key);
    return e ? e->text[lang_index(lang)] : key;
}

bool fk_i18n_known(const char *lang)
{
    for (int i = 0; lang && i < FK_LANG_COUNT; i++)
        if (!strcmp(lang, names[i]))
            return true;
    return false;
}

const char *fk_i18n_pick(const char *accept)
{
    const char *best = names[FK_LANG_EN];
    double best_q = -1;
    for (const char *p = accept; p && *p;) {
        while (*p == ' ' || *p == ',')
            p++;
        size_t n = strcspn(p, ",;");
        double q = 1;
        const char *semi = p + n;
        if (*semi == ';') {
            const char *qs = strstr(semi, "q=");
            const char *comma = strchr(semi, ',');
            if (qs && (!comma || qs < comma))
                q = strtod(qs + 2, NULL);
        }
        for (int i = 0; i < FK_LANG_COUNT; i++) {
            size_t ln = strlen(names[i]);
            /* "ja", "ja-JP", "en-GB" */
            if (n >= ln && !strncasecmp(p, names[i], ln) && (n == ln || p[ln] == '-') &&
                q > best_q) {
                best = names[i];
                best_q = q;
            }
        }
        p = strchr(p, ',');
    }
    return best;
}
