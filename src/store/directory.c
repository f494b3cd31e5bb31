#include "directory.h"

#include "../core/netaddr.h"
#include "audit.h"
#include "sectors.h"

#include <argon2.h>
#include <ctype.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const role_names[] = {"centre-admin", "centre-analyst", "member-reporter",
                                         "member-reader"};

const char *fk_role_name(fk_role r)
{
    return role_names[r];
}

bool fk_role_parse(const char *s, fk_role *out)
{
    for (int i = 0; i < 4; i++)
        if (strcmp(s, role_names[i]) == 0) {
            *out = (fk_role)i;
            return true;
        }
    return false;
}

bool fk_role_is_centre(fk_role r)
{
    return r == FK_ROLE_CENTRE_ADMIN || r == FK_ROLE_CENTRE_ANALYST;
}

/* ---- small statement helpers ---- */

static int prepare(fk_db *db, fk_sql **st, const char *sql, fk_err *err)
{
    if (fk_sql_prepare(db, sql, st, NULL) != 0)
        return fk_db_error(db, err, "database");
    return 0;
}

/* Runs a statement that changes rows; maps constraint failures to a message. With id,
 * the statement is an INSERT … RETURNING id and the new row's id is stored there. */
static int run_returning(fk_db *db, fk_sql *st, const char *what, int64_t *id, fk_err *err)
{
    int rc = fk_sql_step_returning(st, id);
    fk_sql_finalize(st);
    if (rc == FK_SQL_DONE)
        return 0;
    if (rc == FK_SQL_CONSTRAINT)
        return fk_errc(err, FK_ERR_CONFLICT, "%s already exists", what);
    return fk_db_error(db, err, what);
}

/* Runs a statement that changes rows; maps constraint failures to a message. */
static int run(fk_db *db, fk_sql *st, const char *what, fk_err *err)
{
    int rc = fk_sql_step(st);
    fk_sql_finalize(st);
    if (rc == FK_SQL_DONE)
        return 0;
    if (rc == FK_SQL_CONSTRAINT)
        return fk_errc(err, FK_ERR_CONFLICT, "%s already exists", what);
    return fk_db_error(db, err, what);
}

/* The id of a row by name, or 0 when there is none. */
static int64_t id_by_name(fk_db *db, const char *table, const char *name)
{
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT id FROM %s WHERE name = ?", table);
    fk_sql *st;
    int64_t id = 0;
    if (fk_sql_prepare(db, sql, &st, NULL) != 0)
        return 0;
    fk_sql_bind_text_static(st, 1, name, -1);
    if (fk_sql_step(st) == FK_SQL_ROW)
        id = fk_sql_column_int64(st, 0);
    fk_sql_finalize(st);
    return id;
}

static bool valid_name(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > 120)
        return false;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
            return false;
    return true;
}

/* Writes, with its audit entry, in one transaction: either both land or neither. */
typedef int (*write_fn)(fk_db *db, void *arg, fk_err *err);

static int audited(fk_db *db, const char *actor, const char *action, const char *object,
                   const char *detail, write_fn fn, void *arg, fk_err *err)
{
    if (fk_db_begin(db, err) != 0)
        return -1;
    if (fn(db, arg, err) != 0 || fk_audit_append(db, actor, action, object, detail, err) != 0) {
        fk_db_rollback(db);
        return -1;
    }
    if (fk_db_commit(db, err) != 0) {
        fk_db_rollback(db);
        return -1;
    }
    return 0;
}

static char *detail_json(json_t *j)
{
    char *s = j ? json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(j);
    return s;
}

/* ---- organisations ---- */

typedef struct {
    const char *name, *sector;
    int64_t *id;
} org_args;

static int org_insert(fk_db *db, void *arg, fk_err *err)
{
    org_args *a = arg;
    fk_sql *st;
    char now[32];
    if (prepare(db, &st,
                "INSERT INTO organisation (name, sector, created_at) VALUES (?, ?, ?) RETURNING id",
                err) != 0)
        return -1;
    fk_sql_bind_text_static(st, 1, a->name, -1);
    fk_sql_bind_text_static(st, 2, a->sector, -1);
    fk_sql_bind_text(st, 3, fk_db_now(now), -1);
    char what[200];
    snprintf(what, sizeof what, "organisation '%s'", a->name);
    if (run_returning(db, st, what, a->id, err) != 0)
        return -1;
    return 0;
}

int fk_org_create(fk_db *db, const char *actor, const char *name, const char *sector, int64_t *id,
                  fk_err *err)
{
    if (!valid_name(name))
        return fk_errf(err, "organisation name: expected 1 to 120 printable characters");
    if (!fk_sector_known(db, sector))
        return fk_errf(err, "sector '%s' is unknown (see 'fukurou admin sectors')", sector);
    org_args a = {name, sector, id};
    char *detail = detail_json(json_pack("{ss}", "sector", sector));
    int rc = audited(db, actor, "organisation.create", name, detail, org_insert, &a, err);
    free(detail);
    return rc;
}

