/*
 * Request bodies for web detection. The readers and signatures already know how to
 * judge a query string parameter by parameter, each value decoded on its own and by what
 * its name says it holds. A body carries the same parameters in other dresses, so each
 * dress is taken off and the parameters written back as a query (name=value&...), with
 * '%', '&', '=', '+', '#' and control bytes escaped so that decoding gives back the exact
 * value:
 *
 *   - a form (application/x-www-form-urlencoded) already is one;
 *   - JSON: each string, number or literal under its own key, an array's items under
 *     the array's key, and each key that holds an object or an array with no value, so
 *     that names such as __proto__ or $where are read too;
 *   - XML: each element's own text under the element's name, each attribute under its
 *     name, and each element's name (java.lang.ProcessBuilder is an element in an
 *     XStream payload). Parsed by libxml2 with no network, no DTD loaded and no entity
 *     substituted: the document is data;
 *   - multipart/form-data: each part's content under the name its Content-Disposition
 *     gives; an uploaded file's name under "filename" and its text (a binary file has
 *     none) under FK_WEBBODY_FILE_TEXT;
 *   - an HL7 version 2 message: each component under its segment and field (PID-5).
 *
 * Reading an XML document or a multipart body whole, as one value, made markup and
 * header lines look like attacks (an SVG upload as cross-site scripting, a part's line
 * breaks as a protocol break); read as parameters they are what the application sees.
 * Logs rarely say a body's type, so the shape is told from the body itself; one that
 * does not parse (a logger cuts bodies short) is read whole.
 */
#include "webbody.h"
#include "normalise.h"
#include "webquery.h"

#include <ctype.h>
#include <jansson.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DEPTH 32 /* deeper than any form a person fills in: left unread */

typedef struct {
    char *p;
    size_t n, cap;
} buf;

struct fk_webbody {
    buf body, cookie;
};

fk_webbody *fk_webbody_new(void)
{
    return calloc(1, sizeof(fk_webbody));
}

void fk_webbody_free(fk_webbody *b)
{
    if (!b)
        return;
    free(b->body.p);
    free(b->cookie.p);
    free(b);
}

static bool room(buf *o, size_t more)
{
    if (o->n + more <= o->cap)
        return true;
    size_t ncap = (o->n + more) * 2 + 256;
    char *np = realloc(o->p, ncap);
    if (!np)
        return false;
    o->p = np;
    o->cap = ncap;
    return true;
}

/* Appends name=value, '&' before all but the first. */
static bool put(buf *o, const char *name, size_t nl, const char *value, size_t vl)
{
    if (!room(o, 3 * (nl + vl) + 2))
        return false;
    char *w = o->p + o->n;
    if (o->n)
        *w++ = '&';
    for (int part = 0; part < 2; part++) {
        const unsigned char *s = (const unsigned char *)(part ? value : name);
        size_t n = part ? vl : nl;
        for (size_t i = 0; i < n; i++) {
            if (s[i] < 0x20 || s[i] == 0x7f || (s[i] && strchr("%&=+#", s[i]))) {
                *w++ = '%';
                *w++ = "0123456789ABCDEF"[s[i] >> 4];
                *w++ = "0123456789ABCDEF"[s[i] & 15];
            } else {
                *w++ = (char)s[i];
            }
        }
        if (!part)
            *w++ = '=';
    }
    o->n = (size_t)(w - o->p);
    return true;
}

/* ---- JSON ---------------------------------------------------------------------------- */

