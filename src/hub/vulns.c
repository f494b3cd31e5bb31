#include "vulns.h"

#include "../store/audit.h"
#include "../vuln/feed.h"
#include "../vuln/kept.h"
#include "../vuln/ledger.h"
#include "../vuln/ledger_feed.h"
#include "../vuln/match_pool.h"
#include "../vuln/matcher.h"
#include "access.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define NOMEM(err) fk_errc(err, FK_ERR_NOMEM, "out of memory")

static int64_t mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static const char *actor_of(const fk_principal *who, char buf[160])
{
    snprintf(buf, 160, "account:%s", who->account);
    return buf;
}

static int finish(fk_db *db, int rc, fk_err *err)
{
    if (rc == 0 && fk_db_commit(db, err) == 0)
        return 0;
    fk_db_rollback(db);
    return rc > 0 ? rc : -1;
}

/* ---- matching ------------------------------------------------------------------------ */

typedef struct match_run {
    fk_db *db;
    fk_matcher *m;
    fk_match_pool *pool; /* a whole ledger's scope: the rules asked on every core */
    fk_kept *kept;       /* every ledger: the names' answers from before */
    int64_t now_ms;
    size_t matches, candidates;
    size_t systems, names;   /* taken in (summed over a scope's chunks) */
    json_int_t phases_ms[3]; /* whole ledgers: reading, asking, writing (-1: lazily) */
} match_run;

static int ledger_row(void *ctx, int64_t asset_id, int64_t org_id, const char *cpe,
                      const char *product, fk_err *err)
{
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
    fk_vuln_rule *rule;
    bool versions;
} compiled;

typedef struct lazy {
    compiled *v;
    size_t n, cap;
    json_t *products; /* "vendor:product" -> true */
} lazy;

static int compile_row(void *ctx, const char *id, const char *configurations, bool versions,
                       const char *jvn, fk_err *err)
{
    lazy *z = ctx;
    if (z->n == z->cap) {
        size_t cap = z->cap ? z->cap * 2 : 256;
        compiled *v = realloc(z->v, cap * sizeof *v);
        if (!v)
            return NOMEM(err);
        z->v = v;
        z->cap = cap;
    }
    const char *text = configurations ? configurations : "[]";
    fk_vuln_rule *rule;
    fk_err cerr;
    if (fk_vuln_rule_compile_text(text, strlen(text), &rule, &cerr) != 0)
        return fk_errc(err, cerr.code, "%s: %s", id, cerr.msg);
    compiled *c = &z->v[z->n++];
    *c = (compiled){strdup(id), versions ? NULL : versions_in_words(jvn), rule, versions};
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
    return fk_matcher_add_name(((match_run *)ctx)->m, cpe, product, err);
}

static int load_systems(void *ctx, fk_matcher *m, const char *cpe, fk_err *err)
{
    (void)m;
    match_run *r = ctx;
    return fk_matches_systems_running(r->db, cpe, ledger_row, r, err);
}

