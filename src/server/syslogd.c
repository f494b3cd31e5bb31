#include "syslogd.h"

#include "../core/netaddr.h"
#include "../core/sbuf.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* A message longer than this is cut (RFC 5425 asks receivers to take at least 2 KiB;
 * rsyslog's default is 8 KiB). */
#define MAX_MESSAGE     (64 * 1024)
#define MAX_CONNECTIONS 1024

typedef struct {
    fk_ip net;
    int prefix;
    char org[128];
} source_rule;

enum { KIND_TLS, KIND_TCP, KIND_UDP, KINDS };
static const char *const kind_names[KINDS] = {"tls", "tcp", "udp"};

struct fk_syslogd {
    fk_syslogd_config cfg;
    SSL_CTX *ctx;
    source_rule *rules;
    size_t nrules;
    int fd[KINDS];
    unsigned port[KINDS];
    pthread_t thread[KINDS];
    bool started[KINDS];
    atomic_bool stopping;
    pthread_mutex_t mu; /* guards the connection list */
    struct conn *conns[MAX_CONNECTIONS];
    size_t nconns;
    atomic_ullong seq;
};

/* One sender's batch being gathered. */
typedef struct {
    fk_syslogd *s;
    fk_db *db;
    fk_principal who;
    char source[64];
    fk_sbuf buf;
    size_t lines;
    struct timespec first;
} gatherer;

typedef struct conn {
    fk_syslogd *s;
    int fd;
    SSL *ssl;
    pthread_t thread;
    atomic_bool done;
    char peer[FK_IP_STRLEN];
    fk_ip addr;
} conn;

static void say(const fk_syslogd *s, const char *fmt, const char *a, const char *b)
{
    if (!s->cfg.quiet) {
        fprintf(stderr, "fukurou syslog: ");
        fprintf(stderr, fmt, a, b);
        fputc('\n', stderr);
    }
}

static int64_t elapsed_ms(const struct timespec *since)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (int64_t)(now.tv_sec - since->tv_sec) * 1000 + (now.tv_nsec - since->tv_nsec) / 1000000;
}

/* ---- who is sending ---- */

static bool in_net(const fk_ip *ip, const source_rule *r)
{
    if (ip->family != r->net.family)
        return false;
    fk_ip masked = *ip;
    fk_ip_mask(&masked, r->prefix);
    return !memcmp(masked.b, r->net.b, sizeof masked.b);
}

/* The organisation of a source address (longest prefix wins), or NULL. */
static const char *org_of_address(const fk_syslogd *s, const fk_ip *ip)
{
    const source_rule *best = NULL;
    for (size_t i = 0; i < s->nrules; i++)
        if (in_net(ip, &s->rules[i]) && (!best || s->rules[i].prefix > best->prefix))
            best = &s->rules[i];
    return best ? best->org : NULL;
}

/* Acting for an organisation without an account: as a member-reporter of it, so the
 * ingest use case's rule (a member sends as itself) holds for syslog too. */
static int principal_for(fk_db *db, const char *org, fk_principal *who, fk_err *err)
{
    memset(who, 0, sizeof *who);
    int rc = fk_org_find(db, org, &who->org_id, who->sector, err);
    if (rc != 0)
        return rc < 0 ? -1 : fk_errf(err, "no organisation named '%s'", org);
    snprintf(who->org, sizeof who->org, "%s", org);
    snprintf(who->account, sizeof who->account, "syslog");
    who->role = FK_ROLE_MEMBER_REPORTER;
    who->permissions = FK_PERM_INGEST;
    return 0;
}

/* ---- batches ---- */

static void flush(gatherer *g)
{
    if (!g->lines)
        return;
    char key[96];
    snprintf(key, sizeof key, "syslog:%lld:%llu", (long long)time(NULL),
             (unsigned long long)atomic_fetch_add(&g->s->seq, 1));
    fk_ingest_request rq = {.batch_key = key,
                            .source = g->source,
                            .format = "syslog",
                            .body = g->buf.p,
                            .len = g->buf.len};
    fk_ingest_result res;
    fk_err err;
    /* under backpressure the sender waits (TCP stops being read); nothing is dropped */
    for (int tries = 0;; tries++) {
        int rc = fk_monitor_ingest(g->s->cfg.monitor, g->db, &g->who, &rq, &res, &err);
        fk_ingest_result_free(&res);
        if (rc == 0)
            break;
        if (err.code != FK_ERR_BUSY || atomic_load(&g->s->stopping) || tries > 600) {
            say(g->s, "%s: a batch was not stored: %s", g->source, err.msg);
            break;
        }
        usleep(100000);
    }
    g->buf.len = 0;
    if (g->buf.p)
        g->buf.p[0] = '\0';
    g->lines = 0;
}

