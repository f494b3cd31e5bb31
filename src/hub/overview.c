#include "overview.h"

#include "../store/alert_stats.h"
#include "../store/ingest.h"
#include "../store/reports.h"
#include "../store/sectors.h"
#include "sharing.h"

#define HOUR_MS     3600000LL
#define TOP         10
#define LISTED      8
#define HEALTH_ROWS 50

/* {code: {"ja", "en"}} for every sector code; the first list naming a code names it. */
static int sector_names(fk_db *db, json_t **out, fk_err *err)
{
    json_t *all;
    if (fk_sectors_list(db, NULL, &all, err) != 0)
        return -1;
    *out = json_object();
    size_t i;
    json_t *s;
    json_array_foreach(all, i, s)
    {
        const char *code = json_string_value(json_object_get(s, "code"));
        if (*out && code && !json_object_get(*out, code))
            json_object_set_new(*out, code,
                                json_pack("{sO sO}", "ja", json_object_get(s, "name_ja"), "en",
                                          json_object_get(s, "name_en")));
    }
    json_decref(all);
    return *out ? 0 : fk_errc(err, FK_ERR_NOMEM, "out of memory");
}

int fk_hub_overview(fk_db *db, const fk_principal *who, int64_t now_ms, json_t **out, fk_err *err)
{
    bool centre = fk_role_is_centre(who->role);
    int64_t org = centre ? 0 : who->org_id;
    /* whole hours, so that the first bar is a full one */
    int64_t since = now_ms - now_ms % HOUR_MS - (FK_OVERVIEW_DAYS * 24 - 1) * HOUR_MS;
    json_t *timeline = NULL, *rules = NULL, *indicators = NULL, *health = NULL, *awaiting = NULL,
           *due = NULL;
    int64_t waiting = 0;
    int rc = fk_alert_stats_timeline(db, org, since, &timeline, err);
    if (rc == 0)
        rc = fk_alert_stats_top(db, org, since, false, TOP, &rules, err);
    if (rc == 0)
        rc = fk_alert_stats_top(db, org, since, true, TOP, &indicators, err);
    if (rc == 0)
        rc = fk_health_list(db, centre ? NULL : who->org, now_ms, HEALTH_ROWS, &health, err);
    if (rc == 0)
        rc = fk_report_awaiting(db, org, LISTED, &waiting, &awaiting, err);
    if (rc == 0)
        rc = fk_hub_releases_due(db, who, now_ms, LISTED, "console:overview", &due, err);
    json_t *names = NULL;
    if (rc == 0)
        rc = sector_names(db, &names, err);
    if (rc == 0) {
        *out = json_pack("{sI so so so so s{sI so} so}", "since_ms", (json_int_t)since, "timeline",
                         timeline, "top_rules", rules, "top_indicators", indicators, "health",
                         health, "awaiting", "count", (json_int_t)waiting, "reports", awaiting,
                         "releases_due", due);
        if (*out)
            json_object_set_new(*out, "sector_names", names);
        else
            json_decref(names);
        if (*out)
            return 0;
        return fk_errc(err, FK_ERR_NOMEM, "out of memory");
    }
    json_decref(timeline);
    json_decref(rules);
    json_decref(indicators);
    json_decref(health);
    json_decref(awaiting);
    json_decref(due);
    return -1;
}
