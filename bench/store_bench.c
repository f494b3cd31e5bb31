/* Store benchmark (issue 13): alerts written through the store's interface, as the
 * detection worker writes them, into each backend with the indexes the alert queries
 * use. Every alert is a new one (a distinct fingerprint), written in transactions of
 * BATCH alerts as a batch's alerts are.
 *
 *   fk-bench-store WHERE COUNT [BATCH] [row|many]
 *
 * WHERE is a data folder (SQLite) or a postgres:// URL of an empty database; "many"
 * (the default) writes each transaction's alerts with fk_alert_record_many (COPY on
 * PostgreSQL), "row" one fk_alert_record each. Prints "rows/s". */
#include "../src/model/alert.h"
#include "../src/store/alerts.h"
#include "../src/store/db.h"
#include "../src/store/directory.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: fk-bench-store WHERE COUNT [BATCH]\n");
        return 2;
    }
    long count = atol(argv[2]), batch = argc > 3 ? atol(argv[3]) : 1000;
    fk_db_process_init();
    fk_db *db;
    fk_err err;
    int64_t org;
    if (fk_db_open(&db, argv[1], &err) != 0 ||
        fk_org_create(db, "bench", "PowerCo", "electricity", &org, &err) != 0) {
        fprintf(stderr, "fk-bench-store: %s\n", err.msg);
        return 1;
    }
    bool many = argc <= 4 || strcmp(argv[4], "row") != 0;
    char(*values)[64] = malloc((size_t)batch * sizeof *values);
    char(*ips)[32] = malloc((size_t)batch * sizeof *ips);
    fk_alert *alerts = malloc((size_t)batch * sizeof *alerts);
    fk_alert_in *in = malloc((size_t)batch * sizeof *in);
    int64_t *ids = malloc((size_t)batch * sizeof *ids);
    bool *fresh = malloc((size_t)batch * sizeof *fresh);
    if (!values || !ips || !alerts || !in || !ids || !fresh)
        return 1;
    /* the alerts of the last hours before now: not yet due for retention (a year), which
     * a hub started on this store would otherwise apply first */
    struct timespec wall;
    clock_gettime(CLOCK_REALTIME, &wall);
    int64_t base_ms = (int64_t)wall.tv_sec * 1000 - count;
    double t0 = now_s();
    for (long i = 0; i < count;) {
        if (fk_db_begin(db, &err) != 0)
            goto fail;
        long k = 0;
        for (; k < batch && i < count; k++, i++) {
            snprintf(values[k], sizeof values[k], "/page?id=1'%%20UNION%%20SELECT%%20%ld--", i);
            snprintf(ips[k], sizeof ips[k], "198.51.%ld.%ld", (i / 250) % 250, i % 250);
            alerts[k] = (fk_alert){
                .engine = "web",
                .rule_id = "web-sqli-union",
                .title = "SQL injection (UNION SELECT)",
                .severity = FK_SEV_HIGH,
                .field = "url",
                .value = {values[k], strlen(values[k])},
                .src_ip = {ips[k], strlen(ips[k])},
                .family = "sqli",
                .has_time = true,
                .first_ms = base_ms + i,
                .last_ms = base_ms + i,
                .count = 1,
            };
            in[k] = (fk_alert_in){org, 0, &alerts[k]};
            if (!many && fk_alert_record(db, org, 0, &alerts[k], 1764547200000 + i, &ids[k],
                                         &fresh[k], &err) != 0)
                goto fail;
        }
        if (many &&
            fk_alert_record_many(db, in, (size_t)k, 1764547200000 + i, ids, fresh, &err) != 0)
            goto fail;
        if (fk_db_commit(db, &err) != 0)
            goto fail;
    }
    double t = now_s() - t0;
    printf("%s: %ld alerts in %.2f s, %.0f rows/s\n", fk_db_backend_name(db), count, t, count / t);
    fk_db_close(db);
    return 0;
fail:
    fprintf(stderr, "fk-bench-store: %s\n", err.msg);
    fk_db_close(db);
    return 1;
}
