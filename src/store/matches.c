#include "matches.h"

#include "../core/sbuf.h"
#include "../vuln/applies.h"

#include <stdio.h>
#include <string.h>

static int exec1(fk_db *db, const char *sql, fk_err *err)
{
    fk_sql *st;
    if (fk_sql_prepare(db, sql, &st, NULL) != 0)
        return fk_db_error(db, err, "matches");
    int rc = fk_sql_step(st);
    fk_sql_finalize(st);
    return rc == FK_SQL_DONE ? 0 : fk_db_error(db, err, "matches");
}

/* Which rows of the two tables a scope recomputes, as WHERE clauses (?1: the system or
 * the organisation). names NULL: every ledger, whose names' answers are compared with
 * the new ones instead of removed (fk_matches_names_kept). */
typedef struct scope_rows {
    const char *systems, *names;
} scope_rows;

static const scope_rows by_vulns = {"vuln_id IN (SELECT id FROM match_scope)",
                                    "vuln_id IN (SELECT id FROM match_scope)"};
/* the names of the scope's systems are asked again: the answer for a name is the same
 * for every system running it */
static const scope_rows by_asset = {"asset_id = ?1",
                                    "cpe IN (SELECT cpe FROM asset_software WHERE asset_id = ?1)"};
static const scope_rows by_org = {"org_id = ?1",
                                  "cpe IN (SELECT s.cpe FROM asset_software s JOIN asset a ON "
                                  "a.id = s.asset_id WHERE a.org_id = ?1)"};
static const scope_rows every_ledger = {"1 = 1", NULL};

/* head WHERE where, ?1 bound to id when the clause has it. */
static int run_where(fk_db *db, const char *head, const char *where, int64_t id, fk_err *err)
{
    char sql[512];
    snprintf(sql, sizeof sql, "%s WHERE %s", head, where);
    fk_sql *st;
    if (fk_sql_prepare(db, sql, &st, NULL) != 0)
        return fk_db_error(db, err, "matches");
    if (strstr(where, "?1"))
        fk_sql_bind_int64(st, 1, id);
    int rc = fk_sql_step(st);
    fk_sql_finalize(st);
    return rc == FK_SQL_DONE ? 0 : fk_db_error(db, err, "matches");
}

/* The answers a scope recomputes are listed aside first (keys and what they said), and
 * left in their tables: each answer found again takes its row off the list, and is
 * written only when it says something else (found now); an unchanged one is not
 * written at all and keeps the time it was first found. What is still listed at the
 * end was not found again and is removed (fk_matches_end). An updated record whose
 * ranges moved a step, or a system edited, rewrites only the answers that changed. */
static int keep_aside(fk_db *db, fk_err *err)
{
    static const char *const sql[] = {
        "CREATE TEMP TABLE IF NOT EXISTS match_kept_systems (asset_id BIGINT NOT NULL, vuln_id "
        "TEXT NOT NULL, confidence TEXT NOT NULL, cpe TEXT NOT NULL, evidence TEXT NOT NULL, "
        "found_ms BIGINT NOT NULL, PRIMARY KEY (asset_id, vuln_id))",
        "CREATE TEMP TABLE IF NOT EXISTS match_kept_names (cpe TEXT NOT NULL, vuln_id TEXT NOT "
        "NULL, confidence TEXT NOT NULL, evidence TEXT NOT NULL, found_ms BIGINT NOT NULL, "
        "PRIMARY KEY (cpe, vuln_id))",
        "DELETE FROM match_kept_systems",
        "DELETE FROM match_kept_names",
    };
    for (size_t i = 0; i < sizeof sql / sizeof *sql; i++)
        if ((i < 2 ? fk_db_exec(db, sql[i], err) : exec1(db, sql[i], err)) != 0)
            return -1;
    return 0;
}

