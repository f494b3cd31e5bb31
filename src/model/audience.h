/* Who may read: the audience of a release or a TAXII collection, and the one rule that
 * says whether a reader is in it. Every layer asks here (the release policy, the store's
 * queries through a registered SQL function, live detection's TLP filter), so the rule
 * is written once. An audience is the JSON object the API takes and the store keeps:
 * {"sectors": [codes], "groups": [names], "organisations": [names], "all_members": bool,
 * "public": bool} (organisations, for an advisory to exactly the members it concerns,
 * only when named). */
#ifndef FK_AUDIENCE_H
#define FK_AUDIENCE_H

#include "../core/error.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

/* Whether a sector code is one the centre uses (the sector list is data). */
typedef bool (*fk_sector_known_fn)(void *ctx, const char *code);

/* Checks an audience and returns a new object with the four members and organisations
 * when named (NULL with err, code FK_ERR_INVALID, naming the field and what was
 * expected). known may be NULL: any code is accepted. An audience must name someone: a
 * sector, a group, an organisation, all members or the public. Organisation names are
 * checked against the directory by the caller that has one. */
json_t *fk_audience_normalise(json_t *in, fk_sector_known_fn known, void *ctx, fk_err *err);

/* A reader: the centre, or a member organisation by its sector, the groups it belongs
 * to and its name. */
typedef struct fk_reader {
    bool centre;
    const char *sector;
    const char *const *groups;
    size_t ngroups;
    const char *organisation; /* may be NULL */
} fk_reader;

/* The rule: the centre reads everything; an audience that is public or all members
 * admits every member; otherwise a member is admitted when the audience names its
 * sector, one of its groups or the organisation itself. A malformed audience admits only
 * the centre. */
bool fk_audience_admits(json_t *audience, const fk_reader *r);

/* Whether information released to `release` may be placed in a collection whose readers
 * are `collection`: only when every reader the collection admits is admitted by the
 * release (a release may reach more readers than a collection has, never fewer). */
bool fk_audience_reaches(json_t *release, json_t *collection);

#endif
