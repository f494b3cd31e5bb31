#include "ioc.h"

#include "../core/hex.h"

#include "../core/hash.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Layout, chosen for memory and for one cache miss per lookup in the common case:
 *  - keys: one byte array holding [type:1][len:2][bytes] records; addresses and hashes
 *    are stored as raw bytes (4/16/16/20/32), domains and URLs as normalised text;
 *  - slots: an open-addressing table of {fingerprint, key offset, first entry}; the
 *    fingerprint (upper 32 bits of the hash) rejects almost every wrong slot without
 *    touching the key bytes;
 *  - entries: the provenance of each indicator, chained when several lists hold the
 *    same value, so a hit can name all of them.
 * Ten million IPv4 indicators take about 16M slots * 12 B + 10M * (24 B entry + 7 B
 * key) = 500 MB. */

typedef struct {
    uint32_t fp;
    uint32_t key_off; /* 0 = empty */
    uint32_t head;    /* 1-based entry index */
} slot;

struct fk_ioc_set {
    slot *slots;
    size_t cap, used;
    uint8_t *keys;
    size_t klen, kcap;
    fk_ioc_entry *entries; /* entries[0] unused */
    size_t nentries, ecap;
    char *strs;
    size_t slen, scap;
    char **lists;
    size_t nlists;
    size_t count_by_type[FK_IOC_TYPE_COUNT_];
    uint64_t net4_prefixes;    /* bit L: some NET4 indicator has prefix length L */
    uint64_t net6_prefixes[3]; /* bits 0..128 */
    uint64_t seed;
};

static int grow_bytes(void **buf, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return 0;
    size_t ncap = *cap ? *cap : 1024;
    while (ncap < need)
        ncap += ncap / 2;
    if (ncap > UINT32_MAX)
        ncap = UINT32_MAX;
    if (need > ncap)
        return -1;
    void *nb = realloc(*buf, ncap * elem);
    if (!nb)
        return -1;
    *buf = nb;
    *cap = ncap;
    return 0;
}

fk_ioc_set *fk_ioc_set_new(void)
{
    fk_ioc_set *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->seed = 0x9e3779b97f4a7c15ULL;
    /* offset 0 of keys and strings and entry 0 mean "none" */
    if (grow_bytes((void **)&s->keys, &s->kcap, 1, 1) ||
        grow_bytes((void **)&s->strs, &s->scap, 1, 1) ||
        grow_bytes((void **)&s->entries, &s->ecap, 1, sizeof *s->entries)) {
        fk_ioc_set_free(s);
        return NULL;
    }
    s->klen = 1;
    s->strs[0] = '\0';
    s->slen = 1;
    s->nentries = 1;
    return s;
}

void fk_ioc_set_free(fk_ioc_set *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->nlists; i++)
        free(s->lists[i]);
    free(s->lists);
    free(s->slots);
    free(s->keys);
    free(s->entries);
    free(s->strs);
    free(s);
}

int fk_ioc_list_add(fk_ioc_set *s, const char *name)
{
    char **nl = realloc(s->lists, (s->nlists + 1) * sizeof *nl);
    if (!nl)
        return -1;
    s->lists = nl;
    if (!(nl[s->nlists] = strdup(name)))
        return -1;
    return (int)s->nlists++;
}

const char *fk_ioc_list_name(const fk_ioc_set *s, uint32_t list)
{
    return list < s->nlists ? s->lists[list] : "?";
}

const char *fk_ioc_str(const fk_ioc_set *s, uint32_t off)
{
    return s->strs + off;
}

size_t fk_ioc_count(const fk_ioc_set *s)
{
    return s->nentries - 1;
}

size_t fk_ioc_count_type(const fk_ioc_set *s, fk_ioc_type t)
{
    return s->count_by_type[t];
}

static inline uint64_t key_hash(const fk_ioc_set *s, fk_ioc_type t, const uint8_t *k, size_t n)
{
    return fk_hash64(k, n, s->seed ^ (uint64_t)t);
}

static inline bool key_equal(const fk_ioc_set *s, uint32_t off, fk_ioc_type t, const uint8_t *k,
                             size_t n)
{
    const uint8_t *r = s->keys + off;
    return r[0] == t && (size_t)(r[1] | r[2] << 8) == n && memcmp(r + 3, k, n) == 0;
}

