#include "monitor.h"

#include "../bus/bus.h"
#include "../core/file.h"
#include "../core/sbuf.h"
#include "../core/strmap.h"
#include "../core/timefmt.h"
#include "../decode/batch.h"
#include "../detect/campaign.h"
#include "../detect/ioc_load.h"
#include "../detect/pipeline.h"
#include "../store/alerts.h"
#include "../store/audit.h"
#include "../store/collections.h"
#include "../store/ingest.h"
#include "../store/leases.h"
#include "../store/reports.h"
#include "../store/workers.h"
#include "access.h"
#include "alert_wire.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* An alert kept from the pipeline's sink until the batch's transaction: its strings
 * copied into one block, since the engines' buffers are reused for the next event. */
typedef struct {
    fk_alert a;
    char *strings;
} held_alert;

struct fk_monitor {
    fk_monitor_config cfg;
    fk_bus *bus;
    /* what this process does: detection (in the hub with the in-process bus, or in a
     * fukurou worker), ingest's side of the bus (the hub), and storing alerts with the
     * campaigns across organisations (the hub: with a shared bus, from the workers'
     * messages, while it holds the correlator lease) */
    bool detects, shared, stores_alerts;
    /* a worker's partitions: the loader renews the leases (so a long batch does not let
     * them lapse) and leaves the plan in lease_plan (under mu, with lease_ok_ms, when it
     * was last renewed, and plan_new); the detection thread acts on it between batches
     * (lease_state) and says what the bus pulls (owned) */
    int partitions;
    unsigned char *lease_plan, *lease_state, *owned;
    int64_t lease_ms, lease_ok_ms;
    bool plan_new;
    uint64_t flush_seq;
    fk_db *wdb, *ldb; /* the worker's and the loader's connections */
    fk_pipeline *pipe;
    fk_campaign_rules *campaign_rules;
    fk_campaign *campaign;
    int64_t cur_batch; /* the batch whose alerts are being stored (0: a flush) */
    uint64_t campaigns_fired;
    pthread_t worker, loader;
    bool worker_started, loader_started;
    atomic_bool stop;
    atomic_bool publish_failed; /* a batch is stored but not on the shared bus */
    pthread_mutex_t mu;         /* guards the fields below it */
    pthread_cond_t wake_loader;
    fk_ioc_set *next_iocs; /* built by the loader, not yet swapped in */
    size_t next_count;
    int64_t next_gen;
    fk_ioc_set *next_delta; /* indicators added since next_iocs' or the current base */
    size_t next_delta_count, base_count;
    int64_t next_delta_gen;
    fk_monitor_stats stats;
    /* worker-only */
    held_alert *held;
    size_t nheld, capheld;
    bool held_failed;
    fk_strmap org_ids; /* organisation name -> id + 1, for alerts of windows */
    bool fed_since_flush;
    int64_t last_event_wall_ms;
    int64_t swap_pending_first_match; /* the swap time, until the first indicator alert */
    /* a worker's heartbeat for the hub's health view; origin: the name with the start
     * time, unique even when a pid comes again (keys of flushed alerts, lease holder) */
    char worker_name[300], host[256], origin[330];
    int64_t started_ms;
};

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void note(const fk_monitor *m, const char *fmt, const char *a, const char *b)
{
    if (!m->cfg.quiet) {
        fprintf(stderr, "fukurou hub: ");
        fprintf(stderr, fmt, a, b);
        fputc('\n', stderr);
    }
}

/* ---- the shared indicators ---------------------------------------------------------- */

typedef struct {
    fk_ioc_set *set;
    uint32_t list;
    size_t index;
} indicator_build;

static int add_indicator(void *ctx, json_t *obj)
{
    indicator_build *b = ctx;
    fk_ioc_load_stats stats = {0};
    fk_err err;
    /* one indicator that does not load (a pattern this engine cannot match) is not a
     * reason to stop matching the others */
    fk_ioc_load_stix_object(b->set, "shared", b->index++, obj, b->list, &stats, &err);
    return 0;
}

/* since < 0: every shared indicator (the full set, at *gen); otherwise those added after
 * generation `since` (a delta). */
static fk_ioc_set *build_indicators(fk_db *db, int64_t since, int64_t *gen, fk_err *err)
{
    if (fk_taxii_generation(db, gen, err) != 0)
        return NULL;
    indicator_build b = {fk_ioc_set_new(), 0, 0};
    if (!b.set) {
        fk_errc(err, FK_ERR_NOMEM, "out of memory");
        return NULL;
    }
    int list = fk_ioc_list_add(b.set, "shared");
    b.list = list < 0 ? 0 : (uint32_t)list;
    if (list < 0 ||
        (since < 0 ? fk_taxii_each_indicator(db, add_indicator, &b, err)
                   : fk_taxii_each_indicator_since(db, since, add_indicator, &b, err)) != 0) {
        fk_ioc_set_free(b.set);
        return NULL;
    }
    return b.set;
}

/* Publishes the pending batches (at start: what a stop or a crash left; later: what
 * the bus did not take when it came), keyed by their organisations. On a shared bus only
 * those it is not known to hold: JetStream keeps what it acknowledged across restarts
 * of the hub, and a batch detected whose alerts wait for the hub is pending too. */
static int republish_pending(fk_monitor *m, fk_db *db, fk_err *err)
{
    int64_t ids[256], orgs[256], after = 0;
    size_t n = 256;
    int rc = 0;
    while (rc == 0 && n == 256) {
        rc = fk_batch_pending(db, after, m->shared, ids, orgs, 256, &n, err);
        for (size_t i = 0; rc == 0 && i < n; i++) {
            rc = fk_bus_publish(m->bus, after = ids[i], orgs[i], err);
            if (rc == 0 && m->shared)
                rc = fk_batch_published(db, ids[i], err);
        }
    }
    return rc;
}

/* A worker's heartbeat row: what it has done, and that it lives. */
static void beat(fk_monitor *m, fk_db *db, bool stopped)
{
    pthread_mutex_lock(&m->mu);
    fk_worker_beat b = {.name = m->worker_name,
                        .host = m->host,
                        .pid = (int64_t)getpid(),
                        .started_ms = m->started_ms,
                        .now_ms = now_ms(),
                        .batches = m->stats.batches,
                        .events = m->stats.events,
                        .alerts = m->stats.alerts,
                        .redeliveries = fk_bus_redeliveries(m->bus),
                        .stopped = stopped};
    pthread_mutex_unlock(&m->mu);
    fk_err err;
    if (fk_worker_beat_write(db, &b, &err) != 0)
        note(m, "heartbeat: %s%s", err.msg, "");
}