static bool json_params(buf *o, const char *key, json_t *j, int depth)
{
    if (depth > MAX_DEPTH)
        return true;
    const char *k;
    json_t *v;
    size_t i;
    char num[64];
    switch (json_typeof(j)) {
    case JSON_OBJECT:
        json_object_foreach(j, k, v)
        {
            if ((json_is_object(v) || json_is_array(v)) && !put(o, k, strlen(k), "", 0))
                return false;
            if (!json_params(o, k, v, depth + 1))
                return false;
        }
        return true;
    case JSON_ARRAY:
        json_array_foreach(j, i, v)
        {
            if (!json_params(o, key, v, depth + 1))
                return false;
        }
        return true;
    case JSON_STRING: return put(o, key, strlen(key), json_string_value(j), json_string_length(j));
    case JSON_INTEGER:
        snprintf(num, sizeof num, "%" JSON_INTEGER_FORMAT, json_integer_value(j));
        return put(o, key, strlen(key), num, strlen(num));
    case JSON_REAL:
        snprintf(num, sizeof num, "%.17g", json_real_value(j));
        return put(o, key, strlen(key), num, strlen(num));
    case JSON_TRUE: return put(o, key, strlen(key), "true", 4);
    case JSON_FALSE: return put(o, key, strlen(key), "false", 5);
    default: return put(o, key, strlen(key), "", 0);
    }
}

/* Newline-delimited JSON (Elasticsearch's _bulk, Sentry's envelopes, JSON Lines): one
 * object or array after another, nothing but blanks between them, read to the end. A
 * body with anything else after a document (cut short by the logger, or text appended
 * to one) is not this. 1 read, 0 not, -1 out of memory. */
static int read_json_lines(buf *o, const char *body, size_t n)
{
    size_t at = 0, docs = 0, mark = o->n;
    for (;;) {
        while (at < n && isspace((unsigned char)body[at]))
            at++;
        if (at == n)
            break;
        json_error_t e;
        json_t *doc = json_loadb(body + at, n - at, JSON_DISABLE_EOF_CHECK, &e);
        if (!doc || e.position <= 0 || (size_t)e.position > n - at) {
            json_decref(doc);
            o->n = mark;
            return 0;
        }
        at += (size_t)e.position;
        bool ok = json_params(o, "", doc, 0);
        json_decref(doc);
        if (!ok)
            return -1;
        docs++;
    }
    if (docs < 2) {
        o->n = mark;
        return 0;
    }
    return 1;
}

/* 1 read, 0 not JSON, -1 out of memory */
static int read_json(buf *o, const char *body, size_t n)
{
    json_t *doc = json_loadb(body, n, JSON_DECODE_ANY, NULL);
    if (!doc)
        return memchr(body, '\n', n) ? read_json_lines(o, body, n) : 0;
    bool ok = json_params(o, "", doc, 0);
    json_decref(doc);
    return ok ? 1 : -1;
}

/* ---- XML ----------------------------------------------------------------------------- */

static bool xml_params(buf *o, xmlNode *node, int depth)
{
    for (xmlNode *e = node; e; e = e->next) {
        if (e->type != XML_ELEMENT_NODE)
            continue;
        const char *name = (const char *)e->name;
        /* the element's own text: its text and CDATA children, not its descendants' */
        size_t start = o->n;
        bool any_text = false;
        for (xmlNode *t = e->children; t; t = t->next) {
            if ((t->type != XML_TEXT_NODE && t->type != XML_CDATA_SECTION_NODE) || !t->content)
                continue;
            const char *s = (const char *)t->content;
            size_t l = strlen(s), lead = 0;
            while (lead < l && isspace((unsigned char)s[lead]))
                lead++;
            if (lead == l)
                continue;
            if (!any_text) {
                if (!put(o, name, strlen(name), s, l))
                    return false;
                any_text = true;
            } else { /* text split by child elements: one value, as the element's text */
                o->n = start;
                xmlChar *all = xmlNodeGetContent(e);
                bool ok = all && put(o, name, strlen(name), (const char *)all, strlen((char *)all));
                xmlFree(all);
                if (!ok)
                    return false;
                break;
            }
        }
        if (!any_text && !put(o, name, strlen(name), "", 0))
            return false;
        for (xmlAttr *a = e->properties; a; a = a->next) {
            xmlChar *v = xmlNodeListGetString(e->doc, a->children, 1);
            const char *an = (const char *)a->name;
            bool ok = put(o, an, strlen(an), v ? (const char *)v : "", v ? strlen((char *)v) : 0);
            xmlFree(v);
            if (!ok)
                return false;
        }
        if (depth < MAX_DEPTH && !xml_params(o, e->children, depth + 1))
            return false;
    }
    return true;
}