static uint32_t lookup(const fk_ioc_set *s, fk_ioc_type t, const uint8_t *k, size_t n)
{
    if (!s->cap)
        return 0;
    uint64_t h = key_hash(s, t, k, n);
    uint32_t fp = (uint32_t)(h >> 32);
    size_t mask = s->cap - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
        const slot *sl = &s->slots[i];
        if (!sl->key_off)
            return 0;
        if (sl->fp == fp && key_equal(s, sl->key_off, t, k, n))
            return sl->head;
    }
}

static int rehash(fk_ioc_set *s)
{
    size_t ncap = s->cap ? s->cap * 2 : 1024;
    slot *ns = calloc(ncap, sizeof *ns);
    if (!ns)
        return -1;
    for (size_t i = 0; i < s->cap; i++) {
        const slot *old = &s->slots[i];
        if (!old->key_off)
            continue;
        const uint8_t *r = s->keys + old->key_off;
        uint64_t h = key_hash(s, (fk_ioc_type)r[0], r + 3, (size_t)(r[1] | r[2] << 8));
        size_t j = h & (ncap - 1);
        while (ns[j].key_off)
            j = (j + 1) & (ncap - 1);
        ns[j] = *old;
    }
    free(s->slots);
    s->slots = ns;
    s->cap = ncap;
    return 0;
}

static uint32_t add_string(fk_ioc_set *s, const char *str)
{
    if (!str || !*str)
        return 0;
    size_t n = strlen(str);
    if (n > 4096)
        n = 4096;
    if (s->slen + n + 1 > UINT32_MAX || grow_bytes((void **)&s->strs, &s->scap, s->slen + n + 1, 1))
        return UINT32_MAX;
    uint32_t off = (uint32_t)s->slen;
    memcpy(s->strs + off, str, n);
    s->strs[off + n] = '\0';
    s->slen += n + 1;
    return off;
}

static int insert(fk_ioc_set *s, fk_ioc_type t, const uint8_t *k, size_t n, uint32_t list,
                  uint32_t line, const char *id, const char *label, fk_err *err)
{
    if (n > 0xffff)
        return fk_errf(err, "indicator longer than 65535 bytes");
    if ((s->used + 1) * 10 > s->cap * 7 && rehash(s) != 0)
        return fk_errf(err, "out of memory growing the indicator table (%zu indicators)", s->used);
    if (s->nentries >= UINT32_MAX - 1 ||
        grow_bytes((void **)&s->entries, &s->ecap, s->nentries + 1, sizeof *s->entries))
        return fk_errf(err, "out of memory for indicator %zu", s->nentries);
    uint32_t id_off = add_string(s, id), label_off = add_string(s, label);
    if (id_off == UINT32_MAX || label_off == UINT32_MAX)
        return fk_errf(err, "out of memory for indicator labels");

    uint64_t h = key_hash(s, t, k, n);
    uint32_t fp = (uint32_t)(h >> 32);
    size_t mask = s->cap - 1, i = h & mask;
    while (s->slots[i].key_off &&
           !(s->slots[i].fp == fp && key_equal(s, s->slots[i].key_off, t, k, n)))
        i = (i + 1) & mask;
    slot *sl = &s->slots[i];
    if (!sl->key_off) {
        if (s->klen + 3 + n > UINT32_MAX ||
            grow_bytes((void **)&s->keys, &s->kcap, s->klen + 3 + n, 1))
            return fk_errf(err, "out of memory for indicator values");
        uint8_t *r = s->keys + s->klen;
        r[0] = (uint8_t)t;
        r[1] = (uint8_t)(n & 0xff);
        r[2] = (uint8_t)(n >> 8);
        memcpy(r + 3, k, n);
        sl->key_off = (uint32_t)s->klen;
        sl->fp = fp;
        sl->head = 0;
        s->klen += 3 + n;
        s->used++;
    }
    uint32_t e = (uint32_t)s->nentries++;
    s->entries[e] = (fk_ioc_entry){list, line, id_off, label_off, sl->head, sl->key_off};
    sl->head = e;
    s->count_by_type[t]++;
    return 0;
}

