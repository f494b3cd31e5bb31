#include "../../tests/testutil.h"
#include "../core/file.h"
#include "../core/timefmt.h"
#include "evtx.h"
#include "linereader.h"

#include <ftw.h>
#include <stdlib.h>
#include <strings.h>
#include <unistd.h>

static fk_evtx *decoder;

static void teardown(void)
{
    fk_evtx_close(decoder);
    decoder = NULL;
    fk_test_teardown();
}

TestSuite(evtx, .init = fk_test_setup, .fini = teardown);

static fk_dec_status decode(const char *xml, fk_event *ev, const char **why)
{
    if (!decoder)
        decoder = fk_evtx_new_decoder();
    cr_assert_not_null(decoder);
    fk_event_clear(ev);
    *why = NULL;
    return fk_evtx_decode_xml(decoder, xml, strlen(xml), ev, &arena, why);
}

Test(evtx, signature_is_the_file_magic)
{
    cr_assert(fk_evtx_signature("ElfFile\0\0\0\0", 12));
    cr_assert_not(fk_evtx_signature("ElfFile", 7), "too short");
    cr_assert_not(fk_evtx_signature("{\"Event\":", 9));
}

Test(evtx, sysmon_record_has_the_json_exporters_paths)
{
    const char *xml =
        "<Event xmlns=\"http://schemas.microsoft.com/win/2004/08/events/event\"><System>"
        "<Provider Name=\"Microsoft-Windows-Sysmon\" "
        "Guid=\"{5770385F-C22A-43E0-BF4C-06F5698FFBD9}\"/>"
        "<EventID>1</EventID><TimeCreated SystemTime=\"2025-10-24T23:41:48.497170900Z\"/>"
        "<Correlation/><Channel>Microsoft-Windows-Sysmon/Operational</Channel>"
        "<Computer>ws1.example</Computer></System><EventData>"
        "<Data Name=\"Image\">C:\\Windows\\System32\\cmd.exe</Data>"
        "<Data Name=\"CommandLine\">cmd.exe /c whoami</Data>"
        "<Data Name=\"Hashes\">SHA256=AB12</Data><Data Name=\"Empty\"></Data>"
        "</EventData></Event>";
    fk_event ev;
    const char *why;
    cr_assert_eq(decode(xml, &ev, &why), FK_DEC_OK, "%s", why);
    cr_assert_str_eq(fk_test_extra(&ev, "Event.System.Provider.#attributes.Name"),
                     "Microsoft-Windows-Sysmon");
    cr_assert_str_eq(fk_test_extra(&ev, "Event.System.EventID"), "1");
    cr_assert_str_eq(fk_test_extra(&ev, "Event.EventData.CommandLine"), "cmd.exe /c whoami");
    cr_assert_null(fk_test_extra(&ev, "Event.EventData.Empty"), "an empty element is no value");
    cr_assert_null(fk_test_extra(&ev, "Event.System.Correlation"));
    cr_assert_eq(ev.kind, FK_KIND_PROCESS, "Sysmon event 1 is a process start");
    cr_assert_slice(ev.image, "C:\\Windows\\System32\\cmd.exe");
    cr_assert_slice(ev.hashes, "SHA256=AB12");
    cr_assert(ev.has_time);
    cr_assert_eq(ev.time_ms, fk_time_from_civil(2025, 10, 24, 23, 41, 48) * 1000 + 497);
    cr_assert_str_eq(ev.format, "evtx");
}

Test(evtx, unnamed_data_and_user_data)
{
    const char *xml = "<Event><System><EventID>104</EventID><Channel>System</Channel></System>"
                      "<EventData><Data>first</Data><Data>second</Data></EventData></Event>";
    fk_event ev;
    const char *why;
    cr_assert_eq(decode(xml, &ev, &why), FK_DEC_OK, "%s", why);
    cr_assert_str_eq(fk_test_extra(&ev, "Event.EventData.Data.0"), "first");
    cr_assert_str_eq(fk_test_extra(&ev, "Event.EventData.Data.1"), "second");
    const char *user = "<Event><System><EventID>104</EventID></System><UserData>"
                       "<LogFileCleared xmlns=\"x\"><SubjectUserName>bob</SubjectUserName>"
                       "</LogFileCleared></UserData></Event>";
    cr_assert_eq(decode(user, &ev, &why), FK_DEC_OK, "%s", why);
    cr_assert_str_eq(fk_test_extra(&ev, "Event.UserData.LogFileCleared.SubjectUserName"), "bob");
}