typedef struct {
    int64_t org;
    const char *kind, *value;
} ident_args;

static int ident_insert(fk_db *db, void *arg, fk_err *err)
{
    ident_args *a = arg;
    fk_sql *st;
    if (prepare(db, &st, "INSERT INTO org_identifier (org_id, kind, value) VALUES (?, ?, ?)",
                err) != 0)
        return -1;
    fk_sql_bind_int64(st, 1, a->org);
    fk_sql_bind_text_static(st, 2, a->kind, -1);
    fk_sql_bind_text_static(st, 3, a->value, -1);
    return run(db, st, "that identifier", err);
}

int fk_org_add_identifier(fk_db *db, const char *actor, const char *org, const char *kind,
                          const char *value, fk_err *err)
{
    int64_t id = id_by_name(db, "organisation", org);
    if (!id)
        return fk_errf(err, "no organisation named '%s'", org);
    fk_ip ip;
    int prefix;
    bool ok = valid_name(value);
    if (!strcmp(kind, "network"))
        ok = ok && fk_cidr_parse(value, strlen(value), &ip, &prefix);
    else if (!strcmp(kind, "domain"))
        ok = ok && strchr(value, '.') && !strchr(value, ' ') && !strchr(value, '/');
    else if (!strcmp(kind, "email"))
        ok = ok && strchr(value, '@') && !strchr(value, ' ');
    else if (strcmp(kind, "name") != 0)
        return fk_errf(err, "identifier kind '%s': expected domain, network, email or name", kind);
    if (!ok)
        return fk_errf(err, "'%s' is not a valid %s", value, kind);
    ident_args a = {id, kind, value};
    char *detail = detail_json(json_pack("{ssss}", "kind", kind, "value", value));
    int rc = audited(db, actor, "organisation.identifier.add", org, detail, ident_insert, &a, err);
    free(detail);
    return rc;
}

/* ---- groups ---- */

typedef struct {
    const char *name, *description;
    int64_t *id;
} group_args;

static int group_insert(fk_db *db, void *arg, fk_err *err)
{
    group_args *a = arg;
    fk_sql *st;
    char now[32];
    if (prepare(db, &st,
                "INSERT INTO member_group (name, description, created_at) VALUES (?, ?, ?) "
                "RETURNING id",
                err) != 0)
        return -1;
    fk_sql_bind_text_static(st, 1, a->name, -1);
    fk_sql_bind_text_static(st, 2, a->description ? a->description : "", -1);
    fk_sql_bind_text(st, 3, fk_db_now(now), -1);
    char what[200];
    snprintf(what, sizeof what, "group '%s'", a->name);
    if (run_returning(db, st, what, a->id, err) != 0)
        return -1;
    return 0;
}

int fk_group_create(fk_db *db, const char *actor, const char *name, const char *description,
                    int64_t *id, fk_err *err)
{
    if (!valid_name(name))
        return fk_errf(err, "group name: expected 1 to 120 printable characters");
    group_args a = {name, description, id};
    return audited(db, actor, "group.create", name, "{}", group_insert, &a, err);
}

typedef struct {
    int64_t group, org;
} member_args;

static int member_insert(fk_db *db, void *arg, fk_err *err)
{
    member_args *a = arg;
    fk_sql *st;
    if (prepare(db, &st, "INSERT INTO group_member (group_id, org_id) VALUES (?, ?)", err) != 0)
        return -1;
    fk_sql_bind_int64(st, 1, a->group);
    fk_sql_bind_int64(st, 2, a->org);
    return run(db, st, "that membership", err);
}

int fk_group_add_member(fk_db *db, const char *actor, const char *group, const char *org,
                        fk_err *err)
{
    member_args a = {id_by_name(db, "member_group", group), id_by_name(db, "organisation", org)};
    if (!a.group)
        return fk_errf(err, "no group named '%s'", group);
    if (!a.org)
        return fk_errf(err, "no organisation named '%s'", org);
    char *detail = detail_json(json_pack("{ss}", "organisation", org));
    int rc = audited(db, actor, "group.member.add", group, detail, member_insert, &a, err);
    free(detail);
    return rc;
}

/* ---- accounts ---- */

/* argon2id with the OWASP minimum (19 MiB, 2 passes): slow enough to make guessing
 * expensive, fast enough for an interactive login on a small machine. */
#define ARGON_T 2
#define ARGON_M (19 * 1024)
#define ARGON_P 1

typedef struct {
    const char *name;
    int64_t org;
    fk_role role;
    const char *hash;
    int64_t *id;
} account_args;

