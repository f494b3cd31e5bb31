/* The in-process bus backend: a growable queue of batch ids under a mutex, with a
 * condition variable for the detection worker. Durability is the store's: a batch is
 * stored before it is published, and the hub republishes pending batches at start. */
#ifndef FK_BUS_INPROC_H
#define FK_BUS_INPROC_H

#include "bus.h"

extern const fk_bus_backend fk_bus_inproc;

#endif
