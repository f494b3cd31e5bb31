/* The hub scaled out, end to end: its store on PostgreSQL, batches carried by a
 * nats-server -js this test starts on a free loopback port, and `fukurou worker`
 * processes running detection. Faults are real: a worker killed with SIGKILL in the
 * middle of its work, the NATS server stopped and started again during ingest. Skipped
 * when PostgreSQL (FK_TEST_POSTGRES) or nats-server is missing. */
#include "hub.h"

#include <jansson.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <time.h>

static char nats_dir[128];
static unsigned nats_port, nats_http; /* its clients' port, and its monitoring port */
static pid_t nats_pid, workers[4];
static pid_t sender; /* the background batch sender of two_busy_workers */
static char key[96];

static unsigned free_port(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t n = sizeof a;
    cr_assert(fd >= 0 && bind(fd, (struct sockaddr *)&a, sizeof a) == 0 &&
              getsockname(fd, (struct sockaddr *)&a, &n) == 0);
    close(fd);
    return ntohs(a.sin_port);
}

static pid_t spawn(const char *cmd)
{
    pid_t pid = fork();
    cr_assert_geq(pid, 0);
    if (pid == 0) {
        setpgid(0, 0);
        execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
        _exit(127);
    }
    setpgid(pid, pid);
    return pid;
}

/* nats-server with JetStream on its own folder, so a restart finds its streams. */
static void start_nats(void)
{
    char cmd[1024];
    snprintf(cmd, sizeof cmd,
             "exec nats-server -js -a 127.0.0.1 -p %u -m %u -sd %s > %s/nats.log 2>&1", nats_port,
             nats_http, nats_dir, dir);
    nats_pid = spawn(cmd);
    for (int i = 0; i < 200; i++) { /* ready once it listens */
        char probe[256];
        snprintf(probe, sizeof probe, "exec 3<>/dev/tcp/127.0.0.1/%u 2>/dev/null", nats_port);
        char sh[300];
        snprintf(sh, sizeof sh, "bash -c '%s' 2> /dev/null", probe);
        if (system(sh) == 0)
            return;
        usleep(25000);
    }
    cr_assert_fail("nats-server did not start");
}

static void stop_nats(void)
{
    if (nats_pid > 0) {
        kill(nats_pid, SIGTERM);
        waitpid(nats_pid, NULL, 0);
    }
    nats_pid = 0;
}

static void start_worker(int i)
{
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "cd %s && exec %s worker --data d 2> worker%d.log", dir,
             getenv("FK_BIN"), i);
    workers[i] = spawn(cmd);
}

/* The centre, two members the batches come from, the centre's ingest key, and the hub
 * on the store (and bus) the environment names. */
static void start_hub(void)
{
    admin("admin --data d org create NISC --sector centre");
    admin("admin --data d org create PowerCo --sector electricity");
    admin("admin --data d org create GasCo --sector gas");
    admin("admin --data d account create carol --org NISC --role centre-analyst");
    result r;
    run(&r, "admin --data d apikey create carol --permissions api,ingest");
    cr_assert_eq(r.status, 0, "%s", r.err);
    snprintf(key, sizeof key, "%.84s", r.out);
    start_server("");
}

static void setup_scaleout(void)
{
    setup();
    char why[512];
    if (system("command -v nats-server > /dev/null") != 0)
        cr_skip("nats-server is not installed (Debian package nats-server)");
    /* the store every process shares (teardown drops it): setup() made one already when
     * the suite runs on PostgreSQL; making a second would leave the first behind */
    if (!store[0] && fk_test_postgres_make(store, sizeof store, why, sizeof why) != 0)
        cr_skip("%s", why);
    setenv("FUKUROU_STORE", store, 1);
    snprintf(nats_dir, sizeof nats_dir, "%s/jetstream", dir);
    nats_port = free_port();
    do /* a port just freed may be handed out again */
        nats_http = free_port();
    while (nats_http == nats_port);
    start_nats();
    char bus[128];
    /* a batch a worker took and did not finish goes to another after two seconds, and a
     * worker's partitions once it was not heard from for two seconds */
    snprintf(bus, sizeof bus, "nats://127.0.0.1:%u?ack_wait_ms=2000&lease_ms=2000", nats_port);
    setenv("FUKUROU_BUS", bus, 1);
    start_hub();
}