static int account_insert(fk_db *db, void *arg, fk_err *err)
{
    account_args *a = arg;
    fk_sql *st;
    char now[32];
    if (prepare(db, &st,
                "INSERT INTO account (name, org_id, role, password_hash, created_at) VALUES (?, ?, "
                "?, ?, ?) RETURNING id",
                err) != 0)
        return -1;
    fk_sql_bind_text_static(st, 1, a->name, -1);
    fk_sql_bind_int64(st, 2, a->org);
    fk_sql_bind_text_static(st, 3, fk_role_name(a->role), -1);
    if (a->hash)
        fk_sql_bind_text_static(st, 4, a->hash, -1);
    else
        fk_sql_bind_null(st, 4);
    fk_sql_bind_text(st, 5, fk_db_now(now), -1);
    char what[200];
    snprintf(what, sizeof what, "account '%s'", a->name);
    if (run_returning(db, st, what, a->id, err) != 0)
        return -1;
    return 0;
}

static int hash_password(const char *password, char hash[256], fk_err *err)
{
    if (strlen(password) < 12)
        return fk_errf(err, "password: expected at least 12 characters");
    if (strlen(password) > 1024)
        return fk_errf(err, "password: expected at most 1024 characters");
    unsigned char salt[16];
    if (RAND_bytes(salt, sizeof salt) != 1 ||
        argon2id_hash_encoded(ARGON_T, ARGON_M, ARGON_P, password, strlen(password), salt,
                              sizeof salt, 32, hash, 256) != ARGON2_OK)
        return fk_errf(err, "cannot hash the password");
    return 0;
}

static const char *org_sector(fk_db *db, int64_t org, char buf[48])
{
    fk_sql *st;
    buf[0] = '\0';
    if (fk_sql_prepare(db, "SELECT sector FROM organisation WHERE id = ?", &st, NULL) != 0)
        return buf;
    fk_sql_bind_int64(st, 1, org);
    if (fk_sql_step(st) == FK_SQL_ROW)
        snprintf(buf, 48, "%s", (const char *)fk_sql_column_text(st, 0));
    fk_sql_finalize(st);
    return buf;
}

int fk_account_create(fk_db *db, const char *actor, const char *name, const char *org, fk_role role,
                      const char *password, int64_t *id, fk_err *err)
{
    if (!valid_name(name))
        return fk_errf(err, "account name: expected 1 to 120 printable characters");
    int64_t org_id = id_by_name(db, "organisation", org);
    if (!org_id)
        return fk_errf(err, "no organisation named '%s'", org);
    char sector[48];
    bool centre = strcmp(org_sector(db, org_id, sector), FK_CENTRE_SECTOR) == 0;
    if (fk_role_is_centre(role) != centre)
        return fk_errf(err, "role %s needs %s organisation", fk_role_name(role),
                       centre ? "a member (not the centre's)" : "the centre's (sector 'centre')");
    char hash[256] = "";
    if (password && hash_password(password, hash, err) != 0)
        return -1;
    account_args a = {name, org_id, role, password ? hash : NULL, id};
    char *detail =
        detail_json(json_pack("{ssss}", "organisation", org, "role", fk_role_name(role)));
    int rc = audited(db, actor, "account.create", name, detail, account_insert, &a, err);
    free(detail);
    return rc;
}

typedef struct {
    int64_t id;
    bool disabled;
    const char *hash;
} account_change;

static int account_disable(fk_db *db, void *arg, fk_err *err)
{
    account_change *a = arg;
    fk_sql *st;
    if (prepare(db, &st, "UPDATE account SET disabled = ? WHERE id = ?", err) != 0)
        return -1;
    fk_sql_bind_int64(st, 1, a->disabled);
    fk_sql_bind_int64(st, 2, a->id);
    return run(db, st, "account", err);
}

int fk_account_set_disabled(fk_db *db, const char *actor, const char *name, bool disabled,
                            fk_err *err)
{
    account_change a = {id_by_name(db, "account", name), disabled, NULL};
    if (!a.id)
        return fk_errf(err, "no account named '%s'", name);
    return audited(db, actor, disabled ? "account.disable" : "account.enable", name, "{}",
                   account_disable, &a, err);
}

static int account_password(fk_db *db, void *arg, fk_err *err)
{
    account_change *a = arg;
    fk_sql *st;
    if (prepare(db, &st, "UPDATE account SET password_hash = ? WHERE id = ?", err) != 0)
        return -1;
    fk_sql_bind_text_static(st, 1, a->hash, -1);
    fk_sql_bind_int64(st, 2, a->id);
    return run(db, st, "account", err);
}

int fk_account_set_password(fk_db *db, const char *actor, const char *name, const char *password,
                            fk_err *err)
{
    account_change a = {id_by_name(db, "account", name), false, NULL};
    if (!a.id)
        return fk_errf(err, "no account named '%s'", name);
    char hash[256];
    if (hash_password(password, hash, err) != 0)
        return -1;
    a.hash = hash;
    int rc = audited(db, actor, "account.password", name, "{}", account_password, &a, err);
    OPENSSL_cleanse(hash, sizeof hash);
    return rc;
}

/* ---- API keys ---- */

static void hex(const unsigned char *b, size_t n, char *out)
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = digits[b[i] >> 4];
        out[2 * i + 1] = digits[b[i] & 15];
    }
    out[2 * n] = '\0';
}