/* 1 read, 0 not XML, -1 out of memory. A document that declares itself XML (<?xml) is
 * read even when not well-formed (clients send an unescaped '&', loggers cut documents
 * short: read whole, its markup looks like script to the readers); a fragment without
 * the declaration only when well-formed, for "<script>..." posted as text is markup to
 * be read as such. No network, no DTD loaded, no entity substituted: a request is data. */
static int read_xml(buf *o, const char *body, size_t n)
{
    int options = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING;
    for (int attempt = 0; attempt < 2; attempt++) {
        xmlParserCtxt *pc = xmlNewParserCtxt();
        if (!pc)
            return -1;
        xmlDoc *doc = xmlCtxtReadMemory(pc, body, (int)n, NULL, NULL, options);
        xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;
        int rc = root ? (xml_params(o, root, 0) ? 1 : -1) : 0;
        xmlFreeDoc(doc);
        xmlFreeParserCtxt(pc);
        if (rc != 0 || n < 5 || strncmp(body, "<?xml", 5) != 0)
            return rc;
        o->n = 0;
        options |= XML_PARSE_RECOVER;
    }
    return 0;
}

/* ---- multipart/form-data (RFC 7578) --------------------------------------------------- */

/* The value of a Content-Disposition parameter (name="x" or name=x) in [h, e). */
static bool disposition_param(const char *h, const char *e, const char *param, const char **v,
                              size_t *vl)
{
    size_t pl = strlen(param);
    for (const char *p = h; p + pl + 1 < e; p++) {
        if (strncasecmp(p, param, pl) != 0 || p[pl] != '=' ||
            (p > h && p[-1] != ' ' && p[-1] != ';' && p[-1] != '\t'))
            continue;
        const char *s = p + pl + 1;
        if (s < e && *s == '"') {
            const char *q = memchr(s + 1, '"', (size_t)(e - s - 1));
            *v = s + 1;
            *vl = (size_t)((q ? q : e) - s - 1);
        } else {
            const char *q = s;
            while (q < e && *q != ';' && *q != '\r' && *q != '\n')
                q++;
            *v = s;
            *vl = (size_t)(q - s);
        }
        return true;
    }
    return false;
}

/* A file's bytes rather than text: a control byte other than a line's or a tab's (the
 * signatures of PNG, GIF, JPEG, ZIP and PDF streams all hold one early on). */
static bool binary(const char *s, size_t n)
{
    for (size_t i = 0; i < n && i < 1024; i++) {
        unsigned char ch = (unsigned char)s[i];
        if ((ch < 0x20 && ch != '\t' && ch != '\r' && ch != '\n') || ch == 0x7f)
            return true;
    }
    return false;
}

/* name[0..n) lower-cased into out (cap bytes, NUL-terminated); false when empty or too
 * long for out, which no name of the lists below is. */
static bool lowered(const char *name, size_t n, char *out, size_t cap)
{
    if (n == 0 || n >= cap)
        return false;
    for (size_t i = 0; i < n; i++)
        out[i] = (char)tolower((unsigned char)name[i]);
    out[n] = '\0';
    return true;
}

static bool listed(const char *s, const char *const *list)
{
    for (size_t k = 0; list[k]; k++)
        if (!strcmp(s, list[k]))
            return true;
    return false;
}

/* Extensions web servers hand to an interpreter (PHP under its many names, JSP, ASP and
 * ASP.NET handlers, CGI and server-side includes) and the files that change how a
 * directory's files are run. Apache's mod_mime acts on every extension of a name, not
 * only the last (x.php.jpg runs as PHP), and Windows drops a trailing space or dot, so
 * every part after the first dot counts, blanks trimmed. */
static const char *const script_extensions[] = {
    "php",  "php3", "php4", "php5", "php7", "php8", "phtml", "pht",   "phar", "jsp",
    "jspx", "jspf", "asp",  "aspx", "ashx", "asmx", "cgi",   "shtml", NULL};
static const char *const script_files[] = {".htaccess", ".user.ini", "web.config", NULL};

