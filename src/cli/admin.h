/* `fukurou admin --data DIR ...`: every administrative action of the hub from the
 * command line (organisations, groups, accounts, API keys, audit verification; cases,
 * contacts and deadlines in admin_cases.c; drills, support, webhooks and release answers
 * in admin_outreach.c), and the argument helpers they share. */
#ifndef FK_ADMIN_H
#define FK_ADMIN_H

#include "../core/error.h"
#include "../store/directory.h"

#include <jansson.h>

/* Exit status: 0 done, 1 the audit chain is broken (verify-audit), 2 error. */
int fk_cmd_admin(int argc, char **argv);

/* The value of --name in argv (consumed), or NULL. */
const char *fk_admin_take_opt(int *argc, char **argv, const char *name);
/* -1 (said on stderr) when argv has other than `expected` plain arguments. */
int fk_admin_leftover(int argc, char **argv, int expected);
/* Says err on stderr; returns 2. */
int fk_admin_fail(const fk_err *err);
/* Prints j (stolen) indented on stdout; returns 0. */
int fk_admin_print(json_t *j);
/* The command line acts for the centre with every right, named in the audit log by the
 * system account running it (actor). */
fk_principal fk_admin_centre(const char *actor);
/* The account a change is made as (--as, consumed): 0, or -1 said on stderr. */
int fk_admin_as(fk_db *db, int *argc, char **argv, fk_principal *who);

#endif
