/* The audit log: every write, triage and release decision and every read of released
 * data is appended as an entry whose SHA-256 covers the previous entry's hash, so any
 * edit or deletion breaks the chain. Owns the audit and audit_checkpoint tables. */
#ifndef FK_AUDIT_H
#define FK_AUDIT_H

#include "db.h"

#include <jansson.h>
#include <stdint.h>

/* Appends an entry (inside the caller's transaction, if one is open). detail is JSON
 * text (use "{}" when there is nothing to add). */
int fk_audit_append(fk_db *db, const char *actor, const char *action, const char *object,
                    const char *detail, fk_err *err);
/* The same with the object "<kind>:<id>" and the detail as JSON (stolen; NULL: out of
 * memory, as a json_pack that failed gives it). */
int fk_audit_append_json(fk_db *db, const char *actor, const char *action, const char *kind,
                         int64_t id, json_t *detail, fk_err *err);

typedef struct fk_audit_report {
    int64_t entries;
    int64_t first_bad; /* seq of the first entry that does not verify, 0 if none */
    char why[160];
} fk_audit_report;

/* Recomputes the chain. Returns 0 when it verifies, 1 when it is broken (report says
 * where and why), -1 on a database error. */
int fk_audit_verify(fk_db *db, fk_audit_report *report, fk_err *err);

/* The last full check of the chain: how far it verified, when, and the break it found.
 * Views check only the entries after it (a chain of a million entries takes seconds to
 * recompute); the full check runs hourly in the hub, on demand and from the CLI. */
typedef struct fk_audit_checkpoint {
    int64_t seq;            /* the last entry that verified (0: none) */
    unsigned char hash[32]; /* its hash */
    int64_t entries;        /* entries the check read */
    int64_t first_bad;      /* where it broke (0: it did not) */
    char why[160];
    int64_t checked_ms; /* when it ran (0: never) */
} fk_audit_checkpoint;

/* Recomputes the whole chain and records the result. 0 verified, 1 broken, -1 error. */
int fk_audit_check_full(fk_db *db, int64_t now_ms, fk_audit_checkpoint *out, fk_err *err);
/* The last full check's result (all zero when none has run). */
int fk_audit_checkpoint_load(fk_db *db, fk_audit_checkpoint *out, fk_err *err);
/* Checks the entries after from (every entry when from->seq is 0), the first of which
 * must chain onto from's hash. As fk_audit_verify; report->entries counts those read. */
int fk_audit_verify_since(fk_db *db, const fk_audit_checkpoint *from, fk_audit_report *report,
                          fk_err *err);

/* A page of entries, newest first ({"seq", "at", "actor", "action", "object",
 * "detail"}); page->after is the seq of the last entry of the previous page. */
int fk_audit_list(fk_db *db, const fk_page *page, json_t **out, fk_err *err);
/* The same for one object's entries ("case:12"): its timeline, newest first. */
int fk_audit_list_object(fk_db *db, const char *object, const fk_page *page, json_t **out,
                         fk_err *err);

#endif
