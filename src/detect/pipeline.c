#include "pipeline.h"

#include "../core/file.h"
#include "ioc_load.h"
#include "sigma.h"
#include "threshold.h"
#include "websig.h"
#include "websuccess.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct fk_pipeline {
    fk_alert_fn sink;
    void *ctx;
    fk_severity ioc_severity, sigma_min;
    fk_ioc_set *iocs;
    fk_ioc_set *delta;     /* indicators added since iocs was built (NULL: none) */
    const fk_ioc_set *cur; /* the set whose hit is being reported */
    fk_websig_set *web;
    fk_websuccess *success;
    fk_sigma_set *sigma;
    fk_ruleset *rules;
    fk_threshold *threshold;
    const fk_event *ev;              /* the event being matched */
    const fk_pipeline_profile *prof; /* the member's choice for ev (NULL: everything) */
    char **sigma_paths;              /* the Sigma sets, as given */
    size_t nsigma;
    /* the strongest web signature on the event being matched, for fk_websuccess */
    const char *best_sig, *best_family;
    fk_severity best_sev;
    char best_evidence[320];
    size_t best_evidence_n;
};

/* Every alert passes here: engines fill what they know; the event's organisation is
 * added when the engine did not carry its own (windows emit after the event is gone). */
static int emit(fk_pipeline *p, fk_alert *a)
{
    if (!a->org.n && p->ev) {
        a->org = p->ev->org;
        a->sector = p->ev->sector;
    }
    return p->sink(p->ctx, a);
}

static int on_window_alert(void *ctx, const fk_alert *a)
{
    fk_pipeline *p = ctx;
    fk_alert copy = *a;
    /* a window's alert already names its organisation (or none, across organisations) */
    if (!copy.org.n)
        copy.sector = (fk_str){NULL, 0};
    return p->sink(p->ctx, &copy);
}

static fk_str alert_target(const fk_event *ev)
{
    if (ev->kind == FK_KIND_WEB && ev->path.n)
        return ev->path;
    if (ev->kind == FK_KIND_AUTH && ev->user.n)
        return ev->user;
    if (ev->domain.n)
        return ev->domain;
    return ev->host;
}

static void set_src(const fk_event *ev, fk_alert *a, char buf[FK_IP_STRLEN])
{
    if (ev->src_ip.family) {
        fk_ip_format(&ev->src_ip, buf);
        a->src_ip = (fk_str){buf, strlen(buf)};
    }
}

/* ---- indicators ---------------------------------------------------------------- */

static int on_ioc_hit(void *ctx, const fk_ioc_entry *e, const char *field, fk_str value)
{
    fk_pipeline *p = ctx;
    const fk_event *ev = p->ev;
    char indicator[4200], srcbuf[FK_IP_STRLEN], title[128];
    fk_ioc_type type = fk_ioc_entry_type(p->cur, e);
    snprintf(title, sizeof title, "Indicator match: %s", fk_ioc_type_name(type));
    fk_alert a = {
        .engine = "ioc",
        .rule_id = fk_ioc_list_name(p->cur, e->list),
        .title = title,
        .severity = p->ioc_severity,
        .file = ev->file,
        .line = ev->line,
        .field = field,
        .value = value,
        .has_time = ev->has_time,
        .first_ms = ev->time_ms,
        .last_ms = ev->time_ms,
        .count = 1,
        .indicator = fk_ioc_entry_value(p->cur, e, indicator, sizeof indicator),
        .indicator_type = fk_ioc_type_name(type),
        .indicator_id = fk_ioc_str(p->cur, e->id_off),
        .indicator_label = fk_ioc_str(p->cur, e->label_off),
        .indicator_line = e->line,
        .target = alert_target(ev),
    };
    set_src(ev, &a, srcbuf);
    return emit(p, &a);
}

