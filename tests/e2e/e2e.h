/* Helpers for the end-to-end tests: a temporary folder per test, files written into
 * it, and the real fukurou binary (FK_BIN) run there with its output captured. */
#ifndef FK_E2E_H
#define FK_E2E_H

#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static char dir[64];

static inline void setup(void)
{
    strcpy(dir, "/tmp/fk-e2e-XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
}

static inline void teardown(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, getenv("FK_KEEP") ? "cp -r %s /tmp/kept-e2e" : "rm -rf %s", dir);
    if (system(cmd) != 0)
        cr_log_warn("could not remove %s", dir);
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

#endif
