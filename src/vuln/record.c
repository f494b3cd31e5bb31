#include "record.h"

#include "../core/timefmt.h"
#include "cpe.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static bool digits_then(const char *s, size_t min, size_t max, size_t *n)
{
    size_t k = 0;
    while (isdigit((unsigned char)s[k]))
        k++;
    *n = k;
    return k >= min && k <= max;
}

bool fk_vuln_is_cve(const char *id)
{
    size_t n;
    if (!id || strncmp(id, "CVE-", 4) != 0 || !digits_then(id + 4, 4, 4, &n) || id[8] != '-')
        return false;
    return digits_then(id + 9, 4, 19, &n) && id[9 + n] == '\0';
}

bool fk_vuln_is_jvndb(const char *id)
{
    size_t n;
    if (!id || strncmp(id, "JVNDB-", 6) != 0 || !digits_then(id + 6, 4, 4, &n) || id[10] != '-')
        return false;
    return digits_then(id + 11, 6, 12, &n) && id[11 + n] == '\0';
}

bool fk_vuln_date(const char *text, char out[32])
{
    int64_t ms;
    if (!text || !fk_time_parse_iso8601(text, strlen(text), &ms))
        return false;
    fk_time_format(ms, out);
    return true;
}

static int by_text(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

bool fk_vuln_vendor_product(const char *fs, char *out, size_t cap)
{
    if (strncmp(fs, "cpe:2.3:", 8) != 0)
        return false;
    const char *p = fs + 8;
    if (!*p || p[1] != ':')
        return false;
    p += 2; /* the part */
    size_t k = 0;
    int colons = 0;
    for (; *p; p++) {
        if (*p == '\\' && p[1]) {
            if (k + 1 >= cap)
                return false;
            out[k++] = (char)tolower((unsigned char)*++p);
            continue;
        }
        if (*p == ':' && ++colons == 2)
            break;
        if (k + 1 >= cap)
            return false;
        out[k++] = (char)tolower((unsigned char)*p);
    }
    out[k] = '\0';
    return colons == 2 && k > 2;
}

json_t *fk_vuln_products(json_t *configurations)
{
    const char **names = NULL;
    size_t n = 0, cap = 0;
    char *texts = NULL;
    json_t *out = json_array();
    size_t i, k, m;
    json_t *config, *node, *match;
    /* two passes: count, then collect, so the names need no copies */
    json_array_foreach(configurations, i, config)
        json_array_foreach(json_object_get(config, "nodes"), k, node) cap +=
        json_array_size(json_object_get(node, "cpeMatch"));
    if (!out || (cap && !(names = malloc(cap * sizeof *names))) ||
        (cap && !(texts = malloc(cap * 256)))) {
        free(names);
        json_decref(out);
        return NULL;
    }
    json_array_foreach(configurations, i, config)
        json_array_foreach(json_object_get(config, "nodes"), k, node)
            json_array_foreach(json_object_get(node, "cpeMatch"), m, match)
    {
        const char *criteria = json_string_value(json_object_get(match, "criteria"));
        if (!criteria || !json_is_true(json_object_get(match, "vulnerable")) || n >= cap)
            continue;
        if (fk_vuln_vendor_product(criteria, texts + n * 256, 256)) {
            names[n] = texts + n * 256;
            n++;
        }
    }
    if (n)
        qsort(names, n, sizeof *names, by_text);
    for (size_t j = 0; j < n; j++)
        if ((j == 0 || strcmp(names[j], names[j - 1]) != 0) &&
            json_array_append_new(out, json_string(names[j])) != 0) {
            json_decref(out);
            out = NULL;
            break;
        }
    free(names);
    free(texts);
    return out;
}

int fk_vuln_set_text(json_t *record, const char *key, const char *lang, const char *text)
{
    while (isspace((unsigned char)*text))
        text++;
    size_t n = strlen(text);
    while (n && isspace((unsigned char)text[n - 1]))
        n--;
    if (!n)
        return 0;
    json_t *langs = json_object_get(record, key);
    if (!langs) {
        langs = json_object();
        if (!langs || json_object_set_new(record, key, langs) != 0)
            return -1;
    }
    if (json_object_get(langs, lang))
        return 0; /* the first text of a language wins, as the source ordered them */
    return json_object_set_new(langs, lang, json_stringn(text, n));
}

json_t *fk_vuln_configurations(json_t *record)
{
    json_t *c = json_object_get(record, "configurations");
    if (c)
        return json_incref(c);
    const char *text = json_string_value(json_object_get(record, "configurations_json"));
    return text ? json_loads(text, 0, NULL) : json_array();
}