static int ioc_load(fk_pipeline *p, const fk_pipeline_spec *s, fk_err *err)
{
    p->iocs = s->iocs;
    if (!s->nioc)
        return 0;
    if (!p->iocs && !(p->iocs = fk_ioc_set_new()))
        return fk_errc(err, FK_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < s->nioc; i++) {
        fk_ioc_load_stats stats;
        if (fk_ioc_load_file(p->iocs, s->ioc_files[i], FK_IOC_FILE_AUTO, s->ioc_column, &stats,
                             err) != 0)
            return -1;
        if (stats.skipped && s->report) {
            char msg[512];
            snprintf(msg, sizeof msg,
                     "%s: %zu indicators skipped as they cannot match a single log event "
                     "(first: %s)",
                     s->ioc_files[i], stats.skipped, stats.first_skip);
            s->report(s->report_ctx, msg);
        }
    }
    return 0;
}

static int ioc_match(fk_pipeline *p, const fk_event *ev)
{
    if (p->iocs && (p->cur = p->iocs, fk_ioc_match_event(p->iocs, ev, on_ioc_hit, p) < 0))
        return -1;
    if (p->delta && (p->cur = p->delta, fk_ioc_match_event(p->delta, ev, on_ioc_hit, p) < 0))
        return -1;
    return 0;
}

/* ---- web signatures -------------------------------------------------------------- */

static int on_web_hit(void *ctx, const fk_websig_hit *h)
{
    fk_pipeline *p = ctx;
    const fk_event *ev = p->ev;
    char srcbuf[FK_IP_STRLEN];
    fk_alert a = {
        .engine = "web",
        .rule_id = h->id,
        .title = h->title,
        .severity = h->severity,
        .file = ev->file,
        .line = ev->line,
        .field = h->field,
        .value = h->evidence,
        .has_time = ev->has_time,
        .first_ms = ev->time_ms,
        .last_ms = ev->time_ms,
        .count = 1,
        .family = h->family,
        .confidence = h->confidence,
        .reason = h->reason,
        .target = ev->path,
    };
    set_src(ev, &a, srcbuf);
    if (!p->best_sig || h->severity > p->best_sev) {
        /* the evidence buffer is reused for the next field: keep a copy */
        p->best_sig = h->id;
        p->best_family = h->family;
        p->best_sev = h->severity;
        p->best_evidence_n =
            h->evidence.n < sizeof p->best_evidence ? h->evidence.n : sizeof p->best_evidence;
        if (p->best_evidence_n)
            memcpy(p->best_evidence, h->evidence.p, p->best_evidence_n);
    }
    return emit(p, &a);
}

static int web_load(fk_pipeline *p, const fk_pipeline_spec *s, fk_err *err)
{
    if (s->no_web)
        return 0;
    int rc;
    if (s->web_file) {
        size_t n;
        char *buf = fk_read_file(s->web_file, 16u << 20, &n, err);
        if (!buf)
            return -1;
        rc = fk_websig_load(&p->web, s->web_file, buf, n, s->web_families, s->cache_dir, err);
        free(buf);
    } else {
        rc = fk_websig_load_default(&p->web, s->web_families, s->cache_dir, err);
    }
    if (rc != 0)
        return -1;
    if (!(p->success = fk_websuccess_new(NULL, on_window_alert, p)))
        return fk_errc(err, FK_ERR_NOMEM, "out of memory");
    return 0;
}

static int web_match(fk_pipeline *p, const fk_event *ev)
{
    p->best_sig = NULL;
    if (!p->web)
        return 0;
    if (fk_websig_match_event(p->web, ev, on_web_hit, p) < 0)
        return -1;
    /* signs of success: judged against the URL's usual answers */
    return fk_websuccess_event(p->success, ev, p->best_sig, p->best_family,
                               (fk_str){p->best_evidence, p->best_sig ? p->best_evidence_n : 0});
}

static int web_flush(fk_pipeline *p)
{
    return p->success ? fk_websuccess_flush(p->success) : 0;
}

/* ---- Sigma ----------------------------------------------------------------------- */

static fk_severity sigma_level(const char *level)
{
    fk_severity sev = FK_SEV_MEDIUM;
    if (level && !strcmp(level, "informational"))
        return FK_SEV_INFO;
    if (level)
        fk_severity_parse(level, &sev);
    return sev;
}

