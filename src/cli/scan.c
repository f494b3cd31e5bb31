#include "scan.h"

#include "../core/file.h"
#include "../core/sbuf.h"
#include "../core/timefmt.h"
#include "../decode/decoder.h"
#include "../decode/evtx.h"
#include "../decode/linereader.h"
#include "../detect/pipeline.h"
#include "output.h"
#include "progress.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define SNIFF_LINES 32

typedef struct {
    fk_format format;
    const char *log_format;
    const char **ioc_files;
    size_t nioc;
    const char *ioc_column;
    fk_severity ioc_severity;
    const char **rule_files;
    size_t nrules;
    fk_output_format output;
    bool output_set, summary, strict, aggregate, quiet, progress, no_web, no_rules;
    const char *web_families, *web_file;
    const char **sigma_paths;
    size_t nsigma;
    const char *sigma_logsources, *sigma_placeholders;
    fk_severity sigma_min; /* Sigma alerts below this level are not reported */
    int color;             /* -1 auto */
    int ref_year;
    unsigned max_errors;
    size_t top;
} scan_opts;

typedef struct {
    uint64_t lines, events, malformed, skipped_lines;
} scan_counts;

/* One aggregated indicator hit (--aggregate). */
typedef struct {
    fk_alert alert;
    char *strings; /* owns the alert's text */
} agg_record;

typedef struct {
    const scan_opts *opt;
    fk_pipeline *pipeline;
    fk_output out;
    fk_strmap aggregated; /* --aggregate: indicator hits merged until the end */
    scan_counts counts;
    fk_progress progress;
    uint64_t bytes_before; /* of files already done */
    unsigned errors_shown;
} scan_state;

static void usage(FILE *f)
{
    fputs(
        "usage: fukurou scan [options] FILE...\n"
        "\n"
        "Finds attack traces in log files (plain, .gz, or - for standard input).\n"
        "\n"
        "Input:\n"
        "  --format FMT        auto (default), combined, common, custom, w3c, syslog, json,\n"
        "                      auditd, evtx (.evtx files are also known without it)\n"
        "  --log-format STR    an Apache LogFormat or nginx log_format string (or a preset:\n"
        "                      common, combined, vhost_combined, combinedio, nginx)\n"
        "  --year YYYY         year of syslog lines that carry none (default: this year)\n"
        "  --strict            stop at the first malformed line (exit 2)\n"
        "  --max-errors N      malformed lines to show (default 5)\n"
        "Detection:\n"
        "  --ioc FILE          indicators: a list, CSV or STIX 2.1 bundle (repeatable)\n"
        "  --ioc-column COL    CSV column holding indicators (number or header name)\n"
        "  --ioc-severity SEV  severity of indicator alerts (default high)\n"
        "  --rules FILE        threshold rules in YAML instead of the shipped ones (brute\n"
        "                      force, spraying, scanning, probing; repeatable; docs/rules.md)\n"
        "  --no-rules          no threshold rules\n"
        "  --web-families L    web-attack signature families to use (default all: sqli, xss,\n"
        "                      lfi, rfi, rce, code, ssrf, scanner, sensitive, webshell, protocol)\n"
        "  --web-signatures F  a signature file instead of the shipped rules/web.yml\n"
        "  --no-web            no web-attack signatures\n"
        "  --sigma PATH        Sigma rules: a file or a directory (repeatable; docs/sigma.md)\n"
        "  --sigma-logsources F  logsource mapping instead of rules/sigma-logsources.yml\n"
        "  --sigma-placeholders F  values of %name% placeholders for |expand\n"
        "  --sigma-level L     report Sigma rules of level L and above (informational, low,\n"
        "                      medium, high, critical; default all; correlations still count\n"
        "                      the rules below)\n"
        "Output:\n"
        "  --output FMT        table (default on a terminal), json (one object per line), csv\n"
        "  --summary           counts by rule, by source address and top targets\n"
        "  --top N             rows in each summary list (default 10)\n"
        "  --aggregate         one alert per indicator and value, with first/last/count\n"
        "  --color WHEN        auto (default), always, never\n"
        "  --no-progress       no progress bar on a terminal\n"
        "  -q, --quiet         no statistics line on standard error\n"
        "\n"
        "Exit status: 0 no alerts, 1 alerts, 2 error.\n",
        f);
}