static bool server_script(const char *f, size_t n)
{
    const char *slash = NULL;
    for (size_t i = 0; i < n; i++)
        if (f[i] == '/' || f[i] == '\\')
            slash = f + i;
    if (slash) {
        n -= (size_t)(slash + 1 - f);
        f = slash + 1;
    }
    char low[256];
    if (!lowered(f, n, low, sizeof low))
        return false;
    if (listed(low, script_files))
        return true;
    const char *dot = strchr(low + 1, '.');
    while (dot) {
        const char *part = dot + 1, *next = strchr(part, '.');
        size_t pl = next ? (size_t)(next - part) : strlen(part);
        while (pl && *part == ' ')
            part++, pl--;
        while (pl && part[pl - 1] == ' ')
            pl--;
        for (size_t k = 0; script_extensions[k]; k++)
            if (strlen(script_extensions[k]) == pl && !memcmp(part, script_extensions[k], pl))
                return true;
        dot = next;
    }
    return false;
}

/* 1 read, 0 not multipart, -1 out of memory. The boundary is the body's first line. An
 * uploaded file that is text (a script, a page, a configuration) is read as a value; a
 * binary one (a picture, an archive) only by its name: its bytes are no language. */
static int read_multipart(buf *o, const char *body, size_t n, fk_str *script)
{
    if (n < 4 || body[0] != '-' || body[1] != '-')
        return 0;
    const char *nl = memchr(body, '\n', n);
    if (!nl)
        return 0;
    size_t bl = (size_t)(nl - body);
    if (bl > 2 && body[bl - 1] == '\r')
        bl--;
    if (bl < 3 || bl > 72) /* RFC 2046: a boundary is 1 to 70 characters after the -- */
        return 0;
    const char *end = body + n, *p = nl + 1;
    bool any = false;
    while (p < end) {
        /* the part's headers, up to an empty line */
        const char *name = NULL, *file = NULL;
        size_t name_l = 0, file_l = 0;
        while (p < end && *p != '\r' && *p != '\n') {
            const char *le = memchr(p, '\n', (size_t)(end - p));
            le = le ? le : end;
            if ((size_t)(le - p) > 20 && strncasecmp(p, "content-disposition:", 20) == 0) {
                disposition_param(p + 20, le, "name", &name, &name_l);
                disposition_param(p + 20, le, "filename", &file, &file_l);
            }
            p = le < end ? le + 1 : end;
        }
        if (p < end && *p == '\r')
            p++;
        if (p < end)
            p++;
        /* the content, up to the next boundary line */
        const char *next = p;
        const char *stop = end;
        while (next < end) {
            const char *b = memmem(next, (size_t)(end - next), body, bl);
            if (!b)
                break;
            if (b[-1] == '\n') {
                stop = b;
                break;
            }
            next = b + 1;
        }
        const char *ce = stop;
        if (ce > p && ce[-1] == '\n')
            ce--;
        if (ce > p && ce[-1] == '\r')
            ce--;
        if (file && !put(o, "filename", 8, file, file_l))
            return -1;
        if (file && !script->n && server_script(file, file_l))
            *script = (fk_str){file, file_l};
        size_t cl = ce > p ? (size_t)(ce - p) : 0;
        if (file && binary(p, cl))
            cl = 0;
        /* a file's text is a document someone wrote, kept as it is (webbody.h) */
        if (file ? !put(o, FK_WEBBODY_FILE_TEXT, strlen(FK_WEBBODY_FILE_TEXT), p, cl)
                 : !put(o, name ? name : "", name ? name_l : 0, p, cl))
            return -1;
        any = true;
        if (stop == end)
            break;
        p = stop + bl;
        if (p + 1 < end && p[0] == '-' && p[1] == '-')
            break; /* the closing boundary */
        const char *le = memchr(p, '\n', (size_t)(end - p));
        p = le ? le + 1 : end;
    }
    return any ? 1 : 0;
}

/* ---- HL7 version 2 -------------------------------------------------------------------- */

