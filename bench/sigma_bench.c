/* The Sigma engine benchmark and cross-check (issue 5), driven by bench/sigma.sh:
 *
 *   fk-bench-sigma [--sequential] [--limit N] RULES... -- EVENTS...
 *       loads the rules, then decodes the JSON events and matches each one; prints one
 *       line: rules, load seconds, memory the rules hold, events, hits, seconds spent
 *       matching, events/s of matching, peak memory. --sequential turns the prefilter
 *       off (every rule of a logsource evaluated in turn).
 *   fk-bench-sigma --compare RULES... -- EVENTS...
 *       matches every event with and without the prefilter and fails (exit 1) at the
 *       first event where the rules that fire differ. The test suite runs this.
 *
 * Decoding is timed apart from matching, so the figure is the engine's; bench/sigma.sh
 * also times `fukurou scan` end to end. */
#include "../src/core/arena.h"
#include "../src/decode/decoder.h"
#include "../src/detect/sigma.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double rss_mb(void)
{
    FILE *f = fopen("/proc/self/statm", "r");
    long pages = 0, resident = 0;
    if (f) {
        if (fscanf(f, "%ld %ld", &pages, &resident) != 2)
            resident = 0;
        fclose(f);
    }
    return (double)resident * 4096.0 / 1048576.0;
}

static void on_report(void *ctx, const char *msg, int is_warning)
{
    (void)ctx;
    if (!is_warning)
        fprintf(stderr, "rule not loaded: %s\n", msg);
}

typedef struct {
    const fk_sigma_rule **rules;
    size_t *idx; /* --compare: positions of the rules */
    size_t n, cap;
} hit_list;

static int on_hit(void *ctx, const fk_sigma_hit *h)
{
    hit_list *l = ctx;
    if (l->n == l->cap) {
        size_t nc = l->cap ? l->cap * 2 : 64;
        const fk_sigma_rule **nr = realloc(l->rules, nc * sizeof *nr);
        if (nr)
            l->rules = nr;
        size_t *ni = nr ? realloc(l->idx, nc * sizeof *ni) : NULL;
        if (!ni)
            return -1;
        l->idx = ni;
        l->cap = nc;
    }
    l->rules[l->n++] = h->rule;
    return 0;
}

static fk_sigma_set *load(char **paths, int n, bool sequential)
{
    fk_sigma_set *s;
    fk_err err;
    size_t loaded = 0, failed = 0;
    if (fk_sigma_new(&s, NULL, NULL, &err)) {
        fprintf(stderr, "fk-bench-sigma: %s\n", err.msg);
        return NULL;
    }
    fk_sigma_set_sequential(s, sequential);
    for (int i = 0; i < n; i++)
        if (fk_sigma_add_path(s, paths[i], on_report, NULL, &loaded, &failed, &err)) {
            fprintf(stderr, "fk-bench-sigma: %s\n", err.msg);
            fk_sigma_free(s);
            return NULL;
        }
    if (fk_sigma_compile(s, &err)) {
        fprintf(stderr, "fk-bench-sigma: %s\n", err.msg);
        fk_sigma_free(s);
        return NULL;
    }
    return s;
}

