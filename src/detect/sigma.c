#include "sigma.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <hs/hs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <yaml.h>

#include "../core/arena.h"
#include "../core/file.h"
#include "../core/hash.h"
#include "../core/strmap.h"
#include "sigma_window.h"

extern const char *const fk_sigma_logsources_yml;
extern const size_t fk_sigma_logsources_yml_len;

/* ---- the logsource mapping ------------------------------------------------------- */

typedef struct {
    const char *key; /* a field name, or @kind / @format / @program */
    const char **vals;
    size_t nvals;
} where_clause;

typedef struct {
    const char *product, *category, *service;
    where_clause *where;
    size_t nwhere;
    const char **from, **to; /* field map: Sigma name -> event field */
    size_t nfields;
    size_t *rules; /* indexes of the rules this source feeds */
    size_t nrules, rcap;
    fk_sigma_prefilter *pf; /* which of them an event may match */
    bool pf_shared;         /* another source with the same rules owns pf */
} source;

typedef struct {
    size_t *idx;
    size_t n;
} source_list;

typedef struct {
    size_t rule;   /* index of the correlation rule */
    size_t *bases; /* indexes of the correlated rules */
    size_t nbases;
    fk_strmap groups; /* group key -> fk_sigma_window* */
    size_t sweep_at;  /* groups held when the idle ones are next dropped */
} correlation;

struct fk_sigma_set {
    fk_arena arena;
    fk_sigma_rule *rules;
    size_t nrules, cap;
    source *sources;
    size_t nsources;
    size_t *unmapped; /* rules whose logsource no entry serves: JSON events without Channel */
    size_t nunmapped;
    fk_sigma_prefilter *unmapped_pf;
    /* sources indexed by the value of the where-key most of them test (Channel): an event
     * checks only the sources its value names, and those without that key */
    const char *index_key;
    fk_strmap by_value; /* lower-cased value -> source_list* */
    size_t *others;     /* sources that do not test index_key */
    size_t nothers;
    bool sequential;            /* no prefilter: every rule of a logsource in turn */
    struct hs_scratch *scratch; /* for every prefilter */
    unsigned char *cand;        /* per source and event: rules the prefilter let through */
    fk_sigma_placeholders ph;
    correlation *corrs;
    size_t ncorrs;
    unsigned char *fired; /* per event: rule already reported */
    bool compiled;
};

static const char *sdup(fk_sigma_set *s, const char *v)
{
    return v ? fk_arena_strndup(&s->arena, v, strlen(v)) : NULL;
}

