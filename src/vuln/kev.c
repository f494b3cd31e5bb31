#include "kev.h"

#include "../core/csvtable.h"

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

static bool probability(const fk_csv_cell *c, double *v)
{
    if (!c->len || c->text[0] == ' ')
        return false;
    char *end;
    *v = strtod(c->text, &end);
    return *end == '\0' && *v >= 0 && *v <= 1;
}

typedef struct epss_reader {
    char date[32];
    int cve, epss, percentile; /* columns, -1 until the header is read */
    json_t *facts;
} epss_reader;

static int epss_row(void *vr, size_t line, const fk_csv_cell *cells, size_t n, fk_err *err)
{
    epss_reader *r = vr;
    if (cells[0].text[0] == '#') {
        /* "#model_version:v2025.03.14,score_date:2025-09-03T12:55:00Z" */
        for (size_t i = 0; i < n; i++)
            if (!strncmp(cells[i].text, "score_date:", 11) &&
                !fk_vuln_date(cells[i].text + 11, r->date))
                return fk_errf(err, "line %zu: score_date: expected a date", line);
        return 0;
    }
    if (r->cve < 0) {
        r->cve = fk_csv_column(cells, n, "cve");
        r->epss = fk_csv_column(cells, n, "epss");
        r->percentile = fk_csv_column(cells, n, "percentile");
        if (r->cve < 0 || r->epss < 0)
            return fk_errf(err, "line %zu: expected the header naming the columns cve and epss",
                           line);
        return 0;
    }
    double epss, pct = -1;
    if ((size_t)r->cve >= n || !fk_vuln_is_cve(cells[r->cve].text))
        return fk_errf(err, "line %zu: cve: expected a CVE identifier", line);
    if ((size_t)r->epss >= n || !probability(&cells[r->epss], &epss))
        return fk_errf(err, "line %zu: epss: expected a probability from 0 to 1", line);
    if (r->percentile >= 0 &&
        ((size_t)r->percentile >= n || !probability(&cells[r->percentile], &pct)))
        return fk_errf(err, "line %zu: percentile: expected a number from 0 to 1", line);
    json_t *fact = json_pack("{ss sf}", "id", cells[r->cve].text, "epss", epss);
    if (!fact || (pct >= 0 && json_object_set_new(fact, "percentile", json_real(pct)) != 0) ||
        (r->date[0] && json_object_set_new(fact, "date", json_string(r->date)) != 0) ||
        json_array_append_new(r->facts, fact) != 0)
        return fk_errc(err, FK_ERR_NOMEM, "out of memory");
    return 0;
}

int fk_epss_read(const char *text, size_t len, fk_vuln_sink sink, void *ctx, fk_err *err)
{
    epss_reader r = {.cve = -1, .epss = -1, .percentile = -1, .facts = json_array()};
    if (!r.facts)
        return NOMEM(err);
    int rc = fk_csv_read(text, len, epss_row, &r, err);
    if (rc == 0 && r.cve < 0)
        rc = fk_errf(err, "expected the header naming the columns cve and epss");
    size_t i;
    json_t *fact;
    json_array_foreach(r.facts, i, fact) if (rc == 0) rc = sink(ctx, fact, err);
    json_decref(r.facts);
    return rc;
}
