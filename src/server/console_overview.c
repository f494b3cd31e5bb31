#include "console_overview.h"

#include "../core/timefmt.h"

#include "../hub/access.h"
#include "../hub/alerts.h"
#include "../hub/overview.h"
#include "console_page.h"
#include "html.h"
#include "http.h"
#include "i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define HOUR_MS 3600000LL
#define HOURS   (FK_OVERVIEW_DAYS * 24)

/* The engines in the order their colours stack; any other counts as the last. */
static const char *const engines[] = {"ioc", "web", "sigma", "threshold", "campaign", "other"};
enum { NENGINES = sizeof engines / sizeof engines[0] };

static int engine_index(const char *e)
{
    for (int i = 0; i < NENGINES - 1; i++)
        if (e && !strcmp(e, engines[i]))
            return i;
    return NENGINES - 1;
}

typedef struct {
    const char *sector;
    int64_t by_engine[NENGINES], total;
} sector_row;

enum { MAX_SECTORS = 64 };

static void section_open(fk_html *h, const char *title_key)
{
    fk_html_raw(h, "<section><h2>");
    fk_html_msg(h, title_key, NULL);
    fk_html_raw(h, "</h2>");
}

static void engine_name(fk_html *h, int e)
{
    char key[40];
    snprintf(key, sizeof key, "engine.%s", engines[e]);
    fk_html_msg(h, key, NULL);
}

/* What a chart stacks: engines, or the busiest sectors with the rest as one. */
enum { MAX_SERIES = 10 };
typedef struct {
    int n;
    char cls[MAX_SERIES][16];      /* the CSS class that colours it */
    const char *label[MAX_SERIES]; /* its name, as text */
    int64_t (*counts)[MAX_SERIES]; /* per hour */
} series;

/* The legend: which colour is which. */
static void legend(fk_html *h, const series *s)
{
    fk_html_raw(h, "<ul class=\"legend\">");
    for (int e = 0; e < s->n; e++) {
        fk_html_raw(h, "<li><span class=\"key ");
        fk_html_raw(h, s->cls[e]);
        fk_html_raw(h, "\"></span>");
        fk_html_text(h, s->label[e]);
        fk_html_raw(h, "</li>");
    }
    fk_html_raw(h, "</ul>");
}

/* One column per hour, its series stacked; a label under each local midnight. The
 * numbers are in each column's title (shown on hover, read by screen readers). */
