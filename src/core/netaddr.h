/* IP addresses as values: parsing (IPv4, IPv6, CIDR), formatting and masking.
 * Owns nothing; fk_ip is a plain value that events and indicators embed. */
#ifndef FK_NETADDR_H
#define FK_NETADDR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct fk_ip {
    uint8_t family; /* 0 = none, 4 or 6 */
    uint8_t b[16];  /* IPv4 in b[0..3] */
} fk_ip;

#define FK_IP_STRLEN 46

/* Parses an address from s[0..n). Accepts "[v6]" brackets and IPv4-mapped IPv6
 * (::ffff:a.b.c.d becomes IPv4). Returns false if it is not an address. */
bool fk_ip_parse(const char *s, size_t n, fk_ip *out);
/* Parses "addr/len" (or a bare address as a host range). */
bool fk_cidr_parse(const char *s, size_t n, fk_ip *net, int *prefix);
void fk_ip_mask(fk_ip *ip, int prefix);
const char *fk_ip_format(const fk_ip *ip, char buf[FK_IP_STRLEN]);
/* Private, loopback, link-local, shared (100.64/10), unique-local or unspecified: an
 * address inside a network rather than on the Internet. */
bool fk_ip_is_private(const fk_ip *ip);

#endif
