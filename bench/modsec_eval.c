/* ModSecurity v3 with the OWASP Core Rule Set, run over the requests that
 * bench/crs_eval.py derived from the CRS regression tests, so fukurou's web signatures
 * can be compared with the reference WAF on the same input in the same run.
 *
 * usage: fk-bench-modsec --crs RULES_DIR --paranoia N [--repeat N] REQUESTS.tsv
 *
 * REQUESTS.tsv: method, URI, version, User-Agent, Referer separated by tabs, each
 * escaped as Apache escapes log fields (\" \\ \xhh); or those five and then the
 * Content-Type, the Cookie header and the body ("-" for none). Prints one line per request:
 * "1" or "0" (the anomaly score reached the blocking threshold), a tab, and the CRS
 * rule ids that matched (comma separated, below 949000). With --repeat the whole set is
 * run that many times more, unprinted, and requests/s goes to stderr. */
#define _DEFAULT_SOURCE /* strsep, strdup, getline */
#include <dirent.h>
#include <modsecurity/intervention.h>
#include <modsecurity/modsecurity.h>
#include <modsecurity/rules_set.h>
#include <modsecurity/transaction.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { NFIELDS = 5, NFIELDS_BODY = 8, MAX_IDS = 2048 };

typedef struct {
    char *field[NFIELDS_BODY]; /* the last three NULL in a five-field file */
} request;