static void chart(fk_html *h, int64_t since, const series *s)
{
    enum { BAR = 4, STEP = 5, TOP = 14, PLOT = 130, BELOW = 18 };
    int64_t max = 0;
    for (int i = 0; i < HOURS; i++) {
        int64_t t = 0;
        for (int e = 0; e < s->n; e++)
            t += s->counts[i][e];
        if (t > max)
            max = t;
    }
    char buf[256];
    snprintf(buf, sizeof buf,
             "<svg class=\"chart\" viewBox=\"0 0 %d %d\" role=\"img\" "
             "preserveAspectRatio=\"none\" aria-labelledby=\"chart-title\">",
             HOURS * STEP + 40, TOP + PLOT + BELOW);
    fk_html_raw(h, buf);
    fk_html_raw(h, "<title id=\"chart-title\">");
    fk_html_msg(h, "overview.chart_title", NULL);
    fk_html_raw(h, "</title>");
    snprintf(buf, sizeof buf,
             "<line class=\"axis\" x1=\"0\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>"
             "<text class=\"scale\" x=\"%d\" y=\"%d\">%lld</text>",
             TOP + PLOT, HOURS * STEP, TOP + PLOT, HOURS * STEP + 4, TOP + 4, (long long)max);
    fk_html_raw(h, buf);
    for (int i = 0; i < HOURS; i++) {
        int64_t start = since + i * HOUR_MS;
        int x = i * STEP;
        /* a day's label where the reader's day begins */
        int off = fk_html_zone_offset(h, start);
        if ((start / 1000 + off) % 86400 == 0) {
            time_t t = (time_t)(start / 1000) + off;
            struct tm tm;
            gmtime_r(&t, &tm);
            char day[8];
            strftime(day, sizeof day, "%m-%d", &tm);
            snprintf(buf, sizeof buf,
                     "<line class=\"day\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>"
                     "<text class=\"day\" x=\"%d\" y=\"%d\">%s</text>",
                     x, TOP, x, TOP + PLOT + 4, x + 2, TOP + PLOT + BELOW - 3, day);
            fk_html_raw(h, buf);
        }
        int64_t total = 0;
        for (int e = 0; e < s->n; e++)
            total += s->counts[i][e];
        if (!total)
            continue;
        fk_html_raw(h, "<g><title>");
        fk_html_time(h, start);
        for (int e = 0; e < s->n; e++) {
            if (!s->counts[i][e])
                continue;
            fk_html_raw(h, " · ");
            fk_html_text(h, s->label[e]);
            snprintf(buf, sizeof buf, " %lld", (long long)s->counts[i][e]);
            fk_html_raw(h, buf);
        }
        fk_html_raw(h, "</title>");
        /* stacked from the axis up; a non-zero count is at least one unit tall */
        double y = TOP + PLOT;
        for (int e = 0; e < s->n; e++) {
            if (!s->counts[i][e])
                continue;
            double ht = (double)s->counts[i][e] * PLOT / (double)max;
            if (ht < 1)
                ht = 1;
            y -= ht;
            snprintf(buf, sizeof buf,
                     "<rect class=\"%s\" x=\"%d\" y=\"%.1f\" width=\"%d\" height=\"%.1f\"/>",
                     s->cls[e], x, y, BAR, ht);
            fk_html_raw(h, buf);
        }
        fk_html_raw(h, "</g>");
    }
    fk_html_raw(h, "</svg>");
    legend(h, s);
}

/* A sector's name in the reader's language, its code when the lists do not name it. */
static void sector_name(fk_html *h, json_t *ov, const char *code)
{
    json_t *names = json_object_get(json_object_get(ov, "sector_names"), code);
    const char *name = json_string_value(json_object_get(names, h->lang));
    fk_html_text(h, name && *name ? name : code);
}

/* The chart's series: the engines seen, or the sectors (the busiest MAX_SERIES - 1,
 * the others summed as one). */
static void fill_series(fk_html *h, json_t *ov, int64_t since, bool by_sector,
                        const sector_row *sectors, size_t nsectors, const bool *seen, series *s)
{
    int index[NENGINES];
    s->n = 0;
    if (!by_sector) {
        for (int e = 0; e < NENGINES; e++) {
            index[e] = -1;
            if (!seen[e])
                continue;
            char key[40];
            snprintf(key, sizeof key, "engine.%s", engines[e]);
            snprintf(s->cls[s->n], sizeof s->cls[s->n], "e-%s", engines[e]);
            s->label[s->n] = fk_i18n(h->lang, key);
            index[e] = s->n++;
        }
    } else {
        for (size_t k = 0; k < nsectors && s->n < MAX_SERIES; k++) {
            bool last = s->n == MAX_SERIES - 1 && k + 1 < nsectors;
            snprintf(s->cls[s->n], sizeof s->cls[s->n], "s-%d", s->n);
            json_t *names = json_object_get(json_object_get(ov, "sector_names"), sectors[k].sector);
            const char *name = json_string_value(json_object_get(names, h->lang));
            s->label[s->n] = last            ? fk_i18n(h->lang, "overview.other_sectors")
                             : name && *name ? name
                                             : sectors[k].sector;
            s->n++;
        }
    }
    size_t i;
    json_t *row;
    json_array_foreach(json_object_get(ov, "timeline"), i, row)
    {
        int64_t slot = (json_integer_value(json_object_get(row, "hour_ms")) - since) / HOUR_MS;
        int64_t n = json_integer_value(json_object_get(row, "alerts"));
        if (slot < 0 || slot >= HOURS || n <= 0)
            continue;
        int at = -1;
        if (!by_sector) {
            at = index[engine_index(fk_console_str(row, "engine"))];
        } else {
            const char *sector = fk_console_str(row, "sector");
            for (size_t k = 0; k < nsectors && at < 0; k++)
                if (!strcmp(sectors[k].sector, sector))
                    at = k < MAX_SERIES - 1 ? (int)k : MAX_SERIES - 1;
            if (at >= s->n)
                at = s->n - 1;
        }
        if (at >= 0)
            s->counts[slot][at] += n;
    }
}

