/* One vulnerability as every intake source is turned into before it is stored: a JSON
 * object of known fields, whatever the feed (NVD, JVN, KEV, EPSS) wrote. Owns the
 * normalised shape, identifier and date checks and the products a record names; no I/O.
 *
 *   id            "CVE-2024-3400" or "JVNDB-2022-000097"
 *   source        "nvd" or "jvn"
 *   aliases       the other identifiers of the same vulnerability (CVE <-> JVNDB)
 *   published, modified   RFC 3339 UTC, to the millisecond
 *   status        NVD's vulnStatus ("Analyzed", "Rejected", ...), absent for JVN
 *   title, description    {"en": ..., "ja": ...}: each language the source gave
 *   cvss          the score to rank by: {version, vector, score, severity}; all: every one
 *   cwes, references      arrays of strings
 *   configurations        NVD's shape (JVN's CPEs become one OR node without versions);
 *                 or configurations_json, the same as compact JSON text, as the NVD
 *                 stream reader leaves it (a page's configurations are most of its bytes,
 *                 and the store keeps them as text: no tree is built for them)
 *   products      ["vendor:product", ...] of the vulnerable criteria: the index matching
 *                 looks candidates up by
 *   versions      false when the source says nothing a machine can compare (JVN)
 *   kev           {added, due, action, name, ransomware} when CISA lists it as exploited
 */
#ifndef FK_VULN_RECORD_H
#define FK_VULN_RECORD_H

#include "../core/error.h"

#include <jansson.h>
#include <stdbool.h>

/* What a parser hands each record to: 0 to go on, -1 with err to stop. The record is
 * borrowed: take a reference to keep it. */
typedef int (*fk_vuln_sink)(void *ctx, json_t *record, fk_err *err);

/* "CVE-1999-0001" (four-digit year, four or more digits) and "JVNDB-2022-000097". */
bool fk_vuln_is_cve(const char *id);
bool fk_vuln_is_jvndb(const char *id);

/* A date as a source writes it ("2023-07-01T00:15:09.953", "2022-12-15T12:04:51+09:00",
 * "2025-08-25") into RFC 3339 UTC with milliseconds; false when it is not a date. */
bool fk_vuln_date(const char *text, char out[32]);

/* The sorted, distinct "vendor:product" of the vulnerable criteria of configurations,
 * as a new array (NULL: out of memory). Criteria that are not CPE names are skipped:
 * the parsers refuse them first. */
json_t *fk_vuln_products(json_t *configurations);

/* "vendor:product" of a CPE 2.3 formatted string, lower-cased and unquoted, read
 * without unbinding the whole name (the index needs only these two, for every criteria
 * of every record and every program of the ledger); false when it is not one. */
bool fk_vuln_vendor_product(const char *fs, char *out, size_t cap);

/* A record's configurations as a new JSON array, whichever way it holds them; NULL when
 * the text does not read (or memory ran out). */
json_t *fk_vuln_configurations(json_t *record);

/* Sets record[key][lang] = text (trimmed), keeping what is there for other languages. */
int fk_vuln_set_text(json_t *record, const char *key, const char *lang, const char *text);

#endif
