#include "feeds.h"

#include "../intel/stix.h"
#include "../model/marking.h"
#include "../store/collections.h"
#include "../store/feeds.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* "Bearer <key>" unless the variable already holds a scheme (Basic for servers that ask
 * for a user and password). */
static int auth_value(const fk_feed *f, char *out, size_t cap, bool *have, fk_err *err)
{
    *have = false;
    if (!f->key_env[0])
        return 0;
    const char *key = getenv(f->key_env);
    if (!key || !*key)
        return fk_errf(err, "feed %s: environment variable %s (its key) is not set", f->name,
                       f->key_env);
    bool scheme = !strncmp(key, "Bearer ", 7) || !strncmp(key, "Basic ", 6);
    if ((size_t)snprintf(out, cap, "%s%s", scheme ? "" : "Bearer ", key) >= cap)
        return fk_errf(err, "feed %s: the key in %s is too long", f->name, f->key_env);
    *have = true;
    return 0;
}

/* One page: every object added (or withheld, or refused), the cursor moved, all in one
 * transaction so that a crash repeats the page rather than skipping it. */
static int take_page(fk_db *db, const fk_feed *f, json_t *objects, const char *cursor,
                     fk_feed_poll *out, fk_err *err)
{
    char now[40];
    fk_db_now_us(now);
    if (fk_db_begin(db, err) != 0)
        return -1;
    json_t *defs = fk_stix_marking_definitions(objects);
    size_t i, taken = 0, withheld = 0, n = json_array_size(objects), k = 0;
    json_t *o;
    json_t **objs = n ? malloc(n * sizeof *objs) : NULL;
    int *result = n ? malloc(n * sizeof *result) : NULL;
    fk_err *why = n ? malloc(n * sizeof *why) : NULL;
    int rc = n && (!objs || !result || !why) ? fk_errc(err, FK_ERR_NOMEM, "out of memory") : 0;
    json_array_foreach(objects, i, o)
    {
        int pap = -1, tlp = fk_stix_object_tlp(o, defs, &pap);
        if (rc != 0)
            break;
        if (tlp >= 0 && !fk_tlp_redistributable((fk_tlp)tlp))
            withheld++;
        else
            objs[k++] = o;
    }
    /* a page's objects written together; one the store refuses is counted, not fatal */
    if (rc == 0 && k)
        rc = fk_taxii_add_many(db, f->collection_id, objs, k, now, result, why, err);
    for (i = 0; rc == 0 && i < k; i++) {
        if (result[i] >= 0)
            taken++;
        else
            out->refused++;
    }
    free(objs);
    free(result);
    free(why);
    json_decref(defs);
    if (rc == 0)
        rc = fk_feed_record_poll(db, f->name, cursor, (int64_t)taken, (int64_t)withheld, NULL, err);
    if (rc == 0)
        rc = fk_db_commit(db, err);
    if (rc != 0) {
        fk_db_rollback(db);
        return -1;
    }
    out->taken += taken;
    out->withheld += withheld;
    return 0;
}

