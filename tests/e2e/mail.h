/* Helpers for the end-to-end tests that send mail: a free loopback port, a real SMTP
 * server (Debian's python3-aiosmtpd, its messages in the maildir box/ of the test's
 * folder; the test is skipped, and says so, without it), and what it received. */
#ifndef FK_E2E_MAIL_H
#define FK_E2E_MAIL_H

#include "hub.h"

#include <dirent.h>
#include <netinet/in.h>
#include <sys/socket.h>

static inline unsigned free_port(void)
{
    int s = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof a;
    if (s < 0 || bind(s, (struct sockaddr *)&a, sizeof a) != 0 ||
        getsockname(s, (struct sockaddr *)&a, &len) != 0)
        return 0;
    close(s);
    return ntohs(a.sin_port);
}

/* Starts the SMTP server; *pid for the caller to stop, listen its "127.0.0.1:PORT". */
static inline void start_smtp(pid_t *pid, char listen[64])
{
    if (system("/usr/bin/python3 -c 'import aiosmtpd' 2>/dev/null") != 0)
        cr_skip_test("python3-aiosmtpd is not installed: no SMTP server to test against");
    unsigned sport = free_port();
    cr_assert_neq(sport, 0);
    snprintf(listen, 64, "127.0.0.1:%u", sport);
    *pid = fork();
    cr_assert_geq(*pid, 0);
    if (*pid == 0) {
        if (chdir(dir) != 0)
            _exit(127);
        execl("/usr/bin/python3", "python3", "-m", "aiosmtpd", "-n", "-l", listen, "-c",
              "aiosmtpd.handlers.Mailbox", "box", (char *)NULL);
        _exit(127);
    }
    usleep(800000); /* the server binds its port */
}

/* Stops the SMTP server (or whatever *pid names), if any. */
static inline void stop_smtp(pid_t *pid)
{
    if (*pid > 0) {
        kill(*pid, SIGTERM);
        waitpid(*pid, NULL, 0);
        *pid = 0;
    }
}

/* The messages the SMTP server took, concatenated; returns how many. */
static inline size_t mailbox(char *out, size_t cap)
{
    out[0] = '\0';
    size_t n = 0;
    DIR *d = opendir(path_of("box/new"));
    struct dirent *e;
    while (d && (e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char name[160], text[16384];
        if (strlen(e->d_name) > 140)
            continue; /* a maildir name is short */
        snprintf(name, sizeof name, "box/new/%.140s", e->d_name);
        slurp(name, text, sizeof text);
        strncat(out, text, cap - strlen(out) - 1);
        strncat(out, "\n----\n", cap - strlen(out) - 1);
        n++;
    }
    if (d)
        closedir(d);
    return n;
}

/* Waits (up to 10 s) until the SMTP server holds at least n messages. */
static inline size_t mailbox_wait(char *out, size_t cap, size_t n)
{
    size_t have = 0;
    for (int i = 0; i < 200 && (have = mailbox(out, cap)) < n; i++)
        usleep(50000);
    return have;
}

#endif