static void teardown_scaleout(void)
{
    for (int i = 0; i < 4; i++)
        if (workers[i] > 0) {
            kill(-workers[i], SIGKILL);
            waitpid(workers[i], NULL, 0);
            workers[i] = 0;
        }
    if (sender > 0) {
        kill(-sender, SIGKILL);
        waitpid(sender, NULL, 0);
        sender = 0;
    }
    stop_server();
    stop_nats();
    unsetenv("FUKUROU_BUS");
    teardown();
}

TestSuite(scaleout, .init = setup_scaleout, .fini = teardown_scaleout, .timeout = 240);

/* Batch i: `lines` access-log lines from one address, one of them a SQL injection, so
 * each batch makes exactly one alert of its own (its address differs from every other). */
static void write_batch(int i, int lines)
{
    char name[32];
    snprintf(name, sizeof name, "b%d.log", i);
    FILE *f = fopen(path_of(name), "w");
    cr_assert_not_null(f);
    for (int k = 0; k < lines; k++)
        fprintf(f,
                "198.51.%d.%d - - [01/Dec/2026:06:00:00 +0000] \"GET /page/%d?q=%s HTTP/1.1\" 200 "
                "512 \"-\" \"Mozilla/5.0\"\n",
                i / 250, i % 250, k,
                k == lines / 2 ? "1%27%20UNION%20SELECT%20password%20FROM%20users--" : "shoes");
    fclose(f);
}

/* The shell command that sends batch i as `org`, retrying as the hub asks (503 with
 * Retry-After) for up to a minute, and leaves the final HTTP status in code<i>.txt. */
static void send_command(char *cmd, size_t size, int i, const char *org)
{
    snprintf(
        cmd, size,
        "cd %s && for t in $(seq 1 120); do code=$(curl -s -o /dev/null -w '%%{http_code}' "
        "-H 'Authorization: Bearer %s' -H 'Content-Type: text/plain' -H 'Idempotency-Key: b%d' "
        "--data-binary @b%d.log 'http://127.0.0.1:%u/api/v1/ingest?org=%s'); "
        "[ \"$code\" = 503 ] || [ \"$code\" = 000 ] || break; sleep 0.5; done; echo $code > "
        "code%d.txt\n",
        dir, key, i, i, port, org, i);
}

/* The HTTP status batch i's sending ended with. */
static int sent_code(int i)
{
    char name[32], code[16];
    snprintf(name, sizeof name, "code%d.txt", i);
    slurp(name, code, sizeof code);
    return atoi(code);
}

/* Sends batch i as `org`; returns the final HTTP status. */
static int send_batch_as(int i, const char *org)
{
    char cmd[1024];
    send_command(cmd, sizeof cmd, i, org);
    cr_assert_eq(system(cmd), 0);
    return sent_code(i);
}

/* Batch i's member: odd PowerCo, even GasCo. */
static const char *member_of(int i)
{
    return i % 2 ? "PowerCo" : "GasCo";
}

/* Batch i as the member it belongs to. */
static int send_batch(int i)
{
    return send_batch_as(i, member_of(i));
}

/* Waits until no batch is pending (or the time runs out); returns the pending count. */
static int wait_done(int seconds)
{
    char out[64] = "";
    for (int t = 0; t < seconds * 10; t++) {
        cr_assert_eq(
            store_sql("SELECT count(*) FROM ingest_batch WHERE state = 'pending'", out, sizeof out),
            0, "%s", out);
        if (atoi(out) == 0)
            return 0;
        usleep(100000);
    }
    return atoi(out);
}

static int count_of(const char *sql)
{
    char out[64];
    cr_assert_eq(store_sql(sql, out, sizeof out), 0, "%s", out);
    return atoi(out);
}

/* How many workers hold partitions now. */
static int partition_owners(void)
{
    return count_of("SELECT count(DISTINCT owner) FROM lease WHERE name LIKE 'partition:%' AND "
                    "expires_ms > extract(epoch FROM now()) * 1000");
}

/* What the leases and the workers say, for a failed wait: the lease rows, whether each
 * worker process still runs, and the tail of its log. */
