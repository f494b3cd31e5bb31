#include "cases.h"

#include "../cases/workflow.h"
#include "../store/alerts.h"
#include "../store/audit.h"
#include "../store/reports.h"
#include "alerts.h"
#include "reporting.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TEXT_MAX 20000

static const char *actor_of(const fk_principal *who, char buf[160])
{
    snprintf(buf, 160, "account:%s", who->account);
    return buf;
}

/* The case if the caller may see it: 0 with it, 1 when not, -1 on error. */
static int visible(fk_db *db, const fk_principal *who, int64_t id, json_t **out, fk_err *err)
{
    int rc = fk_case_load(db, id, out, err);
    if (rc != 0)
        return rc;
    if (fk_role_is_centre(who->role) ||
        json_integer_value(json_object_get(*out, "org_id")) == who->org_id)
        return 0;
    json_decref(*out);
    *out = NULL;
    return 1;
}

static const char *text_field(json_t *in, const char *name, bool required, fk_err *err)
{
    json_t *v = json_object_get(in, name);
    if (!v && !required)
        return "";
    const char *s = json_string_value(v);
    if (!s || (required && !*s)) {
        fk_errc(err, FK_ERR_INVALID, "%s: expected %stext", name, required ? "non-empty " : "");
        return NULL;
    }
    if (strlen(s) > TEXT_MAX) {
        fk_errc(err, FK_ERR_INVALID, "%s: at most %d bytes", name, TEXT_MAX);
        return NULL;
    }
    return s;
}

static int severity_of(json_t *v, const fk_severity_scale *scale, int *level, fk_err *err)
{
    *level = -1;
    if (!v)
        return 0;
    if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) >= scale->nlevels)
        return fk_errc(err, FK_ERR_INVALID, "severity: expected a level of %s, 0 to %d",
                       scale->code, scale->nlevels - 1);
    *level = (int)json_integer_value(v);
    return 0;
}

int fk_hub_case_open(fk_db *db, const fk_principal *who, const fk_severity_scale *scale, json_t *in,
                     int64_t now_ms, int64_t *id, fk_err *err)
{
    if (!json_is_object(in))
        return fk_errc(err, FK_ERR_INVALID, "expected a JSON object: {\"kind\", \"title\", ...}");
    bool centre = fk_role_is_centre(who->role);
    const char *kind_code = json_string_value(json_object_get(in, "kind"));
    const fk_case_kind *kind = fk_case_kind_find(kind_code);
    if (!kind)
        return fk_errc(err, FK_ERR_INVALID, "kind: expected incident, preventive or third-party");
    const char *title = text_field(in, "title", true, err);
    const char *desc = title ? text_field(in, "description", false, err) : NULL;
    const char *finder = desc ? text_field(in, "finder", false, err) : NULL;
    if (!finder)
        return -1;
    bool third = !strcmp(kind->code, "third-party");
    if (third && !centre)
        return fk_errc(err, FK_ERR_DENIED,
                       "the centre records reports from outside the membership");
    if (third && !*finder)
        return fk_errc(err, FK_ERR_INVALID, "finder: who found it, for a third-party case");
    if (!third && *finder)
        return fk_errc(err, FK_ERR_INVALID, "finder: only for a third-party case");
    int level;
    if (severity_of(json_object_get(in, "severity"), scale, &level, err) != 0)
        return -1;
    const char *org = json_string_value(json_object_get(in, "organisation"));
    if (!org || !*org) {
        if (centre)
            return fk_errc(err, FK_ERR_INVALID, "organisation: the organisation concerned");
        org = who->org;
    }
    if (!centre && strcmp(org, who->org) != 0)
        return fk_errc(err, FK_ERR_DENIED, "a member opens cases about itself only");
    int64_t org_id;
    char sector[48];
    int found = fk_org_find(db, org, &org_id, sector, err);
    if (found != 0)
        return found < 0
                   ? -1
                   : fk_errc(err, FK_ERR_INVALID, "organisation: no organisation named '%s'", org);
    fk_case_new c = {.kind = kind->code,
                     .state = kind->states[0].code,
                     .org_id = org_id,
                     .opened_by = who->account_id,
                     .title = title,
                     .description = desc,
                     .finder = finder,
                     .severity = level};
    char actor[160];
    if (fk_db_begin(db, err) != 0)
        return -1;
    if (fk_case_insert(db, actor_of(who, actor), &c, now_ms, id, err) != 0 ||
        fk_db_commit(db, err) != 0) {
        fk_db_rollback(db);
        return -1;
    }
    return 0;
}

