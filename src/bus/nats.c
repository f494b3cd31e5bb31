#include "nats.h"

#include <nats/nats.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* per store namespace NS: stream FK_BATCHES_NS, subjects fk.NS.batch.<partition>,
 * durable consumer fk-workers */
#define CONSUMER "fk-workers"

/* A message taken and not yet acknowledged, by batch id. */
typedef struct {
    int64_t id;
    natsMsg *msg;
} inflight;

typedef struct {
    char stream[80], prefix[64], subjects[80];
    natsConnection *nc;
    jsCtx *js;
    natsSubscription *sub; /* created on the first next(): a publisher never consumes */
    int partitions;
    int64_t ack_wait_ms;
    pthread_mutex_t mu; /* the subscription and the in-flight list */
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
    *partitions = 16;
    *ack_wait_ms = 60000;
    for (const char *p = q; p && *p; p = strchr(p + 1, '&')) {
        const char *kv = p + 1;
        if (!strncmp(kv, "partitions=", 11))
            *partitions = atoi(kv + 11);
        else if (!strncmp(kv, "ack_wait_ms=", 12))
            *ack_wait_ms = atoll(kv + 12);
    }
    if (*partitions < 1 || *partitions > 1024)
        *partitions = 16;
    if (*ack_wait_ms < 100)
        *ack_wait_ms = 100;
}

static void close_nats(void *state);

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
    pthread_mutex_init(&b->mu, NULL);
    char server[512];
    parse_url(url, server, sizeof server, &b->partitions, &b->ack_wait_ms);
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
    /* The stream: a work queue (a batch leaves it once a worker acknowledges it), on
     * disk, de-duplicating by Nats-Msg-Id over two minutes. Created by whoever comes
     * first; an existing one is used as it is. */
    jsStreamInfo *si = NULL;
    jsErrCode jerr = 0;
    s = js_GetStreamInfo(&si, b->js, b->stream, NULL, &jerr);
    if (s == NATS_NOT_FOUND) {
        jsStreamConfig sc;
        jsStreamConfig_Init(&sc);
        const char *subjects[] = {b->subjects};
        sc.Name = b->stream;
        sc.Subjects = subjects;
        sc.SubjectsLen = 1;
        sc.Retention = js_WorkQueuePolicy;
        sc.Storage = js_FileStorage;
        sc.Duplicates = (int64_t)120 * 1000000000;
        s = js_AddStream(&si, b->js, &sc, NULL, &jerr);
        if (s == NATS_ERR && jerr == JSStreamNameExistErr)
            s = NATS_OK; /* another process made it meanwhile */
    }
    jsStreamInfo_Destroy(si);
    if (s != NATS_OK) {
        status_err(err, b->stream, s, jerr);
        close_nats(b);
        return -1;
    }
    *state = b;
    return 0;
}

static int publish_nats(void *state, int64_t batch_id, int64_t key, fk_err *err)
{
    nats_bus *b = state;
    char subject[160], data[32], msg_id[48];
    snprintf(subject, sizeof subject, "%s.%lld", b->prefix,
             (long long)((key < 0 ? -key : key) % b->partitions));
    int n = snprintf(data, sizeof data, "%lld", (long long)batch_id);
    snprintf(msg_id, sizeof msg_id, "batch-%lld", (long long)batch_id);
    natsMsg *msg = NULL;
    natsStatus s = natsMsg_Create(&msg, subject, NULL, data, n);
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

static int subscribe(nats_bus *b)
{
    if (b->sub)
        return 0;
    jsSubOptions so;
    jsSubOptions_Init(&so);
    so.Stream = b->stream;
    so.Config.AckPolicy = js_AckExplicit;
    so.Config.AckWait = b->ack_wait_ms * 1000000;
    so.Config.MaxAckPending = 1024;
    jsErrCode jerr = 0;
    natsStatus s = js_PullSubscribe(&b->sub, b->js, b->subjects, CONSUMER, NULL, &so, &jerr);
    return s == NATS_OK ? 0 : -1;
}

static int next_nats(void *state, int64_t *batch_id, int timeout_ms)
{
    nats_bus *b = state;
    pthread_mutex_lock(&b->mu);
    if (b->closed) {
        pthread_mutex_unlock(&b->mu);
        return -1;
    }
    bool full = b->nflight == sizeof b->flight / sizeof b->flight[0];
    int ok = full ? -1 : subscribe(b);
    natsSubscription *sub = b->sub;
    pthread_mutex_unlock(&b->mu);
    if (ok != 0) { /* no server yet, or too much in hand: wait and say nothing came */
        nats_Sleep(timeout_ms);
        return 0;
    }
    natsMsgList list = {0};
    jsErrCode jerr = 0;
    natsStatus s = natsSubscription_Fetch(&list, sub, 1, timeout_ms, &jerr);
    if (s != NATS_OK || list.Count == 0) {
        natsMsgList_Destroy(&list);
        pthread_mutex_lock(&b->mu);
        bool closed = b->closed;
        pthread_mutex_unlock(&b->mu);
        if (s != NATS_TIMEOUT && s != NATS_OK && !closed)
            nats_Sleep(100); /* the server is away: do not spin */
        return closed ? -1 : 0;
    }
    natsMsg *msg = list.Msgs[0];
    list.Msgs[0] = NULL;
    natsMsgList_Destroy(&list);
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
    b->flight[b->nflight++] = (inflight){id, msg};
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
    natsSubscription_Destroy(b->sub);
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
    .close = close_nats,
};
