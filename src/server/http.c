#include "http.h"

#include "../core/hex.h"

#include "api.h"
#include "console.h"
#include "credcache.h"
#include "limiter.h"

#include <arpa/inet.h>
#include <malloc.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>

/*
 * Threads. libmicrohttpd runs one event loop thread that does all network I/O and
 * never waits on anything slow. Work goes to two pools of threads, each thread with its
 * own database connection (SQLite in WAL mode: readers do not block each other, writers
 * queue on BEGIN IMMEDIATE):
 *
 *   - the sign-in pool checks passwords (argon2id costs ~20 ms of CPU by design); it is
 *     small and its queue bounded, so guessing cannot take the server from others;
 *   - the request pool runs handlers: a large release or a large answer occupies one of
 *     its threads, not the loop.
 *
 * A request goes through phases. On its headers the loop refuses at once what it can
 * (framing conflicts, an oversized body, no credentials, a sign-in that is rate
 * limited), checks an API key itself (one hash and one indexed read), or suspends the
 * connection and queues a password check. Only an authenticated request has its body
 * read. Then the connection is suspended again while a request thread runs the
 * handler and renders the answer; the loop sends it.
 */
typedef enum {
    PHASE_NEW,
    PHASE_SIGNING_IN, /* suspended: a password is being checked */
    PHASE_SIGNED_IN,  /* resumed: credentials good, the body may be read */
    PHASE_REFUSED,    /* resumed: credentials bad */
    PHASE_RECEIVING,
    PHASE_HANDLING, /* suspended: a request thread runs the handler */
    PHASE_ANSWERED, /* resumed: the answer is ready */
    PHASE_DRAINING, /* a body over the bound, read and dropped before the answer */
} phase;

/* A body over its bound is refused, but read (and dropped) before the refusal is sent,
 * up to this many bytes past the bound: a server that answers and closes while the
 * client is still sending leaves unread bytes in its socket, the kernel resets the
 * connection, and the client, still writing, often loses the answer with it (RFC 9112
 * section 9.6 asks for a lingering close). A client that asked to send only when told
 * to (Expect: 100-continue) is answered at once, before it sends. */
#define DRAIN_PAST_BOUND (4u << 20)

/* Per-request state, from the headers to the completed answer. */
typedef struct conn_state {
    phase ph;
    char *body;
    size_t len, cap;
    size_t limit; /* the body's bound: the route's kind decides it */
    struct timespec start;
    fk_principal who;
    char account[256], secret[560], addr[INET6_ADDRSTRLEN];
    struct MHD_Connection *conn;
    char *method, *url;
    unsigned status;
    char *answer; /* rendered body */
    const char *content_type;
    bool www_auth, close, sent;
    size_t drained; /* PHASE_DRAINING: bytes of the refused body read and dropped */
    char added_first[40], added_last[40];
    char retry_after[16];
    char link_next[600];
    /* the console: the session the cookie named (when valid), and answer headers */
    bool has_session;
    fk_session session;
    char token[65];
    char location[600], set_cookie[300], disposition[120];
    bool html;
    struct conn_state *next; /* in a pool's queue */
} conn_state;

typedef struct {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    conn_state *head, *tail;
    size_t len, max;
    pthread_t *threads;
    size_t nthreads;
    bool stopping;
} pool;

struct fk_server {
    struct MHD_Daemon *daemon;
    fk_db *io_db; /* the loop's own connection, for API keys */
    fk_server_config cfg;
    char *cert, *key;
    unsigned port;
    fk_hub_policy default_policy; /* used when the configuration gives none */
    pool signin, requests;
    fk_limiter *by_account, *by_address;
    fk_limiter *known_pairs; /* address|account pairs that signed in within a day */
    fk_credcache *recent;    /* passwords checked in the last minutes */
    bool stopping;
};

static int64_t wall_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
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

/* ---- pools ---- */

static void pool_push(pool *p, conn_state *st)
{
    pthread_mutex_lock(&p->mu);
    st->next = NULL;
    if (p->tail)
        p->tail->next = st;
    else
        p->head = st;
    p->tail = st;
    p->len++;
    pthread_cond_signal(&p->cv);
    pthread_mutex_unlock(&p->mu);
}

/* Whether the pool's queue has room (a bounded queue sheds load instead of growing). */
static bool pool_has_room(pool *p)
{
    pthread_mutex_lock(&p->mu);
    bool room = !p->max || p->len < p->max;
    pthread_mutex_unlock(&p->mu);
    return room;
}