static int sha256(const void *data, size_t n, unsigned char out[32])
{
    unsigned int len = 0;
    return EVP_Digest(data, n, out, &len, EVP_sha256(), NULL) == 1 && len == 32 ? 0 : -1;
}

typedef struct {
    const char *id;
    int64_t account;
    unsigned char digest[32];
    const char *label;
    unsigned permissions;
} key_args;

bool fk_permissions_parse(const char *list, unsigned *out)
{
    *out = 0;
    const char *p = list;
    while (p && *p) {
        size_t n = strcspn(p, ", ");
        if (n == 3 && !strncmp(p, "api", 3))
            *out |= FK_PERM_API;
        else if (n == 6 && !strncmp(p, "ingest", 6))
            *out |= FK_PERM_INGEST;
        else if (n)
            return false;
        p += n;
        p += strspn(p, ", ");
    }
    return *out != 0;
}

const char *fk_permissions_name(unsigned perms, char buf[32])
{
    snprintf(buf, 32, "%s%s%s", perms & FK_PERM_API ? "api" : "",
             (perms & FK_PERM_API) && (perms & FK_PERM_INGEST) ? "," : "",
             perms & FK_PERM_INGEST ? "ingest" : "");
    return buf;
}

typedef struct {
    const char *org, *engines;
} engines_args;

static int engines_update(fk_db *db, void *arg, fk_err *err)
{
    engines_args *a = arg;
    fk_sql *st;
    if (prepare(db, &st, "UPDATE organisation SET engines = ? WHERE name = ?", err) != 0)
        return -1;
    fk_sql_bind_text_static(st, 1, a->engines, -1);
    fk_sql_bind_text_static(st, 2, a->org, -1);
    if (run(db, st, "organisation", err) != 0)
        return -1;
    return fk_db_changes(db) ? 0 : fk_errf(err, "no organisation named '%s'", a->org);
}

int fk_org_set_engines(fk_db *db, const char *actor, const char *org, const char *engines,
                       fk_err *err)
{
    engines_args a = {org, engines};
    char *detail = detail_json(json_pack("{ss}", "engines", engines));
    int rc =
        audited(db, actor, "org.engines", org, detail ? detail : "{}", engines_update, &a, err);
    free(detail);
    return rc;
}

typedef struct early_args {
    const char *org;
    bool early;
} early_args;

static int early_update(fk_db *db, void *arg, fk_err *err)
{
    early_args *a = arg;
    fk_sql *st;
    if (prepare(db, &st, "UPDATE organisation SET early_delivery = ? WHERE name = ?", err) != 0)
        return -1;
    fk_sql_bind_int64(st, 1, a->early);
    fk_sql_bind_text_static(st, 2, a->org, -1);
    if (run(db, st, "organisation", err) != 0)
        return -1;
    return fk_db_changes(db) ? 0 : fk_errf(err, "no organisation named '%s'", a->org);
}

int fk_org_set_early_delivery(fk_db *db, const char *actor, const char *org, bool early,
                              fk_err *err)
{
    early_args a = {org, early};
    return audited(db, actor, "org.early_delivery", org,
                   early ? "{\"early_delivery\":true}" : "{\"early_delivery\":false}", early_update,
                   &a, err);
}

int fk_org_find(fk_db *db, const char *name, int64_t *id, char sector[48], fk_err *err)
{
    fk_sql *st;
    if (prepare(db, &st, "SELECT id, sector FROM organisation WHERE name = ?", err) != 0)
        return -1;
    fk_sql_bind_text_static(st, 1, name, -1);
    int rc = fk_sql_step(st), result = 1;
    if (rc == FK_SQL_ROW) {
        *id = fk_sql_column_int64(st, 0);
        snprintf(sector, 48, "%s", (const char *)fk_sql_column_text(st, 1));
        result = 0;
    } else if (rc != FK_SQL_DONE) {
        result = fk_db_error(db, err, "organisation");
    }
    fk_sql_finalize(st);
    return result;
}

static int key_insert(fk_db *db, void *arg, fk_err *err)
{
    key_args *a = arg;
    fk_sql *st;
    char now[32];
    if (prepare(db, &st,
                "INSERT INTO api_key (id, account_id, secret_sha256, label, created_at, "
                "permissions) VALUES (?, ?, ?, ?, ?, ?)",
                err) != 0)
        return -1;
    fk_sql_bind_text_static(st, 1, a->id, -1);
    fk_sql_bind_int64(st, 2, a->account);
    fk_sql_bind_blob_static(st, 3, a->digest, 32);
    fk_sql_bind_text_static(st, 4, a->label ? a->label : "", -1);
    fk_sql_bind_text(st, 5, fk_db_now(now), -1);
    char perms[32];
    fk_sql_bind_text(st, 6, fk_permissions_name(a->permissions, perms), -1);
    return run(db, st, "API key", err);
}