static void explain_leases(void)
{
    char out[4096];
    store_sql("SELECT string_agg(name || '=' || owner || '@' || (expires_ms - "
              "(extract(epoch FROM now()) * 1000)::bigint), ' ' ORDER BY name) FROM lease",
              out, sizeof out);
    fprintf(stderr, "leases (ms left): %s\n", out);
    for (int i = 0; i < 2; i++) {
        int alive = workers[i] > 0 && waitpid(workers[i], NULL, WNOHANG) == 0;
        fprintf(stderr, "worker %d: %s\n", i, alive ? "running" : "gone");
    }
    char cmd[600];
    snprintf(cmd, sizeof cmd, "tail -n 20 %s/worker*.log >&2", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "no worker logs\n");
}

/* Waits up to `seconds` for n workers to hold partitions; returns whether they do (and
 * explains the leases when they do not). */
static bool owners_become(int n, int seconds)
{
    for (int t = 0; t < seconds * 10; t++) {
        if (partition_owners() == n)
            return true;
        usleep(100000);
    }
    explain_leases();
    return false;
}

/* How many of a member's batches are stored and not yet detected, and how many are done. */
static void member_batches(const char *org, int *pending, int *done)
{
    char sql[300], out[64];
    snprintf(sql, sizeof sql,
             "SELECT count(*) FILTER (WHERE b.state = 'pending') || ' ' || count(*) FILTER (WHERE "
             "b.state = 'done') FROM ingest_batch b JOIN organisation o ON o.id = b.org_id WHERE "
             "o.name = '%s'",
             org);
    cr_assert_eq(store_sql(sql, out, sizeof out), 0, "%s", out);
    cr_assert_eq(sscanf(out, "%d %d", pending, done), 2, "%s", out);
}

/* How many batch messages worker i has taken and not acknowledged, as the NATS server
 * counts them: the unacknowledged messages of the consumers (fk-p<partition>) of the
 * partitions whose leases it holds. -1 when the server's monitoring does not answer. */
static int unacknowledged_by(int i)
{
    char sql[200], held[1024];
    snprintf(sql, sizeof sql,
             "SELECT coalesce(string_agg(substr(name, 11), ' '), '') FROM lease WHERE name LIKE "
             "'partition:%%' AND owner LIKE '%%:%ld'",
             (long)workers[i]);
    cr_assert_eq(store_sql(sql, held, sizeof held), 0, "%s", held);
    char cmd[200];
    snprintf(cmd, sizeof cmd, "curl -sf 'http://127.0.0.1:%u/jsz?consumers=true'", nats_http);
    FILE *p = popen(cmd, "r");
    cr_assert_not_null(p);
    json_error_t e;
    /* its limits are unsigned 64-bit (2^64-1 for none), past jansson's integers */
    json_t *jsz = json_loadf(p, JSON_DECODE_INT_AS_REAL, &e);
    pclose(p);
    if (!jsz) {
        fprintf(stderr, "jsz: %s (line %d)\n", e.text, e.line);
        return -1;
    }
    int pending = 0;
    json_t *account, *stream, *consumer;
    size_t a, s, c;
    json_array_foreach(json_object_get(jsz, "account_details"), a, account)
    {
        json_array_foreach(json_object_get(account, "stream_detail"), s, stream)
        {
            json_array_foreach(json_object_get(stream, "consumer_detail"), c, consumer)
            {
                const char *name = json_string_value(json_object_get(consumer, "name"));
                if (!name || strncmp(name, "fk-p", 4) != 0)
                    continue;
                char word[16];
                snprintf(word, sizeof word, " %s ", name + 4);
                char spaced[1040];
                snprintf(spaced, sizeof spaced, " %s ", held);
                if (strstr(spaced, word))
                    pending += (int)json_number_value(json_object_get(consumer, "num_ack_pending"));
            }
        }
    }
    json_decref(jsz);
    return pending;
}

/* Kills worker i while it holds a batch it has not acknowledged. It is stopped first
 * (SIGSTOP), so it can acknowledge nothing between the look and the kill; the look comes
 * a moment later, once an acknowledgement sent before the stop has reached the server.
 * Stopped between two batches, it runs on a little and is stopped again. (Killing it at
 * an arbitrary moment of a busy run once caught it between batches: nothing was
 * redelivered and the test could not tell a lost batch from one never held.) */
