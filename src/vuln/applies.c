#include "applies.h"

#include "version.h"

#include <stdio.h>
#include <string.h>

const char *fk_match_confidence_name(fk_match_confidence c)
{
    return c == FK_MATCH_VERSION ? "version" : c == FK_MATCH_PRODUCT ? "product" : "none";
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
    if (sv->kind != FK_CPE_STRING)
        return cv->kind == FK_CPE_NA || sv->kind == FK_CPE_NA ? FK_MATCH_NONE : FK_MATCH_PRODUCT;
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

/* A node: whether one of its criteria takes in one of the system's names (negated as
 * the node says). *best gets the best match of a vulnerable criteria. */
static int node_holds(json_t *node, const fk_cpe *software, size_t n, size_t cfg, size_t nd,
                      fk_applies *best, bool *holds, fk_err *err)
{
    size_t matched = 0, i;
    json_t *m;
    json_array_foreach(json_object_get(node, "cpeMatch"), i, m)
    {
        bool entry = false;
        const char *criteria = json_string_value(json_object_get(m, "criteria"));
        fk_cpe c;
        fk_err cerr;
        if (!criteria || fk_cpe_unbind_fs(criteria, &c, &cerr) != 0)
            return fk_errc(err, FK_ERR_INVALID,
                           "configurations[%zu].nodes[%zu].cpeMatch[%zu].criteria: %s", cfg, nd, i,
                           criteria ? cerr.msg : "missing");
        bound lo = {json_string_value(json_object_get(m, "versionStartIncluding")), true};
        if (!lo.v)
            lo = (bound){json_string_value(json_object_get(m, "versionStartExcluding")), false};
        bound hi = {json_string_value(json_object_get(m, "versionEndIncluding")), true};
        if (!hi.v)
            hi = (bound){json_string_value(json_object_get(m, "versionEndExcluding")), false};
        bool vulnerable = json_is_true(json_object_get(m, "vulnerable"));
        for (size_t s = 0; s < n; s++) {
            fk_match_confidence conf = takes(&c, lo, hi, &software[s]);
            if (conf == FK_MATCH_NONE)
                continue;
            entry = true;
            if (vulnerable && conf > best->confidence) {
                best->confidence = conf;
                best->software = (int)s;
                evidence(best, criteria, lo, hi, &software[s]);
            }
        }
        matched += entry;
    }
    /* an AND node needs every one of its criteria, an OR node one */
    const char *op = json_string_value(json_object_get(node, "operator"));
    bool held = op && !strcmp(op, "AND")
                    ? matched == json_array_size(json_object_get(node, "cpeMatch"))
                    : matched > 0;
    *holds = json_is_true(json_object_get(node, "negate")) ? !held : held;
    return 0;
}

int fk_vuln_applies(json_t *configurations, const fk_cpe *software, size_t n, fk_applies *out,
                    fk_err *err)
{
    memset(out, 0, sizeof *out);
    out->software = -1;
    size_t i;
    json_t *config;
    json_array_foreach(configurations, i, config)
    {
        const char *op = json_string_value(json_object_get(config, "operator"));
        bool all = op && !strcmp(op, "AND");
        fk_applies here = {.software = -1};
        bool held_all = true, held_any = false;
        size_t k;
        json_t *node;
        json_array_foreach(json_object_get(config, "nodes"), k, node)
        {
            const char *nop = json_string_value(json_object_get(node, "operator"));
            if (nop && strcmp(nop, "OR") != 0 && strcmp(nop, "AND") != 0)
                return fk_errc(err, FK_ERR_INVALID,
                               "configurations[%zu].nodes[%zu].operator: expected AND or OR", i, k);
            bool holds = false;
            if (node_holds(node, software, n, i, k, &here, &holds, err) != 0)
                return -1;
            held_all = held_all && holds;
            held_any = held_any || holds;
        }
        if (here.confidence == FK_MATCH_NONE || !(all ? held_all : held_any)) {
            /* the vulnerable part matched, but what it must run on is not in the ledger:
             * possible, not proved */
            if (all && here.confidence != FK_MATCH_NONE)
                here.confidence = FK_MATCH_PRODUCT;
            else
                continue;
        }
        if (here.confidence > out->confidence)
            *out = here;
    }
    return 0;
}