/* How often a worker renews its leases and looks for workers that came or went: a
 * quarter of a lease, at most a second (a newcomer waits at most that long for its
 * share). */
static int64_t balance_every(const fk_monitor *m)
{
    return m->lease_ms / 4 < 1000 ? m->lease_ms / 4 : 1000;
}

/* The loader's part of a worker's leases: renews them and claims its share, on its own
 * connection, and leaves the plan for the detection thread. */
static void renew_leases(fk_monitor *m)
{
    int64_t t = now_ms();
    fk_err err;
    int live = 0;
    unsigned char *plan = malloc((size_t)m->partitions);
    if (!plan)
        return;
    if (fk_lease_balance(m->ldb, m->worker_name, m->partitions, t, m->lease_ms, plan, &live,
                         &err) != 0) {
        note(m, "partition leases: %s%s", err.msg, "");
    } else {
        pthread_mutex_lock(&m->mu);
        memcpy(m->lease_plan, plan, (size_t)m->partitions);
        m->lease_ok_ms = t;
        m->plan_new = true;
        pthread_mutex_unlock(&m->mu);
    }
    free(plan);
}

static int64_t lease_ok_ms(fk_monitor *m)
{
    pthread_mutex_lock(&m->mu);
    int64_t t = m->lease_ok_ms;
    pthread_mutex_unlock(&m->mu);
    return t;
}

static void *loader_main(void *arg)
{
    fk_monitor *m = arg;
    int64_t have;
    fk_err err;
    pthread_mutex_lock(&m->mu);
    have = m->stats.indicators_generation;
    pthread_mutex_unlock(&m->mu);
    int64_t last_retention = 0, next_build = 0, seen = have, last_republish = now_ms(),
            last_beat = 0, last_balance = now_ms();
    if (m->cfg.worker && fk_lease_join(m->ldb, m->worker_name, now_ms(), m->lease_ms, &err) != 0)
        note(m, "partition leases: %s%s", err.msg, ""); /* a member first; its share comes next */
    while (!atomic_load(&m->stop)) {
        if (m->cfg.worker && now_ms() - last_beat >= 2000) {
            beat(m, m->ldb, false);
            last_beat = now_ms();
        }
        if (m->cfg.worker && now_ms() - last_balance >= balance_every(m)) {
            renew_leases(m);
            last_balance = now_ms();
        }
        /* a batch stored but never published (the bus was away when it came) goes out
         * again. Only after a failed publish: pending batches that are on the bus already
         * would be duplicated once JetStream's de-duplication window (two minutes) has
         * passed, and a long backlog would fill the stream with copies of itself. */
        if (m->shared && !m->cfg.worker && now_ms() - last_republish >= 10000 &&
            atomic_exchange(&m->publish_failed, false)) {
            if (republish_pending(m, m->ldb, &err) != 0) {
                note(m, "republishing pending batches: %s%s", err.msg, "");
                atomic_store(&m->publish_failed, true);
            }
            last_republish = now_ms();
        }
        /* retention: hourly, on the loader's own connection (the hub's job) */
        if (!m->cfg.worker && now_ms() - last_retention >= 3600000) {
            int64_t raw = 0, alerts = 0;
            if (fk_batch_retention(m->ldb, now_ms(), m->cfg.raw_max_age_ms, m->cfg.raw_max_bytes,
                                   &raw, &err) != 0 ||
                fk_alert_retention(m->ldb, now_ms(), m->cfg.alert_max_age_ms,
                                   m->cfg.alert_max_count, &alerts, &err) != 0 ||
                /* keys of applied alert messages: a day outlives any redelivery */
                fk_alert_delivery_prune(m->ldb, now_ms() - 86400000, &err) != 0)
                note(m, "retention: %s%s", err.msg, "");
            /* the audit chain checked in full and the result recorded: views of the audit
             * log check only what came after (store/audit.h) */
            fk_audit_checkpoint cp;
            int chain = fk_audit_check_full(m->ldb, now_ms(), &cp, &err);
            if (chain < 0)
                note(m, "audit check: %s%s", err.msg, "");
            else if (chain > 0) {
                char seq[24];
                snprintf(seq, sizeof seq, "%lld", (long long)cp.first_bad);
                note(m, "audit chain BROKEN at entry %s: %s", seq, cp.why);
            }
            last_retention = now_ms();
        }
        /* New shared indicators reach detection in two steps. First a delta (what was
         * added since the full set was built) is built at once and matched beside the full
         * set: a release is live within a poll, whatever the size of the full set. Then the
         * full set is rebuilt in the background (with revocations and new versions); a
         * rebuild reads every shared indicator, so while a bulk load keeps adding objects
         * rebuilds wait twice as long as the last one took (at most a third of this
         * thread's time), and deltas wait for it once they would be large. */
        int64_t gen = 0;
        if (m->detects && fk_taxii_generation(m->ldb, &gen, &err) == 0 && gen != seen) {
            if (gen - have <= 50000) {
                int64_t dgen;
                fk_ioc_set *d = build_indicators(m->ldb, have, &dgen, &err);
                if (d) {
                    pthread_mutex_lock(&m->mu);
                    fk_ioc_set_free(m->next_delta);
                    m->next_delta = d;
                    m->next_delta_gen = dgen;
                    m->next_delta_count = fk_ioc_count(d);
                    pthread_mutex_unlock(&m->mu);
                    seen = dgen;
                } else {
                    note(m, "shared indicators: %s%s", err.msg, "");
                }
            }
            if (now_ms() >= next_build) {
                int64_t started = now_ms(), fgen;
                fk_ioc_set *set = build_indicators(m->ldb, -1, &fgen, &err);
                next_build = now_ms() + 2 * (now_ms() - started);
                if (set) {
                    pthread_mutex_lock(&m->mu);
                    fk_ioc_set_free(m->next_iocs); /* a newer set replaces one not yet taken */
                    m->next_iocs = set;
                    m->next_gen = fgen;
                    m->next_count = fk_ioc_count(set);
                    /* a pending delta is older than this set, which holds it */
                    fk_ioc_set_free(m->next_delta);
                    m->next_delta = NULL;
                    pthread_mutex_unlock(&m->mu);
                    have = seen = fgen;
                } else {
                    note(m, "shared indicators: %s%s", err.msg, "");
                }
            }
        }
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        int64_t ns = until.tv_nsec + (m->cfg.indicator_poll_ms % 1000) * 1000000;
        until.tv_sec += m->cfg.indicator_poll_ms / 1000 + ns / 1000000000;
        until.tv_nsec = ns % 1000000000;
        pthread_mutex_lock(&m->mu);
        if (!atomic_load(&m->stop))
            pthread_cond_timedwait(&m->wake_loader, &m->mu, &until);
        pthread_mutex_unlock(&m->mu);
    }
    return NULL;
}

