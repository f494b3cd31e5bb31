#include "indicator.h"

#include <string.h>

static const char *const type_names[] = {
    [FK_IOC_IPV4] = "ipv4",      [FK_IOC_IPV6] = "ipv6",     [FK_IOC_NET4] = "ipv4-cidr",
    [FK_IOC_NET6] = "ipv6-cidr", [FK_IOC_DOMAIN] = "domain", [FK_IOC_URL] = "url",
    [FK_IOC_MD5] = "md5",        [FK_IOC_SHA1] = "sha1",     [FK_IOC_SHA256] = "sha256",
};

const char *fk_ioc_type_name(fk_ioc_type t)
{
    return t > 0 && t < FK_IOC_TYPE_COUNT_ ? type_names[t] : "?";
}

bool fk_ioc_type_from_name(const char *name, fk_ioc_type *out)
{
    for (int t = 1; name && t < FK_IOC_TYPE_COUNT_; t++)
        if (!strcmp(type_names[t], name)) {
            *out = (fk_ioc_type)t;
            return true;
        }
    return false;
}

bool fk_ioc_type_is_hash(fk_ioc_type t)
{
    return t == FK_IOC_MD5 || t == FK_IOC_SHA1 || t == FK_IOC_SHA256;
}
