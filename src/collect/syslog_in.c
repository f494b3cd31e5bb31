/* The collector's syslog listener (see syslog_in.h).
 *
 * One thread polls every socket. Each message becomes one line: newlines inside an
 * octet-counted message become spaces, so that a batch stays one message per line.
 * The buffer between the thread and the collector holds whole lines only; its bound is
 * what keeps memory fixed when the spool is full or the hub slow. */
#include "syslog_in.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#define MAX_CONNS 256

typedef struct conn {
    int fd;
    char *buf;
    size_t len, cap;
} conn;

struct fk_syslog_in {
    fk_syslog_in_opts o;
    int udp, tcp, ux; /* -1: not listening */
    int wake[2];      /* a pipe that ends the thread */
    conn conns[MAX_CONNS];
    size_t nconns;
    pthread_t th;
    bool started;
    pthread_mutex_t mu;
    char *out; /* whole lines for the collector */
    size_t out_len;
    uint64_t out_lines;
    bool room_short; /* the last take left lines for want of room */
    fk_syslog_in_stats st;
    char *dgram;
};

static int bind_inet(const char *spec, int type, fk_err *err)
{
    char host[256];
    const char *colon = strrchr(spec, ':');
    if (!colon || colon == spec || strlen(spec) >= sizeof host)
        return fk_errf(err, "syslog: '%s': expected ADDRESS:PORT", spec);
    size_t hl = (size_t)(colon - spec);
    memcpy(host, spec, hl);
    host[hl] = '\0';
    if (host[0] == '[' && hl > 2 && host[hl - 1] == ']') {
        memmove(host, host + 1, hl - 2);
        host[hl - 2] = '\0';
    }
    struct addrinfo hints = {.ai_socktype = type,
                             .ai_flags = AI_PASSIVE | AI_NUMERICHOST | AI_NUMERICSERV},
                    *ai;
    if (getaddrinfo(host, colon + 1, &hints, &ai) != 0)
        return fk_errf(err, "syslog: '%s': expected a numeric address and port", spec);
    int fd = socket(ai->ai_family, type | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    int one = 1;
    if (fd >= 0)
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (fd < 0 || bind(fd, ai->ai_addr, ai->ai_addrlen) != 0 ||
        (type == SOCK_STREAM && listen(fd, 64) != 0)) {
        int e = errno;
        if (fd >= 0)
            close(fd);
        freeaddrinfo(ai);
        return fk_errf(err, "syslog: cannot listen on %s (%s): %s", spec,
                       type == SOCK_STREAM ? "tcp" : "udp", strerror(e));
    }
    freeaddrinfo(ai);
    if (type == SOCK_DGRAM) { /* room for bursts while the collector is busy */
        int rcvbuf = 4 << 20;
        setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf);
    }
    return fd;
}

static int bind_unix(const char *path, fk_err *err)
{
    struct sockaddr_un a = {.sun_family = AF_UNIX};
    if (strlen(path) >= sizeof a.sun_path)
        return fk_errf(err, "syslog: unix socket path '%s' is too long", path);
    strcpy(a.sun_path, path);
    unlink(path); /* a socket left by an earlier run */
    int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof a) != 0) {
        int e = errno;
        if (fd >= 0)
            close(fd);
        return fk_errf(err, "syslog: cannot listen on %s: %s", path, strerror(e));
    }
    return fd;
}

/* Adds one message as a line; false when the buffer is full. */
static bool push(fk_syslog_in *s, const char *m, size_t n)
{
    while (n && (m[n - 1] == '\n' || m[n - 1] == '\r' || m[n - 1] == '\0'))
        n--;
    if (!n)
        return true;
    bool cut = n > s->o.max_line;
    if (cut)
        n = s->o.max_line;
    pthread_mutex_lock(&s->mu);
    bool room = s->out_len + n + 1 <= s->o.max_buffer;
    if (room) {
        char *d = s->out + s->out_len;
        for (size_t i = 0; i < n; i++)
            d[i] = m[i] == '\n' || m[i] == '\r' ? ' ' : m[i];
        d[n] = '\n';
        s->out_len += n + 1;
        s->out_lines++;
        s->st.messages++;
        s->st.bytes += n;
        s->st.cut += cut;
    }
    pthread_mutex_unlock(&s->mu);
    return room;
}

static bool buffer_full(fk_syslog_in *s)
{
    pthread_mutex_lock(&s->mu);
    bool full = s->out_len + s->o.max_line + 1 > s->o.max_buffer;
    pthread_mutex_unlock(&s->mu);
    return full;
}

