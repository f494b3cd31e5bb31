/* What applies to which system: the rows matching reads (the ledger's programs, the
 * candidate vulnerabilities and their rules) and the rows it writes (per program name,
 * vuln_name_match, and per system, vuln_match; read together through the view
 * vuln_match_all), for a scope: everything, the vulnerabilities that just changed, or
 * one organisation's or one system's ledger. Owns those tables, the view and the scope's
 * temporary table. */
#ifndef FK_STORE_MATCHES_H
#define FK_STORE_MATCHES_H

#include "db.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

typedef struct fk_match_scope {
    json_t *vulns; /* ids of vulnerabilities (NULL: not limited to some) */
    int64_t asset; /* > 0: that system only */
    int64_t org;   /* > 0: that organisation's systems only */
} fk_match_scope;

/* Marks the scope (the vulnerabilities of scope->vulns are put in a temporary table the
 * queries below read) and lists aside the matches it will recompute (for every ledger,
 * the systems' only: the names' are compared with the new ones, see below), leaving
 * them in place: fk_matches_add and fk_matches_add_name, called between this and
 * fk_matches_end, write only an answer that is new or says something else now. Inside
 * a transaction. */
int fk_matches_begin(fk_db *db, const fk_match_scope *scope, fk_err *err);
/* After the scope's matches are given: those listed and not found again are removed.
 * Inside the same transaction. */
int fk_matches_end(fk_db *db, fk_err *err);

/* The programs of the systems in scope: asset id, organisation, cpe, product. With a
 * vulnerability scope, the systems running one of their products, with all their
 * programs (a rule may ask what else a system runs). */
typedef int (*fk_ledger_row)(void *ctx, int64_t asset_id, int64_t org_id, const char *cpe,
                             const char *product, fk_err *err);
int fk_matches_ledger(fk_db *db, const fk_match_scope *scope, fk_ledger_row row, void *ctx,
                      fk_err *err);

/* Lazily: the distinct names the ledger runs of the products (an object whose keys are
 * "vendor:product"), with no systems (row's asset_id and org_id 0), the products kept
 * for the next call; then the systems running one name, each with its names of those
 * products alone (what the rules of those products can ask). */
int fk_matches_names_of(fk_db *db, json_t *products, fk_ledger_row row, void *ctx, fk_err *err);
int fk_matches_systems_running(fk_db *db, const char *cpe, fk_ledger_row row, void *ctx,
                               fk_err *err);
/* The vulnerabilities in scope that name a product the ledger has: id, configurations
 * (JSON text), whether they carry versions, and for a JVN-only rule the versions in its
 * words (NULL otherwise). */
typedef int (*fk_candidate_row)(void *ctx, const char *id, const char *configurations,
                                bool versions, const char *jvn, fk_err *err);
int fk_matches_candidates(fk_db *db, const fk_match_scope *scope, fk_candidate_row row, void *ctx,
                          fk_err *err);

/* Whether any system has a program (*any); without one there is nothing to match. */
int fk_matches_ledger_any(fk_db *db, bool *any, fk_err *err);

/* What a simple rule says of a program's name (every system running it). */
int fk_matches_add_name(fk_db *db, const char *cpe, const char *vuln_id, const char *confidence,
                        const char *evidence, int64_t now_ms, fk_err *err);
/* Every ledger matched again gives a million answers for the names, mostly those kept
 * already. The caller reads the kept ones (fk_matches_names_kept), leaves the unchanged
 * ones as they are (with the time they were first found), removes those no longer
 * given (fk_matches_remove_name) and writes the new and changed ones at the end, in the
 * table's key order (cpe, then vuln_id, byte by byte): begin with how many will come,
 * one call each, end with what begin said. Mostly new answers (a first match, ledgers
 * loaded in bulk): the index by vulnerability is dropped and built again from the
 * whole (*rebuild), rather than kept up row by row in no order. */
typedef int (*fk_kept_name)(void *ctx, const char *cpe, const char *vuln_id, const char *confidence,
                            const char *evidence, fk_err *err);
int fk_matches_names_kept(fk_db *db, fk_kept_name row, void *ctx, fk_err *err);
int fk_matches_remove_name(fk_db *db, const char *cpe, const char *vuln_id, fk_err *err);
int fk_matches_names_write_begin(fk_db *db, size_t count, bool *rebuild, fk_err *err);
/* A new answer added, or a kept one that says something else rewritten (found again
 * now): the caller knows which (a plain insert costs a third less than one that looks
 * for a row to update first). */
int fk_matches_names_write(fk_db *db, const char *cpe, const char *vuln_id, const char *confidence,
                           const char *evidence, bool changed, int64_t now_ms, fk_err *err);
int fk_matches_names_write_end(fk_db *db, bool rebuild, fk_err *err);
/* One match of a system. */
int fk_matches_add(fk_db *db, int64_t asset_id, int64_t org_id, const char *vuln_id,
                   const char *confidence, const char *cpe, const char *evidence, int64_t now_ms,
                   fk_err *err);

/* The matches of a vulnerability (only_org > 0: that organisation's systems): asset,
 * organisation, name, criticality, exposure, ics, confidence, cpe, evidence. */
int fk_matches_of_vuln(fk_db *db, const char *vuln_id, int64_t only_org, json_t **out, fk_err *err);
/* Every match with what ranks it (only_org > 0: that organisation's; vuln_id: of that
 * vulnerability, NULL: all), by organisation and vulnerability: org_id, organisation,
 * vuln_id, title, cvss_score, epss, kev_added, kev_due, kev_action, asset, name,
 * criticality, exposure, ics, compensating, confidence. */
int fk_matches_for_advice(fk_db *db, int64_t only_org, const char *vuln_id, json_t **out,
                          fk_err *err);
/* Counts: matches, systems affected, organisations affected, of them known exploited
 * (the centre, only_org 0: the rows kept, per name and per system, and the
 * vulnerabilities they name, without counting through every system). */
int fk_matches_counts(fk_db *db, int64_t only_org, json_t **out, fk_err *err);

#endif
