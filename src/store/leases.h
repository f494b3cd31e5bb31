/* Who owns what among the processes of a scaled-out centre, as leases in the shared
 * store: each `fukurou worker` holds the partitions (member organisations by id) whose
 * batches it alone processes, so an organisation's windows live in one worker at a
 * time; one hub holds "correlator" and alone stores the workers' alerts and correlates
 * across organisations. Also the record of alert messages applied. Owns the lease and
 * alert_delivery tables. */
#ifndef FK_STORE_LEASES_H
#define FK_STORE_LEASES_H

#include "db.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

/* What a worker holds of partition p after fk_lease_balance. */
enum {
    FK_LEASE_NONE = 0,    /* another worker's, or free and not this worker's share */
    FK_LEASE_HELD = 1,    /* this worker's share, held and renewed */
    FK_LEASE_GIVE_UP = 2, /* held and renewed, but another live worker's share now: the
                           * worker empties its windows, then fk_lease_release */
};

/* One heartbeat of worker `me` among `partitions` partitions, each statement committed
 * alone (a worker stopped mid-heartbeat holds no lock the others wait on): renews
 * its membership and what it holds, then claims the free or expired partitions of its
 * share. Live workers (membership not expired) sorted by name share the partitions
 * round-robin (partition p goes to the (p mod n)th), so every worker computes the same
 * plan and a partition changes hands only when its holder gives it up or dies (its lease
 * runs out after ttl_ms). state[partitions] receives FK_LEASE_*; *live the live workers. */
int fk_lease_balance(fk_db *db, const char *me, int partitions, int64_t now_ms, int64_t ttl_ms,
                     unsigned char *state, int *live, fk_err *err);
/* Makes `me` a live worker without taking anything yet: workers started together see one
 * another before the first of them claims its share, rather than one taking every
 * partition and giving half of it up a moment later. */
int fk_lease_join(fk_db *db, const char *me, int64_t now_ms, int64_t ttl_ms, fk_err *err);
/* Gives up partition p (after its windows were emptied). */
int fk_lease_release(fk_db *db, const char *me, int partition, fk_err *err);
/* A clean stop: every lease of `me`, its membership included, for others to take now. */
int fk_lease_release_all(fk_db *db, const char *me, fk_err *err);
/* Takes or renews a single lease (e.g. "correlator"): *held tells whether `me` has it. */
int fk_lease_hold(fk_db *db, const char *name, const char *me, int64_t now_ms, int64_t ttl_ms,
                  bool *held, fk_err *err);
/* The leases not expired, as a new JSON array of {"name", "owner", "expires_ms"}. */
int fk_lease_list(fk_db *db, int64_t now_ms, json_t **out, fk_err *err);

/* Records that the alert message `key` was applied (inside the transaction applying it):
 * 1 when new, 0 when it had been applied before (the caller rolls back and
 * acknowledges), -1 on error. batch_id 0: not a batch's (a worker's flush). */
int fk_alert_delivery_add(fk_db *db, const char *key, int64_t batch_id, int64_t alerts,
                          int64_t now_ms, fk_err *err);
/* How many parts of a batch's alerts, and how many alerts, were applied. */
int fk_alert_delivery_count(fk_db *db, int64_t batch_id, int64_t *parts, int64_t *alerts,
                            fk_err *err);
/* Forgets the applied messages older than before_ms (retention: past the bus's
 * de-duplication window and any redelivery). */
int fk_alert_delivery_prune(fk_db *db, int64_t before_ms, fk_err *err);

#endif