/* Adds one message as a line: line breaks inside it become spaces (one line, one
 * event), a cut message is kept cut. */
static void add(gatherer *g, const char *msg, size_t n)
{
    while (n && (msg[n - 1] == '\r' || msg[n - 1] == '\n' || msg[n - 1] == '\0'))
        n--;
    if (!n)
        return;
    if (!g->lines)
        clock_gettime(CLOCK_MONOTONIC, &g->first);
    size_t at = g->buf.len;
    if (fk_sbuf_put(&g->buf, msg, n) != 0 || fk_sbuf_put(&g->buf, "\n", 1) != 0) {
        flush(g); /* memory is short: what is held goes now */
        return;
    }
    for (size_t i = at; i < at + n; i++)
        if (g->buf.p[i] == '\n' || g->buf.p[i] == '\r' || g->buf.p[i] == '\0')
            g->buf.p[i] = ' ';
    if (++g->lines >= g->s->cfg.batch_lines)
        flush(g);
}

/* ---- TCP and TLS connections ---- */

static ssize_t conn_read(conn *c, char *buf, size_t cap)
{
    if (!c->ssl)
        return recv(c->fd, buf, cap, 0);
    int n = SSL_read(c->ssl, buf, (int)cap);
    if (n > 0)
        return n;
    int e = SSL_get_error(c->ssl, n);
    return e == SSL_ERROR_ZERO_RETURN ? 0 : -1;
}

/* The client certificate's common name names the organisation. */
static int tls_org(conn *c, char org[128])
{
    X509 *cert = SSL_get1_peer_certificate(c->ssl);
    if (!cert)
        return -1;
    X509_NAME *name = X509_get_subject_name(cert);
    int len = X509_NAME_get_text_by_NID(name, NID_commonName, org, 128);
    X509_free(cert);
    return len > 0 ? 0 : -1;
}

static void *conn_main(void *arg)
{
    conn *c = arg;
    fk_syslogd *s = c->s;
    gatherer g = {.s = s};
    snprintf(g.source, sizeof g.source, "syslog/%s", c->peer);
    fk_err err;
    char org[128];
    const char *o = NULL;
    if (c->ssl) {
        if (SSL_accept(c->ssl) != 1) {
            say(s, "%s: TLS handshake failed (%s)", c->peer,
                ERR_reason_error_string(ERR_peek_last_error())
                    ? ERR_reason_error_string(ERR_peek_last_error())
                    : "no client certificate?");
            goto out;
        }
        if (tls_org(c, org) == 0)
            o = org;
    } else {
        o = org_of_address(s, &c->addr);
    }
    if (!o) {
        say(s, "%s: no organisation for this sender (%s)", c->peer,
            c->ssl ? "no common name in its certificate" : "not in syslog_sources");
        goto out;
    }
    if (fk_db_open(&g.db, s->cfg.store, &err) != 0 || principal_for(g.db, o, &g.who, &err) != 0) {
        say(s, "%s: %s", c->peer, err.msg);
        goto out;
    }
    char *buf = malloc(MAX_MESSAGE + 64);
    size_t have = 0;
    int framing = 0; /* 0 unknown, 1 octet counting, 2 LF */
    while (buf && !atomic_load(&s->stopping)) {
        int wait = s->cfg.flush_ms;
        if (g.lines)
            wait = (int)(s->cfg.flush_ms - elapsed_ms(&g.first));
        if (wait <= 0) {
            flush(&g);
            continue;
        }
        if (!(c->ssl && SSL_pending(c->ssl))) {
            struct pollfd p = {c->fd, POLLIN, 0};
            int r = poll(&p, 1, wait);
            if (r == 0)
                continue; /* the timer above flushes */
            if (r < 0 && errno != EINTR)
                break;
        }
        ssize_t n = conn_read(c, buf + have, MAX_MESSAGE + 64 - have);
        if (n <= 0)
            break;
        have += (size_t)n;
        /* take every whole message in the buffer */
        size_t at = 0;
        for (;;) {
            while (at < have && framing == 0 && (buf[at] == '\n' || buf[at] == '\r'))
                at++;
            if (at >= have)
                break;
            if (!framing)
                framing = buf[at] >= '1' && buf[at] <= '9' ? 1 : 2;
            if (framing == 1) {
                size_t i = at, len = 0;
                while (i < have && buf[i] >= '0' && buf[i] <= '9' && len < 10000000)
                    len = len * 10 + (size_t)(buf[i++] - '0');
                if (i == have)
                    break;                       /* the length is not complete yet */
                if (buf[i] != ' ' || len == 0) { /* not octet counting after all */
                    framing = 2;
                    continue;
                }
                size_t take = len > MAX_MESSAGE ? MAX_MESSAGE : len;
                if (have - (i + 1) < take)
                    break;
                add(&g, buf + i + 1, take);
                /* the rest of an over-long message is skipped as it arrives */
                at = i + 1 + take;
                if (len > take) {
                    size_t skip = len - take;
                    while (skip && !atomic_load(&s->stopping)) {
                        size_t avail = have - at;
                        size_t d = avail < skip ? avail : skip;
                        at += d;
                        skip -= d;
                        if (skip) {
                            have = at = 0;
                            ssize_t m = conn_read(c, buf, MAX_MESSAGE);
                            if (m <= 0)
                                goto closed;
                            have = (size_t)m;
                        }
                    }
                }
            } else {
                char *nl = memchr(buf + at, '\n', have - at);
                if (!nl) {
                    if (have - at >= MAX_MESSAGE) { /* a line without end: cut it */
                        add(&g, buf + at, MAX_MESSAGE);
                        at += MAX_MESSAGE;
                    }
                    break;
                }
                add(&g, buf + at, (size_t)(nl - (buf + at)));
                at = (size_t)(nl - buf) + 1;
            }
        }
        memmove(buf, buf + at, have - at);
        have -= at;
    }
closed:
    if (buf && have && framing == 2)
        add(&g, buf, have); /* a last line without its LF */
    free(buf);
    flush(&g);
out:
    fk_sbuf_free(&g.buf);
    fk_db_close(g.db);
    if (c->ssl) {
        SSL_shutdown(c->ssl);
        SSL_free(c->ssl);
    }
    close(c->fd);
    atomic_store(&c->done, true);
    return NULL;
}