int fk_matches_begin(fk_db *db, const fk_match_scope *scope, fk_err *err)
{
    if (scope->vulns) {
        /* a temporary table rather than a long IN list: both backends plan it as a join */
        if (fk_db_exec(db, "CREATE TEMP TABLE IF NOT EXISTS match_scope (id TEXT PRIMARY KEY)",
                       err) != 0 ||
            exec1(db, "DELETE FROM match_scope", err) != 0)
            return -1;
        size_t i;
        json_t *v;
        json_array_foreach(scope->vulns, i, v)
        {
            static const char sql[] =
                "INSERT INTO match_scope (id) VALUES (?1) ON CONFLICT DO NOTHING";
            fk_sql *st = fk_db_cached(db, sql, err);
            if (!st)
                return -1;
            fk_sql_bind_text_static(st, 1, json_string_value(v), -1);
            int rc = fk_sql_step(st);
            fk_sql_reset(st);
            if (rc != FK_SQL_DONE)
                return fk_db_error(db, err, "matches");
        }
    }
    const scope_rows *rows = scope->vulns       ? &by_vulns
                             : scope->asset > 0 ? &by_asset
                             : scope->org > 0   ? &by_org
                                                : &every_ledger;
    int64_t id = scope->asset > 0 ? scope->asset : scope->org;
    if (keep_aside(db, err) != 0 ||
        run_where(db,
                  "INSERT INTO match_kept_systems (asset_id, vuln_id, confidence, cpe, evidence, "
                  "found_ms) SELECT asset_id, vuln_id, confidence, cpe, evidence, found_ms FROM "
                  "vuln_match",
                  rows->systems, id, err) != 0)
        return -1;
    if (!rows->names)
        return 0;
    return run_where(db,
                     "INSERT INTO match_kept_names (cpe, vuln_id, confidence, evidence, found_ms) "
                     "SELECT cpe, vuln_id, confidence, evidence, found_ms FROM vuln_name_match",
                     rows->names, id, err);
}

int fk_matches_end(fk_db *db, fk_err *err)
{
    static const char *const sql[] = {
        /* driven by the rows still listed, through the tables' keys */
        "DELETE FROM vuln_match WHERE (asset_id, vuln_id) IN (SELECT asset_id, vuln_id FROM "
        "match_kept_systems)",
        "DELETE FROM vuln_name_match WHERE (cpe, vuln_id) IN (SELECT cpe, vuln_id FROM "
        "match_kept_names)",
        "DELETE FROM match_kept_systems",
        "DELETE FROM match_kept_names",
    };
    for (size_t i = 0; i < sizeof sql / sizeof *sql; i++)
        if (exec1(db, sql[i], err) != 0)
            return -1;
    return 0;
}

/* Steps a statement, handing each (asset, org, cpe, product) row on; then resets a
 * cached statement, finalises another. */
static int ledger_rows(fk_db *db, fk_sql *st, bool cached, fk_ledger_row row, void *ctx,
                       fk_err *err)
{
    int rc;
    bool refused = false;
    while (!refused && (rc = fk_sql_step(st)) == FK_SQL_ROW)
        refused = row(ctx, fk_sql_column_int64(st, 0), fk_sql_column_int64(st, 1),
                      fk_sql_column_text(st, 2), fk_sql_column_text(st, 3), err) != 0;
    if (cached)
        fk_sql_reset(st);
    else
        fk_sql_finalize(st);
    return refused ? -1 : rc == FK_SQL_DONE ? 0 : fk_db_error(db, err, "ledger");
}