/* The choice of what the chart stacks (the centre's). */
static void stack_choice(fk_html *h, bool by_sector)
{
    fk_html_raw(h, "<p class=\"switch\">");
    fk_html_msg(h, "overview.stack_by", NULL);
    fk_html_raw(h, by_sector ? " <a href=\"/console/\">" : " <strong>");
    fk_html_msg(h, "overview.by_engine", NULL);
    fk_html_raw(h, by_sector ? "</a> · <strong>" : "</strong> · <a href=\"/console/?by=sector\">");
    fk_html_msg(h, "overview.by_sector", NULL);
    fk_html_raw(h, by_sector ? "</strong></p>" : "</a></p>");
}

/* The week's alerts as a chart by hour (stacked by engine or, for the centre, by
 * sector) and a table by sector and engine. */
static void activity(fk_html *h, json_t *ov, bool centre, bool by_sector)
{
    sector_row sectors[MAX_SECTORS];
    size_t nsectors = 0;
    bool seen[NENGINES] = {false};
    int64_t since = json_integer_value(json_object_get(ov, "since_ms")), total = 0;
    size_t i;
    json_t *row;
    json_array_foreach(json_object_get(ov, "timeline"), i, row)
    {
        int64_t hour = json_integer_value(json_object_get(row, "hour_ms"));
        int64_t n = json_integer_value(json_object_get(row, "alerts"));
        int e = engine_index(fk_console_str(row, "engine"));
        int64_t slot = (hour - since) / HOUR_MS;
        if (slot < 0 || slot >= HOURS || n <= 0)
            continue;
        seen[e] = true;
        total += n;
        const char *sector = fk_console_str(row, "sector");
        size_t s = 0;
        while (s < nsectors && strcmp(sectors[s].sector, sector))
            s++;
        if (s == nsectors) {
            if (nsectors == MAX_SECTORS)
                s = MAX_SECTORS - 1; /* more sectors than any list has: the last row sums them */
            else
                sectors[nsectors++] = (sector_row){.sector = sector};
        }
        sectors[s].by_engine[e] += n;
        sectors[s].total += n;
    }
    section_open(h, "overview.activity");
    if (!total) {
        fk_html_raw(h, "<p class=\"empty\">");
        fk_html_msg(h, "overview.no_activity", NULL);
        fk_html_raw(h, "</p></section>");
        return;
    }
    /* by sector, the busiest first */
    for (size_t a = 1; a < nsectors; a++)
        for (size_t b = a; b > 0 && sectors[b].total > sectors[b - 1].total; b--) {
            sector_row t = sectors[b];
            sectors[b] = sectors[b - 1];
            sectors[b - 1] = t;
        }
    series s = {.counts = calloc(HOURS, sizeof *s.counts)};
    if (!s.counts) {
        h->failed = true;
        return;
    }
    by_sector = by_sector && centre;
    if (centre)
        stack_choice(h, by_sector);
    fill_series(h, ov, since, by_sector, sectors, nsectors, seen, &s);
    chart(h, since, &s);
    free(s.counts);
    if (!centre) {
        fk_html_raw(h, "</section>");
        return;
    }
    fk_html_raw(h, "<table class=\"sectors\"><thead><tr><th>");
    fk_html_msg(h, "overview.sector", NULL);
    fk_html_raw(h, "</th>");
    for (int e = 0; e < NENGINES; e++) {
        if (!seen[e])
            continue;
        fk_html_raw(h, "<th class=\"num\">");
        engine_name(h, e);
        fk_html_raw(h, "</th>");
    }
    fk_html_raw(h, "<th class=\"num\">");
    fk_html_msg(h, "overview.total", NULL);
    fk_html_raw(h, "</th></tr></thead><tbody>");
    for (size_t s = 0; s < nsectors; s++) {
        fk_html_raw(h, "<tr><td>");
        sector_name(h, ov, sectors[s].sector);
        fk_html_raw(h, "</td>");
        for (int e = 0; e < NENGINES; e++) {
            if (!seen[e])
                continue;
            fk_html_raw(h, "<td class=\"num\">");
            fk_html_int(h, sectors[s].by_engine[e]);
            fk_html_raw(h, "</td>");
        }
        fk_html_raw(h, "<td class=\"num\">");
        fk_html_int(h, sectors[s].total);
        fk_html_raw(h, "</td></tr>");
    }
    fk_html_raw(h, "</tbody></table></section>");
}

