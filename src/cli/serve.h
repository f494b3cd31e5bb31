/* `fukurou serve`: opens the store and runs the hub's HTTP server until SIGINT or
 * SIGTERM; `fukurou worker`: the hub's detection alone, fed by a shared bus. Owns the
 * command-line and config-file options of both. */
#ifndef FK_SERVE_H
#define FK_SERVE_H

int fk_cmd_serve(int argc, char **argv);
int fk_cmd_worker(int argc, char **argv);

#endif
