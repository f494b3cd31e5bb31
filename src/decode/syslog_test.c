#include "../../tests/testutil.h"
#include "../core/timefmt.h"
#include "syslog.h"

TestSuite(syslog, .init = fk_test_setup, .fini = fk_test_teardown);

static fk_dec_status dec(const char *line, fk_event *ev, const char **why)
{
    return fk_test_decode(FK_FMT_SYSLOG, NULL, line, ev, &arena, why);
}

Test(syslog, rfc3164_sshd_failed_password_invalid_user)
{
    fk_event ev;
    const char *why;
    cr_assert_eq(dec("Mar  7 09:15:02 bastion sshd[4123]: Failed password for invalid user admin "
                     "from 203.0.113.50 port 52144 ssh2",
                     &ev, &why),
                 FK_DEC_OK, "%s", why);
    cr_assert_slice(ev.host, "bastion");
    cr_assert_slice(ev.program, "sshd");
    cr_assert_str_eq(fk_test_extra(&ev, "pid"), "4123");
    cr_assert_eq(ev.kind, FK_KIND_AUTH);
    cr_assert_eq(ev.outcome, FK_OUTCOME_FAILURE);
    cr_assert_slice(ev.user, "admin");
    char b[FK_IP_STRLEN];
    cr_assert_str_eq(fk_test_ip(&ev.src_ip, b), "203.0.113.50");
    cr_assert_eq(ev.src_port, 52144);
    cr_assert_str_eq(fk_test_extra(&ev, "auth_method"), "password");
    cr_assert_eq(ev.time_ms, fk_time_from_civil(2024, 3, 7, 9, 15, 2) * 1000);
}

Test(syslog, accepted_publickey_ipv6_with_pri)
{
    fk_event ev;
    const char *why;
    cr_assert_eq(dec("<38>Mar 17 11:00:00 host sshd[1]: Accepted publickey for deploy from "
                     "2001:db8::42 port 600 ssh2: ED25519 SHA256:x",
                     &ev, &why),
                 FK_DEC_OK, "%s", why);
    cr_assert_eq(ev.outcome, FK_OUTCOME_SUCCESS);
    cr_assert_slice(ev.user, "deploy");
    cr_assert_eq(ev.src_ip.family, 6);
    cr_assert_str_eq(fk_test_extra(&ev, "severity"), "info");
    cr_assert_str_eq(fk_test_extra(&ev, "facility"), "4");
}

Test(syslog, rsyslog_rfc3339_stamp_and_repeated_message)
{
    fk_event ev;
    const char *why;
    cr_assert_eq(dec("2024-05-14T10:00:00.123456+09:00 web01 sshd[77]: message repeated 3 times: [ "
                     "Failed password for root from 192.0.2.8 port 22 ssh2]",
                     &ev, &why),
                 FK_DEC_OK, "%s", why);
    cr_assert_eq(ev.outcome, FK_OUTCOME_FAILURE);
    cr_assert_slice(ev.user, "root");
    cr_assert_eq(ev.time_ms, fk_time_from_civil(2024, 5, 14, 1, 0, 0) * 1000 + 123);
}

Test(syslog, sudo_and_su_messages)
{
    fk_event ev;
    const char *why;
    cr_assert_eq(dec("Jan  2 03:04:05 h sudo:    alice : TTY=pts/1 ; PWD=/home/alice ; USER=root ; "
                     "COMMAND=/bin/cat /etc/shadow",
                     &ev, &why),
                 FK_DEC_OK);
    cr_assert_eq(ev.outcome, FK_OUTCOME_SUCCESS);
    cr_assert_slice(ev.user, "alice");
    cr_assert_slice(ev.command_line, "/bin/cat /etc/shadow");
    cr_assert_eq(dec("Jan  2 03:04:05 h sudo: mallory : 3 incorrect password attempts ; TTY=pts/1 "
                     "; PWD=/ ; USER=root ; COMMAND=/bin/sh",
                     &ev, &why),
                 FK_DEC_OK);
    cr_assert_eq(ev.outcome, FK_OUTCOME_FAILURE);
    cr_assert_slice(ev.user, "mallory");
    cr_assert_eq(dec("Jan  2 03:04:05 h su[99]: FAILED SU (to root) eve on pts/3", &ev, &why),
                 FK_DEC_OK);
    cr_assert_eq(ev.outcome, FK_OUTCOME_FAILURE);
    cr_assert_slice(ev.user, "eve");
    cr_assert_eq(dec("Jan  2 03:04:05 h su[99]: (to root) bob on pts/3", &ev, &why), FK_DEC_OK);
    cr_assert_eq(ev.outcome, FK_OUTCOME_SUCCESS);
    cr_assert_eq(dec("Jan  2 03:04:05 h sshd[5]: pam_unix(sshd:auth): authentication failure; "
                     "logname= uid=0 euid=0 tty=ssh ruser= rhost=198.51.100.3  user=root",
                     &ev, &why),
                 FK_DEC_OK);
    cr_assert_eq(ev.outcome, FK_OUTCOME_FAILURE);
    cr_assert_slice(ev.user, "root");
    char b[FK_IP_STRLEN];
    cr_assert_str_eq(fk_test_ip(&ev.src_ip, b), "198.51.100.3");
}