/* The next job, or NULL once the pool stops (after the queue is empty). */
static conn_state *pool_pop(pool *p)
{
    pthread_mutex_lock(&p->mu);
    while (!p->head && !p->stopping)
        pthread_cond_wait(&p->cv, &p->mu);
    conn_state *st = p->head;
    if (st) {
        p->head = st->next;
        if (!p->head)
            p->tail = NULL;
        p->len--;
    }
    pthread_mutex_unlock(&p->mu);
    return st;
}

/* ---- answers ---- */

/* Renders res into the request state (on the thread that made it). */
static void render(conn_state *st, fk_response *res)
{
    st->status = res->status ? res->status : 500;
    st->answer = res->raw_body ? res->raw_body
                 : res->body   ? json_dumps(res->body, JSON_COMPACT | JSON_PRESERVE_ORDER)
                               : NULL;
    res->raw_body = NULL;
    json_decref(res->body);
    res->body = NULL;
    st->content_type = res->content_type;
    memcpy(st->location, res->location, sizeof st->location);
    memcpy(st->set_cookie, res->set_cookie, sizeof st->set_cookie);
    memcpy(st->disposition, res->disposition, sizeof st->disposition);
    st->html = res->html;
    memcpy(st->added_first, res->added_first, sizeof st->added_first);
    memcpy(st->added_last, res->added_last, sizeof st->added_last);
    memcpy(st->link_next, res->link_next, sizeof st->link_next);
    if (res->retry_after[0])
        snprintf(st->retry_after, sizeof st->retry_after, "%s", res->retry_after);
}

/* TAXII clients read every error of a TAXII path in the TAXII media type, including
 * those raised before a route is found (401, 404, 405, 413, 415, a body that is not JSON). */
static const char *error_media(const char *url)
{
    return url && !strncmp(url, "/taxii2", 7) ? "application/taxii+json;version=2.1" : NULL;
}

static void refuse(conn_state *st, unsigned status, const char *title, const char *desc)
{
    fk_response res = {0};
    fk_http_error(&res, status, title, "%s", desc);
    res.content_type = error_media(st->url);
    render(st, &res);
    st->close = true; /* the body, if any, is not read: the connection cannot be reused */
}

/* Writes the URL for the log with control bytes escaped (no forged log lines). */
static void log_safe(const char *in, char *out, size_t cap)
{
    size_t o = 0;
    for (const unsigned char *p = (const unsigned char *)in; *p && o + 5 < cap; p++) {
        if (*p < 0x20 || *p == 0x7f || *p == '\\')
            o += (size_t)snprintf(out + o, cap - o, "\\x%02x", *p);
        else
            out[o++] = (char)*p;
    }
    out[o] = '\0';
}

static void log_request(const fk_server *s, const conn_state *st)
{
    if (s->cfg.quiet)
        return;
    char now[32], url[512];
    /* The path only (query strings and headers may carry secrets), and the account by
     * number: a name would tell anyone reading the log who provided what, which only
     * the centre's database and audit log may record. */
    char who_s[32] = "-";
    if (st->who.account_id)
        snprintf(who_s, sizeof who_s, "account#%lld", (long long)st->who.account_id);
    log_safe(st->url ? st->url : "?", url, sizeof url);
    fprintf(stderr, "%s %s %s %u %.1fms %s\n", fk_db_now(now), st->method ? st->method : "?", url,
            st->status, elapsed_ms(&st->start), who_s);
}

