#include "store_target.h"

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

bool fk_test_store_is_postgres(void)
{
    const char *s = getenv("FK_TEST_STORE");
    return s && !strcmp(s, "postgres");
}

/* The maintenance URL with its database name replaced: postgresql:///postgres?host=…
 * becomes postgresql:///NAME?host=… */
static int with_database(const char *base, const char *name, char *out, size_t cap)
{
    const char *scheme = strstr(base, "://");
    if (!scheme)
        return -1;
    const char *path = strchr(scheme + 3, '/');
    if (!path)
        return -1;
    const char *query = strchr(path, '?');
    int n = snprintf(out, cap, "%.*s/%s%s", (int)(path - base), base, name, query ? query : "");
    return n > 0 && (size_t)n < cap ? 0 : -1;
}

static int admin(const char *sql, char *why, size_t why_cap)
{
    const char *base = getenv("FK_TEST_POSTGRES");
    PGconn *c = PQconnectdb(base);
    if (PQstatus(c) != CONNECTION_OK) {
        snprintf(why, why_cap, "PostgreSQL: %s", PQerrorMessage(c));
        PQfinish(c);
        return -1;
    }
    PGresult *r = PQexec(c, sql);
    int rc = PQresultStatus(r) == PGRES_COMMAND_OK ? 0 : -1;
    if (rc)
        snprintf(why, why_cap, "PostgreSQL: %s", PQresultErrorMessage(r));
    PQclear(r);
    PQfinish(c);
    return rc;
}

int fk_test_store_make(char *where, size_t cap, char *why, size_t why_cap)
{
    if (!fk_test_store_is_postgres()) {
        if (snprintf(where, cap, "/tmp/fk-store-XXXXXX") >= (int)cap || !mkdtemp(where)) {
            snprintf(why, why_cap, "cannot make a temporary folder");
            return -1;
        }
        return 0;
    }
    return fk_test_postgres_make(where, cap, why, why_cap);
}

int fk_test_postgres_make(char *where, size_t cap, char *why, size_t why_cap)
{
    const char *base = getenv("FK_TEST_POSTGRES");
    if (!base || !*base) {
        snprintf(why, why_cap, "no PostgreSQL cluster (FK_TEST_POSTGRES)");
        return -1;
    }
    /* pid, time and a counter: a long run reuses pids, and a database a crashed test
     * left behind must not be in the way of the next process with its pid */
    static unsigned counter;
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    char name[64], sql[160];
    snprintf(name, sizeof name, "fk_test_%ld_%lld_%u", (long)getpid(),
             (long long)now.tv_sec * 1000000 + now.tv_nsec / 1000, ++counter);
    snprintf(sql, sizeof sql, "CREATE DATABASE %s", name);
    if (admin(sql, why, why_cap) != 0)
        return -1;
    if (with_database(base, name, where, cap) != 0) {
        snprintf(why, why_cap, "FK_TEST_POSTGRES: expected postgresql://…/DATABASE?…");
        return -1;
    }
    return 0;
}

void fk_test_store_drop(const char *where)
{
    char why[256];
    if (!strstr(where, "://")) {
        char cmd[300];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", where);
        if (system(cmd) != 0)
            fprintf(stderr, "cannot remove %s\n", where);
        return;
    }
    const char *slash = strchr(strstr(where, "://") + 3, '/');
    if (!slash)
        return;
    char name[64], sql[160];
    snprintf(name, sizeof name, "%.*s", (int)strcspn(slash + 1, "?"), slash + 1);
    snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)", name);
    if (admin(sql, why, sizeof why) != 0)
        fprintf(stderr, "%s\n", why);
}
