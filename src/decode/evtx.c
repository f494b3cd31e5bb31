#include "evtx.h"

#include "jsonlog.h"

#include <ctype.h>
#include <libevtx.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Paths deeper or longer than this are left out, as the JSON walk leaves them out. */
#define PATH_CAP  512
#define MAX_DEPTH 32
/* A record's XML is a rendering of at most one 64 KiB chunk's record; a template that
 * expands past this is refused rather than followed without bound. */
#define MAX_XML (8u * 1024 * 1024)

struct fk_evtx {
    libevtx_file_t *file;
    int count, recovered, next; /* listed records; fragments left in free space */
    bool corrupted;
    fk_jsonlog *names; /* the JSON decoder's table of typed field names */
    uint8_t *xml;
    size_t cap;
    char why[256];
};

static const char signature[8] = {'E', 'l', 'f', 'F', 'i', 'l', 'e', '\0'};

bool fk_evtx_signature(const void *head, size_t n)
{
    return n >= sizeof signature && memcmp(head, signature, sizeof signature) == 0;
}

bool fk_evtx_is_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return false;
    char head[sizeof signature];
    size_t n = fread(head, 1, sizeof head, f);
    fclose(f);
    return fk_evtx_signature(head, n);
}

fk_evtx *fk_evtx_new_decoder(void)
{
    fk_evtx *x = calloc(1, sizeof *x);
    if (!x)
        return NULL;
    x->names = fk_jsonlog_new();
    if (!x->names) {
        free(x);
        return NULL;
    }
    xmlInitParser();
    return x;
}

/* libevtx's error, as one line, into x->why (or err). */
static const char *evtx_error(char *buf, size_t cap, const char *what, libevtx_error_t *e)
{
    char detail[512] = "";
    if (e) {
        libevtx_error_sprint(e, detail, sizeof detail);
        libevtx_error_free(&e);
        for (char *p = detail; *p; p++)
            if (*p == '\n' || *p == '\r')
                *p = ' ';
    }
    snprintf(buf, cap, "%s%s%s", what, detail[0] ? ": " : "", detail);
    return buf;
}

int fk_evtx_open(fk_evtx **out, const char *path, fk_err *err)
{
    *out = NULL;
    fk_evtx *x = fk_evtx_new_decoder();
    if (!x)
        return fk_errc(err, FK_ERR_NOMEM, "out of memory");
    libevtx_error_t *e = NULL;
    char msg[768];
    if (libevtx_file_initialize(&x->file, &e) != 1) {
        fk_evtx_close(x);
        return fk_errc(err, FK_ERR_NOMEM, "%s", evtx_error(msg, sizeof msg, "libevtx", e));
    }
    if (libevtx_file_open(x->file, path, LIBEVTX_OPEN_READ, &e) != 1) {
        libevtx_file_free(&x->file, NULL);
        x->file = NULL;
        fk_evtx_close(x);
        return fk_errc(err, FK_ERR_INVALID, "%s: %s", path,
                       evtx_error(msg, sizeof msg, "not a readable .evtx file", e));
    }
    if (libevtx_file_get_number_of_records(x->file, &x->count, &e) != 1) {
        fk_evtx_close(x);
        return fk_errc(err, FK_ERR_INVALID, "%s: %s", path,
                       evtx_error(msg, sizeof msg, "cannot count its records", e));
    }
    /* fragments left in free space (a cleared or damaged log keeps some) */
    if (libevtx_file_get_number_of_recovered_records(x->file, &x->recovered, NULL) != 1)
        x->recovered = 0;
    x->corrupted = libevtx_file_is_corrupted(x->file, NULL) == 1;
    *out = x;
    return 0;
}

size_t fk_evtx_count(const fk_evtx *x)
{
    return x->count > 0 ? (size_t)x->count : 0;
}

size_t fk_evtx_recovered(const fk_evtx *x)
{
    return x->recovered > 0 ? (size_t)x->recovered : 0;
}

bool fk_evtx_corrupted(const fk_evtx *x)
{
    return x->corrupted;
}

void fk_evtx_close(fk_evtx *x)
{
    if (!x)
        return;
    if (x->file) {
        libevtx_file_close(x->file, NULL);
        libevtx_file_free(&x->file, NULL);
    }
    fk_jsonlog_free(x->names);
    free(x->xml);
    free(x);
}

/* ---- one record's XML into dotted fields ----------------------------------------- */

typedef struct {
    fk_jsonlog_record rec;
    char path[PATH_CAP];
    bool nomem;
} walk_state;