static enum MHD_Result send_answer(fk_server *s, struct MHD_Connection *c, conn_state *st)
{
    char *text = st->answer;
    st->answer = NULL;
    st->sent = true;
    size_t n = text ? strlen(text) : 0;
    struct MHD_Response *r = MHD_create_response_from_buffer(
        n, text ? text : (void *)"", text ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
    if (!r) {
        free(text);
        return MHD_NO;
    }
    if (text)
        MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE,
                                st->content_type ? st->content_type : "application/json");
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "Cache-Control", "no-store");
    if (st->added_first[0]) {
        MHD_add_response_header(r, "X-TAXII-Date-Added-First", st->added_first);
        MHD_add_response_header(r, "X-TAXII-Date-Added-Last", st->added_last);
    }
    if (st->link_next[0])
        MHD_add_response_header(r, "Link", st->link_next);
    if (st->retry_after[0])
        MHD_add_response_header(r, MHD_HTTP_HEADER_RETRY_AFTER, st->retry_after);
    if (st->www_auth)
        MHD_add_response_header(r, MHD_HTTP_HEADER_WWW_AUTHENTICATE,
                                "Basic realm=\"fukurou\", charset=\"UTF-8\"");
    if (st->close)
        MHD_add_response_header(r, MHD_HTTP_HEADER_CONNECTION, "close");
    if (st->location[0])
        MHD_add_response_header(r, MHD_HTTP_HEADER_LOCATION, st->location);
    if (st->set_cookie[0])
        MHD_add_response_header(r, MHD_HTTP_HEADER_SET_COOKIE, st->set_cookie);
    if (st->disposition[0])
        MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_DISPOSITION, st->disposition);
    for (size_t i = 0; st->html && fk_console_headers[i][0]; i++)
        MHD_add_response_header(r, fk_console_headers[i][0], fk_console_headers[i][1]);
    log_request(s, st);
    enum MHD_Result ok = MHD_queue_response(c, st->status, r);
    MHD_destroy_response(r);
    return ok;
}

/* ---- work done by the pools ---- */

/* The route for a method and path; *path_known says whether any route has the path. */
static const fk_route *find_route(const char *method, const char *url, char captured[4][128],
                                  int *ncap, bool *path_known)
{
    *path_known = false;
    const fk_route *tables[] = {fk_api_routes(), fk_console_routes()};
    for (size_t t = 0; t < 2; t++)
        for (const fk_route *r = tables[t]; r->method; r++) {
            if (!fk_http_route_match(r->pattern, url, captured, ncap))
                continue;
            *path_known = true;
            if (!strcmp(r->method, method))
                return r;
        }
    return NULL;
}

