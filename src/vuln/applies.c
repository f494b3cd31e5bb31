#include "applies.h"

#include "version.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *fk_match_confidence_name(fk_match_confidence c)
{
    return c == FK_MATCH_VERSION       ? "version"
           : c == FK_MATCH_PRODUCT     ? "product"
           : c == FK_MATCH_UNVERSIONED ? "unversioned"
                                       : "none";
}

/* A version bound of a criteria: the value and whether it is included. */
typedef struct bound {
    const char *v;
    bool inclusive;
} bound;

/* A version as a value: its WFN quoting gone ("2\\.4\\.57" is 2.4.57). */
static void unquoted(const char *wfn, char out[FK_CPE_VALUE_MAX])
{
    size_t k = 0;
    for (const char *p = wfn; *p && k + 1 < FK_CPE_VALUE_MAX; p++) {
        if (*p == '\\' && p[1])
            p++;
        out[k++] = *p;
    }
    out[k] = '\0';
}

/* How one criteria takes one of the system's names. Attributes other than the version
 * must be taken in (the criteria equal or wider); the version by the criteria's own
 * version, else by its range, compared as versions. An unknown version (ANY) leaves the
 * product match unproved. */
static fk_match_confidence takes(const fk_cpe *criteria, bound lo, bound hi, const fk_cpe *s)
{
    for (int i = 0; i < FK_CPE_ATTRIBUTES; i++) {
        if (i == FK_CPE_VERSION)
            continue;
        fk_cpe_relation r = fk_cpe_compare_value(&criteria->a[i], &s->a[i]);
        if (r == FK_CPE_EQUAL || r == FK_CPE_SUPERSET)
            continue;
        /* the system names a product without saying its update or edition: possible */
        if (r == FK_CPE_SUBSET && i > FK_CPE_VERSION)
            continue;
        return FK_MATCH_NONE;
    }
    const fk_cpe_value *cv = &criteria->a[FK_CPE_VERSION], *sv = &s->a[FK_CPE_VERSION];
    if (sv->kind == FK_CPE_NA) {
        /* a system without versions ("-", as NVD names most hardware and many Windows
         * releases): the criteria that says so too, or any version without a range */
        if (cv->kind == FK_CPE_NA || (cv->kind == FK_CPE_ANY && !lo.v && !hi.v))
            return FK_MATCH_VERSION;
        return FK_MATCH_NONE;
    }
    if (sv->kind == FK_CPE_ANY) /* the ledger does not say which version */
        return FK_MATCH_PRODUCT;
    if (cv->kind == FK_CPE_NA)
        return FK_MATCH_NONE;
    char version[FK_CPE_VALUE_MAX];
    unquoted(sv->text, version);
    if (cv->kind == FK_CPE_STRING) {
        fk_cpe_relation r = fk_cpe_compare_value(cv, sv);
        if (r == FK_CPE_EQUAL || r == FK_CPE_SUPERSET)
            return FK_MATCH_VERSION;
        char own[FK_CPE_VALUE_MAX];
        unquoted(cv->text, own);
        return fk_version_compare(own, version) == 0 ? FK_MATCH_VERSION : FK_MATCH_NONE;
    }
    if (lo.v) {
        int c = fk_version_compare(version, lo.v);
        if (c < 0 || (c == 0 && !lo.inclusive))
            return FK_MATCH_NONE;
    }
    if (hi.v) {
        int c = fk_version_compare(version, hi.v);
        if (c > 0 || (c == 0 && !hi.inclusive))
            return FK_MATCH_NONE;
    }
    return FK_MATCH_VERSION;
}

