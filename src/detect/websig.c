#include "websig.h"

#include "../core/file.h"
#include "../core/hash.h"
#include "normalise.h"
#include "webbody.h"
#include "webproto.h"
#include "webquery.h"
#include "webstruct.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <ctype.h>
#include <hs/hs.h>
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <yaml.h>

extern const char *const fk_web_signatures_yml;
extern const size_t fk_web_signatures_yml_len;

enum { FORM_GENERAL, FORM_SQL, FORM_RAW, FORM_COUNT };
/* The fields a signature can select, and (F_BODY on) where else a request's parameters
 * arrive: a body and the cookies are read by the signatures that select the query. */
enum {
    F_PATH = 1,
    F_QUERY = 2,
    F_UA = 4,
    F_REFERRER = 8,
    F_METHOD = 16,
    F_PROTOCOL = 32,
    F_BODY = 64,      /* a form or JSON body, as name=value parameters */
    F_BODY_RAW = 128, /* any other body (XML, text, a serialized object), as one value */
    F_COOKIE = 256,   /* the Cookie header, cookie by cookie */
};
#define F_PARAMS (F_QUERY | F_BODY | F_COOKIE) /* read parameter by parameter */

typedef struct {
    char *id, *family, *title, *confidence, *pattern;
    fk_severity severity;
    unsigned fields;
    int form;
    pcre2_code *confirm;
    bool not_in_expressions; /* in_expressions: false (fk_webstruct_opens_as_expression) */
} signature;

struct fk_websig_set {
    signature *sigs;
    size_t count;
    hs_database_t *db[FORM_COUNT];
    hs_scratch_t *scratch;
    unsigned *sig_of[FORM_COUNT]; /* hyperscan id -> signature index */
    pcre2_match_data *md;
    char *buf[FORM_COUNT];
    size_t cap;
    /* per form, the union of its signatures' fields: a field no signature of a form reads
     * is not normalised or scanned in that form (the method only feeds raw-form ones) */
    unsigned form_fields[FORM_COUNT];
    fk_webstruct *ws;      /* the structural readers (webstruct.h), beside the signatures */
    char *families;        /* the families asked for (NULL: all): the readers obey it too */
    char *part;            /* one query parameter, decoded */
    char *sent;            /* a field as sent (the log's escapes undone), for webproto.h */
    char *rest;            /* a query without its free-text values (sig_query) */
    fk_webbody *body;      /* a body's and the cookies' parameters (webbody.h) */
    fk_webbody *param_doc; /* a JSON document given as a query parameter's value */
    char *shown;           /* the evidence of a body or cookie hit, its secrets withheld */
    char *masked;          /* a value with the code it shows blanked (scan_value) */
};

static void free_sig(signature *g)
{
    free(g->id);
    free(g->family);
    free(g->title);
    free(g->confidence);
    free(g->pattern);
    pcre2_code_free(g->confirm);
}

void fk_websig_free(fk_websig_set *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->count; i++)
        free_sig(&s->sigs[i]);
    free(s->sigs);
    for (int f = 0; f < FORM_COUNT; f++) {
        hs_free_database(s->db[f]);
        free(s->sig_of[f]);
        free(s->buf[f]);
    }
    hs_free_scratch(s->scratch);
    pcre2_match_data_free(s->md);
    fk_webstruct_free(s->ws);
    free(s->families);
    free(s->part);
    free(s->sent);
    free(s->rest);
    fk_webbody_free(s->body);
    fk_webbody_free(s->param_doc);
    free(s->shown);
    free(s->masked);
    free(s);
}

size_t fk_websig_count(const fk_websig_set *s)
{
    return s->count;
}

