#include "jvn.h"

#include "cpe.h"
#include "cvss.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NOMEM(err) fk_errc(err, FK_ERR_NOMEM, "out of memory")

static bool named(const xmlNode *n, const char *local)
{
    return n && n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, local);
}

static xmlNode *child(const xmlNode *n, const char *local)
{
    for (xmlNode *c = n ? n->children : NULL; c; c = c->next)
        if (named(c, local))
            return c;
    return NULL;
}

/* The element's text, trimmed, in a buffer the caller frees (NULL when empty). */
static char *text_of(const xmlNode *n)
{
    if (!n)
        return NULL;
    xmlChar *t = xmlNodeGetContent(n);
    if (!t)
        return NULL;
    char *s = (char *)t, *e = s + strlen(s);
    while (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r')
        s++;
    while (e > s && (e[-1] == ' ' || e[-1] == '\n' || e[-1] == '\t' || e[-1] == '\r'))
        e--;
    char *out = e > s ? strndup(s, (size_t)(e - s)) : NULL;
    xmlFree(t);
    return out;
}

static char *attr(const xmlNode *n, const char *name)
{
    xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
    char *out = v ? strdup((const char *)v) : NULL;
    xmlFree(v);
    return out;
}

/* A text field of the record from an element: set in the document's language. */
static int set_text(json_t *rec, const char *key, const char *lang, const xmlNode *n)
{
    char *t = text_of(n);
    int rc = t ? fk_vuln_set_text(rec, key, lang, t) : 0;
    free(t);
    return rc;
}

static int set_date(json_t *rec, const char *key, const xmlNode *n, const char *where,
                    const char *field, fk_err *err)
{
    char *t = text_of(n);
    char d[32];
    int rc = 0;
    if (t && !fk_vuln_date(t, d))
        rc = fk_errf(err, "%s: %s: expected a date", where, field);
    else if (t && json_object_set_new(rec, key, json_string(d)) != 0)
        rc = NOMEM(err);
    free(t);
    return rc;
}

/* A CPE 2.2 URI (as JVN writes them) as a criteria of the record's one configuration. */
static int add_cpe(json_t *rec, const char *uri, const char *where, fk_err *err)
{
    fk_cpe name;
    fk_err cerr;
    char fs[512];
    if (fk_cpe_unbind_uri(uri, &name, &cerr) != 0)
        return fk_errf(err, "%s: Cpe: %s", where, cerr.msg);
    if (fk_cpe_bind_fs(&name, fs, sizeof fs, &cerr) != 0)
        return fk_errf(err, "%s: Cpe: %s", where, cerr.msg);
    json_t *node = json_array_get(
        json_object_get(json_array_get(json_object_get(rec, "configurations"), 0), "nodes"), 0);
    json_t *matches = json_object_get(node, "cpeMatch");
    if (!matches)
        return NOMEM(err);
    size_t i;
    json_t *m;
    json_array_foreach(
        matches, i, m) if (!strcmp(json_string_value(json_object_get(m, "criteria")), fs)) return 0;
    return json_array_append_new(matches, json_pack("{ss sb}", "criteria", fs, "vulnerable", 1)) ==
                   0
               ? 0
               : NOMEM(err);
}

static int add_cvss(json_t *rec, const char *version, const char *vector, const char *score,
                    const char *where, fk_err *err)
{
    if (!version || !vector)
        return 0;
    double base = score ? strtod(score, NULL) : -1;
    if (version[0] == '3' || version[0] == '4') {
        fk_cvss_scores s;
        fk_err verr;
        if (fk_cvss_score(vector, &s, &verr) != 0)
            return fk_errf(err, "%s: Cvss %s: %s", where, version, verr.msg);
        base = s.base;
    }
    if (base < 0 || base > 10)
        return fk_errf(err, "%s: Cvss %s: expected a base score from 0 to 10", where, version);
    json_t *m = json_pack("{ss ss sf ss ss}", "version", version, "vector", vector, "score", base,
                          "severity", fk_cvss_severity(base), "source", "jvndb");
    if (!m || json_array_append(json_object_get(rec, "cvss_all"), m) != 0) {
        json_decref(m);
        return NOMEM(err);
    }
    /* the newest CVSS version JVN gives ranks the record */
    json_t *best = json_object_get(rec, "cvss");
    if (!best || strcmp(version, json_string_value(json_object_get(best, "version"))) > 0)
        json_object_set(rec, "cvss", m);
    json_decref(m);
    return 0;
}

static int add_alias(json_t *rec, const char *id)
{
    json_t *aliases = json_object_get(rec, "aliases");
    size_t i;
    json_t *a;
    json_array_foreach(aliases, i, a) if (!strcmp(json_string_value(a), id)) return 0;
    return json_array_append_new(aliases, json_string(id));
}

static json_t *new_record(const char *id)
{
    return json_pack("{ss ss s[] s[] s[] s[] s[{ss s[{ss sb s[]}]}] sb}", "id", id, "source", "jvn",
                     "aliases", "cwes", "references", "cvss_all", "configurations", "operator",
                     "OR", "nodes", "operator", "OR", "negate", 0, "cpeMatch", "versions", 0);
}

/* An entry read (rc 0): its products indexed and the record handed out; else dropped. */
static int end_record(json_t *rec, int rc, json_t **out, fk_err *err)
{
    json_t *products = rc == 0 ? fk_vuln_products(json_object_get(rec, "configurations")) : NULL;
    if (rc == 0 && (!products || json_object_set_new(rec, "products", products) != 0))
        rc = NOMEM(err);
    if (rc != 0) {
        json_decref(rec);
        return -1;
    }
    *out = rec;
    return 0;
}

/* What an entry relates to: a CVE it is about (an alias), a CWE (cwe: the id may be
 * one), a reference's URL. Each may be NULL. */
static int add_related(json_t *rec, const char *id, bool cwe, const char *url)
{
    if (id && fk_vuln_is_cve(id) && add_alias(rec, id) != 0)
        return -1;
    if (id && cwe && !strncmp(id, "CWE-", 4) &&
        json_array_append_new(json_object_get(rec, "cwes"), json_string(id)) != 0)
        return -1;
    if (url && json_array_append_new(json_object_get(rec, "references"), json_string(url)) != 0)
        return -1;
    return 0;
}

/* An entry's record begun from its JVNDB id (the element id_node, named field in errors);
 * where gets "Vulinfo[3] (JVNDB-...)" for the entry's other errors. */
static int begin_record(const xmlNode *id_node, const char *entry, const char *field, size_t index,
                        char where[64], json_t **rec, fk_err *err)
{
    char *id = text_of(id_node);
    snprintf(where, 64, "%s[%zu] (%.30s)", entry, index, id ? id : "no id");
    if (!fk_vuln_is_jvndb(id)) {
        free(id);
        return fk_errf(err, "%s: %s: expected a JVNDB identifier", where, field);
    }
    *rec = new_record(id);
    free(id);
    return *rec ? 0 : NOMEM(err);
}

/* A VULDEF Vulinfo. */
static int vulinfo(const xmlNode *v, const char *lang, size_t index, json_t **out, fk_err *err)
{
    char where[64];
    json_t *rec;
    if (begin_record(child(v, "VulinfoID"), "Vulinfo", "VulinfoID", index, where, &rec, err) != 0)
        return -1;
    const xmlNode *data = child(v, "VulinfoData");
    int rc = 0;
    if (!data)
        rc = fk_errf(err, "%s: VulinfoData: expected the entry's data", where);
    if (rc == 0 && (set_text(rec, "title", lang, child(data, "Title")) != 0 ||
                    set_text(rec, "description", lang,
                             child(child(data, "VulinfoDescription"), "Overview")) != 0))
        rc = NOMEM(err);
    if (rc == 0)
        rc = set_date(rec, "published", child(data, "DateFirstPublished"), where,
                      "DateFirstPublished", err);
    if (rc == 0)
        rc = set_date(rec, "modified", child(data, "DateLastUpdated"), where, "DateLastUpdated",
                      err);
    if (rc == 0 && !json_object_get(rec, "modified"))
        rc = fk_errf(err, "%s: DateLastUpdated: expected a date", where);
    json_t *words = rc == 0 ? json_array() : NULL;
    if (rc == 0 && (!words || json_object_set_new(rec, "affected_text", words) != 0))
        rc = NOMEM(err);
    for (xmlNode *item = child(child(data, "Affected"), "AffectedItem"); item && rc == 0;
         item = item->next) {
        if (!named(item, "AffectedItem"))
            continue;
        for (xmlNode *c = item->children; c && rc == 0; c = c->next) {
            char *t = named(c, "Cpe") || named(c, "VersionNumber") ? text_of(c) : NULL;
            if (t && named(c, "Cpe"))
                rc = add_cpe(rec, t, where, err);
            else if (t && json_array_append_new(words, json_string(t)) != 0)
                rc = NOMEM(err);
            free(t);
        }
    }
    for (xmlNode *c = child(child(data, "Impact"), "Cvss"); c && rc == 0; c = c->next) {
        if (!named(c, "Cvss"))
            continue;
        char *version = attr(c, "version"), *vector = text_of(child(c, "Vector")),
             *score = text_of(child(c, "Base"));
        rc = add_cvss(rec, version, vector, score, where, err);
        free(version);
        free(vector);
        free(score);
    }
    for (xmlNode *r = child(child(data, "Related"), "RelatedItem"); r && rc == 0; r = r->next) {
        if (!named(r, "RelatedItem"))
            continue;
        char *type = attr(r, "type"), *rid = text_of(child(r, "VulinfoID")),
             *url = text_of(child(r, "URL"));
        if (add_related(rec, rid, type && !strcmp(type, "cwe"), url) != 0)
            rc = NOMEM(err);
        free(type);
        free(rid);
        free(url);
    }
    return end_record(rec, rc, out, err);
}

/* A JVNRSS item (the overview list): less than a Vulinfo, the same shape. */
static int rss_item(const xmlNode *item, const char *lang, size_t index, json_t **out, fk_err *err)
{
    char where[64];
    json_t *rec;
    if (begin_record(child(item, "identifier"), "item", "sec:identifier", index, where, &rec,
                     err) != 0)
        return -1;
    int rc = 0;
    if (set_text(rec, "title", lang, child(item, "title")) != 0 ||
        set_text(rec, "description", lang, child(item, "description")) != 0)
        rc = NOMEM(err);
    if (rc == 0)
        rc = set_date(rec, "published", child(item, "issued"), where, "dcterms:issued", err);
    if (rc == 0)
        rc = set_date(rec, "modified", child(item, "modified"), where, "dcterms:modified", err);
    if (rc == 0 && !json_object_get(rec, "modified"))
        rc = fk_errf(err, "%s: dcterms:modified: expected a date", where);
    for (xmlNode *c = item->children; c && rc == 0; c = c->next) {
        char *t = NULL;
        if (named(c, "references")) {
            char *rid = attr(c, "id");
            t = text_of(c);
            if (add_related(rec, rid, true, t) != 0)
                rc = NOMEM(err);
            free(rid);
        } else if (named(c, "cpe")) {
            t = text_of(c);
            if (t)
                rc = add_cpe(rec, t, where, err);
        } else if (named(c, "cvss")) {
            char *version = attr(c, "version"), *vector = attr(c, "vector"),
                 *score = attr(c, "score");
            rc = add_cvss(rec, version, vector, score, where, err);
            free(version);
            free(vector);
            free(score);
        }
        free(t);
    }
    return end_record(rec, rc, out, err);
}

/* Walks the tree for Vulinfo and item elements (and MyJVN's status), depth first. */
typedef struct walk {
    const char *lang;
    json_t *records;
    size_t vulinfo, items;
    fk_jvn_status *status; /* MyJVN's counts, when asked for */
} walk;

static long attr_long(const xmlNode *n, const char *name)
{
    char *v = attr(n, name);
    long x = v && *v ? strtol(v, NULL, 10) : -1;
    free(v);
    return x;
}

static int visit(const xmlNode *n, walk *w, fk_err *err)
{
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        json_t *rec = NULL;
        if (named(n, "Vulinfo")) {
            if (vulinfo(n, w->lang, w->vulinfo++, &rec, err) != 0)
                return -1;
        } else if (named(n, "item")) {
            if (rss_item(n, w->lang, w->items++, &rec, err) != 0)
                return -1;
        } else if (named(n, "Status")) {
            char *code = attr(n, "retCd"), *msg = attr(n, "errMsg");
            int bad = code && strcmp(code, "0") != 0;
            if (bad)
                fk_errf(err, "MyJVN answered with an error (retCd %s): %s", code,
                        msg && *msg ? msg : "no message");
            free(code);
            free(msg);
            if (bad)
                return -1;
            if (w->status) {
                w->status->seen = true;
                w->status->total = attr_long(n, "totalRes");
                w->status->returned = attr_long(n, "totalResRet");
                w->status->first = attr_long(n, "firstRes");
            }
            continue;
        } else if (visit(n->children, w, err) != 0)
            return -1;
        if (rec && json_array_append_new(w->records, rec) != 0)
            return NOMEM(err);
    }
    return 0;
}