int fk_matches_ledger(fk_db *db, const fk_match_scope *scope, fk_ledger_row row, void *ctx,
                      fk_err *err)
{
    const char *sql =
        scope->vulns
            ? "SELECT a.id, a.org_id, s.cpe, s.product FROM asset a JOIN asset_software s ON "
              "s.asset_id = a.id WHERE a.id IN (SELECT s2.asset_id FROM asset_software s2 JOIN "
              "vuln_product p ON p.product = s2.product JOIN match_scope ms ON ms.id = "
              "p.vuln_id) ORDER BY a.id"
        : scope->asset > 0
            ? "SELECT a.id, a.org_id, s.cpe, s.product FROM asset a JOIN asset_software s ON "
              "s.asset_id = a.id WHERE a.id = ?1"
        : scope->org > 0
            ? "SELECT a.id, a.org_id, s.cpe, s.product FROM asset a JOIN asset_software s ON "
              "s.asset_id = a.id WHERE a.org_id = ?1 ORDER BY a.id"
            : "SELECT a.id, a.org_id, s.cpe, s.product FROM asset a JOIN asset_software s ON "
              "s.asset_id = a.id ORDER BY a.id";
    fk_sql *st;
    if (fk_sql_prepare(db, sql, &st, NULL) != 0)
        return fk_db_error(db, err, "ledger");
    if (!scope->vulns && (scope->asset > 0 || scope->org > 0))
        fk_sql_bind_int64(st, 1, scope->asset > 0 ? scope->asset : scope->org);
    return ledger_rows(db, st, false, row, ctx, err);
}

/* The temporary table of products a query is limited to, made empty. */
static int products_begin(fk_db *db, fk_err *err)
{
    return fk_db_exec(db,
                      "CREATE TEMP TABLE IF NOT EXISTS match_products (product TEXT PRIMARY KEY)",
                      err) == 0 &&
                   exec1(db, "DELETE FROM match_products", err) == 0
               ? 0
               : -1;
}

int fk_matches_names_of(fk_db *db, json_t *products, fk_ledger_row row, void *ctx, fk_err *err)
{
    /* a temporary table rather than a long IN list, as for the vulnerabilities' scope */
    if (products_begin(db, err) != 0)
        return -1;
    const char *product;
    json_t *yes;
    json_object_foreach(products, product, yes)
    {
        static const char sql[] =
            "INSERT INTO match_products (product) VALUES (?1) ON CONFLICT DO NOTHING";
        fk_sql *st = fk_db_cached(db, sql, err);
        if (!st)
            return -1;
        (void)yes;
        fk_sql_bind_text_static(st, 1, product, -1);
        int rc = fk_sql_step(st);
        fk_sql_reset(st);
        if (rc != FK_SQL_DONE)
            return fk_db_error(db, err, "matches");
    }
    /* every system's row of those products, in the index's order (product, cpe): each
     * name is handed on once, at the first of its rows. DISTINCT would sort them all in
     * a temporary tree: three times as long for a thousand changed records. */
    fk_sql *st;
    if (fk_sql_prepare(db,
                       "SELECT s.cpe, s.product FROM asset_software s WHERE s.product IN (SELECT "
                       "product FROM match_products) ORDER BY s.product, s.cpe",
                       &st, NULL) != 0)
        return fk_db_error(db, err, "ledger");
    int rc = FK_SQL_DONE, failed = 0;
    fk_sbuf last = {0};
    while (!failed && (rc = fk_sql_step(st)) == FK_SQL_ROW) {
        const char *cpe = fk_sql_column_text(st, 0);
        size_t n = strlen(cpe);
        if (last.len == n && !memcmp(last.p, cpe, n))
            continue;
        last.len = 0;
        if (fk_sbuf_put(&last, cpe, n) != 0)
            failed = fk_errc(err, FK_ERR_NOMEM, "out of memory");
        else
            failed = row(ctx, 0, 0, cpe, fk_sql_column_text(st, 1), err);
    }
    if (!failed && rc != FK_SQL_DONE)
        failed = fk_db_error(db, err, "ledger");
    fk_sql_finalize(st);
    fk_sbuf_free(&last);
    return failed ? -1 : 0;
}

