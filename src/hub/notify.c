#include "notify.h"

#include "../core/netaddr.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

typedef struct {
    const char *p;
    size_t left;
} upload;

static size_t read_message(char *buf, size_t size, size_t n, void *ctx)
{
    upload *u = ctx;
    size_t max = size * n, take = u->left < max ? u->left : max;
    memcpy(buf, u->p, take);
    u->p += take;
    u->left -= take;
    return take;
}

/* A header value must stay on its line. */
static bool header_safe(const char *s)
{
    return s && *s && !strpbrk(s, "\r\n");
}

/* A bare address for the envelope: local@domain, nothing that SMTP would read as more. */
static bool address_ok(const char *a)
{
    const char *at = a ? strchr(a, '@') : NULL;
    return at && at != a && at[1] && strlen(a) < 254 && !strpbrk(a, " <>\r\n\t,;\"") &&
           !strchr(at + 1, '@');
}

int fk_notify_mail(const fk_mail_config *cfg, const char *to, const char *subject, const char *body,
                   fk_err *err)
{
    if (!cfg || !cfg->smtp_url || !*cfg->smtp_url)
        return fk_errc(err, FK_ERR_BUSY, "no SMTP relay configured (serve --smtp)");
    if (!address_ok(to))
        return fk_errc(err, FK_ERR_INVALID, "'%s' is not an e-mail address", to ? to : "");
    if (!address_ok(cfg->from))
        return fk_errc(err, FK_ERR_INVALID, "the sender '%s' is not an e-mail address",
                       cfg->from ? cfg->from : "");
    if (!header_safe(subject))
        return fk_errc(err, FK_ERR_INVALID, "a subject is one line of text");
    /* the subject as RFC 2047 encoded-words of base64 UTF-8 */
    size_t sn = strlen(subject);
    char *b64 = malloc(4 * ((sn + 2) / 3) + 1);
    if (!b64)
        return fk_errc(err, FK_ERR_NOMEM, "out of memory");
    EVP_EncodeBlock((unsigned char *)b64, (const unsigned char *)subject, (int)sn);
    char date[64];
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S +0000", &tm);
    /* the body with CRLF line ends, a lone '.' line escaped (RFC 5321 4.5.2) */
    size_t bn = strlen(body ? body : "");
    char *msg = malloc(strlen(b64) + bn * 2 + 1024);
    if (!msg) {
        free(b64);
        return fk_errc(err, FK_ERR_NOMEM, "out of memory");
    }
    int len = snprintf(msg, 1024 + strlen(b64),
                       "Date: %s\r\nFrom: <%s>\r\nTo: <%s>\r\nSubject: =?UTF-8?B?%s?=\r\n"
                       "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n"
                       "Content-Transfer-Encoding: 8bit\r\nAuto-Submitted: auto-generated\r\n\r\n",
                       date, cfg->from, to, b64);
    free(b64);
    size_t at = (size_t)len;
    bool line_start = true;
    for (const char *p = body ? body : ""; *p; p++) {
        if (line_start && *p == '.')
            msg[at++] = '.';
        if (*p == '\n' && (p == body || p[-1] != '\r'))
            msg[at++] = '\r';
        msg[at++] = *p;
        line_start = *p == '\n';
    }
    memcpy(msg + at, "\r\n", 3);
    at += 2;
    CURL *c = curl_easy_init();
    if (!c) {
        free(msg);
        return fk_errc(err, FK_ERR_NOMEM, "cannot start an SMTP client");
    }
    upload u = {msg, at};
    struct curl_slist *rcpt = curl_slist_append(NULL, to);
    char errbuf[CURL_ERROR_SIZE] = "";
    curl_easy_setopt(c, CURLOPT_URL, cfg->smtp_url);
    curl_easy_setopt(c, CURLOPT_MAIL_FROM, cfg->from);
    curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
    curl_easy_setopt(c, CURLOPT_READFUNCTION, read_message);
    curl_easy_setopt(c, CURLOPT_READDATA, &u);
    curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(c, CURLOPT_USE_SSL, (long)CURLUSESSL_TRY);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 10L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
    CURLcode rc = curl_easy_perform(c);
    curl_slist_free_all(rcpt);
    curl_easy_cleanup(c);
    free(msg);
    if (rc != CURLE_OK)
        return fk_errc(err, FK_ERR_BUSY, "SMTP: %s", *errbuf ? errbuf : curl_easy_strerror(rc));
    return 0;
}

/* The socket libcurl is about to connect: refused when the address is inside a
 * network and the subscriber's URL may not lead there. */
typedef struct {
    bool allow_private, refused;
} socket_rule;

