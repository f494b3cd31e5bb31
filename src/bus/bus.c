#include "bus.h"

#include "inproc.h"
#include "nats.h"

#include <stdlib.h>
#include <string.h>

/* The backends, by URL scheme. A new transport is a new row. */
static const fk_bus_backend *const backends[] = {&fk_bus_inproc, &fk_bus_nats};

struct fk_bus {
    const fk_bus_backend *be;
    void *state;
};

int fk_bus_open(fk_bus **out, const char *url, const char *ns, fk_err *err)
{
    *out = NULL;
    if (!url || !*url)
        url = "inproc:";
    const char *colon = strchr(url, ':');
    size_t n = colon ? (size_t)(colon - url) : strlen(url);
    for (size_t i = 0; i < sizeof backends / sizeof backends[0]; i++) {
        if (strlen(backends[i]->scheme) != n || strncmp(backends[i]->scheme, url, n) != 0)
            continue;
        fk_bus *b = calloc(1, sizeof *b);
        if (!b)
            return fk_errc(err, FK_ERR_NOMEM, "out of memory");
        b->be = backends[i];
        if (b->be->open(&b->state, url, ns ? ns : "", err) != 0) {
            free(b);
            return -1;
        }
        *out = b;
        return 0;
    }
    return fk_errf(err, "bus: unknown transport '%.*s' (expected inproc or nats)", (int)n, url);
}

bool fk_bus_is_shared(const fk_bus *b)
{
    return b->be != &fk_bus_inproc;
}

int fk_bus_publish(fk_bus *b, int64_t batch_id, int64_t key, fk_err *err)
{
    return b->be->publish(b->state, batch_id, key, err);
}

int fk_bus_next(fk_bus *b, int64_t *batch_id, int timeout_ms)
{
    return b->be->next(b->state, batch_id, timeout_ms);
}

void fk_bus_ack(fk_bus *b, int64_t batch_id)
{
    b->be->ack(b->state, batch_id);
}

uint64_t fk_bus_redeliveries(fk_bus *b)
{
    return b->be->redeliveries ? b->be->redeliveries(b->state) : 0;
}

int fk_bus_partitions(fk_bus *b)
{
    return b->be->partitions ? b->be->partitions(b->state) : 1;
}

void fk_bus_assign(fk_bus *b, const unsigned char *owned, int n)
{
    if (b->be->assign)
        b->be->assign(b->state, owned, n);
}

size_t fk_bus_max_message(fk_bus *b)
{
    return b->be->max_message ? b->be->max_message(b->state) : 0;
}

int fk_bus_publish_alerts(fk_bus *b, const char *msg_id, const char *data, size_t len, fk_err *err)
{
    if (!b->be->publish_alerts)
        return fk_errc(err, FK_ERR_INVALID, "bus: %s carries no alerts", b->be->scheme);
    return b->be->publish_alerts(b->state, msg_id, data, len, err);
}

int fk_bus_next_alerts(fk_bus *b, fk_bus_msg *out, int timeout_ms)
{
    return b->be->next_alerts ? b->be->next_alerts(b->state, out, timeout_ms) : -1;
}

void fk_bus_alerts_done(fk_bus *b, fk_bus_msg *msg, bool ack)
{
    if (b->be->alerts_done)
        b->be->alerts_done(b->state, msg, ack);
}

int64_t fk_bus_url_option(const char *url, const char *key, int64_t dflt)
{
    size_t klen = strlen(key);
    for (const char *p = url ? strchr(url, '?') : NULL; p && *p; p = strchr(p + 1, '&')) {
        const char *kv = p + 1;
        if (!strncmp(kv, key, klen) && kv[klen] == '=') {
            char *end;
            long long v = strtoll(kv + klen + 1, &end, 10);
            return end > kv + klen + 1 && (!*end || *end == '&') ? v : dflt;
        }
    }
    return dflt;
}

void fk_bus_shutdown(fk_bus *b)
{
    if (b)
        b->be->shutdown(b->state);
}

void fk_bus_close(fk_bus *b)
{
    if (!b)
        return;
    b->be->close(b->state);
    free(b);
}