static void append(char *buf, size_t cap, size_t *len, const char *fmt, const char *sep, int n,
                   const char *text)
{
    int w = snprintf(buf + *len, cap - *len, fmt, sep, n, text);
    *len = w > 0 && (size_t)w < cap - *len ? *len + (size_t)w : cap - 1;
}

/* Which --sigma path a rule was loaded from (rules keep the file they came from). */
static int sigma_set_of(const fk_pipeline *p, const fk_sigma_rule *r)
{
    for (size_t i = 0; r->file && i < p->nsigma; i++) {
        size_t n = strlen(p->sigma_paths[i]);
        if (!strncmp(r->file, p->sigma_paths[i], n) &&
            (r->file[n] == '\0' || r->file[n] == '/' || (n && p->sigma_paths[i][n - 1] == '/')))
            return (int)i; /* the path itself, or a file under it ("rules" is not "rules-x") */
    }
    return -1;
}

static int on_sigma_hit(void *ctx, const fk_sigma_hit *h)
{
    fk_pipeline *p = ctx;
    fk_severity level = sigma_level(h->rule->level);
    if (level < p->sigma_min)
        return 0;
    if (p->prof) { /* the member's floor and sets */
        int set = sigma_set_of(p, h->rule);
        if (level < p->prof->sigma_min ||
            (p->prof->nsigma_sets && (set < 0 || !(p->prof->sigma_bits & (1u << set)))))
            return 0;
    }
    const fk_event *ev = p->ev;
    char srcbuf[FK_IP_STRLEN], fields[256] = "", tags[512] = "", evidence[1024] = "";
    size_t k = 0, fl = 0, tl = 0;
    for (int i = 0; i < h->nfields; i++) {
        char head[300];
        snprintf(head, sizeof head, "%s%s=", i ? " | " : "", h->fields[i]);
        append(evidence, sizeof evidence, &k, "%s%.*s", head, (int)h->values[i].n, h->values[i].p);
        append(fields, sizeof fields, &fl, "%s%.*s", i ? "," : "", (int)strlen(h->fields[i]),
               h->fields[i]);
    }
    if (h->group.n) {
        k = 0;
        append(evidence, sizeof evidence, &k, "%s%.*s", "", (int)h->group.n, h->group.p);
    }
    for (size_t i = 0; i < h->rule->ntags; i++)
        append(tags, sizeof tags, &tl, "%s%.*s", i ? "," : "", (int)strlen(h->rule->tags[i]),
               h->rule->tags[i]);
    fk_alert a = {
        .engine = h->rule->corr ? "sigma-correlation" : "sigma",
        .rule_id = h->rule->id ? h->rule->id : h->rule->title,
        .title = h->rule->title,
        .severity = sigma_level(h->rule->level),
        .file = ev->file,
        .line = ev->line,
        .field = fl ? fields : (h->group.n ? "group" : NULL),
        .value = {evidence, k},
        .has_time = ev->has_time,
        .first_ms = h->rule->corr ? h->first_ms : ev->time_ms,
        .last_ms = ev->time_ms,
        .count = h->rule->corr ? (uint64_t)h->count : 1,
        .tags = tl ? tags : NULL,
        .target = ev->path.n ? ev->path : ev->image,
    };
    set_src(ev, &a, srcbuf);
    return emit(p, &a);
}

typedef struct {
    const fk_pipeline_spec *spec;
    size_t failed;
} sigma_report_ctx;

static void sigma_report(void *ctx, const char *msg, int is_warning)
{
    sigma_report_ctx *c = ctx;
    if (!is_warning)
        c->failed++;
    if (c->spec->report) {
        char line[1200];
        snprintf(line, sizeof line, "sigma: %s%s", is_warning ? "warning: " : "", msg);
        c->spec->report(c->spec->report_ctx, line);
    }
}

