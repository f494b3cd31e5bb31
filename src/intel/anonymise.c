#include "anonymise.h"

#include "../core/sbuf.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <ctype.h>
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* One masking pass: a pattern, and what replaces a match (decided per match, so that
 * an attacker's public address survives while an internal one is masked). */
typedef const char *(*mask_fn)(const fk_anonymiser *a, const char *match, size_t n, char *buf,
                               size_t cap);

typedef struct {
    pcre2_code *re;
    mask_fn decide; /* NULL: always `fixed` */
    const char *fixed;
} pass;

#define MAX_PASSES 96

struct fk_anonymiser {
    fk_provider_identity id;
    pass passes[MAX_PASSES];
    size_t npasses;
};

/* ---- decisions ---- */

static bool internal_ip(const fk_ip *ip)
{
    const uint8_t *b = ip->b;
    if (ip->family == 4)
        return b[0] == 10 || b[0] == 127 || (b[0] == 172 && (b[1] & 0xf0) == 16) ||
               (b[0] == 192 && b[1] == 168) || (b[0] == 169 && b[1] == 254) ||
               (b[0] == 100 && (b[1] & 0xc0) == 64);
    static const uint8_t loop6[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    return (b[0] & 0xfe) == 0xfc || (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) ||
           !memcmp(b, loop6, 16);
}

static bool in_provider_networks(const fk_anonymiser *a, const fk_ip *ip)
{
    for (size_t i = 0; i < a->id.nnetworks; i++) {
        fk_ip m = *ip;
        if (m.family != a->id.networks[i].family)
            continue;
        fk_ip_mask(&m, a->id.prefixes[i]);
        if (!memcmp(m.b, a->id.networks[i].b, 16))
            return true;
    }
    return false;
}

static bool in_provider_domains(const fk_anonymiser *a, const char *host, size_t n)
{
    while (n && host[n - 1] == '.')
        n--;
    for (const char *const *d = a->id.domains; d && *d; d++) {
        size_t dn = strlen(*d);
        if (n == dn && !strncasecmp(host, *d, n))
            return true;
        if (n > dn && host[n - dn - 1] == '.' && !strncasecmp(host + n - dn, *d, dn))
            return true;
    }
    return false;
}

static const char *decide_ip(const fk_anonymiser *a, const char *m, size_t n, char *buf, size_t cap)
{
    (void)buf;
    (void)cap;
    fk_ip ip;
    if (!fk_ip_parse(m, n, &ip))
        return NULL; /* not an address after all: keep */
    if (in_provider_networks(a, &ip))
        return "[provider-address]";
    return internal_ip(&ip) ? "[internal-address]" : NULL;
}

static bool internal_suffix(const char *host, size_t n)
{
    static const char *const suffixes[] = {".local", ".localdomain", ".internal",
                                           ".intra", ".intranet",    ".corp",
                                           ".lan",   ".home.arpa",   ".ad"};
    for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
        size_t sn = strlen(suffixes[i]);
        if (n > sn && !strncasecmp(host + n - sn, suffixes[i], sn))
            return true;
    }
    return false;
}

static const char *decide_host(const fk_anonymiser *a, const char *m, size_t n, char *buf,
                               size_t cap)
{
    (void)buf;
    (void)cap;
    if (in_provider_domains(a, m, n))
        return "[provider-host]";
    return internal_suffix(m, n) ? "[internal-host]" : NULL;
}

/* "user=alice" keeps the key and masks the value. */
static const char *decide_user(const fk_anonymiser *a, const char *m, size_t n, char *buf,
                               size_t cap)
{
    (void)a;
    size_t k = 0;
    while (k < n && m[k] != '=' && m[k] != ':' && (unsigned char)m[k] != 0xef)
        k++;
    if (k < n && (unsigned char)m[k] == 0xef) /* full-width colon, 3 bytes */
        k += 2;
    snprintf(buf, cap, "%.*s[user]", (int)(k + 1 < n ? k + 1 : n), m);
    return buf;
}

/* ---- compiling ---- */

static int add_pass(fk_anonymiser *a, const char *pattern, uint32_t options, mask_fn decide,
                    const char *fixed, fk_err *err)
{
    if (a->npasses >= MAX_PASSES)
        return fk_errf(err, "too many anonymisation patterns (at most %d)", MAX_PASSES);
    int code;
    PCRE2_SIZE off;
    pcre2_code *re =
        pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
                      options | PCRE2_UTF | PCRE2_MATCH_INVALID_UTF, &code, &off, NULL);
    if (!re) {
        PCRE2_UCHAR msg[256];
        pcre2_get_error_message(code, msg, sizeof msg);
        return fk_errf(err, "pattern '%s': %s at offset %zu", pattern, (const char *)msg,
                       (size_t)off);
    }
    pcre2_jit_compile(re, PCRE2_JIT_COMPLETE); /* a speed-up when available; fine without */
    a->passes[a->npasses++] = (pass){re, decide, fixed};
    return 0;
}

