/* `fukurou admin --data DIR ...`: every administrative action of the hub from the
 * command line (organisations, groups, accounts, API keys, audit verification). */
#ifndef FK_ADMIN_H
#define FK_ADMIN_H

/* Exit status: 0 done, 1 the audit chain is broken (verify-audit), 2 error. */
int fk_cmd_admin(int argc, char **argv);

#endif
