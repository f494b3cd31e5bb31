/* Web-attack detection by structure: a value of a request (a query parameter, the
 * path, the User-Agent, the Referer) is read the way the interpreter it targets would
 * read it — SQL tokens in three quoting contexts, HTML tags and JavaScript after a
 * broken-out string, shell commands after shell operators with command names taken from
 * Debian's packages and Windows' documented commands, PHP, Node and Java code, URLs to
 * internal or remote hosts, files named by meaning — rather than matched against
 * remembered payloads. Owns the word sets (commands, SQL words); read-only once built. */
#ifndef FK_WEBSTRUCT_H
#define FK_WEBSTRUCT_H

#include "../core/error.h"
#include "../model/alert.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct fk_webstruct fk_webstruct;

/* Where a value came from: the readers ask for more evidence in headers, where browsers
 * write free text (a User-Agent's "; id)" is a locale, not a command). */
typedef enum fk_webstruct_field {
    FK_WS_PATH,
    FK_WS_PARAM, /* one query (or Referer query) parameter's value or name */
    FK_WS_HEADER,
    FK_WS_TEXT,     /* a parameter for a person's free text (a search, a message): see
                       fk_webstruct_param_field */
    FK_WS_DOCUMENT, /* a whole XML body whose values were read as parameters: only what
                       its structure alone carries (external entities) is read */
} fk_webstruct_field;

typedef struct fk_webstruct_hit {
    const char *id, *family, *title;
    fk_severity severity;
    const char *why; /* what the reader saw: "UNION SELECT", "<svg onload=", "; wget" */
} fk_webstruct_hit;

typedef int (*fk_webstruct_fn)(void *ctx, const fk_webstruct_hit *hit);

int fk_webstruct_new(fk_webstruct **out, fk_err *err);
void fk_webstruct_free(fk_webstruct *w);

/* The family of the i-th reader (several readers may share one), NULL past the last:
 * families only readers report (ldap, xxe) are as selectable as the signatures'. */
const char *fk_webstruct_family_at(size_t i);

/* Reads one decoded, lower-cased value; calls fn once per reader that recognises an
 * attack (at most one hit per family). Returns the hits, or -1 when fn failed. */
int fk_webstruct_scan(const fk_webstruct *w, const char *v, size_t n, fk_webstruct_field field,
                      fk_webstruct_fn fn, void *ctx);

/* How a query parameter's value is to be read, by the parameter's decoded, lower-cased
 * name: FK_WS_TEXT for the names applications give a person's free text (searches,
 * comments, messages), FK_WS_PARAM for the rest. */
fk_webstruct_field fk_webstruct_param_field(const char *name, size_t nl);

/* Whether a parameter's decoded, lower-cased name says where the browser goes next
 * (redirect_uri, return_to, next, RelayState): a URL there is a destination, which no
 * server fetches or includes. */
bool fk_webstruct_navigation_param(const char *name, size_t nl);

/* Whether a decoded value reads as sentences a person wrote, whatever its parameter is
 * called (a status, a wiki page's text, a note): at least eight words, seven in ten of
 * them words of letters, and a sentence's end among them. Such a value is free text
 * (FK_WS_TEXT) as a named one is. */
bool fk_webstruct_reads_as_prose(const char *v, size_t n);

/* Whether a decoded, lower-cased value is an application's own SQL statement rather
 * than an injection: it opens with a statement, binds placeholders (where id = ?, $1, %s,
 * :name, @p0), closes its strings and holds no comment and nothing stacked after it.
 * Tracing spans carry such statements (OpenTelemetry's db.statement, APM agents' spans);
 * an injection binds nothing, so it writes no placeholder, and a whole statement put
 * into a literal or a number breaks out of neither. */
bool fk_webstruct_application_sql(const char *v, size_t n);

/* Whether a decoded value is markup a rich-text editor made: it opens with a formatting
 * element (<p>, <div>, <h2>, <ul>, <figure>, <!-- wp:... -->) and closes one; or a wiki
 * page's source (a heading line, a table, a link; several lines). Its text is what a
 * person wrote and is read as free text; the markup is still read for script. */
bool fk_webstruct_editor_markup(const char *v, size_t n);

/* Whether text (a body as sent, its JSON escapes and all) holds a stack trace: two or
 * more frames as Java, Kotlin, V8, Python, .NET, PHP or Ruby print them. A document that
 * carries one is a client's report of what failed (a crash report, an error tracker's
 * event): it quotes files, commands and statements from elsewhere. */
bool fk_webstruct_stack_trace(const char *v, size_t n);

/* Whether a value is symbols, digits and letters without a word: no run of three
 * letters or more, and no two-letter run that is a word of SQL (or, is, in, ...) or a
 * command (id, ls, rm, ...). Such a value can break a string but say nothing after it:
 * no condition, no statement, no command. A generated password looks so. */