static int sigma_load(fk_pipeline *p, const fk_pipeline_spec *s, fk_err *err)
{
    if (!s->nsigma)
        return 0;
    char *ls = NULL;
    if (s->sigma_logsources) {
        size_t n;
        if (!(ls = fk_read_file(s->sigma_logsources, 16u << 20, &n, err)))
            return -1;
    }
    int rc = fk_sigma_new(&p->sigma, ls, s->sigma_placeholders, err);
    free(ls);
    if (rc != 0)
        return -1;
    if (!(p->sigma_paths = calloc(s->nsigma, sizeof *p->sigma_paths)))
        return fk_errc(err, FK_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < s->nsigma; i++)
        if (!(p->sigma_paths[p->nsigma++] = strdup(s->sigma_paths[i])))
            return fk_errc(err, FK_ERR_NOMEM, "out of memory");
    sigma_report_ctx rctx = {s, 0};
    size_t loaded = 0, failed = 0;
    for (size_t i = 0; i < s->nsigma; i++)
        if (fk_sigma_add_path(p->sigma, s->sigma_paths[i], sigma_report, &rctx, &loaded, &failed,
                              err) != 0)
            return -1;
    if (fk_sigma_compile(p->sigma, err) != 0)
        return -1;
    if (failed && s->report) {
        char msg[200];
        snprintf(msg, sizeof msg,
                 "sigma: %zu rules loaded, %zu not loaded (see `fukurou sigma check`)", loaded,
                 failed);
        s->report(s->report_ctx, msg);
    }
    return 0;
}

static int sigma_match(fk_pipeline *p, const fk_event *ev)
{
    return p->sigma && fk_sigma_match_event(p->sigma, ev, on_sigma_hit, p) < 0 ? -1 : 0;
}

/* ---- threshold rules --------------------------------------------------------------- */

extern const char *const fk_threshold_rules_yml;
extern const size_t fk_threshold_rules_yml_len;

/* The rule files given, else the shipped behaviour rules (brute force, spraying,
 * scanning, probing for absent software), as the web signatures are on by default. */
static int threshold_load(fk_pipeline *p, const fk_pipeline_spec *s, fk_err *err)
{
    if (!s->nrules && s->no_rules)
        return 0;
    if (!(p->rules = fk_ruleset_new()))
        return fk_errc(err, FK_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < s->nrules; i++)
        if (fk_ruleset_load_file(p->rules, s->rule_files[i], err) != 0)
            return -1;
    if (!s->nrules &&
        fk_ruleset_load_buffer(p->rules, "rules/threshold.yml", fk_threshold_rules_yml,
                               fk_threshold_rules_yml_len, err) != 0)
        return -1;
    if (!(p->threshold = fk_threshold_new(p->rules, on_window_alert, p)))
        return fk_errc(err, FK_ERR_NOMEM, "out of memory");
    return 0;
}

static int threshold_match(fk_pipeline *p, const fk_event *ev)
{
    return p->threshold ? fk_threshold_event(p->threshold, ev) : 0;
}

static int threshold_flush(fk_pipeline *p)
{
    return p->threshold ? fk_threshold_flush(p->threshold) : 0;
}

/* ---- the engine table ---------------------------------------------------------------- */

/* One row per engine: how it loads from the spec, matches an event and flushes at the
 * end of a stream. Rows run in order; the web row must precede nothing that reads its
 * strongest hit (signs of success are judged inside it). A new engine is a new row. */
typedef struct {
    const char *name;
    int (*load)(fk_pipeline *p, const fk_pipeline_spec *s, fk_err *err);
    int (*match)(fk_pipeline *p, const fk_event *ev);
    int (*flush)(fk_pipeline *p);
    bool (*loaded)(const fk_pipeline *p);
} engine;

static bool ioc_loaded(const fk_pipeline *p)
{
    return p->iocs != NULL;
}
static bool web_loaded(const fk_pipeline *p)
{
    return p->web != NULL;
}
static bool sigma_loaded(const fk_pipeline *p)
{
    return p->sigma != NULL;
}
static bool threshold_loaded(const fk_pipeline *p)
{
    return p->threshold != NULL;
}

static const engine engines[] = {
    {"ioc", ioc_load, ioc_match, NULL, ioc_loaded},
    {"web", web_load, web_match, web_flush, web_loaded},
    {"sigma", sigma_load, sigma_match, NULL, sigma_loaded},
    {"threshold", threshold_load, threshold_match, threshold_flush, threshold_loaded},
};
enum { NENGINES = sizeof engines / sizeof engines[0], SIGMA_ROW = 2 };

