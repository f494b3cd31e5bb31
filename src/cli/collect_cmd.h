/* `fukurou collect`: the member-side collector. Reads its YAML config, checks it
 * (--check), runs until SIGINT or SIGTERM, or prints the status of one that runs
 * (--status). */
#ifndef FK_COLLECT_CMD_H
#define FK_COLLECT_CMD_H

int fk_cmd_collect(int argc, char **argv);

#endif
