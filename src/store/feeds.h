/* Remote TAXII feeds: collections on other servers (a partner CSIRT, a sector ISAC,
 * another fukurou hub) that the hub polls into one of its own collections, so their
 * indicators reach live detection and the members that collection's audience names.
 * Owns the taxii_feed table: where each feed is, its cursor and how its last poll went.
 * Credentials are not stored: a feed names the environment variable holding its key. */
#ifndef FK_STORE_FEEDS_H
#define FK_STORE_FEEDS_H

#include "db.h"

#include <jansson.h>
#include <stdint.h>

typedef struct fk_feed {
    char name[64];
    char url[1024];         /* the remote collection, ending in '/' */
    char collection_id[40]; /* the local collection it fills */
    char key_env[64];       /* "" when the server needs no key */
    char added_after[40];   /* cursor: the last X-TAXII-Date-Added-Last seen, or "" */
} fk_feed;

/* Adds a feed (audited). url must be http(s) and name a collection ("/collections/ID/");
 * the local collection must exist. FK_ERR_CONFLICT for a name in use. */
int fk_feed_add(fk_db *db, const char *actor, const char *name, const char *url,
                const char *collection_id, const char *key_env, fk_err *err);
/* 1 when there was no such feed. */
int fk_feed_remove(fk_db *db, const char *actor, const char *name, fk_err *err);
/* 0 found, 1 not found. */
int fk_feed_get(fk_db *db, const char *name, fk_feed *out, fk_err *err);
/* Every feed's name, in order, as a JSON array of strings. */
int fk_feed_names(fk_db *db, json_t **out, fk_err *err);
/* [{name, url, collection, key_env, added_after, last_poll_at, last_ok_at, last_error,
 * objects_taken, objects_withheld}] */
int fk_feed_list(fk_db *db, json_t **out, fk_err *err);
/* After a poll: the new cursor (NULL keeps it), what was taken and withheld, and the
 * error (NULL when the poll succeeded, which also sets last_ok_at). */
int fk_feed_record_poll(fk_db *db, const char *name, const char *added_after, int64_t taken,
                        int64_t withheld, const char *error, fk_err *err);

#endif
