#include "http.h"

#include "api.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <openssl/evp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>

struct fk_server {
    struct MHD_Daemon *daemon;
    fk_db *db;
    fk_server_config cfg;
    char *cert, *key;
    unsigned port;
    fk_hub_policy default_policy; /* used when the configuration gives none */
};

/* Per-connection state while a request body arrives. */
typedef struct {
    char *body;
    size_t len, cap;
    bool too_large;
    struct timespec start;
} conn_state;

void fk_http_error(fk_response *res, unsigned status, const char *title, const char *fmt, ...)
{
    char desc[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(desc, sizeof desc, fmt, ap);
    va_end(ap);
    json_decref(res->body);
    free(res->raw_body);
    res->raw_body = NULL;
    res->status = status;
    /* the TAXII 2.1 error message, whose http_status is a string */
    char code[8];
    snprintf(code, sizeof code, "%u", status);
    res->body = json_pack("{ss ss ss}", "title", title, "http_status", code, "description", desc);
}

const char *fk_http_header(const fk_request *req, const char *name)
{
    return MHD_lookup_connection_value((struct MHD_Connection *)req->conn, MHD_HEADER_KIND, name);
}

const char *fk_http_query(const fk_request *req, const char *name)
{
    return MHD_lookup_connection_value((struct MHD_Connection *)req->conn, MHD_GET_ARGUMENT_KIND,
                                       name);
}

static double elapsed_ms(const struct timespec *start)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - start->tv_sec) * 1e3 +
           (double)(now.tv_nsec - start->tv_nsec) / 1e6;
}

int fk_http_basic_decode(const char *b64, char *user, size_t user_cap, char *secret,
                         size_t secret_cap)
{
    size_t n = strlen(b64);
    if (n == 0 || n > 1024 || n % 4 != 0)
        return -1;
    unsigned char decoded[800];
    int len = EVP_DecodeBlock(decoded, (const unsigned char *)b64, (int)n);
    if (len < 0)
        return -1;
    for (size_t k = n; k > 0 && b64[k - 1] == '=' && len > 0; k--)
        len--; /* EVP_DecodeBlock counts the padding as data */
    decoded[len] = '\0';
    char *colon = memchr(decoded, ':', (size_t)len);
    int rc = -1;
    if (colon && strlen((char *)decoded) == (size_t)len) { /* no NUL inside */
        size_t ul = (size_t)(colon - (char *)decoded), sl = (size_t)len - ul - 1;
        if (ul < user_cap && sl < secret_cap) {
            memcpy(user, decoded, ul);
            user[ul] = '\0';
            memcpy(secret, colon + 1, sl);
            secret[sl] = '\0';
            rc = 0;
        }
    }
    OPENSSL_cleanse(decoded, sizeof decoded);
    return rc;
}

/* "Bearer fk_..." or "Basic base64(user:secret)", where the secret is a password or an
 * API key (TAXII clients often only speak Basic). 0 = authenticated, 1 = refused. */
static int authenticate(fk_db *db, struct MHD_Connection *c, fk_principal *who)
{
    const char *h = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
    fk_err err;
    if (!h)
        return 1;
    if (strncasecmp(h, "Bearer ", 7) == 0)
        return fk_authenticate_token(db, h + 7, who, &err) == 0 ? 0 : 1;
    char user[256], secret[560];
    if (strncasecmp(h, "Basic ", 6) != 0 ||
        fk_http_basic_decode(h + 6, user, sizeof user, secret, sizeof secret) != 0)
        return 1;
    int rc;
    if (strncmp(secret, "fk_", 3) == 0)
        rc = fk_authenticate_token(db, secret, who, &err) == 0 && strcmp(who->account, user) == 0
                 ? 0
                 : 1;
    else
        rc = fk_authenticate_password(db, user, secret, who, &err) == 0 ? 0 : 1;
    OPENSSL_cleanse(secret, sizeof secret);
    return rc;
}

bool fk_http_route_match(const char *pattern, const char *path, char captured[4][128], int *ncap)
{
    *ncap = 0;
    while (*pattern && *path) {
        if (pattern[0] == '{' && pattern[1] == '}') {
            const char *end = strchr(path, '/');
            size_t n = end ? (size_t)(end - path) : strlen(path);
            if (n == 0 || n >= 128 || *ncap >= 4)
                return false;
            memcpy(captured[*ncap], path, n);
            captured[(*ncap)++][n] = '\0';
            path += n;
            pattern += 2;
            continue;
        }
        if (*pattern++ != *path++)
            return false;
    }
    if (*path == '/' && path[1] == '\0')
        path++; /* a trailing slash is the same resource */
    return !*pattern && !*path;
}

