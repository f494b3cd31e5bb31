#include "alerts.h"

#include "../core/hash.h"
#include "../core/sbuf.h"
#include "../core/strmap.h"
#include "../core/timefmt.h"
#include "../core/utf8.h"
#include "alert_stats.h"
#include "audit.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const states[] = {"new", "acknowledged", "false-positive", "escalated"};

bool fk_alert_state_valid(const char *state)
{
    for (size_t i = 0; i < sizeof states / sizeof states[0]; i++)
        if (state && !strcmp(state, states[i]))
            return true;
    return false;
}

static int prepare(fk_db *db, fk_sql **st, const char *sql, fk_err *err)
{
    if (fk_sql_prepare(db, sql, st, NULL) != 0)
        return fk_db_error(db, err, "alerts");
    return 0;
}

static void text(fk_sql *st, int i, const char *s, size_t n)
{
    fk_sql_bind_text(st, i, s ? s : "", s ? (int)n : 0);
}

static void ctext(fk_sql *st, int i, const char *s)
{
    text(st, i, s, s ? strlen(s) : 0);
}

/* What makes two hits the same alert: the engine, the rule, the value that matched, the
 * source address and the target. The evidence line and time are not part of it. */
static void fingerprint(const fk_alert *a, char out[33])
{
    const char *parts[] = {a->engine, a->rule_id, a->field, a->indicator};
    uint64_t h1 = 0x6b7a, h2 = 0x3f19;
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
        const char *p = parts[i] ? parts[i] : "";
        size_t n = strlen(p) + 1; /* with the terminator: "ab"+"c" is not "a"+"bc" */
        h1 = fk_hash64(p, n, h1);
        h2 = fk_hash64(p, n, h2 ^ h1);
    }
    const fk_str strs[] = {a->value, a->src_ip, a->target};
    for (size_t i = 0; i < 3; i++) {
        h1 = fk_hash64(strs[i].p ? strs[i].p : "", strs[i].n, h1 + i);
        h2 = fk_hash64(strs[i].p ? strs[i].p : "", strs[i].n, h2 ^ h1);
    }
    snprintf(out, 33, "%016llx%016llx", (unsigned long long)h1, (unsigned long long)h2);
}

