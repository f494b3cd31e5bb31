/* Web-attack detection by HTTP's own grammar: a request field as it was sent (the
 * access log's escapes undone, percent-encoding kept) is checked against what RFC 9110,
 * RFC 9112 and RFC 3986 allow, for the breaks attacks need: methods outside the IANA
 * registry, escapes no URI has, control bytes, line breaks that start new header lines
 * or a second request, parameter names a server's array syntax misreads. Stateless. */
#ifndef FK_WEBPROTO_H
#define FK_WEBPROTO_H

#include "../model/alert.h"

#include <stdbool.h>
#include <stddef.h>

typedef enum fk_webproto_field {
    FK_WP_METHOD,
    FK_WP_PATH,   /* the target's path, before '?' */
    FK_WP_QUERY,  /* the whole query string: read parameter by parameter */
    FK_WP_HEADER, /* a header value the log keeps (User-Agent, Referer) */
    FK_WP_VERSION /* the request line's protocol: HTTP/1.1 */
} fk_webproto_field;

typedef struct fk_webproto_finding {
    const char *why; /* "NUL byte", "CR LF then a header line", ... */
    fk_severity severity;
} fk_webproto_finding;

/* Reads v[0..n) as sent in field. buf (cap >= n + 1 bytes) is the reader's scratch for a
 * decoded parameter. Returns true and fills *out at the first break found. */
bool fk_webproto_read(const char *v, size_t n, fk_webproto_field field, char *buf, size_t cap,
                      fk_webproto_finding *out);

#endif