static const char *yscalar(yaml_document_t *d, int id)
{
    yaml_node_t *n = yaml_document_get_node(d, id);
    return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

static int load_sources(fk_sigma_set *s, const char *text, size_t n, fk_err *err)
{
    yaml_parser_t p;
    yaml_document_t doc;
    yaml_parser_initialize(&p);
    yaml_parser_set_input_string(&p, (const unsigned char *)text, n);
    if (!yaml_parser_load(&p, &doc)) {
        int rc = fk_errf(err, "logsources:%zu: YAML: %s", p.problem_mark.line + 1,
                         p.problem ? p.problem : "cannot be parsed");
        yaml_parser_delete(&p);
        return rc;
    }
    int rc = 0;
    yaml_node_t *root = yaml_document_get_root_node(&doc), *list = NULL;
    if (root && root->type == YAML_MAPPING_NODE)
        for (yaml_node_pair_t *pr = root->data.mapping.pairs.start;
             pr < root->data.mapping.pairs.top; pr++)
            if (yscalar(&doc, pr->key) && !strcmp(yscalar(&doc, pr->key), "logsources"))
                list = yaml_document_get_node(&doc, pr->value);
    if (!list || list->type != YAML_SEQUENCE_NODE) {
        rc = fk_errf(err, "logsources: a list under \"logsources:\" is expected");
        goto out;
    }
    size_t k = (size_t)(list->data.sequence.items.top - list->data.sequence.items.start);
    s->sources = calloc(k ? k : 1, sizeof *s->sources);
    if (!s->sources) {
        rc = fk_errf(err, "out of memory");
        goto out;
    }
    for (yaml_node_item_t *it = list->data.sequence.items.start; it < list->data.sequence.items.top;
         it++) {
        yaml_node_t *e = yaml_document_get_node(&doc, *it);
        if (!e || e->type != YAML_MAPPING_NODE) {
            rc = fk_errf(err, "logsources:%zu: an entry must be a map",
                         e ? e->start_mark.line + 1 : 0);
            goto out;
        }
        source *src = &s->sources[s->nsources++];
        for (yaml_node_pair_t *pr = e->data.mapping.pairs.start; pr < e->data.mapping.pairs.top;
             pr++) {
            const char *key = yscalar(&doc, pr->key);
            yaml_node_t *v = yaml_document_get_node(&doc, pr->value);
            if (!key) {
                rc = fk_errf(err, "logsources:%zu: keys must be text", e->start_mark.line + 1);
                goto out;
            }
            if (!strcmp(key, "product") || !strcmp(key, "category") || !strcmp(key, "service")) {
                const char *val = yscalar(&doc, pr->value);
                const char **slot = key[0] == 'p'   ? &src->product
                                    : key[0] == 'c' ? &src->category
                                                    : &src->service;
                *slot = val && *val && strcmp(val, "null") ? sdup(s, val) : NULL;
            } else if ((!strcmp(key, "where") || !strcmp(key, "fields")) &&
                       v->type == YAML_MAPPING_NODE) {
                size_t m = (size_t)(v->data.mapping.pairs.top - v->data.mapping.pairs.start);
                bool where = key[0] == 'w';
                if (where ? src->where != NULL : src->from != NULL) {
                    rc = fk_errf(err, "logsources:%zu: \"%s\" given twice in one entry",
                                 v->start_mark.line + 1, key);
                    goto out;
                }
                if (where)
                    src->where = fk_arena_alloc(&s->arena, (m ? m : 1) * sizeof *src->where);
                else {
                    src->from = fk_arena_alloc(&s->arena, (m ? m : 1) * sizeof *src->from);
                    src->to = fk_arena_alloc(&s->arena, (m ? m : 1) * sizeof *src->to);
                }
                if ((where && !src->where) || (!where && (!src->from || !src->to))) {
                    rc = fk_errf(err, "out of memory");
                    goto out;
                }
                for (yaml_node_pair_t *q = v->data.mapping.pairs.start;
                     q < v->data.mapping.pairs.top; q++) {
                    const char *qk = yscalar(&doc, q->key);
                    yaml_node_t *qv = yaml_document_get_node(&doc, q->value);
                    if (!qk) {
                        rc = fk_errf(err, "logsources:%zu: keys must be text",
                                     v->start_mark.line + 1);
                        goto out;
                    }
                    if (!where) {
                        const char *to = yscalar(&doc, q->value);
                        if (!to) {
                            rc = fk_errf(err, "logsources:%zu: field %s: a name is expected",
                                         v->start_mark.line + 1, qk);
                            goto out;
                        }
                        src->from[src->nfields] = sdup(s, qk);
                        src->to[src->nfields++] = sdup(s, to);
                        continue;
                    }
                    where_clause *w = &src->where[src->nwhere++];
                    memset(w, 0, sizeof *w);
                    w->key = sdup(s, qk);
                    size_t nv =
                        qv->type == YAML_SEQUENCE_NODE
                            ? (size_t)(qv->data.sequence.items.top - qv->data.sequence.items.start)
                            : 1;
                    w->vals = fk_arena_alloc(&s->arena, (nv ? nv : 1) * sizeof *w->vals);
                    if (!w->vals) {
                        rc = fk_errf(err, "out of memory");
                        goto out;
                    }
                    if (qv->type == YAML_SEQUENCE_NODE) {
                        for (yaml_node_item_t *x = qv->data.sequence.items.start;
                             x < qv->data.sequence.items.top; x++)
                            if (yscalar(&doc, *x))
                                w->vals[w->nvals++] = sdup(s, yscalar(&doc, *x));
                    } else if (yscalar(&doc, q->value)) {
                        w->vals[w->nvals++] = sdup(s, yscalar(&doc, q->value));
                    }
                }
            } else {
                rc = fk_errf(err,
                             "logsources:%zu: unknown key \"%s\" (product, category, service, "
                             "where, fields)",
                             e->start_mark.line + 1, key);
                goto out;
            }
        }
    }
out:
    yaml_document_delete(&doc);
    yaml_parser_delete(&p);
    return rc;
}

int fk_sigma_new(fk_sigma_set **out, const char *logsources, const char *placeholders_file,
                 fk_err *err)
{
    fk_sigma_set *s = calloc(1, sizeof *s);
    if (!s)
        return fk_errf(err, "out of memory");
    fk_arena_init(&s->arena, 1 << 20);
    fk_strmap_init(&s->by_value);
    const char *text = logsources ? logsources : fk_sigma_logsources_yml;
    size_t n = logsources ? strlen(logsources) : fk_sigma_logsources_yml_len;
    if (load_sources(s, text, n, err)) {
        fk_sigma_free(s);
        return -1;
    }
    if (placeholders_file) {
        size_t len;
        char *buf = fk_read_file(placeholders_file, 16u << 20, &len, err);
        if (!buf ||
            fk_sigma_placeholders_parse(buf, len, placeholders_file, &s->arena, &s->ph, err)) {
            free(buf);
            fk_sigma_free(s);
            return -1;
        }
        free(buf);
    }
    *out = s;
    return 0;
}

void fk_sigma_free(fk_sigma_set *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->nrules; i++)
        fk_sigma_rule_release(&s->rules[i]);
    for (size_t i = 0; s->sources && i < s->nsources; i++) {
        free(s->sources[i].rules);
        if (!s->sources[i].pf_shared)
            fk_sigma_prefilter_free(s->sources[i].pf);
    }
    fk_sigma_prefilter_free(s->unmapped_pf);
    FK_STRMAP_FOREACH(&s->by_value, slot)
    {
        source_list *l = slot->value;
        if (l)
            free(l->idx);
        free(l);
    }
    fk_strmap_free(&s->by_value);
    free(s->others);
    hs_free_scratch(s->scratch);
    free(s->cand);
    for (size_t i = 0; i < s->ncorrs; i++) {
        fk_strmap *m = &s->corrs[i].groups;
        FK_STRMAP_FOREACH(m, slot)
        fk_sigma_window_free(slot->value);
        fk_strmap_free(m);
        free(s->corrs[i].bases);
    }
    free(s->corrs);
    free(s->sources);
    free(s->unmapped);
    free(s->rules);
    free(s->fired);
    fk_arena_free(&s->arena);
    free(s);
}

static int add_file(fk_sigma_set *s, const char *path, fk_sigma_report_fn report, void *ctx,
                    size_t *loaded, size_t *failed)
{
    fk_err e, w;
    w.msg[0] = '\0';
    size_t n;
    char *text = fk_read_file(path, 16u << 20, &n, &e);
    size_t before = s->nrules;
    if (text && fk_sigma_parse(text, n, path, &s->ph, &s->arena, &s->rules, &s->nrules, &s->cap, &e,
                               &w) == 0) {
        *loaded += s->nrules - before;
        if (w.msg[0] && report)
            report(ctx, w.msg, 1);
    } else {
        /* a file is one rule, or a rule and its correlation: none of it is kept */
        for (size_t i = before; i < s->nrules; i++)
            fk_sigma_rule_release(&s->rules[i]);
        s->nrules = before;
        (*failed)++;
        if (report)
            report(ctx, e.msg, 0);
    }
    free(text);
    return 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool is_yaml(const char *name)
{
    size_t l = strlen(name);
    return (l > 4 && !strcmp(name + l - 4, ".yml")) || (l > 5 && !strcmp(name + l - 5, ".yaml"));
}

int fk_sigma_add_path(fk_sigma_set *s, const char *path, fk_sigma_report_fn report, void *ctx,
                      size_t *loaded, size_t *failed, fk_err *err)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return fk_errf(err, "%s: %s", path, strerror(errno));
    if (!S_ISDIR(st.st_mode))
        return add_file(s, path, report, ctx, loaded, failed);
    DIR *d = opendir(path);
    if (!d)
        return fk_errf(err, "%s: %s", path, strerror(errno));
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *de;
    int rc = 0;
    while ((de = readdir(d))) {
        if (de->d_name[0] == '.')
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            char **nn = realloc(names, cap * sizeof *nn);
            if (!nn) {
                rc = fk_errf(err, "out of memory");
                break;
            }
            names = nn;
        }
        size_t l = strlen(path) + strlen(de->d_name) + 2;
        names[n] = malloc(l);
        if (!names[n]) {
            rc = fk_errf(err, "out of memory");
            break;
        }
        snprintf(names[n], l, "%s/%s", path, de->d_name);
        n++;
    }
    closedir(d);
    if (!rc)
        qsort(names, n, sizeof *names, cmp_str);
    for (size_t i = 0; i < n; i++) {
        if (!rc && stat(names[i], &st) == 0) {
            if (S_ISDIR(st.st_mode))
                rc = fk_sigma_add_path(s, names[i], report, ctx, loaded, failed, err);
            else if (is_yaml(names[i]))
                rc = add_file(s, names[i], report, ctx, loaded, failed);
        }
        free(names[i]);
    }
    free(names);
    return rc;
}

