/* The collector's configuration (see config.h).
 *
 * An option is a row: where it lives (section and key), how its text is read (kind),
 * where it goes in the config (offset), its default and its help. Loading sets every
 * default, then walks the YAML tree and looks each key up in the rows of its section;
 * an unknown key is a mistake (a typo must not silently leave a default in place).
 * Sources are a list of mappings with rows of their own. */
#include "config.h"

#include "../core/file.h"
#include "privacy.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

enum kind { K_STR, K_SIZE, K_DURATION, K_BOOL, K_ENUM, K_LIST };

typedef struct option {
    const char *section; /* "" top level */
    const char *key;
    enum kind kind;
    size_t offset;
    const char *def;            /* as it would be written in the file; NULL: none */
    const char *const *choices; /* K_ENUM: names, in the order of their values */
    const char *help;
} option;

static const char *const when_full_names[] = {"block", "drop_oldest", NULL};
static const char *const fsync_names[] = {"always", "interval", "never", NULL};
static const char *const type_names[] = {"file", "stdin", "syslog", "journal", NULL};
static const char *const read_from_names[] = {"beginning", "end", NULL};

#define C(f) offsetof(fk_collect_config, f)
static const option options[] = {
    {"hub", "url", K_STR, C(hub_url), NULL, NULL,
     "the hub's address, e.g. https://hub.example:8443 (lines go to /api/v1/ingest)"},
    {"hub", "api_key_env", K_STR, C(api_key_env), "FUKUROU_API_KEY", NULL,
     "environment variable holding the member's API key (permission 'ingest')"},
    {"hub", "api_key_file", K_STR, C(api_key_file), NULL, NULL,
     "or a file holding it (mode 0600); read at start"},
    {"hub", "ca_file", K_STR, C(ca_file), NULL, NULL,
     "CA certificates (PEM) the hub's certificate is verified against; default: the system's"},
    {"hub", "timeout", K_DURATION, C(timeout_ms), "30s", NULL, "one request, whole"},
    {"hub", "backoff_min", K_DURATION, C(backoff_min_ms), "500ms", NULL,
     "first wait after a failed send (then doubling, with random jitter)"},
    {"hub", "backoff_max", K_DURATION, C(backoff_max_ms), "60s", NULL, "longest wait"},
    {"spool", "dir", K_STR, C(spool_dir), "/var/lib/fukurou-collect", NULL,
     "the disk spool and the sources' checkpoints"},
    {"spool", "max_size", K_SIZE, C(spool_max_bytes), "1GiB", NULL,
     "bound on the spool's size on disk"},
    {"spool", "segment_size", K_SIZE, C(segment_bytes), "16MiB", NULL,
     "space comes back a segment at a time; at least twice batch.max_size (or files.max_line)"},
    {"spool", "when_full", K_ENUM, C(when_full), "block", when_full_names,
     "block: sources wait (files are read later; stdin waits); drop_oldest: the oldest "
     "unsent lines go, counted"},
    {"spool", "fsync", K_ENUM, C(fsync_mode), "interval", fsync_names,
     "always: each batch on disk before its lines count as read; interval: within "
     "fsync_interval; never: left to the kernel. kill -9 loses nothing with any of them; a "
     "power cut may take the last interval"},
    {"spool", "fsync_interval", K_DURATION, C(fsync_interval_ms), "1s", NULL,
     "see fsync: interval"},
    {"batch", "max_size", K_SIZE, C(batch_bytes), "1MiB", NULL,
     "lines of a batch, before compression"},
    {"batch", "max_wait", K_DURATION, C(batch_wait_ms), "1s", NULL,
     "a batch is closed this long after its first line at the latest"},
    {"files", "scan_interval", K_DURATION, C(scan_interval_ms), "1s", NULL,
     "how often globs are matched again for new files"},
    {"files", "rotate_wait", K_DURATION, C(rotate_wait_ms), "5s", NULL,
     "a file renamed away or deleted is read to its end and closed after this long quiet"},
    {"files", "max_line", K_SIZE, C(max_line_bytes), "1MiB", NULL,
     "longer lines are cut here and the cut counted"},
    {"status", "file", K_STR, C(status_file), NULL, NULL,
     "JSON status (fukurou collect --status reads it); default: status.json in the spool "
     "folder"},
    {"status", "interval", K_DURATION, C(status_interval_ms), "1s", NULL,
     "how often the status is written"},
    {"privacy", "policy", K_STR, C(privacy_policy), NULL, NULL,
     "the policy's name, recorded by the hub with every batch sent under it (required with "
     "any rule below)"},
    {"privacy", "mask_query", K_BOOL, C(mask_query), "false", NULL,
     "query-string values become keyed pseudonyms (parameter names stay)"},
    {"privacy", "mask_users", K_BOOL, C(mask_users), "false", NULL,
     "user names (access logs, sshd/sudo/PAM/audit, JSON user keys) become keyed pseudonyms"},
    {"privacy", "mask_networks", K_LIST, C(mask_networks), NULL, NULL,
     "addresses in these CIDR ranges become pseudonymous addresses (IPv4 in 240/4, IPv6 in "
     "2001:db8::/32)"},
    {"privacy", "drop", K_LIST, C(drop_lines), NULL, NULL,
     "PCRE2 patterns: lines that match are not sent (counted)"},
    {"privacy", "replace", K_LIST, C(replace), NULL, NULL,
     "'s/PATTERN/REPLACEMENT/' rules (PCRE2; $1 names a group), applied last"},
    {"privacy", "key_file", K_STR, C(privacy_key_file), NULL, NULL,
     "the pseudonyms' key (at least 16 bytes); default: privacy.key in the spool folder, "
     "made at the first start"},
    {"match", "collections", K_LIST, C(match_collections), NULL, NULL,
     "TAXII 2.1 collection URLs (https://HUB/taxii2/ROOT/collections/ID/) whose indicators are "
     "matched here as well, also while the hub is unreachable; the API key needs the api "
     "permission besides ingest"},
    {"match", "refresh", K_DURATION, C(match_refresh_ms), "5m", NULL,
     "how often new indicators are asked for"},
    {"match", "resync", K_DURATION, C(match_resync_ms), "1h", NULL,
     "how often the collections are read whole (indicators the centre withdrew go)"},
    {"match", "cache", K_STR, C(match_cache), NULL, NULL,
     "the indicators kept between pulls and restarts; default: indicators.json in the spool "
     "folder"},
    {"match", "alerts_file", K_STR, C(match_alerts_file), NULL, NULL,
     "local alerts, one JSON object per line, written at once; default: alerts.jsonl in the "
     "spool folder"},
};
#undef C
_Static_assert(offsetof(fk_collect_config, nmask_networks) ==
                   offsetof(fk_collect_config, mask_networks) + sizeof(char **),
               "mask_networks");
