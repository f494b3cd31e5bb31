#include "campaign.h"

#include "../core/strmap.h"
#include "../core/timefmt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

extern const char *const fk_campaigns_yml;
extern const size_t fk_campaigns_yml_len;

enum { BY_INDICATOR, BY_SRC_IP, BY_RULE };
static const char *const by_names[] = {"indicator", "src_ip", "rule"};

/* The most organisations one key remembers: a campaign of more is reported as it is. */
#define MAX_ORGS 256

typedef struct {
    char *id, *title;
    fk_severity severity;
    int by;
    char **engines;
    size_t nengines;
    size_t min_orgs, min_sectors;
    int64_t window_ms;
} rule;

struct fk_campaign_rules {
    rule *rules;
    size_t count;
};

typedef struct {
    char *org, *sector;
    int64_t last_ms, first_ms, alert_id;
} member;

typedef struct {
    member *m;
    size_t n;
    size_t fired;        /* organisations when it last fired (0: not firing) */
    int64_t campaign_id; /* the campaign's alert, set by the callback */
} key_state;

struct fk_campaign {
    const fk_campaign_rules *rules;
    fk_strmap *keys; /* per rule */
    size_t *sweep_at;
    fk_campaign_fn fn;
    void *ctx;
};

/* ---- rules ----------------------------------------------------------------------------- */

static void free_rule(rule *r)
{
    free(r->id);
    free(r->title);
    for (size_t i = 0; i < r->nengines; i++)
        free(r->engines[i]);
    free(r->engines);
}

void fk_campaign_rules_free(fk_campaign_rules *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->count; i++)
        free_rule(&r->rules[i]);
    free(r->rules);
    free(r);
}

size_t fk_campaign_rules_count(const fk_campaign_rules *r)
{
    return r ? r->count : 0;
}