static int parse_opts(int argc, char **argv, scan_opts *o, int *first_file)
{
    enum {
        O_FORMAT = 256,
        O_LOGFMT,
        O_IOC,
        O_IOCCOL,
        O_IOCSEV,
        O_RULES,
        O_OUTPUT,
        O_SUMMARY,
        O_STRICT,
        O_YEAR,
        O_MAXERR,
        O_AGG,
        O_COLOR,
        O_NOPROG,
        O_TOP,
        O_WEBFAM,
        O_WEBFILE,
        O_NOWEB,
        O_NORULES,
        O_SIGMA,
        O_SIGMA_LS,
        O_SIGMA_PH,
        O_SIGMA_LEVEL
    };
    static const struct option longopts[] = {
        {"format", required_argument, 0, O_FORMAT},
        {"log-format", required_argument, 0, O_LOGFMT},
        {"ioc", required_argument, 0, O_IOC},
        {"ioc-column", required_argument, 0, O_IOCCOL},
        {"ioc-severity", required_argument, 0, O_IOCSEV},
        {"rules", required_argument, 0, O_RULES},
        {"output", required_argument, 0, O_OUTPUT},
        {"summary", no_argument, 0, O_SUMMARY},
        {"strict", no_argument, 0, O_STRICT},
        {"year", required_argument, 0, O_YEAR},
        {"max-errors", required_argument, 0, O_MAXERR},
        {"aggregate", no_argument, 0, O_AGG},
        {"color", required_argument, 0, O_COLOR},
        {"no-progress", no_argument, 0, O_NOPROG},
        {"top", required_argument, 0, O_TOP},
        {"web-families", required_argument, 0, O_WEBFAM},
        {"web-signatures", required_argument, 0, O_WEBFILE},
        {"no-web", no_argument, 0, O_NOWEB},
        {"no-rules", no_argument, 0, O_NORULES},
        {"sigma", required_argument, 0, O_SIGMA},
        {"sigma-logsources", required_argument, 0, O_SIGMA_LS},
        {"sigma-placeholders", required_argument, 0, O_SIGMA_PH},
        {"sigma-level", required_argument, 0, O_SIGMA_LEVEL},
        {"quiet", no_argument, 0, 'q'},
        {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0}};
    o->color = -1;
    o->max_errors = 5;
    o->top = 10;
    o->progress = true;
    o->ioc_severity = FK_SEV_HIGH;
    time_t now = time(NULL);
    o->ref_year = fk_time_year((int64_t)now * 1000);
    o->ioc_files = calloc((size_t)argc, sizeof *o->ioc_files);
    o->rule_files = calloc((size_t)argc, sizeof *o->rule_files);
    o->sigma_paths = calloc((size_t)argc, sizeof *o->sigma_paths);
    if (!o->ioc_files || !o->rule_files || !o->sigma_paths) {
        fprintf(stderr, "fukurou scan: out of memory\n");
        return -1;
    }
    optind = 1;
    int c;
    char *end;
    while ((c = getopt_long(argc, argv, "qh", longopts, NULL)) != -1) {
        switch (c) {
        case O_FORMAT:
            if (!fk_format_parse(optarg, &o->format)) {
                fprintf(stderr,
                        "fukurou scan: --format: unknown format '%s' (expected auto, combined, "
                        "common, custom, w3c, syslog, json or auditd)\n",
                        optarg);
                return -1;
            }
            break;
        case O_LOGFMT: o->log_format = optarg; break;
        case O_IOC: o->ioc_files[o->nioc++] = optarg; break;
        case O_IOCCOL: o->ioc_column = optarg; break;
        case O_IOCSEV:
            if (!fk_severity_parse(optarg, &o->ioc_severity)) {
                fprintf(
                    stderr,
                    "fukurou scan: --ioc-severity: expected info, low, medium, high or critical\n");
                return -1;
            }
            break;
        case O_RULES: o->rule_files[o->nrules++] = optarg; break;
        case O_OUTPUT:
            if (!fk_output_format_parse(optarg, &o->output)) {
                fprintf(stderr, "fukurou scan: --output: expected table, json or csv, not '%s'\n",
                        optarg);
                return -1;
            }
            o->output_set = true;
            break;
        case O_SUMMARY: o->summary = true; break;
        case O_STRICT: o->strict = true; break;
        case O_YEAR:
            o->ref_year = (int)strtol(optarg, &end, 10);
            if (*end || o->ref_year < 1970 || o->ref_year > 9999) {
                fprintf(stderr, "fukurou scan: --year: expected a year like 2024\n");
                return -1;
            }
            break;
        case O_MAXERR:
            o->max_errors = (unsigned)strtoul(optarg, &end, 10);
            if (*end) {
                fprintf(stderr, "fukurou scan: --max-errors: expected a number\n");
                return -1;
            }
            break;
        case O_TOP:
            o->top = strtoul(optarg, &end, 10);
            if (*end || o->top == 0) {
                fprintf(stderr, "fukurou scan: --top: expected a positive number\n");
                return -1;
            }
            break;
        case O_AGG: o->aggregate = true; break;
        case O_WEBFAM: o->web_families = optarg; break;
        case O_WEBFILE: o->web_file = optarg; break;
        case O_NOWEB: o->no_web = true; break;
        case O_NORULES: o->no_rules = true; break;
        case O_SIGMA: o->sigma_paths[o->nsigma++] = optarg; break;
        case O_SIGMA_LS: o->sigma_logsources = optarg; break;
        case O_SIGMA_PH: o->sigma_placeholders = optarg; break;
        case O_SIGMA_LEVEL:
            if (!strcmp(optarg, "informational")) {
                o->sigma_min = FK_SEV_INFO;
            } else if (!fk_severity_parse(optarg, &o->sigma_min)) {
                fprintf(stderr,
                        "fukurou scan: --sigma-level: expected informational, low, "
                        "medium, high or critical, not '%s'\n",
                        optarg);
                return -1;
            }
            break;
        case O_COLOR:
            if (!strcmp(optarg, "always"))
                o->color = 1;
            else if (!strcmp(optarg, "never"))
                o->color = 0;
            else if (!strcmp(optarg, "auto"))
                o->color = -1;
            else {
                fprintf(stderr, "fukurou scan: --color: expected auto, always or never\n");
                return -1;
            }
            break;
        case O_NOPROG: o->progress = false; break;
        case 'q': o->quiet = true; break;
        case 'h': usage(stdout); exit(0);
        default: usage(stderr); return -1;
        }
    }
    if (o->log_format && o->format == FK_FMT_AUTO)
        o->format = FK_FMT_CUSTOM;
    if (o->format == FK_FMT_CUSTOM && !o->log_format) {
        fprintf(stderr, "fukurou scan: --format custom needs --log-format\n");
        return -1;
    }
    if (optind >= argc) {
        fprintf(stderr, "fukurou scan: no log file given (use - for standard input)\n");
        usage(stderr);
        return -1;
    }
    *first_file = optind;
    return 0;
}