int fk_pipeline_new(fk_pipeline **out, const fk_pipeline_spec *spec, fk_alert_fn sink, void *ctx,
                    fk_err *err)
{
    *out = NULL;
    fk_pipeline *p = calloc(1, sizeof *p);
    if (!p) {
        fk_ioc_set_free(spec->iocs);
        return fk_errc(err, FK_ERR_NOMEM, "out of memory");
    }
    p->sink = sink;
    p->ctx = ctx;
    p->ioc_severity = spec->ioc_severity;
    p->sigma_min = spec->sigma_min;
    for (size_t i = 0; i < NENGINES; i++)
        if (engines[i].load(p, spec, err) != 0) {
            if (!p->iocs)
                fk_ioc_set_free(spec->iocs);
            fk_pipeline_free(p);
            return -1;
        }
    *out = p;
    return 0;
}

int fk_pipeline_event_only(fk_pipeline *p, const fk_event *ev, unsigned mask)
{
    p->ev = ev;
    int rc = 0;
    for (size_t i = 0; i < NENGINES && rc == 0; i++)
        if (mask & (1u << i))
            rc = engines[i].match(p, ev);
    p->ev = NULL;
    return rc;
}

int fk_pipeline_event(fk_pipeline *p, const fk_event *ev)
{
    return fk_pipeline_event_only(p, ev, FK_PIPELINE_ALL);
}

/* The name a Sigma set goes by: the last component of its path, without a trailing
 * slash or a .yml/.yaml ending. */
static size_t set_name(const char *path, const char **name)
{
    size_t n = strlen(path);
    while (n > 1 && path[n - 1] == '/')
        n--;
    size_t start = n;
    while (start > 0 && path[start - 1] != '/')
        start--;
    *name = path + start;
    size_t len = n - start;
    if (len > 4 && !strncmp(path + n - 4, ".yml", 4))
        len -= 4;
    else if (len > 5 && !strncmp(path + n - 5, ".yaml", 5))
        len -= 5;
    return len;
}

static int find_set(const fk_pipeline *p, const char *want)
{
    for (size_t i = 0; i < p->nsigma; i++) {
        const char *name;
        size_t n = set_name(p->sigma_paths[i], &name);
        if (strlen(want) == n && !strncmp(name, want, n))
            return (int)i;
    }
    return -1;
}

int fk_pipeline_event_profile(fk_pipeline *p, const fk_event *ev, const fk_pipeline_profile *prof)
{
    p->prof = prof;
    int rc = fk_pipeline_event_only(p, ev, prof ? prof->engines : FK_PIPELINE_ALL);
    p->prof = NULL;
    return rc;
}

bool fk_pipeline_profile_resolve(const fk_pipeline *p, fk_pipeline_profile *prof, fk_err *err)
{
    const char *unknown = NULL;
    prof->sigma_bits = 0;
    for (size_t i = 0; i < prof->nsigma_sets; i++) {
        int k = find_set(p, prof->sigma_sets[i]);
        if (k >= 0 && k < 32)
            prof->sigma_bits |= 1u << k;
        else if (!unknown)
            unknown = prof->sigma_sets[i];
    }
    if (!unknown)
        return true;
    char loaded[512] = "";
    size_t k = 0;
    for (size_t j = 0; j < p->nsigma && k < sizeof loaded; j++) {
        const char *name;
        size_t n = set_name(p->sigma_paths[j], &name);
        int w = snprintf(loaded + k, sizeof loaded - k, "%s%.*s", j ? ", " : "", (int)n, name);
        k += w > 0 ? (size_t)w : 0;
    }
    fk_errf(err, "no Sigma rule set '%s' is loaded (loaded: %s)", unknown,
            p->nsigma ? loaded : "none");
    return false;
}

