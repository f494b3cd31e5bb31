#include "serve.h"

#include "../core/file.h"
#include "../hub/checkpoints.h"
#include "../hub/feeds.h"
#include "../hub/monitor.h"
#include "../hub/scheduler.h"
#include "../hub/vuln_poll.h"
#include "../intel/anonymise.h"
#include "../server/http.h"
#include "../server/syslogd.h"

#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <yaml.h>

static void usage(FILE *f)
{
    fputs(
        "usage: fukurou serve [--config FILE] [--data DIR] [--store URL] [--listen ADDR:PORT]\n"
        "                     [--tls-cert PEM --tls-key PEM] [--max-body BYTES]\n"
        "                     [--max-per-address N] [--workers N] [--quiet]\n"
        "                     [--sigma PATH]... [--rules FILE]... [--no-rules] [--no-web]\n"
        "                     [--no-monitoring] [--max-ingest-body BYTES]\n"
        "                     [--campaigns FILE] [--stream DIR]\n"
        "                     [--feed-interval SECONDS] [--feed-page N] [--feed-ca FILE]\n"
        "                     [--smtp smtp://HOST:PORT] [--mail-from ADDR] [--public-url URL]\n"
        "                     [--scheduler-tick SECONDS] [--webhook-private]\n"
        "                     [--nvd-poll SECONDS] [--jvn-poll SECONDS] [--nvd-url URL]\n"
        "                     [--myjvn-url URL] [--vuln-pace SECONDS]\n"
        "\n"
        "Runs the sharing hub. Defaults: --data $FUKUROU_DATA or ./fukurou-data,\n"
        "--store $FUKUROU_STORE or the SQLite file in the data folder (postgres://USER@HOST/DB\n"
        "for PostgreSQL; a password comes from PGPASSWORD or ~/.pgpass, never the command line),\n"
        "--listen 127.0.0.1:8080, bodies up to 10 MiB. Options on the command line override\n"
        "the config file. Its YAML keys: data, store, listen, tls_cert, tls_key, max_body,\n"
        "max_per_address (open connections from one address, default 256), workers (threads\n"
        "running requests, default 4), hub_name,\n"
        "severity_scale (seeds-2016: 0-5, the default; nisc-2018: 0-4), deadline_immediate,\n"
        "deadline_advisory, deadline_general (seconds), mask_patterns (a list of PCRE2\n"
        "patterns masked in released text).\n"
        "\n"
        "Scale-out: --bus nats://HOST:PORT (config key bus, or $FUKUROU_BUS) puts batches on\n"
        "NATS JetStream, where `fukurou worker` processes (same options, same --store, on any\n"
        "machine) run detection and send their alerts back; the hub then runs no detection\n"
        "and stores the alerts (one hub of several, holding the correlator lease). Options\n"
        "after '?': ack_wait_ms (a batch a worker took and did not finish is given to the\n"
        "partition's next holder after this long, default 60000), partitions (subjects\n"
        "fk.batch.N by organisation, 16, each held by one worker at a time), lease_ms (a\n"
        "silent worker's partitions, or hub's correlator role, pass on after this long,\n"
        "default 10000). See docs/scale-out.md.\n"
        "\n"
        "Continuous monitoring (on unless --no-monitoring): members stream logs to\n"
        "POST /api/v1/ingest; every batch runs through the shared indicators, the web\n"
        "signatures (unless --no-web), the Sigma rules under --sigma and the threshold\n"
        "rules of --rules (default the shipped rules/threshold.yml, none with --no-rules);\n"
        "campaign rules across organisations come from --campaigns (default\n"
        "the shipped rules/campaigns.yml). Config keys: sigma and rules (a path or a list of\n"
        "paths), campaigns, no_web, no_rules,\n"
        "monitoring (true/false), max_ingest_body (bytes once decompressed, default 32 MiB),\n"
        "max_backlog (batches waiting for detection before ingest answers 503, 10000).\n"
        "\n"
        "Notifications: --smtp smtp://HOST:PORT (config key smtp) is the relay e-mail goes\n"
        "through (reachability drills of the contact registry), --mail-from ADDR (mail_from,\n"
        "default fukurou@localhost) its sender, --public-url URL (public_url) the address\n"
        "its links point at (default: the address the centre's request came to).\n"
        "--scheduler-tick SECONDS (default 30): how often case deadlines are checked and\n"
        "webhooks delivered. Webhooks are signed with a key derived from\n"
        "$FUKUROU_WEBHOOK_KEY; they may not reach addresses inside a network (loopback,\n"
        "private, link-local) unless --webhook-private.\n"
        "\n"
        "Syslog receivers (off unless given): --syslog-tls ADDR:PORT (RFC 5425; the member is\n"
        "its client certificate's common name, verified against --syslog-ca; the server's\n"
        "certificate is --syslog-cert/--syslog-key, else --tls-cert/--tls-key),\n"
        "--syslog-tcp ADDR:PORT and --syslog-udp ADDR:PORT for a trusted network, where\n"
        "--syslog-source CIDR=ORGANISATION (repeatable) says who sends from where. Config\n"
        "keys: syslog_tls, syslog_tcp, syslog_udp, syslog_cert, syslog_key, syslog_ca,\n"
        "syslog_sources (a list).\n"
        "\n"
        "--stream DIR (config key stream) sends each DIR/ORGANISATION.log into the hub as\n"
        "that member once it runs (batch keys name file and batch: a restart resends\n"
        "nothing); the demo hub of `make run` streams its members' logs this way.\n"
        "Retention (hourly; config keys): raw_retention_days (raw batches kept for forensics,\n"
        "default 30), raw_retention_bytes (their total, default unbounded),\n"
        "alert_retention_days (default 365), alert_retention_count (default unbounded).\n"
        "\n"
        "Remote TAXII feeds (`fukurou admin feed add`) are polled every --feed-interval\n"
        "seconds (default 300; 0: never), --feed-page objects per page (default 1000), TLS\n"
        "verified against --feed-ca FILE (default the system's CAs). Config keys:\n"
        "feed_interval, feed_page, feed_ca.\n"
        "\n"
        "The live vulnerability APIs are polled (off unless given) every --nvd-poll seconds\n"
        "(the NVD's CVE API 2.0; it asks for no more than one update every two hours, 7200)\n"
        "and every --jvn-poll seconds (JVN iPedia through MyJVN), each asking only what\n"
        "changed since the newest record taken in; every page is matched against the ledger\n"
        "as it arrives. The NVD key comes from $NVD_API_KEY (the faster rate); requests keep\n"
        "to each API's rate unless --vuln-pace SECONDS sets the pause between them.\n"
        "--nvd-url and --myjvn-url point elsewhere (a mirror); TLS as --feed-ca. Config keys:\n"
        "nvd_poll, jvn_poll, nvd_url, myjvn_url, vuln_pace. The outcome of each API's last\n"
        "poll is in `fukurou admin vuln overview` and the console's vulnerability page.\n",
        f);
}