/* Joins connections that ended; with all, waits for every one. */
static void reap(fk_syslogd *s, bool all)
{
    pthread_mutex_lock(&s->mu);
    size_t w = 0;
    for (size_t i = 0; i < s->nconns; i++) {
        conn *c = s->conns[i];
        if (all || atomic_load(&c->done)) {
            if (all)
                shutdown(c->fd, SHUT_RDWR);
            pthread_mutex_unlock(&s->mu);
            pthread_join(c->thread, NULL);
            pthread_mutex_lock(&s->mu);
            free(c);
        } else {
            s->conns[w++] = c;
        }
    }
    s->nconns = w;
    pthread_mutex_unlock(&s->mu);
}

static void *accept_main(void *arg)
{
    fk_syslogd *s = ((void **)arg)[0];
    int kind = (int)(intptr_t)((void **)arg)[1];
    free(arg);
    while (!atomic_load(&s->stopping)) {
        struct sockaddr_storage sa;
        socklen_t sl = sizeof sa;
        int fd = accept(s->fd[kind], (struct sockaddr *)&sa, &sl);
        if (fd < 0) {
            if (errno == EINTR || errno == ECONNABORTED)
                continue;
            break; /* the socket was shut down */
        }
        reap(s, false);
        conn *c = calloc(1, sizeof *c);
        pthread_mutex_lock(&s->mu);
        bool room = s->nconns < MAX_CONNECTIONS;
        pthread_mutex_unlock(&s->mu);
        if (!c || !room) {
            free(c);
            close(fd);
            continue;
        }
        c->s = s;
        c->fd = fd;
        atomic_init(&c->done, false);
        char host[FK_IP_STRLEN] = "?";
        if (sa.ss_family == AF_INET)
            inet_ntop(AF_INET, &((struct sockaddr_in *)&sa)->sin_addr, host, sizeof host);
        else if (sa.ss_family == AF_INET6)
            inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&sa)->sin6_addr, host, sizeof host);
        fk_ip_parse(host, strlen(host), &c->addr);
        fk_ip_format(&c->addr, c->peer);
        if (kind == KIND_TLS && (!(c->ssl = SSL_new(s->ctx)) || SSL_set_fd(c->ssl, fd) != 1)) {
            SSL_free(c->ssl);
            close(fd);
            free(c);
            continue;
        }
        pthread_mutex_lock(&s->mu);
        if (pthread_create(&c->thread, NULL, conn_main, c) == 0) {
            s->conns[s->nconns++] = c;
        } else {
            SSL_free(c->ssl);
            close(fd);
            free(c);
        }
        pthread_mutex_unlock(&s->mu);
    }
    return NULL;
}

/* ---- UDP: one datagram, one message; batches per sending organisation ---- */

