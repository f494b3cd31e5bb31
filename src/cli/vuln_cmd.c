#include "vuln_cmd.h"

#include "../vuln/cpe.h"
#include "../vuln/cvss.h"

#include <stdio.h>
#include <string.h>

static void usage(FILE *f)
{
    fputs("usage: fukurou vuln cvss VECTOR...\n"
          "       fukurou vuln cpe-match SOURCE TARGET\n"
          "cvss: one tab-separated line per vector: the vector, then for CVSS 3.x the base,\n"
          "temporal and environmental scores, the base severity and the environmental one;\n"
          "a wrong vector gives the vector and 'error: ' with the bad metric (exit 2).\n"
          "cpe-match: the relation of SOURCE to TARGET (CPE 2.3 formatted strings or URIs):\n"
          "EQUAL, SUBSET, SUPERSET, DISJOINT, or UNDEFINED when TARGET has wildcards.\n",
          f);
}

static int cvss(int argc, char **argv)
{
    int status = 0;
    for (int i = 0; i < argc; i++) {
        fk_cvss_scores s;
        fk_err err;
        if (fk_cvss_score(argv[i], &s, &err) != 0) {
            printf("%s\terror: %s\n", argv[i], err.msg);
            status = 2;
            continue;
        }
        printf("%s\t%.1f\t%.1f\t%.1f\t%s\t%s\n", argv[i], s.base, s.temporal, s.environmental,
               fk_cvss_severity(s.base), fk_cvss_severity(s.environmental));
    }
    return status;
}

static int cpe_match(int argc, char **argv)
{
    if (argc != 2) {
        usage(stderr);
        return 2;
    }
    fk_cpe source, target;
    fk_err err;
    for (int i = 0; i < 2; i++)
        if (fk_cpe_parse(argv[i], i ? &target : &source, &err) != 0) {
            fprintf(stderr, "fukurou vuln: %s: %s\n", i ? "TARGET" : "SOURCE", err.msg);
            return 2;
        }
    printf("%s\n", fk_cpe_relation_name(fk_cpe_compare(&source, &target)));
    return 0;
}

int fk_cmd_vuln(int argc, char **argv)
{
    if (argc >= 2 && !strcmp(argv[1], "cvss"))
        return cvss(argc - 2, argv + 2);
    if (argc >= 2 && !strcmp(argv[1], "cpe-match"))
        return cpe_match(argc - 2, argv + 2);
    if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "help"))) {
        usage(stdout);
        return 0;
    }
    usage(stderr);
    return 2;
}