#define MAX_MASK_PATTERNS 64
#define MAX_PATHS         64

typedef struct {
    char *data, *store, *bus, *listen, *tls_cert, *tls_key, *hub_name, *scale, *campaigns;
    char *syslog_tls, *syslog_tcp, *syslog_udp, *syslog_cert, *syslog_key, *syslog_ca;
    char *syslog_sources[MAX_PATHS + 1];
    char *stream, *feed_ca;
    char *smtp, *mail_from, *public_url; /* notifications (contact drills) */
    char *nvd_url, *myjvn_url;
    long long feed_interval, feed_page;      /* -1: not given */
    long long nvd_poll, jvn_poll, vuln_pace; /* seconds; -1: not given */
    long long scheduler_tick;                /* seconds; 0: the default */
    unsigned long long max_body, max_per_address, workers, max_ingest_body, max_backlog;
    /* retention: raw_days, raw_bytes, alert_days, alert_count */
    unsigned long long retention[4];
    long deadlines[3];
    char *masks[MAX_MASK_PATTERNS + 1];
    char *sigma[MAX_PATHS + 1], *rules[MAX_PATHS + 1];
    bool quiet, no_web, no_rules, no_monitoring, webhook_private;
} serve_opts;

static void free_opts(serve_opts *o)
{
    free(o->data);
    free(o->store);
    free(o->bus);
    free(o->listen);
    free(o->tls_cert);
    free(o->tls_key);
    free(o->hub_name);
    free(o->scale);
    free(o->campaigns);
    free(o->stream);
    free(o->feed_ca);
    free(o->nvd_url);
    free(o->myjvn_url);
    free(o->smtp);
    free(o->mail_from);
    free(o->public_url);
    char **strs[] = {&o->syslog_tls,  &o->syslog_tcp, &o->syslog_udp,
                     &o->syslog_cert, &o->syslog_key, &o->syslog_ca};
    for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++)
        free(*strs[i]);
    for (int i = 0; o->syslog_sources[i]; i++)
        free(o->syslog_sources[i]);
    for (int i = 0; o->masks[i]; i++)
        free(o->masks[i]);
    for (int i = 0; o->sigma[i]; i++)
        free(o->sigma[i]);
    for (int i = 0; o->rules[i]; i++)
        free(o->rules[i]);
}

/* Appends a copy of item to a NULL-ended list of at most max. */
static int push(char **list, int max, const char *item, const char *what)
{
    int n = 0;
    while (list[n])
        n++;
    if (n >= max) {
        fprintf(stderr, "fukurou serve: %s: at most %d\n", what, max);
        return -1;
    }
    if (!(list[n] = strdup(item))) {
        fprintf(stderr, "fukurou serve: out of memory\n");
        return -1;
    }
    return 0;
}

/* feed_interval, nvd_poll, jvn_poll, vuln_pace: seconds (0 turns polling off, or no
 * pause); feed_page: objects per page. A value
 * already given on the command line wins. */
static bool set_feed_number(const char *key, const char *val, long long *d)
{
    char *end;
    long long n = strtoll(val, &end, 10);
    bool page = !strcmp(key, "feed_page") || !strcmp(key, "--feed-page");
    if (*end || end == val || n < (page ? 1 : 0) || n > (page ? 10000 : 86400 * 7))
        return false;
    if (*d < 0)
        *d = n;
    return true;
}

/* mask_patterns: a list of PCRE2 patterns (or one pattern), each compiled here so that
 * a bad one stops the hub at start with its line rather than failing a release. */
