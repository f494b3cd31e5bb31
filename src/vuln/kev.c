#include "kev.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NOMEM(err) fk_errc(err, FK_ERR_NOMEM, "out of memory")

static int kev_entry(json_t *v, size_t i, json_t **out, fk_err *err)
{
    const char *id = json_string_value(json_object_get(v, "cveID"));
    if (!fk_vuln_is_cve(id))
        return fk_errf(err, "vulnerabilities[%zu].cveID: expected a CVE identifier", i);
    char added[32], due[32];
    if (!fk_vuln_date(json_string_value(json_object_get(v, "dateAdded")), added))
        return fk_errf(err, "vulnerabilities[%zu] (%s).dateAdded: expected a date", i, id);
    const char *due_text = json_string_value(json_object_get(v, "dueDate"));
    if (due_text && !fk_vuln_date(due_text, due))
        return fk_errf(err, "vulnerabilities[%zu] (%s).dueDate: expected a date", i, id);
    const char *ransom = json_string_value(json_object_get(v, "knownRansomwareCampaignUse"));
    *out = json_pack("{ss s{ss ss* ss* ss* ss* ss* sb}}", "id", id, "kev", "added", added, "due",
                     due_text ? due : NULL, "action",
                     json_string_value(json_object_get(v, "requiredAction")), "name",
                     json_string_value(json_object_get(v, "vulnerabilityName")), "vendor",
                     json_string_value(json_object_get(v, "vendorProject")), "product",
                     json_string_value(json_object_get(v, "product")), "ransomware",
                     ransom && !strcmp(ransom, "Known"));
    return *out ? 0 : NOMEM(err);
}

int fk_kev_read(json_t *doc, fk_vuln_sink sink, void *ctx, fk_err *err)
{
    json_t *list = json_object_get(doc, "vulnerabilities");
    if (!json_is_object(doc) || !json_is_array(list))
        return fk_errf(err, "vulnerabilities: expected the KEV catalogue's array");
    size_t n = json_array_size(list);
    json_t **facts = calloc(n ? n : 1, sizeof *facts);
    if (!facts)
        return NOMEM(err);
    int rc = 0;
    size_t made = 0;
    /* all entries are checked before the first is handed on: a catalogue is taken
     * whole or not at all */
    for (; made < n && rc == 0; made++)
        rc = kev_entry(json_array_get(list, made), made, &facts[made], err);
    if (rc != 0)
        made--;
    for (size_t i = 0; rc == 0 && i < made; i++)
        rc = sink(ctx, facts[i], err);
    for (size_t i = 0; i < made; i++)
        json_decref(facts[i]);
    free(facts);
    return rc;
}

/* One field of a CSV line (EPSS writes no quotes): [*p, end) up to the next comma. */
static const char *field(const char **p, const char *end, size_t *n)
{
    const char *s = *p, *c = memchr(s, ',', (size_t)(end - s));
    const char *e = c ? c : end;
    *n = (size_t)(e - s);
    *p = c ? c + 1 : end;
    return s;
}

static bool probability(const char *s, size_t n, double *v)
{
    char buf[40];
    if (!n || n >= sizeof buf)
        return false;
    memcpy(buf, s, n);
    buf[n] = '\0';
    char *end;
    *v = strtod(buf, &end);
    return *end == '\0' && *v >= 0 && *v <= 1 && !isspace((unsigned char)buf[0]);
}

int fk_epss_read(const char *text, size_t len, fk_vuln_sink sink, void *ctx, fk_err *err)
{
    const char *p = text, *end = text + len;
    char date[32] = "";
    int cve_col = -1, epss_col = -1, pct_col = -1;
    size_t line = 0;
    json_t *facts = json_array();
    if (!facts)
        return NOMEM(err);
    int rc = 0;
    while (p < end && rc == 0) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *e = nl ? nl : end;
        const char *next = nl ? nl + 1 : end;
        if (e > p && e[-1] == '\r')
            e--;
        line++;
        if (e == p) {
            p = next;
            continue;
        }
        if (*p == '#') {
            /* "#model_version:v2025.03.14,score_date:2025-09-03T12:55:00Z" */
            const char *sd = memmem(p, (size_t)(e - p), "score_date:", 11);
            if (sd) {
                char when[40] = "";
                size_t n = (size_t)(e - sd - 11);
                memcpy(when, sd + 11, n < sizeof when - 1 ? n : sizeof when - 1);
                if (!fk_vuln_date(when, date))
                    rc = fk_errf(err, "line %zu: score_date: expected a date", line);
            }
            p = next;
            continue;
        }
        if (cve_col < 0) {
            int col = 0;
            for (const char *q = p; q < e; col++) {
                size_t n;
                const char *f = field(&q, e, &n);
                if (n == 3 && !memcmp(f, "cve", 3))
                    cve_col = col;
                else if (n == 4 && !memcmp(f, "epss", 4))
                    epss_col = col;
                else if (n == 10 && !memcmp(f, "percentile", 10))
                    pct_col = col;
            }
            if (cve_col < 0 || epss_col < 0)
                rc = fk_errf(err, "line %zu: expected the header naming the columns cve and epss",
                             line);
            p = next;
            continue;
        }
        char id[40] = "";
        double epss = -1, pct = -1;
        int col = 0;
        for (const char *q = p; q < e && rc == 0; col++) {
            size_t n;
            const char *f = field(&q, e, &n);
            if (col == cve_col) {
                memcpy(id, f, n < sizeof id - 1 ? n : sizeof id - 1);
                if (n >= sizeof id || !fk_vuln_is_cve(id))
                    rc = fk_errf(err, "line %zu: cve: expected a CVE identifier", line);
            } else if (col == epss_col && !probability(f, n, &epss))
                rc = fk_errf(err, "line %zu: epss: expected a probability from 0 to 1", line);
            else if (col == pct_col && !probability(f, n, &pct))
                rc = fk_errf(err, "line %zu: percentile: expected a number from 0 to 1", line);
        }
        if (rc == 0 && (!id[0] || epss < 0 || (pct_col >= 0 && pct < 0)))
            rc = fk_errf(err, "line %zu: expected %s fields", line, pct_col >= 0 ? "three" : "two");
        if (rc == 0) {
            json_t *fact = json_pack("{ss sf}", "id", id, "epss", epss);
            if (!fact || (pct >= 0 && json_object_set_new(fact, "percentile", json_real(pct))) ||
                (date[0] && json_object_set_new(fact, "date", json_string(date))) ||
                json_array_append_new(facts, fact) != 0)
                rc = NOMEM(err);
        }
        p = next;
    }
    if (rc == 0 && cve_col < 0)
        rc = fk_errf(err, "line %zu: expected the header naming the columns cve and epss", line);
    size_t i;
    json_t *fact;
    json_array_foreach(facts, i, fact) if (rc == 0) rc = sink(ctx, fact, err);
    json_decref(facts);
    return rc;
}