static void kill_holding_a_batch(int i)
{
    for (int t = 0; t < 500; t++) {
        kill(-workers[i], SIGSTOP);
        usleep(100000);
        int held = unacknowledged_by(i);
        if (held < 0) {
            char cmd[300];
            snprintf(cmd, sizeof cmd, "tail -n 20 %s/nats.log >&2", dir);
            cr_assert_eq(system(cmd), 0);
        }
        cr_assert_geq(held, 0, "the NATS server's monitoring does not answer");
        if (held > 0) {
            kill(-workers[i], SIGKILL);
            waitpid(workers[i], NULL, 0);
            workers[i] = 0;
            return;
        }
        kill(-workers[i], SIGCONT);
        usleep(10000 + (t % 7) * 7000);
    }
    explain_leases();
    cr_assert_fail("worker %d never held an unacknowledged batch", i);
}

/* Two workers in the middle of their work. The workers start first and split the
 * partitions between them (each holds one of the two members' batches); then the batches
 * are sent from a background process while this waits for the moment both workers have
 * done some of their member's batches and each has at least two still waiting (whether a
 * worker holds one at a given moment is kill_holding_a_batch's to make sure). (Starting the
 * workers on batches already queued left the split to chance: on a loaded CI machine the
 * first worker took every partition and did all 60 batches before the second had its
 * share, and the kill came too late.) sender_done() waits for the sender. */
static void two_busy_workers(int batches, int lines)
{
    start_worker(0);
    start_worker(1);
    cr_assert(owners_become(2, 30), "both workers hold partitions before any batch comes");
    for (int i = 0; i < batches; i++)
        write_batch(i, lines);
    /* eight at a time, so that batches arrive faster than the workers take them: sent
     * one by one, a fast machine's workers finished each before the next came, no
     * member ever had two waiting, and this wait ran into the test's timeout */
    FILE *f = fopen(path_of("send.sh"), "w");
    cr_assert_not_null(f);
    for (int i = 0; i < batches; i++) {
        char cmd[1024];
        send_command(cmd, sizeof cmd, i, member_of(i));
        cmd[strcspn(cmd, "\n")] = '\0';
        fprintf(f, "( %s ) &\n%s", cmd, i % 8 == 7 ? "wait\n" : "");
    }
    fputs("wait\n", f);
    fclose(f);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "exec sh %s/send.sh", dir);
    sender = spawn(cmd);
    /* bounded by the clock, not by a count of looks (each look runs two psql) */
    struct timespec start, now;
    clock_gettime(CLOCK_MONOTONIC, &start);
    do {
        int pg, dg, pp, dp;
        member_batches("GasCo", &pg, &dg);
        member_batches("PowerCo", &pp, &dp);
        if (dg > 0 && dp > 0 && pg >= 2 && pp >= 2)
            return;
        usleep(10000);
        clock_gettime(CLOCK_MONOTONIC, &now);
    } while (now.tv_sec - start.tv_sec < 60);
    explain_leases();
    cr_assert_fail("the workers never had work waiting while both were busy");
}

/* Waits for the background sender and checks every batch was accepted. */
static void sender_done(int batches)
{
    int status = 0;
    cr_assert_eq(waitpid(sender, &status, 0), sender);
    sender = 0;
    cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0, "sender: %d", status);
    for (int i = 0; i < batches; i++)
        cr_assert_eq(sent_code(i), 202, "batch %d", i);
}

/* No loss, no duplicate: every batch detected, one alert each, each counted once. */
static void each_batch_once(int batches, int lines)
{
    if (wait_done(120) != 0) {
        char cmd[600];
        snprintf(cmd, sizeof cmd, "tail -n 20 %s/worker*.log >&2", dir);
        cr_assert_eq(system(cmd), 0);
        cr_assert_fail("a batch was never processed");
    }
    cr_assert_eq(count_of("SELECT count(*) FROM alert WHERE engine = 'web'"), batches);
    cr_assert_eq(count_of("SELECT coalesce(sum(count), 0) FROM alert WHERE engine = 'web'"),
                 batches);
    cr_assert_eq(count_of("SELECT coalesce(sum(events), 0) FROM ingest_batch"), batches * lines);
}

