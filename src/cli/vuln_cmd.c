#include "vuln_cmd.h"

#include "../core/file.h"
#include "../vuln/cpe.h"
#include "../vuln/cvss.h"
#include "../vuln/feed.h"

#include <stdlib.h>

#include <stdio.h>
#include <string.h>

static void usage(FILE *f)
{
    fputs("usage: fukurou vuln cvss VECTOR...\n"
          "       fukurou vuln cpe-match SOURCE TARGET\n"
          "       fukurou vuln read [--feed nvd|jvn|kev|epss] FILE...\n"
          "cvss: one tab-separated line per vector: the vector, then for CVSS 3.x the base,\n"
          "temporal and environmental scores, the base severity and the environmental one;\n"
          "for CVSS 4.0 the score, its severity and what it scored (CVSS-B, -BT, -BE, -BTE);\n"
          "a wrong vector gives the vector and 'error: ' with the bad metric (exit 2).\n"
          "cpe-match: the relation of SOURCE to TARGET (CPE 2.3 formatted strings or URIs):\n"
          "EQUAL, SUBSET, SUPERSET, DISJOINT, or UNDEFINED when TARGET has wildcards.\n"
          "read: each record or fact of feed files (NVD CVE API 2.0 JSON, MyJVN XML, the KEV\n"
          "catalogue, EPSS CSV; recognised by content unless --feed says) as one JSON line,\n"
          "as the hub stores it; a wrong file is refused naming the record and field (exit 2).\n",
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
        if (s.version == 40)
            printf("%s\t%.1f\t%s\t%s\n", argv[i], s.base, fk_cvss_severity(s.base), s.nomenclature);
        else
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

static int print_record(void *ctx, json_t *record, fk_err *err)
{
    (void)ctx;
    /* configurations the stream reader kept as text are shown as JSON like the rest */
    if (json_object_get(record, "configurations_json")) {
        json_t *c = fk_vuln_configurations(record);
        if (!c)
            return fk_errc(err, FK_ERR_NOMEM, "out of memory");
        json_object_set_new(record, "configurations", c);
        json_object_del(record, "configurations_json");
    }
    char *line = json_dumps(record, JSON_COMPACT | JSON_REAL_PRECISION(10));
    if (line)
        puts(line);
    free(line);
    return line ? 0 : fk_errc(err, FK_ERR_NOMEM, "out of memory");
}

static int read_feeds(int argc, char **argv)
{
    int kind = -1, status = 0;
    for (int i = 0; i < argc; i++) {
        if (!strcmp(argv[i], "--feed") && i + 1 < argc) {
            fk_feed_kind k;
            if (!fk_feed_named(argv[++i], &k)) {
                fprintf(stderr, "fukurou vuln: --feed: expected nvd, jvn, kev or epss\n");
                return 2;
            }
            kind = (int)k;
            continue;
        }
        size_t len;
        fk_err err;
        /* an NVD page is some 15 MB, the KEV catalogue 1.3 MB, an EPSS day 10 MB */
        char *data = fk_read_file(argv[i], (size_t)1 << 30, &len, &err);
        if (!data) {
            fprintf(stderr, "fukurou vuln: %s\n", err.msg);
            status = 2;
            continue;
        }
        if (fk_feed_read(data, len, kind, print_record, NULL, NULL, &err) != 0) {
            fprintf(stderr, "fukurou vuln: %s: %s\n", argv[i], err.msg);
            status = 2;
        }
        free(data);
    }
    return status;
}

int fk_cmd_vuln(int argc, char **argv)
{
    if (argc >= 2 && !strcmp(argv[1], "read"))
        return read_feeds(argc - 2, argv + 2);
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