/* Between batches: the loader's newer set replaces the pipeline's in one step. */
static void swap_indicators(fk_monitor *m)
{
    pthread_mutex_lock(&m->mu);
    fk_ioc_set *set = m->next_iocs, *delta = m->next_delta;
    m->next_iocs = m->next_delta = NULL;
    if (set) {
        m->stats.indicators_generation = m->next_gen;
        m->base_count = m->next_count;
        m->stats.indicators = m->next_count;
    }
    if (delta) {
        m->stats.indicators_generation = m->next_delta_gen;
        m->stats.indicators = m->base_count + m->next_delta_count;
    }
    if (set || delta) {
        m->stats.last_swap_ms = now_ms();
        m->stats.first_match_ms = 0;
        m->swap_pending_first_match = m->stats.last_swap_ms;
    }
    pthread_mutex_unlock(&m->mu);
    if (set) /* the full set drops the pipeline's delta, which it holds */
        fk_ioc_set_free(fk_pipeline_swap_iocs(m->pipe, set));
    if (delta)
        fk_ioc_set_free(fk_pipeline_swap_delta(m->pipe, delta));
}

/* ---- the detection worker ------------------------------------------------------------- */

static int hold(void *ctx, const fk_alert *a)
{
    fk_monitor *m = ctx;
    if (m->nheld == m->capheld) {
        size_t cap = m->capheld ? m->capheld * 2 : 64;
        held_alert *h = realloc(m->held, cap * sizeof *h);
        if (!h) {
            m->held_failed = true;
            return -1;
        }
        m->held = h;
        m->capheld = cap;
    }
    /* the alert's text fields, then its slices (cut to what an alert row keeps) */
    held_alert *h = &m->held[m->nheld];
    h->a = *a;
    const char **texts[] = {
        &h->a.engine,       &h->a.rule_id,         &h->a.title,     &h->a.file,
        &h->a.field,        &h->a.group,           &h->a.indicator, &h->a.indicator_type,
        &h->a.indicator_id, &h->a.indicator_label, &h->a.family,    &h->a.confidence,
        &h->a.tags,         &h->a.origin};
    fk_str *slices[] = {&h->a.value, &h->a.src_ip, &h->a.target, &h->a.org};
    static const size_t slice_max[] = {2000, 64, 1000, 255};
    enum { NT = sizeof texts / sizeof texts[0], NS = sizeof slices / sizeof slices[0] };
    const char *parts[NT + NS], *copies[NT + NS];
    size_t lens[NT + NS];
    for (size_t i = 0; i < NT; i++) {
        parts[i] = *texts[i];
        lens[i] = parts[i] ? strlen(parts[i]) : 0;
    }
    for (size_t i = 0; i < NS; i++) {
        parts[NT + i] = slices[i]->p;
        lens[NT + i] = slices[i]->n > slice_max[i] ? slice_max[i] : slices[i]->n;
    }
    if (!(h->strings = fk_strpack(NT + NS, parts, lens, copies))) {
        m->held_failed = true;
        return -1;
    }
    for (size_t i = 0; i < NT; i++)
        *texts[i] = copies[i];
    for (size_t i = 0; i < NS; i++)
        *slices[i] = (fk_str){copies[NT + i], lens[NT + i]};
    m->nheld++;
    h->a.sector = (fk_str){NULL, 0};
    return 0;
}

static void drop_held(fk_monitor *m)
{
    for (size_t i = 0; i < m->nheld; i++)
        free(m->held[i].strings);
    m->nheld = 0;
    m->held_failed = false;
}

/* The organisation id of an alert (0: across organisations), cached by name. */
static int64_t org_id_of(fk_monitor *m, fk_str org, fk_err *err)
{
    if (!org.n)
        return 0;
    fk_strmap_slot *slot = fk_strmap_get(&m->org_ids, org.p, org.n);
    if (slot)
        return (int64_t)(intptr_t)slot->value - 1;
    char name[256], sector[48];
    snprintf(name, sizeof name, "%.*s", (int)org.n, org.p);
    int64_t id = 0;
    int rc = fk_org_find(m->wdb, name, &id, sector, err);
    if (rc < 0)
        return -1;
    if (rc == 0 && fk_strmap_upsert(&m->org_ids, org.p, org.n, &slot) == 0)
        slot->value = (void *)(intptr_t)(id + 1);
    return rc == 0 ? id : 0;
}

/* A campaign formed or grew: the centre's own alert (no organisation) names them in its
 * detail; the members' alerts point at it. Inside commit_alerts' transaction. */
static int on_campaign(void *ctx, const fk_campaign_hit *h)
{
    fk_monitor *m = ctx;
    fk_err err;
    if (h->link_only)
        return fk_alert_campaign(m->wdb, *h->campaign_id, NULL, h->alert_ids, h->nalerts, &err);
    char title[300];
    snprintf(title, sizeof title, "%s (%zu organisations, %zu sectors)", h->title, h->norgs,
             h->nsectors);
    fk_alert a = {
        .engine = "campaign",
        .rule_id = h->rule_id,
        .title = title,
        .severity = h->severity,
        .field = h->by,
        .value = h->value,
        .has_time = true,
        .first_ms = h->first_ms,
        .last_ms = h->last_ms,
        .count = 1,
    };
    if (!strcmp(h->by, "src_ip"))
        a.src_ip = h->value;
    if (!strcmp(h->by, "indicator"))
        a.indicator = h->value.p;
    char ind[1100];
    if (a.indicator) { /* NUL-terminated copy: the key is a slice */
        snprintf(ind, sizeof ind, "%.*s", (int)h->value.n, h->value.p);
        a.indicator = ind;
    }
    int64_t id;
    bool is_new;
    if (fk_alert_record(m->wdb, 0, m->cur_batch, &a, h->last_ms, &id, &is_new, &err) != 0)
        return -1;
    *h->campaign_id = id;
    json_t *orgs = json_array(), *sectors = json_array();
    for (size_t i = 0; i < h->norgs; i++)
        json_array_append_new(orgs, json_string(h->orgs[i]));
    for (size_t i = 0; i < h->nsectors; i++)
        json_array_append_new(sectors, json_string(h->sectors[i]));
    json_t *d =
        json_pack("{sososIsIss}", "organisations", orgs, "sectors", sectors, "organisation_count",
                  (json_int_t)h->norgs, "sector_count", (json_int_t)h->nsectors, "by", h->by);
    char *detail = d ? json_dumps(d, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(d);
    int rc = detail ? fk_alert_campaign(m->wdb, id, detail, h->alert_ids, h->nalerts, &err) : -1;
    /* the members' earlier alerts of the same key join it too */
    if (rc == 0)
        rc = fk_alert_campaign_link(m->wdb, id, h->by, h->value.p, h->value.n, h->window_start,
                                    &err);
    free(detail);
    if (rc == 0)
        m->campaigns_fired++;
    return rc;
}

/* Whether text (lines separated by \n) has a line equal to s. */
static bool line_listed(const char *text, const char *s)
{
    size_t n = strlen(s);
    for (const char *p = text; p && *p;) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        if (len == n && !memcmp(p, s, n))
            return true;
        p = nl ? nl + 1 : NULL;
    }
    return false;
}

