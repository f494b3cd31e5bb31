#include "admin_outreach.h"

#include "../core/timefmt.h"
#include "../hub/contacts.h"
#include "../hub/sharing.h"
#include "../hub/support.h"
#include "../hub/webhooks.h"
#include "../store/support.h"
#include "admin.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A number the command names (argv[i]); 0 when it is not one (said on stderr). */
static int64_t number(const char *text, const char *what)
{
    char *end;
    long long n = strtoll(text, &end, 10);
    if (*end || n <= 0) {
        fprintf(stderr, "fukurou admin: %s: expected a number, not '%s'\n", what, text);
        return 0;
    }
    return n;
}

/* The outcome of a use case that answers 1 for "no such thing for this caller". */
static int outcome(int rc, const fk_err *err, const char *missing, const char *done)
{
    if (rc > 0) {
        fprintf(stderr, "fukurou admin: %s\n", missing);
        return 2;
    }
    if (rc < 0)
        return fk_admin_fail(err);
    if (done)
        printf("%s\n", done);
    return 0;
}

static int drill_cmd(fk_db *db, const fk_principal *centre, int argc, char **argv)
{
    fk_err err;
    const char *verb = argc ? argv[0] : "";
    if (!strcmp(verb, "start")) {
        const char *chain = fk_admin_take_opt(&argc, argv, "--chain");
        const char *org = fk_admin_take_opt(&argc, argv, "--org");
        fk_mail_config mail = {fk_admin_take_opt(&argc, argv, "--smtp"),
                               fk_admin_take_opt(&argc, argv, "--mail-from")};
        const char *url = fk_admin_take_opt(&argc, argv, "--public-url");
        if (!mail.from)
            mail.from = "fukurou@localhost";
        if (fk_admin_leftover(argc, argv, 1) != 0)
            return 2;
        int64_t id;
        json_t *report;
        if (fk_hub_drill_start(db, centre, &mail, url ? url : "http://127.0.0.1:8080", chain, org,
                               fk_time_now_ms(), &id, &err) != 0 ||
            fk_hub_drill_report(db, centre, id, &report, &err) != 0)
            return fk_admin_fail(&err);
        return fk_admin_print(report);
    }
    if (!strcmp(verb, "show")) {
        if (fk_admin_leftover(argc, argv, 2) != 0)
            return 2;
        int64_t id = number(argv[1], "drill");
        json_t *report;
        int rc = id ? fk_hub_drill_report(db, centre, id, &report, &err) : 1;
        return rc == 0 ? fk_admin_print(report) : outcome(rc, &err, "no such drill", NULL);
    }
    if (!strcmp(verb, "confirm")) {
        const char *via = fk_admin_take_opt(&argc, argv, "--via");
        if (fk_admin_leftover(argc, argv, 3) != 0)
            return 2;
        int64_t id = number(argv[1], "drill"), contact = number(argv[2], "contact");
        if (!id || !contact)
            return 2;
        int rc = fk_hub_drill_confirm(db, centre, id, contact, via ? via : "phone",
                                      fk_time_now_ms(), &err);
        if (rc == 2) {
            fprintf(stderr, "fukurou admin: contact %s answered drill %s before\n", argv[2],
                    argv[1]);
            return 2;
        }
        return outcome(rc, &err, "the drill has no check of that contact", "answer recorded");
    }
    fprintf(stderr, "fukurou admin: drill: expected start, show or confirm\n");
    return 2;
}

static int support_cmd(fk_db *db, const fk_principal *centre, int argc, char **argv)
{
    fk_err err;
    const char *verb = argc ? argv[0] : "";
    if (!strcmp(verb, "offers")) { /* offers [ORG CODE...]: what each offers, or set one's */
        if (argc >= 2) {
            json_t *codes = json_array();
            for (int i = 2; codes && i < argc; i++)
                json_array_append_new(codes, json_string(argv[i]));
            int rc = fk_hub_supporter_set(db, centre, argv[1], codes, &err);
            json_decref(codes);
            if (rc != 0)
                return fk_admin_fail(&err);
        }
        json_t *out;
        if (fk_supporters(db, &out, &err) != 0)
            return fk_admin_fail(&err);
        return fk_admin_print(out);
    }
    if (!strcmp(verb, "list")) {
        const char *c = fk_admin_take_opt(&argc, argv, "--case");
        if (fk_admin_leftover(argc, argv, 1) != 0)
            return 2;
        int64_t case_id = c ? number(c, "--case") : 0;
        json_t *out;
        if ((c && !case_id) || fk_hub_support_requests(db, centre, case_id, &out, &err) != 0)
            return c && !case_id ? 2 : fk_admin_fail(&err);
        return fk_admin_print(out);
    }
    if (!strcmp(verb, "request")) {
        fk_principal who;
        json_t *in = json_object();
        static const char *const opts[][2] = {{"--supporter", "supporter"},
                                              {"--capability", "capability"},
                                              {"--description", "description"},
                                              {"--due", "due"}};
        for (size_t i = 0; in && i < sizeof opts / sizeof opts[0]; i++) {
            const char *v = fk_admin_take_opt(&argc, argv, opts[i][0]);
            if (v)
                json_object_set_new(in, opts[i][1], json_string(v));
        }
        int64_t case_id = 0, id;
        int rc = fk_admin_as(db, &argc, argv, &who) != 0 || fk_admin_leftover(argc, argv, 2) != 0 ||
                         !(case_id = number(argv[1], "case"))
                     ? 2
                     : fk_hub_support_request(db, &who, case_id, in, fk_time_now_ms(), &id, &err);
        json_decref(in);
        if (rc == 2)
            return 2;
        char done[64];
        snprintf(done, sizeof done, "support request %lld sent", (long long)(rc == 0 ? id : 0));
        return outcome(rc, &err, "no such case", done);
    }
    if (!strcmp(verb, "move")) {
        fk_principal who;
        const char *note = fk_admin_take_opt(&argc, argv, "--note");
        if (fk_admin_as(db, &argc, argv, &who) != 0 || fk_admin_leftover(argc, argv, 3) != 0)
            return 2;
        int64_t id = number(argv[1], "request");
        int rc = id ? fk_hub_support_move(db, &who, id, argv[2], note, fk_time_now_ms(), &err) : 1;
        return outcome(rc, &err, "no such support request for that account", "moved");
    }
    fprintf(stderr, "fukurou admin: support: expected offers, list, request or move\n");
    return 2;
}