/* The evidence of a match: the criteria, its range, and the system's name. */
static void evidence(fk_applies *out, const char *criteria, bound lo, bound hi, const fk_cpe *s)
{
    char name[400] = "";
    fk_err err;
    if (fk_cpe_bind_fs(s, name, sizeof name, &err) != 0)
        snprintf(name, sizeof name, "(a name too long to show)");
    int n = snprintf(out->evidence, sizeof out->evidence, "%s", criteria);
    if (lo.v && n > 0 && (size_t)n < sizeof out->evidence)
        n += snprintf(out->evidence + n, sizeof out->evidence - (size_t)n, " from %s (%s)", lo.v,
                      lo.inclusive ? "including" : "excluding");
    if (hi.v && n > 0 && (size_t)n < sizeof out->evidence)
        n += snprintf(out->evidence + n, sizeof out->evidence - (size_t)n, " up to %s (%s)", hi.v,
                      hi.inclusive ? "including" : "excluding");
    if (n > 0 && (size_t)n < sizeof out->evidence)
        snprintf(out->evidence + n, sizeof out->evidence - (size_t)n, " takes in %s", name);
}

/* ---- compiled rules ----------------------------------------------------------------
 * A record's configurations with every criteria unbound once: matching a ledger asks
 * the same rule about many systems, and unbinding is most of the work of a question. */

typedef struct criterion {
    fk_cpe cpe;
    const char *text; /* the criteria as the record wrote it (the rule holds the JSON) */
    bound lo, hi;
    bool vulnerable;
} criterion;

typedef struct rule_node {
    size_t first, count; /* its criteria */
    bool all, negate;
} rule_node;

typedef struct rule_config {
    size_t first, count; /* its nodes */
    bool all;
} rule_config;

struct fk_vuln_rule {
    json_t *configurations;
    criterion *c;
    rule_node *n;
    rule_config *g;
    size_t nc, nn, ng;
    bool simple;
};

static bool is_and(json_t *o)
{
    const char *op = json_string_value(json_object_get(o, "operator"));
    return op && !strcmp(op, "AND");
}

int fk_vuln_rule_compile(json_t *configurations, fk_vuln_rule **out, fk_err *err)
{
    *out = NULL;
    fk_vuln_rule *r = calloc(1, sizeof *r);
    if (!r)
        return fk_errc(err, FK_ERR_NOMEM, "out of memory");
    size_t i, k, m;
    json_t *config, *node, *match;
    json_array_foreach(configurations, i, config)
        json_array_foreach(json_object_get(config, "nodes"), k, node)
    {
        r->nn++;
        r->nc += json_array_size(json_object_get(node, "cpeMatch"));
    }
    r->ng = json_array_size(configurations);
    r->c = calloc(r->nc ? r->nc : 1, sizeof *r->c);
    r->n = calloc(r->nn ? r->nn : 1, sizeof *r->n);
    r->g = calloc(r->ng ? r->ng : 1, sizeof *r->g);
    if (!r->c || !r->n || !r->g) {
        fk_vuln_rule_free(r);
        return fk_errc(err, FK_ERR_NOMEM, "out of memory");
    }
    r->configurations = json_incref(configurations);
    r->simple = true;
    size_t nc = 0, nn = 0;
    json_array_foreach(configurations, i, config)
    {
        json_t *nodes = json_object_get(config, "nodes");
        r->g[i] = (rule_config){nn, json_array_size(nodes), is_and(config)};
        if (r->g[i].all && r->g[i].count > 1)
            r->simple = false;
        json_array_foreach(nodes, k, node)
        {
            const char *nop = json_string_value(json_object_get(node, "operator"));
            if (nop && strcmp(nop, "OR") != 0 && strcmp(nop, "AND") != 0) {
                fk_vuln_rule_free(r);
                return fk_errc(err, FK_ERR_INVALID,
                               "configurations[%zu].nodes[%zu].operator: expected AND or OR", i, k);
            }
            rule_node *rn = &r->n[nn++];
            *rn = (rule_node){nc, 0, is_and(node), json_is_true(json_object_get(node, "negate"))};
            json_array_foreach(json_object_get(node, "cpeMatch"), m, match)
            {
                criterion *c = &r->c[nc];
                c->text = json_string_value(json_object_get(match, "criteria"));
                fk_err cerr;
                if (!c->text || fk_cpe_unbind_fs(c->text, &c->cpe, &cerr) != 0) {
                    fk_vuln_rule_free(r);
                    return fk_errc(err, FK_ERR_INVALID,
                                   "configurations[%zu].nodes[%zu].cpeMatch[%zu].criteria: %s", i,
                                   k, m, c->text ? cerr.msg : "missing");
                }
                c->lo = (bound){json_string_value(json_object_get(match, "versionStartIncluding")),
                                true};
                if (!c->lo.v)
                    c->lo = (bound){
                        json_string_value(json_object_get(match, "versionStartExcluding")), false};
                c->hi =
                    (bound){json_string_value(json_object_get(match, "versionEndIncluding")), true};
                if (!c->hi.v)
                    c->hi = (bound){
                        json_string_value(json_object_get(match, "versionEndExcluding")), false};
                c->vulnerable = json_is_true(json_object_get(match, "vulnerable"));
                /* a platform criteria, a negation or an AND makes the answer depend on what
                 * else the system runs */
                if (!c->vulnerable)
                    r->simple = false;
                nc++;
                rn->count++;
            }
            if (rn->negate || (rn->all && rn->count > 1))
                r->simple = false;
        }
    }
    *out = r;
    return 0;
}

