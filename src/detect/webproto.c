/*
 * The protocol reader. Signatures for "protocol anomalies" tend to be lists of the
 * escapes and bytes someone once saw; this reader instead holds a request field against
 * the grammar the server is entitled to expect, and reports the breaks that attacks are
 * made of:
 *
 *   - the version must be one HTTP has (1.0, 1.1, 2, 3);
 *   - the method must be an RFC 9110 token and one the IANA registry lists (compared
 *     without case: methods are case-sensitive on the wire, but some log writers, JSON
 *     ones especially, lower-case them);
 *   - a percent sign in a URI starts exactly two hex digits (RFC 3986 §2.1); %uXXXX is
 *     IIS's own decoding, used to hide ASCII and the full-width signs that best-fit
 *     mapping turns back into ASCII;
 *   - control bytes have no place in a target or a field value (RFC 9110 §5.5); a NUL
 *     ends strings in the C code behind many servers; a line break followed by a
 *     "name:" line, a request line or a status line is a header or a second message
 *     smuggled through a value, and <meta http-equiv> does the same through markup;
 *   - a parameter name in array syntax (a[b][c]) ends at its last bracket: text after
 *     it is read differently by PHP, Rails and the frameworks in front of them;
 *   - an ASCII character spelt as an overlong UTF-8 sequence is never text, only an
 *     attempt to slip past a check that compares bytes;
 *   - more parameters than servers accept (PHP's max_input_vars and ASP.NET's
 *     MaxHttpCollectionKeys are 1000) is the hash-collision denial of service.
 *
 * Everyday clients do produce some oddities this must not call attacks: JavaScript's
 * escape() writes %uXXXX for any non-Latin-1 letter (Japanese sites still use it), so
 * only ASCII and full-width signs are reported; pages in Shift_JIS or EUC-JP send bytes
 * that are invalid UTF-8, so an overlong sequence counts only in otherwise-ASCII text;
 * text areas send line breaks, so a break counts only before a header-shaped line.
 */
#include "webproto.h"

#include "../core/hex.h"
#include "normalise.h"
#include "webquery.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

/* The IANA HTTP Method Registry (RFC 9110 §16.1 and the specifications it lists). */
static const char *const registered_methods[] = {"ACL",
                                                 "BASELINE-CONTROL",
                                                 "BIND",
                                                 "CHECKIN",
                                                 "CHECKOUT",
                                                 "CONNECT",
                                                 "COPY",
                                                 "DELETE",
                                                 "GET",
                                                 "HEAD",
                                                 "LABEL",
                                                 "LINK",
                                                 "LOCK",
                                                 "MERGE",
                                                 "MKACTIVITY",
                                                 "MKCALENDAR",
                                                 "MKCOL",
                                                 "MKREDIRECTREF",
                                                 "MKWORKSPACE",
                                                 "MOVE",
                                                 "OPTIONS",
                                                 "ORDERPATCH",
                                                 "PATCH",
                                                 "POST",
                                                 "PRI",
                                                 "PROPFIND",
                                                 "PROPPATCH",
                                                 "PUT",
                                                 "QUERY",
                                                 "REBIND",
                                                 "REPORT",
                                                 "SEARCH",
                                                 "TRACE",
                                                 "UNBIND",
                                                 "UNCHECKOUT",
                                                 "UNLINK",
                                                 "UNLOCK",
                                                 "UPDATE",
                                                 "UPDATEREDIRECTREF",
                                                 "VERSION-CONTROL",
                                                 NULL};

/* A parameter count above what servers accept by default. */
enum { MAX_PARAMS = 1000 };

static bool tchar(unsigned char c)
{
    return isalnum(c) || (c && strchr("!#$%&'*+-.^_`|~", c));
}

/* exact: as written on the wire (upper case), for a request line inside a value, where a
 * lower-case "get" is an English word */
static bool registered(const char *v, size_t n, bool exact)
{
    for (size_t i = 0; registered_methods[i]; i++)
        if (strlen(registered_methods[i]) == n &&
            !(exact ? memcmp(registered_methods[i], v, n)
                    : strncasecmp(registered_methods[i], v, n)))
            return true;
    return false;
}

