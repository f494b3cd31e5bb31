/* End-to-end: Debian's rsyslog (with rsyslog-gnutls) as the real sender. It tails two
 * files and forwards one over TLS with octet-counted framing (RFC 5425/6587, the member
 * known by its client certificate) and the other over plain TCP with LF framing (the
 * member known by its source network). Both reach detection at the hub. Skipped, not
 * passed, when rsyslogd or its TLS driver is missing. */
#include "hub.h"

static pid_t rsyslog;
static char analyst[96];

static unsigned port_of(const char *kind)
{
    char log[8192], want[64];
    slurp("server.log", log, sizeof log);
    snprintf(want, sizeof want, "syslog %s on port ", kind);
    const char *p = strstr(log, want);
    return p ? (unsigned)atoi(p + strlen(want)) : 0;
}

static void sh(const char *fmt, const char *arg)
{
    char cmd[2048];
    snprintf(cmd, sizeof cmd, fmt, dir, arg);
    cr_assert_eq(system(cmd), 0, "%s", cmd);
}

static void setup_syslog(void)
{
    setup();
    if (access("/usr/sbin/rsyslogd", X_OK) != 0 ||
        access("/usr/lib/x86_64-linux-gnu/rsyslog/lmnsd_gtls.so", R_OK) != 0)
        return;
    /* a CA, the hub's certificate (hub.test) and PowerCo's client certificate */
    sh("cd %s && printf 'subjectAltName=DNS:hub.test\\n' > ext.cnf%s", "");
    const char *gen =
        "cd %s && openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 2 "
        "-subj /CN=test-ca 2>/dev/null && "
        "openssl req -newkey rsa:2048 -nodes -keyout hub.key -out hub.csr -subj /CN=hub.test "
        "2>/dev/null && openssl x509 -req -in hub.csr -CA ca.pem -CAkey ca.key -CAcreateserial "
        "-out hub.pem -days 2 -extfile ext.cnf 2>/dev/null && "
        "openssl req -newkey rsa:2048 -nodes -keyout client.key -out client.csr -subj /CN=%s "
        "2>/dev/null && openssl x509 -req -in client.csr -CA ca.pem -CAkey ca.key "
        "-CAcreateserial -out client.pem -days 2 2>/dev/null";
    sh(gen, "PowerCo");
    admin("admin --data d org create NISC --sector centre");
    admin("admin --data d org create PowerCo --sector electricity");
    admin("admin --data d org create Bank --sector finance");
    admin("admin --data d account create ana --org NISC --role centre-analyst");
    key_for("ana", analyst);
    char extra[768];
    snprintf(extra, sizeof extra,
             "--syslog-tls 127.0.0.1:0 --syslog-cert hub.pem --syslog-key hub.key --syslog-ca "
             "ca.pem --syslog-tcp 127.0.0.1:0 --syslog-source 127.0.0.1/32=Bank --rules %s",
             getenv("FK_RULES"));
    start_server(extra);
}

static void teardown_syslog(void)
{
    if (rsyslog > 0) {
        kill(rsyslog, SIGTERM);
        waitpid(rsyslog, NULL, 0);
        rsyslog = 0;
    }
    stop_server();
    teardown();
}

TestSuite(syslog, .init = setup_syslog, .fini = teardown_syslog, .timeout = 120);

static bool eventually_long(result *r, const char *path, const char *want)
{
    for (int i = 0; i < 600; i++) { /* windows flush after 5 s of quiet: up to 30 s */
        if (call(r, analyst, "GET", path, NULL) == 200 && strstr(r->out, want))
            return true;
        usleep(50000);
    }
    return false;
}