fk_anonymiser *fk_anonymiser_new(const fk_provider_identity *id, const char *const *extra_patterns,
                                 fk_err *err)
{
    fk_anonymiser *a = calloc(1, sizeof *a);
    if (!a) {
        fk_errf(err, "out of memory");
        return NULL;
    }
    a->id = *id;
    /* Order matters: e-mail addresses before host names (they contain one), names and
     * aliases last, over text where the rest is already masked. */
    int rc =
        add_pass(a, "[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}", 0, NULL, "[email]", err);
    if (rc == 0)
        rc = add_pass(a,
                      "(?i)\\b(?:user(?:name)?|account|login|logon|uid|owner)\\s*[=:]\\s*[^\\s,;]+",
                      0, decide_user, NULL, err);
    if (rc == 0)
        rc = add_pass(a, "(?:ユーザー?名?|アカウント)\\s*[:：=]\\s*[^\\s、。,;]+", 0, decide_user,
                      NULL, err);
    if (rc == 0) /* DOMAIN\user, also with the backslash doubled as escaped logs show it */
        rc = add_pass(a, "\\b[A-Za-z][A-Za-z0-9-]{0,14}\\\\{1,2}[A-Za-z0-9._$-]+", 0, NULL,
                      "[user]", err);
    if (rc == 0)
        rc = add_pass(a, "(?<![0-9.])(?:[0-9]{1,3}\\.){3}[0-9]{1,3}(?![0-9.])", 0, decide_ip, NULL,
                      err);
    if (rc == 0)
        rc = add_pass(a,
                      "(?<![0-9A-Fa-f:])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?![0-9A-Fa-f:])",
                      0, decide_ip, NULL, err);
    if (rc == 0)
        rc = add_pass(a,
                      "(?i)\\b(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z][a-z0-9-]{1,62}\\b",
                      0, decide_host, NULL, err);
    if (rc == 0 && id->name && *id->name)
        rc = add_pass(a, id->name, PCRE2_LITERAL | PCRE2_CASELESS, NULL, "[provider]", err);
    for (const char *const *al = id->aliases; rc == 0 && al && *al; al++)
        if (**al)
            rc = add_pass(a, *al, PCRE2_LITERAL | PCRE2_CASELESS, NULL, "[provider]", err);
    for (const char *const *p = extra_patterns; rc == 0 && p && *p; p++)
        rc = add_pass(a, *p, 0, NULL, "[redacted]", err);
    if (rc != 0) {
        fk_anonymiser_free(a);
        return NULL;
    }
    return a;
}

void fk_anonymiser_free(fk_anonymiser *a)
{
    if (!a)
        return;
    for (size_t i = 0; i < a->npasses; i++)
        pcre2_code_free(a->passes[i].re);
    free(a);
}

static char *apply(const fk_anonymiser *a, const pass *ps, const char *text)
{
    size_t n = strlen(text), pos = 0;
    fk_sbuf out = {0};
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(ps->re, NULL);
    if (!md || fk_sbuf_put(&out, "", 0) != 0) {
        pcre2_match_data_free(md);
        free(out.p);
        return NULL;
    }
    while (pos <= n) {
        int rc = pcre2_match(ps->re, (PCRE2_SPTR)text, n, pos, 0, md, NULL);
        if (rc < 0)
            break;
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
        size_t s = ov[0], e = ov[1];
        char buf[256];
        const char *rep = ps->decide ? ps->decide(a, text + s, e - s, buf, sizeof buf) : ps->fixed;
        if (fk_sbuf_put(&out, text + pos, s - pos) != 0 ||
            fk_sbuf_put(&out, rep ? rep : text + s, rep ? strlen(rep) : e - s) != 0) {
            pcre2_match_data_free(md);
            free(out.p);
            return NULL;
        }
        if (e == s) { /* an empty match: step over one character */
            if (e < n && fk_sbuf_put(&out, text + e, 1) != 0)
                break;
            e++;
        }
        pos = e;
    }
    if (pos < n && fk_sbuf_put(&out, text + pos, n - pos) != 0) {
        free(out.p);
        out.p = NULL;
    }
    pcre2_match_data_free(md);
    return out.p;
}

char *fk_anonymise_text(const fk_anonymiser *a, const char *text)
{
    char *cur = strdup(text ? text : "");
    for (size_t i = 0; cur && i < a->npasses; i++) {
        char *next = apply(a, &a->passes[i], cur);
        free(cur);
        cur = next;
    }
    return cur;
}

bool fk_anonymise_withholds(const fk_anonymiser *a, fk_ioc_type type, const char *value)
{
    fk_ip ip;
    int prefix;
    switch (type) {
    case FK_IOC_IPV4:
    case FK_IOC_IPV6:
    case FK_IOC_NET4:
    case FK_IOC_NET6:
        return fk_cidr_parse(value, strlen(value), &ip, &prefix) &&
               (internal_ip(&ip) || in_provider_networks(a, &ip));
    case FK_IOC_DOMAIN:
        return in_provider_domains(a, value, strlen(value)) ||
               internal_suffix(value, strlen(value));
    case FK_IOC_URL: {
        char key[4096];
        size_t n = fk_ioc_url_key(value, strlen(value), key, sizeof key);
        size_t host = strcspn(key, "/:");
        if (n == 0)
            return false;
        key[host] = '\0';
        if (fk_ip_parse(key, host, &ip))
            return internal_ip(&ip) || in_provider_networks(a, &ip);
        return in_provider_domains(a, key, host) || internal_suffix(key, host);
    }
    default: return false;
    }
}
