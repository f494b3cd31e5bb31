#include "audience.h"

#include <string.h>

json_t *fk_audience_normalise(json_t *in, fk_sector_known_fn known, void *ctx, fk_err *err)
{
    if (!json_is_object(in)) {
        fk_errf(err, "audience: expected {\"sectors\": [...], \"groups\": [...], "
                     "\"organisations\": [...], \"all_members\": true|false, \"public\": "
                     "true|false}");
        return NULL;
    }
    json_t *sectors = json_object_get(in, "sectors"), *groups = json_object_get(in, "groups");
    json_t *orgs = json_object_get(in, "organisations");
    json_t *all = json_object_get(in, "all_members"), *pub = json_object_get(in, "public");
    if ((sectors && !json_is_array(sectors)) || (groups && !json_is_array(groups)) ||
        (orgs && !json_is_array(orgs)) || (all && !json_is_boolean(all)) ||
        (pub && !json_is_boolean(pub))) {
        fk_errf(err, "audience: sectors, groups and organisations are lists, all_members and "
                     "public are true or false");
        return NULL;
    }
    const char *key;
    json_t *v;
    json_object_foreach(in, key, v)
    {
        if (strcmp(key, "sectors") && strcmp(key, "groups") && strcmp(key, "organisations") &&
            strcmp(key, "all_members") && strcmp(key, "public")) {
            fk_errf(err,
                    "audience.%.60s: unknown member (expected sectors, groups, "
                    "organisations, all_members, public)",
                    key);
            return NULL;
        }
    }
    size_t i;
    json_array_foreach(sectors, i, v)
    {
        if (!json_is_string(v) || (known && !known(ctx, json_string_value(v)))) {
            fk_errf(err, "audience.sectors[%zu]: '%.60s' is not a sector code", i,
                    json_is_string(v) ? json_string_value(v) : "?");
            return NULL;
        }
    }
    json_array_foreach(groups, i, v)
    {
        if (!json_is_string(v) || !json_string_length(v)) {
            fk_errf(err, "audience.groups[%zu]: expected a group name", i);
            return NULL;
        }
    }
    json_array_foreach(orgs, i, v)
    {
        if (!json_is_string(v) || !json_string_length(v)) {
            fk_errf(err, "audience.organisations[%zu]: expected an organisation's name", i);
            return NULL;
        }
    }
    bool is_all = json_is_true(all), is_pub = json_is_true(pub);
    if (!is_all && !is_pub && json_array_size(sectors) == 0 && json_array_size(groups) == 0 &&
        json_array_size(orgs) == 0) {
        fk_errf(err, "audience: name at least one sector, group or organisation, or all_members "
                     "or public");
        return NULL;
    }
    /* "o" takes the reference given: an existing list is lent one, a missing one is new */
    json_t *out = json_pack("{sososbsb}", "sectors", sectors ? json_incref(sectors) : json_array(),
                            "groups", groups ? json_incref(groups) : json_array(), "all_members",
                            is_all, "public", is_pub);
    /* organisations only when named: an audience of sectors and groups keeps its shape */
    if (out && json_array_size(orgs) && json_object_set(out, "organisations", orgs) != 0) {
        json_decref(out);
        out = NULL;
    }
    if (!out)
        fk_errc(err, FK_ERR_NOMEM, "out of memory");
    return out;
}

static bool names(json_t *list, const char *s)
{
    size_t i;
    json_t *v;
    json_array_foreach(list, i, v)
    {
        const char *t = json_string_value(v);
        if (s && t && !strcmp(t, s))
            return true;
    }
    return false;
}

bool fk_audience_admits(json_t *audience, const fk_reader *r)
{
    if (r->centre)
        return true;
    if (!json_is_object(audience))
        return false;
    if (json_is_true(json_object_get(audience, "public")) ||
        json_is_true(json_object_get(audience, "all_members")))
        return true;
    if (names(json_object_get(audience, "sectors"), r->sector))
        return true;
    json_t *groups = json_object_get(audience, "groups");
    for (size_t i = 0; i < r->ngroups; i++)
        if (names(groups, r->groups[i]))
            return true;
    return names(json_object_get(audience, "organisations"), r->organisation);
}

static bool subset(json_t *of, json_t *in)
{
    size_t i;
    json_t *v;
    json_array_foreach(of, i, v)
    {
        if (!names(in, json_string_value(v)))
            return false;
    }
    return true;
}

bool fk_audience_reaches(json_t *release, json_t *collection)
{
    if (!json_is_object(release) || !json_is_object(collection))
        return false;
    bool rel_pub = json_is_true(json_object_get(release, "public"));
    bool rel_all = json_is_true(json_object_get(release, "all_members"));
    bool col_pub = json_is_true(json_object_get(collection, "public"));
    bool col_all = json_is_true(json_object_get(collection, "all_members"));
    if (rel_pub)
        return true;
    if (col_pub)
        return false;
    if (rel_all)
        return true;
    if (col_all)
        return false;
    json_t *cs = json_object_get(collection, "sectors"),
           *cg = json_object_get(collection, "groups"),
           *co = json_object_get(collection, "organisations");
    if (json_array_size(cs) + json_array_size(cg) + json_array_size(co) == 0)
        return false; /* a collection read by no one is filled by no release */
    return subset(cs, json_object_get(release, "sectors")) &&
           subset(cg, json_object_get(release, "groups")) &&
           subset(co, json_object_get(release, "organisations"));
}