/* Stores the held alerts, and marks the batch (if any) done, in one transaction: either
 * both happen or neither, so a crash before the commit makes the batch pending again and
 * it is processed from the start, not twice. The alerts come from this process's
 * pipeline (part NULL), or from a part of a worker's message: then the part's key is
 * recorded in the same transaction (a part given twice is applied once: returns 1) and
 * the batch is done once all its parts are in. */
static int commit_alerts(fk_monitor *m, const fk_batch *b, uint64_t events,
                         const fk_alert_wire_head *part, fk_err *err)
{
    int64_t t = now_ms();
    /* the alerts to store, with their organisations; written together (COPY on
     * PostgreSQL), then fed to the campaigns with the ids they got */
    fk_alert_in *in = m->nheld ? malloc(m->nheld * sizeof *in) : NULL;
    int64_t *ids = m->nheld ? malloc(m->nheld * sizeof *ids) : NULL;
    bool *fresh = m->nheld ? malloc(m->nheld * sizeof *fresh) : NULL;
    if (m->nheld && (!in || !ids || !fresh)) {
        free(in);
        free(ids);
        free(fresh);
        return fk_errc(err, FK_ERR_NOMEM, "out of memory");
    }
    if (fk_db_begin(m->wdb, err) != 0) {
        free(in);
        free(ids);
        free(fresh);
        return -1;
    }
    int rc = 0;
    size_t n = 0;
    bool indicator_hit = false;
    char *edge = NULL; /* indicators the member's collector reported on this batch */
    bool edge_read = false;
    for (size_t i = 0; rc == 0 && i < m->nheld; i++) {
        const fk_alert *a = &m->held[i].a;
        int64_t org = b && a->org.n == strlen(b->org) && !memcmp(a->org.p, b->org, a->org.n)
                          ? b->org_id
                          : org_id_of(m, a->org, err);
        if (org < 0) {
            rc = -1;
            break;
        }
        /* a shared indicator is reported only to members its release reached */
        if (org > 0 && !strcmp(a->engine, "ioc") && a->indicator_id && *a->indicator_id) {
            bool readable = false;
            const char *sector = b && org == b->org_id ? b->sector : "";
            if (fk_taxii_readable_by(m->wdb, org, sector, a->indicator_id, &readable, err) != 0)
                rc = -1;
            if (rc != 0 || !readable)
                continue;
        }
        /* the member's collector matched this batch itself and reported these
         * indicators before sending it (hub/edge.h): its count stands, not a second one */
        if (b && org == b->org_id && !strcmp(a->engine, "ioc") && a->indicator) {
            if (!edge_read && fk_alert_edge_indicators(m->wdb, org, b->key, &edge, err) != 0) {
                rc = -1;
                break;
            }
            edge_read = true;
            if (edge && line_listed(edge, a->indicator))
                continue;
        }
        in[n++] = (fk_alert_in){org, b ? b->id : 0, a};
        indicator_hit = indicator_hit || !strcmp(a->engine, "ioc");
    }
    if (rc == 0 && n)
        rc = fk_alert_record_many(m->wdb, in, n, t, ids, fresh, err);
    /* every member alert counts towards campaigns across organisations */
    for (size_t k = 0; rc == 0 && k < n && m->campaign; k++) {
        if (in[k].org_id <= 0)
            continue;
        fk_str sector = b && in[k].org_id == b->org_id ? (fk_str){b->sector, strlen(b->sector)}
                                                       : (fk_str){NULL, 0};
        m->cur_batch = b ? b->id : 0;
        if (fk_campaign_alert(m->campaign, in[k].a, sector, ids[k], t) != 0)
            rc = fk_errc(err, FK_ERR_NOMEM, "campaigns: out of memory");
    }
    uint64_t stored = n;
    free(edge);
    free(in);
    free(ids);
    free(fresh);
    bool complete = b != NULL;
    if (rc == 0 && part) {
        int added =
            fk_alert_delivery_add(m->wdb, part->key, b ? b->id : 0, (int64_t)stored, t, err);
        if (added == 0) { /* applied before: undo this copy */
            fk_db_rollback(m->wdb);
            return 1;
        }
        int64_t parts = 0, alerts = 0;
        if (added < 0 || (b && fk_alert_delivery_count(m->wdb, b->id, &parts, &alerts, err) != 0))
            rc = -1;
        complete = b && parts >= part->parts;
        if (rc == 0 && complete &&
            fk_batch_done(m->wdb, b->id, b->org_id, events, (uint64_t)alerts, t, err) != 0)
            /* done already: a second run of the batch (its first worker died after
             * sending) had a different number of parts; each part counts once */
            rc = err->code == FK_ERR_CONFLICT ? (complete = false, 0) : -1;
    } else if (rc == 0 && b) {
        rc = fk_batch_done(m->wdb, b->id, b->org_id, events, stored, t, err);
    }
    if (rc == 0 && fk_db_commit(m->wdb, err) != 0)
        rc = -1;
    if (rc != 0) {
        fk_db_rollback(m->wdb);
        return -1;
    }
    pthread_mutex_lock(&m->mu);
    m->stats.alerts += stored;
    if (complete) {
        m->stats.batches++;
        m->stats.events += events;
        m->stats.last_batch_ms = t;
    }
    if (indicator_hit && m->swap_pending_first_match) {
        m->stats.first_match_ms = t;
        m->swap_pending_first_match = 0;
    }
    pthread_mutex_unlock(&m->mu);
    return 0;
}

static int publish_part(void *ctx, const char *key, const char *data, size_t len, fk_err *err)
{
    fk_monitor *m = ctx;
    return fk_bus_publish_alerts(m->bus, key, data, len, err);
}