size_t fk_sigma_count(const fk_sigma_set *s)
{
    return s->nrules;
}

const fk_sigma_rule *fk_sigma_rule_at(const fk_sigma_set *s, size_t i)
{
    return &s->rules[i];
}

/* ---- compile: logsources and correlations ----------------------------------------- */

static bool attr_ok(const char *rule, const char *src)
{
    return !rule || (src && !strcasecmp(rule, src));
}

static int push(size_t **arr, size_t *n, size_t *cap, size_t v)
{
    if (*n == *cap) {
        size_t nc = *cap ? *cap * 2 : 16;
        size_t *na = realloc(*arr, nc * sizeof *na);
        if (!na)
            return -1;
        *arr = na;
        *cap = nc;
    }
    (*arr)[(*n)++] = v;
    return 0;
}

static bool same_rules(const source *a, const source *b)
{
    return a->nrules == b->nrules && !memcmp(a->rules, b->rules, a->nrules * sizeof *a->rules);
}

static int build_prefilter(fk_sigma_set *s, const size_t *idx, size_t n, fk_sigma_prefilter **out,
                           fk_err *err)
{
    const fk_sigma_rule **rules = malloc((n ? n : 1) * sizeof *rules);
    if (!rules)
        return fk_errf(err, "out of memory");
    for (size_t k = 0; k < n; k++)
        rules[k] = &s->rules[idx[k]];
    int rc = fk_sigma_prefilter_build(out, rules, n, &s->scratch, err);
    free(rules);
    return rc;
}

/* Every rule's field names point at one copy per spelling, so the per-event memo of
 * field values (see view_get) finds Image asked by a hundred rules as one entry. The
 * copies are the first rule's arena strings; the map only finds them. */
static int intern_fields(fk_sigma_set *s, fk_err *err)
{
    fk_strmap names;
    fk_strmap_init(&names);
    int rc = 0;
    for (size_t r = 0; r < s->nrules && rc == 0; r++) {
        fk_sigma_rule *rule = &s->rules[r];
        for (size_t si = 0; si < rule->nsearches && rc == 0; si++) {
            fk_sigma_search *se = &rule->searches[si];
            for (size_t g = 0; g < se->ngroups && rc == 0; g++)
                for (size_t i = 0; i < se->groups[g].nitems && rc == 0; i++) {
                    fk_sigma_item *it = &se->groups[g].items[i];
                    fk_strmap_slot *slot;
                    if (!it->field)
                        continue;
                    if (fk_strmap_upsert(&names, it->field, strlen(it->field), &slot)) {
                        rc = fk_errf(err, "out of memory");
                        break;
                    }
                    if (!slot->value)
                        slot->value = (void *)it->field;
                    it->field = slot->value;
                }
        }
    }
    fk_strmap_free(&names);
    return rc;
}

/* One prefilter per distinct list of rules: Sysmon's and Security's process creation
 * serve the same rules and share one (each reads its fields through its own map). */
static int build_prefilters(fk_sigma_set *s, fk_err *err)
{
    size_t most = s->nunmapped;
    for (size_t i = 0; i < s->nsources; i++) {
        source *src = &s->sources[i];
        if (!src->nrules)
            continue;
        most = src->nrules > most ? src->nrules : most;
        for (size_t j = 0; j < i && !src->pf; j++)
            if (s->sources[j].pf && same_rules(&s->sources[j], src)) {
                src->pf = s->sources[j].pf;
                src->pf_shared = true;
            }
        if (!src->pf && build_prefilter(s, src->rules, src->nrules, &src->pf, err))
            return -1;
    }
    if (s->nunmapped && build_prefilter(s, s->unmapped, s->nunmapped, &s->unmapped_pf, err))
        return -1;
    s->cand = malloc(most ? most : 1);
    return s->cand ? 0 : fk_errf(err, "out of memory");
}

static const where_clause *where_of(const source *src, const char *key)
{
    for (size_t i = 0; i < src->nwhere; i++)
        if (!strcasecmp(src->where[i].key, key))
            return &src->where[i];
    return NULL;
}

/* Lower-cases v into buf (cap bytes); false when it does not fit. */
static bool lower_into(const char *v, size_t n, char *buf, size_t cap)
{
    if (n >= cap)
        return false;
    for (size_t i = 0; i < n; i++)
        buf[i] = (char)tolower((unsigned char)v[i]);
    buf[n] = '\0';
    return true;
}

static int list_push(size_t **arr, size_t *n, size_t v)
{
    size_t *na = realloc(*arr, (*n + 1) * sizeof *na);
    if (!na)
        return -1;
    na[(*n)++] = v;
    *arr = na;
    return 0;
}

/* Indexes the sources that serve rules by the where-key most of them test. Each value's
 * list holds, in source order, the sources naming that value and those not testing the
 * key at all, so an event walks one precomputed list. */