static bool hex_run(const char *v, size_t i, size_t n, size_t len)
{
    if (n - i < len)
        return false;
    for (size_t k = 0; k < len; k++)
        if (fk_hexval((unsigned char)v[i + k]) < 0)
            return false;
    return true;
}

static bool found(fk_webproto_finding *out, const char *why, fk_severity sev)
{
    out->why = why;
    out->severity = sev;
    return true;
}

/* RFC 3986 §2.1 over a raw path or query: every '%' starts two hex digits. %uXXXX is
 * reported when it spells ASCII or a full-width sign (U+FF01..U+FF5E that is not a
 * letter or digit), which is evasion rather than a legacy escape() of a letter. */
static bool percent_grammar(const char *v, size_t n, fk_webproto_finding *out)
{
    for (size_t i = 0; i < n; i++) {
        if (v[i] != '%')
            continue;
        if (hex_run(v, i + 1, n, 2)) {
            i += 2;
            continue;
        }
        if (i + 1 < n && (v[i + 1] == 'u' || v[i + 1] == 'U') && hex_run(v, i + 2, n, 4)) {
            unsigned cp = 0;
            for (size_t k = 0; k < 4; k++)
                cp = cp * 16 + (unsigned)fk_hexval((unsigned char)v[i + 2 + k]);
            if (cp < 0x80)
                return found(out,
                             "%u escape of an ASCII character (IIS decoding, not a URI escape)",
                             FK_SEV_MEDIUM);
            if (cp >= 0xff01 && cp <= 0xff5e && !isalnum((int)(cp - 0xfee0)))
                return found(out, "%u escape of a full-width sign (best-fit mapping to ASCII)",
                             FK_SEV_MEDIUM);
            i += 5;
            continue;
        }
        /* %u without its four digits: IIS leaves it as it is, so it hides nothing (the
         * signatures' protocol-invalid-url-encoding makes the same exception) */
        if (i + 1 < n && (v[i + 1] == 'u' || v[i + 1] == 'U'))
            continue;
        return found(out, "invalid percent-encoding (RFC 3986 2.1: '%' then two hex digits)",
                     FK_SEV_LOW);
    }
    return false;
}

/* One decoding pass, as the server makes it before the application reads the value
 * (normalise.h's; '+' as space in a query). Invalid escapes stay as they are. */
static size_t decode_once(const char *v, size_t n, bool plus, char *out, size_t cap)
{
    return fk_normalise(v, n, FK_NORM_URL_ONCE | (plus ? FK_NORM_PLUS : 0), out, cap);
}

/* "NAME:" at v[i..): an RFC 9110 field name then a colon, not a URL's "scheme://". */
static bool header_line_at(const char *v, size_t i, size_t n)
{
    size_t k = i;
    while (k < n && tchar((unsigned char)v[k]))
        k++;
    return k > i && k < n && v[k] == ':' && !(k + 2 < n && v[k + 1] == '/' && v[k + 2] == '/');
}

/* "HTTP/d" at v[i..) */
static bool http_version_at(const char *v, size_t i, size_t n)
{
    return n - i >= 6 && !memcmp(v + i, "HTTP/", 5) && isdigit((unsigned char)v[i + 5]);
}

/* A request line ("METHOD target HTTP/d") or a status line ("HTTP/d.d nnn") inside a
 * value: a second message for a proxy or a cache to read. */
static bool embedded_message(const char *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (!http_version_at(v, i, n))
            continue;
        bool line_start = i == 0 || v[i - 1] == '\n' || v[i - 1] == '\r';
        size_t k = i + 6;
        while (k < n && (isdigit((unsigned char)v[k]) || v[k] == '.'))
            k++;
        if (line_start && k + 4 <= n && v[k] == ' ' && isdigit((unsigned char)v[k + 1]) &&
            isdigit((unsigned char)v[k + 2]) && isdigit((unsigned char)v[k + 3]))
            return true;
        if (i < 3 || v[i - 1] != ' ')
            continue;
        size_t t_end = i - 1, t = t_end; /* the target, then the method before it */
        while (t > 0 && v[t - 1] != ' ' && v[t - 1] != '\n' && v[t - 1] != '\r')
            t--;
        if (t == t_end || t == 0 || v[t - 1] != ' ')
            continue;
        size_t m_end = t - 1, m = m_end;
        while (m > 0 && tchar((unsigned char)v[m - 1]))
            m--;
        if (registered(v + m, m_end - m, true) &&
            (m == 0 || v[m - 1] == ' ' || v[m - 1] == '\n' || v[m - 1] == '\r'))
            return true;
    }
    return false;
}

