/* Vulnerabilities and the asset ledger as use cases, one transaction each: the centre
 * takes in feeds (NVD, JVN, KEV, EPSS: a file whole or not at all) and every system whose
 * ledger a changed record touches is matched again in the same transaction; a member
 * keeps its own systems (one at a time, or a CSV or CycloneDX file) and each change is
 * matched at once; reading gives the public records to all and the matches of a member's
 * own systems only. Errors: FK_ERR_INVALID naming the record, line or field;
 * FK_ERR_DENIED. */
#ifndef FK_HUB_VULNS_H
#define FK_HUB_VULNS_H

#include "../store/assets.h"
#include "../store/directory.h"
#include "../store/matches.h"
#include "../store/vulns.h"
#include "../vuln/feed.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

/* A feed document (kind: an fk_feed_kind, or -1 to recognise it; name: the file's name
 * for messages and the audit). *summary: {"feed", "records", "added", "updated",
 * "unchanged", "rematched", "matches", "parse_ms", "store_ms", "match_ms"}. */
int fk_hub_vuln_import(fk_db *db, const fk_principal *who, const char *name, const char *data,
                       size_t len, int kind, int64_t now_ms, json_t **summary, fk_err *err);
/* The same for a document already read (fk_feed_read_all): its records stored in one
 * transaction and what they change matched. */
int fk_hub_vuln_import_records(fk_db *db, const fk_principal *who, const char *name,
                               fk_feed_kind kind, json_t *records, int64_t now_ms, json_t **summary,
                               fk_err *err);
/* Every ledger matched again against every record. */
int fk_hub_vuln_rematch(fk_db *db, const fk_principal *who, int64_t now_ms, json_t **summary,
                        fk_err *err);

/* Records by id; mine: only those matching the caller's organisation's systems (the
 * centre: any organisation's). */
int fk_hub_vulns_list(fk_db *db, const fk_principal *who, const char *q, bool kev, double min_score,
                      bool mine, const fk_page *page, json_t **out, fk_err *err);
/* One record with the systems it applies to (a member: its own). 1 when there is none. */
int fk_hub_vuln_get(fk_db *db, const fk_principal *who, const char *id, json_t **out, fk_err *err);
/* Records, feeds and match counts (a member: its own matches). */
int fk_hub_vuln_overview(fk_db *db, const fk_principal *who, json_t **out, fk_err *err);
/* The centre's intake alone, {feeds, polls}: what the overview says of it without
 * counting the matches (a page that shows only the intake reads no match). */
int fk_hub_vuln_intake(fk_db *db, const fk_principal *who, json_t **out, fk_err *err);

/* ---- the ledger -------------------------------------------------------------------- */

/* An asset of org (NULL: the caller's; the centre may name a member) added or replaced
 * by name, and matched. */
int fk_hub_asset_put(fk_db *db, const fk_principal *who, const char *org, json_t *in,
                     int64_t now_ms, int64_t *id, bool *created, fk_err *err);
/* A ledger file: format "csv" or "cyclonedx" (NULL: by content); name_hint names the
 * system of an SBOM without one. All its assets or none; *summary {"assets", "added",
 * "updated", "programs", "matches"}. match false: the systems are not matched now (a
 * bulk load of many members' ledgers, followed by one fk_hub_vuln_rematch). */
int fk_hub_assets_import(fk_db *db, const fk_principal *who, const char *org, const char *format,
                         const char *data, size_t len, const char *name_hint, bool match,
                         int64_t now_ms, json_t **summary, fk_err *err);
/* 1 when the caller sees no such asset. */
int fk_hub_asset_remove(fk_db *db, const fk_principal *who, int64_t id, fk_err *err);
int fk_hub_assets_list(fk_db *db, const fk_principal *who, const char *org, const char *q, bool ics,
                       bool internet, const fk_page *page, json_t **out, fk_err *err);
/* 1 when the caller sees no such asset. */
int fk_hub_asset_get(fk_db *db, const fk_principal *who, int64_t id, json_t **out, fk_err *err);
/* The cryptography in use: per algorithm, whether it is to be retired, how many systems
 * and organisations use it, and the systems (a member: its own). */
int fk_hub_crypto_report(fk_db *db, const fk_principal *who, json_t **out, fk_err *err);

#endif
