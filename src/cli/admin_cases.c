#include "admin_cases.h"

#include "../core/timefmt.h"

#include "../hub/cases.h"
#include "../hub/contacts.h"
#include "admin.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int case_cmd(fk_db *db, const char *actor, int argc, char **argv)
{
    fk_err err;
    fk_principal centre = fk_admin_centre(actor);
    const char *verb = argc ? argv[0] : "";
    if (!strcmp(verb, "list")) {
        const char *org = fk_admin_take_opt(&argc, argv, "--org");
        fk_case_filter f = {.state = fk_admin_take_opt(&argc, argv, "--state"),
                            .kind = fk_admin_take_opt(&argc, argv, "--kind")};
        if (fk_admin_leftover(argc, argv, 1) != 0)
            return 2;
        json_t *out;
        fk_page page = {.limit = 1000};
        int64_t org_id = 0;
        char sector[48];
        if (org && fk_org_find(db, org, &org_id, sector, &err) != 0) {
            fprintf(stderr, "fukurou admin: --org: no organisation named '%s'\n", org);
            return 2;
        }
        /* one organisation's: through the store's filter, as the hub lists a member's */
        if (org_id ? fk_case_list(db, org_id, &f, &page, &out, &err)
                   : fk_hub_cases_list(db, &centre, &f, &page, &out, &err))
            return fk_admin_fail(&err);
        return fk_admin_print(out);
    }
    if (!strcmp(verb, "show")) {
        if (fk_admin_leftover(argc, argv, 2) != 0)
            return 2;
        int64_t id = strtoll(argv[1], NULL, 10);
        json_t *c, *timeline;
        fk_page page = {.limit = 100000};
        int rc = fk_hub_case_get(db, &centre, id, &c, &err);
        if (rc > 0) {
            fprintf(stderr, "fukurou admin: no case %s\n", argv[1]);
            return 2;
        }
        if (rc < 0 || fk_hub_case_timeline(db, &centre, id, &page, &timeline, &err) != 0)
            return fk_admin_fail(&err);
        json_object_set_new(c, "timeline", timeline);
        return fk_admin_print(c);
    }
    if (!strcmp(verb, "notices")) {
        if (fk_admin_leftover(argc, argv, 2) != 0)
            return 2;
        json_t *out;
        int rc = fk_hub_case_notices(db, &centre, strtoll(argv[1], NULL, 10), &out, &err);
        if (rc > 0) {
            fprintf(stderr, "fukurou admin: no case %s\n", argv[1]);
            return 2;
        }
        return rc < 0 ? fk_admin_fail(&err) : fk_admin_print(out);
    }
    if (!strcmp(verb, "open")) {
        fk_principal who;
        if (fk_admin_as(db, &argc, argv, &who) != 0)
            return 2;
        json_t *in = json_object();
        static const char *const opts[][2] = {{"--kind", "kind"},
                                              {"--title", "title"},
                                              {"--description", "description"},
                                              {"--org", "organisation"},
                                              {"--finder", "finder"}};
        for (size_t i = 0; i < sizeof opts / sizeof opts[0]; i++) {
            const char *v = fk_admin_take_opt(&argc, argv, opts[i][0]);
            if (v)
                json_object_set_new(in, opts[i][1], json_string(v));
        }
        const char *sev = fk_admin_take_opt(&argc, argv, "--severity");
        if (sev)
            json_object_set_new(in, "severity", json_integer(strtol(sev, NULL, 10)));
        int64_t id;
        int rc = fk_admin_leftover(argc, argv, 1) != 0
                     ? 2
                     : fk_hub_case_open(db, &who, fk_severity_scale_default(), in, fk_time_now_ms(),
                                        &id, &err);
        json_decref(in);
        if (rc == 2)
            return 2;
        if (rc != 0)
            return fk_admin_fail(&err);
        printf("case %lld opened\n", (long long)id);
        return 0;
    }
    if (!strcmp(verb, "move")) {
        fk_principal who;
        const char *note = fk_admin_take_opt(&argc, argv, "--note");
        if (fk_admin_as(db, &argc, argv, &who) != 0 || fk_admin_leftover(argc, argv, 3) != 0)
            return 2;
        int rc = fk_hub_case_move(db, &who, strtoll(argv[1], NULL, 10), argv[2], note,
                                  fk_time_now_ms(), &err);
        if (rc > 0) {
            fprintf(stderr, "fukurou admin: no case %s that %s may see\n", argv[1], who.account);
            return 2;
        }
        if (rc < 0)
            return fk_admin_fail(&err);
        printf("case %s is now %s\n", argv[1], argv[2]);
        return 0;
    }
    fprintf(stderr, "fukurou admin: case: expected list, show, notices, open or move\n");
    return 2;
}

