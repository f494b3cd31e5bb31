/* The event model every decoder fills: typed fields common to web, authentication,
 * endpoint and network logs, plus any further fields as key/value pairs. Strings are
 * slices into the raw line or into the per-event arena; an event owns nothing. */
#ifndef FK_EVENT_H
#define FK_EVENT_H

#include "../core/arena.h"
#include "../core/netaddr.h"
#include "../core/str.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum fk_event_kind {
    FK_KIND_GENERIC,
    FK_KIND_WEB,     /* an HTTP request in an access log */
    FK_KIND_AUTH,    /* a login attempt, a privilege change */
    FK_KIND_PROCESS, /* a process start on an endpoint */
    FK_KIND_NETWORK, /* a connection */
    FK_KIND_DNS,     /* a name lookup */
} fk_event_kind;

typedef enum fk_outcome {
    FK_OUTCOME_NONE,
    FK_OUTCOME_FAILURE,
    FK_OUTCOME_SUCCESS,
} fk_outcome;

/* Named fields, so rules and outputs can address any of them by name. */
typedef enum fk_field_id {
    FK_F_TIME,
    FK_F_SRC_IP,
    FK_F_SRC_PORT,
    FK_F_SRC_HOST,
    FK_F_DST_IP,
    FK_F_DST_PORT,
    FK_F_HOST,
    FK_F_USER,
    FK_F_METHOD,
    FK_F_PATH,
    FK_F_QUERY,
    FK_F_URL,
    FK_F_STATUS,
    FK_F_BYTES,
    FK_F_USER_AGENT,
    FK_F_REFERRER,
    FK_F_IMAGE,
    FK_F_COMMAND_LINE,
    FK_F_PROGRAM,
    FK_F_MESSAGE,
    FK_F_DOMAIN,
    FK_F_HASHES,
    FK_F_KIND,
    FK_F_OUTCOME,
    FK_F_FORMAT,
    FK_F_FILE,
    FK_F_LINE,
    FK_F_BODY,   /* the request body, where the log keeps it (WAF, ECS, nginx $request_body) */
    FK_F_COOKIE, /* the request's Cookie header, where the log keeps it (IIS, ECS, nginx) */
    FK_F_COUNT_,
    FK_F_EXTRA = 1000, /* not a typed field: look it up among the extra pairs */
} fk_field_id;

typedef struct fk_kv {
    fk_str key, value;
} fk_kv;

typedef struct fk_event {
    int64_t time_ms;
    bool has_time;
    fk_ip src_ip, dst_ip;
    int src_port, dst_port; /* -1 when absent */
    int status;             /* -1 when absent */
    int64_t bytes;          /* -1 when absent */
    fk_event_kind kind;
    fk_outcome outcome;
    fk_str src_host, host, user, method, path, query, url, user_agent, referrer;
    fk_str body, cookie; /* a web request's body and Cookie header, when logged */
    fk_str image, command_line, program, message, domain, hashes;
    fk_str raw;
    /* the member organisation that sent the event and its sector (empty in a local scan):
     * windows of every engine are kept per organisation */
    fk_str org, sector;
    const char *format; /* decoder name */
    const char *file;
    uint64_t line;
    fk_kv *extra;
    size_t nextra, extra_cap;
    bool alloc_failed; /* a field could not be stored: the event is incomplete */
} fk_event;

void fk_event_clear(fk_event *ev);
/* Adds a key/value pair (slices are stored as given). Returns -1 on exhaustion and
 * marks the event, so that callers need not check every call: the scan refuses an
 * event with alloc_failed set rather than report on half of it. */
int fk_event_add(fk_event *ev, fk_arena *arena, fk_str key, fk_str value);

/* "src_ip" -> FK_F_SRC_IP; any other name -> FK_F_EXTRA. Accepts a few aliases. */
fk_field_id fk_field_lookup(const char *name);
const char *fk_field_name(fk_field_id id);
/* The value of a field as text. buf (64 bytes) holds numbers and addresses.
 * Returns false when the event has no such field. */
bool fk_event_value(const fk_event *ev, fk_field_id id, const char *extra_name, char buf[64],
                    fk_str *out);
const char *fk_kind_name(fk_event_kind k);
const char *fk_outcome_name(fk_outcome o);

static inline bool fk_str_eq(fk_str a, const char *lit)
{
    size_t n = 0;
    while (lit[n])
        n++;
    if (a.n != n)
        return false;
    for (size_t i = 0; i < n; i++)
        if (a.p[i] != lit[i])
            return false;
    return true;
}

#endif
