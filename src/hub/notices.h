/* The delivery of e-mail notices, run by the scheduler: each notice the outbox holds is
 * written in its contact's language (cases/notices.h) with a link into the console,
 * sent through the relay, retried with a growing pause, and, once sent about a case,
 * noted in the case's timeline (who was told of what, through which channel). Owns
 * nothing between calls. */
#ifndef FK_HUB_NOTICES_H
#define FK_HUB_NOTICES_H

#include "../store/db.h"
#include "notify.h"

#include <stddef.h>
#include <stdint.h>

/* public_url: the console's address as members reach it (NULL: messages carry no link). */
int fk_hub_notices_deliver(fk_db *db, const fk_mail_config *mail, const char *public_url,
                           int64_t now_ms, size_t limit, size_t *sent, fk_err *err);

#endif
