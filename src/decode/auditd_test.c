#include "../../tests/testutil.h"
#include "auditd.h"

TestSuite(auditd, .init = fk_test_setup, .fini = fk_test_teardown);

static fk_dec_status dec(const char *line, fk_event *ev, const char **why)
{
    return fk_test_decode(FK_FMT_AUDITD, NULL, line, ev, &arena, why);
}

Test(auditd, syscall_record_fields_time_and_typed_fields)
{
    fk_event ev;
    const char *why;
    cr_assert_eq(dec("type=SYSCALL msg=audit(1700000000.123:4242): arch=c000003e syscall=59 "
                     "success=yes exit=0 a0=55d1c2a0 a1=55d1c2b0 ppid=1000 pid=1234 auid=1000 "
                     "uid=0 tty=pts0 comm=\"chattr\" exe=\"/usr/bin/chattr\" key=\"perm_mod\"",
                     &ev, &why),
                 FK_DEC_OK, "%s", why);
    cr_assert(ev.has_time);
    cr_assert_eq(ev.time_ms, 1700000000123LL);
    cr_assert_str_eq(fk_test_extra(&ev, "type"), "SYSCALL");
    cr_assert_str_eq(fk_test_extra(&ev, "serial"), "4242");
    cr_assert_str_eq(fk_test_extra(&ev, "syscall"), "59");
    cr_assert_str_eq(fk_test_extra(&ev, "key"), "perm_mod");
    /* SYSCALL's a0 is a number in hex, not text */
    cr_assert_str_eq(fk_test_extra(&ev, "a0"), "55d1c2a0");
    cr_assert_slice(ev.image, "/usr/bin/chattr");
    cr_assert_str_eq(fk_test_extra(&ev, "comm"), "chattr");
    cr_assert_slice(ev.user, "1000");
    cr_assert_slice(ev.program, "auditd");
    cr_assert_str_eq(ev.format, "auditd");
}

Test(auditd, execve_arguments_hex_decoded_and_joined)
{
    fk_event ev;
    const char *why;
    cr_assert_eq(dec("type=EXECVE msg=audit(1700000001.5:4243): argc=3 a0=\"bash\" a1=\"-c\" "
                     "a2=6563686F2068656C6C6F20776F726C64",
                     &ev, &why),
                 FK_DEC_OK, "%s", why);
    cr_assert_eq(ev.time_ms, 1700000001500LL);
    cr_assert_str_eq(fk_test_extra(&ev, "a2"), "echo hello world");
    cr_assert_slice(ev.command_line, "bash -c echo hello world");
    cr_assert_eq(ev.kind, FK_KIND_PROCESS);
}

Test(auditd, proctitle_nul_separated_and_path_name)
{
    fk_event ev;
    const char *why;
    cr_assert_eq(dec("type=PROCTITLE msg=audit(1700000001.500:4243): "
                     "proctitle=62617368002D630065636F2068656C6C6F00",
                     &ev, &why),
                 FK_DEC_OK, "%s", why);
    cr_assert_str_eq(fk_test_extra(&ev, "proctitle"), "bash -c eco hello");
    cr_assert_eq(dec("type=PATH msg=audit(1700000001.500:4243): item=0 name=2F746D702F6120622E7368 "
                     "inode=1234 nametype=CREATE",
                     &ev, &why),
                 FK_DEC_OK, "%s", why);
    cr_assert_str_eq(fk_test_extra(&ev, "name"), "/tmp/a b.sh");
    /* a quoted value is never read as hex, even when it looks like hex */
    cr_assert_eq(dec("type=PATH msg=audit(1.0:1): name=\"cafe\"", &ev, &why), FK_DEC_OK, "%s", why);
    cr_assert_str_eq(fk_test_extra(&ev, "name"), "cafe");
}