static int contact_cmd(fk_db *db, const char *actor, int argc, char **argv)
{
    fk_err err;
    fk_principal centre = fk_admin_centre(actor);
    const char *verb = argc ? argv[0] : "";
    if (!strcmp(verb, "list")) {
        const char *org = fk_admin_take_opt(&argc, argv, "--org");
        json_t *out;
        if (fk_admin_leftover(argc, argv, 1) != 0)
            return 2;
        if (fk_hub_contacts(db, &centre, org, &out, &err) != 0)
            return fk_admin_fail(&err);
        return fk_admin_print(out);
    }
    if (!strcmp(verb, "add")) {
        json_t *in = json_object();
        static const char *const opts[][2] = {{"--org", "organisation"}, {"--name", "name"},
                                              {"--role", "role"},        {"--channel", "channel"},
                                              {"--address", "address"},  {"--chain", "chain"},
                                              {"--lang", "lang"}};
        for (size_t i = 0; i < sizeof opts / sizeof opts[0]; i++) {
            const char *v = fk_admin_take_opt(&argc, argv, opts[i][0]);
            if (v)
                json_object_set_new(in, opts[i][1], json_string(v));
        }
        const char *pos = fk_admin_take_opt(&argc, argv, "--position");
        if (pos)
            json_object_set_new(in, "position", json_integer(strtol(pos, NULL, 10)));
        int64_t id;
        int rc = fk_admin_leftover(argc, argv, 1) != 0
                     ? 2
                     : fk_hub_contact_add(db, &centre, in, fk_time_now_ms(), &id, &err);
        json_decref(in);
        if (rc == 2)
            return 2;
        if (rc != 0)
            return fk_admin_fail(&err);
        printf("contact %lld added\n", (long long)id);
        return 0;
    }
    fprintf(stderr, "fukurou admin: contact: expected list or add\n");
    return 2;
}

int fk_admin_coordination(fk_db *db, const char *actor, const char *noun, int argc, char **argv)
{
    fk_err err;
    fk_principal centre = fk_admin_centre(actor);
    if (!strcmp(noun, "case"))
        return case_cmd(db, actor, argc, argv);
    if (!strcmp(noun, "contact"))
        return contact_cmd(db, actor, argc, argv);
    if (!strcmp(noun, "contact-mode")) {
        if (argc > 1)
            return fk_admin_leftover(argc, argv, 1) == 0 ? 0 : 2;
        if (argc == 1 && fk_hub_contact_mode_set(db, &centre, argv[0], &err) != 0)
            return fk_admin_fail(&err);
        char mode[16];
        if (fk_contact_mode(db, mode, &err) != 0)
            return fk_admin_fail(&err);
        printf("%s\n", mode);
        return 0;
    }
    /* deadline-policy [FILE] */
    if (argc > 1)
        return fk_admin_leftover(argc, argv, 1) == 0 ? 0 : 2;
    if (argc == 1) {
        json_error_t jerr;
        json_t *p = json_load_file(argv[0], 0, &jerr);
        if (!p) {
            fprintf(stderr, "fukurou admin: %s:%d: %s\n", argv[0], jerr.line, jerr.text);
            return 2;
        }
        int rc = fk_hub_deadline_policy_set(db, &centre, p, &err);
        json_decref(p);
        if (rc != 0) {
            fprintf(stderr, "fukurou admin: %s: %s\n", argv[0], err.msg);
            return 2;
        }
    }
    json_t *out;
    if (fk_hub_deadline_policy(db, &out, &err) != 0)
        return fk_admin_fail(&err);
    return fk_admin_print(out);
}
