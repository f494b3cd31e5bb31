/* Matching the asset ledgers against the vulnerability records inside a use case's
 * transaction: a few changed records asked lazily (only the names of their products
 * read), whole ledgers asked on every core, an update's records asked ahead on the
 * second core while the first stores them. Owns a run's matcher and its threads; the
 * store reads and writes. */
#include "vuln_match.h"

#include "../core/arena.h"
#include "../core/timefmt.h"
#include "../vuln/kept.h"
#include "../vuln/ledger_feed.h"
#include "../vuln/match_pool.h"
#include "../vuln/matcher.h"
#include "../vuln/record.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NOMEM(err) fk_errc(err, FK_ERR_NOMEM, "out of memory")

typedef struct match_run {
    fk_db *db;
    fk_matcher *m;
    fk_match_pool *pool; /* a whole ledger's scope: the rules asked on every core */
    fk_kept *kept;       /* every ledger: the names' answers from before */
    int64_t now_ms;
    size_t matches, candidates;
    size_t systems, names;     /* taken in (summed over a scope's chunks) */
    json_int_t phases_ms[3];   /* whole ledgers: reading, asking, writing (-1: lazily) */
    fk_hub_match_ahead *ahead; /* an update's records asked already (may be NULL) */
    size_t taken;              /* records whose answers were taken from ahead */
    atomic_bool *stop;         /* asking ahead: set when its answers are no longer wanted */
} match_run;

/* Asking ahead is told to stop: the rows it is reading end the read. */
static int stopped(const match_run *r, fk_err *err)
{
    return r->stop && atomic_load_explicit(r->stop, memory_order_relaxed)
               ? fk_errc(err, FK_ERR_BUSY, "asking ahead stopped: its answers are not wanted")
               : 0;
}

static int ledger_row(void *ctx, int64_t asset_id, int64_t org_id, const char *cpe,
                      const char *product, fk_err *err)
{
    if (stopped(ctx, err) != 0)
        return -1;
    return fk_matcher_add(((match_run *)ctx)->m, asset_id, org_id, cpe, product, err);
}

/* The same through a feed: the matcher's maps are built on a thread of their own while
 * this one reads on (vuln/ledger_feed.h). */
static int feed_row(void *ctx, int64_t asset_id, int64_t org_id, const char *cpe,
                    const char *product, fk_err *err)
{
    return fk_ledger_feed_add(ctx, asset_id, org_id, cpe, product, err);
}

/* Every system of the scope into r->m, read on this thread and added on another. */
static int read_ledger(match_run *r, const fk_match_scope *scope, fk_err *err)
{
    fk_ledger_feed *feed;
    if (fk_ledger_feed_new(r->m, &feed, err) != 0)
        return -1;
    if (fk_matches_ledger(r->db, scope, feed_row, feed, err) != 0) {
        fk_ledger_feed_free(feed);
        return -1;
    }
    return fk_ledger_feed_finish(feed, err);
}

/* A kept answer, as the store reads it. */
static int kept_row(void *ctx, const char *cpe, const char *vuln_id, const char *confidence,
                    const char *evidence, fk_err *err)
{
    return fk_kept_add(ctx, cpe, vuln_id, confidence, evidence, err);
}

/* On a matching thread: a name's answer that says again what was kept goes no further
 * (kept as it is, with the time it was first found). */
static bool news(void *ctx, const fk_match *mt)
{
    return mt->asset_id != 0 ||
           fk_kept_check(ctx, mt->name, mt->vuln_id, fk_match_confidence_name(mt->confidence),
                         mt->evidence) != FK_KEPT_SAME;
}

static int remove_gone(void *ctx, const char *cpe, const char *vuln_id, fk_err *err)
{
    return fk_matches_remove_name(((match_run *)ctx)->db, cpe, vuln_id, err);
}

