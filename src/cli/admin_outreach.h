/* `fukurou admin` for what coordination sends out and hears back: reachability drills
 * (start, report, an answer the centre took by phone), support requests and the offers
 * of supporting organisations, webhooks, and members' answers to releases, through the
 * hub's use cases as the API calls them. */
#ifndef FK_ADMIN_OUTREACH_H
#define FK_ADMIN_OUTREACH_H

#include "../store/db.h"

/* noun: drill, support, webhook or release; argv after the noun. Exit status 0 done, 2
 * error (said on stderr). */
int fk_admin_outreach(fk_db *db, const char *actor, const char *noun, int argc, char **argv);

#endif
