#include "websuccess.h"

#include "../core/netaddr.h"
#include "../core/sbuf.h"
#include "../core/strmap.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * Why sizes, and why in log space.
 *
 * An access log does not carry the answer, only its status and length. A union-based
 * injection that dumps a table, a traversal that returns /etc/passwd or a command whose
 * output lands in the page all make the answer longer (or, for an error page swallowed
 * into a 200, shorter) than that URL's normal answers. Page lengths vary
 * multiplicatively (a search page with 3 or 30 results), so the baseline is the mean and
 * spread of log(bytes + 1), kept with Welford's update from requests no signature
 * flagged. A flagged request is judged only once its URL has enough clean answers, and
 * only at the end of input, because the attack is often the first request to an obscure
 * URL. A floor on the spread stops a URL that always returns the same length from
 * flagging a one-byte difference; a floor on the absolute difference ignores tiny pages.
 */

typedef struct {
    uint64_t n;
    double mean, m2;
    int64_t min, max;
} baseline;

typedef struct {
    char *key; /* host \t path: the baseline to judge against */
    char *strings;
    const char *src_ip, *file, *signature, *family, *evidence, *path, *org, *sector;
    uint64_t line;
    bool has_time;
    int64_t time_ms, bytes;
    int status;
} pending;

struct fk_websuccess {
    fk_websuccess_limits lim;
    fk_alert_fn sink;
    void *ctx;
    fk_strmap urls;
    pending *pend;
    size_t npend, cap;
    uint64_t dropped;
};

void fk_websuccess_default_limits(fk_websuccess_limits *l)
{
    *l = (fk_websuccess_limits){
        .min_baseline = 5,
        .deviation = 3.0,
        .min_bytes = 256,
        .max_pending = 100000,
        .max_urls = 1000000,
    };
}

fk_websuccess *fk_websuccess_new(const fk_websuccess_limits *l, fk_alert_fn sink, void *ctx)
{
    fk_websuccess *w = calloc(1, sizeof *w);
    if (!w)
        return NULL;
    if (l)
        w->lim = *l;
    else
        fk_websuccess_default_limits(&w->lim);
    w->sink = sink;
    w->ctx = ctx;
    fk_strmap_init(&w->urls);
    return w;
}

/* organisation \t host \t path, without the query: the unit whose answers are
 * comparable (two members' servers of the same name are not the same server) */
static size_t url_key(const fk_event *ev, char *buf, size_t cap)
{
    size_t on = ev->org.n < 255 ? ev->org.n : 255;
    size_t hn = ev->host.n < 255 ? ev->host.n : 255;
    size_t pn = ev->path.n < cap - on - hn - 3 ? ev->path.n : cap - on - hn - 3;
    memcpy(buf, ev->org.p ? ev->org.p : "", on);
    buf[on] = '\t';
    memcpy(buf + on + 1, ev->host.p ? ev->host.p : "", hn);
    buf[on + 1 + hn] = '\t';
    memcpy(buf + on + hn + 2, ev->path.p ? ev->path.p : "", pn);
    buf[on + hn + 2 + pn] = '\0';
    return on + hn + 2 + pn;
}

static int learn(fk_websuccess *w, const char *key, size_t keylen, int64_t bytes)
{
    fk_strmap_slot *slot = fk_strmap_get(&w->urls, key, keylen);
    if (!slot) {
        if (w->urls.count >= w->lim.max_urls)
            return 0;
        if (fk_strmap_upsert(&w->urls, key, keylen, &slot) != 0)
            return -1;
        baseline *b = calloc(1, sizeof *b);
        if (!b)
            return -1;
        b->min = b->max = bytes;
        slot->value = b;
    }
    baseline *b = slot->value;
    double x = log((double)bytes + 1.0);
    b->n++;
    double d = x - b->mean;
    b->mean += d / (double)b->n;
    b->m2 += d * (x - b->mean);
    if (bytes < b->min)
        b->min = bytes;
    if (bytes > b->max)
        b->max = bytes;
    return 0;
}

