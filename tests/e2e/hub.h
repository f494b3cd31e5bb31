/* Helpers for the end-to-end tests of the hub: a data folder prepared with
 * `fukurou admin`, the real server started on 127.0.0.1 (an ephemeral port), and curl
 * to call it. */
#ifndef FK_HUB_H
#define FK_HUB_H

#include "e2e.h"

#include <signal.h>

static pid_t server;
static unsigned port;

static inline void admin(const char *args)
{
    result r;
    run(&r, args);
    cr_assert_eq(r.status, 0, "%s: %s", args, r.err);
}

static inline void key_for(const char *account, char out[96])
{
    result r;
    char args[256];
    snprintf(args, sizeof args, "admin --data d apikey create %s", account);
    run(&r, args);
    cr_assert_eq(r.status, 0, "%s", r.err);
    snprintf(out, 96, "%.84s", r.out);
}

static inline void start_server(const char *extra)
{
    const char *bin = getenv("FK_BIN");
    char cmd[4096];
    snprintf(cmd, sizeof cmd,
             "cd %s && exec %s serve --data d --listen 127.0.0.1:0 %s 2> server.log", dir, bin,
             extra);
    /* a previous server's log would tell its port before the new one writes its own */
    unlink(path_of("server.log"));
    server = fork();
    cr_assert_geq(server, 0);
    if (server == 0) {
        execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
        _exit(127);
    }
    for (int i = 0; i < 200 && !port; i++) { /* the server prints its port once it listens */
        usleep(25000);
        char log[4096];
        slurp("server.log", log, sizeof log);
        const char *p = strstr(log, "(port ");
        if (p)
            port = (unsigned)atoi(p + 6);
    }
    cr_assert_neq(port, 0, "the server did not start");
}

/* Stops the server and checks it exited cleanly: under AddressSanitizer a leak makes
 * the exit status non-zero, so every test that runs the server also checks for leaks. */
static inline void stop_server(void)
{
    int status = 0;
    pid_t pid = server;
    if (pid > 0) {
        kill(pid, SIGTERM);
        waitpid(pid, &status, 0);
    }
    server = 0;
    port = 0;
    if (pid > 0) {
        char log[16384];
        slurp("server.log", log, sizeof log);
        /* from a suite's teardown, where an assertion does not fail the test: for the
         * run's end (teardown_checks.c) */
        const char *record = getenv("FK_E2E_TEARDOWN");
        FILE *f =
            record && !(WIFEXITED(status) && WEXITSTATUS(status) == 0) ? fopen(record, "a") : NULL;
        if (f) {
            char cwd[512];
            fprintf(f, "  in %s: the server did not exit cleanly (status %d): %.2000s\n",
                    getcwd(cwd, sizeof cwd) ? cwd : "?", status,
                    strstr(log, "ERROR: ") ? strstr(log, "ERROR: ") : "");
            fclose(f);
        }
        cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0,
                  "the server did not exit cleanly (status %d): %s", status,
                  strstr(log, "ERROR: ") ? strstr(log, "ERROR: ") : "");
    }
}

/* curl with a key (or none), a method, a path, an optional JSON body and optional
 * extra curl arguments (headers); returns the HTTP status and leaves the body in r->out
 * and the response headers in headers.txt. */
static inline int call_with(result *r, const char *key, const char *method, const char *path,
                            const char *json, const char *extra)
{
    char cmd[8192], auth[160] = "";
    if (key)
        snprintf(auth, sizeof auth, "-H 'Authorization: Bearer %s'", key);
    if (json) /* from a file: bodies hold quotes of every kind */
        write_file("request.json", json);
    snprintf(cmd, sizeof cmd,
             "cd %s && curl -g -s -D headers.txt -o body.txt -w '%%{http_code}' -X %s %s %s %s "
             "'http://127.0.0.1:%u%s' > code.txt",
             dir, method, auth, extra ? extra : "",
             json && !extra ? "-H 'Content-Type: application/json' --data-binary @request.json"
             : json         ? "--data-binary @request.json"
                            : "",
             port, path);
    cr_assert_eq(system(cmd), 0, "curl failed: %s", cmd);
    char code[16];
    slurp("body.txt", r->out, sizeof r->out);
    cr_assert_lt(strlen(r->out), sizeof r->out - 1, "the answer to %s %s was cut", method, path);
    slurp("code.txt", code, sizeof code);
    return atoi(code);
}

static inline int call(result *r, const char *key, const char *method, const char *path,
                       const char *json)
{
    return call_with(r, key, method, path, json, NULL);
}

/* Checks a JSON file of STIX bundles (a list) in the test's folder against the OASIS
 * schemas (FK_STIX_VALIDATE, FK_STIX_SCHEMAS); skips the test, saying why, when they are
 * absent. Returns the validator's exit status; its report is left in out. */
static inline int stix_check(const char *bundles, char *out, size_t cap)
{
    const char *schemas = getenv("FK_STIX_SCHEMAS"), *script = getenv("FK_STIX_VALIDATE");
    if (!script)
        cr_skip("FK_STIX_VALIDATE is not set: the STIX schema check is skipped");
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "cd %s && python3 %s %s %s > validate.txt 2>&1", dir, script,
             schemas ? schemas : "/nonexistent", bundles);
    int rc = system(cmd);
    int code = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
    slurp("validate.txt", out, cap);
    if (code == 77)
        cr_skip("STIX schema validation skipped: %s", out);
    return code;
}

/* A burst of changes cut by a crash: runs the shell script `file` of the test's folder
 * (with KEY and PORT in its environment; it appends each change the hub acknowledged to
 * acked.txt) in a process group of its own; once acked.txt holds more than min_bytes
 * (or after six seconds) kills the server with SIGKILL mid-burst, then the script.
 * Leaves acked.txt in acked and returns how many changes it lists. */
static inline int burst_then_kill(const char *file, const char *key, size_t min_bytes, char *acked,
                                  size_t cap)
{
    char env_port[16];
    snprintf(env_port, sizeof env_port, "%u", port);
    pid_t client = fork();
    cr_assert_geq(client, 0);
    if (client == 0) {
        setpgid(0, 0);
        if (chdir(dir) != 0 || setenv("KEY", key, 1) != 0 || setenv("PORT", env_port, 1) != 0)
            _exit(127);
        execl("/bin/sh", "sh", file, (char *)NULL);
        _exit(127);
    }
    setpgid(client, client);
    for (int i = 0; i < 300; i++) { /* let some changes through, then kill mid-burst */
        usleep(20000);
        slurp("acked.txt", acked, cap);
        if (strlen(acked) > min_bytes)
            break;
    }
    kill(server, SIGKILL);
    waitpid(server, NULL, 0);
    server = 0;
    port = 0;
    kill(-client, SIGKILL);
    waitpid(client, NULL, 0);
    slurp("acked.txt", acked, cap);
    int n = 0;
    for (const char *p = acked; *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : p + strlen(p))
        n++;
    return n;
}

#endif
