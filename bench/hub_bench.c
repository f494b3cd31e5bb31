/* Benchmarks of the sharing hub (issue 3, point 10), driven by bench/hub.sh:
 *   fk-bench-hub load DIR COUNT          a collection of COUNT objects and a centre key
 *   fk-bench-hub page URL KEY COLL       GET every page of 1000 objects, following next
 *   fk-bench-hub ingest URL KEY COLL N   POST N envelopes of 1000 new objects
 *   fk-bench-hub hold HOST PORT KEY N    hold N connections open, each having made a request
 * Prints one line of results per run. */
#include "../src/store/collections.h"
#include "../src/store/directory.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define COLLECTION "0b0e7f2a-1c4d-4e8f-9a0b-1c2d3e4f5a6b"

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static int load(const char *dir, long count)
{
    fk_db *db;
    fk_err err;
    /* the store the hub will serve: PostgreSQL when FUKUROU_STORE names one */
    const char *store = getenv("FUKUROU_STORE");
    if (fk_db_open(&db, store && *store ? store : dir, &err) != 0) {
        fprintf(stderr, "%s\n", err.msg);
        return 2;
    }
    int64_t id;
    char kid[32], token[96], cid[40];
    json_t *aud = json_pack("{s[] s[] sb sb}", "sectors", "groups", "all_members", 1, "public", 0);
    if (fk_org_create(db, "bench", "NISC", "centre", &id, &err) != 0 ||
        fk_account_create(db, "bench", "bench", "NISC", FK_ROLE_CENTRE_ANALYST, NULL, &id, &err) !=
            0 ||
        fk_apikey_create(db, "bench", "bench", "bench", 0, kid, token, &err) != 0 ||
        fk_collection_create(db, "bench", COLLECTION, "fukurou", "bench", "", aud, NULL, cid,
                             &err) != 0) {
        fprintf(stderr, "%s\n", err.msg);
        return 2;
    }
    json_decref(aud);
    double t0 = now_ms();
    char buf[1024];
    for (long i = 0; i < count; i++) {
        if (i % 20000 == 0 && fk_db_begin(db, &err) != 0)
            return 2;
        snprintf(
            buf, sizeof buf,
            "{\"type\":\"indicator\",\"spec_version\":\"2.1\",\"id\":\"indicator--%08lx-0000-4000-"
            "8000-%012lx\","
            "\"created\":\"2024-05-01T00:00:00.000Z\",\"modified\":\"2024-05-01T00:00:00.000Z\","
            "\"name\":\"ipv4: 203.0.%ld.%ld\",\"pattern\":\"[ipv4-addr:value = '203.0.%ld.%ld']\","
            "\"pattern_type\":\"stix\",\"indicator_types\":[\"malicious-activity\"],"
            "\"valid_from\":\"2024-05-01T00:00:00Z\",\"object_marking_refs\":"
            "[\"marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb\"]}",
            (unsigned long)i, (unsigned long)i, (i >> 8) & 255, i & 255, (i >> 8) & 255, i & 255);
        json_t *o = json_loads(buf, 0, NULL);
        if (fk_taxii_add(db, COLLECTION, o, "2024-05-02T00:00:00.000Z", &err) < 0) {
            fprintf(stderr, "%s\n", err.msg);
            return 2;
        }
        json_decref(o);
        if ((i + 1) % 20000 == 0 || i + 1 == count)
            if (fk_db_commit(db, &err) != 0)
                return 2;
    }
    fk_db_exec(db, "ANALYZE", &err);
    fk_db_close(db);
    fprintf(stderr, "loaded %ld objects in %.1f s\n", count, (now_ms() - t0) / 1e3);
    printf("%s\n", token);
    return 0;
}

typedef struct {
    char *p;
    size_t n, cap;
} body;

static size_t sink(char *data, size_t size, size_t nmemb, void *ctx)
{
    body *b = ctx;
    size_t n = size * nmemb;
    if (b->n + n + 1 > b->cap) {
        b->cap = (b->n + n + 1) * 2;
        b->p = realloc(b->p, b->cap);
        if (!b->p)
            return 0;
    }
    memcpy(b->p + b->n, data, n);
    b->n += n;
    b->p[b->n] = '\0';
    return n;
}