static int build_index(fk_sigma_set *s, fk_err *err)
{
    size_t best = 0;
    for (size_t i = 0; i < s->nsources; i++)
        for (size_t w = 0; w < s->sources[i].nwhere && s->sources[i].nrules; w++) {
            const char *key = s->sources[i].where[w].key;
            size_t count = 0;
            for (size_t j = 0; j < s->nsources; j++)
                count += s->sources[j].nrules && where_of(&s->sources[j], key) != NULL;
            if (count > best) {
                best = count;
                s->index_key = key;
            }
        }
    for (size_t i = 0; i < s->nsources; i++) {
        const source *src = &s->sources[i];
        if (!src->nrules)
            continue;
        const where_clause *w = s->index_key ? where_of(src, s->index_key) : NULL;
        if (!w) {
            if (list_push(&s->others, &s->nothers, i))
                return fk_errf(err, "out of memory");
            continue;
        }
        for (size_t k = 0; k < w->nvals; k++) {
            char low[256];
            fk_strmap_slot *slot;
            if (!lower_into(w->vals[k], strlen(w->vals[k]), low, sizeof low))
                return fk_errf(err, "logsources: value \"%.40s...\" is too long", w->vals[k]);
            if (fk_strmap_upsert(&s->by_value, low, strlen(low), &slot))
                return fk_errf(err, "out of memory");
            if (!slot->value && !(slot->value = calloc(1, sizeof(source_list))))
                return fk_errf(err, "out of memory");
            source_list *l = slot->value;
            if (!l->n || l->idx[l->n - 1] != i) /* a value listed twice */
                if (list_push(&l->idx, &l->n, i))
                    return fk_errf(err, "out of memory");
        }
    }
    /* merge the sources without the key into every list, keeping source order */
    FK_STRMAP_FOREACH(&s->by_value, slot)
    {
        source_list *l = slot->value;
        size_t *m = malloc((l->n + s->nothers + 1) * sizeof *m), a = 0, b = 0, k = 0;
        if (!m)
            return fk_errf(err, "out of memory");
        while (a < l->n || b < s->nothers)
            m[k++] = b >= s->nothers || (a < l->n && l->idx[a] < s->others[b]) ? l->idx[a++]
                                                                               : s->others[b++];
        free(l->idx);
        l->idx = m;
        l->n = k;
    }
    return 0;
}

/* A filter applies to a rule it names (or to every rule, with rules: any) whose
 * logsource lies within the filter's: each attribute the filter gives, the rule has. */
static bool filter_applies(const fk_sigma_rule *f, const fk_sigma_rule *r)
{
    if (r->corr || r->filter)
        return false;
    if (!attr_ok(f->product, r->product) || !attr_ok(f->category, r->category) ||
        !attr_ok(f->service, r->service))
        return false;
    bool named = f->filter_any;
    for (size_t k = 0; k < f->nfilter_rules && !named; k++)
        named = (r->id && !strcmp(r->id, f->filter_rules[k])) ||
                (r->name && !strcmp(r->name, f->filter_rules[k]));
    return named;
}

static int attach_filters(fk_sigma_set *s, fk_err *err)
{
    size_t *filters = NULL, nfilters = 0, cap = 0;
    for (size_t i = 0; i < s->nrules; i++)
        if (s->rules[i].filter && push(&filters, &nfilters, &cap, i)) {
            free(filters);
            return fk_errf(err, "out of memory");
        }
    int rc = 0;
    for (size_t r = 0; r < s->nrules && nfilters && rc == 0; r++) {
        fk_sigma_rule *rule = &s->rules[r];
        size_t n = 0;
        for (size_t f = 0; f < nfilters; f++)
            n += filter_applies(&s->rules[filters[f]], rule);
        if (!n)
            continue;
        rule->filters = fk_arena_alloc(&s->arena, n * sizeof *rule->filters);
        if (!rule->filters) {
            rc = fk_errf(err, "out of memory");
            break;
        }
        for (size_t f = 0; f < nfilters; f++)
            if (filter_applies(&s->rules[filters[f]], rule))
                rule->filters[rule->nfilters++] = &s->rules[filters[f]];
    }
    free(filters);
    return rc;
}

int fk_sigma_compile(fk_sigma_set *s, fk_err *err)
{
    size_t ucap = 0;
    free(s->fired);
    s->fired = calloc(s->nrules ? s->nrules : 1, 1);
    if (!s->fired)
        return fk_errf(err, "out of memory");
    for (size_t r = 0; r < s->nrules; r++) {
        fk_sigma_rule *rule = &s->rules[r];
        if (rule->corr || rule->filter) /* correlations and filters read no events */
            continue;
        bool mapped = false;
        for (size_t i = 0; i < s->nsources; i++) {
            source *src = &s->sources[i];
            if (!rule->product && !rule->category && !rule->service)
                break;
            if (attr_ok(rule->product, src->product) && attr_ok(rule->category, src->category) &&
                attr_ok(rule->service, src->service)) {
                if (push(&src->rules, &src->nrules, &src->rcap, r))
                    return fk_errf(err, "out of memory");
                mapped = true;
            }
        }
        if (!mapped && push(&s->unmapped, &s->nunmapped, &ucap, r))
            return fk_errf(err, "out of memory");
    }
    /* correlations: find the rules they name, by id or by name */
    size_t ncorr = 0;
    for (size_t r = 0; r < s->nrules; r++)
        ncorr += s->rules[r].corr != FK_CORR_NONE;
    s->corrs = calloc(ncorr ? ncorr : 1, sizeof *s->corrs);
    if (!s->corrs)
        return fk_errf(err, "out of memory");
    for (size_t r = 0; r < s->nrules; r++) {
        fk_sigma_rule *cr = &s->rules[r];
        if (!cr->corr)
            continue;
        correlation *c = &s->corrs[s->ncorrs++];
        c->rule = r;
        c->sweep_at = 4096;
        fk_strmap_init(&c->groups);
        c->bases = calloc(cr->ncorr_rules, sizeof *c->bases);
        if (!c->bases)
            return fk_errf(err, "out of memory");
        for (size_t k = 0; k < cr->ncorr_rules; k++) {
            size_t found = s->nrules;
            for (size_t b = 0; b < s->nrules && found == s->nrules; b++) {
                const fk_sigma_rule *br = &s->rules[b];
                if (br->filter)
                    continue;
                if ((br->id && !strcmp(br->id, cr->corr_rules[k])) ||
                    (br->name && !strcmp(br->name, cr->corr_rules[k])))
                    found = b;
            }
            if (found == s->nrules)
                return fk_errf(err, "%s: correlation \"%s\": rule \"%s\" is not loaded", cr->file,
                               cr->title, cr->corr_rules[k]);
            c->bases[c->nbases++] = found;
        }
    }
    if (intern_fields(s, err) || attach_filters(s, err) || build_index(s, err) ||
        (!s->sequential && build_prefilters(s, err)))
        return -1;
    s->compiled = true;
    return 0;
}