int fk_matches_systems_running(fk_db *db, const char *cpe, fk_ledger_row row, void *ctx,
                               fk_err *err)
{
    /* only the names of the products fk_matches_names_of was given: a rule asks nothing
     * of the others (a system runs half a dozen programs; the rules of a chunk name one
     * or two of them), and each is one more name for the matcher to take in */
    fk_sql *st =
        fk_db_cached(db,
                     "SELECT a.id, a.org_id, s2.cpe, s2.product FROM asset_software s JOIN asset "
                     "a ON a.id = s.asset_id JOIN asset_software s2 ON s2.asset_id = s.asset_id "
                     "WHERE s.cpe = ?1 AND s2.product IN (SELECT product FROM match_products)",
                     err);
    if (!st)
        return -1;
    fk_sql_bind_text_static(st, 1, cpe, -1);
    return ledger_rows(db, st, true, row, ctx, err);
}

int fk_matches_candidates(fk_db *db, const fk_match_scope *scope, fk_candidate_row row, void *ctx,
                          fk_err *err)
{
    /* the JVN record rides along only where its words are the versions there are */
    const char *sql =
        scope->vulns
            /* IN, not a join: the planner then walks the few ids of the scope rather
             * than every record (a join with the unanalysed temporary table scanned all) */
            ? "SELECT v.id, v.configurations, v.versions, CASE WHEN v.config_source = 'jvn' THEN "
              "v.jvn END FROM vuln v WHERE v.id IN (SELECT id FROM match_scope) AND EXISTS "
              "(SELECT 1 FROM vuln_product p JOIN asset_software s ON s.product = p.product "
              "WHERE p.vuln_id = v.id)"
            : scope->asset > 0 ? "SELECT v.id, v.configurations, v.versions, CASE WHEN "
                                 "v.config_source = 'jvn' THEN "
                                 "v.jvn END FROM vuln v WHERE v.id IN (SELECT p.vuln_id FROM "
                                 "vuln_product p JOIN "
                                 "asset_software s ON s.product = p.product WHERE s.asset_id = ?1)"
              : scope->org > 0 ? "SELECT v.id, v.configurations, v.versions, CASE WHEN "
                                 "v.config_source = 'jvn' THEN "
                                 "v.jvn END FROM vuln v WHERE v.id IN (SELECT p.vuln_id FROM "
                                 "vuln_product p JOIN "
                                 "asset_software s ON s.product = p.product JOIN asset a ON a.id = "
                                 "s.asset_id WHERE "
                                 "a.org_id = ?1)"
                               /* every ledger: every record, in the table's order. The
                                  rules find for themselves that they name no product of
                                  the ledger, and those that do are nearly all (93% at
                                  full size; the rest hold 0.3% of the text). Looking each
                                  record's products up among the ledger's cost 0.8 of the
                                  1.9 s this query took on the store's thread, which the
                                  whole match waits for; each candidate's id looked up in
                                  the table, 278,220 searches, 2.4 s. */
                               : "SELECT v.id, v.configurations, v.versions, CASE WHEN "
                                 "v.config_source = 'jvn' THEN v.jvn END FROM vuln v";
    fk_sql *st;
    if (fk_sql_prepare(db, sql, &st, NULL) != 0)
        return fk_db_error(db, err, "candidates");
    if (!scope->vulns && (scope->asset > 0 || scope->org > 0))
        fk_sql_bind_int64(st, 1, scope->asset > 0 ? scope->asset : scope->org);
    int rc;
    while ((rc = fk_sql_step(st)) == FK_SQL_ROW)
        if (row(ctx, fk_sql_column_text(st, 0), fk_sql_column_text(st, 1),
                fk_sql_column_int(st, 2) != 0, fk_sql_column_text(st, 3), err) != 0) {
            fk_sql_finalize(st);
            return -1;
        }
    fk_sql_finalize(st);
    return rc == FK_SQL_DONE ? 0 : fk_db_error(db, err, "candidates");
}

int fk_matches_ledger_any(fk_db *db, bool *any, fk_err *err)
{
    fk_sql *st;
    if (fk_sql_prepare(db, "SELECT 1 FROM asset_software LIMIT 1", &st, NULL) != 0)
        return fk_db_error(db, err, "ledger");
    int rc = fk_sql_step(st);
    fk_sql_finalize(st);
    *any = rc == FK_SQL_ROW;
    return rc == FK_SQL_ROW || rc == FK_SQL_DONE ? 0 : fk_db_error(db, err, "ledger");
}

