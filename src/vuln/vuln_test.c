/* Unit tests of CVSS scoring and CPE naming and matching: every reference vector and
 * every matching and binding case of the shared corpus (FK_VULN_CORPUS; skipped, and
 * said, without it), and the errors that name what is wrong. */
#include "cpe.h"
#include "cvss.h"

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
