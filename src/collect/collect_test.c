#include "spool.h"

#include <criterion/criterion.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[64];

static void setup(void)
{
    strcpy(dir, "/tmp/fk-collect-XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
}

static void teardown(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    cr_assert_eq(system(cmd), 0);
}

TestSuite(spool, .init = setup, .fini = teardown);

static fk_spool *open_spool(uint64_t max, uint64_t seg, fk_spool_when_full full)
{
    fk_spool_opts o = {.dir = dir,
                       .max_bytes = max,
                       .segment_bytes = seg,
                       .when_full = full,
                       .fsync = FK_SPOOL_FSYNC_NEVER};
    fk_spool *s;
    fk_err err;
    cr_assert_eq(fk_spool_open(&s, &o, &err), 0, "%s", err.msg);
    return s;
}

/* Record i: "meta-i" and i lines of "line i". */
static int put(fk_spool *s, int i, uint64_t *seq)
{
    char meta[32], data[4096] = "";
    snprintf(meta, sizeof meta, "meta-%d", i);
    size_t n = 0;
    for (int k = 0; k < i % 50 + 1; k++)
        n += (size_t)snprintf(data + n, sizeof data - n, "line %d\n", i);
    fk_err err;
    return fk_spool_append(s, 1, (uint32_t)(i % 50 + 1), 1000 + i, meta, strlen(meta), data, n, seq,
                           &err);
}

/* The meta of the next record as a number (-1 when none). */
static int next_id(fk_spool *s, uint64_t *seq)
{
    fk_spool_record r;
    fk_err err;
    int rc = fk_spool_next(s, &r, &err);
    cr_assert_geq(rc, 0, "%s", err.msg);
    if (rc == 0)
        return -1;
    char meta[32];
    cr_assert_lt(r.meta_len, sizeof meta);
    memcpy(meta, r.meta, r.meta_len);
    meta[r.meta_len] = '\0';
    int id = -1;
    cr_assert_eq(sscanf(meta, "meta-%d", &id), 1, "meta '%s'", meta);
    char first[32];
    snprintf(first, sizeof first, "line %d\n", id);
    cr_assert(r.data_len >= strlen(first) && !memcmp(r.data, first, strlen(first)));
    cr_assert_eq(r.lines, (uint32_t)(id % 50 + 1));
    if (seq)
        *seq = r.seq;
    return id;
}

static int segments(void)
{
    DIR *d = opendir(dir);
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        n += !strncmp(e->d_name, "seg-", 4);
    closedir(d);
    return n;
}

Test(spool, records_come_back_in_order_and_survive_a_restart)
{
    fk_spool *s = open_spool(1 << 20, 64 << 10, FK_SPOOL_BLOCK);
    uint64_t seq;
    fk_err err;
    for (int i = 1; i <= 100; i++)
        cr_assert_eq(put(s, i, &seq), 0);
    cr_assert_eq(seq, 100);
    for (int i = 1; i <= 40; i++)
        cr_assert_eq(next_id(s, &seq), i);
    cr_assert_eq(fk_spool_ack(s, seq, 5000, &err), 0, "%s", err.msg);
    /* handed out but not acknowledged: given again after a restart */
    for (int i = 41; i <= 45; i++)
        cr_assert_eq(next_id(s, NULL), i);
    fk_spool_close(s);

    s = open_spool(1 << 20, 64 << 10, FK_SPOOL_BLOCK);
    fk_spool_stats st;
    fk_spool_get_stats(s, &st);
    cr_assert_eq(st.records, 60);
    cr_assert_eq(st.acked_seq, 40);
    cr_assert_eq(st.last_ack_ms, 5000);
    cr_assert_eq(st.oldest_ms, 1000 + 1, "the oldest segment's first record (some delivered)");
    for (int i = 41; i <= 100; i++)
        cr_assert_eq(next_id(s, &seq), i);
    cr_assert_eq(next_id(s, NULL), -1);
    cr_assert_eq(fk_spool_ack(s, seq, 6000, &err), 0, "%s", err.msg);
    cr_assert_leq(segments(), 1, "delivered segments are deleted");
    fk_spool_close(s);

    /* numbers are never reused, even with every segment gone */
    s = open_spool(1 << 20, 64 << 10, FK_SPOOL_BLOCK);
    cr_assert_eq(put(s, 7, &seq), 0);
    cr_assert_eq(seq, 101);
    cr_assert_eq(next_id(s, NULL), 7);
    fk_spool_close(s);
}

Test(spool, a_rewind_hands_out_again_what_was_not_acknowledged)
{
    fk_spool *s = open_spool(1 << 20, 64 << 10, FK_SPOOL_BLOCK);
    uint64_t seq;
    fk_err err;
    for (int i = 1; i <= 10; i++)
        cr_assert_eq(put(s, i, &seq), 0);
    cr_assert_eq(next_id(s, &seq), 1);
    cr_assert_eq(fk_spool_ack(s, seq, 1, &err), 0);
    cr_assert_eq(next_id(s, NULL), 2);
    cr_assert_eq(next_id(s, NULL), 3);
    fk_spool_rewind(s);
    cr_assert_eq(next_id(s, NULL), 2);
    fk_spool_close(s);
}

/* A crash in the middle of a write leaves part of a record at the end of the last
 * segment: it is cut off and appends go on from the last whole record. */
Test(spool, a_torn_record_at_the_end_is_cut_off)
{
    fk_spool *s = open_spool(1 << 20, 1 << 20, FK_SPOOL_BLOCK);
    uint64_t seq;
    for (int i = 1; i <= 3; i++)
        cr_assert_eq(put(s, i, &seq), 0);
    fk_spool_close(s);
    char path[128];
    snprintf(path, sizeof path, "%s/seg-%020d", dir, 1);
    struct stat st;
    cr_assert_eq(stat(path, &st), 0);
    cr_assert_eq(truncate(path, st.st_size - 5), 0);

    s = open_spool(1 << 20, 1 << 20, FK_SPOOL_BLOCK);
    cr_assert_eq(put(s, 4, &seq), 0);
    cr_assert_eq(seq, 4, "the torn record's number is not given twice");
    cr_assert_eq(next_id(s, NULL), 1);
    cr_assert_eq(next_id(s, NULL), 2);
    cr_assert_eq(next_id(s, NULL), 4);
    cr_assert_eq(next_id(s, NULL), -1);
    fk_spool_stats sst;
    fk_spool_get_stats(s, &sst);
    cr_assert_eq(sst.damaged_regions, 0, "a torn end is not damage");
    fk_spool_close(s);
}

/* Flipped bytes in one record: that record is skipped and counted, every other one is
 * delivered, including those after it in the same segment. */
Test(spool, a_damaged_record_is_skipped_and_the_rest_delivered)
{
    fk_spool *s = open_spool(1 << 20, 1 << 20, FK_SPOOL_BLOCK);
    uint64_t seq;
    for (int i = 1; i <= 20; i++)
        cr_assert_eq(put(s, i, &seq), 0);
    fk_spool_close(s);
    char path[128];
    snprintf(path, sizeof path, "%s/seg-%020d", dir, 1);
    /* the records' sizes are known: find record 5's offset by walking the headers */
    int fd = open(path, O_RDWR);
    cr_assert_geq(fd, 0);
    off_t off = 0;
    for (int i = 1; i < 5; i++) {
        unsigned char h[FK_SPOOL_HEADER_BYTES];
        cr_assert_eq(pread(fd, h, sizeof h, off), (ssize_t)sizeof h);
        uint32_t ml = h[28] | h[29] << 8 | h[30] << 16 | (uint32_t)h[31] << 24;
        uint32_t dl = h[32] | h[33] << 8 | h[34] << 16 | (uint32_t)h[35] << 24;
        off += FK_SPOOL_HEADER_BYTES + ml + dl;
    }
    unsigned char junk[3] = {0xde, 0xad, 0xbe};
    cr_assert_eq(pwrite(fd, junk, 3, off + FK_SPOOL_HEADER_BYTES + 2), 3); /* in its body */
    close(fd);

    s = open_spool(1 << 20, 1 << 20, FK_SPOOL_BLOCK);
    for (int i = 1; i <= 20; i++)
        if (i != 5)
            cr_assert_eq(next_id(s, &seq), i);
    cr_assert_eq(next_id(s, NULL), -1);
    fk_spool_stats st;
    fk_spool_get_stats(s, &st);
    cr_assert_eq(st.damaged_regions, 1);
    cr_assert_gt(st.damaged_bytes, 0);
    fk_spool_rewind(s);
    while (next_id(s, NULL) != -1)
        ;
    fk_spool_get_stats(s, &st);
    cr_assert_eq(st.damaged_regions, 1, "counted once, though read twice");
    fk_spool_close(s);
}

Test(spool, full_under_block_refuses_and_counts)
{
    fk_spool *s = open_spool(200 << 10, 64 << 10, FK_SPOOL_BLOCK);
    uint64_t seq;
    int i = 1, rc;
    while ((rc = put(s, i, &seq)) == 0)
        i++;
    fk_spool_stats st;
    fk_spool_get_stats(s, &st);
    cr_assert_leq(st.bytes, 200 << 10);
    cr_assert_eq(st.records, (uint64_t)i - 1);
    cr_assert_eq(st.full_waits, 1);
    cr_assert_eq(st.dropped_records, 0);
    /* delivering makes room */
    fk_err err;
    for (int k = 1; k < i; k++)
        cr_assert_eq(next_id(s, &seq), k);
    cr_assert_eq(fk_spool_ack(s, seq, 1, &err), 0);
    cr_assert_eq(put(s, i, &seq), 0);
    fk_spool_close(s);
}

/* Dropping the oldest: what is missing is exactly what the counters say. */
Test(spool, full_under_drop_oldest_counts_exactly_what_it_drops)
{
    fk_spool *s = open_spool(200 << 10, 64 << 10, FK_SPOOL_DROP_OLDEST);
    uint64_t seq, lines_in = 0;
    for (int i = 1; i <= 3000; i++) {
        cr_assert_eq(put(s, i, &seq), 0);
        lines_in += (uint64_t)(i % 50 + 1);
    }
    fk_spool_stats st;
    fk_spool_get_stats(s, &st);
    cr_assert_gt(st.dropped_records, 0);
    cr_assert_leq(st.bytes, 200 << 10);
    uint64_t lines_out = 0, records_out = 0;
    int id, prev = 0;
    while ((id = next_id(s, NULL)) != -1) {
        cr_assert_gt(id, prev, "in order");
        prev = id;
        lines_out += (uint64_t)(id % 50 + 1);
        records_out++;
    }
    cr_assert_eq(prev, 3000, "the newest are kept");
    cr_assert_eq(records_out + st.dropped_records, 3000);
    cr_assert_eq(lines_out + st.dropped_lines, lines_in);
    fk_spool_close(s);
    s = open_spool(200 << 10, 64 << 10, FK_SPOOL_DROP_OLDEST);
    fk_spool_stats again;
    fk_spool_get_stats(s, &again);
    cr_assert_eq(again.dropped_lines, st.dropped_lines, "the count survives a restart");
    fk_spool_close(s);
}

Test(spool, a_record_larger_than_a_segment_is_refused)
{
    fk_spool *s = open_spool(1 << 20, 64 << 10, FK_SPOOL_BLOCK);
    static char big[70 << 10];
    memset(big, 'x', sizeof big);
    uint64_t seq;
    fk_err err;
    cr_assert_neq(fk_spool_append(s, 1, 1, 0, "", 0, big, sizeof big, &seq, &err), 0);
    cr_assert_eq(err.code, FK_ERR_TOO_LARGE);
    fk_spool_close(s);
}

/* ---- files ------------------------------------------------------------------------- */

#include "config.h"
#include "files.h"

/* each test in a folder of its own, as the spool tests */
TestSuite(files, .init = setup, .fini = teardown);

static void append_to(const char *name, const char *text)
{
    char path[128];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "a");
    cr_assert_not_null(f);
    fputs(text, f);
    fclose(f);
}

