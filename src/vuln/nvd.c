#include "nvd.h"

#include "cpe.h"
#include "cvss.h"

#include <stdio.h>
#include <string.h>

#define NOMEM(err) fk_errc(err, FK_ERR_NOMEM, "out of memory")

/* The metric blocks in the order they rank: the newest CVSS version NVD gives. */
static const struct {
    const char *key, *version;
} metric_blocks[] = {
    {"cvssMetricV40", "4.0"},
    {"cvssMetricV31", "3.1"},
    {"cvssMetricV30", "3.0"},
    {"cvssMetricV2", "2.0"},
};

/* One metric of a block as {version, vector, score, severity, source, type}; 3.x and 4.0
 * vectors are scored here and must agree in form, what NVD wrote is kept as it is. */
static int metric(json_t *m, const char *version, const char *field, json_t **out, fk_err *err)
{
    json_t *data = json_object_get(m, "cvssData");
    const char *vector = json_string_value(json_object_get(data, "vectorString"));
    json_t *score = json_object_get(data, "baseScore");
    if (!vector)
        return fk_errf(err, "%s.cvssData.vectorString: expected the vector", field);
    if (!json_is_number(score) || json_number_value(score) < 0 || json_number_value(score) > 10)
        return fk_errf(err, "%s.cvssData.baseScore: expected a number from 0 to 10", field);
    double base = json_number_value(score);
    if (version[0] == '3' || version[0] == '4') {
        fk_cvss_scores s;
        fk_err verr;
        if (fk_cvss_score(vector, &s, &verr) != 0)
            return fk_errf(err, "%s.cvssData.vectorString: %s", field, verr.msg);
    }
    const char *severity = json_string_value(json_object_get(data, "baseSeverity"));
    if (!severity)
        severity = json_string_value(json_object_get(m, "baseSeverity")); /* v2 keeps it here */
    *out = json_pack("{ss ss sf ss ss* ss*}", "version", version, "vector", vector, "score", base,
                     "severity", severity ? severity : fk_cvss_severity(base), "source",
                     json_string_value(json_object_get(m, "source")), "type",
                     json_string_value(json_object_get(m, "type")));
    return *out ? 0 : NOMEM(err);
}

static int metrics(json_t *cve, json_t *rec, fk_err *err)
{
    json_t *all = json_array(), *best = NULL;
    size_t best_block = 0;
    bool best_primary = false;
    if (!all || json_object_set_new(rec, "cvss_all", all) != 0)
        return NOMEM(err);
    json_t *m = json_object_get(cve, "metrics");
    if (m && !json_is_object(m))
        return fk_errf(err, "cve.metrics: expected an object");
    for (size_t b = 0; b < sizeof metric_blocks / sizeof *metric_blocks; b++) {
        json_t *block = json_object_get(m, metric_blocks[b].key);
        if (block && !json_is_array(block))
            return fk_errf(err, "cve.metrics.%s: expected an array", metric_blocks[b].key);
        size_t i;
        json_t *one;
        json_array_foreach(block, i, one)
        {
            char field[80];
            snprintf(field, sizeof field, "cve.metrics.%s[%zu]", metric_blocks[b].key, i);
            json_t *got;
            if (metric(one, metric_blocks[b].version, field, &got, err) != 0)
                return -1;
            if (json_array_append_new(all, got) != 0)
                return NOMEM(err);
            /* the newest version ranks; within it NVD's own analysis before a CNA's */
            bool primary =
                !strcmp(json_string_value(json_object_get(got, "type")) ?: "", "Primary");
            if (!best || (best_block == b && primary && !best_primary)) {
                best = got;
                best_block = b;
                best_primary = primary;
            }
        }
    }
    if (best && json_object_set(rec, "cvss", best) != 0)
        return NOMEM(err);
    return 0;
}