static const char *scalar(yaml_document_t *d, yaml_node_t *n)
{
    (void)d;
    return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

/* Position of family in the comma list, or -1. */
static int family_index(const char *families, const char *family)
{
    size_t fl = strlen(family);
    int i = 0;
    for (const char *p = families; *p; i++) {
        size_t n = strcspn(p, ",");
        if (n == fl && !strncmp(p, family, n))
            return i;
        p += n + (p[n] == ',');
    }
    return -1;
}

/* A misspelt family would otherwise quietly switch that family off: name it. */
static int check_families(const char *families, uint64_t seen, const char *known, fk_err *err)
{
    int i = 0;
    for (const char *p = families; *p; i++) {
        size_t n = strcspn(p, ",");
        if (i >= 64 || !(seen & (UINT64_C(1) << i)))
            return fk_errf(err, "unknown web signature family '%.*s' (known: %s)", (int)n, p,
                           known);
        p += n + (p[n] == ',');
    }
    return 0;
}

static void note_family(char *known, size_t cap, const char *family)
{
    size_t fl = strlen(family), kl = strlen(known);
    if (family_index(known, family) >= 0)
        return;
    if (kl + fl + 2 < cap)
        snprintf(known + kl, cap - kl, "%s%s", kl ? "," : "", family);
}

static int parse_sig(yaml_document_t *doc, yaml_node_t *node, const char *name, signature *g,
                     fk_err *err)
{
    memset(g, 0, sizeof *g);
    g->severity = FK_SEV_MEDIUM;
    g->fields = F_PATH | F_QUERY;
    if (node->type != YAML_MAPPING_NODE)
        return fk_errf(err, "%s:%zu: expected a signature (a mapping)", name,
                       node->start_mark.line + 1);
    const char *confirm = NULL;
    for (yaml_node_pair_t *p = node->data.mapping.pairs.start; p < node->data.mapping.pairs.top;
         p++) {
        yaml_node_t *k = yaml_document_get_node(doc, p->key),
                    *v = yaml_document_get_node(doc, p->value);
        const char *key = scalar(doc, k), *val = scalar(doc, v);
        size_t line = k->start_mark.line + 1;
        if (!key)
            return fk_errf(err, "%s:%zu: expected a key", name, line);
        char **dst = !strcmp(key, "id")           ? &g->id
                     : !strcmp(key, "family")     ? &g->family
                     : !strcmp(key, "title")      ? &g->title
                     : !strcmp(key, "confidence") ? &g->confidence
                     : !strcmp(key, "pattern")    ? &g->pattern
                                                  : NULL;
        if (dst) {
            if (!val || !*val)
                return fk_errf(err, "%s:%zu: %s: expected text", name, line, key);
            if (!(*dst = strdup(val)))
                return fk_errf(err, "out of memory");
        } else if (!strcmp(key, "severity")) {
            if (!val || !fk_severity_parse(val, &g->severity))
                return fk_errf(err,
                               "%s:%zu: severity: expected info, low, medium, high or critical",
                               name, line);
        } else if (!strcmp(key, "form")) {
            if (!val || (strcmp(val, "general") && strcmp(val, "sql") && strcmp(val, "raw")))
                return fk_errf(err, "%s:%zu: form: expected general, sql or raw", name, line);
            g->form = !strcmp(val, "sql")   ? FORM_SQL
                      : !strcmp(val, "raw") ? FORM_RAW
                                            : FORM_GENERAL;
        } else if (!strcmp(key, "in_expressions")) {
            if (!val || (strcmp(val, "true") && strcmp(val, "false")))
                return fk_errf(err, "%s:%zu: in_expressions: expected true or false", name, line);
            g->not_in_expressions = !strcmp(val, "false");
        } else if (!strcmp(key, "confirm")) {
            confirm = val;
            if (!confirm)
                return fk_errf(err, "%s:%zu: confirm: expected a PCRE2 pattern", name, line);
        } else if (!strcmp(key, "fields")) {
            if (v->type != YAML_SEQUENCE_NODE)
                return fk_errf(
                    err,
                    "%s:%zu: fields: expected a list of path, query, user_agent, referrer, method",
                    name, line);
            g->fields = 0;
            for (yaml_node_item_t *it = v->data.sequence.items.start;
                 it < v->data.sequence.items.top; it++) {
                const char *f = scalar(doc, yaml_document_get_node(doc, *it));
                unsigned bit = !f                         ? 0
                               : !strcmp(f, "path")       ? F_PATH
                               : !strcmp(f, "query")      ? F_QUERY
                               : !strcmp(f, "user_agent") ? F_UA
                               : !strcmp(f, "referrer")   ? F_REFERRER
                               : !strcmp(f, "method")     ? F_METHOD
                                                          : 0;
                if (!bit)
                    return fk_errf(
                        err,
                        "%s:%zu: fields: '%s' is not path, query, user_agent, referrer or method",
                        name, line, f ? f : "?");
                g->fields |= bit;
            }
        } else {
            return fk_errf(err, "%s:%zu: unknown key '%s'", name, line, key);
        }
    }
    if (!g->id || !g->family || !g->pattern)
        return fk_errf(err, "%s:%zu: a signature needs id, family and pattern", name,
                       node->start_mark.line + 1);
    if (!g->title && !(g->title = strdup(g->id)))
        return fk_errf(err, "out of memory");
    if (!g->confidence && !(g->confidence = strdup("medium")))
        return fk_errf(err, "out of memory");
    if (confirm) {
        int code;
        PCRE2_SIZE off;
        g->confirm = pcre2_compile((PCRE2_SPTR)confirm, PCRE2_ZERO_TERMINATED,
                                   PCRE2_CASELESS | PCRE2_DOTALL, &code, &off, NULL);
        if (!g->confirm) {
            PCRE2_UCHAR msg[200];
            pcre2_get_error_message(code, msg, sizeof msg);
            return fk_errf(err, "%s: signature %s: confirm: %s at offset %zu", name, g->id,
                           (const char *)msg, (size_t)off);
        }
        pcre2_jit_compile(g->confirm, PCRE2_JIT_COMPLETE);
    }
    return 0;
}

/* The compiled-database cache. Compiling every shipped signature takes Hyperscan about
 * two seconds (ten under AddressSanitizer), paid by every process that loads them: each
 * scan, each hub start, each test case. A database is keyed by what decides it (the
 * signature text, the family selection, the form and the Hyperscan version) and kept as
 * Hyperscan's own serialisation, which refuses a file from another version or CPU; a
 * cache file that does not load is ignored and rewritten. Files are written under a
 * temporary name and renamed, so concurrent loaders never read half a file. */
static void cache_path(const char *dir, const char *yaml, size_t n, const char *families, int form,
                       char *out, size_t cap)
{
    uint64_t h = fk_hash64(yaml, n, 0x77656273u),
             v = fk_hash64(hs_version(), strlen(hs_version()), h);
    if (families)
        h = fk_hash64(families, strlen(families), h);
    snprintf(out, cap, "%s/websig-%016llx%016llx-%d.hs", dir, (unsigned long long)h,
             (unsigned long long)v, form);
}

static hs_database_t *cache_read(const char *path)
{
    fk_err ignored;
    size_t n;
    char *bytes = fk_read_file(path, 256u << 20, &n, &ignored);
    hs_database_t *db = NULL;
    if (bytes && hs_deserialize_database(bytes, n, &db) != HS_SUCCESS)
        db = NULL;
    free(bytes);
    return db;
}

static void cache_write(const char *path, const hs_database_t *db)
{
    char *bytes = NULL, tmp[4200];
    size_t n = 0;
    if (hs_serialize_database(db, &bytes, &n) != HS_SUCCESS)
        return;
    snprintf(tmp, sizeof tmp, "%s.%ld.tmp", path, (long)getpid());
    FILE *f = fopen(tmp, "wb");
    bool ok = f && fwrite(bytes, 1, n, f) == n;
    if (f && fclose(f) != 0)
        ok = false;
    if (!ok || rename(tmp, path) != 0)
        unlink(tmp);
    free(bytes);
}

static int compile(fk_websig_set *s, const char *name, const char *yaml, size_t yaml_n,
                   const char *families, const char *cache_dir, fk_err *err)
{
    for (int f = 0; f < FORM_COUNT; f++) {
        size_t n = 0;
        const char **pats = calloc(s->count + 1, sizeof *pats);
        unsigned *flags = calloc(s->count + 1, sizeof *flags),
                 *ids = calloc(s->count + 1, sizeof *ids);
        s->sig_of[f] = calloc(s->count + 1, sizeof *s->sig_of[f]);
        if (!pats || !flags || !ids || !s->sig_of[f]) {
            free(pats);
            free(flags);
            free(ids);
            return fk_errf(err, "out of memory");
        }
        for (size_t i = 0; i < s->count; i++) {
            if (s->sigs[i].form != f)
                continue;
            pats[n] = s->sigs[i].pattern;
            flags[n] = HS_FLAG_CASELESS | HS_FLAG_DOTALL | HS_FLAG_SINGLEMATCH;
            ids[n] = (unsigned)n;
            s->sig_of[f][n] = (unsigned)i;
            n++;
        }
        int rc = 0;
        char path[4096] = "";
        if (n && cache_dir) {
            cache_path(cache_dir, yaml, yaml_n, families, f, path, sizeof path);
            if ((s->db[f] = cache_read(path)) &&
                hs_alloc_scratch(s->db[f], &s->scratch) != HS_SUCCESS)
                rc = fk_errf(err, "out of memory for the pattern scratch space");
        }
        if (n && !s->db[f] && rc == 0) {
            hs_compile_error_t *ce = NULL;
            if (hs_compile_multi(pats, flags, ids, (unsigned)n, HS_MODE_BLOCK, NULL, &s->db[f],
                                 &ce) != HS_SUCCESS) {
                int bad = ce ? ce->expression : -1;
                rc = fk_errf(err, "%s: signature %s: %s", name,
                             bad >= 0 ? s->sigs[s->sig_of[f][bad]].id : "?",
                             ce ? ce->message : "cannot compile");
                hs_free_compile_error(ce);
            } else if (hs_alloc_scratch(s->db[f], &s->scratch) != HS_SUCCESS) {
                rc = fk_errf(err, "out of memory for the pattern scratch space");
            } else if (path[0]) {
                cache_write(path, s->db[f]);
            }
        }
        free(pats);
        free(flags);
        free(ids);
        if (rc)
            return rc;
    }
    return 0;
}

int fk_websig_load(fk_websig_set **out, const char *name, const char *yaml, size_t n,
                   const char *families, const char *cache_dir, fk_err *err)
{
    *out = NULL;
    fk_websig_set *s = calloc(1, sizeof *s);
    if (!s)
        return fk_errf(err, "out of memory");
    yaml_parser_t p;
    yaml_document_t doc;
    yaml_parser_initialize(&p);
    yaml_parser_set_input_string(&p, (const unsigned char *)yaml, n);
    if (!yaml_parser_load(&p, &doc)) {
        fk_errf(err, "%s:%zu: %s", name, p.problem_mark.line + 1,
                p.problem ? p.problem : "invalid YAML");
        yaml_parser_delete(&p);
        free(s);
        return -1;
    }
    int rc = 0;
    yaml_node_t *root = yaml_document_get_root_node(&doc), *list = NULL;
    for (yaml_node_pair_t *pr =
             root && root->type == YAML_MAPPING_NODE ? root->data.mapping.pairs.start : NULL;
         pr && pr < root->data.mapping.pairs.top; pr++)
        if (scalar(&doc, yaml_document_get_node(&doc, pr->key)) &&
            !strcmp(scalar(&doc, yaml_document_get_node(&doc, pr->key)), "signatures"))
            list = yaml_document_get_node(&doc, pr->value);
    if (!list || list->type != YAML_SEQUENCE_NODE)
        rc = fk_errf(err, "%s: expected a 'signatures:' list", name);
    size_t total =
        rc ? 0 : (size_t)(list->data.sequence.items.top - list->data.sequence.items.start);
    s->sigs = calloc(total + 1, sizeof *s->sigs);
    if (!s->sigs && !rc)
        rc = fk_errf(err, "out of memory");
    uint64_t seen = 0;
    char known[512] = "";
    for (size_t i = 0; rc == 0 && i < total; i++) {
        signature g;
        rc = parse_sig(&doc, yaml_document_get_node(&doc, list->data.sequence.items.start[i]), name,
                       &g, err);
        int at = rc == 0 && families ? family_index(families, g.family) : -1;
        if (rc == 0) {
            note_family(known, sizeof known, g.family);
            if (at >= 0 && at < 64)
                seen |= UINT64_C(1) << at;
        }
        if (rc == 0 && (!families || at >= 0)) {
            s->form_fields[g.form] |= g.fields;
            s->sigs[s->count++] = g;
        } else
            free_sig(&g);
    }
    yaml_document_delete(&doc);
    yaml_parser_delete(&p);
    /* the readers' families, some of which no signature has (ldap, xxe) */
    for (size_t i = 0; rc == 0 && fk_webstruct_family_at(i); i++) {
        const char *family = fk_webstruct_family_at(i);
        note_family(known, sizeof known, family);
        int at = families ? family_index(families, family) : -1;
        if (at >= 0 && at < 64)
            seen |= UINT64_C(1) << at;
    }
    if (rc == 0 && families)
        rc = check_families(families, seen, known, err);
    if (rc == 0)
        rc = compile(s, name, yaml, n, families, cache_dir, err);
    if (rc == 0 && !(s->md = pcre2_match_data_create(4, NULL)))
        rc = fk_errf(err, "out of memory");
    if (rc == 0)
        rc = fk_webstruct_new(&s->ws, err);
    if (rc == 0 && families && !(s->families = strdup(families)))
        rc = fk_errf(err, "out of memory");
    if (rc != 0) {
        fk_websig_free(s);
        return -1;
    }
    *out = s;
    return 0;
}

int fk_websig_load_default(fk_websig_set **out, const char *families, const char *cache_dir,
                           fk_err *err)
{
    return fk_websig_load(out, "rules/web.yml", fk_web_signatures_yml, fk_web_signatures_yml_len,
                          families, cache_dir, err);
}

typedef struct {
    fk_websig_set *s;
    fk_str raw; /* the text a signature scans, as sent (its secrets withheld as sent) */
    unsigned raw_steps;
    /* families a signature already reported for the field being scanned: a reader of
     * the same family then stays quiet (one alert per attack, not two) */
    const char *reported[8];
    int nreported;
    int form;
    unsigned field_bit;
    const char *field_name;
    bool app_data;   /* a body or the cookies */
    bool secret;     /* the text is the value of a secret parameter (webbody.h) */
    bool expression; /* the text is a parameter whose value opens as an expression */
    bool api_call;   /* the request's path is an API's (api_path) */
    /* the event whose path is being read, asked linked_file only when a file suspect
     * by its kind alone is found (NULL on other fields) */
    const fk_event *path_event;
    /* the text is editor markup showing code (fk_webstruct_shows_code): a code
     * signature that ends within a <pre> or <code> element's content stays quiet */
    bool code_shown;
    const char *only; /* the one family the readers may report (NULL: any) */
    /* families read as words in the text being scanned (a Referer's page URL, a
     * free-text parameter): neither their signatures nor their readers report there. At
     * most 5 for a body (a document's and a report's) and 5 for a path (a content
     * route's, a path's of names alone, a monitoring read's); then for a parameter 4 for
     * free text, 2 for a destination, 2 for a picture or a secret's symbols (never both:
     * data: is a word), 1 for a statement and 1 for code shown (scan_value). */
    const char *words[14];
    int nwords;
    const char *text;
    size_t len;
    fk_websig_fn fn;
    void *ctx;
    int hits;
    bool failed;
} scan_ctx;

static bool read_as_words(const scan_ctx *c, const char *family)
{
    for (int i = 0; i < c->nwords; i++)
        if (!strcmp(c->words[i], family))
            return true;
    return false;
}

/* A Referer that is a URL names the page a browser came from, often another site's: a
 * search engine's holds the words its user typed ("netstat -an", "sudo apt update").
 * This server stores and shows a Referer but never runs it or opens it as a file, so
 * commands and file paths in such a URL are read as words; markup, SQL and template
 * code there still matter (dashboards render it, analytics store it). A Referer that is
 * no URL (";env", "cat /etc/passwd") is no browser's, and every family applies. Where a
 * Referer reaches SQL it is a string literal, never spliced in as a number or a name:
 * an injection through it must end that string first, so SQL there needs a quote. */
static void words_of_a_page_url(scan_ctx *c, bool quoted)
{
    c->words[c->nwords++] = "rce";
    c->words[c->nwords++] = "lfi";
    if (!quoted)
        c->words[c->nwords++] = "sqli";
}

/* A picture given inline (fk_webstruct_image_data_url) is neither code to include nor
 * a resource to fetch. */
static void words_of_a_picture(scan_ctx *c)
{
    c->words[c->nwords++] = "code";
    c->words[c->nwords++] = "ssrf";
}

/* A secret (a password) made of symbols without a word (fk_webstruct_symbols_only) is
 * what a password manager generates: it breaks strings and lines as it likes, and says
 * no condition, statement or command after them. */
static bool secret_symbols(const char *name, size_t nl, const char *v, size_t n)
{
    return nl && fk_webbody_secret_name(name, nl) && fk_webstruct_symbols_only(v, n);
}

static void words_of_symbols(scan_ctx *c)
{
    c->words[c->nwords++] = "sqli";
    c->words[c->nwords++] = "rce";
}

static size_t quotes_in(const char *p, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += p[i] == '\'' || p[i] == '"';
    return k;
}

/* A quote in a Referer's page URL that no browser wrote. A browser sends the address of
 * the page it came from as the URL standard serialises it, and that standard encodes
 * both quotes in an http(s) query as %27 and %22 (the special-query percent-encode
 * set): a search engine's URL holds a person's "'or' in sql" as %27or%27, which is the
 * search engine's parameter, never a string this server ends. A quote written raw, or
 * encoded in any other way the signatures decode (twice, %u0027, an HTML reference), is
 * a client's own doing, and SQL there may end the literal a Referer is stored as. The
 * quote is anywhere in the URL (the whole address is the string an analytics table
 * keeps, unlike free text's head: breaks_in). */
static bool crafted_quote_in(fk_str v, unsigned steps, char *scratch, size_t cap)
{
    size_t once = 0; /* %27 and %22 as a browser writes them */
    for (size_t i = 0; i + 2 < v.n; i++)
        if (v.p[i] == '%' && v.p[i + 1] == '2' && (v.p[i + 2] == '7' || v.p[i + 2] == '2'))
            once++;
    return quotes_in(scratch, fk_normalise(v.p, v.n, steps, scratch, cap)) > once;
}

/* A destination (a parameter fk_webstruct_navigation_param names): its URL is where the
 * browser goes next, not an address the server fetches or a file it includes. */
static void words_of_a_destination(scan_ctx *c)
{
    c->words[c->nwords++] = "ssrf";
    c->words[c->nwords++] = "rfi";
}

/* A free-text parameter (a search, a comment: fk_webstruct_param_field) holds what a
 * person typed, and people type "rm -rf node_modules", "drop table if exists" and "cat
 * /proc/cpuinfo meaning" into search boxes. Text an application takes as a string
 * becomes a command only after a separator, a pipe or a substitution, SQL only after a
 * quote ends the string or a ';' or comment ends the statement, and a file to read
 * only when it is a path or an address itself; without those the shell, SQL and file
 * signatures are not asked there (the readers judge free text by the same breaks). */
static void words_of_free_text(scan_ctx *c, unsigned breaks)
{
    if (!(breaks & FK_WS_BREAK_SHELL))
        c->words[c->nwords++] = "rce";
    if (!(breaks & (FK_WS_BREAK_QUOTE | FK_WS_BREAK_STATEMENT)))
        c->words[c->nwords++] = "sqli";
    if (!(breaks & FK_WS_BREAK_PATH))
        c->words[c->nwords++] = "lfi";
    if (!(breaks & FK_WS_BREAK_CODE))
        c->words[c->nwords++] = "code";
}

/* scheme "://" (RFC 3986 3.1): letters, then letters, digits, '+', '-' or '.' */
static bool is_url(fk_str v)
{
    size_t i = 0;
    if (v.n == 0 || !isalpha((unsigned char)v.p[0]))
        return false;
    while (i < v.n &&
           (isalnum((unsigned char)v.p[i]) || v.p[i] == '+' || v.p[i] == '-' || v.p[i] == '.'))
        i++;
    return i + 3 < v.n && !memcmp(v.p + i, "://", 3); /* and something after it */
}

/* A value that is an address (is_url), read as free text is: not one of PHP's stream
 * wrappers (expect://id, phar://upload.jpg/x), written as URLs and none. */
static bool an_address(fk_str v)
{
    return is_url(v) && !fk_webstruct_php_wrapper(v.p, v.n);
}

/* What a hit shows of the text it was found in: as it is, but in a body or the cookies,
 * where passwords, tokens and session ids travel (and an access log never had them),
 * without their values. */
static fk_str evidence(const scan_ctx *c)
{
    if (!c->app_data)
        return (fk_str){c->text, c->len};
    static const char withheld[] = "(withheld: a secret parameter's value)";
    if (c->secret)
        return (fk_str){withheld, sizeof withheld - 1};
    /* split as the body was sent when that is at hand, each pair shown decoded */
    size_t n = c->raw.p
                   ? fk_webbody_withhold(c->raw.p, c->raw.n, c->raw_steps, c->s->shown, c->s->cap)
                   : fk_webbody_withhold(c->text, c->len, 0, c->s->shown, c->s->cap);
    return (fk_str){c->s->shown, n};
}

/* Whether a header's only calls are names set apart from '(' by a blank: a User-Agent's
 * product and its comment (RFC 9110 section 10.1.5: "Rank Exec (rankexec.com)", a
 * crawler's name), which the call signatures' \s* before '(' would take for a call.
 * Code writes a name, a quote, a bracket or a comment's end right before '('; a value
 * with no '(' at all (a serialized object) is left to its signatures. */
static bool only_product_comments(const char *v, size_t n)
{
    bool loose = false;
    for (size_t i = 1; i < n; i++) {
        if (v[i] != '(')
            continue;
        if (isalnum((unsigned char)v[i - 1]) || (v[i - 1] && strchr("_'\")]/`$", v[i - 1])))
            return false;
        size_t b = i;
        while (b > 0 && (v[b - 1] == ' ' || v[b - 1] == '\t'))
            b--;
        if (b < i && b > 0 && (isalnum((unsigned char)v[b - 1]) || v[b - 1] == '_'))
            loose = true;
    }
    return loose;
}

static int on_match(unsigned int id, unsigned long long from, unsigned long long to,
                    unsigned int flags, void *vctx)
{
    (void)from;
    (void)to;
    (void)flags;
    scan_ctx *c = vctx;
    const signature *g = &c->s->sigs[c->s->sig_of[c->form][id]];
    if (!(g->fields & c->field_bit))
        return 0;
    if (read_as_words(c, g->family))
        return 0;
    if (c->expression && g->not_in_expressions)
        return 0;
    if ((c->field_bit & (F_UA | F_REFERRER)) && !strcmp(g->family, "code") &&
        only_product_comments(c->text, c->len))
        return 0;
    if (c->code_shown && !strcmp(g->family, "code") &&
        fk_webstruct_within_shown_code(c->text, c->len, to ? (size_t)to - 1 : 0))
        return 0;
    /* the protocol signatures are about what HTTP's own text may hold (line breaks,
     * control bytes, escapes); a body or a cookie holds the application's data, which
     * the protocol reader still holds to the form grammar. The session signatures look
     * for a session id handed over in a link: in a cookie or a posted form it is where
     * it belongs. */
    if (c->app_data && (!strcmp(g->family, "protocol") || !strcmp(g->family, "session")))
        return 0;
    if (g->confirm &&
        pcre2_match(g->confirm, (PCRE2_SPTR)c->text, c->len, 0, 0, c->s->md, NULL) < 0)
        return 0;
    fk_websig_hit h = {g->id,       g->family,     g->title,    g->confidence,
                       g->severity, c->field_name, evidence(c), NULL};
    if (c->nreported < 8)
        c->reported[c->nreported++] = g->family;
    c->hits++;
    if (c->fn(c->ctx, &h) != 0) {
        c->failed = true;
        return 1; /* stop scanning */
    }
    return 0;
}

/* Whether needle (lower case) occurs in p[0, n) in any case. */
static bool contains_nocase(const char *p, size_t n, const char *needle, size_t l)
{
    for (size_t i = 0; l && i + l <= n; i++)
        if (!strncasecmp(p + i, needle, l))
            return true;
    return false;
}

/* Whether a User-Agent is a crawler that says so: its first product's name (RFC 9110's
 * "product/version") holds bot, spider or crawler (Googlebot-Image/1.0, msnbot/2.0b,
 * Baiduspider), or a comment names the crawler and the page that explains it (Yahoo!
 * Slurp; http://help.yahoo.com/..., special_archiver/3.1.1 +http://www.archive.org/...).
 * A crawler asks only for what pages link to: that is how it finds a URL. */
static bool declared_crawler(fk_str ua)
{
    static const char *const kinds[] = {"bot", "spider", "crawl", "slurp", "archiver", NULL};
    size_t first = 0;
    while (first < ua.n && ua.p[first] != '/' && ua.p[first] != ' ' && ua.p[first] != ';')
        first++;
    bool explained =
        contains_nocase(ua.p, ua.n, "+http", 5) || contains_nocase(ua.p, ua.n, "; http://", 9);
    for (size_t k = 0; kinds[k]; k++) {
        size_t l = strlen(kinds[k]);
        if (contains_nocase(ua.p, first, kinds[k], l) ||
            (explained && contains_nocase(ua.p, ua.n, kinds[k], l)))
            return true;
    }
    return false;
}

/* A request that followed a link to a file the site hands out: it came from a page
 * (the Referer is a web address) or from a crawler that says it is one, and the server
 * answered it (2xx or 304). A blog offers its example configuration
 * (/files/article/dhcpd.conf) that way, as a real 2015 access log showed, and search
 * engines fetch it from the same link; a file suspect by its kind alone
 * (fk_webstruct_kind_why) is then a download. Secrets by name, system files, backups and
 * climbs are reported whatever the Referer or the User-Agent says; a probe asks without
 * a page, and mostly hears 404. */
static bool linked_file(const fk_event *ev)
{
    fk_str r = ev->referrer;
    bool page = (r.n > 7 && !strncasecmp(r.p, "http://", 7)) ||
                (r.n > 8 && !strncasecmp(r.p, "https://", 8));
    bool served = (ev->status >= 200 && ev->status < 300) || ev->status == 304;
    return served && (page || declared_crawler(ev->user_agent));
}

static int on_struct(void *vctx, const fk_webstruct_hit *w)
{
    scan_ctx *c = vctx;
    if (c->only && strcmp(c->only, w->family))
        return 0;
    for (int i = 0; i < c->nreported; i++)
        if (!strcmp(c->reported[i], w->family))
            return 0;
    if (c->s->families && family_index(c->s->families, w->family) < 0)
        return 0;
    if (read_as_words(c, w->family))
        return 0;
    if (w->why == fk_webstruct_kind_why && c->path_event && linked_file(c->path_event))
        return 0;
    if (c->nreported < 8)
        c->reported[c->nreported++] = w->family;
    fk_websig_hit h = {w->id,       w->family,     w->title,    "structure",
                       w->severity, c->field_name, evidence(c), w->why};
    c->hits++;
    if (c->fn(c->ctx, &h) != 0) {
        c->failed = true;
        return -1;
    }
    return 0;
}

/* A JSON, XML or multipart document holds data: a push webhook lists the files a commit
 * changed (config/nginx/site.conf, scripts/deploy.sh), a form names the file a user
 * attached. A file's name there is not a request to open it; a request for the server's
 * own files reaches outside the application's directory: a value that is a path from the
 * root, a drive or a home, that climbs (../), or a scheme other than the web's
 * (file://, php://). When no value of the document does either, the file families read
 * its names as words. */
static bool document_reaches_files(const char *q, size_t n, unsigned steps, char *scratch,
                                   size_t cap)
{
    const char *end = q + n;
    while (q < end) {
        const char *eq;
        const char *stop = fk_webquery_param_end(q, end, &eq);
        if (eq && stop > eq + 1) {
            size_t vl = fk_normalise(eq + 1, (size_t)(stop - eq - 1), steps, scratch, cap);
            /* a path that begins with a dot (.github/workflows/ci.yml) stays inside,
             * unless it climbs */
            bool inside = vl && scratch[0] == '.' && !(vl > 1 && scratch[1] == '.');
            if ((!inside && fk_webstruct_text_breaks(scratch, vl) & FK_WS_BREAK_PATH) ||
                memmem(scratch, vl, "../", 3) || memmem(scratch, vl, "..\\", 3))
                return true;
        }
        if (stop == end)
            break;
        q = fk_webquery_next(stop, end);
    }
    return false;
}

static void words_of_a_document(scan_ctx *c)
{
    c->words[c->nwords++] = "lfi";
    c->words[c->nwords++] = "sensitive";
}

/* Routes after which a URL's path is the name of a file kept as content: a repository's
 * file as its browser or API shows it, a file in a share. A name there (roles/files/
 * etc/ssh/sshd_config, .gitlab-ci.yml, db/migrations/001_init.sql) is what the
 * repository holds, never a file the web server opens at that place, so the file and
 * sensitive-name families read it as words unless the path climbs (..). */
/* GitLab's views and API, Gitea's (and Forgejo's) views, Nextcloud's WebDAV */
static const char *const content_routes[] = {"/-/blob/",
                                             "/-/raw/",
                                             "/-/tree/",
                                             "/-/blame/",
                                             "/-/edit/",
                                             "/repository/files/",
                                             "/repository/tree",
                                             "/src/branch/",
                                             "/src/commit/",
                                             "/src/tag/",
                                             "/raw/branch/",
                                             "/raw/commit/",
                                             "/raw/tag/",
                                             "/media/branch/",
                                             "/remote.php/dav/files/",
                                             "/remote.php/webdav/",
                                             "/public.php/webdav/",
                                             NULL};

/* GitHub's views (and those shaped like them): /OWNER/REPO/VIEW/REF/FILE..., the view
 * the third segment, owner and repository names before it. */
static const char *const repository_views[] = {"blob", "tree",    "raw",     "blame",
                                               "edit", "commits", "history", NULL};

static bool repository_view(fk_str path)
{
    if (path.n == 0)
        return false;
    const char *p = path.p, *end = path.p + path.n;
    for (int seg = 0; seg < 3; seg++) {
        if (p >= end || *p != '/')
            return false;
        const char *s = ++p;
        while (p < end && *p != '/') {
            if (!isalnum((unsigned char)*p) && !strchr("._-", *p))
                return false;
            p++;
        }
        if (p == s)
            return false;
        if (seg == 2) {
            for (size_t k = 0; repository_views[k]; k++)
                if ((size_t)(p - s) == strlen(repository_views[k]) &&
                    !memcmp(s, repository_views[k], (size_t)(p - s)))
                    return p < end; /* a ref and a file follow */
        }
    }
    return false;
}

/* The route is looked for in the path as sent (a client that encodes it is no browser
 * of a repository, and its path is read as any other); the climb after decoding. */
static bool content_path(fk_str path, unsigned steps, char *scratch, size_t cap)
{
    bool route = repository_view(path);
    for (size_t i = 0; content_routes[i] && !route; i++)
        route = memmem(path.p, path.n, content_routes[i], strlen(content_routes[i])) != NULL;
    return route && !memmem(scratch, fk_normalise(path.p, path.n, steps, scratch, cap), "..", 2);
}

/* A request path made of names alone (letters, digits, '.', '_', '-', '~' between its
 * slashes, once decoded) calls nothing: code needs at least a call, an operator or a
 * quote, and a command line a separator or an argument, so the code and command
 * families read such a path as words. Documentation names its pages after what they
 * describe (/api/child_process.html, /3/library/subprocess.html, PowerShell's
 * /module/microsoft.powershell.utility/invoke-expression), and those names are what the
 * readers and signatures know. A path that climbs (/cgi-bin/../../bin/sh) reaches a
 * program rather than naming a page, and is read as any other. */
static bool names_only_path(fk_str path, unsigned steps, char *scratch, size_t cap)
{
    size_t n = fk_normalise(path.p, path.n, steps, scratch, cap);
    for (size_t i = 0; i < n; i++)
        if (!isalnum((unsigned char)scratch[i]) && !(scratch[i] && strchr("/._-~", scratch[i])))
            return false;
    return !memmem(scratch, n, "..", 2);
}

static void words_of_names(scan_ctx *c)
{
    c->words[c->nwords++] = "code";
    c->words[c->nwords++] = "rce";
}

/* Where telemetry is sent (and, wherever it is posted, a body that carries a stack
 * trace: fk_webstruct_stack_trace): error reports (Sentry's envelope and store endpoints), traces,
 * logs and metrics (OpenTelemetry's OTLP over HTTP, Elastic APM's intake, Zipkin). Their
 * bodies report what happened elsewhere, and quote it: a failing frame's source line
 * (cursor.execute("SELECT ... %s", ...)), a statement, a command line, a file's path.
 * The SQL, shell and file families read such a body as words; markup is still read, as
 * the collector's console shows it. Each route is the whole path as the protocol fixes
 * it ('#' a project's number): a shop's /store/ or an application's /api/v1/logs is
 * nobody's telemetry, and its forms are read as any other. */
static const char *const telemetry_routes[] = {
    "/api/#/envelope/",  "/api/#/store/",         "/v1/traces",    "/v1/logs", "/v1/metrics",
    "/intake/v2/events", "/intake/v2/rum/events", "/api/v2/spans", NULL};

static bool route_is(fk_str path, const char *route)
{
    size_t i = 0;
    for (; *route; route++) {
        if (*route != '#') {
            if (i >= path.n || path.p[i++] != *route)
                return false;
            continue;
        }
        size_t digits = i;
        while (i < path.n && isdigit((unsigned char)path.p[i]))
            i++;
        if (i == digits)
            return false;
    }
    return i == path.n;
}

static bool telemetry_path(fk_str path)
{
    for (size_t i = 0; telemetry_routes[i]; i++)
        if (route_is(path, telemetry_routes[i]))
            return true;
    return false;
}

static void words_of_a_report(scan_ctx *c)
{
    c->words[c->nwords++] = "sqli";
    c->words[c->nwords++] = "rce";
    c->words[c->nwords++] = "lfi";
}

/* Status pages in the form only monitoring asks for: Apache mod_status's machine-readable
 * page (?auto), which collectd, Zabbix, Datadog and Prometheus' exporter poll every
 * minute; a scanner looks for the page a person reads. Such a request is the monitor's,
 * and the sensitive-name family reads the path as words. */
static const struct {
    const char *path_end, *query;
} monitoring_reads[] = {{"/server-status", "auto"}};

static bool monitoring_read(fk_str path, fk_str query)
{
    for (size_t i = 0; i < sizeof monitoring_reads / sizeof monitoring_reads[0]; i++) {
        size_t pl = strlen(monitoring_reads[i].path_end), ql = strlen(monitoring_reads[i].query);
        if (path.n >= pl && !strncasecmp(path.p + path.n - pl, monitoring_reads[i].path_end, pl) &&
            query.n == ql && !memcmp(query.p, monitoring_reads[i].query, ql))
            return true;
    }
    return false;
}

/* Status pages under a name any site gives a page of its own (info.php, test.php,
 * i.php). phpinfo() prints the same page whatever the query, so a scanner asks for the
 * name alone, with a cache-buster (?1234) or with PHP's logo id (?=PHPE9568F34-...); a
 * request that hands the page named parameters (/classic/info.php?info=1191&vez=r) is
 * someone on the site's own page, and the sensitive-name family reads the path as
 * words. The names that say what they are (phpinfo.php, server-status) still count. */
static const char *const generic_status_names[] = {"/info.php", "/test.php", "/i.php", NULL};

static bool own_page_with_parameters(fk_str path, fk_str query)
{
    bool named = false;
    for (size_t i = 0; !named && generic_status_names[i]; i++) {
        size_t l = strlen(generic_status_names[i]);
        named = path.n >= l && !strncasecmp(path.p + path.n - l, generic_status_names[i], l);
    }
    if (!named || query.n == 0) /* an absent query may have no pointer at all */
        return false;
    const char *q = query.p, *end = query.p + query.n;
    while (q < end) {
        const char *eq, *stop = fk_webquery_param_end(q, end, &eq);
        if (eq && eq > q && stop > eq + 1)
            return true;
        if (stop == end)
            break;
        q = fk_webquery_next(stop, end);
    }
    return false;
}

/* A path with a segment "api" (/api/v1/..., /user/x/api/kernels/...): what the
 * application's own scripts call, not a page someone opens from a link. */
static bool api_path(fk_str path)
{
    for (size_t i = 0; i + 4 <= path.n; i++)
        if (path.p[i] == '/' && !strncasecmp(path.p + i + 1, "api", 3) &&
            (i + 4 == path.n || path.p[i + 4] == '/'))
            return true;
    return false;
}

/* The code readers on markup showing code, with its <pre> and <code> elements'
 * content blanked: a page's example is not run, but code beside it may be. */
static int scan_unshown_code(scan_ctx *c, fk_webstruct_field as)
{
    fk_websig_set *s = c->s;
    const char *text = c->text;
    size_t len = c->len, end = 0, from = 0;
    memcpy(s->masked, text, len);
    for (size_t start = fk_webstruct_shown_code_span(text, len, 0, &end); start < len;
         start = fk_webstruct_shown_code_span(text, len, from, &end)) {
        memset(s->masked + start, ' ', end - start);
        from = end;
    }
    c->text = s->masked;
    c->only = "code";
    int rc = fk_webstruct_scan(s->ws, c->text, len, as, on_struct, c);
    c->only = NULL;
    c->text = text;
    return rc;
}

/* The readers on one parameter's decoded value (c->text), by what its name says it holds
 * (free text or not; name empty when unknown or too long to matter), and on the pair;
 * a secret's value is read like any other but never shown. */
static int scan_value(scan_ctx *c, const char *name, size_t nl, unsigned where)
{
    fk_websig_set *s = c->s;
    fk_webstruct_field as = nl ? fk_webstruct_param_field(name, nl) : FK_WS_PARAM;
    /* an address, sentences or an editor's markup, read as free text (free_text_param) */
    if (an_address((fk_str){c->text, c->len}) || fk_webstruct_reads_as_prose(c->text, c->len) ||
        fk_webstruct_editor_markup(c->text, c->len))
        as = FK_WS_TEXT;
    c->secret = c->app_data && fk_webbody_secret_name(name, nl);
    int kept = c->nwords;
    if (nl && fk_webstruct_navigation_param(name, nl))
        words_of_a_destination(c);
    if (fk_webstruct_application_sql(c->text, c->len))
        c->words[c->nwords++] = "sqli";
    if (fk_webstruct_image_data_url(c->text, c->len))
        words_of_a_picture(c);
    if (secret_symbols(name, nl, c->text, c->len))
        words_of_symbols(c);
    bool code_shown = as == FK_WS_TEXT && fk_webstruct_shows_code(c->text, c->len);
    if (code_shown)
        c->words[c->nwords++] = "code";
    int rc = fk_webstruct_scan(s->ws, c->text, c->len, as, on_struct, c);
    if (rc >= 0 && nl)
        rc = fk_webstruct_scan_pair(s->ws, name, nl, c->text, c->len, where, on_struct, c);
    c->nwords = kept;
    if (rc >= 0 && code_shown) /* the code readers on what the page does not show */
        rc = scan_unshown_code(c, as);
    c->secret = false;
    return rc < 0 ? -1 : 0;
}

/* The structural readers on one field: query strings (and a Referer's) parameter by
 * parameter, each name and value decoded on its own so that an encoded '&' or '=' stays
 * inside its value; other fields whole. */
static int struct_field(scan_ctx *c, fk_str v, unsigned bit, unsigned steps)
{
    fk_websig_set *s = c->s;
    fk_webstruct_field kind = bit == F_PATH                   ? FK_WS_PATH
                              : bit & (F_PARAMS | F_BODY_RAW) ? FK_WS_PARAM
                                                              : FK_WS_HEADER;
    const char *q = v.p, *end = v.p + v.n;
    if (bit == F_REFERRER) { /* the referring page's own parameters */
        const char *mark = memchr(v.p, '?', v.n);
        if (mark) {
            c->len = fk_normalise(v.p, (size_t)(mark - v.p), steps, s->part, s->cap);
            c->text = s->part;
            if (fk_webstruct_scan(s->ws, c->text, c->len, FK_WS_HEADER, on_struct, c) < 0)
                return -1;
            q = mark + 1;
            kind = FK_WS_PARAM;
        }
    }
    if (kind != FK_WS_PARAM || bit == F_BODY_RAW) {
        c->len = fk_normalise(v.p, v.n, steps, s->part, s->cap);
        c->text = s->part;
        return fk_webstruct_scan(s->ws, c->text, c->len, kind, on_struct, c) < 0 ? -1 : 0;
    }
    unsigned where =
        (bit == F_QUERY ? FK_WS_PAIR_OWN_QUERY : 0) | (c->api_call ? FK_WS_PAIR_API_CALL : 0);
    while (q < end) {
        const char *eq;
        const char *stop = fk_webquery_param_end(q, end, &eq);
        char name[32]; /* the names that matter as a pair are short */
        size_t nl = 0;
        if ((eq ? eq : stop) > q) { /* the name, or the whole of a parameter without an = */
            c->len = fk_normalise(q, (size_t)((eq ? eq : stop) - q), steps, s->part, s->cap);
            c->text = s->part;
            if (fk_webstruct_scan(s->ws, c->text, c->len, FK_WS_PARAM, on_struct, c) < 0)
                return -1;
            /* a parameter whose '=' was percent-encoded (pay%3Dor+1%3D1): the name a
             * server sees holds a value, read as one too */
            const char *inner = eq ? NULL : memchr(c->text, '=', c->len);
            if (inner && inner > c->text && (size_t)(inner - c->text) < sizeof name) {
                nl = (size_t)(inner - c->text);
                memcpy(name, c->text, nl);
                c->len -= nl + 1;
                c->text = inner + 1;
                if (scan_value(c, name, nl, where) != 0)
                    return -1;
            } else if (c->len < sizeof name) {
                memcpy(name, c->text, c->len);
                nl = c->len;
            }
        }
        if (eq && stop > eq + 1) {
            c->len = fk_normalise(eq + 1, (size_t)(stop - eq - 1), steps, s->part, s->cap);
            c->text = s->part;
            if (scan_value(c, name, nl, where) != 0)
                return -1;
        }
        q = fk_webquery_next(stop, end);
    }
    return 0;
}

/* An XML document, for what only its structure holds (webstruct's FK_WS_DOCUMENT). */
static int xml_document(scan_ctx *c, fk_str doc)
{
    fk_websig_set *s = c->s;
    c->len = fk_normalise(doc.p, doc.n, FK_NORM_LOWER, s->part, s->cap);
    c->text = s->part;
    return fk_webstruct_scan(s->ws, c->text, c->len, FK_WS_DOCUMENT, on_struct, c) < 0 ? -1 : 0;
}

/* The protocol reader on one field as it was sent: percent-encoding kept, case kept
 * (methods are case-sensitive), only the log's own escapes undone. */
static int proto_field(scan_ctx *c, fk_str v, unsigned bit, unsigned logesc)
{
    fk_websig_set *s = c->s;
    fk_webproto_field kind = bit == F_METHOD     ? FK_WP_METHOD
                             : bit == F_PROTOCOL ? FK_WP_VERSION
                             : bit == F_PATH     ? FK_WP_PATH
                             : bit & F_PARAMS    ? FK_WP_QUERY
                                                 : FK_WP_HEADER;
    c->len = fk_normalise(v.p, v.n, logesc, s->sent, s->cap);
    c->text = s->sent;
    fk_webproto_finding f;
    if (!fk_webproto_read(c->text, c->len, kind, s->part, s->cap, &f))
        return 0;
    fk_webstruct_hit h = {"struct-protocol", "protocol",
                          "HTTP protocol violation (the request breaks HTTP or URI grammar)",
                          f.severity, f.why};
    return on_struct(c, &h) < 0 ? -1 : 0;
}

/* One field's text through every form's signatures (the forms its signatures read). */
static int sig_scan(scan_ctx *c, fk_str v, unsigned field_steps, unsigned logesc)
{
    fk_websig_set *s = c->s;
    for (int f = 0; f < FORM_COUNT && !c->failed; f++) {
        if (!s->db[f] || !(s->form_fields[f] & c->field_bit))
            continue;
        /* the raw form is only lower-cased: it keeps the encodings that are
         * themselves the anomaly (%u, double encoding, control bytes) */
        unsigned steps = f == FORM_RAW ? (FK_NORM_LOWER | logesc)
                                       : field_steps | (f == FORM_SQL ? FK_NORM_SQL : 0) | logesc;
        c->len = fk_normalise(v.p, v.n, steps, s->buf[f], s->cap);
        c->text = s->buf[f];
        c->form = f;
        c->raw = v;
        c->raw_steps = steps;
        hs_error_t e = hs_scan(s->db[f], c->text, (unsigned)c->len, 0, s->scratch, on_match, c);
        c->raw = (fk_str){NULL, 0};
        if (e != HS_SUCCESS && e != HS_SCAN_TERMINATED)
            return -1;
    }
    return 0;
}

/* Whether a value as sent may be prose or an editor's markup, before it is decoded:
 * seven blanks, written or encoded, sixty bytes of a script beyond ASCII, or a '<'
 * first. */
static bool may_be_prose(const char *v, size_t n)
{
    size_t blanks = 0, wide = 0;
    for (size_t i = 0; i < n && blanks < 7 && wide < 60; i++) {
        blanks += v[i] == ' ' || v[i] == '+' || v[i] == '\n' ||
                  (v[i] == '%' && i + 2 < n &&
                   (!memcmp(v + i + 1, "20", 2) || !strncasecmp(v + i + 1, "0a", 2)));
        wide += (unsigned char)v[i] >= 0x80 ||
                (v[i] == '%' && i + 1 < n && v[i + 1] && strchr("89abcdefABCDEF", v[i + 1]));
    }
    return blanks >= 7 || wide >= 60 || (n > 3 && (v[0] == '<' || !strncasecmp(v, "%3c", 3)));
}

/* One query parameter as sig_query judges it: its name and value as sent, each decoded
 * (as the signatures and readers decode) at most once, when a test first needs it. */
typedef struct {
    const char *q, *eq, *stop; /* the name from q, its '=' (NULL: none), its end */
    unsigned steps;
    char name[32]; /* the decoded name; nl 0 when there is none or it is too long */
    size_t nl;
    char *value; /* the decoded value, once decoded (into the set's part buffer) */
    size_t vn;
    bool decoded;
} query_param;

static fk_str param_value(query_param *p, fk_websig_set *s)
{
    if (!p->decoded) {
        p->vn = fk_normalise(p->eq + 1, (size_t)(p->stop - p->eq - 1), p->steps, s->part, s->cap);
        p->value = s->part;
        p->decoded = true;
    }
    return (fk_str){p->value, p->vn};
}

/* Whether a query parameter is read as free text: a free-text name, sentences, or a URL
 * as its value. A URL given as a value (a beacon's page address, a link saved in a
 * profile, where to go next) is an address like a Referer's page URL: the words of its
 * query are someone's search, and an injection into a command line that fetches it must
 * break out at its head, right after the URL (http://x/;id), as in free text. */
static bool free_text_param(query_param *p, fk_websig_set *s)
{
    if (p->nl && fk_webstruct_param_field(p->name, p->nl) == FK_WS_TEXT)
        return true;
    const char *v = p->eq + 1;
    size_t vl = (size_t)(p->stop - v);
    /* sentences or an editor's markup, whatever the parameter is called */
    if (may_be_prose(v, vl)) {
        fk_str d = param_value(p, s);
        if (fk_webstruct_reads_as_prose(d.p, d.n) || fk_webstruct_editor_markup(d.p, d.n))
            return true;
    }
    /* a scheme begins with a letter however the value is escaped (http%3A%2F%2F) */
    if (!vl || !isalpha((unsigned char)v[0]))
        return false;
    fk_str d = param_value(p, s);
    return an_address((fk_str){d.p, d.n < 32 ? d.n : 32});
}

/* Whether a parameter's value opens as an expression of a query language
 * (fk_webstruct_opens_as_expression): decoded only when, as sent, it begins with a letter,
 * as a name does, or with a group's parenthesis, and holds a comparison. */
static bool expression_param(query_param *p, fk_websig_set *s)
{
    const char *v = p->eq + 1, *stop = p->stop;
    if (stop <= v + 1)
        return false;
    /* or a group's parenthesis, written or encoded */
    bool group = v[0] == '(' || (stop > v + 3 && !memcmp(v, "%28", 3));
    if (!(isalpha((unsigned char)v[0]) || v[0] == '_' || v[0] == '$' || group))
        return false;
    /* a comparison, written or encoded, or a blank before a word operator (eq, like) */
    bool sign = false;
    for (const char *c = v; c < stop && !sign; c++)
        sign = (*c && strchr("=<>~!+ ", *c)) ||
               (*c == '%' && c + 2 < stop && (c[1] == '3' || c[1] == '2' || c[1] == '7'));
    if (!sign)
        return false;
    fk_str d = param_value(p, s);
    return fk_webstruct_opens_as_expression(d.p, d.n);
}

/* Whether a parameter's value, as sent, opens a JSON object or array (written or
 * percent-encoded): GraphQL's variables over GET, a filter or a state object. */
static bool document_param(const query_param *p)
{
    const char *v = p->eq + 1;
    size_t n = (size_t)(p->stop - v);
    return n >= 2 && (v[0] == '{' || v[0] == '[' ||
                      (n >= 4 && v[0] == '%' &&
                       (!strncasecmp(v + 1, "7b", 2) || !strncasecmp(v + 1, "5b", 2))));
}

static int sig_query_in(scan_ctx *c, fk_str v, unsigned steps, unsigned logesc, bool inner);

/* A JSON document given as a parameter's value, read member by member as a JSON body is
 * (webbody.h): each string under its own name, so that a search term inside GraphQL's
 * variables is free text as the same term in q= is. A value that does not parse as a
 * document, or grows past the buffers, is read as the parameter it is. */
static int sig_document_param(scan_ctx *c, fk_str param, unsigned steps, unsigned logesc)
{
    fk_websig_set *s = c->s;
    query_param p = {.q = param.p, .steps = steps | logesc};
    p.stop = fk_webquery_param_end(param.p, param.p + param.n, &p.eq);
    fk_str d = param_value(&p, s);
    fk_webbody_view view;
    if (!s->param_doc && !(s->param_doc = fk_webbody_new()))
        return -1;
    if (fk_webbody_read(s->param_doc, d.p, d.n, &view) != 0)
        return -1;
    if (view.shape != FK_WEBBODY_FORM || !view.document.n || view.text.n + 1 > s->cap)
        return sig_scan(c, param, steps, logesc);
    return sig_query_in(c, view.text, steps, 0, true);
}

/* A query through the signatures: each free-text parameter on its own as name=value
 * (words_of_free_text; the signatures read a parameter's structure, (^|&)name=), and
 * each whose value opens as an expression (where the signatures marked in_expressions:
 * false stay quiet) or is an application's own statement (fk_webstruct_application_sql,
 * asked of a value that opens with a letter), then the rest, those parameters' names
 * kept, as one text; then each whose value is a JSON document, member by member
 * (sig_document_param; not again inside one, inner). The split is made on the query as
 * sent, so an '&' that decodes out of a value never moves text into a free-text
 * parameter. */
static int sig_query_in(scan_ctx *c, fk_str v, unsigned steps, unsigned logesc, bool inner)
{
    fk_websig_set *s = c->s;
    const char *end = v.p + v.n;
    size_t nr = 0;
    bool any = false;
    fk_str docs[4];
    size_t ndocs = 0;
    for (const char *q = v.p; q < end && !c->failed;) {
        query_param p = {.q = q, .steps = steps | logesc};
        p.stop = fk_webquery_param_end(q, end, &p.eq);
        bool text = false, expr = false, stmt = false, doc = false, image = false, symbols = false;
        if (p.eq && p.stop > p.eq + 1) {
            if (p.eq > q && (size_t)(p.eq - q) < sizeof p.name)
                p.nl = fk_normalise(q, (size_t)(p.eq - q), p.steps, p.name, sizeof p.name);
            text = free_text_param(&p, s);
            expr = expression_param(&p, s);
            if (!text && !expr && p.stop > p.eq + 8 && isalpha((unsigned char)p.eq[1])) {
                fk_str d = param_value(&p, s);
                stmt = fk_webstruct_application_sql(d.p, d.n);
            }
            doc = !inner && !text && !expr && !stmt && ndocs < sizeof docs / sizeof docs[0] &&
                  document_param(&p);
            if (!text && !expr && !stmt && !doc && p.stop > p.eq + 5 &&
                tolower((unsigned char)p.eq[1]) == 'd') {
                fk_str d = param_value(&p, s);
                image = fk_webstruct_image_data_url(d.p, d.n);
            }
            /* secret_symbols' two tests, split so that a value is decoded only under a
             * secret's name */
            if (!text && !expr && !stmt && !doc && !image && p.nl &&
                fk_webbody_secret_name(p.name, p.nl)) {
                fk_str d = param_value(&p, s);
                symbols = fk_webstruct_symbols_only(d.p, d.n);
            }
        }
        bool alone = text || expr || stmt || doc || image || symbols;
        size_t keep = alone ? (size_t)(p.eq + 1 - q) : (size_t)(p.stop - q);
        memcpy(s->rest + nr, q, keep);
        nr += keep;
        if (p.stop < end)
            s->rest[nr++] = '&';
        if (doc)
            docs[ndocs++] = (fk_str){q, (size_t)(p.stop - q)};
        if (alone && !doc) {
            int kept = c->nwords;
            if (stmt)
                c->words[c->nwords++] = "sqli";
            if (image)
                words_of_a_picture(c);
            if (symbols)
                words_of_symbols(c);
            if (text) {
                param_value(&p, s);
                words_of_free_text(c, fk_webstruct_text_breaks(p.value, p.vn));
                if (p.nl && fk_webstruct_navigation_param(p.name, p.nl))
                    words_of_a_destination(c);
                c->code_shown = fk_webstruct_shows_code(p.value, p.vn);
            }
            c->expression = expr;
            int rc = sig_scan(c, (fk_str){q, (size_t)(p.stop - q)}, steps, logesc);
            c->expression = false;
            c->code_shown = false;
            c->nwords = kept;
            if (rc != 0)
                return -1;
        }
        any = any || alone;
        q = fk_webquery_next(p.stop, end);
    }
    if (c->failed)
        return 0;
    if (sig_scan(c, any ? (fk_str){s->rest, nr} : v, steps, logesc) != 0)
        return -1;
    for (size_t k = 0; k < ndocs && !c->failed; k++)
        if (sig_document_param(c, docs[k], steps, logesc) != 0)
            return -1;
    return 0;
}

static int sig_query(scan_ctx *c, fk_str v, unsigned steps, unsigned logesc)
{
    return sig_query_in(c, v, steps, logesc, false);
}

static bool grow(fk_websig_set *s, size_t need)
{
    size_t ncap = need + 1024;
    for (int f = 0; f < FORM_COUNT; f++) {
        char *nb = realloc(s->buf[f], ncap);
        if (!nb)
            return false;
        s->buf[f] = nb;
    }
    char **scratch[] = {&s->part, &s->sent, &s->rest, &s->shown, &s->masked};
    for (size_t k = 0; k < sizeof scratch / sizeof scratch[0]; k++) {
        char *np = realloc(*scratch[k], ncap);
        if (!np)
            return false;
        *scratch[k] = np;
    }
    s->cap = ncap;
    return true;
}

int fk_websig_match_event(fk_websig_set *s, const fk_event *ev, fk_websig_fn fn, void *ctx)
{
    if (ev->kind != FK_KIND_WEB)
        return 0;
    /* the request line's protocol, which decoders keep as an extra (access logs) */
    fk_str protocol = {NULL, 0};
    for (size_t i = 0; i < ev->nextra; i++)
        if (fk_str_eq(ev->extra[i].key, "protocol"))
            protocol = ev->extra[i].value;
    /* a body and the cookies, where the log keeps them, as parameters (webbody.h) */
    fk_webbody_view body = {.shape = FK_WEBBODY_RAW};
    fk_str cookies = {NULL, 0};
    if ((ev->body.n || ev->cookie.n) && !s->body && !(s->body = fk_webbody_new()))
        return -1;
    if (ev->body.n && fk_webbody_read(s->body, ev->body.p, ev->body.n, &body) != 0)
        return -1;
    if (ev->cookie.n && fk_webbody_cookies(s->body, ev->cookie.p, ev->cookie.n, &cookies) != 0)
        return -1;
    unsigned body_bit = body.shape == FK_WEBBODY_FORM ? F_BODY : F_BODY_RAW;
    /* a body that carries a stack trace is a client's report, read as telemetry's are */
    bool stack_trace =
        ev->body.n && fk_webstruct_stack_trace(ev->body.p, ev->body.n < FK_WEBBODY_READ_MAX
                                                               ? ev->body.n
                                                               : FK_WEBBODY_READ_MAX);
    if (body.xml && body.document.n + 1 > s->cap && !grow(s, body.document.n))
        return -1;
    struct {
        fk_str v;
        unsigned bit; /* where the text came from */
        unsigned sel; /* the field a signature selects to read it */
        const char *name;
        unsigned steps;
    } fields[] = {
        {ev->path, F_PATH, F_PATH, "path", FK_NORM_DEFAULT & ~FK_NORM_PLUS},
        {ev->query, F_QUERY, F_QUERY, "query", FK_NORM_DEFAULT & ~FK_NORM_PATH},
        {ev->user_agent, F_UA, F_UA, "user_agent",
         FK_NORM_DEFAULT & ~(FK_NORM_PATH | FK_NORM_PLUS)},
        {ev->referrer, F_REFERRER, F_REFERRER, "referrer", FK_NORM_DEFAULT & ~FK_NORM_PATH},
        {ev->method, F_METHOD, F_METHOD, "method", FK_NORM_LOWER},
        {protocol, F_PROTOCOL, F_PROTOCOL, "protocol", 0},
        {body.text, body_bit, F_QUERY, "body",
         FK_NORM_DEFAULT & ~(FK_NORM_PATH | (body_bit == F_BODY_RAW ? FK_NORM_PLUS : 0))},
        {cookies, F_COOKIE, F_QUERY, "cookie", FK_NORM_DEFAULT & ~(FK_NORM_PATH | FK_NORM_PLUS)},
    };
    scan_ctx c = {.s = s, .fn = fn, .ctx = ctx, .api_call = api_path(ev->path)};
    /* fields read from an access log still carry the log's own escaping */
    bool access_log =
        ev->format && (!strcmp(ev->format, "combined") || !strcmp(ev->format, "common") ||
                       !strcmp(ev->format, "custom"));
    unsigned logesc = access_log ? FK_NORM_LOGESC : 0;
    for (size_t i = 0; i < sizeof fields / sizeof fields[0] && !c.failed; i++) {
        if (fields[i].v.n == 0 || (fields[i].v.n == 1 && fields[i].v.p[0] == '-'))
            continue;
        if (fields[i].v.n + 1 > s->cap && !grow(s, fields[i].v.n))
            return -1;
        unsigned bit = fields[i].bit;
        c.field_bit = fields[i].sel;
        c.field_name = fields[i].name;
        c.nwords = 0;
        c.app_data = (bit & (F_BODY | F_BODY_RAW | F_COOKIE)) != 0;
        if (bit == F_BODY && body.document.n &&
            !document_reaches_files(fields[i].v.p, fields[i].v.n, fields[i].steps | logesc, s->part,
                                    s->cap))
            words_of_a_document(&c);
        if (bit == F_PATH && content_path(fields[i].v, fields[i].steps | logesc, s->part, s->cap))
            words_of_a_document(&c);
        if ((bit & (F_BODY | F_BODY_RAW)) && (telemetry_path(ev->path) || stack_trace))
            words_of_a_report(&c);
        if (bit == F_PATH &&
            names_only_path(fields[i].v, fields[i].steps | logesc, s->part, s->cap))
            words_of_names(&c);
        c.path_event = bit == F_PATH ? ev : NULL;
        if (bit == F_PATH &&
            (monitoring_read(ev->path, ev->query) || own_page_with_parameters(ev->path, ev->query)))
            c.words[c.nwords++] = "sensitive";
        if (bit == F_REFERRER && an_address(fields[i].v))
            words_of_a_page_url(
                &c, crafted_quote_in(fields[i].v, fields[i].steps | logesc, s->part, s->cap));
        c.nreported = 0;
        if ((bit & F_PARAMS ? sig_query(&c, fields[i].v, fields[i].steps, logesc)
                            : sig_scan(&c, fields[i].v, fields[i].steps, logesc)) != 0)
            return -1;
        /* the method and the protocol are tokens, not values an interpreter reads */
        if (!c.failed && bit != F_METHOD && bit != F_PROTOCOL &&
            struct_field(&c, fields[i].v, bit, fields[i].steps | logesc) != 0 && !c.failed)
            return -1;
        /* a body rewritten from JSON, XML or multipart is escaped by webbody itself, and
         * holds files' bytes: the form grammar is read only in a form as it was sent */
        bool rewritten = bit == F_BODY && body.document.n;
        if (!c.failed && bit != F_BODY_RAW && !rewritten &&
            proto_field(&c, fields[i].v, bit, logesc) != 0 && !c.failed)
            return -1;
        /* a script uploaded where the server may run it: a web shell's usual way in */
        if (!c.failed && bit == F_BODY && body.script_upload.n) {
            fk_webstruct_hit h = {"struct-upload", "code",
                                  "Server-side script uploaded (a web shell's way in)", FK_SEV_HIGH,
                                  "script file name in an upload"};
            c.text = body.script_upload.p;
            c.len = body.script_upload.n;
            if (on_struct(&c, &h) != 0 && !c.failed)
                return -1;
        }
        /* an XML body read as parameters: the document itself, for its DTD's entities */
        if (!c.failed && bit == F_BODY && body.xml && xml_document(&c, body.document) != 0 &&
            !c.failed)
            return -1;
    }
    return c.failed ? -1 : c.hits;
}
