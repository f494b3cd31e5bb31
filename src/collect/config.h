/* The collector's configuration: one YAML file, read through a table where each row
 * gives an option its section, key, kind, default and help (the same table prints the
 * reference with `fukurou collect --help-config`). Every mistake is reported with the
 * file, line and key and what was expected, all of them at once. Owns the strings. */
#ifndef FK_COLLECT_CONFIG_H
#define FK_COLLECT_CONFIG_H

#include "../core/error.h"
#include "../core/sbuf.h"
#include "spool.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

typedef enum fk_source_type {
    FK_SOURCE_FILE,
    FK_SOURCE_STDIN,
    FK_SOURCE_SYSLOG,
    FK_SOURCE_JOURNAL,
} fk_source_type;

enum { FK_READ_BEGINNING, FK_READ_END };

typedef struct fk_collect_source {
    char *name;   /* sent to the hub as the batch's source */
    int type;     /* fk_source_type */
    char *format; /* the hub's name for the lines' format; NULL: the hub detects it */
    char **paths; /* globs (file) */
    size_t npaths;
    char **exclude; /* globs matched against the whole path (file) */
    size_t nexclude;
    int read_from; /* FK_READ_BEGINNING, FK_READ_END: files found at the first start */
    char *udp, *tcp, *unix_path; /* syslog listeners */
    char *journal_dir;           /* journal: a folder of journal files; NULL: this machine's */
    char **matches;              /* journal: FIELD=value, entries matching any */
    size_t nmatches;
    int line; /* in the config file, for messages */
} fk_collect_source;

typedef struct fk_collect_config {
    char *path; /* the file read */
    /* hub */
    char *hub_url, *api_key_env, *api_key_file, *ca_file;
    int64_t timeout_ms, backoff_min_ms, backoff_max_ms;
    /* spool */
    char *spool_dir;
    uint64_t spool_max_bytes, segment_bytes;
    int when_full;  /* fk_spool_when_full */
    int fsync_mode; /* fk_spool_fsync */
    int64_t fsync_interval_ms;
    /* batches */
    uint64_t batch_bytes;
    int64_t batch_wait_ms;
    /* files */
    int64_t scan_interval_ms, rotate_wait_ms;
    uint64_t max_line_bytes;
    /* status */
    char *status_file;
    int64_t status_interval_ms;
    /* privacy at the source (privacy.h) */
    char *privacy_policy, *privacy_key_file;
    bool mask_query, mask_users;
    char **mask_networks;
    size_t nmask_networks;
    char **drop_lines;
    size_t ndrop_lines;
    char **replace; /* "s/PATTERN/REPLACEMENT/" each */
    size_t nreplace;
    /* local matching (match.h): none without collections */
    char **match_collections;
    size_t nmatch_collections;
    int64_t match_refresh_ms, match_resync_ms;
    char *match_cache, *match_alerts_file;
    fk_collect_source *sources;
    size_t nsources;
    int option_line[40]; /* where each option of the table was set (0: its default) */
} fk_collect_config;

/* Reads and checks path. Returns the number of mistakes (0: cfg is ready), each written
 * to errors as "PATH:LINE: KEY: what was expected\n"; -1 when out of memory. */
int fk_collect_config_load(const char *path, fk_collect_config *cfg, fk_sbuf *errors);
/* The same from text already read (path names it in messages). */
int fk_collect_config_parse(const char *path, const char *text, size_t len, fk_collect_config *cfg,
                            fk_sbuf *errors);
void fk_collect_config_free(fk_collect_config *cfg);
/* Whether the config asks for any privacy rule. */
bool fk_collect_config_has_privacy(const fk_collect_config *cfg);
/* Splits "s/PATTERN/REPLACEMENT/" (any delimiter after the s; a backslash escapes it)
 * into two malloc'd strings; false when it is not of that form. */
bool fk_collect_config_split_replace(const char *rule, char **pattern, char **with);
/* The privacy policy the config describes, compiled with key (the pseudonyms' key). */
struct fk_privacy;
int fk_collect_config_privacy(const fk_collect_config *cfg, const unsigned char *key,
                              size_t key_len, struct fk_privacy **out, fk_err *err);
/* Every option with its default and help, for --help-config. */
void fk_collect_config_help(FILE *out);

#endif
