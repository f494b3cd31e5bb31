/* The PostgreSQL backend (libpq), for a centre that outgrows one machine: several hubs
 * and workers share one server. Fills backend.h's table; db.c is its only caller. */
#ifndef FK_STORE_POSTGRES_H
#define FK_STORE_POSTGRES_H

#include "backend.h"

extern const fk_db_backend fk_db_postgres;

#endif