bool fk_webstruct_symbols_only(const char *v, size_t n);

/* The reason the file reader gives when a path's file is suspect by its kind alone
 * (an extension of databases, keys, configuration, logs): the weakest of its findings,
 * which a caller may set aside for a download a page linked to (websig.c). Compare the
 * pointer. */
extern const char fk_webstruct_kind_why[];

/* Whether a decoded (lower-cased) value is a data: URL of a raster image, by its type
 * and by its bytes: ;base64 data opening with that format's magic (PNG, JPEG, GIF, WebP,
 * ICO). A badge's logo or an avatar given inline is a picture, not code to include or a
 * resource to fetch. */
bool fk_webstruct_image_data_url(const char *v, size_t n);

/* Whether v begins with one of PHP's stream wrappers (php://, phar://, expect://, ...):
 * a URL's form, but no address a browser goes to; only PHP's file functions open it. */
bool fk_webstruct_php_wrapper(const char *v, size_t n);

/* Whether a decoded value is editor markup (fk_webstruct_editor_markup) that shows code
 * in a <pre> or <code> element: a blog post's example, escaped by the editor and
 * displayed, not run. */
bool fk_webstruct_shows_code(const char *v, size_t n);

/* The content of the next <pre> or <code> element of markup v at or after from: its
 * start (n when there is none) and, in *end, where its end tag begins (n when unclosed).
 * Only that content is the example a page shows; code outside it counts as anywhere. */
size_t fk_webstruct_shown_code_span(const char *v, size_t n, size_t from, size_t *end);

/* Whether offset at of markup v lies in the content of a <pre> or <code> element. */
bool fk_webstruct_within_shown_code(const char *v, size_t n, size_t at);

/* Whether a decoded, lower-cased value opens as an expression of a query language: a
 * name, then a comparison (status = 'open', objectid > 0, name eq 'x', labels in (...),
 * text ~ "..."), its strings closed. ArcGIS' where, OData's $filter, JQL and CQL are
 * written so; an injection appends to the value the application expected instead. */
bool fk_webstruct_opens_as_expression(const char *v, size_t n);

/* What lifts free text (FK_WS_TEXT) out of being words, decoded: a quote that ends the
 * string it is kept in, a ';' or a comment that ends a SQL statement, a shell operator
 * (separator, pipe, substitution, line break) that starts a command, each at the value's
 * head (at most one token before it; a comment may also end the value), or the value
 * being itself a file's name or address (it begins, after blanks and quotes, with '/',
 * '\\', '.', '~', a drive letter or a URL scheme; "cat /proc/cpuinfo meaning" is words
 * about a file), or for code a template's or an expression language's delimiter
 * anywhere (${, #{, %{, {{, {%, <%, <?, a function definition) or a quote at the head
 * (a person searching for "Runtime.getRuntime().exec" or "php echo $_GET" writes code
 * that nothing evaluates). The readers and the signatures ask free text for the same
 * breaks. */
enum {
    FK_WS_BREAK_QUOTE = 1,
    FK_WS_BREAK_STATEMENT = 2,
    FK_WS_BREAK_SHELL = 4,
    FK_WS_BREAK_PATH = 8,
    FK_WS_BREAK_CODE = 16,
};
unsigned fk_webstruct_text_breaks(const char *v, size_t n);

/* Where a pair was sent: in the request's own query rather than a Referer's, and to an
 * API's path (a segment "api": called by the application's own scripts, not opened
 * from a link). */
enum {
    FK_WS_PAIR_OWN_QUERY = 1,
    FK_WS_PAIR_API_CALL = 2,
};

/* Reads one query parameter as a pair, for what neither half shows alone: a remote URL
 * given to a parameter named for a file to load (page=, include=); in the request's own
 * query, a session cookie's name given a value (session fixation; a name many
 * applications use for ids of their own, session_id, not in an API's call). Both decoded
 * and lower-cased; where is FK_WS_PAIR_* bits. Returns the hits, or -1 when fn failed. */
int fk_webstruct_scan_pair(const fk_webstruct *w, const char *name, size_t nl, const char *v,
                           size_t n, unsigned where, fk_webstruct_fn fn, void *ctx);

/* The readers one by one, for tests: each returns true and sets *why when it
 * recognises its language in v. */
bool fk_webstruct_sqli(const fk_webstruct *w, const char *v, size_t n, fk_webstruct_field field,
                       const char **why);
bool fk_webstruct_xss(const char *v, size_t n, fk_webstruct_field field, const char **why);
bool fk_webstruct_shell(const fk_webstruct *w, const char *v, size_t n, fk_webstruct_field field,
                        const char **why);

#endif
