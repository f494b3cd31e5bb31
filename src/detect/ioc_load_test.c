#include "ioc_load.h"

#include <criterion/criterion.h>
#include <string.h>

static int load(fk_ioc_set *s, const char *name, const char *data, const char *column,
                fk_ioc_load_stats *st, fk_err *err)
{
    return fk_ioc_load_buffer(s, name, data, strlen(data), FK_IOC_FILE_AUTO, column, st, err);
}

Test(ioc_load, plain_list_with_comments_labels_and_crlf)
{
    fk_ioc_set *s = fk_ioc_set_new();
    fk_ioc_load_stats st;
    fk_err err;
    const char *data = "\xEF\xBB\xBF# header comment\r\n\r\n192.0.2.1   # C2 node\r\n  "
                       "evil[.]example\nhttp://x.example/a#frag\n";
    cr_assert_eq(load(s, "list.txt", data, NULL, &st, &err), 0, "%s", err.msg);
    cr_assert_eq(st.loaded, 3);
    cr_assert_eq(fk_ioc_count_type(s, FK_IOC_URL), 1, "a '#' inside a URL is not a comment");
    fk_ioc_set_free(s);
}

Test(ioc_load, bad_line_names_file_and_line)
{
    fk_ioc_set *s = fk_ioc_set_new();
    fk_err err;
    cr_assert_eq(load(s, "list.txt", "192.0.2.1\n\nnot valid here\n", NULL, NULL, &err), -1);
    cr_assert_not_null(strstr(err.msg, "list.txt:3:"), "%s", err.msg);
    fk_ioc_set_free(s);
}

Test(ioc_load, csv_header_names_value_id_and_label)
{
    fk_ioc_set *s = fk_ioc_set_new();
    fk_ioc_load_stats st;
    fk_err err;
    const char *data = "id,indicator,description\n"
                       "1,192.0.2.1,\"scanner, aggressive\"\n"
                       "2,\"evil.example\",\"phish \"\"kit\"\"\"\n";
    cr_assert_eq(load(s, "feed.csv", data, NULL, &st, &err), 0, "%s", err.msg);
    cr_assert_eq(st.loaded, 2);
    fk_ioc_set_free(s);

    s = fk_ioc_set_new();
    cr_assert_eq(load(s, "feed.csv", "a;b\n", "3", &st, &err), -1);
    cr_assert_not_null(strstr(err.msg, "feed.csv:1"), "%s", err.msg);
    fk_ioc_set_free(s);
}

Test(ioc_load, csv_column_by_number_and_name)
{
    fk_ioc_set *s = fk_ioc_set_new();
    fk_ioc_load_stats st;
    fk_err err;
    cr_assert_eq(load(s, "x.csv", "first,192.0.2.1\nsecond,192.0.2.2\n", "2", &st, &err), 0, "%s",
                 err.msg);
    cr_assert_eq(st.loaded, 2, "no header: the first row is data");
    cr_assert_eq(load(s, "y.csv", "name,addr\nfoo,192.0.2.3\nbar,bad value\n", "addr", &st, &err),
                 -1);
    cr_assert_not_null(strstr(err.msg, "y.csv:3: column 2"), "%s", err.msg);
    cr_assert_eq(load(s, "z.csv", "name,addr\n", "nope", &st, &err), -1);
    cr_assert_not_null(strstr(err.msg, "no column named"), "%s", err.msg);
    cr_assert_eq(load(s, "q.csv", "\"unterminated,192.0.2.1\n", "2", &st, &err), -1);
    fk_ioc_set_free(s);
}

Test(ioc_load, stix_bundle_loads_supported_and_skips_the_rest)
{
    fk_ioc_set *s = fk_ioc_set_new();
    fk_ioc_load_stats st;
    fk_err err;
    const char *bundle =
        "{\"type\":\"bundle\",\"id\":\"bundle--1\",\"objects\":["
        "{\"type\":\"identity\",\"id\":\"identity--1\",\"name\":\"x\"},"
        "{\"type\":\"indicator\",\"id\":\"indicator--a\",\"name\":\"C2\",\"pattern_type\":\"stix\","
        "\"pattern\":\"[ipv4-addr:value = '192.0.2.1'] OR [domain-name:value = 'c2.example']\"},"
        "{\"type\":\"indicator\",\"id\":\"indicator--b\",\"pattern_type\":\"stix\","
        "\"pattern\":\"[ipv4-addr:value = '192.0.2.9'] FOLLOWEDBY [ipv4-addr:value = "
        "'192.0.2.10']\"},"
        "{\"type\":\"indicator\",\"id\":\"indicator--c\",\"pattern_type\":\"sigma\",\"pattern\":"
        "\"title: x\"},"
        "{\"type\":\"indicator\",\"id\":\"indicator--d\",\"revoked\":true,\"pattern\":\"[ipv4-addr:"
        "value = '192.0.2.99']\"}]}";
    cr_assert_eq(load(s, "b.json", bundle, NULL, &st, &err), 0, "%s", err.msg);
    cr_assert_eq(st.loaded, 2);
    cr_assert_eq(st.skipped, 3);
    cr_assert_not_null(strstr(st.first_skip, "indicator--b"));
    fk_ioc_set_free(s);
}

Test(ioc_load, stix_errors_name_the_object)
{
    fk_ioc_set *s = fk_ioc_set_new();
    fk_err err;
    cr_assert_eq(
        load(s, "b.json",
             "{\"type\":\"bundle\",\"objects\":[{\"type\":\"indicator\",\"id\":\"indicator--z\","
             "\"pattern\":\"[ipv4-addr:value = \"}]}",
             NULL, NULL, &err),
        -1);
    cr_assert_not_null(strstr(err.msg, "objects[0] (indicator--z)"), "%s", err.msg);
    cr_assert_eq(load(s, "b.json", "{\"type\":\"bundle\",\n\"objects\":[}", NULL, NULL, &err), -1);
    cr_assert_not_null(strstr(err.msg, "b.json:2"), "%s", err.msg);
    cr_assert_eq(load(s, "b.json",
                      "{\"objects\":[{\"type\":\"indicator\",\"id\":\"indicator--y\",\"pattern\":"
                      "\"[ipv4-addr:value = 'x']\"}]}",
                      NULL, NULL, &err),
                 -1);
    cr_assert_not_null(strstr(err.msg, "expected an IP address"), "%s", err.msg);
    fk_ioc_set_free(s);
}
