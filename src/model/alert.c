#include "alert.h"

#include "../core/utf8.h"

#include <stddef.h>
#include <stdlib.h>
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

/* The alert's fields as a table, so the two directions of the JSON form cannot drift:
 * text fields by offset, slices by offset, then the numbers by hand. */
typedef struct {
    const char *key;
    size_t off;
} field_at;

static const field_at texts[] = {
    {"engine", offsetof(fk_alert, engine)},
    {"rule_id", offsetof(fk_alert, rule_id)},
    {"title", offsetof(fk_alert, title)},
    {"file", offsetof(fk_alert, file)},
    {"field", offsetof(fk_alert, field)},
    {"group", offsetof(fk_alert, group)},
    {"indicator", offsetof(fk_alert, indicator)},
    {"indicator_type", offsetof(fk_alert, indicator_type)},
    {"indicator_id", offsetof(fk_alert, indicator_id)},
    {"indicator_label", offsetof(fk_alert, indicator_label)},
    {"family", offsetof(fk_alert, family)},
    {"confidence", offsetof(fk_alert, confidence)},
    {"reason", offsetof(fk_alert, reason)},
    {"tags", offsetof(fk_alert, tags)},
    {"origin", offsetof(fk_alert, origin)},
};

static const field_at slices[] = {
    {"value", offsetof(fk_alert, value)},   {"src_ip", offsetof(fk_alert, src_ip)},
    {"target", offsetof(fk_alert, target)}, {"org", offsetof(fk_alert, org)},
    {"sector", offsetof(fk_alert, sector)},
};

/* A JSON string of bytes from a log line, which need not be UTF-8: a byte that does not
 * begin a valid sequence becomes U+FFFD (core/utf8), as the PostgreSQL store would store
 * it; NUL bytes stay (JSON escapes them). */
static json_t *text_json(const char *s, size_t n)
{
    json_t *j = json_stringn(s, n);
    if (j)
        return j;
    size_t len = 0;
    bool failed = false;
    char *clean = fk_utf8_repair(s, n, true, &len, &failed);
    j = clean ? json_stringn(clean, len) : NULL;
    free(clean);
    return j;
}

json_t *fk_alert_to_json(const fk_alert *a)
{
    json_t *o = json_object();
    if (!o)
        return NULL;
    int rc = 0;
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        const char *s = *(const char *const *)((const char *)a + texts[i].off);
        if (s && *s)
            rc |= json_object_set_new(o, texts[i].key, text_json(s, strlen(s)));
    }
    for (size_t i = 0; i < sizeof slices / sizeof slices[0]; i++) {
        const fk_str *s = (const fk_str *)((const char *)a + slices[i].off);
        if (s->n)
            rc |= json_object_set_new(o, slices[i].key, text_json(s->p, s->n));
    }
    rc |= json_object_set_new(o, "severity", json_string(fk_severity_name(a->severity)));
    rc |= json_object_set_new(o, "line", json_integer((json_int_t)a->line));
    rc |= json_object_set_new(o, "count", json_integer((json_int_t)a->count));
    rc |= json_object_set_new(o, "indicator_line", json_integer(a->indicator_line));
    if (a->has_time) {
        rc |= json_object_set_new(o, "first_ms", json_integer(a->first_ms));
        rc |= json_object_set_new(o, "last_ms", json_integer(a->last_ms));
    }
    if (rc) { /* no memory */
        json_decref(o);
        return NULL;
    }
    return o;
}

int fk_alert_from_json(const json_t *o, fk_alert *a, const char **bad)
{
    memset(a, 0, sizeof *a);
    *bad = NULL;
    if (!json_is_object(o))
        return *bad = "alert", -1;
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        json_t *v = json_object_get(o, texts[i].key);
        if (v && !json_is_string(v))
            return *bad = texts[i].key, -1;
        *(const char **)((char *)a + texts[i].off) = v ? json_string_value(v) : NULL;
    }
    for (size_t i = 0; i < sizeof slices / sizeof slices[0]; i++) {
        json_t *v = json_object_get(o, slices[i].key);
        if (v && !json_is_string(v))
            return *bad = slices[i].key, -1;
        *(fk_str *)((char *)a + slices[i].off) =
            v ? (fk_str){json_string_value(v), json_string_length(v)} : (fk_str){NULL, 0};
    }
    if (!a->engine || !*a->engine)
        return *bad = "engine", -1;
    json_t *sev = json_object_get(o, "severity");
    if (!json_is_string(sev) || !fk_severity_parse(json_string_value(sev), &a->severity))
        return *bad = "severity", -1;
    const char *nums[] = {"line", "count", "indicator_line", "first_ms", "last_ms"};
    json_int_t vals[5] = {0};
    for (size_t i = 0; i < 5; i++) {
        json_t *v = json_object_get(o, nums[i]);
        if (v && (!json_is_integer(v) || json_integer_value(v) < 0))
            return *bad = nums[i], -1;
        vals[i] = v ? json_integer_value(v) : 0;
    }
    if (vals[2] > UINT32_MAX)
        return *bad = "indicator_line", -1;
    a->line = (uint64_t)vals[0];
    a->count = (uint64_t)vals[1];
    a->indicator_line = (uint32_t)vals[2];
    a->has_time = json_object_get(o, "first_ms") != NULL;
    a->first_ms = vals[3];
    a->last_ms = vals[4];
    return 0;
}
