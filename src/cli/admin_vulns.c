#include "admin_vulns.h"

#include "../core/file.h"
#include "../core/timefmt.h"
#include "../hub/advisories.h"
#include "../hub/vuln_fetch.h"
#include "../hub/vulns.h"
#include "../vuln/feed.h"
#include "admin.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A feed file is at most this big: a full NVD page is 15 MB, an EPSS day 10 MB. */
#define FEED_MAX ((size_t)1 << 30)

/* A feed file read and checked on its own thread. */
typedef struct reading {
    const char *path;
    int kind;
    pthread_t thread;
    json_t *records;
    fk_feed_kind k;
    int64_t read_ms;
    fk_err err;
    int rc;
} reading;

/* Takes a flag without a value out of argv: whether it was there. */
static bool take_flag(int *argc, char **argv, const char *name)
{
    for (int i = 1; i < *argc; i++)
        if (!strcmp(argv[i], name)) {
            memmove(argv + i, argv + i + 1, (size_t)(*argc - i - 1) * sizeof *argv);
            (*argc)--;
            return true;
        }
    return false;
}

static void *read_one(void *arg)
{
    reading *r = arg;
    int64_t t0 = fk_time_now_ms();
    size_t len;
    char *data = fk_read_file(r->path, FEED_MAX, &len, &r->err);
    if (!data) {
        r->rc = -1;
        return NULL;
    }
    int kind = r->kind >= 0 ? r->kind : fk_feed_recognise(data, len);
    if (kind < 0)
        r->rc = fk_errf(&r->err, "not a feed fukurou reads: expected NVD CVE API 2.0 JSON, MyJVN "
                                 "XML, the KEV catalogue or an EPSS CSV");
    else
        r->rc = fk_feed_read_all(data, len, kind, &r->k, &r->records, &r->err);
    free(data);
    r->read_ms = fk_time_now_ms() - t0;
    return NULL;
}

