#include "alert_wire.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* room kept in every part for the head around its alerts */
#define HEAD_ROOM 2048

static void part_key(const fk_alert_wire_head *h, size_t part, char *key, size_t cap)
{
    if (h->batch_id > 0)
        snprintf(key, cap, "alerts-%lld-%zu", (long long)h->batch_id, part);
    else
        snprintf(key, cap, "flush-%s-%llu-%zu", h->origin ? h->origin : "",
                 (unsigned long long)h->seq, part);
}

static int send_part(const fk_alert_wire_head *h, json_t *list, size_t part, size_t parts,
                     fk_alert_wire_fn send, void *ctx, fk_err *err)
{
    char key[400];
    part_key(h, part, key, sizeof key);
    json_t *msg =
        json_pack("{ss sI ss sI ss sI sI sI sO}", "key", key, "batch", (json_int_t)h->batch_id,
                  "org", h->org ? h->org : "", "org_id", (json_int_t)h->org_id, "sector",
                  h->sector ? h->sector : "", "events", (json_int_t)h->events, "part",
                  (json_int_t)part, "parts", (json_int_t)parts, "alerts", list);
    char *data = msg ? json_dumps(msg, JSON_COMPACT) : NULL;
    json_decref(msg);
    if (!data)
        return fk_errc(err, FK_ERR_NOMEM, "alerts: out of memory");
    int rc = send(ctx, key, data, strlen(data), err);
    free(data);
    return rc;
}

int fk_alert_wire_encode(const fk_alert_wire_head *h, const fk_alert *alerts, size_t stride,
                         size_t n, size_t max_bytes, fk_alert_wire_fn send, void *ctx, fk_err *err)
{
    if (max_bytes <= HEAD_ROOM * 2)
        return fk_errc(err, FK_ERR_INVALID, "alerts: messages of %zu bytes are too small",
                       max_bytes);
    json_t **objs = n ? calloc(n, sizeof *objs) : NULL;
    size_t *part_of = n ? calloc(n, sizeof *part_of) : NULL;
    if (n && (!objs || !part_of)) {
        free(objs);
        free(part_of);
        return fk_errc(err, FK_ERR_NOMEM, "alerts: out of memory");
    }
    /* first the parts each alert goes to, so every part can say how many there are */
    int rc = 0;
    size_t parts = 1, used = 0;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        const fk_alert *a = (const fk_alert *)((const char *)alerts + i * stride);
        if (!(objs[i] = fk_alert_to_json(a))) {
            rc = fk_errc(err, FK_ERR_NOMEM, "alerts: out of memory");
            break;
        }
        size_t size = json_dumpb(objs[i], NULL, 0, JSON_COMPACT) + 1;
        if (size > max_bytes - HEAD_ROOM) {
            rc = fk_errc(err, FK_ERR_INVALID, "alerts: one alert of %zu bytes", size);
            break;
        }
        if (used + size > max_bytes - HEAD_ROOM) {
            parts++;
            used = 0;
        }
        used += size;
        part_of[i] = parts - 1;
    }
    size_t i = 0;
    for (size_t part = 0; rc == 0 && part < parts; part++) {
        json_t *list = json_array();
        if (!list) {
            rc = fk_errc(err, FK_ERR_NOMEM, "alerts: out of memory");
            break;
        }
        for (; i < n && part_of[i] == part; i++)
            if (json_array_append(list, objs[i]) != 0)
                rc = fk_errc(err, FK_ERR_NOMEM, "alerts: out of memory");
        if (rc == 0)
            rc = send_part(h, list, part, parts, send, ctx, err);
        json_decref(list);
    }
    for (size_t k = 0; k < n; k++)
        json_decref(objs[k]);
    free(objs);
    free(part_of);
    return rc;
}

int fk_alert_wire_decode(const char *data, size_t len, fk_alert_wire_head *h, json_t **root,
                         json_t **alerts, fk_err *err)
{
    memset(h, 0, sizeof *h);
    *alerts = NULL;
    json_error_t je;
    if (!(*root = json_loadb(data, len, 0, &je)))
        return fk_errc(err, FK_ERR_INVALID, "alerts message: %s at byte %d", je.text, je.position);
    json_t *o = *root;
    const char *texts[] = {"key", "org", "sector"};
    const char **to[] = {&h->key, &h->org, &h->sector};
    for (size_t i = 0; i < 3; i++) {
        json_t *v = json_object_get(o, texts[i]);
        if (!json_is_string(v))
            return fk_errc(err, FK_ERR_INVALID, "alerts message: \"%s\" must be a string",
                           texts[i]);
        *to[i] = json_string_value(v);
    }
    const char *nums[] = {"batch", "org_id", "events", "part", "parts"};
    json_int_t v[5];
    for (size_t i = 0; i < 5; i++) {
        json_t *j = json_object_get(o, nums[i]);
        if (!json_is_integer(j) || json_integer_value(j) < 0)
            return fk_errc(err, FK_ERR_INVALID,
                           "alerts message: \"%s\" must be an integer of at least 0", nums[i]);
        v[i] = json_integer_value(j);
    }
    h->batch_id = v[0];
    h->org_id = v[1];
    h->events = (uint64_t)v[2];
    h->part = v[3];
    h->parts = v[4];
    if (!*h->key || h->parts < 1 || h->part >= h->parts)
        return fk_errc(err, FK_ERR_INVALID, "alerts message: part %lld of %lld", (long long)h->part,
                       (long long)h->parts);
    if (!json_is_array(*alerts = json_object_get(o, "alerts")))
        return fk_errc(err, FK_ERR_INVALID, "alerts message: \"alerts\" must be an array");
    return 0;
}
