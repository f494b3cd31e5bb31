#include "threshold.h"

#include "../core/timefmt.h"

#include "../core/file.h"

#include "../core/hash.h"
#include "../core/strmap.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

/* ---- rules ---- */

typedef enum { V_GLOB, V_NUM, V_CIDR } value_kind;

typedef struct {
    value_kind kind;
    char *text; /* lower-cased glob */
    char op;    /* '<' '>' 'l' (<=) 'g' (>=) '=' for numbers */
    double num;
    fk_ip net;
    int prefix;
} cond_value;

typedef struct {
    fk_field_id field;
    char *name;
    cond_value *values; /* any of them */
    size_t nvalues;
} condition;

typedef struct {
    char *id, *title, *description;
    fk_severity severity;
    condition *match, *exclude;
    size_t nmatch, nexclude;
    fk_field_id *group_ids;
    char **group_names;
    size_t ngroup;
    uint32_t threshold;
    int64_t window_ms;
    bool has_distinct;
    bool across_orgs; /* one window per group over every organisation, not per organisation */
    fk_field_id distinct_id;
    char *distinct_name;
} rule;

struct fk_ruleset {
    rule *rules;
    size_t count;
};

fk_ruleset *fk_ruleset_new(void)
{
    return calloc(1, sizeof(fk_ruleset));
}

size_t fk_ruleset_count(const fk_ruleset *rs)
{
    return rs->count;
}

static void free_conditions(condition *c, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        for (size_t k = 0; k < c[i].nvalues; k++)
            free(c[i].values[k].text);
        free(c[i].values);
        free(c[i].name);
    }
    free(c);
}

static void free_rule(rule *r)
{
    free(r->id);
    free(r->title);
    free(r->description);
    free_conditions(r->match, r->nmatch);
    free_conditions(r->exclude, r->nexclude);
    for (size_t i = 0; i < r->ngroup; i++)
        free(r->group_names[i]);
    free(r->group_names);
    free(r->group_ids);
    free(r->distinct_name);
}

void fk_ruleset_free(fk_ruleset *rs)
{
    if (!rs)
        return;
    for (size_t i = 0; i < rs->count; i++)
        free_rule(&rs->rules[i]);
    free(rs->rules);
    free(rs);
}

typedef struct {
    yaml_document_t *doc;
    const char *name;
    fk_err *err;
} yctx;

static int yerr(yctx *y, yaml_node_t *node, const char *fmt, const char *what)
{
    char msg[300];
    snprintf(msg, sizeof msg, fmt, what);
    return fk_errf(y->err, "%s:%zu: %s", y->name, node ? node->start_mark.line + 1 : 0, msg);
}