static void rename_file(const char *from, const char *to)
{
    char a[128], b[128];
    snprintf(a, sizeof a, "%s/%s", dir, from);
    snprintf(b, sizeof b, "%s/%s", dir, to);
    cr_assert_eq(rename(a, b), 0);
}

static fk_files *follow_glob_waiting(const char *glob, bool at_end, const json_t *saved,
                                     int64_t rotate_wait_ms)
{
    static char pattern[128];
    snprintf(pattern, sizeof pattern, "%s/%s", dir, glob);
    static char *paths[1];
    static char *excl[1] = {"*.gz"};
    paths[0] = pattern;
    fk_files_opts o = {.paths = paths,
                       .npaths = 1,
                       .exclude = excl,
                       .nexclude = 1,
                       .start_at_end = at_end,
                       .rotate_wait_ms = rotate_wait_ms,
                       .max_line = 64};
    fk_files *f;
    fk_err err;
    cr_assert_eq(fk_files_new(&f, &o, saved, &err), 0, "%s", err.msg);
    return f;
}

/* rotate_wait 0: a quiet file is at once as quiet as it gets */
static fk_files *follow_glob(const char *glob, bool at_end, const json_t *saved)
{
    return follow_glob_waiting(glob, at_end, saved, 0);
}

/* Scans, then reads everything there is into out (NUL-terminated). */
static void drain(fk_files *f, int64_t now, char *out, size_t cap)
{
    fk_err err;
    cr_assert_eq(fk_files_scan(f, now, NULL, NULL, &err), 0, "%s", err.msg);
    size_t len = 0;
    int64_t got;
    uint64_t lines;
    while ((got = fk_files_read(f, out + len, cap - len - 1, now, &lines, &err)) > 0)
        len += (size_t)got;
    cr_assert_geq(got, 0, "%s", err.msg);
    out[len] = '\0';
}