static void *udp_main(void *arg)
{
    fk_syslogd *s = arg;
    fk_db *db = NULL;
    fk_err err;
    if (fk_db_open(&db, s->cfg.store, &err) != 0) {
        say(s, "udp: %s%s", err.msg, "");
        return NULL;
    }
    enum { MAX_SENDERS = 64 };
    gatherer g[MAX_SENDERS];
    size_t ng = 0;
    char *buf = malloc(MAX_MESSAGE);
    while (buf && !atomic_load(&s->stopping)) {
        struct pollfd p = {s->fd[KIND_UDP], POLLIN, 0};
        int r = poll(&p, 1, 100);
        for (size_t i = 0; i < ng; i++)
            if (g[i].lines && elapsed_ms(&g[i].first) >= s->cfg.flush_ms)
                flush(&g[i]);
        if (r <= 0)
            continue;
        struct sockaddr_storage sa;
        socklen_t sl = sizeof sa;
        ssize_t n = recvfrom(s->fd[KIND_UDP], buf, MAX_MESSAGE, 0, (struct sockaddr *)&sa, &sl);
        if (n <= 0)
            continue;
        char host[FK_IP_STRLEN] = "?";
        if (sa.ss_family == AF_INET)
            inet_ntop(AF_INET, &((struct sockaddr_in *)&sa)->sin_addr, host, sizeof host);
        else if (sa.ss_family == AF_INET6)
            inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&sa)->sin6_addr, host, sizeof host);
        fk_ip ip;
        fk_ip_parse(host, strlen(host), &ip);
        const char *org = org_of_address(s, &ip);
        if (!org)
            continue; /* a stranger's datagram: nothing to answer, nothing to keep */
        size_t i = 0;
        while (i < ng && strcmp(g[i].who.org, org) != 0)
            i++;
        if (i == ng) {
            if (ng == MAX_SENDERS)
                continue;
            g[ng] = (gatherer){.s = s, .db = db};
            if (principal_for(db, org, &g[ng].who, &err) != 0) {
                say(s, "udp: %s%s", err.msg, "");
                continue;
            }
            snprintf(g[ng].source, sizeof g[ng].source, "syslog-udp/%s", org);
            ng++;
        }
        add(&g[i], buf, (size_t)n);
    }
    for (size_t i = 0; i < ng; i++) {
        flush(&g[i]);
        fk_sbuf_free(&g[i].buf);
    }
    free(buf);
    fk_db_close(db);
    return NULL;
}

/* ---- start and stop ---- */

static int bind_to(const char *spec, int type, int *fd, unsigned *port, fk_err *err)
{
    char host[256];
    const char *colon = strrchr(spec, ':');
    if (!colon || colon == spec || (size_t)(colon - spec) >= sizeof host)
        return fk_errf(err, "syslog listen address '%s': expected HOST:PORT", spec);
    snprintf(host, sizeof host, "%.*s", (int)(colon - spec), spec);
    if (host[0] == '[' && host[strlen(host) - 1] == ']') {
        memmove(host, host + 1, strlen(host));
        host[strlen(host) - 1] = '\0';
    }
    struct addrinfo hints = {.ai_socktype = type, .ai_flags = AI_NUMERICHOST | AI_PASSIVE}, *ai;
    if (getaddrinfo(host, colon + 1, &hints, &ai) != 0)
        return fk_errf(err, "syslog listen address '%s': not an address and port", spec);
    *fd = socket(ai->ai_family, ai->ai_socktype, 0);
    int one = 1;
    if (*fd >= 0)
        setsockopt(*fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    int rc = *fd < 0 || bind(*fd, ai->ai_addr, ai->ai_addrlen) != 0 ||
             (type == SOCK_STREAM && listen(*fd, 128) != 0);
    freeaddrinfo(ai);
    if (rc) {
        int e = errno;
        if (*fd >= 0)
            close(*fd);
        *fd = -1;
        return fk_errf(err, "syslog: cannot listen on %s: %s", spec, strerror(e));
    }
    struct sockaddr_storage sa;
    socklen_t sl = sizeof sa;
    getsockname(*fd, (struct sockaddr *)&sa, &sl);
    *port = ntohs(sa.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&sa)->sin6_port
                                           : ((struct sockaddr_in *)&sa)->sin_port);
    return 0;
}

