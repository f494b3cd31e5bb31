#include "cases.h"

#include "../cases/deadlines.h"
#include "../cases/workflow.h"
#include "../core/timefmt.h"
#include "../store/alerts.h"
#include "../store/audit.h"
#include "../store/contacts.h"
#include "../store/outbox.h"
#include "../store/reports.h"
#include "alerts.h"
#include "notify.h"
#include "reporting.h"
#include "sharing.h"

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

/* The deadline policy in force: the one the centre set, else the shipped one. */
static int policy_of(fk_db *db, fk_deadline_policy *p, fk_err *err)
{
    json_t *j;
    if (fk_deadline_policy_load(db, &j, err) != 0)
        return -1;
    if (!j)
        j = fk_deadline_policy_default();
    int rc = fk_deadline_policy_read(j, p, err);
    json_decref(j);
    return rc;
}

/* Arms the clock of the step a case is in (since: when it entered it); escalations start
 * again from the first contact. */
static int arm(fk_db *db, int64_t id, const char *kind, const char *state, int severity,
               int64_t since, fk_err *err)
{
    fk_deadline_policy *p = malloc(sizeof *p);
    if (!p)
        return fk_errc(err, FK_ERR_NOMEM, "out of memory");
    int rc = policy_of(db, p, err);
    if (rc == 0)
        rc = fk_case_set_due(db, id, fk_deadline_due(p, kind, state, severity, since), 0, err);
    free(p);
    return rc;
}

static int severity_in(json_t *c)
{
    json_t *s = json_object_get(c, "severity");
    return json_is_integer(s) ? (int)json_integer_value(s) : -1;
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
        arm(db, *id, c.kind, c.state, c.severity, now_ms, err) != 0 || fk_db_commit(db, err) != 0) {
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
        if (rc == 0)
            rc = arm(db, id, kind->code, to, severity_in(c), now_ms, err);
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
        rc = fk_hub_release_visible(db, who, n, err);
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
    if (rc == 0 && level >= 0) {
        rc = fk_case_set_severity(db, actor, id, level, now_ms, err);
        /* a new severity may give the step another clock, from when it began */
        const char *since = json_string_value(json_object_get(c, "state_since"));
        int64_t since_ms = now_ms;
        if (since)
            fk_time_parse_iso8601(since, strlen(since), &since_ms);
        if (rc == 0)
            rc = arm(db, id, json_string_value(json_object_get(c, "kind")),
                     json_string_value(json_object_get(c, "state")), level, since_ms, err);
    }
    return finish(db, c, rc, err);
}

/* The audit object of a case the caller may see ("case:<id>"): 0, 1 not visible, -1. */
static int object_of(fk_db *db, const fk_principal *who, int64_t id, char object[40], fk_err *err)
{
    json_t *c = NULL;
    int rc = visible(db, who, id, &c, err);
    json_decref(c);
    snprintf(object, 40, "case:%lld", (long long)id);
    return rc;
}

int fk_hub_case_timeline(fk_db *db, const fk_principal *who, int64_t id, const fk_page *page,
                         json_t **out, fk_err *err)
{
    char object[40];
    int rc = object_of(db, who, id, object, err);
    return rc != 0 ? rc : fk_audit_list_object(db, object, page, out, err);
}

int fk_hub_case_notices(fk_db *db, const fk_principal *who, int64_t id, json_t **out, fk_err *err)
{
    char object[40];
    int rc = object_of(db, who, id, object, err);
    if (rc != 0 || fk_outbox_mail_list(db, object, 200, out, err) != 0)
        return rc > 0 ? rc : -1;
    if (fk_role_is_centre(who->role))
        return 0;
    /* a member does not see whom at the centre or at a supporter the hub wrote to */
    for (size_t i = json_array_size(*out); i-- > 0;)
        if (strcmp(json_string_value(json_object_get(json_array_get(*out, i), "recipient")),
                   "organisation") != 0)
            json_array_remove(*out, i);
    return 0;
}

int fk_hub_deadline_policy(fk_db *db, json_t **out, fk_err *err)
{
    if (fk_deadline_policy_load(db, out, err) != 0)
        return -1;
    if (!*out)
        *out = fk_deadline_policy_default();
    return *out ? 0 : fk_errc(err, FK_ERR_NOMEM, "out of memory");
}

int fk_hub_deadline_policy_set(fk_db *db, const fk_principal *who, json_t *policy, fk_err *err)
{
    if (who->role != FK_ROLE_CENTRE_ADMIN)
        return fk_errc(err, FK_ERR_DENIED, "only a centre-admin sets the deadline policy");
    fk_deadline_policy *p = malloc(sizeof *p);
    if (!p)
        return fk_errc(err, FK_ERR_NOMEM, "out of memory");
    int rc = fk_deadline_policy_read(policy, p, err);
    free(p);
    if (rc != 0)
        return -1;
    char actor[160];
    if (fk_db_begin(db, err) != 0)
        return -1;
    if (fk_deadline_policy_save(db, actor_of(who, actor), policy, err) != 0 ||
        fk_db_commit(db, err) != 0) {
        fk_db_rollback(db);
        return -1;
    }
    return 0;
}