int fk_hub_case_get(fk_db *db, const fk_principal *who, int64_t id, json_t **out, fk_err *err)
{
    return visible(db, who, id, out, err);
}

int fk_hub_cases_list(fk_db *db, const fk_principal *who, const fk_case_filter *f,
                      const fk_page *page, json_t **out, fk_err *err)
{
    return fk_case_list(db, fk_role_is_centre(who->role) ? 0 : who->org_id, f, page, out, err);
}

/* A change to a case the caller may see and, unless the centre, change: in one
 * transaction, begun here; the caller commits (finish). 1: not visible. */
static int begin_change(fk_db *db, const fk_principal *who, int64_t id, json_t **c, fk_err *err)
{
    if (fk_db_begin(db, err) != 0)
        return -1;
    int rc = visible(db, who, id, c, err);
    if (rc != 0)
        fk_db_rollback(db);
    return rc;
}

static int finish(fk_db *db, json_t *c, int rc, fk_err *err)
{
    json_decref(c);
    if (rc == 0 && fk_db_commit(db, err) == 0)
        return 0;
    fk_db_rollback(db);
    return rc > 0 ? rc : -1;
}

int fk_hub_case_move(fk_db *db, const fk_principal *who, int64_t id, const char *to,
                     const char *note, int64_t now_ms, fk_err *err)
{
    if (!to || !*to)
        return fk_errc(err, FK_ERR_INVALID, "state: the state to move to");
    if (note && strlen(note) > TEXT_MAX)
        return fk_errc(err, FK_ERR_INVALID, "note: at most %d bytes", TEXT_MAX);
    json_t *c;
    int rc = begin_change(db, who, id, &c, err);
    if (rc != 0)
        return rc;
    const fk_case_kind *kind = fk_case_kind_find(json_string_value(json_object_get(c, "kind")));
    const char *from = json_string_value(json_object_get(c, "state"));
    if (!fk_role_is_centre(who->role) && strcmp(kind->code, "preventive") != 0)
        rc = fk_errc(err, FK_ERR_DENIED,
                     "the centre moves %s cases through their workflow; a member adds messages, "
                     "links and tasks",
                     kind->code);
    else
        rc = fk_case_transition_check(kind, from, to, err);
    char actor[160];
    if (rc == 0) {
        rc = fk_case_set_state(db, actor_of(who, actor), id, from, to, note, now_ms, err);
        if (rc == 1)
            rc = fk_errc(err, FK_ERR_CONFLICT, "the case left '%s' meanwhile: read it again", from);
    }
    return finish(db, c, rc, err);
}

/* Whether the caller may see what a link names. */
static int reference_visible(fk_db *db, const fk_principal *who, const char *kind, const char *ref,
                             fk_err *err)
{
    if (!strcmp(kind, "indicator")) {
        if (!*ref || strlen(ref) > 2048)
            return fk_errc(err, FK_ERR_INVALID, "ref: an indicator's value or STIX id");
        return 0;
    }
    char *end;
    long long n = strtoll(ref, &end, 10);
    if (!*ref || *end || n <= 0)
        return fk_errc(err, FK_ERR_INVALID, "ref: the number of the %s", kind);
    json_t *o = NULL;
    int rc;
    if (!strcmp(kind, "alert")) {
        rc = fk_hub_alert_get(db, who, n, &o, err);
    } else if (!strcmp(kind, "report")) {
        rc = fk_hub_report_get(db, who, n, &o, err);
    } else if (!strcmp(kind, "release")) {
        /* the listing's row, not the release with its bundle */
        char before[32];
        snprintf(before, sizeof before, "%lld", n - 1);
        fk_page just = {before, 1};
        rc = fk_release_list(db, who, 0, &just, &o, err);
        if (rc == 0 && json_integer_value(json_object_get(json_array_get(o, 0), "id")) != n)
            rc = 1;
    } else {
        return fk_errc(err, FK_ERR_INVALID, "kind: expected alert, report, release or indicator");
    }
    json_decref(o);
    if (rc > 0)
        return fk_errc(err, FK_ERR_INVALID, "ref: no %s %s that you may see", kind, ref);
    return rc;
}

int fk_hub_case_link(fk_db *db, const fk_principal *who, int64_t id, const char *kind,
                     const char *ref, int64_t now_ms, fk_err *err)
{
    if (!kind || !ref)
        return fk_errc(err, FK_ERR_INVALID, "kind and ref: what the case links to");
    json_t *c;
    int rc = begin_change(db, who, id, &c, err);
    if (rc != 0)
        return rc;
    rc = reference_visible(db, who, kind, ref, err);
    bool added;
    char actor[160];
    if (rc == 0)
        rc = fk_case_link(db, actor_of(who, actor), id, kind, ref, now_ms, &added, err);
    return finish(db, c, rc, err);
}

