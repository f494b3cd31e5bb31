/* Web-attack detection for server-side code other than PHP and Java: a decoded value read
 * for the constructs of Python, Ruby, Perl, Node.js and Groovy that run commands, load
 * code or walk objects out of a sandbox, for template-engine expressions (Jinja, Twig,
 * ERB, Freemarker, Velocity, Thymeleaf, Razor, Smarty) that evaluate rather than print,
 * and for server-side and edge-side include directives. Stateless. */
#ifndef FK_WEBCODE_H
#define FK_WEBCODE_H

#include "webstruct.h"

#include <stdbool.h>
#include <stddef.h>

/* Reads one decoded, lower-cased value; true with *why set when it holds such code. */
bool fk_webcode_read(const char *v, size_t n, fk_webstruct_field field, const char **why);

#endif