static json_t *parse_json_body(conn_state *st, fk_response *res)
{
    const char *ct =
        MHD_lookup_connection_value(st->conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
    if (!ct || (strncasecmp(ct, "application/json", 16) != 0 &&
                strncasecmp(ct, "application/taxii+json", 22) != 0)) {
        fk_http_error(res, 415, "Unsupported media type", "the body must be application/json");
        return NULL;
    }
    json_error_t je;
    json_t *body = json_loadb(st->body, st->len, 0, &je);
    if (!body)
        fk_http_error(res, 400, "Invalid JSON", "line %d, column %d: %s", je.line, je.column,
                      je.text);
    return body;
}

static void dispatch(fk_server *s, fk_db *db, conn_state *st, fk_response *res)
{
    char captured[4][128];
    const char *params[4];
    int ncap = 0;
    bool path_known;
    const fk_route *r = find_route(st->method, st->url, captured, &ncap, &path_known);
    res->content_type = error_media(st->url); /* handlers set their own for answers */
    if (!r) {
        if (path_known)
            fk_http_error(res, 405, "Method not allowed", "%s is not allowed on %s", st->method,
                          st->url);
        else
            fk_http_error(res, 404, "Not found", "no resource at %s", st->url);
        return;
    }
    bool console = r->flags & (FK_ROUTE_CONSOLE | FK_ROUTE_PUBLIC);
    json_t *body = NULL;
    if (r->body == FK_BODY_FORM && !(body = fk_form_parse(st->body, st->len))) {
        fk_http_error(res, 400, "Bad request", "the form could not be read");
        fk_console_error_page(res, st->has_session ? st->session.lang : NULL);
        return;
    }
    if (console &&
        !fk_console_request_ok(
            r, st->method, st->has_session ? &st->session : NULL, body,
            MHD_lookup_connection_value(st->conn, MHD_HEADER_KIND, "Sec-Fetch-Site"), res)) {
        json_decref(body);
        return; /* a change without the session's CSRF token, or from another site */
    }
    unsigned need = r->permission ? r->permission : FK_PERM_API;
    if (r->flags & FK_ROUTE_PUBLIC) {
        /* no credentials asked for */
    } else if (!fk_access_allows(r->action, st->who.role)) {
        fk_http_error(res, 403, "Forbidden", "%s may do this (%s)", fk_access_who(r->action),
                      fk_access_name(r->action));
    } else if (!(st->who.permissions & need)) {
        char want[32], have[32];
        fk_http_error(res, 403, "Forbidden",
                      "this credential may be used for %s, and this needs %s (a key's "
                      "permissions are chosen when it is created)",
                      fk_permissions_name(st->who.permissions, have),
                      fk_permissions_name(need, want));
    }
    if (res->status) {
        json_decref(body);
        if (console)
            fk_console_error_page(res, st->has_session ? st->session.lang : NULL);
        return;
    }
    if (r->body == FK_BODY_JSON && st->len > 0 && !(body = parse_json_body(st, res)))
        return;
    for (int i = 0; i < ncap; i++)
        params[i] = captured[i];
    fk_request req = {
        .method = st->method,
        .path = st->url,
        .params = params,
        .body = body,
        .raw = r->body == FK_BODY_RAW ? (st->body ? st->body : "") : NULL,
        .raw_len = r->body == FK_BODY_RAW ? st->len : 0,
        .who = &st->who,
        .db = db,
        .policy = s->cfg.policy,
        .max_body = s->cfg.max_body,
        .conn = st->conn,
        .monitor = s->cfg.monitor,
        .max_ingest_body = s->cfg.max_ingest_body,
        .session = st->has_session ? &st->session : NULL,
        .session_token = st->has_session ? st->token : NULL,
        .server = s,
        .addr = st->addr,
        .tls = s->cert != NULL,
    };
    res->status = 200;
    r->handler(&req, res);
    json_decref(body);
}

typedef struct {
    fk_server *s;
    pool *p;
} worker_arg;

static void sign_in(fk_server *s, fk_db *db, conn_state *st)
{
    fk_err err;
    char hash[192];
    int rc = fk_authenticate_password(db, st->account, st->secret, &st->who, hash, &err);
    time_t now = time(NULL);
    if (rc != 0)
        OPENSSL_cleanse(st->secret, sizeof st->secret);
    char key[320];
    snprintf(key, sizeof key, "a:%s", st->account);
    if (rc == 0) {
        fk_credcache_put(s->recent, st->account, st->secret, hash, now);
        OPENSSL_cleanse(st->secret, sizeof st->secret);
        fk_limiter_clear(s->by_account, key);
        snprintf(key, sizeof key, "p:%s|%s", st->addr, st->account);
        fk_limiter_fail(s->known_pairs, key, now);
        st->ph = PHASE_SIGNED_IN;
        return;
    }
    fk_limiter_fail(s->by_account, key, now);
    snprintf(key, sizeof key, "i:%s", st->addr);
    fk_limiter_fail(s->by_address, key, now);
    st->www_auth = true;
    refuse(st, 401, "Unauthorized", "a valid API key (Bearer) or Basic credentials are required");
    st->ph = PHASE_REFUSED;
}

static void *worker(void *arg)
{
    worker_arg *wa = arg;
    fk_server *s = wa->s;
    pool *p = wa->p;
    free(wa);
    fk_db *db = NULL;
    fk_err err;
    if (fk_db_open(&db, s->cfg.store, &err) != 0)
        fprintf(stderr, "fukurou hub: worker: %s\n", err.msg);
    else if (s->cfg.defer_checkpoints)
        fk_db_defer_checkpoints(db); /* a large import's commit is not also its checkpoint */
    conn_state *st;
    while ((st = pool_pop(p))) {
        if (!db) {
            refuse(st, 503, "Unavailable", "the hub cannot reach its database");
            st->ph = st->ph == PHASE_SIGNING_IN ? PHASE_REFUSED : PHASE_ANSWERED;
        } else if (st->ph == PHASE_SIGNING_IN) {
            sign_in(s, db, st);
        } else {
            fk_response res = {0};
            dispatch(s, db, st, &res);
            render(st, &res);
            st->ph = PHASE_ANSWERED;
            if (st->cap > (1u << 20)) { /* give a large body's memory back now */
                free(st->body);
                st->body = NULL;
                st->len = st->cap = 0;
                malloc_trim(0);
            }
        }
        MHD_resume_connection(st->conn);
    }
    fk_db_close(db);
    return NULL;
}

static int pool_start(fk_server *s, pool *p, size_t n, size_t max, fk_err *err)
{
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->cv, NULL);
    p->max = max;
    p->threads = calloc(n, sizeof *p->threads);
    if (!p->threads)
        return fk_errf(err, "out of memory");
    for (size_t i = 0; i < n; i++) {
        worker_arg *wa = malloc(sizeof *wa);
        if (!wa)
            return fk_errf(err, "out of memory");
        *wa = (worker_arg){s, p};
        if (pthread_create(&p->threads[i], NULL, worker, wa) != 0) {
            free(wa);
            return fk_errf(err, "cannot start a worker thread");
        }
        p->nthreads++;
    }
    return 0;
}