/* Where the held alerts go: stored here (the hub, detecting in its own process), or, in
 * a fukurou worker, back over the bus to the hub that stores them and correlates across
 * organisations. Returns once they are stored, or once the bus holds them. */
static int deliver(fk_monitor *m, const fk_batch *b, uint64_t events, fk_err *err)
{
    if (m->stores_alerts)
        return commit_alerts(m, b, events, NULL, err);
    if (!b && !m->nheld)
        return 0;
    fk_alert_wire_head h = {
        .batch_id = b ? b->id : 0,
        .org = b ? b->org : "",
        .sector = b ? b->sector : "",
        .org_id = b ? b->org_id : 0,
        .events = events,
        .origin = m->origin,
        .seq = b ? 0 : ++m->flush_seq,
    };
    if (fk_alert_wire_encode(&h, m->nheld ? &m->held[0].a : NULL, sizeof(held_alert), m->nheld,
                             fk_bus_max_message(m->bus), publish_part, m, err) != 0)
        return -1;
    pthread_mutex_lock(&m->mu);
    m->stats.alerts += m->nheld;
    if (b) {
        m->stats.batches++;
        m->stats.events += events;
        m->stats.last_batch_ms = now_ms();
    }
    pthread_mutex_unlock(&m->mu);
    return 0;
}

typedef struct {
    fk_monitor *m;
    const fk_batch *b;
    fk_pipeline_profile prof; /* the member's engines, Sigma sets and floor */
} feed_ctx;

static int feed_event(void *ctx, fk_event *ev)
{
    feed_ctx *f = ctx;
    ev->org = (fk_str){f->b->org, strlen(f->b->org)};
    ev->sector = (fk_str){f->b->sector, strlen(f->b->sector)};
    return fk_pipeline_event_profile(f->m->pipe, ev, &f->prof);
}

static int process_batch(fk_monitor *m, int64_t id)
{
    fk_batch b;
    fk_err err;
    int rc = fk_batch_load(m->wdb, id, &b, &err);
    if (rc != 0 || b.done) {
        fk_batch_release(&b);
        if (rc < 0)
            note(m, "batch: %s%s", err.msg, "");
        else /* done already (a redelivery), or gone (retention): nothing to do again */
            fk_bus_ack(m->bus, id);
        return rc < 0 ? -1 : 0;
    }
    char file[48];
    snprintf(file, sizeof file, "batch:%lld", (long long)id);
    feed_ctx f = {.m = m, .b = &b};
    if (!fk_pipeline_profile_parse(b.engines, &f.prof, &err)) {
        note(m, "%s: %s (all engines run)", b.org, err.msg);
        fk_pipeline_profile_parse("all", &f.prof, &err);
    } else if (!fk_pipeline_profile_resolve(m->pipe, &f.prof, &err)) {
        note(m, "%s: %s", b.org, err.msg); /* its other sets still run */
    }
    fk_batch_sink sink = {feed_event, NULL, &f};
    fk_batch_counts counts;
    time_t now = time(NULL);
    rc = fk_batch_decode(b.body, b.body_len, b.format, file, fk_time_year((int64_t)now * 1000),
                         &sink, &counts, &err);
    if (rc != 0 && m->held_failed)
        note(m, "%s: out of memory while holding alerts%s", file, "");
    else if (rc != 0)
        note(m, "%s: %s (its lines are kept, no detection ran)", file, err.msg);
    /* the batch is done either way: retrying a batch detection cannot read would stop
     * every batch behind it */
    if (m->shared && now_ms() - lease_ok_ms(m) >= m->lease_ms) {
        /* the partition's lease was not renewed for a whole lease (this process stood
         * still, or the store was away): another worker may hold it and have this batch,
         * so its alerts are not sent; unacknowledged, it goes to the partition's holder */
        note(m, "%s: leases lapsed while it was detected; left for the partition's holder%s", file,
             "");
        drop_held(m);
        fk_batch_release(&b);
        return 0;
    }
    rc = deliver(m, &b, counts.events, &err);
    if (rc != 0 && err.code == FK_ERR_CONFLICT) {
        /* another worker finished it first (a redelivery raced a slow acknowledgement):
         * its alerts are stored once, by that worker */
        rc = 0;
    } else if (rc != 0) {
        note(m, "%s: cannot store its alerts: %s", file, err.msg);
    }
    drop_held(m);
    m->fed_since_flush = m->fed_since_flush || counts.events;
    m->last_event_wall_ms = now_ms();
    fk_batch_release(&b);
    if (rc == 0)
        fk_bus_ack(m->bus, id);
    return rc;
}

/* The windows give up what they hold (threshold bursts, flagged requests awaiting a
 * baseline) and it goes out: stored, or sent to the hub. The windows are empty after it
 * either way; when the store or the bus refused, what they gave stays held and goes out
 * with the next delivery (a batch's; if that fails too, the batch is redelivered but
 * these alerts are gone). */
static void flush_windows(fk_monitor *m)
{
    if (!m->fed_since_flush)
        return;
    m->fed_since_flush = false;
    fk_err err;
    if (fk_pipeline_flush(m->pipe) != 0 || m->held_failed) {
        note(m, "flushing windows: out of memory%s%s", "", "");
        drop_held(m);
    } else if (deliver(m, NULL, 0, &err) != 0) {
        note(m, "flushing windows: %s (kept for the next delivery)%s", err.msg, "");
    } else {
        drop_held(m);
    }
}

/* After a quiet spell, windows give up what they hold, so an attack that stopped is
 * still reported. */
static void idle_flush(fk_monitor *m)
{
    if (now_ms() - m->last_event_wall_ms >= m->cfg.idle_flush_ms)
        flush_windows(m);
}

/* Acts on the loader's latest plan of the partitions, between batches. Before the worker
 * gives a partition up (a worker joined, and the partition is the newcomer's share now),
 * or when it finds one gone (its lease lapsed: the process was stalled, or the store away
 * for a lease), its windows give up what they hold, so that the next owner starts from
 * an empty window and no burst is counted by two workers. Windows are kept per
 * organisation but flushed together: the other organisations' windows emit early, at
 * most once per change of the workers. Without a renewal for half a lease the worker
 * stops pulling, as another may take its partitions once the lease runs out. */
