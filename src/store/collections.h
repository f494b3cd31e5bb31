/* TAXII 2.1 storage: API roots and collections (each with the audience that may read
 * it and the groups that may write to it), the objects in them with every version, in
 * the order they were added (the paging cursor), and status resources. */
#ifndef FK_COLLECTIONS_H
#define FK_COLLECTIONS_H

#include "db.h"
#include "directory.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#define FK_DEFAULT_API_ROOT "fukurou"

/* id may be NULL (a new UUID is made). audience: {sectors, groups, all_members, public}. */
int fk_collection_create(fk_db *db, const char *actor, const char *id, const char *api_root,
                         const char *title, const char *description, json_t *audience,
                         json_t *write_groups, char id_out[40], fk_err *err);
/* Declares an API root with a title (audited). name: lower-case letters, digits, '-', '_'. */
int fk_api_root_create(fk_db *db, const char *actor, const char *name, const char *title,
                       const char *description, fk_err *err);
/* The API roots (declared, or holding collections, plus the default one). */
int fk_api_roots(fk_db *db, json_t **out, fk_err *err);
/* Title and description of a root ({"title", "description"}); its name when undeclared. */
int fk_api_root_info(fk_db *db, const char *name, json_t **out, fk_err *err);
/* TAXII collection resources (with can_read/can_write for who) the caller may see. */
int fk_collection_list(fk_db *db, const fk_principal *who, const char *api_root, json_t **out,
                       fk_err *err);
/* 0 found (rights filled), 1 no such collection in that root, -1 error. */
int fk_collection_access(fk_db *db, const fk_principal *who, const char *api_root, const char *id,
                         bool *can_read, bool *can_write, fk_err *err);

/* Adds one object (a STIX object with type and id). 0 added, 1 that version was
 * already there, -1 error (err says what is wrong with the object). */
/* Schema migration 10 (run by db.c): versions and dates added as microsecond instants. */
int fk_taxii_migrate_instants(fk_db *db, fk_err *err);
/* date_added: the time the hub took the object, as fk_db_now_us writes it. */
int fk_taxii_add(fk_db *db, const char *collection, json_t *obj, const char *date_added,
                 fk_err *err);
/* Adds n objects, a few hundred rows a statement (a round trip each on PostgreSQL, not
 * one per object). result[i]: 0 added, 1 that version was there already (or earlier in
 * the load), -1 refused (why[i] says why: not a STIX object, a bad id, version or
 * specification version). Returns -1 only when the store failed (err). */
int fk_taxii_add_many(fk_db *db, const char *collection, json_t *const *objs, size_t n,
                      const char *date_added, int *result, fk_err *why, fk_err *err);
/* Adds a release's objects to every collection whose readers the release covers. */
int fk_taxii_publish(fk_db *db, json_t *audience, json_t *bundle, size_t *collections, fk_err *err);

typedef struct fk_taxii_query {
    const char *added_after; /* RFC 3339, or NULL */
    int64_t next;            /* paging cursor (exclusive), 0 from the start */
    size_t limit;
    const char *ids, *types, *versions, *spec_versions; /* comma lists, or NULL */
    const char *object_id;                              /* one object, or NULL */
} fk_taxii_query;

typedef struct fk_taxii_page {
    char *body; /* the envelope (or manifest / versions resource) as JSON text */
    char first_added[40], last_added[40];
    size_t count;
} fk_taxii_page;

typedef enum { FK_TAXII_OBJECTS, FK_TAXII_MANIFEST, FK_TAXII_VERSIONS } fk_taxii_view;

/* Runs a query on a collection; the body is malloc'd. An unusable filter value is an
 * error naming it (-1 with err; caller answers 400). */
int fk_taxii_query_run(fk_db *db, const char *collection, const fk_taxii_query *q,
                       fk_taxii_view view, fk_taxii_page *page, fk_err *err);
int fk_taxii_delete(fk_db *db, const char *actor, const char *collection, const char *object_id,
                    const fk_taxii_query *q, int *deleted, fk_err *err);

int fk_taxii_status_save(fk_db *db, const char *id, const char *collection, int64_t account_id,
                         json_t *successes, json_t *failures, json_t *pendings, int64_t report_id,
                         fk_err *err);
/* The status resource; pendings become successes once their report is released.
 * 0 found, 1 not found (or not the caller's), -1 error. */
int fk_taxii_status_load(fk_db *db, const char *id, const fk_principal *who, json_t **out,
                         fk_err *err);

/* The shared indicators live detection uses: the latest version of every indicator in
 * any collection, each object once, for fn (which may stop with nonzero). */
int fk_taxii_each_indicator(fk_db *db, int (*fn)(void *ctx, json_t *indicator), void *ctx,
                            fk_err *err);
/* Every indicator version added after generation `after` (fk_taxii_generation), oldest
 * first. */
int fk_taxii_each_indicator_since(fk_db *db, int64_t after, int (*fn)(void *ctx, json_t *indicator),
                                  void *ctx, fk_err *err);
/* Whether a member (its organisation and sector) may read an object in some collection:
 * live detection reports a shared indicator only to members its release reached, so a
 * TLP:AMBER indicator for one sector never shows up in another sector's alerts. */
int fk_taxii_readable_by(fk_db *db, int64_t org_id, const char *sector, const char *object_id,
                         bool *readable, fk_err *err);
/* A number that grows whenever an object is added to any collection: detection rebuilds
 * its indicators when it changes. */
int fk_taxii_generation(fk_db *db, int64_t *generation, fk_err *err);

#endif