static char *detail_of(const fk_alert *a)
{
    json_t *d = json_object();
    if (!d)
        return NULL;
#define PUT(k, v)                                                                                  \
    if (v && *v)                                                                                   \
        json_object_set_new(d, k, json_string(v));
    PUT("file", a->file)
    PUT("group", a->group)
    PUT("indicator_type", a->indicator_type)
    PUT("indicator_id", a->indicator_id)
    PUT("indicator_label", a->indicator_label)
    PUT("family", a->family)
    PUT("confidence", a->confidence)
    PUT("reason", a->reason)
    PUT("tags", a->tags)
    PUT("origin", a->origin)
#undef PUT
    if (a->line)
        json_object_set_new(d, "line", json_integer((json_int_t)a->line));
    char *s = json_dumps(d, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(d);
    return s;
}

/* The key PostgreSQL finds an open alert by (its migration 5: a hash index over the
 * fingerprint and the organisation, 0 for the centre); SQLite's lookups go by its index
 * on the two columns and take the key as one more condition. */
static const char *open_key(const char fp[33], int64_t org_id, char out[64])
{
    snprintf(out, 64, "%s:%lld", fp, (long long)(org_id > 0 ? org_id : 0));
    return out;
}

static int record_one(fk_db *db, int64_t org_id, int64_t batch_id, const fk_alert *a,
                      int64_t now_ms, int64_t *id, bool *is_new, fk_err *err)
{
    char fp[33];
    fingerprint(a, fp);
    int64_t first = a->has_time ? a->first_ms : now_ms, last = a->has_time ? a->last_ms : now_ms;
    uint64_t count = a->count ? a->count : 1;
    /* one upsert per alert of every batch: the statements are prepared once */
    static const char update_sql[] =
        "UPDATE alert SET count = count + ?1, first_ms = CASE WHEN ?2 < first_ms THEN ?2 ELSE "
        "first_ms END, last_ms = CASE WHEN ?3 > last_ms THEN ?3 ELSE last_ms END WHERE org_id IS "
        "NOT DISTINCT FROM ?4 AND fingerprint = ?5 AND state IN ('new', 'acknowledged') AND "
        "fingerprint || ':' || CAST(COALESCE(org_id, 0) AS TEXT) = ?6 RETURNING id";
    static const char insert_sql[] =
        "INSERT INTO alert (org_id, fingerprint, engine, rule_id, title, severity, "
        "severity_rank, first_ms, last_ms, count, field, value, src_ip, target, indicator, "
        "detail, batch_id, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id";
    fk_sql *st = fk_db_cached(db, update_sql, err);
    if (!st)
        return -1;
    fk_sql_bind_int64(st, 1, (int64_t)count);
    fk_sql_bind_int64(st, 2, first);
    fk_sql_bind_int64(st, 3, last);
    if (org_id > 0)
        fk_sql_bind_int64(st, 4, org_id);
    fk_sql_bind_text_static(st, 5, fp, -1);
    char key[64];
    fk_sql_bind_text(st, 6, open_key(fp, org_id, key), -1);
    int rc = fk_sql_step(st);
    if (rc == FK_SQL_ROW) {
        *id = fk_sql_column_int64(st, 0);
        rc = fk_sql_step(st) == FK_SQL_DONE ? FK_SQL_ROW : FK_SQL_ERROR; /* finish it */
    }
    fk_sql_reset(st);
    if (rc == FK_SQL_ROW) {
        *is_new = false;
        return 0;
    }
    if (rc != FK_SQL_DONE)
        return fk_db_error(db, err, "alert");
    char *detail = detail_of(a), now[32];
    if (!detail)
        return fk_errc(err, FK_ERR_NOMEM, "out of memory");
    if (!(st = fk_db_cached(db, insert_sql, err))) {
        free(detail);
        return -1;
    }
    if (org_id > 0)
        fk_sql_bind_int64(st, 1, org_id);
    fk_sql_bind_text_static(st, 2, fp, -1);
    ctext(st, 3, a->engine);
    ctext(st, 4, a->rule_id);
    ctext(st, 5, a->title);
    ctext(st, 6, fk_severity_name(a->severity));
    fk_sql_bind_int64(st, 7, (int)a->severity);
    fk_sql_bind_int64(st, 8, first);
    fk_sql_bind_int64(st, 9, last);
    fk_sql_bind_int64(st, 10, (int64_t)count);
    ctext(st, 11, a->field);
    text(st, 12, a->value.p, a->value.n > 2000 ? 2000 : a->value.n);
    text(st, 13, a->src_ip.p, a->src_ip.n);
    text(st, 14, a->target.p, a->target.n > 1000 ? 1000 : a->target.n);
    ctext(st, 15, a->indicator);
    fk_sql_bind_text_owned(st, 16, detail, -1);
    if (batch_id > 0)
        fk_sql_bind_int64(st, 17, batch_id);
    fk_sql_bind_text(st, 18, fk_time_format(now_ms, now), -1);
    rc = fk_sql_step(st);
    if (rc != FK_SQL_ROW) {
        fk_db_error(db, err, "alert");
        fk_sql_reset(st);
        return -1;
    }
    *id = fk_sql_column_int64(st, 0);
    fk_sql_reset(st);
    *is_new = true;
    return 0;
}

/* What the overview counts an alert under: its rule, or for an indicator match the
 * indicator (its label when it has one). */
static fk_alert_tally tally_of(int64_t org_id, const fk_alert *a, bool is_new)
{
    bool ioc = a->engine && !strcmp(a->engine, "ioc") && a->indicator && *a->indicator;
    const char *title =
        ioc ? (a->indicator_label && *a->indicator_label ? a->indicator_label : a->indicator)
            : a->title;
    return (fk_alert_tally){org_id > 0 ? org_id : 0,
                            a->engine,
                            ioc ? a->indicator : a->rule_id,
                            title,
                            is_new ? 1 : 0,
                            a->count ? (int64_t)a->count : 1};
}

int fk_alert_record(fk_db *db, int64_t org_id, int64_t batch_id, const fk_alert *a, int64_t now_ms,
                    int64_t *id, bool *is_new, fk_err *err)
{
    if (record_one(db, org_id, batch_id, a, now_ms, id, is_new, err) != 0)
        return -1;
    fk_alert_tally t = tally_of(org_id, a, *is_new);
    return fk_alert_stats_add(db, &t, 1, now_ms, err);
}

/* ---- many alerts at once (PostgreSQL) ------------------------------------------------
 * A batch's alerts are grouped here by organisation and fingerprint (repeats within the
 * batch add to one alert). Then three round trips, whatever the number of alerts: which
 * groups have an open alert (one hash-index probe each, the keys passed as an array),
 * with ids from the table's sequence for the others; one UPDATE adding to the open ones;
 * one COPY of the new rows straight into the table, written while the server takes them
 * in. COPY into the table is the fastest way rows go in; an earlier version loaded a
 * temporary table and merged with INSERT … SELECT, which wrote every row twice (21,400
 * rows/s against 28,000 for COPY on the same day, before the server-side costs were cut
 * by migration 5: docs/scale-out.md). Members' alerts only: the centre's own, without an
 * organisation, are few and go one by one. The caller's transaction (a writer's) keeps
 * the probe and the writes together. */

typedef struct {
    int64_t org_id, id;
    size_t first; /* its first alert in the load */
    int64_t first_ms, last_ms, count;
    char fp[33];
    bool open; /* an open alert existed: added to */
} bulk_group;

/* n in decimal, NUL-terminated, into buf (24 bytes): the bulk load writes seven numbers
 * a row, and snprintf's parsing of its format was a fifth of the client's time there. */
static const char *decimal(int64_t n, char buf[24])
{
    char *p = buf + 23;
    *p = '\0';
    uint64_t v = n < 0 ? 0 - (uint64_t)n : (uint64_t)n;
    do
        *--p = (char)('0' + v % 10);
    while ((v /= 10));
    if (n < 0)
        *--p = '-';
    return p;
}

/* Appends n to a PostgreSQL array literal being built ("{1,2"). */
static int array_int(fk_sbuf *b, int64_t n)
{
    char buf[24];
    return (b->len > 1 && fk_sbuf_put(b, ",", 1)) || fk_sbuf_puts(b, decimal(n, buf));
}

/* One new alert as a row of `alert` in COPY's text format (now: the load's time, as
 * text). */
static int copy_row(fk_sbuf *b, const bulk_group *g, const fk_alert_in *in, const char *now)
{
    const fk_alert *a = in->a;
    char buf[7][24];
    const char *num[7];
    char *detail = detail_of(a);
    if (!detail)
        return -1;
    num[0] = decimal(g->id, buf[0]);
    num[1] = decimal(g->org_id, buf[1]);
    num[2] = decimal((int64_t)a->severity, buf[2]);
    num[3] = decimal(g->first_ms, buf[3]);
    num[4] = decimal(g->last_ms, buf[4]);
    num[5] = decimal(g->count, buf[5]);
    num[6] = decimal(in->batch_id, buf[6]);
    const char *sev = fk_severity_name(a->severity);
#define T(s) (s) ? (s) : "", (s) ? strlen(s) : 0
    size_t vn = a->value.n > 2000 ? 2000 : a->value.n, tn = a->target.n > 1000 ? 1000 : a->target.n;
    int rc =
        fk_db_copy_field(b, num[0], strlen(num[0]), true) ||
        fk_db_copy_field(b, num[1], strlen(num[1]), false) ||
        fk_db_copy_field(b, g->fp, 32, false) || fk_db_copy_field(b, T(a->engine), false) ||
        fk_db_copy_field(b, T(a->rule_id), false) || fk_db_copy_field(b, T(a->title), false) ||
        fk_db_copy_field(b, T(sev), false) || fk_db_copy_field(b, num[2], strlen(num[2]), false) ||
        fk_db_copy_field(b, num[3], strlen(num[3]), false) ||
        fk_db_copy_field(b, num[4], strlen(num[4]), false) ||
        fk_db_copy_field(b, num[5], strlen(num[5]), false) ||
        fk_db_copy_field(b, T(a->field), false) ||
        fk_db_copy_field(b, a->value.p ? a->value.p : "", a->value.p ? vn : 0, false) ||
        fk_db_copy_field(b, a->src_ip.p ? a->src_ip.p : "", a->src_ip.p ? a->src_ip.n : 0, false) ||
        fk_db_copy_field(b, a->target.p ? a->target.p : "", a->target.p ? tn : 0, false) ||
        fk_db_copy_field(b, T(a->indicator), false) ||
        fk_db_copy_field(b, detail, strlen(detail), false) ||
        fk_db_copy_field(b, in->batch_id > 0 ? num[6] : NULL, strlen(num[6]), false) ||
        fk_db_copy_field(b, now, strlen(now), false) || fk_sbuf_put(b, "\n", 1);
#undef T
    free(detail);
    return rc ? -1 : 0;
}

/* Groups the members' alerts; grp[i] is alert i's group (SIZE_MAX: the centre's own). */
static int group_alerts(const fk_alert_in *in, size_t n, int64_t now_ms, bulk_group *g, size_t *ng,
                        size_t *grp)
{
    fk_strmap seen;
    fk_strmap_init(&seen);
    *ng = 0;
    for (size_t i = 0; i < n; i++) {
        grp[i] = SIZE_MAX;
        if (in[i].org_id <= 0)
            continue;
        const fk_alert *a = in[i].a;
        char fp[33], key[64];
        fingerprint(a, fp);
        int kl = snprintf(key, sizeof key, "%lld:%s", (long long)in[i].org_id, fp);
        fk_strmap_slot *slot;
        if (fk_strmap_upsert(&seen, key, (size_t)kl, &slot) != 0) {
            fk_strmap_free(&seen);
            return -1;
        }
        int64_t first = a->has_time ? a->first_ms : now_ms,
                last = a->has_time ? a->last_ms : now_ms;
        int64_t count = a->count ? (int64_t)a->count : 1;
        if (slot->value) { /* a repeat within the load */
            bulk_group *x = &g[(size_t)(intptr_t)slot->value - 1];
            x->count += count;
            x->first_ms = first < x->first_ms ? first : x->first_ms;
            x->last_ms = last > x->last_ms ? last : x->last_ms;
            grp[i] = (size_t)(intptr_t)slot->value - 1;
            continue;
        }
        bulk_group *x = &g[*ng];
        *x = (bulk_group){
            .org_id = in[i].org_id, .first = i, .first_ms = first, .last_ms = last, .count = count};
        memcpy(x->fp, fp, sizeof fp);
        grp[i] = (*ng)++;
        slot->value = (void *)(intptr_t)*ng;
    }
    fk_strmap_free(&seen);
    return 0;
}

/* Which groups have an open alert (its id in g->id, g->open set) and, for the others,
 * ids from the table's sequence: one round trip. The sequence is found once, not once
 * per id (8 µs against 0.8 µs an id); CASE draws an id only for a group with no open
 * alert. */
static int probe_open(fk_db *db, bulk_group *g, size_t ng, fk_err *err)
{
    static const char sql[] =
        "WITH q AS MATERIALIZED (SELECT pg_get_serial_sequence('alert', 'id')::regclass AS s) "
        "SELECT k.ord, m.id, CASE WHEN m.id IS NULL THEN nextval(q.s) END FROM q CROSS JOIN "
        "unnest(?1::text[]) WITH ORDINALITY AS k(key, ord) LEFT JOIN LATERAL (SELECT x.id FROM "
        "alert x WHERE x.fingerprint || ':' || CAST(COALESCE(x.org_id, 0) AS text) = k.key "
        "COLLATE \"C\" AND x.state IN ('new', 'acknowledged') LIMIT 1) m ON true";
    fk_sbuf keys = {0};
    int rc = fk_sbuf_puts(&keys, "{");
    for (size_t i = 0; !rc && i < ng; i++) {
        char key[64];
        rc = (i && fk_sbuf_puts(&keys, ",")) ||
             fk_sbuf_puts(&keys, open_key(g[i].fp, g[i].org_id, key));
    }
    rc = rc || fk_sbuf_puts(&keys, "}");
    fk_sql *st = NULL;
    if (rc)
        rc = fk_errc(err, FK_ERR_NOMEM, "out of memory");
    else if (!(st = fk_db_cached(db, sql, err)))
        rc = -1;
    if (rc == 0) {
        fk_sql_bind_text(st, 1, keys.p, (int)keys.len);
        int step;
        while ((step = fk_sql_step(st)) == FK_SQL_ROW) {
            int64_t ord = fk_sql_column_int64(st, 0) - 1;
            if (ord < 0 || (size_t)ord >= ng)
                continue;
            g[ord].open = fk_sql_column_type(st, 1) != FK_SQL_NULL;
            g[ord].id = fk_sql_column_int64(st, g[ord].open ? 1 : 2);
        }
        if (step != FK_SQL_DONE)
            rc = fk_db_error(db, err, "alerts");
        fk_sql_reset(st);
    }
    fk_sbuf_free(&keys);
    return rc;
}

/* Adds the load's counts and times to the open alerts. */
static int add_to_open(fk_db *db, const bulk_group *g, size_t ng, fk_err *err)
{
    static const char sql[] =
        "UPDATE alert a SET count = a.count + u.c, first_ms = LEAST(a.first_ms, u.f), last_ms = "
        "GREATEST(a.last_ms, u.l) FROM unnest(?1::bigint[], ?2::bigint[], ?3::bigint[], "
        "?4::bigint[]) AS u(id, c, f, l) WHERE a.id = u.id";
    fk_sbuf arr[4] = {{0}};
    int rc = 0;
    size_t open = 0;
    for (int k = 0; k < 4; k++)
        rc = rc || fk_sbuf_puts(&arr[k], "{");
    for (size_t i = 0; !rc && i < ng; i++) {
        if (!g[i].open)
            continue;
        open++;
        rc = array_int(&arr[0], g[i].id) || array_int(&arr[1], g[i].count) ||
             array_int(&arr[2], g[i].first_ms) || array_int(&arr[3], g[i].last_ms);
    }
    for (int k = 0; k < 4; k++)
        rc = rc || fk_sbuf_puts(&arr[k], "}");
    fk_sql *st = NULL;
    if (rc)
        rc = fk_errc(err, FK_ERR_NOMEM, "out of memory");
    else if (open && !(st = fk_db_cached(db, sql, err)))
        rc = -1;
    if (rc == 0 && open) {
        for (int k = 0; k < 4; k++)
            fk_sql_bind_text(st, k + 1, arr[k].p, (int)arr[k].len);
        if (fk_sql_step(st) != FK_SQL_DONE)
            rc = fk_db_error(db, err, "alerts");
        fk_sql_reset(st);
    }
    for (int k = 0; k < 4; k++)
        fk_sbuf_free(&arr[k]);
    return rc;
}

/* The new groups' rows for COPY, some 64 KB at a time: the server indexes one piece
 * while the next is written (building the rows is about a tenth of the load's time). */
typedef struct {
    const bulk_group *g;
    size_t ng, next;
    const fk_alert_in *in;
    char now[32];
    fk_sbuf rows;
} new_rows;

static int fill_new_rows(void *ctx, const char **data, size_t *len)
{
    new_rows *r = ctx;
    r->rows.len = 0;
    for (; r->next < r->ng && r->rows.len < 65536; r->next++) {
        const bulk_group *x = &r->g[r->next];
        if (!x->open && (x->id <= 0 || copy_row(&r->rows, x, &r->in[x->first], r->now) != 0))
            return -1;
    }
    *data = r->rows.p;
    *len = r->rows.len;
    return r->rows.len > 0;
}

/* The new groups' rows (their ids drawn by probe_open) by COPY. */
static int insert_new(fk_db *db, bulk_group *g, size_t ng, const fk_alert_in *in, int64_t now_ms,
                      fk_err *err)
{
    size_t fresh = 0;
    for (size_t i = 0; i < ng; i++)
        fresh += !g[i].open;
    if (!fresh)
        return 0;
    new_rows r = {.g = g, .ng = ng, .in = in};
    fk_time_format(now_ms, r.now);
    int rc =
        fk_db_copy_stream(db,
                          "COPY alert (id, org_id, fingerprint, engine, rule_id, title, "
                          "severity, severity_rank, first_ms, last_ms, count, field, value, "
                          "src_ip, target, indicator, detail, batch_id, created_at) FROM STDIN",
                          fill_new_rows, &r, err);
    fk_sbuf_free(&r.rows);
    return rc;
}

static int record_many(fk_db *db, const fk_alert_in *in, size_t n, int64_t now_ms, int64_t *ids,
                       bool *is_new, fk_err *err)
{
    /* a few alerts cost less one by one than the round trips of a bulk load */
    if (!fk_db_can_copy(db) || n < 8) {
        for (size_t i = 0; i < n; i++)
            if (record_one(db, in[i].org_id, in[i].batch_id, in[i].a, now_ms, &ids[i], &is_new[i],
                           err) != 0)
                return -1;
        return 0;
    }
    bulk_group *g = malloc(n * sizeof *g);
    size_t *grp = malloc(n * sizeof *grp), ng = 0;
    int rc = !g || !grp || group_alerts(in, n, now_ms, g, &ng, grp) != 0
                 ? fk_errc(err, FK_ERR_NOMEM, "out of memory")
                 : 0;
    for (size_t i = 0; rc == 0 && i < n; i++)
        if (grp[i] == SIZE_MAX)
            rc = record_one(db, 0, in[i].batch_id, in[i].a, now_ms, &ids[i], &is_new[i], err);
    if (rc == 0 && ng)
        rc = probe_open(db, g, ng, err);
    if (rc == 0 && ng)
        rc = add_to_open(db, g, ng, err);
    if (rc == 0 && ng)
        rc = insert_new(db, g, ng, in, now_ms, err);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        if (grp[i] == SIZE_MAX)
            continue;
        const bulk_group *x = &g[grp[i]];
        ids[i] = x->id;
        is_new[i] = !x->open && x->first == i;
    }
    free(g);
    free(grp);
    return rc;
}

