#include "netaddr.h"

#include <arpa/inet.h>
#include <string.h>

/* Dotted quad parser written out because it runs for every access-log line; inet_pton
 * would need a NUL-terminated copy first. Strict: four decimal parts, no leading zeros
 * beyond a single 0, each at most 255. */
static bool parse_v4(const char *s, size_t n, uint8_t out[4])
{
    size_t i = 0;
    for (int part = 0; part < 4; part++) {
        if (i >= n || s[i] < '0' || s[i] > '9')
            return false;
        unsigned v = 0;
        size_t start = i;
        while (i < n && s[i] >= '0' && s[i] <= '9' && i - start < 3)
            v = v * 10 + (unsigned)(s[i++] - '0');
        if (v > 255 || (s[start] == '0' && i - start > 1))
            return false;
        out[part] = (uint8_t)v;
        if (part < 3) {
            if (i >= n || s[i] != '.')
                return false;
            i++;
        }
    }
    return i == n;
}

bool fk_ip_parse(const char *s, size_t n, fk_ip *out)
{
    memset(out, 0, sizeof *out);
    if (n == 0 || n >= 64)
        return false;
    if (parse_v4(s, n, out->b)) {
        out->family = 4;
        return true;
    }
    if (s[0] == '[' && s[n - 1] == ']') {
        s++;
        n -= 2;
    }
    if (!memchr(s, ':', n))
        return false;
    char buf[64];
    memcpy(buf, s, n);
    buf[n] = '\0';
    char *pct = strchr(buf, '%'); /* zone index, e.g. fe80::1%eth0 */
    if (pct)
        *pct = '\0';
    if (inet_pton(AF_INET6, buf, out->b) != 1) {
        memset(out, 0, sizeof *out);
        return false;
    }
    static const uint8_t mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    if (memcmp(out->b, mapped, 12) == 0) {
        memmove(out->b, out->b + 12, 4);
        memset(out->b + 4, 0, 12);
        out->family = 4;
    } else {
        out->family = 6;
    }
    return true;
}

bool fk_cidr_parse(const char *s, size_t n, fk_ip *net, int *prefix)
{
    const char *slash = memchr(s, '/', n);
    if (!slash) {
        if (!fk_ip_parse(s, n, net))
            return false;
        *prefix = net->family == 4 ? 32 : 128;
        return true;
    }
    if (!fk_ip_parse(s, (size_t)(slash - s), net))
        return false;
    size_t rest = n - (size_t)(slash - s) - 1;
    if (rest == 0 || rest > 3)
        return false;
    int p = 0;
    for (size_t i = 0; i < rest; i++) {
        char c = slash[1 + i];
        if (c < '0' || c > '9')
            return false;
        p = p * 10 + (c - '0');
    }
    if (p > (net->family == 4 ? 32 : 128))
        return false;
    *prefix = p;
    fk_ip_mask(net, p);
    return true;
}

void fk_ip_mask(fk_ip *ip, int prefix)
{
    int bytes = ip->family == 4 ? 4 : 16;
    for (int i = 0; i < bytes; i++) {
        int bits = prefix - i * 8;
        if (bits >= 8)
            continue;
        ip->b[i] &= bits <= 0 ? 0 : (uint8_t)(0xff << (8 - bits));
    }
}

const char *fk_ip_format(const fk_ip *ip, char buf[FK_IP_STRLEN])
{
    buf[0] = '\0';
    if (ip->family == 4)
        inet_ntop(AF_INET, ip->b, buf, FK_IP_STRLEN);
    else if (ip->family == 6)
        inet_ntop(AF_INET6, ip->b, buf, FK_IP_STRLEN);
    return buf;
}

bool fk_ip_is_private(const fk_ip *ip)
{
    const uint8_t *b = ip->b;
    if (ip->family == 4)
        return b[0] == 10 || b[0] == 127 || b[0] == 0 || (b[0] == 172 && (b[1] & 0xf0) == 16) ||
               (b[0] == 192 && b[1] == 168) || (b[0] == 169 && b[1] == 254) ||
               (b[0] == 100 && (b[1] & 0xc0) == 64);
    static const uint8_t loop6[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    static const uint8_t any6[16] = {0};
    return (b[0] & 0xfe) == 0xfc || (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) ||
           !memcmp(b, loop6, 16) || !memcmp(b, any6, 16);
}
