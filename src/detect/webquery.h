/* Walking a query string or a form body parameter by parameter, as servers split them:
 * at '&', where an HTML-escaped separator ("&amp;", escaped once or many times) is one
 * separator. The readers of the protocol (webproto) and of the signatures (websig) walk
 * parameters with it alike. Owns nothing: the answers point into the caller's text. */
#ifndef FK_WEBQUERY_H
#define FK_WEBQUERY_H

/* The parameter that begins at q: where it ends (its '&' or end, returned) and its '='
 * (*eq, or NULL when it has none). */
const char *fk_webquery_param_end(const char *q, const char *end, const char **eq);

/* Where the parameter after the separator at stop begins (stop: what
 * fk_webquery_param_end returned; end when that was the last parameter). */
const char *fk_webquery_next(const char *stop, const char *end);

#endif