_Static_assert(offsetof(fk_collect_config, ndrop_lines) ==
                   offsetof(fk_collect_config, drop_lines) + sizeof(char **),
               "drop_lines");
_Static_assert(offsetof(fk_collect_config, nreplace) ==
                   offsetof(fk_collect_config, replace) + sizeof(char **),
               "replace");
_Static_assert(offsetof(fk_collect_config, nmatch_collections) ==
                   offsetof(fk_collect_config, match_collections) + sizeof(char **),
               "match_collections");
_Static_assert(sizeof options / sizeof options[0] <=
                   sizeof((fk_collect_config *)0)->option_line / sizeof(int),
               "option_line has a place for every option");

/* The line of the later-set of two options (section.key each), 1 when neither was set. */
static size_t line_of(const fk_collect_config *cfg, const char *a, const char *b)
{
    int line = 0;
    for (size_t i = 0; i < sizeof options / sizeof options[0]; i++) {
        char name[64];
        snprintf(name, sizeof name, "%s.%s", options[i].section, options[i].key);
        if ((!strcmp(name, a) || (b && !strcmp(name, b))) && cfg->option_line[i] > line)
            line = cfg->option_line[i];
    }
    return line ? (size_t)line : 1;
}

/* a K_LIST field is a char ** followed by its count */
_Static_assert(offsetof(fk_collect_source, npaths) ==
                   offsetof(fk_collect_source, paths) + sizeof(char **),
               "paths, npaths");
_Static_assert(offsetof(fk_collect_source, nmatches) ==
                   offsetof(fk_collect_source, matches) + sizeof(char **),
               "matches, nmatches");