static enum MHD_Result send_response(struct MHD_Connection *c, fk_response *res, bool www_auth)
{
    char *text = res->raw_body ? res->raw_body
                 : res->body   ? json_dumps(res->body, JSON_COMPACT | JSON_PRESERVE_ORDER)
                               : NULL;
    res->raw_body = NULL; /* MHD frees it now */
    size_t n = text ? strlen(text) : 0;
    struct MHD_Response *r = MHD_create_response_from_buffer(
        n, text ? text : (void *)"", text ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
    if (!r) {
        free(text);
        return MHD_NO;
    }
    if (text)
        MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE,
                                res->content_type ? res->content_type : "application/json");
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "Cache-Control", "no-store");
    if (res->added_first[0]) {
        MHD_add_response_header(r, "X-TAXII-Date-Added-First", res->added_first);
        MHD_add_response_header(r, "X-TAXII-Date-Added-Last", res->added_last);
    }
    if (www_auth)
        MHD_add_response_header(r, MHD_HTTP_HEADER_WWW_AUTHENTICATE,
                                "Basic realm=\"fukurou\", charset=\"UTF-8\"");
    enum MHD_Result ok = MHD_queue_response(c, res->status, r);
    MHD_destroy_response(r);
    return ok;
}

static void log_request(const fk_server *s, const char *method, const char *url, unsigned status,
                        const conn_state *st, const fk_principal *who)
{
    if (s->cfg.quiet)
        return;
    char now[32];
    /* The path only (query strings and headers may carry secrets), and the account by
     * number: a name would tell anyone reading the log who provided what, which only
     * the centre's database and audit log may record. */
    char who_s[32] = "-";
    if (who && who->account_id)
        snprintf(who_s, sizeof who_s, "account#%lld", (long long)who->account_id);
    fprintf(stderr, "%s %s %s %u %.1fms %s\n", fk_db_now(now), method, url, status,
            elapsed_ms(&st->start), who_s);
}

static void dispatch(fk_server *s, struct MHD_Connection *c, const char *method, const char *url,
                     conn_state *st, fk_response *res, bool *www_auth, fk_principal *who)
{
    if (st->too_large) {
        fk_http_error(res, 413, "Payload too large", "the request body exceeds %zu bytes",
                      s->cfg.max_body);
        return;
    }
    if (authenticate(s->db, c, who) != 0) {
        *www_auth = true;
        fk_http_error(res, 401, "Unauthorized",
                      "a valid API key (Bearer) or Basic credentials are required");
        return;
    }
    json_t *body = NULL;
    if (st->len > 0) {
        const char *ct =
            MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
        if (!ct || (strncasecmp(ct, "application/json", 16) != 0 &&
                    strncasecmp(ct, "application/taxii+json", 22) != 0)) {
            fk_http_error(res, 415, "Unsupported media type", "the body must be application/json");
            return;
        }
        json_error_t je;
        body = json_loadb(st->body, st->len, 0, &je);
        if (!body) {
            fk_http_error(res, 400, "Invalid JSON", "line %d, column %d: %s", je.line, je.column,
                          je.text);
            return;
        }
    }
    char captured[4][128];
    const char *params[4];
    int ncap = 0;
    bool path_known = false;
    for (const fk_route *r = fk_api_routes(); r->method; r++) {
        if (!fk_http_route_match(r->pattern, url, captured, &ncap))
            continue;
        path_known = true;
        if (strcmp(r->method, method) != 0)
            continue;
        for (int i = 0; i < ncap; i++)
            params[i] = captured[i];
        fk_request req = {method, url, params, body, who, s->db, s->cfg.policy, s->cfg.max_body, c};
        res->status = 200;
        r->handler(&req, res);
        json_decref(body);
        return;
    }
    json_decref(body);
    if (path_known)
        fk_http_error(res, 405, "Method not allowed", "%s is not allowed on %s", method, url);
    else
        fk_http_error(res, 404, "Not found", "no resource at %s", url);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version, const char *upload,
                                  size_t *upload_size, void **con_cls)
{
    (void)version;
    fk_server *s = cls;
    conn_state *st = *con_cls;
    if (!st) {
        st = calloc(1, sizeof *st);
        if (!st)
            return MHD_NO;
        clock_gettime(CLOCK_MONOTONIC, &st->start);
        *con_cls = st;
        /* refuse an announced oversized body before reading any of it */
        const char *cl =
            MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
        if (cl && strtoull(cl, NULL, 10) > s->cfg.max_body)
            st->too_large = true;
        if (!st->too_large)
            return MHD_YES;
    }
    if (*upload_size > 0) {
        if (!st->too_large) {
            if (st->len + *upload_size > s->cfg.max_body) {
                st->too_large = true; /* chunked bodies have no Content-Length */
            } else {
                if (st->len + *upload_size > st->cap) {
                    size_t ncap = (st->len + *upload_size) * 2;
                    if (ncap > s->cfg.max_body)
                        ncap = s->cfg.max_body;
                    char *nb = realloc(st->body, ncap);
                    if (!nb)
                        return MHD_NO;
                    st->body = nb;
                    st->cap = ncap;
                }
                memcpy(st->body + st->len, upload, *upload_size);
                st->len += *upload_size;
            }
        }
        *upload_size = 0;
        if (!st->too_large)
            return MHD_YES;
    }
    fk_response res = {0};
    bool www_auth = false;
    fk_principal who;
    memset(&who, 0, sizeof who);
    dispatch(s, c, method, url, st, &res, &www_auth, &who);
    log_request(s, method, url, res.status, st, &who);
    enum MHD_Result rc = send_response(c, &res, www_auth);
    json_decref(res.body);
    free(res.raw_body);
    return rc;
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    (void)cls;
    (void)c;
    (void)toe;
    conn_state *st = *con_cls;
    if (st) {
        free(st->body);
        free(st);
    }
    *con_cls = NULL;
}