bool fk_pipeline_profile_parse(const char *text, fk_pipeline_profile *out, fk_err *err)
{
    memset(out, 0, sizeof *out);
    out->sigma_min = FK_SEV_INFO;
    if (!text || !strcmp(text, "all")) {
        out->engines = FK_PIPELINE_ALL;
        return true;
    }
    const char *q = text;
    while (*q) {
        size_t n = strcspn(q, ", ");
        char item[96];
        if (n >= sizeof item) {
            fk_errf(err, "'%.40s...': too long for a profile item", q);
            return false;
        }
        memcpy(item, q, n);
        item[n] = '\0';
        q += n;
        q += strspn(q, ", ");
        if (!n)
            continue;
        if (!strcmp(item, "all")) {
            out->engines = FK_PIPELINE_ALL;
        } else if (!strncmp(item, "sigma>=", 7)) {
            if (!fk_severity_parse(item + 7, &out->sigma_min)) {
                fk_errf(err, "'%s': expected sigma>=low, medium, high or critical", item);
                return false;
            }
        } else if (!strncmp(item, "sigma:", 6)) {
            const char *name = item + 6;
            size_t nl = strlen(name);
            if (!nl || nl >= sizeof out->sigma_sets[0] || strchr(name, '/') ||
                out->nsigma_sets == FK_PIPELINE_MAX_SETS) {
                fk_errf(err,
                        "'%s': expected sigma:NAME, NAME a rule set (the last component "
                        "of a --sigma path), at most %d of them",
                        item, FK_PIPELINE_MAX_SETS);
                return false;
            }
            memcpy(out->sigma_sets[out->nsigma_sets++], name, nl + 1);
            out->engines |= 1u << SIGMA_ROW;
        } else {
            size_t i = 0;
            while (i < NENGINES && strcmp(engines[i].name, item))
                i++;
            if (i == NENGINES) {
                fk_errf(err,
                        "unknown item '%s' (expected all, or a list of ioc, web, sigma, "
                        "threshold, sigma:SET, sigma>=LEVEL)",
                        item);
                return false;
            }
            out->engines |= 1u << i;
        }
    }
    if (!out->engines) /* only a floor ("sigma>=high"): every engine, with that floor */
        out->engines = FK_PIPELINE_ALL;
    return true;
}

bool fk_pipeline_mask_parse(const char *list, unsigned *mask, fk_err *err)
{
    fk_pipeline_profile prof;
    if (!fk_pipeline_profile_parse(list, &prof, err))
        return false;
    *mask = prof.engines;
    return true;
}

int fk_pipeline_flush(fk_pipeline *p)
{
    for (size_t i = 0; i < NENGINES; i++)
        if (engines[i].flush && engines[i].flush(p) != 0)
            return -1;
    return 0;
}

fk_ioc_set *fk_pipeline_swap_iocs(fk_pipeline *p, fk_ioc_set *iocs)
{
    fk_ioc_set *old = p->iocs;
    p->iocs = iocs;
    fk_ioc_set_free(p->delta); /* the new full set holds what the delta held */
    p->delta = NULL;
    return old;
}

const char *fk_pipeline_engines(const fk_pipeline *p, char *buf, size_t cap)
{
    size_t n = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < NENGINES; i++)
        if (engines[i].loaded(p)) {
            int w = snprintf(buf + n, cap - n, "%s%s", n ? "," : "", engines[i].name);
            n = w > 0 && (size_t)w < cap - n ? n + (size_t)w : cap - 1;
        }
    return buf;
}

uint64_t fk_pipeline_unjudged(const fk_pipeline *p)
{
    return p->success ? fk_websuccess_dropped(p->success) : 0;
}

void fk_pipeline_free(fk_pipeline *p)
{
    if (!p)
        return;
    fk_threshold_free(p->threshold);
    fk_ruleset_free(p->rules);
    fk_sigma_free(p->sigma);
    fk_websuccess_free(p->success);
    fk_websig_free(p->web);
    fk_ioc_set_free(p->iocs);
    fk_ioc_set_free(p->delta);
    for (size_t i = 0; i < p->nsigma; i++)
        free(p->sigma_paths[i]);
    free(p->sigma_paths);
    free(p);
}

fk_ioc_set *fk_pipeline_swap_delta(fk_pipeline *p, fk_ioc_set *delta)
{
    fk_ioc_set *old = p->delta;
    p->delta = delta;
    return old;
}