static const char *scalar(yaml_node_t *n)
{
    return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

static int at(fk_err *err, const char *name, yaml_node_t *n, const char *what)
{
    return fk_errf(err, "%s:%zu: %s", name, n ? n->start_mark.line + 1 : 0, what);
}

static int count_of(const char *v, size_t *out)
{
    char *end;
    long n = v ? strtol(v, &end, 10) : -1;
    if (!v || *end || n < 0 || n > 100000)
        return -1;
    *out = (size_t)n;
    return 0;
}

static int parse_rule(yaml_document_t *d, yaml_node_t *node, const char *name, rule *r, fk_err *err)
{
    memset(r, 0, sizeof *r);
    r->severity = FK_SEV_HIGH;
    r->by = -1;
    if (!node || node->type != YAML_MAPPING_NODE)
        return at(err, name, node, "expected a campaign rule (a mapping)");
    for (yaml_node_pair_t *p = node->data.mapping.pairs.start; p < node->data.mapping.pairs.top;
         p++) {
        yaml_node_t *kn = yaml_document_get_node(d, p->key),
                    *vn = yaml_document_get_node(d, p->value);
        const char *k = scalar(kn), *v = scalar(vn);
        if (!k)
            return at(err, name, kn, "expected a key");
        if (!strcmp(k, "id") || !strcmp(k, "title")) {
            if (!v || !*v)
                return at(err, name, vn, "id and title: expected text");
            char **dst = !strcmp(k, "id") ? &r->id : &r->title;
            free(*dst);
            if (!(*dst = strdup(v)))
                return fk_errc(err, FK_ERR_NOMEM, "out of memory");
        } else if (!strcmp(k, "severity")) {
            if (!v || !fk_severity_parse(v, &r->severity))
                return at(err, name, vn, "severity: expected info, low, medium, high or critical");
        } else if (!strcmp(k, "by")) {
            for (int i = 0; v && i < 3; i++)
                if (!strcmp(v, by_names[i]))
                    r->by = i;
            if (r->by < 0)
                return at(err, name, vn, "by: expected indicator, src_ip or rule");
        } else if (!strcmp(k, "engines")) {
            if (!vn || vn->type != YAML_SEQUENCE_NODE)
                return at(err, name, vn, "engines: expected a list of engine names");
            size_t n = (size_t)(vn->data.sequence.items.top - vn->data.sequence.items.start);
            if (r->engines || !(r->engines = calloc(n + 1, sizeof *r->engines)))
                return at(err, name, vn, "engines: given twice, or out of memory");
            for (size_t i = 0; i < n; i++) {
                const char *e = scalar(yaml_document_get_node(d, vn->data.sequence.items.start[i]));
                if (!e || !(r->engines[r->nengines++] = strdup(e)))
                    return at(err, name, vn, "engines: expected names");
            }
        } else if (!strcmp(k, "min_organisations") || !strcmp(k, "min_sectors")) {
            size_t *dst = !strcmp(k, "min_sectors") ? &r->min_sectors : &r->min_orgs;
            if (count_of(v, dst) != 0)
                return at(err, name, vn, "expected a number");
        } else if (!strcmp(k, "window")) {
            if (!v || fk_duration_parse(v, &r->window_ms) != 0)
                return at(err, name, vn, "window: expected a span like 30m, 6h or 1d");
        } else {
            char msg[200];
            snprintf(msg, sizeof msg,
                     "unknown key '%.60s' (expected id, title, severity, by, engines, "
                     "min_organisations, min_sectors, window)",
                     k);
            return at(err, name, kn, msg);
        }
    }
    if (!r->id || !r->title || r->by < 0 || !r->window_ms)
        return at(err, name, node, "a campaign rule needs id, title, by and window");
    if (r->min_orgs < 2 && r->min_sectors < 2)
        return at(err, name, node,
                  "min_organisations or min_sectors must be at least 2 (a campaign spans "
                  "several)");
    return 0;
}

int fk_campaign_rules_load(fk_campaign_rules **out, const char *name, const char *yaml, size_t n,
                           fk_err *err)
{
    *out = NULL;
    fk_campaign_rules *rs = calloc(1, sizeof *rs);
    if (!rs)
        return fk_errc(err, FK_ERR_NOMEM, "out of memory");
    yaml_parser_t p;
    yaml_document_t d;
    yaml_parser_initialize(&p);
    yaml_parser_set_input_string(&p, (const unsigned char *)yaml, n);
    if (!yaml_parser_load(&p, &d)) {
        fk_errf(err, "%s:%zu: %s", name, p.problem_mark.line + 1,
                p.problem ? p.problem : "invalid YAML");
        yaml_parser_delete(&p);
        free(rs);
        return -1;
    }
    int rc = 0;
    yaml_node_t *root = yaml_document_get_root_node(&d), *list = NULL;
    if (root && root->type == YAML_MAPPING_NODE)
        for (yaml_node_pair_t *pr = root->data.mapping.pairs.start;
             pr < root->data.mapping.pairs.top; pr++) {
            const char *k = scalar(yaml_document_get_node(&d, pr->key));
            if (k && !strcmp(k, "campaigns"))
                list = yaml_document_get_node(&d, pr->value);
            else
                rc = at(err, name, yaml_document_get_node(&d, pr->key),
                        "expected only a 'campaigns:' list");
        }
    if (rc == 0 && (!list || list->type != YAML_SEQUENCE_NODE))
        rc = at(err, name, root, "expected a 'campaigns:' list");
    size_t total =
        rc ? 0 : (size_t)(list->data.sequence.items.top - list->data.sequence.items.start);
    if (rc == 0 && !(rs->rules = calloc(total + 1, sizeof *rs->rules)))
        rc = fk_errc(err, FK_ERR_NOMEM, "out of memory");
    for (size_t i = 0; rc == 0 && i < total; i++) {
        rule *r = &rs->rules[rs->count];
        rc = parse_rule(&d, yaml_document_get_node(&d, list->data.sequence.items.start[i]), name, r,
                        err);
        rs->count++;
        for (size_t j = 0; rc == 0 && j + 1 < rs->count; j++)
            if (!strcmp(rs->rules[j].id, r->id))
                rc = fk_errf(err, "%s: campaign rule '%s' appears twice", name, r->id);
    }
    yaml_document_delete(&d);
    yaml_parser_delete(&p);
    if (rc != 0) {
        fk_campaign_rules_free(rs);
        return -1;
    }
    *out = rs;
    return 0;
}

int fk_campaign_rules_default(fk_campaign_rules **out, fk_err *err)
{
    return fk_campaign_rules_load(out, "rules/campaigns.yml", fk_campaigns_yml,
                                  fk_campaigns_yml_len, err);
}

/* ---- matching -------------------------------------------------------------------------- */

fk_campaign *fk_campaign_new(const fk_campaign_rules *rules, fk_campaign_fn fn, void *ctx)
{
    fk_campaign *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->rules = rules;
    c->fn = fn;
    c->ctx = ctx;
    c->keys = calloc(rules->count + 1, sizeof *c->keys);
    c->sweep_at = calloc(rules->count + 1, sizeof *c->sweep_at);
    if (!c->keys || !c->sweep_at) {
        free(c->keys);
        free(c->sweep_at);
        free(c);
        return NULL;
    }
    for (size_t i = 0; i < rules->count; i++) {
        fk_strmap_init(&c->keys[i]);
        c->sweep_at[i] = 4096;
    }
    return c;
}

static void free_key(key_state *k)
{
    for (size_t i = 0; i < k->n; i++) {
        free(k->m[i].org);
        free(k->m[i].sector);
    }
    free(k->m);
    free(k);
}

void fk_campaign_free(fk_campaign *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->rules->count; i++) {
        FK_STRMAP_FOREACH(&c->keys[i], s)
        free_key(s->value);
        fk_strmap_free(&c->keys[i]);
    }
    free(c->keys);
    free(c->sweep_at);
    free(c);
}

