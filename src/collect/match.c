/* Local matching at the member (see match.h).
 *
 * Why a cache file and a thread. The point of matching at the member is the hours when
 * the centre cannot be reached, so the indicators must not live only in the process: a
 * restart during an outage would otherwise leave the endpoint blind. The puller keeps
 * them in one JSON file, replaced atomically, and the main loop never waits for the
 * network: a pull that hangs on a dead link delays nothing but the next pull.
 *
 * Pulls are incremental (TAXII added_after, per collection, paged by `next`); an
 * indicator the centre withdraws does not show up in an incremental pull, so every
 * resync interval the collections are read whole and the cache replaced by what they
 * hold. Revoked and expired indicators are kept in the cache (a newer version may come)
 * but not matched. */
#include "match.h"

#include "../core/sbuf.h"
#include "../core/timefmt.h"
#include "../decode/batch.h"
#include "../detect/ioc_load.h"
#include "../detect/pipeline.h"
#include "../hub/taxii_client.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* The hub's name for the list of shared indicators: the edge's alerts name the same
 * rule, so that the centre sees one alert whoever matched. */
#define SHARED_LIST "shared"

struct fk_match {
    fk_match_opts o;
    char **collections;
    char *cache_path, *alerts_path, *ca_file, *auth;
    fk_match_log_fn log;
    void *log_ctx;
    pthread_t thread;
    bool started;
    pthread_mutex_t mu;
    pthread_cond_t wake;
    bool stop;
    fk_ioc_set *pending; /* built by the puller, taken by fk_match_lines (under mu) */
    fk_match_stats stats;
    json_t *cache; /* the puller's (before it starts: fk_match_new's) */
    /* the main loop's */
    fk_pipeline *pipe;
    size_t indicators;
    int alerts_fd;
    json_t *groups; /* one batch's alerts by identity */
    uint64_t last_line, matched_lines;
};

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void say(fk_match *m, const char *level, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void say(fk_match *m, const char *level, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (m->log)
        m->log(m->log_ctx, level, msg);
}

/* ---- the cache ------------------------------------------------------------------------ */

int fk_match_cache_parse(const char *name, const char *text, size_t n, json_t **cache,
                         size_t *indicators, fk_err *err)
{
    *cache = NULL;
    *indicators = 0;
    json_error_t je;
    json_t *j = json_loadb(text, n, 0, &je);
    if (!j)
        return fk_errf(err, "%s:%d: %s", name, je.line, je.text);
    json_t *colls = json_object_get(j, "collections"), *objs = json_object_get(j, "objects");
    if (!json_is_object(j) || !json_is_object(colls) || !json_is_object(objs)) {
        json_decref(j);
        return fk_errf(err, "%s: expected {\"collections\": {...}, \"objects\": {...}}", name);
    }
    const char *key;
    json_t *v;
    json_object_foreach(colls, key, v)
    {
        json_t *after = json_object_get(v, "added_after");
        if (!json_is_object(v) || (after && !json_is_string(after))) {
            fk_errf(err, "%s: collections.%.200s: expected {\"added_after\": TIME}", name, key);
            json_decref(j); /* after the message: key is its */
            return -1;
        }
    }
    json_object_foreach(objs, key, v)
    {
        const char *id = json_string_value(json_object_get(v, "id"));
        if (!json_is_object(v) || !id || strcmp(id, key) != 0) {
            fk_errf(err, "%s: objects.%.200s: expected a STIX object with that id", name, key);
            json_decref(j);
            return -1;
        }
        const char *type = json_string_value(json_object_get(v, "type"));
        *indicators += type && !strcmp(type, "indicator");
    }
    *cache = j;
    return 0;
}

static bool expired(json_t *obj, int64_t now)
{
    const char *until = json_string_value(json_object_get(obj, "valid_until"));
    int64_t ms;
    return until && fk_time_parse_iso8601(until, strlen(until), &ms) && ms <= now;
}

/* The indicators of a cache as a set to match (those that cannot be matched, skipped). */
static fk_ioc_set *build_set(json_t *cache, size_t *loaded)
{
    fk_ioc_set *set = fk_ioc_set_new();
    int list = set ? fk_ioc_list_add(set, SHARED_LIST) : -1;
    if (list < 0) {
        fk_ioc_set_free(set);
        return NULL;
    }
    fk_ioc_load_stats st = {0};
    const char *id;
    json_t *obj;
    size_t index = 0, n = 0;
    int64_t now = now_ms();
    json_object_foreach(json_object_get(cache, "objects"), id, obj)
    {
        if (expired(obj, now))
            continue;
        fk_err e; /* one indicator that does not load does not stop the others */
        size_t before = st.loaded;
        fk_ioc_load_stix_object(set, "cache", index++, obj, (uint32_t)list, &st, &e);
        n += st.loaded > before;
    }
    *loaded = n;
    return set;
}

static int write_cache(fk_match *m, json_t *cache, fk_err *err)
{
    char tmp[4200];
    snprintf(tmp, sizeof tmp, "%s.tmp", m->cache_path);
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0)
        return fk_errc(err, FK_ERR_STORAGE, "%s: cannot write: %s", tmp, strerror(errno));
    char *text = json_dumps(cache, JSON_COMPACT);
    size_t n = text ? strlen(text) : 0;
    bool ok = text && write(fd, text, n) == (ssize_t)n && fdatasync(fd) == 0;
    free(text);
    ok = close(fd) == 0 && ok;
    if (!ok || rename(tmp, m->cache_path) != 0) {
        unlink(tmp);
        return fk_errc(err, FK_ERR_STORAGE, "%s: cannot write: %s", m->cache_path,
                       text ? strerror(errno) : "out of memory");
    }
    return 0;
}

