/* The kinds of indicator every layer names: addresses and ranges, domains, URLs and
 * file hashes, with the short names alerts, the API and the store use for them. The
 * matcher (detect/ioc) and the STIX patterns (intel/stix) both speak these. */
#ifndef FK_INDICATOR_H
#define FK_INDICATOR_H

#include <stdbool.h>

typedef enum fk_ioc_type {
    FK_IOC_IPV4 = 1,
    FK_IOC_IPV6,
    FK_IOC_NET4,
    FK_IOC_NET6,
    FK_IOC_DOMAIN,
    FK_IOC_URL,
    FK_IOC_MD5,
    FK_IOC_SHA1,
    FK_IOC_SHA256,
    FK_IOC_TYPE_COUNT_,
} fk_ioc_type;

/* "ipv4", "ipv4-cidr", "domain", "url", "sha256", ...; "?" out of range. */
const char *fk_ioc_type_name(fk_ioc_type t);
/* The type a name stands for; false for an unknown name. */
bool fk_ioc_type_from_name(const char *name, fk_ioc_type *out);
/* Whether the type is a file hash (matched against hash fields, not hosts). */
bool fk_ioc_type_is_hash(fk_ioc_type t);

#endif
