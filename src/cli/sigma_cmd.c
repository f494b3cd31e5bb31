#include "sigma_cmd.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "../core/file.h"
#include "../detect/sigma.h"

#include <stdlib.h>

static void usage(FILE *f)
{
    fputs("usage: fukurou sigma check [--placeholders FILE] [--logsources FILE] [--coverage]\n"
          "                           [--quiet] PATH...\n"
          "\n"
          "Loads every Sigma rule under each PATH (files, or directories searched for\n"
          ".yml/.yaml) and lists those that do not load with the file, line and the\n"
          "construct that is not supported. The last line is \"N loaded, M unsupported\".\n"
          "\n"
          "  --placeholders FILE  values of %name% placeholders for |expand\n"
          "  --logsources FILE    logsource mapping instead of rules/sigma-logsources.yml\n"
          "  --coverage           also list, per logsource entry, how many rules it serves,\n"
          "                       and the logsources no entry serves\n"
          "  --quiet              no warnings\n"
          "Exit status: 0 all loaded, 1 some did not, 2 error.\n",
          f);
}

typedef struct {
    bool quiet;
    size_t warnings;
} check_ctx;

static void print_source(const char *what, const char *product, const char *category,
                         const char *service, size_t nrules)
{
    printf("%s product=%s category=%s service=%s: %zu rules\n", what, product ? product : "-",
           category ? category : "-", service ? service : "-", nrules);
}

static void on_served(void *ctx, const char *product, const char *category, const char *service,
                      size_t nrules)
{
    (void)ctx;
    print_source("served:", product, category, service, nrules);
}

static void on_unserved(void *ctx, const char *product, const char *category, const char *service,
                        size_t nrules)
{
    (void)ctx;
    print_source("not served (read JSON by field name):", product, category, service, nrules);
}

static void report(void *ctx, const char *msg, int is_warning)
{
    check_ctx *c = ctx;
    if (is_warning)
        c->warnings++;
    if (!c->quiet || !is_warning)
        printf("%s%s\n", is_warning ? "warning: " : "unsupported: ", msg);
}

int fk_cmd_sigma(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "check") != 0) {
        usage(argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) ? stdout
                                                                                  : stderr);
        return argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) ? 0 : 2;
    }
    static const struct option longopts[] = {{"placeholders", required_argument, 0, 'p'},
                                             {"logsources", required_argument, 0, 'l'},
                                             {"coverage", no_argument, 0, 'c'},
                                             {"quiet", no_argument, 0, 'q'},
                                             {"help", no_argument, 0, 'h'},
                                             {0, 0, 0, 0}};
    const char *placeholders = NULL, *logsources = NULL;
    bool coverage = false;
    check_ctx c = {false, 0};
    optind = 1;
    int ch;
    while ((ch = getopt_long(argc - 1, argv + 1, "qh", longopts, NULL)) != -1) {
        switch (ch) {
        case 'p': placeholders = optarg; break;
        case 'l': logsources = optarg; break;
        case 'c': coverage = true; break;
        case 'q': c.quiet = true; break;
        case 'h': usage(stdout); return 0;
        default: usage(stderr); return 2;
        }
    }
    if (optind >= argc - 1) {
        usage(stderr);
        return 2;
    }
    fk_err err;
    fk_sigma_set *set;
    char *map = NULL;
    if (logsources) {
        size_t n;
        map = fk_read_file(logsources, 16u << 20, &n, &err);
        if (!map) {
            fprintf(stderr, "fukurou sigma: --logsources: %s\n", err.msg);
            return 2;
        }
    }
    int rc = fk_sigma_new(&set, map, placeholders, &err);
    free(map);
    if (rc != 0) {
        fprintf(stderr, "fukurou sigma: %s\n", err.msg);
        return 2;
    }
    size_t loaded = 0, failed = 0;
    for (int i = optind + 1; i < argc; i++) {
        if (fk_sigma_add_path(set, argv[i], report, &c, &loaded, &failed, &err) != 0) {
            fprintf(stderr, "fukurou sigma: %s\n", err.msg);
            fk_sigma_free(set);
            return 2;
        }
    }
    if (fk_sigma_compile(set, &err) != 0) {
        printf("unsupported: %s\n", err.msg);
        failed++;
    } else if (coverage) {
        fk_sigma_logsource_report(set, on_served, on_unserved, NULL);
    }
    if (c.warnings)
        printf("%zu warnings (placeholders without site values never match)\n", c.warnings);
    printf("%zu loaded, %zu unsupported\n", loaded, failed);
    fk_sigma_free(set);
    return failed ? 1 : 0;
}
