#include "output.h"

#include "../core/timefmt.h"

#include <csv.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static const char *const sev_colors[] = {"\033[2m", "\033[36m", "\033[33m", "\033[31m",
                                         "\033[1;41;37m"};

void fk_output_init(fk_output *o, FILE *out, fk_output_format fmt, bool color)
{
    memset(o, 0, sizeof *o);
    o->out = out;
    o->format = fmt;
    o->color = color && fmt == FK_OUT_TABLE;
    fk_strmap_init(&o->by_rule);
    fk_strmap_init(&o->by_source);
    fk_strmap_init(&o->by_target);
}

bool fk_output_format_parse(const char *s, fk_output_format *out)
{
    if (!strcmp(s, "table"))
        *out = FK_OUT_TABLE;
    else if (!strcmp(s, "json"))
        *out = FK_OUT_JSON;
    else if (!strcmp(s, "csv"))
        *out = FK_OUT_CSV;
    else
        return false;
    return true;
}

static int count(fk_strmap *m, const char *key, size_t n, uint64_t by)
{
    if (n == 0)
        return 0;
    fk_strmap_slot *s;
    if (fk_strmap_upsert(m, key, n, &s) != 0)
        return -1;
    s->value = (void *)((uintptr_t)s->value + by);
    return 0;
}