_Static_assert(offsetof(fk_collect_source, nexclude) ==
                   offsetof(fk_collect_source, exclude) + sizeof(char **),
               "exclude, nexclude");
#define S(f) offsetof(fk_collect_source, f)
static const option source_options[] = {
    {"source", "name", K_STR, S(name), NULL, NULL, "the batches' source at the hub (required)"},
    {"source", "type", K_ENUM, S(type), "file", type_names,
     "file, stdin, syslog (a listener for appliances) or journal (systemd's)"},
    {"source", "format", K_STR, S(format), NULL, NULL,
     "the hub's format name (combined, syslog, json, ...); default: the hub detects it"},
    {"source", "paths", K_LIST, S(paths), NULL, NULL, "globs of files to follow (file)"},
    {"source", "exclude", K_LIST, S(exclude), NULL, NULL,
     "globs of paths to leave out, e.g. '*.gz' (file)"},
    {"source", "read_from", K_ENUM, S(read_from), "beginning", read_from_names,
     "where files found at the very first start are read from; files that appear later are "
     "read whole"},
    {"source", "udp", K_STR, S(udp), NULL, NULL, "syslog over UDP on ADDRESS:PORT (syslog)"},
    {"source", "tcp", K_STR, S(tcp), NULL, NULL,
     "syslog over TCP on ADDRESS:PORT, newline-delimited or octet-counted (syslog)"},
    {"source", "unix", K_STR, S(unix_path), NULL, NULL,
     "syslog on a unix datagram socket at this path (syslog)"},
    {"source", "journal_dir", K_STR, S(journal_dir), NULL, NULL,
     "a folder of journal files instead of this machine's journal (journal)"},
    {"source", "match", K_LIST, S(matches), NULL, NULL,
     "FIELD=value: only entries matching one of them, e.g. _SYSTEMD_UNIT=ssh.service "
     "(journal)"},
};
#undef S

static void mistake(fk_sbuf *errors, int *count, const char *path, size_t line, const char *fmt,
                    ...) __attribute__((format(printf, 5, 6)));
static void mistake(fk_sbuf *errors, int *count, const char *path, size_t line, const char *fmt,
                    ...)
{
    char msg[600];
    int n = snprintf(msg, sizeof msg, "%s:%zu: ", path, line);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg + n, sizeof msg - (size_t)n, fmt, ap);
    va_end(ap);
    fk_sbuf_puts(errors, msg);
    fk_sbuf_puts(errors, "\n");
    (*count)++;
}

static bool parse_size(const char *s, uint64_t *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || errno || v < 0)
        return false;
    static const struct {
        const char *unit;
        double mult;
    } units[] = {{"", 1},          {"B", 1},       {"KiB", 1024}, {"MiB", 1048576},
                 {"GiB", 1 << 30}, {"KB", 1000},   {"MB", 1e6},   {"GB", 1e9},
                 {"K", 1024},      {"M", 1048576}, {"G", 1 << 30}};
    while (*end == ' ')
        end++;
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
        if (!strcmp(end, units[i].unit)) {
            double b = v * units[i].mult;
            if (b > 1e15)
                return false;
            *out = (uint64_t)b;
            return true;
        }
    return false;
}

static bool parse_duration(const char *s, int64_t *ms)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || errno || v < 0)
        return false;
    double mult = !strcmp(end, "ms")             ? 1
                  : !strcmp(end, "s")            ? 1000
                  : !strcmp(end, "m")            ? 60000
                  : !strcmp(end, "h")            ? 3600000
                  : (!strcmp(end, "") && v == 0) ? 1
                                                 : -1;
    if (mult < 0 || v * mult > 1e12)
        return false;
    *ms = (int64_t)(v * mult);
    return true;
}

