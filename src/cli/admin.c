#include "admin.h"
#include "admin_cases.h"
#include "admin_outreach.h"
#include "admin_vulns.h"

#include "../detect/pipeline.h"
#include "../hub/feeds.h"
#include "../store/alerts.h"
#include "../store/audit.h"
#include "../store/collections.h"
#include "../store/directory.h"
#include "../store/feeds.h"
#include "../store/ingest.h"
#include "../store/sectors.h"

#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static void usage(FILE *f)
{
    fputs(
        "usage: fukurou admin [--data DIR | --store URL] COMMAND ...\n"
        "\n"
        "  sectors [--list L]                        list the sector codes (lists: ci-2018,\n"
        "                                            the default; tokyo2020; other)\n"
        "  sector add LIST CODE --ja NAME --en NAME [--critical]\n"
        "  sector remove LIST CODE                   edit the lists as policy changes\n"
        "  org create NAME --sector CODE             add an organisation\n"
        "      [--domain D]... [--network CIDR]... [--email ADDR]... [--alias NAME]...\n"
        "  org identify NAME domain|network|email|name VALUE\n"
        "                                            add what identifies it in shared content\n"
        "  org list\n"
        "  org engines NAME all|LIST                 the detection run on a member's events:\n"
        "                                            ioc, web, sigma, threshold, sigma:SET (a\n"
        "                                            --sigma path's last component), sigma>=LEVEL\n"
        "  org early-delivery NAME yes|no            advisories released to it at once, by\n"
        "                                            prior agreement (critical infrastructure)\n"
        "  group create NAME [--description TEXT] [--member ORG]...\n"
        "  group add-member GROUP ORG\n"
        "  group list\n"
        "  account create NAME --org ORG --role ROLE [--password-env VAR]\n"
        "                                            ROLE: centre-admin, centre-analyst,\n"
        "                                            member-reporter, member-reader\n"
        "  account list\n"
        "  account disable|enable NAME\n"
        "  account password NAME --password-env VAR\n"
        "  apikey create ACCOUNT [--label TEXT] [--permissions api,ingest]\n"
        "                                           prints the key once; ingest-only\n"
        "                                           keys are for log shippers\n"
        "  apikey revoke ID\n"
        "  apikey list\n"
        "  collection create TITLE [--id UUID] [--api-root NAME] [--description TEXT]\n"
        "      [--sector CODE]... [--group NAME]... [--all-members] [--public]\n"
        "      [--write-group NAME]...                a TAXII collection: who reads, who writes\n"
        "  collection list\n"
        "  feed add NAME --url URL --collection ID [--key-env VAR]\n"
        "                                            read a remote TAXII 2.1 collection into a\n"
        "                                            local one (its key in $VAR, not stored)\n"
        "  feed list | feed remove NAME              feeds, their cursors and last polls\n"
        "  feed poll NAME [--ca FILE] [--page N]     poll one feed now\n"
        "  api-root create NAME --title TITLE [--description TEXT]\n"
        "                                            declare a TAXII API root with its title\n"
        "  verify-audit                              check the audit log's hash chain\n"
        "  case list [--org O] [--state S] [--kind K]  cases, newest first (JSON)\n"
        "  case show ID                              a case with its timeline (JSON)\n"
        "  case notices ID                           the e-mail notices about a case (JSON)\n"
        "  case open --as ACCOUNT --kind K --title T [--org O] [--finder F] [--severity N]\n"
        "  case move ID STATE --as ACCOUNT [--note TEXT]\n"
        "                                            a step of the case's workflow\n"
        "  contact list [--org O]                    the contact registry (JSON)\n"
        "  contact add --org O --name N --channel email|phone|hotline --address A\n"
        "      [--role R] [--chain normal|large-scale] [--lang ja|en] [--position N]\n"
        "  contact-mode [normal|large-scale]         the chain routing follows (or set it)\n"
        "  deadline-policy [FILE]                    the deadline clocks (or set them from\n"
        "                                            a JSON file)\n"
        "  drill start [--chain C] [--org O] [--smtp URL] [--mail-from A] [--public-url U]\n"
        "                                            check every contact is reachable (JSON)\n"
        "  drill show ID | drill confirm ID CONTACT [--via phone|hotline|email]\n"
        "  support offers [ORG CODE...]              who offers what (or set ORG's offers)\n"
        "  support list [--case ID]                  support requests (JSON)\n"
        "  support request CASE --supporter O --capability C --description D [--due T]\n"
        "      --as ACCOUNT\n"
        "  support move ID STATE --as ACCOUNT [--note TEXT]\n"
        "  webhook list | webhook add URL --as ACCOUNT | webhook remove ID\n"
        "  webhook deliveries ID                     a webhook's recent deliveries (JSON)\n"
        "  release answers ID                        who answered a release (JSON)\n"
        "  release answer ID acknowledged|done|not-affected --as ACCOUNT [--note TEXT]\n"
        "  vuln import [--feed nvd|jvn|kev|epss] FILE...\n"
        "                                            take in feed files (each whole or not\n"
        "                                            at all) and match what they change\n"
        "  vuln fetch nvd [--since TIME] [--all] [--page-size N] [--interval S] [--url U]\n"
        "      [--ca-file F]                         from the live NVD API: what changed since\n"
        "                                            the newest record taken in, page by page\n"
        "                                            within its rate (key: NVD_API_KEY)\n"
        "  vuln fetch jvn [--since DATE] [--all] [--lang ja|en] [--interval S] [--url U]\n"
        "                                            from MyJVN: the entries updated since the\n"
        "                                            newest taken in, with their details\n"
        "  vuln rematch                              match every ledger again\n"
        "  vuln list [--q TEXT] [--kev] [--min-score N] [--matched] [--after ID]\n"
        "  vuln show ID | vuln overview              a record with whom it affects (JSON)\n"
        "  vuln advisories [--org O] [--tier T] [--vuln ID] [--lang ja|en] [--limit N]\n"
        "                                            what to fix first, by organisation\n"
        "  vuln draft ID --as ACCOUNT [--lang ja|en] a release of ID's advisory drafted to the\n"
        "                                            organisations it concerns (early ones:\n"
        "                                            released at once)\n"
        "  vuln drafts [--pending] [--vuln ID]       the drafts (JSON)\n"
        "  vuln release-draft N --as ACCOUNT         release draft N as drafted\n"
        "  asset add FILE.json --org O               one system (the API's JSON)\n"
        "  asset import FILE --org O [--format csv|cyclonedx] [--name N] [--defer-match]\n"
        "                                            a ledger CSV or an SBOM, whole or not\n"
        "                                            (--defer-match: many members' ledgers\n"
        "                                            loaded, then one vuln rematch)\n"
        "  asset list [--org O] [--q TEXT] | asset show ID | asset remove ID\n"
        "  asset measure ID VULN --measure TEXT [--state planned|in-place|patched]\n"
        "      [--review-by YYYY-MM-DD]              what stands in for the patch (control\n"
        "                                            systems that cannot be patched at once)\n"
        "  asset measures [--org O] [--vuln ID]      the measures recorded (JSON)\n"
        "  crypto                                    cryptography in use, what to retire\n"
        "  alerts [--org O] [--state S] [--limit N]  the newest alerts (JSON)\n"
        "  metering [--org O] [--days N]             batches, events, bytes per member and day\n"
        "  sources [--org O]                         last seen and lag of each source\n"
        "  retention [--raw-days N] [--raw-bytes B] [--alert-days N] [--alert-count N]\n"
        "                                            apply retention now (defaults 30, none,\n"
        "                                            365, none)\n"
        "\n"
        "--data defaults to $FUKUROU_DATA, then ./fukurou-data; --store (a postgres:// URL)\n"
        "defaults to $FUKUROU_STORE, then the SQLite file of the data folder. Passwords are\n"
        "read from the environment variable named by --password-env, never from the command\n"
        "line.\n",
        f);
}

