#include "nats.h"

#include <nats/nats.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Per store namespace NS, two work-queue streams:
 *   FK_BATCHES_NS, subjects fk.NS.batch.<partition>: one durable pull consumer per
 *     partition (fk-p<partition>), pulled by the one worker whose lease holds it, so a
 *     partition's messages (and after a crash, its unacknowledged ones) go to its owner;
 *   FK_ALERTS_NS, subject fk.NS.alerts: the workers' alerts, one durable consumer
 *     (fk-store) pulled by the hub holding the correlator lease. */
#define STORE_CONSUMER  "fk-store"
#define LEGACY_CONSUMER "fk-workers" /* one consumer over every partition, before leases */

/* A message taken and not yet acknowledged, by batch id. */
typedef struct {
    int64_t id;
    natsMsg *msg;
    int partition; /* its subscription stays until the message is acknowledged */
} inflight;

typedef struct {
    char stream[80], prefix[64], subjects[80];
    char alert_stream[80], alert_subject[80];
    natsConnection *nc;
    jsCtx *js;
    int partitions;
    int64_t ack_wait_ms;
    pthread_mutex_t mu; /* the subscriptions, the assignment and the in-flight list */
    /* per partition: assigned to this process, and its subscription (made on the first
     * next() after the assignment, dropped when the partition goes) */
    unsigned char *owned;
    natsSubscription **subs;
    int cursor;      /* where the next round of fetches starts, so no partition starves */
    int64_t idle_ms; /* the pause after a round that found nothing (0: busy) */
    natsSubscription *alert_sub;
    bool legacy_gone;
    inflight flight[64];
    size_t nflight;
    uint64_t redelivered;
    bool closed;
} nats_bus;

static int status_err(fk_err *err, const char *what, natsStatus s, jsErrCode jerr)
{
    const char *last = nats_GetLastError(NULL);
    return fk_errc(err, s == NATS_TIMEOUT || s == NATS_NO_SERVER ? FK_ERR_BUSY : FK_ERR_STORAGE,
                   "bus: %s: %s%s%s (JetStream error %d)", what, natsStatus_GetText(s),
                   last && *last ? ": " : "", last ? last : "", (int)jerr);
}

/* nats://host:port?ack_wait_ms=N&partitions=N: the options come off the URL. */
static void parse_url(const char *url, char *server, size_t cap, int *partitions,
                      int64_t *ack_wait_ms)
{
    const char *q = strchr(url, '?');
    snprintf(server, cap, "%.*s", q ? (int)(q - url) : (int)strlen(url), url);
    int64_t n = fk_bus_url_option(url, "partitions", 16);
    *partitions = n < 1 || n > 1024 ? 16 : (int)n;
    *ack_wait_ms = fk_bus_url_option(url, "ack_wait_ms", 60000);
    if (*ack_wait_ms < 100)
        *ack_wait_ms = 100;
}

static void close_nats(void *state);

/* A work-queue stream on disk, de-duplicating by Nats-Msg-Id over two minutes; created by
 * whoever comes first, an existing one used as it is. */
static natsStatus ensure_stream(jsCtx *js, const char *name, const char *subject, jsErrCode *jerr)
{
    jsStreamInfo *si = NULL;
    natsStatus s = js_GetStreamInfo(&si, js, name, NULL, jerr);
    if (s == NATS_NOT_FOUND) {
        jsStreamConfig sc;
        jsStreamConfig_Init(&sc);
        const char *subjects[] = {subject};
        sc.Name = name;
        sc.Subjects = subjects;
        sc.SubjectsLen = 1;
        sc.Retention = js_WorkQueuePolicy;
        sc.Storage = js_FileStorage;
        sc.Duplicates = (int64_t)120 * 1000000000;
        s = js_AddStream(&si, js, &sc, NULL, jerr);
        if (s == NATS_ERR && *jerr == JSStreamNameExistErr)
            s = NATS_OK; /* another process made it meanwhile */
    }
    jsStreamInfo_Destroy(si);
    return s;
}

