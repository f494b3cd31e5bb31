/* The event transport between ingest and detection: publish a stored batch's id,
 * consume with acknowledgement, redelivery of what was not acknowledged (after a crash,
 * from the store's pending batches) and de-duplication by batch id; batches partitioned
 * by member organisation, and a channel carrying detection workers' alerts back to the
 * one process that stores them. One interface; the
 * backend is chosen by URL from a table ("inproc:" in the hub's process, "nats://" for
 * NATS JetStream between processes), so detection never knows which one carries its
 * batches. Owns the backend's state. */
#ifndef FK_BUS_H
#define FK_BUS_H

#include "../core/error.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct fk_bus fk_bus;

/* A message of the alert channel, as taken: its bytes belong to the bus until
 * fk_bus_alerts_done. */
typedef struct fk_bus_msg {
    const char *data;
    size_t len;
    void *handle;
} fk_bus_msg;

/* A backend: one row of the table in bus.c. */
typedef struct fk_bus_backend {
    const char *scheme; /* "inproc", "nats" */
    /* ns: a name of the store the batch ids belong to (see fk_bus_open) */
    int (*open)(void **state, const char *url, const char *ns, fk_err *err);
    /* key: what work is partitioned by (the member organisation's id) */
    int (*publish)(void *state, int64_t batch_id, int64_t key, fk_err *err);
    /* 1 and *batch_id: a message; 0: none within timeout_ms; -1: the bus is closed */
    int (*next)(void *state, int64_t *batch_id, int timeout_ms);
    void (*ack)(void *state, int64_t batch_id);
    void (*shutdown)(void *state); /* wakes every consumer; next then returns -1 */
    /* messages this consumer was given again (another had taken them); NULL: none */
    uint64_t (*redeliveries)(void *state);
    /* The rest are NULL on a bus inside one process (one consumer, nothing to share).
     * How many partitions batches are spread over, and which of them this consumer
     * takes from (owned[p] non-zero; before the first call, none). */
    int (*partitions)(void *state);
    void (*assign)(void *state, const unsigned char *owned, int n);
    /* the alert channel: at most max_message bytes a message, de-duplicated by msg_id */
    size_t (*max_message)(void *state);
    int (*publish_alerts)(void *state, const char *msg_id, const char *data, size_t len,
                          fk_err *err);
    int (*next_alerts)(void *state, fk_bus_msg *out, int timeout_ms);
    void (*alerts_done)(void *state, fk_bus_msg *msg, bool ack);
    void (*close)(void *state);
} fk_bus_backend;

/* url: "inproc:" (the default when NULL) or "nats://HOST:PORT". ns names the store
 * whose batch ids travel (letters and digits, from the hub's identity): batch 42 of one
 * store is not batch 42 of another, so hubs with stores of their own can share one NATS
 * server, and a store made again does not meet its predecessor's ids. */
int fk_bus_open(fk_bus **out, const char *url, const char *ns, fk_err *err);
/* Whether the bus carries batches to other processes (fukurou worker). */
bool fk_bus_is_shared(const fk_bus *b);
/* Returns once the backend holds the id (JetStream has acknowledged it). Errors:
 * FK_ERR_BUSY when the transport is unreachable (the sender should retry). */
int fk_bus_publish(fk_bus *b, int64_t batch_id, int64_t key, fk_err *err);
/* Waits up to timeout_ms for a batch. An id may arrive twice (republished at start and
 * by its request) or out of order: consumers de-duplicate by the batch's stored state. */
int fk_bus_next(fk_bus *b, int64_t *batch_id, int timeout_ms);
void fk_bus_ack(fk_bus *b, int64_t batch_id);
/* How many of the batches this process took had been given to a consumer before. */
uint64_t fk_bus_redeliveries(fk_bus *b);

/* ---- a shared bus only (fk_bus_is_shared) ---------------------------------------------
 * Batches are spread over partitions by their key; a worker takes from the partitions it
 * was assigned (its leases in the store), so one organisation's batches meet one
 * worker's windows. */
int fk_bus_partitions(fk_bus *b);
void fk_bus_assign(fk_bus *b, const unsigned char *owned, int n);
/* The alert channel: a worker publishes what detection found (returns once the bus holds
 * it; a msg_id given twice within the bus's de-duplication window is kept once), the
 * store's one writer takes, applies and then acknowledges (ack false: give it back). */
size_t fk_bus_max_message(fk_bus *b);
int fk_bus_publish_alerts(fk_bus *b, const char *msg_id, const char *data, size_t len, fk_err *err);
int fk_bus_next_alerts(fk_bus *b, fk_bus_msg *out, int timeout_ms);
void fk_bus_alerts_done(fk_bus *b, fk_bus_msg *msg, bool ack);
/* A numeric option of a bus URL ("nats://host:port?lease_ms=2000&…"), or dflt. */
int64_t fk_bus_url_option(const char *url, const char *key, int64_t dflt);
void fk_bus_shutdown(fk_bus *b);
void fk_bus_close(fk_bus *b);

#endif
