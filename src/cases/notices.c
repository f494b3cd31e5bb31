#include "notices.h"

#include "workflow.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One event's notice: who is told and what the subject says; `lines` writes what the
 * body says of the event's detail. Subjects take the case's or the release's number. */
typedef struct notice {
    const char *event;
    int recipients;
    const char *subject_ja, *subject_en;
    void (*lines)(FILE *f, bool ja, json_t *detail);
} notice;

static const char *text(json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? s : "";
}

/* A state's name in the language, for any kind's workflow (codes are shared). */
static const char *state_name(const char *code, bool ja)
{
    for (size_t k = 0; k <= fk_case_kind_count(); k++) {
        const fk_case_kind *kind =
            k < fk_case_kind_count() ? fk_case_kind_at(k) : fk_support_workflow();
        const fk_case_state *s = fk_case_state_find(kind, code);
        if (s)
            return ja ? s->name_ja : s->name_en;
    }
    return code;
}

static void note_line(FILE *f, bool ja, json_t *d, const char *key)
{
    if (*text(d, key))
        fprintf(f, ja ? "\n%s\n" : "\n%s\n", text(d, key));
}

static void opened(FILE *f, bool ja, json_t *d)
{
    fprintf(f,
            ja ? "新しい事案が登録されました（状態: %s）。\n"
               : "A new case has been opened (state: %s).\n",
            state_name(text(d, "state"), ja));
    if (*text(d, "finder"))
        fprintf(f, ja ? "発見者: %s\n" : "Found by: %s\n", text(d, "finder"));
}

static void moved(FILE *f, bool ja, json_t *d)
{
    fprintf(f,
            ja ? "状態が「%s」から「%s」に変わりました。\n"
               : "The case moved from \"%s\" to \"%s\".\n",
            state_name(text(d, "from"), ja), state_name(text(d, "to"), ja));
    note_line(f, ja, d, "note");
}

static void severity(FILE *f, bool ja, json_t *d)
{
    fprintf(f, ja ? "重大度が %lld になりました。\n" : "Its severity is now %lld.\n",
            (long long)json_integer_value(json_object_get(d, "severity")));
}

static void message(FILE *f, bool ja, json_t *d)
{
    fputs(ja ? "新しいメッセージがあります。\n" : "A new message was added.\n", f);
    note_line(f, ja, d, "text");
}

static void task(FILE *f, bool ja, json_t *d)
{
    fprintf(f,
            ja ? "作業「%s」が %s に割り当てられました。\n" : "The task \"%s\" was given to %s.\n",
            text(d, "title"), text(d, "owner"));
    if (*text(d, "due"))
        fprintf(f, ja ? "期限: %s\n" : "Due: %s\n", text(d, "due"));
}

static void support_request(FILE *f, bool ja, json_t *d)
{
    fprintf(f,
            ja ? "支援の依頼（%s）が届きました。依頼番号: %lld\n"
               : "A request for support (%s) is addressed to you. Request number: %lld\n",
            text(d, "capability"), (long long)json_integer_value(json_object_get(d, "request")));
    note_line(f, ja, d, "description");
    if (*text(d, "due"))
        fprintf(f, ja ? "回答期限: %s\n" : "Respond by: %s\n", text(d, "due"));
}

static void support_step(FILE *f, bool ja, json_t *d)
{
    fprintf(f,
            ja ? "支援依頼 %lld は「%s」になりました。\n" : "Support request %lld is now \"%s\".\n",
            (long long)json_integer_value(json_object_get(d, "request")),
            state_name(text(d, "to"), ja));
    note_line(f, ja, d, "note");
}

static void please_answer(FILE *f, bool ja)
{
    fputs(ja ? "受領と対応の結果をコンソールで回答してください。\n"
             : "Please answer in the console that you received it and what you did.\n",
          f);
}

static void release_new(FILE *f, bool ja, json_t *d)
{
    fprintf(f,
            ja ? "新しい情報（%s）が共有されました。対応期限: %s\n"
               : "New information (%s) has been shared with you. Act by: %s\n",
            text(d, "tier"), text(d, "deadline"));
    please_answer(f, ja);
}