Test(evtx, malformed_xml_says_so)
{
    fk_event ev;
    const char *why;
    cr_assert_eq(decode("<Event><System>", &ev, &why), FK_DEC_BAD);
    cr_assert(strstr(why, "malformed"), "%s", why);
    cr_assert_eq(decode("", &ev, &why), FK_DEC_BAD);
    /* an external entity is never fetched or expanded */
    const char *xxe = "<!DOCTYPE e [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                      "<Event><System><EventID>&x;</EventID></System></Event>";
    fk_dec_status st = decode(xxe, &ev, &why);
    if (st == FK_DEC_OK) {
        const char *id = fk_test_extra(&ev, "Event.System.EventID");
        cr_assert(!id || !strstr(id, "root:"), "entity expanded: %s", id);
    }
}

Test(evtx, a_file_that_is_not_evtx_is_refused_by_name)
{
    char path[] = "/tmp/fk-evtx-XXXXXX";
    int fd = mkstemp(path);
    cr_assert_geq(fd, 0);
    cr_assert_eq(write(fd, "ElfFile\0garbage", 15), 15);
    close(fd);
    fk_evtx *x = NULL;
    fk_err err;
    cr_assert_neq(fk_evtx_open(&x, path, &err), 0);
    cr_assert(strstr(err.msg, path), "%s", err.msg);
    cr_assert_null(x);
    unlink(path);
}

/* ---- every .evtx of the Sigma regression samples against its JSON twin ---------- */

typedef struct {
    char key[512], val[1024];
} pair;

typedef struct {
    pair *p;
    size_t n, cap;
} pairs;

/* The exporters disagree on GUID spelling only: {X} from libevtx, X in the JSON. */
static void normalise(char *v)
{
    size_t n = strlen(v);
    if (n == 38 && v[0] == '{' && v[37] == '}') {
        memmove(v, v + 1, 36);
        v[36] = '\0';
    }
}

static void collect(pairs *out, const fk_event *ev)
{
    for (size_t i = 0; i < ev->nextra; i++) {
        if (out->n == out->cap) {
            out->cap = out->cap ? out->cap * 2 : 64;
            out->p = realloc(out->p, out->cap * sizeof *out->p);
            cr_assert_not_null(out->p);
        }
        pair *p = &out->p[out->n++];
        snprintf(p->key, sizeof p->key, "%.*s", (int)ev->extra[i].key.n, ev->extra[i].key.p);
        snprintf(p->val, sizeof p->val, "%.*s", (int)ev->extra[i].value.n, ev->extra[i].value.p);
        normalise(p->val);
        /* the JSON keeps 6 digits of SystemTime, libevtx all 7 */
        if (strstr(p->key, "SystemTime"))
            p->val[26] = '\0';
    }
}

/* Values compare without regard to case, as Sigma compares them: one sample's JSON
 * was edited by hand (Explorer.exe where its .evtx says Explorer.EXE). */
static int by_key(const void *a, const void *b)
{
    int c = strcmp(((const pair *)a)->key, ((const pair *)b)->key);
    return c ? c : strcasecmp(((const pair *)a)->val, ((const pair *)b)->val);
}

static size_t files, records, differing;