size_t fk_campaign_keys(const fk_campaign *c)
{
    size_t n = 0;
    for (size_t i = 0; i < c->rules->count; i++)
        n += c->keys[i].count;
    return n;
}

static bool engine_selected(const rule *r, const char *engine)
{
    if (!r->nengines)
        return true;
    for (size_t i = 0; i < r->nengines; i++)
        if (!strcmp(r->engines[i], engine))
            return true;
    return false;
}

/* The key of an alert under a rule, or 0 when the alert has none. */
static size_t key_of(const rule *r, const fk_alert *a, char *buf, size_t cap)
{
    int n = 0;
    switch (r->by) {
    case BY_INDICATOR:
        if (!a->indicator || !*a->indicator)
            return 0;
        n = snprintf(buf, cap, "%s", a->indicator);
        break;
    case BY_SRC_IP:
        if (!a->src_ip.n)
            return 0;
        n = snprintf(buf, cap, "%.*s", (int)a->src_ip.n, a->src_ip.p);
        break;
    default: n = snprintf(buf, cap, "%s:%s", a->engine, a->rule_id ? a->rule_id : ""); break;
    }
    return n > 0 && (size_t)n < cap ? (size_t)n : 0;
}

/* Drops what fell out of the window; the key's members stay in arrival order. */
static void expire(key_state *k, int64_t now, int64_t window)
{
    size_t w = 0;
    for (size_t i = 0; i < k->n; i++) {
        if (now - k->m[i].last_ms > window) {
            free(k->m[i].org);
            free(k->m[i].sector);
        } else {
            k->m[w++] = k->m[i];
        }
    }
    k->n = w;
}

/* The map has no deletion: keys still holding organisations move to a new map. */
static int sweep(fk_campaign *c, size_t ri, int64_t now)
{
    fk_strmap live;
    fk_strmap_init(&live);
    int rc = 0;
    FK_STRMAP_FOREACH(&c->keys[ri], s)
    {
        key_state *k = s->value;
        expire(k, now, c->rules->rules[ri].window_ms);
        fk_strmap_slot *d;
        if (!k->n || rc != 0) {
            free_key(k);
        } else if ((rc = fk_strmap_upsert(&live, s->key, strlen(s->key), &d)) == 0) {
            d->value = k;
        } else {
            free_key(k);
        }
    }
    fk_strmap_free(&c->keys[ri]);
    c->keys[ri] = live;
    c->sweep_at[ri] = live.count * 2 > 4096 ? live.count * 2 : 4096;
    return rc;
}

/* The distinct non-empty sectors of a key's organisations, into out (MAX_ORGS). */
static size_t distinct_sectors(const key_state *k, const char **out)
{
    size_t ns = 0;
    for (size_t i = 0; i < k->n; i++) {
        bool seen = !k->m[i].sector[0];
        for (size_t j = 0; j < ns && !seen; j++)
            seen = !strcmp(out[j], k->m[i].sector);
        if (!seen)
            out[ns++] = k->m[i].sector;
    }
    return ns;
}

