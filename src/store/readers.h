/* The "who may read" rule of model/audience, made callable from SQL so that every query
 * that filters by reader uses the same rule instead of spelling it in SQL:
 *   fk_may_read(audience_json, is_centre, sector, groups_json)
 *   fk_reaches(release_audience_json, collection_audience_json)
 * Registered on every connection by fk_db_open. */
#ifndef FK_READERS_H
#define FK_READERS_H

#include <sqlite3.h>

/* The group names of an organisation, as a JSON array, for fk_may_read's last argument
 * (org: an SQL expression such as a parameter). */
#define FK_DB_GROUPS_OF(org)                                                                       \
    "(SELECT json_group_array(mg.name) FROM member_group mg JOIN group_member gm "                 \
    "ON gm.group_id = mg.id WHERE gm.org_id = " org ")"

/* Returns an SQLite status. */
int fk_readers_register(sqlite3 *h);

#endif