static int load_masks(const char *path, yaml_document_t *doc, yaml_node_t *v, serve_opts *o)
{
    yaml_node_item_t *items = NULL, *end = NULL;
    if (v->type == YAML_SEQUENCE_NODE) {
        items = v->data.sequence.items.start;
        end = v->data.sequence.items.top;
    }
    int n = 0;
    while (o->masks[n])
        n++;
    for (yaml_node_item_t *it = items; v->type != YAML_SEQUENCE_NODE || it < end;
         it = it ? it + 1 : it) {
        yaml_node_t *item = v->type == YAML_SEQUENCE_NODE ? yaml_document_get_node(doc, *it) : v;
        if (!item || item->type != YAML_SCALAR_NODE || !item->data.scalar.length) {
            fprintf(stderr, "fukurou serve: %s:%zu: mask_patterns: expected a list of patterns\n",
                    path, (item ? item : v)->start_mark.line + 1);
            return -1;
        }
        if (n >= MAX_MASK_PATTERNS) {
            fprintf(stderr, "fukurou serve: %s:%zu: mask_patterns: at most %d patterns\n", path,
                    item->start_mark.line + 1, MAX_MASK_PATTERNS);
            return -1;
        }
        const char *pattern = (const char *)item->data.scalar.value;
        const char *one[2] = {pattern, NULL};
        fk_err err;
        if (fk_anonymise_check_patterns(one, &err) != 0) {
            fprintf(stderr, "fukurou serve: %s:%zu: mask_patterns: %s\n", path,
                    item->start_mark.line + 1, err.msg);
            return -1;
        }
        if (!(o->masks[n++] = strdup(pattern))) {
            fprintf(stderr, "fukurou serve: out of memory\n");
            return -1;
        }
        if (v->type != YAML_SEQUENCE_NODE)
            break;
    }
    return 0;
}

/* sigma, rules: a path or a list of paths. */
static int load_paths(const char *path, yaml_document_t *doc, yaml_node_t *v, const char *key,
                      char **list)
{
    if (v->type == YAML_SCALAR_NODE)
        return push(list, MAX_PATHS, (const char *)v->data.scalar.value, key);
    if (v->type != YAML_SEQUENCE_NODE) {
        fprintf(stderr, "fukurou serve: %s:%zu: %s: expected a path or a list of paths\n", path,
                v->start_mark.line + 1, key);
        return -1;
    }
    for (yaml_node_item_t *it = v->data.sequence.items.start; it < v->data.sequence.items.top;
         it++) {
        yaml_node_t *item = yaml_document_get_node(doc, *it);
        if (!item || item->type != YAML_SCALAR_NODE) {
            fprintf(stderr, "fukurou serve: %s:%zu: %s: expected a list of paths\n", path,
                    (item ? item : v)->start_mark.line + 1, key);
            return -1;
        }
        if (push(list, MAX_PATHS, (const char *)item->data.scalar.value, key) != 0)
            return -1;
    }
    return 0;
}