/* ---- normalisation, shared by loading and matching ---- */

static bool hex_decode(const char *s, size_t n, uint8_t *out)
{
    for (size_t i = 0; i < n; i += 2) {
        int hi = fk_hexval((unsigned char)s[i]), lo = fk_hexval((unsigned char)s[i + 1]);
        if (hi < 0 || lo < 0)
            return false;
        out[i / 2] = (uint8_t)(hi << 4 | lo);
    }
    return true;
}

/* A domain's last label must hold a letter: "1.2.3.999" is a bad address, not a name. */
static bool plausible_tld(const char *d, size_t n)
{
    const char *dot = memrchr(d, '.', n);
    const char *tld = dot ? dot + 1 : d;
    for (; tld < d + n; tld++)
        if (isalpha((unsigned char)*tld) || (unsigned char)*tld >= 0x80)
            return true;
    return false;
}

/* Lower-cases a host name into out, dropping a trailing dot and a ":port". Returns the
 * length, or 0 when it cannot be a domain. */
static size_t domain_key(const char *s, size_t n, char *out, size_t cap)
{
    if (n && s[n - 1] == '.')
        n--;
    if (n == 0 || n >= cap)
        return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == ':') /* host:port */
            return i;
        if (!(isalnum(c) || c == '-' || c == '.' || c == '_' || c >= 0x80))
            return 0;
        out[i] = (char)tolower(c);
    }
    return n;
}

size_t fk_ioc_url_key(const char *s, size_t n, char *out, size_t cap)
{
    const char *end = s + n, *p = s;
    const char *scheme = NULL;
    for (const char *q = s; q + 2 < end && q - s < 16; q++)
        if (q[0] == ':' && q[1] == '/' && q[2] == '/') {
            scheme = s;
            p = q + 3;
            break;
        }
    const char *hend = p;
    while (hend < end && *hend != '/' && *hend != '?' && *hend != '#')
        hend++;
    const char *at = memchr(p, '@', (size_t)(hend - p));
    if (at)
        p = at + 1; /* drop user:password@ */
    if (hend == p || cap < 2)
        return 0;
    size_t k = 0;
    const char *port = NULL;
    for (const char *q = p; q < hend; q++) {
        if (*q == ':' && *p != '[') {
            port = q;
            break;
        }
        if (k + 1 >= cap)
            return 0;
        out[k++] = (char)tolower((unsigned char)*q);
    }
    if (k > 0 && out[k - 1] == '.')
        k--;
    if (k == 0)
        return 0; /* "http://:80/" has no host */
    if (port) {
        size_t plen = (size_t)(hend - port);
        bool dflt = (plen == 3 && memcmp(port, ":80", 3) == 0) ||
                    (plen == 4 && memcmp(port, ":443", 4) == 0);
        if (!dflt) {
            if (k + plen >= cap)
                return 0;
            memcpy(out + k, port, plen);
            k += plen;
        }
    }
    (void)scheme;
    const char *frag = memchr(hend, '#', (size_t)(end - hend));
    const char *pend = frag ? frag : end;
    if (hend == pend || *hend != '/') {
        if (k + 1 >= cap)
            return 0;
        out[k++] = '/';
    }
    size_t rest = (size_t)(pend - hend);
    if (k + rest >= cap)
        return 0;
    memcpy(out + k, hend, rest);
    return k + rest;
}

/* Turns defanged text back into the real value: hxxp -> http, [.] (.) {.} -> ".",
 * [:] -> ":", [@] -> "@". */
static size_t refang(const char *s, size_t n, char *out, size_t cap)
{
    size_t k = 0;
    for (size_t i = 0; i < n && k + 4 < cap;) {
        if (i + 3 <= n && strchr("[({", s[i]) && strchr(".:@", s[i + 1]) &&
            strchr("])}", s[i + 2]) && s[i + 1] && s[i + 2]) {
            out[k++] = s[i + 1];
            i += 3;
        } else if (i + 4 <= n && strncasecmp(s + i, "hxxp", 4) == 0) {
            memcpy(out + k, "http", 4);
            k += 4;
            i += 4;
        } else {
            out[k++] = s[i++];
        }
    }
    return k;
}