/* A name's evidence as vuln_name_match keeps it: " takes in NAME" written " takes in *",
 * as the row's cpe is that name; vuln_match_all and fk_matches_names_kept put it back
 * (migration 033/022). Evidence that does not name it, or is too long for buf, is kept
 * as it is, which reads back unchanged. */
static const char *without_name(const char *cpe, const char *evidence, char *buf, size_t cap)
{
    size_t cl = strlen(cpe), tl = sizeof FK_APPLIES_TAKES_IN - 1;
    for (const char *p = evidence; (p = strstr(p, FK_APPLIES_TAKES_IN)) != NULL; p += tl) {
        if (strncmp(p + tl, cpe, cl) != 0)
            continue;
        size_t head = (size_t)(p - evidence) + tl, rest = strlen(p + tl + cl);
        if (head + 1 + rest + 1 > cap)
            return evidence;
        memcpy(buf, evidence, head);
        buf[head] = '*';
        memcpy(buf + head + 1, p + tl + cl, rest + 1);
        return buf;
    }
    return evidence;
}

/* One name's answer into the table or the stage (sql: the insert, cached). */
static int put_name(fk_db *db, const char *sql, const char *cpe, const char *vuln_id,
                    const char *confidence, const char *evidence, int64_t now_ms, fk_err *err)
{
    fk_sql *st = fk_db_cached(db, sql, err);
    if (!st)
        return -1;
    char kept[2048];
    fk_sql_bind_text_static(st, 1, cpe, -1);
    fk_sql_bind_text_static(st, 2, vuln_id, -1);
    fk_sql_bind_text_static(st, 3, confidence, -1);
    fk_sql_bind_text_static(st, 4, without_name(cpe, evidence, kept, sizeof kept), -1);
    fk_sql_bind_int64(st, 5, now_ms);
    int rc = fk_sql_step(st);
    fk_sql_reset(st);
    return rc == FK_SQL_DONE ? 0 : fk_db_error(db, err, "match");
}

typedef void (*bind_key)(fk_sql *st, const void *key);

/* Takes the answer keyed (?1, ?2) off a list of those recomputed (sql: the DELETE ...
 * RETURNING of what it said, as text columns); *listed says whether it was there, and
 * *same whether it said each of want[0..n) again. */
static int take_listed(fk_db *db, const char *sql, bind_key bind, const void *key,
                       const char *const *want, int n, bool *listed, bool *same, fk_err *err)
{
    fk_sql *st = fk_db_cached(db, sql, err);
    if (!st)
        return -1;
    bind(st, key);
    int rc = fk_sql_step(st);
    *listed = rc == FK_SQL_ROW;
    *same = *listed;
    for (int i = 0; *listed && i < n; i++) {
        const char *had = fk_sql_column_text(st, i);
        *same = *same && had && !strcmp(had, want[i]);
    }
    if (rc == FK_SQL_ROW)
        rc = fk_sql_step(st);
    fk_sql_reset(st);
    return rc == FK_SQL_DONE ? 0 : fk_db_error(db, err, "match");
}

static void bind_name_key(fk_sql *st, const void *key)
{
    const char *const *k = key;
    fk_sql_bind_text_static(st, 1, k[0], -1);
    fk_sql_bind_text_static(st, 2, k[1], -1);
}