static curl_socket_t open_socket(void *ctx, curlsocktype purpose, struct curl_sockaddr *a)
{
    socket_rule *rule = ctx;
    bool allow_private = rule->allow_private;
    (void)purpose;
    fk_ip ip = {0};
    if (a->family == AF_INET) {
        ip.family = 4;
        memcpy(ip.b, &((struct sockaddr_in *)&a->addr)->sin_addr, 4);
    } else if (a->family == AF_INET6) {
        ip.family = 6;
        memcpy(ip.b, &((struct sockaddr_in6 *)&a->addr)->sin6_addr, 16);
        static const uint8_t mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
        if (!memcmp(ip.b, mapped, 12)) { /* ::ffff:a.b.c.d is a.b.c.d */
            memmove(ip.b, ip.b + 12, 4);
            ip.family = 4;
        }
    } else {
        return CURL_SOCKET_BAD;
    }
    if (!allow_private && fk_ip_is_private(&ip)) {
        rule->refused = true;
        return CURL_SOCKET_BAD;
    }
    return socket(a->family, a->socktype, a->protocol);
}

int fk_notify_webhook(const char *url, const char *secret, const char *event, int64_t delivery,
                      const char *body, bool allow_private, fk_err *err)
{
    if (!url || (strncmp(url, "https://", 8) && strncmp(url, "http://", 7)))
        return fk_errc(err, FK_ERR_INVALID, "a webhook is an http:// or https:// URL");
    if (!header_safe(event))
        return fk_errc(err, FK_ERR_INVALID, "an event is one line of text");
    char stamp[24], sig[64 + 1], header[200];
    snprintf(stamp, sizeof stamp, "%lld", (long long)time(NULL));
    /* the signature covers the time, so that a captured delivery cannot be replayed later */
    size_t sn = strlen(stamp), bn = strlen(body);
    unsigned char *msg = malloc(sn + 1 + bn), mac[32];
    unsigned int len = 0;
    if (!msg)
        return fk_errc(err, FK_ERR_NOMEM, "out of memory");
    memcpy(msg, stamp, sn);
    msg[sn] = '.';
    memcpy(msg + sn + 1, body, bn);
    bool ok =
        HMAC(EVP_sha256(), secret, (int)strlen(secret), msg, sn + 1 + bn, mac, &len) && len == 32;
    free(msg);
    if (!ok)
        return fk_errc(err, FK_ERR_NOMEM, "cannot sign the delivery");
    static const char digits[] = "0123456789abcdef";
    for (int i = 0; i < 32; i++) {
        sig[2 * i] = digits[mac[i] >> 4];
        sig[2 * i + 1] = digits[mac[i] & 15];
    }
    sig[64] = '\0';
    CURL *c = curl_easy_init();
    if (!c)
        return fk_errc(err, FK_ERR_NOMEM, "cannot start an HTTP client");
    struct curl_slist *h = curl_slist_append(NULL, "Content-Type: application/json");
    snprintf(header, sizeof header, "X-Fukurou-Event: %s", event);
    h = curl_slist_append(h, header);
    snprintf(header, sizeof header, "X-Fukurou-Delivery: %lld", (long long)delivery);
    h = curl_slist_append(h, header);
    snprintf(header, sizeof header, "X-Fukurou-Signature: t=%s,v1=%s", stamp, sig);
    h = curl_slist_append(h, header);
    char errbuf[CURL_ERROR_SIZE] = "";
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)bn);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L); /* a redirect could lead inside */
    curl_easy_setopt(c, CURLOPT_OPENSOCKETFUNCTION, open_socket);
    socket_rule rule = {allow_private, false};
    curl_easy_setopt(c, CURLOPT_OPENSOCKETDATA, &rule);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 10L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 20L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
    CURLcode rc = curl_easy_perform(c);
    long status = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    curl_slist_free_all(h);
    curl_easy_cleanup(c);
    if (rc != CURLE_OK)
        return fk_errc(err, FK_ERR_BUSY, "%s",
                       rc == CURLE_COULDNT_CONNECT && !*errbuf ? "could not connect"
                       : *errbuf                               ? errbuf
                                                               : curl_easy_strerror(rc));
    if (status < 200 || status > 299)
        return fk_errc(err, FK_ERR_BUSY, "the receiver answered %ld", status);
    return 0;
}

int64_t fk_notify_retry_at(int64_t now_ms, int attempts)
{
    if (attempts >= 10)
        return 0;
    int64_t pause = 10000LL << (attempts - 1 < 9 ? (attempts < 1 ? 0 : attempts - 1) : 9);
    return now_ms + (pause > 3600000 ? 3600000 : pause);
}