int fk_alert_record_many(fk_db *db, const fk_alert_in *in, size_t n, int64_t now_ms, int64_t *ids,
                         bool *is_new, fk_err *err)
{
    if (record_many(db, in, n, now_ms, ids, is_new, err) != 0)
        return -1;
    fk_alert_tally *t = malloc((n ? n : 1) * sizeof *t);
    if (!t)
        return fk_errc(err, FK_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < n; i++)
        t[i] = tally_of(in[i].org_id, in[i].a, is_new[i]);
    int rc = fk_alert_stats_add(db, t, n, now_ms, err);
    free(t);
    return rc;
}

#define ALERT_COLUMNS                                                                              \
    "a.id, o.name, o.sector, a.engine, a.rule_id, a.title, a.severity, a.first_ms, a.last_ms, "    \
    "a.count, a.field, a.value, a.src_ip, a.target, a.indicator, a.detail, a.batch_id, "           \
    "a.state, a.state_by, a.state_at, a.created_at, a.campaign_id, c.detail"
#define ALERT_FROM                                                                                 \
    " FROM alert a LEFT JOIN organisation o ON o.id = a.org_id LEFT JOIN alert c ON c.id = "       \
    "a.campaign_id "

/* The columns of ALERT_COLUMNS, in order, with their JSON names: text, except where the
 * kind says otherwise. */
