/* Webhooks and the outboxes (issue 16): the URLs organisations subscribe, and what is to
 * be delivered: one row per webhook for every change of a case, and one e-mail notice
 * per organisation told (cases/notices.h says who), each written in the change's own
 * transaction (the outbox pattern: never announced without having happened, never lost
 * once it happened), delivered and retried by the scheduler. Owns webhook, outbox and
 * mail_outbox. */
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
 * payload is the JSON body. In the caller's transaction. */
int fk_outbox_case_event(fk_db *db, int64_t case_id, const char *event, const char *payload,
                         int64_t now_ms, fk_err *err);
/* What is due for delivery by now_ms, oldest first: [{"id", "webhook_id", "url", "event",
 * "payload", "attempts"}]. */
int fk_outbox_due(fk_db *db, int64_t now_ms, size_t limit, json_t **out, fk_err *err);
/* A delivery's outcome: delivered, or (error) tried again at next_ms (0: given up). */
int fk_outbox_result(fk_db *db, int64_t id, int64_t now_ms, const char *error, int64_t next_ms,
                     fk_err *err);
/* A webhook's recent deliveries, newest first. */
int fk_outbox_list(fk_db *db, int64_t webhook_id, size_t limit, json_t **out, fk_err *err);

/* Queues an e-mail notice about a case (object "case:<id>") for the first e-mail contact,
 * in the chain in force, of the organisations recipient (a mask of cases/notices.h)
 * names: the case's for FK_NOTICE_ORGANISATION, the centre's for FK_NOTICE_CENTRE (once,
 * also of a case about the centre), request_id's supporter for FK_NOTICE_SUPPORTER. An
 * organisation without an e-mail contact is not told. payload: JSON text. */
int fk_outbox_mail_case(fk_db *db, int64_t case_id, int64_t request_id, const char *event,
                        int recipient, const char *payload, int64_t now_ms, fk_err *err);
/* The same for each organisation (not the centre) a release is addressed to; unanswered:
 * only those that have not answered it with a receipt. *queued: how many. */
int fk_outbox_mail_release(fk_db *db, int64_t release_id, const char *event, const char *payload,
                           bool unanswered, int64_t now_ms, size_t *queued, fk_err *err);
/* What is due by now_ms, oldest first: [{"id", "object", "event", "recipient", "payload",
 * "attempts", "contact", "address", "lang"}]. */
int fk_outbox_mail_due(fk_db *db, int64_t now_ms, size_t limit, json_t **out, fk_err *err);
/* A notice's outcome: sent, or (error) tried again at next_ms (0: given up). */
int fk_outbox_mail_result(fk_db *db, int64_t id, int64_t now_ms, const char *error, int64_t next_ms,
                          fk_err *err);
/* The notices about object, newest first: [{"id", "event", "recipient", "contact",
 * "attempts", "created", "sent" or "next_try", "error"}]. */
int fk_outbox_mail_list(fk_db *db, const char *object, size_t limit, json_t **out, fk_err *err);

#endif