static int open_nats(void **state, const char *url, const char *ns, fk_err *err)
{
    *state = NULL;
    nats_bus *b = calloc(1, sizeof *b);
    if (!b)
        return fk_errc(err, FK_ERR_NOMEM, "out of memory");
    char name[40];
    size_t k = 0;
    for (const char *p = ns; *p && k < sizeof name - 1; p++)
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9'))
            name[k++] = *p;
    name[k] = '\0';
    snprintf(b->stream, sizeof b->stream, "FK_BATCHES%s%s", k ? "_" : "", name);
    snprintf(b->prefix, sizeof b->prefix, "fk.%s%sbatch", name, k ? "." : "");
    snprintf(b->subjects, sizeof b->subjects, "%s.>", b->prefix);
    snprintf(b->alert_stream, sizeof b->alert_stream, "FK_ALERTS%s%s", k ? "_" : "", name);
    snprintf(b->alert_subject, sizeof b->alert_subject, "fk.%s%salerts", name, k ? "." : "");
    pthread_mutex_init(&b->mu, NULL);
    char server[512];
    parse_url(url, server, sizeof server, &b->partitions, &b->ack_wait_ms);
    b->owned = calloc((size_t)b->partitions, 1);
    b->subs = calloc((size_t)b->partitions, sizeof *b->subs);
    if (!b->owned || !b->subs) {
        close_nats(b);
        return fk_errc(err, FK_ERR_NOMEM, "out of memory");
    }
    natsOptions *opts = NULL;
    natsStatus s = natsOptions_Create(&opts);
    if (s == NATS_OK)
        s = natsOptions_SetURL(opts, server);
    /* keep reconnecting for ever: while the server is away, publishes fail (the sender
     * is told to retry) and workers wait; both resume when it is back */
    if (s == NATS_OK)
        s = natsOptions_SetMaxReconnect(opts, -1);
    if (s == NATS_OK)
        s = natsOptions_SetReconnectWait(opts, 250);
    if (s == NATS_OK)
        s = natsOptions_SetTimeout(opts, 2000);
    if (s == NATS_OK)
        s = natsConnection_Connect(&b->nc, opts);
    natsOptions_Destroy(opts);
    if (s != NATS_OK) {
        status_err(err, server, s, 0);
        close_nats(b);
        return -1;
    }
    jsOptions jo;
    jsOptions_Init(&jo);
    jo.Wait = 5000;
    if ((s = natsConnection_JetStream(&b->js, b->nc, &jo)) != NATS_OK) {
        status_err(err, "JetStream", s, 0);
        close_nats(b);
        return -1;
    }
    jsErrCode jerr = 0;
    s = ensure_stream(b->js, b->stream, b->subjects, &jerr);
    if (s == NATS_OK)
        s = ensure_stream(b->js, b->alert_stream, b->alert_subject, &jerr);
    if (s != NATS_OK) {
        status_err(err, b->stream, s, jerr);
        close_nats(b);
        return -1;
    }
    *state = b;
    return 0;
}

/* Publishes and waits for JetStream's acknowledgement. */
static int publish_to(nats_bus *b, const char *subject, const char *msg_id, const char *data,
                      int len, fk_err *err)
{
    natsMsg *msg = NULL;
    natsStatus s = natsMsg_Create(&msg, subject, NULL, data, len);
    if (s == NATS_OK)
        s = natsMsgHeader_Set(msg, "Nats-Msg-Id", msg_id);
    jsPubAck *ack = NULL;
    jsErrCode jerr = 0;
    jsPubOptions po;
    jsPubOptions_Init(&po);
    po.MaxWait = 3000;
    if (s == NATS_OK)
        s = js_PublishMsg(&ack, b->js, msg, &po, &jerr);
    jsPubAck_Destroy(ack);
    natsMsg_Destroy(msg);
    return s == NATS_OK ? 0 : status_err(err, "publish", s, jerr);
}