static int64_t active_keys(fk_db *db, int64_t account)
{
    fk_sql *st;
    int64_t n = 0;
    if (fk_sql_prepare(db,
                       "SELECT count(*) FROM api_key WHERE account_id = ? AND revoked_at IS NULL",
                       &st, NULL) != 0)
        return -1;
    fk_sql_bind_int64(st, 1, account);
    n = fk_sql_step(st) == FK_SQL_ROW ? fk_sql_column_int64(st, 0) : -1;
    fk_sql_finalize(st);
    return n;
}

int fk_apikey_create(fk_db *db, const char *actor, const char *account, const char *label,
                     unsigned permissions, char id_out[32], char token_out[96], fk_err *err)
{
    int64_t acc = id_by_name(db, "account", account);
    if (!acc)
        return fk_errf(err, "no account named '%s'", account);
    int64_t have = active_keys(db, acc);
    if (have < 0)
        return fk_db_error(db, err, "API keys");
    if (have >= FK_MAX_ACTIVE_KEYS)
        return fk_errf(err,
                       "account '%s' has %d active API keys, the most allowed: revoke one first",
                       account, FK_MAX_ACTIVE_KEYS);
    unsigned char idb[8], secret[32];
    char secret_hex[65], perms[32];
    if (RAND_bytes(idb, sizeof idb) != 1 || RAND_bytes(secret, sizeof secret) != 1)
        return fk_errf(err, "no randomness available for a key");
    hex(idb, sizeof idb, id_out);
    hex(secret, sizeof secret, secret_hex);
    key_args a = {id_out, acc, {0}, label, permissions ? permissions : FK_PERM_API};
    if (sha256(secret_hex, 64, a.digest) != 0)
        return fk_errf(err, "cannot compute SHA-256");
    char *detail =
        detail_json(json_pack("{ssssss}", "account", account, "label", label ? label : "",
                              "permissions", fk_permissions_name(a.permissions, perms)));
    int rc = audited(db, actor, "apikey.create", id_out, detail, key_insert, &a, err);
    free(detail);
    OPENSSL_cleanse(secret, sizeof secret);
    if (rc == 0)
        snprintf(token_out, 96, "fk_%s_%s", id_out, secret_hex);
    OPENSSL_cleanse(secret_hex, sizeof secret_hex);
    return rc;
}

static int key_revoke(fk_db *db, void *arg, fk_err *err)
{
    const char *id = arg;
    fk_sql *st;
    char now[32];
    if (prepare(db, &st, "UPDATE api_key SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
                err) != 0)
        return -1;
    fk_sql_bind_text(st, 1, fk_db_now(now), -1);
    fk_sql_bind_text_static(st, 2, id, -1);
    if (run(db, st, "API key", err) != 0)
        return -1;
    if (fk_db_changes(db) == 0)
        return fk_errf(err, "no active API key with id '%s'", id);
    return 0;
}

int fk_apikey_revoke(fk_db *db, const char *actor, const char *id, fk_err *err)
{
    return audited(db, actor, "apikey.revoke", id, "{}", key_revoke, (void *)id, err);
}

static int load_principal(fk_db *db, fk_sql *st, fk_principal *p)
{
    (void)db;
    memset(p, 0, sizeof *p);
    p->account_id = fk_sql_column_int64(st, 0);
    snprintf(p->account, sizeof p->account, "%s", (const char *)fk_sql_column_text(st, 1));
    p->org_id = fk_sql_column_int64(st, 2);
    snprintf(p->org, sizeof p->org, "%s", (const char *)fk_sql_column_text(st, 3));
    snprintf(p->sector, sizeof p->sector, "%s", (const char *)fk_sql_column_text(st, 4));
    p->permissions = FK_PERM_API; /* a key's own list replaces this */
    return fk_role_parse((const char *)fk_sql_column_text(st, 5), &p->role) ? 0 : -1;
}

#define PRINCIPAL_COLUMNS "a.id, a.name, o.id, o.name, o.sector, a.role"

int fk_authenticate_token(fk_db *db, const char *token, fk_principal *out, fk_err *err)
{
    /* fk_<16 hex id>_<64 hex secret> */
    if (strncmp(token, "fk_", 3) != 0 || strlen(token) != 3 + 16 + 1 + 64 || token[19] != '_')
        return 1;
    char id[17];
    memcpy(id, token + 3, 16);
    id[16] = '\0';
    unsigned char digest[32];
    if (sha256(token + 20, 64, digest) != 0)
        return fk_errf(err, "cannot compute SHA-256");
    fk_sql *st;
    if (prepare(db, &st,
                "SELECT " PRINCIPAL_COLUMNS ", k.secret_sha256, k.permissions FROM api_key k "
                "JOIN account a ON a.id = k.account_id JOIN organisation o ON o.id = a.org_id "
                "WHERE k.id = ? AND k.revoked_at IS NULL AND a.disabled = 0",
                err) != 0)
        return -1;
    fk_sql_bind_text_static(st, 1, id, -1);
    int rc = fk_sql_step(st), result = 1;
    if (rc == FK_SQL_ROW && fk_sql_column_bytes(st, 6) == 32 &&
        CRYPTO_memcmp(fk_sql_column_blob(st, 6), digest, 32) == 0)
        result =
            load_principal(db, st, out) == 0 &&
                    fk_permissions_parse((const char *)fk_sql_column_text(st, 7), &out->permissions)
                ? 0
                : -1;
    else if (rc != FK_SQL_ROW && rc != FK_SQL_DONE)
        result = fk_db_error(db, err, "authentication");
    fk_sql_finalize(st);
    return result;
}