int fk_matches_add_name(fk_db *db, const char *cpe, const char *vuln_id, const char *confidence,
                        const char *evidence, int64_t now_ms, fk_err *err)
{
    char buf[2048];
    const char *stored = without_name(cpe, evidence, buf, sizeof buf);
    const char *key[] = {cpe, vuln_id}, *said[] = {confidence, stored};
    bool listed, same;
    if (take_listed(db,
                    "DELETE FROM match_kept_names WHERE cpe = ?1 AND vuln_id = ?2 RETURNING "
                    "confidence, evidence",
                    bind_name_key, key, said, 2, &listed, &same, err) != 0)
        return -1;
    if (same) /* found again as it was: left as it is, with the time it was first found */
        return 0;
    /* new, or said otherwise now; a second answer for the key in one run leaves the
     * first (DO NOTHING) */
    return put_name(db,
                    listed ? "UPDATE vuln_name_match SET confidence = ?3, evidence = ?4, found_ms "
                             "= ?5 WHERE cpe = ?1 AND vuln_id = ?2"
                           : "INSERT INTO vuln_name_match (cpe, vuln_id, confidence, evidence, "
                             "found_ms) VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT DO NOTHING",
                    cpe, vuln_id, confidence, evidence, now_ms, err);
}

int fk_matches_names_kept(fk_db *db, fk_kept_name row, void *ctx, fk_err *err)
{
    fk_sql *st;
    if (fk_sql_prepare(db,
                       "SELECT cpe, vuln_id, confidence, replace(evidence, '" FK_APPLIES_TAKES_IN
                       "*', '" FK_APPLIES_TAKES_IN "' || cpe) FROM vuln_name_match",
                       &st, NULL) != 0)
        return fk_db_error(db, err, "matches");
    int rc;
    while ((rc = fk_sql_step(st)) == FK_SQL_ROW)
        if (row(ctx, fk_sql_column_text(st, 0), fk_sql_column_text(st, 1),
                fk_sql_column_text(st, 2), fk_sql_column_text(st, 3), err) != 0) {
            fk_sql_finalize(st);
            return -1;
        }
    fk_sql_finalize(st);
    return rc == FK_SQL_DONE ? 0 : fk_db_error(db, err, "matches");
}

int fk_matches_remove_name(fk_db *db, const char *cpe, const char *vuln_id, fk_err *err)
{
    fk_sql *st =
        fk_db_cached(db, "DELETE FROM vuln_name_match WHERE cpe = ?1 AND vuln_id = ?2", err);
    if (!st)
        return -1;
    fk_sql_bind_text_static(st, 1, cpe, -1);
    fk_sql_bind_text_static(st, 2, vuln_id, -1);
    int rc = fk_sql_step(st);
    fk_sql_reset(st);
    return rc == FK_SQL_DONE ? 0 : fk_db_error(db, err, "match");
}

/* The number a one-column, one-row query answers. */
static int count_of(fk_db *db, const char *sql, int64_t *n, fk_err *err)
{
    fk_sql *st;
    if (fk_sql_prepare(db, sql, &st, NULL) != 0)
        return fk_db_error(db, err, "matches");
    int rc = fk_sql_step(st);
    *n = rc == FK_SQL_ROW ? fk_sql_column_int64(st, 0) : 0;
    fk_sql_finalize(st);
    return rc == FK_SQL_ROW ? 0 : fk_db_error(db, err, "matches");
}

int fk_matches_names_write_begin(fk_db *db, size_t count, bool *rebuild, fk_err *err)
{
    int64_t kept;
    if (count_of(db, "SELECT COUNT(*) FROM vuln_name_match", &kept, err) != 0)
        return -1;
    /* mostly new: the index's upkeep row by row, in no order, was most of the time */
    *rebuild = count > 2 * (size_t)kept;
    return *rebuild ? exec1(db, "DROP INDEX vuln_name_match_vuln", err) : 0;
}

int fk_matches_names_write(fk_db *db, const char *cpe, const char *vuln_id, const char *confidence,
                           const char *evidence, bool changed, int64_t now_ms, fk_err *err)
{
    /* the WHERE compares the text itself (the caller compared hashes of it) */
    return put_name(db,
                    changed ? "UPDATE vuln_name_match SET confidence = ?3, evidence = ?4, found_ms "
                              "= ?5 WHERE cpe = ?1 AND vuln_id = ?2 AND (confidence <> ?3 OR "
                              "evidence <> ?4)"
                            : "INSERT INTO vuln_name_match (cpe, vuln_id, confidence, evidence, "
                              "found_ms) VALUES (?1, ?2, ?3, ?4, ?5)",
                    cpe, vuln_id, confidence, evidence, now_ms, err);
}