static void pool_stop(pool *p)
{
    if (!p->threads)
        return;
    pthread_mutex_lock(&p->mu);
    p->stopping = true;
    pthread_cond_broadcast(&p->cv);
    pthread_mutex_unlock(&p->mu);
    for (size_t i = 0; i < p->nthreads; i++)
        pthread_join(p->threads[i], NULL);
    free(p->threads);
    p->threads = NULL;
    pthread_cond_destroy(&p->cv);
    pthread_mutex_destroy(&p->mu);
}

/* ---- the loop ---- */

typedef struct {
    unsigned content_length, transfer_encoding;
} framing;

static enum MHD_Result count_framing(void *cls, enum MHD_ValueKind kind, const char *key,
                                     const char *value)
{
    (void)kind;
    (void)value;
    framing *f = cls;
    if (!strcasecmp(key, MHD_HTTP_HEADER_CONTENT_LENGTH))
        f->content_length++;
    else if (!strcasecmp(key, MHD_HTTP_HEADER_TRANSFER_ENCODING))
        f->transfer_encoding++;
    return MHD_YES;
}

static void client_address(struct MHD_Connection *c, char out[INET6_ADDRSTRLEN])
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    strcpy(out, "?");
    if (!ci || !ci->client_addr)
        return;
    const struct sockaddr *sa = ci->client_addr;
    if (sa->sa_family == AF_INET)
        inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, out, INET6_ADDRSTRLEN);
    else if (sa->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, out, INET6_ADDRSTRLEN);
}