int fk_authenticate_password(fk_db *db, const char *account, const char *password,
                             fk_principal *out, char hash_out[192], fk_err *err)
{
    fk_sql *st;
    if (prepare(db, &st,
                "SELECT " PRINCIPAL_COLUMNS ", a.password_hash FROM account a "
                "JOIN organisation o ON o.id = a.org_id WHERE a.name = ? AND a.disabled = 0",
                err) != 0)
        return -1;
    fk_sql_bind_text_static(st, 1, account, -1);
    int rc = fk_sql_step(st), result = 1;
    /* An unknown account, or one with keys only, costs the same verification as a wrong
     * password: the time taken must not tell which accounts exist or have passwords. */
    static const char dummy[] = "$argon2id$v=19$m=19456,t=2,p=1$ZnVrdXJvdS1kdW1teS1zYQ$"
                                "ThV8Y0gR+vN6njqN+e6HgY+ubMqc2ArXKCrnrwNdRNQ";
    const char *hash = rc == FK_SQL_ROW ? (const char *)fk_sql_column_text(st, 6) : NULL;
    bool ok = argon2id_verify(hash ? hash : dummy, password, strlen(password)) == ARGON2_OK;
    if (rc == FK_SQL_ROW && hash && ok) {
        result = load_principal(db, st, out) == 0 ? 0 : -1;
        if (hash_out)
            snprintf(hash_out, 192, "%s", hash);
    } else if (rc != FK_SQL_ROW && rc != FK_SQL_DONE)
        result = fk_db_error(db, err, "authentication");
    fk_sql_finalize(st);
    return result;
}

int fk_account_password_hash(fk_db *db, const char *account, fk_principal *out, char hash[192],
                             fk_err *err)
{
    fk_sql *st;
    if (prepare(db, &st,
                "SELECT " PRINCIPAL_COLUMNS ", a.password_hash FROM account a "
                "JOIN organisation o ON o.id = a.org_id WHERE a.name = ? AND a.disabled = 0 "
                "AND a.password_hash IS NOT NULL",
                err) != 0)
        return -1;
    fk_sql_bind_text_static(st, 1, account, -1);
    int rc = fk_sql_step(st), result = 1;
    if (rc == FK_SQL_ROW) {
        snprintf(hash, 192, "%s", (const char *)fk_sql_column_text(st, 6));
        result = load_principal(db, st, out) == 0 ? 0 : -1;
    } else if (rc != FK_SQL_DONE) {
        result = fk_db_error(db, err, "authentication");
    }
    fk_sql_finalize(st);
    return result;
}

int fk_principal_lookup(fk_db *db, const char *account, fk_principal *out, fk_err *err)
{
    fk_sql *st;
    if (prepare(db, &st,
                "SELECT " PRINCIPAL_COLUMNS
                " FROM account a JOIN organisation o ON o.id = a.org_id "
                "WHERE a.name = ?",
                err) != 0)
        return -1;
    fk_sql_bind_text_static(st, 1, account, -1);
    int rc = fk_sql_step(st) == FK_SQL_ROW ? (load_principal(db, st, out) == 0 ? 0 : -1) : 1;
    fk_sql_finalize(st);
    return rc;
}

/* ---- listings ---- */

/* Each listing, ordered and paged by `key`; `nested` (with `nested_as`) lists what each
 * row holds, found by the row's key. */
static const struct {
    const char *what, *sql, *key, *nested_as, *nested;
} listings[] = {
    {"organisations",
     "SELECT o.name AS name, o.sector AS sector, o.engines AS engines, o.created_at AS created_at "
     "FROM organisation o",
     "name", "identifiers",
     "SELECT i.kind AS kind, i.value AS value FROM org_identifier i JOIN organisation o ON o.id = "
     "i.org_id WHERE o.name = ?1 ORDER BY i.kind, i.value"},
    {"groups",
     "SELECT g.name AS name, g.description AS description, g.created_at AS created_at "
     "FROM member_group g",
     "name", "members",
     "SELECT o.name FROM group_member m JOIN organisation o ON o.id = m.org_id JOIN member_group "
     "g ON g.id = m.group_id WHERE g.name = ?1 ORDER BY o.name"},
    {"accounts",
     "SELECT a.name AS name, o.name AS organisation, a.role AS role, CASE WHEN a.password_hash "
     "IS NOT NULL THEN 1 ELSE 0 END AS has_password, "
     "a.disabled AS disabled, a.created_at AS created_at FROM account a JOIN "
     "organisation o ON o.id = a.org_id",
     "name", NULL, NULL},
    {"apikeys",
     "SELECT k.id AS id, a.name AS account, k.label AS label, k.permissions AS permissions, "
     "k.created_at AS created_at, k.revoked_at AS revoked_at "
     "FROM api_key k JOIN account a ON a.id = k.account_id",
     "id", NULL, NULL},
};

