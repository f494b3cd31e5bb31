/* What a suite's teardown finds wrong fails the run. Criterion does not count an
 * assertion that fails in a suite's .fini against the test, and most tests stop their
 * hub there, where a LeakSanitizer report (the hub's non-zero exit) was printed and the
 * run still passed. stop_server (hub.h) also writes such a failure to the file named by
 * FK_E2E_TEARDOWN, made here before the first test (the tests' processes inherit the
 * name); after the last, a run whose file is not empty ends with a failure. */
#include <criterion/criterion.h>
#include <criterion/hooks.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

ReportHook(PRE_ALL)(struct criterion_test_set *set)
{
    (void)set;
    char path[] = "/tmp/fk-e2e-teardown-XXXXXX";
    int fd = mkstemp(path);
    if (fd >= 0) {
        close(fd);
        setenv("FK_E2E_TEARDOWN", path, 1);
    }
}

ReportHook(POST_ALL)(struct criterion_global_stats *stats)
{
    (void)stats;
    const char *path = getenv("FK_E2E_TEARDOWN");
    FILE *f = path ? fopen(path, "r") : NULL;
    if (!f)
        return;
    char line[4096];
    size_t n = 0;
    while (fgets(line, sizeof line, f)) {
        if (!n++)
            fprintf(stderr, "[FAIL] what tests' teardowns found (not counted above):\n");
        fputs(line, stderr);
    }
    fclose(f);
    unlink(path);
    if (n)
        exit(1);
}
