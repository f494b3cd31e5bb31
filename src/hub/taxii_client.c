#include "taxii_client.h"

#include <ctype.h>
#include <curl/curl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct {
    fk_taxii_response *r;
    size_t max;
    bool too_large;
} sink;

static size_t on_body(char *p, size_t size, size_t n, void *arg)
{
    sink *s = arg;
    size_t add = size * n;
    if (s->r->len + add > s->max) {
        s->too_large = true;
        return 0; /* makes curl stop with a write error */
    }
    char *b = realloc(s->r->body, s->r->len + add + 1);
    if (!b)
        return 0;
    memcpy(b + s->r->len, p, add);
    s->r->len += add;
    b[s->r->len] = '\0';
    s->r->body = b;
    return add;
}

bool fk_curl_header_value(const char *line, size_t len, const char *name, const char **value,
                          size_t *n)
{
    size_t nl = strlen(name);
    if (len < nl || strncasecmp(line, name, nl) != 0)
        return false;
    const char *v = line + nl;
    size_t k = len - nl;
    while (k && isspace((unsigned char)*v))
        v++, k--;
    while (k && isspace((unsigned char)v[k - 1]))
        k--;
    *value = v;
    *n = k;
    return true;
}

static size_t on_header(char *p, size_t size, size_t n, void *arg)
{
    fk_taxii_response *r = arg;
    size_t len = size * n;
    const char *v;
    size_t k;
    if (fk_curl_header_value(p, len, "X-TAXII-Date-Added-Last:", &v, &k)) {
        if (k < sizeof r->added_last) {
            memcpy(r->added_last, v, k);
            r->added_last[k] = '\0';
        }
    }
    return len;
}

int fk_web_get(const char *url, const char *accept, const char *secret_header, const char *secret,
               const fk_taxii_client_opts *opts, fk_taxii_response *out, fk_err *err)
{
    memset(out, 0, sizeof *out);
    CURL *c = curl_easy_init();
    if (!c)
        return fk_errc(err, FK_ERR_NOMEM, "cannot start an HTTP client");
    char accept_line[160];
    snprintf(accept_line, sizeof accept_line, "Accept: %s", accept);
    struct curl_slist *h = curl_slist_append(NULL, accept_line);
    char *auth_line = NULL;
    if (secret && secret_header) {
        size_t n = strlen(secret) + strlen(secret_header) + 8;
        auth_line = malloc(n);
        if (auth_line) {
            snprintf(auth_line, n, "%s: %s", secret_header, secret);
            struct curl_slist *h2 = curl_slist_append(h, auth_line);
            h = h2 ? h2 : h;
        }
    }
    sink s = {out, opts && opts->max_body ? opts->max_body : (size_t)64 << 20, false};
    char cerr[CURL_ERROR_SIZE] = "";
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &s);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, out);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, cerr);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L); /* called from a worker thread */
    curl_easy_setopt(c, CURLOPT_TIMEOUT, opts && opts->timeout_s ? opts->timeout_s : 60L);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 15L);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
    curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, ""); /* gzip if the server offers it */
    if (opts && opts->ca_file)
        curl_easy_setopt(c, CURLOPT_CAINFO, opts->ca_file);
    CURLcode rc = curl_easy_perform(c);
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &out->status);
    curl_easy_cleanup(c);
    curl_slist_free_all(h);
    if (auth_line) { /* the key does not linger in freed memory */
        memset(auth_line, 0, strlen(auth_line));
        free(auth_line);
    }
    if (rc != CURLE_OK) {
        fk_taxii_response_free(out);
        if (s.too_large)
            return fk_errc(err, FK_ERR_TOO_LARGE, "%.300s: the answer is larger than %zu bytes",
                           url, s.max);
        return fk_errc(err, FK_ERR_BUSY, "%.300s: %s", url,
                       cerr[0] ? cerr : curl_easy_strerror(rc));
    }
    if (!out->body) {
        out->body = calloc(1, 1);
        if (!out->body)
            return fk_errc(err, FK_ERR_NOMEM, "out of memory");
    }
    return 0;
}

int fk_taxii_get(const char *url, const char *auth, const fk_taxii_client_opts *opts,
                 fk_taxii_response *out, fk_err *err)
{
    return fk_web_get(url, "application/taxii+json;version=2.1", "Authorization", auth, opts, out,
                      err);
}

void fk_taxii_response_free(fk_taxii_response *r)
{
    free(r->body);
    r->body = NULL;
    r->len = 0;
}

bool fk_taxii_url_encode(const char *s, char *out, size_t cap)
{
    char *e = curl_easy_escape(NULL, s, 0); /* libcurl's RFC 3986 escaping */
    bool fits = e && strlen(e) < cap;
    if (fits)
        memcpy(out, e, strlen(e) + 1);
    curl_free(e);
    return fits;
}