static int write_staged(void *ctx, const char *cpe, const char *vuln_id, const char *confidence,
                        const char *evidence, bool changed, fk_err *err)
{
    match_run *r = ctx;
    return fk_matches_names_write(r->db, cpe, vuln_id, confidence, evidence, changed, r->now_ms,
                                  err);
}

/* The new and changed answers of a full match, in the table's key order. */
static int write_kept(match_run *r, fk_err *err)
{
    bool rebuild;
    if (fk_matches_names_write_begin(r->db, fk_kept_staged(r->kept), &rebuild, err) != 0 ||
        fk_kept_each_staged(r->kept, write_staged, r, err) != 0)
        return -1;
    return fk_matches_names_write_end(r->db, rebuild, err);
}

static int emit(void *ctx, const fk_match *mt, fk_err *err)
{
    match_run *r = ctx;
    r->matches++;
    const char *confidence = fk_match_confidence_name(mt->confidence);
    if (mt->asset_id == 0 && r->kept) /* new, or changed (what the filter let through) */
        return fk_kept_stage(r->kept, mt->name, mt->vuln_id, mt->confidence, mt->evidence, err);
    if (mt->asset_id == 0)
        return fk_matches_add_name(r->db, mt->cpe, mt->vuln_id, confidence, mt->evidence, r->now_ms,
                                   err);
    return fk_matches_add(r->db, mt->asset_id, mt->org_id, mt->vuln_id, confidence, mt->cpe,
                          mt->evidence, r->now_ms, err);
}

/* A JVN record's versions in words, joined ("v6 R4 and earlier; ..."). */
static char *versions_in_words(const char *jvn)
{
    json_t *rec = jvn ? json_loads(jvn, 0, NULL) : NULL;
    json_t *words = json_object_get(rec, "affected_text");
    if (!json_array_size(words)) {
        json_decref(rec);
        return NULL;
    }
    size_t cap = 1, i;
    json_t *w;
    json_array_foreach(words, i, w) cap += json_string_length(w) + 2;
    char *out = malloc(cap);
    if (out) {
        out[0] = '\0';
        json_array_foreach(words, i, w)
        {
            if (i)
                strcat(out, "; ");
            strcat(out, json_string_value(w));
        }
    }
    json_decref(rec);
    return out;
}

static int candidate_row(void *ctx, const char *id, const char *configurations, bool versions,
                         const char *jvn, fk_err *err)
{
    match_run *r = ctx;
    r->candidates++;
    char *note = versions ? NULL : versions_in_words(jvn);
    int rc =
        fk_match_pool_add(r->pool, id, configurations ? configurations : "[]", versions, note, err);
    free(note);
    return rc;
}

/* ---- a few changed vulnerabilities, asked lazily ------------------------------------- */

/* Changed vulnerabilities are matched without reading the whole ledger: their rules are
 * compiled first, only the names of the products they name are read, and systems only
 * where a rule asks what else a system runs. Every rule of a chunk is held compiled
 * until the names are read: 10,000 at a time keep that within a few hundred MB (20,000
 * peaked at 800 MB with the document). Measured with the 100,000-system ledger
 * (bench/vulns.sh's data), this costs about 0.4 ms a changed record (1,000: 0.37 s,
 * 5,000: 2.2 s, 20,000: 8.3 s), where matching the same scope by reading the systems
 * that run its products cost 7, 26 and 117 s, and matching every ledger again about
 * 35 s. So beyond some 80,000 changed records, every ledger is matched again instead. */
enum { LAZY_CHUNK = 10000, FULL_MATCH_FROM = 80000 };

typedef struct compiled {
    char *id, *note;
    fk_vuln_rule *rule; /* NULL: answered ahead (held) */
    bool versions;
    size_t held;
} compiled;

typedef struct lazy {
    compiled *v;
    size_t n, cap;
    json_t *products;                /* "vendor:product" -> true */
    const fk_hub_match_ahead *ahead; /* answers found ahead (may be NULL) */
} lazy;

static bool held_for(const fk_hub_match_ahead *a, const char *id, const char *configurations,
                     size_t *k);