static int cmp_size(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
    bool sequential = false, compare = false;
    unsigned long long limit = ~0ULL;
    int i = 1;
    for (; i < argc && argv[i][0] == '-' && strcmp(argv[i], "--"); i++) {
        if (!strcmp(argv[i], "--sequential"))
            sequential = true;
        else if (!strcmp(argv[i], "--compare"))
            compare = true;
        else if (!strcmp(argv[i], "--limit") && i + 1 < argc)
            limit = strtoull(argv[++i], NULL, 10);
        else {
            fprintf(stderr, "fk-bench-sigma: unknown option %s\n", argv[i]);
            return 2;
        }
    }
    int rules_from = i;
    while (i < argc && strcmp(argv[i], "--"))
        i++;
    if (i >= argc - 1 || i == rules_from) {
        fprintf(stderr, "usage: fk-bench-sigma [--sequential|--compare] [--limit N] RULES... -- "
                        "EVENTS...\n");
        return 2;
    }
    int nrules_paths = i - rules_from, events_from = i + 1;

    double rss0 = rss_mb(), t0 = now_s();
    fk_sigma_set *set = load(argv + rules_from, nrules_paths, sequential && !compare);
    fk_sigma_set *ref = compare ? load(argv + rules_from, nrules_paths, true) : NULL;
    if (!set || (compare && !ref))
        return 1;
    double load_s = now_s() - t0, rules_mb = rss_mb() - rss0;

    size_t nrules = fk_sigma_count(set);
    hit_list got = {0}, want = {0};
    fk_arena arena;
    fk_arena_init(&arena, 1 << 16);
    unsigned long long events = 0, hits = 0, mismatches = 0, malformed = 0;
    double match_s = 0;
    int rc = 0;
    for (int f = events_from; f < argc && events < limit && rc == 0; f++) {
        FILE *in = fopen(argv[f], "r");
        fk_err err;
        fk_decoder *d = fk_decoder_new(FK_FMT_JSON, NULL, 2025, &err);
        if (!in || !d) {
            fprintf(stderr, "fk-bench-sigma: %s: cannot read\n", argv[f]);
            if (in)
                fclose(in);
            fk_decoder_free(d);
            rc = 1;
            break;
        }
        char *line = NULL;
        size_t cap = 0;
        ssize_t n;
        unsigned long long lineno = 0;
        fk_event ev;
        bool last = false;
        while (events < limit && !last) {
            n = getline(&line, &cap, in);
            const char *why;
            fk_dec_status st;
            fk_event_clear(&ev);
            ev.file = argv[f];
            ev.line = ++lineno;
            if (n < 0) {
                st = fk_decoder_finish(d, &ev, &arena, &why);
                last = true;
            } else {
                if (n && line[n - 1] == '\n')
                    n--;
                st = fk_decoder_decode(d, line, (size_t)n, &ev, &arena, &why);
            }
            if (st == FK_DEC_BAD && malformed++ < 3) /* said, and counted: never silent */
                fprintf(stderr, "fk-bench-sigma: %s:%llu: %s\n", argv[f], lineno, why);
            if (st != FK_DEC_OK)
                continue;
            events++;
            got.n = 0;
            double t = now_s();
            if (fk_sigma_match_event(set, &ev, on_hit, &got) < 0) {
                fprintf(stderr, "fk-bench-sigma: out of memory\n");
                rc = 1;
            }
            match_s += now_s() - t;
            hits += got.n;
            if (ref) {
                want.n = 0;
                if (fk_sigma_match_event(ref, &ev, on_hit, &want) < 0)
                    rc = 1;
                /* both sets hold the same rules in the same order: compare positions */
                const fk_sigma_rule *g0 = fk_sigma_rule_at(set, 0), *w0 = fk_sigma_rule_at(ref, 0);
                for (size_t k = 0; k < got.n; k++)
                    got.idx[k] = (size_t)(got.rules[k] - g0);
                for (size_t k = 0; k < want.n; k++)
                    want.idx[k] = (size_t)(want.rules[k] - w0);
                qsort(got.idx, got.n, sizeof *got.idx, cmp_size);
                qsort(want.idx, want.n, sizeof *want.idx, cmp_size);
                if ((got.n != want.n || memcmp(got.idx, want.idx, got.n * sizeof *got.idx)) &&
                    mismatches++ < 10)
                    fprintf(stderr, "MISMATCH %s:%llu: prefilter %zu hits, sequential %zu\n",
                            argv[f], (unsigned long long)ev.line, got.n, want.n);
            }
            fk_arena_reset(&arena);
        }
        free(line);
        fclose(in);
        fk_decoder_free(d);
    }
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("mode=%s rules=%zu load_s=%.3f rules_mb=%.1f events=%llu malformed=%llu hits=%llu "
           "match_s=%.3f events_per_s=%.0f peak_mb=%.1f",
           compare      ? "compare"
           : sequential ? "sequential"
                        : "prefilter",
           nrules, load_s, rules_mb, events, malformed, hits, match_s,
           match_s > 0 ? (double)events / match_s : 0, (double)ru.ru_maxrss / 1024.0);
    if (compare)
        printf(" mismatches=%llu", mismatches);
    fk_sigma_prefilter_stats st;
    fk_sigma_prefilter_totals(set, &st);
    if (st.rules)
        printf(" prefilter_rules=%zu always=%zu databases=%zu patterns=%zu db_kb=%zu", st.rules,
               st.always, st.fields, st.patterns, st.bytes / 1024);
    printf("\n");
    free(got.rules);
    free(got.idx);
    free(want.rules);
    free(want.idx);
    fk_arena_free(&arena);
    fk_sigma_free(set);
    fk_sigma_free(ref);
    return rc ? rc : mismatches ? 1 : 0;
}