Test(files, whole_lines_only_and_new_files_from_their_start)
{
    append_to("a.log", "one\ntwo\nthr");
    append_to("skip.gz", "never\n");
    fk_files *f = follow_glob("*", false, NULL);
    char out[4096];
    drain(f, 1000, out, sizeof out);
    cr_assert_str_eq(out, "one\ntwo\n", "the unfinished line waits");
    append_to("a.log", "ee\n");
    append_to("b.log", "bee\n");
    drain(f, 2000, out, sizeof out);
    cr_assert(strstr(out, "three\n") && strstr(out, "bee\n") && strlen(out) == 10, "%s", out);
    fk_files_free(f);
}

Test(files, rename_rotation_reads_the_old_file_to_its_end)
{
    append_to("app.log", "1\n2\n");
    fk_files *f = follow_glob("app.log", false, NULL); /* the rotated name is not named */
    char out[4096];
    drain(f, 1000, out, sizeof out);
    cr_assert_str_eq(out, "1\n2\n");
    append_to("app.log", "3\n4");
    rename_file("app.log", "app.log.1");
    append_to("app.log", "5\n");
    drain(f, 2000, out, sizeof out); /* quiet for rotate_wait (0): its last line ends */
    cr_assert(strstr(out, "3\n4\n") && strstr(out, "5\n") && strlen(out) == 6, "%s", out);
    fk_files_stats st;
    fk_files_get_stats(f, &st);
    drain(f, 3000, out, sizeof out);
    fk_files_get_stats(f, &st);
    cr_assert_eq(st.files, 1, "the rotated file, read and quiet, is closed");
    fk_files_free(f);
}

