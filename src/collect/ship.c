/* Sending one batch to the hub (see ship.h). */
#include "ship.h"

#include "../hub/taxii_client.h"

#include <curl/curl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

struct fk_shipper {
    CURL *c;
    char *url, *alerts_url;
    char *auth; /* "Authorization: Bearer …", wiped when freed */
    fk_ship_opts o;
};

typedef struct answer {
    char body[4096];
    size_t len;
    int64_t retry_after_ms;
} answer;

static size_t on_body(char *p, size_t size, size_t n, void *arg)
{
    answer *a = arg;
    size_t len = size * n, room = sizeof a->body - 1 - a->len;
    size_t k = len < room ? len : room; /* the rest of a long answer is not needed */
    memcpy(a->body + a->len, p, k);
    a->len += k;
    a->body[a->len] = '\0';
    return len;
}

/* Retry-After: seconds, or an HTTP date. */
static int64_t parse_retry_after(const char *v, size_t n)
{
    char text[64];
    if (n >= sizeof text)
        return -1;
    memcpy(text, v, n);
    text[n] = '\0';
    char *end;
    long secs = strtol(text, &end, 10);
    if (end != text && *end == '\0' && secs >= 0)
        return secs > 86400 ? 86400000 : secs * 1000;
    struct tm tm = {0};
    if (strptime(text, "%a, %d %b %Y %H:%M:%S GMT", &tm)) {
        int64_t delta = (int64_t)timegm(&tm) - (int64_t)time(NULL);
        return delta < 0 ? 0 : (delta > 86400 ? 86400000 : delta * 1000);
    }
    return -1;
}

static size_t on_header(char *p, size_t size, size_t n, void *arg)
{
    answer *a = arg;
    size_t len = size * n, k;
    const char *v;
    if (fk_curl_header_value(p, len, "Retry-After:", &v, &k))
        a->retry_after_ms = parse_retry_after(v, k);
    return len;
}

int fk_shipper_new(fk_shipper **out, const fk_ship_opts *o, fk_err *err)
{
    fk_shipper *s = calloc(1, sizeof *s);
    if (!s)
        return fk_errc(err, FK_ERR_NOMEM, "out of memory");
    s->o = *o;
    size_t ul = strlen(o->hub_url);
    while (ul && o->hub_url[ul - 1] == '/')
        ul--;
    size_t al = strlen(o->api_key) + 32;
    s->url = malloc(ul + 32);
    s->alerts_url = malloc(ul + 32);
    s->auth = malloc(al);
    s->c = curl_easy_init();
    if (!s->url || !s->alerts_url || !s->auth || !s->c) {
        fk_shipper_free(s);
        return fk_errc(err, FK_ERR_NOMEM, "cannot start an HTTP client");
    }
    snprintf(s->url, ul + 32, "%.*s/api/v1/ingest", (int)ul, o->hub_url);
    snprintf(s->alerts_url, ul + 32, "%.*s/api/v1/ingest/alerts", (int)ul, o->hub_url);
    snprintf(s->auth, al, "Authorization: Bearer %s", o->api_key);
    *out = s;
    return 0;
}

void fk_shipper_free(fk_shipper *s)
{
    if (!s)
        return;
    if (s->c)
        curl_easy_cleanup(s->c);
    if (s->auth) { /* the key does not linger in freed memory */
        memset(s->auth, 0, strlen(s->auth));
        free(s->auth);
    }
    free(s->url);
    free(s->alerts_url);
    free(s);
}

static struct curl_slist *header(struct curl_slist *h, const char *name, const char *value,
                                 bool *ok)
{
    if (!value || !*ok)
        return h;
    char line[512];
    /* values are names from the config (checked there); no CR or LF reaches a header */
    if (strpbrk(value, "\r\n") ||
        snprintf(line, sizeof line, "%s: %s", name, value) >= (int)sizeof line) {
        *ok = false;
        return h;
    }
    struct curl_slist *n = curl_slist_append(h, line);
    if (!n)
        *ok = false;
    return n ? n : h;
}

/* One POST of body with headers h (taken over), the answer sorted into out. */
static void post(fk_shipper *s, const char *url, struct curl_slist *h, bool ok, const char *body,
                 size_t len, fk_ship_result *out)
{
    *out = (fk_ship_result){.outcome = FK_SHIP_RETRY, .retry_after_ms = -1};
    h = header(h, "Expect", "", &ok); /* no 100-continue round trip */
    struct curl_slist *with_auth = ok ? curl_slist_append(h, s->auth) : NULL;
    if (!with_auth) {
        curl_slist_free_all(h);
        snprintf(out->message, sizeof out->message, "cannot build the request's headers");
        return;
    }
    h = with_auth;
    answer a = {.retry_after_ms = -1};
    char cerr[CURL_ERROR_SIZE] = "";
    CURL *c = s->c;
    curl_easy_reset(c);
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_POST, 1L);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &a);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &a);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, cerr);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, (long)s->o.timeout_ms);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS,
                     (long)(s->o.timeout_ms < 15000 ? s->o.timeout_ms : 15000));
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
    if (s->o.ca_file)
        curl_easy_setopt(c, CURLOPT_CAINFO, s->o.ca_file);
    CURLcode rc = curl_easy_perform(c);
    curl_slist_free_all(h);
    if (rc != CURLE_OK) {
        snprintf(out->message, sizeof out->message, "%s", cerr[0] ? cerr : curl_easy_strerror(rc));
        return;
    }
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &out->status);
    out->retry_after_ms = a.retry_after_ms;
    json_t *j = json_loads(a.body, 0, NULL);
    const char *why = json_string_value(json_object_get(j, "description"));
    long st = out->status;
    if (st == 200 || st == 201 || st == 202) {
        out->outcome = FK_SHIP_DELIVERED;
        out->duplicate = json_is_true(json_object_get(j, "duplicate"));
    } else if (st == 401 || st == 403) {
        out->outcome = FK_SHIP_DENIED;
    } else if (st == 408 || st == 429 || st >= 500) {
        out->outcome = FK_SHIP_RETRY;
    } else {
        out->outcome = FK_SHIP_REFUSED;
    }
    if (out->outcome != FK_SHIP_DELIVERED)
        snprintf(out->message, sizeof out->message, "HTTP %ld%s%.250s", st, why ? ": " : "",
                 why ? why : "");
    json_decref(j);
}

void fk_ship(fk_shipper *s, const fk_ship_batch *b, fk_ship_result *out)
{
    bool ok = true;
    struct curl_slist *h = NULL;
    h = header(h, "Content-Type", "text/plain", &ok);
    h = header(h, "Content-Encoding", "gzip", &ok);
    h = header(h, "X-Fukurou-Batch", b->id, &ok);
    h = header(h, "X-Fukurou-Source", b->source, &ok);
    h = header(h, "X-Fukurou-Format", b->format, &ok);
    h = header(h, "X-Fukurou-Policy", b->policy, &ok);
    post(s, s->url, h, ok, b->gz, b->gz_len, out);
}

void fk_ship_alerts(fk_shipper *s, const char *json, size_t len, fk_ship_result *out)
{
    bool ok = true;
    struct curl_slist *h = header(NULL, "Content-Type", "application/json", &ok);
    post(s, s->alerts_url, h, ok, json, len, out);
}