/* An HL7 v2 message, as hospitals' interface engines post it over HTTP: segments on
 * lines of their own ('\r' between them, '\n' from some senders), each a three-letter
 * id and fields after the separator MSH declares (its fourth byte, '|' always in
 * practice), components, repetitions and sub-components after the encoding characters
 * that follow it (^~\&). Each component is a value under SEGMENT-FIELD (PID-5), so that
 * O'BRIEN^SEAN is a name and a name, and no '|' or '&' of the format reads as a pipe or
 * a background job. MSH-1 and MSH-2, the format's own declaration, are not values. A
 * body that is not one, segment by segment, is read as any other. */
static bool hl7_segment_id(const char *s, size_t n)
{
    return n >= 3 && isupper((unsigned char)s[0]) && isalnum((unsigned char)s[1]) &&
           isalnum((unsigned char)s[2]) && (n == 3 || !isalnum((unsigned char)s[3]));
}

static int read_hl7v2(buf *o, const char *body, size_t n)
{
    if (n < 9 || memcmp(body, "MSH", 3) != 0)
        return 0;
    char fs = body[3];
    if (isalnum((unsigned char)fs) || fs <= ' ' || body[8] != fs)
        return 0;
    char seps[5] = {fs, body[4], body[5], body[7], '\0'}; /* field, component, repeat, sub */
    for (int k = 1; k < 4; k++)
        if (isalnum((unsigned char)seps[k]) || seps[k] <= ' ')
            return 0;
    for (size_t at = 0; at < n;) {
        size_t end = at;
        while (end < n && body[end] != '\r' && body[end] != '\n')
            end++;
        const char *seg = body + at;
        size_t sl = end - at;
        at = end + 1;
        if (!sl)
            continue;
        if (!hl7_segment_id(seg, sl) || (sl > 3 && seg[3] != fs))
            return 0;
        bool msh = !memcmp(seg, "MSH", 3);
        size_t field = msh ? 1 : 0, from = 3;
        char name[16];
        while (from < sl) {
            size_t f = from + 1, fe = f;
            while (fe < sl && seg[fe] != fs)
                fe++;
            field++;
            if (!(msh && field <= 2)) {
                int nl = snprintf(name, sizeof name, "%.3s-%zu", seg, field);
                for (size_t c = f; c <= fe; c++) {
                    size_t ce = c;
                    while (ce < fe && !strchr(seps + 1, seg[ce]))
                        ce++;
                    if (ce > c && !put(o, name, (size_t)nl, seg + c, ce - c))
                        return -1;
                    c = ce;
                }
            }
            from = fe;
        }
    }
    return o->n > 0;
}

/* ---- the shape ----------------------------------------------------------------------- */

/* A form begins with a name (no blank, no markup) and '='; or is written wholly in what a
 * form encoder writes (letters, digits, -._~*%+ and its & and =), its '=' then perhaps
 * percent-encoded: "pay%3Dor+1%3D1" is one parameter to a form parser. */
static bool form_shaped(const char *s, size_t n)
{
    for (size_t i = 0; i < n && i < 256; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch == '=')
            return i > 0;
        if (ch <= ' ' || strchr("<>{}[]\"'&;", ch))
            return false;
    }
    bool encoded = false;
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (!isalnum(ch) && !strchr("-._~*%+&=", ch))
            return false;
        encoded |= ch == '%' || ch == '+';
    }
    return encoded;
}

int fk_webbody_read(fk_webbody *b, const char *body, size_t n, fk_webbody_view *out)
{
    if (n > FK_WEBBODY_READ_MAX)
        n = FK_WEBBODY_READ_MAX;
    *out = (fk_webbody_view){.text = {body, n}, .shape = FK_WEBBODY_RAW};
    size_t lead = 0;
    while (lead < n && isspace((unsigned char)body[lead]))
        lead++;
    if (lead == n)
        return 0;
    b->body.n = 0;
    int rc = 0;
    char c = body[lead];
    if (c == '{' || c == '[')
        rc = read_json(&b->body, body + lead, n - lead);
    else if (c == '<')
        rc = read_xml(&b->body, body + lead, n - lead);
    else if (c == '-')
        rc = read_multipart(&b->body, body + lead, n - lead, &out->script_upload);
    else if (c == 'M')
        rc = read_hl7v2(&b->body, body + lead, n - lead);
    if (rc < 0)
        return -1;
    if (rc > 0) {
        out->text = (fk_str){b->body.p ? b->body.p : "", b->body.n};
        out->shape = FK_WEBBODY_FORM;
        out->xml = c == '<';
        out->document = (fk_str){body, n};
    } else if (form_shaped(body, n)) {
        out->shape = FK_WEBBODY_FORM;
    }
    return 0;
}