static void copy_truncate(const char *name, const char *copy)
{
    char a[128], b[128], cmd[300];
    snprintf(a, sizeof a, "%s/%s", dir, name);
    snprintf(b, sizeof b, "%s/%s", dir, copy);
    snprintf(cmd, sizeof cmd, "cp '%s' '%s'", a, b);
    cr_assert_eq(system(cmd), 0);
    cr_assert_eq(truncate(a, 0), 0);
}

/* 80 bytes of distinct text: enough first bytes to tell a copy */
static void numbered(const char *name, int from, int to)
{
    char line[64];
    for (int i = from; i <= to; i++) {
        snprintf(line, sizeof line, "line number %04d of the log\n", i);
        append_to(name, line);
    }
}

/* Each of lines from..to once in text, and none of 1..from-1. */
static void once_each(const char *text, int from, int to)
{
    for (int i = 1; i <= to; i++) {
        char want[40];
        snprintf(want, sizeof want, "line number %04d of", i);
        const char *p = strstr(text, want);
        if (i < from) {
            cr_assert_null(p, "line %d was read before: %s", i, text);
            continue;
        }
        cr_assert_not_null(p, "line %d read: %s", i, text);
        cr_assert_null(strstr(p + 1, want), "line %d once: %s", i, text);
    }
}

Test(files, copy_truncate_neither_loses_nor_repeats)
{
    numbered("app.log", 1, 10);
    fk_files *f = follow_glob("app.log*", false, NULL);
    char out[8192];
    drain(f, 1000, out, sizeof out);
    cr_assert(strstr(out, "0010") && !strstr(out, "0011"));
    numbered("app.log", 11, 12); /* not read before the rotation */
    copy_truncate("app.log", "app.log.1");
    numbered("app.log", 13, 40); /* written past the old offset before the next look */
    drain(f, 2000, out, sizeof out);
    once_each(out, 11, 40); /* and what was read before is not read again */
    cr_assert_eq(strlen(out) % 28, 0, "whole lines only: %s", out);
    fk_files_free(f);
}

/* app.log followed with lines 1-10 read, then 11-14 written: where each race begins */
static fk_files *ten_read_four_more(char *out, size_t cap)
{
    numbered("app.log", 1, 10);
    fk_files *f = follow_glob("app.log*", false, NULL);
    drain(f, 1000, out, cap);
    numbered("app.log", 11, 14);
    return f;
}

/* The race copy-truncate has: the copy is made, the collector finds it, and reads the
 * original (not yet truncated) before it reads the copy: the lines between the copy's
 * offset and the original's end are in both. Each is read once. */
Test(files, a_copy_found_before_the_truncation_repeats_nothing)
{
    char out[8192], all[16384] = "";
    fk_files *f = ten_read_four_more(out, sizeof out);
    char a[128], b[128], cmd[300];
    snprintf(a, sizeof a, "%s/app.log", dir);
    snprintf(b, sizeof b, "%s/app.log.1", dir);
    snprintf(cmd, sizeof cmd, "cp '%s' '%s'", a, b);
    cr_assert_eq(system(cmd), 0);
    drain(f, 2000, out, sizeof out); /* both the copy and the original, untruncated */
    strcat(all, out);
    cr_assert_eq(truncate(a, 0), 0);
    numbered("app.log", 15, 20);
    drain(f, 3000, out, sizeof out);
    strcat(all, out);
    once_each(all, 11, 20);
    fk_files_free(f);
}

/* cp creates the copy before it writes it: a collector that finds the copy still empty
 * cannot tell it from a new file by its first bytes, and must wait until it can. */
static void empty_copy(const char *name)
{
    char path[128];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *c = fopen(path, "w");
    cr_assert_not_null(c);
    fclose(c);
}

Test(files, a_copy_found_while_empty_repeats_nothing)
{
    char out[8192], all[16384] = "";
    fk_files *f = ten_read_four_more(out, sizeof out);
    empty_copy("app.log.1");
    drain(f, 2000, out, sizeof out); /* the empty copy found, the original read on */
    strcat(all, out);
    copy_truncate("app.log", "app.log.1");
    numbered("app.log", 15, 20);
    drain(f, 3000, out, sizeof out);
    strcat(all, out);
    once_each(all, 11, 20);
    fk_files_free(f);
}

/* The same with the collector stopped while the copy was empty: its checkpoint, at the
 * start of an empty file, says nothing of what the file holds when it is taken up. */