typedef struct {
    char ids[MAX_IDS];
    size_t len;
    bool blocked;
} verdict;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int hexval(int c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* In place: \" \\ \xhh back to bytes. */
static void unescape(char *s)
{
    char *o = s;
    for (char *p = s; *p; p++) {
        if (p[0] == '\\' && (p[1] == '"' || p[1] == '\\')) {
            *o++ = *++p;
        } else if (p[0] == '\\' && p[1] == 'x' && hexval(p[2]) >= 0 && hexval(p[3]) >= 0) {
            *o++ = (char)(hexval(p[2]) * 16 + hexval(p[3]));
            p += 3;
        } else {
            *o++ = *p;
        }
    }
    *o = '\0';
}

/* The log callback sees one text per matched rule that logs; keep its id. */
static void on_log(void *data, const void *msg)
{
    verdict *v = data;
    const char *m = msg, *id = m ? strstr(m, "[id \"") : NULL;
    if (!v || !id)
        return;
    id += 5;
    long n = strtol(id, NULL, 10);
    if (n >= 949000 && n < 950000)
        v->blocked = true;
    if (n < 911000 || n >= 949000)
        return;
    int w = snprintf(v->ids + v->len, sizeof v->ids - v->len, "%s%ld", v->len ? "," : "", n);
    if (w > 0 && (size_t)w < sizeof v->ids - v->len)
        v->len += (size_t)w;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int load_rules(RulesSet *rules, const char *dir, int paranoia)
{
    char setup[1024];
    snprintf(setup, sizeof setup,
             "SecRuleEngine On\n"
             "SecRequestBodyAccess On\n"
             /* the body processors modsecurity.conf-recommended sets by Content-Type
              * (URL-encoded and multipart bodies are parsed without being told) */
             "SecRule REQUEST_HEADERS:Content-Type \"^(?:application(?:/soap\\+|/)|text/)xml\" "
             "\"id:200000,phase:1,t:none,t:lowercase,pass,nolog,ctl:requestBodyProcessor=XML\"\n"
             "SecRule REQUEST_HEADERS:Content-Type \"^application/json\" "
             "\"id:200001,phase:1,t:none,t:lowercase,pass,nolog,ctl:requestBodyProcessor=JSON\"\n"
             "SecDefaultAction \"phase:1,log,auditlog,pass\"\n"
             "SecDefaultAction \"phase:2,log,auditlog,pass\"\n"
             "SecAction \"id:900000,phase:1,nolog,pass,t:none,setvar:tx.paranoia_level=%d\"\n"
             "SecAction \"id:900990,phase:1,nolog,pass,t:none,setvar:tx.crs_setup_version=334\"\n",
             paranoia);
    const char *error = NULL;
    if (msc_rules_add(rules, setup, &error) < 0) {
        fprintf(stderr, "fk-bench-modsec: setup: %s\n", error ? error : "?");
        return -1;
    }
    DIR *d = opendir(dir);
    if (!d) {
        fprintf(stderr, "fk-bench-modsec: %s: cannot open the rules directory\n", dir);
        return -1;
    }
    char *names[256];
    size_t n = 0;
    for (struct dirent *e; (e = readdir(d)) && n < 256;) {
        size_t l = strlen(e->d_name);
        /* request rules only: the log has no response body to inspect */
        if (!strncmp(e->d_name, "REQUEST-", 8) && l > 5 && !strcmp(e->d_name + l - 5, ".conf"))
            names[n++] = strdup(e->d_name);
    }
    closedir(d);
    qsort(names, n, sizeof *names, cmp_names);
    int rc = 0;
    for (size_t i = 0; i < n; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        if (rc == 0 && msc_rules_add_file(rules, path, &error) < 0) {
            fprintf(stderr, "fk-bench-modsec: %s: %s\n", path, error ? error : "?");
            rc = -1;
        }
        free(names[i]);
    }
    if (rc == 0 && n == 0) {
        fprintf(stderr, "fk-bench-modsec: %s: no REQUEST-*.conf files\n", dir);
        rc = -1;
    }
    return rc;
}

static void run_one(ModSecurity *ms, RulesSet *rules, const request *r, verdict *v)
{
    memset(v, 0, sizeof *v);
    Transaction *t = msc_new_transaction(ms, rules, v);
    if (!t)
        return;
    const char *version = r->field[2];
    if (!strncmp(version, "HTTP/", 5))
        version += 5;
    msc_process_connection(t, "192.0.2.10", 40000, "127.0.0.1", 80);
    msc_process_uri(t, r->field[1], r->field[0], version);
    msc_add_request_header(t, (const unsigned char *)"Host", (const unsigned char *)"localhost");
    msc_add_request_header(t, (const unsigned char *)"Accept", (const unsigned char *)"*/*");
    if (strcmp(r->field[3], "-") != 0)
        msc_add_request_header(t, (const unsigned char *)"User-Agent",
                               (const unsigned char *)r->field[3]);
    if (strcmp(r->field[4], "-") != 0)
        msc_add_request_header(t, (const unsigned char *)"Referer",
                               (const unsigned char *)r->field[4]);
    const char *type = r->field[5], *cookie = r->field[6], *body = r->field[7];
    if (type && strcmp(type, "-") != 0)
        msc_add_request_header(t, (const unsigned char *)"Content-Type",
                               (const unsigned char *)type);
    if (cookie && strcmp(cookie, "-") != 0)
        msc_add_request_header(t, (const unsigned char *)"Cookie", (const unsigned char *)cookie);
    char length[32];
    bool has_body = body && strcmp(body, "-") != 0;
    if (has_body) {
        snprintf(length, sizeof length, "%zu", strlen(body));
        msc_add_request_header(t, (const unsigned char *)"Content-Length",
                               (const unsigned char *)length);
    }
    msc_process_request_headers(t);
    if (has_body)
        msc_append_request_body(t, (const unsigned char *)body, strlen(body));
    msc_process_request_body(t);
    ModSecurityIntervention it = {0};
    if (msc_intervention(t, &it) && it.status >= 400)
        v->blocked = true;
    free(it.url);
    free(it.log);
    msc_process_logging(t);
    msc_transaction_cleanup(t);
}

int main(int argc, char **argv)
{
    const char *dir = "/usr/share/modsecurity-crs/rules", *file = NULL;
    int paranoia = 1;
    long repeat = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--crs") && i + 1 < argc)
            dir = argv[++i];
        else if (!strcmp(argv[i], "--paranoia") && i + 1 < argc)
            paranoia = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--repeat") && i + 1 < argc)
            repeat = atol(argv[++i]);
        else if (argv[i][0] != '-' && !file)
            file = argv[i];
        else {
            fprintf(stderr, "usage: fk-bench-modsec [--crs DIR] [--paranoia 1-4] [--repeat N] "
                            "REQUESTS.tsv\n");
            return 2;
        }
    }
    if (!file || paranoia < 1 || paranoia > 4 || repeat < 0) {
        fprintf(stderr, "fk-bench-modsec: need a requests file, paranoia 1-4, repeat >= 0\n");
        return 2;
    }
    FILE *f = fopen(file, "r");
    if (!f) {
        fprintf(stderr, "fk-bench-modsec: %s: cannot open\n", file);
        return 2;
    }
    request *reqs = NULL;
    size_t n = 0, cap = 0, lineno = 0;
    char *line = NULL;
    size_t linecap = 0;
    ssize_t len;
    while ((len = getline(&line, &linecap, f)) > 0) {
        lineno++;
        if (line[len - 1] == '\n')
            line[--len] = '\0';
        if (n == cap) {
            cap = cap ? cap * 2 : 1024;
            request *nr = realloc(reqs, cap * sizeof *nr);
            if (!nr) {
                fprintf(stderr, "fk-bench-modsec: out of memory\n");
                return 2;
            }
            reqs = nr;
        }
        request *r = &reqs[n];
        char *rest = strdup(line);
        int k = 0;
        if (!rest) {
            fprintf(stderr, "fk-bench-modsec: out of memory\n");
            return 2;
        }
        memset(r, 0, sizeof *r);
        for (char *tok; k < NFIELDS_BODY && (tok = strsep(&rest, "\t"));)
            r->field[k++] = tok;
        if ((k != NFIELDS && k != NFIELDS_BODY) || rest) {
            fprintf(stderr, "fk-bench-modsec: %s:%zu: expected %d or %d tab-separated fields\n",
                    file, lineno, NFIELDS, NFIELDS_BODY);
            return 2;
        }
        for (int j = 0; j < k; j++)
            unescape(r->field[j]);
        n++;
    }
    free(line);
    fclose(f);

    ModSecurity *ms = msc_init();
    msc_set_connector_info(ms, "fukurou CRS comparison");
    msc_set_log_cb(ms, on_log);
    RulesSet *rules = msc_create_rules_set();
    if (load_rules(rules, dir, paranoia) != 0)
        return 2;
    verdict v;
    for (size_t i = 0; i < n; i++) {
        run_one(ms, rules, &reqs[i], &v);
        printf("%d\t%s\n", v.blocked ? 1 : 0, v.ids);
    }
    if (repeat) {
        double t0 = now();
        for (long k = 0; k < repeat; k++)
            for (size_t i = 0; i < n; i++)
                run_one(ms, rules, &reqs[i], &v);
        double secs = now() - t0;
        fprintf(stderr, "fk-bench-modsec: paranoia %d: %zu requests in %.3f s: %.0f requests/s\n",
                paranoia, n * (size_t)repeat, secs, (double)n * (double)repeat / secs);
    }
    msc_rules_cleanup(rules);
    msc_cleanup(ms);
    for (size_t i = 0; i < n; i++)
        free(reqs[i].field[0]);
    free(reqs);
    return 0;
}