/* The value of --name in argv (consumed), or NULL. Repeated options are read one by
 * one: call again for the next. */
const char *fk_admin_take_opt(int *argc, char **argv, const char *name)
{
    for (int i = 0; i < *argc - 1; i++)
        if (strcmp(argv[i], name) == 0) {
            const char *v = argv[i + 1];
            memmove(argv + i, argv + i + 2, (size_t)(*argc - i - 2) * sizeof *argv);
            *argc -= 2;
            return v;
        }
    return NULL;
}

int fk_admin_leftover(int argc, char **argv, int expected)
{
    for (int i = expected; i < argc; i++) {
        fprintf(stderr, "fukurou admin: unexpected argument '%s'\n", argv[i]);
        return -1;
    }
    for (int i = 0; i < expected && i < argc; i++)
        if (argv[i][0] == '-' && argv[i][1] == '-') {
            fprintf(stderr, "fukurou admin: unknown option '%s' (or it lacks its value)\n",
                    argv[i]);
            return -1;
        }
    if (argc < expected) {
        fprintf(stderr, "fukurou admin: missing argument (see fukurou admin --help)\n");
        return -1;
    }
    return 0;
}

int fk_admin_fail(const fk_err *err)
{
    fprintf(stderr, "fukurou admin: %s\n", err->msg);
    return 2;
}

