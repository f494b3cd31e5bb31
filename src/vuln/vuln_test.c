/* Unit tests of CVSS scoring and CPE naming and matching: every reference vector and
 * every matching and binding case of the shared corpus (FK_VULN_CORPUS; skipped, and
 * said, without it), and the errors that name what is wrong. */
#include "applies.h"
#include "cpe.h"
#include "cvss.h"
#include "ledger_feed.h"
#include "version.h"

#include <criterion/criterion.h>
#include <ctype.h>
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

/* Every vector of a reference file scored as given: "VECTOR - (base, temporal,
 * environmental)" for 3.x, "VECTOR - (score,)" or "VECTOR - score" for 4.0. */
static void check_vectors(const char *name, int expected_lines)
{
    FILE *f = corpus(name);
    char line[2048];
    int n = 0, ok = 0;
    while (fgets(line, sizeof line, f)) {
        char *sep = strstr(line, " - ");
        if (!sep)
            continue;
        *sep = '\0';
        double want[3] = {0, 0, 0};
        bool v4 = !strncmp(line, "CVSS:4.0/", 9);
        if (v4)
            want[0] = strtod(sep + 3 + (sep[3] == '('), NULL);
        else
            cr_assert_eq(sscanf(sep + 3, "(%lf, %lf, %lf)", &want[0], &want[1], &want[2]), 3, "%s",
                         sep + 3);
        fk_cvss_scores s;
        fk_err err;
        n++;
        cr_assert_eq(fk_cvss_score(line, &s, &err), 0, "%s: %s", line, err.msg);
        cr_assert_eq(s.version == 40, v4);
        if (s.base == want[0] && s.temporal == want[1] && s.environmental == want[2])
            ok++;
        else
            cr_log_error("%s: %.1f %.1f %.1f, expected %.1f %.1f %.1f", line, s.base, s.temporal,
                         s.environmental, want[0], want[1], want[2]);
    }
    fclose(f);
    cr_assert_eq(n, expected_lines, "the file's vectors were all read");
    cr_assert_eq(ok, n, "%d of %d vectors scored as the reference", ok, n);
}

Test(cvss, every_reference_vector_of_3_1)
{
    check_vectors("cvss/vectors_simple31", 2592);
}

Test(cvss, the_3_0_calculator_vectors_with_temporal_and_environmental_metrics)
{
    check_vectors("cvss/vectors_calculator3", 2);
}

Test(cvss, every_reference_vector_of_4_0)
{
    check_vectors("cvss/vectors_simple4", 1058);
}

Test(cvss, the_4_0_threat_vectors)
{
    check_vectors("cvss/vectors_threat4", 6);
}

static double score4(const char *vector)
{
    fk_cvss_scores s;
    fk_err err;
    cr_assert_eq(fk_cvss_score(vector, &s, &err), 0, "%s: %s", vector, err.msg);
    return s.base;
}

/* What the 4.0 specification says of the environmental and threat metrics, on vectors
 * the reference files do not hold: a modified metric scores as the base metric it
 * replaces, a metric not defined (X) as its most severe value, a consumer's safety
 * impact raises the score, and no impact anywhere is 0. */
Test(cvss, the_4_0_environmental_metrics_do_what_the_specification_says)
{
#define B4 "CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:N/VC:H/VI:L/VA:N/SC:L/SI:L/SA:N"
#define P4 "CVSS:4.0/AV:P/AC:H/AT:N/PR:L/UI:N/VC:L/VI:L/VA:N/SC:L/SI:L/SA:N"
    cr_assert_eq(score4(P4 "/MAV:N/MAC:L/MVC:H"), score4(B4));
    cr_assert_eq(score4(B4 "/E:X/CR:X/IR:X/AR:X/MAV:X"), score4(B4));
    cr_assert_eq(score4(B4 "/E:A/CR:H/IR:H/AR:H"), score4(B4));
    cr_assert_lt(score4(B4 "/E:U"), score4(B4 "/E:P"));
    cr_assert_lt(score4(B4 "/E:P"), score4(B4));
    cr_assert_lt(score4(B4 "/CR:L"), score4(B4));
    cr_assert_gt(score4(B4 "/MSI:S"), score4(B4));
    cr_assert_eq(score4(B4 "/MVC:N/MVI:N/MSC:N/MSI:N"), 0);
    /* the supplemental metrics are carried, never scored */
    cr_assert_eq(score4(B4 "/S:P/AU:Y/R:I/V:C/RE:H/U:Red"), score4(B4));
    fk_cvss_scores s;
    fk_err err;
    cr_assert_eq(fk_cvss_score(B4, &s, &err), 0);
    cr_assert_str_eq(s.nomenclature, "CVSS-B");
    cr_assert_eq(fk_cvss_score(B4 "/E:P/U:Red", &s, &err), 0);
    cr_assert_str_eq(s.nomenclature, "CVSS-BT");
    cr_assert_eq(fk_cvss_score(B4 "/MAV:L", &s, &err), 0);
    cr_assert_str_eq(s.nomenclature, "CVSS-BE");
    cr_assert_eq(fk_cvss_score(B4 "/E:U/AR:L", &s, &err), 0);
    cr_assert_str_eq(s.nomenclature, "CVSS-BTE");
#undef B4
#undef P4
}

/* NVD's own 4.0 scores in the corpus's records (another source than the reference
 * files), computed again from their vectors. */
