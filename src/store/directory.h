/* The member directory: organisations (with their sector and the identifiers that
 * anonymisation must hide), groups of organisations (ISACs, CEPTOARs), accounts with
 * roles, and API keys. Passwords are stored as argon2id hashes and API keys as the
 * SHA-256 of their secret; neither is ever stored or logged in clear. */
#ifndef FK_DIRECTORY_H
#define FK_DIRECTORY_H

#include "db.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

typedef enum fk_role {
    FK_ROLE_CENTRE_ADMIN,
    FK_ROLE_CENTRE_ANALYST,
    FK_ROLE_MEMBER_REPORTER,
    FK_ROLE_MEMBER_READER,
} fk_role;

const char *fk_role_name(fk_role r);
bool fk_role_parse(const char *s, fk_role *out);
bool fk_role_is_centre(fk_role r);

/* Who is acting: the account behind a request or a command. */
typedef struct fk_principal {
    int64_t account_id, org_id;
    char account[128], org[128], sector[48];
    fk_role role;
    unsigned permissions; /* FK_PERM_*: what the credential may be used for */
} fk_principal;

/* What a credential may be used for. A password, and a key created without a list,
 * may use the API; a key for a log shipper is created for ingest only, so that a key
 * left on a server cannot read the member's alerts or reports. */
enum { FK_PERM_API = 1, FK_PERM_INGEST = 2 };
/* "api,ingest" <-> bits; parse returns false for an unknown or empty list. */
bool fk_permissions_parse(const char *list, unsigned *out);
const char *fk_permissions_name(unsigned perms, char buf[32]);

/* Whether the organisation receives advisories early, by prior agreement (an operator
 * of critical infrastructure): drafted advisories are released to it at once. */
int fk_org_set_early_delivery(fk_db *db, const char *actor, const char *org, bool early,
                              fk_err *err);
/* An organisation by name: 0 found (id and sector filled), 1 none, -1 error. */
int fk_org_find(fk_db *db, const char *name, int64_t *id, char sector[48], fk_err *err);

/* The name of the organisation that stands for the centre itself. */
#define FK_CENTRE_SECTOR "centre"

/* Creating returns the new id; a duplicate name or an unknown reference is an error
 * naming it. Each write is audited with actor. */
int fk_org_create(fk_db *db, const char *actor, const char *name, const char *sector, int64_t *id,
                  fk_err *err);
/* kind: domain, network, email or name. Values are checked (a CIDR for network, ...). */
int fk_org_add_identifier(fk_db *db, const char *actor, const char *org, const char *kind,
                          const char *value, fk_err *err);
/* The detection engines that run on a member's events: "all" or a list the caller has
 * checked (fk_pipeline_mask_parse). Audited. */
int fk_org_set_engines(fk_db *db, const char *actor, const char *org, const char *engines,
                       fk_err *err);
int fk_group_create(fk_db *db, const char *actor, const char *name, const char *description,
                    int64_t *id, fk_err *err);
int fk_group_add_member(fk_db *db, const char *actor, const char *group, const char *org,
                        fk_err *err);
/* password may be NULL (API keys only). Centre roles need an organisation of sector
 * "centre"; member roles need any other. */
int fk_account_create(fk_db *db, const char *actor, const char *name, const char *org, fk_role role,
                      const char *password, int64_t *id, fk_err *err);
/* A disabled account cannot sign in, by password or by key, until enabled again. */
int fk_account_set_disabled(fk_db *db, const char *actor, const char *name, bool disabled,
                            fk_err *err);
/* Replaces the password (at least 12 characters), audited. */
int fk_account_set_password(fk_db *db, const char *actor, const char *name, const char *password,
                            fk_err *err);
/* How many keys one account may hold unrevoked. */
#define FK_MAX_ACTIVE_KEYS 10
/* Writes the new key's id and its token (shown once: "fk_<id>_<secret>"). */
/* permissions: FK_PERM_* bits (0: FK_PERM_API). */
int fk_apikey_create(fk_db *db, const char *actor, const char *account, const char *label,
                     unsigned permissions, char id_out[32], char token_out[96], fk_err *err);
int fk_apikey_revoke(fk_db *db, const char *actor, const char *id, fk_err *err);

/* 0 authenticated (principal filled), 1 refused, -1 error. A refusal does not say why,
 * so that callers cannot tell an unknown key from a revoked one. */
int fk_authenticate_token(fk_db *db, const char *token, fk_principal *out, fk_err *err);
/* hash, when not NULL, receives the stored hash the password was checked against. */
int fk_authenticate_password(fk_db *db, const char *account, const char *password,
                             fk_principal *out, char hash[192], fk_err *err);

/* The principal of an enabled account and its stored password hash (for a cache of
 * recent sign-ins to tell that the password has not changed). 0 found, 1 no such
 * enabled account or no password, -1 error. */
int fk_account_password_hash(fk_db *db, const char *account, fk_principal *out, char hash[192],
                             fk_err *err);
/* Console sessions (a browser's sign-in). The token (64 hex characters) goes to the
 * browser as a cookie and is kept here only as its SHA-256; each session has its own
 * CSRF token (64 hex) and language. A session ends at now + ttl_ms, after idle_ms
 * without a request, at sign-out, or when its account is disabled. */
typedef struct fk_session {
    char csrf[65];
    char lang[8];
    char zone[64]; /* the account's time zone ("" : the default) */
    int64_t expires_ms;
} fk_session;
int fk_session_create(fk_db *db, const fk_principal *who, const char *lang, int64_t now_ms,
                      int64_t ttl_ms, char token[65], fk_session *out, fk_err *err);
/* 0 valid (who and out filled; its last use moved to now), 1 unknown or ended, -1 error. */
int fk_session_check(fk_db *db, const char *token, int64_t now_ms, int64_t idle_ms,
                     fk_principal *who, fk_session *out, fk_err *err);
/* Ends a session (sign-out); also ends every expired one. */
int fk_session_end(fk_db *db, const char *token, int64_t now_ms, fk_err *err);
/* The language of a session, kept with its account for the next sign-in as well. */
int fk_session_set_lang(fk_db *db, const char *token, const char *lang, fk_err *err);
/* The time zone of the session's account (an IANA name the caller checked; "" for the
 * default). */
int fk_session_set_zone(fk_db *db, const char *token, const char *zone, fk_err *err);

/* The principal of an account by name, for actions taken on its behalf by the
 * command line (no credentials involved). 0 found, 1 no such account, -1 error. */
int fk_principal_lookup(fk_db *db, const char *account, fk_principal *out, fk_err *err);

/* Lists as JSON arrays: "organisations", "groups", "accounts", "apikeys". */
/* page: ordered by name (API keys by id); NULL lists all. */
int fk_directory_list(fk_db *db, const char *what, const fk_page *page, json_t **out, fk_err *err);

#endif