static int keep(fk_websuccess *w, const fk_event *ev, const char *key, size_t keylen,
                const char *signature, const char *family, fk_str evidence)
{
    if (w->npend >= w->lim.max_pending) {
        w->dropped++;
        return 0;
    }
    if (w->npend == w->cap) {
        size_t cap = w->cap ? w->cap * 2 : 64;
        pending *p = realloc(w->pend, cap * sizeof *p);
        if (!p)
            return -1;
        w->pend = p;
        w->cap = cap;
    }
    char ip[FK_IP_STRLEN] = "";
    if (ev->src_ip.family)
        fk_ip_format(&ev->src_ip, ip);
    size_t evn = evidence.n < 300 ? evidence.n : 300;
    size_t pathn = ev->path.n < 1024 ? ev->path.n : 1024;
    const char *file = ev->file ? ev->file : "";
    const char *parts[] = {key,        ip,         file,      signature,   family,
                           evidence.p, ev->path.p, ev->org.p, ev->sector.p};
    size_t lens[] = {
        keylen, strlen(ip), strlen(file), strlen(signature), family ? strlen(family) : 0,
        evn,    pathn,      ev->org.n,    ev->sector.n};
    enum { NPARTS = sizeof lens / sizeof lens[0] };
    const char *copies[NPARTS];
    char *s = fk_strpack(NPARTS, parts, lens, copies);
    if (!s)
        return -1;
    w->pend[w->npend++] = (pending){
        .key = (char *)copies[0],
        .strings = s,
        .src_ip = copies[1],
        .file = copies[2],
        .signature = copies[3],
        .family = copies[4],
        .evidence = copies[5],
        .path = copies[6],
        .org = copies[7],
        .sector = copies[8],
        .line = ev->line,
        .has_time = ev->has_time,
        .time_ms = ev->time_ms,
        .bytes = ev->bytes,
        .status = ev->status,
    };
    return 0;
}

int fk_websuccess_event(fk_websuccess *w, const fk_event *ev, const char *signature,
                        const char *family, fk_str evidence)
{
    if (ev->kind != FK_KIND_WEB || ev->status < 200 || ev->status > 299 || ev->bytes < 0)
        return 0;
    char key[2048];
    size_t keylen = url_key(ev, key, sizeof key);
    if (signature)
        return keep(w, ev, key, keylen, signature, family, evidence);
    return learn(w, key, keylen, ev->bytes);
}

static int judge(fk_websuccess *w, const pending *p)
{
    fk_strmap_slot *slot = fk_strmap_get(&w->urls, p->key, strlen(p->key));
    if (!slot)
        return 0;
    const baseline *b = slot->value;
    if (b->n < w->lim.min_baseline)
        return 0;
    double spread = sqrt(b->m2 / (double)(b->n - 1));
    if (spread < 0.05)
        spread = 0.05;
    double x = log((double)p->bytes + 1.0);
    double usual = exp(b->mean) - 1.0;
    if (fabs(x - b->mean) < w->lim.deviation * spread ||
        fabs((double)p->bytes - usual) < (double)w->lim.min_bytes)
        return 0;
    char value[512];
    snprintf(value, sizeof value,
             "%d with %lld bytes, usual %lld-%lld over %llu clean answers, after %s: %s", p->status,
             (long long)p->bytes, (long long)b->min, (long long)b->max, (unsigned long long)b->n,
             p->signature, p->evidence);
    fk_alert a = {
        .engine = "web",
        .rule_id = "web-attack-answered",
        .title = "Flagged request answered 2xx with an unusual size",
        .severity = FK_SEV_HIGH,
        .file = p->file,
        .line = p->line,
        .field = "bytes",
        .value = {value, strlen(value)},
        .has_time = p->has_time,
        .first_ms = p->time_ms,
        .last_ms = p->time_ms,
        .count = 1,
        .family = p->family[0] ? p->family : NULL,
        .confidence = "medium",
        .src_ip = {p->src_ip, strlen(p->src_ip)},
        .target = {p->path, strlen(p->path)},
        .org = {p->org, strlen(p->org)},
        .sector = {p->sector, strlen(p->sector)},
    };
    return w->sink(w->ctx, &a);
}

int fk_websuccess_flush(fk_websuccess *w)
{
    int rc = 0;
    for (size_t i = 0; i < w->npend && rc == 0; i++)
        rc = judge(w, &w->pend[i]);
    for (size_t i = 0; i < w->npend; i++)
        free(w->pend[i].strings);
    w->npend = 0;
    return rc;
}

uint64_t fk_websuccess_dropped(const fk_websuccess *w)
{
    return w->dropped;
}

void fk_websuccess_free(fk_websuccess *w)
{
    if (!w)
        return;
    for (size_t i = 0; i < w->npend; i++)
        free(w->pend[i].strings);
    free(w->pend);
    FK_STRMAP_FOREACH(&w->urls, s)
    free(s->value);
    fk_strmap_free(&w->urls);
    free(w);
}
