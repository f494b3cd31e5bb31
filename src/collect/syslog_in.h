/* A local syslog listener for the collector, so that appliances which can only send
 * syslog reach the centre through it: UDP, TCP (newline-delimited or octet-counted,
 * RFC 6587) and a unix datagram socket. A thread receives into a bounded buffer of whole
 * lines that the collector drains into batches; when the buffer is full, TCP senders
 * wait (their sockets are not read) and UDP datagrams are dropped and counted. Owns its
 * sockets and thread. */
#ifndef FK_COLLECT_SYSLOG_IN_H
#define FK_COLLECT_SYSLOG_IN_H

#include "../core/error.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct fk_syslog_in_opts {
    const char *udp, *tcp; /* "ADDR:PORT" ("[::1]:514"); NULL: none */
    const char *unix_path; /* NULL: none */
    size_t max_buffer;     /* bytes held for the collector; 0: 8 MiB */
    size_t max_line;       /* longer messages are cut; 0: 64 KiB */
} fk_syslog_in_opts;

typedef struct fk_syslog_in_stats {
    uint64_t messages, bytes, dropped, cut, connections;
} fk_syslog_in_stats;

typedef struct fk_syslog_in fk_syslog_in;

/* Binds every socket (an error names the address) and starts receiving. */
int fk_syslog_in_start(fk_syslog_in **out, const fk_syslog_in_opts *o, fk_err *err);
/* Moves whole lines (each ending in \n), at most room bytes, into dst; *lines gets their
 * count. Returns the bytes moved. */
size_t fk_syslog_in_take(fk_syslog_in *s, char *dst, size_t room, uint64_t *lines);
/* Whether the last take left whole lines behind for want of room. */
bool fk_syslog_in_waiting(fk_syslog_in *s);
/* The port a socket was bound to (for "ADDR:0"); 0 when there is none. */
int fk_syslog_in_port(const fk_syslog_in *s, int tcp);
void fk_syslog_in_get_stats(fk_syslog_in *s, fk_syslog_in_stats *st);
void fk_syslog_in_stop(fk_syslog_in *s);

/* Cuts a TCP stream into messages: octet-counted ("LEN SP MSG", RFC 6587) or one a line;
 * a line longer than max_line with no end in sight is cut there. emit returning false
 * stops (the message stays). Returns the bytes consumed; the rest is an unfinished
 * message. */
size_t fk_syslog_frame(const char *buf, size_t len, size_t max_line,
                       bool (*emit)(void *ctx, const char *m, size_t n), void *ctx);

#endif