static const char *scalar(yaml_node_t *n)
{
    return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

static int parse_value(yctx *y, yaml_node_t *node, fk_field_id field, cond_value *out)
{
    const char *s = scalar(node);
    if (!s)
        return yerr(y, node, "%s", "expected a value (a string or number)");
    memset(out, 0, sizeof *out);
    bool ipfield = field == FK_F_SRC_IP || field == FK_F_DST_IP;
    if (ipfield && (strchr(s, '/') || strchr(s, ':') || strchr(s, '.'))) {
        if (!fk_cidr_parse(s, strlen(s), &out->net, &out->prefix))
            return yerr(y, node, "'%s': expected an IP address or CIDR range", s);
        out->kind = V_CIDR;
        return 0;
    }
    if ((s[0] == '<' || s[0] == '>') && s[1]) {
        const char *num = s + 1;
        out->op = s[0];
        if (*num == '=') {
            out->op = s[0] == '<' ? 'l' : 'g';
            num++;
        }
        char *end;
        out->num = strtod(num, &end);
        if (end == num || *end)
            return yerr(y, node, "'%s': expected a number after the comparison", s);
        out->kind = V_NUM;
        return 0;
    }
    out->kind = V_GLOB;
    out->text = strdup(s);
    if (!out->text)
        return fk_errf(y->err, "out of memory");
    for (char *p = out->text; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    return 0;
}

static int parse_conditions(yctx *y, yaml_node_t *map, condition **out, size_t *count)
{
    if (map->type != YAML_MAPPING_NODE)
        return yerr(y, map, "%s", "expected a mapping of field: value");
    size_t n = (size_t)(map->data.mapping.pairs.top - map->data.mapping.pairs.start);
    condition *c = calloc(n ? n : 1, sizeof *c);
    if (!c)
        return fk_errf(y->err, "out of memory");
    *out = c;
    *count = 0;
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top;
         p++) {
        yaml_node_t *k = yaml_document_get_node(y->doc, p->key);
        yaml_node_t *v = yaml_document_get_node(y->doc, p->value);
        const char *name = scalar(k);
        if (!name)
            return yerr(y, k, "%s", "expected a field name");
        condition *cd = &c[(*count)++];
        cd->field = fk_field_lookup(name);
        if (!(cd->name = strdup(name)))
            return fk_errf(y->err, "out of memory");
        size_t nv = v->type == YAML_SEQUENCE_NODE
                        ? (size_t)(v->data.sequence.items.top - v->data.sequence.items.start)
                        : 1;
        if (nv == 0)
            return yerr(y, v, "'%s': expected at least one value", name);
        if (!(cd->values = calloc(nv, sizeof *cd->values)))
            return fk_errf(y->err, "out of memory");
        for (size_t i = 0; i < nv; i++) {
            yaml_node_t *item =
                v->type == YAML_SEQUENCE_NODE
                    ? yaml_document_get_node(y->doc, v->data.sequence.items.start[i])
                    : v;
            if (parse_value(y, item, cd->field, &cd->values[i]) != 0)
                return -1;
            cd->nvalues++;
        }
    }
    return 0;
}

static int parse_fields(yctx *y, yaml_node_t *v, rule *r)
{
    size_t n = v->type == YAML_SEQUENCE_NODE
                   ? (size_t)(v->data.sequence.items.top - v->data.sequence.items.start)
                   : 1;
    r->group_ids = calloc(n, sizeof *r->group_ids);
    r->group_names = calloc(n, sizeof *r->group_names);
    if (!r->group_ids || !r->group_names)
        return fk_errf(y->err, "out of memory");
    for (size_t i = 0; i < n; i++) {
        yaml_node_t *item = v->type == YAML_SEQUENCE_NODE
                                ? yaml_document_get_node(y->doc, v->data.sequence.items.start[i])
                                : v;
        const char *s = scalar(item);
        if (!s || !*s)
            return yerr(y, item, "%s", "group_by: expected field names");
        r->group_ids[i] = fk_field_lookup(s);
        if (!(r->group_names[i] = strdup(s)))
            return fk_errf(y->err, "out of memory");
        r->ngroup++;
    }
    return 0;
}

static int dupstr(yctx *y, char **dst, const char *s)
{
    free(*dst);
    *dst = strdup(s);
    return *dst ? 0 : fk_errf(y->err, "out of memory");
}

static int parse_rule(yctx *y, yaml_node_t *node, rule *r)
{
    if (node->type != YAML_MAPPING_NODE)
        return yerr(y, node, "%s", "expected a rule (a mapping with id, threshold, window, ...)");
    r->severity = FK_SEV_MEDIUM;
    bool have_threshold = false, have_window = false;
    for (yaml_node_pair_t *p = node->data.mapping.pairs.start; p < node->data.mapping.pairs.top;
         p++) {
        yaml_node_t *k = yaml_document_get_node(y->doc, p->key);
        yaml_node_t *v = yaml_document_get_node(y->doc, p->value);
        const char *key = scalar(k), *val = scalar(v);
        if (!key)
            return yerr(y, k, "%s", "expected a key");
        if (!strcmp(key, "id") || !strcmp(key, "title") || !strcmp(key, "description")) {
            if (!val)
                return yerr(y, v, "'%s': expected text", key);
            char **dst = !strcmp(key, "id")      ? &r->id
                         : !strcmp(key, "title") ? &r->title
                                                 : &r->description;
            if (dupstr(y, dst, val) != 0)
                return -1;
        } else if (!strcmp(key, "severity")) {
            if (!val || !fk_severity_parse(val, &r->severity))
                return yerr(y, v, "%s", "severity: expected info, low, medium, high or critical");
        } else if ((!strcmp(key, "match") && r->match) || (!strcmp(key, "exclude") && r->exclude) ||
                   (!strcmp(key, "group_by") && r->group_ids)) {
            return yerr(y, k, "'%s' appears twice in one rule", key);
        } else if (!strcmp(key, "match")) {
            if (parse_conditions(y, v, &r->match, &r->nmatch) != 0)
                return -1;
        } else if (!strcmp(key, "exclude")) {
            if (parse_conditions(y, v, &r->exclude, &r->nexclude) != 0)
                return -1;
        } else if (!strcmp(key, "group_by")) {
            if (parse_fields(y, v, r) != 0)
                return -1;
        } else if (!strcmp(key, "threshold")) {
            char *end;
            long t = val ? strtol(val, &end, 10) : 0;
            if (!val || *end || t < 1 || t > 100000)
                return yerr(y, v, "%s", "threshold: expected a whole number from 1 to 100000");
            r->threshold = (uint32_t)t;
            have_threshold = true;
        } else if (!strcmp(key, "window")) {
            if (!val || fk_duration_parse(val, &r->window_ms) != 0)
                return yerr(y, v, "%s", "window: expected a duration like 60s, 5m, 1h");
            have_window = true;
        } else if (!strcmp(key, "distinct")) {
            if (!val || !*val)
                return yerr(y, v, "%s", "distinct: expected a field name");
            r->has_distinct = true;
            r->distinct_id = fk_field_lookup(val);
            if (dupstr(y, &r->distinct_name, val) != 0)
                return -1;
        } else if (!strcmp(key, "across_organisations")) {
            if (!val || (strcmp(val, "true") && strcmp(val, "false")))
                return yerr(y, v, "%s", "across_organisations: expected true or false");
            r->across_orgs = !strcmp(val, "true");
        } else {
            return yerr(y, k,
                        "unknown key '%s' (expected id, title, description, severity, match, "
                        "exclude, group_by, threshold, window, distinct, across_organisations)",
                        key);
        }
    }
    if (!r->id)
        return yerr(y, node, "%s", "rule without 'id'");
    if (!have_threshold)
        return yerr(y, node, "rule '%s' has no 'threshold'", r->id);
    if (!have_window)
        return yerr(y, node, "rule '%s' has no 'window'", r->id);
    if (!r->title && dupstr(y, &r->title, r->id) != 0)
        return -1;
    return 0;
}

int fk_ruleset_load_buffer(fk_ruleset *rs, const char *name, const char *data, size_t n,
                           fk_err *err)
{
    yaml_parser_t parser;
    yaml_document_t doc;
    if (!yaml_parser_initialize(&parser))
        return fk_errf(err, "out of memory");
    yaml_parser_set_input_string(&parser, (const unsigned char *)data, n);
    if (!yaml_parser_load(&parser, &doc)) {
        int rc = fk_errf(err, "%s:%zu: column %zu: %s", name, parser.problem_mark.line + 1,
                         parser.problem_mark.column + 1,
                         parser.problem ? parser.problem : "invalid YAML");
        yaml_parser_delete(&parser);
        return rc;
    }
    yctx y = {&doc, name, err};
    int rc = 0;
    yaml_node_t *root = yaml_document_get_root_node(&doc);
    yaml_node_t *list = root;
    if (root && root->type == YAML_MAPPING_NODE) {
        list = NULL;
        for (yaml_node_pair_t *p = root->data.mapping.pairs.start; p < root->data.mapping.pairs.top;
             p++) {
            const char *key = scalar(yaml_document_get_node(&doc, p->key));
            if (key && !strcmp(key, "rules"))
                list = yaml_document_get_node(&doc, p->value);
        }
        if (!list)
            rc = yerr(&y, root, "%s", "expected a 'rules:' list");
    }
    if (rc == 0 && root && list->type != YAML_SEQUENCE_NODE)
        rc = yerr(&y, list, "%s", "expected a list of rules");
    if (rc == 0 && root) {
        size_t nr = (size_t)(list->data.sequence.items.top - list->data.sequence.items.start);
        rule *nrules = realloc(rs->rules, (rs->count + nr + 1) * sizeof *nrules);
        if (!nrules)
            rc = fk_errf(err, "out of memory");
        else
            rs->rules = nrules;
        for (size_t i = 0; rc == 0 && i < nr; i++) {
            rule *r = &rs->rules[rs->count];
            memset(r, 0, sizeof *r);
            rc =
                parse_rule(&y, yaml_document_get_node(&doc, list->data.sequence.items.start[i]), r);
            if (rc != 0)
                free_rule(r);
            else
                rs->count++;
        }
    }
    yaml_document_delete(&doc);
    yaml_parser_delete(&parser);
    return rc;
}

int fk_ruleset_load_file(fk_ruleset *rs, const char *path, fk_err *err)
{
    size_t n;
    char *buf = fk_read_file(path, 64u << 20, &n, err);
    if (!buf)
        return -1;
    int rc = fk_ruleset_load_buffer(rs, path, buf, n, err);
    free(buf);
    return rc;
}

/* ---- evaluation ---- */

static bool glob_match(const char *pat, const char *s, size_t n)
{
    const char *star = NULL;
    size_t i = 0, mark = 0;
    while (i < n) {
        char c = (char)tolower((unsigned char)s[i]);
        if (*pat == '*') {
            star = pat++;
            mark = i;
        } else if (*pat && (*pat == '?' || *pat == c)) {
            pat++;
            i++;
        } else if (star) {
            pat = star + 1;
            i = ++mark;
        } else {
            return false;
        }
    }
    while (*pat == '*')
        pat++;
    return *pat == '\0';
}

static bool value_matches(const cond_value *cv, const fk_event *ev, fk_field_id f, fk_str v)
{
    switch (cv->kind) {
    case V_CIDR: {
        fk_ip ip = f == FK_F_SRC_IP ? ev->src_ip : f == FK_F_DST_IP ? ev->dst_ip : (fk_ip){0};
        if (ip.family != cv->net.family)
            return false;
        fk_ip_mask(&ip, cv->prefix);
        return memcmp(ip.b, cv->net.b, 16) == 0;
    }
    case V_NUM: {
        char buf[32];
        if (v.n == 0 || v.n >= sizeof buf)
            return false;
        memcpy(buf, v.p, v.n);
        buf[v.n] = '\0';
        char *end;
        double x = strtod(buf, &end);
        if (*end)
            return false;
        return cv->op == '<'   ? x < cv->num
               : cv->op == '>' ? x > cv->num
               : cv->op == 'l' ? x <= cv->num
                               : x >= cv->num;
    }
    case V_GLOB: return glob_match(cv->text, v.p, v.n);
    }
    return false;
}

static bool condition_holds(const condition *c, const fk_event *ev)
{
    char buf[64];
    fk_str v;
    if (!fk_event_value(ev, c->field, c->name, buf, &v))
        return false;
    for (size_t i = 0; i < c->nvalues; i++)
        if (value_matches(&c->values[i], ev, c->field, v))
            return true;
    return false;
}

static bool rule_applies(const rule *r, const fk_event *ev)
{
    for (size_t i = 0; i < r->nmatch; i++)
        if (!condition_holds(&r->match[i], ev))
            return false;
    for (size_t i = 0; i < r->nexclude; i++)
        if (condition_holds(&r->exclude[i], ev))
            return false;
    return true;
}

/* Window state of one group. In counting mode `times` is a ring of the last
 * `threshold` event times: the threshold is crossed when the oldest of them is within
 * the window of the newest. In distinct mode `times`/`hashes` hold the latest time of
 * each distinct value seen within the window (at most `threshold` of them). Once
 * crossed, a burst stays open, counting events, until the group is quiet for a whole
 * window; then one aggregated alert is emitted. */
typedef struct {
    int64_t *times;
    uint64_t *hashes;
    uint32_t n, head;
    bool open;
    int64_t first_ms, last_ms, last_seen;
    bool has_time;
    uint64_t count;
    const char *file;
    uint64_t line;
    uint16_t org_len; /* the group key starts with the organisation and a tab */
} group_state;

struct fk_threshold {
    const fk_ruleset *rs;
    fk_strmap *groups; /* one map per rule */
    /* the file names bursts point at, copied: a stream's events may name a batch whose
     * buffer is gone by the time the burst is reported */
    fk_strmap files;
    fk_alert_fn sink;
    void *ctx;
    uint64_t events;
    int64_t latest_ms;
};

fk_threshold *fk_threshold_new(const fk_ruleset *rs, fk_alert_fn sink, void *ctx)
{
    fk_threshold *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    fk_strmap_init(&t->files);
    t->rs = rs;
    t->sink = sink;
    t->ctx = ctx;
    t->groups = calloc(rs->count ? rs->count : 1, sizeof *t->groups);
    if (!t->groups) {
        free(t);
        return NULL;
    }
    for (size_t i = 0; i < rs->count; i++)
        fk_strmap_init(&t->groups[i]);
    return t;
}

static int emit(fk_threshold *t, const rule *r, const char *key, group_state *g)
{
    const char *group = g->org_len ? key + g->org_len + 1 : key;
    fk_alert a = {
        .engine = "threshold",
        .rule_id = r->id,
        .title = r->title,
        .severity = r->severity,
        .file = g->file,
        .line = g->line,
        .field = r->ngroup ? r->group_names[0] : "",
        .has_time = g->has_time,
        .first_ms = g->first_ms,
        .last_ms = g->last_ms,
        .count = g->count,
        .group = group,
        .org = {key, g->org_len},
    };
    /* the first group value stands as the evidence value and the source address */
    const char *eq = strchr(group, '=');
    const char *end = strstr(group, ", ");
    fk_str first = eq ? (fk_str){eq + 1, end && end > eq ? (size_t)(end - eq - 1) : strlen(eq + 1)}
                      : (fk_str){group, strlen(group)};
    a.value = first;
    if (r->ngroup && (r->group_ids[0] == FK_F_SRC_IP))
        a.src_ip = first;
    g->open = false;
    g->n = g->head = 0;
    return t->sink(t->ctx, &a);
}

/* The group key: the organisation (unless the rule looks across organisations), a tab,
 * then the group-by fields; *org_len says where the organisation ends. */
static int build_key(const rule *r, const fk_event *ev, char *key, size_t cap, size_t *len,
                     uint16_t *org_len)
{
    size_t k = 0;
    *org_len = 0;
    if (!r->across_orgs && ev->org.n) {
        if (ev->org.n > 255 || ev->org.n + 1 >= cap)
            return -1;
        memcpy(key, ev->org.p, ev->org.n);
        key[ev->org.n] = '\t';
        k = ev->org.n + 1;
        *org_len = (uint16_t)ev->org.n;
    }
    for (size_t i = 0; i < r->ngroup; i++) {
        char buf[64];
        fk_str v;
        if (!fk_event_value(ev, r->group_ids[i], r->group_names[i], buf, &v))
            return -1; /* the event lacks a grouping field: the rule does not apply */
        int w = snprintf(key + k, cap - k, "%s%s=%.*s", i ? ", " : "", r->group_names[i], (int)v.n,
                         v.p);
        if (w < 0 || (size_t)w >= cap - k)
            return -1;
        k += (size_t)w;
    }
    *len = k;
    return 0;
}

/* A stable copy of a file name (the map owns its keys; they do not move on growth). */
static const char *intern_file(fk_threshold *t, const char *file)
{
    if (!file)
        return NULL;
    fk_strmap_slot *slot;
    if (fk_strmap_upsert(&t->files, file, strlen(file), &slot) != 0)
        return "?";
    slot->value = slot->key;
    return slot->key;
}

static int feed(fk_threshold *t, const rule *r, fk_strmap *groups, const fk_event *ev)
{
    char key[1024];
    size_t klen;
    uint16_t org_len;
    if (build_key(r, ev, key, sizeof key, &klen, &org_len) != 0)
        return 0;
    fk_strmap_slot *slot;
    if (fk_strmap_upsert(groups, key, klen, &slot) != 0)
        return -1;
    group_state *g = slot->value;
    if (!g) {
        g = calloc(1, sizeof *g);
        if (!g || !(g->times = calloc(r->threshold, sizeof *g->times)) ||
            (r->has_distinct && !(g->hashes = calloc(r->threshold, sizeof *g->hashes)))) {
            if (g)
                free(g->times);
            free(g);
            return -1;
        }
        slot->value = g;
        g->org_len = org_len;
    }
    int64_t now = ev->has_time ? ev->time_ms : 0;
    g->last_seen = now;
    if (g->open) {
        if (now - g->last_ms <= r->window_ms) {
            g->count++;
            if (now > g->last_ms)
                g->last_ms = now;
            return 0;
        }
        if (emit(t, r, slot->key, g) != 0)
            return -1;
    }
    if (!r->has_distinct) {
        g->times[g->head] = now;
        g->head = (g->head + 1) % r->threshold;
        if (g->n < r->threshold)
            g->n++;
        int64_t oldest = g->times[g->n < r->threshold ? 0 : g->head];
        if (g->n == r->threshold && now - oldest <= r->window_ms) {
            g->open = true;
            g->first_ms = oldest;
        }
    } else {
        char buf[64];
        fk_str v;
        if (!fk_event_value(ev, r->distinct_id, r->distinct_name, buf, &v))
            return 0;
        uint64_t h = fk_hash64(v.p, v.n, 0xd15);
        uint32_t keep = 0, found = UINT32_MAX, oldest = 0;
        for (uint32_t i = 0; i < g->n; i++) { /* drop values that left the window */
            if (now - g->times[i] > r->window_ms)
                continue;
            g->times[keep] = g->times[i];
            g->hashes[keep] = g->hashes[i];
            if (g->hashes[keep] == h)
                found = keep;
            keep++;
        }
        g->n = keep;
        if (found != UINT32_MAX) {
            g->times[found] = now;
        } else {
            if (g->n == r->threshold) { /* full: forget the oldest value */
                for (uint32_t i = 1; i < g->n; i++)
                    if (g->times[i] < g->times[oldest])
                        oldest = i;
                g->times[oldest] = g->times[g->n - 1];
                g->hashes[oldest] = g->hashes[g->n - 1];
                g->n--;
            }
            g->times[g->n] = now;
            g->hashes[g->n++] = h;
        }
        if (g->n == r->threshold) {
            g->open = true;
            g->first_ms = now;
            for (uint32_t i = 0; i < g->n; i++)
                if (g->times[i] < g->first_ms)
                    g->first_ms = g->times[i];
        }
    }
    if (g->open) {
        g->last_ms = now;
        g->count = r->threshold;
        g->file = intern_file(t, ev->file);
        g->line = ev->line;
        g->has_time = ev->has_time;
    }
    return 0;
}

/* Groups idle for longer than their window hold nothing that can still fire; they are
 * dropped now and then so that a scan over millions of sources stays bounded. */
static void sweep(fk_threshold *t)
{
    for (size_t i = 0; i < t->rs->count; i++) {
        const rule *r = &t->rs->rules[i];
        fk_strmap *m = &t->groups[i];
        if (m->count < 4096)
            continue;
        fk_strmap fresh;
        fk_strmap_init(&fresh);
        bool failed = false;
        FK_STRMAP_FOREACH(m, s)
        {
            group_state *g = s->value;
            bool live = g->open || t->latest_ms - g->last_seen <= r->window_ms;
            fk_strmap_slot *ns;
            if (live && !failed && fk_strmap_upsert(&fresh, s->key, s->keylen, &ns) == 0) {
                ns->value = g;
                continue;
            }
            if (live) { /* out of memory while moving: keep the old map */
                failed = true;
                continue;
            }
            free(g->times);
            free(g->hashes);
            free(g);
            s->value = NULL;
        }
        if (failed) {
            fk_strmap_free(&fresh);
            continue;
        }
        fk_strmap_free(m);
        *m = fresh;
    }
}

int fk_threshold_event(fk_threshold *t, const fk_event *ev)
{
    if (ev->has_time && ev->time_ms > t->latest_ms)
        t->latest_ms = ev->time_ms;
    for (size_t i = 0; i < t->rs->count; i++) {
        const rule *r = &t->rs->rules[i];
        if (rule_applies(r, ev) && feed(t, r, &t->groups[i], ev) != 0)
            return -1;
    }
    if (++t->events % 65536 == 0)
        sweep(t);
    return 0;
}

int fk_threshold_flush(fk_threshold *t)
{
    for (size_t i = 0; i < t->rs->count; i++) {
        FK_STRMAP_FOREACH(&t->groups[i], s)
        {
            group_state *g = s->value;
            if (g && g->open && emit(t, &t->rs->rules[i], s->key, g) != 0)
                return -1;
        }
    }
    return 0;
}

void fk_threshold_free(fk_threshold *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->rs->count; i++) {
        FK_STRMAP_FOREACH(&t->groups[i], s)
        {
            group_state *g = s->value;
            if (g) {
                free(g->times);
                free(g->hashes);
                free(g);
            }
        }
        fk_strmap_free(&t->groups[i]);
    }
    free(t->groups);
    fk_strmap_free(&t->files);
    free(t);
}