static char *dup_str(const char *s, size_t n)
{
    char *d = malloc(n + 1);
    if (d) {
        memcpy(d, s, n);
        d[n] = '\0';
    }
    return d;
}

/* Keeps a copy of an indicator alert (its strings live in one block) to be written
 * at the end, merged with later hits of the same indicator on the same value. */
static int aggregate(scan_state *st, const fk_alert *a)
{
    char key[1200];
    int n = snprintf(key, sizeof key, "%s\t%s\t%s\t%.*s", a->rule_id, a->indicator, a->field,
                     (int)(a->value.n > 500 ? 500 : a->value.n), a->value.p);
    fk_strmap_slot *slot;
    if (n < 0 || fk_strmap_upsert(&st->aggregated, key,
                                  (size_t)n < sizeof key ? (size_t)n : sizeof key - 1, &slot) != 0)
        return -1;
    agg_record *r = slot->value;
    if (r) {
        r->alert.count++;
        if (a->has_time) {
            if (!r->alert.has_time || a->first_ms < r->alert.first_ms)
                r->alert.first_ms = a->first_ms;
            if (!r->alert.has_time || a->last_ms > r->alert.last_ms)
                r->alert.last_ms = a->last_ms;
            r->alert.has_time = true;
        }
        return 0;
    }
    r = calloc(1, sizeof *r);
    if (!r)
        return -1;
    r->alert = *a;
    /* copy what points into the event or into the engine's buffers */
    const char *parts[] = {a->value.p, a->indicator, a->src_ip.p, a->target.p, a->title};
    size_t lens[] = {a->value.n, strlen(a->indicator), a->src_ip.n, a->target.n, strlen(a->title)};
    const char *copies[5];
    r->strings = fk_strpack(5, parts, lens, copies);
    if (!r->strings) {
        free(r);
        return -1;
    }
    r->alert.value.p = copies[0];
    r->alert.indicator = copies[1];
    r->alert.src_ip.p = copies[2];
    r->alert.target.p = copies[3];
    r->alert.title = copies[4];
    slot->value = r;
    return 0;
}