static int webhook_cmd(fk_db *db, const fk_principal *centre, int argc, char **argv)
{
    fk_err err;
    const char *verb = argc ? argv[0] : "";
    if (!strcmp(verb, "list")) {
        json_t *out;
        if (fk_admin_leftover(argc, argv, 1) != 0)
            return 2;
        if (fk_hub_webhooks(db, centre, &out, &err) != 0)
            return fk_admin_fail(&err);
        return fk_admin_print(out);
    }
    if (!strcmp(verb, "add")) { /* the secret is printed once, as the API answers it */
        fk_principal who;
        if (fk_admin_as(db, &argc, argv, &who) != 0 || fk_admin_leftover(argc, argv, 2) != 0)
            return 2;
        json_t *out;
        if (fk_hub_webhook_add(db, &who, argv[1], fk_time_now_ms(), &out, &err) != 0)
            return fk_admin_fail(&err);
        return fk_admin_print(out);
    }
    if (!strcmp(verb, "remove") || !strcmp(verb, "deliveries")) {
        if (fk_admin_leftover(argc, argv, 2) != 0)
            return 2;
        int64_t id = number(argv[1], "webhook");
        if (!id)
            return 2;
        if (!strcmp(verb, "remove"))
            return outcome(fk_hub_webhook_remove(db, centre, id, fk_time_now_ms(), &err), &err,
                           "no such webhook", "removed");
        json_t *out;
        int rc = fk_hub_webhook_deliveries(db, centre, id, &out, &err);
        return rc == 0 ? fk_admin_print(out) : outcome(rc, &err, "no such webhook", NULL);
    }
    fprintf(stderr, "fukurou admin: webhook: expected list, add, remove or deliveries\n");
    return 2;
}

static int release_cmd(fk_db *db, const fk_principal *centre, int argc, char **argv)
{
    fk_err err;
    const char *verb = argc ? argv[0] : "";
    if (!strcmp(verb, "answers")) {
        if (fk_admin_leftover(argc, argv, 2) != 0)
            return 2;
        int64_t id = number(argv[1], "release");
        json_t *out;
        int rc = id ? fk_hub_release_answers(db, centre, id, &out, &err) : 1;
        return rc == 0 ? fk_admin_print(out) : outcome(rc, &err, "no such release", NULL);
    }
    if (!strcmp(verb, "answer")) {
        fk_principal who;
        const char *note = fk_admin_take_opt(&argc, argv, "--note");
        if (fk_admin_as(db, &argc, argv, &who) != 0 || fk_admin_leftover(argc, argv, 3) != 0)
            return 2;
        int64_t id = number(argv[1], "release");
        int rc =
            id ? fk_hub_release_answer(db, &who, id, argv[2], note, fk_time_now_ms(), &err) : 1;
        return outcome(rc, &err, "no such release for that account", "answer recorded");
    }
    fprintf(stderr, "fukurou admin: release: expected answers or answer\n");
    return 2;
}

int fk_admin_outreach(fk_db *db, const char *actor, const char *noun, int argc, char **argv)
{
    static const struct {
        const char *noun;
        int (*run)(fk_db *, const fk_principal *, int, char **);
    } commands[] = {{"drill", drill_cmd},
                    {"support", support_cmd},
                    {"webhook", webhook_cmd},
                    {"release", release_cmd}};
    fk_principal centre = fk_admin_centre(actor);
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (!strcmp(noun, commands[i].noun))
            return commands[i].run(db, &centre, argc, argv);
    fprintf(stderr, "fukurou admin: unknown command '%s'\n", noun);
    return 2;
}
