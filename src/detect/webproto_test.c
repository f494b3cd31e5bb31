#include "webproto.h"

#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

/* The reader on one field; returns the finding's reason or NULL. */
static const char *read_field(const char *v, fk_webproto_field f)
{
    static char buf[8192];
    fk_webproto_finding out = {0};
    size_t n = strlen(v);
    cr_assert_lt(n, sizeof buf);
    return fk_webproto_read(v, n, f, buf, sizeof buf, &out) ? out.why : NULL;
}

Test(webproto, methods_are_registered_case_sensitive_tokens)
{
    cr_assert_null(read_field("GET", FK_WP_METHOD));
    cr_assert_null(read_field("PROPFIND", FK_WP_METHOD));
    cr_assert_null(read_field("VERSION-CONTROL", FK_WP_METHOD));
    cr_assert_null(read_field("delete", FK_WP_METHOD)); /* as some JSON logs write it */
    cr_assert_not_null(read_field("FOOBAR", FK_WP_METHOD));
    cr_assert_not_null(read_field("GET<", FK_WP_METHOD));
    cr_assert_not_null(read_field("\x16\x03\x01", FK_WP_METHOD)); /* TLS to a plain port */
}

Test(webproto, percent_signs_start_two_hex_digits)
{
    cr_assert_null(read_field("/a%20b/c%2Fd", FK_WP_PATH));
    cr_assert_null(read_field("q=100%25&x=%e6%97%a5", FK_WP_QUERY));
    cr_assert_not_null(read_field("q=100%", FK_WP_QUERY));
    cr_assert_not_null(read_field("q=%zz", FK_WP_QUERY));
    cr_assert_not_null(read_field("/a%2", FK_WP_PATH));
}

Test(webproto, percent_u_only_when_it_hides_ascii_or_a_fullwidth_sign)
{
    /* escape() of Japanese letters and full-width digits: a legacy client, not evasion */
    cr_assert_null(read_field("q=%u65E5%u672C%uFF11", FK_WP_QUERY));
    cr_assert_not_null(read_field("q=%u0027", FK_WP_QUERY));
    cr_assert_not_null(read_field("/%uff0e%uff0e/x", FK_WP_PATH));
}

Test(webproto, control_bytes_and_nul)
{
    cr_assert_not_null(read_field("file=a.php%00.jpg", FK_WP_QUERY));
    cr_assert_not_null(read_field("/x%00/y", FK_WP_PATH));
    cr_assert_not_null(read_field("a=b%07c", FK_WP_QUERY));
    cr_assert_null(read_field("a=col1%09col2", FK_WP_QUERY)); /* a tab is text */
    cr_assert_not_null(read_field("Mozilla/5.0\x01", FK_WP_HEADER));
    cr_assert_null(read_field("Mozilla/5.0 (X11; Linux x86_64)", FK_WP_HEADER));
}

Test(webproto, line_breaks_count_before_a_header_line)
{
    cr_assert_not_null(read_field("lang=en%0d%0aSet-Cookie:%20a=b", FK_WP_QUERY));
    cr_assert_not_null(read_field("next=%0aLocation:%20http://evil.example/", FK_WP_QUERY));
    /* a text area's lines, even one starting with a URL */
    cr_assert_null(read_field("msg=hello%0d%0athanks+a+lot", FK_WP_QUERY));
    cr_assert_null(read_field("msg=see%0ahttps://example.org/", FK_WP_QUERY));
    /* never in a name or a path */
    cr_assert_not_null(read_field("a%0d%0a=1", FK_WP_QUERY));
    cr_assert_not_null(read_field("/x%0ay", FK_WP_PATH));
}

Test(webproto, messages_inside_values)
{
    cr_assert_not_null(read_field("u=POST%20/admin%20HTTP/1.1", FK_WP_QUERY));
    cr_assert_not_null(read_field("u=x%0d%0aHTTP/1.1%20200%20OK", FK_WP_QUERY));
    cr_assert_null(read_field("q=what+is+HTTP/2", FK_WP_QUERY));
    cr_assert_null(read_field("q=get+quote+HTTP/1.1", FK_WP_QUERY)); /* "get": a word */
    cr_assert_not_null(
        read_field("a=%3Cmeta%20HTTP-EQUIV%3Drefresh%20content%3D0%3E", FK_WP_QUERY));
}

Test(webproto, array_names_end_at_their_last_bracket)
{
    cr_assert_null(read_field("filter[name]=x&tags[]=a&a[b][c]=1", FK_WP_QUERY));
    cr_assert_not_null(read_field("a[b]c=1", FK_WP_QUERY));
    cr_assert_not_null(read_field("a[1]b[2]=1", FK_WP_QUERY));
    cr_assert_null(read_field("a[b=1", FK_WP_QUERY)); /* unclosed: a literal name */
}

Test(webproto, overlong_utf8_only_in_ascii_text)
{
    cr_assert_not_null(read_field("/x/%c0%ae%c0%ae/etc", FK_WP_PATH));
    cr_assert_not_null(read_field("f=%e0%80%af", FK_WP_QUERY));
    /* EUC-JP text makes the same bytes by chance among its other high bytes */
    cr_assert_null(read_field("q=%c0%ae%b8%a1%ba%f7", FK_WP_QUERY));
}

Test(webproto, more_parameters_than_servers_accept)
{
    size_t cap = 1100 * 8;
    char *q = malloc(cap), *p = q;
    for (int i = 0; i < 1001; i++)
        p += sprintf(p, "%sp%d=1", i ? "&" : "", i);
    cr_assert_not_null(read_field(q, FK_WP_QUERY));
    q[strlen(q) - strlen("&p1000=1")] = '\0';
    cr_assert_null(read_field(q, FK_WP_QUERY));
    free(q);
}

Test(webproto, a_small_buffer_is_no_finding_and_no_overrun)
{
    char buf[4];
    fk_webproto_finding out;
    cr_assert_not(fk_webproto_read("a=%00", 5, FK_WP_QUERY, buf, sizeof buf, &out));
}

Test(webproto, a_short_percent_u_is_left_as_iis_leaves_it)
{
    cr_assert_null(read_field("test=%u0F", FK_WP_QUERY));
    cr_assert_not_null(read_field("test=%0", FK_WP_QUERY));
}

Test(webproto, versions_http_has)
{
    cr_assert_null(read_field("HTTP/1.1", FK_WP_VERSION));
    cr_assert_null(read_field("HTTP/2.0", FK_WP_VERSION));
    cr_assert_null(read_field("https", FK_WP_VERSION)); /* another log's "protocol" */
    cr_assert_not_null(read_field("HTTP/1.2", FK_WP_VERSION));
    cr_assert_not_null(read_field("HTTP/11.1", FK_WP_VERSION));
}

/* A line break escaped twice reaches an application that decodes again as a line
 * break; then a header line is header injection (PayloadsAllTheThings' CRLF list). */
Test(webproto, a_line_break_encoded_twice_before_a_header_line)
{
    cr_assert_not_null(read_field("/%250aSet-Cookie:crlf=injection", FK_WP_PATH));
    cr_assert_not_null(read_field("/%25%30%61Set-Cookie:x=1", FK_WP_PATH));
    cr_assert_not_null(read_field("next=/%25250d%25250aLocation:x", FK_WP_QUERY));
    /* a nested URL's own escaped line break in its text, and a colon without a name */
    cr_assert_null(read_field("next=%2Fa%3Fmsg%3Dhi%250Athere", FK_WP_QUERY));
    cr_assert_null(read_field("next=%2Fa%3Fmsg%3Dhi%250A%3A)", FK_WP_QUERY));
}