static int read_doc(const char *xml, size_t len, fk_vuln_sink sink, void *ctx,
                    fk_jvn_status *status, fk_err *err)
{
    if (len > (size_t)INT32_MAX)
        return fk_errc(err, FK_ERR_TOO_LARGE, "the document is over 2 GB");
    xmlParserCtxt *pc = xmlNewParserCtxt();
    if (!pc)
        return NOMEM(err);
    /* no network, no entity expansion: a feed is data, never instructions to fetch */
    xmlDoc *doc = xmlCtxtReadMemory(pc, xml, (int)len, "jvn.xml", NULL,
                                    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!doc) {
        const xmlError *e = xmlCtxtGetLastError(pc);
        int rc = fk_errf(err, "line %d: not well-formed XML: %s", e ? e->line : 0,
                         e && e->message ? e->message : "unreadable");
        size_t n = strlen(err->msg);
        if (n && err->msg[n - 1] == '\n')
            err->msg[n - 1] = '\0';
        xmlFreeParserCtxt(pc);
        return rc;
    }
    xmlNode *root = xmlDocGetRootElement(doc);
    xmlChar *lang = root ? xmlNodeGetLang(root) : NULL;
    walk w = {.lang = lang ? (const char *)lang : "ja", .records = json_array(), .status = status};
    int rc = w.records ? visit(root, &w, err) : NOMEM(err);
    /* an API page may hold nothing (nothing changed); a document read as a feed may not */
    if (rc == 0 && w.vulinfo + w.items == 0 && !(status && status->seen))
        rc = fk_errf(err, "expected VULDEF Vulinfo or JVNRSS item elements; found none");
    size_t i;
    json_t *rec;
    json_array_foreach(w.records, i, rec) if (rc == 0) rc = sink(ctx, rec, err);
    json_decref(w.records);
    xmlFree(lang);
    xmlFreeDoc(doc);
    xmlFreeParserCtxt(pc);
    return rc;
}

int fk_jvn_read(const char *xml, size_t len, fk_vuln_sink sink, void *ctx, fk_err *err)
{
    return read_doc(xml, len, sink, ctx, NULL, err);
}

int fk_jvn_read_page(const char *xml, size_t len, fk_vuln_sink sink, void *ctx,
                     fk_jvn_status *status, fk_err *err)
{
    *status = (fk_jvn_status){false, -1, -1, -1};
    int rc = read_doc(xml, len, sink, ctx, status, err);
    if (rc == 0 && !status->seen)
        rc = fk_errf(err, "expected MyJVN's status:Status element; found none");
    return rc;
}
