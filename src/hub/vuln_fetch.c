#include "vuln_fetch.h"

#include "../core/timefmt.h"
#include "../vuln/feed.h"
#include "../vuln/jvn.h"
#include "access.h"
#include "vulns.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define NVD_API   "https://services.nvd.nist.gov/rest/json/cves/2.0"
#define WINDOW_MS (120LL * 86400000LL) /* the API's longest lastMod range */

bool fk_fetch_pause_in_place(int64_t ms)
{
    struct timespec ts = {(time_t)(ms / 1000), (long)(ms % 1000) * 1000000L};
    while (ms > 0 && nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
    return true;
}

/* Waits ms as the fetch's caller asked; false when the caller wants the fetch to stop. */
static bool pause_ms(const fk_fetch_pause *p, int64_t ms)
{
    return p->fn ? p->fn(p->ctx, ms) : fk_fetch_pause_in_place(ms);
}

/* The newest lastModified a feed ("nvd", "jvn") has given, "" when none. */
static int newest_taken(fk_db *db, const char *feed, char out[40], fk_err *err)
{
    out[0] = '\0';
    json_t *feeds;
    if (fk_vulns_feeds(db, &feeds, err) != 0)
        return -1;
    size_t i;
    json_t *f;
    json_array_foreach(feeds, i, f)
    {
        const char *lm = json_string_value(json_object_get(f, "last_modified"));
        if (!strcmp(json_string_value(json_object_get(f, "feed")) ?: "", feed) && lm)
            snprintf(out, 40, "%s", lm);
    }
    json_decref(feeds);
    return 0;
}

/* The API writes its dates as ISO 8601 with an offset; '+' must be escaped in a query. */
static void api_date(int64_t ms, char out[48])
{
    char t[32];
    fk_time_format(ms, t); /* 2026-12-02T01:02:03.456Z */
    t[strcspn(t, "Z")] = '\0';
    snprintf(out, 48, "%s%%2B00:00", t);
}

/* totalResults of a page: the API writes it first; read from the head of the text rather
 * than parsing the page twice. -1 when it is not there. */
static long long total_of(const char *body, size_t len)
{
    static const char key[] = "\"totalResults\"";
    const char *p = memmem(body, len < 4096 ? len : 4096, key, sizeof key - 1);
    if (!p || !(p = memchr(p, ':', (size_t)(body + len - p))))
        return -1;
    char *end; /* the body ends with a NUL (fk_taxii_response) */
    long long n = strtoll(p + 1, &end, 10);
    return end == p + 1 ? -1 : n;
}

/* One fetch from an API: where the pages go, the pace, and the running sums. */
typedef struct fetch {
    fk_db *db;
    const fk_principal *who;
    const char *accept, *key_header, *key;
    const fk_taxii_client_opts *http;
    const fk_fetch_pause *pause;
    int tries;
    int64_t interval_ms, last_request, now_ms;
    long long requests, retries, pages;
    json_t *sum;
} fetch;

static void add(json_t *sum, json_t *page, const char *key)
{
    json_int_t v = json_integer_value(json_object_get(page, key));
    json_object_set_new(sum, key, json_integer(json_integer_value(json_object_get(sum, key)) + v));
}

static json_t *new_sums(void)
{
    return json_pack("{sI sI sI sI sI}", "records", (json_int_t)0, "added", (json_int_t)0,
                     "updated", (json_int_t)0, "unchanged", (json_int_t)0, "matches",
                     (json_int_t)0);
}

/* The summary of a fetch, or its error saying how far it came (what came before the
 * failing page stays taken in). */
static int finish(fetch *f, const char *since, int64_t now_ms, int rc, json_t **summary,
                  fk_err *err)
{
    char until[32];
    json_object_set_new(f->sum, "requests", json_integer(f->requests));
    json_object_set_new(f->sum, "retries", json_integer(f->retries));
    json_object_set_new(f->sum, "pages", json_integer(f->pages));
    json_object_set_new(f->sum, "since", since && since[0] ? json_string(since) : json_null());
    json_object_set_new(f->sum, "until", json_string(fk_time_format(now_ms, until)));
    if (rc != 0) {
        char tail[64];
        int n = snprintf(tail, sizeof tail, " (%lld pages taken in before it)", f->pages);
        size_t at = strlen(err->msg);
        if (at + (size_t)n < sizeof err->msg)
            memcpy(err->msg + at, tail, (size_t)n + 1);
        json_decref(f->sum);
        return -1;
    }
    *summary = f->sum;
    return 0;
}

/* One page GET within the rate, retried with a growing pause while the API refuses. */
static int get_page(fetch *f, const char *url, fk_taxii_response *resp, fk_err *err)
{
    int tries = f->tries > 0 ? f->tries : 5;
    int64_t pause = f->interval_ms;
    for (int attempt = 0;; attempt++) {
        int64_t wait = f->last_request + pause - fk_time_mono_ms();
        if (!pause_ms(f->pause, f->last_request && wait > 0 ? wait : 0))
            return fk_errc(err, FK_ERR_BUSY, "stopped before %.300s", url);
        f->last_request = fk_time_mono_ms();
        f->requests++;
        if (fk_web_get(url, f->accept, f->key_header, f->key, f->http, resp, err) != 0)
            return -1;
        if (resp->status == 200)
            return 0;
        bool refused = resp->status == 403 || resp->status == 429 || resp->status == 503 ||
                       resp->status == 502 || resp->status == 504;
        if (!refused || attempt + 1 >= tries) {
            long status = resp->status;
            fk_taxii_response_free(resp);
            return fk_errc(err, FK_ERR_BUSY, "%.300s: the NVD API answered HTTP %ld%s", url, status,
                           refused ? " after every retry" : "");
        }
        fk_taxii_response_free(resp);
        f->retries++;
        /* refused: wait longer each time, from the no-key rate's 6 s (the API asks for
         * patience), or from 0.1 s when paced for a test (interval 0) */
        pause = pause >= 6000 ? pause * 2 : f->interval_ms > 0 ? 6000 : 100;
    }
}

/* A page taken in as a feed document of kind; its counts added to the sums. */
static int take_page(fetch *f, const char *name, int kind, const fk_taxii_response *resp,
                     long long *records, fk_err *err)
{
    json_t *page = NULL;
    if (fk_hub_vuln_import(f->db, f->who, name, resp->body, resp->len, kind, f->now_ms, &page,
                           err) != 0)
        return -1;
    f->pages++;
    *records = json_integer_value(json_object_get(page, "records"));
    static const char *const keys[] = {"records", "added", "updated", "unchanged", "matches"};
    for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++)
        add(f->sum, page, keys[k]);
    json_decref(page);
    return 0;
}