void fk_vuln_rule_free(fk_vuln_rule *r)
{
    if (!r)
        return;
    json_decref(r->configurations);
    free(r->c);
    free(r->n);
    free(r->g);
    free(r);
}

bool fk_vuln_rule_simple(const fk_vuln_rule *r)
{
    return r->simple;
}

/* A node: whether one of its criteria takes in one of the system's names (negated as
 * the node says). *best gets the best match of a vulnerable criteria. */
static bool node_holds(const fk_vuln_rule *r, const rule_node *nd, const fk_cpe *software, size_t n,
                       fk_applies *best)
{
    size_t matched = 0;
    for (size_t i = nd->first; i < nd->first + nd->count; i++) {
        const criterion *c = &r->c[i];
        bool entry = false;
        for (size_t s = 0; s < n; s++) {
            fk_match_confidence conf = takes(&c->cpe, c->lo, c->hi, &software[s]);
            if (conf == FK_MATCH_NONE)
                continue;
            entry = true;
            if (c->vulnerable && conf > best->confidence) {
                best->confidence = conf;
                best->software = (int)s;
                evidence(best, c->text, c->lo, c->hi, &software[s]);
            }
        }
        matched += entry;
    }
    /* an AND node needs every one of its criteria, an OR node one */
    bool held = nd->all ? matched == nd->count : matched > 0;
    return nd->negate ? !held : held;
}

void fk_vuln_rule_apply(const fk_vuln_rule *r, const fk_cpe *software, size_t n, fk_applies *out)
{
    memset(out, 0, sizeof *out);
    out->software = -1;
    for (size_t i = 0; i < r->ng; i++) {
        const rule_config *g = &r->g[i];
        fk_applies here = {.software = -1};
        bool held_all = true, held_any = false;
        for (size_t k = g->first; k < g->first + g->count; k++) {
            bool holds = node_holds(r, &r->n[k], software, n, &here);
            held_all = held_all && holds;
            held_any = held_any || holds;
        }
        if (here.confidence == FK_MATCH_NONE || !(g->all ? held_all : held_any)) {
            /* the vulnerable part matched, but what it must run on is not in the ledger:
             * possible, not proved */
            if (g->all && here.confidence != FK_MATCH_NONE)
                here.confidence = FK_MATCH_PRODUCT;
            else
                continue;
        }
        if (here.confidence > out->confidence)
            *out = here;
    }
}

int fk_vuln_applies(json_t *configurations, const fk_cpe *software, size_t n, fk_applies *out,
                    fk_err *err)
{
    fk_vuln_rule *r;
    if (fk_vuln_rule_compile(configurations, &r, err) != 0)
        return -1;
    fk_vuln_rule_apply(r, software, n, out);
    fk_vuln_rule_free(r);
    return 0;
}
