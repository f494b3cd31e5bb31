#include "decoder.h"

#include <criterion/criterion.h>
#include <string.h>

static fk_format sniff(const char *const *lines, size_t n)
{
    size_t lens[16];
    for (size_t i = 0; i < n; i++)
        lens[i] = strlen(lines[i]);
    return fk_format_sniff(lines, lens, n, 2024);
}

Test(decoder, sniffs_each_format)
{
    const char *combined[] = {
        "1.2.3.4 - - [01/Jan/2024:00:00:00 +0000] \"GET / HTTP/1.1\" 200 1 \"-\" \"ua\""};
    const char *common[] = {"1.2.3.4 - - [01/Jan/2024:00:00:00 +0000] \"GET / HTTP/1.1\" 200 1"};
    const char *w3c[] = {"#Software: Microsoft IIS",
                         "#Fields: date time c-ip cs-method cs-uri-stem sc-status",
                         "2024-01-01 00:00:00 1.2.3.4 GET / 200"};
    const char *syslog[] = {
        "Jan  1 00:00:00 h sshd[1]: Failed password for root from 1.2.3.4 port 1 ssh2",
        "<13>1 2024-01-01T00:00:00Z h app - - - msg"};
    const char *json[] = {"{", "\"a\": 1", "}", "{\"b\": 2}"};
    cr_assert_eq(sniff(combined, 1), FK_FMT_COMBINED);
    cr_assert_eq(sniff(common, 1), FK_FMT_COMMON);
    cr_assert_eq(sniff(w3c, 3), FK_FMT_W3C);
    cr_assert_eq(sniff(syslog, 2), FK_FMT_SYSLOG);
    cr_assert_eq(sniff(json, 4), FK_FMT_JSON);
    const char *audit[] = {
        "type=SYSCALL msg=audit(1700000000.123:42): syscall=59 success=yes comm=\"ls\"",
        "type=EXECVE msg=audit(1700000000.123:42): argc=1 a0=\"ls\""};
    cr_assert_eq(sniff(audit, 2), FK_FMT_AUDITD);
    const char *junk[] = {"hello", "world"};
    cr_assert_eq(sniff(junk, 2), FK_FMT_AUTO);
}

Test(decoder, format_names_round_trip)
{
    fk_format f;
    cr_assert(fk_format_parse("iis", &f));
    cr_assert_eq(f, FK_FMT_W3C);
    cr_assert(fk_format_parse("json", &f));
    cr_assert_str_eq(fk_format_name(f), "json");
    cr_assert_not(fk_format_parse("xml", &f));
}

/* A Windows event pretty-printed over more lines than the sniffer reads (the SigmaHQ
 * regression samples are) is JSON, not an unknown format. */
Test(decoder, sniffs_a_pretty_printed_object_longer_than_the_sample)
{
    const char *lines[16] = {"{", "  \"Event\": {", "    \"System\": {"};
    for (size_t i = 3; i < 16; i++)
        lines[i] = "      \"EventID\": 11,";
    cr_assert_eq(sniff(lines, 16), FK_FMT_JSON);
    const char *not_json[] = {"{ this is", "plain text"};
    cr_assert_eq(sniff(not_json, 2), FK_FMT_AUTO);
}