static void compare(const char *evtx_path)
{
    char json_path[4096];
    snprintf(json_path, sizeof json_path, "%.*s.json", (int)(strlen(evtx_path) - 5), evtx_path);
    pairs native = {0}, exported = {0};
    fk_evtx *x;
    fk_err err;
    cr_assert_eq(fk_evtx_open(&x, evtx_path, &err), 0, "%s", err.msg);
    fk_arena a;
    fk_arena_init(&a, 64 * 1024);
    fk_event ev;
    fk_dec_status st;
    const char *why;
    for (fk_event_clear(&ev); fk_evtx_next(x, &ev, &a, &st, &why); fk_event_clear(&ev)) {
        cr_assert_eq(st, FK_DEC_OK, "%s: %s", evtx_path, why);
        collect(&native, &ev);
        records++;
    }
    fk_evtx_close(x);
    fk_decoder *d = fk_decoder_new(FK_FMT_JSON, NULL, 2025, &err);
    fk_linereader r;
    cr_assert_eq(fk_linereader_open(&r, json_path, &err), 0, "%s", err.msg);
    const char *line;
    size_t n;
    bool cut;
    fk_event_clear(&ev);
    while (fk_linereader_next(&r, &line, &n, &cut, &err) == 1) {
        st = fk_decoder_decode(d, line, n, &ev, &a, &why);
        cr_assert_neq(st, FK_DEC_BAD, "%s: %s", json_path, why);
        if (st == FK_DEC_OK) {
            collect(&exported, &ev);
            fk_event_clear(&ev);
        }
    }
    fk_linereader_close(&r);
    fk_decoder_free(d);
    qsort(native.p, native.n, sizeof *native.p, by_key);
    qsort(exported.p, exported.n, sizeof *exported.p, by_key);
    bool same = native.n == exported.n;
    for (size_t i = 0; same && i < native.n; i++)
        same = !by_key(&native.p[i], &exported.p[i]);
    if (!same) {
        differing++;
        /* the first pair each side has that the other lacks */
        size_t i = 0, j = 0;
        while (i < native.n && j < exported.n && !by_key(&native.p[i], &exported.p[j]))
            i++, j++;
        cr_log_error("%s: evtx has %s=%s where json has %s=%s", evtx_path,
                     i < native.n ? native.p[i].key : "(nothing)",
                     i < native.n ? native.p[i].val : "",
                     j < exported.n ? exported.p[j].key : "(nothing)",
                     j < exported.n ? exported.p[j].val : "");
    }
    files++;
    free(native.p);
    free(exported.p);
    fk_arena_free(&a);
}

static int visit(const char *path, const struct stat *sb, int type, struct FTW *ftw)
{
    (void)sb;
    (void)ftw;
    size_t n = strlen(path);
    if (type == FTW_F && n > 5 && !strcmp(path + n - 5, ".evtx"))
        compare(path);
    return 0;
}

Test(evtx, regression_samples_decode_as_their_json_twins, .timeout = 120)
{
    const char *dir = getenv("FK_SIGMA_REGRESSION");
    if (!dir || access(dir, R_OK) != 0)
        cr_skip_test("FK_SIGMA_REGRESSION not set or absent");
    cr_assert_eq(nftw(dir, visit, 16, FTW_PHYS), 0);
    cr_log_info("%zu .evtx files, %zu records, %zu differ from their JSON twin", files, records,
                differing);
    cr_assert_gt(files, 100);
    cr_assert_eq(differing, 0, "%zu of %zu files decode differently", differing, files);
}

/* A file cut short is read as far as it goes and says it is damaged. */
Test(evtx, a_truncated_file_is_marked_damaged)
{
    const char *dir = getenv("FK_SIGMA_REGRESSION");
    char src[1024];
    snprintf(src, sizeof src,
             "%s/rules/windows/file/file_event/file_event_win_creation_system_file/"
             "d5866ddf-ce8f-4aea-b28e-d96485a20d3d.evtx",
             dir ? dir : "");
    FILE *in = dir ? fopen(src, "rb") : NULL;
    if (!in)
        cr_skip_test("FK_SIGMA_REGRESSION not set or the sample is absent");
    static char data[1 << 20];
    size_t n = fread(data, 1, sizeof data, in);
    fclose(in);
    char path[] = "/tmp/fk-evtx-cut-XXXXXX";
    int fd = mkstemp(path);
    cr_assert_geq(fd, 0);
    cr_assert_eq(write(fd, data, n / 2), (ssize_t)(n / 2));
    close(fd);
    fk_evtx *x;
    fk_err err;
    cr_assert_eq(fk_evtx_open(&x, path, &err), 0, "%s", err.msg);
    cr_assert(fk_evtx_corrupted(x));
    fk_event ev;
    fk_dec_status st;
    const char *why;
    size_t seen = 0;
    for (fk_event_clear(&ev); fk_evtx_next(x, &ev, &arena, &st, &why); fk_event_clear(&ev))
        seen++;
    cr_assert_leq(seen, fk_evtx_count(x));
    fk_evtx_close(x);
    unlink(path);
}