static int match_lazily(match_run *r, const fk_match_scope *scope, fk_err *err)
{
    lazy z = {.products = json_object()};
    int rc = z.products ? 0 : NOMEM(err);
    if (rc == 0)
        rc = fk_matches_candidates(r->db, scope, compile_row, &z, err);
    fk_matcher_lazy(r->m, load_systems, r);
    if (rc == 0 && z.n)
        rc = fk_matches_names_of(r->db, z.products, name_row, r, err);
    for (size_t i = 0; i < z.n; i++) {
        if (rc == 0 && fk_matcher_names(r->m) > 0) {
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
    int64_t t0 = mono_ms();
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
    int64_t t1 = mono_ms();
    if (rc == 0 && r->pool) {
        rc = fk_matches_candidates(r->db, scope, candidate_row, r, err);
        if (rc == 0)
            rc = fk_match_pool_finish(r->pool, err);
        r->matches += fk_match_pool_dropped(r->pool);
    }
    fk_match_pool_free(r->pool);
    r->pool = NULL;
    int64_t t2 = mono_ms();
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
    r->phases_ms[2] = mono_ms() - t2;
    return rc;
}

int fk_hub_match_scope(fk_db *db, const fk_match_scope *scope, int64_t now_ms, json_t *summary,
                       fk_err *err)
{
    bool any;
    if (fk_matches_ledger_any(db, &any, err) != 0)
        return -1;
    if (!any) /* no system anywhere: nothing can match (the first full load) */
        return 0;
    fk_match_scope every = {0};
    if (scope->vulns && json_array_size(scope->vulns) >= FULL_MATCH_FROM)
        scope = &every;
    match_run r = {.db = db, .now_ms = now_ms, .phases_ms = {-1, -1, -1}};
    int rc = scope->vulns ? match_lazily_in_chunks(&r, scope->vulns, err)
                          : match_ledgers(&r, scope, err);
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

/* ---- intake -------------------------------------------------------------------------- */

typedef struct intake {
    fk_db *db;
    fk_feed_kind kind;
    int64_t now_ms;
    fk_vuln_tally tally;
    json_t *changed;
    size_t records;
    char newest[32];
} intake;

static int take(void *ctx, json_t *rec, fk_err *err)
{
    intake *in = ctx;
    in->records++;
    const char *modified = json_string_value(json_object_get(rec, "modified"));
    if (modified && strcmp(modified, in->newest) > 0)
        snprintf(in->newest, sizeof in->newest, "%s", modified);
    switch (in->kind) {
    case FK_FEED_KEV: return fk_vulns_put_kev(in->db, rec, in->now_ms, &in->tally, err);
    case FK_FEED_EPSS: return fk_vulns_put_epss(in->db, rec, in->now_ms, &in->tally, err);
    default: return fk_vulns_put_record(in->db, rec, in->now_ms, &in->tally, in->changed, err);
    }
}

int fk_hub_vuln_import(fk_db *db, const fk_principal *who, const char *name, const char *data,
                       size_t len, int kind, int64_t now_ms, json_t **summary, fk_err *err)
{
    *summary = NULL;
    if (!fk_access_allows(FK_ACT_VULN_FEED, who->role))
        return fk_errc(err, FK_ERR_DENIED, "only the centre takes in vulnerability feeds");
    if (kind < 0 && (kind = fk_feed_recognise(data, len)) < 0)
        return fk_errf(err,
                       "%s: not a feed fukurou reads: expected NVD CVE API 2.0 JSON, MyJVN "
                       "XML, the KEV catalogue or an EPSS CSV",
                       name ? name : "the document");
    /* the whole document is read and checked before anything is stored: a wrong one
     * stores nothing */
    json_t *records;
    fk_feed_kind k;
    int64_t t0 = mono_ms();
    if (fk_feed_read_all(data, len, kind, &k, &records, err) != 0)
        return -1;
    int64_t read_ms = mono_ms() - t0;
    int rc = fk_hub_vuln_import_records(db, who, name, k, records, now_ms, summary, err);
    json_decref(records);
    if (rc == 0)
        json_object_set_new(*summary, "read_ms", json_integer(read_ms));
    return rc;
}

int fk_hub_vuln_import_records(fk_db *db, const fk_principal *who, const char *name,
                               fk_feed_kind kind, json_t *records, int64_t now_ms, json_t **summary,
                               fk_err *err)
{
    *summary = NULL;
    if (!fk_access_allows(FK_ACT_VULN_FEED, who->role))
        return fk_errc(err, FK_ERR_DENIED, "only the centre takes in vulnerability feeds");
    intake in = {.db = db, .now_ms = now_ms, .changed = json_array(), .kind = kind};
    if (!in.changed)
        return NOMEM(err);
    int64_t t0 = mono_ms();
    if (fk_db_begin(db, err) != 0) {
        json_decref(in.changed);
        return -1;
    }
    /* one transaction: a store failing half-way keeps nothing of the document */
    int rc = 0;
    size_t i;
    json_t *rec;
    json_array_foreach(records, i, rec) if (rc == 0) rc = take(&in, rec, err);
    int64_t t1 = mono_ms();
    json_t *s =
        json_pack("{ss ss sI sI sI sI sI}", "file", name ? name : "", "feed", fk_feed_name(kind),
                  "records", (json_int_t)in.records, "added", (json_int_t)in.tally.added, "updated",
                  (json_int_t)in.tally.updated, "unchanged", (json_int_t)in.tally.unchanged,
                  "rematched", (json_int_t)json_array_size(in.changed));
    if (rc == 0 && !s)
        rc = NOMEM(err);
    if (rc == 0 && json_array_size(in.changed) > 0) {
        fk_match_scope scope = {.vulns = in.changed};
        rc = fk_hub_match_scope(db, &scope, now_ms, s, err);
    }
    int64_t t2 = mono_ms();
    char actor[160];
    if (rc == 0)
        rc = fk_vulns_feed_note(db, fk_feed_name(kind), in.newest[0] ? in.newest : NULL, in.records,
                                now_ms, err);
    if (rc == 0) {
        char object[40], *detail = json_dumps(s, JSON_COMPACT | JSON_SORT_KEYS);
        snprintf(object, sizeof object, "feed:%s", fk_feed_name(kind));
        rc = detail ? fk_audit_append(db, actor_of(who, actor), "vuln.import", object, detail, err)
                    : NOMEM(err);
        free(detail);
    }
    json_decref(in.changed);
    int64_t t3 = mono_ms();
    if (finish(db, rc, err) != 0) {
        json_decref(s);
        return -1;
    }
    json_object_set_new(s, "store_ms", json_integer(t1 - t0));
    json_object_set_new(s, "match_ms", json_integer(t2 - t1));
    /* the commit: SQLite writes the changed pages to its log and, past a thousand of
     * them, copies them into the database file (a checkpoint) */
    json_object_set_new(s, "commit_ms", json_integer(mono_ms() - t3));
    *summary = s;
    return 0;
}

int fk_hub_vuln_rematch(fk_db *db, const fk_principal *who, int64_t now_ms, json_t **summary,
                        fk_err *err)
{
    *summary = NULL;
    if (!fk_access_allows(FK_ACT_VULN_FEED, who->role))
        return fk_errc(err, FK_ERR_DENIED, "only the centre matches every ledger again");
    json_t *s = json_object();
    if (!s)
        return NOMEM(err);
    int64_t t0 = mono_ms();
    if (fk_db_begin(db, err) != 0) {
        json_decref(s);
        return -1;
    }
    fk_match_scope scope = {0};
    int rc = fk_hub_match_scope(db, &scope, now_ms, s, err);
    char actor[160];
    if (rc == 0)
        rc = fk_audit_append(db, actor_of(who, actor), "vuln.rematch", "ledger:all", "{}", err);
    if (finish(db, rc, err) != 0) {
        json_decref(s);
        return -1;
    }
    json_object_set_new(s, "match_ms", json_integer(mono_ms() - t0));
    *summary = s;
    return 0;
}

int fk_hub_vulns_list(fk_db *db, const fk_principal *who, const char *q, bool kev, double min_score,
                      bool mine, const fk_page *page, json_t **out, fk_err *err)
{
    fk_vuln_filter f = {.q = q, .kev = kev, .min_score = min_score};
    if (mine) {
        if (fk_role_is_centre(who->role))
            f.matched_any = true;
        else
            f.matched_org = who->org_id;
    }
    return fk_vulns_list(db, &f, page, out, err);
}

int fk_hub_vuln_get(fk_db *db, const fk_principal *who, const char *id, json_t **out, fk_err *err)
{
    json_t *v, *matches;
    if (fk_vulns_get(db, id, &v, err) != 0)
        return -1;
    if (!v)
        return 1;
    int64_t only = fk_role_is_centre(who->role) ? 0 : who->org_id;
    if (fk_matches_of_vuln(db, json_string_value(json_object_get(v, "id")), only, &matches, err) !=
        0) {
        json_decref(v);
        return -1;
    }
    json_object_set_new(v, "matches", matches);
    *out = v;
    return 0;
}

int fk_hub_vuln_overview(fk_db *db, const fk_principal *who, json_t **out, fk_err *err)
{
    *out = NULL;
    json_t *counts = NULL, *feeds = NULL, *matches = NULL, *polls = NULL;
    bool centre = fk_role_is_centre(who->role);
    /* the polls of the live APIs are the centre's operations, not a member's concern */
    if (fk_vulns_counts(db, &counts, err) != 0 || fk_vulns_feeds(db, &feeds, err) != 0 ||
        fk_matches_counts(db, centre ? 0 : who->org_id, &matches, err) != 0 ||
        (centre && fk_vulns_polls(db, &polls, err) != 0)) {
        json_decref(counts);
        json_decref(feeds);
        json_decref(matches);
        return -1;
    }
    *out = json_pack("{so so so}", "records", counts, "feeds", feeds, "matches", matches);
    if (*out && polls)
        json_object_set_new(*out, "polls", polls);
    else
        json_decref(polls);
    return *out ? 0 : NOMEM(err);
}

int fk_hub_vuln_intake(fk_db *db, const fk_principal *who, json_t **out, fk_err *err)
{
    *out = NULL;
    if (!fk_role_is_centre(who->role))
        return fk_errc(err, FK_ERR_DENIED, "the intake is the centre's");
    json_t *feeds, *polls;
    if (fk_vulns_feeds(db, &feeds, err) != 0)
        return -1;
    if (fk_vulns_polls(db, &polls, err) != 0) {
        json_decref(feeds);
        return -1;
    }
    *out = json_pack("{so so}", "feeds", feeds, "polls", polls);
    return *out ? 0 : NOMEM(err);
}

static int ledger_org(fk_db *db, const fk_principal *who, const char *org, int64_t *org_id,
                      fk_err *err)
{
    char sector[48];
    return fk_access_sender_org(db, who, org, "systems", org_id, sector, err);
}

/* ---- the ledger ---------------------------------------------------------------------- */

int fk_hub_asset_put(fk_db *db, const fk_principal *who, const char *org, json_t *in,
                     int64_t now_ms, int64_t *id, bool *created, fk_err *err)
{
    if (!fk_access_allows(FK_ACT_ASSET_EDIT, who->role))
        return fk_errc(err, FK_ERR_DENIED, "a member-reader does not keep the ledger");
    int64_t org_id;
    if (ledger_org(db, who, org, &org_id, err) != 0)
        return -1;
    json_t *a;
    if (fk_asset_check(in, &a, err) != 0)
        return -1;
    char actor[160];
    int rc = fk_db_begin(db, err);
    if (rc == 0)
        rc = fk_assets_put(db, actor_of(who, actor), org_id, a, now_ms, id, created, err);
    json_decref(a);
    if (rc == 0) {
        fk_match_scope scope = {.asset = *id};
        rc = fk_hub_match_scope(db, &scope, now_ms, NULL, err);
    }
    return finish(db, rc, err);
}

static bool looks_cyclonedx(const char *data, size_t len)
{
    return memmem(data, len < 4096 ? len : 4096, "\"bomFormat\"", 11) != NULL;
}

int fk_hub_assets_import(fk_db *db, const fk_principal *who, const char *org, const char *format,
                         const char *data, size_t len, const char *name_hint, bool match,
                         int64_t now_ms, json_t **summary, fk_err *err)
{
    *summary = NULL;
    if (!fk_access_allows(FK_ACT_ASSET_EDIT, who->role))
        return fk_errc(err, FK_ERR_DENIED, "a member-reader does not keep the ledger");
    int64_t org_id;
    if (ledger_org(db, who, org, &org_id, err) != 0)
        return -1;
    bool sbom = format ? !strcmp(format, "cyclonedx") : looks_cyclonedx(data, len);
    if (format && !sbom && strcmp(format, "csv") != 0)
        return fk_errf(err, "format: expected csv or cyclonedx");
    json_t *raw = NULL;
    if (sbom) {
        json_error_t je;
        json_t *doc = json_loadb(data, len, 0, &je);
        if (!doc)
            return fk_errf(err, "line %d column %d: not JSON: %s", je.line, je.column, je.text);
        json_t *one;
        int rc = fk_ledger_cyclonedx(doc, name_hint, &one, err);
        json_decref(doc);
        if (rc != 0)
            return -1;
        raw = json_array();
        if (!raw || json_array_append_new(raw, one) != 0) {
            json_decref(raw);
            return NOMEM(err);
        }
    } else if (fk_ledger_csv(data, len, &raw, err) != 0)
        return -1;
    /* every asset checked before any is stored: a file is taken whole or not at all */
    json_t *checked = json_array();
    size_t i;
    json_t *a;
    int rc = checked ? 0 : NOMEM(err);
    json_array_foreach(raw, i, a)
    {
        json_t *c;
        fk_err inner;
        if (rc != 0)
            break;
        if (fk_asset_check(a, &c, &inner) != 0) {
            json_t *line = json_object_get(a, "line");
            rc = line ? fk_errc(err, inner.code, "line %lld (%s): %s",
                                (long long)json_integer_value(line),
                                json_string_value(json_object_get(a, "name")), inner.msg)
                      : fk_errc(err, inner.code, "%s", inner.msg);
        } else if (json_array_append_new(checked, c) != 0)
            rc = NOMEM(err);
    }
    json_decref(raw);
    size_t added = 0, updated = 0, programs = 0;
    json_t *s = json_object();
    if (rc == 0 && !s)
        rc = NOMEM(err);
    if (rc == 0)
        rc = fk_db_begin(db, err);
    else {
        json_decref(checked);
        json_decref(s);
        return -1;
    }
    char actor[160];
    json_array_foreach(checked, i, a)
    {
        int64_t id;
        bool created;
        if (rc != 0)
            break;
        rc = fk_assets_put(db, actor_of(who, actor), org_id, a, now_ms, &id, &created, err);
        added += created;
        updated += !created;
        programs += json_array_size(json_object_get(a, "software"));
    }
    json_decref(checked);
    if (rc == 0 && match) {
        fk_match_scope scope = {.org = org_id};
        rc = fk_hub_match_scope(db, &scope, now_ms, s, err);
    }
    if (finish(db, rc, err) != 0) {
        json_decref(s);
        return -1;
    }
    json_object_update_new(s, json_pack("{sI sI sI sI}", "assets", (json_int_t)(added + updated),
                                        "added", (json_int_t)added, "updated", (json_int_t)updated,
                                        "programs", (json_int_t)programs));
    *summary = s;
    return 0;
}

int fk_hub_asset_remove(fk_db *db, const fk_principal *who, int64_t id, fk_err *err)
{
    if (!fk_access_allows(FK_ACT_ASSET_EDIT, who->role))
        return fk_errc(err, FK_ERR_DENIED, "a member-reader does not keep the ledger");
    char actor[160];
    if (fk_db_begin(db, err) != 0)
        return -1;
    int rc = fk_assets_remove(db, actor_of(who, actor),
                              fk_role_is_centre(who->role) ? 0 : who->org_id, id, err);
    return finish(db, rc, err);
}

int fk_hub_assets_list(fk_db *db, const fk_principal *who, const char *org, const char *q, bool ics,
                       bool internet, const fk_page *page, json_t **out, fk_err *err)
{
    fk_asset_filter f = {.q = q, .ics = ics, .internet = internet};
    if (!fk_role_is_centre(who->role))
        f.only_org = who->org_id;
    else if (org && *org && ledger_org(db, who, org, &f.only_org, err) != 0)
        return -1;
    return fk_assets_list(db, &f, page, out, err);
}

int fk_hub_asset_get(fk_db *db, const fk_principal *who, int64_t id, json_t **out, fk_err *err)
{
    if (fk_assets_get(db, fk_role_is_centre(who->role) ? 0 : who->org_id, id, out, err) != 0)
        return -1;
    return *out ? 0 : 1;
}

int fk_hub_crypto_report(fk_db *db, const fk_principal *who, json_t **out, fk_err *err)
{
    json_t *rows;
    if (fk_assets_crypto(db, fk_role_is_centre(who->role) ? 0 : who->org_id, &rows, err) != 0)
        return -1;
    json_t *by_alg = json_object(), *list = json_array();
    int rc = by_alg && list ? 0 : NOMEM(err);
    size_t i, k;
    json_t *row, *alg;
    json_array_foreach(rows, i, row) json_array_foreach(json_object_get(row, "crypto"), k, alg)
    {
        const char *name = json_string_value(alg);
        json_t *entry = json_object_get(by_alg, name);
        if (rc != 0 || !name)
            break;
        if (!entry) {
            entry = json_pack("{ss sb si s{} s[]}", "algorithm", name, "retire",
                              fk_crypto_weak(name), "systems", 0, "organisations", "list");
            if (!entry || json_object_set_new(by_alg, name, entry) != 0 ||
                json_array_append(list, entry) != 0) {
                rc = NOMEM(err);
                break;
            }
        }
        json_object_set_new(
            entry, "systems",
            json_integer(json_integer_value(json_object_get(entry, "systems")) + 1));
        json_object_set_new(json_object_get(entry, "organisations"),
                            json_string_value(json_object_get(row, "organisation")), json_true());
        json_array_append_new(json_object_get(entry, "list"),
                              json_pack("{sO sO}", "organisation",
                                        json_object_get(row, "organisation"), "name",
                                        json_object_get(row, "name")));
    }
    json_array_foreach(list, i, row)
    {
        json_t *orgs = json_object_get(row, "organisations");
        json_object_set_new(row, "organisations", json_integer((json_int_t)json_object_size(orgs)));
    }
    json_decref(rows);
    json_decref(by_alg);
    if (rc != 0) {
        json_decref(list);
        return -1;
    }
    *out = list;
    return 0;
}