Test(files, a_copy_saved_while_empty_repeats_nothing)
{
    char out[8192], all[16384] = "";
    fk_files *f = ten_read_four_more(out, sizeof out);
    empty_copy("app.log.1");
    drain(f, 2000, out, sizeof out);
    strcat(all, out);
    json_t *cp = fk_files_checkpoints(f);
    fk_files_free(f);
    copy_truncate("app.log", "app.log.1");
    numbered("app.log", 15, 20);
    f = follow_glob("app.log*", false, cp);
    drain(f, 3000, out, sizeof out);
    strcat(all, out);
    once_each(all, 11, 20);
    json_decref(cp);
    fk_files_free(f);
}

/* cp writes a large copy in pieces: a collector can find it holding more than the bytes
 * that tell a copy, yet less than what the original's reading passed, cut in the middle
 * of a line. Taken up at that end, the copy was read from the middle of a line once cp
 * finished, after the original's truncation had ended the pair (a line's tail shipped
 * as a line, and lines twice: the kill -9 end-to-end test, seed 36424). It waits until
 * it reaches where the original's reading stopped, or stops growing. */
Test(files, a_copy_found_half_written_repeats_nothing)
{
    char out[16384], all[32768] = "";
    numbered("app.log", 1, 80); /* 2,240 bytes, more than a fingerprint */
    fk_files *f = follow_glob_waiting("app.log*", false, NULL, 500);
    drain(f, 1000, out, sizeof out);
    strcat(all, out);
    char a[128], b[128];
    snprintf(a, sizeof a, "%s/app.log", dir);
    snprintf(b, sizeof b, "%s/app.log.1", dir);
    static char whole[4096];
    FILE *in = fopen(a, "r");
    cr_assert_not_null(in);
    size_t n = fread(whole, 1, sizeof whole, in);
    fclose(in);
    cr_assert_eq(n, 2240);
    FILE *c = fopen(b, "w"); /* the first 1,500 bytes: line 54 cut */
    cr_assert_not_null(c);
    cr_assert_eq(fwrite(whole, 1, 1500, c), 1500);
    fflush(c);
    drain(f, 1100, out, sizeof out); /* the copy found half written */
    strcat(all, out);
    cr_assert_eq(truncate(a, 0), 0);
    numbered("app.log", 81, 90);
    cr_assert_eq(fwrite(whole + 1500, 1, n - 1500, c), n - 1500);
    fclose(c);
    drain(f, 1200, out, sizeof out);
    strcat(all, out);
    drain(f, 2000, out, sizeof out); /* and after rotate_wait */
    strcat(all, out);
    once_each(all, 1, 90);
    cr_assert_eq(strlen(all) % 28, 0, "whole lines only: %s", all);
    fk_files_free(f);
}

/* A new file shorter than the bytes that tell a copy waits while it may still be a copy
 * being written, then is read once it has been quiet for rotate_wait. */
Test(files, a_short_new_file_is_read_once_quiet)
{
    append_to("a.log", "hi\n");
    fk_files *f = follow_glob_waiting("*.log", false, NULL, 1000);
    char out[4096];
    drain(f, 1000, out, sizeof out);
    cr_assert_str_eq(out, "", "found 0 ms ago: it may be a copy still being written");
    drain(f, 2000, out, sizeof out);
    cr_assert_str_eq(out, "hi\n", "quiet for rotate_wait: a new file, read");
    fk_files_free(f);
}

Test(files, checkpoints_resume_and_a_reused_name_starts_over)
{
    numbered("app.log", 1, 5);
    fk_files *f = follow_glob("app.log*", false, NULL);
    char out[8192];
    drain(f, 1000, out, sizeof out);
    json_t *cp = fk_files_checkpoints(f);
    fk_files_free(f);
    numbered("app.log", 6, 7);
    f = follow_glob("app.log*", false, cp);
    drain(f, 2000, out, sizeof out);
    cr_assert(strstr(out, "0006") && strstr(out, "0007") && !strstr(out, "0005"), "%s", out);
    json_decref(cp);
    cp = fk_files_checkpoints(f);
    fk_files_free(f);
    /* while stopped: rotated by rename, a new file under the name */
    rename_file("app.log", "app.log.1");
    numbered("app.log.1", 8, 8);
    numbered("app.log", 100, 101);
    f = follow_glob("app.log*", true, cp); /* read_from: end concerns unknown files only... */
    drain(f, 3000, out, sizeof out);
    cr_assert(strstr(out, "0008"), "the renamed file is taken up at its checkpoint: %s", out);
    cr_assert(!strstr(out, "0007"));
    cr_assert(!strstr(out, "0100"), "...found by the first scan: read from its end");
    json_decref(cp);
    fk_files_free(f);
}

Test(files, a_line_too_long_is_cut_and_counted)
{
    char big[300];
    memset(big, 'x', 200);
    strcpy(big + 200, "\nshort\n");
    append_to("a.log", big);
    fk_files *f = follow_glob("a.log", false, NULL);
    char out[4096];
    drain(f, 1000, out, sizeof out);
    char want[100];
    memset(want, 'x', 64);
    strcpy(want + 64, "\nshort\n");
    cr_assert_str_eq(out, want);
    fk_files_stats st;
    fk_files_get_stats(f, &st);
    cr_assert_eq(st.cut_lines, 1);
    fk_files_free(f);
}

