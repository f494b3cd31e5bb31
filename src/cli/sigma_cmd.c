#include "sigma_cmd.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "../detect/sigma.h"

static void usage(FILE *f)
{
    fputs("usage: fukurou sigma check [--placeholders FILE] [--quiet] PATH...\n"
          "\n"
          "Loads every Sigma rule under each PATH (files, or directories searched for\n"
          ".yml/.yaml) and lists those that do not load with the file, line and the\n"
          "construct that is not supported. The last line is \"N loaded, M unsupported\".\n"
          "Exit status: 0 all loaded, 1 some did not, 2 error.\n",
          f);
}

typedef struct {
    bool quiet;
    size_t warnings;
} check_ctx;

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
                                             {"quiet", no_argument, 0, 'q'},
                                             {"help", no_argument, 0, 'h'},
                                             {0, 0, 0, 0}};
    const char *placeholders = NULL;
    check_ctx c = {false, 0};
    optind = 1;
    int ch;
    while ((ch = getopt_long(argc - 1, argv + 1, "qh", longopts, NULL)) != -1) {
        switch (ch) {
        case 'p': placeholders = optarg; break;
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
    if (fk_sigma_new(&set, NULL, placeholders, &err) != 0) {
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
    }
    if (c.warnings)
        printf("%zu warnings (placeholders without site values never match)\n", c.warnings);
    printf("%zu loaded, %zu unsupported\n", loaded, failed);
    fk_sigma_free(set);
    return failed ? 1 : 0;
}
