/* The hub's syslog receivers, for appliances and relays that speak syslog rather than
 * HTTP: syslog over TLS (RFC 5425; the sending organisation is the client
 * certificate's common name, verified against a CA), and plain TCP and UDP for a
 * trusted network (the organisation is known by source network). On TCP both framings
 * of RFC 6587 are detected per connection: octet counting ("57 <34>1 ...") and
 * LF-delimited lines. Messages are gathered into batches (by count or time) and handed
 * to the same ingest use case as HTTP. Transport only. Owns its sockets and threads. */
#ifndef FK_SYSLOGD_H
#define FK_SYSLOGD_H

#include "../core/error.h"
#include "../hub/monitor.h"

#include <stddef.h>

typedef struct fk_syslogd fk_syslogd;

typedef struct fk_syslogd_config {
    const char *store; /* a data folder or postgres://… (fk_db_open) */
    fk_monitor *monitor;
    const char *tls, *tcp, *udp; /* "127.0.0.1:6514" (port 0: any free port); NULL: off */
    const char *cert, *key;      /* the server's certificate and key (PEM) for tls */
    const char *ca;              /* the CA that signs members' client certificates */
    /* "CIDR=ORGANISATION" for tcp and udp: who sends from where */
    const char *const *sources;
    size_t nsources;
    size_t batch_lines; /* messages per batch (default 1000) */
    int flush_ms;       /* a partial batch waits at most this long (default 1000) */
    bool quiet;
} fk_syslogd_config;

int fk_syslogd_start(fk_syslogd **out, const fk_syslogd_config *cfg, fk_err *err);
/* The port a receiver bound: kind "tls", "tcp" or "udp"; 0 when it is off. */
unsigned fk_syslogd_port(const fk_syslogd *s, const char *kind);
/* Flushes what connections hold, closes them and stops the threads. */
void fk_syslogd_stop(fk_syslogd *s);

#endif
