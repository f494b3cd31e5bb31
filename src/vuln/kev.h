/* CISA's Known Exploited Vulnerabilities catalogue (its JSON feed) and FIRST's EPSS
 * scores (the daily CSV) into per-CVE facts for the records: {id, kev: {...}} and
 * {id, epss, percentile, date}. Both are checked whole before any fact is handed on;
 * a wrong entry or line is named. No I/O. */
#ifndef FK_VULN_KEV_H
#define FK_VULN_KEV_H

#include "record.h"

#include <stddef.h>

/* The catalogue: {"catalogVersion", "vulnerabilities": [{cveID, dateAdded, dueDate,
 * requiredAction, vulnerabilityName, knownRansomwareCampaignUse, ...}]}. */
int fk_kev_read(json_t *doc, fk_vuln_sink sink, void *ctx, fk_err *err);

/* The EPSS CSV: an optional "#model_version:...,score_date:..." line, a header naming
 * the columns "cve", "epss" and (since 2022) "percentile", then one CVE a line. */
int fk_epss_read(const char *text, size_t len, fk_vuln_sink sink, void *ctx, fk_err *err);

#endif
