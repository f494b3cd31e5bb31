/* Unit tests of CVSS scoring and CPE naming and matching: every reference vector and
 * every matching and binding case of the shared corpus (FK_VULN_CORPUS; skipped, and
 * said, without it), and the errors that name what is wrong. */
#include "applies.h"
#include "cpe.h"
#include "cvss.h"
#include "version.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static FILE *corpus(const char *name)
{
    const char *dir = getenv("FK_VULN_CORPUS");
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir ? dir : "/nonexistent", name);
    FILE *f = fopen(path, "r");
    if (!f)
        cr_skip("%s is not there: the corpus case is skipped", path);
    return f;
}

/* Every vector of a file "VECTOR - (base, temporal, environmental)" scored as given. */
static void check_vectors3(const char *name, int expected_lines)
{
    FILE *f = corpus(name);
    char line[2048];
    int n = 0, ok = 0;
    while (fgets(line, sizeof line, f)) {
        char *sep = strstr(line, " - ");
        if (!sep)
            continue;
        *sep = '\0';
        double b, t, e;
        cr_assert_eq(sscanf(sep + 3, "(%lf, %lf, %lf)", &b, &t, &e), 3, "%s", sep + 3);
        fk_cvss_scores s;
        fk_err err;
        n++;
        cr_assert_eq(fk_cvss_score(line, &s, &err), 0, "%s: %s", line, err.msg);
        if (s.base == b && s.temporal == t && s.environmental == e)
            ok++;
        else
            cr_log_error("%s: %.1f %.1f %.1f, expected %.1f %.1f %.1f", line, s.base, s.temporal,
                         s.environmental, b, t, e);
    }
    fclose(f);
    cr_assert_eq(n, expected_lines, "the file's vectors were all read");
    cr_assert_eq(ok, n, "%d of %d vectors scored as the reference", ok, n);
}

Test(cvss, every_reference_vector_of_3_1)
{
    check_vectors3("cvss/vectors_simple31", 2592);
}

Test(cvss, the_3_0_calculator_vectors_with_temporal_and_environmental_metrics)
{
    check_vectors3("cvss/vectors_calculator3", 2);
}

Test(cvss, known_scores_and_severities)
{
    fk_cvss_scores s;
    fk_err err;
    cr_assert_eq(fk_cvss_score("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", &s, &err), 0);
    cr_assert_float_eq(s.base, 9.8, 1e-9);
    cr_assert_str_eq(fk_cvss_severity(s.base), "Critical");
    cr_assert_eq(fk_cvss_score("CVSS:3.1/AV:L/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N", &s, &err), 0);
    cr_assert_float_eq(s.base, 1.8, 1e-9);
    cr_assert_str_eq(fk_cvss_severity(s.base), "Low");
    cr_assert_str_eq(fk_cvss_severity(0), "None");
    cr_assert_str_eq(fk_cvss_severity(6.9), "Medium");
    cr_assert_str_eq(fk_cvss_severity(7.0), "High");
}