static int vuln_cmd(fk_db *db, const fk_principal *centre, int argc, char **argv)
{
    fk_err err;
    const char *verb = argc ? argv[0] : "";
    if (!strcmp(verb, "import")) {
        const char *feed = fk_admin_take_opt(&argc, argv, "--feed");
        int kind = -1;
        fk_feed_kind k;
        if (feed && !fk_feed_named(feed, &k)) {
            fprintf(stderr, "fukurou admin: --feed: expected nvd, jvn, kev or epss\n");
            return 2;
        }
        if (feed)
            kind = (int)k;
        if (argc < 2) {
            fprintf(stderr, "fukurou admin: vuln import: name the feed files\n");
            return 2;
        }
        /* the next file is read and checked on a second thread while one is stored: the
         * two take about as long, and the machine has two cores */
        int status = 0;
        json_t *all = json_array();
        int files = argc - 1;
        reading *r = calloc((size_t)files, sizeof *r);
        if (!r || !all) {
            free(r);
            json_decref(all);
            fprintf(stderr, "fukurou admin: out of memory\n");
            return 2;
        }
        for (int i = 0; i < files; i++)
            r[i] = (reading){.path = argv[i + 1], .kind = kind};
        bool started = pthread_create(&r[0].thread, NULL, read_one, &r[0]) == 0;
        if (!started)
            read_one(&r[0]);
        for (int i = 0; i < files; i++) {
            if (started)
                pthread_join(r[i].thread, NULL);
            started =
                i + 1 < files && pthread_create(&r[i + 1].thread, NULL, read_one, &r[i + 1]) == 0;
            if (!started && i + 1 < files)
                read_one(&r[i + 1]);
            json_t *summary;
            if (r[i].rc != 0 ||
                fk_hub_vuln_import_records(db, centre, r[i].path, r[i].k, r[i].records,
                                           fk_time_now_ms(), &summary, &r[i].err) != 0) {
                fprintf(stderr, "fukurou admin: %s: %s\n", r[i].path, r[i].err.msg);
                status = 2;
            } else {
                json_object_set_new(summary, "read_ms", json_integer(r[i].read_ms));
                json_array_append_new(all, summary);
            }
            json_decref(r[i].records);
            r[i].records = NULL;
        }
        free(r);
        fk_admin_print(all);
        return status;
    }
    if (!strcmp(verb, "rematch")) {
        json_t *summary;
        if (fk_admin_leftover(argc, argv, 1) != 0)
            return 2;
        if (fk_hub_vuln_rematch(db, centre, fk_time_now_ms(), &summary, &err) != 0)
            return fk_admin_fail(&err);
        return fk_admin_print(summary);
    }
    if (!strcmp(verb, "list")) {
        const char *q = fk_admin_take_opt(&argc, argv, "--q");
        const char *min = fk_admin_take_opt(&argc, argv, "--min-score");
        const char *after = fk_admin_take_opt(&argc, argv, "--after");
        bool kev = false, matched = false;
        for (int i = 1; i < argc; i++) {
            if (!strcmp(argv[i], "--kev"))
                kev = true;
            else if (!strcmp(argv[i], "--matched"))
                matched = true;
            else {
                fprintf(stderr, "fukurou admin: vuln list: unknown argument '%s'\n", argv[i]);
                return 2;
            }
        }
        fk_page page = {after, 100};
        json_t *out;
        if (fk_hub_vulns_list(db, centre, q, kev, min ? strtod(min, NULL) : 0, matched, &page, &out,
                              &err) != 0)
            return fk_admin_fail(&err);
        return fk_admin_print(out);
    }
    if (!strcmp(verb, "show")) {
        if (fk_admin_leftover(argc, argv, 2) != 0)
            return 2;
        json_t *out;
        int rc = fk_hub_vuln_get(db, centre, argv[1], &out, &err);
        if (rc > 0) {
            fprintf(stderr, "fukurou admin: no vulnerability %s\n", argv[1]);
            return 2;
        }
        return rc == 0 ? fk_admin_print(out) : fk_admin_fail(&err);
    }
    if (!strcmp(verb, "advisories")) {
        const char *limit = fk_admin_take_opt(&argc, argv, "--limit");
        fk_advisory_query q = {
            .org = fk_admin_take_opt(&argc, argv, "--org"),
            .tier = fk_admin_take_opt(&argc, argv, "--tier"),
            .vuln = fk_admin_take_opt(&argc, argv, "--vuln"),
            .lang = fk_admin_take_opt(&argc, argv, "--lang"),
            .limit = limit ? (size_t)strtoul(limit, NULL, 10) : 100,
        };
        if (fk_admin_leftover(argc, argv, 1) != 0)
            return 2;
        json_t *out;
        return fk_hub_advisories(db, centre, &q, &out, &err) == 0 ? fk_admin_print(out)
                                                                  : fk_admin_fail(&err);
    }
    /* drafts act as a centre analyst's account: the report and the release are theirs */
    if (!strcmp(verb, "draft") || !strcmp(verb, "release-draft")) {
        fk_principal who;
        const char *lang = fk_admin_take_opt(&argc, argv, "--lang");
        if (fk_admin_as(db, &argc, argv, &who) != 0 || fk_admin_leftover(argc, argv, 2) != 0)
            return 2;
        fk_hub_policy policy;
        fk_hub_policy_defaults(&policy);
        json_t *out;
        if (!strcmp(verb, "draft")) {
            int rc = fk_hub_advisory_draft(db, &policy, &who, argv[1], lang, fk_time_now_ms(), &out,
                                           &err);
            if (rc > 0) {
                fprintf(stderr, "fukurou admin: no vulnerability %s\n", argv[1]);
                return 2;
            }
            return rc == 0 ? fk_admin_print(out) : fk_admin_fail(&err);
        }
        char *end;
        long long id = strtoll(argv[1], &end, 10);
        if (*end || id <= 0) {
            fprintf(stderr, "fukurou admin: release-draft: expected a draft's number\n");
            return 2;
        }
        fk_release_outcome ro;
        if (fk_hub_advisory_draft_release(db, &policy, &who, id, NULL, &ro, &err) != 0)
            return fk_admin_fail(&err);
        if (ro.status != FK_RELEASE_OK) {
            fprintf(stderr, "fukurou admin: %s\n", err.msg);
            return 2;
        }
        json_decref(ro.withheld_text);
        printf("release %lld made from advisory draft %lld\n", (long long)ro.release_id, id);
        return 0;
    }
    if (!strcmp(verb, "fetch")) {
        const char *url = fk_admin_take_opt(&argc, argv, "--url");
        const char *since = fk_admin_take_opt(&argc, argv, "--since");
        const char *ca = fk_admin_take_opt(&argc, argv, "--ca-file");
        const char *size = fk_admin_take_opt(&argc, argv, "--page-size");
        const char *interval = fk_admin_take_opt(&argc, argv, "--interval");
        const char *lang = fk_admin_take_opt(&argc, argv, "--lang");
        bool all = take_flag(&argc, argv, "--all");
        if (fk_admin_leftover(argc, argv, 2) != 0)
            return 2;
        char *end = NULL;
        double pause = interval ? strtod(interval, &end) : -1;
        if (interval && (pause < 0 || *end)) {
            fprintf(stderr, "fukurou admin: --interval: expected seconds (0 or more)\n");
            return 2;
        }
        json_t *out;
        int rc;
        if (!strcmp(argv[1], "jvn")) {
            fk_jvn_fetch_opts o = {.url = url,
                                   .since = since,
                                   .all = all,
                                   .lang = lang,
                                   .interval_s = pause,
                                   .http = {.ca_file = ca}};
            rc = fk_hub_jvn_fetch(db, centre, &o, fk_time_now_ms(), &out, &err);
        } else if (!strcmp(argv[1], "nvd")) {
            fk_nvd_fetch_opts o = {.url = url,
                                   .since = since,
                                   .all = all,
                                   .interval_s = pause,
                                   .http = {.ca_file = ca}};
            if (size &&
                ((o.page_size = strtoul(size, &end, 10)) < 1 || o.page_size > 2000 || *end)) {
                fprintf(stderr, "fukurou admin: --page-size: expected 1 to 2000\n");
                return 2;
            }
            /* the key stays in the environment: never on a command line others can read */
            o.api_key = getenv("NVD_API_KEY");
            if (o.api_key && !*o.api_key)
                o.api_key = NULL;
            rc = fk_hub_nvd_fetch(db, centre, &o, fk_time_now_ms(), &out, &err);
        } else {
            fprintf(stderr, "fukurou admin: vuln fetch: expected nvd or jvn\n");
            return 2;
        }
        return rc == 0 ? fk_admin_print(out) : fk_admin_fail(&err);
    }
    if (!strcmp(verb, "drafts")) {
        bool pending = take_flag(&argc, argv, "--pending");
        const char *vuln = fk_admin_take_opt(&argc, argv, "--vuln");
        if (fk_admin_leftover(argc, argv, 1) != 0)
            return 2;
        json_t *out;
        return fk_hub_advisory_drafts(db, centre, vuln, pending, 1000, &out, &err) == 0
                   ? fk_admin_print(out)
                   : fk_admin_fail(&err);
    }
    if (!strcmp(verb, "overview")) {
        json_t *out;
        if (fk_admin_leftover(argc, argv, 1) != 0)
            return 2;
        return fk_hub_vuln_overview(db, centre, &out, &err) == 0 ? fk_admin_print(out)
                                                                 : fk_admin_fail(&err);
    }
    fprintf(stderr, "fukurou admin: vuln: expected import, rematch, list, show, advisories, "
                    "fetch, draft, drafts, release-draft or overview\n");
    return 2;
}

