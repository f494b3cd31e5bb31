#include "admin.h"

#include "../store/sectors.h"

#include <stdio.h>
#include <string.h>

static const char *actor_of(const fk_principal *who, char buf[160])
{
    snprintf(buf, 160, "account:%s", who->account);
    return buf;
}

static int need_admin(const fk_principal *who, const char *what, fk_err *err)
{
    if (who->role == FK_ROLE_CENTRE_ADMIN)
        return 0;
    return fk_errc(err, FK_ERR_DENIED, "only a centre-admin can %s", what);
}

/* The store's refusals that are about the request (not the storage) are FK_ERR_INVALID
 * unless the store named them a conflict. */
static int finish(fk_db *db, int rc, fk_err *err)
{
    if (rc == 0)
        return fk_db_commit(db, err) == 0 ? 0 : (fk_db_rollback(db), -1);
    fk_db_rollback(db);
    if (err->code != FK_ERR_STORAGE && err->code != FK_ERR_CONFLICT && err->code != FK_ERR_NOMEM)
        err->code = FK_ERR_INVALID;
    return -1;
}

int fk_hub_org_create(fk_db *db, const fk_principal *who, const char *name, const char *sector,
                      json_t *identifiers, int64_t *id, fk_err *err)
{
    if (need_admin(who, "create organisations", err) != 0)
        return -1;
    if (identifiers && !json_is_array(identifiers))
        return fk_errc(err, FK_ERR_INVALID, "identifiers: expected an array");
    size_t i;
    json_t *x;
    json_array_foreach(identifiers, i, x)
    {
        if (!json_is_string(json_object_get(x, "kind")) ||
            !json_is_string(json_object_get(x, "value")))
            return fk_errc(err, FK_ERR_INVALID,
                           "identifiers[%zu]: expected {\"kind\": ..., \"value\": ...}", i);
    }
    char actor[160];
    actor_of(who, actor);
    if (fk_db_begin(db, err) != 0)
        return -1;
    int rc = fk_org_create(db, actor, name, sector, id, err);
    json_array_foreach(identifiers, i, x)
    {
        if (rc != 0)
            break;
        rc = fk_org_add_identifier(db, actor, name, json_string_value(json_object_get(x, "kind")),
                                   json_string_value(json_object_get(x, "value")), err);
    }
    return finish(db, rc, err);
}

int fk_hub_group_create(fk_db *db, const fk_principal *who, const char *name,
                        const char *description, json_t *members, int64_t *id, fk_err *err)
{
    if (need_admin(who, "create groups", err) != 0)
        return -1;
    if (members && !json_is_array(members))
        return fk_errc(err, FK_ERR_INVALID, "members: expected an array of names");
    size_t i;
    json_t *m;
    json_array_foreach(members, i, m) if (!json_is_string(m)) return fk_errc(
        err, FK_ERR_INVALID, "members[%zu]: expected a name", i);
    char actor[160];
    actor_of(who, actor);
    if (fk_db_begin(db, err) != 0)
        return -1;
    int rc = fk_group_create(db, actor, name, description, id, err);
    json_array_foreach(members, i, m)
    {
        if (rc != 0)
            break;
        rc = fk_group_add_member(db, actor, name, json_string_value(m), err);
    }
    return finish(db, rc, err);
}

int fk_hub_group_add(fk_db *db, const fk_principal *who, const char *group, const char *org,
                     fk_err *err)
{
    if (need_admin(who, "change groups", err) != 0)
        return -1;
    char actor[160];
    if (fk_db_begin(db, err) != 0)
        return -1;
    return finish(db, fk_group_add_member(db, actor_of(who, actor), group, org, err), err);
}

int fk_hub_account_create(fk_db *db, const fk_principal *who, const char *name, const char *org,
                          fk_role role, const char *password, int64_t *id, fk_err *err)
{
    if (need_admin(who, "create accounts", err) != 0)
        return -1;
    char actor[160];
    if (fk_db_begin(db, err) != 0)
        return -1;
    return finish(
        db, fk_account_create(db, actor_of(who, actor), name, org, role, password, id, err), err);
}

int fk_hub_apikey_create(fk_db *db, const fk_principal *who, const char *account, const char *label,
                         unsigned permissions, char id[32], char token[96], fk_err *err)
{
    if (!account || !*account)
        account = who->account;
    if (strcmp(account, who->account) != 0 &&
        need_admin(who, "create keys for other accounts", err) != 0)
        return -1;
    char actor[160];
    if (fk_db_begin(db, err) != 0)
        return -1;
    return finish(
        db, fk_apikey_create(db, actor_of(who, actor), account, label, permissions, id, token, err),
        err);
}

int fk_hub_sector_put(fk_db *db, const fk_principal *who, const char *list, const char *code,
                      const char *name_ja, const char *name_en, bool critical, fk_err *err)
{
    if (need_admin(who, "edit the sector lists", err) != 0)
        return -1;
    char actor[160];
    if (fk_db_begin(db, err) != 0)
        return -1;
    return finish(
        db, fk_sector_put(db, actor_of(who, actor), list, code, name_ja, name_en, critical, err),
        err);
}