static void release_overdue(FILE *f, bool ja, json_t *d)
{
    fprintf(f,
            ja ? "共有された情報（%s）の対応期限 %s を過ぎましたが、まだ回答がありません。\n"
               : "The deadline %s of the information shared with you (%s) has passed and "
                 "we have no answer yet.\n",
            ja ? text(d, "tier") : text(d, "deadline"), ja ? text(d, "deadline") : text(d, "tier"));
    please_answer(f, ja);
}

#define ORG       FK_NOTICE_ORGANISATION
#define CENTRE    FK_NOTICE_CENTRE
#define SUPPORTER FK_NOTICE_SUPPORTER

/* Events not here (links, assignment inside the centre, tasks done, escalations, which
 * call the contact themselves) tell no one by e-mail; webhooks carry every event. */
static const notice notices[] = {
    {"case.open", ORG | CENTRE, "事案 %lld が登録されました", "Case %lld has been opened", opened},
    {"case.state", ORG, "事案 %lld の状態が変わりました", "Case %lld has moved on", moved},
    {"case.severity", ORG, "事案 %lld の重大度が変わりました",
     "The severity of case %lld has changed", severity},
    {"case.message", ORG | CENTRE, "事案 %lld に新しいメッセージ", "A new message on case %lld",
     message},
    {"case.task", ORG, "事案 %lld に作業が追加されました", "A task was added to case %lld", task},
    {"case.support_request", SUPPORTER, "支援の依頼 (%lld)", "A request for support (%lld)",
     support_request},
    {"case.support", CENTRE, "支援依頼 %lld の進捗", "Support request %lld has moved on",
     support_step},
    {"release.new", ORG, "共有情報 %lld", "Shared information %lld", release_new},
    {"release.overdue", ORG, "共有情報 %lld の対応期限を過ぎました",
     "Shared information %lld is past its deadline", release_overdue},
};

static const notice *find(const char *event)
{
    for (size_t i = 0; event && i < sizeof notices / sizeof notices[0]; i++)
        if (!strcmp(notices[i].event, event))
            return &notices[i];
    return NULL;
}

int fk_notice_recipients(const char *event, json_t *detail)
{
    const notice *n = find(event);
    if (!n)
        return 0;
    /* the supporter learns that the centre cancelled; the centre, what the supporter did */
    if (!strcmp(n->event, "case.support"))
        return !strcmp(text(detail, "to"), "cancelled") ? SUPPORTER : CENTRE;
    return n->recipients;
}

int fk_notice_compose(const char *lang, int recipient, json_t *payload, char **subject, char **body,
                      fk_err *err)
{
    *subject = *body = NULL;
    const char *event = text(payload, "event");
    const notice *n = find(event);
    if (!n)
        return fk_errc(err, FK_ERR_INVALID, "event: no message for '%s'", event);
    bool ja = lang && !strcmp(lang, "ja");
    bool supporter = recipient == SUPPORTER;
    json_t *detail = json_object_get(payload, "detail");
    long long number = json_integer_value(json_object_get(payload, "case"));
    if (!strncmp(event, "release.", 8))
        number = json_integer_value(json_object_get(payload, "release"));
    else if (!strncmp(event, "case.support", 12)) /* the request's, not the case's */
        number = json_integer_value(json_object_get(detail, "request"));
    size_t blen = 0;
    FILE *f = open_memstream(body, &blen);
    if (!f)
        return fk_errc(err, FK_ERR_NOMEM, "out of memory");
    if (!supporter && *text(payload, "title"))
        fprintf(f, ja ? "件名: %s\n\n" : "Title: %s\n\n", text(payload, "title"));
    n->lines(f, ja, detail);
    if (*text(payload, "link"))
        fprintf(f, ja ? "\n詳細: %s\n" : "\nDetails: %s\n", text(payload, "link"));
    fputs(ja ? "\n-- \nfukurou（このメールは自動送信です）\n"
             : "\n-- \nfukurou (this message was sent automatically)\n",
          f);
    bool failed = ferror(f) != 0;
    if (fclose(f) != 0 || failed) {
        free(*body);
        *body = NULL;
        return fk_errc(err, FK_ERR_NOMEM, "out of memory");
    }
    char line[300];
    snprintf(line, sizeof line, ja ? n->subject_ja : n->subject_en, number);
    if (!(*subject = strdup(line))) {
        free(*body);
        *body = NULL;
        return fk_errc(err, FK_ERR_NOMEM, "out of memory");
    }
    return 0;
}