static bool same_attr(const char *a, const char *b)
{
    return (!a && !b) || (a && b && !strcasecmp(a, b));
}

void fk_sigma_logsource_report(const fk_sigma_set *s, fk_sigma_source_fn served,
                               fk_sigma_source_fn unserved, void *ctx)
{
    for (size_t i = 0; i < s->nsources; i++)
        if (s->sources[i].nrules)
            served(ctx, s->sources[i].product, s->sources[i].category, s->sources[i].service,
                   s->sources[i].nrules);
    /* unserved rules by logsource, each logsource once, in the order first seen */
    for (size_t k = 0; k < s->nunmapped; k++) {
        const fk_sigma_rule *r = &s->rules[s->unmapped[k]];
        bool seen = false;
        for (size_t j = 0; j < k && !seen; j++) {
            const fk_sigma_rule *q = &s->rules[s->unmapped[j]];
            seen = same_attr(q->product, r->product) && same_attr(q->category, r->category) &&
                   same_attr(q->service, r->service);
        }
        if (seen)
            continue;
        size_t n = 0;
        for (size_t j = k; j < s->nunmapped; j++) {
            const fk_sigma_rule *q = &s->rules[s->unmapped[j]];
            n += same_attr(q->product, r->product) && same_attr(q->category, r->category) &&
                 same_attr(q->service, r->service);
        }
        unserved(ctx, r->product, r->category, r->service, n);
    }
}

static void add_stats(const fk_sigma_prefilter *pf, fk_sigma_prefilter_stats *st)
{
    fk_sigma_prefilter_stats one;
    fk_sigma_prefilter_stats_get(pf, &one);
    st->rules += one.rules;
    st->always += one.always;
    st->fields += one.fields;
    st->patterns += one.patterns;
    st->bytes += one.bytes;
}

void fk_sigma_prefilter_totals(const fk_sigma_set *s, fk_sigma_prefilter_stats *st)
{
    memset(st, 0, sizeof *st);
    for (size_t i = 0; i < s->nsources; i++)
        if (s->sources[i].pf && !s->sources[i].pf_shared)
            add_stats(s->sources[i].pf, st);
    if (s->unmapped_pf)
        add_stats(s->unmapped_pf, st);
}

void fk_sigma_set_sequential(fk_sigma_set *s, bool on)
{
    s->sequential = on;
}

/* ---- the event as Sigma sees it ------------------------------------------------- */

/* Windows names: Event.EventData.Image -> Image, Event.System.EventID -> EventID,
 * Event.System.Provider.#attributes.Name -> Provider_Name, Event.UserData.X.Y -> Y.
 * Other JSON keeps its dotted path (user.name, id.orig_h). Windows Defender names its
 * data with spaces ("Threat Name") where Sigma rules write ThreatName: spaces in an
 * event-data name are dropped, however the exporter spaced them. */
static fk_str short_name(fk_str key, char *buf, size_t cap)
{
    static const char evdata[] = "Event.EventData.", userdata[] = "Event.UserData.",
                      sys[] = "Event.System.";
    if ((key.n > sizeof evdata - 1 && !memcmp(key.p, evdata, sizeof evdata - 1)) ||
        (key.n > sizeof userdata - 1 && !memcmp(key.p, userdata, sizeof userdata - 1))) {
        const char *dot = key.p + key.n;
        while (dot > key.p && dot[-1] != '.')
            dot--;
        fk_str last = {dot, (size_t)(key.p + key.n - dot)};
        if (!memchr(last.p, ' ', last.n))
            return last;
        size_t k = 0;
        for (size_t i = 0; i < last.n && k + 1 < cap; i++)
            if (last.p[i] != ' ')
                buf[k++] = last.p[i];
        return (fk_str){buf, k};
    }
    if (key.n > sizeof sys - 1 && !memcmp(key.p, sys, sizeof sys - 1)) {
        const char *p = key.p + sizeof sys - 1;
        size_t n = key.n - (sizeof sys - 1), k = 0;
        for (size_t i = 0; i < n && k + 1 < cap; i++) {
            if (p[i] == '.' && i + 13 < n && !memcmp(p + i, ".#attributes.", 13)) {
                buf[k++] = '_';
                i += 12;
            } else {
                buf[k++] = p[i];
            }
        }
        return (fk_str){buf, k};
    }
    return key;
}

/* Short names are found through a small open-addressed table built per event (rules
 * ask for fields by name hundreds of times per event); events with more fields than
 * NAME_SLOTS / 2 are searched in order instead. */
#define NAME_SLOTS 256
#define NAME_EMPTY 0xffff

/* Rules ask for the same few fields again and again (Image, CommandLine): each answer
 * is kept for the event and logsource, keyed by the field name's pointer (the set interns
 * the names its rules use), with its lower-cased copy made the first time a
 * case-insensitive value asks. Values the lookup formats into the view (numbers, the
 * URI) and the copies live in keep[]; when it is full the answer is simply not kept. */
#define MEMO_SLOTS 128
#define KEEP_BYTES 32768

typedef struct {
    const char *field; /* NULL: free */
    bool have;
    fk_str val, folded; /* folded.p NULL: not made yet */
} field_memo;

typedef struct {
    fk_sigma_set *set;
    const fk_event *ev;
    const source *src; /* NULL: no field map */
    char *names;       /* short names, one buffer */
    fk_str *shorts;    /* per extra pair */
    bool hashed;
    uint16_t slot[NAME_SLOTS];
    char uri[4096];
    char num[64];
    field_memo memo[MEMO_SLOTS];
    size_t kept;
    char keep[KEEP_BYTES];
} view_ctx;

static unsigned name_hash(const char *p, size_t n)
{
    return fk_hash_nocase(p, n) & (NAME_SLOTS - 1);
}

