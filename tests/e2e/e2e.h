/* Helpers for the end-to-end tests: a temporary folder per test, files written into
 * it, and the real fukurou binary (FK_BIN) run there with its output captured. */
#ifndef FK_E2E_H
#define FK_E2E_H

#include "../support/store_target.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static char dir[64];
/* On the PostgreSQL run (FK_TEST_STORE=postgres), each test gets a new database that
 * every fukurou it runs uses (through FUKUROU_STORE); otherwise the SQLite file of the
 * data folder. */
static char store[512];

static inline void setup(void)
{
    strcpy(dir, "/tmp/fk-e2e-XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
    store[0] = '\0';
    unsetenv("FUKUROU_STORE");
    if (fk_test_store_is_postgres()) {
        char why[512];
        cr_assert_eq(fk_test_store_make(store, sizeof store, why, sizeof why), 0, "%s", why);
        setenv("FUKUROU_STORE", store, 1);
    }
}

static inline void teardown(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, getenv("FK_KEEP") ? "cp -r %s /tmp/kept-e2e" : "rm -rf %s", dir);
    if (system(cmd) != 0)
        cr_log_warn("could not remove %s", dir);
    if (store[0])
        fk_test_store_drop(store);
}

static inline const char *path_of(const char *name)
{
    static char buf[8][256];
    static int k;
    k = (k + 1) % 8;
    snprintf(buf[k], sizeof buf[k], "%s/%s", dir, name);
    return buf[k];
}

static inline void write_file(const char *name, const char *content)
{
    FILE *f = fopen(path_of(name), "w");
    cr_assert_not_null(f);
    fputs(content, f);
    fclose(f);
}

typedef struct {
    int status;
    char out[1 << 20]; /* large enough for any answer a test reads; cut answers fail the test */
    char err[16384];
} result;

/* Runs `fukurou ARGS` from inside the test folder; stdout and stderr are captured. */
/* Reads a file of the test folder into buf (empty if it is missing). */
static inline void slurp(const char *name, char *buf, size_t cap)
{
    FILE *f = fopen(path_of(name), "r");
    size_t n = f ? fread(buf, 1, cap - 1, f) : 0;
    buf[n] = '\0';
    if (f)
        fclose(f);
}

static inline void run(result *r, const char *args)
{
    const char *bin = getenv("FK_BIN");
    cr_assert_not_null(bin, "FK_BIN must name the fukurou binary");
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "cd %s && %s %s > out.txt 2> err.txt", dir, bin, args);
    int rc = system(cmd);
    r->status = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
    slurp("out.txt", r->out, sizeof r->out);
    slurp("err.txt", r->err, sizeof r->err);
}

/* Runs SQL on the test's store behind the hub's back (to tamper with it, or to look):
 * psql for PostgreSQL, Python's sqlite3 for the data folder's file. The first column of
 * the first row, if any, is left in out. Returns the command's status. */
static inline int store_sql(const char *sql, char *out, size_t cap)
{
    char cmd[2048];
    write_file("tamper.sql", sql);
    if (store[0])
        snprintf(cmd, sizeof cmd,
                 "cd %s && psql -X -q -At -v ON_ERROR_STOP=1 '%s' -f tamper.sql "
                 "> tamper.out 2>&1",
                 dir, store);
    else
        snprintf(cmd, sizeof cmd,
                 "cd %s && python3 -c \"import sqlite3; c = sqlite3.connect('d/fukurou.db'); "
                 "r = c.execute(open('tamper.sql').read()).fetchone(); c.commit(); "
                 "print(r[0] if r else '')\" > tamper.out 2>&1",
                 dir);
    int rc = system(cmd);
    char buf[4096];
    slurp("tamper.out", buf, sizeof buf);
    if (out)
        snprintf(out, cap, "%.*s", (int)strcspn(buf, "\n"), buf);
    return rc;
}

#endif