/* Reads a flat YAML mapping of the keys above; errors name file and line. */
static int load_config(const char *path, serve_opts *o)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "fukurou serve: %s: cannot open: %s\n", path, strerror(errno));
        return -1;
    }
    yaml_parser_t p;
    yaml_document_t doc;
    yaml_parser_initialize(&p);
    yaml_parser_set_input_file(&p, f);
    int rc = 0;
    if (!yaml_parser_load(&p, &doc)) {
        fprintf(stderr, "fukurou serve: %s:%zu: %s\n", path, p.problem_mark.line + 1,
                p.problem ? p.problem : "invalid YAML");
        yaml_parser_delete(&p);
        fclose(f);
        return -1;
    }
    yaml_node_t *root = yaml_document_get_root_node(&doc);
    if (root && root->type != YAML_MAPPING_NODE) {
        fprintf(stderr, "fukurou serve: %s:%zu: expected a mapping of settings\n", path,
                root->start_mark.line + 1);
        rc = -1;
    }
    for (yaml_node_pair_t *pair = root && rc == 0 ? root->data.mapping.pairs.start : NULL;
         pair && pair < root->data.mapping.pairs.top && rc == 0; pair++) {
        yaml_node_t *k = yaml_document_get_node(&doc, pair->key),
                    *v = yaml_document_get_node(&doc, pair->value);
        if (k->type == YAML_SCALAR_NODE &&
            !strcmp((const char *)k->data.scalar.value, "mask_patterns")) {
            if (load_masks(path, &doc, v, o) != 0)
                rc = -1;
            continue;
        }
        const char *kname = k->type == YAML_SCALAR_NODE ? (const char *)k->data.scalar.value : "";
        if (!strcmp(kname, "sigma") || !strcmp(kname, "rules") ||
            !strcmp(kname, "syslog_sources")) {
            char **list = !strcmp(kname, "sigma")   ? o->sigma
                          : !strcmp(kname, "rules") ? o->rules
                                                    : o->syslog_sources;
            if (load_paths(path, &doc, v, kname, list) != 0)
                rc = -1;
            continue;
        }
        if (k->type != YAML_SCALAR_NODE || v->type != YAML_SCALAR_NODE) {
            fprintf(stderr, "fukurou serve: %s:%zu: expected 'key: value'\n", path,
                    k->start_mark.line + 1);
            rc = -1;
            break;
        }
        const char *key = (const char *)k->data.scalar.value,
                   *val = (const char *)v->data.scalar.value;
        char **dst = !strcmp(key, "data")             ? &o->data
                     : !strcmp(key, "store")          ? &o->store
                     : !strcmp(key, "bus")            ? &o->bus
                     : !strcmp(key, "listen")         ? &o->listen
                     : !strcmp(key, "tls_cert")       ? &o->tls_cert
                     : !strcmp(key, "tls_key")        ? &o->tls_key
                     : !strcmp(key, "hub_name")       ? &o->hub_name
                     : !strcmp(key, "severity_scale") ? &o->scale
                     : !strcmp(key, "campaigns")      ? &o->campaigns
                     : !strcmp(key, "stream")         ? &o->stream
                     : !strcmp(key, "feed_ca")        ? &o->feed_ca
                     : !strcmp(key, "nvd_url")        ? &o->nvd_url
                     : !strcmp(key, "myjvn_url")      ? &o->myjvn_url
                     : !strcmp(key, "smtp")           ? &o->smtp
                     : !strcmp(key, "mail_from")      ? &o->mail_from
                     : !strcmp(key, "public_url")     ? &o->public_url
                     : !strcmp(key, "syslog_tls")     ? &o->syslog_tls
                     : !strcmp(key, "syslog_tcp")     ? &o->syslog_tcp
                     : !strcmp(key, "syslog_udp")     ? &o->syslog_udp
                     : !strcmp(key, "syslog_cert")    ? &o->syslog_cert
                     : !strcmp(key, "syslog_key")     ? &o->syslog_key
                     : !strcmp(key, "syslog_ca")      ? &o->syslog_ca
                                                      : NULL;
        int tier = !strcmp(key, "deadline_immediate")  ? 0
                   : !strcmp(key, "deadline_advisory") ? 1
                   : !strcmp(key, "deadline_general")  ? 2
                                                       : -1;
        if (dst) {
            if (!*dst)
                *dst = strdup(val);
        } else if (tier >= 0) {
            char *end;
            o->deadlines[tier] = strtol(val, &end, 10);
            if (*end || o->deadlines[tier] <= 0) {
                fprintf(stderr, "fukurou serve: %s:%zu: %s: expected a number of seconds\n", path,
                        v->start_mark.line + 1, key);
                rc = -1;
            }
        } else if (!strcmp(key, "max_per_address") || !strcmp(key, "workers")) {
            char *end;
            unsigned long long *dstn = !strcmp(key, "workers") ? &o->workers : &o->max_per_address;
            unsigned long long n = strtoull(val, &end, 10);
            if (*end || !n || n > 1000000) {
                fprintf(stderr, "fukurou serve: %s:%zu: %s: expected a positive number\n", path,
                        v->start_mark.line + 1, key);
                rc = -1;
            } else if (!*dstn) {
                *dstn = n;
            }
        } else if (!strcmp(key, "no_web") || !strcmp(key, "no_rules") ||
                   !strcmp(key, "monitoring")) {
            bool yes = !strcmp(val, "true"), no = !strcmp(val, "false");
            if (!yes && !no) {
                fprintf(stderr, "fukurou serve: %s:%zu: %s: expected true or false\n", path,
                        v->start_mark.line + 1, key);
                rc = -1;
            } else if (!strcmp(key, "no_web")) {
                o->no_web = o->no_web || yes;
            } else if (!strcmp(key, "no_rules")) {
                o->no_rules = o->no_rules || yes;
            } else {
                o->no_monitoring = o->no_monitoring || no;
            }
        } else if (!strcmp(key, "raw_retention_days") || !strcmp(key, "raw_retention_bytes") ||
                   !strcmp(key, "alert_retention_days") || !strcmp(key, "alert_retention_count")) {
            char *end;
            unsigned long long n = strtoull(val, &end, 10);
            int i = !strcmp(key, "raw_retention_days")     ? 0
                    : !strcmp(key, "raw_retention_bytes")  ? 1
                    : !strcmp(key, "alert_retention_days") ? 2
                                                           : 3;
            if (*end || !n || n > (1ULL << 50)) {
                fprintf(stderr, "fukurou serve: %s:%zu: %s: expected a positive number\n", path,
                        v->start_mark.line + 1, key);
                rc = -1;
            } else {
                o->retention[i] = n;
            }
        } else if (!strcmp(key, "max_ingest_body") || !strcmp(key, "max_backlog")) {
            char *end;
            unsigned long long n = strtoull(val, &end, 10);
            if (*end || !n) {
                fprintf(stderr, "fukurou serve: %s:%zu: %s: expected a positive number\n", path,
                        v->start_mark.line + 1, key);
                rc = -1;
            } else {
                unsigned long long *d =
                    !strcmp(key, "max_backlog") ? &o->max_backlog : &o->max_ingest_body;
                if (!*d)
                    *d = n;
            }
        } else if (!strcmp(key, "feed_interval") || !strcmp(key, "feed_page") ||
                   !strcmp(key, "nvd_poll") || !strcmp(key, "jvn_poll") ||
                   !strcmp(key, "vuln_pace")) {
            long long *d = !strcmp(key, "feed_page")   ? &o->feed_page
                           : !strcmp(key, "nvd_poll")  ? &o->nvd_poll
                           : !strcmp(key, "jvn_poll")  ? &o->jvn_poll
                           : !strcmp(key, "vuln_pace") ? &o->vuln_pace
                                                       : &o->feed_interval;
            if (!set_feed_number(key, val, d)) {
                fprintf(stderr, "fukurou serve: %s:%zu: %s: expected a number (%s)\n", path,
                        v->start_mark.line + 1, key,
                        d == &o->feed_page ? "1 to 10000" : "seconds, 0 for no polling");
                rc = -1;
            }
        } else if (!strcmp(key, "max_body")) {
            char *end;
            o->max_body = strtoull(val, &end, 10);
            if (*end || !o->max_body) {
                fprintf(stderr, "fukurou serve: %s:%zu: max_body: expected a number of bytes\n",
                        path, v->start_mark.line + 1);
                rc = -1;
            }
        } else {
            fprintf(stderr,
                    "fukurou serve: %s:%zu: unknown setting '%s' (expected data, listen, tls_cert, "
                    "tls_key, max_body, max_per_address, workers, hub_name, severity_scale, "
                    "deadline_immediate, "
                    "deadline_advisory, deadline_general, mask_patterns, sigma, rules, no_web, "
                    "monitoring, max_ingest_body, max_backlog, campaigns, syslog_tls, syslog_tcp, "
                    "syslog_udp, syslog_cert, syslog_key, syslog_ca, syslog_sources, stream, "
                    "raw_retention_days, raw_retention_bytes, alert_retention_days, "
                    "alert_retention_count, feed_interval, feed_page, feed_ca, nvd_poll, jvn_poll, "
                    "nvd_url, myjvn_url, vuln_pace, smtp, mail_from, public_url)\n",
                    path, k->start_mark.line + 1, key);
            rc = -1;
        }
    }
    yaml_document_delete(&doc);
    yaml_parser_delete(&p);
    fclose(f);
    return rc;
}

