/* The hub's sectors: the shipped lists (intel/sectors.h) copied into the database when
 * it is created, then edited by the centre (a sector added, renamed or removed as
 * policy changes). An organisation's sector, a release's audience and the filters of
 * alerts name a code of this table. Owns the sector table. */
#ifndef FK_STORE_SECTORS_H
#define FK_STORE_SECTORS_H

#include "db.h"

#include <jansson.h>
#include <stdbool.h>

/* Copies the shipped lists (the migration that creates the table calls it). */
int fk_sectors_seed(fk_db *db, fk_err *err);
/* Whether a code is in any list. */
bool fk_sector_known(fk_db *db, const char *code);
/* [{list, code, name_ja, name_en, critical_infrastructure}], ordered by list then
 * position; list NULL for every list. */
int fk_sectors_list(fk_db *db, const char *list, json_t **out, fk_err *err);
/* Adds or renames a sector in a list (audited). */
int fk_sector_put(fk_db *db, const char *actor, const char *list, const char *code,
                  const char *name_ja, const char *name_en, bool critical, fk_err *err);
/* Removes a sector from a list (audited); refused while an organisation has the code
 * and no other list keeps it. 1 when there was no such sector. */
int fk_sector_remove(fk_db *db, const char *actor, const char *list, const char *code, fk_err *err);

#endif