enum { COL_TEXT, COL_INT, COL_TIME, COL_JSON };
static const struct {
    const char *name;
    int kind;
} columns[] = {
    {"id", COL_INT},        {"organisation", COL_TEXT}, {"sector", COL_TEXT},
    {"engine", COL_TEXT},   {"rule", COL_TEXT},         {"title", COL_TEXT},
    {"severity", COL_TEXT}, {"first", COL_TIME},        {"last", COL_TIME},
    {"count", COL_INT},     {"field", COL_TEXT},        {"value", COL_TEXT},
    {"src_ip", COL_TEXT},   {"target", COL_TEXT},       {"indicator", COL_TEXT},
    {"detail", COL_JSON},   {"batch_id", COL_INT},      {"state", COL_TEXT},
    {"state_by", COL_TEXT}, {"state_at", COL_TEXT},     {"created_at", COL_TEXT},
};

/* Stored text as JSON: an alert's evidence comes from log lines, which SQLite keeps as
 * they were, bytes that are not UTF-8 included; those show as U+FFFD. */
static json_t *text_json(const char *t)
{
    json_t *j = json_string(t);
    if (j)
        return j;
    size_t len = 0;
    bool failed = false;
    char *clean = fk_utf8_repair(t, strlen(t), false, &len, &failed);
    j = clean ? json_stringn(clean, len) : NULL;
    free(clean);
    return j;
}

