/* Directory administration as use cases, one transaction each, for the API, the console
 * and `fukurou admin` alike: organisations with the identifiers the anonymiser masks,
 * groups with their members, accounts, API keys (for oneself, or by a centre-admin for
 * anyone), sectors. The rule of who may is here (a centre-admin), not in a handler.
 * Errors: FK_ERR_DENIED, FK_ERR_INVALID naming the field, FK_ERR_CONFLICT (a name
 * taken), FK_ERR_STORAGE. */
#ifndef FK_HUB_ADMIN_H
#define FK_HUB_ADMIN_H

#include "../core/error.h"
#include "../store/db.h"
#include "../store/directory.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

/* identifiers: NULL or [{"kind": domain|network|email|name, "value"}]; all or none. */
int fk_hub_org_create(fk_db *db, const fk_principal *who, const char *name, const char *sector,
                      json_t *identifiers, int64_t *id, fk_err *err);
/* members: NULL or a list of organisation names. */
int fk_hub_group_create(fk_db *db, const fk_principal *who, const char *name,
                        const char *description, json_t *members, int64_t *id, fk_err *err);
int fk_hub_group_add(fk_db *db, const fk_principal *who, const char *group, const char *org,
                     fk_err *err);
/* password NULL: the account signs in with API keys only. */
int fk_hub_account_create(fk_db *db, const fk_principal *who, const char *name, const char *org,
                          fk_role role, const char *password, int64_t *id, fk_err *err);
/* account NULL: the caller's own. The token is shown once and never stored. */
int fk_hub_apikey_create(fk_db *db, const fk_principal *who, const char *account, const char *label,
                         unsigned permissions, char id[32], char token[96], fk_err *err);
int fk_hub_sector_put(fk_db *db, const fk_principal *who, const char *list, const char *code,
                      const char *name_ja, const char *name_en, bool critical, fk_err *err);

#endif