Test(syslog, ordinary_message_is_not_auth)
{
    fk_event ev;
    const char *why;
    cr_assert_eq(
        dec("Jan  2 03:04:05 h CRON[1]: (root) CMD (run-parts /etc/cron.hourly)", &ev, &why),
        FK_DEC_OK);
    cr_assert_eq(ev.kind, FK_KIND_GENERIC);
    cr_assert_slice(ev.message, "(root) CMD (run-parts /etc/cron.hourly)");
}

Test(syslog, rfc5424_with_structured_data_and_escapes)
{
    fk_event ev;
    const char *why;
    const char *line = "<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 "
                       "[exampleSDID@32473 iut=\"3\" eventSource=\"Appli\\\"cation\" "
                       "eventID=\"1011\"][meta x=\"a\\]b\"] \xEF\xBB\xBF"
                       "An application event";
    cr_assert_eq(dec(line, &ev, &why), FK_DEC_OK, "%s", why);
    cr_assert_slice(ev.host, "mymachine.example.com");
    cr_assert_slice(ev.program, "evntslog");
    cr_assert_str_eq(fk_test_extra(&ev, "msgid"), "ID47");
    cr_assert_str_eq(fk_test_extra(&ev, "sd.exampleSDID@32473.eventSource"), "Appli\"cation");
    cr_assert_str_eq(fk_test_extra(&ev, "sd.meta.x"), "a]b");
    cr_assert_slice(ev.message, "An application event");
    cr_assert_eq(ev.time_ms, fk_time_from_civil(2003, 10, 11, 22, 14, 15) * 1000 + 3);
}

Test(syslog, rfc5424_nil_values_and_sshd)
{
    fk_event ev;
    const char *why;
    cr_assert_eq(dec("<86>1 2024-01-01T00:00:00Z h sshd 77 - - Invalid user oracle from 192.0.2.66 "
                     "port 4444",
                     &ev, &why),
                 FK_DEC_OK, "%s", why);
    cr_assert_eq(ev.outcome, FK_OUTCOME_FAILURE);
    cr_assert_slice(ev.user, "oracle");
}

Test(syslog, malformed_lines_say_why)
{
    fk_event ev;
    const char *why;
    cr_assert_eq(dec("<999>Jan  2 03:04:05 h x: y", &ev, &why), FK_DEC_BAD);
    cr_assert_not_null(strstr(why, "PRI"));
    cr_assert_eq(dec("hello world, no timestamp", &ev, &why), FK_DEC_BAD);
    cr_assert_not_null(strstr(why, "timestamp"));
    cr_assert_eq(dec("<13>1 2024-01-01T00:00:00Z h app", &ev, &why), FK_DEC_BAD);
    cr_assert_eq(dec("<13>1 2024-01-01T00:00:00Z h app - - [bad", &ev, &why), FK_DEC_BAD);
    cr_assert_not_null(strstr(why, "structured data"));
}

Test(syslog, ufw_and_iptables_firewall_lines)
{
    fk_event ev;
    const char *why;
    cr_assert_eq(dec("Jan  2 03:04:05 gw kernel: [UFW BLOCK] IN=eth0 OUT= MAC=00:11 "
                     "SRC=203.0.113.9 DST=192.0.2.1 LEN=60 "
                     "TOS=0x00 PROTO=TCP SPT=51515 DPT=22 WINDOW=64240 SYN URGP=0",
                     &ev, &why),
                 FK_DEC_OK);
    cr_assert_eq(ev.kind, FK_KIND_NETWORK);
    char b[FK_IP_STRLEN];
    cr_assert_str_eq(fk_test_ip(&ev.src_ip, b), "203.0.113.9");
    cr_assert_str_eq(fk_test_ip(&ev.dst_ip, b), "192.0.2.1");
    cr_assert_eq(ev.src_port, 51515);
    cr_assert_eq(ev.dst_port, 22);
    cr_assert_str_eq(fk_test_extra(&ev, "protocol"), "TCP");
    cr_assert_str_eq(fk_test_extra(&ev, "action"), "BLOCK");
    cr_assert_eq(dec("Jan  2 03:04:05 gw kernel: DROP-IN: IN=eth1 OUT= SRC=2001:db8::9 "
                     "DST=2001:db8::1 PROTO=UDP SPT=53 DPT=5353",
                     &ev, &why),
                 FK_DEC_OK);
    cr_assert_eq(ev.src_ip.family, 6);
    cr_assert_str_eq(fk_test_extra(&ev, "action"), "DROP-IN");
    cr_assert_eq(dec("Jan  2 03:04:05 gw app: SRC=nonsense DST=x", &ev, &why), FK_DEC_OK);
    cr_assert_eq(ev.kind, FK_KIND_GENERIC);
}