static bool all_hex(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (fk_hexval((unsigned char)s[i]) < 0)
            return false;
    return true;
}

int fk_ioc_add_typed(fk_ioc_set *s, fk_ioc_type type, const char *value, size_t n, uint32_t list,
                     uint32_t line, const char *id, const char *label, fk_err *err)
{
    uint8_t bin[32];
    char text[4096];
    fk_ip ip;
    int prefix;
    size_t k;
    switch (type) {
    case FK_IOC_IPV4:
    case FK_IOC_IPV6:
    case FK_IOC_NET4:
    case FK_IOC_NET6:
        if (!fk_cidr_parse(value, n, &ip, &prefix))
            return fk_errf(err, "'%.*s': expected an IP address or CIDR range",
                           (int)(n > 80 ? 80 : n), value);
        if (ip.family == 4 && prefix == 32)
            return insert(s, FK_IOC_IPV4, ip.b, 4, list, line, id, label, err);
        if (ip.family == 6 && prefix == 128)
            return insert(s, FK_IOC_IPV6, ip.b, 16, list, line, id, label, err);
        bin[0] = (uint8_t)prefix;
        memcpy(bin + 1, ip.b, ip.family == 4 ? 4 : 16);
        if (ip.family == 4)
            s->net4_prefixes |= 1ULL << prefix;
        else
            s->net6_prefixes[prefix / 64] |= 1ULL << (prefix % 64);
        return insert(s, ip.family == 4 ? FK_IOC_NET4 : FK_IOC_NET6, bin, ip.family == 4 ? 5 : 17,
                      list, line, id, label, err);
    case FK_IOC_MD5:
    case FK_IOC_SHA1:
    case FK_IOC_SHA256: {
        size_t want = type == FK_IOC_MD5 ? 32 : type == FK_IOC_SHA1 ? 40 : 64;
        if (n != want || !hex_decode(value, n, bin))
            return fk_errf(err, "'%.*s': expected a %s hash of %zu hex digits",
                           (int)(n > 80 ? 80 : n), value, fk_ioc_type_name(type), want);
        return insert(s, type, bin, want / 2, list, line, id, label, err);
    }
    case FK_IOC_DOMAIN:
        k = domain_key(value, n, text, sizeof text);
        if (k != n - (n && value[n - 1] == '.') || k == 0 || !memchr(text, '.', k) ||
            text[0] == '.' || text[0] == '-' || !plausible_tld(text, k))
            return fk_errf(err, "'%.*s': expected a domain name like example.com",
                           (int)(n > 80 ? 80 : n), value);
        return insert(s, FK_IOC_DOMAIN, (const uint8_t *)text, k, list, line, id, label, err);
    case FK_IOC_URL:
        k = fk_ioc_url_key(value, n, text, sizeof text);
        if (k == 0)
            return fk_errf(err, "'%.*s': expected a URL like http://example.com/path",
                           (int)(n > 80 ? 80 : n), value);
        return insert(s, FK_IOC_URL, (const uint8_t *)text, k, list, line, id, label, err);
    default: return fk_errf(err, "unknown indicator type");
    }
}