/* An ASCII character spelt in two or more UTF-8 bytes, in text with no other non-ASCII
 * byte (legacy Japanese encodings make such pairs by chance inside real text). */
static bool overlong_in_ascii(const unsigned char *v, size_t n)
{
    bool overlong = false;
    for (size_t i = 0; i < n; i++) {
        if (v[i] < 0x80)
            continue;
        if (i + 1 < n && (v[i] == 0xc0 || v[i] == 0xc1) && (v[i + 1] & 0xc0) == 0x80) {
            overlong = true;
            i += 1;
        } else if (i + 2 < n && v[i] == 0xe0 && v[i + 1] >= 0x80 && v[i + 1] <= 0x9f &&
                   (v[i + 2] & 0xc0) == 0x80) {
            overlong = true;
            i += 2;
        } else {
            return false;
        }
    }
    return overlong;
}

/* Bytes a decoded value must not hold. name: a parameter name or a path, where a line
 * break is never text. */
static bool control_bytes(const char *v, size_t n, bool name, fk_webproto_finding *out)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)v[i];
        if (c == 0)
            return found(out, "NUL byte (ends the string in C code behind the server)",
                         FK_SEV_MEDIUM);
        if (c == '\r' || c == '\n') {
            if (name)
                return found(out, "line break in a path or parameter name", FK_SEV_MEDIUM);
            size_t k = i;
            while (k < n && (v[k] == '\r' || v[k] == '\n'))
                k++;
            if (header_line_at(v, k, n))
                return found(out,
                             "line break then a header line (header injection or "
                             "response splitting)",
                             FK_SEV_HIGH);
            i = k - 1;
            continue;
        }
        if ((c < 0x20 && c != '\t') || c == 0x7f)
            return found(out, "control character", FK_SEV_LOW);
    }
    return false;
}

/* A line break still escaped after the server's decoding (%250a, %25%30%61 and
 * %25250a sent; %0a or %250a read) and then a header line: an application or a proxy
 * that decodes again writes the header into its answer or its next request. */
static bool escaped_break_then_header(const char *v, size_t n)
{
    for (size_t i = 0; i + 2 < n; i++) {
        if (v[i] != '%')
            continue;
        size_t k = i;
        bool line_break = false;
        while (k < n && v[k] == '%') {
            size_t j = k + 1;
            while (j + 1 < n && v[j] == '2' && v[j + 1] == '5') /* %25 escapes the '%' */
                j += 2;
            if (j + 1 < n && v[j] == '0' &&
                (v[j + 1] == 'a' || v[j + 1] == 'A' || v[j + 1] == 'd' || v[j + 1] == 'D')) {
                k = j + 2;
                line_break = true;
            } else {
                break;
            }
        }
        if (line_break && header_line_at(v, k, n))
            return true;
        if (k > i)
            i = k - 1;
    }
    return false;
}

/* A decoded value, parameter or path: control bytes, a smuggled message, header markup,
 * overlong UTF-8. */
static bool decoded_value(const char *v, size_t n, bool name, fk_webproto_finding *out)
{
    if (control_bytes(v, n, name, out))
        return true;
    if (escaped_break_then_header(v, n))
        return found(out,
                     "line break encoded twice then a header line (header injection after "
                     "a second decoding)",
                     FK_SEV_HIGH);
    if (embedded_message(v, n))
        return found(out,
                     "an HTTP request or status line inside a value (request smuggling "
                     "or response splitting)",
                     FK_SEV_HIGH);
    /* v is NUL-ended and, past control_bytes, holds no NUL of its own */
    const char *meta = memchr(v, '<', n) ? strcasestr(v, "<meta") : NULL;
    if (meta && strcasestr(meta, "http-equiv"))
        return found(out, "markup that sets a response header (<meta http-equiv>)", FK_SEV_MEDIUM);
    if (overlong_in_ascii((const unsigned char *)v, n))
        return found(out, "overlong UTF-8 (an ASCII character spelt in several bytes)",
                     FK_SEV_MEDIUM);
    return false;
}

