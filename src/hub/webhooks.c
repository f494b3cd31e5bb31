#include "webhooks.h"

#include "../store/outbox.h"
#include "notify.h"

#include <openssl/hmac.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *actor_of(const fk_principal *who, char buf[160])
{
    snprintf(buf, 160, "account:%s", who->account);
    return buf;
}

/* The secret of webhook id: hex HMAC-SHA256(the hub's key, "fukurou-webhook:<id>"). */
static int secret_of(int64_t id, char out[65], fk_err *err)
{
    const char *key = getenv("FUKUROU_WEBHOOK_KEY");
    if (!key || strlen(key) < 32)
        return fk_errc(err, FK_ERR_INVALID,
                       "webhooks need the hub's signing key: set FUKUROU_WEBHOOK_KEY (32 bytes "
                       "or more) in the hub's environment");
    char label[48];
    int n = snprintf(label, sizeof label, "fukurou-webhook:%lld", (long long)id);
    unsigned char mac[32];
    unsigned int len = 0;
    if (!HMAC(EVP_sha256(), key, (int)strlen(key), (const unsigned char *)label, (size_t)n, mac,
              &len) ||
        len != 32)
        return fk_errc(err, FK_ERR_NOMEM, "cannot derive the webhook's secret");
    static const char digits[] = "0123456789abcdef";
    for (int i = 0; i < 32; i++) {
        out[2 * i] = digits[mac[i] >> 4];
        out[2 * i + 1] = digits[mac[i] & 15];
    }
    out[64] = '\0';
    return 0;
}

int fk_hub_webhook_add(fk_db *db, const fk_principal *who, const char *url, int64_t now_ms,
                       json_t **out, fk_err *err)
{
    if (!url || strlen(url) > 2000 || strpbrk(url, " \r\n\t") ||
        (strncmp(url, "https://", 8) && strncmp(url, "http://", 7)))
        return fk_errc(err, FK_ERR_INVALID, "url: an http:// or https:// address");
    char probe[65];
    if (secret_of(0, probe, err) != 0) /* no key: say so before anything is stored */
        return -1;
    char actor[160], secret[65];
    int64_t id;
    if (fk_db_begin(db, err) != 0)
        return -1;
    if (fk_webhook_add(db, actor_of(who, actor), who->org_id, url, now_ms, &id, err) != 0 ||
        secret_of(id, secret, err) != 0 || fk_db_commit(db, err) != 0) {
        fk_db_rollback(db);
        return -1;
    }
    *out = json_pack("{sI ss ss}", "id", (json_int_t)id, "url", url, "secret", secret);
    memset(secret, 0, sizeof secret);
    return *out ? 0 : fk_errc(err, FK_ERR_NOMEM, "out of memory");
}

int fk_hub_webhooks(fk_db *db, const fk_principal *who, json_t **out, fk_err *err)
{
    return fk_webhook_list(db, fk_role_is_centre(who->role) ? 0 : who->org_id, out, err);
}

int fk_hub_webhook_remove(fk_db *db, const fk_principal *who, int64_t id, int64_t now_ms,
                          fk_err *err)
{
    char actor[160];
    if (fk_db_begin(db, err) != 0)
        return -1;
    int rc = fk_webhook_remove(db, actor_of(who, actor), id,
                               fk_role_is_centre(who->role) ? 0 : who->org_id, now_ms, err);
    if (rc == 0 && fk_db_commit(db, err) == 0)
        return 0;
    fk_db_rollback(db);
    return rc > 0 ? 1 : -1;
}

int fk_hub_webhook_deliveries(fk_db *db, const fk_principal *who, int64_t id, json_t **out,
                              fk_err *err)
{
    json_t *mine;
    if (fk_hub_webhooks(db, who, &mine, err) != 0)
        return -1;
    bool found = false;
    size_t i;
    json_t *w;
    json_array_foreach(mine, i, w) found =
        found || json_integer_value(json_object_get(w, "id")) == id;
    json_decref(mine);
    if (!found)
        return 1;
    return fk_outbox_list(db, id, 100, out, err);
}

int fk_hub_outbox_deliver(fk_db *db, bool allow_private, int64_t now_ms, size_t limit,
                          size_t *delivered, fk_err *err)
{
    *delivered = 0;
    json_t *due;
    if (fk_outbox_due(db, now_ms, limit, &due, err) != 0)
        return -1;
    int rc = 0;
    size_t i;
    json_t *d;
    json_array_foreach(due, i, d)
    {
        int64_t id = json_integer_value(json_object_get(d, "id"));
        int attempts = (int)json_integer_value(json_object_get(d, "attempts")) + 1;
        char secret[65];
        fk_err send_err;
        int sent =
            secret_of(json_integer_value(json_object_get(d, "webhook_id")), secret, &send_err) == 0
                ? fk_notify_webhook(json_string_value(json_object_get(d, "url")), secret,
                                    json_string_value(json_object_get(d, "event")), id,
                                    json_string_value(json_object_get(d, "payload")), allow_private,
                                    &send_err)
                : -1;
        memset(secret, 0, sizeof secret);
        int64_t next = sent == 0 ? 0 : fk_notify_retry_at(now_ms, attempts);
        if ((rc = fk_outbox_result(db, id, now_ms, sent == 0 ? NULL : send_err.msg, next, err)) !=
            0)
            break;
        if (sent == 0)
            (*delivered)++;
    }
    json_decref(due);
    return rc;
}