int fk_ioc_classify(const char *value, size_t n, fk_ioc_type *type, char *out, size_t cap,
                    fk_err *err)
{
    char buf[4096] = "";
    if (n >= sizeof buf - 4 || cap < 64)
        return fk_errf(err, "indicator longer than %zu bytes", sizeof buf - 5);
    n = refang(value, n, buf, sizeof buf);
    const char *v = buf;
    fk_ip ip;
    int prefix;
    char ipbuf[FK_IP_STRLEN];
    if (fk_cidr_parse(v, n, &ip, &prefix)) {
        bool host = prefix == (ip.family == 4 ? 32 : 128);
        *type = ip.family == 4 ? (host ? FK_IOC_IPV4 : FK_IOC_NET4)
                               : (host ? FK_IOC_IPV6 : FK_IOC_NET6);
        snprintf(out, cap, host ? "%s" : "%s/%d", fk_ip_format(&ip, ipbuf), prefix);
        return 0;
    }
    if ((n == 32 || n == 40 || n == 64) && all_hex(v, n)) {
        *type = n == 32 ? FK_IOC_MD5 : n == 40 ? FK_IOC_SHA1 : FK_IOC_SHA256;
        for (size_t i = 0; i < n; i++)
            out[i] = (char)tolower((unsigned char)v[i]);
        out[n] = '\0';
        return 0;
    }
    const char *slash = memchr(v, '/', n);
    if (slash && fk_ip_parse(v, (size_t)(slash - v), &ip) && slash + 1 < v + n &&
        strspn(slash + 1, "0123456789") == (size_t)(v + n - slash - 1))
        return fk_errf(err, "'%.*s': CIDR prefix length out of range (at most %d)", (int)n, v,
                       ip.family == 4 ? 32 : 128);
    if (slash || memmem(v, n, "://", 3)) {
        char key[4096];
        if (n >= cap || fk_ioc_url_key(v, n, key, sizeof key) == 0)
            return fk_errf(err, "'%.*s': expected a URL like http://example.com/path",
                           (int)(n > 80 ? 80 : n), v);
        *type = FK_IOC_URL;
        memcpy(out, v, n);
        out[n] = '\0';
        return 0;
    }
    if (n > 2 && v[0] == '*' && v[1] == '.') { /* "*.example.com": subdomains match anyway */
        v += 2;
        n -= 2;
    }
    size_t k = domain_key(v, n, out, cap);
    if (k && k == n - (v[n - 1] == '.') && memchr(out, '.', k) && plausible_tld(out, k) &&
        out[0] != '.' && out[0] != '-') {
        *type = FK_IOC_DOMAIN;
        out[k] = '\0';
        return 0;
    }
    return fk_errf(
        err, "'%.*s': expected an IP address, CIDR range, domain, URL or MD5/SHA-1/SHA-256 hash",
        (int)(n > 80 ? 80 : n), v);
}

int fk_ioc_add_text(fk_ioc_set *s, const char *value, size_t n, uint32_t list, uint32_t line,
                    const char *id, const char *label, fk_err *err)
{
    char norm[4096];
    fk_ioc_type type;
    if (fk_ioc_classify(value, n, &type, norm, sizeof norm, err) != 0)
        return -1;
    return fk_ioc_add_typed(s, type, norm, strlen(norm), list, line, id, label, err);
}

fk_ioc_type fk_ioc_entry_type(const fk_ioc_set *s, const fk_ioc_entry *e)
{
    return (fk_ioc_type)s->keys[e->key_off];
}

const char *fk_ioc_entry_value(const fk_ioc_set *s, const fk_ioc_entry *e, char *buf, size_t cap)
{
    const uint8_t *r = s->keys + e->key_off;
    size_t n = (size_t)(r[1] | r[2] << 8);
    const uint8_t *k = r + 3;
    fk_ip ip = {0};
    char ipbuf[FK_IP_STRLEN];
    switch ((fk_ioc_type)r[0]) {
    case FK_IOC_IPV4:
    case FK_IOC_IPV6:
        ip.family = r[0] == FK_IOC_IPV4 ? 4 : 6;
        memcpy(ip.b, k, n);
        snprintf(buf, cap, "%s", fk_ip_format(&ip, ipbuf));
        break;
    case FK_IOC_NET4:
    case FK_IOC_NET6:
        ip.family = r[0] == FK_IOC_NET4 ? 4 : 6;
        memcpy(ip.b, k + 1, n - 1);
        snprintf(buf, cap, "%s/%u", fk_ip_format(&ip, ipbuf), k[0]);
        break;
    case FK_IOC_MD5:
    case FK_IOC_SHA1:
    case FK_IOC_SHA256:
        for (size_t i = 0; i < n && 2 * i + 2 < cap; i++)
            snprintf(buf + 2 * i, 3, "%02x", k[i]);
        break;
    default: snprintf(buf, cap, "%.*s", (int)n, (const char *)k); break;
    }
    return buf;
}

/* ---- matching ---- */

typedef struct {
    const fk_ioc_set *s;
    fk_ioc_hit_fn hit;
    void *ctx;
    int hits;
    bool failed;
} match_ctx;