static int asset_cmd(fk_db *db, const fk_principal *centre, int argc, char **argv)
{
    fk_err err;
    const char *verb = argc ? argv[0] : "";
    if (!strcmp(verb, "import") || !strcmp(verb, "add")) {
        const char *org = fk_admin_take_opt(&argc, argv, "--org");
        const char *format = fk_admin_take_opt(&argc, argv, "--format");
        const char *name = fk_admin_take_opt(&argc, argv, "--name");
        bool match = !take_flag(&argc, argv, "--defer-match");
        if (!org) {
            fprintf(stderr, "fukurou admin: asset %s: --org names whose systems they are\n", verb);
            return 2;
        }
        if (fk_admin_leftover(argc, argv, 2) != 0)
            return 2;
        size_t len;
        char *data = fk_read_file(argv[1], (size_t)256 << 20, &len, &err);
        if (!data)
            return fk_admin_fail(&err);
        int rc;
        json_t *out = NULL;
        if (!strcmp(verb, "add")) {
            /* one system as the API takes it (JSON) */
            json_error_t je;
            json_t *in = json_loadb(data, len, 0, &je);
            int64_t id;
            bool created;
            rc = in ? fk_hub_asset_put(db, centre, org, in, fk_time_now_ms(), &id, &created, &err)
                    : fk_errf(&err, "%s: line %d: not JSON: %s", argv[1], je.line, je.text);
            json_decref(in);
            if (rc == 0)
                out = json_pack("{sI sb}", "id", (json_int_t)id, "created", created);
        } else
            rc = fk_hub_assets_import(db, centre, org, format, data, len, name, match,
                                      fk_time_now_ms(), &out, &err);
        free(data);
        if (rc != 0) {
            fprintf(stderr, "fukurou admin: %s: %s\n", argv[1], err.msg);
            return 2;
        }
        return fk_admin_print(out);
    }
    if (!strcmp(verb, "list")) {
        const char *org = fk_admin_take_opt(&argc, argv, "--org");
        const char *q = fk_admin_take_opt(&argc, argv, "--q");
        const char *after = fk_admin_take_opt(&argc, argv, "--after");
        if (fk_admin_leftover(argc, argv, 1) != 0)
            return 2;
        fk_page page = {after, 100};
        json_t *out;
        return fk_hub_assets_list(db, centre, org, q, false, false, &page, &out, &err) == 0
                   ? fk_admin_print(out)
                   : fk_admin_fail(&err);
    }
    if (!strcmp(verb, "show") || !strcmp(verb, "remove")) {
        if (fk_admin_leftover(argc, argv, 2) != 0)
            return 2;
        char *end;
        long long id = strtoll(argv[1], &end, 10);
        if (*end || id <= 0) {
            fprintf(stderr, "fukurou admin: asset: expected a number, not '%s'\n", argv[1]);
            return 2;
        }
        json_t *out = NULL;
        int rc = !strcmp(verb, "show") ? fk_hub_asset_get(db, centre, id, &out, &err)
                                       : fk_hub_asset_remove(db, centre, id, &err);
        if (rc > 0) {
            fprintf(stderr, "fukurou admin: no asset %lld\n", id);
            return 2;
        }
        if (rc < 0)
            return fk_admin_fail(&err);
        if (out)
            return fk_admin_print(out);
        printf("removed\n");
        return 0;
    }
    if (!strcmp(verb, "measure")) {
        const char *measure = fk_admin_take_opt(&argc, argv, "--measure");
        const char *state = fk_admin_take_opt(&argc, argv, "--state");
        const char *review = fk_admin_take_opt(&argc, argv, "--review-by");
        if (fk_admin_leftover(argc, argv, 3) != 0)
            return 2;
        char *end;
        long long id = strtoll(argv[1], &end, 10);
        json_t *in = json_pack("{ss? ss? ss?}", "measure", measure, "state",
                               state ? state : "in-place", "review_by", review);
        int rc = *end || id <= 0 || !in
                     ? 1
                     : fk_hub_measure_record(db, centre, id, argv[2], in, fk_time_now_ms(), &err);
        json_decref(in);
        if (rc > 0)
            fprintf(stderr, "fukurou admin: no asset %s\n", argv[1]);
        else if (rc < 0)
            return fk_admin_fail(&err);
        else
            printf("measure recorded for asset %lld and %s\n", id, argv[2]);
        return rc ? 2 : 0;
    }
    if (!strcmp(verb, "measures")) {
        const char *org = fk_admin_take_opt(&argc, argv, "--org");
        const char *vuln = fk_admin_take_opt(&argc, argv, "--vuln");
        if (fk_admin_leftover(argc, argv, 1) != 0)
            return 2;
        json_t *out;
        return fk_hub_measures(db, centre, org, vuln, &out, &err) == 0 ? fk_admin_print(out)
                                                                       : fk_admin_fail(&err);
    }
    fprintf(stderr, "fukurou admin: asset: expected add, import, list, show, remove, measure or "
                    "measures\n");
    return 2;
}

int fk_admin_vulns(fk_db *db, const char *actor, const char *noun, int argc, char **argv)
{
    fk_principal centre = fk_admin_centre(actor);
    if (!strcmp(noun, "vuln"))
        return vuln_cmd(db, &centre, argc, argv);
    if (!strcmp(noun, "asset"))
        return asset_cmd(db, &centre, argc, argv);
    fk_err err;
    json_t *out;
    if (fk_admin_leftover(argc, argv, 0) != 0)
        return 2;
    return fk_hub_crypto_report(db, &centre, &out, &err) == 0 ? fk_admin_print(out)
                                                              : fk_admin_fail(&err);
}