/* Reports the key's campaign: formed or grown (link_alert 0: every organisation, its
 * names, sectors and latest alerts), or one more alert of a member it already counts. */
static int fire(fk_campaign *c, const rule *r, const char *key, size_t keylen, key_state *k,
                const char **sectors, size_t nsectors, int64_t link_alert)
{
    const char *orgs[MAX_ORGS];
    int64_t ids[MAX_ORGS];
    fk_campaign_hit h = {
        .rule_id = r->id,
        .title = r->title,
        .by = by_names[r->by],
        .severity = r->severity,
        .value = {key, keylen},
        .norgs = k->n,
        .nsectors = nsectors,
        .sectors = sectors,
        .campaign_id = &k->campaign_id,
    };
    if (link_alert) {
        h.alert_ids = &link_alert;
        h.nalerts = 1;
        h.link_only = true;
        return c->fn(c->ctx, &h);
    }
    h.first_ms = k->m[0].first_ms;
    h.last_ms = k->m[0].last_ms;
    for (size_t i = 0; i < k->n; i++) {
        orgs[i] = k->m[i].org;
        ids[i] = k->m[i].alert_id;
        if (k->m[i].first_ms < h.first_ms)
            h.first_ms = k->m[i].first_ms;
        if (k->m[i].last_ms > h.last_ms)
            h.last_ms = k->m[i].last_ms;
    }
    h.orgs = orgs;
    h.alert_ids = ids;
    h.nalerts = k->n;
    h.window_start = h.last_ms - r->window_ms;
    h.grew = k->fired > 0;
    k->fired = k->n;
    return c->fn(c->ctx, &h);
}

int fk_campaign_alert(fk_campaign *c, const fk_alert *a, fk_str sector, int64_t alert_id,
                      int64_t now_ms)
{
    if (!a->org.n || !a->engine)
        return 0;
    /* the window runs on event time, so a replayed day of logs still forms campaigns */
    now_ms = a->has_time && a->last_ms ? a->last_ms : now_ms;
    for (size_t ri = 0; ri < c->rules->count; ri++) {
        const rule *r = &c->rules->rules[ri];
        char key[1024];
        size_t kl;
        if (!engine_selected(r, a->engine) || !(kl = key_of(r, a, key, sizeof key)))
            continue;
        if (c->keys[ri].count >= c->sweep_at[ri] && sweep(c, ri, now_ms) != 0)
            return -1;
        fk_strmap_slot *slot;
        if (fk_strmap_upsert(&c->keys[ri], key, kl, &slot) != 0)
            return -1;
        key_state *k = slot->value;
        if (!k && !(k = slot->value = calloc(1, sizeof *k)))
            return -1;
        expire(k, now_ms, r->window_ms);
        if (!k->n)
            k->fired = 0; /* quiet for a whole window: a new campaign if it starts again */
        size_t i = 0;
        while (i < k->n &&
               (strlen(k->m[i].org) != a->org.n || memcmp(k->m[i].org, a->org.p, a->org.n) != 0))
            i++;
        if (i == k->n) {
            if (k->n == MAX_ORGS)
                continue;
            member *m = realloc(k->m, (k->n + 1) * sizeof *m);
            if (!m)
                return -1;
            k->m = m;
            m[i] = (member){strndup(a->org.p, a->org.n),
                            strndup(sector.p ? sector.p : "", sector.n), now_ms, now_ms, 0};
            if (!m[i].org || !m[i].sector) {
                free(m[i].org);
                free(m[i].sector);
                return -1;
            }
            k->n++;
        }
        k->m[i].last_ms = now_ms;
        k->m[i].alert_id = alert_id;
        const char *sectors[MAX_ORGS];
        size_t nsec = distinct_sectors(k, sectors);
        bool reached = (r->min_orgs >= 2 && k->n >= r->min_orgs) ||
                       (r->min_sectors >= 2 && nsec >= r->min_sectors);
        int rc = 0;
        if (reached && k->n > k->fired)
            rc = fire(c, r, key, kl, k, sectors, nsec, 0);
        else if (reached && k->fired && k->campaign_id)
            rc = fire(c, r, key, kl, k, sectors, nsec, alert_id);
        if (rc != 0)
            return -1;
    }
    return 0;
}