/* Sets a field from text (or from a YAML sequence for K_LIST). */
static void set_option(const option *o, void *base, yaml_document_t *doc, yaml_node_t *v,
                       const char *path, fk_sbuf *errors, int *count, bool *nomem)
{
    char *field = (char *)base + o->offset;
    size_t line = v->start_mark.line + 1;
    if (o->kind == K_LIST) {
        char ***list = (char ***)field;
        size_t *n = (size_t *)(field + sizeof(char **));
        if (v->type == YAML_SCALAR_NODE) { /* one glob without brackets */
            char **p = realloc(*list, (*n + 1) * sizeof *p);
            char *d = p ? strdup((const char *)v->data.scalar.value) : NULL;
            if (!p || !d) {
                *nomem = true;
                if (p)
                    *list = p;
                return;
            }
            *list = p;
            (*list)[(*n)++] = d;
            return;
        }
        if (v->type != YAML_SEQUENCE_NODE) {
            mistake(errors, count, path, line, "%s: expected a list of paths", o->key);
            return;
        }
        for (yaml_node_item_t *it = v->data.sequence.items.start; it < v->data.sequence.items.top;
             it++) {
            yaml_node_t *e = yaml_document_get_node(doc, *it);
            if (!e || e->type != YAML_SCALAR_NODE) {
                mistake(errors, count, path, e ? e->start_mark.line + 1 : line,
                        "%s: expected a path, not a list or mapping", o->key);
                continue;
            }
            set_option(o, base, doc, e, path, errors, count, nomem);
        }
        return;
    }
    if (v->type != YAML_SCALAR_NODE) {
        mistake(errors, count, path, line, "%s.%s: expected a single value", o->section, o->key);
        return;
    }
    const char *t = (const char *)v->data.scalar.value;
    switch (o->kind) {
    case K_STR: {
        char **dst = (char **)field;
        free(*dst);
        *dst = NULL;
        if (!*t)
            mistake(errors, count, path, line, "%s.%s: expected a value, not an empty one",
                    o->section, o->key);
        else if (!(*dst = strdup(t)))
            *nomem = true;
        break;
    }
    case K_SIZE:
        if (!parse_size(t, (uint64_t *)field))
            mistake(errors, count, path, line,
                    "%s.%s: expected a size such as 512KiB, 16MiB or 1GiB, not '%s'", o->section,
                    o->key, t);
        break;
    case K_DURATION:
        if (!parse_duration(t, (int64_t *)field))
            mistake(errors, count, path, line,
                    "%s.%s: expected a duration such as 500ms, 30s or 5m, not '%s'", o->section,
                    o->key, t);
        break;
    case K_BOOL:
        if (!strcmp(t, "true") || !strcmp(t, "false"))
            *(bool *)field = !strcmp(t, "true");
        else
            mistake(errors, count, path, line, "%s.%s: expected true or false, not '%s'",
                    o->section, o->key, t);
        break;
    case K_ENUM: {
        int i = 0;
        while (o->choices[i] && strcmp(o->choices[i], t))
            i++;
        if (!o->choices[i]) {
            char all[200] = "";
            for (int k = 0; o->choices[k]; k++) {
                strcat(all, k ? (o->choices[k + 1] ? ", " : " or ") : "");
                strcat(all, o->choices[k]);
            }
            mistake(errors, count, path, line, "%s.%s: expected %s, not '%s'", o->section, o->key,
                    all, t);
        } else {
            *(int *)field = i;
        }
        break;
    }
    case K_LIST: break;
    }
}

static void set_defaults(const option *rows, size_t n, void *base, bool *nomem)
{
    for (size_t i = 0; i < n; i++) {
        const option *o = &rows[i];
        char *field = (char *)base + o->offset;
        if (!o->def)
            continue;
        switch (o->kind) {
        case K_STR:
            if (!(*(char **)field = strdup(o->def)))
                *nomem = true;
            break;
        case K_SIZE: parse_size(o->def, (uint64_t *)field); break;
        case K_DURATION: parse_duration(o->def, (int64_t *)field); break;
        case K_BOOL: *(bool *)field = !strcmp(o->def, "true"); break;
        case K_ENUM: {
            int k = 0;
            while (o->choices[k] && strcmp(o->choices[k], o->def))
                k++;
            *(int *)field = k;
            break;
        }
        case K_LIST: break;
        }
    }
}

static const option *find(const option *rows, size_t n, const char *section, const char *key)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(rows[i].section, section) && !strcmp(rows[i].key, key))
            return &rows[i];
    return NULL;
}

/* "hub, spool, ... or sources": the table's sections, in order, and the list of sources. */
static void section_names(char *out, size_t cap)
{
    size_t len = 0;
    for (size_t i = 0; i < sizeof options / sizeof options[0]; i++)
        if (i == 0 || strcmp(options[i].section, options[i - 1].section))
            len +=
                (size_t)snprintf(out + len, len < cap ? cap - len : 0, "%s, ", options[i].section);
    snprintf(out + (len < cap ? len : cap - 1), len < cap ? cap - len : 1, "or sources");
}

