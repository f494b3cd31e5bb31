#include "linereader.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

static char *write_temp(const char *data, size_t n, bool gzip)
{
    char *path = strdup("/tmp/fk-linereader-XXXXXX");
    int fd = mkstemp(path);
    cr_assert_geq(fd, 0);
    if (gzip) {
        gzFile gz = gzdopen(fd, "wb");
        cr_assert_eq(gzwrite(gz, data, (unsigned)n), (int)n);
        gzclose(gz);
    } else {
        cr_assert_eq(write(fd, data, n), (ssize_t)n);
        close(fd);
    }
    return path;
}

static void expect_lines(const char *path, const char *const *want, size_t count)
{
    fk_linereader r;
    fk_err err;
    cr_assert_eq(fk_linereader_open(&r, path, &err), 0, "%s", err.msg);
    const char *line;
    size_t n;
    bool cut;
    for (size_t i = 0; i < count; i++) {
        cr_assert_eq(fk_linereader_next(&r, &line, &n, &cut, &err), 1, "line %zu", i + 1);
        cr_assert_eq(n, strlen(want[i]), "line %zu: length %zu", i + 1, n);
        cr_assert(memcmp(line, want[i], n) == 0, "line %zu", i + 1);
        cr_assert_eq(r.lineno, i + 1);
    }
    cr_assert_eq(fk_linereader_next(&r, &line, &n, &cut, &err), 0);
    fk_linereader_close(&r);
}

Test(linereader, crlf_and_missing_final_newline)
{
    const char data[] = "first\r\nsecond\n\nlast";
    char *p = write_temp(data, sizeof data - 1, false);
    const char *want[] = {"first", "second", "", "last"};
    expect_lines(p, want, 4);
    unlink(p);
    free(p);
}

Test(linereader, gzip_is_read_transparently)
{
    const char data[] = "a b c\r\nline two\n";
    char *p = write_temp(data, sizeof data - 1, true);
    const char *want[] = {"a b c", "line two"};
    expect_lines(p, want, 2);
    unlink(p);
    free(p);
}

Test(linereader, truncated_gzip_is_an_error_not_silence)
{
    char big[20000];
    for (size_t i = 0; i < sizeof big; i++)
        big[i] = (char)("abcdefghij\n"[i % 11] ^ (i % 7 == 0 ? 0 : 0));
    char *p = write_temp(big, sizeof big, true);
    FILE *f = fopen(p, "r+");
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fclose(f);
    cr_assert_eq(truncate(p, size / 2), 0);
    fk_linereader r;
    fk_err err;
    cr_assert_eq(fk_linereader_open(&r, p, &err), 0);
    const char *line;
    size_t n;
    bool cut;
    int rc;
    while ((rc = fk_linereader_next(&r, &line, &n, &cut, &err)) == 1)
        ;
    cr_assert_eq(rc, -1, "a cut gzip stream must be reported");
    cr_assert_not_null(strstr(err.msg, p));
    fk_linereader_close(&r);
    unlink(p);
    free(p);
}

Test(linereader, overlong_line_is_cut_and_flagged)
{
    size_t big = 1024 * 1024 + 500;
    char *data = malloc(big + 10);
    memset(data, 'x', big);
    memcpy(data + big, "\nnext\n", 6);
    char *p = write_temp(data, big + 6, false);
    fk_linereader r;
    fk_err err;
    cr_assert_eq(fk_linereader_open(&r, p, &err), 0);
    const char *line;
    size_t n;
    bool cut;
    cr_assert_eq(fk_linereader_next(&r, &line, &n, &cut, &err), 1);
    cr_assert(cut);
    cr_assert_eq(n, 1024 * 1024);
    cr_assert_eq(fk_linereader_next(&r, &line, &n, &cut, &err), 1);
    cr_assert_not(cut);
    cr_assert_eq(n, 4);
    cr_assert(memcmp(line, "next", 4) == 0);
    cr_assert_eq(r.lineno, 2);
    fk_linereader_close(&r);
    unlink(p);
    free(p);
    free(data);
}

Test(linereader, missing_file_and_directory_are_named)
{
    fk_linereader r;
    fk_err err;
    cr_assert_eq(fk_linereader_open(&r, "/nonexistent/x.log", &err), -1);
    cr_assert_not_null(strstr(err.msg, "/nonexistent/x.log"));
    cr_assert_eq(fk_linereader_open(&r, "/tmp", &err), -1);
    cr_assert_not_null(strstr(err.msg, "directory"));
}