static char *read_file(const char *path, fk_err *err)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fk_errf(err, "%s: cannot open", path);
        return NULL;
    }
    char *buf = malloc(1 << 20);
    size_t n = buf ? fread(buf, 1, (1 << 20) - 1, f) : 0;
    fclose(f);
    if (!buf) {
        fk_errf(err, "out of memory");
        return NULL;
    }
    buf[n] = '\0';
    return buf;
}

static int parse_listen(const char *listen, struct sockaddr_storage *ss, bool *v6, fk_err *err)
{
    char host[128];
    const char *colon = strrchr(listen, ':');
    if (!colon || colon == listen || (size_t)(colon - listen) >= sizeof host)
        return fk_errf(
            err, "--listen '%s': expected ADDRESS:PORT, e.g. 127.0.0.1:8080 or [::1]:8080", listen);
    memcpy(host, listen, (size_t)(colon - listen));
    host[colon - listen] = '\0';
    char *end;
    long port = strtol(colon + 1, &end, 10);
    if (*end || port < 0 || port > 65535)
        return fk_errf(err, "--listen '%s': bad port", listen);
    memset(ss, 0, sizeof *ss);
    size_t hl = strlen(host);
    if (host[0] == '[' && hl > 2 && host[hl - 1] == ']') {
        host[hl - 1] = '\0';
        struct sockaddr_in6 *a = (struct sockaddr_in6 *)ss;
        a->sin6_family = AF_INET6;
        a->sin6_port = htons((uint16_t)port);
        if (inet_pton(AF_INET6, host + 1, &a->sin6_addr) != 1)
            return fk_errf(err, "--listen '%s': bad IPv6 address", listen);
        *v6 = true;
        return 0;
    }
    struct sockaddr_in *a = (struct sockaddr_in *)ss;
    a->sin_family = AF_INET;
    a->sin_port = htons((uint16_t)port);
    if (inet_pton(AF_INET, host, &a->sin_addr) != 1)
        return fk_errf(err, "--listen '%s': bad IPv4 address", listen);
    *v6 = false;
    return 0;
}

int fk_server_start(fk_server **out, fk_db *db, const fk_server_config *cfg, fk_err *err)
{
    *out = NULL;
    fk_server *s = calloc(1, sizeof *s);
    if (!s)
        return fk_errf(err, "out of memory");
    s->db = db;
    s->cfg = *cfg;
    if (!s->cfg.max_body)
        s->cfg.max_body = 10u << 20;
    if (!s->cfg.max_connections)
        s->cfg.max_connections = 16384;
    if (!s->cfg.policy) {
        fk_hub_policy_defaults(&s->default_policy);
        s->cfg.policy = &s->default_policy;
    }
    struct sockaddr_storage ss;
    bool v6 = false;
    if (parse_listen(cfg->listen ? cfg->listen : "127.0.0.1:8080", &ss, &v6, err) != 0) {
        free(s);
        return -1;
    }
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG |
                     (v6 ? MHD_USE_IPv6 : 0);
    if (!cfg->tls_cert != !cfg->tls_key) {
        free(s);
        return fk_errf(err, "TLS needs both a certificate and a key");
    }
    if (cfg->tls_cert) {
        if (MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES) {
            free(s);
            return fk_errf(err, "this libmicrohttpd was built without TLS");
        }
        if (!(s->cert = read_file(cfg->tls_cert, err)) ||
            !(s->key = read_file(cfg->tls_key, err))) {
            fk_server_stop(s);
            return -1;
        }
        flags |= MHD_USE_TLS;
    }
    s->daemon =
        MHD_start_daemon(flags, 0, NULL, NULL, on_request, s, MHD_OPTION_SOCK_ADDR,
                         (struct sockaddr *)&ss, MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
                         MHD_OPTION_CONNECTION_LIMIT, s->cfg.max_connections,
                         MHD_OPTION_CONNECTION_TIMEOUT, 120u, MHD_OPTION_CONNECTION_MEMORY_LIMIT,
                         (size_t)64 * 1024, s->cert ? MHD_OPTION_HTTPS_MEM_CERT : MHD_OPTION_END,
                         s->cert, MHD_OPTION_HTTPS_MEM_KEY, s->key, MHD_OPTION_END);
    if (!s->daemon) {
        fk_server_stop(s);
        return fk_errf(err, "cannot listen on %s (in use, or not an address of this machine?)",
                       cfg->listen ? cfg->listen : "127.0.0.1:8080");
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
    s->port = info ? info->port : 0;
    *out = s;
    return 0;
}

unsigned fk_server_port(const fk_server *s)
{
    return s->port;
}

void fk_server_stop(fk_server *s)
{
    if (!s)
        return;
    if (s->daemon)
        MHD_stop_daemon(s->daemon);
    free(s->cert);
    free(s->key);
    free(s);
}