static bool section_known(const char *s)
{
    for (size_t i = 0; i < sizeof options / sizeof options[0]; i++)
        if (!strcmp(options[i].section, s))
            return true;
    return false;
}

static void load_source(fk_collect_config *cfg, yaml_document_t *doc, yaml_node_t *m,
                        const char *path, fk_sbuf *errors, int *count, bool *nomem)
{
    size_t nrows = sizeof source_options / sizeof source_options[0];
    fk_collect_source *p = realloc(cfg->sources, (cfg->nsources + 1) * sizeof *p);
    if (!p) {
        *nomem = true;
        return;
    }
    cfg->sources = p;
    fk_collect_source *src = &cfg->sources[cfg->nsources++];
    *src = (fk_collect_source){.line = (int)m->start_mark.line + 1};
    set_defaults(source_options, nrows, src, nomem);
    if (m->type != YAML_MAPPING_NODE) {
        mistake(errors, count, path, (size_t)src->line,
                "sources: expected a mapping (name:, type:, paths:, ...) for each source");
        return;
    }
    for (yaml_node_pair_t *pr = m->data.mapping.pairs.start; pr < m->data.mapping.pairs.top; pr++) {
        yaml_node_t *k = yaml_document_get_node(doc, pr->key),
                    *v = yaml_document_get_node(doc, pr->value);
        const char *key = k->type == YAML_SCALAR_NODE ? (const char *)k->data.scalar.value : "";
        const option *o = find(source_options, nrows, "source", key);
        if (!o) {
            mistake(errors, count, path, k->start_mark.line + 1,
                    "sources: unknown key '%s' (expected name, type, format, paths, exclude, "
                    "read_from, udp, tcp, unix, journal_dir or match)",
                    key);
            continue;
        }
        set_option(o, src, doc, v, path, errors, count, nomem);
    }
    if (!src->name)
        mistake(errors, count, path, (size_t)src->line, "sources: name: required");
    else if (strlen(src->name) > 120 || strpbrk(src->name, "\r\n"))
        mistake(errors, count, path, (size_t)src->line,
                "sources: name: expected at most 120 characters on one line");
    if (src->type == FK_SOURCE_SYSLOG && !src->udp && !src->tcp && !src->unix_path)
        mistake(errors, count, path, (size_t)src->line,
                "sources: a syslog source needs udp, tcp or unix (where it listens)");
    if (src->type == FK_SOURCE_FILE && !src->npaths)
        mistake(errors, count, path, (size_t)src->line,
                "sources: paths: a file source needs at least one glob");
    for (size_t i = 0; i + 1 < cfg->nsources; i++)
        if (src->name && cfg->sources[i].name && !strcmp(cfg->sources[i].name, src->name))
            mistake(errors, count, path, (size_t)src->line,
                    "sources: name: '%s' is already the name of the source at line %d", src->name,
                    cfg->sources[i].line);
}

bool fk_collect_config_has_privacy(const fk_collect_config *cfg)
{
    return cfg->mask_query || cfg->mask_users || cfg->nmask_networks || cfg->ndrop_lines ||
           cfg->nreplace;
}

bool fk_collect_config_split_replace(const char *rule, char **pattern, char **with)
{
    *pattern = *with = NULL;
    if (rule[0] != 's' || !rule[1] || rule[1] == '\\')
        return false;
    char delim = rule[1];
    char *parts[2] = {NULL, NULL};
    const char *p = rule + 2;
    int closed = 0;
    for (int k = 0; k < 2; k++) {
        size_t n = strlen(p);
        char *out = malloc(n + 1), *o = out;
        if (!out)
            break;
        while (*p && *p != delim) {
            if (*p == '\\' && p[1] == delim)
                p++; /* an escaped delimiter */
            *o++ = *p++;
        }
        *o = '\0';
        parts[k] = out;
        if (*p != delim)
            break;
        p++;
        closed++;
    }
    if (closed != 2 || *p || !*parts[0]) {
        free(parts[0]);
        free(parts[1]);
        return false;
    }
    *pattern = parts[0];
    *with = parts[1];
    return true;
}