/* The pipeline's sink: indicator hits are merged under --aggregate, the rest written. */
static int on_alert(void *ctx, const fk_alert *a)
{
    scan_state *st = ctx;
    if (st->opt->aggregate && !strcmp(a->engine, "ioc"))
        return aggregate(st, a);
    return fk_output_alert(&st->out, a);
}

static int malformed(scan_state *st, const char *file, uint64_t line, const char *why)
{
    st->counts.malformed++;
    if (st->opt->strict) {
        fprintf(stderr, "fukurou scan: %s:%llu: malformed line: %s (--strict)\n", file,
                (unsigned long long)line, why);
        return -1;
    }
    if (st->errors_shown < st->opt->max_errors) {
        st->errors_shown++;
        fk_progress_done(&st->progress);
        fprintf(stderr, "fukurou scan: %s:%llu: malformed line skipped: %s\n", file,
                (unsigned long long)line, why);
    }
    return 0;
}

static int process_event(scan_state *st, fk_event *ev)
{
    st->counts.events++;
    return fk_pipeline_event(st->pipeline, ev);
}

static int handle_line(scan_state *st, fk_decoder *d, const char *file, uint64_t lineno,
                       const char *line, size_t n, bool cut, fk_arena *arena)
{
    st->counts.lines++;
    if (cut)
        return malformed(st, file, lineno, "line longer than 1 MiB (cut)");
    fk_event ev;
    fk_event_clear(&ev);
    ev.file = file;
    ev.line = lineno;
    const char *why = "malformed";
    fk_dec_status s = fk_decoder_decode(d, line, n, &ev, arena, &why);
    int rc = 0;
    if (ev.alloc_failed) {
        fk_progress_done(&st->progress);
        fprintf(stderr, "fukurou scan: %s:%llu: out of memory while decoding\n", file,
                (unsigned long long)ev.line);
        rc = -1;
    } else if (s == FK_DEC_OK)
        rc = process_event(st, &ev);
    else if (s == FK_DEC_BAD)
        rc = malformed(st, file, ev.line, why);
    else if (s == FK_DEC_SKIP)
        st->counts.skipped_lines++;
    if (s != FK_DEC_MORE)
        fk_arena_reset(arena);
    return rc;
}

static int scan_lines(scan_state *st, const char *path, fk_format forced);

/* A Windows .evtx file: records, not lines; "lines" counts records. */
static int scan_evtx(scan_state *st, const char *path)
{
    fk_evtx *x;
    fk_err err;
    if (fk_evtx_open(&x, path, &err) != 0) {
        fprintf(stderr, "fukurou scan: %s\n", err.msg);
        return -1;
    }
    /* a damaged file is said so, not read as if it were whole */
    if (fk_evtx_corrupted(x) && !st->opt->quiet) {
        fk_progress_done(&st->progress);
        fprintf(stderr,
                "fukurou scan: %s: the file is damaged (libevtx marks it corrupted): records "
                "may be missing; %zu listed records are read, %zu fragments in free space are "
                "not\n",
                path, fk_evtx_count(x), fk_evtx_recovered(x));
    }
    fk_arena arena;
    fk_arena_init(&arena, 64 * 1024);
    int status = 0;
    for (;;) {
        fk_event ev;
        fk_event_clear(&ev);
        ev.file = path;
        fk_dec_status s;
        const char *why = "malformed";
        if (!fk_evtx_next(x, &ev, &arena, &s, &why))
            break;
        st->counts.lines++;
        if (ev.alloc_failed) {
            fk_progress_done(&st->progress);
            fprintf(stderr, "fukurou scan: %s: record %llu: out of memory while decoding\n", path,
                    (unsigned long long)ev.line);
            status = -1;
        } else if (s == FK_DEC_OK) {
            status = process_event(st, &ev);
        } else {
            status = malformed(st, path, ev.line, why);
        }
        fk_arena_reset(&arena);
        if (status != 0)
            break;
    }
    fk_arena_free(&arena);
    fk_evtx_close(x);
    return status;
}

