#include "support.h"

#include "../cases/workflow.h"
#include "../core/timefmt.h"
#include "cases.h"

#include <stdio.h>
#include <string.h>

static const char *actor_of(const fk_principal *who, char buf[160])
{
    snprintf(buf, 160, "account:%s", who->account);
    return buf;
}

static int done(fk_db *db, int rc, fk_err *err)
{
    if (rc == 0 && fk_db_commit(db, err) == 0)
        return 0;
    fk_db_rollback(db);
    return rc > 0 ? rc : -1;
}

int fk_hub_supporter_set(fk_db *db, const fk_principal *who, const char *org, json_t *codes,
                         fk_err *err)
{
    if (who->role != FK_ROLE_CENTRE_ADMIN)
        return fk_errc(err, FK_ERR_DENIED, "only a centre-admin keeps the supporters");
    if (!json_is_array(codes))
        return fk_errc(err, FK_ERR_INVALID, "capabilities: a list of the catalogue's codes");
    int64_t org_id;
    char sector[48];
    int found = org ? fk_org_find(db, org, &org_id, sector, err) : 1;
    if (found != 0)
        return found < 0 ? -1
                         : fk_errc(err, FK_ERR_INVALID, "organisation: no organisation named '%s'",
                                   org ? org : "");
    char actor[160];
    if (fk_db_begin(db, err) != 0)
        return -1;
    return done(db, fk_supporter_set(db, actor_of(who, actor), org_id, codes, err), err);
}

int fk_hub_support_request(fk_db *db, const fk_principal *who, int64_t case_id, json_t *in,
                           int64_t now_ms, int64_t *id, fk_err *err)
{
    if (!fk_role_is_centre(who->role))
        return fk_errc(err, FK_ERR_DENIED, "the centre requests support from other organisations");
    const char *supporter = json_string_value(json_object_get(in, "supporter"));
    const char *capability = json_string_value(json_object_get(in, "capability"));
    const char *description = json_string_value(json_object_get(in, "description"));
    const char *due_text = json_string_value(json_object_get(in, "due"));
    if (!supporter || !*supporter)
        return fk_errc(err, FK_ERR_INVALID, "supporter: the supporting organisation");
    if (!capability || !*capability)
        return fk_errc(err, FK_ERR_INVALID, "capability: what is asked for");
    if (!description || !*description || strlen(description) > 20000)
        return fk_errc(err, FK_ERR_INVALID,
                       "description: what the supporter is to know (at most 20000 bytes; the "
                       "member is not named unless written here)");
    int64_t due = 0;
    if (json_object_get(in, "due") &&
        (!due_text || !fk_time_parse_iso8601(due_text, strlen(due_text), &due)))
        return fk_errc(err, FK_ERR_INVALID, "due: expected an RFC 3339 time");
    json_t *c;
    int rc = fk_hub_case_get(db, who, case_id, &c, err);
    if (rc != 0)
        return rc;
    json_decref(c);
    int64_t org_id;
    char sector[48];
    int found = fk_org_find(db, supporter, &org_id, sector, err);
    if (found != 0)
        return found < 0 ? -1
                         : fk_errc(err, FK_ERR_INVALID, "supporter: no organisation named '%s'",
                                   supporter);
    char actor[160];
    if (fk_db_begin(db, err) != 0)
        return -1;
    rc = fk_support_request_add(db, actor_of(who, actor), case_id, org_id, capability, description,
                                fk_support_workflow()->states[0].code, due, now_ms, id, err);
    return done(db, rc, err);
}

int fk_hub_support_requests(fk_db *db, const fk_principal *who, int64_t case_id, json_t **out,
                            fk_err *err)
{
    if (fk_role_is_centre(who->role))
        return fk_support_requests(db, 0, case_id, out, err);
    /* a supporting organisation: what is addressed to it, not whose case it is */
    if (fk_support_requests(db, who->org_id, case_id, out, err) != 0)
        return -1;
    size_t i;
    json_t *r;
    json_array_foreach(*out, i, r)
    {
        json_object_del(r, "organisation");
        json_object_del(r, "case_id");
    }
    return 0;
}

static bool centre_step(const char *to)
{
    return !strcmp(to, "cancelled") || !strcmp(to, "requested");
}

bool fk_hub_support_may(const fk_principal *who, const char *supporter, const char *to)
{
    return centre_step(to) ? fk_role_is_centre(who->role)
                           : supporter && !strcmp(supporter, who->org);
}

int fk_hub_support_move(fk_db *db, const fk_principal *who, int64_t id, const char *to,
                        const char *note, int64_t now_ms, fk_err *err)
{
    if (!to || !*to)
        return fk_errc(err, FK_ERR_INVALID, "state: the state to move to");
    json_t *r;
    int rc = fk_support_request_load(db, id, &r, err);
    if (rc != 0)
        return rc;
    bool centre = fk_role_is_centre(who->role);
    bool mine = !strcmp(json_string_value(json_object_get(r, "supporter")), who->org);
    if (!centre && !mine) {
        json_decref(r);
        return 1;
    }
    const char *from = json_string_value(json_object_get(r, "state"));
    if (!fk_hub_support_may(who, json_string_value(json_object_get(r, "supporter")), to))
        rc = fk_errc(err, FK_ERR_DENIED,
                     centre_step(to) ? "the centre cancels its requests and asks again"
                                     : "the supporting organisation accepts, declines and "
                                       "reports progress");
    else
        rc = fk_case_transition_check(fk_support_workflow(), from, to, err);
    int64_t case_id = json_integer_value(json_object_get(r, "case_id"));
    char actor[160];
    if (rc == 0 && fk_db_begin(db, err) == 0) {
        rc = fk_support_request_move(db, actor_of(who, actor), id, case_id, from, to, note, now_ms,
                                     err);
        if (rc == 1)
            rc = fk_errc(err, FK_ERR_CONFLICT, "the request left '%s' meanwhile", from);
        rc = done(db, rc, err);
    } else if (rc == 0) {
        rc = -1;
    }
    json_decref(r);
    return rc;
}