/* What the loop decides from the headers alone; returns true when st holds an answer. */
static bool on_headers(fk_server *s, struct MHD_Connection *c, conn_state *st)
{
    framing f = {0, 0};
    MHD_get_connection_values(c, MHD_HEADER_KIND, count_framing, &f);
    if (f.content_length > 1 || (f.content_length && f.transfer_encoding)) {
        refuse(st, 400, "Bad request",
               "conflicting message framing: several Content-Length headers, or Content-Length "
               "with Transfer-Encoding");
        return true;
    }
    if (s->stopping) {
        refuse(st, 503, "Unavailable", "the hub is stopping");
        return true;
    }
    char captured[4][128];
    int ncap;
    bool known;
    const fk_route *route = find_route(st->method, st->url, captured, &ncap, &known);
    st->limit = route && route->body == FK_BODY_RAW ? s->cfg.max_ingest_body : s->cfg.max_body;
    const char *cl =
        MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
    unsigned long long declared = cl ? strtoull(cl, NULL, 10) : 0;
    if (declared > st->limit) {
        char desc[80];
        snprintf(desc, sizeof desc, "the request body exceeds %zu bytes", st->limit);
        refuse(st, 413, "Payload too large", desc);
        if (!MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Expect") &&
            declared - st->limit <= DRAIN_PAST_BOUND)
            st->ph = PHASE_DRAINING; /* answered once the body is read */
        return true;
    }
    fk_err err;
    if (route && (route->flags & (FK_ROUTE_CONSOLE | FK_ROUTE_PUBLIC))) {
        /* the console: the session cookie, never an Authorization header (a browser sends
         * it by itself, so it is not accepted by the API's routes either) */
        const char *cookie = MHD_lookup_connection_value(c, MHD_COOKIE_KIND, "fk_session");
        int sc = cookie ? fk_session_check(s->io_db, cookie, wall_ms(), s->cfg.session_idle_ms,
                                           &st->who, &st->session, &err)
                        : 1;
        if (sc < 0) {
            snprintf(st->retry_after, sizeof st->retry_after, "2");
            refuse(st, 503, "Unavailable", "the hub's database is unreachable; retry later");
            return true;
        }
        st->has_session = sc == 0;
        if (st->has_session)
            snprintf(st->token, sizeof st->token, "%s", cookie);
        if ((route->flags & FK_ROUTE_CONSOLE) && !st->has_session) {
            fk_response res = {0};
            fk_console_to_sign_in(&res, st->url);
            render(st, &res);
            st->close = true;
            return true;
        }
        st->ph = PHASE_RECEIVING;
        return false;
    }
    const char *h = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
    int rc = 1;
    if (h && !strncasecmp(h, "Bearer ", 7)) {
        rc = fk_authenticate_token(s->io_db, h + 7, &st->who, &err);
        if (rc < 0 && err.code == FK_ERR_BUSY) { /* not the key's fault: say so */
            snprintf(st->retry_after, sizeof st->retry_after, "2");
            refuse(st, 503, "Unavailable", "the hub's database is unreachable; retry later");
            return true;
        }
        rc = rc == 0 ? 0 : 1;
    } else if (h && !strncasecmp(h, "Basic ", 6) &&
               fk_http_basic_decode(h + 6, st->account, sizeof st->account, st->secret,
                                    sizeof st->secret) == 0) {
        if (!strncmp(st->secret, "fk_", 3)) { /* an API key given as the password */
            rc = fk_authenticate_token(s->io_db, st->secret, &st->who, &err) == 0 &&
                         !strcmp(st->who.account, st->account)
                     ? 0
                     : 1;
            OPENSSL_cleanse(st->secret, sizeof st->secret);
        } else {
            char key[320];
            time_t now = time(NULL);
            snprintf(key, sizeof key, "a:%s", st->account);
            unsigned wait = fk_limiter_wait(s->by_account, key, now);
            snprintf(key, sizeof key, "i:%s", st->addr);
            unsigned wait_addr = fk_limiter_wait(s->by_address, key, now);
            /* guessing from an address pauses it, except for the accounts that signed in
             * from there before (a colleague behind the same gateway keeps working);
             * guessing an account pauses that account everywhere */
            snprintf(key, sizeof key, "p:%s|%s", st->addr, st->account);
            if (wait_addr && fk_limiter_seen(s->known_pairs, key, now))
                wait_addr = 0;
            if (wait_addr > wait)
                wait = wait_addr;
            char hash[192];
            if (!wait &&
                fk_account_password_hash(s->io_db, st->account, &st->who, hash, &err) == 0 &&
                fk_credcache_check(s->recent, st->account, st->secret, hash, now)) {
                OPENSSL_cleanse(st->secret, sizeof st->secret);
                st->ph = PHASE_RECEIVING; /* the same password as a minute ago, still current */
                return false;
            }
            memset(&st->who, 0, sizeof st->who);
            if (wait) {
                OPENSSL_cleanse(st->secret, sizeof st->secret);
                snprintf(st->retry_after, sizeof st->retry_after, "%u", wait);
                refuse(st, 429, "Too many failed sign-ins",
                       "password sign-in is paused for this account or address; API keys still "
                       "work");
                return true;
            }
            if (!pool_has_room(&s->signin)) {
                OPENSSL_cleanse(st->secret, sizeof st->secret);
                snprintf(st->retry_after, sizeof st->retry_after, "5");
                refuse(st, 503, "Busy", "too many sign-ins are waiting; try again shortly");
                return true;
            }
            st->ph = PHASE_SIGNING_IN;
            MHD_suspend_connection(c);
            pool_push(&s->signin, st);
            return false;
        }
    }
    if (rc != 0) {
        st->www_auth = true;
        refuse(st, 401, "Unauthorized",
               "a valid API key (Bearer) or Basic credentials are required");
        return true;
    }
    st->ph = PHASE_RECEIVING;
    return false;
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
        st->conn = c;
        st->method = strdup(method);
        st->url = strdup(url);
        if (!st->method || !st->url)
            return MHD_NO;
        client_address(c, st->addr);
        if (on_headers(s, c, st)) {
            if (st->ph == PHASE_DRAINING)
                return MHD_YES;
            st->ph = PHASE_ANSWERED; /* later calls (a body we will not read) change nothing */
            return send_answer(s, c, st);
        }
        return MHD_YES;
    }
    switch (st->ph) {
    case PHASE_DRAINING:
        st->drained += *upload_size;
        if (*upload_size > 0 && st->drained <= st->limit + DRAIN_PAST_BOUND) {
            *upload_size = 0;
            return MHD_YES;
        }
        *upload_size = 0; /* the whole body read, or too much of it: answer now */
        st->ph = PHASE_ANSWERED;
        return send_answer(s, c, st);
    case PHASE_REFUSED:
    case PHASE_ANSWERED:
        *upload_size = 0; /* a body sent anyway is dropped, not kept */
        return st->sent ? MHD_YES : send_answer(s, c, st);
    case PHASE_SIGNED_IN: st->ph = PHASE_RECEIVING; return MHD_YES;
    case PHASE_RECEIVING: break;
    default: return MHD_YES; /* suspended phases are not called */
    }
    if (*upload_size > 0) {
        if (st->len + *upload_size > st->limit) { /* chunked bodies have no length */
            st->drained = st->len + *upload_size;
            *upload_size = 0;
            free(st->body); /* refused: what was kept of it is not needed while draining */
            st->body = NULL;
            st->len = st->cap = 0;
            char desc[80];
            snprintf(desc, sizeof desc, "the request body exceeds %zu bytes", st->limit);
            refuse(st, 413, "Payload too large", desc);
            st->ph = PHASE_DRAINING;
            return MHD_YES;
        }
        if (st->len + *upload_size > st->cap) {
            size_t ncap = (st->len + *upload_size) * 2;
            if (ncap > st->limit)
                ncap = st->limit;
            char *nb = realloc(st->body, ncap);
            if (!nb)
                return MHD_NO;
            st->body = nb;
            st->cap = ncap;
        }
        memcpy(st->body + st->len, upload, *upload_size);
        st->len += *upload_size;
        *upload_size = 0;
        return MHD_YES;
    }
    /* the whole request is in: a request thread answers it */
    st->ph = PHASE_HANDLING;
    MHD_suspend_connection(c);
    pool_push(&s->requests, st);
    return MHD_YES;
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    (void)cls;
    (void)c;
    (void)toe;
    conn_state *st = *con_cls;
    if (st) {
        OPENSSL_cleanse(st->secret, sizeof st->secret);
        free(st->body);
        free(st->answer);
        free(st->method);
        free(st->url);
        free(st);
    }
    *con_cls = NULL;
}