Test(auditd, user_record_with_node_nested_msg_and_enriched_fields)
{
    fk_event ev;
    const char *why;
    cr_assert_eq(dec("node=web01 type=USER_LOGIN msg=audit(1700000002.000:4244): pid=999 uid=0 "
                     "auid=4294967295 ses=4294967295 msg='op=login acct=\"root\" "
                     "exe=\"/usr/sbin/sshd\" hostname=? addr=203.0.113.5 terminal=sshd "
                     "res=failed'\x1dUID=\"root\" AUID=\"unset\"",
                     &ev, &why),
                 FK_DEC_OK, "%s", why);
    cr_assert_slice(ev.host, "web01");
    cr_assert_str_eq(fk_test_extra(&ev, "node"), "web01");
    cr_assert_str_eq(fk_test_extra(&ev, "op"), "login");
    cr_assert_str_eq(fk_test_extra(&ev, "acct"), "root");
    cr_assert_str_eq(fk_test_extra(&ev, "res"), "failed");
    cr_assert_str_eq(fk_test_extra(&ev, "UID"), "root");
    cr_assert_str_eq(fk_test_extra(&ev, "AUID"), "unset");
    cr_assert_eq(ev.kind, FK_KIND_AUTH);
    cr_assert_eq(ev.outcome, FK_OUTCOME_FAILURE);
    cr_assert_slice(ev.user, "root");
    char b[FK_IP_STRLEN];
    cr_assert_str_eq(fk_test_ip(&ev.src_ip, b), "203.0.113.5");
}

Test(auditd, syslog_header_from_audisp)
{
    fk_event ev;
    const char *why;
    cr_assert_eq(dec("Nov 22 10:00:00 host audispd: type=EXECVE msg=audit(1700000000.000:7): "
                     "argc=2 a0=\"id\" a1=\"-u\"",
                     &ev, &why),
                 FK_DEC_OK, "%s", why);
    cr_assert_slice(ev.command_line, "id -u");
}

Test(auditd, malformed_records_say_what_was_expected)
{
    fk_event ev;
    const char *why = NULL;
    cr_assert_eq(dec("hello world", &ev, &why), FK_DEC_BAD);
    cr_assert_not_null(strstr(why, "type=NAME msg=audit("), "%s", why);
    cr_assert_eq(dec("type=SYSCALL msg=audit(abc:1): x=1", &ev, &why), FK_DEC_BAD);
    cr_assert_not_null(strstr(why, "seconds"), "%s", why);
    cr_assert_eq(dec("type=SYSCALL msg=audit(1700000000.000", &ev, &why), FK_DEC_BAD);
    cr_assert_eq(dec("   ", &ev, &why), FK_DEC_SKIP);
}

Test(auditd, execve_carries_its_syscall_process_fields)
{
    fk_err e;
    fk_decoder *d = fk_decoder_new(FK_FMT_AUDITD, NULL, 2024, &e);
    cr_assert(d);
    static const char *lines[] = {
        ("type=SYSCALL msg=audit(1700000000.123:77): syscall=59 success=yes ppid=900 pid=901 "
         "auid=1000 uid=0 comm=\"curl\" exe=\"/usr/bin/curl\""),
        "type=EXECVE msg=audit(1700000000.123:77): argc=2 a0=\"curl\" a1=\"http://x/a.sh\"",
        /* another serial: nothing is carried */
        "type=EXECVE msg=audit(1700000001.000:78): argc=1 a0=\"id\"",
    };
    fk_event ev[3];
    for (int i = 0; i < 3; i++) {
        const char *why;
        fk_event_clear(&ev[i]);
        cr_assert_eq(fk_decoder_decode(d, lines[i], strlen(lines[i]), &ev[i], &arena, &why),
                     FK_DEC_OK, "%s", why);
    }
    cr_assert_str_eq(fk_test_extra(&ev[1], "exe"), "/usr/bin/curl");
    cr_assert_str_eq(fk_test_extra(&ev[1], "ppid"), "900");
    cr_assert_str_eq(fk_test_extra(&ev[1], "pid"), "901");
    cr_assert_slice(ev[1].image, "/usr/bin/curl");
    cr_assert_slice(ev[1].command_line, "curl http://x/a.sh");
    cr_assert_null(fk_test_extra(&ev[2], "exe"));
    cr_assert_eq(ev[2].image.n, 0);
    fk_decoder_free(d);
}

/* Found by fuzz_auditd under UBSan: seconds that overflow are refused, not wrapped. */
Test(auditd, a_stamp_too_long_to_be_a_time_is_malformed)
{
    fk_event ev;
    const char *why;
    cr_assert_eq(fk_test_decode(FK_FMT_AUDITD, NULL,
                                "type=PROCTITLE msg=audit(17000000000000001.500:4243): "
                                "proctitle=6C73",
                                &ev, &arena, &why),
                 FK_DEC_BAD);
    cr_assert(strstr(why, "seconds"), "%s", why);
}