static int load_cache(fk_match *m, fk_err *err)
{
    FILE *f = fopen(m->cache_path, "re");
    if (!f) {
        if (errno != ENOENT)
            return fk_errc(err, FK_ERR_STORAGE, "%s: cannot read: %s", m->cache_path,
                           strerror(errno));
        m->cache = json_pack("{s{}s{}}", "collections", "objects");
        return m->cache ? 0 : fk_errc(err, FK_ERR_NOMEM, "out of memory");
    }
    fk_sbuf b = {0};
    char chunk[65536];
    size_t got;
    int rc = 0;
    while (rc == 0 && (got = fread(chunk, 1, sizeof chunk, f)) > 0)
        rc = fk_sbuf_put(&b, chunk, got);
    bool read_ok = !ferror(f);
    fclose(f);
    if (rc != 0 || !read_ok) {
        fk_sbuf_free(&b);
        return fk_errc(err, rc ? FK_ERR_NOMEM : FK_ERR_STORAGE, "%s: cannot read", m->cache_path);
    }
    size_t indicators;
    rc = fk_match_cache_parse(m->cache_path, b.p ? b.p : "", b.len, &m->cache, &indicators, err);
    fk_sbuf_free(&b);
    return rc;
}

/* ---- pulling ------------------------------------------------------------------------- */

/* Puts obj into objects unless a version as new is there already; true when it changed. */
static bool take_object(json_t *objects, json_t *obj)
{
    const char *id = json_string_value(json_object_get(obj, "id"));
    if (!id || !json_is_object(obj))
        return false;
    json_t *old = json_object_get(objects, id);
    const char *om = json_string_value(json_object_get(old, "modified"));
    const char *nm = json_string_value(json_object_get(obj, "modified"));
    if (old && om && nm && strcmp(nm, om) <= 0)
        return false;
    return json_object_set(objects, id, obj) == 0;
}

/* Reads one collection from cursor *after (empty: from the start) into objects; *after
 * gets the new cursor. -1 with err when it cannot be read to the end. */
