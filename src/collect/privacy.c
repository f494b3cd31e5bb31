/* Privacy at the source (see privacy.h).
 *
 * A policy is a list of maskers applied to each line in turn. A masker is a PCRE2
 * pattern (JIT-compiled) with the group that holds the value and what the value becomes:
 *   - a keyed pseudonym: "~" and eight hex digits of HMAC-SHA-256(key, kind, value), so
 *     one value gives one pseudonym and the centre can still count and correlate;
 *   - for addresses, a pseudonymous address that still parses as one (IPv4 in 240/4, the
 *     reserved block no real traffic uses; IPv6 in 2001:db8::/32, the documentation
 *     prefix), so that the hub's decoders read the line as before; only addresses inside
 *     the configured networks are replaced;
 *   - for the operator's own patterns, their substitution as written.
 * Where the built-in patterns look: query strings after ? & or ; in a URL; user names in
 * an access log's third field, in the usual places of sshd, sudo, PAM and audit
 * messages, and in JSON keys that name users. They mask more rather than less: a
 * parameter-like text outside a URL is masked too. */
#include "privacy.h"

#include "../core/netaddr.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum masker_kind { M_PSEUDONYM, M_ADDRESS, M_SUBSTITUTE, M_DROP };

typedef struct masker {
    enum masker_kind kind;
    pcre2_code *re;
    int group;       /* the value's group (pseudonyms, addresses) */
    char tag;        /* mixed into the pseudonym: q query, u user */
    PCRE2_SPTR with; /* M_SUBSTITUTE */
} masker;

struct fk_privacy {
    masker *m;
    size_t n;
    fk_ip *nets;
    int *prefixes;
    size_t nnets;
    unsigned char key[64];
    size_t key_len;
    pcre2_match_data *md;
    char id[160];
    fk_sbuf a, b; /* a line between maskers */
};

static const char query_re[] = "(?<=[?&;])([^=&;#\\s\"'?]{1,128}=)([^&;#\\s\"']+)";
static const char *const user_res[] = {
    /* access logs: host ident authuser [time] */
    "^(?:\\S+ \\S+ )([^\\s\\[-][^\\s\\[]*)(?= \\[)",
    /* sshd, sudo, su, PAM, audit */
    "(?:\\bfor (?:invalid user )?|\\bFailed password for |\\buser[= ]|\\bUSER=|\\bruser=|"
    "\\bacct=\"?|\\blogname=)([A-Za-z0-9._@\\\\$-]{1,64})",
    /* JSON keys that name users */
    "\"(?:user|username|user_name|userName|UserName|TargetUserName|SubjectUserName|"
    "AccountName|login|email)\"\\s*:\\s*\"([^\"\\\\]{1,256})\"",
};
static const char ipv4_re[] = "(?<![\\d.])(\\d{1,3}(?:\\.\\d{1,3}){3})(?![\\d.])";
static const char ipv6_re[] =
    "(?<![0-9A-Fa-f:])((?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4})(?![0-9A-Fa-f:.])";

static int add(fk_privacy *p, enum masker_kind kind, const char *re, int group, char tag,
               const char *with, fk_err *err)
{
    int code;
    PCRE2_SIZE off;
    pcre2_code *c = pcre2_compile((PCRE2_SPTR)re, PCRE2_ZERO_TERMINATED,
                                  PCRE2_UTF | PCRE2_MATCH_INVALID_UTF, &code, &off, NULL);
    if (!c) {
        PCRE2_UCHAR msg[160];
        pcre2_get_error_message(code, msg, sizeof msg);
        return fk_errf(err, "privacy: pattern '%.200s': %s at offset %zu", re, (char *)msg,
                       (size_t)off);
    }
    pcre2_jit_compile(c, PCRE2_JIT_COMPLETE); /* interpreted when JIT is unavailable */
    masker *m = realloc(p->m, (p->n + 1) * sizeof *m);
    if (!m) {
        pcre2_code_free(c);
        return fk_errc(err, FK_ERR_NOMEM, "out of memory");
    }
    p->m = m;
    p->m[p->n++] = (masker){kind, c, group, tag, (PCRE2_SPTR)with};
    return 0;
}