static void rebalance(fk_monitor *m)
{
    pthread_mutex_lock(&m->mu);
    bool fresh = m->plan_new;
    int64_t ok_ms = m->lease_ok_ms;
    if (fresh)
        memcpy(m->lease_state, m->lease_plan, (size_t)m->partitions);
    m->plan_new = false;
    pthread_mutex_unlock(&m->mu);
    if (!fresh) {
        bool any = false;
        for (int p = 0; p < m->partitions; p++)
            any = any || m->owned[p];
        if (any && now_ms() - ok_ms > m->lease_ms / 2) {
            note(m, "partition leases not renewed for half a lease: pulling nothing%s", "", "");
            memset(m->owned, 0, (size_t)m->partitions);
            fk_bus_assign(m->bus, m->owned, m->partitions);
        }
        return;
    }
    bool flush = false;
    for (int p = 0; p < m->partitions; p++)
        flush = flush || m->lease_state[p] == FK_LEASE_GIVE_UP ||
                (m->owned[p] && m->lease_state[p] == FK_LEASE_NONE);
    if (flush)
        flush_windows(m);
    fk_err err;
    int before = 0, after = 0;
    for (int p = 0; p < m->partitions; p++) {
        if (m->lease_state[p] == FK_LEASE_GIVE_UP &&
            fk_lease_release(m->wdb, m->worker_name, p, &err) != 0)
            note(m, "partition leases: %s%s", err.msg, "");
        before += m->owned[p];
        m->owned[p] = m->lease_state[p] == FK_LEASE_HELD;
        after += m->owned[p];
    }
    fk_bus_assign(m->bus, m->owned, m->partitions);
    /* a change of share is worth a line: it tells the operator that workers came or went,
     * or that this one stood still past its lease */
    if (after != before) {
        char held[48], of[48];
        snprintf(held, sizeof held, "%d", after);
        snprintf(of, sizeof of, "%d", m->partitions);
        note(m, "partitions: now pulling %s of %s", held, of);
    }
}

/* At a worker's clean stop: what its windows hold goes out, and (in fk_monitor_stop) its
 * partitions are free for the others at once rather than when the leases run out. */
static void leave(fk_monitor *m)
{
    flush_windows(m);
    drop_held(m); /* what the bus would not take now is lost with the process */
    memset(m->owned, 0, (size_t)m->partitions);
    fk_bus_assign(m->bus, m->owned, m->partitions);
    /* the leases go once the loader, which renews them, has stopped too */
}

static void *worker_main(void *arg)
{
    fk_monitor *m = arg;
    while (!atomic_load(&m->stop)) {
        /* partitions change hands only here, with no batch in hand */
        if (m->shared)
            rebalance(m);
        int64_t id;
        int r = fk_bus_next(m->bus, &id, 200);
        if (r < 0)
            break;
        if (m->shared) {
            /* several workers share the bus: each processes what it was given from its
             * partitions, and the store's done state keeps a redelivered batch from
             * counting twice */
            swap_indicators(m);
            if (r > 0)
                process_batch(m, id);
            swap_indicators(m);
            idle_flush(m);
            continue;
        }
        /* every pending batch, oldest first: bus messages wake the worker, the store
         * says what is due (out-of-order publishes and redeliveries need no care) */
        int64_t ids[256], after = 0;
        size_t n;
        fk_err err;
        do {
            swap_indicators(m);
            if (fk_batch_pending(m->wdb, after, false, ids, NULL, 256, &n, &err) != 0) {
                note(m, "pending batches: %s%s", err.msg, "");
                break;
            }
            for (size_t i = 0; i < n && !atomic_load(&m->stop); i++) {
                if (process_batch(m, ids[i]) != 0) {
                    n = 0; /* the store failed: wait for the next wake-up to retry */
                    break;
                }
                after = ids[i];
                swap_indicators(m);
            }
        } while (n == 256 && !atomic_load(&m->stop));
        swap_indicators(m);
        idle_flush(m);
    }
    if (m->shared)
        leave(m);
    return NULL;
}

/* ---- the hub of workers: their alerts stored, campaigns correlated -------------------- */

/* One part of a worker's alerts: 0 applied (or applied before), -1 unreadable (dropped,
 * said), -2 the store failed (given back to the bus for later). */
static int apply_alerts(fk_monitor *m, const fk_bus_msg *msg)
{
    fk_alert_wire_head h;
    json_t *root = NULL, *list;
    fk_err err;
    if (fk_alert_wire_decode(msg->data, msg->len, &h, &root, &list, &err) != 0) {
        note(m, "a worker's alerts dropped: %s%s", err.msg, "");
        json_decref(root);
        return -1;
    }
    int rc = 0;
    size_t i;
    json_t *o;
    json_array_foreach(list, i, o)
    {
        fk_alert a;
        const char *bad;
        if (fk_alert_from_json(o, &a, &bad) != 0) {
            note(m, "%s: an alert dropped: bad field \"%s\"", h.key, bad);
            continue;
        }
        if (hold(m, &a) != 0) {
            rc = -2;
            break;
        }
    }
    fk_batch b = {.id = h.batch_id, .org_id = h.org_id};
    snprintf(b.org, sizeof b.org, "%s", h.org);
    snprintf(b.sector, sizeof b.sector, "%s", h.sector);
    if (rc == 0 && commit_alerts(m, h.batch_id > 0 ? &b : NULL, h.events, &h, &err) < 0) {
        note(m, "%s: cannot store its alerts: %s", h.key, err.msg);
        rc = -2;
    }
    drop_held(m);
    json_decref(root);
    return rc;
}

static void *correlator_main(void *arg)
{
    fk_monitor *m = arg;
    bool held = false;
    int64_t last_hold = 0, last_ok = 0;
    while (!atomic_load(&m->stop)) {
        int64_t t = now_ms();
        if (t - last_hold >= m->lease_ms / 4) {
            bool was = held;
            fk_err err;
            if (fk_lease_hold(m->wdb, "correlator", m->worker_name, t, m->lease_ms, &held, &err) !=
                0) {
                note(m, "correlator lease: %s%s", err.msg, "");
                held = was && t - last_ok <= m->lease_ms / 2;
            } else {
                last_ok = t;
            }
            if (held != was)
                note(m, "%s%s",
                     held ? "storing the workers' alerts and correlating across organisations"
                          : "another hub stores the workers' alerts",
                     "");
            last_hold = t;
        }
        if (!held) {
            usleep(200000);
            continue;
        }
        fk_bus_msg msg;
        int r = fk_bus_next_alerts(m->bus, &msg, 200);
        if (r < 0)
            break;
        if (r == 0)
            continue;
        int rc = apply_alerts(m, &msg);
        fk_bus_alerts_done(m->bus, &msg, rc != -2);
        if (rc == -2)
            usleep(200000); /* the store is away: do not spin on the same message */
    }
    fk_err err;
    if (held && fk_lease_release_all(m->wdb, m->worker_name, &err) != 0)
        note(m, "correlator lease: %s%s", err.msg, "");
    return NULL;
}