int fk_matches_names_write_end(fk_db *db, bool rebuild, fk_err *err)
{
    return rebuild ? exec1(db, "CREATE INDEX vuln_name_match_vuln ON vuln_name_match(vuln_id)", err)
                   : 0;
}

typedef struct system_key {
    int64_t asset_id;
    const char *vuln_id;
} system_key;

static void bind_system_key(fk_sql *st, const void *key)
{
    const system_key *k = key;
    fk_sql_bind_int64(st, 1, k->asset_id);
    fk_sql_bind_text_static(st, 2, k->vuln_id, -1);
}

int fk_matches_add(fk_db *db, int64_t asset_id, int64_t org_id, const char *vuln_id,
                   const char *confidence, const char *cpe, const char *evidence, int64_t now_ms,
                   fk_err *err)
{
    system_key key = {asset_id, vuln_id};
    const char *said[] = {confidence, cpe, evidence};
    bool listed, same;
    if (take_listed(db,
                    "DELETE FROM match_kept_systems WHERE asset_id = ?1 AND vuln_id = ?2 "
                    "RETURNING confidence, cpe, evidence",
                    bind_system_key, &key, said, 3, &listed, &same, err) != 0)
        return -1;
    if (same)
        return 0;
    static const char insert[] =
        "INSERT INTO vuln_match (asset_id, vuln_id, org_id, confidence, cpe, evidence, found_ms) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (asset_id, vuln_id) DO NOTHING";
    static const char update[] =
        "UPDATE vuln_match SET org_id = ?3, confidence = ?4, cpe = ?5, evidence = ?6, found_ms = "
        "?7 WHERE asset_id = ?1 AND vuln_id = ?2";
    fk_sql *st = fk_db_cached(db, listed ? update : insert, err);
    if (!st)
        return -1;
    fk_sql_bind_int64(st, 1, asset_id);
    fk_sql_bind_text_static(st, 2, vuln_id, -1);
    fk_sql_bind_int64(st, 3, org_id);
    fk_sql_bind_text_static(st, 4, confidence, -1);
    fk_sql_bind_text_static(st, 5, cpe, -1);
    fk_sql_bind_text_static(st, 6, evidence, -1);
    fk_sql_bind_int64(st, 7, now_ms);
    int rc = fk_sql_step(st);
    fk_sql_reset(st);
    return rc == FK_SQL_DONE ? 0 : fk_db_error(db, err, "match");
}

int fk_matches_of_vuln(fk_db *db, const char *vuln_id, int64_t only_org, json_t **out, fk_err *err)
{
    fk_sql *st;
    if (fk_sql_prepare(db,
                       "SELECT a.id AS asset, o.name AS organisation, a.name, a.criticality, "
                       "a.exposure, a.ics, m.confidence, m.cpe, m.evidence, m.found_ms FROM "
                       "vuln_match_all m JOIN asset a ON a.id = m.asset_id JOIN organisation o ON "
                       "o.id = m.org_id WHERE m.vuln_id = ?1 AND (?2 = 0 OR m.org_id = ?2) ORDER "
                       "BY o.name, a.name, a.id, CASE m.confidence WHEN 'version' THEN 0 WHEN "
                       "'product' THEN 1 ELSE 2 END",
                       &st, NULL) != 0)
        return fk_db_error(db, err, "matches");
    fk_sql_bind_text(st, 1, vuln_id, -1);
    fk_sql_bind_int64(st, 2, only_org);
    json_t *rows;
    if (fk_sql_collect(db, st, fk_sql_row_object, NULL, "matches", &rows, err) != 0)
        return -1;
    /* a system running two matching names is listed once */
    json_t *once = json_array();
    size_t i;
    json_t *row;
    int64_t last = 0;
    json_array_foreach(rows, i, row)
    {
        int64_t asset = (int64_t)json_integer_value(json_object_get(row, "asset"));
        if (asset != last)
            json_array_append(once, row);
        last = asset;
        json_object_set_new(row, "ics",
                            json_boolean(json_integer_value(json_object_get(row, "ics"))));
    }
    json_decref(rows);
    *out = once;
    return once ? 0 : fk_errc(err, FK_ERR_NOMEM, "out of memory");
}