static int poll_pages(fk_db *db, const fk_feed *f, const fk_feeds_config *cfg, const char *auth,
                      fk_feed_poll *out, fk_err *err)
{
    char after[128] = "", next[128] = "", url[2048];
    if (f->added_after[0] && !fk_taxii_url_encode(f->added_after, after, sizeof after))
        return fk_errf(err, "feed %s: cursor '%.40s' cannot be sent", f->name, f->added_after);
    snprintf(out->cursor, sizeof out->cursor, "%s", f->added_after);
    int max_pages = cfg->max_pages > 0 ? cfg->max_pages : 100;
    for (int page = 0; page < max_pages; page++) {
        int n = snprintf(url, sizeof url, "%sobjects/?limit=%zu%s%s%s%s", f->url,
                         cfg->page_size ? cfg->page_size : 1000, after[0] ? "&added_after=" : "",
                         after, next[0] ? "&next=" : "", next);
        if (n < 0 || (size_t)n >= sizeof url)
            return fk_errf(err, "feed %s: URL too long", f->name);
        fk_taxii_response r;
        if (fk_taxii_get(url, auth, &cfg->http, &r, err) != 0)
            return -1;
        if (r.status == 204 || (r.status == 200 && r.len == 0)) { /* nothing (more) */
            fk_taxii_response_free(&r);
            return 0;
        }
        if (r.status != 200) {
            json_t *e = json_loadb(r.body, r.len, 0, NULL);
            const char *title = json_string_value(json_object_get(e, "title"));
            fk_errc(err, FK_ERR_BUSY, "feed %s: HTTP %ld from %s%s%.200s", f->name, r.status,
                    f->url, title ? ": " : "", title ? title : "");
            json_decref(e);
            fk_taxii_response_free(&r);
            return -1;
        }
        json_error_t je;
        json_t *env = json_loadb(r.body, r.len, 0, &je);
        fk_taxii_response_free(&r);
        json_t *objects = json_object_get(env, "objects");
        if (!json_is_object(env) || (objects && !json_is_array(objects))) {
            json_decref(env);
            return fk_errf(err, "feed %s: the answer is not a TAXII envelope (%s)", f->name,
                           je.text[0] ? je.text : "expected {\"objects\": [...]}");
        }
        const char *cursor = r.added_last[0] ? r.added_last : NULL;
        /* an envelope without objects (an empty page) is taken as an empty list */
        json_t *none = objects ? NULL : json_array();
        int rc = take_page(db, f, objects ? objects : none, cursor, out, err);
        json_decref(none);
        out->pages++;
        if (cursor)
            snprintf(out->cursor, sizeof out->cursor, "%s", cursor);
        const char *nx = json_string_value(json_object_get(env, "next"));
        bool more = json_is_true(json_object_get(env, "more")) && nx &&
                    fk_taxii_url_encode(nx, next, sizeof next);
        json_decref(env);
        if (rc != 0)
            return -1;
        if (!more)
            return 0;
    }
    return 0; /* the rest waits for the next poll */
}

int fk_hub_feed_poll(fk_db *db, const char *name, const fk_feeds_config *cfg, fk_feed_poll *out,
                     fk_err *err)
{
    memset(out, 0, sizeof *out);
    fk_feed f;
    int found = fk_feed_get(db, name, &f, err);
    if (found != 0)
        return found < 0 ? -1 : fk_errf(err, "no feed named '%.80s'", name);
    char auth[2048];
    bool have_auth;
    int rc = auth_value(&f, auth, sizeof auth, &have_auth, err);
    if (rc == 0)
        rc = poll_pages(db, &f, cfg, have_auth ? auth : NULL, out, err);
    memset(auth, 0, sizeof auth);
    if (rc != 0) {
        fk_err rec;
        fk_feed_record_poll(db, f.name, NULL, 0, 0, err->msg, &rec);
    }
    return rc;
}

/* ---- the poller ------------------------------------------------------------------ */

/* Every feed polled, one after the other; a stop is heeded between feeds. */
static int64_t poll_all(fk_periodic *thread, fk_db *db, void *arg)
{
    const fk_feeds_config *cfg = arg;
    json_t *names;
    fk_err err;
    if (fk_feed_names(db, &names, &err) != 0) {
        if (!cfg->quiet)
            fprintf(stderr, "fukurou hub: feeds: %s\n", err.msg);
        return (int64_t)cfg->interval_s * 1000;
    }
    size_t i;
    json_t *n;
    json_array_foreach(names, i, n)
    {
        fk_feed_poll r;
        if (fk_hub_feed_poll(db, json_string_value(n), cfg, &r, &err) != 0) {
            if (!cfg->quiet)
                fprintf(stderr, "fukurou hub: %s\n", err.msg);
        } else if (!cfg->quiet && (r.taken || r.withheld || r.refused)) {
            fprintf(stderr, "fukurou hub: feed %s: %zu objects taken, %zu withheld, %zu refused\n",
                    json_string_value(n), r.taken, r.withheld, r.refused);
        }
        if (!fk_periodic_pause(thread, 0))
            break;
    }
    json_decref(names);
    return (int64_t)cfg->interval_s * 1000;
}

int fk_feeds_start(fk_periodic **out, const fk_feeds_config *cfg, fk_err *err)
{
    *out = NULL;
    if (cfg->interval_s <= 0)
        return 0;
    return fk_periodic_start(out, cfg->store, 0, poll_all, cfg, sizeof *cfg, err);
}
