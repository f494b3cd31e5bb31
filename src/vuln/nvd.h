/* NVD's CVE API 2.0 JSON into normalised records (vuln/record.h): a response page
 * ({"vulnerabilities": [{"cve": ...}]}), one {"cve": ...} or one bare CVE object, as the
 * API and the file mirrors of it give them. Every record is checked before any is handed
 * on: a wrong one is refused with its place, its id and the field named. No I/O. */
#ifndef FK_VULN_NVD_H
#define FK_VULN_NVD_H

#include "record.h"

/* Turns each CVE of doc into a record and hands it to sink, in order. Errors name
 * "vulnerabilities[12] (CVE-2023-0001): cve.published: expected a date". */
int fk_nvd_read(json_t *doc, fk_vuln_sink sink, void *ctx, fk_err *err);

/* One CVE object (what "cve" holds) into a new record in *out; where: the record's place
 * for error messages. */
int fk_nvd_record(json_t *cve, const char *where, json_t **out, fk_err *err);

/* The same for a CVE object whose configurations a stream reader took out, checked and
 * wrote as compact JSON text (the record gets "configurations_json" and products). */
int fk_nvd_record_with(json_t *cve, const char *where, const char *configurations_json,
                       json_t *products, json_t **out, fk_err *err);

#endif