static int compile_row(void *ctx, const char *id, const char *configurations, bool versions,
                       const char *jvn, fk_err *err)
{
    lazy *z = ctx;
    compiled *grown = fk_grow(z->v, &z->cap, z->n, 256, sizeof *z->v);
    if (!grown)
        return NOMEM(err);
    z->v = grown;
    const char *text = configurations ? configurations : "[]";
    size_t held;
    if (versions && held_for(z->ahead, id, text, &held)) {
        compiled *c = &z->v[z->n++];
        *c = (compiled){.id = strdup(id), .versions = true, .held = held};
        return c->id ? 0 : NOMEM(err);
    }
    fk_vuln_rule *rule;
    fk_err cerr;
    if (fk_vuln_rule_compile_text(text, strlen(text), &rule, &cerr) != 0)
        return fk_errc(err, cerr.code, "%s: %s", id, cerr.msg);
    compiled *c = &z->v[z->n++];
    *c = (compiled){strdup(id), versions ? NULL : versions_in_words(jvn), rule, versions, 0};
    if (!c->id)
        return NOMEM(err);
    /* every product it names, vulnerable or platform: their names are what it asks */
    for (size_t k = 0; k < fk_vuln_rule_criteria(rule); k++) {
        bool vulnerable;
        char product[256];
        const char *criteria = fk_vuln_rule_criteria_text(rule, k, &vulnerable);
        if (criteria && fk_vuln_vendor_product(criteria, product, sizeof product) &&
            json_object_set_new(z->products, product, json_true()) != 0)
            return NOMEM(err);
    }
    return 0;
}

static int name_row(void *ctx, int64_t asset_id, int64_t org_id, const char *cpe,
                    const char *product, fk_err *err)
{
    (void)asset_id;
    (void)org_id;
    if (stopped(ctx, err) != 0)
        return -1;
    return fk_matcher_add_name(((match_run *)ctx)->m, cpe, product, err);
}

static int load_systems(void *ctx, fk_matcher *m, const char *cpe, fk_err *err)
{
    (void)m;
    match_run *r = ctx;
    return fk_matches_systems_running(r->db, cpe, ledger_row, r, err);
}

static int replay_held(match_run *r, size_t held, const char *id, fk_err *err);

static int match_lazily(match_run *r, const fk_match_scope *scope, fk_err *err)
{
    lazy z = {.products = json_object(), .ahead = r->ahead};
    int rc = z.products ? 0 : NOMEM(err);
    if (rc == 0)
        rc = fk_matches_candidates(r->db, scope, compile_row, &z, err);
    fk_matcher_lazy(r->m, load_systems, r);
    if (rc == 0 && json_object_size(z.products) > 0)
        rc = fk_matches_names_of(r->db, z.products, name_row, r, err);
    for (size_t i = 0; i < z.n; i++) {
        if (rc == 0 && !z.v[i].rule) {
            r->candidates++;
            r->taken++;
            rc = replay_held(r, z.v[i].held, z.v[i].id, err);
        } else if (rc == 0 && fk_matcher_names(r->m) > 0) {
            r->candidates++;
            rc = fk_matcher_ask(r->m, NULL, z.v[i].id, z.v[i].rule, z.v[i].versions, z.v[i].note,
                                emit, r, err);
        }
        free(z.v[i].id);
        free(z.v[i].note);
        fk_vuln_rule_free(z.v[i].rule);
    }
    free(z.v);
    json_decref(z.products);
    return rc;
}

/* The scope's vulnerabilities a chunk at a time: each chunk's old matches removed, then
 * matched lazily with a matcher of its own (the names a chunk reads are its products'). */