/* ---- config ---------------------------------------------------------------------- */

static int load_config(const char *text, fk_collect_config *cfg, fk_sbuf *errors)
{
    char path[96];
    snprintf(path, sizeof path, "%s/c.yml", dir);
    FILE *f = fopen(path, "w");
    fputs(text, f);
    fclose(f);
    return fk_collect_config_load(path, cfg, errors);
}

Test(files, config_defaults_and_units)
{
    fk_collect_config cfg;
    fk_sbuf errors = {0};
    int n = load_config("hub: {url: 'https://hub.example:8443'}\n"
                        "spool: {max_size: 2GiB, fsync: always}\n"
                        "batch: {max_wait: 250ms}\n"
                        "sources:\n  - {name: web, paths: /var/log/nginx/*.log}\n"
                        "  - {name: pipe, type: stdin}\n",
                        &cfg, &errors);
    cr_assert_eq(n, 0, "%s", errors.p);
    cr_assert_eq(cfg.spool_max_bytes, 2ull << 30);
    cr_assert_eq(cfg.fsync_mode, FK_SPOOL_FSYNC_ALWAYS);
    cr_assert_eq(cfg.batch_wait_ms, 250);
    cr_assert_eq(cfg.batch_bytes, 1 << 20, "default");
    cr_assert_str_eq(cfg.api_key_env, "FUKUROU_API_KEY");
    cr_assert_eq(cfg.nsources, 2);
    cr_assert_eq(cfg.sources[0].npaths, 1);
    cr_assert_eq(cfg.sources[1].type, FK_SOURCE_STDIN);
    fk_collect_config_free(&cfg);
    fk_sbuf_free(&errors);
}

Test(files, config_mistakes_name_line_and_key)
{
    fk_collect_config cfg;
    fk_sbuf errors = {0};
    int n = load_config("hub:\n  url: https://h\n  retries: 3\n"
                        "batch:\n  max_size: 1MiB\nspool:\n  segment_size: 1MiB\n"
                        "sources:\n  - {name: a, paths: [x]}\n  - {name: a, type: stdin}\n"
                        "  - {type: file}\n",
                        &cfg, &errors);
    cr_assert_eq(n, 5, "%s", errors.p);
    cr_assert(strstr(errors.p, "c.yml:11: sources: paths: a file source needs"), "%s", errors.p);
    cr_assert(strstr(errors.p, "c.yml:3: hub: unknown key 'retries'"), "%s", errors.p);
    cr_assert(strstr(errors.p, "c.yml:7: spool.segment_size: expected at least twice"), "%s",
              errors.p);
    cr_assert(strstr(errors.p, "c.yml:10: sources: name: 'a' is already"), "%s", errors.p);
    cr_assert(strstr(errors.p, "c.yml:11: sources: name: required"), "%s", errors.p);
    fk_collect_config_free(&cfg);
    fk_sbuf_free(&errors);
}

/* ---- privacy ------------------------------------------------------------------------ */

#include "privacy.h"

static const unsigned char key1[16] = "0123456789abcdef", key2[16] = "fedcba9876543210";

static fk_privacy *policy(const unsigned char *key, bool query, bool users)
{
    static const char *const nets[] = {"10.0.0.0/8", "2001:db8:aa::/48"};
    static const char *const drop[] = {"GET /healthz "};
    static const fk_privacy_replace rep[] = {{"(password=)[^& ]*", "${1}***"}};
    fk_privacy_opts o = {.name = "pii-v1",
                         .mask_query = query,
                         .mask_users = users,
                         .networks = nets,
                         .nnetworks = 2,
                         .drop = drop,
                         .ndrop = 1,
                         .replace = rep,
                         .nreplace = 1,
                         .key = key,
                         .key_len = 16};
    fk_privacy *p;
    fk_err err;
    cr_assert_eq(fk_privacy_new(&p, &o, &err), 0, "%s", err.msg);
    return p;
}

static char *masked(fk_privacy *p, const char *lines, fk_privacy_counts *c)
{
    fk_sbuf out = {0};
    fk_err err;
    cr_assert_eq(fk_privacy_apply(p, lines, strlen(lines), &out, c, &err), 0, "%s", err.msg);
    return fk_sbuf_take(&out);
}