/* Percent-decoding of the path and query, except bytes below 0x20 and 0x7f: "%00" would
 * cut the path short (so "/api/v1/me%00/x" answered as /api/v1/me) and "%0a" would
 * write new lines into logs. They stay escaped, so such a path names no resource. */
static size_t unescape(void *cls, struct MHD_Connection *c, char *s)
{
    (void)cls;
    (void)c;
    char *w = s;
    for (const char *r = s; *r;) {
        int hi, lo;
        if (r[0] == '%' && (hi = fk_hexval(r[1])) >= 0 && (lo = fk_hexval(r[2])) >= 0 &&
            hi * 16 + lo >= 0x20 && hi * 16 + lo != 0x7f) {
            *w++ = (char)(hi * 16 + lo);
            r += 3;
        } else {
            *w++ = *r++;
        }
    }
    *w = '\0';
    return (size_t)(w - s);
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

int fk_server_start(fk_server **out, const fk_server_config *cfg, fk_err *err)
{
    *out = NULL;
    fk_server *s = calloc(1, sizeof *s);
    if (!s)
        return fk_errf(err, "out of memory");
    s->cfg = *cfg;
    if (!s->cfg.max_body)
        s->cfg.max_body = 10u << 20;
    if (!s->cfg.max_ingest_body)
        s->cfg.max_ingest_body = 32u << 20;
    if (!s->cfg.max_connections)
        s->cfg.max_connections = 16384;
    if (!s->cfg.max_per_address)
        s->cfg.max_per_address = 256;
    if (!s->cfg.workers)
        s->cfg.workers = 4;
    if (s->cfg.session_ttl_ms <= 0)
        s->cfg.session_ttl_ms = 8 * 3600 * 1000LL;
    if (s->cfg.session_idle_ms <= 0)
        s->cfg.session_idle_ms = 3600 * 1000LL;
    if (!s->cfg.policy) {
        fk_hub_policy_defaults(&s->default_policy);
        s->cfg.policy = &s->default_policy;
    }
    if (!s->cfg.store) {
        free(s);
        return fk_errf(err, "no store given (a data folder or postgres://…)");
    }
    /* Few malloc arenas for the threads, so that the memory of a large request, trimmed
     * after it (see worker), is not kept in one arena per thread. The mmap threshold
     * stays dynamic: fixing it low made every argon2id check (19 MiB) map and fault in
     * fresh pages, three times slower (84 ms instead of 26 ms here). */
    mallopt(M_ARENA_MAX, 4);
    struct sockaddr_storage ss;
    bool v6 = false;
    if (parse_listen(cfg->listen ? cfg->listen : "127.0.0.1:8080", &ss, &v6, err) != 0) {
        free(s);
        return -1;
    }
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG |
                     MHD_ALLOW_SUSPEND_RESUME | (v6 ? MHD_USE_IPv6 : 0);
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
    /* Sign-ins: at most 10 failures per account and 30 per address in 10 minutes. */
    s->by_account = fk_limiter_new(10, 600);
    s->by_address = fk_limiter_new(30, 600);
    s->known_pairs = fk_limiter_new(1, 86400);
    s->recent = fk_credcache_new();
    if (!s->by_account || !s->by_address || !s->known_pairs || !s->recent) {
        fk_server_stop(s);
        return fk_errf(err, "out of memory");
    }
    if (fk_db_open(&s->io_db, s->cfg.store, err) != 0 ||
        pool_start(s, &s->signin, 1, 64, err) != 0 ||
        pool_start(s, &s->requests, s->cfg.workers, 0, err) != 0) {
        fk_server_stop(s);
        return -1;
    }
    s->daemon = MHD_start_daemon(
        flags, 0, NULL, NULL, on_request, s, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, s, MHD_OPTION_UNESCAPE_CALLBACK, unescape, s,
        MHD_OPTION_CONNECTION_LIMIT, s->cfg.max_connections, MHD_OPTION_PER_IP_CONNECTION_LIMIT,
        s->cfg.max_per_address, MHD_OPTION_CONNECTION_TIMEOUT, 60u,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)64 * 1024,
        s->cert ? MHD_OPTION_HTTPS_MEM_CERT : MHD_OPTION_END, s->cert, MHD_OPTION_HTTPS_MEM_KEY,
        s->key, MHD_OPTION_END);
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
    /* New requests are refused; queued ones are answered, which resumes them, before
     * the loop stops (it must not stop with connections suspended). */
    s->stopping = true;
    pool_stop(&s->signin);
    pool_stop(&s->requests);
    if (s->daemon)
        MHD_stop_daemon(s->daemon);
    fk_db_close(s->io_db);
    fk_limiter_free(s->by_account);
    fk_limiter_free(s->by_address);
    fk_limiter_free(s->known_pairs);
    fk_credcache_free(s->recent);
    free(s->cert);
    free(s->key);
    free(s);
}