static int scan_file(scan_state *st, const char *path)
{
    /* .evtx is known by its signature; --format evtx on a file without one reads the
     * event log as exported to JSON */
    if (strcmp(path, "-") != 0 &&
        (st->opt->format == FK_FMT_AUTO || st->opt->format == FK_FMT_EVTX) && fk_evtx_is_file(path))
        return scan_evtx(st, path);
    if (st->opt->format == FK_FMT_EVTX)
        return scan_lines(st, path, FK_FMT_JSON);
    return scan_lines(st, path, st->opt->format);
}

static int scan_lines(scan_state *st, const char *path, fk_format forced)
{
    fk_linereader r;
    fk_err err;
    if (fk_linereader_open(&r, path, &err) != 0) {
        fprintf(stderr, "fukurou scan: %s\n", err.msg);
        return -1;
    }
    const char *display = strcmp(path, "-") == 0 ? "(stdin)" : path;
    /* Read a sample first: it decides the format, then is scanned like the rest. */
    char *sample[SNIFF_LINES];
    size_t lens[SNIFF_LINES];
    bool cuts[SNIFF_LINES];
    size_t ns = 0;
    int rc = 1;
    const char *line;
    size_t n;
    bool cut;
    while (ns < SNIFF_LINES && (rc = fk_linereader_next(&r, &line, &n, &cut, &err)) == 1) {
        sample[ns] = dup_str(line, n);
        if (!sample[ns]) {
            rc = -1;
            snprintf(err.msg, sizeof err.msg, "out of memory");
            break;
        }
        lens[ns] = n;
        cuts[ns++] = cut;
    }
    int status = 0;
    if (rc < 0) {
        fprintf(stderr, "fukurou scan: %s\n", err.msg);
        status = -1;
    }
    fk_format fmt = forced;
    if (status == 0 && fmt == FK_FMT_AUTO && ns > 0) {
        fmt = fk_format_sniff((const char *const *)sample, lens, ns, st->opt->ref_year);
        if (fmt == FK_FMT_AUTO) {
            fprintf(stderr,
                    "fukurou scan: %s: cannot recognise the log format from its first "
                    "lines; name it with --format (or --log-format)\n",
                    display);
            status = -1;
        }
    }
    fk_decoder *d = NULL;
    if (status == 0 && ns > 0) {
        d = fk_decoder_new(fmt, st->opt->log_format, st->opt->ref_year, &err);
        if (!d) {
            fprintf(stderr, "fukurou scan: --log-format: %s\n", err.msg);
            status = -1;
        }
    }
    fk_arena arena;
    fk_arena_init(&arena, 64 * 1024);
    for (size_t i = 0; status == 0 && d && i < ns; i++)
        status = handle_line(st, d, display, i + 1, sample[i], lens[i], cuts[i], &arena);
    for (size_t i = 0; i < ns; i++)
        free(sample[i]);
    while (status == 0 && d && rc == 1 &&
           (rc = fk_linereader_next(&r, &line, &n, &cut, &err)) == 1) {
        status = handle_line(st, d, display, r.lineno, line, n, cut, &arena);
        if ((st->counts.lines & 0x3fff) == 0)
            fk_progress_update(&st->progress, st->bytes_before + fk_linereader_offset(&r),
                               st->counts.lines);
    }
    if (status == 0 && rc < 0) {
        fk_progress_done(&st->progress);
        fprintf(stderr, "fukurou scan: %s\n", err.msg);
        status = -1;
    }
    if (status == 0 && d) {
        fk_event ev;
        fk_event_clear(&ev);
        ev.file = display;
        const char *why = "malformed";
        fk_dec_status s = fk_decoder_finish(d, &ev, &arena, &why);
        if (s == FK_DEC_BAD)
            status = malformed(st, display, ev.line, why);
    }
    st->bytes_before += r.file_size;
    fk_arena_free(&arena);
    fk_decoder_free(d);
    fk_linereader_close(&r);
    return status;
}

/* Writes (when write is set) and frees the aggregated indicator alerts. */
static int flush_aggregated(scan_state *st, bool write)
{
    int rc = 0;
    FK_STRMAP_FOREACH(&st->aggregated, s)
    {
        agg_record *r = s->value;
        if (rc == 0 && write)
            rc = fk_output_alert(&st->out, &r->alert);
        free(r->strings);
        free(r);
    }
    fk_strmap_free(&st->aggregated);
    return rc;
}