/* path[0..plen) + "." + name; 0 when it does not fit. */
static size_t extend(walk_state *w, size_t plen, const char *name)
{
    size_t n = strlen(name);
    if (plen + 1 + n + 1 > PATH_CAP)
        return 0;
    if (plen)
        w->path[plen++] = '.';
    memcpy(w->path + plen, name, n);
    w->path[plen + n] = '\0';
    return plen + n;
}

/* libevtx writes hexadecimal integers zero-padded to their width (0x001fffff); Windows
 * and the exporters write them without the padding (0x1fffff), and rules compare with
 * that spelling (GrantedAccess: 0x1fffff). */
static fk_str unpad_hex(fk_str v)
{
    if (v.n < 4 || v.p[0] != '0' || v.p[1] != 'x' || v.p[2] != '0')
        return v;
    for (size_t i = 2; i < v.n; i++)
        if (!isxdigit((unsigned char)v.p[i]))
            return v;
    size_t k = 2;
    while (k + 1 < v.n && v.p[k] == '0')
        k++;
    /* "0x" + the digits from k: written over the zeros the padding leaves */
    char *p = (char *)v.p + k - 2;
    p[0] = '0';
    p[1] = 'x';
    return (fk_str){p, v.n - (k - 2)};
}

static void emit(walk_state *w, size_t plen, const xmlChar *text)
{
    /* an empty element is present but empty, as JSON null is: not stored */
    if (!text || !text[0] || plen == 0)
        return;
    fk_str v = unpad_hex((fk_str){(const char *)text, strlen((const char *)text)});
    /* Sysmon pads command lines with trailing spaces ("chcp  "); the exporters SigmaHQ's
     * rules are tested against drop them, and endswith rules depend on it */
    while (v.n && (v.p[v.n - 1] == ' ' || v.p[v.n - 1] == '\t' || v.p[v.n - 1] == '\r' ||
                   v.p[v.n - 1] == '\n'))
        v.n--;
    if (!v.n)
        return;
    if (fk_jsonlog_record_leaf(&w->rec, w->path, plen, v) != 0)
        w->nomem = true;
}

static void emit_content(walk_state *w, size_t plen, xmlNode *n)
{
    xmlChar *t = xmlNodeGetContent(n);
    emit(w, plen, t);
    xmlFree(t);
}

static bool has_element_children(const xmlNode *el)
{
    for (const xmlNode *c = el->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE)
            return true;
    return false;
}

static bool named(const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, name);
}

/* EventData's <Data Name="X">v</Data> becomes EventData.X = v, as every JSON exporter
 * writes it; unnamed Data items become EventData.Data (EventData.Data.N when several). */
static void walk_event_data(walk_state *w, xmlNode *el, size_t plen)
{
    size_t unnamed = 0, index = 0;
    for (xmlNode *c = el->children; c; c = c->next)
        if (named(c, "Data") && !xmlHasProp(c, (const xmlChar *)"Name"))
            unnamed++;
    for (xmlNode *c = el->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        xmlChar *name = named(c, "Data") ? xmlGetProp(c, (const xmlChar *)"Name") : NULL;
        size_t l;
        if (name) {
            l = extend(w, plen, (const char *)name);
            xmlFree(name);
        } else if (named(c, "Data") && unnamed > 1) {
            char idx[32];
            snprintf(idx, sizeof idx, "%zu", index++);
            l = extend(w, plen, "Data");
            l = l ? extend(w, l, idx) : 0;
        } else {
            l = extend(w, plen, (const char *)c->name);
        }
        if (l)
            emit_content(w, l, c);
    }
}

static void walk_element(walk_state *w, xmlNode *el, size_t plen, int depth)
{
    if (depth > MAX_DEPTH)
        return;
    /* libxml2 keeps xmlns apart from the attributes; the exporters list it with them */
    for (xmlNs *ns = el->nsDef; ns; ns = ns->next) {
        char name[128];
        snprintf(name, sizeof name, "xmlns%s%.100s", ns->prefix ? ":" : "",
                 ns->prefix ? (const char *)ns->prefix : "");
        size_t l = extend(w, plen, "#attributes");
        l = l ? extend(w, l, name) : 0;
        if (l)
            emit(w, l, ns->href);
    }
    for (xmlAttr *a = el->properties; a; a = a->next) {
        size_t l = extend(w, plen, "#attributes");
        l = l ? extend(w, l, (const char *)a->name) : 0;
        if (l)
            emit_content(w, l, (xmlNode *)a);
    }
    if (!has_element_children(el)) {
        emit_content(w, plen, el);
        return;
    }
    if (!strcmp((const char *)el->name, "EventData")) {
        walk_event_data(w, el, plen);
        return;
    }
    for (xmlNode *c = el->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        size_t l = extend(w, plen, (const char *)c->name);
        if (l)
            walk_element(w, c, l, depth + 1);
    }
}