int fk_privacy_new(fk_privacy **out, const fk_privacy_opts *o, fk_err *err)
{
    fk_privacy *p = calloc(1, sizeof *p);
    if (!p)
        return fk_errc(err, FK_ERR_NOMEM, "out of memory");
    *out = p;
    p->key_len = o->key_len > sizeof p->key ? sizeof p->key : o->key_len;
    memcpy(p->key, o->key, p->key_len);
    /* the digest of the rules: the hub can tell two versions of one policy apart */
    EVP_MD_CTX *h = EVP_MD_CTX_new();
    if (!h || !EVP_DigestInit_ex(h, EVP_sha256(), NULL))
        return fk_errc(err, FK_ERR_NOMEM, "out of memory");
    char flags[8];
    snprintf(flags, sizeof flags, "q%du%d", o->mask_query, o->mask_users);
    EVP_DigestUpdate(h, flags, strlen(flags) + 1);
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < o->ndrop; i++) {
        EVP_DigestUpdate(h, "d", 1);
        EVP_DigestUpdate(h, o->drop[i], strlen(o->drop[i]) + 1);
        rc = add(p, M_DROP, o->drop[i], 0, 0, NULL, err);
    }
    if (rc == 0 && o->mask_query)
        rc = add(p, M_PSEUDONYM, query_re, 2, 'q', NULL, err);
    for (size_t i = 0; rc == 0 && o->mask_users && i < sizeof user_res / sizeof user_res[0]; i++)
        rc = add(p, M_PSEUDONYM, user_res[i], 1, 'u', NULL, err);
    if (rc == 0 && o->nnetworks) {
        p->nets = calloc(o->nnetworks, sizeof *p->nets);
        p->prefixes = calloc(o->nnetworks, sizeof *p->prefixes);
        if (!p->nets || !p->prefixes)
            rc = fk_errc(err, FK_ERR_NOMEM, "out of memory");
        for (size_t i = 0; rc == 0 && i < o->nnetworks; i++) {
            const char *cidr = o->networks[i];
            if (!fk_cidr_parse(cidr, strlen(cidr), &p->nets[i], &p->prefixes[i]))
                rc = fk_errf(err, "privacy: networks: '%s' is not an address or CIDR range", cidr);
            fk_ip_mask(&p->nets[i], p->prefixes[i]);
            EVP_DigestUpdate(h, "n", 1);
            EVP_DigestUpdate(h, cidr, strlen(cidr) + 1);
        }
        p->nnets = o->nnetworks;
        if (rc == 0)
            rc = add(p, M_ADDRESS, ipv4_re, 1, 'a', NULL, err);
        if (rc == 0)
            rc = add(p, M_ADDRESS, ipv6_re, 1, 'a', NULL, err);
    }
    for (size_t i = 0; rc == 0 && i < o->nreplace; i++) {
        EVP_DigestUpdate(h, "r", 1);
        EVP_DigestUpdate(h, o->replace[i].pattern, strlen(o->replace[i].pattern) + 1);
        EVP_DigestUpdate(h, o->replace[i].with, strlen(o->replace[i].with) + 1);
        rc = add(p, M_SUBSTITUTE, o->replace[i].pattern, 0, 0, o->replace[i].with, err);
    }
    unsigned char d[32];
    unsigned dl = 0;
    EVP_DigestFinal_ex(h, d, &dl);
    EVP_MD_CTX_free(h);
    snprintf(p->id, sizeof p->id, "%.120s:%02x%02x%02x%02x%02x%02x", o->name ? o->name : "policy",
             d[0], d[1], d[2], d[3], d[4], d[5]);
    if (rc == 0 && !(p->md = pcre2_match_data_create(16, NULL)))
        rc = fk_errc(err, FK_ERR_NOMEM, "out of memory");
    if (rc != 0) {
        fk_privacy_free(p);
        *out = NULL;
    }
    return rc;
}

void fk_privacy_free(fk_privacy *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->n; i++)
        pcre2_code_free(p->m[i].re);
    free(p->m);
    free(p->nets);
    free(p->prefixes);
    pcre2_match_data_free(p->md);
    fk_sbuf_free(&p->a);
    fk_sbuf_free(&p->b);
    memset(p->key, 0, sizeof p->key);
    free(p);
}

const char *fk_privacy_id(const fk_privacy *p)
{
    return p->id;
}

static void keyed(const fk_privacy *p, char tag, const char *v, size_t n, unsigned char out[32])
{
    unsigned len = 32;
    unsigned char msg[1 + 256];
    size_t m = n > 256 ? 256 : n;
    msg[0] = (unsigned char)tag;
    memcpy(msg + 1, v, m);
    if (!HMAC(EVP_sha256(), p->key, (int)p->key_len, msg, m + 1, out, &len))
        memset(out, 0, 32);
}

static bool in_networks(const fk_privacy *p, const fk_ip *ip)
{
    for (size_t i = 0; i < p->nnets; i++) {
        if (p->nets[i].family != ip->family)
            continue;
        fk_ip x = *ip;
        fk_ip_mask(&x, p->prefixes[i]);
        if (!memcmp(x.b, p->nets[i].b, ip->family == 4 ? 4 : 16))
            return true;
    }
    return false;
}

