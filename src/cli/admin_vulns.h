/* `fukurou admin` for the asset ledger and the vulnerability records: feeds taken in
 * (NVD, JVN, KEV, EPSS files), every ledger matched again, records and what applies to
 * whom, members' systems added, imported (CSV, CycloneDX), shown and removed, and the
 * cryptography report, through the hub's use cases as the API calls them. */
#ifndef FK_ADMIN_VULNS_H
#define FK_ADMIN_VULNS_H

#include "../store/db.h"

/* noun: vuln, asset or crypto; argv after the noun. Exit status 0 done, 2 error. */
int fk_admin_vulns(fk_db *db, const char *actor, const char *noun, int argc, char **argv);

#endif
