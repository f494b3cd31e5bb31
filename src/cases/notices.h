/* What coordination tells people by e-mail, as one table: for each event of a case's
 * timeline and of a release, who is told (the organisation concerned, the centre, the
 * supporting organisation a request is addressed to) and the message, in Japanese or
 * English, written from the event's payload. A supporting organisation's message never
 * names the case's organisation nor its title. Owns only constant data; no I/O. */
#ifndef FK_CASES_NOTICES_H
#define FK_CASES_NOTICES_H

#include "../core/error.h"

#include <jansson.h>

enum {
    FK_NOTICE_ORGANISATION = 1, /* the case's organisation, a release's addressees */
    FK_NOTICE_CENTRE = 2,
    FK_NOTICE_SUPPORTER = 4, /* the organisation a support request is addressed to */
};

/* Who is told of event (a mask of the above; 0: no one). detail: the event's detail, for
 * the events whose recipients depend on it (a support step: the centre is told of the
 * supporter's answers, the supporter of a cancellation). */
int fk_notice_recipients(const char *event, json_t *detail);

/* The message for recipient (one of the above) in lang ("ja" or "en"; anything else is
 * English), from payload {"event", "case" or "release", "title", "detail", "link"}:
 * *subject and *body allocated (free them). -1 with err for an event without a message. */
int fk_notice_compose(const char *lang, int recipient, json_t *payload, char **subject, char **body,
                      fk_err *err);

#endif