/* a[b][c]: after the first '[', only bracket groups may follow; unclosed is literal. */
static bool bracket_tail(const char *v, size_t n)
{
    const char *open = memchr(v, '[', n);
    if (!open || open == v)
        return false;
    const char *p = open, *end = v + n;
    while (p < end) {
        if (*p != '[')
            return true;
        const char *close = memchr(p, ']', (size_t)(end - p));
        if (!close)
            return false;
        p = close + 1;
    }
    return false;
}

static bool query(const char *v, size_t n, char *buf, size_t cap, fk_webproto_finding *out)
{
    if (percent_grammar(v, n, out))
        return true;
    size_t params = 0;
    for (const char *q = v, *end = v + n; q <= end; params++) {
        const char *eq, *stop = fk_webquery_param_end(q, end, &eq);
        const char *name_end = eq ? eq : stop;
        size_t l = decode_once(q, (size_t)(name_end - q), true, buf, cap);
        if (decoded_value(buf, l, true, out))
            return true;
        if (bracket_tail(buf, l))
            return found(out,
                         "text after a parameter's array brackets (read differently by "
                         "each framework)",
                         FK_SEV_LOW);
        if (eq) {
            l = decode_once(eq + 1, (size_t)(stop - eq - 1), true, buf, cap);
            if (decoded_value(buf, l, false, out))
                return true;
        }
        if (stop == end)
            break;
        q = fk_webquery_next(stop, end);
    }
    if (params + 1 > MAX_PARAMS)
        return found(out, "more parameters than servers accept (hash-collision denial of service)",
                     FK_SEV_MEDIUM);
    return false;
}

bool fk_webproto_read(const char *v, size_t n, fk_webproto_field field, char *buf, size_t cap,
                      fk_webproto_finding *out)
{
    if (cap < n + 1)
        return false;
    switch (field) {
    case FK_WP_METHOD:
        for (size_t i = 0; i < n; i++)
            if (!tchar((unsigned char)v[i]))
                return found(out, "malformed method (not an HTTP token)", FK_SEV_MEDIUM);
        if (n && !registered(v, n, false))
            return found(out, "method not in the IANA HTTP method registry", FK_SEV_LOW);
        return false;
    case FK_WP_PATH:
        if (percent_grammar(v, n, out))
            return true;
        return decoded_value(buf, decode_once(v, n, false, buf, cap), true, out);
    case FK_WP_QUERY: return query(v, n, buf, cap, out);
    case FK_WP_VERSION: {
        /* the versions RFC 9110 section 2.5 and its successors define; 0.9 had none */
        static const char *const versions[] = {"HTTP/1.0", "HTTP/1.1", "HTTP/2", "HTTP/2.0",
                                               "HTTP/3",   "HTTP/3.0", NULL};
        /* a field some other log calls "protocol" (https, tcp) is not a request line's */
        if (n < 5 || strncasecmp(v, "HTTP/", 5))
            return false;
        for (size_t i = 0; versions[i]; i++)
            if (strlen(versions[i]) == n && !memcmp(versions[i], v, n))
                return false;
        return n && found(out, "HTTP version that does not exist", FK_SEV_LOW);
    }
    case FK_WP_HEADER:
        /* a header arrives as sent: its control bytes are the request's own, and a
         * header cannot carry a line break at all */
        for (size_t i = 0; i < n; i++) {
            unsigned char c = (unsigned char)v[i];
            if (c == 0 || c == '\r' || c == '\n' || (c < 0x20 && c != '\t') || c == 0x7f)
                return found(out, "control character in a header value (RFC 9110 5.5)",
                             FK_SEV_MEDIUM);
        }
        if (embedded_message(v, n))
            return found(out, "an HTTP request or status line inside a header", FK_SEV_HIGH);
        return false;
    }
    return false;
}
