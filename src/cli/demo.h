/* `fukurou demo DIR`: writes a small, deterministic set of logs with attacks in them
 * (web scanning, SSH brute force, contact with listed addresses and domains, a listed
 * file hash), plus the indicator lists and rules to find them. Used by `make run`. */
#ifndef FK_DEMO_H
#define FK_DEMO_H

int fk_cmd_demo(int argc, char **argv);

#endif