/* The message to a contact about an overdue step, in the contact's language. */
static void overdue_message(bool ja, int64_t id, const char *title, const char *state,
                            char *subject, size_t scap, char *body, size_t bcap)
{
    if (ja) {
        snprintf(subject, scap, "事案 %lld の対応期限を過ぎました", (long long)id);
        snprintf(body, bcap, "事案 %lld「%s」は、段階「%s」の対応期限を過ぎました。\n",
                 (long long)id, title, state);
    } else {
        snprintf(subject, scap, "Case %lld is past its deadline", (long long)id);
        snprintf(body, bcap, "Case %lld, \"%s\", is past the deadline of its step \"%s\".\n",
                 (long long)id, title, state);
    }
}

/* One overdue step: the next contact of the organisation's chain in force is alerted
 * (e-mail through the relay; a phone or a hotline is named for the centre to call), the
 * step noted in the timeline, and the clock armed again for the contact after, or
 * stopped when there is none. In the caller's transaction. */
static int escalate(fk_db *db, const fk_deadline_policy *p, const fk_mail_config *mail, json_t *c,
                    int64_t now_ms, fk_err *err)
{
    int64_t id = json_integer_value(json_object_get(c, "id"));
    const char *kind = json_string_value(json_object_get(c, "kind"));
    const char *state = json_string_value(json_object_get(c, "state"));
    int severity = (int)json_integer_value(json_object_get(c, "severity"));
    int level = (int)json_integer_value(json_object_get(c, "escalation")) + 1;
    char mode[16];
    json_t *contacts = NULL;
    if (fk_contact_mode(db, mode, err) != 0 ||
        fk_contact_list(db, json_integer_value(json_object_get(c, "org_id")), mode, &contacts,
                        err) != 0)
        return -1;
    json_t *who = json_array_get(contacts, (size_t)level - 1);
    json_t *note = json_pack("{ss si}", "step", state, "escalation", level);
    if (!note) {
        json_decref(contacts);
        return fk_errc(err, FK_ERR_NOMEM, "out of memory");
    }
    if (who) {
        const char *channel = json_string_value(json_object_get(who, "channel"));
        json_object_set(note, "contact", json_object_get(who, "name"));
        json_object_set(note, "channel", json_object_get(who, "channel"));
        if (!strcmp(channel, "email")) {
            char subject[300], body[1200];
            overdue_message(!strcmp(json_string_value(json_object_get(who, "lang")), "ja"), id,
                            json_string_value(json_object_get(c, "title")), state, subject,
                            sizeof subject, body, sizeof body);
            fk_err mail_err;
            if (fk_notify_mail(mail, json_string_value(json_object_get(who, "address")), subject,
                               body, &mail_err) == 0)
                json_object_set_new(note, "sent", json_true());
            else
                json_object_set_new(note, "error", json_string(mail_err.msg));
        }
    } else {
        json_object_set_new(note, "contact", json_null());
    }
    /* the contact after this one, after the step's time again; none: the clock stops */
    int64_t d = fk_deadline_duration(p, kind, state, severity);
    int64_t next = who && d && (size_t)level < json_array_size(contacts)
                       ? fk_work_add(&p->hours, now_ms, d)
                       : 0;
    json_decref(contacts);
    int rc = fk_case_overdue_note(db, id, note, now_ms, err);
    if (rc == 0)
        rc = fk_case_set_due(db, id, next, level, err);
    return rc;
}

int fk_hub_deadlines_check(fk_db *db, const fk_mail_config *mail, int64_t now_ms, size_t limit,
                           size_t *escalated, fk_err *err)
{
    *escalated = 0;
    json_t *due;
    if (fk_case_overdue(db, now_ms, limit, &due, err) != 0)
        return -1;
    fk_deadline_policy *p = NULL;
    int rc = 0;
    if (json_array_size(due)) {
        p = malloc(sizeof *p);
        rc = !p ? fk_errc(err, FK_ERR_NOMEM, "out of memory") : policy_of(db, p, err);
    }
    size_t i;
    json_t *c;
    json_array_foreach(due, i, c)
    {
        if (rc != 0 || (rc = fk_db_begin(db, err)) != 0)
            break;
        rc = escalate(db, p, mail, c, now_ms, err);
        if (rc == 0 && (rc = fk_db_commit(db, err)) == 0)
            (*escalated)++;
        else
            fk_db_rollback(db);
    }
    free(p);
    json_decref(due);
    return rc;
}