/* centre: the viewer may see the campaign's own alert (it names the organisations). */
static json_t *row_json(fk_sql *st, bool centre)
{
    json_t *j = json_object();
    for (int i = 0; j && i < (int)(sizeof columns / sizeof columns[0]); i++) {
        if (fk_sql_column_type(st, i) == FK_SQL_NULL)
            continue; /* the centre's own alerts have no organisation */
        const char *t = (const char *)fk_sql_column_text(st, i);
        char buf[32];
        json_t *v = columns[i].kind == COL_INT ? json_integer(fk_sql_column_int64(st, i))
                    : columns[i].kind == COL_TIME
                        ? json_string(fk_time_format(fk_sql_column_int64(st, i), buf))
                    : columns[i].kind == COL_JSON ? json_loads(t ? t : "{}", 0, NULL)
                                                  : text_json(t ? t : "");
        if (!v || json_object_set_new(j, columns[i].name, v) != 0) {
            json_decref(j);
            return NULL;
        }
    }
    enum { CAMPAIGN = sizeof columns / sizeof columns[0] };
    if (j && fk_sql_column_type(st, CAMPAIGN) != FK_SQL_NULL) {
        /* the campaign's counts are in its own alert's detail */
        const char *cd = fk_sql_column_text(st, CAMPAIGN + 1);
        json_t *detail = cd ? json_loads(cd, 0, NULL) : NULL;
        json_int_t orgs = json_integer_value(json_object_get(detail, "organisation_count"));
        json_int_t sectors = json_integer_value(json_object_get(detail, "sector_count"));
        json_decref(detail);
        json_t *c =
            json_pack("{sIsI}", "other_organisations", orgs > 0 ? orgs - 1 : 0, "sectors", sectors);
        if (c && centre)
            json_object_set_new(c, "alert", json_integer(fk_sql_column_int64(st, CAMPAIGN)));
        json_object_set_new(j, "campaign", c);
    }
    return j;
}