static int publish_nats(void *state, int64_t batch_id, int64_t key, fk_err *err)
{
    nats_bus *b = state;
    char subject[160], data[32], msg_id[48];
    snprintf(subject, sizeof subject, "%s.%lld", b->prefix,
             (long long)((key < 0 ? -key : key) % b->partitions));
    int n = snprintf(data, sizeof data, "%lld", (long long)batch_id);
    snprintf(msg_id, sizeof msg_id, "batch-%lld", (long long)batch_id);
    return publish_to(b, subject, msg_id, data, n, err);
}

/* A pull subscription on a durable consumer (made if missing), with b->mu held. A
 * consumer over every partition, left by a version before leases, would overlap the
 * per-partition ones (a work queue allows no overlap): it goes first; what it held
 * unacknowledged stays in the stream for the new consumers. */
static natsSubscription *pull(nats_bus *b, const char *stream, const char *subject,
                              const char *durable, int max_pending)
{
    if (!b->legacy_gone) {
        jsErrCode jerr = 0;
        natsStatus s = js_DeleteConsumer(b->js, b->stream, LEGACY_CONSUMER, NULL, &jerr);
        b->legacy_gone = s == NATS_OK || s == NATS_NOT_FOUND;
    }
    jsSubOptions so;
    jsSubOptions_Init(&so);
    so.Stream = stream;
    so.Config.AckPolicy = js_AckExplicit;
    so.Config.AckWait = b->ack_wait_ms * 1000000;
    so.Config.MaxAckPending = max_pending;
    natsSubscription *sub = NULL;
    jsErrCode jerr = 0;
    if (js_PullSubscribe(&sub, b->js, subject, durable, NULL, &so, &jerr) != NATS_OK)
        return NULL;
    return sub;
}

/* One message of sub without waiting (none: NULL). */
static natsMsg *fetch_one(natsSubscription *sub, int wait_ms)
{
    jsFetchRequest fr;
    jsFetchRequest_Init(&fr);
    fr.Batch = 1;
    if (wait_ms <= 0)
        fr.NoWait = true;
    else
        fr.Expires = (int64_t)wait_ms * 1000000;
    natsMsgList list = {0};
    natsStatus s = natsSubscription_FetchRequest(&list, sub, &fr);
    natsMsg *msg = NULL;
    if (s == NATS_OK && list.Count > 0) {
        msg = list.Msgs[0];
        list.Msgs[0] = NULL;
    }
    natsMsgList_Destroy(&list);
    return msg;
}

static bool is_closed(nats_bus *b)
{
    pthread_mutex_lock(&b->mu);
    bool closed = b->closed;
    pthread_mutex_unlock(&b->mu);
    return closed;
}

/* Takes one message from the assigned partitions, a round of non-blocking fetches at a
 * time (each a round trip of well under a millisecond on a LAN), until timeout_ms. */
static natsMsg *next_batch_msg(nats_bus *b, int timeout_ms, int *partition)
{
    int64_t deadline = nats_Now() + timeout_ms;
    do {
        bool any = false;
        for (int i = 0; i < b->partitions; i++) {
            pthread_mutex_lock(&b->mu);
            if (b->closed) {
                pthread_mutex_unlock(&b->mu);
                return NULL;
            }
            int p = (b->cursor + i) % b->partitions;
            natsSubscription *sub = NULL;
            if (b->owned[p]) {
                if (!b->subs[p]) {
                    char subject[160], durable[32];
                    snprintf(subject, sizeof subject, "%s.%d", b->prefix, p);
                    snprintf(durable, sizeof durable, "fk-p%d", p);
                    b->subs[p] = pull(b, b->stream, subject, durable, 64);
                }
                sub = b->subs[p];
            }
            pthread_mutex_unlock(&b->mu);
            if (!sub)
                continue;
            any = true;
            natsMsg *msg = fetch_one(sub, 0);
            if (msg) {
                pthread_mutex_lock(&b->mu);
                b->cursor = (p + 1) % b->partitions;
                b->idle_ms = 0;
                pthread_mutex_unlock(&b->mu);
                *partition = p;
                return msg;
            }
        }
        /* nothing anywhere: wait before the next round, longer the longer it stays quiet
         * (5 ms doubling to 100), so that idle workers do not keep the server answering
         * empty fetches, while a busy one is not slowed */
        pthread_mutex_lock(&b->mu);
        b->idle_ms = !any ? 100 : b->idle_ms ? (b->idle_ms * 2 > 100 ? 100 : b->idle_ms * 2) : 5;
        int64_t pause = b->idle_ms;
        pthread_mutex_unlock(&b->mu);
        int64_t left = deadline - nats_Now();
        if (left > 0)
            nats_Sleep(left < pause ? left : pause);
    } while (nats_Now() < deadline);
    return NULL;
}

