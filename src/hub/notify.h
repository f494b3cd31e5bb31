/* Notifications leaving the hub: plain-text e-mail through an SMTP relay (libcurl's
 * SMTP client; STARTTLS when the URL is smtps:// or the relay offers it), and signed
 * webhooks (an HTTP POST of JSON with an HMAC-SHA256 signature over a timestamp and the
 * body). Messages are UTF-8, the subject encoded as RFC 2047 asks, headers refused if a
 * value would break a line. Owns nothing between calls. */
#ifndef FK_NOTIFY_H
#define FK_NOTIFY_H

#include "../core/error.h"

#include <stdbool.h>
#include <stdint.h>

typedef struct fk_mail_config {
    const char *smtp_url; /* smtp://host:port; NULL: no mail is sent */
    const char *from;     /* the envelope and From: address */
} fk_mail_config;

/* 0 sent (accepted by the relay), or -1 with err saying why (FK_ERR_INVALID for an
 * address or subject that cannot go in a header; FK_ERR_BUSY when the relay
 * refused or could not be reached). */
int fk_notify_mail(const fk_mail_config *cfg, const char *to, const char *subject, const char *body,
                   fk_err *err);

/* POSTs body (JSON) to url with the headers X-Fukurou-Event, X-Fukurou-Delivery and
 * X-Fukurou-Signature: "t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + body)>".
 * Only http(s); an address inside a network (loopback, private, link-local) is refused
 * unless allow_private, whatever name led to it, so a subscriber cannot make the hub
 * reach its own network. 0 on a 2xx answer, else -1 with err saying what happened. */
int fk_notify_webhook(const char *url, const char *secret, const char *event, int64_t delivery,
                      const char *body, bool allow_private, fk_err *err);

/* When a delivery that failed for the attempts-th time is tried again: after 10 s, 20 s,
 * 40 s ... at most an hour between tries; 0 after the tenth (given up). */
int64_t fk_notify_retry_at(int64_t now_ms, int attempts);

#endif
