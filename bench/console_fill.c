/* Fills a data folder the way a year of a national centre's work would, for the
 * console's page-time benchmark (bench/console.sh, issue 15): 40 member organisations in
 * eight sectors and the centre; ALERTS alerts of four engines and many rules and
 * indicators, spread over the last seven days, written through the store as detection
 * writes them (so the overview's counts are kept as they would be); REPORTS reports of
 * the nine types submitted through the reporting use case by the members, of which 60%
 * are triaged and RELEASES released to sectors (the rest await triage).
 *
 *   fk-bench-console-fill DIR ALERTS REPORTS RELEASES
 *
 * Accounts: ana (centre analyst), root (centre admin), carol (member reporter of
 * PowerCo), each with the password in FK_PW. */
#include "../src/hub/reporting.h"
#include "../src/hub/sharing.h"
#include "../src/intel/report_types.h"
#include "../src/model/alert.h"
#include "../src/store/alerts.h"
#include "../src/store/db.h"
#include "../src/store/directory.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MEMBERS 40
#define DAY_MS  86400000LL

static const char *const sectors[] = {"electricity", "gas",      "water",   "finance",
                                      "railway",     "aviation", "medical", "telecom"};

static void die(const char *what, const fk_err *err)
{
    fprintf(stderr, "fk-bench-console-fill: %s: %s\n", what, err ? err->msg : "");
    exit(1);
}

/* A deterministic generator (xorshift): the same store every run. */
static uint64_t next(uint64_t *rng)
{
    *rng ^= *rng << 13;
    *rng ^= *rng >> 7;
    *rng ^= *rng << 17;
    return *rng;
}

static void directory(fk_db *db, const char *pw)
{
    fk_err err;
    int64_t id;
    if (fk_org_create(db, "bench", "NISC", "centre", &id, &err) != 0)
        die("org", &err);
    for (int i = 0; i < MEMBERS; i++) {
        char name[32], account[32];
        snprintf(name, sizeof name, i ? "Member%02d" : "PowerCo", i);
        snprintf(account, sizeof account, i ? "reporter%02d" : "carol", i);
        if (fk_org_create(db, "bench", name, sectors[i % 8], &id, &err) != 0 ||
            fk_account_create(db, "bench", account, name, FK_ROLE_MEMBER_REPORTER, pw, &id, &err) !=
                0)
            die("member", &err);
    }
    if (fk_account_create(db, "bench", "ana", "NISC", FK_ROLE_CENTRE_ANALYST, pw, &id, &err) != 0 ||
        fk_account_create(db, "bench", "root", "NISC", FK_ROLE_CENTRE_ADMIN, pw, &id, &err) != 0)
        die("centre accounts", &err);
}

static void alerts(fk_db *db, long count, uint64_t *rng)
{
    enum { BATCH = 5000 };
    static const char *const engines[] = {"web",       "web", "sigma", "ioc",
                                          "threshold", "web", "sigma", "web"};
    struct batch {
        char values[BATCH][96], ips[BATCH][32], rules[BATCH][48], titles[BATCH][64],
            indicators[BATCH][48];
        fk_alert a[BATCH];
        fk_alert_in in[BATCH];
        int64_t ids[BATCH];
        bool fresh[BATCH];
    } *m = malloc(sizeof *m);
    if (!m)
        die("out of memory", NULL);
    int64_t org_ids[MEMBERS];
    fk_err err;
    for (int i = 0; i < MEMBERS; i++) {
        char name[32], sector[48];
        snprintf(name, sizeof name, i ? "Member%02d" : "PowerCo", i);
        if (fk_org_find(db, name, &org_ids[i], sector, &err) != 0)
            die("org", &err);
    }
    struct timespec wall;
    clock_gettime(CLOCK_REALTIME, &wall);
    int64_t now = (int64_t)wall.tv_sec * 1000, start = now - 7 * DAY_MS;
    long batches = (count + BATCH - 1) / BATCH;
    for (long b = 0, done = 0; done < count; b++) {
        /* the batches spread evenly over the week, as detection would write them */
        int64_t t = start + (7 * DAY_MS - 60000) * b / (batches ? batches : 1);
        if (fk_db_begin(db, &err) != 0)
            die("begin", &err);
        long k = 0;
        for (; k < BATCH && done < count; k++, done++) {
            const char *engine = engines[next(rng) % 8];
            unsigned rule = (unsigned)(next(rng) % (strcmp(engine, "ioc") ? 40 : 500));
            snprintf(m->rules[k], sizeof m->rules[k], "%s-rule-%02u", engine, rule);
            snprintf(m->titles[k], sizeof m->titles[k], "%s rule number %u", engine, rule);
            snprintf(m->values[k], sizeof m->values[k], "/page?id=%ld'%%20UNION%%20SELECT--", done);
            snprintf(m->ips[k], sizeof m->ips[k], "198.51.%u.%u", (unsigned)(next(rng) % 250),
                     (unsigned)(next(rng) % 250));
            snprintf(m->indicators[k], sizeof m->indicators[k], "203.0.%u.%u", rule / 250,
                     rule % 250);
            bool ioc = !strcmp(engine, "ioc");
            m->a[k] = (fk_alert){
                .engine = engine,
                .rule_id = ioc ? "shared" : m->rules[k],
                .title = ioc ? "Indicator match: ipv4" : m->titles[k],
                .severity = (fk_severity)(next(rng) % 5),
                .field = "url",
                .value = {m->values[k], strlen(m->values[k])},
                .src_ip = {m->ips[k], strlen(m->ips[k])},
                .indicator = ioc ? m->indicators[k] : NULL,
                .has_time = true,
                .first_ms = t,
                .last_ms = t,
                .count = 1 + next(rng) % 3,
            };
            m->in[k] = (fk_alert_in){org_ids[next(rng) % MEMBERS], 0, &m->a[k]};
        }
        if (fk_alert_record_many(db, m->in, (size_t)k, t, m->ids, m->fresh, &err) != 0 ||
            fk_db_commit(db, &err) != 0)
            die("alerts", &err);
    }
    free(m);
}