static void index_names(view_ctx *v)
{
    v->hashed = v->ev->nextra < NAME_SLOTS / 2;
    if (!v->hashed)
        return;
    memset(v->slot, 0xff, sizeof v->slot);
    for (size_t i = 0; i < v->ev->nextra; i++) {
        unsigned h = name_hash(v->shorts[i].p, v->shorts[i].n);
        while (v->slot[h] != NAME_EMPTY)
            h = (h + 1) & (NAME_SLOTS - 1);
        v->slot[h] = (uint16_t)i;
    }
}

/* The extra pair named name: the same spelling first, else the first that differs only
 * in case (Sigma field names are case-insensitive). -1 when there is none. */
static long find_name(const view_ctx *v, const char *name, size_t nl)
{
    long caseless = -1;
    if (v->hashed) {
        for (unsigned h = name_hash(name, nl); v->slot[h] != NAME_EMPTY;
             h = (h + 1) & (NAME_SLOTS - 1)) {
            const fk_str *sn = &v->shorts[v->slot[h]];
            if (sn->n != nl || strncasecmp(sn->p, name, nl))
                continue;
            if (!memcmp(sn->p, name, nl))
                return v->slot[h];
            if (caseless < 0 || v->slot[h] < caseless)
                caseless = v->slot[h];
        }
        return caseless;
    }
    for (size_t i = 0; i < v->ev->nextra; i++)
        if (v->shorts[i].n == nl && !strncasecmp(v->shorts[i].p, name, nl)) {
            if (!memcmp(v->shorts[i].p, name, nl))
                return (long)i;
            if (caseless < 0)
                caseless = (long)i;
        }
    return caseless;
}

static bool raw_get(view_ctx *v, const char *name, fk_str *out)
{
    const fk_event *ev = v->ev;
    size_t nl = strlen(name);
    if (name[0] == '@') {
        if (!strcmp(name, "@uri")) {
            if (ev->url.n) {
                *out = ev->url;
                return true;
            }
            if (!ev->path.n)
                return false;
            int k = snprintf(v->uri, sizeof v->uri, "%.*s%s%.*s", (int)ev->path.n, ev->path.p,
                             ev->query.n ? "?" : "", (int)ev->query.n, ev->query.p);
            *out = (fk_str){v->uri, k < (int)sizeof v->uri ? (size_t)k : sizeof v->uri - 1};
            return true;
        }
        if (!strcmp(name, "@kind")) {
            const char *k = fk_kind_name(ev->kind);
            *out = (fk_str){k, strlen(k)};
            return true;
        }
        if (!strcmp(name, "@format")) {
            if (!ev->format)
                return false;
            *out = (fk_str){ev->format, strlen(ev->format)};
            return true;
        }
        if (!strcmp(name, "@program")) {
            *out = ev->program;
            return ev->program.n > 0;
        }
        return false;
    }
    long i = find_name(v, name, nl);
    if (i >= 0) {
        *out = ev->extra[i].value;
        return true;
    }
    if (ev->nextra == 0 || v->src) { /* typed fields for line formats (and mapped names) */
        fk_field_id f = fk_field_lookup(name);
        if (f != FK_F_EXTRA && fk_event_value(ev, f, NULL, v->num, out))
            return true;
    }
    return false;
}

static bool lookup(view_ctx *v, const char *field, fk_str *out)
{
    if (v->src)
        for (size_t i = 0; i < v->src->nfields; i++)
            if (!strcasecmp(v->src->from[i], field))
                return raw_get(v, v->src->to[i], out);
    return raw_get(v, field, out);
}

static void memo_reset(view_ctx *v)
{
    for (size_t i = 0; i < MEMO_SLOTS; i++)
        v->memo[i].field = NULL;
    v->kept = 0;
}

/* The slot holding field, or the free one where it would go; NULL when the table is
 * full (the answer is then computed each time). */
static field_memo *memo_slot(view_ctx *v, const char *field)
{
    unsigned h = (unsigned)(((uintptr_t)field >> 3) * 2654435761u) & (MEMO_SLOTS - 1);
    for (unsigned k = 0; k < MEMO_SLOTS; k++, h = (h + 1) & (MEMO_SLOTS - 1))
        if (!v->memo[h].field || v->memo[h].field == field)
            return &v->memo[h];
    return NULL;
}

static char *keep_room(view_ctx *v, size_t n)
{
    if (n > KEEP_BYTES - v->kept)
        return NULL;
    char *p = v->keep + v->kept;
    v->kept += n;
    return p;
}

static bool view_get(void *ctx, const char *field, fk_str *out)
{
    view_ctx *v = ctx;
    field_memo *m = memo_slot(v, field);
    if (m && m->field) {
        *out = m->val;
        return m->have;
    }
    bool have = lookup(v, field, out);
    if (!m)
        return have;
    bool scratch = have && ((out->p >= v->num && out->p < v->num + sizeof v->num) ||
                            (out->p >= v->uri && out->p < v->uri + sizeof v->uri));
    if (scratch) { /* formatted into the view: the next lookup would overwrite it */
        char *copy = keep_room(v, out->n);
        if (!copy)
            return have;
        memcpy(copy, out->p, out->n);
        out->p = copy;
    }
    m->field = field;
    m->have = have;
    m->val = have ? *out : (fk_str){"", 0};
    m->folded = (fk_str){NULL, 0};
    return have;
}

static bool view_get_folded(void *ctx, const char *field, fk_str *out)
{
    view_ctx *v = ctx;
    fk_str raw;
    if (!view_get(v, field, &raw))
        return false;
    field_memo *m = memo_slot(v, field);
    if (!m || m->field != field)
        return false;
    if (!m->folded.p) {
        char *low = keep_room(v, raw.n);
        if (!low)
            return false;
        for (size_t i = 0; i < raw.n; i++) {
            unsigned char ch = (unsigned char)raw.p[i];
            low[i] = (char)(ch >= 'A' && ch <= 'Z' ? ch | 0x20 : ch);
        }
        m->folded = (fk_str){low, raw.n};
    }
    *out = m->folded;
    return true;
}