Test(scaleout, two_workers_share_the_batches_and_a_killed_one_loses_nothing)
{
    enum { BATCHES = 60, LINES = 4000 };
    /* worker 0 killed while it holds a batch, with more of its member's batches waiting
     * and still coming: the other takes its partitions and the batch it held */
    two_busy_workers(BATCHES, LINES);
    kill_holding_a_batch(0);
    sender_done(BATCHES);
    each_batch_once(BATCHES, LINES);
    /* the health view: both workers, the killed one no longer alive, and the batch it held
     * given to the other (its heartbeat comes every two seconds) */
    result r;
    bool seen = false;
    for (int t = 0; t < 100 && !seen; t++) { /* up to 20 s: dead after 10 s of silence */
        cr_assert_eq(call(&r, key, "GET", "/api/v1/health", NULL), 200, "%s", r.out);
        json_t *h = json_loads(r.out, 0, NULL);
        json_t *ws = json_object_get(h, "workers");
        size_t i;
        json_t *w;
        int alive = 0, dead = 0; /* a worker not heard from for ten seconds */
        json_int_t redelivered = 0, batches = 0;
        json_array_foreach(ws, i, w)
        {
            alive += json_is_true(json_object_get(w, "alive"));
            dead += json_is_false(json_object_get(w, "alive"));
            redelivered += json_integer_value(json_object_get(w, "redeliveries"));
            batches += json_integer_value(json_object_get(w, "batches"));
        }
        seen =
            json_array_size(ws) == 2 && alive == 1 && dead == 1 && redelivered >= 1 && batches >= 1;
        if (t == 99)
            cr_assert(seen, "health: %s", r.out);
        json_decref(h);
        if (!seen)
            usleep(200000);
    }
    /* a worker is still dead after ten seconds of silence: the lag is back to zero */
    cr_assert_not_null(strstr(r.out, "\"lag_ms\":0"), "%s", r.out);
}

/* A worker that stands still (SIGSTOP) past its lease: the other takes its partitions
 * and its batch, nothing is lost or counted twice, and once it runs again it takes its
 * share back. */
Test(scaleout, a_worker_stalled_past_its_lease_hands_over_and_comes_back)
{
    enum { BATCHES = 40, LINES = 4000 };
    two_busy_workers(BATCHES, LINES);
    kill(workers[0], SIGSTOP);
    /* two seconds of lease, then the other worker's next renewal (a handover takes a few
     * seconds here; the waits are long because CI runs the suites side by side on two
     * cores, where one ran 2.5 times slower and timed out at 10 s) */
    cr_assert(owners_become(1, 30), "the running worker holds every partition");
    kill(workers[0], SIGCONT);
    sender_done(BATCHES);
    each_batch_once(BATCHES, LINES);
    cr_assert(owners_become(2, 30), "the worker back holds its share again");
}

/* Three members in three sectors attacked from one address, their batches detected by
 * two workers (each holds its own partitions): the campaign across them is found once,
 * by the hub that stores the workers' alerts. */
