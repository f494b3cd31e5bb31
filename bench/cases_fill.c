/* Fills a data folder with incident coordination at scale, for the case pages' benchmark
 * (bench/cases.sh, issue 16): 40 member organisations; CASES cases of the three kinds,
 * opened through the store as the hub writes them, each with ENTRIES timeline entries on
 * average (messages and state changes, each an entry of the hash-chained audit log).
 * Every case's step has an open clock, one in a thousand already run out; then the
 * scheduler's check is timed over them (21 ticks: the first escalates the ones run out,
 * the others find none among the open clocks).
 *
 *   fk-bench-cases-fill DIR CASES ENTRIES
 *
 * Accounts: ana (centre analyst) and carol (member reporter of PowerCo), with the
 * password in FK_PW. */
#include "../src/hub/cases.h"
#include "../src/hub/scheduler.h"
#include "../src/store/cases.h"
#include "../src/store/db.h"
#include "../src/store/directory.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MEMBERS 40

static void die(const char *what, const fk_err *err)
{
    fprintf(stderr, "fk-bench-cases-fill: %s: %s\n", what, err ? err->msg : "");
    exit(1);
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: fk-bench-cases-fill DIR CASES ENTRIES\n");
        return 2;
    }
    const char *pw = getenv("FK_PW");
    if (!pw) {
        fprintf(stderr, "fk-bench-cases-fill: set FK_PW to the accounts' password\n");
        return 2;
    }
    long cases = atol(argv[2]), entries = atol(argv[3]);
    fk_db_process_init();
    fk_db *db;
    fk_err err;
    if (fk_db_open(&db, argv[1], &err) != 0)
        die("open", &err);
    int64_t orgs[MEMBERS], id, ana;
    if (fk_org_create(db, "bench", "NISC", "centre", &id, &err) != 0 ||
        fk_account_create(db, "bench", "ana", "NISC", FK_ROLE_CENTRE_ANALYST, pw, &ana, &err) != 0)
        die("centre", &err);
    static const char *const sectors[] = {"electricity", "gas",      "water",   "finance",
                                          "railway",     "aviation", "medical", "telecom"};
    for (int i = 0; i < MEMBERS; i++) {
        char name[32], account[32];
        snprintf(name, sizeof name, i ? "Member%02d" : "PowerCo", i);
        snprintf(account, sizeof account, i ? "reporter%02d" : "carol", i);
        if (fk_org_create(db, "bench", name, sectors[i % 8], &orgs[i], &err) != 0 ||
            fk_account_create(db, "bench", account, name, FK_ROLE_MEMBER_REPORTER, pw, &id, &err) !=
                0)
            die("member", &err);
    }
    static const char *const kinds[][2] = {
        {"incident", "reported"}, {"preventive", "planned"}, {"third-party", "received"}};
    struct timespec wall;
    clock_gettime(CLOCK_REALTIME, &wall);
    int64_t now = (int64_t)wall.tv_sec * 1000;
    time_t t0 = time(NULL);
    long written = 0;
    for (long n = 0; n < cases;) {
        /* a thousand cases and their entries in one transaction: the fill, not the store,
         * would otherwise wait on the disk */
        if (fk_db_begin(db, &err) != 0)
            die("begin", &err);
        for (long k = 0; k < 1000 && n < cases; k++, n++) {
            char title[64];
            snprintf(title, sizeof title, "Case number %ld", n);
            const char *const *kind = kinds[n % 3];
            fk_case_new c = {.kind = kind[0],
                             .state = kind[1],
                             .org_id = orgs[n % MEMBERS],
                             .opened_by = ana,
                             .title = title,
                             .description = "Encrypted shares on the billing servers",
                             .finder = n % 3 == 2 ? "a researcher" : "",
                             .severity = (int)(n % 5)};
            int64_t cid;
            if (fk_case_insert(db, "account:ana", &c, now - (cases - n) * 1000, &cid, &err) != 0)
                die("case", &err);
            int64_t due = n % 1000 == 0 ? now - 60000 : now + 86400000LL + n;
            if (fk_case_set_due(db, cid, due, 0, &err) != 0)
                die("clock", &err);
            /* each case's share of the entries, one less for the opening */
            long mine = entries * (n + 1) / cases - entries * n / cases - 1;
            for (long e = 0; e < mine; e++, written++)
                if (fk_case_message(db, "account:ana", cid, "backups restored on one more server",
                                    now - (cases - n) * 1000 + e, &err) != 0)
                    die("message", &err);
            written++;
        }
        if (fk_db_commit(db, &err) != 0)
            die("commit", &err);
    }
    printf("%ld cases, %ld timeline entries in %lld s\n", cases, written,
           (long long)(time(NULL) - t0));
    /* the scheduler's whole tick (case clocks over every open case, release deadlines,
     * e-mail notices, webhooks), as the hub runs it (no relay: the escalations note that
     * no e-mail could go) */
    fk_scheduler_config sched = {.mail = {NULL, "centre@example.jp"}};
    double ms[21];
    size_t first = 0;
    for (int i = 0; i < 21; i++) {
        struct timespec a, b;
        size_t n = 0;
        clock_gettime(CLOCK_MONOTONIC, &a);
        fk_scheduler_tick_counts counts;
        if (fk_scheduler_tick(db, &sched, now, &counts, &err) != 0)
            die("scheduler", &err);
        n = counts.escalated;
        clock_gettime(CLOCK_MONOTONIC, &b);
        ms[i] = (b.tv_sec - a.tv_sec) * 1e3 + (b.tv_nsec - a.tv_nsec) / 1e6;
        if (i == 0)
            first = n;
    }
    double first_ms = ms[0];
    for (int i = 1; i < 21; i++) /* sort the 20 ticks that found nothing due */
        for (int k = i; k > 1 && ms[k] < ms[k - 1]; k--) {
            double t = ms[k];
            ms[k] = ms[k - 1];
            ms[k - 1] = t;
        }
    printf("scheduler over %ld open clocks: first tick %.1f ms (%zu escalated), then median "
           "%.2f ms, slowest %.2f ms (none due)\n",
           cases, first_ms, first, ms[10], ms[20]);
    fk_db_close(db);
    return 0;
}