int fk_directory_list(fk_db *db, const char *what, const fk_page *page, json_t **out, fk_err *err)
{
    const char *sql = NULL, *key = NULL, *nested = NULL, *nested_as = NULL;
    for (size_t i = 0; i < sizeof listings / sizeof listings[0]; i++)
        if (!strcmp(listings[i].what, what)) {
            sql = listings[i].sql, key = listings[i].key;
            nested = listings[i].nested, nested_as = listings[i].nested_as;
        }
    if (!sql)
        return fk_errf(
            err, "cannot list '%s' (expected organisations, groups, accounts or apikeys)", what);
    char paged[2048];
    snprintf(paged, sizeof paged,
             "SELECT * FROM (%s) q WHERE %s > ?1 OR ?1 IS NULL ORDER BY %s LIMIT ?2", sql, key,
             key);
    fk_sql *st;
    if (prepare(db, &st, paged, err) != 0)
        return -1;
    if (page && page->after)
        fk_sql_bind_text_static(st, 1, page->after, -1);
    fk_sql_bind_int64(st, 2, page && page->limit ? (int64_t)page->limit : INT64_MAX);
    json_t *arr = json_array();
    int rc;
    while (arr && (rc = fk_sql_step(st)) == FK_SQL_ROW) {
        json_t *row = json_object();
        for (int c = 0; row && c < fk_sql_column_count(st); c++) {
            const char *name = fk_sql_column_name(st, c);
            json_t *v;
            switch (fk_sql_column_type(st, c)) {
            case FK_SQL_INTEGER:
                v = !strcmp(name, "has_password") || !strcmp(name, "disabled")
                        ? json_boolean(fk_sql_column_int(st, c))
                        : json_integer(fk_sql_column_int64(st, c));
                break;
            case FK_SQL_NULL: v = json_null(); break;
            default: v = json_string(fk_sql_column_text(st, c)); break;
            }
            json_object_set_new(row, name, v ? v : json_null());
        }
        json_array_append_new(arr, row);
    }
    fk_sql_finalize(st);
    if (!arr)
        return fk_errf(err, "out of memory");
    if (rc != FK_SQL_DONE) {
        json_decref(arr);
        return fk_db_error(db, err, what);
    }
    size_t i;
    json_t *row;
    json_array_foreach(arr, i, row)
    {
        json_t *list;
        if (!nested)
            break;
        if (fk_db_query_json(db, nested, json_string_value(json_object_get(row, key)), 0, &list,
                             err) != 0) {
            json_decref(arr);
            return -1;
        }
        json_object_set_new(row, nested_as, list);
    }
    *out = arr;
    return 0;
}

/* ---- console sessions --------------------------------------------------------------- */

static bool token_digest(const char *token, unsigned char out[32])
{
    if (!token || strlen(token) != 64 || strspn(token, "0123456789abcdef") != 64)
        return false;
    return sha256(token, 64, out) == 0;
}

static void hex64(const unsigned char in[32], char out[65])
{
    static const char digits[] = "0123456789abcdef";
    for (int i = 0; i < 32; i++) {
        out[2 * i] = digits[in[i] >> 4];
        out[2 * i + 1] = digits[in[i] & 15];
    }
    out[64] = '\0';
}

int fk_session_create(fk_db *db, const fk_principal *who, const char *lang, int64_t now_ms,
                      int64_t ttl_ms, char token[65], fk_session *out, fk_err *err)
{
    unsigned char raw[32], csrf[32], digest[32];
    if (RAND_bytes(raw, sizeof raw) != 1 || RAND_bytes(csrf, sizeof csrf) != 1)
        return fk_errc(err, FK_ERR_STORAGE, "no randomness for a session");
    hex64(raw, token);
    hex64(csrf, out->csrf);
    OPENSSL_cleanse(raw, sizeof raw);
    snprintf(out->lang, sizeof out->lang, "%s", lang && *lang ? lang : "en");
    out->zone[0] = '\0';
    out->expires_ms = now_ms + ttl_ms;
    if (!token_digest(token, digest))
        return fk_errf(err, "cannot compute SHA-256");
    fk_sql *st;
    /* what the person chose before wins over what the browser asks for */
    if (prepare(db, &st, "SELECT lang, time_zone FROM account WHERE id = ?", err) != 0)
        return -1;
    fk_sql_bind_int64(st, 1, who->account_id);
    int rc = fk_sql_step(st);
    if (rc == FK_SQL_ROW) {
        const char *saved = (const char *)fk_sql_column_text(st, 0);
        if (saved && *saved)
            snprintf(out->lang, sizeof out->lang, "%s", saved);
        const char *zone = (const char *)fk_sql_column_text(st, 1);
        snprintf(out->zone, sizeof out->zone, "%s", zone ? zone : "");
    }
    fk_sql_finalize(st);
    if (rc != FK_SQL_ROW && rc != FK_SQL_DONE)
        return fk_db_error(db, err, "session");
    if (prepare(db, &st,
                "INSERT INTO console_session (token_sha256, account_id, csrf, lang, created_ms, "
                "last_ms, expires_ms) VALUES (?,?,?,?,?,?,?)",
                err) != 0)
        return -1;
    fk_sql_bind_blob(st, 1, digest, 32);
    fk_sql_bind_int64(st, 2, who->account_id);
    fk_sql_bind_text(st, 3, out->csrf, -1);
    fk_sql_bind_text(st, 4, out->lang, -1);
    fk_sql_bind_int64(st, 5, now_ms);
    fk_sql_bind_int64(st, 6, now_ms);
    fk_sql_bind_int64(st, 7, out->expires_ms);
    return run(db, st, "session", err);
}

