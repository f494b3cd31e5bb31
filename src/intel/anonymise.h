/* Anonymisation of what a member provided (情報提供元の秘匿化): masks, in free text,
 * the provider's name and aliases, host names in its domains, addresses in its
 * networks and internal addresses, e-mail addresses, user names, and configurable
 * patterns; and tells which indicators would identify the provider (its own domains,
 * networks, internal addresses) so they are withheld. Owns compiled PCRE2 patterns. */
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
/* The masked copy of text (malloc'd), or NULL when memory is exhausted. */
char *fk_anonymise_text(const fk_anonymiser *a, const char *text);
/* True when releasing this indicator would point at the provider. */
bool fk_anonymise_withholds(const fk_anonymiser *a, fk_ioc_type type, const char *value);

#endif
