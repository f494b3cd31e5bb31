/* JVN iPedia through MyJVN, in its "hnd" XML: VULDEF 3.2 documents (getVulnDetailInfo and
 * the detail data feed) and JVNRSS 3.2 lists (getVulnOverviewList), read with libxml2 and
 * matched by local element names so any namespace prefix does. Each entry becomes a
 * normalised record (vuln/record.h) with its JVNDB id, the CVEs it names as aliases, its
 * Japanese texts and its CPE 2.2 URIs bound as CPE 2.3 names. No I/O. */
#ifndef FK_VULN_JVN_H
#define FK_VULN_JVN_H

#include "record.h"

#include <stdbool.h>
#include <stddef.h>

/* Every Vulinfo or item of the document, checked all before any is handed to sink.
 * MyJVN's own error answer (status retCd not 0) is refused with its message. */
int fk_jvn_read(const char *xml, size_t len, fk_vuln_sink sink, void *ctx, fk_err *err);

/* MyJVN's counts of an API answer (status:Status): all entries that answer the query,
 * the first returned (from 1) and how many were returned; -1 where absent. */
typedef struct fk_jvn_status {
    bool seen;
    long total, first, returned;
} fk_jvn_status;

/* An API answer as fk_jvn_read reads it, with its status (required); a page with no
 * entries is fine when the status says so. */
int fk_jvn_read_page(const char *xml, size_t len, fk_vuln_sink sink, void *ctx,
                     fk_jvn_status *status, fk_err *err);

#endif