/* What a value becomes; false to leave it (an address outside the networks). */
static bool replacement(const fk_privacy *p, const masker *m, const char *v, size_t n, char out[64])
{
    unsigned char h[32];
    if (m->kind == M_ADDRESS) {
        fk_ip ip;
        if (!fk_ip_parse(v, n, &ip) || !in_networks(p, &ip))
            return false;
        keyed(p, 'a', v, n, h);
        if (ip.family == 4)
            snprintf(out, 64, "%u.%u.%u.%u", 240u | (h[0] & 15u), h[1], h[2], h[3]);
        else
            snprintf(out, 64, "2001:db8:%02x%02x:%02x%02x::%02x%02x", h[0], h[1], h[2], h[3], h[4],
                     h[5]);
        return true;
    }
    keyed(p, m->tag, v, n, h);
    snprintf(out, 64, "~%02x%02x%02x%02x", h[0], h[1], h[2], h[3]);
    return true;
}

/* One masker over one line (in), the result in out. 1 when the line is to be dropped. */
static int mask_line(fk_privacy *p, const masker *m, const char *in, size_t n, fk_sbuf *out,
                     fk_privacy_counts *c, fk_err *err)
{
    out->len = 0;
    if (m->kind == M_DROP) {
        int r = pcre2_match(m->re, (PCRE2_SPTR)in, n, 0, 0, p->md, NULL);
        if (r >= 0)
            return 1;
        return fk_sbuf_put(out, in, n) ? fk_errc(err, FK_ERR_NOMEM, "out of memory") : 0;
    }
    if (m->kind == M_SUBSTITUTE) {
        PCRE2_SIZE cap = n * 2 + 256;
        for (;;) {
            char *buf = malloc(cap);
            if (!buf)
                return fk_errc(err, FK_ERR_NOMEM, "out of memory");
            PCRE2_SIZE len = cap;
            int r =
                pcre2_substitute(m->re, (PCRE2_SPTR)in, n, 0,
                                 PCRE2_SUBSTITUTE_GLOBAL | PCRE2_SUBSTITUTE_OVERFLOW_LENGTH, p->md,
                                 NULL, m->with, PCRE2_ZERO_TERMINATED, (PCRE2_UCHAR *)buf, &len);
            if (r == PCRE2_ERROR_NOMEMORY && len > cap) {
                free(buf);
                cap = len + 1;
                continue;
            }
            int rc = 0;
            if (r < 0) /* a substitution that cannot apply here: the line as it was */
                rc = fk_sbuf_put(out, in, n);
            else {
                c->masked_values += (uint64_t)r;
                rc = fk_sbuf_put(out, buf, len);
            }
            free(buf);
            return rc ? fk_errc(err, FK_ERR_NOMEM, "out of memory") : 0;
        }
    }
    size_t at = 0, copied = 0;
    while (at <= n) {
        int r = pcre2_match(m->re, (PCRE2_SPTR)in, n, at, 0, p->md, NULL);
        if (r <= m->group)
            break;
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(p->md);
        size_t s = ov[2 * m->group], e = ov[2 * m->group + 1];
        char rep[64];
        if (s != PCRE2_UNSET && e > s && replacement(p, m, in + s, e - s, rep)) {
            if (fk_sbuf_put(out, in + copied, s - copied) || fk_sbuf_puts(out, rep))
                return fk_errc(err, FK_ERR_NOMEM, "out of memory");
            copied = e;
            c->masked_values++;
        }
        at = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
    }
    if (fk_sbuf_put(out, in + copied, n - copied))
        return fk_errc(err, FK_ERR_NOMEM, "out of memory");
    return 0;
}

int fk_privacy_apply(fk_privacy *p, const char *in, size_t n, fk_sbuf *out, fk_privacy_counts *c,
                     fk_err *err)
{
    for (size_t start = 0; start < n;) {
        const char *nl = memchr(in + start, '\n', n - start);
        size_t len = nl ? (size_t)(nl - (in + start)) : n - start;
        c->lines_in++;
        const char *line = in + start;
        size_t ll = len;
        bool dropped = false;
        fk_sbuf *cur = &p->a, *next = &p->b;
        for (size_t i = 0; i < p->n; i++) {
            int r = mask_line(p, &p->m[i], line, ll, cur, c, err);
            if (r < 0)
                return -1;
            if (r == 1) {
                dropped = true;
                break;
            }
            line = cur->p ? cur->p : "";
            ll = cur->len;
            fk_sbuf *t = cur;
            cur = next;
            next = t;
        }
        start += len + (nl ? 1 : 0);
        if (dropped) {
            c->dropped++;
            continue;
        }
        if (fk_sbuf_put(out, line, ll) || fk_sbuf_put(out, "\n", 1))
            return fk_errc(err, FK_ERR_NOMEM, "out of memory");
        c->lines_out++;
    }
    return 0;
}