/* ---- the console's sign-in, under the API's limits ---- */

unsigned fk_server_signin_wait(fk_server *s, const char *account, const char *addr)
{
    char key[320];
    time_t now = time(NULL);
    snprintf(key, sizeof key, "a:%s", account);
    unsigned wait = fk_limiter_wait(s->by_account, key, now);
    snprintf(key, sizeof key, "i:%s", addr);
    unsigned wait_addr = fk_limiter_wait(s->by_address, key, now);
    snprintf(key, sizeof key, "p:%s|%s", addr, account);
    if (wait_addr && fk_limiter_seen(s->known_pairs, key, now))
        wait_addr = 0; /* as for passwords over the API: see on_headers */
    return wait_addr > wait ? wait_addr : wait;
}

void fk_server_signin_done(fk_server *s, const char *account, const char *addr, bool ok)
{
    char key[320];
    time_t now = time(NULL);
    snprintf(key, sizeof key, "a:%s", account);
    if (ok) {
        fk_limiter_clear(s->by_account, key);
        snprintf(key, sizeof key, "p:%s|%s", addr, account);
        fk_limiter_fail(s->known_pairs, key, now);
        return;
    }
    fk_limiter_fail(s->by_account, key, now);
    snprintf(key, sizeof key, "i:%s", addr);
    fk_limiter_fail(s->by_address, key, now);
}

int64_t fk_server_session_ttl(const fk_server *s)
{
    return s->cfg.session_ttl_ms;
}

const fk_mail_config *fk_server_mail(const fk_server *s)
{
    return &s->cfg.mail;
}

const char *fk_server_public_url(const fk_server *s, const fk_request *req, char *buf, size_t cap)
{
    if (s->cfg.public_url && *s->cfg.public_url) {
        snprintf(buf, cap, "%s", s->cfg.public_url);
    } else {
        /* a host name, an address or [v6] with a port: anything else is not used */
        const char *host = fk_http_header(req, "Host");
        if (!host || !*host || strlen(host) > 255 ||
            strspn(host, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:[]") !=
                strlen(host))
            host = s->cfg.listen;
        snprintf(buf, cap, "%s://%s", req->tls ? "https" : "http", host);
    }
    size_t n = strlen(buf);
    while (n && buf[n - 1] == '/')
        buf[--n] = '\0';
    return buf;
}