static int match_lazily_in_chunks(match_run *r, json_t *vulns, fk_err *err)
{
    size_t n = json_array_size(vulns);
    int rc = 0;
    for (size_t at = 0; rc == 0 && at < n; at += LAZY_CHUNK) {
        json_t *ids = json_array();
        for (size_t k = at; ids && k < at + LAZY_CHUNK && k < n; k++)
            if (json_array_append(ids, json_array_get(vulns, k)) != 0) {
                json_decref(ids);
                ids = NULL;
            }
        if (!ids || !(r->m = fk_matcher_new())) {
            json_decref(ids);
            return NOMEM(err);
        }
        fk_match_scope chunk = {.vulns = ids};
        rc = fk_matches_begin(r->db, &chunk, err);
        if (rc == 0)
            rc = match_lazily(r, &chunk, err);
        if (rc == 0)
            rc = fk_matches_end(r->db, err);
        r->systems += fk_matcher_assets(r->m);
        r->names += fk_matcher_names(r->m);
        fk_matcher_free(r->m);
        r->m = NULL;
        json_decref(ids);
    }
    return rc;
}

/* Whole ledgers (every one, an organisation's, a system's): the scope's systems read
 * into memory, every candidate rule asked of them on every core. For every ledger the
 * names' answers are compared with those kept (fk_kept) on the threads that find them,
 * and the new and changed ones written in key order at the end (the stage). */
static int match_ledgers(match_run *r, const fk_match_scope *scope, fk_err *err)
{
    if (!(r->m = fk_matcher_new()))
        return NOMEM(err);
    int64_t t0 = fk_time_mono_ms();
    int rc = fk_matches_begin(r->db, scope, err);
    bool every = scope->asset <= 0 && scope->org <= 0; /* the names' answers held in r->kept */
    if (rc == 0)
        rc = read_ledger(r, scope, err);
    /* the store is read and written on this thread; the rules are compiled and asked on
     * the others (which parse the ledger's names first, while the kept answers are read
     * here), their matches handed back here in the rules' order */
    if (rc == 0 && fk_matcher_assets(r->m) > 0)
        rc = fk_match_pool_new(r->m, 0, emit, r, &r->pool, err);
    if (rc == 0 && every) {
        rc = (r->kept = fk_kept_new(r->m)) ? fk_matches_names_kept(r->db, kept_row, r->kept, err)
                                           : NOMEM(err);
        if (rc == 0)
            rc = fk_kept_seal(r->kept, err);
        if (rc == 0 && r->pool)
            fk_match_pool_filter(r->pool, news, r->kept);
    }
    int64_t t1 = fk_time_mono_ms();
    if (rc == 0 && r->pool) {
        rc = fk_matches_candidates(r->db, scope, candidate_row, r, err);
        if (rc == 0)
            rc = fk_match_pool_finish(r->pool, err);
        r->matches += fk_match_pool_dropped(r->pool);
    }
    fk_match_pool_free(r->pool);
    r->pool = NULL;
    int64_t t2 = fk_time_mono_ms();
    /* what was said before and is no longer */
    if (rc == 0 && r->kept)
        rc = fk_kept_each_gone(r->kept, remove_gone, r, err);
    if (rc == 0 && r->kept)
        rc = write_kept(r, err);
    if (rc == 0)
        rc = fk_matches_end(r->db, err);
    fk_kept_free(r->kept);
    r->kept = NULL;
    r->systems = fk_matcher_assets(r->m);
    r->names = fk_matcher_names(r->m);
    fk_matcher_free(r->m);
    r->m = NULL;
    r->phases_ms[0] = t1 - t0;
    r->phases_ms[1] = t2 - t1;
    r->phases_ms[2] = fk_time_mono_ms() - t2;
    return rc;
}

/* ---- an update's records asked ahead, on the second core ----------------------------- */

/* An update's records are stored on the use case's thread, through the one connection
 * that writes, and only then matched: one core works while the other waits. Matching
 * needs the records' rules and the ledger, and the update changes neither: so while
 * the first core stores, a second compiles the NVD records' rules from the document in
 * memory and asks them of the ledger, read through a connection of its own
 * (fk_db_reader). That connection sees what was committed, and nothing can be
 * committed while the update's transaction holds the store, so it reads the ledger the
 * update sees. The answers are held by record. The lazy matcher takes a record's answers
 * instead of asking it only where the stored row's configurations are the very text
 * they were found for; a record the store merged with another source, skipped as older
 * or took twice is asked as before. */

