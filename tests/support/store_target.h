/* Test support: where a test's store lives. Unit tests of the store (and of what sits on
 * it) run once per backend: FK_TEST_STORE=postgres gives each test a new database on the
 * throw-away cluster that scripts/test.sh starts (FK_TEST_POSTGRES, a libpq URL to its
 * maintenance database); otherwise a new temporary folder for SQLite. */
#ifndef FK_TEST_STORE_TARGET_H
#define FK_TEST_STORE_TARGET_H

#include <stdbool.h>
#include <stddef.h>

/* Whether this run is the PostgreSQL one. */
bool fk_test_store_is_postgres(void);
/* Makes a new, empty store and writes where it is (for fk_db_open) into `where`.
 * Returns 0, or -1 with the reason in `why`. */
int fk_test_store_make(char *where, size_t cap, char *why, size_t why_cap);
/* Makes a new PostgreSQL database on FK_TEST_POSTGRES whatever the run (for the tests
 * that need a store shared by several processes). */
int fk_test_postgres_make(char *where, size_t cap, char *why, size_t why_cap);
/* Removes what fk_test_store_make made. */
void fk_test_store_drop(const char *where);

#endif
