/* Webhooks and the outbox (issue 16): the URLs organisations subscribe, and what is to
 * be delivered to them: one row per webhook for every change of a case, written in the
 * change's own transaction (the outbox pattern: never announced without having
 * happened, never lost once it happened), delivered and retried by the scheduler. Owns
 * webhook and outbox. */
#ifndef FK_STORE_OUTBOX_H
#define FK_STORE_OUTBOX_H

#include "db.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

int fk_webhook_add(fk_db *db, const char *actor, int64_t org_id, const char *url, int64_t now_ms,
                   int64_t *id, fk_err *err);
/* [{"id", "organisation", "url", "created"}]; org_id 0: every organisation's. */
int fk_webhook_list(fk_db *db, int64_t org_id, json_t **out, fk_err *err);
/* 1 when there is no such webhook (of that organisation; only_org 0: any). */
int fk_webhook_remove(fk_db *db, const char *actor, int64_t id, int64_t only_org, int64_t now_ms,
                      fk_err *err);

/* Queues an event about a case for the webhooks of its organisation and of the centre:
 * payload is the JSON body (stolen). In the caller's transaction. */
int fk_outbox_case_event(fk_db *db, int64_t case_id, const char *event, json_t *payload,
                         int64_t now_ms, fk_err *err);
/* What is due for delivery by now_ms, oldest first: [{"id", "webhook_id", "url", "event",
 * "payload", "attempts"}]. */
int fk_outbox_due(fk_db *db, int64_t now_ms, size_t limit, json_t **out, fk_err *err);
/* A delivery's outcome: delivered, or (error) tried again at next_ms (0: given up). */
int fk_outbox_result(fk_db *db, int64_t id, int64_t now_ms, const char *error, int64_t next_ms,
                     fk_err *err);
/* A webhook's recent deliveries, newest first. */
int fk_outbox_list(fk_db *db, int64_t webhook_id, size_t limit, json_t **out, fk_err *err);

#endif