static void report(match_ctx *m, uint32_t head, const char *field, fk_str value)
{
    for (uint32_t e = head; e; e = m->s->entries[e].next) {
        if (m->hit(m->ctx, &m->s->entries[e], field, value) != 0)
            m->failed = true;
        m->hits++;
    }
}

/* value may be empty: the address is then formatted only when something matched, as
 * formatting every address of every line would cost more than the lookups. */
static void report_ip(match_ctx *m, uint32_t head, const fk_ip *ip, const char *field, fk_str value)
{
    char buf[FK_IP_STRLEN];
    if (!head)
        return;
    if (!value.p) {
        fk_ip_format(ip, buf);
        value = (fk_str){buf, strlen(buf)};
    }
    report(m, head, field, value);
}

static void match_ip(match_ctx *m, const fk_ip *ip, const char *field, fk_str value)
{
    const fk_ioc_set *s = m->s;
    if (ip->family == 4) {
        if (s->count_by_type[FK_IOC_IPV4])
            report_ip(m, lookup(s, FK_IOC_IPV4, ip->b, 4), ip, field, value);
        for (uint64_t bits = s->net4_prefixes; bits;) {
            int p = 63 - __builtin_clzll(bits); /* most specific first */
            bits &= ~(1ULL << p);
            uint8_t k[5] = {(uint8_t)p};
            fk_ip masked = *ip;
            fk_ip_mask(&masked, p);
            memcpy(k + 1, masked.b, 4);
            report_ip(m, lookup(s, FK_IOC_NET4, k, 5), ip, field, value);
        }
    } else if (ip->family == 6) {
        if (s->count_by_type[FK_IOC_IPV6])
            report_ip(m, lookup(s, FK_IOC_IPV6, ip->b, 16), ip, field, value);
        for (int p = 128; p >= 0 && s->count_by_type[FK_IOC_NET6]; p--) {
            if (!(s->net6_prefixes[p / 64] >> (p % 64) & 1))
                continue;
            uint8_t k[17] = {(uint8_t)p};
            fk_ip masked = *ip;
            fk_ip_mask(&masked, p);
            memcpy(k + 1, masked.b, 16);
            report_ip(m, lookup(s, FK_IOC_NET6, k, 17), ip, field, value);
        }
    }
}

/* A host matches a listed domain when it equals it or is a subdomain of it: look up
 * the host, then each suffix that starts after a dot. */
static void match_host(match_ctx *m, fk_str host, const char *field, fk_str value)
{
    fk_ip ip;
    if (fk_ip_parse(host.p, host.n, &ip)) {
        match_ip(m, &ip, field, value);
        return;
    }
    if (!m->s->count_by_type[FK_IOC_DOMAIN])
        return;
    char buf[256];
    size_t n = domain_key(host.p, host.n, buf, sizeof buf);
    if (n == 0)
        return;
    for (size_t i = 0; i < n;) {
        report(m, lookup(m->s, FK_IOC_DOMAIN, (const uint8_t *)buf + i, n - i), field, value);
        const char *dot = memchr(buf + i, '.', n - i);
        if (!dot)
            break;
        i = (size_t)(dot - buf) + 1;
    }
}

static void match_url(match_ctx *m, fk_str url, const char *field)
{
    char buf[4096];
    size_t n = fk_ioc_url_key(url.p, url.n, buf, sizeof buf);
    if (n == 0)
        return;
    if (m->s->count_by_type[FK_IOC_URL])
        report(m, lookup(m->s, FK_IOC_URL, (const uint8_t *)buf, n), field, url);
    const char *slash = memchr(buf, '/', n);
    size_t hlen = slash ? (size_t)(slash - buf) : n;
    const char *colon = memchr(buf, ':', hlen);
    if (colon && buf[0] != '[')
        hlen = (size_t)(colon - buf);
    if (buf[0] == '[' && hlen > 2) { /* [v6]:port */
        const char *close = memchr(buf, ']', hlen);
        if (close) {
            fk_ip ip;
            if (fk_ip_parse(buf + 1, (size_t)(close - buf - 1), &ip))
                match_ip(m, &ip, field, url);
        }
        return;
    }
    match_host(m, (fk_str){buf, hlen}, field, url);
}