static int pull_collection(fk_match *m, const char *base, json_t *objects, char *after,
                           size_t after_cap, bool *changed, fk_err *err)
{
    fk_taxii_client_opts http = {.ca_file = m->ca_file,
                                 .timeout_s =
                                     m->o.timeout_ms > 0 ? (m->o.timeout_ms + 999) / 1000 : 30};
    char enc_after[160] = "", next[160] = "", url[4400];
    size_t bl = strlen(base);
    const char *slash = bl && base[bl - 1] == '/' ? "" : "/";
    for (int page = 0; page < 1000; page++) {
        if (after[0] && !fk_taxii_url_encode(after, enc_after, sizeof enc_after))
            return fk_errf(err, "%s: cursor '%.40s' cannot be sent", base, after);
        snprintf(url, sizeof url, "%s%sobjects/?limit=1000%s%s%s%s", base, slash,
                 after[0] ? "&added_after=" : "", after[0] ? enc_after : "",
                 next[0] ? "&next=" : "", next);
        fk_taxii_response r;
        if (fk_taxii_get(url, m->auth, &http, &r, err) != 0)
            return -1;
        if (r.status == 204 || (r.status == 200 && r.len == 0)) {
            fk_taxii_response_free(&r);
            return 0;
        }
        if (r.status != 200) {
            json_t *e = json_loadb(r.body, r.len, 0, NULL);
            const char *why = json_string_value(json_object_get(e, "description"));
            fk_errc(err, FK_ERR_BUSY, "%s: HTTP %ld%s%.200s", base, r.status, why ? ": " : "",
                    why ? why : "");
            json_decref(e);
            fk_taxii_response_free(&r);
            return -1;
        }
        json_t *env = json_loadb(r.body, r.len, 0, NULL);
        json_t *objs = json_object_get(env, "objects");
        if (!json_is_object(env) || (objs && !json_is_array(objs))) {
            json_decref(env);
            fk_taxii_response_free(&r);
            return fk_errf(err, "%s: the answer is not a TAXII envelope", base);
        }
        size_t i;
        json_t *obj;
        json_array_foreach(objs, i, obj)
        {
            if (take_object(objects, obj))
                *changed = true;
        }
        /* the cursor moves only when the server says where it is */
        if (r.added_last[0])
            snprintf(after, after_cap, "%s", r.added_last);
        fk_taxii_response_free(&r);
        const char *nx = json_string_value(json_object_get(env, "next"));
        bool more = json_is_true(json_object_get(env, "more")) && nx &&
                    fk_taxii_url_encode(nx, next, sizeof next);
        json_decref(env);
        if (!more)
            return 0;
    }
    return 0;
}

/* One pull of every collection. A full pull builds the objects afresh and replaces the
 * cache only when every collection was read; an incremental one keeps what it got. */