int fk_hub_case_task(fk_db *db, const fk_principal *who, int64_t id, const char *title,
                     const char *owner, int64_t due_ms, int64_t now_ms, int64_t *task_id,
                     fk_err *err)
{
    if (!title || !*title || strlen(title) > 1000)
        return fk_errc(err, FK_ERR_INVALID, "title: what is to be done (at most 1000 bytes)");
    if (!owner || !*owner)
        return fk_errc(err, FK_ERR_INVALID, "owner: the account that does it");
    json_t *c;
    int rc = begin_change(db, who, id, &c, err);
    if (rc != 0)
        return rc;
    /* the owner works for the organisation concerned or for the centre */
    fk_principal o;
    int found = fk_principal_lookup(db, owner, &o, err);
    if (found < 0)
        rc = -1;
    else if (found > 0 || (!fk_role_is_centre(o.role) &&
                           o.org_id != json_integer_value(json_object_get(c, "org_id"))))
        rc =
            fk_errc(err, FK_ERR_INVALID,
                    "owner: no account '%s' of the organisation concerned or of the centre", owner);
    char actor[160];
    if (rc == 0)
        rc = fk_case_task_add(db, actor_of(who, actor), id, title, owner, due_ms, now_ms, task_id,
                              err);
    return finish(db, c, rc, err);
}

int fk_hub_case_task_done(fk_db *db, const fk_principal *who, int64_t id, int64_t task_id,
                          int64_t now_ms, fk_err *err)
{
    json_t *c;
    int rc = begin_change(db, who, id, &c, err);
    if (rc != 0)
        return rc;
    char actor[160];
    rc = fk_case_task_done(db, actor_of(who, actor), id, task_id, now_ms, err);
    if (rc == 1)
        rc = fk_errc(err, FK_ERR_CONFLICT, "task %lld: no open task of this case",
                     (long long)task_id);
    return finish(db, c, rc, err);
}

int fk_hub_case_message(fk_db *db, const fk_principal *who, int64_t id, const char *text,
                        int64_t now_ms, fk_err *err)
{
    if (!text || !*text || strlen(text) > TEXT_MAX)
        return fk_errc(err, FK_ERR_INVALID, "text: the message (at most %d bytes)", TEXT_MAX);
    json_t *c;
    int rc = begin_change(db, who, id, &c, err);
    if (rc != 0)
        return rc;
    char actor[160];
    rc = fk_case_message(db, actor_of(who, actor), id, text, now_ms, err);
    return finish(db, c, rc, err);
}

int fk_hub_case_assign(fk_db *db, const fk_principal *who, const fk_severity_scale *scale,
                       int64_t id, const char *assignee, int level, int64_t now_ms, fk_err *err)
{
    if (!fk_role_is_centre(who->role))
        return fk_errc(err, FK_ERR_DENIED, "the centre assigns cases and sets their severity");
    if (level >= scale->nlevels)
        return fk_errc(err, FK_ERR_INVALID, "severity: expected a level of %s, 0 to %d",
                       scale->code, scale->nlevels - 1);
    json_t *c;
    int rc = begin_change(db, who, id, &c, err);
    if (rc != 0)
        return rc;
    char actor[160];
    actor_of(who, actor);
    if (assignee && *assignee) {
        fk_principal a;
        int found = fk_principal_lookup(db, assignee, &a, err);
        if (found < 0)
            rc = -1;
        else if (found > 0 || !fk_role_is_centre(a.role))
            rc = fk_errc(err, FK_ERR_INVALID, "assignee: no centre account '%s'", assignee);
        else
            rc = fk_case_assign(db, actor, id, assignee, now_ms, err);
    }
    if (rc == 0 && level >= 0)
        rc = fk_case_set_severity(db, actor, id, level, now_ms, err);
    return finish(db, c, rc, err);
}

int fk_hub_case_timeline(fk_db *db, const fk_principal *who, int64_t id, const fk_page *page,
                         json_t **out, fk_err *err)
{
    json_t *c;
    int rc = visible(db, who, id, &c, err);
    if (rc != 0)
        return rc;
    json_decref(c);
    char object[40];
    snprintf(object, sizeof object, "case:%lld", (long long)id);
    return fk_audit_list_object(db, object, page, out, err);
}