/* A report of type t with every field its template asks for. */
static json_t *report_of(const fk_report_type *t, long n)
{
    json_t *fields = json_object();
    for (size_t i = 0; i < t->nfields; i++) {
        const fk_template_field *f = &t->fields[i];
        json_t *v = NULL;
        switch (f->kind) {
        case FK_FIELD_TIME: v = json_string("2026-11-28T09:00:00+09:00"); break;
        case FK_FIELD_NUMBER: v = json_integer(3); break;
        case FK_FIELD_BOOL: v = json_false(); break;
        case FK_FIELD_TEXT_LIST: v = json_pack("[s]", "mail server"); break;
        case FK_FIELD_CVE_LIST: v = json_pack("[s]", "CVE-2024-3400"); break;
        case FK_FIELD_CHOICE: v = json_stringn(f->choices, strcspn(f->choices, "|")); break;
        default: v = json_string("as seen by the member's SOC"); break;
        }
        json_object_set_new(fields, f->name, v);
    }
    char title[96], ind[40];
    snprintf(title, sizeof title, "%s number %ld", t->name_en, n);
    snprintf(ind, sizeof ind, "203.0.113.%ld", n % 250);
    return json_pack("{ss ss ss so ss ss s[s]}", "type", t->code, "title", title, "description",
                     "Mails with a fake VPN login page reached several staff.", "fields", fields,
                     "tlp", "GREEN", "consent", "members", "indicators", ind);
}

static void reports(fk_db *db, long count, long releases)
{
    fk_principal members[MEMBERS], ana;
    fk_err err;
    for (int i = 0; i < MEMBERS; i++) {
        char account[32];
        snprintf(account, sizeof account, i ? "reporter%02d" : "carol", i);
        if (fk_principal_lookup(db, account, &members[i], &err) != 0)
            die("principal", &err);
    }
    if (fk_principal_lookup(db, "ana", &ana, &err) != 0)
        die("principal", &err);
    fk_hub_policy policy;
    fk_hub_policy_defaults(&policy);
    size_t ntypes = fk_report_type_count();
    long released = 0, triaged = 0;
    long step = releases > 0 ? count * 6 / 10 / releases : 0;
    if (releases > 0 && step < 1)
        step = 1;
    for (long n = 0; n < count;) {
        /* a thousand use cases in one outer transaction: the fill, not the use cases, is
         * what would otherwise wait on the disk */
        if (fk_db_begin(db, &err) != 0)
            die("begin", &err);
        for (long k = 0; k < 1000 && n < count; k++, n++) {
            json_t *r = report_of(fk_report_type_at((size_t)n % ntypes), n);
            int64_t id;
            if (fk_hub_submit_report(db, &members[n % MEMBERS], r, &id, &err) != 0)
                die("report", &err);
            json_decref(r);
            if (n % 10 >= 6)
                continue; /* 40% await triage */
            json_t *d = json_pack("{si s{ss ss}}", "severity", 1 + (int)(n % 5), "reasons",
                                  "society", "limited", "systems", "one service");
            if (fk_hub_triage(db, &policy, &ana, id, d, &err) != 0)
                die("triage", &err);
            json_decref(d);
            if (!step || released >= releases || triaged++ % step != 0)
                continue;
            json_t *rel = json_pack("{ss s{s[s]}}", "tier", n % 3 ? "advisory" : "immediate",
                                    "audience", "sectors", sectors[n % 8]);
            fk_release_outcome out;
            if (fk_hub_release(db, &policy, &ana, id, rel, &out, &err) != 0 ||
                out.status != FK_RELEASE_OK)
                die("release", &err);
            json_decref(out.withheld_text);
            json_decref(rel);
            released++;
        }
        if (fk_db_commit(db, &err) != 0)
            die("commit", &err);
    }
    printf("%ld reports, %ld released\n", count, released);
}

int main(int argc, char **argv)
{
    if (argc < 5) {
        fprintf(stderr, "usage: fk-bench-console-fill DIR ALERTS REPORTS RELEASES\n");
        return 2;
    }
    const char *pw = getenv("FK_PW");
    if (!pw) {
        fprintf(stderr, "fk-bench-console-fill: set FK_PW to the accounts' password\n");
        return 2;
    }
    fk_db_process_init();
    fk_db *db;
    fk_err err;
    if (fk_db_open(&db, argv[1], &err) != 0)
        die("open", &err);
    directory(db, pw);
    time_t t0 = time(NULL);
    uint64_t rng = 0x9e3779b97f4a7c15ULL;
    alerts(db, atol(argv[2]), &rng);
    printf("%ld alerts in %lld s\n", atol(argv[2]), (long long)(time(NULL) - t0));
    t0 = time(NULL);
    reports(db, atol(argv[3]), atol(argv[4]));
    printf("reports in %lld s\n", (long long)(time(NULL) - t0));
    fk_db_close(db);
    return 0;
}
