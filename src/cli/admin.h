/* `fukurou admin --data DIR ...`: every administrative action of the hub from the
 * command line (organisations, groups, accounts, API keys, audit verification; cases,
 * contacts and deadlines in admin_cases.c), and the argument helpers they share. */
#ifndef FK_ADMIN_H
#define FK_ADMIN_H

#include "../core/error.h"

/* Exit status: 0 done, 1 the audit chain is broken (verify-audit), 2 error. */
int fk_cmd_admin(int argc, char **argv);

/* The value of --name in argv (consumed), or NULL. */
const char *fk_admin_take_opt(int *argc, char **argv, const char *name);
/* -1 (said on stderr) when argv has other than `expected` plain arguments. */
int fk_admin_leftover(int argc, char **argv, int expected);
/* Says err on stderr; returns 2. */
int fk_admin_fail(const fk_err *err);

#endif
