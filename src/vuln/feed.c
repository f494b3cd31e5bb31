#include "feed.h"

#include "jvn.h"
#include "kev.h"
#include "nvd.h"
#include "nvd_stream.h"

#include <string.h>

static int gather(void *all, json_t *record, fk_err *err)
{
    return json_array_append(all, record) == 0 ? 0 : fk_errc(err, FK_ERR_NOMEM, "out of memory");
}

static int read_json(const char *data, size_t len, fk_feed_kind kind, fk_vuln_sink sink, void *ctx,
                     fk_err *err)
{
    json_error_t je;
    json_t *doc = json_loadb(data, len, 0, &je);
    if (!doc)
        return fk_errf(err, "line %d column %d: not JSON: %s", je.line, je.column, je.text);
    int rc;
    if (kind == FK_FEED_NVD) {
        /* NVD hands records on as it goes: gather them first so that a wrong record
         * late in a page keeps the earlier ones from being taken */
        json_t *all = json_array();
        rc = all ? 0 : fk_errc(err, FK_ERR_NOMEM, "out of memory");
        if (rc == 0)
            rc = fk_nvd_read(doc, gather, all, err);
        size_t i;
        json_t *rec;
        json_array_foreach(all, i, rec) if (rc == 0) rc = sink(ctx, rec, err);
        json_decref(all);
    } else
        rc = fk_kev_read(doc, sink, ctx, err);
    json_decref(doc);
    return rc;
}

static int read_nvd(const char *d, size_t n, fk_vuln_sink s, void *c, fk_err *e)
{
    int rc = fk_nvd_read_stream(d, n, s, c, e);
    return rc == 1 ? read_json(d, n, FK_FEED_NVD, s, c, e) : rc;
}

static int read_kev(const char *d, size_t n, fk_vuln_sink s, void *c, fk_err *e)
{
    return read_json(d, n, FK_FEED_KEV, s, c, e);
}

/* Recognition looks at the first bytes only: enough to tell the four apart. */
static bool looks_nvd(const char *d, size_t n)
{
    return memmem(d, n < 4096 ? n : 4096, "\"NVD_CVE\"", 9) ||
           (memmem(d, n < 4096 ? n : 4096, "\"sourceIdentifier\"", 18) &&
            memmem(d, n < 4096 ? n : 4096, "\"CVE-", 5));
}

static bool looks_kev(const char *d, size_t n)
{
    return memmem(d, n < 4096 ? n : 4096, "\"catalogVersion\"", 16) != NULL;
}

static bool looks_jvn(const char *d, size_t n)
{
    size_t i = 0;
    while (i < n && (d[i] == ' ' || d[i] == '\n' || d[i] == '\r' || d[i] == '\t'))
        i++;
    return i < n && d[i] == '<';
}

static bool looks_epss(const char *d, size_t n)
{
    return (n >= 8 && !memcmp(d, "cve,epss", 8)) || (n >= 14 && !memcmp(d, "#model_version", 14));
}

static const struct {
    const char *name;
    bool (*looks)(const char *data, size_t len);
    int (*read)(const char *data, size_t len, fk_vuln_sink sink, void *ctx, fk_err *err);
} feeds[FK_FEED_KINDS] = {
    [FK_FEED_NVD] = {"nvd", looks_nvd, read_nvd},
    [FK_FEED_JVN] = {"jvn", looks_jvn, fk_jvn_read},
    [FK_FEED_KEV] = {"kev", looks_kev, read_kev},
    [FK_FEED_EPSS] = {"epss", looks_epss, fk_epss_read},
};

const char *fk_feed_name(fk_feed_kind k)
{
    return k < FK_FEED_KINDS ? feeds[k].name : "?";
}

bool fk_feed_named(const char *name, fk_feed_kind *k)
{
    for (int i = 0; i < FK_FEED_KINDS; i++)
        if (!strcmp(name, feeds[i].name)) {
            *k = (fk_feed_kind)i;
            return true;
        }
    return false;
}

int fk_feed_recognise(const char *data, size_t len)
{
    for (int i = 0; i < FK_FEED_KINDS; i++)
        if (feeds[i].looks(data, len))
            return i;
    return -1;
}

int fk_feed_read(const char *data, size_t len, int kind, fk_vuln_sink sink, void *ctx,
                 fk_feed_kind *kind_out, fk_err *err)
{
    if (kind < 0)
        kind = fk_feed_recognise(data, len);
    if (kind < 0 || kind >= FK_FEED_KINDS)
        return fk_errf(err, "not a feed fukurou reads: expected NVD CVE API 2.0 JSON, MyJVN XML, "
                            "the KEV catalogue or an EPSS CSV");
    if (kind_out)
        *kind_out = (fk_feed_kind)kind;
    return feeds[kind].read(data, len, sink, ctx, err);
}

int fk_feed_read_all(const char *data, size_t len, int kind, fk_feed_kind *kind_out,
                     json_t **records, fk_err *err)
{
    json_t *all = json_array();
    if (!all)
        return fk_errc(err, FK_ERR_NOMEM, "out of memory");
    if (fk_feed_read(data, len, kind, gather, all, kind_out, err) != 0) {
        json_decref(all);
        return -1;
    }
    *records = all;
    return 0;
}