static CURL *client(const char *key, struct curl_slist **h, body *b)
{
    CURL *c = curl_easy_init();
    char auth[160];
    snprintf(auth, sizeof auth, "Authorization: Bearer %s", key);
    *h = curl_slist_append(NULL, auth);
    *h = curl_slist_append(*h, "Accept: application/taxii+json;version=2.1");
    *h = curl_slist_append(*h, "Content-Type: application/taxii+json;version=2.1");
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, *h);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, sink);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, b);
    return c;
}

static int page(const char *base, const char *key, const char *coll)
{
    body b = {0};
    struct curl_slist *h;
    CURL *c = client(key, &h, &b);
    size_t cap = 4096, n = 0;
    double *lat = malloc(cap * sizeof *lat);
    long objects = 0;
    char next[32] = "", url[1024];
    double t0 = now_ms();
    for (;;) {
        snprintf(url, sizeof url, "%s/taxii2/fukurou/collections/%s/objects/?limit=1000%s%s", base,
                 coll, next[0] ? "&next=" : "", next);
        curl_easy_setopt(c, CURLOPT_URL, url);
        b.n = 0;
        double t = now_ms();
        long code = 0;
        if (curl_easy_perform(c) != CURLE_OK ||
            (curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code), code != 200)) {
            fprintf(stderr, "page failed (%ld): %.200s\n", code, b.p ? b.p : "");
            return 2;
        }
        if (n == cap)
            lat = realloc(lat, (cap *= 2) * sizeof *lat);
        lat[n++] = now_ms() - t;
        for (const char *p = b.p; (p = strstr(p, "{\"type\":\"indicator\"")); p++)
            objects++;
        const char *nx = strstr(b.p, "\"next\":\"");
        if (!nx)
            break;
        snprintf(next, sizeof next, "%.*s", (int)strcspn(nx + 8, "\""), nx + 8);
    }
    double total = now_ms() - t0;
    qsort(lat, n, sizeof *lat, cmp_double);
    printf(
        "pages %zu objects %ld seconds %.2f objects/s %.0f p50_ms %.2f p99_ms %.2f max_ms %.2f\n",
        n, objects, total / 1e3, objects / (total / 1e3), lat[n / 2], lat[(size_t)(n * 0.99)],
        lat[n - 1]);
    return 0;
}

static int ingest(const char *base, const char *key, const char *coll, long requests)
{
    body b = {0};
    struct curl_slist *h;
    CURL *c = client(key, &h, &b);
    char url[1024];
    snprintf(url, sizeof url, "%s/taxii2/fukurou/collections/%s/objects/", base, coll);
    curl_easy_setopt(c, CURLOPT_URL, url);
    size_t cap = 1000 * 700 + 64;
    char *env = malloc(cap);
    double *lat = malloc((size_t)requests * sizeof *lat);
    double t0 = now_ms();
    for (long r = 0; r < requests; r++) {
        size_t k = (size_t)snprintf(env, cap, "{\"objects\":[");
        for (int i = 0; i < 1000; i++)
            k += (size_t)snprintf(
                env + k, cap - k,
                "%s{\"type\":\"indicator\",\"spec_version\":\"2.1\",\"id\":\"indicator--%08lx-1111-"
                "4000-8000-%012x\","
                "\"created\":\"2024-06-01T00:00:00.000Z\",\"modified\":\"2024-06-01T00:00:00."
                "000Z\","
                "\"pattern\":\"[domain-name:value = 'd%ld-%d.example']\",\"pattern_type\":\"stix\","
                "\"valid_from\":\"2024-06-01T00:00:00Z\"}",
                i ? "," : "", (unsigned long)r, i, r, i);
        snprintf(env + k, cap - k, "]}");
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, env);
        b.n = 0;
        double t = now_ms();
        long code = 0;
        if (curl_easy_perform(c) != CURLE_OK ||
            (curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code), code != 202) ||
            !strstr(b.p, "\"success_count\":1000")) {
            fprintf(stderr, "ingest failed (%ld): %.300s\n", code, b.p ? b.p : "");
            return 2;
        }
        lat[r] = now_ms() - t;
    }
    double total = now_ms() - t0;
    qsort(lat, (size_t)requests, sizeof *lat, cmp_double);
    printf("requests %ld objects %ld seconds %.2f objects/s %.0f p50_ms %.1f p99_ms %.1f\n",
           requests, requests * 1000, total / 1e3, requests * 1000 / (total / 1e3),
           lat[requests / 2], lat[(size_t)(requests * 0.99)]);
    return 0;
}