/* The query names only the conditions a filter sets, rather than "(x = ?1 OR ?1 IS
 * NULL)" for each: a condition that may be void hides from the planner that "id < ?"
 * is a range on the key, and a page deep in a million alerts then read every alert
 * above it (240 ms at half a million in; bench/console.sh). */
int fk_alert_list(fk_db *db, const fk_alert_filter *f, const fk_page *page, json_t **out,
                  char next[32], fk_err *err)
{
    next[0] = '\0';
    char sql[2048];
    int len = snprintf(sql, sizeof sql, "SELECT " ALERT_COLUMNS ALERT_FROM "WHERE 1 = 1");
    typedef struct {
        const char *text;
        int64_t num;
    } bind;
    bind binds[12];
    int nb = 0;
#define COND(cond, sql_text, ...)                                                                  \
    if (cond) {                                                                                    \
        len += snprintf(sql + len, sizeof sql - (size_t)len, " AND " sql_text, nb + 1);            \
        binds[nb++] = (bind){__VA_ARGS__};                                                         \
    }
    COND(f->org, "o.name = ?%d", .text = f->org)
    COND(f->sector, "o.sector = ?%d", .text = f->sector)
    COND(f->engine, "a.engine = ?%d", .text = f->engine)
    COND(f->rule, "a.rule_id = ?%d", .text = f->rule)
    COND(f->state, "a.state = ?%d", .text = f->state)
    COND(f->min_severity > 0, "a.severity_rank >= ?%d", .num = f->min_severity)
    COND(f->since_ms, "a.last_ms >= ?%d", .num = f->since_ms)
    COND(f->until_ms, "a.last_ms <= ?%d", .num = f->until_ms)
    COND(f->only_org_id > 0, "a.org_id = ?%d", .num = f->only_org_id)
    COND(page && page->after, "a.id < ?%d", .num = strtoll(page->after, NULL, 10))
    COND(f->min_id > 0, "a.id >= ?%d", .num = f->min_id)
#undef COND
    if (f->centre_own)
        len += snprintf(sql + len, sizeof sql - (size_t)len, " AND a.org_id IS NULL");
    len += snprintf(sql + len, sizeof sql - (size_t)len, " ORDER BY a.id DESC LIMIT ?%d", nb + 1);
    fk_sql *st;
    if (len >= (int)sizeof sql || prepare(db, &st, sql, err) != 0)
        return len >= (int)sizeof sql ? fk_errf(err, "alerts: query too long") : -1;
    for (int b = 0; b < nb; b++) {
        if (binds[b].text)
            fk_sql_bind_text_static(st, b + 1, binds[b].text, -1);
        else
            fk_sql_bind_int64(st, b + 1, binds[b].num);
    }
    size_t limit = page && page->limit ? page->limit : 100;
    fk_sql_bind_int64(st, nb + 1, (int64_t)limit + 1);
    json_t *arr = json_array();
    size_t n = 0;
    int rc;
    int64_t last_id = 0;
    while (arr && (rc = fk_sql_step(st)) == FK_SQL_ROW) {
        if (n == limit) {
            snprintf(next, 32, "%lld", (long long)last_id);
            break;
        }
        json_t *row = row_json(st, f->only_org_id <= 0);
        if (!row || json_array_append_new(arr, row) != 0) {
            json_decref(arr);
            arr = NULL;
            break;
        }
        last_id = fk_sql_column_int64(st, 0);
        n++;
    }
    fk_sql_finalize(st);
    if (!arr)
        return fk_errc(err, FK_ERR_NOMEM, "out of memory");
    if (rc != FK_SQL_DONE && rc != FK_SQL_ROW) {
        json_decref(arr);
        return fk_db_error(db, err, "alerts");
    }
    *out = arr;
    return 0;
}