/* The rules (or indicators) with the most alerts of the week. */
static void top(fk_html *h, json_t *list, bool indicators, bool centre)
{
    section_open(h, indicators ? "overview.top_indicators" : "overview.top_rules");
    const char *const head[] = {indicators ? "overview.indicator" : "overview.rule",
                                indicators ? NULL : "alerts.engine", "overview.alerts",
                                "overview.hits", centre ? "overview.organisations" : NULL};
    fk_console_table_head(h, "top", head, sizeof head / sizeof head[0]);
    size_t i;
    json_t *r;
    json_array_foreach(list, i, r)
    {
        const char *title = fk_console_str(r, "title"), *rule = fk_console_str(r, "rule");
        fk_html_raw(h, "<tr><td>");
        fk_html_text(h, *title ? title : rule);
        if (strcmp(title, rule) != 0) {
            fk_html_raw(h, "<div class=\"value\">");
            fk_html_text(h, rule);
            fk_html_raw(h, "</div>");
        }
        fk_html_raw(h, "</td>");
        if (!indicators) {
            fk_html_raw(h, "<td>");
            engine_name(h, engine_index(fk_console_str(r, "engine")));
            fk_html_raw(h, "</td>");
        }
        const char *nums[] = {"alerts", "hits", centre ? "organisations" : NULL};
        for (size_t k = 0; k < 3; k++) {
            if (!nums[k])
                continue;
            fk_html_raw(h, "<td class=\"num\">");
            fk_html_int(h, json_integer_value(json_object_get(r, nums[k])));
            fk_html_raw(h, "</td>");
        }
        fk_html_raw(h, "</tr>");
    }
    fk_html_raw(h, "</tbody></table>");
    fk_console_empty(h, json_array_size(list), "overview.none_this_week");
    fk_html_raw(h, "</section>");
}

