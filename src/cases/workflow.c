#include "workflow.h"

#include <stdio.h>
#include <string.h>

/* 事案対応: 検知・発見 → 報告・支援要請 → 調査 → 集約・状況把握 → 対応方針の決定 →
 * 支援機関への要請 → 支援 → 対応の実施・終結. Investigation may go back a step when the
 * picture changes; a closed case may be reopened. */
static const fk_case_state incident[] = {
    {"reported", "報告受付", "reported", false, false, "investigating|closed"},
    {"investigating", "調査", "investigating", false, false, "situation|closed"},
    {"situation", "集約・状況把握", "situation picture", false, false,
     "decided|investigating|closed"},
    {"decided", "対応方針決定", "response decided", false, false,
     "support-requested|responding|situation"},
    {"support-requested", "支援要請中", "support requested", true, false, "supporting|decided"},
    {"supporting", "支援中", "supported", false, false, "responding|decided"},
    {"responding", "対応実施", "response under way", false, false, "closed|investigating|decided"},
    {"closed", "終結", "closed", false, true, "investigating"},
};

/* 予防措置: a measure taken without an incident (a warning, a configuration change). */
static const fk_case_state preventive[] = {
    {"planned", "計画", "planned", false, false, "in-progress|cancelled"},
    {"in-progress", "実施中", "in progress", false, false, "waiting|done|cancelled"},
    {"waiting", "他組織の対応待ち", "waiting on others", true, false, "in-progress|cancelled"},
    {"done", "完了", "done", false, true, "in-progress"},
    {"cancelled", "中止", "cancelled", false, true, "planned"},
};

/* 外部からの情報: a finder outside the membership reports something about an
 * organisation; the centre checks it and passes it on or closes it. */
static const fk_case_state third_party[] = {
    {"received", "受付", "received", false, false, "verifying|closed"},
    {"verifying", "確認中", "verifying", false, false, "notified|closed"},
    {"notified", "対象組織へ通知済み", "organisation notified", true, false, "verifying|closed"},
    {"closed", "終結", "closed", false, true, "verifying"},
};

/* 支援要請: a request to a supporting organisation on a case. */
static const fk_case_state support[] = {
    {"requested", "要請中", "requested", true, false, "accepted|declined|cancelled"},
    {"accepted", "受諾", "accepted", false, false, "in-progress|completed|cancelled"},
    {"declined", "辞退", "declined", false, true, "requested"},
    {"in-progress", "支援中", "in progress", false, false, "completed|cancelled"},
    {"completed", "完了", "completed", false, true, "in-progress"},
    {"cancelled", "取り消し", "cancelled", false, true, "requested"},
};

#define KIND(code, ja, en, states)                                                                 \
    {                                                                                              \
        code, ja, en, states, sizeof states / sizeof states[0]                                     \
    }
static const fk_case_kind kinds[] = {
    KIND("incident", "インシデント対応", "incident", incident),
    KIND("preventive", "予防措置", "preventive measure", preventive),
    KIND("third-party", "外部からの情報", "report from outside the membership", third_party),
};

static const fk_case_kind support_kind = KIND("support", "支援要請", "support request", support);

const fk_case_kind *fk_support_workflow(void)
{
    return &support_kind;
}

size_t fk_case_kind_count(void)
{
    return sizeof kinds / sizeof kinds[0];
}

const fk_case_kind *fk_case_kind_at(size_t i)
{
    return i < fk_case_kind_count() ? &kinds[i] : NULL;
}

const fk_case_kind *fk_case_kind_find(const char *code)
{
    for (size_t i = 0; code && i < fk_case_kind_count(); i++)
        if (!strcmp(kinds[i].code, code))
            return &kinds[i];
    return NULL;
}

const fk_case_state *fk_case_state_find(const fk_case_kind *k, const char *code)
{
    for (size_t i = 0; k && code && i < k->nstates; i++)
        if (!strcmp(k->states[i].code, code))
            return &k->states[i];
    return NULL;
}

bool fk_case_next_state(const char **cursor, char out[32])
{
    const char *p = *cursor;
    if (!p || !*p)
        return false;
    size_t n = strcspn(p, "|");
    snprintf(out, 32, "%.*s", (int)(n < 31 ? n : 31), p);
    *cursor = p + n + (p[n] == '|');
    return true;
}

/* Whether name is one of the states a state may move to. */
static bool listed(const char *next, const char *name)
{
    char code[32];
    while (fk_case_next_state(&next, code))
        if (!strcmp(code, name))
            return true;
    return false;
}

int fk_case_transition_check(const fk_case_kind *k, const char *from, const char *to, fk_err *err)
{
    const fk_case_state *f = fk_case_state_find(k, from);
    if (!f)
        return fk_errc(err, FK_ERR_INVALID, "state '%s' is not a state of %s cases", from, k->code);
    if (!fk_case_state_find(k, to)) {
        char all[256] = "";
        for (size_t i = 0; i < k->nstates; i++) {
            if (i)
                strncat(all, ", ", sizeof all - strlen(all) - 1);
            strncat(all, k->states[i].code, sizeof all - strlen(all) - 1);
        }
        return fk_errc(err, FK_ERR_INVALID, "state: '%s' is not a state of %s cases (%s)", to,
                       k->code, all);
    }
    if (!listed(f->next, to)) {
        char allowed[256];
        size_t n = 0;
        for (const char *p = f->next; *p && n + 3 < sizeof allowed; p++) {
            if (*p == '|') {
                allowed[n++] = ',';
                allowed[n++] = ' ';
            } else {
                allowed[n++] = *p;
            }
        }
        allowed[n] = '\0';
        return fk_errc(err, FK_ERR_CONFLICT,
                       "this %s case is in state '%s' and cannot move to '%s'; it may move to: %s",
                       k->code, from, to, allowed);
    }
    return 0;
}