int fk_collect_config_privacy(const fk_collect_config *cfg, const unsigned char *key,
                              size_t key_len, fk_privacy **out, fk_err *err)
{
    *out = NULL;
    fk_privacy_replace *rep = calloc(cfg->nreplace + 1, sizeof *rep);
    int rc = rep ? 0 : fk_errc(err, FK_ERR_NOMEM, "out of memory");
    for (size_t i = 0; rc == 0 && i < cfg->nreplace; i++) {
        char *pat, *with;
        if (!fk_collect_config_split_replace(cfg->replace[i], &pat, &with))
            rc = fk_errf(err, "privacy.replace: expected 's/PATTERN/REPLACEMENT/', not '%.200s'",
                         cfg->replace[i]);
        else
            rep[i] = (fk_privacy_replace){pat, with};
    }
    fk_privacy_opts o = {.name = cfg->privacy_policy,
                         .mask_query = cfg->mask_query,
                         .mask_users = cfg->mask_users,
                         .networks = (const char *const *)cfg->mask_networks,
                         .nnetworks = cfg->nmask_networks,
                         .drop = (const char *const *)cfg->drop_lines,
                         .ndrop = cfg->ndrop_lines,
                         .replace = rep,
                         .nreplace = cfg->nreplace,
                         .key = key,
                         .key_len = key_len};
    if (rc == 0)
        rc = fk_privacy_new(out, &o, err);
    for (size_t i = 0; rep && i < cfg->nreplace; i++) {
        free((char *)rep[i].pattern);
        free((char *)rep[i].with);
    }
    free(rep);
    return rc;
}

/* The privacy rules compiled once here, so that --check reports a bad pattern or network
 * rather than the collector at its start. */
static void check_privacy(const fk_collect_config *cfg, const char *path, fk_sbuf *errors,
                          int *count)
{
    if (!cfg->privacy_policy)
        mistake(errors, count, path, line_of(cfg, "privacy.mask_query", "privacy.mask_users"),
                "privacy.policy: a name is required when privacy rules are given (the hub "
                "records it with each batch)");
    static const unsigned char key[16] = {0};
    fk_privacy *p;
    fk_err err;
    if (fk_collect_config_privacy(cfg, key, sizeof key, &p, &err) != 0) {
        size_t line = strstr(err.msg, "privacy.replace") ? line_of(cfg, "privacy.replace", NULL)
                      : strstr(err.msg, "pattern") ? line_of(cfg, "privacy.drop", "privacy.replace")
                                                   : line_of(cfg, "privacy.mask_networks", NULL);
        mistake(errors, count, path, line, "%s", err.msg);
    }
    fk_privacy_free(p);
}

int fk_collect_config_load(const char *path, fk_collect_config *cfg, fk_sbuf *errors)
{
    size_t n;
    fk_err err;
    char *text = fk_read_file(path, 1 << 20, &n, &err);
    if (!text) {
        *cfg = (fk_collect_config){0};
        fk_sbuf_puts(errors, err.msg); /* "PATH: cannot open: why" */
        fk_sbuf_puts(errors, "\n");
        return 1;
    }
    int rc = fk_collect_config_parse(path, text, n, cfg, errors);
    free(text);
    return rc;
}