static int configurations(json_t *cve, json_t *rec, fk_err *err)
{
    json_t *configs = json_object_get(cve, "configurations");
    if (!configs)
        configs = json_array();
    else if (!json_is_array(configs))
        return fk_errf(err, "cve.configurations: expected an array");
    else
        json_incref(configs);
    if (!configs || json_object_set_new(rec, "configurations", configs) != 0)
        return NOMEM(err);
    size_t i, k, m;
    json_t *config, *node, *match;
    json_array_foreach(configs, i, config)
    {
        json_t *nodes = json_object_get(config, "nodes");
        if (!json_is_array(nodes))
            return fk_errf(err, "cve.configurations[%zu].nodes: expected an array", i);
        const char *op = json_string_value(json_object_get(config, "operator"));
        if (json_object_get(config, "operator") && (!op || (strcmp(op, "AND") && strcmp(op, "OR"))))
            return fk_errf(err, "cve.configurations[%zu].operator: expected AND or OR", i);
        json_array_foreach(nodes, k, node)
        {
            op = json_string_value(json_object_get(node, "operator"));
            if (json_object_get(node, "operator") &&
                (!op || (strcmp(op, "AND") && strcmp(op, "OR"))))
                return fk_errf(
                    err, "cve.configurations[%zu].nodes[%zu].operator: expected AND or OR", i, k);
            json_t *matches = json_object_get(node, "cpeMatch");
            if (!json_is_array(matches))
                return fk_errf(
                    err, "cve.configurations[%zu].nodes[%zu].cpeMatch: expected an array", i, k);
            json_array_foreach(matches, m, match)
            {
                const char *criteria = json_string_value(json_object_get(match, "criteria"));
                fk_cpe name;
                fk_err cerr;
                if (!criteria)
                    return fk_errf(err,
                                   "cve.configurations[%zu].nodes[%zu].cpeMatch[%zu].criteria: "
                                   "expected a CPE 2.3 name",
                                   i, k, m);
                if (fk_cpe_unbind_fs(criteria, &name, &cerr) != 0)
                    return fk_errf(err,
                                   "cve.configurations[%zu].nodes[%zu].cpeMatch[%zu].criteria: %s",
                                   i, k, m, cerr.msg);
                if (!json_is_boolean(json_object_get(match, "vulnerable")))
                    return fk_errf(err,
                                   "cve.configurations[%zu].nodes[%zu].cpeMatch[%zu].vulnerable: "
                                   "expected true or false",
                                   i, k, m);
                static const char *const bounds[] = {"versionStartIncluding",
                                                     "versionStartExcluding", "versionEndIncluding",
                                                     "versionEndExcluding"};
                for (size_t b = 0; b < 4; b++) {
                    json_t *v = json_object_get(match, bounds[b]);
                    if (v && (!json_is_string(v) || !json_string_length(v)))
                        return fk_errf(err,
                                       "cve.configurations[%zu].nodes[%zu].cpeMatch[%zu].%s: "
                                       "expected a version",
                                       i, k, m, bounds[b]);
                }
            }
        }
    }
    json_t *products = fk_vuln_products(configs);
    if (!products || json_object_set_new(rec, "products", products) != 0)
        return NOMEM(err);
    return 0;
}

/* CISA's fields, which NVD copies into the records it lists as exploited. */
static int kev(json_t *cve, json_t *rec, fk_err *err)
{
    const char *added = json_string_value(json_object_get(cve, "cisaExploitAdd"));
    if (!added)
        return 0;
    char a[32], d[32];
    const char *due = json_string_value(json_object_get(cve, "cisaActionDue"));
    if (!fk_vuln_date(added, a))
        return fk_errf(err, "cve.cisaExploitAdd: expected a date");
    if (due && !fk_vuln_date(due, d))
        return fk_errf(err, "cve.cisaActionDue: expected a date");
    json_t *k = json_pack("{ss ss* ss* ss*}", "added", a, "due", due ? d : NULL, "action",
                          json_string_value(json_object_get(cve, "cisaRequiredAction")), "name",
                          json_string_value(json_object_get(cve, "cisaVulnerabilityName")));
    return k && json_object_set_new(rec, "kev", k) == 0 ? 0 : NOMEM(err);
}

static int texts(json_t *cve, json_t *rec, fk_err *err)
{
    json_t *descriptions = json_object_get(cve, "descriptions");
    if (!json_is_array(descriptions))
        return fk_errf(err, "cve.descriptions: expected an array of {lang, value}");
    size_t i;
    json_t *d;
    json_array_foreach(descriptions, i, d)
    {
        const char *lang = json_string_value(json_object_get(d, "lang"));
        const char *value = json_string_value(json_object_get(d, "value"));
        if (!lang || !value)
            return fk_errf(err, "cve.descriptions[%zu]: expected lang and value", i);
        if (fk_vuln_set_text(rec, "description", lang, value) != 0)
            return NOMEM(err);
    }
    json_t *cwes = json_array(), *refs = json_array(), *w, *d2;
    if (!cwes || !refs || json_object_set_new(rec, "cwes", cwes) != 0 ||
        json_object_set_new(rec, "references", refs) != 0)
        return NOMEM(err);
    json_array_foreach(json_object_get(cve, "weaknesses"), i, w)
    {
        size_t k;
        json_array_foreach(json_object_get(w, "description"), k, d2)
        {
            const char *v = json_string_value(json_object_get(d2, "value"));
            if (v && !strncmp(v, "CWE-", 4) && json_array_append_new(cwes, json_string(v)) != 0)
                return NOMEM(err);
        }
    }
    json_array_foreach(json_object_get(cve, "references"), i, w)
    {
        const char *url = json_string_value(json_object_get(w, "url"));
        if (!url)
            return fk_errf(err, "cve.references[%zu].url: expected a URL", i);
        if (json_array_append_new(refs, json_string(url)) != 0)
            return NOMEM(err);
    }
    return 0;
}

