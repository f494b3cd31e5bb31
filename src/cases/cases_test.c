/* The coordination workflow's table: every kind starts somewhere, every transition
 * names a state of its kind, every state can be left or is closed, and a refused
 * transition names the allowed ones. */
#include "calendar.h"
#include "deadlines.h"
#include "notices.h"
#include "workflow.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

Test(workflow, every_transition_names_a_state_of_its_kind)
{
    cr_assert_eq(fk_case_kind_count(), 3);
    for (size_t i = 0; i < fk_case_kind_count(); i++) {
        const fk_case_kind *k = fk_case_kind_at(i);
        cr_assert_gt(k->nstates, 2, "%s", k->code);
        cr_assert(!k->states[0].closed && !k->states[0].waiting, "%s starts open", k->code);
        bool closes = false;
        for (size_t s = 0; s < k->nstates; s++) {
            const fk_case_state *st = &k->states[s];
            closes = closes || st->closed;
            cr_assert(*st->next, "%s.%s can be left", k->code, st->code);
            for (const char *p = st->next; *p;) {
                char to[64];
                size_t n = strcspn(p, "|");
                snprintf(to, sizeof to, "%.*s", (int)n, p);
                cr_assert_not_null(fk_case_state_find(k, to), "%s.%s -> %s", k->code, st->code, to);
                fk_err err;
                cr_assert_eq(fk_case_transition_check(k, st->code, to, &err), 0, "%s", err.msg);
                p += n + (p[n] == '|');
            }
        }
        cr_assert(closes, "a %s case can end", k->code);
    }
}

Test(workflow, a_refused_transition_names_the_allowed_ones)
{
    const fk_case_kind *k = fk_case_kind_find("incident");
    cr_assert_not_null(k);
    fk_err err;
    cr_assert_eq(fk_case_transition_check(k, "reported", "responding", &err), -1);
    cr_assert_eq(err.code, FK_ERR_CONFLICT);
    cr_assert_not_null(strstr(err.msg, "investigating, closed"), "%s", err.msg);
    cr_assert_eq(fk_case_transition_check(k, "reported", "on-fire", &err), -1);
    cr_assert_eq(err.code, FK_ERR_INVALID);
    cr_assert_not_null(strstr(err.msg, "reported, investigating"), "the states listed: %s",
                       err.msg);
    /* the seed's flow, end to end */
    const char *flow[] = {"reported",          "investigating", "situation",  "decided",
                          "support-requested", "supporting",    "responding", "closed"};
    for (size_t i = 0; i + 1 < sizeof flow / sizeof flow[0]; i++)
        cr_assert_eq(fk_case_transition_check(k, flow[i], flow[i + 1], &err), 0, "%s", err.msg);
    cr_assert(fk_case_state_find(k, "support-requested")->waiting, "waiting on supporters");
    cr_assert_null(fk_case_kind_find("unknown"));
}

/* The national holidays of 2026 as the Cabinet Office lists them, the substitute holiday
 * after a Sunday one and the citizen's holiday of September included, and no other. */
Test(calendar, the_holidays_of_2026)
{
    static const int days[][2] = {{1, 1},  {1, 12}, {2, 11}, {2, 23},  {3, 20}, {4, 29},
                                  {5, 3},  {5, 4},  {5, 5},  {5, 6},   {7, 20}, {8, 11},
                                  {9, 21}, {9, 22}, {9, 23}, {10, 12}, {11, 3}, {11, 23}};
    int n = 0;
    for (int m = 1; m <= 12; m++)
        for (int d = 1; d <= 31; d++) {
            if (!fk_jp_holiday(2026, m, d))
                continue;
            bool listed = false;
            for (size_t i = 0; i < sizeof days / sizeof days[0]; i++)
                listed = listed || (days[i][0] == m && days[i][1] == d);
            cr_assert(listed, "2026-%02d-%02d is not a holiday", m, d);
            n++;
        }
    cr_assert_eq(n, (int)(sizeof days / sizeof days[0]));
    cr_assert(fk_jp_holiday(2025, 11, 24), "Labour Thanksgiving fell on a Sunday in 2025");
    cr_assert(!fk_jp_holiday(2025, 11, 25));
}

static int64_t jst(int y, int m, int d, int h, int min)
{
    struct tm tm = {
        .tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d, .tm_hour = h, .tm_min = min};
    return ((int64_t)timegm(&tm) - 9 * 3600) * 1000;
}

/* Working hours: a clock started late on a Friday runs on Monday; the year-end closing
 * and a holiday are skipped; around the clock every hour counts. */
Test(calendar, working_time_skips_nights_weekends_holidays_and_the_year_end)
{
    fk_work_hours w = {.start_min = 9 * 60, .end_min = 18 * 60, .year_end_closed = true};
    int64_t h = 3600000;
    cr_assert_eq(fk_work_add(&w, jst(2026, 12, 4, 17, 0), 2 * h), jst(2026, 12, 7, 10, 0));
    cr_assert_eq(fk_work_add(&w, jst(2026, 12, 28, 17, 0), 2 * h), jst(2027, 1, 4, 10, 0));
    cr_assert_eq(fk_work_add(&w, jst(2026, 9, 18, 17, 30), h), jst(2026, 9, 24, 9, 30),
                 "the September holidays of 2026");
    cr_assert_eq(fk_work_add(&w, jst(2026, 12, 1, 7, 0), h), jst(2026, 12, 1, 10, 0),
                 "before opening the clock waits");
    cr_assert_eq(fk_work_add(&w, jst(2026, 12, 1, 10, 0), 9 * h), jst(2026, 12, 2, 10, 0));
    fk_work_hours always = {.continuous = true};
    cr_assert_eq(fk_work_add(&always, jst(2026, 12, 5, 23, 0), 2 * h), jst(2026, 12, 6, 1, 0));
}