/* A rule that does not load is named, not fatal: a rule set of thousands should not
 * stop at one rule the engine does not support. */
static void load_report(void *ctx, const char *msg)
{
    const scan_opts *o = ctx;
    if (!o->quiet)
        fprintf(stderr, "fukurou scan: %s\n", msg);
}

static int load_detection(scan_state *st)
{
    const scan_opts *o = st->opt;
    char cache[4096];
    fk_pipeline_spec spec = {
        .ioc_files = o->ioc_files,
        .nioc = o->nioc,
        .ioc_column = o->ioc_column,
        .ioc_severity = o->ioc_severity,
        .rule_files = o->rule_files,
        .nrules = o->nrules,
        .no_web = o->no_web,
        .no_rules = o->no_rules,
        .web_families = o->web_families,
        .web_file = o->web_file,
        .cache_dir = fk_user_cache_dir(cache, sizeof cache) ? cache : NULL,
        .sigma_paths = o->sigma_paths,
        .nsigma = o->nsigma,
        .sigma_logsources = o->sigma_logsources,
        .sigma_placeholders = o->sigma_placeholders,
        .sigma_min = o->sigma_min,
        .report = load_report,
        .report_ctx = (void *)o,
    };
    fk_err err;
    if (fk_pipeline_new(&st->pipeline, &spec, on_alert, st, &err) != 0) {
        fprintf(stderr, "fukurou scan: %s\n", err.msg);
        return -1;
    }
    return 0;
}

int fk_cmd_scan(int argc, char **argv)
{
    scan_opts o = {0};
    int first = 0;
    if (parse_opts(argc, argv, &o, &first) != 0) {
        free(o.ioc_files);
        free(o.rule_files);
        free(o.sigma_paths);
        return 2;
    }
    bool tty_out = isatty(STDOUT_FILENO);
    if (!o.output_set)
        o.output = tty_out ? FK_OUT_TABLE : FK_OUT_JSON;
    scan_state st = {.opt = &o};
    fk_strmap_init(&st.aggregated);
    fk_output_init(&st.out, stdout, o.output, o.color == 1 || (o.color == -1 && tty_out));
    int status = load_detection(&st);

    uint64_t total = 0;
    for (int i = first; i < argc; i++) {
        struct stat sb;
        if (strcmp(argv[i], "-") != 0 && stat(argv[i], &sb) == 0 && S_ISREG(sb.st_mode))
            total += (uint64_t)sb.st_size;
    }
    fk_progress_init(&st.progress, o.progress && isatty(STDERR_FILENO), total);
    double t0 = fk_now();
    for (int i = first; status == 0 && i < argc; i++)
        status = scan_file(&st, argv[i]);
    fk_progress_done(&st.progress);
    if (status == 0 && fk_pipeline_flush(st.pipeline) != 0)
        status = -1;
    if (st.pipeline && fk_pipeline_unjudged(st.pipeline))
        fprintf(stderr,
                "fukurou scan: %llu flagged requests beyond the first 100000 were not judged "
                "for signs of success\n",
                (unsigned long long)fk_pipeline_unjudged(st.pipeline));
    if (flush_aggregated(&st, status == 0) != 0)
        status = -1;
    if (status == 0 && o.summary)
        fk_output_summary(&st.out, stderr, o.top);
    double secs = fk_now() - t0;
    if (fflush(stdout) != 0 && status == 0) {
        fprintf(stderr, "fukurou scan: cannot write the output\n");
        status = -1;
    }
    if (!o.quiet && status == 0) {
        fprintf(stderr,
                "fukurou scan: %llu lines, %llu events, %llu malformed, %llu alerts in %.2f s "
                "(%.0f lines/s)\n",
                (unsigned long long)st.counts.lines, (unsigned long long)st.counts.events,
                (unsigned long long)st.counts.malformed, (unsigned long long)st.out.alerts, secs,
                secs > 0 ? st.counts.lines / secs : 0.0);
    }
    int exit_code = status != 0 ? 2 : st.out.alerts ? 1 : 0;
    fk_pipeline_free(st.pipeline);
    fk_output_free(&st.out);
    free(o.ioc_files);
    free(o.rule_files);
    free(o.sigma_paths);
    return exit_code;
}