int fk_collect_config_parse(const char *path, const char *text, size_t len, fk_collect_config *cfg,
                            fk_sbuf *errors)
{
    *cfg = (fk_collect_config){0};
    int count = 0;
    bool nomem = false;
    size_t nrows = sizeof options / sizeof options[0];
    set_defaults(options, nrows, cfg, &nomem);
    if (!(cfg->path = strdup(path)))
        return -1;
    yaml_parser_t parser;
    yaml_document_t doc;
    yaml_parser_initialize(&parser);
    yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
    if (!yaml_parser_load(&parser, &doc)) {
        mistake(errors, &count, path, parser.problem_mark.line + 1, "%s",
                parser.problem ? parser.problem : "not valid YAML");
        yaml_parser_delete(&parser);
        return count;
    }
    char sections[160];
    section_names(sections, sizeof sections);
    yaml_node_t *root = yaml_document_get_root_node(&doc);
    if (!root || root->type != YAML_MAPPING_NODE) {
        mistake(errors, &count, path, root ? root->start_mark.line + 1 : 1,
                "expected a mapping with the sections %s", sections);
        root = NULL;
    }
    for (yaml_node_pair_t *pr = root ? root->data.mapping.pairs.start : NULL;
         pr && pr < root->data.mapping.pairs.top; pr++) {
        yaml_node_t *k = yaml_document_get_node(&doc, pr->key),
                    *v = yaml_document_get_node(&doc, pr->value);
        const char *section = k->type == YAML_SCALAR_NODE ? (const char *)k->data.scalar.value : "";
        size_t line = k->start_mark.line + 1;
        if (!strcmp(section, "sources")) {
            if (v->type != YAML_SEQUENCE_NODE) {
                mistake(errors, &count, path, line, "sources: expected a list of sources");
                continue;
            }
            for (yaml_node_item_t *it = v->data.sequence.items.start;
                 it < v->data.sequence.items.top; it++)
                load_source(cfg, &doc, yaml_document_get_node(&doc, *it), path, errors, &count,
                            &nomem);
            continue;
        }
        if (!section_known(section)) {
            mistake(errors, &count, path, line, "unknown section '%s' (expected %s)", section,
                    sections);
            continue;
        }
        if (v->type != YAML_MAPPING_NODE) {
            mistake(errors, &count, path, line, "%s: expected a mapping of settings", section);
            continue;
        }
        for (yaml_node_pair_t *q = v->data.mapping.pairs.start; q < v->data.mapping.pairs.top;
             q++) {
            yaml_node_t *kk = yaml_document_get_node(&doc, q->key),
                        *vv = yaml_document_get_node(&doc, q->value);
            const char *key =
                kk->type == YAML_SCALAR_NODE ? (const char *)kk->data.scalar.value : "";
            const option *o = find(options, nrows, section, key);
            if (!o) {
                char known[300] = "";
                for (size_t i = 0; i < nrows; i++)
                    if (!strcmp(options[i].section, section) &&
                        strlen(known) + strlen(options[i].key) + 3 < sizeof known) {
                        strcat(known, *known ? ", " : "");
                        strcat(known, options[i].key);
                    }
                mistake(errors, &count, path, kk->start_mark.line + 1,
                        "%s: unknown key '%s' (expected one of %s)", section, key, known);
                continue;
            }
            set_option(o, cfg, &doc, vv, path, errors, &count, &nomem);
            cfg->option_line[o - options] = (int)kk->start_mark.line + 1;
        }
    }
    /* what single values cannot say on their own: named at the line of the option set last
     * (or line 1 when both are defaults) */
    if (root && !cfg->hub_url)
        mistake(errors, &count, path, 1, "hub.url: required (the hub's https:// address)");
    else if (cfg->hub_url && strncmp(cfg->hub_url, "https://", 8) &&
             strncmp(cfg->hub_url, "http://", 7))
        mistake(errors, &count, path, line_of(cfg, "hub.url", NULL),
                "hub.url: expected an https:// (or http://) address");
    if (root && !cfg->nsources)
        mistake(errors, &count, path, 1, "sources: expected at least one source");
    /* the hub refuses a batch larger than its max_ingest_body (32 MiB by default) once
     * decompressed, and a refused batch is lost: well below that */
    if (cfg->batch_bytes < 1024 || cfg->batch_bytes > (16u << 20))
        mistake(errors, &count, path, line_of(cfg, "batch.max_size", NULL),
                "batch.max_size: expected 1KiB to 16MiB (the hub takes at most its "
                "max_ingest_body, 32 MiB by default)");
    uint64_t largest =
        cfg->batch_bytes > cfg->max_line_bytes + 1 ? cfg->batch_bytes : cfg->max_line_bytes + 1;
    if (cfg->segment_bytes < 2 * largest + 65536)
        mistake(errors, &count, path, line_of(cfg, "spool.segment_size", "batch.max_size"),
                "spool.segment_size: expected at least twice the largest batch (batch.max_size, "
                "or files.max_line when that is larger)");
    if (cfg->spool_max_bytes < 2 * cfg->segment_bytes)
        mistake(errors, &count, path, line_of(cfg, "spool.max_size", "spool.segment_size"),
                "spool.max_size: expected at least two segments (2 x spool.segment_size)");
    if (cfg->backoff_min_ms <= 0 || cfg->backoff_max_ms < cfg->backoff_min_ms)
        mistake(errors, &count, path, line_of(cfg, "hub.backoff_min", "hub.backoff_max"),
                "hub.backoff_min, hub.backoff_max: expected 0 < backoff_min <= backoff_max");
    if (fk_collect_config_has_privacy(cfg))
        check_privacy(cfg, path, errors, &count);
    if (cfg->status_interval_ms < 10)
        mistake(errors, &count, path, line_of(cfg, "status.interval", NULL),
                "status.interval: expected at least 10ms");
    if (cfg->timeout_ms < 1000)
        mistake(errors, &count, path, line_of(cfg, "hub.timeout", NULL),
                "hub.timeout: expected at least 1s");
    for (size_t i = 0; i < cfg->nmatch_collections; i++) {
        const char *u = cfg->match_collections[i];
        if (strncmp(u, "https://", 8) && strncmp(u, "http://", 7))
            mistake(errors, &count, path, line_of(cfg, "match.collections", NULL),
                    "match.collections: '%.200s': expected an https:// (or http://) URL of a "
                    "TAXII collection",
                    u);
    }
    if (cfg->match_refresh_ms < 1000 || cfg->match_resync_ms < cfg->match_refresh_ms)
        mistake(errors, &count, path, line_of(cfg, "match.refresh", "match.resync"),
                "match.refresh, match.resync: expected 1s <= refresh <= resync");
    size_t stdin_sources = 0;
    for (size_t i = 0; i < cfg->nsources; i++)
        stdin_sources += cfg->sources[i].type == FK_SOURCE_STDIN;
    if (stdin_sources > 1)
        mistake(errors, &count, path, 1, "sources: at most one stdin source");
    yaml_document_delete(&doc);
    yaml_parser_delete(&parser);
    return nomem ? -1 : count;
}