Test(syslog, rsyslog_over_tls_and_plain_tcp_reaches_detection)
{
    if (!port)
        cr_skip_test("rsyslogd or rsyslog-gnutls is not installed");
    unsigned tls = port_of("tls"), tcp = port_of("tcp");
    cr_assert(tls && tcp, "the receivers said their ports");
    char conf[4096];
    snprintf(conf, sizeof conf,
             "global(workDirectory=\"%s/rs\" defaultNetstreamDriverCAFile=\"%s/ca.pem\" "
             "defaultNetstreamDriverCertFile=\"%s/client.pem\" "
             "defaultNetstreamDriverKeyFile=\"%s/client.key\")\n"
             "module(load=\"imfile\" PollingInterval=\"1\")\n"
             "input(type=\"imfile\" File=\"%s/power.log\" Tag=\"sshd[4242]:\" ruleset=\"tls\")\n"
             "input(type=\"imfile\" File=\"%s/bank.log\" Tag=\"sshd[99]:\" ruleset=\"plain\")\n"
             "ruleset(name=\"tls\") { action(type=\"omfwd\" target=\"127.0.0.1\" port=\"%u\" "
             "protocol=\"tcp\" StreamDriver=\"gtls\" StreamDriverMode=\"1\" "
             "StreamDriverAuthMode=\"x509/name\" StreamDriverPermittedPeers=\"hub.test\" "
             "TCP_Framing=\"octet-counted\" template=\"RSYSLOG_SyslogProtocol23Format\") }\n"
             "ruleset(name=\"plain\") { action(type=\"omfwd\" target=\"127.0.0.1\" port=\"%u\" "
             "protocol=\"tcp\" template=\"RSYSLOG_TraditionalForwardFormat\") }\n",
             dir, dir, dir, dir, dir, dir, tls, tcp);
    write_file("rs.conf", conf);
    sh("mkdir -p %s/rs && touch %s/power.log", dir);
    sh("touch %s/bank.log%s", "");
    rsyslog = fork();
    cr_assert_geq(rsyslog, 0);
    if (rsyslog == 0) {
        char cfg[256], pid[256];
        snprintf(cfg, sizeof cfg, "%s/rs.conf", dir);
        snprintf(pid, sizeof pid, "%s/rs.pid", dir);
        execl("/usr/sbin/rsyslogd", "rsyslogd", "-n", "-f", cfg, "-i", pid, (char *)NULL);
        _exit(127);
    }
    usleep(1500000); /* rsyslog starts watching the files */
    char lines[4096] = "";
    for (int i = 0; i < 12; i++)
        strcat(lines, "Failed password for root from 198.51.100.77 port 22 ssh2\n");
    FILE *f = fopen(path_of("power.log"), "a");
    fputs(lines, f);
    fclose(f);
    f = fopen(path_of("bank.log"), "a");
    for (int i = 0; i < 12; i++)
        fprintf(f, "Failed password for user%d from 198.51.100.88 port 22 ssh2\n", i);
    fclose(f);
    result r;
    cr_assert(eventually_long(&r, "/api/v1/alerts?organisation=PowerCo", "198.51.100.77"),
              "TLS, octet-counted, the member by its certificate: %s", r.out);
    cr_assert_not_null(strstr(r.out, "ssh-brute-force"), "%s", r.out);
    cr_assert_not_null(strstr(r.out, "\"count\":12"), "every message arrived once: %s", r.out);
    cr_assert(eventually_long(&r, "/api/v1/alerts?organisation=Bank", "198.51.100.88"),
              "plain TCP, LF-framed, the member by its network: %s", r.out);
    cr_assert_not_null(strstr(r.out, "password-spraying"), "%s", r.out);
    cr_assert_eq(call(&r, analyst, "GET", "/api/v1/sources", NULL), 200);
    cr_assert_not_null(strstr(r.out, "syslog/127.0.0.1"), "%s", r.out);
    /* a client without a certificate of the CA is refused (no events for anyone) */
    char cmd[512];
    snprintf(cmd, sizeof cmd,
             "echo '<34>1 2026-11-30T10:00:00Z h sshd - - - Failed password for root from "
             "198.51.100.99 port 22 ssh2' | timeout 5 openssl s_client -quiet -connect "
             "127.0.0.1:%u >/dev/null 2>&1; true",
             tls);
    cr_assert_eq(system(cmd), 0);
    usleep(1500000);
    cr_assert_eq(call(&r, analyst, "GET", "/api/v1/alerts?limit=1000", NULL), 200);
    cr_assert_null(strstr(r.out, "198.51.100.99"), "%s", r.out);
}