static void pull(fk_match *m, bool full)
{
    json_t *cache = m->cache;
    json_t *objects = full ? json_object() : json_copy(json_object_get(cache, "objects"));
    json_t *colls = json_copy(json_object_get(cache, "collections"));
    bool changed = full, changed_cursor = false, all_ok = objects && colls;
    fk_err err = {0};
    char first_error[300] = "";
    for (size_t i = 0; all_ok && i < m->o.ncollections; i++) {
        const char *url = m->collections[i];
        char after[128] = "";
        const char *saved =
            json_string_value(json_object_get(json_object_get(colls, url), "added_after"));
        if (!full && saved)
            snprintf(after, sizeof after, "%s", saved);
        if (pull_collection(m, url, objects, after, sizeof after, &changed, &err) != 0) {
            if (!first_error[0])
                snprintf(first_error, sizeof first_error, "%.290s", err.msg);
            if (full) {
                all_ok = false;
                break;
            }
            continue;
        }
        if (strcmp(after, saved ? saved : "") != 0) {
            changed_cursor = true;
            json_object_set_new(colls, url, json_pack("{ss}", "added_after", after));
        }
    }
    int64_t t = now_ms();
    bool ok = all_ok && !first_error[0];
    json_t *next = NULL;
    if (all_ok && (!full || ok))
        next = json_pack("{sOsO}", "collections", colls, "objects", objects);
    json_decref(objects);
    json_decref(colls);
    fk_ioc_set *set = NULL;
    size_t loaded = 0;
    if (next) {
        fk_err werr;
        /* written when it holds something new: not every refresh of a quiet collection */
        if ((changed || changed_cursor) && write_cache(m, next, &werr) != 0 && !first_error[0])
            snprintf(first_error, sizeof first_error, "%.290s", werr.msg);
        if (changed)
            set = build_set(next, &loaded);
        json_decref(m->cache);
        m->cache = next;
    }
    pthread_mutex_lock(&m->mu);
    m->stats.last_pull_ms = t;
    if (ok)
        m->stats.last_pull_ok_ms = t;
    snprintf(m->stats.last_error, sizeof m->stats.last_error, "%s", first_error);
    if (set) {
        fk_ioc_set_free(m->pending);
        m->pending = set;
        m->stats.indicators = loaded;
    }
    pthread_mutex_unlock(&m->mu);
    if (first_error[0])
        say(m, "warn", "indicators: %s (matching goes on with the %zu cached)", first_error,
            m->stats.indicators);
    else if (set)
        say(m, "info", "indicators: %zu to match from %zu collection(s)%s", loaded,
            m->o.ncollections, full ? " (read whole)" : "");
}

static void *puller(void *arg)
{
    fk_match *m = arg;
    int64_t next_full = 0;
    pthread_mutex_lock(&m->mu);
    while (!m->stop) {
        pthread_mutex_unlock(&m->mu);
        int64_t t = now_ms();
        bool full = t >= next_full;
        pull(m, full);
        if (full && !m->stats.last_error[0])
            next_full = t + m->o.resync_ms;
        /* until the next pull, or stop */
        int64_t until = now_ms() + m->o.refresh_ms;
        struct timespec ts = {until / 1000, (until % 1000) * 1000000};
        pthread_mutex_lock(&m->mu);
        while (!m->stop && pthread_cond_timedwait(&m->wake, &m->mu, &ts) == 0) {
        }
    }
    pthread_mutex_unlock(&m->mu);
    return NULL;
}

/* ---- matching ------------------------------------------------------------------------- */

static int hold(void *ctx, const fk_alert *a)
{
    fk_match *m = ctx;
    char key[2048];
    snprintf(key, sizeof key, "%s\x1f%s\x1f%s\x1f%s\x1f%.*s\x1f%.*s\x1f%.*s", a->engine,
             a->rule_id ? a->rule_id : "", a->field ? a->field : "",
             a->indicator ? a->indicator : "", (int)(a->value.n > 600 ? 600 : a->value.n),
             a->value.p ? a->value.p : "", (int)(a->src_ip.n > 64 ? 64 : a->src_ip.n),
             a->src_ip.p ? a->src_ip.p : "", (int)(a->target.n > 600 ? 600 : a->target.n),
             a->target.p ? a->target.p : "");
    if (a->line != m->last_line) {
        m->last_line = a->line;
        m->matched_lines++;
    }
    json_t *g = json_object_get(m->groups, key);
    if (g) {
        json_int_t c = json_integer_value(json_object_get(g, "count"));
        json_object_set_new(g, "count", json_integer(c + 1));
        if (a->has_time) {
            json_int_t f = json_integer_value(json_object_get(g, "first_ms"));
            json_int_t l = json_integer_value(json_object_get(g, "last_ms"));
            if (!json_object_get(g, "first_ms") || a->first_ms < f)
                json_object_set_new(g, "first_ms", json_integer(a->first_ms));
            if (a->last_ms > l)
                json_object_set_new(g, "last_ms", json_integer(a->last_ms));
        }
        return 0;
    }
    fk_alert one = *a;
    one.count = 1;
    g = fk_alert_to_json(&one);
    if (!g || json_object_set_new(g, "origin", json_string("collector")) != 0 ||
        json_object_set_new(m->groups, key, g) != 0)
        return -1;
    return 0;
}

