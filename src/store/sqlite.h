/* The embedded backend: one SQLite file in WAL mode under the data folder, the default
 * for a single machine. Fills backend.h's table; db.c is its only caller. */
#ifndef FK_STORE_SQLITE_H
#define FK_STORE_SQLITE_H

#include "backend.h"

extern const fk_db_backend fk_db_sqlite;

#endif