static void drop_conn(fk_syslog_in *s, size_t i)
{
    close(s->conns[i].fd);
    free(s->conns[i].buf);
    s->conns[i] = s->conns[--s->nconns];
}

size_t fk_syslog_frame(const char *buf, size_t len, size_t max_line,
                       bool (*emit)(void *ctx, const char *m, size_t n), void *ctx)
{
    size_t at = 0;
    while (at < len) {
        const char *p = buf + at;
        size_t avail = len - at;
        if (p[0] >= '1' && p[0] <= '9') { /* octet counting, if a length and a space follow */
            size_t k = 0, n = 0;
            while (k < avail && k < 9 && p[k] >= '0' && p[k] <= '9')
                n = n * 10 + (size_t)(p[k++] - '0');
            if (k < avail && p[k] == ' ' && n > 0) {
                if (avail < k + 1 + n)
                    break; /* the rest is still coming */
                if (!emit(ctx, p + k + 1, n))
                    break;
                at += k + 1 + n;
                continue;
            }
            if (k == avail)
                break; /* digits only so far */
        }
        const char *nl = memchr(p, '\n', avail);
        if (!nl) {
            if (avail > max_line + 16) { /* a line without end: cut */
                if (!emit(ctx, p, max_line))
                    break;
                at += avail;
            }
            break;
        }
        if (!emit(ctx, p, (size_t)(nl - p)))
            break;
        at += (size_t)(nl - p) + 1;
    }
    return at;
}

static bool emit_line(void *ctx, const char *m, size_t n)
{
    return push(ctx, m, n);
}

/* Frames what a TCP sender sent; what could not be taken (a full buffer, an unfinished
 * message) stays in the connection's buffer. */
static void frame(fk_syslog_in *s, conn *c)
{
    size_t at = fk_syslog_frame(c->buf, c->len, s->o.max_line, emit_line, s);
    memmove(c->buf, c->buf + at, c->len - at);
    c->len -= at;
}

