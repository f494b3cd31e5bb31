/* `fukurou scan`: reads log files, decodes them, matches indicators and threshold
 * rules, and reports alerts. Owns the command-line options and the scan loop. */
#ifndef FK_SCAN_H
#define FK_SCAN_H

/* Exit status: 0 no alerts, 1 alerts, 2 error. */
int fk_cmd_scan(int argc, char **argv);

#endif
