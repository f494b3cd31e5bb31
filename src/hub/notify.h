/* Notifications leaving the hub: plain-text e-mail through an SMTP relay (libcurl's
 * SMTP client; STARTTLS when the URL is smtps:// or the relay offers it). Messages are
 * UTF-8, the subject encoded as RFC 2047 asks, headers refused if a value would break
 * a line (no header injection through an address or a subject). Owns nothing between
 * calls. */
#ifndef FK_NOTIFY_H
#define FK_NOTIFY_H

#include "../core/error.h"

typedef struct fk_mail_config {
    const char *smtp_url; /* smtp://host:port; NULL: no mail is sent */
    const char *from;     /* the envelope and From: address */
} fk_mail_config;

/* 0 sent (accepted by the relay), or -1 with err saying why (FK_ERR_INVALID for an
 * address or subject that cannot go in a header; FK_ERR_BUSY when the relay
 * refused or could not be reached). */
int fk_notify_mail(const fk_mail_config *cfg, const char *to, const char *subject, const char *body,
                   fk_err *err);

#endif
