/* "Who may read" as rows the database filters on: the readers an audience names (public,
 * all members, sectors, groups, organisations) kept per collection and per release, and the groups
 * that may write to a collection. model/audience's rule expressed in plain SQL that every backend
 * runs alike; owns the reader tables and their upkeep. */
#ifndef FK_READERS_H
#define FK_READERS_H

#include "db.h"

#include <jansson.h>

/* An SQL condition, true when a reader may read the thing whose reader rows are in
 * `table` under `key_col` = `key` (all SQL text: a column such as "c.id"). The reader is
 * given by three SQL expressions, usually parameters: whether it is the centre (non-zero
 * integer), its sector code and its organisation id (for its groups). */
#define FK_READERS_ADMIT(table, key_col, key, centre, sector, org)                                 \
    "(" centre " <> 0 OR EXISTS (SELECT 1 FROM " table " rr WHERE rr." key_col " = " key           \
    " AND (rr.kind IN ('public', 'all_members') OR (rr.kind = 'sector' AND rr.name = " sector      \
    ") OR (rr.kind = 'group' AND rr.name IN (SELECT mg.name FROM member_group mg JOIN "            \
    "group_member gm ON gm.group_id = mg.id WHERE gm.org_id = " org ")) OR (rr.kind = "            \
    "'organisation' AND rr.name IN (SELECT ro.name FROM organisation ro WHERE ro.id = " org        \
    ")))))"

/* True when the organisation belongs to one of the groups that may write to collection
 * `key` (or the reader is the centre). */
#define FK_WRITERS_ADMIT(key, centre, org)                                                         \
    "(" centre " <> 0 OR EXISTS (SELECT 1 FROM collection_writer cw JOIN member_group mg ON "      \
    "mg.name = cw.group_name JOIN group_member gm ON gm.group_id = mg.id WHERE "                   \
    "cw.collection_id = " key " AND gm.org_id = " org "))"

/* Replaces the reader rows of a collection or a release with those of a normalised
 * audience (model/audience's object). */
int fk_readers_set_collection(fk_db *db, const char *collection_id, json_t *audience, fk_err *err);
int fk_readers_set_release(fk_db *db, int64_t release_id, json_t *audience, fk_err *err);
/* Replaces the groups that may write to a collection (a JSON array of group names). */
int fk_readers_set_writers(fk_db *db, const char *collection_id, json_t *groups, fk_err *err);

/* Migration step: fills the reader and writer rows from the audiences stored as JSON. */
int fk_readers_migrate(fk_db *db, fk_err *err);

#endif