Test(scaleout, a_campaign_across_members_of_different_workers_is_found_once)
{
    admin("admin --data d org create WaterCo --sector water");
    start_worker(0);
    start_worker(1);
    /* both workers hold partitions, and the members' batches go to both: PowerCo's (2)
     * and GasCo's (3) partitions have different holders */
    cr_assert(owners_become(2, 15), "the partitions are shared between the two workers");
    cr_assert_eq(count_of("SELECT count(DISTINCT owner) FROM lease WHERE name IN "
                          "('partition:2', 'partition:3')"),
                 2, "PowerCo's and GasCo's batches go to different workers");
    const char *orgs[] = {"PowerCo", "GasCo", "WaterCo"};
    for (int i = 0; i < 3; i++) {
        char name[32];
        snprintf(name, sizeof name, "b%d.log", i);
        FILE *f = fopen(path_of(name), "w");
        cr_assert_not_null(f);
        for (int k = 0; k < 20; k++)
            fprintf(f,
                    "203.0.113.77 - - [01/Dec/2026:06:00:%02d +0000] \"GET /item?id=%s HTTP/1.1\" "
                    "200 512 \"-\" \"sqlmap/1.7\"\n",
                    k, k == 10 ? "1%27%20UNION%20SELECT%20password%20FROM%20users--" : "7");
        fclose(f);
        cr_assert_eq(send_batch_as(i, orgs[i]), 202, "batch %d", i);
    }
    cr_assert_eq(wait_done(60), 0, "every batch is processed");
    /* the source address across three organisations (the same signatures across three
     * sectors are campaigns of their own) */
    static const char by_source[] = "SELECT count(*) FROM alert WHERE engine = 'campaign' AND "
                                    "rule_id = 'campaign-source-address'";
    for (int t = 0; t < 150 && count_of(by_source) == 0; t++)
        usleep(100000);
    cr_assert_eq(count_of(by_source), 1, "one campaign from the address across the members");
    char out[512];
    /* formed at the second organisation (two sectors), grown by the third */
    cr_assert_eq(store_sql("SELECT detail FROM alert WHERE rule_id = 'campaign-source-address'",
                           out, sizeof out),
                 0);
    cr_assert_not_null(strstr(out, "\"organisation_count\":3"), "%s", out);
    cr_assert_not_null(strstr(out, "WaterCo"), "%s", out);
    /* every member's alert points at a campaign */
    cr_assert_eq(count_of("SELECT count(*) FROM alert WHERE engine = 'web' AND campaign_id IS "
                          "NULL"),
                 0);
    cr_assert_eq(count_of("SELECT count(*) FROM alert WHERE engine = 'web'"), 6);
    /* the health view: each worker's partitions, none held twice, and the correlator */
    result r;
    cr_assert_eq(call(&r, key, "GET", "/api/v1/health", NULL), 200, "%s", r.out);
    json_t *h = json_loads(r.out, 0, NULL);
    cr_assert(json_is_string(json_object_get(h, "correlator")), "%s", r.out);
    json_t *ws = json_object_get(h, "workers"), *w;
    size_t i;
    int held[16] = {0}, total = 0;
    json_array_foreach(ws, i, w)
    {
        json_t *ps = json_object_get(w, "partitions"), *p;
        size_t k;
        cr_assert_gt(json_array_size(ps), 0, "%s", r.out);
        json_array_foreach(ps, k, p)
        {
            held[json_integer_value(p) % 16]++;
            total++;
        }
    }
    for (int p = 0; p < 16; p++)
        cr_assert_leq(held[p], 1, "partition %d held twice: %s", p, r.out);
    cr_assert_eq(total, 16, "%s", r.out);
    json_decref(h);
}

Test(scaleout, the_bus_restarted_during_ingest_loses_nothing)
{
    enum { BATCHES = 40, LINES = 50 };
    for (int i = 0; i < BATCHES; i++)
        write_batch(i, LINES);
    start_worker(0);
    int busy = 0;
    for (int i = 0; i < BATCHES; i++) {
        if (i == BATCHES / 3) {
            stop_nats(); /* the sender's next batches are refused with 503 until... */
            char cmd[512];
            /* ...the server is back five seconds later (a publish waits three for
             * JetStream, so an outage shorter than that is never seen by the sender) */
            snprintf(cmd, sizeof cmd,
                     "sleep 5; exec nats-server -js -a 127.0.0.1 -p %u -sd %s "
                     ">> %s/nats.log 2>&1",
                     nats_port, nats_dir, dir);
            nats_pid = spawn(cmd);
        }
        if (i == BATCHES / 3) {
            /* one request while the server is away is answered 503 with Retry-After */
            char cmd[1024];
            snprintf(
                cmd, sizeof cmd,
                "cd %s && curl -s -D busy.txt -o /dev/null -H 'Authorization: Bearer %s' "
                "-H 'Content-Type: text/plain' -H 'Idempotency-Key: b%d' --data-binary @b%d.log "
                "'http://127.0.0.1:%u/api/v1/ingest?org=PowerCo'",
                dir, key, i, i, port);
            cr_assert_eq(system(cmd), 0);
            char h[4096];
            slurp("busy.txt", h, sizeof h);
            busy = strstr(h, " 503") && strstr(h, "Retry-After");
        }
        int code = send_batch(i);
        cr_assert(code == 202 || code == 200, "batch %d: %d", i, code);
    }
    cr_assert(busy, "while the bus was away the hub answered 503 with Retry-After");
    cr_assert_eq(wait_done(120), 0, "every batch is processed once the bus is back");
    cr_assert_eq(count_of("SELECT count(*) FROM ingest_batch"), BATCHES);
    cr_assert_eq(count_of("SELECT count(*) FROM alert WHERE engine = 'web'"), BATCHES);
    cr_assert_eq(count_of("SELECT coalesce(sum(count), 0) FROM alert WHERE engine = 'web'"),
                 BATCHES);
}