typedef struct held_match {
    int64_t asset_id, org_id;
    fk_match_confidence confidence;
    char *cpe, *evidence;
} held_match;

typedef struct held {
    const char *configurations; /* the record's, as the document gave it */
    size_t first, n;            /* its answers in matches[] */
} held;

struct fk_hub_match_ahead {
    fk_db *reader;
    json_t *records; /* the caller's, unchanged until fk_hub_match_ahead_end */
    pthread_t thread;
    bool running;
    held *h; /* one per record asked, in the document's order */
    size_t nh;
    held_match *matches;
    size_t nm, capm;
    json_t *by_id;   /* id -> its last record's index in h */
    json_t *askable; /* the ids it asks (id -> true), for the store's thread alone */
    atomic_bool stop;
    size_t whole; /* records whose asking ended whole (their answers can be taken) */
    size_t systems, names;
    int64_t began_ms, took_ms, waited_ms; /* the thread's time, and the store's wait for it */
};

/* Only what the lazy matcher would compile the same: NVD's records with their
 * configurations as the stream reader gives them (text) and machine-readable versions. */
static const char *askable(json_t *rec)
{
    const char *source = json_string_value(json_object_get(rec, "source"));
    const char *text = json_string_value(json_object_get(rec, "configurations_json"));
    if (!source || strcmp(source, "nvd") || !text || !strcmp(text, "[]") ||
        !json_is_true(json_object_get(rec, "versions")) ||
        !json_string_value(json_object_get(rec, "id")))
        return NULL;
    return text;
}

static int hold(void *ctx, const fk_match *mt, fk_err *err)
{
    fk_hub_match_ahead *a = ctx;
    held_match *grown = fk_grow(a->matches, &a->capm, a->nm, 1024, sizeof *a->matches);
    if (!grown)
        return NOMEM(err);
    a->matches = grown;
    held_match *m = &a->matches[a->nm];
    *m = (held_match){mt->asset_id, mt->org_id, mt->confidence, strdup(mt->cpe),
                      mt->evidence ? strdup(mt->evidence) : NULL};
    if (!m->cpe || (mt->evidence && !m->evidence)) {
        free(m->cpe);
        free(m->evidence);
        return NOMEM(err);
    }
    a->nm++;
    a->h[a->nh - 1].n++;
    return 0;
}

static int ask_ahead(fk_hub_match_ahead *a, fk_err *err)
{
    match_run r = {.db = a->reader, .stop = &a->stop};
    lazy z = {.products = json_object()};
    size_t n = json_array_size(a->records);
    int rc = z.products && (a->by_id = json_object()) && (a->h = calloc(n, sizeof *a->h))
                 ? 0
                 : NOMEM(err);
    size_t *of = rc == 0 ? calloc(n ? n : 1, sizeof *of) : NULL; /* compiled -> record */
    if (rc == 0 && !of)
        rc = NOMEM(err);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        json_t *rec = json_array_get(a->records, i);
        const char *text = askable(rec);
        if (text && (rc = compile_row(&z, json_string_value(json_object_get(rec, "id")), text, true,
                                      NULL, err)) == 0)
            of[z.n - 1] = i;
    }
    if (rc == 0 && !(r.m = fk_matcher_new()))
        rc = NOMEM(err);
    /* one read transaction for all it reads: one snapshot, taken once */
    bool reading = rc == 0 && fk_db_exec(a->reader, "BEGIN", err) == 0;
    if (rc == 0 && !reading)
        rc = -1;
    if (rc == 0) {
        fk_matcher_lazy(r.m, load_systems, &r);
        if (z.n)
            rc = fk_matches_names_of(a->reader, z.products, name_row, &r, err);
    }
    for (size_t i = 0; i < z.n; i++) {
        if (rc == 0) {
            json_t *rec = json_array_get(a->records, of[i]);
            held *h = &a->h[a->nh++];
            *h = (held){askable(rec), a->nm, 0};
            rc = stopped(&r, err);
            if (rc == 0 && fk_matcher_names(r.m) > 0)
                rc = fk_matcher_ask(r.m, NULL, z.v[i].id, z.v[i].rule, true, NULL, hold, a, err);
            /* only now are its answers whole: a stop or a failure leaves the others out */
            if (rc == 0 &&
                json_object_set_new(a->by_id, z.v[i].id, json_integer((json_int_t)(a->nh - 1))))
                rc = NOMEM(err);
            if (rc == 0)
                a->whole++;
        }
        free(z.v[i].id);
        free(z.v[i].note);
        fk_vuln_rule_free(z.v[i].rule);
    }
    if (reading && fk_db_exec(a->reader, "COMMIT", rc == 0 ? err : NULL) != 0)
        rc = -1;
    if (r.m) {
        a->systems = fk_matcher_assets(r.m);
        a->names = fk_matcher_names(r.m);
    }
    fk_matcher_free(r.m);
    free(z.v);
    free(of);
    json_decref(z.products);
    return rc;
}