static void awaiting(fk_html *h, json_t *ov, bool centre)
{
    json_t *a = json_object_get(ov, "awaiting");
    char n[24];
    snprintf(n, sizeof n, "%lld", (long long)json_integer_value(json_object_get(a, "count")));
    section_open(h, "overview.awaiting");
    fk_html_raw(h, "<p>");
    fk_html_msg(h,
                json_integer_value(json_object_get(a, "count")) ? "overview.awaiting_count"
                                                                : "overview.none_awaiting",
                "count", n, NULL);
    fk_html_raw(h, "</p>");
    json_t *list = json_object_get(a, "reports");
    if (json_array_size(list)) {
        const char *const head[] = {"reports.received", "reports.type", "reports.subject",
                                    centre ? "reports.provider" : NULL};
        fk_console_table_head(h, NULL, head, sizeof head / sizeof head[0]);
        size_t i;
        json_t *r;
        json_array_foreach(list, i, r)
        {
            fk_html_raw(h, "<tr><td>");
            fk_html_time_text(h, fk_console_str(r, "created_at"));
            fk_html_raw(h, "</td><td>");
            fk_html_text(h, fk_console_type_name(h, fk_console_str(r, "type")));
            fk_html_raw(h, "</td><td><a href=\"/console/reports/");
            fk_html_int(h, json_integer_value(json_object_get(r, "id")));
            fk_html_raw(h, "\">");
            fk_html_text(h, fk_console_str(r, "title"));
            fk_html_raw(h, "</a></td>");
            if (centre) {
                fk_html_raw(h, "<td>");
                fk_html_text(h, fk_console_str(json_object_get(r, "provider"), "organisation"));
                fk_html_raw(h, "</td>");
            }
            fk_html_raw(h, "</tr>");
        }
        fk_html_raw(h, "</tbody></table>");
    }
    fk_html_raw(h, "</section>");
}

static void releases_due(fk_html *h, json_t *list)
{
    section_open(h, "overview.releases_due");
    const char *const head[] = {"releases.deadline", "releases.tier", "reports.type",
                                "overview.release"};
    fk_console_table_head(h, NULL, head, sizeof head / sizeof head[0]);
    size_t i;
    json_t *r;
    json_array_foreach(list, i, r)
    {
        char key[48];
        fk_html_raw(h, "<tr><td>");
        fk_html_time_text(h, fk_console_str(r, "deadline"));
        fk_html_raw(h, "</td><td>");
        snprintf(key, sizeof key, "tier.%s", fk_console_str(r, "tier"));
        fk_html_msg(h, key, NULL);
        fk_html_raw(h, "</td><td>");
        fk_html_text(h, fk_console_type_name(h, fk_console_str(r, "report_type")));
        fk_html_raw(h, "</td><td><a href=\"/console/releases/");
        fk_html_int(h, json_integer_value(json_object_get(r, "id")));
        fk_html_raw(h, "\">#");
        fk_html_int(h, json_integer_value(json_object_get(r, "id")));
        fk_html_raw(h, "</a></td></tr>");
    }
    fk_html_raw(h, "</tbody></table>");
    fk_console_empty(h, json_array_size(list), "overview.none_due");
    fk_html_raw(h, "</section>");
}

/* Members silent longest first: last seen, the worst lag of their sources, today's
 * volume. */
static void health(fk_html *h, json_t *ov, bool centre)
{
    section_open(h, centre ? "overview.health" : "overview.own_health");
    const char *const head[] = {centre ? "alerts.organisation" : NULL,
                                centre ? "overview.sector" : NULL,
                                "overview.sources",
                                "sources.last_seen",
                                "sources.lag",
                                "overview.events_today",
                                "overview.bytes_today"};
    fk_console_table_head(h, "health", head, sizeof head / sizeof head[0]);
    size_t i;
    json_t *r;
    json_t *list = json_object_get(ov, "health");
    json_array_foreach(list, i, r)
    {
        bool silent = !json_object_get(r, "last_seen");
        fk_html_raw(h, silent ? "<tr class=\"silent\">" : "<tr>");
        if (centre) {
            fk_html_raw(h, "<td>");
            fk_html_text(h, fk_console_str(r, "organisation"));
            fk_html_raw(h, "</td><td>");
            sector_name(h, ov, fk_console_str(r, "sector"));
            fk_html_raw(h, "</td>");
        }
        fk_html_raw(h, "<td class=\"num\">");
        fk_html_int(h, json_integer_value(json_object_get(r, "sources")));
        fk_html_raw(h, "</td><td>");
        if (silent)
            fk_html_msg(h, "overview.never", NULL);
        else
            fk_html_time_text(h, fk_console_str(r, "last_seen"));
        fk_html_raw(h, "</td><td class=\"num\">");
        json_t *lag = json_object_get(r, "lag_ms");
        if (json_is_integer(lag)) {
            char secs[32];
            snprintf(secs, sizeof secs, "%lld", (long long)(json_integer_value(lag) / 1000));
            fk_html_msg(h, "sources.seconds", "seconds", secs, NULL);
        }
        fk_html_raw(h, "</td><td class=\"num\">");
        fk_html_int(h, json_integer_value(json_object_get(r, "events_today")));
        fk_html_raw(h, "</td><td class=\"num\">");
        double bytes = (double)json_integer_value(json_object_get(r, "bytes_today"));
        char amount[32];
        bool mib = bytes >= 1048576.0;
        snprintf(amount, sizeof amount, "%.1f", bytes / (mib ? 1048576.0 : 1024.0));
        if (mib)
            fk_html_msg(h, "overview.mib", "mib", amount, NULL);
        else
            fk_html_msg(h, "overview.kib", "kib", amount, NULL);
        fk_html_raw(h, "</td></tr>");
    }
    fk_html_raw(h, "</tbody></table>");
    fk_console_empty(h, json_array_size(list), "overview.no_members");
    fk_html_raw(h, "</section>");
}