/* ---- start and stop ------------------------------------------------------------------- */

int fk_monitor_start(fk_monitor **out, const fk_monitor_config *cfg, fk_err *err)
{
    *out = NULL;
    fk_monitor *m = calloc(1, sizeof *m);
    if (!m)
        return fk_errc(err, FK_ERR_NOMEM, "out of memory");
    m->cfg = *cfg;
    if (!m->cfg.max_backlog_batches)
        m->cfg.max_backlog_batches = 10000;
    if (!m->cfg.max_backlog_bytes)
        m->cfg.max_backlog_bytes = INT64_C(2) << 30;
    if (!m->cfg.idle_flush_ms)
        m->cfg.idle_flush_ms = 5000;
    if (!m->cfg.indicator_poll_ms)
        m->cfg.indicator_poll_ms = 100;
    if (!m->cfg.raw_max_age_ms)
        m->cfg.raw_max_age_ms = INT64_C(30) * 86400000;
    if (!m->cfg.alert_max_age_ms)
        m->cfg.alert_max_age_ms = INT64_C(365) * 86400000;
    pthread_mutex_init(&m->mu, NULL);
    pthread_cond_init(&m->wake_loader, NULL);
    fk_strmap_init(&m->org_ids);
    atomic_init(&m->stop, false);
    atomic_init(&m->publish_failed, false);
    m->started_ms = now_ms();
    if (gethostname(m->host, sizeof m->host) != 0)
        snprintf(m->host, sizeof m->host, "unknown");
    m->host[sizeof m->host - 1] = '\0';
    snprintf(m->worker_name, sizeof m->worker_name, "%s:%ld", m->host, (long)getpid());
    snprintf(m->origin, sizeof m->origin, "%s:%lld", m->worker_name, (long long)m->started_ms);
    int64_t gen = 0;
    fk_ioc_set *iocs = NULL;
    /* the store first: its identity names the batches on a shared bus */
    int rc = fk_db_open(&m->wdb, cfg->store, err);
    char identity[80], ns[16] = "";
    if (rc == 0) {
        const char *uuid = strstr(fk_hub_identity(m->wdb, identity), "--");
        snprintf(ns, sizeof ns, "%.8s", uuid ? uuid + 2 : "");
        rc = fk_bus_open(&m->bus, cfg->bus_url, ns, err);
    }
    if (rc == 0) {
        m->shared = fk_bus_is_shared(m->bus);
        m->detects = !m->shared || cfg->worker;
        m->stores_alerts = !cfg->worker;
        if (cfg->worker && !m->shared)
            rc = fk_errc(err, FK_ERR_INVALID,
                         "a worker needs a shared bus (nats://…), not the hub's in-process one");
        /* a partition goes to another worker, and the correlator to another hub, this
         * long after its holder was last heard */
        m->lease_ms = fk_bus_url_option(cfg->bus_url, "lease_ms", 10000);
        if (m->lease_ms < 400)
            m->lease_ms = 400;
        m->partitions = fk_bus_partitions(m->bus);
        if (rc == 0 && m->shared &&
            (!(m->lease_state = calloc((size_t)m->partitions, 1)) ||
             !(m->lease_plan = calloc((size_t)m->partitions, 1)) ||
             !(m->owned = calloc((size_t)m->partitions, 1))))
            rc = fk_errc(err, FK_ERR_NOMEM, "out of memory");
    }
    if (rc == 0)
        rc = fk_db_open(&m->ldb, cfg->store, err);
    if (rc == 0 && m->detects && !(iocs = build_indicators(m->ldb, -1, &gen, err)))
        rc = -1;
    if (rc == 0 && m->detects) {
        m->stats.indicators_generation = gen;
        m->stats.indicators = m->base_count = fk_ioc_count(iocs);
        fk_pipeline_spec spec = {
            .ioc_severity = FK_SEV_HIGH,
            .iocs = iocs,
            .rule_files = cfg->rule_files,
            .nrules = cfg->nrules,
            .no_web = cfg->no_web,
            .no_rules = cfg->no_rules,
            .cache_dir = cfg->cache_dir,
            .sigma_paths = cfg->sigma_paths,
            .nsigma = cfg->nsigma,
        };
        iocs = NULL; /* the pipeline owns it now, even when it fails */
        rc = fk_pipeline_new(&m->pipe, &spec, hold, m, err);
    }
    if (rc == 0 && m->detects)
        fk_pipeline_engines(m->pipe, m->stats.engines, sizeof m->stats.engines);
    /* campaign rules: a file, or the shipped ones, where alerts are stored */
    if (rc == 0 && !m->stores_alerts) {
        /* a worker: its alerts go to the hub */
    } else if (rc == 0 && cfg->campaigns_file) {
        size_t n;
        char *yaml = fk_read_file(cfg->campaigns_file, 4u << 20, &n, err);
        rc = yaml ? fk_campaign_rules_load(&m->campaign_rules, cfg->campaigns_file, yaml, n, err)
                  : -1;
        free(yaml);
    } else if (rc == 0) {
        rc = fk_campaign_rules_default(&m->campaign_rules, err);
    }
    if (rc == 0 && m->stores_alerts &&
        !(m->campaign = fk_campaign_new(m->campaign_rules, on_campaign, m)))
        rc = fk_errc(err, FK_ERR_NOMEM, "out of memory");
    /* redelivery: what was stored but not done before a stop or a crash (the hub's
     * job; a shared bus that is away now is tried again by the loader) */
    if (rc == 0 && !cfg->worker && republish_pending(m, m->wdb, err) != 0 && m->shared) {
        note(m, "republishing pending batches: %s%s", err->msg, "");
        atomic_store(&m->publish_failed, true); /* the loader tries again */
        rc = 0;
    }
    /* one thread: detection, or (the hub of workers) storing the workers' alerts */
    if (rc == 0 &&
        pthread_create(&m->worker, NULL, m->detects ? worker_main : correlator_main, m) != 0)
        rc = fk_errf(err, "cannot start the detection worker");
    m->worker_started = rc == 0;
    if (rc == 0 && pthread_create(&m->loader, NULL, loader_main, m) != 0)
        rc = fk_errf(err, "cannot start the indicator loader");
    m->loader_started = rc == 0;
    if (rc != 0) {
        fk_monitor_stop(m);
        return -1;
    }
    *out = m;
    return 0;
}

