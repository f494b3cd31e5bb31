/* The asset ledger: each member organisation's systems (vuln/ledger.h says what an asset
 * holds) and the programs they run as CPE 2.3 names, keyed by organisation and name so an
 * import of the same system replaces it. Owns asset and asset_software; every change is
 * audited. */
#ifndef FK_STORE_ASSETS_H
#define FK_STORE_ASSETS_H

#include "db.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

/* A checked asset (fk_asset_check) of org_id, added or (same name) replaced with its
 * software; *id its id, *created whether it is new. */
int fk_assets_put(fk_db *db, const char *actor, int64_t org_id, json_t *asset, int64_t now_ms,
                  int64_t *id, bool *created, fk_err *err);
/* Removes asset id if it belongs to only_org (0: any): 0 done, 1 none such. */
int fk_assets_remove(fk_db *db, const char *actor, int64_t only_org, int64_t id, fk_err *err);

typedef struct fk_asset_filter {
    int64_t only_org; /* 0: every organisation's (the centre) */
    const char *q;    /* in the name or a program's name */
    bool ics, internet;
} fk_asset_filter;

/* A page by id: id, organisation, name, operation, exposure, criticality, ics, programs,
 * matches (how many vulnerabilities apply), known_exploited (of them, how many KEV). */
int fk_assets_list(fk_db *db, const fk_asset_filter *f, const fk_page *page, json_t **out,
                   fk_err *err);
/* One asset with its software and what applies to it, NULL when none is visible. */
int fk_assets_get(fk_db *db, int64_t only_org, int64_t id, json_t **out, fk_err *err);
/* Every asset's organisation and cryptography: [{"organisation", "name", "crypto"}]. */
int fk_assets_crypto(fk_db *db, int64_t only_org, json_t **out, fk_err *err);

#endif
