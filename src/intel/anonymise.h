/* Anonymisation of what a member provided (情報提供元の秘匿化): masks, in free text,
 * the provider's name and aliases, host names in its domains, addresses in its
 * networks and internal addresses, e-mail addresses, user names, and configurable
 * patterns; and tells which indicators would identify the provider so they are withheld.
 * Text is compared on a canonical form (escapes undone, defanged notation restored,
 * Unicode compatibility folding, confusable skeletons, numeric address forms), so that
 * a way of writing an identifier that nobody listed is caught as well. It fails closed:
 * when anything goes wrong the caller gets an error and must withhold the text.
 * Owns compiled PCRE2 patterns and an ICU spoof checker. */
#ifndef FK_ANONYMISE_H
#define FK_ANONYMISE_H

#include "../core/error.h"
#include "../core/netaddr.h"
#include "../detect/ioc.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct fk_provider_identity {
    const char *name;
    const char *const *aliases; /* NULL-terminated */
    const char *const *domains;
    const char *const *emails;
    const fk_ip *networks;
    const int *prefixes;
    size_t nnetworks;
} fk_provider_identity;

typedef struct fk_anonymiser fk_anonymiser;

/* extra_patterns: PCRE2 patterns (NULL-terminated, may be NULL) masked as "[redacted]". */
fk_anonymiser *fk_anonymiser_new(const fk_provider_identity *id, const char *const *extra_patterns,
                                 fk_err *err);
void fk_anonymiser_free(fk_anonymiser *a);
/* Compiles the patterns alone, to check a configuration: 0, or -1 naming the pattern. */
int fk_anonymise_check_patterns(const char *const *patterns, fk_err *err);
/* The masked copy of text in *out (malloc'd): 0. -1 when the text could not be
 * anonymised (a pattern failed to run, memory ran out): *out is NULL, err says why,
 * and the text must not be released. */
int fk_anonymise_text(const fk_anonymiser *a, const char *text, char **out, fk_err *err);
/* A piece of the original text the masked copy replaces: bytes [start, end) of the
 * text, and the placeholder put there ("[provider]", "[email]", ...). */
typedef struct fk_redaction {
    size_t start, end;
    const char *label;
} fk_redaction;
/* As fk_anonymise_text, and the pieces replaced, in order and not overlapping, in
 * *removed (malloc'd, *nremoved of them; NULL when none). */
int fk_anonymise_text_spans(const fk_anonymiser *a, const char *text, char **out,
                            fk_redaction **removed, size_t *nremoved, fk_err *err);
/* True when releasing this indicator would point at the provider: an address in its
 * networks or an internal one, its domains (also inside a longer name), its names,
 * e-mail addresses or addresses anywhere in a URL. True as well when it cannot tell. */
bool fk_anonymise_withholds(const fk_anonymiser *a, fk_ioc_type type, const char *value);

#endif