/* ---- PostgreSQL restarted under the hub ----------------------------------------------
 * A cluster of the test's own (the shared one serves other tests meanwhile), made and
 * restarted by scripts/services.sh. */

static char pg_dir[128];

static void pg_ctl(const char *action)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, "bash %s pg-ctl %s %s", getenv("FK_SERVICES"), pg_dir, action);
    cr_assert_eq(system(cmd), 0, "%s", cmd);
}

static void setup_pgfault(void)
{
    setup();
    if (!getenv("FK_SERVICES") || system("ls /usr/lib/postgresql/*/bin/initdb > /dev/null 2>&1"))
        cr_skip("PostgreSQL is not installed (Debian package postgresql)");
    strcpy(pg_dir, "/tmp/fk-pgfault-XXXXXX");
    cr_assert_not_null(mkdtemp(pg_dir));
    char cmd[512];
    snprintf(cmd, sizeof cmd, "bash %s pg-init %s %u > %s/pg-url.txt", getenv("FK_SERVICES"),
             pg_dir, free_port(), dir);
    cr_assert_eq(system(cmd), 0, "cannot make a PostgreSQL cluster");
    char url[512];
    slurp("pg-url.txt", url, sizeof url);
    url[strcspn(url, "\n")] = '\0';
    snprintf(store, sizeof store, "%s", url);
    setenv("FUKUROU_STORE", store, 1);
    start_hub();
}

static void teardown_pgfault(void)
{
    stop_server();
    if (pg_dir[0]) {
        char cmd[512];
        snprintf(cmd, sizeof cmd, "bash %s pg-ctl %s stop; rm -rf %s", getenv("FK_SERVICES"),
                 pg_dir, pg_dir);
        if (system(cmd) != 0)
            cr_log_warn("could not remove %s", pg_dir);
    }
    pg_dir[0] = '\0';
    store[0] = '\0'; /* the cluster went with its folder */
    teardown();
}

TestSuite(pgfault, .init = setup_pgfault, .fini = teardown_pgfault, .timeout = 180);

Test(pgfault, the_database_restarted_under_the_hub_loses_and_half_applies_nothing)
{
    enum { BATCHES = 60, LINES = 20 };
    for (int i = 0; i < BATCHES; i++)
        write_batch(i, LINES);
    /* the database stopped: a request fails cleanly, 503 with Retry-After, nothing stored */
    cr_assert_eq(send_batch(0), 202);
    pg_ctl("stop");
    char cmd[1024];
    snprintf(cmd, sizeof cmd,
             "cd %s && curl -s -D down.txt -o down-body.txt -H 'Authorization: Bearer %s' "
             "-H 'Content-Type: text/plain' -H 'Idempotency-Key: b1' --data-binary @b1.log "
             "'http://127.0.0.1:%u/api/v1/ingest?org=PowerCo'",
             dir, key, port);
    cr_assert_eq(system(cmd), 0);
    char h[4096];
    slurp("down.txt", h, sizeof h);
    cr_assert(strstr(h, " 503") && strstr(h, "Retry-After"), "%s", h);
    pg_ctl("start");
    /* and restarted while a sender streams batches: the hub reconnects by itself */
    snprintf(cmd, sizeof cmd, "sleep 0.3; bash %s pg-ctl %s restart", getenv("FK_SERVICES"),
             pg_dir);
    pid_t restarter = spawn(cmd);
    for (int i = 1; i < BATCHES; i++) {
        int code = send_batch(i);
        cr_assert(code == 202 || code == 200, "batch %d: %d", i, code);
    }
    int status;
    waitpid(restarter, &status, 0);
    cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0, "the restart failed");
    /* every batch once, each with its one audit entry, and the chain intact */
    cr_assert_eq(count_of("SELECT count(*) FROM ingest_batch"), BATCHES);
    cr_assert_eq(count_of("SELECT count(*) FROM audit WHERE action = 'ingest.batch'"), BATCHES);
    result r;
    run(&r, "admin --data d verify-audit");
    cr_assert_eq(r.status, 0, "%s%s", r.out, r.err);
    cr_assert_eq(wait_done(60), 0, "detection caught up after the restart");
    cr_assert_eq(count_of("SELECT count(*) FROM alert WHERE engine = 'web'"), BATCHES);
}
