/* fukurou: one binary with subcommands. main() only dispatches. */
#include "../store/db.h"
#include "admin.h"
#include "collect_cmd.h"
#include "demo.h"
#include "scan.h"
#include "serve.h"
#include "sigma_cmd.h"
#include "vuln_cmd.h"

#include <curl/curl.h>
#include <stdio.h>
#include <string.h>

#ifndef FK_VERSION
#define FK_VERSION "dev"
#endif

static void usage(FILE *f)
{
    fputs("usage: fukurou COMMAND [options]\n"
          "\n"
          "Commands:\n"
          "  scan     find attack traces in log files (fukurou scan --help)\n"
          "  sigma    check Sigma rules: which load, which do not and why\n"
          "  vuln     CVSS scores of vectors, the relation of two CPE names\n"
          "  demo     write a demo log set into a folder\n"
          "  serve    run the sharing hub (HTTP API)\n"
          "  worker   run detection for a hub, from NATS JetStream (fukurou serve --help)\n"
          "  admin    administer the hub: organisations, groups, accounts, API keys, audit\n"
          "  collect  ship a member's logs to the hub, spooled on disk (fukurou collect --help)\n"
          "  version  print the version\n",
          f);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    fk_db_process_init();
    curl_global_init(CURL_GLOBAL_DEFAULT); /* before any thread: the feeds poll with libcurl */
    const char *cmd = argv[1];
    if (!strcmp(cmd, "scan"))
        return fk_cmd_scan(argc - 1, argv + 1);
    if (!strcmp(cmd, "serve"))
        return fk_cmd_serve(argc - 1, argv + 1);
    if (!strcmp(cmd, "worker"))
        return fk_cmd_worker(argc - 1, argv + 1);
    if (!strcmp(cmd, "admin"))
        return fk_cmd_admin(argc - 1, argv + 1);
    if (!strcmp(cmd, "collect"))
        return fk_cmd_collect(argc - 1, argv + 1);
    if (!strcmp(cmd, "sigma"))
        return fk_cmd_sigma(argc - 1, argv + 1);
    if (!strcmp(cmd, "vuln"))
        return fk_cmd_vuln(argc - 1, argv + 1);
    if (!strcmp(cmd, "demo"))
        return fk_cmd_demo(argc - 1, argv + 1);
    if (!strcmp(cmd, "version") || !strcmp(cmd, "--version")) {
        printf("fukurou %s\n", FK_VERSION);
        return 0;
    }
    if (!strcmp(cmd, "help") || !strcmp(cmd, "--help") || !strcmp(cmd, "-h")) {
        usage(stdout);
        return 0;
    }
    fprintf(stderr, "fukurou: unknown command '%s'\n", cmd);
    usage(stderr);
    return 2;
}