static int write_json(fk_output *o, const fk_alert *a)
{
    char t1[32], t2[32];
    json_t *j = json_object();
    if (!j)
        return -1;
    json_object_set_new(j, "engine", json_string(a->engine));
    json_object_set_new(j, "rule", json_string(a->rule_id));
    json_object_set_new(j, "title", json_string(a->title));
    json_object_set_new(j, "severity", json_string(fk_severity_name(a->severity)));
    if (a->has_time) {
        json_object_set_new(j, "first", json_string(fk_time_format(a->first_ms, t1)));
        json_object_set_new(j, "last", json_string(fk_time_format(a->last_ms, t2)));
    }
    json_object_set_new(j, "count", json_integer((json_int_t)a->count));
    json_object_set_new(j, "file", json_string(a->file ? a->file : ""));
    json_object_set_new(j, "line", json_integer((json_int_t)a->line));
    json_object_set_new(j, "field", json_string(a->field));
    /* log text need not be UTF-8: json_stringn refuses it, so fall back to bytes */
    json_t *v = json_stringn(a->value.p ? a->value.p : "", a->value.n);
    if (!v) {
        char *clean = malloc(a->value.n + 1);
        if (clean) {
            for (size_t i = 0; i < a->value.n; i++)
                clean[i] = (unsigned char)a->value.p[i] < 0x80 ? a->value.p[i] : '?';
            v = json_stringn(clean, a->value.n);
            free(clean);
        }
    }
    json_object_set_new(j, "value", v ? v : json_null());
    if (a->group)
        json_object_set_new(j, "group", json_string(a->group));
    if (a->tags)
        json_object_set_new(j, "tags", json_string(a->tags));
    if (a->family) {
        json_object_set_new(j, "family", json_string(a->family));
        json_object_set_new(j, "confidence", json_string(a->confidence));
        if (a->reason)
            json_object_set_new(j, "reason", json_string(a->reason));
    }
    if (a->indicator) {
        json_object_set_new(j, "indicator", json_string(a->indicator));
        json_object_set_new(j, "indicator_type", json_string(a->indicator_type));
        if (a->indicator_id && *a->indicator_id)
            json_object_set_new(j, "indicator_id", json_string(a->indicator_id));
        if (a->indicator_label && *a->indicator_label)
            json_object_set_new(j, "indicator_label", json_string(a->indicator_label));
        if (a->indicator_line)
            json_object_set_new(j, "indicator_line", json_integer(a->indicator_line));
    }
    int rc = json_dumpf(j, o->out, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(j);
    if (rc == 0 && fputc('\n', o->out) == EOF)
        rc = -1;
    return rc;
}

static void csv_field(FILE *f, const char *s, size_t n, bool last)
{
    csv_fwrite(f, s ? s : "", s ? n : 0);
    fputc(last ? '\n' : ',', f);
}

static void csv_text(FILE *f, const char *s, bool last)
{
    csv_field(f, s, s ? strlen(s) : 0, last);
}

static int write_csv(fk_output *o, const fk_alert *a)
{
    char t1[32] = "", t2[32] = "", num[32], line[32];
    if (!o->header_done) {
        fputs("severity,engine,rule,title,first,last,count,file,line,field,value,group,"
              "indicator,indicator_type,indicator_id,indicator_label\n",
              o->out);
        o->header_done = true;
    }
    if (a->has_time) {
        fk_time_format(a->first_ms, t1);
        fk_time_format(a->last_ms, t2);
    }
    snprintf(num, sizeof num, "%llu", (unsigned long long)a->count);
    snprintf(line, sizeof line, "%llu", (unsigned long long)a->line);
    csv_text(o->out, fk_severity_name(a->severity), false);
    csv_text(o->out, a->engine, false);
    csv_text(o->out, a->rule_id, false);
    csv_text(o->out, a->title, false);
    csv_text(o->out, t1, false);
    csv_text(o->out, t2, false);
    csv_text(o->out, num, false);
    csv_text(o->out, a->file, false);
    csv_text(o->out, line, false);
    csv_text(o->out, a->field, false);
    csv_field(o->out, a->value.p, a->value.n, false);
    csv_text(o->out, a->group, false);
    csv_text(o->out, a->indicator, false);
    csv_text(o->out, a->indicator_type, false);
    csv_text(o->out, a->indicator_id, false);
    csv_text(o->out, a->indicator_label, true);
    return ferror(o->out) ? -1 : 0;
}

/* Shows a value on one line: control characters become '.', long ones are cut. */
static void put_clean(FILE *f, const char *s, size_t n, size_t max)
{
    for (size_t i = 0; i < n && i < max; i++) {
        unsigned char c = (unsigned char)s[i];
        fputc(c < 0x20 || c == 0x7f ? '.' : c, f);
    }
    if (n > max)
        fputs("...", f);
}

static int write_table(fk_output *o, const fk_alert *a)
{
    FILE *f = o->out;
    char t[32] = "-";
    if (a->has_time)
        fk_time_format(a->last_ms, t);
    t[19] = '\0';
    if (!o->header_done) {
        fprintf(f, "%s%-8s  %-19s  %-28s  %-34s  %s%s\n", o->color ? "\033[1m" : "", "SEVERITY",
                "TIME", "RULE / INDICATOR", "EVIDENCE", "DETAIL", o->color ? "\033[0m" : "");
        o->header_done = true;
    }
    fprintf(f, "%s%-8s%s  %-19s  ", o->color ? sev_colors[a->severity] : "",
            fk_severity_name(a->severity), o->color ? "\033[0m" : "", t);
    char rule[29];
    snprintf(rule, sizeof rule, "%s", a->indicator ? a->indicator : a->rule_id);
    fprintf(f, "%-28s  ", rule);
    char ev[64];
    const char *base = a->file ? strrchr(a->file, '/') : NULL;
    snprintf(ev, sizeof ev, "%s:%llu",
             base      ? base + 1
             : a->file ? a->file
                       : "-",
             (unsigned long long)a->line);
    fprintf(f, "%-34s  %s=", ev, a->field);
    put_clean(f, a->value.p, a->value.n, 60);
    if (a->count > 1)
        fprintf(f, "  (%llu events)", (unsigned long long)a->count);
    fprintf(f, "  %s", a->title);
    if (a->indicator_label && *a->indicator_label)
        fprintf(f, " [%s]", a->indicator_label);
    fputc('\n', f);
    return ferror(f) ? -1 : 0;
}

int fk_output_alert(void *ctx, const fk_alert *a)
{
    fk_output *o = ctx;
    o->alerts++;
    o->by_severity[a->severity] += a->count ? 1 : 0;
    char key[512];
    int n = snprintf(key, sizeof key, "%s\t%s", a->rule_id, a->title);
    if (count(&o->by_rule, key, n < (int)sizeof key ? (size_t)n : sizeof key - 1, a->count) != 0 ||
        count(&o->by_source, a->src_ip.p, a->src_ip.n, a->count) != 0 ||
        count(&o->by_target, a->target.p, a->target.n < 200 ? a->target.n : 200, a->count) != 0)
        return -1;
    switch (o->format) {
    case FK_OUT_JSON: return write_json(o, a);
    case FK_OUT_CSV: return write_csv(o, a);
    default: return write_table(o, a);
    }
}

typedef struct {
    const char *key;
    uint64_t n;
} ranked;

static int by_count_desc(const void *a, const void *b)
{
    const ranked *x = a, *y = b;
    if (x->n != y->n)
        return x->n < y->n ? 1 : -1;
    return strcmp(x->key, y->key);
}

static ranked *rank(const fk_strmap *m, size_t *n)
{
    ranked *r = calloc(m->count ? m->count : 1, sizeof *r);
    *n = 0;
    if (!r)
        return NULL;
    FK_STRMAP_FOREACH(m, s)
    {
        r[(*n)++] = (ranked){s->key, (uint64_t)(uintptr_t)s->value};
    }
    qsort(r, *n, sizeof *r, by_count_desc);
    return r;
}

static json_t *ranked_json(const fk_strmap *m, size_t top, const char *name)
{
    size_t n;
    ranked *r = rank(m, &n);
    json_t *arr = json_array();
    for (size_t i = 0; r && arr && i < n && i < top; i++) {
        json_t *e = json_object();
        const char *tab = strchr(r[i].key, '\t');
        if (tab) {
            json_object_set_new(e, name, json_stringn(r[i].key, (size_t)(tab - r[i].key)));
            json_object_set_new(e, "title", json_string(tab + 1));
        } else {
            json_t *v = json_string(r[i].key);
            json_object_set_new(e, name, v ? v : json_string("(not UTF-8)"));
        }
        json_object_set_new(e, "events", json_integer((json_int_t)r[i].n));
        json_array_append_new(arr, e);
    }
    free(r);
    return arr;
}

static void ranked_text(FILE *f, const fk_strmap *m, size_t top, const char *heading)
{
    size_t n;
    ranked *r = rank(m, &n);
    fprintf(f, "\n%s\n", heading);
    if (n == 0)
        fputs("  (none)\n", f);
    for (size_t i = 0; r && i < n && i < top; i++) {
        const char *tab = strchr(r[i].key, '\t');
        fprintf(f, "  %10llu  ", (unsigned long long)r[i].n);
        if (tab) {
            fprintf(f, "%.*s  %s\n", (int)(tab - r[i].key), r[i].key, tab + 1);
        } else {
            put_clean(f, r[i].key, strlen(r[i].key), 100);
            fputc('\n', f);
        }
    }
    if (n > top)
        fprintf(f, "  ... %zu more\n", n - top);
    free(r);
}

int fk_output_summary(fk_output *o, FILE *text_fallback, size_t top)
{
    if (o->format == FK_OUT_JSON) {
        json_t *s = json_object(), *sev = json_object();
        for (int i = 0; i < 5; i++)
            json_object_set_new(sev, fk_severity_name((fk_severity)i),
                                json_integer((json_int_t)o->by_severity[i]));
        json_object_set_new(s, "alerts", json_integer((json_int_t)o->alerts));
        json_object_set_new(s, "by_severity", sev);
        json_object_set_new(s, "by_rule", ranked_json(&o->by_rule, top, "rule"));
        json_object_set_new(s, "by_source", ranked_json(&o->by_source, top, "src_ip"));
        json_object_set_new(s, "top_targets", ranked_json(&o->by_target, top, "target"));
        json_t *wrap = json_pack("{so}", "summary", s);
        int rc = wrap ? json_dumpf(wrap, o->out, JSON_COMPACT | JSON_PRESERVE_ORDER) : -1;
        json_decref(wrap);
        fputc('\n', o->out);
        return rc;
    }
    FILE *f = o->format == FK_OUT_TABLE ? o->out : text_fallback;
    fprintf(
        f,
        "\n%sSummary%s: %llu alerts (critical %llu, high %llu, medium %llu, low %llu, info %llu)\n",
        o->color ? "\033[1m" : "", o->color ? "\033[0m" : "", (unsigned long long)o->alerts,
        (unsigned long long)o->by_severity[4], (unsigned long long)o->by_severity[3],
        (unsigned long long)o->by_severity[2], (unsigned long long)o->by_severity[1],
        (unsigned long long)o->by_severity[0]);
    ranked_text(f, &o->by_rule, top, "By rule (events)");
    ranked_text(f, &o->by_source, top, "By source address (events)");
    ranked_text(f, &o->by_target, top, "Top targets (events)");
    return 0;
}

void fk_output_free(fk_output *o)
{
    fk_strmap_free(&o->by_rule);
    fk_strmap_free(&o->by_source);
    fk_strmap_free(&o->by_target);
}