/* --stream DIR: each DIR/ORGANISATION.log is sent into the hub as that member, in
 * batches whose keys name the file and the batch, so that a restart sends nothing twice.
 * The demo hub streams its members' logs this way. */
static void stream_dir(fk_monitor *mon, fk_db *db, const char *dir, bool quiet)
{
    DIR *d = opendir(dir);
    if (!d) {
        fprintf(stderr, "fukurou serve: --stream %s: %s\n", dir, strerror(errno));
        return;
    }
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t n = strlen(e->d_name);
        if (n < 5 || strcmp(e->d_name + n - 4, ".log") != 0)
            continue;
        char path[4096], org[128];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        snprintf(org, sizeof org, "%.*s", (int)(n - 4 < 127 ? n - 4 : 127), e->d_name);
        fk_principal who = {.role = FK_ROLE_MEMBER_REPORTER, .permissions = FK_PERM_INGEST};
        fk_err err;
        size_t len;
        char *body = NULL;
        if (fk_org_find(db, org, &who.org_id, who.sector, &err) != 0 ||
            !(body = fk_read_file(path, 256u << 20, &len, &err))) {
            fprintf(stderr, "fukurou serve: --stream %s: no organisation '%s' or unreadable\n",
                    path, org);
            continue;
        }
        snprintf(who.org, sizeof who.org, "%s", org);
        snprintf(who.account, sizeof who.account, "stream");
        uint64_t lines = 0, batches = 0;
        for (size_t at = 0, part = 0; at < len; part++) {
            size_t end = at;
            for (int k = 0; k < 500 && end < len; k++) {
                const char *nl = memchr(body + end, '\n', len - end);
                end = nl ? (size_t)(nl - body) + 1 : len;
                lines++;
            }
            char key[300];
            snprintf(key, sizeof key, "stream:%s:%zu", e->d_name, part);
            fk_ingest_request rq = {
                .batch_key = key, .source = e->d_name, .body = body + at, .len = end - at};
            fk_ingest_result res;
            if (fk_monitor_ingest(mon, db, &who, &rq, &res, &err) != 0)
                fprintf(stderr, "fukurou serve: --stream %s: %s\n", path, err.msg);
            else
                batches += !res.duplicate;
            fk_ingest_result_free(&res);
            at = end;
        }
        if (!quiet)
            fprintf(stderr, "fukurou hub: streamed %s as %s (%llu lines, %llu new batches)\n",
                    e->d_name, org, (unsigned long long)lines, (unsigned long long)batches);
        free(body);
    }
    closedir(d);
}

/* Each open connection holds a descriptor: lift the soft limit to the hard one. */
static void raise_fd_limit(void)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
        rl.rlim_cur = rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
    }
}