/* A failure here (memory, the reader) or a stop costs only time: the records whose
 * answers it did not finish are asked after storing, as they would have been. */
static void *ahead_thread(void *arg)
{
    fk_hub_match_ahead *a = arg;
    fk_err err;
    (void)ask_ahead(a, &err);
    a->took_ms = fk_time_mono_ms() - a->began_ms;
    return NULL;
}

fk_hub_match_ahead *fk_hub_match_ahead_begin(fk_db *db, json_t *records)
{
    fk_hub_match_ahead *a = calloc(1, sizeof *a);
    if (!a || !(a->askable = json_object())) {
        free(a);
        return NULL;
    }
    atomic_init(&a->stop, false);
    a->records = records;
    int failed = 0;
    for (size_t i = 0; !failed && i < json_array_size(records); i++) {
        json_t *rec = json_array_get(records, i);
        if (askable(rec))
            failed = json_object_set_new(a->askable, json_string_value(json_object_get(rec, "id")),
                                         json_true());
    }
    /* a chunk's worth at most: a larger update is matched chunk by chunk, or whole */
    size_t askables = json_object_size(a->askable);
    bool any;
    fk_err err;
    if (failed || askables == 0 || askables > LAZY_CHUNK ||
        fk_matches_ledger_any(db, &any, &err) != 0 || !any) {
        fk_hub_match_ahead_end(a);
        return NULL;
    }
    a->began_ms = fk_time_mono_ms();
    if (fk_db_reader(db, &a->reader, &err) != 0 ||
        pthread_create(&a->thread, NULL, ahead_thread, a) != 0) {
        fk_hub_match_ahead_end(a);
        return NULL;
    }
    a->running = true;
    return a;
}

/* Waits for the thread; whether there are answers to take. */
static bool ahead_wait(fk_hub_match_ahead *a)
{
    if (a && a->running) {
        int64_t t0 = fk_time_mono_ms();
        pthread_join(a->thread, NULL);
        a->running = false;
        a->waited_ms = fk_time_mono_ms() - t0;
    }
    return a && a->by_id;
}

/* How many of ids are asked ahead. */
static size_t asked_of(const fk_hub_match_ahead *a, json_t *ids)
{
    size_t i, n = 0;
    json_t *id;
    json_array_foreach(ids, i, id)
    {
        if (json_object_get(a->askable, json_string_value(id)))
            n++;
    }
    return n;
}

static bool held_for(const fk_hub_match_ahead *a, const char *id, const char *configurations,
                     size_t *k)
{
    json_t *at = a ? json_object_get(a->by_id, id) : NULL;
    if (!at)
        return false;
    *k = (size_t)json_integer_value(at);
    return !strcmp(a->h[*k].configurations, configurations);
}