static bool view_any(void *ctx, bool (*fn)(fk_str v, void *arg), void *arg)
{
    view_ctx *v = ctx;
    const fk_event *ev = v->ev;
    for (size_t i = 0; i < ev->nextra; i++)
        if (fn(ev->extra[i].value, arg))
            return true;
    if (ev->nextra == 0) {
        const fk_str typed[] = {ev->message,    ev->command_line, ev->image, ev->path, ev->query,
                                ev->user_agent, ev->referrer,     ev->user,  ev->host, ev->raw};
        for (size_t i = 0; i < sizeof typed / sizeof typed[0]; i++)
            if (typed[i].n && fn(typed[i], arg))
                return true;
    }
    return false;
}

static bool where_ok(view_ctx *v, const source *src)
{
    for (size_t i = 0; i < src->nwhere; i++) {
        fk_str val;
        if (!raw_get(v, src->where[i].key, &val))
            return false;
        bool any = false;
        for (size_t k = 0; k < src->where[i].nvals && !any; k++)
            any = strlen(src->where[i].vals[k]) == val.n &&
                  !strncasecmp(src->where[i].vals[k], val.p, val.n);
        if (!any)
            return false;
    }
    return true;
}

/* ---- matching ------------------------------------------------------------------- */

/* The fields of the selections that held: named in the alert so the analyst sees why. */
static void collect_fields(const fk_sigma_rule *r, const fk_sigma_view *view, fk_sigma_hit *h)
{
    for (size_t si = 0; si < r->nsearches && h->nfields < 16; si++) {
        const fk_sigma_search *s = &r->searches[si];
        for (size_t g = 0; g < s->ngroups && h->nfields < 16; g++)
            for (size_t i = 0; i < s->groups[g].nitems && h->nfields < 16; i++) {
                const fk_sigma_item *it = &s->groups[g].items[i];
                fk_str val;
                if (!it->field || !view->get(view->ctx, it->field, &val))
                    continue;
                bool hit = false;
                for (size_t k = 0; k < it->nvals && !hit; k++)
                    hit = it->vals[k].kind != FK_SV_NULL && it->vals[k].kind != FK_SV_EXISTS &&
                          !it->vals[k].negate && fk_sigma_value_match(&it->vals[k], val, view);
                bool dup = false;
                for (int k = 0; k < h->nfields && !dup; k++)
                    dup = !strcmp(h->fields[k], it->field);
                if (hit && !dup) {
                    h->fields[h->nfields] = it->field;
                    h->values[h->nfields++] = val;
                }
            }
    }
}

static int correlate(fk_sigma_set *s, size_t base, const fk_sigma_view *view, const fk_event *ev,
                     fk_sigma_hit_fn fn, void *ctx, int *hits);

static int fire(fk_sigma_set *s, size_t r, const fk_sigma_view *view, const fk_event *ev,
                fk_sigma_hit_fn fn, void *ctx, int *hits)
{
    if (s->fired[r])
        return 0;
    s->fired[r] = 1;
    if (s->ncorrs && correlate(s, r, view, ev, fn, ctx, hits))
        return -1;
    /* a rule only correlated, with generate: false, does not alert on its own */
    for (size_t i = 0; i < s->ncorrs; i++)
        for (size_t k = 0; k < s->corrs[i].nbases; k++)
            if (s->corrs[i].bases[k] == r && !s->rules[s->corrs[i].rule].generate)
                return 0;
    fk_sigma_hit h;
    memset(&h, 0, sizeof h);
    h.rule = &s->rules[r];
    collect_fields(h.rule, view, &h);
    (*hits)++;
    return fn(ctx, &h) ? -1 : 0;
}

/* A rule's condition and those of the filters that apply to it. The prefilter needs
 * no change for filters: they only add conditions, so what a rule needs stays needed. */
static bool rule_fires(const fk_sigma_rule *r, const fk_sigma_view *view)
{
    if (!fk_sigma_rule_match(r, view))
        return false;
    for (size_t i = 0; i < r->nfilters; i++)
        if (!fk_sigma_rule_match(r->filters[i], view))
            return false;
    return true;
}

/* Evaluates rules[0..n) in order: all of them, or with a prefilter only those it lets
 * through. */
static int eval_rules(fk_sigma_set *s, const size_t *rules, size_t n, const fk_sigma_prefilter *pf,
                      const fk_sigma_view *view, const fk_event *ev, fk_sigma_hit_fn fn, void *ctx,
                      int *hits)
{
    if (pf)
        fk_sigma_prefilter_run(pf, view, s->scratch, s->cand);
    for (size_t k = 0; k < n; k++) {
        size_t r = rules[k];
        if ((pf && !s->cand[k]) || s->fired[r] || !rule_fires(&s->rules[r], view))
            continue;
        if (fire(s, r, view, ev, fn, ctx, hits))
            return -1;
    }
    return 0;
}

int fk_sigma_match_event(fk_sigma_set *s, const fk_event *ev, fk_sigma_hit_fn fn, void *ctx)
{
    if (!s->compiled || s->nrules == 0)
        return 0;
    view_ctx v;
    v.set = s;
    v.ev = ev;
    v.src = NULL;
    fk_str shorts_small[128];
    char names_small[8192];
    size_t need = 0;
    for (size_t i = 0; i < ev->nextra; i++)
        need += ev->extra[i].key.n + 1;
    v.shorts = ev->nextra <= 128 ? shorts_small : malloc(ev->nextra * sizeof *v.shorts);
    v.names = need <= sizeof names_small ? names_small : malloc(need);
    if (!v.shorts || !v.names) {
        if (v.shorts != shorts_small)
            free(v.shorts);
        if (v.names != names_small)
            free(v.names);
        return -1;
    }
    size_t off = 0;
    bool windows = false;
    for (size_t i = 0; i < ev->nextra; i++) {
        v.shorts[i] = short_name(ev->extra[i].key, v.names + off, need - off);
        if (v.shorts[i].p == v.names + off)
            off += v.shorts[i].n + 1;
        if (v.shorts[i].n == 7 && !memcmp(v.shorts[i].p, "Channel", 7))
            windows = true;
    }
    index_names(&v);
    int hits = 0, rc = 0;
    memset(s->fired, 0, s->nrules);
    memo_reset(&v);
    fk_sigma_view view = {
        .get = view_get, .get_folded = view_get_folded, .any = view_any, .ctx = &v};
    /* the sources that may take the event: those its index-key value names */
    const size_t *list = s->others;
    size_t nlist = s->nothers;
    fk_str key;
    char low[256];
    if (s->index_key && raw_get(&v, s->index_key, &key) &&
        lower_into(key.p, key.n, low, sizeof low)) {
        fk_strmap_slot *slot = fk_strmap_get(&s->by_value, low, key.n);
        if (slot) {
            list = ((source_list *)slot->value)->idx;
            nlist = ((source_list *)slot->value)->n;
        }
    }
    for (size_t i = 0; i < nlist && rc == 0; i++) {
        const source *src = &s->sources[list[i]];
        v.src = NULL;
        if (!where_ok(&v, src))
            continue;
        v.src = src;
        memo_reset(&v); /* the field map differs per logsource */
        rc = eval_rules(s, src->rules, src->nrules, src->pf, &view, ev, fn, ctx, &hits);
    }
    /* rules whose logsource the mapping does not know (cloud, SaaS, appliances) read
     * JSON events that are not Windows events, by field name */
    v.src = NULL;
    memo_reset(&v);
    if (!windows && ev->nextra && rc == 0)
        rc = eval_rules(s, s->unmapped, s->nunmapped, s->unmapped_pf, &view, ev, fn, ctx, &hits);
    if (v.shorts != shorts_small)
        free(v.shorts);
    if (v.names != names_small)
        free(v.names);
    return rc ? -1 : hits;
}