static int tls_context(fk_syslogd *s, fk_err *err)
{
    const fk_syslogd_config *c = &s->cfg;
    if (!c->cert || !c->key || !c->ca)
        return fk_errf(err, "syslog over TLS needs a certificate, its key and the members' CA");
    s->ctx = SSL_CTX_new(TLS_server_method());
    if (!s->ctx)
        return fk_errc(err, FK_ERR_NOMEM, "out of memory");
    SSL_CTX_set_min_proto_version(s->ctx, TLS1_2_VERSION);
    if (SSL_CTX_use_certificate_chain_file(s->ctx, c->cert) != 1)
        return fk_errf(err, "syslog: %s: cannot load the certificate", c->cert);
    if (SSL_CTX_use_PrivateKey_file(s->ctx, c->key, SSL_FILETYPE_PEM) != 1)
        return fk_errf(err, "syslog: %s: cannot load the key (or it does not fit)", c->key);
    if (SSL_CTX_load_verify_locations(s->ctx, c->ca, NULL) != 1)
        return fk_errf(err, "syslog: %s: cannot load the CA", c->ca);
    /* the client certificate is what names the member: required and verified */
    SSL_CTX_set_verify(s->ctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, NULL);
    return 0;
}

static int parse_sources(fk_syslogd *s, fk_err *err)
{
    s->rules = calloc(s->cfg.nsources + 1, sizeof *s->rules);
    if (!s->rules)
        return fk_errc(err, FK_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < s->cfg.nsources; i++) {
        const char *v = s->cfg.sources[i], *eq = strchr(v, '=');
        source_rule *r = &s->rules[s->nrules];
        if (!eq || !eq[1] || strlen(eq + 1) >= sizeof r->org ||
            !fk_cidr_parse(v, (size_t)(eq - v), &r->net, &r->prefix))
            return fk_errf(err, "syslog source '%s': expected CIDR=ORGANISATION", v);
        fk_ip_mask(&r->net, r->prefix);
        snprintf(r->org, sizeof r->org, "%s", eq + 1);
        s->nrules++;
    }
    return 0;
}

int fk_syslogd_start(fk_syslogd **out, const fk_syslogd_config *cfg, fk_err *err)
{
    *out = NULL;
    fk_syslogd *s = calloc(1, sizeof *s);
    if (!s)
        return fk_errc(err, FK_ERR_NOMEM, "out of memory");
    s->cfg = *cfg;
    if (!s->cfg.batch_lines)
        s->cfg.batch_lines = 1000;
    if (s->cfg.flush_ms <= 0)
        s->cfg.flush_ms = 1000;
    pthread_mutex_init(&s->mu, NULL);
    atomic_init(&s->stopping, false);
    atomic_init(&s->seq, 0);
    for (int k = 0; k < KINDS; k++)
        s->fd[k] = -1;
    const char *addr[KINDS] = {cfg->tls, cfg->tcp, cfg->udp};
    int rc = parse_sources(s, err);
    if (rc == 0 && cfg->tls)
        rc = tls_context(s, err);
    for (int k = 0; rc == 0 && k < KINDS; k++) {
        if (!addr[k])
            continue;
        rc =
            bind_to(addr[k], k == KIND_UDP ? SOCK_DGRAM : SOCK_STREAM, &s->fd[k], &s->port[k], err);
        if (rc != 0)
            break;
        void **arg = k == KIND_UDP ? NULL : malloc(2 * sizeof *arg);
        if (arg) {
            arg[0] = s;
            arg[1] = (void *)(intptr_t)k;
        }
        if (k != KIND_UDP && !arg)
            rc = fk_errc(err, FK_ERR_NOMEM, "out of memory");
        else if (pthread_create(&s->thread[k], NULL, k == KIND_UDP ? udp_main : accept_main,
                                k == KIND_UDP ? (void *)s : (void *)arg) != 0) {
            free(arg);
            rc = fk_errf(err, "syslog: cannot start a thread");
        } else {
            s->started[k] = true;
        }
    }
    if (rc != 0) {
        fk_syslogd_stop(s);
        return -1;
    }
    *out = s;
    return 0;
}

unsigned fk_syslogd_port(const fk_syslogd *s, const char *kind)
{
    for (int k = 0; s && k < KINDS; k++)
        if (!strcmp(kind, kind_names[k]))
            return s->port[k];
    return 0;
}

void fk_syslogd_stop(fk_syslogd *s)
{
    if (!s)
        return;
    atomic_store(&s->stopping, true);
    for (int k = 0; k < KINDS; k++)
        if (s->fd[k] >= 0)
            shutdown(s->fd[k], SHUT_RDWR);
    for (int k = 0; k < KINDS; k++)
        if (s->started[k])
            pthread_join(s->thread[k], NULL);
    reap(s, true);
    for (int k = 0; k < KINDS; k++)
        if (s->fd[k] >= 0)
            close(s->fd[k]);
    SSL_CTX_free(s->ctx);
    free(s->rules);
    pthread_mutex_destroy(&s->mu);
    free(s);
}