Test(cvss, the_4_0_scores_nvd_gives)
{
    FILE *f = corpus("nvd/nvd-sample.json");
    json_error_t jerr;
    json_t *page = json_loadf(f, 0, &jerr);
    fclose(f);
    cr_assert_not_null(page, "%s", jerr.text);
    size_t i, k, n = 0;
    json_t *v, *m;
    json_array_foreach(json_object_get(page, "vulnerabilities"), i, v) json_array_foreach(
        json_object_get(json_object_get(json_object_get(v, "cve"), "metrics"), "cvssMetricV40"), k,
        m)
    {
        json_t *data = json_object_get(m, "cvssData");
        const char *vector = json_string_value(json_object_get(data, "vectorString"));
        cr_assert_eq(score4(vector), json_number_value(json_object_get(data, "baseScore")), "%s",
                     vector);
        n++;
    }
    json_decref(page);
    cr_assert_gt(n, 0, "the sample has 4.0 scores");
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
        {"CVSS:4.0/AV:N/AC:L/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", "AT: missing"},
        {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:S/SA:N", "SI: 'S' is not one"},
        {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/U:Purple",
         "U: 'Purple' is not one of X,Clear,Green,Amber,Red"},
        {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/C:H",
         "C: not a metric of this version"},
        {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:F",
         "E: 'F' is not one of XAPU"},
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

/* A packed name holds what the parsed one does: every attribute's kind and text, the
 * longest value too, and it unpacks to a name that binds to the same string. */
Test(cpe, a_packed_name_keeps_every_attribute)
{
    static const char *const names[] = {
        "cpe:2.3:a:apache:http_server:2.4.57:*:*:*:*:*:*:*",
        "cpe:2.3:o:microsoft:windows_10:-:*:*:*:*:*:x64:*",
        "cpe:2.3:a:fo\\:o:b\\.ar:1\\.0:beta:*:ja:pro:wordpress:arm64:other",
        "cpe:2.3:a:vendor:*prod?:*:-:-:-:-:-:-:-",
    };
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        fk_cpe whole, back;
        fk_err err;
        cr_assert_eq(fk_cpe_parse(names[i], &whole, &err), 0, "%s: %s", names[i], err.msg);
        size_t size = fk_cpe_packed_size(&whole);
        cr_assert_lt(size, 200, "%s packs into %zu bytes", names[i], size);
        void *room = malloc(size);
        fk_cpe_packed *p = fk_cpe_pack(&whole, room);
        for (int a = 0; a < FK_CPE_ATTRIBUTES; a++) {
            cr_assert_eq(p->kind[a], whole.a[a].kind, "%s: %s", names[i], fk_cpe_attribute_name(a));
            cr_assert_str_eq(fk_cpe_packed_text(p, a),
                             whole.a[a].kind == FK_CPE_STRING ? whole.a[a].text : "");
        }
        fk_cpe_unpack(p, &back);
        char x[400], y[400];
        cr_assert_eq(fk_cpe_bind_fs(&whole, x, sizeof x, &err), 0);
        cr_assert_eq(fk_cpe_bind_fs(&back, y, sizeof y, &err), 0);
        cr_assert_str_eq(x, y);
        free(room);
    }
    /* the longest value a name may hold */
    fk_cpe whole;
    for (int a = 0; a < FK_CPE_ATTRIBUTES; a++) {
        whole.a[a].kind = FK_CPE_STRING;
        memset(whole.a[a].text, 'x', FK_CPE_VALUE_MAX - 1);
        whole.a[a].text[FK_CPE_VALUE_MAX - 1] = '\0';
    }
    void *room = malloc(fk_cpe_packed_size(&whole));
    fk_cpe_packed *p = fk_cpe_pack(&whole, room);
    for (int a = 0; a < FK_CPE_ATTRIBUTES; a++)
        cr_assert_eq(strlen(fk_cpe_packed_text(p, a)), FK_CPE_VALUE_MAX - 1);
    free(room);
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

/* ---- intake feeds ------------------------------------------------------------------- */

#include "feed.h"
#include "ledger.h"
#include "match_pool.h"
#include "matcher.h"
#include "record.h"

static char *corpus_text(const char *name, size_t *len)
{
    FILE *f = corpus(name);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    cr_assert_not_null(buf);
    *len = fread(buf, 1, (size_t)n, f);
    buf[*len] = '\0';
    fclose(f);
    return buf;
}

static int collect(void *ctx, json_t *rec, fk_err *err)
{
    (void)err;
    return json_array_append(ctx, rec);
}

static json_t *read_feed(const char *text, size_t len, int kind, fk_feed_kind *got, fk_err *err)
{
    json_t *all = json_array();
    if (fk_feed_read(text, len, kind, collect, all, got, err) != 0) {
        json_decref(all);
        return NULL;
    }
    return all;
}

static json_t *find_id(json_t *records, const char *id)
{
    size_t i;
    json_t *r;
    json_array_foreach(records, i,
                       r) if (!strcmp(json_string_value(json_object_get(r, "id")), id)) return r;
    return NULL;
}

Test(feeds, every_nvd_record_of_the_sample_is_read)
{
    size_t len;
    char *text = corpus_text("nvd/nvd-sample.json", &len);
    fk_feed_kind kind;
    fk_err err;
    json_t *all = read_feed(text, len, -1, &kind, &err);
    cr_assert_not_null(all, "%s", err.msg);
    cr_assert_eq(kind, FK_FEED_NVD);
    cr_assert_eq(json_array_size(all), 266);
    /* ProxyLogon: CVSS 3.1 from NVD, the KEV fields NVD copies, Exchange as a product */
    json_t *r = find_id(all, "CVE-2021-26855");
    cr_assert_not_null(r);
    json_t *cvss = json_object_get(r, "cvss");
    cr_assert_str_eq(json_string_value(json_object_get(cvss, "version")), "3.1");
    cr_assert_float_eq(json_number_value(json_object_get(cvss, "score")), 9.8, 1e-9);
    cr_assert_not_null(json_object_get(json_object_get(r, "kev"), "added"));
    bool exchange = false;
    size_t i;
    json_t *p;
    json_array_foreach(json_object_get(r, "products"), i, p) exchange =
        exchange || !strcmp(json_string_value(p), "microsoft:exchange_server");
    cr_assert(exchange, "microsoft:exchange_server is among the products");
    /* the newest CVSS version ranks: a record with 4.0 is ranked by it */
    r = find_id(all, "CVE-2024-0012");
    cr_assert_str_eq(json_string_value(json_object_get(json_object_get(r, "cvss"), "version")),
                     "4.0");
    json_decref(all);
    free(text);
}

Test(feeds, a_wrong_nvd_record_is_named_and_nothing_is_handed_on)
{
    static const char page[] =
        "{\"format\":\"NVD_CVE\",\"vulnerabilities\":[{\"cve\":{\"id\":\"CVE-2024-0001\","
        "\"published\":\"2024-01-01T00:00:00.000\",\"lastModified\":\"2024-01-02T00:00:00.000\","
        "\"descriptions\":[{\"lang\":\"en\",\"value\":\"fine\"}]}},{\"cve\":{\"id\":\"CVE-2024-"
        "0002\",\"published\":\"2024-01-01T00:00:00.000\",\"lastModified\":\"2024-01-02\","
        "\"descriptions\":[],\"metrics\":{\"cvssMetricV31\":[{\"cvssData\":{\"vectorString\":"
        "\"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:X\",\"baseScore\":9.8}}]}}}]}";
    fk_err err;
    json_t *all = read_feed(page, sizeof page - 1, -1, NULL, &err);
    cr_assert_null(all);
    cr_assert(strstr(err.msg, "vulnerabilities[1] (CVE-2024-0002)") &&
                  strstr(err.msg, "cvssMetricV31[0].cvssData.vectorString") && strstr(err.msg, "A"),
              "%s", err.msg);
    static const char bad_cpe[] =
        "{\"cve\":{\"id\":\"CVE-2024-0003\",\"published\":\"2024-01-01T00:00:00\","
        "\"lastModified\":\"2024-01-01T00:00:00\",\"descriptions\":[],\"configurations\":[{"
        "\"nodes\":[{\"operator\":\"OR\",\"cpeMatch\":[{\"vulnerable\":true,\"criteria\":"
        "\"cpe:2.3:a:only:four\"}]}]}]}}";
    all = read_feed(bad_cpe, sizeof bad_cpe - 1, FK_FEED_NVD, NULL, &err);
    cr_assert_null(all);
    cr_assert(strstr(err.msg, "configurations[0].nodes[0].cpeMatch[0].criteria"), "%s", err.msg);
}

Test(feeds, jvn_detail_and_overview_documents)
{
    size_t len;
    char *text = corpus_text("jvn/hnd/getVulnDetailInfo_hnd_JVNDB-2022-000097.xml", &len);
    fk_feed_kind kind;
    fk_err err;
    json_t *all = read_feed(text, len, -1, &kind, &err);
    cr_assert_not_null(all, "%s", err.msg);
    cr_assert_eq(kind, FK_FEED_JVN);
    json_t *r = json_array_get(all, 0);
    cr_assert_str_eq(json_string_value(json_object_get(r, "id")), "JVNDB-2022-000097");
    cr_assert_eq(json_array_size(json_object_get(r, "aliases")), 3, "three CVEs named");
    cr_assert_str_eq(json_string_value(json_object_get(json_object_get(r, "title"), "ja")),
                     "電子入札コアシステムにおける複数の脆弱性");
    /* the CPE 2.2 URI bound as a 2.3 name; no machine-readable versions */
    json_t *m = json_array_get(
        json_object_get(
            json_array_get(
                json_object_get(json_array_get(json_object_get(r, "configurations"), 0), "nodes"),
                0),
            "cpeMatch"),
        0);
    cr_assert_str_eq(json_string_value(json_object_get(m, "criteria")),
                     "cpe:2.3:a:jacic:electronic_bidding_core_system:*:*:*:*:*:*:*:*");
    cr_assert(json_is_false(json_object_get(r, "versions")));
    cr_assert_str_eq(json_string_value(json_array_get(json_object_get(r, "affected_text"), 0)),
                     "v6 R4 およびそれ以前のバージョン");
    cr_assert_str_eq(json_string_value(json_object_get(json_object_get(r, "cvss"), "version")),
                     "3.0");
    json_decref(all);
    free(text);
    text = corpus_text("jvn/hnd/getVulnOverviewList_hnd.xml", &len);
    all = read_feed(text, len, -1, &kind, &err);
    cr_assert_not_null(all, "%s", err.msg);
    cr_assert_eq(json_array_size(all), 2);
    r = find_id(all, "JVNDB-2025-002884");
    cr_assert_not_null(r);
    cr_assert_str_eq(json_string_value(json_array_get(json_object_get(r, "aliases"), 0)),
                     "CVE-2025-23120");
    cr_assert_eq(json_array_size(json_object_get(r, "products")), 2);
    json_decref(all);
    free(text);
    text = corpus_text("jvn/hnd/dataFeed_jvndb_detail_hnd.xml", &len);
    all = read_feed(text, len, -1, &kind, &err);
    cr_assert_not_null(all, "%s", err.msg);
    cr_assert_eq(json_array_size(all), 7);
    json_decref(all);
    free(text);
}

Test(feeds, jvn_errors_name_the_line_or_the_entry)
{
    static const char broken[] = "<?xml version=\"1.0\"?>\n<VULDEF-Document>\n<Vulinfo>\n"
                                 "<VulinfoID>JVNDB-2024-000001</VulinfoID>\n</VULDEF-Document>";
    fk_err err;
    cr_assert_null(read_feed(broken, sizeof broken - 1, FK_FEED_JVN, NULL, &err));
    cr_assert(strstr(err.msg, "line 5"), "%s", err.msg);
    static const char no_id[] = "<VULDEF-Document><Vulinfo><VulinfoID>JVN#1</VulinfoID>"
                                "<VulinfoData/></Vulinfo></VULDEF-Document>";
    cr_assert_null(read_feed(no_id, sizeof no_id - 1, FK_FEED_JVN, NULL, &err));
    cr_assert(strstr(err.msg, "Vulinfo[0]") && strstr(err.msg, "VulinfoID"), "%s", err.msg);
    static const char refused[] =
        "<VULDEF-Document xmlns:status=\"http://jvndb.jvn.jp/myjvn/Status\"><status:Status "
        "retCd=\"1\" errMsg=\"too many requests\"/></VULDEF-Document>";
    cr_assert_null(read_feed(refused, sizeof refused - 1, FK_FEED_JVN, NULL, &err));
    cr_assert(strstr(err.msg, "too many requests"), "%s", err.msg);
}

Test(feeds, the_kev_catalogue_and_epss_scores)
{
    size_t len;
    char *text = corpus_text("kev/known_exploited_vulnerabilities.json", &len);
    fk_feed_kind kind;
    fk_err err;
    json_t *all = read_feed(text, len, -1, &kind, &err);
    cr_assert_not_null(all, "%s", err.msg);
    cr_assert_eq(kind, FK_FEED_KEV);
    cr_assert_eq(json_array_size(all), 1404);
    json_t *r = find_id(all, "CVE-2021-26855");
    cr_assert_not_null(r);
    cr_assert_not_null(json_object_get(json_object_get(r, "kev"), "due"));
    json_decref(all);
    free(text);
    text = corpus_text("epss/epss_scores-sample.csv", &len);
    all = read_feed(text, len, -1, &kind, &err);
    cr_assert_not_null(all, "%s", err.msg);
    cr_assert_eq(kind, FK_FEED_EPSS);
    cr_assert_eq(json_array_size(all), 7);
    cr_assert_str_eq(json_string_value(json_object_get(json_array_get(all, 0), "date")),
                     "2023-06-24T00:00:00.000Z");
    json_decref(all);
    free(text);
    static const char bad[] = "cve,epss,percentile\nCVE-2024-1,0.5,0.2\nCVE-2024-0002,1.5,0.2\n";
    cr_assert_null(read_feed(bad, sizeof bad - 1, FK_FEED_EPSS, NULL, &err));
    cr_assert(strstr(err.msg, "line 2: cve"), "%s", err.msg);
    static const char bad2[] = "cve,epss\nCVE-2024-0002,1.5\n";
    cr_assert_null(read_feed(bad2, sizeof bad2 - 1, FK_FEED_EPSS, NULL, &err));
    cr_assert(strstr(err.msg, "line 2: epss"), "%s", err.msg);
}

/* ---- the ledger --------------------------------------------------------------------- */

Test(ledger, an_asset_is_checked_and_its_software_bound_as_cpe_2_3)
{
    json_t *in = json_pack("{ss ss ss sb s[ss] s[ss]}", "name", "web", "exposure", "internet",
                           "criticality", "critical", "ics", 0, "crypto", "sha-1", "RSA-4096",
                           "software", "cpe:/a:apache:http_server:2.4.57",
                           "cpe:2.3:a:openssl:openssl:1.1.1k:*:*:*:*:*:*:*");
    json_t *a;
    fk_err err;
    cr_assert_eq(fk_asset_check(in, &a, &err), 0, "%s", err.msg);
    json_t *sw = json_object_get(a, "software");
    cr_assert_str_eq(json_string_value(json_object_get(json_array_get(sw, 0), "cpe")),
                     "cpe:2.3:a:apache:http_server:2.4.57:*:*:*:*:*:*:*");
    cr_assert_str_eq(json_string_value(json_object_get(json_array_get(sw, 0), "product")),
                     "apache:http_server");
    cr_assert_str_eq(json_string_value(json_object_get(a, "operation")), "in-house");
    cr_assert_str_eq(json_string_value(json_array_get(json_object_get(a, "crypto"), 0)), "SHA-1");
    cr_assert(fk_crypto_weak("SHA-1") && fk_crypto_weak("RSA-1024") && fk_crypto_weak("TLS1.0"));
    cr_assert(!fk_crypto_weak("RSA-4096") && !fk_crypto_weak("SHA-256") &&
              !fk_crypto_weak("TLS1.3"));
    json_decref(a);
    json_object_set_new(in, "exposure", json_string("dmz"));
    cr_assert_eq(fk_asset_check(in, &a, &err), -1);
    cr_assert(strstr(err.msg, "exposure: expected one of internet, internal, isolated"), "%s",
              err.msg);
    json_object_set_new(in, "exposure", json_string("internet"));
    json_array_append_new(json_object_get(in, "software"), json_string("cpe:2.3:a:broken"));
    cr_assert_eq(fk_asset_check(in, &a, &err), -1);
    cr_assert(strstr(err.msg, "software[2]"), "%s", err.msg);
    json_decref(in);
}

Test(ledger, csv_rows_of_one_system_add_up_and_errors_name_the_line)
{
    static const char csv[] =
        "name,criticality,software,crypto\r\n"
        "mail,high,\"cpe:2.3:a:microsoft:exchange_server:2016:cumulative_update_18:*:*:*:*:*:*\","
        "SHA-1\r\n"
        "mail,high,cpe:2.3:o:microsoft:windows_server_2016:-:*:*:*:*:*:*:*;cpe:/a:openssl:openssl:"
        "3.0.1,\r\n"
        "\r\n"
        "hmi,critical,,\r\n";
    json_t *assets;
    fk_err err;
    cr_assert_eq(fk_ledger_csv(csv, sizeof csv - 1, &assets, &err), 0, "%s", err.msg);
    cr_assert_eq(json_array_size(assets), 2);
    cr_assert_eq(json_array_size(json_object_get(json_array_get(assets, 0), "software")), 3);
    json_decref(assets);
    static const char differ[] = "name,criticality\nmail,high\nmail,low\n";
    cr_assert_eq(fk_ledger_csv(differ, sizeof differ - 1, &assets, &err), -1);
    cr_assert(strstr(err.msg, "line 3: criticality"), "%s", err.msg);
    static const char unclosed[] = "name,owner\nmail,\"IT\n";
    cr_assert_eq(fk_ledger_csv(unclosed, sizeof unclosed - 1, &assets, &err), -1);
    cr_assert(strstr(err.msg, "line 2"), "%s", err.msg);
    static const char headless[] = "host,owner\nmail,IT\n";
    cr_assert_eq(fk_ledger_csv(headless, sizeof headless - 1, &assets, &err), -1);
    cr_assert(strstr(err.msg, "\"name\""), "%s", err.msg);
}

Test(ledger, a_cyclonedx_sbom_is_one_system)
{
    json_t *sbom =
        json_pack("{ss ss s{s{ss}} s[{ss ss ss ss} {ss ss ss ss s[{ss ss ss}]}]}", "bomFormat",
                  "CycloneDX", "specVersion", "1.5", "metadata", "component", "name", "billing",
                  "components", "type", "library", "name", "openssl", "version", "3.0.1", "cpe",
                  "cpe:2.3:a:openssl:openssl:3.0.1:*:*:*:*:*:*:*", "type", "library", "name",
                  "log4j-core", "group", "org.apache.logging.log4j", "version", "2.14.1",
                  "components", "type", "library", "name", "Commons Text", "version", "1.9");
    json_t *a, *checked;
    fk_err err;
    cr_assert_eq(fk_ledger_cyclonedx(sbom, NULL, &a, &err), 0, "%s", err.msg);
    cr_assert_str_eq(json_string_value(json_object_get(a, "name")), "billing");
    cr_assert_eq(fk_asset_check(a, &checked, &err), 0, "%s", err.msg);
    json_t *sw = json_object_get(checked, "software");
    cr_assert_eq(json_array_size(sw), 3);
    cr_assert_str_eq(json_string_value(json_object_get(json_array_get(sw, 1), "product")),
                     "org.apache.logging.log4j:log4j-core");
    cr_assert(json_is_true(json_object_get(json_array_get(sw, 1), "derived")));
    cr_assert_str_eq(json_string_value(json_object_get(json_array_get(sw, 2), "cpe")),
                     "cpe:2.3:a:commons_text:commons_text:1.9:*:*:*:*:*:*:*");
    json_decref(a);
    json_decref(checked);
    json_object_set_new(sbom, "bomFormat", json_string("SPDX"));
    cr_assert_eq(fk_ledger_cyclonedx(sbom, NULL, &a, &err), -1);
    cr_assert(strstr(err.msg, "bomFormat"), "%s", err.msg);
    json_decref(sbom);
}

/* ---- matching ----------------------------------------------------------------------- */

typedef struct seen {
    int n;
    int64_t asset[8];
    fk_match_confidence conf[8];
    char cpe[8][80];
} seen;

static int remember(void *ctx, const fk_match *m, fk_err *err)
{
    (void)err;
    seen *s = ctx;
    if (s->n < 8) {
        s->asset[s->n] = m->asset_id;
        snprintf(s->cpe[s->n], sizeof s->cpe[0], "%s", m->cpe);
        s->conf[s->n++] = m->confidence;
    }
    return 0;
}

Test(matcher, names_are_asked_once_and_platforms_per_system)
{
    fk_matcher *m = fk_matcher_new();
    fk_err err;
    /* three systems run an affected version, one a fixed one; two are on Windows */
    const struct {
        int64_t asset;
        const char *cpe, *product;
    } rows[] = {
        {1, "cpe:2.3:a:vendor:app:1.2:*:*:*:*:*:*:*", "vendor:app"},
        {1, "cpe:2.3:o:microsoft:windows_10:-:*:*:*:*:*:*:*", "microsoft:windows_10"},
        {2, "cpe:2.3:a:vendor:app:1.2:*:*:*:*:*:*:*", "vendor:app"},
        {3, "cpe:2.3:a:vendor:app:2.0:*:*:*:*:*:*:*", "vendor:app"},
        {4, "cpe:2.3:a:vendor:app:*:*:*:*:*:*:*:*", "vendor:app"},
        {4, "cpe:2.3:o:microsoft:windows_10:-:*:*:*:*:*:*:*", "microsoft:windows_10"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++)
        cr_assert_eq(fk_matcher_add(m, rows[i].asset, 9, rows[i].cpe, rows[i].product, &err), 0);
    cr_assert_eq(fk_matcher_assets(m), 4);
    cr_assert_eq(fk_matcher_names(m), 4);
    json_t *simple = json_loads(
        "[{\"nodes\":[{\"operator\":\"OR\",\"cpeMatch\":[{\"vulnerable\":true,\"criteria\":"
        "\"cpe:2.3:a:vendor:app:*:*:*:*:*:*:*:*\",\"versionEndExcluding\":\"1.10\"}]}]}]",
        0, NULL);
    seen s = {0};
    cr_assert_eq(fk_matcher_run(m, "CVE-2024-1", simple, true, NULL, remember, &s, &err), 0);
    /* asked once per distinct name, answered for the name (the systems running it share
     * it): 1.2 is before 1.10, 2.0 is not, a version unknown may be */
    cr_assert_eq(s.n, 2);
    cr_assert(s.asset[0] == 0 && s.conf[0] == FK_MATCH_VERSION && strstr(s.cpe[0], ":app:1.2:"));
    cr_assert(s.asset[1] == 0 && s.conf[1] == FK_MATCH_PRODUCT && strstr(s.cpe[1], ":app:*:"));
    json_t *platform = json_loads(
        "[{\"operator\":\"AND\",\"nodes\":[{\"operator\":\"OR\",\"cpeMatch\":[{\"vulnerable\":"
        "true,\"criteria\":\"cpe:2.3:a:vendor:app:1.2:*:*:*:*:*:*:*\"}]},{\"operator\":\"OR\","
        "\"cpeMatch\":[{\"vulnerable\":false,\"criteria\":\"cpe:2.3:o:microsoft:windows_10:-:*:*:"
        "*:*:*:*:*\"}]}]}]",
        0, NULL);
    s = (seen){0};
    cr_assert_eq(fk_matcher_run(m, "CVE-2024-2", platform, true, NULL, remember, &s, &err), 0);
    /* each name alone: possible (its platform unknown); the system that runs the platform
     * too is proved, and only it gets a match of its own */
    cr_assert_eq(s.n, 3);
    cr_assert(s.asset[0] == 0 && s.conf[0] == FK_MATCH_PRODUCT && strstr(s.cpe[0], ":app:1.2:"));
    cr_assert(s.asset[1] == 0 && s.conf[1] == FK_MATCH_PRODUCT && strstr(s.cpe[1], ":app:*:"));
    cr_assert(s.asset[2] == 1 && s.conf[2] == FK_MATCH_VERSION, "on Windows, proved");
    s = (seen){0};
    cr_assert_eq(fk_matcher_run(m, "JVNDB-2024-000001", simple, false, "1.x", remember, &s, &err),
                 0);
    cr_assert(s.n == 2 && s.conf[0] == FK_MATCH_UNVERSIONED, "a source without versions");
    json_decref(simple);
    json_decref(platform);
    fk_matcher_free(m);
}

/* A ledger handed in through a feed (its rows added on the feed's thread) ends up as the
 * same matcher as one added row by row: the same systems, the same names numbered in
 * the same order. 300 systems of 150 programs are more rows than the feed's batches
 * hold at once, so batches are reused while the reader waits for the builder. */
static void ledger_row_text(int64_t asset, int k, char *cpe, size_t cap, char *product, size_t pcap)
{
    int p = (int)((asset * 7 + k) % 40), v = (int)((asset + k) % 5);
    snprintf(cpe, cap, "cpe:2.3:a:vendor%d:product%d:1.%d:*:*:*:*:*:*:*", p % 9, p, v);
    snprintf(product, pcap, "vendor%d:product%d", p % 9, p);
}

/* systems of 150 programs each into the feed, and into direct as well when given */
static void feed_ledger(fk_ledger_feed *feed, fk_matcher *direct, int64_t systems)
{
    fk_err err;
    char cpe[96], product[64];
    for (int64_t a = 1; a <= systems; a++)
        for (int k = 0; k < 150; k++) {
            ledger_row_text(a, k, cpe, sizeof cpe, product, sizeof product);
            cr_assert(!direct || fk_matcher_add(direct, a, a % 7, cpe, product, &err) == 0);
            cr_assert_eq(fk_ledger_feed_add(feed, a, a % 7, cpe, product, &err), 0);
        }
}

Test(matcher, a_ledger_fed_on_a_thread_is_the_ledger_added_row_by_row)
{
    fk_err err;
    fk_matcher *direct = fk_matcher_new(), *fed = fk_matcher_new();
    fk_ledger_feed *feed;
    cr_assert_eq(fk_ledger_feed_new(fed, &feed, &err), 0);
    feed_ledger(feed, direct, 300);
    cr_assert_eq(fk_ledger_feed_finish(feed, &err), 0, "%s", err.msg);
    cr_assert_eq(fk_matcher_assets(fed), 300);
    cr_assert_eq(fk_matcher_names(fed), fk_matcher_names(direct));
    cr_assert_gt(fk_matcher_names(fed), 100);
    for (size_t i = 0; i < fk_matcher_names(direct); i++)
        cr_assert_str_eq(fk_matcher_name_text(fed, i), fk_matcher_name_text(direct, i));
    /* and they answer alike: product 3's names, 1.0 to 1.4, below 1.3 affected */
    json_t *rule = json_loads(
        "[{\"nodes\":[{\"operator\":\"OR\",\"cpeMatch\":[{\"vulnerable\":true,\"criteria\":"
        "\"cpe:2.3:a:vendor3:product3:*:*:*:*:*:*:*:*\",\"versionEndExcluding\":\"1.3\"}]}]}]",
        0, NULL);
    seen a = {0}, b = {0};
    cr_assert_eq(fk_matcher_run(direct, "CVE-2024-1", rule, true, NULL, remember, &a, &err), 0);
    cr_assert_eq(fk_matcher_run(fed, "CVE-2024-1", rule, true, NULL, remember, &b, &err), 0);
    cr_assert_eq(a.n, 3);
    cr_assert_eq(b.n, a.n);
    for (int i = 0; i < a.n; i++)
        cr_assert(b.asset[i] == a.asset[i] && b.conf[i] == a.conf[i] &&
                  strcmp(b.cpe[i], a.cpe[i]) == 0);
    json_decref(rule);
    fk_matcher_free(direct);
    fk_matcher_free(fed);
}

/* A feed given up halfway (the store failed under the reader) stops its thread without
 * adding what is queued, and leaves nothing behind (the sanitizers' leak check). */
Test(matcher, a_feed_given_up_halfway_stops)
{
    fk_err err;
    fk_matcher *m = fk_matcher_new();
    fk_ledger_feed *feed;
    cr_assert_eq(fk_ledger_feed_new(m, &feed, &err), 0);
    feed_ledger(feed, NULL, 100);
    fk_ledger_feed_free(feed);
    cr_assert_leq(fk_matcher_assets(m), 100);
    fk_matcher_free(m);
}

/* A system on which two of its names prove the same (either product is vulnerable, the
 * platform is there): the name cited is the first by its text, however the ledger was
 * numbered: as it came (a matcher asked alone), or renumbered by product for the
 * threads of a pool (fk_matcher_seal). Before, the first taken in was cited, and the two
 * ways could cite different names for the same match. */
Test(matcher, of_two_names_proving_the_same_the_first_by_text_is_cited)
{
    static const char *const rows[][2] = {
        {"cpe:2.3:a:zeta:zapp:1.0:*:*:*:*:*:*:*", "zeta:zapp"},
        {"cpe:2.3:o:os:base:1:*:*:*:*:*:*:*", "os:base"},
        {"cpe:2.3:a:alpha:aapp:1.0:*:*:*:*:*:*:*", "alpha:aapp"},
    };
    static const char rule[] =
        "[{\"operator\":\"AND\",\"nodes\":[{\"operator\":\"OR\",\"cpeMatch\":["
        "{\"vulnerable\":true,\"criteria\":\"cpe:2.3:a:zeta:zapp:1.0:*:*:*:*:*:*:*\"},"
        "{\"vulnerable\":true,\"criteria\":\"cpe:2.3:a:alpha:aapp:1.0:*:*:*:*:*:*:*\"}]},"
        "{\"operator\":\"OR\",\"cpeMatch\":[{\"vulnerable\":false,\"criteria\":"
        "\"cpe:2.3:o:os:base:1:*:*:*:*:*:*:*\"}]}]}]";
    for (int pooled = 0; pooled < 2; pooled++) {
        fk_matcher *m = fk_matcher_new();
        fk_err err;
        for (size_t i = 0; i < 3; i++)
            cr_assert_eq(fk_matcher_add(m, 1, 9, rows[i][0], rows[i][1], &err), 0);
        seen s = {0};
        if (pooled) {
            fk_match_pool *p;
            cr_assert_eq(fk_match_pool_new(m, 2, remember, &s, &p, &err), 0, "%s", err.msg);
            cr_assert_eq(fk_match_pool_add(p, "CVE-2024-3", rule, true, NULL, &err), 0);
            cr_assert_eq(fk_match_pool_finish(p, &err), 0, "%s", err.msg);
            fk_match_pool_free(p);
        } else {
            json_t *cfg = json_loads(rule, 0, NULL);
            cr_assert_eq(fk_matcher_run(m, "CVE-2024-3", cfg, true, NULL, remember, &s, &err), 0);
            json_decref(cfg);
        }
        int system = -1;
        for (int i = 0; i < s.n; i++)
            if (s.asset[i] == 1)
                system = i;
        cr_assert_geq(system, 0, "%s: the system, its platform there, is proved",
                      pooled ? "pooled" : "alone");
        cr_assert_eq(s.conf[system], FK_MATCH_VERSION);
        cr_assert_str_eq(s.cpe[system], rows[2][0], "%s: cited %s", pooled ? "pooled" : "alone",
                         s.cpe[system]);
        fk_matcher_free(m);
    }
}

#include "nvd.h"

static int gather_tree(void *ctx, json_t *rec, fk_err *err)
{
    (void)err;
    return json_array_append(ctx, rec);
}

Test(feeds, the_stream_reader_and_the_tree_reader_agree_on_every_sample_record)
{
    size_t len;
    char *text = corpus_text("nvd/nvd-sample.json", &len);
    fk_err err;
    json_t *streamed = read_feed(text, len, FK_FEED_NVD, NULL, &err);
    cr_assert_not_null(streamed, "%s", err.msg);
    json_t *doc = json_loadb(text, len, 0, NULL), *tree = json_array();
    cr_assert_eq(fk_nvd_read(doc, gather_tree, tree, &err), 0, "%s", err.msg);
    cr_assert_eq(json_array_size(streamed), json_array_size(tree));
    size_t i;
    json_t *rec;
    json_array_foreach(streamed, i, rec)
    {
        cr_assert(json_is_string(json_object_get(rec, "configurations_json")),
                  "a page is read as a stream");
        json_t *configs = fk_vuln_configurations(rec);
        cr_assert_not_null(configs);
        json_object_set_new(rec, "configurations", configs);
        json_object_del(rec, "configurations_json");
        json_t *other = json_array_get(tree, i);
        char *a = json_dumps(rec, JSON_SORT_KEYS | JSON_COMPACT),
             *b = json_dumps(other, JSON_SORT_KEYS | JSON_COMPACT);
        cr_assert_str_eq(a, b, "record %zu differs", i);
        free(a);
        free(b);
    }
    json_decref(streamed);
    json_decref(tree);
    json_decref(doc);
    free(text);
}

Test(matcher, a_rule_compiled_from_text_answers_as_the_one_from_json)
{
    size_t len;
    char *text = corpus_text("nvd/nvd-sample.json", &len);
    json_t *doc = json_loadb(text, len, 0, NULL);
    cr_assert_not_null(doc);
    size_t i, asked = 0;
    json_t *v;
    json_array_foreach(json_object_get(doc, "vulnerabilities"), i, v)
    {
        json_t *configs = json_object_get(json_object_get(v, "cve"), "configurations");
        if (!configs)
            continue;
        char *compact = json_dumps(configs, JSON_COMPACT);
        fk_vuln_rule *a, *b;
        fk_err err;
        cr_assert_eq(fk_vuln_rule_compile(configs, &a, &err), 0, "%s", err.msg);
        cr_assert_eq(fk_vuln_rule_compile_text(compact, strlen(compact), &b, &err), 0, "%s",
                     err.msg);
        cr_assert_eq(fk_vuln_rule_simple(a), fk_vuln_rule_simple(b));
        cr_assert_eq(fk_vuln_rule_criteria(a), fk_vuln_rule_criteria(b));
        /* each criteria's own name, at version 1.0 and with no version, asked of both */
        for (size_t k = 0; k < fk_vuln_rule_criteria(a); k++) {
            bool vuln;
            const char *c = fk_vuln_rule_criteria_text(a, k, &vuln);
            fk_cpe sys[2];
            cr_assert_eq(fk_cpe_unbind_fs(c, &sys[0], &err), 0);
            sys[1] = sys[0];
            snprintf(sys[1].a[FK_CPE_VERSION].text, FK_CPE_VALUE_MAX, "1\\.0");
            sys[1].a[FK_CPE_VERSION].kind = FK_CPE_STRING;
            for (int s = 0; s < 2; s++) {
                fk_applies x, y;
                fk_vuln_rule_apply(a, &sys[s], 1, &x);
                fk_vuln_rule_apply(b, &sys[s], 1, &y);
                cr_assert_eq(x.confidence, y.confidence, "%s: %s", c, x.evidence);
                cr_assert_str_eq(x.evidence, y.evidence);
                asked++;
            }
        }
        fk_vuln_rule_free(a);
        fk_vuln_rule_free(b);
        free(compact);
    }
    cr_assert_gt(asked, 4000, "every criteria of the sample was asked (%zu)", asked);
    json_decref(doc);
    free(text);
}

/* The matcher's shortcuts (names asked once; systems asked only through a name that could
 * fare better with its platform, and only when a name of the ledger proves a platform)
 * against asking every system whole, on every rule of the sample that looks at more than
 * one name: systems made of the rule's own criteria's names (each alone, each vulnerable
 * with each platform, all together), each system's best answer the same both ways. */
typedef struct best_of {
    json_t *names;   /* cpe -> confidence answered for the name */
    json_t *systems; /* asset id -> confidence answered for the system */
} best_of;

static int note_best(void *ctx, const fk_match *m, fk_err *err)
{
    (void)err;
    best_of *b = ctx;
    char key[32];
    snprintf(key, sizeof key, "%lld", (long long)m->asset_id);
    json_t *into = m->asset_id ? b->systems : b->names;
    const char *k = m->asset_id ? key : m->cpe;
    if (json_integer_value(json_object_get(into, k)) < m->confidence)
        json_object_set_new(into, k, json_integer(m->confidence));
    return 0;
}

/* A name taken from a criteria: its own version, else a bound its range includes. */
static bool name_of_criteria(json_t *match, char out[512])
{
    const char *c = json_string_value(json_object_get(match, "criteria"));
    const char *bound = json_string_value(json_object_get(match, "versionEndIncluding"));
    if (!bound)
        bound = json_string_value(json_object_get(match, "versionStartIncluding"));
    fk_cpe n;
    fk_err err;
    if (!c || fk_cpe_unbind_fs(c, &n, &err) != 0)
        return false;
    if (n.a[FK_CPE_VERSION].kind != FK_CPE_STRING) {
        if (!bound || strlen(bound) >= FK_CPE_VALUE_MAX / 2)
            return false;
        n.a[FK_CPE_VERSION].kind = FK_CPE_STRING;
        char *w = n.a[FK_CPE_VERSION].text;
        for (const char *r = bound; *r; r++) { /* a version's dots are quoted in a WFN */
            if (!isalnum((unsigned char)*r))
                *w++ = '\\';
            *w++ = *r;
        }
        *w = '\0';
    }
    return fk_cpe_bind_fs(&n, out, 512, &err) == 0;
}

/* The systems of a test, for a lazy matcher to take in when it asks for a name's. */
typedef struct test_ledger {
    const char *(*members)[26];
    const size_t *sizes;
    size_t n;
} test_ledger;

static int load_running(void *ctx, fk_matcher *m, const char *cpe, fk_err *err)
{
    const test_ledger *l = ctx;
    for (size_t s = 0; s < l->n; s++) {
        bool runs = false;
        for (size_t x = 0; x < l->sizes[s]; x++)
            runs = runs || !strcmp(l->members[s][x], cpe);
        for (size_t x = 0; runs && x < l->sizes[s]; x++) {
            char product[256];
            fk_vuln_vendor_product(l->members[s][x], product, sizeof product);
            if (fk_matcher_add(m, (int64_t)s + 1, 1, l->members[s][x], product, err) != 0)
                return -1;
        }
    }
    return 0;
}

Test(matcher, every_system_of_the_sample_answers_as_if_asked_whole)
{
    size_t len;
    char *text = corpus_text("nvd/nvd-sample.json", &len);
    json_t *doc = json_loadb(text, len, 0, NULL);
    cr_assert_not_null(doc);
    size_t i, rules = 0, systems = 0, raised = 0;
    json_t *v;
    json_array_foreach(json_object_get(doc, "vulnerabilities"), i, v)
    {
        json_t *configs = json_object_get(json_object_get(v, "cve"), "configurations");
        fk_vuln_rule *rule;
        fk_err err;
        if (!configs || fk_vuln_rule_compile(configs, &rule, &err) != 0)
            continue;
        bool asked = !fk_vuln_rule_simple(rule) && fk_vuln_rule_pure_platforms(rule);
        fk_vuln_rule_free(rule);
        if (!asked)
            continue; /* negation: the matcher's stated limit (matcher.c) */
        /* the rule's names, vulnerable and platform, at most 12 of each */
        char vuln[12][512], plat[12][512];
        size_t nv = 0, np = 0, c, k, m;
        json_t *config, *node, *match;
        json_array_foreach(configs, c, config)
            json_array_foreach(json_object_get(config, "nodes"), k, node)
                json_array_foreach(json_object_get(node, "cpeMatch"), m, match)
        {
            bool vulnerable = json_is_true(json_object_get(match, "vulnerable"));
            if (vulnerable && nv < 12 && name_of_criteria(match, vuln[nv]))
                nv++;
            else if (!vulnerable && np < 12 && name_of_criteria(match, plat[np]))
                np++;
        }
        /* systems: each vulnerable name alone, with each platform, and all of them */
        fk_matcher *mt = fk_matcher_new();
        const char *members[200][26];
        size_t sizes[200], ns = 0;
        for (size_t a = 0; a < nv && ns < 199; a++) {
            members[ns][0] = vuln[a];
            sizes[ns++] = 1;
            for (size_t b = 0; b < np && ns < 199; b++) {
                members[ns][0] = vuln[a];
                members[ns][1] = plat[b];
                sizes[ns++] = 2;
            }
        }
        sizes[ns] = 0;
        for (size_t a = 0; a < nv; a++)
            members[ns][sizes[ns]++] = vuln[a];
        for (size_t b = 0; b < np; b++)
            members[ns][sizes[ns]++] = plat[b];
        ns++;
        for (size_t s = 0; s < ns; s++)
            for (size_t x = 0; x < sizes[s]; x++) {
                char product[256];
                cr_assert(fk_vuln_vendor_product(members[s][x], product, sizeof product));
                cr_assert_eq(fk_matcher_add(mt, (int64_t)s + 1, 1, members[s][x], product, &err), 0,
                             "%s", err.msg);
            }
        best_of got = {json_object(), json_object()};
        cr_assert_eq(fk_matcher_run(mt, "CVE", configs, true, NULL, note_best, &got, &err), 0, "%s",
                     err.msg);
        /* the same asked lazily: the names first, systems only when a rule wants them */
        fk_matcher *lz = fk_matcher_new();
        test_ledger ledger = {members, sizes, ns};
        fk_matcher_lazy(lz, load_running, &ledger);
        for (size_t s = 0; s < ns; s++)
            for (size_t x = 0; x < sizes[s]; x++) {
                char product[256];
                fk_vuln_vendor_product(members[s][x], product, sizeof product);
                cr_assert_eq(fk_matcher_add_name(lz, members[s][x], product, &err), 0);
            }
        best_of lazily = {json_object(), json_object()};
        cr_assert_eq(fk_matcher_run(lz, "CVE", configs, true, NULL, note_best, &lazily, &err), 0,
                     "%s", err.msg);
        cr_assert(json_equal(got.names, lazily.names) && json_equal(got.systems, lazily.systems),
                  "lazily: the same answers");
        json_decref(lazily.names);
        json_decref(lazily.systems);
        fk_matcher_free(lz);
        for (size_t s = 0; s < ns; s++) {
            fk_cpe sw[26];
            for (size_t x = 0; x < sizes[s]; x++)
                cr_assert_eq(fk_cpe_unbind_fs(members[s][x], &sw[x], &err), 0);
            fk_applies whole;
            cr_assert_eq(fk_vuln_applies(configs, sw, sizes[s], &whole, &err), 0);
            json_int_t best = 0;
            for (size_t x = 0; x < sizes[s]; x++) {
                json_int_t n = json_integer_value(json_object_get(got.names, members[s][x]));
                best = n > best ? n : best;
            }
            char key[32];
            snprintf(key, sizeof key, "%zu", s + 1);
            json_int_t own = json_integer_value(json_object_get(got.systems, key));
            raised += own > best;
            best = own > best ? own : best;
            cr_assert_eq(best, (json_int_t)whole.confidence, "%s, system of %zu names: %s",
                         json_string_value(json_object_get(json_object_get(v, "cve"), "id")),
                         sizes[s], whole.evidence);
            systems++;
        }
        json_decref(got.names);
        json_decref(got.systems);
        fk_matcher_free(mt);
        rules++;
    }
    cr_log_info("%zu rules, %zu systems, %zu raised by their platform", rules, systems, raised);
    cr_assert_gt(rules, 10, "the sample's rules with platforms were asked (%zu)", rules);
    cr_assert_gt(raised, 0, "some systems are proved by their platform (%zu of %zu)", raised,
                 systems);
    json_decref(doc);
    free(text);
}

#include "priority.h"

Test(priority, known_exploited_first_then_likelihood_severity_and_the_system)
{
    fk_priority p;
    fk_priority_input in = {.kev = true,
                            .epss = -1,
                            .cvss = 5.0,
                            .criticality = "low",
                            .exposure = "isolated",
                            .confidence = "product"};
    fk_priority_of(&in, &p);
    cr_assert_eq(p.tier, FK_TIER_IMMEDIATE, "known exploited is immediate, whatever the system");
    cr_assert_eq(p.deadline_days, 3);
    double kev_score = p.score;
    in = (fk_priority_input){.epss = 0.5,
                             .cvss = 9.8,
                             .criticality = "critical",
                             .exposure = "internet",
                             .confidence = "version"};
    fk_priority_of(&in, &p);
    cr_assert_eq(p.tier, FK_TIER_HIGH);
    cr_assert_lt(p.score, kev_score, "known exploited ranks above any other");
    in = (fk_priority_input){.epss = 0.001,
                             .cvss = 7.5,
                             .criticality = "medium",
                             .exposure = "internal",
                             .confidence = "version"};
    fk_priority_of(&in, &p);
    cr_assert_eq(p.tier, FK_TIER_MEDIUM);
    in.criticality = "critical";
    fk_priority_of(&in, &p);
    cr_assert_eq(p.tier, FK_TIER_HIGH, "a critical system one tier up");
    in.criticality = "medium";
    in.exposure = "isolated";
    fk_priority_of(&in, &p);
    cr_assert_eq(p.tier, FK_TIER_LOW, "an isolated one one tier down");
    in.exposure = "internal";
    in.confidence = "unversioned";
    fk_priority_of(&in, &p);
    cr_assert_eq(p.tier, FK_TIER_LOW, "an unproved match one tier down");
    in.ics = true;
    fk_priority_of(&in, &p);
    cr_assert(p.compensating && p.deadline_days == 0, "an ICS gets compensating measures");
    cr_assert(strstr(fk_priority_advice(&p, "ja"), "代替策"));
    fk_priority_tier t;
    cr_assert(fk_priority_tier_named("immediate", &t) && t == FK_TIER_IMMEDIATE);
    cr_assert(!fk_priority_tier_named("urgent", &t));
}

#include "kept.h"

typedef struct staged_seen {
    char rows[16][96];
    bool changed[16];
    size_t n;
} staged_seen;

static int see_staged(void *ctx, const char *cpe, const char *vuln_id, const char *confidence,
                      const char *evidence, bool changed, fk_err *err)
{
    (void)confidence;
    (void)evidence;
    (void)err;
    staged_seen *s = ctx;
    if (s->n < 16) {
        snprintf(s->rows[s->n], sizeof s->rows[s->n], "%s %s", cpe + 10, vuln_id);
        s->changed[s->n++] = changed;
    }
    return 0;
}

/* The answers staged in the order rules come are written in the table's key order: the
 * name's text, then the vulnerability's; whatever numbers the matcher gave the names. */
Test(vuln, kept_answers_written_in_the_key_order)
{
    fk_err err;
    fk_matcher *m = fk_matcher_new();
    const char *names[] = {"cpe:2.3:a:zeta:z:1:*:*:*:*:*:*:*", "cpe:2.3:a:alpha:a:2:*:*:*:*:*:*:*",
                           "cpe:2.3:a:mid:m:3:*:*:*:*:*:*:*"};
    const char *products[] = {"zeta:z", "alpha:a", "mid:m"};
    for (int i = 0; i < 3; i++)
        cr_assert_eq(fk_matcher_add(m, 1 + i, 1, names[i], products[i], &err), 0, "%s", err.msg);
    fk_kept *k = fk_kept_new(m);
    cr_assert_not_null(k);
    cr_assert_eq(fk_kept_add(k, names[2], "CVE-2024-0002", "version", "old", &err), 0);
    cr_assert_eq(fk_kept_seal(k, &err), 0);
    size_t number[3];
    for (size_t i = 0; i < fk_matcher_names(m); i++)
        for (int j = 0; j < 3; j++)
            if (!strcmp(fk_matcher_name_text(m, i), names[j]))
                number[j] = i;
    /* as rules would hand them in: by vulnerability, names in no order */
    const struct {
        int name;
        const char *vuln;
    } in[] = {{0, "CVE-2024-0009"}, {2, "CVE-2024-0009"}, {1, "CVE-2024-0009"},
              {2, "CVE-2024-0002"}, {0, "CVE-2023-1000"}, {1, "CVE-2024-0010"}};
    for (size_t i = 0; i < sizeof in / sizeof in[0]; i++)
        cr_assert_eq(
            fk_kept_stage(k, number[in[i].name], in[i].vuln, FK_MATCH_VERSION, "new", &err), 0);
    staged_seen seen = {0};
    cr_assert_eq(fk_kept_each_staged(k, see_staged, &seen, &err), 0);
    const char *want[] = {
        "alpha:a:2:*:*:*:*:*:*:* CVE-2024-0009", "alpha:a:2:*:*:*:*:*:*:* CVE-2024-0010",
        "mid:m:3:*:*:*:*:*:*:* CVE-2024-0002",   "mid:m:3:*:*:*:*:*:*:* CVE-2024-0009",
        "zeta:z:1:*:*:*:*:*:*:* CVE-2023-1000",  "zeta:z:1:*:*:*:*:*:*:* CVE-2024-0009"};
    cr_assert_eq(seen.n, 6);
    for (size_t i = 0; i < 6; i++)
        cr_assert_str_eq(seen.rows[i], want[i]);
    /* only the answer that rewrites a kept one is a change */
    for (size_t i = 0; i < 6; i++)
        cr_assert_eq(seen.changed[i], i == 2, "row %zu", i);
    fk_kept_free(k);
    fk_matcher_free(m);
}