int fk_webbody_cookies(fk_webbody *b, const char *cookie, size_t n, fk_str *out)
{
    b->cookie.n = 0;
    if (!room(&b->cookie, n + 1))
        return -1;
    size_t used = 0;
    for (size_t i = 0; i < n; i++) {
        if (cookie[i] == ';') {
            while (i + 1 < n && (cookie[i + 1] == ' ' || cookie[i + 1] == '\t'))
                i++;
            b->cookie.p[used++] = '&';
        } else {
            b->cookie.p[used++] = cookie[i];
        }
    }
    b->cookie.n = used;
    *out = (fk_str){b->cookie.p, used};
    return 0;
}

/* ---- secrets ------------------------------------------------------------------------- */

/* Names whose values are credentials (a form's password, an API's key, a CSRF token) or
 * a session (PHP, Java, ASP.NET, Express, Rails, Django, Flask and generic names): an
 * alert is read by analysts and may be shared, and must not carry them. A name holding
 * one of the words below also counts (new_password, x-auth-token). */
static const char *const secret_names[] = {"pass",        "pwd",           "pin",
                                           "otp",         "sid",           "session",
                                           "sessionid",   "session_id",    "phpsessid",
                                           "jsessionid",  "connect.sid",   "asp.net_sessionid",
                                           "_session_id", "rack.session",  "laravel_session",
                                           "ci_session",  "jwt",           "apikey",
                                           "api_key",     "client_secret", "authorization",
                                           "auth",        "code_verifier", NULL};
static const char *const secret_words[] = {"password", "passwd",     "passphrase",  "secret",
                                           "token",    "credential", "private_key", NULL};

bool fk_webbody_secret_name(const char *name, size_t n)
{
    char low[64];
    if (!lowered(name, n, low, sizeof low))
        return false;
    if (listed(low, secret_names))
        return true;
    for (size_t k = 0; secret_words[k]; k++)
        if (strstr(low, secret_words[k]))
            return true;
    return false;
}

/* Appends up to n bytes of s to out (cap bytes), always leaving room for the NUL. */
static void put_cut(char *out, size_t cap, size_t *o, const char *s, size_t n)
{
    size_t room = cap - 1 - *o;
    if (n > room)
        n = room;
    memcpy(out + *o, s, n);
    *o += n;
}

size_t fk_webbody_withhold(const char *text, size_t n, unsigned steps, char *out, size_t cap)
{
    static const char mark[] = "=(withheld)";
    size_t o = 0;
    if (cap == 0)
        return 0;
    const char *p = text, *end = text + n;
    for (;;) {
        const char *eq, *stop = fk_webquery_param_end(p, end, &eq);
        char name[64];
        size_t nl = eq && (size_t)(eq - p) < sizeof name
                        ? fk_normalise(p, (size_t)(eq - p), steps, name, sizeof name)
                        : 0;
        if (nl && fk_webbody_secret_name(name, nl)) {
            put_cut(out, cap, &o, name, nl);
            put_cut(out, cap, &o, mark, sizeof mark - 1);
        } else {
            o += fk_normalise(p, (size_t)(stop - p), steps, out + o, cap - o);
        }
        if (stop == end || o + 1 >= cap)
            break;
        /* the separator as it was sent, an escaped one ("&amp;") whole */
        const char *next = fk_webquery_next(stop, end);
        put_cut(out, cap, &o, stop, (size_t)(next - stop));
        p = next;
    }
    out[o] = '\0';
    return o;
}