/* The shipped policy reads; the clock that applies is the highest severity's up to the
 * case's; a waiting or closed state gets none; wrong fields are named. */
Test(deadlines, the_policy_reads_and_the_right_clock_applies)
{
    json_t *j = fk_deadline_policy_default();
    fk_deadline_policy p;
    fk_err err;
    cr_assert_eq(fk_deadline_policy_read(j, &p, &err), 0, "%s", err.msg);
    json_decref(j);
    int64_t h = 3600000;
    cr_assert_eq(fk_deadline_duration(&p, "incident", "reported", 0), 8 * h);
    cr_assert_eq(fk_deadline_duration(&p, "incident", "reported", 5), 2 * h);
    cr_assert_eq(fk_deadline_duration(&p, "incident", "reported", -1), 8 * h, "not assessed");
    cr_assert_eq(fk_deadline_duration(&p, "incident", "support-requested", 5), 0, "waiting");
    cr_assert_eq(fk_deadline_duration(&p, "incident", "closed", 5), 0);
    /* 2 working hours from Friday 17:00 JST */
    cr_assert_eq(fk_deadline_due(&p, "incident", "reported", 4, jst(2026, 12, 4, 17, 0)),
                 jst(2026, 12, 7, 10, 0));
    json_t *bad = json_pack("{ss s[{ss ss sf}]}", "calendar", "continuous", "clocks", "kind",
                            "incident", "state", "reported", "hours", -1.0);
    cr_assert_eq(fk_deadline_policy_read(bad, &p, &err), -1);
    cr_assert_not_null(strstr(err.msg, "clocks[0].hours"), "%s", err.msg);
    json_decref(bad);
    bad = json_pack("{ss ss ss s[]}", "calendar", "business", "day_start", "18:00", "day_end",
                    "09:00", "clocks");
    cr_assert_eq(fk_deadline_policy_read(bad, &p, &err), -1);
    cr_assert_not_null(strstr(err.msg, "day_end"), "%s", err.msg);
    json_decref(bad);
}

/* Who is told of what: the table's recipients, the support step's rule (the centre of
 * the supporter's answers, the supporter of a cancellation), and the messages in both
 * languages with the state's name, the note and the link; a supporter's message names
 * neither the case's title nor its number. */
Test(notices, recipients_and_messages_in_both_languages)
{
    json_t *to_cancelled = json_pack("{ss}", "to", "cancelled");
    json_t *to_accepted = json_pack("{ss}", "to", "accepted");
    cr_assert_eq(fk_notice_recipients("case.open", NULL),
                 FK_NOTICE_ORGANISATION | FK_NOTICE_CENTRE);
    cr_assert_eq(fk_notice_recipients("case.link", NULL), 0, "links tell no one");
    cr_assert_eq(fk_notice_recipients("case.notified", NULL), 0, "no notice of a notice");
    cr_assert_eq(fk_notice_recipients("case.support", to_cancelled), FK_NOTICE_SUPPORTER);
    cr_assert_eq(fk_notice_recipients("case.support", to_accepted), FK_NOTICE_CENTRE);
    json_decref(to_cancelled);
    json_decref(to_accepted);

    json_t *moved = json_pack("{ss sI ss s{ss ss ss} ss}", "event", "case.state", "case",
                              (json_int_t)12, "title", "Ransomware at PowerCo", "detail", "from",
                              "reported", "to", "investigating", "note", "imaging the servers",
                              "link", "https://soc.example/console/cases/12");
    char *subject, *body;
    fk_err err;
    cr_assert_eq(fk_notice_compose("en", FK_NOTICE_ORGANISATION, moved, &subject, &body, &err), 0,
                 "%s", err.msg);
    cr_assert_str_eq(subject, "Case 12 has moved on");
    cr_assert_not_null(strstr(body, "Ransomware at PowerCo"), "%s", body);
    cr_assert_not_null(strstr(body, "imaging the servers"), "%s", body);
    cr_assert_not_null(strstr(body, "https://soc.example/console/cases/12"), "%s", body);
    const fk_case_state *inv = fk_case_state_find(fk_case_kind_find("incident"), "investigating");
    cr_assert_not_null(strstr(body, inv->name_en), "the state's name: %s", body);
    free(subject);
    free(body);
    cr_assert_eq(fk_notice_compose("ja", FK_NOTICE_ORGANISATION, moved, &subject, &body, &err), 0);
    cr_assert_not_null(strstr(subject, "事案 12"), "%s", subject);
    cr_assert_not_null(strstr(body, inv->name_ja), "%s", body);
    free(subject);
    free(body);
    json_decref(moved);

    json_t *asked = json_pack("{ss sI ss s{sI sI ss ss}}", "event", "case.support_request", "case",
                              (json_int_t)12, "title", "Ransomware at PowerCo", "detail", "request",
                              (json_int_t)3, "supporter", (json_int_t)9, "capability",
                              "site-takedown", "description", "Take down login.evil.example");
    cr_assert_eq(fk_notice_compose("en", FK_NOTICE_SUPPORTER, asked, &subject, &body, &err), 0);
    cr_assert_str_eq(subject, "A request for support (3)");
    cr_assert_not_null(strstr(body, "login.evil.example"), "%s", body);
    cr_assert_null(strstr(body, "PowerCo"), "not whose case: %s", body);
    cr_assert_null(strstr(body, "12"), "not the case's number: %s", body);
    free(subject);
    free(body);
    json_decref(asked);

    json_t *unknown = json_pack("{ss}", "event", "case.teleported");
    cr_assert_eq(fk_notice_compose("en", FK_NOTICE_CENTRE, unknown, &subject, &body, &err), -1);
    cr_assert_null(subject);
    json_decref(unknown);
}
