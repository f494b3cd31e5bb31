/* `fukurou collect` (see collect_cmd.h): options in, the collector's log out. */
#include "collect_cmd.h"

#include "../collect/collector.h"
#include "../collect/config.h"
#include "../core/file.h"
#include "../core/timefmt.h"

#include <errno.h>
#include <jansson.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#define DEFAULT_CONFIG "/etc/fukurou/collect.yml"

static void usage(FILE *f)
{
    fputs("usage: fukurou collect [--config FILE]            run the collector\n"
          "       fukurou collect [--config FILE] --check    check the config and say what is "
          "wrong\n"
          "       fukurou collect [--config FILE] --status   what a running collector is doing\n"
          "       fukurou collect --help-config              every setting, its default and "
          "meaning\n"
          "\n"
          "The config (default " DEFAULT_CONFIG ") is YAML: hub (url, api_key_env or\n"
          "api_key_file, ca_file), spool (dir, max_size, when_full, fsync), batch, files,\n"
          "status and sources (each: name, type file or stdin, paths, format). The API key is\n"
          "read from the environment variable or file named there and is never logged.\n"
          "Exit status: 0 stopped cleanly (or the config is right), 2 the config or the\n"
          "command line is wrong, 1 the collector failed.\n",
          f);
}

/* The collector's log: one line per event on standard error. */
static void log_line(void *ctx, const char *level, const char *msg)
{
    (void)ctx;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    char t[32];
    fk_time_format((int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000, t);
    fprintf(stderr, "%s %s %s\n", t, level, msg);
}

/* The key from the file or the environment variable the config names; NULL with why. */
static char *api_key(const fk_collect_config *cfg, char *why, size_t cap)
{
    if (cfg->api_key_file) {
        struct stat st;
        if (stat(cfg->api_key_file, &st) == 0 && (st.st_mode & 077))
            fprintf(stderr,
                    "fukurou collect: warning: %s can be read by others than its owner "
                    "(chmod 600 it)\n",
                    cfg->api_key_file);
        fk_err err;
        size_t n;
        char *k = fk_read_file(cfg->api_key_file, 4096, &n, &err);
        if (!k) {
            snprintf(why, cap, "hub.api_key_file: %s", err.msg);
            return NULL;
        }
        while (n && (k[n - 1] == '\n' || k[n - 1] == '\r' || k[n - 1] == ' '))
            k[--n] = '\0';
        if (!n) {
            free(k);
            snprintf(why, cap, "hub.api_key_file: %s is empty", cfg->api_key_file);
            return NULL;
        }
        return k;
    }
    const char *v = getenv(cfg->api_key_env);
    if (!v || !*v) {
        snprintf(why, cap, "hub.api_key_env: the environment variable %s is not set",
                 cfg->api_key_env);
        return NULL;
    }
    return strdup(v);
}

static int load(const char *path, fk_collect_config *cfg)
{
    fk_sbuf errors = {0};
    int n = fk_collect_config_load(path, cfg, &errors);
    if (n < 0) {
        fprintf(stderr, "fukurou collect: out of memory reading %s\n", path);
    } else if (n > 0) {
        fputs(errors.p, stderr);
        fprintf(stderr, "fukurou collect: %d mistake%s in %s\n", n, n == 1 ? "" : "s", path);
    }
    fk_sbuf_free(&errors);
    return n;
}

static int print_status(const fk_collect_config *cfg)
{
    char path[4200];
    if (cfg->status_file)
        snprintf(path, sizeof path, "%s", cfg->status_file);
    else
        snprintf(path, sizeof path, "%s/status.json", cfg->spool_dir);
    json_error_t je;
    json_t *j = json_load_file(path, 0, &je);
    if (!j) {
        fprintf(stderr, "fukurou collect: %s: %s (is the collector running?)\n", path, je.text);
        return 1;
    }
    json_t *sp = json_object_get(j, "spool"), *hub = json_object_get(j, "hub");
    printf("collector %s, status at %s\n", json_string_value(json_object_get(j, "collector")),
           json_string_value(json_object_get(j, "time")));
    size_t i;
    json_t *s;
    json_array_foreach(json_object_get(j, "sources"), i, s)
    {
        printf("source %-16s %-5s %10lld lines %12lld bytes%s\n",
               json_string_value(json_object_get(s, "name")),
               json_string_value(json_object_get(s, "type")),
               (long long)json_integer_value(json_object_get(s, "lines")),
               (long long)json_integer_value(json_object_get(s, "bytes")),
               json_is_true(json_object_get(s, "waiting_for_spool")) ? "  (waiting: spool full)"
                                                                     : "");
        size_t k;
        json_t *f;
        json_array_foreach(json_object_get(s, "files"), k, f)
            printf("  %s at %lld of %lld\n", json_string_value(json_object_get(f, "path")),
                   (long long)json_integer_value(json_object_get(f, "offset")),
                   (long long)json_integer_value(json_object_get(f, "size")));
    }
    const char *oldest = json_string_value(json_object_get(sp, "oldest_unsent"));
    printf("spool %lld of %lld bytes, %lld unsent batches (%lld lines), oldest unsent %s\n",
           (long long)json_integer_value(json_object_get(sp, "bytes")),
           (long long)json_integer_value(json_object_get(sp, "max_bytes")),
           (long long)json_integer_value(json_object_get(sp, "unsent_batches")),
           (long long)json_integer_value(json_object_get(sp, "unsent_lines")),
           oldest ? oldest : "-");
    printf("      dropped %lld lines (%lld batches), damaged %lld regions (%lld bytes)\n",
           (long long)json_integer_value(json_object_get(sp, "dropped_lines")),
           (long long)json_integer_value(json_object_get(sp, "dropped_batches")),
           (long long)json_integer_value(json_object_get(sp, "damaged_regions")),
           (long long)json_integer_value(json_object_get(sp, "damaged_bytes")));
    const char *ack = json_string_value(json_object_get(hub, "last_acknowledgement"));
    const char *fail = json_string_value(json_object_get(hub, "last_failure"));
    printf("hub   %s: %lld batches delivered (%lld lines), last acknowledgement %s\n",
           json_string_value(json_object_get(hub, "url")),
           (long long)json_integer_value(json_object_get(hub, "delivered_batches")),
           (long long)json_integer_value(json_object_get(hub, "delivered_lines")), ack ? ack : "-");
    if (fail && *fail)
        printf("      last failure %s: %s\n",
               json_string_value(json_object_get(hub, "last_failure_at")), fail);
    json_t *m = json_object_get(j, "match");
    if (json_is_object(m)) {
        const char *ok = json_string_value(json_object_get(m, "last_pull_ok"));
        const char *why = json_string_value(json_object_get(m, "last_pull_error"));
        printf("match %lld indicators from %lld collection(s), last pulled %s; %lld alerts on "
               "%lld lines, %lld delivered\n",
               (long long)json_integer_value(json_object_get(m, "indicators")),
               (long long)json_integer_value(json_object_get(m, "collections")), ok ? ok : "never",
               (long long)json_integer_value(json_object_get(m, "alerts")),
               (long long)json_integer_value(json_object_get(m, "matched_lines")),
               (long long)json_integer_value(json_object_get(hub, "delivered_alerts")));
        if (why)
            printf("      last pull failed: %s\n", why);
    }
    json_decref(j);
    return 0;
}

typedef struct run_args {
    const fk_collect_config *cfg;
    const char *key;
    volatile sig_atomic_t *stop;
    atomic_bool done;
    int rc;
    fk_err err;
} run_args;

static void *run_collector(void *arg)
{
    run_args *a = arg;
    a->rc = fk_collector_run(a->cfg, a->key, a->stop, log_line, NULL, &a->err);
    atomic_store(&a->done, true);
    return NULL;
}

int fk_cmd_collect(int argc, char **argv)
{
    const char *path = DEFAULT_CONFIG;
    bool check = false, status = false;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--config") && i + 1 < argc)
            path = argv[++i];
        else if (!strcmp(argv[i], "--check"))
            check = true;
        else if (!strcmp(argv[i], "--status"))
            status = true;
        else if (!strcmp(argv[i], "--help-config")) {
            fk_collect_config_help(stdout);
            return 0;
        } else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            usage(stdout);
            return 0;
        } else {
            fprintf(stderr, "fukurou collect: unknown option '%s'\n", argv[i]);
            usage(stderr);
            return 2;
        }
    }
    fk_collect_config cfg;
    int mistakes = load(path, &cfg);
    if (mistakes != 0) {
        fk_collect_config_free(&cfg);
        return 2;
    }
    if (status) {
        int rc = print_status(&cfg);
        fk_collect_config_free(&cfg);
        return rc;
    }
    char why[600];
    char *key = api_key(&cfg, why, sizeof why);
    if (check) {
        if (!key)
            fprintf(stderr, "%s: %s\n", path, why);
        else
            printf("%s: the config is right: %zu source%s, hub %s, spool %s\n", path, cfg.nsources,
                   cfg.nsources == 1 ? "" : "s", cfg.hub_url, cfg.spool_dir);
        free(key);
        fk_collect_config_free(&cfg);
        return key ? 0 : 2;
    }
    if (!key) {
        fprintf(stderr, "fukurou collect: %s: %s\n", path, why);
        fk_collect_config_free(&cfg);
        return 2;
    }
    /* signals are taken by this thread alone; the collector sees a flag */
    sigset_t sigs;
    sigemptyset(&sigs);
    sigaddset(&sigs, SIGINT);
    sigaddset(&sigs, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &sigs, NULL);
    signal(SIGPIPE, SIG_IGN);
    volatile sig_atomic_t stop = 0;
    run_args a = {.cfg = &cfg, .key = key, .stop = &stop};
    atomic_init(&a.done, false);
    pthread_t th;
    int rc = 1;
    if (pthread_create(&th, NULL, run_collector, &a) != 0) {
        fprintf(stderr, "fukurou collect: cannot start\n");
    } else {
        struct timespec tick = {0, 200 * 1000 * 1000};
        while (!atomic_load(&a.done)) {
            int sig = sigtimedwait(&sigs, NULL, &tick);
            if (sig == SIGINT || sig == SIGTERM)
                stop = 1;
        }
        pthread_join(th, NULL);
        if (a.rc != 0)
            fprintf(stderr, "fukurou collect: %s\n", a.err.msg);
        rc = a.rc == 0 ? 0 : 1;
    }
    memset(key, 0, strlen(key));
    free(key);
    fk_collect_config_free(&cfg);
    return rc;
}