/* serve and worker share their options: a worker is the hub's detection, run apart */
static int serve_or_work(int argc, char **argv, bool worker)
{
    static const struct option longopts[] = {{"config", required_argument, 0, 'c'},
                                             {"data", required_argument, 0, 'd'},
                                             {"listen", required_argument, 0, 'l'},
                                             {"tls-cert", required_argument, 0, 'C'},
                                             {"tls-key", required_argument, 0, 'K'},
                                             {"max-body", required_argument, 0, 'm'},
                                             {"max-per-address", required_argument, 0, 'A'},
                                             {"workers", required_argument, 0, 'W'},
                                             {"quiet", no_argument, 0, 'q'},
                                             {"sigma", required_argument, 0, 'S'},
                                             {"rules", required_argument, 0, 'R'},
                                             {"no-web", no_argument, 0, 'N'},
                                             {"no-rules", no_argument, 0, 'U'},
                                             {"campaigns", required_argument, 0, 'P'},
                                             {"syslog-tls", required_argument, 0, 1001},
                                             {"syslog-tcp", required_argument, 0, 1002},
                                             {"syslog-udp", required_argument, 0, 1003},
                                             {"syslog-cert", required_argument, 0, 1004},
                                             {"syslog-key", required_argument, 0, 1005},
                                             {"syslog-ca", required_argument, 0, 1006},
                                             {"syslog-source", required_argument, 0, 1007},
                                             {"stream", required_argument, 0, 1008},
                                             {"feed-interval", required_argument, 0, 1009},
                                             {"feed-page", required_argument, 0, 1010},
                                             {"feed-ca", required_argument, 0, 1011},
                                             {"store", required_argument, 0, 1012},
                                             {"bus", required_argument, 0, 1013},
                                             {"smtp", required_argument, 0, 1014},
                                             {"mail-from", required_argument, 0, 1015},
                                             {"public-url", required_argument, 0, 1016},
                                             {"scheduler-tick", required_argument, 0, 1017},
                                             {"webhook-private", no_argument, 0, 1018},
                                             {"nvd-poll", required_argument, 0, 1019},
                                             {"jvn-poll", required_argument, 0, 1020},
                                             {"vuln-pace", required_argument, 0, 1021},
                                             {"nvd-url", required_argument, 0, 1022},
                                             {"myjvn-url", required_argument, 0, 1023},
                                             {"no-monitoring", no_argument, 0, 'M'},
                                             {"max-ingest-body", required_argument, 0, 'I'},
                                             {"help", no_argument, 0, 'h'},
                                             {0, 0, 0, 0}};
    serve_opts o = {0};
    o.feed_interval = o.feed_page = o.nvd_poll = o.jvn_poll = o.vuln_pace = -1;
    const char *config = NULL;
    optind = 1;
    int c;
    char *end;
    while ((c = getopt_long(argc, argv, "qh", longopts, NULL)) != -1) {
        switch (c) {
        case 'c': config = optarg; break;
        case 'd': o.data = strdup(optarg); break;
        case 'l': o.listen = strdup(optarg); break;
        case 'C': o.tls_cert = strdup(optarg); break;
        case 'K': o.tls_key = strdup(optarg); break;
        case 'm':
            o.max_body = strtoull(optarg, &end, 10);
            if (*end || !o.max_body) {
                fprintf(stderr, "fukurou serve: --max-body: expected a number of bytes\n");
                return 2;
            }
            break;
        case 'A':
        case 'W': {
            unsigned long long v = strtoull(optarg, &end, 10);
            if (*end || !v || v > 1000000) {
                fprintf(stderr, "fukurou serve: --%s: expected a positive number\n",
                        c == 'A' ? "max-per-address" : "workers");
                return 2;
            }
            *(c == 'A' ? &o.max_per_address : &o.workers) = v;
            break;
        }
        case 'q': o.quiet = true; break;
        case 'S':
        case 'R':
            if (push(c == 'S' ? o.sigma : o.rules, MAX_PATHS, optarg,
                     c == 'S' ? "--sigma" : "--rules") != 0)
                return 2;
            break;
        case 'N': o.no_web = true; break;
        case 'U': o.no_rules = true; break;
        case 'P': o.campaigns = strdup(optarg); break;
        case 1001: o.syslog_tls = strdup(optarg); break;
        case 1002: o.syslog_tcp = strdup(optarg); break;
        case 1003: o.syslog_udp = strdup(optarg); break;
        case 1004: o.syslog_cert = strdup(optarg); break;
        case 1005: o.syslog_key = strdup(optarg); break;
        case 1006: o.syslog_ca = strdup(optarg); break;
        case 1008: o.stream = strdup(optarg); break;
        case 1009:
        case 1010:
            if (!set_feed_number(c == 1010 ? "--feed-page" : "--feed-interval", optarg,
                                 c == 1010 ? &o.feed_page : &o.feed_interval)) {
                fprintf(stderr, "fukurou serve: --%s: expected %s\n",
                        c == 1010 ? "feed-page" : "feed-interval",
                        c == 1010 ? "1 to 10000 objects" : "seconds (0: no polling)");
                return 2;
            }
            break;
        case 1011: o.feed_ca = strdup(optarg); break;
        case 1019:
        case 1020:
        case 1021: {
            static const char *const names[] = {"--nvd-poll", "--jvn-poll", "--vuln-pace"};
            long long *d = c == 1019 ? &o.nvd_poll : c == 1020 ? &o.jvn_poll : &o.vuln_pace;
            if (!set_feed_number(names[c - 1019], optarg, d)) {
                fprintf(stderr, "fukurou serve: %s: expected seconds (0 to 604800)\n",
                        names[c - 1019]);
                return 2;
            }
            break;
        }
        case 1022: o.nvd_url = strdup(optarg); break;
        case 1023: o.myjvn_url = strdup(optarg); break;
        case 1012: o.store = strdup(optarg); break;
        case 1013: o.bus = strdup(optarg); break;
        case 1014: o.smtp = strdup(optarg); break;
        case 1015: o.mail_from = strdup(optarg); break;
        case 1016: o.public_url = strdup(optarg); break;
        case 1018: o.webhook_private = true; break;
        case 1017:
            o.scheduler_tick = strtoll(optarg, &end, 10);
            if (*end || o.scheduler_tick < 1 || o.scheduler_tick > 3600) {
                fprintf(stderr, "fukurou serve: --scheduler-tick: expected 1 to 3600 seconds\n");
                return 2;
            }
            break;
        case 1007:
            if (push(o.syslog_sources, MAX_PATHS, optarg, "--syslog-source") != 0)
                return 2;
            break;
        case 'M': o.no_monitoring = true; break;
        case 'I':
            o.max_ingest_body = strtoull(optarg, &end, 10);
            if (*end || !o.max_ingest_body) {
                fprintf(stderr, "fukurou serve: --max-ingest-body: expected a number of bytes\n");
                return 2;
            }
            break;
        case 'h': usage(stdout); return 0;
        default: usage(stderr); return 2;
        }
    }
    int status = 2;
    fk_db *db = NULL;
    fk_server *srv = NULL;
    fk_monitor *mon = NULL;
    fk_syslogd *sys = NULL;
    fk_periodic *feeds = NULL, *vuln_poll = NULL, *checkpoints = NULL;
    fk_scheduler *sched = NULL;
    if (optind < argc) {
        fprintf(stderr, "fukurou serve: unexpected argument '%s'\n", argv[optind]);
        goto out;
    }
    if (config && load_config(config, &o) != 0)
        goto out;
    const char *data = o.data                   ? o.data
                       : getenv("FUKUROU_DATA") ? getenv("FUKUROU_DATA")
                                                : "fukurou-data";
    /* the store: PostgreSQL when given, else the SQLite file in the data folder */
    const char *store = o.store                   ? o.store
                        : getenv("FUKUROU_STORE") ? getenv("FUKUROU_STORE")
                                                  : data;
    fk_err err;
    if (fk_db_open(&db, store, &err) != 0) {
        fprintf(stderr, "fukurou serve: %s\n", err.msg);
        goto out;
    }
    /* Signals are taken synchronously below; block them before the server's thread
     * starts so that it inherits the mask. */
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    signal(SIGPIPE, SIG_IGN);
    raise_fd_limit();
    fk_hub_policy policy;
    fk_hub_policy_defaults(&policy);
    if (o.hub_name)
        policy.hub_name = o.hub_name;
    if (o.scale && !(policy.scale = fk_severity_scale_find(o.scale))) {
        fprintf(stderr, "fukurou serve: severity_scale '%s': expected seeds-2016 or nisc-2018\n",
                o.scale);
        goto out;
    }
    for (int t = 0; t < 3; t++)
        if (o.deadlines[t])
            policy.deadline_seconds[t] = o.deadlines[t];
    policy.mask_patterns = (const char *const *)o.masks;
    if (!o.no_monitoring) {
        char cache[4096];
        size_t nsigma = 0, nrules = 0;
        while (o.sigma[nsigma])
            nsigma++;
        while (o.rules[nrules])
            nrules++;
        fk_monitor_config mc = {
            .store = store,
            .bus_url = o.bus ? o.bus : getenv("FUKUROU_BUS"),
            .worker = worker,
            .sigma_paths = (const char *const *)o.sigma,
            .nsigma = nsigma,
            .rule_files = (const char *const *)o.rules,
            .nrules = nrules,
            .no_web = o.no_web,
            .no_rules = o.no_rules,
            .campaigns_file = o.campaigns,
            .cache_dir = fk_user_cache_dir(cache, sizeof cache) ? cache : NULL,
            .max_backlog_batches = (int64_t)o.max_backlog,
            .raw_max_age_ms = (int64_t)o.retention[0] * 86400000,
            .raw_max_bytes = (int64_t)o.retention[1],
            .alert_max_age_ms = (int64_t)o.retention[2] * 86400000,
            .alert_max_count = (int64_t)o.retention[3],
            .quiet = o.quiet,
        };
        if (fk_monitor_start(&mon, &mc, &err) != 0) {
            fprintf(stderr, "fukurou %s: monitoring: %s\n", worker ? "worker" : "serve", err.msg);
            goto out;
        }
    }
    if (worker) {
        if (!mon) {
            fprintf(stderr, "fukurou worker: --no-monitoring leaves a worker nothing to do\n");
            goto out;
        }
        /* the bus without what follows '?' (options, never secrets, but long) */
        const char *bus = o.bus ? o.bus : getenv("FUKUROU_BUS");
        fprintf(stderr, "fukurou worker: detecting from %.*s, %s store\n",
                bus ? (int)strcspn(bus, "?") : 0, bus ? bus : "", fk_db_backend_name(db));
        int sig;
        sigwait(&stop, &sig);
        fprintf(stderr, "fukurou worker: stopping (%s)\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
        status = 0;
        goto out;
    }
    /* before the connections that leave the write-ahead log to it */
    if (fk_checkpoints_start(&checkpoints, store, &err) != 0) {
        fprintf(stderr, "fukurou serve: checkpoints: %s\n", err.msg);
        goto out;
    }
    fk_server_config cfg = {.store = store,
                            .defer_checkpoints = checkpoints != NULL,
                            .listen = o.listen ? o.listen : "127.0.0.1:8080",
                            .tls_cert = o.tls_cert,
                            .tls_key = o.tls_key,
                            .max_body = (size_t)o.max_body,
                            .max_per_address = (unsigned)o.max_per_address,
                            .workers = (unsigned)o.workers,
                            .quiet = o.quiet,
                            .policy = &policy,
                            .max_ingest_body = (size_t)o.max_ingest_body,
                            .monitor = mon,
                            .mail = {o.smtp, o.mail_from ? o.mail_from : "fukurou@localhost"},
                            .public_url = o.public_url};
    if (fk_server_start(&srv, &cfg, &err) != 0) {
        fprintf(stderr, "fukurou serve: %s\n", err.msg);
        goto out;
    }
    /* what runs by the clock: case and release deadlines, notices, webhooks; messages
     * link to the console at --public-url, else where the hub listens (port as bound) */
    char console_url[320];
    if (o.public_url)
        snprintf(console_url, sizeof console_url, "%s", o.public_url);
    else
        snprintf(console_url, sizeof console_url, "%s://%.*s:%u", o.tls_cert ? "https" : "http",
                 (int)(strrchr(cfg.listen, ':') ? strrchr(cfg.listen, ':') - cfg.listen
                                                : (ptrdiff_t)strlen(cfg.listen)),
                 cfg.listen, fk_server_port(srv));
    fk_scheduler_config sc = {.store = store,
                              .mail = cfg.mail,
                              .public_url = console_url,
                              .tick_ms = o.scheduler_tick > 0 ? o.scheduler_tick * 1000 : 30000,
                              .quiet = o.quiet,
                              .webhook_private = o.webhook_private};
    if (fk_scheduler_start(&sched, &sc, &err) != 0) {
        fprintf(stderr, "fukurou serve: scheduler: %s\n", err.msg);
        goto out;
    }
    if (o.syslog_tls || o.syslog_tcp || o.syslog_udp) {
        if (!mon) {
            fprintf(stderr, "fukurou serve: syslog receivers need monitoring (drop "
                            "--no-monitoring)\n");
            goto out;
        }
        size_t nsources = 0;
        while (o.syslog_sources[nsources])
            nsources++;
        fk_syslogd_config sc = {
            .store = store,
            .monitor = mon,
            .tls = o.syslog_tls,
            .tcp = o.syslog_tcp,
            .udp = o.syslog_udp,
            .cert = o.syslog_cert ? o.syslog_cert : o.tls_cert,
            .key = o.syslog_key ? o.syslog_key : o.tls_key,
            .ca = o.syslog_ca,
            .sources = (const char *const *)o.syslog_sources,
            .nsources = nsources,
            .quiet = o.quiet,
        };
        if (fk_syslogd_start(&sys, &sc, &err) != 0) {
            fprintf(stderr, "fukurou serve: %s\n", err.msg);
            goto out;
        }
        static const char *const kinds[] = {"tls", "tcp", "udp"};
        for (int i = 0; i < 3; i++)
            if (fk_syslogd_port(sys, kinds[i]))
                fprintf(stderr, "fukurou hub: syslog %s on port %u\n", kinds[i],
                        fk_syslogd_port(sys, kinds[i]));
    }
    fk_feeds_config fc = {
        .store = store,
        .interval_s = o.feed_interval >= 0 ? (int)o.feed_interval : 300,
        .page_size = o.feed_page > 0 ? (size_t)o.feed_page : 1000,
        .http = {.ca_file = o.feed_ca},
        .quiet = o.quiet,
    };
    if (fk_feeds_start(&feeds, &fc, &err) != 0) {
        fprintf(stderr, "fukurou serve: feeds: %s\n", err.msg);
        goto out;
    }
    const char *nvd_key = getenv("NVD_API_KEY"); /* never from a file others may read */
    fk_vuln_poll_config vc = {
        .store = store,
        .nvd_interval_ms = o.nvd_poll > 0 ? o.nvd_poll * 1000 : 0,
        .jvn_interval_ms = o.jvn_poll > 0 ? o.jvn_poll * 1000 : 0,
        .nvd_url = o.nvd_url,
        .myjvn_url = o.myjvn_url,
        .nvd_api_key = nvd_key && *nvd_key ? nvd_key : NULL,
        .interval_s = o.vuln_pace >= 0 ? (double)o.vuln_pace : -1,
        .http = {.ca_file = o.feed_ca},
        .defer_checkpoints = checkpoints != NULL,
        .quiet = o.quiet,
    };
    if (fk_vuln_poll_start(&vuln_poll, &vc, &err) != 0) {
        fprintf(stderr, "fukurou serve: vulnerability polls: %s\n", err.msg);
        goto out;
    }
    fprintf(stderr, "fukurou hub listening on %s://%s (port %u), data in %s, %s store\n",
            o.tls_cert ? "https" : "http", cfg.listen, fk_server_port(srv), data,
            fk_db_backend_name(db));
    if (o.stream && mon)
        stream_dir(mon, db, o.stream, o.quiet);
    int sig;
    sigwait(&stop, &sig);
    fprintf(stderr, "fukurou hub: stopping (%s)\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
    status = 0;
out:
    fk_scheduler_stop(sched);
    fk_periodic_stop(feeds);
    fk_periodic_stop(vuln_poll);
    fk_syslogd_stop(sys); /* flushes what connections hold into the monitor */
    fk_server_stop(srv);  /* no request can reach the monitor after this */
    fk_monitor_stop(mon);
    fk_periodic_stop(checkpoints); /* after those that defer to it */
    fk_db_close(db);
    free_opts(&o);
    return status;
}

int fk_cmd_serve(int argc, char **argv)
{
    return serve_or_work(argc, argv, false);
}

int fk_cmd_worker(int argc, char **argv)
{
    return serve_or_work(argc, argv, true);
}