static int feed(void *ctx, fk_event *ev)
{
    fk_match *m = ctx;
    return fk_pipeline_event(m->pipe, ev);
}

/* The pipeline takes the set the puller built last. */
static void take_pending(fk_match *m)
{
    pthread_mutex_lock(&m->mu);
    fk_ioc_set *set = m->pending;
    m->pending = NULL;
    size_t n = m->stats.indicators;
    pthread_mutex_unlock(&m->mu);
    if (set) {
        fk_ioc_set_free(fk_pipeline_swap_iocs(m->pipe, set));
        m->indicators = n;
    }
}

static void log_alert(fk_match *m, const char *source, json_t *a, int64_t t)
{
    char when[32];
    json_t *line = json_deep_copy(a);
    if (line) {
        json_object_set_new(line, "detected", json_string(fk_time_format(t, when)));
        json_object_set_new(line, "source", json_string(source));
    }
    char *text = line ? json_dumps(line, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(line);
    if (text && m->alerts_fd >= 0) {
        size_t n = strlen(text);
        text[n] = '\n'; /* replaces the terminator: written with its newline at once */
        if (write(m->alerts_fd, text, n + 1) != (ssize_t)(n + 1))
            say(m, "warn", "%s: cannot write an alert: %s", m->alerts_path, strerror(errno));
    }
    free(text);
    say(m, "warn", "local match in %s: indicator %s (%s) in %s, %lld line(s) from line %lld",
        source, json_string_value(json_object_get(a, "indicator")),
        json_string_value(json_object_get(a, "indicator_id")),
        json_string_value(json_object_get(a, "field")),
        (long long)json_integer_value(json_object_get(a, "count")),
        (long long)json_integer_value(json_object_get(a, "line")));
}

int fk_match_lines(fk_match *m, const char *source, const char *format, const char *lines, size_t n,
                   json_t *alerts, fk_err *err)
{
    take_pending(m);
    if (!m->indicators || !n)
        return 0; /* nothing to match: the lines are not even decoded */
    json_object_clear(m->groups);
    m->last_line = 0;
    m->matched_lines = 0;
    fk_batch_sink sink = {.event = feed, .ctx = m};
    fk_batch_counts counts;
    fk_err derr;
    int rc =
        fk_batch_decode(lines, n, format, source, fk_time_year(now_ms()), &sink, &counts, &derr);
    if (rc != 0 && derr.code == FK_ERR_NOMEM)
        return fk_errc(err, FK_ERR_NOMEM, "matching: out of memory");
    /* an unknown format matches nothing here; the hub says so when the batch arrives */
    int64_t t = now_ms();
    const char *key;
    json_t *g;
    size_t raised = 0;
    json_object_foreach(m->groups, key, g)
    {
        log_alert(m, source, g, t);
        if (json_array_append(alerts, g) != 0)
            return fk_errc(err, FK_ERR_NOMEM, "matching: out of memory");
        raised++;
    }
    json_object_clear(m->groups);
    pthread_mutex_lock(&m->mu);
    m->stats.batches++;
    m->stats.alerts += raised;
    m->stats.matched_lines += m->matched_lines;
    pthread_mutex_unlock(&m->mu);
    return (int)raised;
}

void fk_match_stats_get(fk_match *m, fk_match_stats *out)
{
    pthread_mutex_lock(&m->mu);
    *out = m->stats;
    pthread_mutex_unlock(&m->mu);
}

/* ---- life ------------------------------------------------------------------------------- */

static char *dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

int fk_match_new(fk_match **out, const fk_match_opts *o, fk_err *err)
{
    *out = NULL;
    fk_match *m = calloc(1, sizeof *m);
    if (!m)
        return fk_errc(err, FK_ERR_NOMEM, "out of memory");
    m->o = *o;
    if (m->o.refresh_ms <= 0)
        m->o.refresh_ms = 300000;
    if (m->o.resync_ms <= 0)
        m->o.resync_ms = 3600000;
    m->log = o->log;
    m->log_ctx = o->log_ctx;
    m->alerts_fd = -1;
    pthread_mutex_init(&m->mu, NULL);
    pthread_cond_init(&m->wake, NULL);
    size_t kl = strlen(o->api_key) + 16;
    m->collections = calloc(o->ncollections ? o->ncollections : 1, sizeof *m->collections);
    m->cache_path = strdup(o->cache_path);
    m->alerts_path = strdup(o->alerts_path);
    m->ca_file = dup_or_null(o->ca_file);
    m->auth = malloc(kl);
    m->groups = json_object();
    bool ok = m->collections && m->cache_path && m->alerts_path && (!o->ca_file || m->ca_file) &&
              m->auth && m->groups;
    for (size_t i = 0; ok && i < o->ncollections; i++)
        ok = (m->collections[i] = strdup(o->collections[i])) != NULL;
    if (!ok) {
        fk_match_free(m);
        return fk_errc(err, FK_ERR_NOMEM, "out of memory");
    }
    snprintf(m->auth, kl, "Bearer %s", o->api_key);
    if (load_cache(m, err) != 0) {
        fk_match_free(m);
        return -1;
    }
    size_t loaded = 0;
    fk_ioc_set *set = build_set(m->cache, &loaded);
    fk_pipeline_spec spec = {
        .iocs = set, .no_rules = true, .no_web = true, .ioc_severity = FK_SEV_HIGH};
    /* the pipeline owns the set from here, failing or not */
    if (!set || fk_pipeline_new(&m->pipe, &spec, hold, m, err) != 0) {
        fk_match_free(m);
        return set ? -1 : fk_errc(err, FK_ERR_NOMEM, "out of memory");
    }
    m->indicators = m->stats.indicators = loaded;
    m->alerts_fd = open(m->alerts_path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (m->alerts_fd < 0) {
        fk_errc(err, FK_ERR_STORAGE, "%s: cannot write: %s", m->alerts_path, strerror(errno));
        fk_match_free(m);
        return -1;
    }
    if (loaded)
        say(m, "info", "indicators: %zu to match from the cache %s", loaded, m->cache_path);
    if (pthread_create(&m->thread, NULL, puller, m) != 0) {
        fk_match_free(m);
        return fk_errc(err, FK_ERR_NOMEM, "cannot start the indicator puller");
    }
    m->started = true;
    *out = m;
    return 0;
}

void fk_match_free(fk_match *m)
{
    if (!m)
        return;
    if (m->started) {
        pthread_mutex_lock(&m->mu);
        m->stop = true;
        pthread_cond_signal(&m->wake);
        pthread_mutex_unlock(&m->mu);
        pthread_join(m->thread, NULL);
    }
    if (m->alerts_fd >= 0)
        close(m->alerts_fd);
    fk_pipeline_free(m->pipe);
    fk_ioc_set_free(m->pending);
    json_decref(m->cache);
    json_decref(m->groups);
    for (size_t i = 0; m->collections && i < m->o.ncollections; i++)
        free(m->collections[i]);
    free(m->collections);
    free(m->cache_path);
    free(m->alerts_path);
    free(m->ca_file);
    if (m->auth) {
        memset(m->auth, 0, strlen(m->auth));
        free(m->auth);
    }
    pthread_cond_destroy(&m->wake);
    pthread_mutex_destroy(&m->mu);
    free(m);
}