int fk_admin_print(json_t *j)
{
    json_dumpf(j, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    fputc('\n', stdout);
    json_decref(j);
    return 0;
}

fk_principal fk_admin_centre(const char *actor)
{
    fk_principal p = {.role = FK_ROLE_CENTRE_ADMIN, .permissions = FK_PERM_API};
    snprintf(p.account, sizeof p.account, "%s", actor);
    snprintf(p.org, sizeof p.org, "centre");
    return p;
}

int fk_admin_as(fk_db *db, int *argc, char **argv, fk_principal *who)
{
    const char *name = fk_admin_take_opt(argc, argv, "--as");
    fk_err err;
    if (!name) {
        fprintf(stderr, "fukurou admin: --as ACCOUNT: the account the change is made as\n");
        return -1;
    }
    int rc = fk_principal_lookup(db, name, who, &err);
    if (rc < 0)
        fk_admin_fail(&err);
    else if (rc > 0)
        fprintf(stderr, "fukurou admin: --as: no account named '%s'\n", name);
    return rc == 0 ? 0 : -1;
}

static int print_list(fk_db *db, const char *what)
{
    fk_err err;
    json_t *arr;
    if (fk_directory_list(db, what, NULL, &arr, &err) != 0)
        return fk_admin_fail(&err);
    json_dumpf(arr, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    fputc('\n', stdout);
    json_decref(arr);
    return 0;
}

static int cmd_org(fk_db *db, const char *actor, int argc, char **argv)
{
    fk_err err;
    if (argc >= 1 && !strcmp(argv[0], "list") && fk_admin_leftover(argc, argv, 1) == 0)
        return print_list(db, "organisations");
    if (argc >= 1 && !strcmp(argv[0], "engines")) {
        if (fk_admin_leftover(argc, argv, 3) != 0)
            return 2;
        unsigned mask;
        if (!fk_pipeline_mask_parse(argv[2], &mask, &err) ||
            fk_org_set_engines(db, actor, argv[1], argv[2], &err) != 0)
            return fk_admin_fail(&err);
        printf("detection for %s: %s\n", argv[1], argv[2]);
        return 0;
    }
    if (argc >= 1 && !strcmp(argv[0], "early-delivery")) {
        if (fk_admin_leftover(argc, argv, 3) != 0)
            return 2;
        bool early = !strcmp(argv[2], "yes");
        if (!early && strcmp(argv[2], "no")) {
            fprintf(stderr, "fukurou admin: org early-delivery NAME yes|no\n");
            return 2;
        }
        if (fk_org_set_early_delivery(db, actor, argv[1], early, &err) != 0)
            return fk_admin_fail(&err);
        printf("early delivery for %s: %s\n", argv[1], argv[2]);
        return 0;
    }
    if (argc >= 1 && !strcmp(argv[0], "identify")) {
        if (fk_admin_leftover(argc, argv, 4) != 0)
            return 2;
        return fk_org_add_identifier(db, actor, argv[1], argv[2], argv[3], &err) == 0
                   ? 0
                   : fk_admin_fail(&err);
    }
    if (argc >= 1 && !strcmp(argv[0], "create")) {
        const char *sector = fk_admin_take_opt(&argc, argv, "--sector");
        static const char *const kinds[][2] = {{"--domain", "domain"},
                                               {"--network", "network"},
                                               {"--email", "email"},
                                               {"--alias", "name"}};
        const char *values[4][32];
        int counts[4] = {0};
        for (int k = 0; k < 4; k++) {
            const char *v;
            while (counts[k] < 32 && (v = fk_admin_take_opt(&argc, argv, kinds[k][0])))
                values[k][counts[k]++] = v;
        }
        if (fk_admin_leftover(argc, argv, 2) != 0)
            return 2;
        if (!sector) {
            fprintf(stderr,
                    "fukurou admin: org create needs --sector (see fukurou admin sectors)\n");
            return 2;
        }
        int64_t id;
        if (fk_org_create(db, actor, argv[1], sector, &id, &err) != 0)
            return fk_admin_fail(&err);
        for (int k = 0; k < 4; k++)
            for (int i = 0; i < counts[k]; i++)
                if (fk_org_add_identifier(db, actor, argv[1], kinds[k][1], values[k][i], &err) != 0)
                    return fk_admin_fail(&err);
        printf("organisation '%s' created (id %lld)\n", argv[1], (long long)id);
        return 0;
    }
    usage(stderr);
    return 2;
}

static int cmd_group(fk_db *db, const char *actor, int argc, char **argv)
{
    fk_err err;
    if (argc >= 1 && !strcmp(argv[0], "list") && fk_admin_leftover(argc, argv, 1) == 0)
        return print_list(db, "groups");
    if (argc >= 1 && !strcmp(argv[0], "add-member")) {
        if (fk_admin_leftover(argc, argv, 3) != 0)
            return 2;
        return fk_group_add_member(db, actor, argv[1], argv[2], &err) == 0 ? 0
                                                                           : fk_admin_fail(&err);
    }
    if (argc >= 1 && !strcmp(argv[0], "create")) {
        const char *desc = fk_admin_take_opt(&argc, argv, "--description");
        const char *members[256];
        int n = 0;
        const char *m;
        while (n < 256 && (m = fk_admin_take_opt(&argc, argv, "--member")))
            members[n++] = m;
        if (fk_admin_leftover(argc, argv, 2) != 0)
            return 2;
        int64_t id;
        if (fk_group_create(db, actor, argv[1], desc, &id, &err) != 0)
            return fk_admin_fail(&err);
        for (int i = 0; i < n; i++)
            if (fk_group_add_member(db, actor, argv[1], members[i], &err) != 0)
                return fk_admin_fail(&err);
        printf("group '%s' created (id %lld) with %d members\n", argv[1], (long long)id, n);
        return 0;
    }
    usage(stderr);
    return 2;
}

static int cmd_account(fk_db *db, const char *actor, int argc, char **argv)
{
    fk_err err;
    if (argc >= 1 && !strcmp(argv[0], "list") && fk_admin_leftover(argc, argv, 1) == 0)
        return print_list(db, "accounts");
    if (argc >= 1 && !strcmp(argv[0], "create")) {
        const char *org = fk_admin_take_opt(&argc, argv, "--org");
        const char *role_s = fk_admin_take_opt(&argc, argv, "--role");
        const char *pw_env = fk_admin_take_opt(&argc, argv, "--password-env");
        if (fk_admin_leftover(argc, argv, 2) != 0)
            return 2;
        fk_role role;
        if (!org || !role_s || !fk_role_parse(role_s, &role)) {
            fprintf(stderr,
                    "fukurou admin: account create needs --org ORG and --role (centre-admin, "
                    "centre-analyst, member-reporter or member-reader)\n");
            return 2;
        }
        const char *password = NULL;
        if (pw_env && !(password = getenv(pw_env))) {
            fprintf(stderr, "fukurou admin: --password-env: the variable %s is not set\n", pw_env);
            return 2;
        }
        int64_t id;
        if (fk_account_create(db, actor, argv[1], org, role, password, &id, &err) != 0)
            return fk_admin_fail(&err);
        printf("account '%s' created (id %lld, %s of %s)\n", argv[1], (long long)id, role_s, org);
        return 0;
    }
    if (argc >= 1 && (!strcmp(argv[0], "disable") || !strcmp(argv[0], "enable"))) {
        if (fk_admin_leftover(argc, argv, 2) != 0)
            return 2;
        bool off = !strcmp(argv[0], "disable");
        if (fk_account_set_disabled(db, actor, argv[1], off, &err) != 0)
            return fk_admin_fail(&err);
        printf("account '%s' %s\n", argv[1], off ? "disabled" : "enabled");
        return 0;
    }
    if (argc >= 1 && !strcmp(argv[0], "password")) {
        const char *pw_env = fk_admin_take_opt(&argc, argv, "--password-env");
        if (fk_admin_leftover(argc, argv, 2) != 0)
            return 2;
        const char *password = pw_env ? getenv(pw_env) : NULL;
        if (!password) {
            fprintf(stderr, "fukurou admin: account password needs --password-env VAR (set)\n");
            return 2;
        }
        if (fk_account_set_password(db, actor, argv[1], password, &err) != 0)
            return fk_admin_fail(&err);
        printf("password of account '%s' changed\n", argv[1]);
        return 0;
    }
    usage(stderr);
    return 2;
}

static bool take_flag(int *argc, char **argv, const char *name);

/* sectors [--list L] | sector add LIST CODE --ja NAME --en NAME [--critical]
 *                    | sector remove LIST CODE */
static int cmd_sectors(fk_db *db, int argc, char **argv)
{
    const char *list = fk_admin_take_opt(&argc, argv, "--list");
    if (fk_admin_leftover(argc, argv, 1) != 0)
        return 2;
    json_t *arr;
    fk_err err;
    if (fk_sectors_list(db, list, &arr, &err) != 0)
        return fk_admin_fail(&err);
    size_t i;
    json_t *s;
    const char *last = "";
    json_array_foreach(arr, i, s)
    {
        const char *l = json_string_value(json_object_get(s, "list"));
        if (strcmp(l, last))
            printf("%s[%s]\n", i ? "\n" : "", l);
        last = l;
        printf("  %-24s %s / %s%s\n", json_string_value(json_object_get(s, "code")),
               json_string_value(json_object_get(s, "name_ja")),
               json_string_value(json_object_get(s, "name_en")),
               json_is_true(json_object_get(s, "critical_infrastructure"))
                   ? "  [critical infrastructure]"
                   : "");
    }
    json_decref(arr);
    return 0;
}

static int cmd_sector(fk_db *db, const char *actor, int argc, char **argv)
{
    fk_err err;
    if (argc >= 1 && !strcmp(argv[0], "add")) {
        const char *ja = fk_admin_take_opt(&argc, argv, "--ja"),
                   *en = fk_admin_take_opt(&argc, argv, "--en");
        bool critical = take_flag(&argc, argv, "--critical");
        if (fk_admin_leftover(argc, argv, 3) != 0)
            return 2;
        if (fk_sector_put(db, actor, argv[1], argv[2], ja, en, critical, &err) != 0)
            return fk_admin_fail(&err);
        printf("sector %s in list %s\n", argv[2], argv[1]);
        return 0;
    }
    if (argc >= 1 && !strcmp(argv[0], "remove")) {
        if (fk_admin_leftover(argc, argv, 3) != 0)
            return 2;
        int rc = fk_sector_remove(db, actor, argv[1], argv[2], &err);
        if (rc < 0)
            return fk_admin_fail(&err);
        if (rc > 0) {
            fprintf(stderr, "fukurou admin: no sector %s in list %s\n", argv[2], argv[1]);
            return 1;
        }
        printf("sector %s removed from list %s\n", argv[2], argv[1]);
        return 0;
    }
    usage(stderr);
    return 2;
}

static int print_json(json_t *arr)
{
    char *s = json_dumps(arr, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(arr);
    if (!s)
        return 1;
    puts(s);
    free(s);
    return 0;
}

/* alerts [--org O] [--state S] [--limit N] | metering [--org O] [--days N] | sources
 * [--org O] | retention [--raw-days N] [--raw-bytes B] [--alert-days N] [--alert-count N] */
static int cmd_monitoring(fk_db *db, const char *noun, int argc, char **argv)
{
    fk_err err;
    json_t *out = NULL;
    const char *org = fk_admin_take_opt(&argc, argv, "--org");
    if (!strcmp(noun, "alerts")) {
        const char *state = fk_admin_take_opt(&argc, argv, "--state"),
                   *lim = fk_admin_take_opt(&argc, argv, "--limit");
        if (fk_admin_leftover(argc, argv, 1) != 0)
            return 2;
        fk_alert_filter f = {.org = org, .state = state, .min_severity = -1};
        fk_page page = {NULL, lim ? (size_t)atoi(lim) : 100};
        char next[32];
        if (state && !fk_alert_state_valid(state)) {
            fprintf(stderr, "fukurou admin: --state: expected new, acknowledged, false-positive "
                            "or escalated\n");
            return 2;
        }
        if (fk_alert_list(db, &f, &page, &out, next, &err) != 0)
            return fk_admin_fail(&err);
        return print_json(out);
    }
    if (!strcmp(noun, "metering") || !strcmp(noun, "sources")) {
        const char *days = fk_admin_take_opt(&argc, argv, "--days");
        if (fk_admin_leftover(argc, argv, 1) != 0)
            return 2;
        int rc = !strcmp(noun, "sources")
                     ? fk_sources_list(db, org, &out, &err)
                     : fk_metering_list(db, org, days ? atoi(days) : 31, &out, &err);
        return rc != 0 ? fk_admin_fail(&err) : print_json(out);
    }
    /* retention, now */
    const char *opt[4] = {fk_admin_take_opt(&argc, argv, "--raw-days"),
                          fk_admin_take_opt(&argc, argv, "--raw-bytes"),
                          fk_admin_take_opt(&argc, argv, "--alert-days"),
                          fk_admin_take_opt(&argc, argv, "--alert-count")};
    if (fk_admin_leftover(argc, argv, 1) != 0)
        return 2;
    int64_t v[4] = {30, 0, 365, 0};
    for (int i = 0; i < 4; i++)
        if (opt[i]) {
            char *end;
            long long n = strtoll(opt[i], &end, 10);
            if (*end || n <= 0) {
                fprintf(stderr, "fukurou admin: retention: expected positive numbers\n");
                return 2;
            }
            v[i] = n;
        }
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    int64_t now = (int64_t)ts.tv_sec * 1000, raw, alerts;
    if (fk_batch_retention(db, now, v[0] * 86400000, v[1], &raw, &err) != 0 ||
        fk_alert_retention(db, now, v[2] * 86400000, v[3], &alerts, &err) != 0)
        return fk_admin_fail(&err);
    printf("retention: %lld raw batch bodies and %lld alerts removed\n", (long long)raw,
           (long long)alerts);
    return 0;
}

static int cmd_apikey(fk_db *db, const char *actor, int argc, char **argv)
{
    fk_err err;
    if (argc >= 1 && !strcmp(argv[0], "list") && fk_admin_leftover(argc, argv, 1) == 0)
        return print_list(db, "apikeys");
    if (argc >= 1 && !strcmp(argv[0], "revoke")) {
        if (fk_admin_leftover(argc, argv, 2) != 0)
            return 2;
        if (fk_apikey_revoke(db, actor, argv[1], &err) != 0)
            return fk_admin_fail(&err);
        printf("API key %s revoked\n", argv[1]);
        return 0;
    }
    if (argc >= 1 && !strcmp(argv[0], "create")) {
        const char *label = fk_admin_take_opt(&argc, argv, "--label");
        const char *perms = fk_admin_take_opt(&argc, argv, "--permissions");
        if (fk_admin_leftover(argc, argv, 2) != 0)
            return 2;
        unsigned bits = FK_PERM_API;
        if (perms && !fk_permissions_parse(perms, &bits)) {
            fprintf(stderr, "fukurou admin: --permissions: expected api, ingest or api,ingest\n");
            return 2;
        }
        char id[32], token[96];
        if (fk_apikey_create(db, actor, argv[1], label, bits, id, token, &err) != 0)
            return fk_admin_fail(&err);
        /* the key on stdout alone, so that scripts can capture it; the notice on stderr */
        printf("%s\n", token);
        fprintf(stderr, "API key %s created for %s; it is shown only this once.\n", id, argv[1]);
        return 0;
    }
    usage(stderr);
    return 2;
}

/* Takes a flag (no value) out of argv; true when it was there. */
static bool take_flag(int *argc, char **argv, const char *name)
{
    for (int i = 0; i < *argc; i++)
        if (strcmp(argv[i], name) == 0) {
            memmove(argv + i, argv + i + 1, (size_t)(*argc - i - 1) * sizeof *argv);
            (*argc)--;
            return true;
        }
    return false;
}

static int cmd_feed(fk_db *db, const char *actor, int argc, char **argv)
{
    fk_err err;
    if (argc >= 1 && !strcmp(argv[0], "add")) {
        const char *url = fk_admin_take_opt(&argc, argv, "--url"),
                   *coll = fk_admin_take_opt(&argc, argv, "--collection"),
                   *key_env = fk_admin_take_opt(&argc, argv, "--key-env");
        if (fk_admin_leftover(argc, argv, 2) != 0)
            return 2;
        if (!url || !coll) {
            fprintf(stderr, "fukurou admin: feed add NAME --url URL --collection ID\n");
            return 2;
        }
        if (fk_feed_add(db, actor, argv[1], url, coll, key_env, &err) != 0)
            return fk_admin_fail(&err);
        printf("feed %s reads %s into collection %s\n", argv[1], url, coll);
        return 0;
    }
    if (argc >= 1 && !strcmp(argv[0], "list")) {
        json_t *list;
        if (fk_admin_leftover(argc, argv, 1) != 0)
            return 2;
        if (fk_feed_list(db, &list, &err) != 0)
            return fk_admin_fail(&err);
        return print_json(list);
    }
    if (argc >= 1 && !strcmp(argv[0], "remove")) {
        if (fk_admin_leftover(argc, argv, 2) != 0)
            return 2;
        int rc = fk_feed_remove(db, actor, argv[1], &err);
        if (rc < 0)
            return fk_admin_fail(&err);
        if (rc > 0) {
            fprintf(stderr, "fukurou admin: no feed %s\n", argv[1]);
            return 1;
        }
        printf("feed %s removed\n", argv[1]);
        return 0;
    }
    if (argc >= 1 && !strcmp(argv[0], "poll")) {
        fk_feeds_config cfg = {.http = {.ca_file = fk_admin_take_opt(&argc, argv, "--ca")}};
        const char *page = fk_admin_take_opt(&argc, argv, "--page");
        if (fk_admin_leftover(argc, argv, 2) != 0)
            return 2;
        if (page && (atoi(page) < 1 || atoi(page) > 10000)) {
            fprintf(stderr, "fukurou admin: --page: expected 1 to 10000 objects\n");
            return 2;
        }
        cfg.page_size = page ? (size_t)atoi(page) : 0;
        fk_feed_poll r;
        if (fk_hub_feed_poll(db, argv[1], &cfg, &r, &err) != 0)
            return fk_admin_fail(&err);
        printf("feed %s: %zu pages, %zu objects taken, %zu withheld (TLP), %zu refused; cursor "
               "%s\n",
               argv[1], r.pages, r.taken, r.withheld, r.refused, r.cursor[0] ? r.cursor : "-");
        return 0;
    }
    usage(stderr);
    return 2;
}

static int cmd_collection(fk_db *db, const char *actor, int argc, char **argv)
{
    fk_err err;
    if (argc >= 1 && !strcmp(argv[0], "list") && fk_admin_leftover(argc, argv, 1) == 0) {
        fk_principal centre = {.role = FK_ROLE_CENTRE_ADMIN};
        json_t *roots, *all = json_array();
        if (fk_api_roots(db, &roots, &err) != 0)
            return fk_admin_fail(&err);
        size_t i;
        json_t *r;
        json_array_foreach(roots, i, r)
        {
            json_t *list;
            if (fk_collection_list(db, &centre, json_string_value(r), &list, &err) != 0)
                return fk_admin_fail(&err);
            json_array_extend(all, list);
            json_decref(list);
        }
        json_decref(roots);
        json_dumpf(all, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        fputc('\n', stdout);
        json_decref(all);
        return 0;
    }
    if (argc < 1 || strcmp(argv[0], "create") != 0) {
        usage(stderr);
        return 2;
    }
    const char *id = fk_admin_take_opt(&argc, argv, "--id"),
               *root = fk_admin_take_opt(&argc, argv, "--api-root");
    const char *desc = fk_admin_take_opt(&argc, argv, "--description");
    json_t *sectors = json_array(), *groups = json_array(), *writers = json_array();
    const char *v;
    while ((v = fk_admin_take_opt(&argc, argv, "--sector")))
        json_array_append_new(sectors, json_string(v));
    while ((v = fk_admin_take_opt(&argc, argv, "--group")))
        json_array_append_new(groups, json_string(v));
    while ((v = fk_admin_take_opt(&argc, argv, "--write-group")))
        json_array_append_new(writers, json_string(v));
    bool all = take_flag(&argc, argv, "--all-members"), pub = take_flag(&argc, argv, "--public");
    json_t *aud = json_pack("{so so sb sb}", "sectors", sectors, "groups", groups, "all_members",
                            all, "public", pub);
    int rc = 2;
    char cid[40];
    if (fk_admin_leftover(argc, argv, 2) == 0) {
        if (fk_collection_create(db, actor, id, root ? root : FK_DEFAULT_API_ROOT, argv[1], desc,
                                 aud, writers, cid, &err) != 0)
            rc = fk_admin_fail(&err);
        else {
            printf("collection %s created in API root %s\n", cid,
                   root ? root : FK_DEFAULT_API_ROOT);
            rc = 0;
        }
    }
    json_decref(aud);
    json_decref(writers);
    return rc;
}

static int cmd_api_root(fk_db *db, const char *actor, int argc, char **argv)
{
    fk_err err;
    if (argc < 1 || strcmp(argv[0], "create") != 0) {
        usage(stderr);
        return 2;
    }
    const char *title = fk_admin_take_opt(&argc, argv, "--title"),
               *desc = fk_admin_take_opt(&argc, argv, "--description");
    if (fk_admin_leftover(argc, argv, 2) != 0)
        return 2;
    if (fk_api_root_create(db, actor, argv[1], title, desc, &err) != 0)
        return fk_admin_fail(&err);
    printf("API root %s declared: /taxii2/%s/\n", argv[1], argv[1]);
    return 0;
}

static int cmd_verify(fk_db *db)
{
    fk_err err;
    fk_audit_checkpoint rep;
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    /* recorded as the last full check, which the console's audit page shows */
    int rc =
        fk_audit_check_full(db, (int64_t)now.tv_sec * 1000 + now.tv_nsec / 1000000, &rep, &err);
    if (rc < 0)
        return fk_admin_fail(&err);
    if (rc == 1) {
        printf("audit chain BROKEN at entry %lld of %lld: %s\n", (long long)rep.first_bad,
               (long long)rep.entries, rep.why);
        return 1;
    }
    printf("audit chain verified: %lld entries\n", (long long)rep.entries);
    return 0;
}

int fk_cmd_admin(int argc, char **argv)
{
    argc--;
    argv++;
    const char *data = NULL, *store = NULL;
    while (argc >= 2 && (!strcmp(argv[0], "--data") || !strcmp(argv[0], "--store"))) {
        *(!strcmp(argv[0], "--data") ? &data : &store) = argv[1];
        argc -= 2;
        argv += 2;
    }
    if (argc < 1 || !strcmp(argv[0], "--help") || !strcmp(argv[0], "-h")) {
        usage(argc < 1 ? stderr : stdout);
        return argc < 1 ? 2 : 0;
    }
    if (!data)
        data = getenv("FUKUROU_DATA");
    if (!data)
        data = "fukurou-data";
    if (!store)
        store = getenv("FUKUROU_STORE");
    fk_db *db;
    fk_err err;
    if (fk_db_open(&db, store ? store : data, &err) != 0)
        return fk_admin_fail(&err);
    /* The audit log names who acted: the operating-system account running the command. */
    char actor[160];
    struct passwd *pw = getpwuid(getuid());
    snprintf(actor, sizeof actor, "admin-cli:%s", pw ? pw->pw_name : "unknown");
    int rc;
    const char *noun = argv[0];
    if (!strcmp(noun, "org"))
        rc = cmd_org(db, actor, argc - 1, argv + 1);
    else if (!strcmp(noun, "group"))
        rc = cmd_group(db, actor, argc - 1, argv + 1);
    else if (!strcmp(noun, "account"))
        rc = cmd_account(db, actor, argc - 1, argv + 1);
    else if (!strcmp(noun, "alerts") || !strcmp(noun, "metering") || !strcmp(noun, "sources") ||
             !strcmp(noun, "retention"))
        rc = cmd_monitoring(db, noun, argc, argv);
    else if (!strcmp(noun, "sectors"))
        rc = cmd_sectors(db, argc, argv);
    else if (!strcmp(noun, "sector"))
        rc = cmd_sector(db, actor, argc - 1, argv + 1);
    else if (!strcmp(noun, "apikey"))
        rc = cmd_apikey(db, actor, argc - 1, argv + 1);
    else if (!strcmp(noun, "api-root"))
        rc = cmd_api_root(db, actor, argc - 1, argv + 1);
    else if (!strcmp(noun, "collection"))
        rc = cmd_collection(db, actor, argc - 1, argv + 1);
    else if (!strcmp(noun, "feed"))
        rc = cmd_feed(db, actor, argc - 1, argv + 1);
    else if (!strcmp(noun, "case") || !strcmp(noun, "contact") || !strcmp(noun, "contact-mode") ||
             !strcmp(noun, "deadline-policy"))
        rc = fk_admin_coordination(db, actor, noun, argc - 1, argv + 1);
    else if (!strcmp(noun, "drill") || !strcmp(noun, "support") || !strcmp(noun, "webhook") ||
             !strcmp(noun, "release"))
        rc = fk_admin_outreach(db, actor, noun, argc - 1, argv + 1);
    else if (!strcmp(noun, "vuln") || !strcmp(noun, "asset") || !strcmp(noun, "crypto"))
        rc = fk_admin_vulns(db, actor, noun, argc - 1, argv + 1);
    else if (!strcmp(noun, "verify-audit"))
        rc = fk_admin_leftover(argc, argv, 1) == 0 ? cmd_verify(db) : 2;
    else {
        fprintf(stderr, "fukurou admin: unknown command '%s'\n", noun);
        usage(stderr);
        rc = 2;
    }
    fk_db_close(db);
    return rc;
}