/* Every page of one lastMod window (start_ms < 0: no window, every record). */
static int fetch_window(fetch *f, const fk_nvd_fetch_opts *o, int64_t start_ms, int64_t end_ms,
                        fk_err *err)
{
    const char *base = o->url ? o->url : NVD_API;
    size_t size = o->page_size ? o->page_size : 2000;
    char range[160] = "";
    if (start_ms >= 0) {
        char a[48], b[48];
        api_date(start_ms, a);
        api_date(end_ms, b);
        snprintf(range, sizeof range, "&lastModStartDate=%s&lastModEndDate=%s", a, b);
    }
    for (long long start = 0;;) {
        char url[1200];
        snprintf(url, sizeof url, "%s%sresultsPerPage=%zu&startIndex=%lld%s", base,
                 strchr(base, '?') ? "&" : "?", size, start, range);
        fk_taxii_response resp;
        if (get_page(f, url, &resp, err) != 0)
            return -1;
        long long total = total_of(resp.body, resp.len);
        char name[160];
        snprintf(name, sizeof name, "NVD API page from %lld", start);
        long long got = 0;
        int rc = take_page(f, name, FK_FEED_NVD, &resp, &got, err);
        fk_taxii_response_free(&resp);
        if (rc != 0)
            return -1;
        start += got;
        /* done when the total is reached, or a page came back short or empty */
        if (got <= 0 || (total >= 0 && start >= total) || (total < 0 && (size_t)got < size))
            return 0;
    }
}

int fk_hub_nvd_fetch(fk_db *db, const fk_principal *who, const fk_nvd_fetch_opts *o, int64_t now_ms,
                     json_t **summary, fk_err *err)
{
    *summary = NULL;
    if (!fk_access_allows(FK_ACT_VULN_FEED, who->role))
        return fk_errc(err, FK_ERR_DENIED, "only the centre takes in feeds");
    char since[40] = "";
    if (o->since)
        snprintf(since, sizeof since, "%s", o->since);
    else if (!o->all && newest_taken(db, "nvd", since, err) != 0)
        return -1;
    int64_t since_ms = -1;
    if (since[0] && !fk_time_parse_iso8601(since, strlen(since), &since_ms))
        return fk_errf(err, "since: '%.40s' is not an RFC 3339 time", since);
    fetch f = {
        .db = db,
        .who = who,
        .accept = "application/json",
        .key_header = "apiKey",
        .key = o->api_key,
        .http = &o->http,
        .pause = &o->pause,
        .tries = o->retries,
        .interval_ms = o->interval_s >= 0 ? (int64_t)(o->interval_s * 1000)
                       : o->api_key       ? 600
                                          : 6000,
        .now_ms = now_ms,
        .sum = new_sums(),
    };
    if (!f.sum)
        return fk_errc(err, FK_ERR_NOMEM, "out of memory");
    int rc = 0;
    if (since_ms < 0)
        rc = fetch_window(&f, o, -1, -1, err);
    else /* a little before the newest taken in: a record changed in that second is asked */
        for (int64_t start = since_ms - 1000; rc == 0 && start < now_ms; start += WINDOW_MS)
            rc = fetch_window(&f, o, start, start + WINDOW_MS < now_ms ? start + WINDOW_MS : now_ms,
                              err);
    return finish(&f, since, now_ms, rc, summary, err);
}