static int replay_held(match_run *r, size_t k, const char *id, fk_err *err)
{
    const held *h = &r->ahead->h[k];
    for (size_t i = h->first; i < h->first + h->n; i++) {
        const held_match *m = &r->ahead->matches[i];
        fk_match mt = {.asset_id = m->asset_id,
                       .org_id = m->org_id,
                       .vuln_id = id,
                       .confidence = m->confidence,
                       .cpe = m->cpe,
                       .evidence = m->evidence};
        if (emit(r, &mt, err) != 0)
            return -1;
    }
    return 0;
}

void fk_hub_match_ahead_end(fk_hub_match_ahead *a)
{
    if (!a)
        return;
    atomic_store(&a->stop, true); /* what it has not found by now is not wanted */
    ahead_wait(a);
    for (size_t i = 0; i < a->nm; i++) {
        free(a->matches[i].cpe);
        free(a->matches[i].evidence);
    }
    free(a->matches);
    free(a->h);
    json_decref(a->by_id);
    json_decref(a->askable);
    free(a);
}

int fk_hub_match_scope(fk_db *db, const fk_match_scope *scope, int64_t now_ms, json_t *summary,
                       fk_err *err)
{
    return fk_hub_match_scope_with(db, scope, NULL, now_ms, summary, err);
}

int fk_hub_match_scope_with(fk_db *db, const fk_match_scope *scope, fk_hub_match_ahead *ahead,
                            int64_t now_ms, json_t *summary, fk_err *err)
{
    /* no system anywhere: nothing can match (the first full load). Asking ahead began
     * only where there were systems, and a feed's transaction changes no ledger. */
    bool any = ahead != NULL;
    if (!any && fk_matches_ledger_any(db, &any, err) != 0)
        return -1;
    if (!any)
        return 0;
    fk_match_scope every = {0};
    if (scope->vulns && json_array_size(scope->vulns) >= FULL_MATCH_FROM)
        scope = &every;
    match_run r = {.db = db, .now_ms = now_ms, .phases_ms = {-1, -1, -1}};
    /* most of what is to be matched again was not asked ahead (an update that changed
     * words more than configurations): asking those few after storing costs less than
     * waiting for all the others, so it stops, and what it finished is taken */
    bool stop = ahead && (!scope->vulns ||
                          2 * asked_of(ahead, scope->vulns) < json_array_size(scope->vulns));
    if (stop)
        atomic_store(&ahead->stop, true);
    if (scope->vulns && ahead_wait(ahead)) {
        r.ahead = ahead;
        r.systems = ahead->systems;
        r.names = ahead->names;
    }
    int rc = scope->vulns ? match_lazily_in_chunks(&r, scope->vulns, err)
                          : match_ledgers(&r, scope, err);
    if (rc == 0 && summary && r.ahead)
        json_object_update_new(
            summary, json_pack("{sI sI sI sI sb}", "asked_ahead", (json_int_t)r.ahead->whole,
                               "taken_from_ahead", (json_int_t)r.taken, "ahead_ms",
                               (json_int_t)r.ahead->took_ms, "ahead_wait_ms",
                               (json_int_t)r.ahead->waited_ms, "ahead_stopped", stop));
    if (rc == 0 && summary)
        json_object_update_new(summary,
                               json_pack("{sI sI sI sI}", "matches", (json_int_t)r.matches,
                                         "candidates", (json_int_t)r.candidates, "systems",
                                         (json_int_t)r.systems, "names", (json_int_t)r.names));
    if (rc == 0 && summary && r.phases_ms[0] >= 0)
        json_object_update_new(summary, json_pack("{sI sI sI}", "match_read_ms", r.phases_ms[0],
                                                  "match_ask_ms", r.phases_ms[1], "match_write_ms",
                                                  r.phases_ms[2]));
    return rc;
}