Test(files, privacy_masks_what_the_policy_names_and_nothing_else)
{
    fk_privacy *p = policy(key1, true, true);
    fk_privacy_counts c = {0};
    char *out = masked(p,
                       "10.1.2.3 - alice [01/Dec/2026:10:00:00 +0900] \"GET "
                       "/search?q=secret&page=2 HTTP/1.1\" 200 5\n"
                       "192.0.2.7 - - [01/Dec/2026:10:00:01 +0900] \"GET /healthz HTTP/1.1\" "
                       "200 2\n"
                       "Dec  1 10:00:02 host sshd[1]: Failed password for invalid user bob from "
                       "10.9.9.9 port 22 ssh2\n"
                       "{\"TargetUserName\": \"carol\", \"ip\": \"2001:db8:aa::5\", \"x\": "
                       "\"password=hunter2\"}\n"
                       "198.51.100.1 - - [01/Dec/2026:10:00:03 +0900] \"GET /a HTTP/1.1\" 200 1\n",
                       &c);
    cr_assert_eq(c.lines_in, 5);
    cr_assert_eq(c.dropped, 1, "the health check is not sent");
    cr_assert_eq(c.lines_out, 4);
    const char *secrets[] = {"alice",    "secret",         "bob",    "carol", "hunter2", "10.1.2.3",
                             "10.9.9.9", "2001:db8:aa::5", "healthz"};
    for (size_t i = 0; i < sizeof secrets / sizeof secrets[0]; i++)
        cr_assert_null(strstr(out, secrets[i]), "'%s' is masked:\n%s", secrets[i], out);
    /* what is not named stays: parameter names, addresses outside the networks, the rest */
    cr_assert(strstr(out, "/search?q=~") && strstr(out, "&page=~"), "%s", out);
    cr_assert(strstr(out, "198.51.100.1 - - ["), "%s", out);
    cr_assert(strstr(out, "password=***"), "%s", out);
    cr_assert(strstr(out, "from 24") || strstr(out, "from 25"), "an address in 240/4: %s", out);
    cr_assert(strstr(out, "\"ip\": \"2001:db8:"), "%s", out);
    /* one value, one pseudonym; another key, other pseudonyms */
    fk_privacy_counts c2 = {0};
    char *again = masked(p, "10.1.2.3 - alice [x] \"GET / HTTP/1.1\" 200 1\n", &c2);
    char first[16], second[16];
    cr_assert_eq(sscanf(out, "%15s", first), 1);
    cr_assert_eq(sscanf(again, "%15s", second), 1);
    cr_assert_str_eq(first, second);
    fk_privacy *other = policy(key2, true, true);
    char *other_out = masked(other, "10.1.2.3 - alice [x] \"GET / HTTP/1.1\" 200 1\n", &c2);
    cr_assert_eq(sscanf(other_out, "%15s", second), 1);
    cr_assert_str_neq(first, second);
    /* the policy's id names its rules, not its key */
    cr_assert_str_eq(fk_privacy_id(p), fk_privacy_id(other));
    fk_privacy *fewer = policy(key1, false, true);
    cr_assert_str_neq(fk_privacy_id(p), fk_privacy_id(fewer));
    cr_assert(!strncmp(fk_privacy_id(p), "pii-v1:", 7));
    free(out);
    free(again);
    free(other_out);
    fk_privacy_free(p);
    fk_privacy_free(other);
    fk_privacy_free(fewer);
}

Test(files, privacy_mistakes_are_named)
{
    static const char *const bad_net[] = {"10.0.0.0/33"};
    static const char *const bad_re[] = {"(unclosed"};
    fk_privacy_opts o = {
        .name = "x", .networks = bad_net, .nnetworks = 1, .key = key1, .key_len = 16};
    fk_privacy *p;
    fk_err err;
    cr_assert_neq(fk_privacy_new(&p, &o, &err), 0);
    cr_assert(strstr(err.msg, "10.0.0.0/33"), "%s", err.msg);
    o = (fk_privacy_opts){.name = "x", .drop = bad_re, .ndrop = 1, .key = key1, .key_len = 16};
    cr_assert_neq(fk_privacy_new(&p, &o, &err), 0);
    cr_assert(strstr(err.msg, "(unclosed"), "%s", err.msg);
    char *pat, *with;
    cr_assert(fk_collect_config_split_replace("s|a\\|b|c|", &pat, &with));
    cr_assert_str_eq(pat, "a|b");
    cr_assert_str_eq(with, "c");
    free(pat);
    free(with);
    cr_assert(!fk_collect_config_split_replace("s/a/b", &pat, &with));
}

/* ---- state written in place ----------------------------------------------------------- */

#include "statefile.h"

Test(files, state_survives_a_torn_write_and_needs_no_new_space)
{
    fk_statefile *f;
    fk_err err;
    cr_assert_eq(fk_statefile_open(&f, dir, "st", 4096, false, &err), 0, "%s", err.msg);
    cr_assert_null(fk_statefile_read(f), "nothing written yet");
    cr_assert_eq(fk_statefile_write(f, "one", 3, &err), 0, "%s", err.msg);
    cr_assert_eq(fk_statefile_write(f, "two", 3, &err), 0, "%s", err.msg);
    fk_statefile_close(f);
    /* a crash while writing "three": its slot (the older, .0 here) is torn */
    char path[128];
    snprintf(path, sizeof path, "%s/st.0", dir);
    int fd = open(path, O_WRONLY);
    cr_assert_eq(pwrite(fd, "thr", 3, 20), 3);
    close(fd);
    struct stat before;
    cr_assert_eq(stat(path, &before), 0);
    cr_assert_eq(fk_statefile_open(&f, dir, "st", 4096, false, &err), 0, "%s", err.msg);
    char *t = fk_statefile_read(f);
    cr_assert_str_eq(t, "two", "the whole one is read");
    free(t);
    cr_assert_eq(fk_statefile_write(f, "four", 4, &err), 0, "%s", err.msg);
    t = fk_statefile_read(f);
    cr_assert_str_eq(t, "four");
    free(t);
    struct stat after;
    cr_assert_eq(stat(path, &after), 0);
    cr_assert_eq(after.st_blocks, before.st_blocks, "written in the space reserved");
    fk_statefile_close(f);
}