static int next_nats(void *state, int64_t *batch_id, int timeout_ms)
{
    nats_bus *b = state;
    pthread_mutex_lock(&b->mu);
    bool full = b->nflight == sizeof b->flight / sizeof b->flight[0];
    bool closed = b->closed;
    pthread_mutex_unlock(&b->mu);
    if (closed)
        return -1;
    if (full) { /* too much in hand: wait and say nothing came */
        nats_Sleep(timeout_ms);
        return 0;
    }
    int partition = 0;
    natsMsg *msg = next_batch_msg(b, timeout_ms, &partition);
    if (!msg)
        return is_closed(b) ? -1 : 0;
    char buf[32];
    int n = natsMsg_GetDataLength(msg);
    snprintf(buf, sizeof buf, "%.*s", n < 31 ? n : 31, natsMsg_GetData(msg));
    char *end;
    long long id = strtoll(buf, &end, 10);
    if (*end || id <= 0) { /* not ours: take it off the queue */
        natsMsg_Ack(msg, NULL);
        natsMsg_Destroy(msg);
        return 0;
    }
    jsMsgMetaData *meta = NULL;
    bool again = natsMsg_GetMetaData(&meta, msg) == NATS_OK && meta->NumDelivered > 1;
    jsMsgMetaData_Destroy(meta);
    pthread_mutex_lock(&b->mu);
    /* given again while still in hand (its processing failed and was not acknowledged):
     * the newer delivery replaces the older */
    for (size_t i = 0; i < b->nflight; i++)
        if (b->flight[i].id == id) {
            natsMsg_Destroy(b->flight[i].msg);
            b->flight[i] = b->flight[--b->nflight];
            break;
        }
    b->flight[b->nflight++] = (inflight){id, msg, partition};
    b->redelivered += again;
    pthread_mutex_unlock(&b->mu);
    *batch_id = id;
    return 1;
}

static void ack_nats(void *state, int64_t batch_id)
{
    nats_bus *b = state;
    pthread_mutex_lock(&b->mu);
    for (size_t i = 0; i < b->nflight; i++)
        if (b->flight[i].id == batch_id) {
            natsMsg *msg = b->flight[i].msg;
            b->flight[i] = b->flight[--b->nflight];
            pthread_mutex_unlock(&b->mu);
            jsErrCode jerr = 0;
            /* synchronous: the worker counts a batch done once JetStream has let it go */
            natsMsg_AckSync(msg, NULL, &jerr);
            natsMsg_Destroy(msg);
            return;
        }
    pthread_mutex_unlock(&b->mu);
}

static uint64_t redeliveries_nats(void *state)
{
    nats_bus *b = state;
    pthread_mutex_lock(&b->mu);
    uint64_t n = b->redelivered;
    pthread_mutex_unlock(&b->mu);
    return n;
}

static int partitions_nats(void *state)
{
    return ((nats_bus *)state)->partitions;
}

/* A partition no longer assigned loses its subscription (the consumer stays on the
 * server for the next owner), unless a message of it is still in hand: a message is
 * acknowledged through its subscription. The worker gives partitions up between batches,
 * so that is a caller's slip, kept safe here. */
