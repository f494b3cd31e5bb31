/* The audit log: every write, triage and release decision and every read of released
 * data is appended as an entry whose SHA-256 covers the previous entry's hash, so any
 * edit or deletion breaks the chain. Owns the audit table. */
#ifndef FK_AUDIT_H
#define FK_AUDIT_H

#include "db.h"

#include <jansson.h>
#include <stdint.h>

/* Appends an entry (inside the caller's transaction, if one is open). detail is JSON
 * text (use "{}" when there is nothing to add). */
int fk_audit_append(fk_db *db, const char *actor, const char *action, const char *object,
                    const char *detail, fk_err *err);

typedef struct fk_audit_report {
    int64_t entries;
    int64_t first_bad; /* seq of the first entry that does not verify, 0 if none */
    char why[160];
} fk_audit_report;

/* Recomputes the chain. Returns 0 when it verifies, 1 when it is broken (report says
 * where and why), -1 on a database error. */
int fk_audit_verify(fk_db *db, fk_audit_report *report, fk_err *err);

/* A page of entries, newest first ({"seq", "at", "actor", "action", "object",
 * "detail"}); page->after is the seq of the last entry of the previous page. */
int fk_audit_list(fk_db *db, const fk_page *page, json_t **out, fk_err *err);

#endif
