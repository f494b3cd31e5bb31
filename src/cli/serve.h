/* `fukurou serve`: opens the data folder and runs the hub's HTTP server until SIGINT
 * or SIGTERM. Owns the command-line and config-file options of the server. */
#ifndef FK_SERVE_H
#define FK_SERVE_H

int fk_cmd_serve(int argc, char **argv);

#endif