/* Opens n connections, makes one request on each (keep-alive), keeps them all open,
 * then times a request on a fresh connection while they are held. */
static int hold(const char *host, int port, const char *key, int n)
{
    struct rlimit rl;
    getrlimit(RLIMIT_NOFILE, &rl);
    rl.rlim_cur = rl.rlim_max;
    setrlimit(RLIMIT_NOFILE, &rl);
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    inet_pton(AF_INET, host, &sa.sin_addr);
    int *fds = calloc((size_t)n, sizeof *fds);
    char req[512];
    int len = snprintf(req, sizeof req,
                       "GET /taxii2/ HTTP/1.1\r\nHost: %s\r\nAuthorization: Bearer %s\r\n"
                       "Accept: application/taxii+json;version=2.1\r\n\r\n",
                       host, key);
    double t0 = now_ms();
    int opened = 0, answered = 0;
    for (int i = 0; i < n; i++) {
        fds[i] = socket(AF_INET, SOCK_STREAM, 0);
        if (fds[i] < 0 || connect(fds[i], (struct sockaddr *)&sa, sizeof sa) != 0) {
            fprintf(stderr, "connection %d: %s\n", i, strerror(errno));
            if (fds[i] >= 0)
                close(fds[i]);
            fds[i] = -1;
            break;
        }
        opened++;
        if (write(fds[i], req, (size_t)len) != len)
            break;
        if (i % 500 == 499 || i == n - 1) { /* read the answers in batches */
            for (int k = i - (i % 500); k <= i; k++) {
                struct pollfd pf = {fds[k], POLLIN, 0};
                char buf[4096];
                if (poll(&pf, 1, 10000) == 1 && read(fds[k], buf, sizeof buf) > 0 &&
                    !strncmp(buf, "HTTP/1.1 200", 12))
                    answered++;
            }
        }
    }
    double open_s = (now_ms() - t0) / 1e3;
    /* all held: one more client on a new connection */
    char cmd[512];
    snprintf(cmd, sizeof cmd,
             "curl -s -o /dev/null -w '%%{time_total}' -H 'Authorization: Bearer %s' "
             "-H 'Accept: application/taxii+json;version=2.1' http://%s:%d/taxii2/",
             key, host, port);
    FILE *p = popen(cmd, "r");
    double extra = -1;
    if (p) {
        if (fscanf(p, "%lf", &extra) != 1)
            extra = -1;
        pclose(p);
    }
    int still_open = 0;
    for (int i = 0; i < opened; i++) { /* a closed connection reads as EOF now */
        struct pollfd pf = {fds[i], POLLIN, 0};
        char c;
        if (poll(&pf, 1, 0) == 0 ||
            (recv(fds[i], &c, 1, MSG_PEEK | MSG_DONTWAIT) < 0 && errno == EAGAIN))
            still_open++;
    }
    printf("connections %d answered %d still_open %d open_seconds %.2f extra_request_ms %.1f\n",
           opened, answered, still_open, open_s, extra * 1e3);
    for (int i = 0; i < opened; i++)
        close(fds[i]);
    return answered == n && still_open == n ? 0 : 1;
}

int main(int argc, char **argv)
{
    if (argc == 4 && !strcmp(argv[1], "load"))
        return load(argv[2], atol(argv[3]));
    curl_global_init(CURL_GLOBAL_DEFAULT);
    if (argc == 5 && !strcmp(argv[1], "page"))
        return page(argv[2], argv[3], argv[4]);
    if (argc == 6 && !strcmp(argv[1], "ingest"))
        return ingest(argv[2], argv[3], argv[4], atol(argv[5]));
    if (argc == 6 && !strcmp(argv[1], "hold"))
        return hold(argv[2], atoi(argv[3]), argv[4], atoi(argv[5]));
    fprintf(stderr,
            "usage: fk-bench-hub load DIR COUNT | page URL KEY COLL | ingest URL KEY COLL N | "
            "hold HOST PORT KEY N\n");
    return 2;
}
