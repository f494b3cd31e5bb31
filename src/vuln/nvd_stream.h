/* NVD CVE API 2.0 response pages read as a stream with yajl: each CVE object is built
 * as a small tree without its configurations, which are checked as they pass (criteria
 * CPE names, operators, version bounds, with the same field paths in errors) and written
 * straight out as compact JSON text. A page's configurations are most of its bytes;
 * building and then printing a tree of them was most of an import's time (measured in
 * docs/vuln.md). The whole page is checked before any record is handed on. No I/O. */
#ifndef FK_VULN_NVD_STREAM_H
#define FK_VULN_NVD_STREAM_H

#include "record.h"

#include <stddef.h>

/* A document {"vulnerabilities": [{"cve": {...}}, ...], ...}; errors name the record
 * ("vulnerabilities[12] (CVE-2023-0001): cve.configurations[0]...") or the line of a
 * JSON syntax error. 1 when the document is not a page (one record: fk_nvd_read). */
int fk_nvd_read_stream(const char *data, size_t len, fk_vuln_sink sink, void *ctx, fk_err *err);

#endif