static void *receive(void *arg)
{
    fk_syslog_in *s = arg;
    struct pollfd pf[MAX_CONNS + 4];
    for (;;) {
        bool full = buffer_full(s);
        size_t n = 0;
        pf[n++] = (struct pollfd){s->wake[0], POLLIN, 0};
        if (s->udp >= 0)
            pf[n++] = (struct pollfd){s->udp, POLLIN, 0};
        if (s->ux >= 0)
            pf[n++] = (struct pollfd){s->ux, POLLIN, 0};
        if (s->tcp >= 0)
            pf[n++] = (struct pollfd){s->tcp, (short)(full ? 0 : POLLIN), 0};
        size_t conn_base = n;
        for (size_t i = 0; i < s->nconns; i++) /* full: TCP senders wait */
            pf[n++] = (struct pollfd){s->conns[i].fd, (short)(full ? 0 : POLLIN), 0};
        if (poll(pf, n, full ? 20 : 500) < 0 && errno != EINTR)
            break;
        if (pf[0].revents)
            break; /* asked to stop */
        for (size_t i = 1; i < conn_base; i++) {
            if (!(pf[i].revents & POLLIN))
                continue;
            if (pf[i].fd == s->tcp) {
                int fd = accept4(s->tcp, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
                if (fd >= 0 && s->nconns < MAX_CONNS) {
                    s->conns[s->nconns++] = (conn){.fd = fd};
                    s->st.connections++;
                } else if (fd >= 0) {
                    close(fd);
                }
                continue;
            }
            for (int k = 0; k < 64; k++) { /* datagrams: one message each */
                ssize_t got = recv(pf[i].fd, s->dgram, 65536, 0);
                if (got <= 0)
                    break;
                if (!push(s, s->dgram, (size_t)got)) {
                    pthread_mutex_lock(&s->mu);
                    s->st.dropped++;
                    pthread_mutex_unlock(&s->mu);
                }
            }
        }
        for (size_t j = s->nconns; j-- > 0;) {
            size_t slot = conn_base + j;
            if (slot >= n || !(pf[slot].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            conn *c = &s->conns[j];
            if (c->cap - c->len < 65536) {
                size_t cap = c->cap ? c->cap * 2 : 131072;
                if (cap > s->o.max_line * 2 + 131072)
                    cap = s->o.max_line * 2 + 131072;
                char *b = cap > c->cap ? realloc(c->buf, cap) : c->buf;
                if (!b) {
                    drop_conn(s, j);
                    continue;
                }
                c->buf = b;
                c->cap = cap;
            }
            ssize_t got = c->cap > c->len ? read(c->fd, c->buf + c->len, c->cap - c->len) : 0;
            if (got > 0) {
                c->len += (size_t)got;
                frame(s, c);
            } else if (got == 0 || (errno != EAGAIN && errno != EINTR)) {
                if (c->len) /* the last message, unterminated */
                    push(s, c->buf, c->len);
                drop_conn(s, j);
            }
        }
    }
    return NULL;
}

int fk_syslog_in_start(fk_syslog_in **out, const fk_syslog_in_opts *o, fk_err *err)
{
    fk_syslog_in *s = calloc(1, sizeof *s);
    if (!s)
        return fk_errc(err, FK_ERR_NOMEM, "out of memory");
    s->o = *o;
    if (!s->o.max_buffer)
        s->o.max_buffer = 8u << 20;
    if (!s->o.max_line)
        s->o.max_line = 64u << 10;
    if (s->o.max_buffer < 2 * (s->o.max_line + 1))
        s->o.max_buffer = 2 * (s->o.max_line + 1);
    s->udp = s->tcp = s->ux = s->wake[0] = s->wake[1] = -1;
    pthread_mutex_init(&s->mu, NULL);
    *out = s;
    if (!(s->out = malloc(s->o.max_buffer)) || !(s->dgram = malloc(65536)) ||
        pipe2(s->wake, O_CLOEXEC) != 0) {
        fk_syslog_in_stop(s);
        *out = NULL;
        return fk_errc(err, FK_ERR_NOMEM, "out of memory");
    }
    if ((o->udp && (s->udp = bind_inet(o->udp, SOCK_DGRAM, err)) < 0) ||
        (o->tcp && (s->tcp = bind_inet(o->tcp, SOCK_STREAM, err)) < 0) ||
        (o->unix_path && (s->ux = bind_unix(o->unix_path, err)) < 0)) {
        fk_syslog_in_stop(s);
        *out = NULL;
        return -1;
    }
    if (pthread_create(&s->th, NULL, receive, s) != 0) {
        fk_syslog_in_stop(s);
        *out = NULL;
        return fk_errc(err, FK_ERR_NOMEM, "cannot start the syslog listener");
    }
    s->started = true;
    return 0;
}

size_t fk_syslog_in_take(fk_syslog_in *s, char *dst, size_t room, uint64_t *lines)
{
    *lines = 0;
    pthread_mutex_lock(&s->mu);
    size_t n = 0;
    if (s->out_len <= room) {
        n = s->out_len;
        *lines = s->out_lines;
    } else { /* whole lines that fit */
        const char *end = s->out + room;
        while (end > s->out && end[-1] != '\n')
            end--;
        n = (size_t)(end - s->out);
        for (size_t i = 0; i < n; i++)
            *lines += s->out[i] == '\n';
    }
    s->room_short = n < s->out_len;
    memcpy(dst, s->out, n);
    memmove(s->out, s->out + n, s->out_len - n);
    s->out_len -= n;
    s->out_lines -= *lines;
    pthread_mutex_unlock(&s->mu);
    return n;
}

bool fk_syslog_in_waiting(fk_syslog_in *s)
{
    return s->room_short; /* written and read by the collector's thread only */
}

int fk_syslog_in_port(const fk_syslog_in *s, int tcp)
{
    int fd = tcp ? s->tcp : s->udp;
    struct sockaddr_storage a;
    socklen_t al = sizeof a;
    if (fd < 0 || getsockname(fd, (struct sockaddr *)&a, &al) != 0)
        return 0;
    if (a.ss_family == AF_INET)
        return ntohs(((struct sockaddr_in *)&a)->sin_port);
    if (a.ss_family == AF_INET6)
        return ntohs(((struct sockaddr_in6 *)&a)->sin6_port);
    return 0;
}

void fk_syslog_in_get_stats(fk_syslog_in *s, fk_syslog_in_stats *st)
{
    pthread_mutex_lock(&s->mu);
    *st = s->st;
    pthread_mutex_unlock(&s->mu);
}

void fk_syslog_in_stop(fk_syslog_in *s)
{
    if (!s)
        return;
    if (s->started) {
        if (write(s->wake[1], "x", 1) != 1)
            pthread_cancel(s->th);
        pthread_join(s->th, NULL);
    }
    for (size_t i = 0; i < s->nconns; i++) {
        close(s->conns[i].fd);
        free(s->conns[i].buf);
    }
    int fds[] = {s->udp, s->tcp, s->ux, s->wake[0], s->wake[1]};
    for (size_t i = 0; i < sizeof fds / sizeof fds[0]; i++)
        if (fds[i] >= 0)
            close(fds[i]);
    if (s->ux >= 0 && s->o.unix_path)
        unlink(s->o.unix_path);
    pthread_mutex_destroy(&s->mu);
    free(s->out);
    free(s->dgram);
    free(s);
}