static void free_list(char **l, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(l[i]);
    free(l);
}

void fk_collect_config_free(fk_collect_config *cfg)
{
    char **strs[] = {&cfg->path,         &cfg->hub_url,          &cfg->api_key_env,
                     &cfg->api_key_file, &cfg->ca_file,          &cfg->spool_dir,
                     &cfg->status_file,  &cfg->privacy_policy,   &cfg->privacy_key_file,
                     &cfg->match_cache,  &cfg->match_alerts_file};
    for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++) {
        free(*strs[i]);
        *strs[i] = NULL;
    }
    for (size_t i = 0; i < cfg->nsources; i++) {
        fk_collect_source *s = &cfg->sources[i];
        free(s->name);
        free(s->format);
        free(s->udp);
        free(s->tcp);
        free(s->unix_path);
        free(s->journal_dir);
        free_list(s->matches, s->nmatches);
        free_list(s->paths, s->npaths);
        free_list(s->exclude, s->nexclude);
    }
    free(cfg->sources);
    cfg->sources = NULL;
    cfg->nsources = 0;
    free_list(cfg->mask_networks, cfg->nmask_networks);
    free_list(cfg->drop_lines, cfg->ndrop_lines);
    free_list(cfg->replace, cfg->nreplace);
    free_list(cfg->match_collections, cfg->nmatch_collections);
    cfg->match_collections = NULL;
    cfg->nmatch_collections = 0;
    cfg->mask_networks = cfg->drop_lines = cfg->replace = NULL;
    cfg->nmask_networks = cfg->ndrop_lines = cfg->nreplace = 0;
}

static void help_rows(FILE *out, const option *rows, size_t n)
{
    const char *section = NULL;
    for (size_t i = 0; i < n; i++) {
        if (!section || strcmp(section, rows[i].section))
            fprintf(out, "%s:\n", *rows[i].section ? rows[i].section : "(top)");
        section = rows[i].section;
        fprintf(out, "  %-16s %s", rows[i].key, rows[i].help);
        if (rows[i].def)
            fprintf(out, " [default: %s]", rows[i].def);
        fputc('\n', out);
    }
}

void fk_collect_config_help(FILE *out)
{
    help_rows(out, options, sizeof options / sizeof options[0]);
    fprintf(out, "sources: (a list; each)\n");
    help_rows(out, source_options, sizeof source_options / sizeof source_options[0]);
}
