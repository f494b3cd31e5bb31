/* `fukurou vuln`: the vulnerability tools for scripts and for checking. `vuln cvss
 * VECTOR...` prints a tab-separated line per vector (the vector, its scores, its
 * severity) or an error naming the bad metric; `vuln cpe-match SOURCE TARGET` prints the
 * NISTIR 7696 relation of two CPE names. */
#ifndef FK_VULN_CMD_H
#define FK_VULN_CMD_H

/* Exit status: 0 all done, 2 when an argument was wrong (each said). */
int fk_cmd_vuln(int argc, char **argv);

#endif