Test(cvss, a_wrong_vector_names_the_metric)
{
    static const struct {
        const char *vector, *says;
    } wrong[] = {
        {"CVSS:3.1/AV:Q/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "AV: 'Q' is not one of NALP"},
        {"CVSS:3.1/AV:N/PR:N/UI:N/S:U/C:H/I:H/A:H", "AC: missing"},
        {"CVSS:3.1/AV:N/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "AV: given twice"},
        {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/XX:Y", "XX: not a metric"},
        {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/", "ends with '/'"},
        {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A", "'A': expected METRIC:VALUE"},
        {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:Z", "E: 'Z' is not one of XHFPU"},
        {"CVSS:2.0/AV:N", "CVSS:3.0/, CVSS:3.1/ or CVSS:4.0/"},
    };
    for (size_t i = 0; i < sizeof wrong / sizeof wrong[0]; i++) {
        fk_cvss_scores s;
        fk_err err;
        cr_assert_eq(fk_cvss_score(wrong[i].vector, &s, &err), -1, "%s", wrong[i].vector);
        cr_assert_eq(err.code, FK_ERR_INVALID);
        cr_assert_not_null(strstr(err.msg, wrong[i].says), "%s: %s", wrong[i].vector, err.msg);
    }
}

/* ---- CPE ---------------------------------------------------------------------------------- */

/* A WFN as the corpus writes one: wfn:[part="a",vendor=ANY,...] (all eleven, in order). */
static void read_wfn(const char *s, fk_cpe *n)
{
    fk_err err;
    cr_assert_eq(strncmp(s, "wfn:[", 5), 0, "%s", s);
    s += 5;
    for (int i = 0; i < FK_CPE_ATTRIBUTES; i++) {
        const char *eq = strchr(s, '=');
        cr_assert_not_null(eq);
        const char *v = eq + 1, *e = v;
        if (*v == '"') {
            for (e = v + 1; *e && *e != '"'; e += *e == '\\' && e[1] ? 2 : 1)
                ;
            e++;
        } else {
            e = v + strcspn(v, ",]");
        }
        char value[600];
        snprintf(value, sizeof value, "%.*s", (int)(e - v), v);
        cr_assert_eq(fk_cpe_value_read(value, &n->a[i], &err), 0, "%s", value);
        s = e + 1;
    }
}

static void write_wfn(const fk_cpe *n, char *out, size_t cap)
{
    size_t len = (size_t)snprintf(out, cap, "wfn:[");
    for (int i = 0; i < FK_CPE_ATTRIBUTES && len < cap; i++) {
        const fk_cpe_value *v = &n->a[i];
        len +=
            (size_t)snprintf(out + len, cap - len, "%s%s=", i ? "," : "", fk_cpe_attribute_name(i));
        if (len < cap)
            len += (size_t)snprintf(out + len, cap - len,
                                    v->kind == FK_CPE_ANY  ? "ANY"
                                    : v->kind == FK_CPE_NA ? "NA"
                                                           : "\"%s\"",
                                    v->text);
    }
    if (len < cap)
        snprintf(out + len, cap - len, "]");
}

/* Each row of a TSV of three columns (after its header) through check; how many rows. */
static int each_row(const char *name, void (*check)(char *a, char *b, const char *want))
{
    FILE *f = corpus(name);
    char line[4096];
    int n = 0;
    cr_assert_not_null(fgets(line, sizeof line, f), "a header");
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        char *b = strchr(line, '\t'), *c = b ? strchr(b + 1, '\t') : NULL;
        cr_assert(b && c, "three columns: %s", line);
        *b++ = '\0';
        *c++ = '\0';
        check(line, b, c);
        n++;
    }
    fclose(f);
    return n;
}

static void name_relation(char *a, char *b, const char *want)
{
    fk_cpe x, y;
    fk_err err;
    cr_assert_eq(fk_cpe_parse(a, &x, &err), 0, "%s: %s", a, err.msg);
    cr_assert_eq(fk_cpe_parse(b, &y, &err), 0, "%s: %s", b, err.msg);
    cr_expect_str_eq(fk_cpe_relation_name(fk_cpe_compare(&x, &y)), want, "%s to %s", a, b);
}

static void value_relation(char *a, char *b, const char *want)
{
    fk_cpe_value x, y;
    fk_err err;
    cr_assert_eq(fk_cpe_value_read(a, &x, &err), 0, "%s", a);
    cr_assert_eq(fk_cpe_value_read(b, &y, &err), 0, "%s", b);
    cr_expect_str_eq(fk_cpe_relation_name(fk_cpe_compare_value(&x, &y)), want, "%s to %s", a, b);
}

static void binding(char *op, char *in, const char *want)
{
    fk_cpe n;
    fk_err err;
    char got[2048] = "";
    int rc = 0;
    bool from_wfn = !strncmp(op, "bind_", 5);
    if (from_wfn)
        read_wfn(in, &n);
    else
        rc = !strcmp(op, "unbind_fs") || !strcmp(op, "fs_to_uri") || !strcmp(op, "roundtrip_fs")
                 ? fk_cpe_unbind_fs(in, &n, &err)
                 : fk_cpe_unbind_uri(in, &n, &err);
    if (rc == 0) {
        if (!strncmp(op, "unbind_", 7))
            write_wfn(&n, got, sizeof got);
        else if (!strcmp(op, "bind_fs") || !strcmp(op, "roundtrip_fs"))
            rc = fk_cpe_bind_fs(&n, got, sizeof got, &err);
        else
            rc = fk_cpe_bind_uri(&n, got, sizeof got, &err);
    }
    cr_expect_str_eq(rc == 0 ? got : "ERROR", want, "%s %s", op, in);
}

Test(cpe, every_name_matching_case)
{
    cr_assert_eq(each_row("cpe/cpe-relations.tsv", name_relation), 13);
}

Test(cpe, every_attribute_matching_case)
{
    cr_assert_eq(each_row("cpe/cpe-attribute-relations.tsv", value_relation), 13);
}

Test(cpe, every_binding_and_unbinding_case)
{
    cr_assert_eq(each_row("cpe/cpe-bindings.tsv", binding), 30);
}

/* Without the corpus: versions with wildcards take in a version, not the other way; a
 * name's errors say which attribute. */
Test(cpe, matching_and_errors_without_the_corpus)
{
    fk_cpe a, b;
    fk_err err;
    cr_assert_eq(fk_cpe_parse("cpe:2.3:a:apache:http_server:2.4.*:*:*:*:*:*:*:*", &a, &err), 0);
    cr_assert_eq(fk_cpe_parse("cpe:/a:apache:http_server:2.4.57", &b, &err), 0);
    cr_assert_eq(fk_cpe_compare(&a, &b), FK_CPE_SUPERSET);
    cr_assert_eq(fk_cpe_compare(&b, &a), FK_CPE_UNDEFINED);
    cr_assert_eq(fk_cpe_parse("cpe:2.3:a:apache:http_server:2.2.34:*:*:*:*:*:*:*", &b, &err), 0);
    cr_assert_eq(fk_cpe_compare(&a, &b), FK_CPE_DISJOINT);
    cr_assert_eq(fk_cpe_parse("cpe:2.3:x:apache:http_server:*:*:*:*:*:*:*:*", &a, &err), -1);
    cr_assert_not_null(strstr(err.msg, "part:"), "%s", err.msg);
    cr_assert_eq(fk_cpe_parse("cpe:2.3:a:apache:http*server:*:*:*:*:*:*:*:*", &a, &err), -1);
    cr_assert_not_null(strstr(err.msg, "product:"), "%s", err.msg);
    cr_assert_eq(fk_cpe_parse("cpe:2.3:a:apache", &a, &err), -1);
    cr_assert_not_null(strstr(err.msg, "expected 11"), "%s", err.msg);
}

/* ---- versions and applicability ------------------------------------------------------- */

Test(version, versions_compare_as_versions)
{
    static const struct {
        const char *a, *b;
        int sign;
    } cases[] = {
        {"1.9", "1.10", -1},       {"2.4.9", "2.4.57", -1},
        {"1.0rc1", "1.0", -1},     {"2.0-beta2", "2.0", -1},
        {"1.1.1", "1.1.1k", -1},   {"1.1.1a", "1.1.1b", -1},
        {"1.0a1", "1.0", -1},      {"1.0alpha", "1.0beta", -1},
        {"1.0beta", "1.0rc1", -1}, {"1.0", "1.0.1", -1},
        {"1.3", "1.3.0", 0},       {"01.2", "1.2", 0},
        {"9.3.2", "9.3", 1},       {"6.1.7601.17514", "6.1.7601", 1},
        {"10.0", "9.99", 1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int c = fk_version_compare(cases[i].a, cases[i].b);
        cr_expect_eq((c > 0) - (c < 0), cases[i].sign, "%s against %s: %d", cases[i].a, cases[i].b,
                     c);
        c = fk_version_compare(cases[i].b, cases[i].a);
        cr_expect_eq((c > 0) - (c < 0), -cases[i].sign, "%s against %s (swapped)", cases[i].b,
                     cases[i].a);
    }
}

static fk_cpe name_of(const char *text)
{
    fk_cpe n;
    fk_err err;
    cr_assert_eq(fk_cpe_parse(text, &n, &err), 0, "%s: %s", text, err.msg);
    return n;
}

/* A configuration as NVD writes one: a vulnerable product below a version, on a platform. */
Test(applies, ranges_platforms_and_confidence)
{
    json_t *cfg = json_loads(
        "[{\"operator\":\"AND\",\"nodes\":[{\"operator\":\"OR\",\"negate\":false,\"cpeMatch\":["
        "{\"vulnerable\":true,\"criteria\":\"cpe:2.3:a:apache:http_server:*:*:*:*:*:*:*:*\","
        "\"versionStartIncluding\":\"2.4.0\",\"versionEndExcluding\":\"2.4.58\"}]},"
        "{\"operator\":\"OR\",\"negate\":false,\"cpeMatch\":[{\"vulnerable\":false,\"criteria\":"
        "\"cpe:2.3:o:debian:debian_linux:12.0:*:*:*:*:*:*:*\"}]}]}]",
        0, NULL);
    cr_assert_not_null(cfg);
    fk_applies a;
    fk_err err;
    fk_cpe system[2] = {name_of("cpe:2.3:a:apache:http_server:2.4.57:*:*:*:*:*:*:*"),
                        name_of("cpe:2.3:o:debian:debian_linux:12.0:*:*:*:*:*:*:*")};
    cr_assert_eq(fk_vuln_applies(cfg, system, 2, &a, &err), 0, "%s", err.msg);
    cr_assert_eq(a.confidence, FK_MATCH_VERSION);
    cr_assert_eq(a.software, 0);
    cr_assert_not_null(strstr(a.evidence, "up to 2.4.58 (excluding)"), "%s", a.evidence);
    cr_assert_not_null(strstr(a.evidence, "2.4.57"), "%s", a.evidence);
    /* the platform not in the ledger: possible, not proved */
    cr_assert_eq(fk_vuln_applies(cfg, system, 1, &a, &err), 0);
    cr_assert_eq(a.confidence, FK_MATCH_PRODUCT);
    system[0] = name_of("cpe:2.3:a:apache:http_server:2.4.58:*:*:*:*:*:*:*");
    cr_assert_eq(fk_vuln_applies(cfg, system, 2, &a, &err), 0);
    cr_assert_eq(a.confidence, FK_MATCH_NONE, "the end is excluded");
    system[0] = name_of("cpe:2.3:a:apache:http_server:2.2.34:*:*:*:*:*:*:*");
    cr_assert_eq(fk_vuln_applies(cfg, system, 2, &a, &err), 0);
    cr_assert_eq(a.confidence, FK_MATCH_NONE, "before the start");
    system[0] = name_of("cpe:2.3:a:apache:http_server:*:*:*:*:*:*:*:*");
    cr_assert_eq(fk_vuln_applies(cfg, system, 2, &a, &err), 0);
    cr_assert_eq(a.confidence, FK_MATCH_PRODUCT, "no version in the ledger");
    system[0] = name_of("cpe:2.3:a:nginx:nginx:1.25.3:*:*:*:*:*:*:*");
    cr_assert_eq(fk_vuln_applies(cfg, system, 2, &a, &err), 0);
    cr_assert_eq(a.confidence, FK_MATCH_NONE);
    json_decref(cfg);
    cfg = json_loads("[{\"nodes\":[{\"operator\":\"OR\",\"cpeMatch\":[{\"vulnerable\":true,"
                     "\"criteria\":\"not a name\"}]}]}]",
                     0, NULL);
    cr_assert_eq(fk_vuln_applies(cfg, system, 2, &a, &err), -1);
    cr_assert_not_null(strstr(err.msg, "configurations[0].nodes[0].cpeMatch[0].criteria"), "%s",
                       err.msg);
    json_decref(cfg);
}

/* Over every real NVD record of the corpus: a system running exactly what a vulnerable
 * criteria names (its own version, or the range's last included version or first one)
 * is matched with its version; one running the excluded end of a range is not by that
 * criteria alone. */
Test(applies, every_record_of_the_nvd_sample)
{
    FILE *f = corpus("nvd/nvd-sample.json");
    json_error_t jerr;
    json_t *page = json_loadf(f, 0, &jerr);
    fclose(f);
    cr_assert_not_null(page, "%s", jerr.text);
    size_t i, checked = 0;
    json_t *v;
    json_array_foreach(json_object_get(page, "vulnerabilities"), i, v)
    {
        json_t *configs = json_object_get(json_object_get(v, "cve"), "configurations");
        size_t c, k, m;
        json_t *config, *node, *match;
        json_array_foreach(configs, c, config)
            json_array_foreach(json_object_get(config, "nodes"), k, node)
                json_array_foreach(json_object_get(node, "cpeMatch"), m, match)
        {
            if (!json_is_true(json_object_get(match, "vulnerable")))
                continue;
            fk_cpe n = name_of(json_string_value(json_object_get(match, "criteria")));
            const char *version = json_string_value(json_object_get(match, "versionEndIncluding"));
            if (!version)
                version = json_string_value(json_object_get(match, "versionStartIncluding"));
            if (n.a[FK_CPE_VERSION].kind != FK_CPE_STRING && !version)
                continue; /* every version, or a range with no included bound */
            if (version && n.a[FK_CPE_VERSION].kind != FK_CPE_STRING) {
                snprintf(n.a[FK_CPE_VERSION].text, sizeof n.a[FK_CPE_VERSION].text, "%s", version);
                n.a[FK_CPE_VERSION].kind = FK_CPE_STRING;
            }
            /* the one node alone, as a configuration of its own */
            json_t *alone = json_pack("[{s[O]}]", "nodes", node);
            fk_applies a;
            fk_err err;
            cr_assert_eq(fk_vuln_applies(alone, &n, 1, &a, &err), 0, "%s", err.msg);
            cr_expect_eq(a.confidence, FK_MATCH_VERSION, "%s",
                         json_string_value(json_object_get(match, "criteria")));
            const char *end = json_string_value(json_object_get(match, "versionEndExcluding"));
            if (end && json_array_size(json_object_get(node, "cpeMatch")) == 1) {
                snprintf(n.a[FK_CPE_VERSION].text, sizeof n.a[FK_CPE_VERSION].text, "%s", end);
                n.a[FK_CPE_VERSION].kind = FK_CPE_STRING;
                cr_assert_eq(fk_vuln_applies(alone, &n, 1, &a, &err), 0);
                cr_expect_eq(a.confidence, FK_MATCH_NONE, "%s at %s",
                             json_string_value(json_object_get(match, "criteria")), end);
            }
            json_decref(alone);
            checked++;
        }
    }
    json_decref(page);
    cr_assert_gt(checked, 500, "the sample's criteria were checked (%zu)", checked);
}
