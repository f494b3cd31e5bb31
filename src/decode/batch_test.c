#include "batch.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

typedef struct {
    char seen[2048];
    int events;
} tally;

static int on_event(void *ctx, fk_event *ev)
{
    tally *t = ctx;
    char line[256];
    snprintf(line, sizeof line, "%llu:%s:%.*s;", (unsigned long long)ev->line,
             ev->format ? ev->format : "?", (int)(ev->path.n ? ev->path.n : ev->user.n),
             ev->path.n ? ev->path.p : ev->user.p);
    strncat(t->seen, line, sizeof t->seen - strlen(t->seen) - 1);
    t->events++;
    return 0;
}

static int on_bad(void *ctx, uint64_t line, const char *why)
{
    tally *t = ctx;
    char s[256];
    snprintf(s, sizeof s, "%llu:BAD(%s);", (unsigned long long)line, why);
    strncat(t->seen, s, sizeof t->seen - strlen(t->seen) - 1);
    return 0;
}

static int decode(const char *body, const char *format, tally *t, fk_batch_counts *c, fk_err *err)
{
    memset(t, 0, sizeof *t);
    fk_batch_sink sink = {on_event, on_bad, t};
    return fk_batch_decode(body, strlen(body), format, "b", 2026, &sink, c, err);
}

/* What Fluent Bit ({"log"}), Vector ({"message"}), rsyslog ({"msg"}), a JSON string and a
 * plain line carry is the same raw line, decoded in the sniffed format. */
Test(batch, wrapped_lines_from_every_shipper_are_raw_lines)
{
    const char body[] =
        "{\"log\":\"1.2.3.4 - - [30/Nov/2026:10:00:00 +0000] \\\"GET /a HTTP/1.1\\\" 200 5 "
        "\\\"-\\\" "
        "\\\"x\\\"\\n\"}\n"
        "{\"message\":\"1.2.3.4 - - [30/Nov/2026:10:00:01 +0000] \\\"GET /b HTTP/1.1\\\" 200 5 "
        "\\\"-\\\" \\\"x\\\"\",\"host\":\"web01\"}\n"
        "{\"msg\":\"1.2.3.4 - - [30/Nov/2026:10:00:02 +0000] \\\"GET /c HTTP/1.1\\\" 200 5 "
        "\\\"-\\\" "
        "\\\"x\\\"\"}\n"
        "\"1.2.3.4 - - [30/Nov/2026:10:00:03 +0000] \\\"GET /d HTTP/1.1\\\" 200 5 \\\"-\\\" "
        "\\\"x\\\"\"\n"
        "1.2.3.4 - - [30/Nov/2026:10:00:04 +0000] \"GET /e HTTP/1.1\" 200 5 \"-\" \"x\"\r\n";
    tally t;
    fk_batch_counts c;
    fk_err err;
    cr_assert_eq(decode(body, NULL, &t, &c, &err), 0, "%s", err.msg);
    cr_assert_str_eq(t.seen,
                     "1:combined:/a;2:combined:/b;3:combined:/c;4:combined:/d;5:combined:/e;");
    cr_assert_str_eq(c.format, "combined");
    cr_assert_eq(c.lines, 5);
    cr_assert_gt(c.newest_ms, 0);
}

Test(batch, json_events_and_malformed_lines_keep_their_numbers)
{
    const char body[] = "{\"EventID\":4625,\"TargetUserName\":\"root\",\"IpAddress\":\"1.2.3.4\"}\n"
                        "\n"
                        "{\"broken\": \n"
                        "[1,2]\n"
                        "{\"EventID\":4624,\"TargetUserName\":\"alice\"}\n";
    tally t;
    fk_batch_counts c;
    fk_err err;
    cr_assert_eq(decode(body, "auto", &t, &c, &err), 0, "%s", err.msg);
    cr_assert_eq(c.lines, 4, "the empty line is not a line of the batch");
    cr_assert_eq(c.events, 2);
    cr_assert_eq(c.malformed, 2);
    cr_assert_not_null(strstr(t.seen, "3:BAD("), "%s", t.seen);
    cr_assert_not_null(strstr(t.seen, "4:BAD(no known log format fits"), "a plain line: %s",
                       t.seen);
    cr_assert_not_null(strstr(t.seen, "5:json"), "%s", t.seen);
}

Test(batch, declared_formats_and_refusals)
{
    tally t;
    fk_batch_counts c;
    fk_err err;
    /* declared json: an object with a "message" is an event, not a wrapped line */
    cr_assert_eq(decode("{\"message\":\"hello\",\"user\":\"bob\"}\n", "json", &t, &c, &err), 0,
                 "%s", err.msg);
    cr_assert_eq(c.events, 1);
    cr_assert_eq(decode("x\n", "cobol", &t, &c, &err), -1);
    cr_assert_not_null(strstr(err.msg, "'cobol'"), "%s", err.msg);
    cr_assert_eq(decode("no format fits this\nnor this\n", NULL, &t, &c, &err), 0);
    cr_assert_eq(c.malformed, 2, "each line said so: %s", t.seen);
    cr_assert_str_eq(c.format, "unknown");
    /* a syslog batch declared as such */
    cr_assert_eq(decode("<34>Nov 30 10:00:00 host sshd[1]: Failed password for root from "
                        "1.2.3.4 port 22 ssh2\n",
                        "syslog", &t, &c, &err),
                 0, "%s", err.msg);
    cr_assert_eq(c.events, 1, "%s", t.seen);
}