static void assign_nats(void *state, const unsigned char *owned, int n)
{
    nats_bus *b = state;
    pthread_mutex_lock(&b->mu);
    for (int p = 0; p < b->partitions; p++) {
        b->owned[p] = p < n && owned[p];
        bool in_hand = false;
        for (size_t i = 0; i < b->nflight; i++)
            in_hand = in_hand || b->flight[i].partition == p;
        if (!b->owned[p] && b->subs[p] && !in_hand) {
            natsSubscription_Destroy(b->subs[p]);
            b->subs[p] = NULL;
        }
    }
    pthread_mutex_unlock(&b->mu);
}

static size_t max_message_nats(void *state)
{
    nats_bus *b = state;
    int64_t max = natsConnection_GetMaxPayload(b->nc);
    return max > 4096 ? (size_t)max - 1024 : 65536; /* room for headers */
}

static int publish_alerts_nats(void *state, const char *msg_id, const char *data, size_t len,
                               fk_err *err)
{
    nats_bus *b = state;
    if (len > max_message_nats(b))
        return fk_errc(err, FK_ERR_INVALID, "bus: an alert message of %zu bytes is too long", len);
    return publish_to(b, b->alert_subject, msg_id, data, (int)len, err);
}

static int next_alerts_nats(void *state, fk_bus_msg *out, int timeout_ms)
{
    nats_bus *b = state;
    pthread_mutex_lock(&b->mu);
    if (!b->closed && !b->alert_sub)
        b->alert_sub = pull(b, b->alert_stream, b->alert_subject, STORE_CONSUMER, 1024);
    natsSubscription *sub = b->closed ? NULL : b->alert_sub;
    bool closed = b->closed;
    pthread_mutex_unlock(&b->mu);
    if (closed)
        return -1;
    if (!sub) { /* no server yet */
        nats_Sleep(timeout_ms);
        return 0;
    }
    natsMsg *msg = fetch_one(sub, timeout_ms);
    if (!msg)
        return is_closed(b) ? -1 : 0;
    out->data = natsMsg_GetData(msg);
    out->len = (size_t)natsMsg_GetDataLength(msg);
    out->handle = msg;
    return 1;
}

static void alerts_done_nats(void *state, fk_bus_msg *m, bool ack)
{
    (void)state;
    natsMsg *msg = m->handle;
    if (!msg)
        return;
    jsErrCode jerr = 0;
    if (ack)
        natsMsg_AckSync(msg, NULL, &jerr);
    else
        natsMsg_Nak(msg, NULL);
    natsMsg_Destroy(msg);
    m->handle = NULL;
}

static void shutdown_nats(void *state)
{
    nats_bus *b = state;
    pthread_mutex_lock(&b->mu);
    b->closed = true;
    pthread_mutex_unlock(&b->mu);
}

static void close_nats(void *state)
{
    nats_bus *b = state;
    if (!b)
        return;
    /* what is in hand and not acknowledged goes back to the stream after ack_wait */
    for (size_t i = 0; i < b->nflight; i++)
        natsMsg_Destroy(b->flight[i].msg);
    for (int p = 0; b->subs && p < b->partitions; p++)
        natsSubscription_Destroy(b->subs[p]);
    natsSubscription_Destroy(b->alert_sub);
    free(b->subs);
    free(b->owned);
    jsCtx_Destroy(b->js);
    natsConnection_Destroy(b->nc);
    pthread_mutex_destroy(&b->mu);
    free(b);
    nats_Close(); /* the library's own threads and memory (one bus per process) */
}

const fk_bus_backend fk_bus_nats = {
    .scheme = "nats",
    .open = open_nats,
    .publish = publish_nats,
    .next = next_nats,
    .ack = ack_nats,
    .shutdown = shutdown_nats,
    .redeliveries = redeliveries_nats,
    .partitions = partitions_nats,
    .assign = assign_nats,
    .max_message = max_message_nats,
    .publish_alerts = publish_alerts_nats,
    .next_alerts = next_alerts_nats,
    .alerts_done = alerts_done_nats,
    .close = close_nats,
};