fk_dec_status fk_evtx_decode_xml(fk_evtx *x, const char *xml, size_t n, fk_event *ev,
                                 fk_arena *arena, const char **why)
{
    if (n > MAX_XML || n > INT32_MAX) {
        *why = "record larger than 8 MiB";
        return FK_DEC_BAD;
    }
    /* no network, no entities from outside, no DTD: a record is data, never a fetch */
    xmlDoc *doc = xmlReadMemory(xml, (int)n, NULL, "UTF-8",
                                XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;
    if (!root) {
        const xmlError *e = xmlGetLastError();
        snprintf(x->why, sizeof x->why, "the record's XML is malformed%s%.160s",
                 e && e->message ? ": " : "", e && e->message ? e->message : "");
        size_t l = strlen(x->why);
        while (l && (x->why[l - 1] == '\n' || x->why[l - 1] == ' '))
            x->why[--l] = '\0';
        xmlResetLastError();
        xmlFreeDoc(doc);
        *why = x->why;
        return FK_DEC_BAD;
    }
    walk_state *w = malloc(sizeof *w);
    if (!w) {
        xmlFreeDoc(doc);
        *why = "out of memory";
        return FK_DEC_BAD;
    }
    w->nomem = false;
    fk_jsonlog_record_begin(&w->rec, x->names, ev, arena);
    size_t l = extend(w, 0, (const char *)root->name);
    if (l)
        walk_element(w, root, l, 0);
    bool nomem = w->nomem;
    if (!nomem)
        fk_jsonlog_record_end(&w->rec, xml, n);
    free(w);
    xmlFreeDoc(doc);
    if (nomem) {
        ev->alloc_failed = true;
        *why = "out of memory";
        return FK_DEC_BAD;
    }
    ev->format = "evtx";
    return FK_DEC_OK;
}

bool fk_evtx_next(fk_evtx *x, fk_event *ev, fk_arena *arena, fk_dec_status *status,
                  const char **why)
{
    /* records recovered from free space are not read: in the files tried they were
     * stale fragments, mostly unreadable, and the rest repeats listed records; they are
     * counted (fk_evtx_recovered) so that a damaged file says what it holds */
    if (!x->file || x->next >= x->count)
        return false;
    int index = x->next++;
    ev->line = (uint64_t)index + 1;
    libevtx_record_t *rec = NULL;
    libevtx_error_t *e = NULL;
    size_t size = 0;
    *status = FK_DEC_BAD;
    int got = libevtx_file_get_record_by_index(x->file, index, &rec, &e);
    if (got != 1) {
        *why = evtx_error(x->why, sizeof x->why, "record cannot be read", e);
        return true;
    }
    if (libevtx_record_get_utf8_xml_string_size(rec, &size, &e) != 1 || size == 0 ||
        size > MAX_XML) {
        *why = size > MAX_XML ? "record larger than 8 MiB"
                              : evtx_error(x->why, sizeof x->why, "record cannot be rendered", e);
        libevtx_record_free(&rec, NULL);
        return true;
    }
    if (size > x->cap) {
        uint8_t *grown = realloc(x->xml, size);
        if (!grown) {
            libevtx_record_free(&rec, NULL);
            *why = "out of memory";
            return true;
        }
        x->xml = grown;
        x->cap = size;
    }
    int rc = libevtx_record_get_utf8_xml_string(rec, x->xml, size, &e);
    libevtx_record_free(&rec, NULL);
    if (rc != 1) {
        *why = evtx_error(x->why, sizeof x->why, "record cannot be rendered", e);
        return true;
    }
    size_t n = strnlen((const char *)x->xml, size);
    const char *xml = (const char *)x->xml;
    /* libevtx writes a value's CR as it is, and an XML parser turns CR LF into LF: write
     * it as a character reference so that the value keeps it (a task's XML, a script) */
    size_t crs = 0;
    for (const char *p = xml; (p = memchr(p, '\r', n - (size_t)(p - xml))); p++)
        crs++;
    char *escaped = NULL;
    if (crs) {
        escaped = fk_arena_alloc(arena, n + crs * 4 + 1);
        if (!escaped) {
            ev->alloc_failed = true;
            *why = "out of memory";
            return true;
        }
        size_t k = 0;
        for (size_t i = 0; i < n; i++) {
            if (xml[i] == '\r') {
                memcpy(escaped + k, "&#13;", 5);
                k += 5;
            } else {
                escaped[k++] = xml[i];
            }
        }
        escaped[k] = '\0';
        xml = escaped;
        n = k;
    }
    *status = fk_evtx_decode_xml(x, xml, n, ev, arena, why);
    return true;
}