static void match_hashes(match_ctx *m, fk_str v, const char *field)
{
    const char *p = v.p, *end = v.p + v.n;
    while (p < end) {
        while (p < end && fk_hexval((unsigned char)*p) < 0)
            p++;
        const char *start = p;
        while (p < end && fk_hexval((unsigned char)*p) >= 0)
            p++;
        size_t n = (size_t)(p - start);
        fk_ioc_type t = n == 32 ? FK_IOC_MD5 : n == 40 ? FK_IOC_SHA1 : n == 64 ? FK_IOC_SHA256 : 0;
        uint8_t bin[32];
        if (t && m->s->count_by_type[t] && hex_decode(start, n, bin))
            report(m, lookup(m->s, t, bin, n / 2), field, (fk_str){start, n});
    }
}

/* Further fields that hold addresses or host names, by the last part of their name
 * (case ignored). Listed by name rather than guessed, so that a field already mapped
 * to a typed one (SourceIp -> src_ip) is not reported twice. */
static const struct {
    const char *name;
    bool hosts; /* host names; otherwise a list of addresses */
} extra_fields[] = {
    {"x_forwarded_for", false}, {"x-forwarded-for", false},    {"http_x_forwarded_for", false},
    {"x_real_ip", false},       {"x-real-ip", false},          {"http_x_real_ip", false},
    {"QueryResults", false},    {"DestinationHostname", true}, {"SourceHostname", true},
};

static void match_extra(match_ctx *m, const fk_kv *kv)
{
    const char *dot = memrchr(kv->key.p, '.', kv->key.n);
    fk_str last = dot ? (fk_str){dot + 1, (size_t)(kv->key.p + kv->key.n - dot - 1)} : kv->key;
    for (size_t i = 0; i < sizeof extra_fields / sizeof extra_fields[0]; i++) {
        const char *name = extra_fields[i].name;
        if (strlen(name) != last.n || strncasecmp(name, last.p, last.n) != 0)
            continue;
        char field[128];
        snprintf(field, sizeof field, "%.*s", (int)(kv->key.n < 120 ? kv->key.n : 120), kv->key.p);
        if (extra_fields[i].hosts) {
            match_host(m, kv->value, field, kv->value);
            return;
        }
        /* "198.51.100.1, 10.0.0.1" or Sysmon's "type: 5 x.example;::ffff:192.0.2.1;" */
        const char *p = kv->value.p, *end = p + kv->value.n;
        while (p < end) {
            while (p < end && (*p == ',' || *p == ';' || *p == ' '))
                p++;
            const char *t = p;
            while (p < end && *p != ',' && *p != ';' && *p != ' ')
                p++;
            fk_ip ip;
            if (p > t && fk_ip_parse(t, (size_t)(p - t), &ip))
                match_ip(m, &ip, field, (fk_str){t, (size_t)(p - t)});
        }
        return;
    }
}

int fk_ioc_match_event(const fk_ioc_set *s, const fk_event *ev, fk_ioc_hit_fn hit, void *ctx)
{
    match_ctx m = {s, hit, ctx, 0, false};
    if (s->used == 0)
        return 0;
    const fk_str lazy = {NULL, 0};
    if (ev->src_ip.family)
        match_ip(&m, &ev->src_ip, "src_ip", lazy);
    if (ev->dst_ip.family)
        match_ip(&m, &ev->dst_ip, "dst_ip", lazy);
    if (ev->src_host.n)
        match_host(&m, ev->src_host, "src_host", ev->src_host);
    if (ev->host.n)
        match_host(&m, ev->host, "host", ev->host);
    if (ev->domain.n)
        match_host(&m, ev->domain, "domain", ev->domain);
    if (ev->url.n)
        match_url(&m, ev->url, "url");
    if (ev->referrer.n > 1)
        match_url(&m, ev->referrer, "referrer");
    if (ev->hashes.n)
        match_hashes(&m, ev->hashes, "hashes");
    for (size_t i = 0; i < ev->nextra; i++)
        match_extra(&m, &ev->extra[i]);
    return m.failed ? -1 : m.hits;
}
