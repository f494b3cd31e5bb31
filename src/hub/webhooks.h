/* Webhooks as use cases: an organisation (a member for itself, the centre for itself)
 * subscribes a URL and gets the signing secret once; it is never stored, but derived
 * from the hub's key (FUKUROU_WEBHOOK_KEY in the environment, at least 32 bytes) and the
 * webhook's id. The delivery of the outbox, run by the scheduler: each due event POSTed,
 * signed, and retried with a growing pause (10 s, 20 s, ... up to an hour) until it is
 * taken, or given up after ten tries. */
#ifndef FK_HUB_WEBHOOKS_H
#define FK_HUB_WEBHOOKS_H

#include "../store/db.h"
#include "../store/directory.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

/* *out: {"id", "url", "secret"}. FK_ERR_INVALID for a URL that is not http(s) or when
 * the hub has no key. */
int fk_hub_webhook_add(fk_db *db, const fk_principal *who, const char *url, int64_t now_ms,
                       json_t **out, fk_err *err);
/* The caller's organisation's (the centre: every organisation's). */
int fk_hub_webhooks(fk_db *db, const fk_principal *who, json_t **out, fk_err *err);
/* 1 when the caller has no such webhook. */
int fk_hub_webhook_remove(fk_db *db, const fk_principal *who, int64_t id, int64_t now_ms,
                          fk_err *err);
/* A webhook's recent deliveries; 1 when the caller has no such webhook. */
int fk_hub_webhook_deliveries(fk_db *db, const fk_principal *who, int64_t id, json_t **out,
                              fk_err *err);
/* The scheduler's part: deliver what is due (at most limit). */
int fk_hub_outbox_deliver(fk_db *db, bool allow_private, int64_t now_ms, size_t limit,
                          size_t *delivered, fk_err *err);

#endif