int fk_nvd_record(json_t *cve, const char *where, json_t **out, fk_err *err)
{
    return fk_nvd_record_with(cve, where, NULL, NULL, out, err);
}

int fk_nvd_record_with(json_t *cve, const char *where, const char *configurations_json,
                       json_t *products, json_t **out, fk_err *err)
{
    *out = NULL;
    if (!json_is_object(cve))
        return fk_errf(err, "%s: expected a CVE object", where);
    const char *id = json_string_value(json_object_get(cve, "id"));
    if (!fk_vuln_is_cve(id))
        return fk_errf(err, "%s: cve.id: expected a CVE identifier (CVE-YYYY-NNNN)", where);
    char published[32], modified[32];
    if (!fk_vuln_date(json_string_value(json_object_get(cve, "published")), published))
        return fk_errf(err, "%s (%s): cve.published: expected a date", where, id);
    if (!fk_vuln_date(json_string_value(json_object_get(cve, "lastModified")), modified))
        return fk_errf(err, "%s (%s): cve.lastModified: expected a date", where, id);
    json_t *rec = json_pack("{ss ss s[] ss ss ss* sb}", "id", id, "source", "nvd", "aliases",
                            "published", published, "modified", modified, "status",
                            json_string_value(json_object_get(cve, "vulnStatus")), "versions", 1);
    if (!rec)
        return NOMEM(err);
    fk_err inner;
    int rc = texts(cve, rec, &inner) == 0 && metrics(cve, rec, &inner) == 0 ? 0 : -1;
    if (rc == 0 && configurations_json) {
        if (json_object_set_new(rec, "configurations_json", json_string(configurations_json)) ||
            json_object_set(rec, "products", products))
            rc = fk_errc(&inner, FK_ERR_NOMEM, "out of memory");
    } else if (rc == 0)
        rc = configurations(cve, rec, &inner);
    if (rc == 0)
        rc = kev(cve, rec, &inner);
    if (rc != 0) {
        json_decref(rec);
        if (inner.code == FK_ERR_NOMEM)
            return NOMEM(err);
        return fk_errf(err, "%s (%s): %s", where, id, inner.msg);
    }
    *out = rec;
    return 0;
}

int fk_nvd_read(json_t *doc, fk_vuln_sink sink, void *ctx, fk_err *err)
{
    if (!json_is_object(doc))
        return fk_errf(err, "expected an NVD CVE API 2.0 object");
    json_t *list = json_object_get(doc, "vulnerabilities");
    json_t *one = json_object_get(doc, "cve");
    if (!list && !one && json_object_get(doc, "id"))
        one = doc;
    if (!list && !one)
        return fk_errf(err, "vulnerabilities: expected the NVD CVE API 2.0 list (or one \"cve\")");
    if (list && !json_is_array(list))
        return fk_errf(err, "vulnerabilities: expected an array");
    const char *format = json_string_value(json_object_get(doc, "format"));
    if (format && strcmp(format, "NVD_CVE") != 0)
        return fk_errf(err, "format: expected NVD_CVE, not %s", format);
    size_t n = list ? json_array_size(list) : 1;
    for (size_t i = 0; i < n; i++) {
        char where[48];
        json_t *cve = one;
        if (list) {
            snprintf(where, sizeof where, "vulnerabilities[%zu]", i);
            cve = json_object_get(json_array_get(list, i), "cve");
        } else
            snprintf(where, sizeof where, "record");
        json_t *rec;
        if (fk_nvd_record(cve, where, &rec, err) != 0)
            return -1;
        int rc = sink(ctx, rec, err);
        json_decref(rec);
        if (rc != 0)
            return -1;
    }
    return 0;
}