/* ---- MyJVN ------------------------------------------------------------------------------ */

#define MYJVN_API "https://jvndb.jvn.jp/myjvn"
enum { OVERVIEW_PAGE = 50, DETAILS_AT_ONCE = 10 };

static int collect_id(void *ctx, json_t *rec, fk_err *err)
{
    const char *id = json_string_value(json_object_get(rec, "id"));
    if (id && json_array_append_new(ctx, json_string(id)) != 0)
        return fk_errc(err, FK_ERR_NOMEM, "out of memory");
    return 0;
}

int fk_hub_jvn_fetch(fk_db *db, const fk_principal *who, const fk_jvn_fetch_opts *o, int64_t now_ms,
                     json_t **summary, fk_err *err)
{
    *summary = NULL;
    if (!fk_access_allows(FK_ACT_VULN_FEED, who->role))
        return fk_errc(err, FK_ERR_DENIED, "only the centre takes in feeds");
    const char *lang = o->lang && !strcmp(o->lang, "en") ? "en" : "ja";
    char since[40] = "";
    if (o->since)
        snprintf(since, sizeof since, "%s", o->since);
    else if (!o->all && newest_taken(db, "jvn", since, err) != 0)
        return -1;
    int y = 1998, mo = 1, d = 1; /* JVN iPedia's first year: everything */
    if (since[0] &&
        (sscanf(since, "%4d-%2d-%2d", &y, &mo, &d) != 3 || mo < 1 || mo > 12 || d < 1 || d > 31))
        return fk_errf(err, "since: '%.40s' is not a date", since);
    fetch f = {
        .db = db,
        .who = who,
        .accept = "application/xml",
        .http = &o->http,
        .pause = &o->pause,
        .tries = o->retries,
        .interval_ms = o->interval_s >= 0 ? (int64_t)(o->interval_s * 1000) : 1000,
        .now_ms = now_ms,
        .sum = new_sums(),
    };
    json_t *ids = json_array();
    if (!f.sum || !ids) {
        json_decref(f.sum);
        json_decref(ids);
        return fk_errc(err, FK_ERR_NOMEM, "out of memory");
    }
    const char *base = o->url ? o->url : MYJVN_API;
    int rc = 0;
    /* the entries updated since: the overview list, page by page */
    for (long first = 1; rc == 0;) {
        char url[1200];
        snprintf(url, sizeof url,
                 "%s?method=getVulnOverviewList&feed=hnd&startItem=%ld&maxCountItem=%d"
                 "&rangeDatePublic=n&rangeDatePublished=n&rangeDateFirstPublished=n"
                 "&datePublishedStartY=%04d&datePublishedStartM=%02d&datePublishedStartD=%02d"
                 "&lang=%s",
                 base, first, OVERVIEW_PAGE, y, mo, d, lang);
        fk_taxii_response resp;
        if ((rc = get_page(&f, url, &resp, err)) != 0)
            break;
        fk_jvn_status st;
        size_t before = json_array_size(ids);
        rc = fk_jvn_read_page(resp.body, resp.len, collect_id, ids, &st, err);
        fk_taxii_response_free(&resp);
        if (rc != 0) {
            char where[80];
            snprintf(where, sizeof where, "MyJVN overview from %ld: ", first);
            size_t n = strlen(where), m = strlen(err->msg);
            if (n + m < sizeof err->msg) {
                memmove(err->msg + n, err->msg, m + 1);
                memcpy(err->msg, where, n);
            }
            break;
        }
        size_t got = json_array_size(ids) - before;
        first += (long)got;
        if (got == 0 || (st.total >= 0 && first > st.total))
            break;
    }
    /* then their details, a few at a time: each answer one document, stored whole */
    for (size_t i = 0; rc == 0 && i < json_array_size(ids); i += DETAILS_AT_ONCE) {
        char list[DETAILS_AT_ONCE * 32] = "", url[1600];
        for (size_t k = i; k < i + DETAILS_AT_ONCE && k < json_array_size(ids); k++) {
            const char *id = json_string_value(json_array_get(ids, k));
            if (strlen(id) > 30 || strspn(id, "JVNDB-0123456789") != strlen(id))
                continue; /* an identifier is never put in a URL unless it is one */
            if (list[0])
                strcat(list, "+");
            strcat(list, id);
        }
        if (!list[0])
            continue;
        snprintf(url, sizeof url, "%s?method=getVulnDetailInfo&feed=hnd&vulnId=%s&lang=%s", base,
                 list, lang);
        fk_taxii_response resp;
        if ((rc = get_page(&f, url, &resp, err)) != 0)
            break;
        char name[160];
        snprintf(name, sizeof name, "MyJVN details %.100s", list);
        long long got = 0;
        rc = take_page(&f, name, FK_FEED_JVN, &resp, &got, err);
        fk_taxii_response_free(&resp);
    }
    json_object_set_new(f.sum, "entries", json_integer((json_int_t)json_array_size(ids)));
    json_decref(ids);
    return finish(&f, since, now_ms, rc, summary, err);
}