/* ---- local matching -------------------------------------------------------------------- */

#include "match.h"

TestSuite(match, .init = setup, .fini = teardown);

#define CACHED_INDICATOR                                                                           \
    "{\"type\":\"indicator\",\"spec_version\":\"2.1\",\"id\":\"indicator--6b1f2d3c-4e5f-4a6b-"     \
    "8c7d-"                                                                                        \
    "9e0f1a2b3c4d\",\"created\":\"2026-11-01T00:00:00.000Z\",\"modified\":\"2026-11-01T00:00:00."  \
    "000Z\",\"pattern\":\"[ipv4-addr:value = '198.51.100.77']\",\"pattern_type\":\"stix\","        \
    "\"valid_from\":\"2026-11-01T00:00:00Z\",\"name\":\"C2 server\"}"

/* With the hub unreachable from the start, the cache alone makes the endpoint detect:
 * the batch's matches are aggregated, written to the local alert log and handed back as
 * the hub's alert JSON with their origin. */
Test(match, the_cache_alone_detects_while_the_hub_is_unreachable)
{
    append_to(
        "indicators.json",
        "{\"collections\":{},\"objects\":{\"indicator--6b1f2d3c-4e5f-4a6b-8c7d-9e0f1a2b3c4d\":"
        "" CACHED_INDICATOR "}}");
    char cache[128], alerts_path[128];
    snprintf(cache, sizeof cache, "%s/indicators.json", dir);
    snprintf(alerts_path, sizeof alerts_path, "%s/alerts.jsonl", dir);
    const char *colls[] = {"http://127.0.0.1:1/taxii2/r/collections/c/"}; /* nobody there */
    fk_match_opts o = {.collections = colls,
                       .ncollections = 1,
                       .api_key = "k",
                       .timeout_ms = 1000,
                       .refresh_ms = 60000,
                       .cache_path = cache,
                       .alerts_path = alerts_path};
    fk_match *m;
    fk_err err;
    cr_assert_eq(fk_match_new(&m, &o, &err), 0, "%s", err.msg);
    static const char lines[] =
        "{\"ts\":\"2026-11-30T10:00:00Z\",\"src_ip\":\"10.0.0.5\",\"dst_ip\":\"198.51.100.77\"}\n"
        "{\"ts\":\"2026-11-30T10:00:01Z\",\"src_ip\":\"10.0.0.5\",\"dst_ip\":\"192.0.2.1\"}\n"
        "{\"ts\":\"2026-11-30T10:00:02Z\",\"src_ip\":\"10.0.0.5\",\"dst_ip\":\"198.51.100.77\"}\n";
    json_t *alerts = json_array();
    cr_assert_eq(fk_match_lines(m, "fw", "json", lines, sizeof lines - 1, alerts, &err), 1, "%s",
                 err.msg);
    json_t *a = json_array_get(alerts, 0);
    cr_assert_str_eq(json_string_value(json_object_get(a, "indicator")), "198.51.100.77");
    cr_assert_eq(json_integer_value(json_object_get(a, "count")), 2);
    cr_assert_eq(json_integer_value(json_object_get(a, "line")), 1);
    cr_assert_str_eq(json_string_value(json_object_get(a, "origin")), "collector");
    fk_match_stats st;
    fk_match_stats_get(m, &st);
    cr_assert_eq(st.indicators, 1);
    cr_assert_eq(st.matched_lines, 2);
    fk_match_free(m);
    json_decref(alerts);
    FILE *f = fopen(alerts_path, "r");
    cr_assert_not_null(f);
    char line[4096];
    int n = 0;
    while (fgets(line, sizeof line, f))
        n++;
    fclose(f);
    cr_assert_eq(n, 1, "one aggregated alert in the local log");
    cr_assert_not_null(strstr(line, "\"source\":\"fw\""), "%s", line);
}

Test(match, a_damaged_cache_is_named_with_what_was_expected)
{
    json_t *c;
    size_t n;
    fk_err err;
    cr_assert_eq(
        fk_match_cache_parse("c.json", "{\"collections\":{},\"objects\":[]}", 31, &c, &n, &err),
        -1);
    cr_assert_not_null(strstr(err.msg, "c.json: expected"), "%s", err.msg);
    static const char wrong_id[] =
        "{\"collections\":{},\"objects\":{\"indicator--a\":" CACHED_INDICATOR "}}";
    cr_assert_eq(fk_match_cache_parse("c.json", wrong_id, sizeof wrong_id - 1, &c, &n, &err), -1);
    cr_assert_not_null(strstr(err.msg, "objects.indicator--a"), "%s", err.msg);
    cr_assert_eq(fk_match_cache_parse("c.json", "{\"collections\"", 14, &c, &n, &err), -1);
    cr_assert_not_null(strstr(err.msg, "c.json:1:"), "%s", err.msg);
}