int fk_session_check(fk_db *db, const char *token, int64_t now_ms, int64_t idle_ms,
                     fk_principal *who, fk_session *out, fk_err *err)
{
    unsigned char digest[32];
    if (!token_digest(token, digest))
        return 1;
    fk_sql *st;
    if (prepare(db, &st,
                "SELECT " PRINCIPAL_COLUMNS
                ", s.csrf, s.lang, s.expires_ms, s.last_ms, a.time_zone FROM "
                "console_session s JOIN account a ON a.id = s.account_id JOIN organisation o ON "
                "o.id = a.org_id WHERE s.token_sha256 = ? AND a.disabled = 0",
                err) != 0)
        return -1;
    fk_sql_bind_blob(st, 1, digest, 32);
    int rc = fk_sql_step(st), result = 1;
    int64_t last = 0;
    if (rc == FK_SQL_ROW) {
        out->expires_ms = fk_sql_column_int64(st, 8);
        last = fk_sql_column_int64(st, 9);
        if (out->expires_ms > now_ms && now_ms - last < idle_ms) {
            snprintf(out->csrf, sizeof out->csrf, "%s", (const char *)fk_sql_column_text(st, 6));
            snprintf(out->lang, sizeof out->lang, "%s", (const char *)fk_sql_column_text(st, 7));
            const char *zone = (const char *)fk_sql_column_text(st, 10);
            snprintf(out->zone, sizeof out->zone, "%s", zone ? zone : "");
            result = load_principal(db, st, who) == 0 ? 0 : -1;
        }
    } else if (rc != FK_SQL_DONE) {
        result = fk_db_error(db, err, "session");
    }
    fk_sql_finalize(st);
    /* its last use, written at most once a minute: a page is not a write each time */
    if (result == 0 && now_ms - last > 60000) {
        if (prepare(db, &st, "UPDATE console_session SET last_ms = ? WHERE token_sha256 = ?",
                    err) != 0)
            return -1;
        fk_sql_bind_int64(st, 1, now_ms);
        fk_sql_bind_blob(st, 2, digest, 32);
        if (run(db, st, "session", err) != 0)
            return -1;
    }
    return result;
}

int fk_session_end(fk_db *db, const char *token, int64_t now_ms, fk_err *err)
{
    unsigned char digest[32];
    fk_sql *st;
    if (token_digest(token, digest)) {
        if (prepare(db, &st, "DELETE FROM console_session WHERE token_sha256 = ?", err) != 0)
            return -1;
        fk_sql_bind_blob(st, 1, digest, 32);
        if (run(db, st, "session", err) != 0)
            return -1;
    }
    if (prepare(db, &st, "DELETE FROM console_session WHERE expires_ms <= ?", err) != 0)
        return -1;
    fk_sql_bind_int64(st, 1, now_ms);
    return run(db, st, "session", err);
}

/* One statement per table, each keyed by the session's token digest. */
static int session_update(fk_db *db, const char *token, const char *sql, const char *value,
                          fk_err *err)
{
    unsigned char digest[32];
    if (!token_digest(token, digest))
        return 1;
    fk_sql *st;
    if (prepare(db, &st, sql, err) != 0)
        return -1;
    fk_sql_bind_text(st, 1, value, -1);
    fk_sql_bind_blob(st, 2, digest, 32);
    return run(db, st, "session", err);
}

int fk_session_set_lang(fk_db *db, const char *token, const char *lang, fk_err *err)
{
    int rc = session_update(db, token, "UPDATE console_session SET lang = ? WHERE token_sha256 = ?",
                            lang, err);
    if (rc == 0)
        rc = session_update(db, token,
                            "UPDATE account SET lang = ? WHERE id = (SELECT account_id FROM "
                            "console_session WHERE token_sha256 = ?)",
                            lang, err);
    return rc;
}

int fk_session_set_zone(fk_db *db, const char *token, const char *zone, fk_err *err)
{
    return session_update(db, token,
                          "UPDATE account SET time_zone = ? WHERE id = (SELECT account_id FROM "
                          "console_session WHERE token_sha256 = ?)",
                          zone, err);
}
