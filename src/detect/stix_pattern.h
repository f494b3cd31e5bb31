/* STIX 2.1 patterning: parses an indicator's pattern and yields the observable values
 * it compares, when the pattern is a disjunction (OR) of equality, IN and ISSUBSET
 * comparisons on addresses, domains, URLs and file hashes -- the shape that a single
 * log event can satisfy. Anything else is reported as unsupported with its reason. */
#ifndef FK_STIX_PATTERN_H
#define FK_STIX_PATTERN_H

#include "../core/error.h"
#include "ioc.h"

typedef enum fk_stix_result {
    FK_STIX_OK = 0,
    FK_STIX_UNSUPPORTED = 1, /* valid, but not matchable on one event; err says why */
    FK_STIX_SYNTAX = -1,     /* not a valid pattern; err says where */
} fk_stix_result;

/* Called for each value; returns 0 to go on. */
typedef int (*fk_stix_value_fn)(void *ctx, fk_ioc_type type, const char *value, size_t n);

fk_stix_result fk_stix_pattern_values(const char *pattern, fk_stix_value_fn fn, void *ctx,
                                      fk_err *err);
/* Every supported value the pattern compares, whatever joins them (for intelligence
 * taken in, not for matching): FK_STIX_UNSUPPORTED still yields the values it could
 * take, and err names the first part it could not. */
fk_stix_result fk_stix_pattern_observables(const char *pattern, fk_stix_value_fn fn, void *ctx,
                                           fk_err *err);

#endif
