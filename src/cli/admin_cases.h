/* `fukurou admin` for incident coordination: cases (list, show with the timeline, open,
 * move through the workflow), the contact registry and its mode, and the deadline
 * policy, through the hub's use cases as the API calls them. */
#ifndef FK_ADMIN_CASES_H
#define FK_ADMIN_CASES_H

#include "../store/db.h"

/* noun: case, contact, contact-mode or deadline-policy; argv after the noun. Exit status
 * 0 done, 2 error (said on stderr). */
int fk_admin_coordination(fk_db *db, const char *actor, const char *noun, int argc, char **argv);

#endif