int fk_alert_newest_id(fk_db *db, int64_t *id, fk_err *err)
{
    fk_sql *st;
    *id = 0;
    if (prepare(db, &st, "SELECT max(id) FROM alert", err) != 0)
        return -1;
    int rc = fk_sql_step(st);
    if (rc == FK_SQL_ROW && fk_sql_column_type(st, 0) != FK_SQL_NULL)
        *id = fk_sql_column_int64(st, 0);
    fk_sql_finalize(st);
    return rc == FK_SQL_ROW || rc == FK_SQL_DONE ? 0 : fk_db_error(db, err, "alerts");
}

int fk_alert_get(fk_db *db, int64_t id, int64_t only_org_id, json_t **out, fk_err *err)
{
    fk_sql *st;
    if (prepare(db, &st,
                "SELECT " ALERT_COLUMNS ALERT_FROM "WHERE a.id = ?1 AND (?2 = 0 OR a.org_id = ?2)",
                err) != 0)
        return -1;
    fk_sql_bind_int64(st, 1, id);
    fk_sql_bind_int64(st, 2, only_org_id > 0 ? only_org_id : 0);
    int rc = fk_sql_step(st), result = 1;
    if (rc == FK_SQL_ROW)
        result = (*out = row_json(st, only_org_id <= 0))
                     ? 0
                     : fk_errc(err, FK_ERR_NOMEM, "out of memory");
    else if (rc != FK_SQL_DONE)
        result = fk_db_error(db, err, "alert");
    fk_sql_finalize(st);
    return result;
}