void fk_monitor_stop(fk_monitor *m)
{
    if (!m)
        return;
    atomic_store(&m->stop, true);
    fk_bus_shutdown(m->bus);
    pthread_mutex_lock(&m->mu);
    pthread_cond_broadcast(&m->wake_loader);
    pthread_mutex_unlock(&m->mu);
    if (m->worker_started)
        pthread_join(m->worker, NULL);
    if (m->loader_started)
        pthread_join(m->loader, NULL);
    if (m->loader_started && m->cfg.worker) {
        beat(m, m->ldb, true);
        fk_err err;
        if (m->shared && fk_lease_release_all(m->ldb, m->worker_name, &err) != 0)
            note(m, "partition leases: %s%s", err.msg, "");
    }
    drop_held(m);
    free(m->held);
    fk_strmap_free(&m->org_ids);
    fk_ioc_set_free(m->next_iocs);
    fk_ioc_set_free(m->next_delta);
    fk_pipeline_free(m->pipe);
    fk_campaign_free(m->campaign);
    fk_campaign_rules_free(m->campaign_rules);
    fk_bus_close(m->bus);
    free(m->lease_state);
    free(m->lease_plan);
    free(m->owned);
    fk_db_close(m->wdb);
    fk_db_close(m->ldb);
    pthread_cond_destroy(&m->wake_loader);
    pthread_mutex_destroy(&m->mu);
    free(m);
}

void fk_monitor_stats_get(fk_monitor *m, fk_monitor_stats *out)
{
    pthread_mutex_lock(&m->mu);
    *out = m->stats;
    pthread_mutex_unlock(&m->mu);
}

/* ---- the ingest use case -------------------------------------------------------------- */

typedef struct {
    json_t *list;
} check_ctx;

static int count_event(void *ctx, fk_event *ev)
{
    (void)ctx;
    (void)ev;
    return 0;
}

static int list_malformed(void *ctx, uint64_t line, const char *why)
{
    check_ctx *c = ctx;
    if (json_array_size(c->list) < 1000)
        json_array_append_new(c->list,
                              json_pack("{sIss}", "line", (json_int_t)line, "reason", why));
    return 0;
}

int fk_monitor_ingest(fk_monitor *m, fk_db *db, const fk_principal *who,
                      const fk_ingest_request *rq, fk_ingest_result *out, fk_err *err)
{
    memset(out, 0, sizeof *out);
    const char *org = rq->org && *rq->org ? rq->org : who->org;
    int64_t org_id;
    char sector[48];
    if (fk_access_sender_org(db, who, rq->org, "logs", &org_id, sector, err) != 0)
        return -1;
    int rc;
    int64_t backlog, bytes;
    if (fk_batch_backlog(db, &backlog, &bytes, err) != 0)
        return -1;
    if (backlog >= m->cfg.max_backlog_batches || bytes >= m->cfg.max_backlog_bytes)
        return fk_errc(err, FK_ERR_BUSY, "detection is %lld batches (%lld MiB) behind: retry later",
                       (long long)backlog, (long long)(bytes >> 20));
    /* every line is checked now, so the sender learns which ones are malformed while it
     * still has them; the batch is stored whole either way */
    check_ctx cc = {json_array()};
    if (!cc.list)
        return fk_errc(err, FK_ERR_NOMEM, "out of memory");
    out->malformed_lines = cc.list;
    fk_batch_sink sink = {count_event, list_malformed, &cc};
    fk_batch_counts counts;
    time_t now = time(NULL);
    if (fk_batch_decode(rq->body, rq->len, rq->format, "batch", fk_time_year((int64_t)now * 1000),
                        &sink, &counts, err) != 0)
        return -1;
    out->lines = counts.lines;
    out->events = counts.events;
    out->malformed = counts.malformed;
    out->skipped = counts.skipped;
    snprintf(out->format, sizeof out->format, "%s", counts.format);
    fk_batch_in in = {
        .org_id = org_id,
        .batch_key = rq->batch_key,
        .source = rq->source,
        .policy = rq->policy,
        .format = strcmp(counts.format, "unknown") ? counts.format : "auto",
        .lines = counts.lines,
        .malformed = counts.malformed,
        .body = rq->body,
        .body_len = rq->len,
        .received_ms = now_ms(),
        .newest_event_ms = counts.newest_ms,
    };
    fk_batch_stored stored;
    char actor[160], object[48];
    snprintf(actor, sizeof actor, "account:%s", who->account);
    if (fk_db_begin(db, err) != 0)
        return -1;
    rc = fk_batch_store(db, &in, &stored, err);
    if (rc == 0 && !stored.duplicate) {
        snprintf(object, sizeof object, "batch:%lld", (long long)stored.id);
        json_t *d = json_pack("{sssssIsIsIss}", "organisation", org, "key",
                              rq->batch_key ? rq->batch_key : "", "lines", (json_int_t)in.lines,
                              "malformed", (json_int_t)in.malformed, "bytes",
                              (json_int_t)in.body_len, "sha256", stored.digest);
        char *detail = d ? json_dumps(d, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
        json_decref(d);
        rc = detail ? fk_audit_append(db, actor, "ingest.batch", object, detail, err)
                    : fk_errc(err, FK_ERR_NOMEM, "out of memory");
        free(detail);
    }
    if (rc == 0 && fk_db_commit(db, err) != 0)
        rc = -1;
    if (rc != 0) {
        fk_db_rollback(db);
        return -1;
    }
    out->batch_id = stored.id;
    out->duplicate = stored.duplicate;
    memcpy(out->digest, stored.digest, sizeof out->digest);
    /* Durable now. In the hub's own process a lost publish is found by the worker's scan
     * of pending batches. A shared bus must hold the batch before the sender is told it
     * was taken: when it cannot, the sender is asked to retry (503), and its retry (a
     * duplicate key) publishes again, as does the hub's periodic republish. */
    if (m->shared || !stored.duplicate) {
        fk_err perr;
        if (fk_bus_publish(m->bus, stored.id, org_id, &perr) != 0 && m->shared) {
            atomic_store(&m->publish_failed, true);
            fk_ingest_result_free(out);
            return fk_errc(err, FK_ERR_BUSY, "the detection bus is unreachable: retry later (%s)",
                           perr.msg);
        }
        /* not marked: a start of the hub republishes it, JetStream drops the copy */
        if (m->shared && fk_batch_published(db, stored.id, &perr) != 0)
            note(m, "marking a batch published: %s%s", perr.msg, "");
    }
    return 0;
}

void fk_ingest_result_free(fk_ingest_result *r)
{
    json_decref(r->malformed_lines);
    r->malformed_lines = NULL;
}
