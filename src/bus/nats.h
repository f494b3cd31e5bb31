/* The NATS JetStream bus backend (libnats), for detection spread over worker processes
 * and machines: `nats://HOST:PORT[?ack_wait_ms=N&partitions=N]`. A batch id is published
 * on fk.<store>.batch.<partition> (the partition from the member organisation) in the
 * store's stream FK_BATCHES_<store>, with Nats-Msg-Id so JetStream drops a republished
 * one; publish returns once JetStream has stored it.
 * Workers share one durable pull consumer with explicit acknowledgement: a batch a
 * worker took and never acknowledged (it died) is delivered again after ack_wait_ms. */
#ifndef FK_BUS_NATS_H
#define FK_BUS_NATS_H

#include "bus.h"

extern const fk_bus_backend fk_bus_nats;

#endif