/* ---- correlations --------------------------------------------------------------- */

static const char *alias_field(const fk_sigma_rule *cr, const fk_sigma_rule *base, const char *name)
{
    for (size_t a = 0; a < cr->naliases; a++) {
        if (strcmp(cr->aliases[a].name, name))
            continue;
        for (size_t k = 0; k < cr->aliases[a].n; k++)
            if ((base->id && !strcmp(cr->aliases[a].rules[k], base->id)) ||
                (base->name && !strcmp(cr->aliases[a].rules[k], base->name)))
                return cr->aliases[a].fields[k];
    }
    return name;
}

/* Drops the groups whose windows hold nothing any more at time now: without this a
 * stream grouped by address or user would keep one window per value ever seen. The map
 * has no deletion, so the live groups move to a new one; run when the groups have
 * doubled since the last sweep, which keeps the cost linear. */
static int sweep_groups(correlation *c, int64_t now, int64_t span)
{
    fk_strmap live;
    fk_strmap_init(&live);
    FK_STRMAP_FOREACH(&c->groups, slot)
    {
        fk_sigma_window *w = slot->value;
        fk_sigma_window_expire(w, now, span);
        fk_strmap_slot *ns;
        if (!fk_sigma_window_count(w))
            continue;
        if (fk_strmap_upsert(&live, slot->key, slot->keylen, &ns)) {
            fk_strmap_free(&live); /* the windows still belong to the old map */
            return -1;
        }
        ns->value = w;
    }
    FK_STRMAP_FOREACH(&c->groups, slot)
    if (!fk_sigma_window_count(slot->value)) /* the others moved */
        fk_sigma_window_free(slot->value);
    fk_strmap_free(&c->groups);
    c->groups = live;
    c->sweep_at = 2 * live.count + 4096;
    return 0;
}

static int correlate(fk_sigma_set *s, size_t base, const fk_sigma_view *view, const fk_event *ev,
                     fk_sigma_hit_fn fn, void *ctx, int *hits)
{
    if (!ev->has_time)
        return 0; /* windows need event time */
    for (size_t ci = 0; ci < s->ncorrs; ci++) {
        correlation *c = &s->corrs[ci];
        const fk_sigma_rule *cr = &s->rules[c->rule];
        int which = -1;
        for (size_t k = 0; k < c->nbases; k++)
            if (c->bases[k] == base)
                which = (int)k;
        if (which < 0)
            continue;
        /* the group key: the organisation (windows never mix members' events), then the
         * group-by values, through aliases */
        char key[1024];
        size_t kl = 0, org_n = ev->org.n < 255 ? ev->org.n : 255;
        if (org_n) {
            memcpy(key, ev->org.p, org_n);
            key[org_n] = '\t';
            kl = org_n + 1;
        }
        bool complete = true;
        for (size_t g = 0; g < cr->ngroup_by && complete; g++) {
            fk_str val;
            const char *f = alias_field(cr, &s->rules[base], cr->group_by[g]);
            if (!view->get(view->ctx, f, &val)) {
                complete = false;
                break;
            }
            int w = snprintf(key + kl, sizeof key - kl, "%s%.*s", g ? "|" : "", (int)val.n, val.p);
            kl = w > 0 && (size_t)w < sizeof key - kl ? kl + (size_t)w : sizeof key - 1;
        }
        if (!complete)
            continue;
        fk_str value = {NULL, 0};
        if (cr->corr_field &&
            !view->get(view->ctx, alias_field(cr, &s->rules[base], cr->corr_field), &value))
            continue;
        if (c->groups.count >= c->sweep_at && sweep_groups(c, ev->time_ms, cr->timespan_ms))
            return -1;
        fk_strmap_slot *slot;
        if (fk_strmap_upsert(&c->groups, key, kl, &slot))
            return -1;
        if (!slot->value && !(slot->value = fk_sigma_window_new(cr->corr, (int)c->nbases)))
            return -1;
        fk_sigma_window *w = slot->value;
        fk_sigma_window_expire(w, ev->time_ms, cr->timespan_ms);
        if (fk_sigma_window_add(w, ev->time_ms, which, value.p, value.n))
            return -1;
        double measure = fk_sigma_window_measure(w, cr->percentile);
        bool ok = true;
        for (int b = 0; b < cr->ncorr_bounds; b++)
            ok = ok && fk_sigma_compare(measure, cr->corr_cmp[b], cr->corr_bound[b]);
        if (!ok)
            continue;
        fk_sigma_hit h;
        memset(&h, 0, sizeof h);
        h.rule = cr;
        h.count = (int64_t)measure;
        h.group = org_n ? (fk_str){key + org_n + 1, kl - org_n - 1} : (fk_str){key, kl};
        h.first_ms = fk_sigma_window_first(w);
        fk_sigma_window_clear(w); /* one alert per burst: the window starts again */
        (*hits)++;
        if (fn(ctx, &h))
            return -1;
    }
    return 0;
}