int fk_matches_for_advice(fk_db *db, int64_t only_org, const char *vuln_id, json_t **out,
                          fk_err *err)
{
    fk_sql *st;
    if (fk_sql_prepare(db,
                       "SELECT m.org_id, o.name AS organisation, m.vuln_id, v.title, v.cvss_score, "
                       "v.epss, v.kev_added, v.kev_due, v.kev_action, a.id AS asset, a.name, "
                       "a.criticality, a.exposure, a.ics, a.compensating, m.confidence FROM "
                       "vuln_match_all m JOIN asset a ON a.id = m.asset_id JOIN vuln v ON v.id = "
                       "m.vuln_id JOIN organisation o ON o.id = m.org_id WHERE (?1 = 0 OR m.org_id "
                       "= ?1) AND (CAST(?2 AS TEXT) IS NULL OR m.vuln_id = ?2) ORDER BY m.org_id, "
                       "m.vuln_id, a.id",
                       &st, NULL) != 0)
        return fk_db_error(db, err, "matches");
    fk_sql_bind_int64(st, 1, only_org);
    if (vuln_id)
        fk_sql_bind_text_static(st, 2, vuln_id, -1);
    else
        fk_sql_bind_null(st, 2);
    return fk_sql_collect(db, st, fk_sql_row_object, NULL, "matches", out, err);
}

int fk_matches_counts(fk_db *db, int64_t only_org, json_t **out, fk_err *err)
{
    fk_sql *st;
    int rc =
        only_org > 0
            ? fk_sql_prepare(db,
                             "SELECT COUNT(DISTINCT m.asset_id || ':' || m.vuln_id) AS matches, "
                             "COUNT(DISTINCT m.asset_id) AS systems, COUNT(DISTINCT CASE WHEN "
                             "v.kev_added IS NOT NULL THEN m.vuln_id END) AS known_exploited, "
                             "COUNT(DISTINCT m.vuln_id) AS vulnerabilities FROM vuln_match_all m "
                             "JOIN vuln v ON v.id = m.vuln_id WHERE m.org_id = ?1",
                             &st, NULL)
            : fk_sql_prepare(db,
                             "SELECT (SELECT COUNT(*) FROM vuln_name_match) AS name_matches, "
                             "(SELECT COUNT(*) FROM vuln_match) AS system_matches, (SELECT "
                             "COUNT(DISTINCT vuln_id) FROM (SELECT vuln_id FROM vuln_name_match "
                             "UNION SELECT vuln_id FROM vuln_match) u) AS vulnerabilities, (SELECT "
                             "COUNT(*) FROM vuln v WHERE v.kev_added IS NOT NULL AND (EXISTS "
                             "(SELECT 1 FROM vuln_name_match n WHERE n.vuln_id = v.id) OR EXISTS "
                             "(SELECT 1 FROM vuln_match m WHERE m.vuln_id = v.id))) AS "
                             "known_exploited",
                             &st, NULL);
    if (rc != 0)
        return fk_db_error(db, err, "matches");
    if (only_org > 0)
        fk_sql_bind_int64(st, 1, only_org);
    json_t *rows;
    if (fk_sql_collect(db, st, fk_sql_row_object, NULL, "matches", &rows, err) != 0)
        return -1;
    *out = json_incref(json_array_get(rows, 0));
    json_decref(rows);
    return 0;
}