void fk_console_overview(fk_request *req, fk_response *res)
{
    const char *lang = fk_console_lang(req);
    fk_err err;
    bool centre = fk_role_is_centre(req->who->role);
    json_t *ov = NULL, *recent = NULL, *campaigns = NULL;
    if (fk_hub_overview(req->db, req->who, fk_time_now_ms(), &ov, &err) != 0)
        return fk_console_storage_fail(req, res, &err);
    /* the newest alerts still new, searched among the newest as the list searches */
    int64_t newest = 0;
    char next[32];
    fk_page page = {.limit = 10}, few = {.limit = 5};
    fk_alert_filter fresh = {.state = "new", .min_severity = -1};
    fk_alert_filter camp = {.engine = "campaign", .min_severity = -1, .centre_own = true};
    int rc = fk_alert_newest_id(req->db, &newest, &err);
    fresh.min_id = newest > FK_CONSOLE_SEARCH_WINDOW ? newest - FK_CONSOLE_SEARCH_WINDOW : 0;
    if (rc == 0)
        rc = fk_hub_alerts_list(req->db, req->who, &fresh, &page, &recent, next, &err);
    if (rc == 0 && centre)
        rc = fk_hub_alerts_list(req->db, req->who, &camp, &few, &campaigns, next, &err);
    if (rc != 0) {
        json_decref(ov);
        json_decref(recent);
        return fk_console_storage_fail(req, res, &err);
    }
    fk_html h = {.lang = lang};
    fk_console_page_open(&h, req, "overview.title");
    const char *by = fk_http_query(req, "by");
    activity(&h, ov, centre, by && !strcmp(by, "sector"));
    fk_html_raw(&h, "<div class=\"columns\">");
    top(&h, json_object_get(ov, "top_rules"), false, centre);
    top(&h, json_object_get(ov, "top_indicators"), true, centre);
    fk_html_raw(&h, "</div>");
    if (centre) {
        section_open(&h, "overview.campaigns");
        fk_console_alert_rows(&h, req, campaigns);
        fk_html_raw(&h, "</section>");
    }
    section_open(&h, "overview.new_alerts");
    fk_console_alert_rows(&h, req, recent);
    fk_html_raw(&h, "<p><a href=\"/console/alerts?state=new\">");
    fk_html_msg(&h, "overview.all_new", NULL);
    fk_html_raw(&h, "</a></p></section>");
    fk_html_raw(&h, "<div class=\"columns\">");
    awaiting(&h, ov, centre);
    releases_due(&h, json_object_get(ov, "releases_due"));
    fk_html_raw(&h, "</div>");
    health(&h, ov, centre);
    json_decref(ov);
    json_decref(recent);
    json_decref(campaigns);
    fk_console_page_close(&h, res, 200);
}
