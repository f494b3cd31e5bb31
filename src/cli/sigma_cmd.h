/* `fukurou sigma check DIR...`: loads Sigma rules the way `scan --sigma` does and says
 * which load and which do not, with the construct that is not supported. */
#ifndef FK_SIGMA_CMD_H
#define FK_SIGMA_CMD_H

int fk_cmd_sigma(int argc, char **argv);

#endif
