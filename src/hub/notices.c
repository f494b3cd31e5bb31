#include "notices.h"

#include "../cases/notices.h"
#include "../store/audit.h"
#include "../store/cases.h"
#include "../store/outbox.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The console page a notice points to: the case, the release, or for a supporting
 * organisation its support requests (it does not see the case). */
static void link_of(const char *public_url, json_t *d, json_t *payload)
{
    if (!public_url || !*public_url)
        return;
    const char *object = json_string_value(json_object_get(d, "object"));
    const char *colon = strchr(object, ':');
    char link[700];
    if (!strcmp(json_string_value(json_object_get(d, "recipient")), "supporter"))
        snprintf(link, sizeof link, "%s/console/support", public_url);
    else if (!strncmp(object, "release:", 8))
        snprintf(link, sizeof link, "%s/console/releases/%s", public_url, colon + 1);
    else
        snprintf(link, sizeof link, "%s/console/cases/%s", public_url, colon + 1);
    json_object_set_new(payload, "link", json_string(link));
}

/* The case's title for a message to its organisation or the centre, read when the
 * notice is sent rather than with every change (a supporter is never told it). */
static void title_of(fk_db *db, json_t *d, json_t *payload)
{
    const char *object = json_string_value(json_object_get(d, "object"));
    json_t *c = NULL;
    fk_err err;
    if (!strncmp(object, "case:", 5) &&
        strcmp(json_string_value(json_object_get(d, "recipient")), "supporter") != 0 &&
        fk_case_load(db, strtoll(object + 5, NULL, 10), &c, &err) == 0)
        json_object_set(payload, "title", json_object_get(c, "title"));
    json_decref(c);
}

/* One notice written and sent: 0 sent, -1 with why in send_err. */
static int send_one(fk_db *db, const fk_mail_config *mail, const char *public_url, json_t *d,
                    fk_err *send_err)
{
    json_error_t jerr;
    json_t *payload = json_loads(json_string_value(json_object_get(d, "payload")), 0, &jerr);
    if (!payload)
        return fk_errc(send_err, FK_ERR_INVALID, "notice payload: %s", jerr.text);
    link_of(public_url, d, payload);
    title_of(db, d, payload);
    const char *recipient = json_string_value(json_object_get(d, "recipient"));
    int who = !strcmp(recipient, "supporter") ? FK_NOTICE_SUPPORTER
              : !strcmp(recipient, "centre")  ? FK_NOTICE_CENTRE
                                              : FK_NOTICE_ORGANISATION;
    char *subject, *body;
    int rc = fk_notice_compose(json_string_value(json_object_get(d, "lang")), who, payload,
                               &subject, &body, send_err);
    json_decref(payload);
    if (rc != 0)
        return -1;
    rc = fk_notify_mail(mail, json_string_value(json_object_get(d, "address")), subject, body,
                        send_err);
    free(subject);
    free(body);
    return rc;
}

/* "Told": the case's timeline notes who was told of what. A supporting organisation or
 * the centre is not named in a member's timeline by its people. */
static int note_sent(fk_db *db, json_t *d, fk_err *err)
{
    const char *object = json_string_value(json_object_get(d, "object"));
    if (strncmp(object, "case:", 5) != 0)
        return 0;
    json_t *detail = json_pack("{sO sO ss}", "event", json_object_get(d, "event"), "recipient",
                               json_object_get(d, "recipient"), "channel", "email");
    if (detail && !strcmp(json_string_value(json_object_get(d, "recipient")), "organisation"))
        json_object_set(detail, "contact", json_object_get(d, "contact"));
    char *text = detail ? json_dumps(detail, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(detail);
    if (!text)
        return fk_errc(err, FK_ERR_NOMEM, "out of memory");
    int rc = fk_audit_append(db, "scheduler", "case.notified", object, text, err);
    free(text);
    return rc;
}

int fk_hub_notices_deliver(fk_db *db, const fk_mail_config *mail, const char *public_url,
                           int64_t now_ms, size_t limit, size_t *sent, fk_err *err)
{
    *sent = 0;
    json_t *due;
    if (fk_outbox_mail_due(db, now_ms, limit, &due, err) != 0)
        return -1;
    int rc = 0;
    size_t i;
    json_t *d;
    json_array_foreach(due, i, d)
    {
        int attempts = (int)json_integer_value(json_object_get(d, "attempts")) + 1;
        fk_err send_err;
        int ok = send_one(db, mail, public_url, d, &send_err) == 0;
        /* nothing to send through: no use trying again until the hub is given a relay */
        bool no_relay = !ok && (!mail || !mail->smtp_url || !*mail->smtp_url);
        int64_t next = ok || no_relay || send_err.code == FK_ERR_INVALID
                           ? 0
                           : fk_notify_retry_at(now_ms, attempts);
        if ((rc = fk_db_begin(db, err)) != 0)
            break;
        rc = fk_outbox_mail_result(db, json_integer_value(json_object_get(d, "id")), now_ms,
                                   ok ? NULL : send_err.msg, next, err);
        if (rc == 0 && ok)
            rc = note_sent(db, d, err);
        if (rc == 0)
            rc = fk_db_commit(db, err);
        if (rc != 0) {
            fk_db_rollback(db);
            break;
        }
        if (ok)
            (*sent)++;
    }
    json_decref(due);
    return rc;
}