int fk_alert_set_state(fk_db *db, const char *actor, int64_t id, int64_t only_org_id,
                       const char *state, const char *note, fk_err *err)
{
    if (!fk_alert_state_valid(state))
        return fk_errf(err, "state: expected new, acknowledged, false-positive or escalated");
    if (fk_db_begin(db, err) != 0)
        return -1;
    fk_sql *st;
    char now[32];
    int result = 0;
    if (prepare(db, &st,
                "UPDATE alert SET state = ?1, state_by = ?2, state_at = ?3 WHERE id = ?4 AND (?5 "
                "= 0 OR org_id = ?5)",
                err) != 0) {
        fk_db_rollback(db);
        return -1;
    }
    fk_sql_bind_text_static(st, 1, state, -1);
    fk_sql_bind_text_static(st, 2, actor, -1);
    fk_sql_bind_text_static(st, 3, fk_db_now(now), -1);
    fk_sql_bind_int64(st, 4, id);
    fk_sql_bind_int64(st, 5, only_org_id > 0 ? only_org_id : 0);
    int rc = fk_sql_step(st);
    fk_sql_finalize(st);
    if (rc != FK_SQL_DONE)
        result = fk_db_error(db, err, "alert state");
    else if (fk_db_changes(db) == 0)
        result = 1;
    char object[32];
    snprintf(object, sizeof object, "alert:%lld", (long long)id);
    json_t *d = json_pack("{ssss?}", "state", state, "note", note);
    char *detail = d ? json_dumps(d, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(d);
    if (result == 0 && !detail)
        result = fk_errc(err, FK_ERR_NOMEM, "out of memory");
    if (result == 0)
        result = fk_audit_append(db, actor, "alert.state", object, detail, err);
    free(detail);
    if (result != 0) {
        fk_db_rollback(db);
        return result;
    }
    if (fk_db_commit(db, err) != 0) {
        fk_db_rollback(db);
        return -1;
    }
    return 0;
}

int fk_alert_campaign(fk_db *db, int64_t campaign_id, const char *detail,
                      const int64_t *member_alerts, size_t n, fk_err *err)
{
    fk_sql *st;
    int rc = FK_SQL_DONE;
    if (detail) {
        if (prepare(db, &st, "UPDATE alert SET detail = ? WHERE id = ?", err) != 0)
            return -1;
        fk_sql_bind_text_static(st, 1, detail, -1);
        fk_sql_bind_int64(st, 2, campaign_id);
        rc = fk_sql_step(st);
        fk_sql_finalize(st);
        if (rc != FK_SQL_DONE)
            return fk_db_error(db, err, "campaign");
    }
    if (prepare(db, &st, "UPDATE alert SET campaign_id = ? WHERE id = ?", err) != 0)
        return -1;
    for (size_t i = 0; i < n && rc == FK_SQL_DONE; i++) {
        fk_sql_reset(st);
        fk_sql_bind_int64(st, 1, campaign_id);
        fk_sql_bind_int64(st, 2, member_alerts[i]);
        rc = fk_sql_step(st);
    }
    fk_sql_finalize(st);
    return rc == FK_SQL_DONE ? 0 : fk_db_error(db, err, "campaign");
}

int fk_alert_campaign_link(fk_db *db, int64_t campaign_id, const char *by, const char *value,
                           size_t value_len, int64_t since_ms, fk_err *err)
{
    const char *where = !strcmp(by, "src_ip")      ? "src_ip = ?2"
                        : !strcmp(by, "indicator") ? "indicator = ?2"
                                                   : "engine || ':' || rule_id = ?2";
    char sql[300];
    snprintf(sql, sizeof sql,
             "UPDATE alert SET campaign_id = ?1 WHERE org_id IS NOT NULL AND last_ms >= ?3 AND "
             "%s",
             where);
    fk_sql *st;
    if (prepare(db, &st, sql, err) != 0)
        return -1;
    fk_sql_bind_int64(st, 1, campaign_id);
    fk_sql_bind_text(st, 2, value, (int)value_len);
    fk_sql_bind_int64(st, 3, since_ms);
    int rc = fk_sql_step(st);
    fk_sql_finalize(st);
    return rc == FK_SQL_DONE ? 0 : fk_db_error(db, err, "campaign");
}

/* Deleted a chunk at a time, each in its own transaction: a large deletion (the first
 * retention after a long time, or a lowered bound) must not hold the store's write lock
 * for minutes while ingest, detection and sign-ins wait behind it. */
enum { RETENTION_CHUNK = 5000 };

int fk_alert_retention(fk_db *db, int64_t now_ms, int64_t max_age_ms, int64_t max_count,
                       int64_t *deleted, fk_err *err)
{
    *deleted = 0;
    const char *sql[2] = {
        "DELETE FROM alert WHERE id IN (SELECT id FROM alert WHERE last_ms < ?1 AND state <> "
        "'escalated' AND id NOT IN (SELECT campaign_id FROM alert WHERE campaign_id IS NOT "
        "NULL) LIMIT ?2)",
        "DELETE FROM alert WHERE id IN (SELECT id FROM alert WHERE state <> 'escalated' AND id "
        "NOT IN (SELECT campaign_id FROM alert WHERE campaign_id IS NOT NULL) AND id NOT IN "
        "(SELECT id FROM alert ORDER BY id DESC LIMIT ?1) LIMIT ?2)"};
    int64_t arg[2] = {now_ms - max_age_ms, max_count};
    for (int i = 0; i < 2; i++) {
        if ((i == 0 && max_age_ms <= 0) || (i == 1 && max_count <= 0))
            continue;
        for (int64_t changed = RETENTION_CHUNK; changed == RETENTION_CHUNK;) {
            fk_sql *st;
            if (fk_db_begin(db, err) != 0)
                return -1;
            if (prepare(db, &st, sql[i], err) != 0) {
                fk_db_rollback(db);
                return -1;
            }
            fk_sql_bind_int64(st, 1, arg[i]);
            fk_sql_bind_int64(st, 2, RETENTION_CHUNK);
            int rc = fk_sql_step(st);
            fk_sql_finalize(st);
            changed = rc == FK_SQL_DONE ? fk_db_changes(db) : -1;
            if (rc != FK_SQL_DONE) {
                fk_db_error(db, err, "alert retention");
                fk_db_rollback(db);
                return -1;
            }
            if (fk_db_commit(db, err) != 0) {
                fk_db_rollback(db);
                return -1;
            }
            *deleted += changed;
        }
    }
    /* the overview's counts go with the alerts they counted, by age */
    if (max_age_ms > 0 && fk_alert_stats_retention(db, now_ms - max_age_ms, err) != 0)
        return -1;
    return 0;
}

/* ---- alerts the member's collector raised ------------------------------------------- */

int fk_alert_edge_add(fk_db *db, int64_t org_id, const char *batch_key, int64_t alerts,
                      const char *indicators, int64_t now_ms, fk_err *err)
{
    static const char sql[] =
        "INSERT INTO edge_delivery (org_id, batch_key, received_ms, alerts, indicators) VALUES "
        "(?1, ?2, ?3, ?4, ?5) ON CONFLICT (org_id, batch_key) DO NOTHING";
    fk_sql *st = fk_db_cached(db, sql, err);
    if (!st)
        return -1;
    fk_sql_bind_int64(st, 1, org_id);
    fk_sql_bind_text_static(st, 2, batch_key, -1);
    fk_sql_bind_int64(st, 3, now_ms);
    fk_sql_bind_int64(st, 4, alerts);
    fk_sql_bind_text_static(st, 5, indicators, -1);
    int rc = fk_sql_step(st);
    fk_sql_reset(st);
    if (rc != FK_SQL_DONE)
        return fk_db_error(db, err, "edge alerts");
    return fk_db_changes(db) > 0;
}

int fk_alert_edge_indicators(fk_db *db, int64_t org_id, const char *batch_key, char **out,
                             fk_err *err)
{
    static const char sql[] =
        "SELECT indicators FROM edge_delivery WHERE org_id = ?1 AND batch_key = ?2";
    *out = NULL;
    fk_sql *st = fk_db_cached(db, sql, err);
    if (!st)
        return -1;
    fk_sql_bind_int64(st, 1, org_id);
    fk_sql_bind_text_static(st, 2, batch_key, -1);
    int rc = fk_sql_step(st);
    if (rc == FK_SQL_ROW) {
        const char *text = (const char *)fk_sql_column_text(st, 0);
        if (text && *text && !(*out = strdup(text))) {
            fk_sql_reset(st);
            return fk_errc(err, FK_ERR_NOMEM, "out of memory");
        }
    }
    fk_sql_reset(st);
    if (rc != FK_SQL_ROW && rc != FK_SQL_DONE)
        return fk_db_error(db, err, "edge alerts");
    return 0;
}
