#include "ledger.h"

#include "../core/csvtable.h"
#include "cpe.h"
#include "record.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define NOMEM(err) fk_errc(err, FK_ERR_NOMEM, "out of memory")

static const char *const operations[] = {"in-house", "outsourced", "cloud", NULL};
static const char *const exposures[] = {"internet", "internal", "isolated", NULL};
static const char *const criticalities[] = {"low", "medium", "high", "critical", NULL};

/* The text fields and their longest length. */
static const struct {
    const char *name;
    size_t max;
} texts[] = {
    {"owner", 200},         {"egress", 200},           {"classification", 100},
    {"compensating", 4000}, {"cc_certification", 200}, {"notes", 4000},
};

int fk_asset_criticality_rank(const char *c)
{
    for (int i = 0; c && criticalities[i]; i++)
        if (!strcmp(c, criticalities[i]))
            return i + 1;
    return 0;
}

static int word(json_t *in, json_t *out, const char *key, const char *const *words,
                const char *fallback, fk_err *err)
{
    json_t *v = json_object_get(in, key);
    const char *w = v ? json_string_value(v) : fallback;
    for (int i = 0; w && words[i]; i++)
        if (!strcmp(w, words[i]))
            return json_object_set_new(out, key, json_string(w)) == 0 ? 0 : NOMEM(err);
    char list[120] = "";
    for (int i = 0; words[i]; i++)
        snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", i ? ", " : "", words[i]);
    return fk_errf(err, "%s: expected one of %s", key, list);
}

bool fk_crypto_weak(const char *a)
{
    static const char *const weak[] = {"SHA-1",  "SHA1",   "MD5",   "MD4",     "DES",     "3DES",
                                       "TDES",   "RC4",    "SSL2",  "SSL3",    "SSLV2",   "SSLV3",
                                       "TLS1.0", "TLS1.1", "TLSV1", "TLSV1.0", "TLSV1.1", NULL};
    for (int i = 0; weak[i]; i++)
        if (!strcasecmp(a, weak[i]))
            return true;
    /* RSA-1024, RSA1024, DSA-1024, DH-1024: a key under 2048 bits */
    if (!strncasecmp(a, "RSA", 3) || !strncasecmp(a, "DSA", 3) || !strncasecmp(a, "DH", 2)) {
        const char *p = a;
        while (*p && !isdigit((unsigned char)*p))
            p++;
        long bits = strtol(p, NULL, 10);
        return *p && bits > 0 && bits < 2048;
    }
    return false;
}

/* A program of the ledger: a CPE 2.3 formatted string or a 2.2 URI, bound as 2.3. */
static int program(json_t *v, size_t i, json_t *software, fk_err *err)
{
    json_t *cpe_v = json_is_object(v) ? json_object_get(v, "cpe") : v;
    const char *text = json_string_value(cpe_v);
    fk_cpe name;
    fk_err cerr;
    char fs[1024], product[520];
    if (!text)
        return fk_errf(err, "software[%zu]: expected a CPE name", i);
    if (fk_cpe_parse(text, &name, &cerr) != 0)
        return fk_errf(err, "software[%zu]: %s", i, cerr.msg);
    if (name.a[FK_CPE_PART].kind != FK_CPE_STRING || name.a[FK_CPE_VENDOR].kind != FK_CPE_STRING ||
        name.a[FK_CPE_PRODUCT].kind != FK_CPE_STRING)
        return fk_errf(err, "software[%zu]: expected a part, a vendor and a product", i);
    if (fk_cpe_bind_fs(&name, fs, sizeof fs, &cerr) != 0 ||
        !fk_vuln_vendor_product(fs, product, sizeof product))
        return fk_errf(err, "software[%zu]: the name is too long", i);
    size_t k;
    json_t *have;
    json_array_foreach(
        software, k,
        have) if (!strcmp(json_string_value(json_object_get(have, "cpe")), fs)) return 0;
    json_t *p = json_pack("{ss ss}", "cpe", fs, "product", product);
    if (p && json_is_true(json_object_get(v, "derived")))
        json_object_set_new(p, "derived", json_true());
    return p && json_array_append_new(software, p) == 0 ? 0 : NOMEM(err);
}

int fk_asset_check(json_t *in, json_t **out, fk_err *err)
{
    *out = NULL;
    if (!json_is_object(in))
        return fk_errf(err, "expected an asset object");
    const char *name = json_string_value(json_object_get(in, "name"));
    if (!name || !*name || strlen(name) > 200)
        return fk_errf(err, "name: expected the system's name (1 to 200 characters)");
    json_t *a = json_pack("{ss}", "name", name);
    if (!a)
        return NOMEM(err);
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < sizeof texts / sizeof *texts; i++) {
        json_t *v = json_object_get(in, texts[i].name);
        if (v && !json_is_string(v))
            rc = fk_errf(err, "%s: expected text", texts[i].name);
        else if (v && json_string_length(v) > texts[i].max)
            rc = fk_errf(err, "%s: at most %zu characters", texts[i].name, texts[i].max);
        else if (json_object_set_new(a, texts[i].name, json_string(v ? json_string_value(v) : "")))
            rc = NOMEM(err);
    }
    if (rc == 0)
        rc = word(in, a, "operation", operations, "in-house", err);
    if (rc == 0)
        rc = word(in, a, "exposure", exposures, "internal", err);
    if (rc == 0)
        rc = word(in, a, "criticality", criticalities, "medium", err);
    json_t *ics = json_object_get(in, "ics");
    if (rc == 0 && ics && !json_is_boolean(ics))
        rc = fk_errf(err, "ics: expected true or false");
    if (rc == 0 && json_object_set_new(a, "ics", json_boolean(json_is_true(ics))) != 0)
        rc = NOMEM(err);
    json_t *crypto = json_object_get(in, "crypto"), *list = rc == 0 ? json_array() : NULL;
    if (rc == 0 && (!list || json_object_set_new(a, "crypto", list) != 0))
        rc = NOMEM(err);
    if (rc == 0 && crypto && !json_is_array(crypto))
        rc = fk_errf(err, "crypto: expected a list of algorithms");
    size_t i;
    json_t *v;
    json_array_foreach(crypto, i, v)
    {
        if (rc != 0)
            break;
        const char *alg = json_string_value(v);
        if (!alg || !*alg || strlen(alg) > 40)
            rc = fk_errf(err, "crypto[%zu]: expected an algorithm's name (\"SHA-1\", \"RSA-1024\")",
                         i);
        else {
            char up[48];
            size_t k = 0;
            for (; alg[k] && k < sizeof up - 1; k++)
                up[k] = (char)toupper((unsigned char)alg[k]);
            up[k] = '\0';
            if (json_array_append_new(list, json_string(up)) != 0)
                rc = NOMEM(err);
        }
    }
    json_t *software = json_object_get(in, "software"), *progs = rc == 0 ? json_array() : NULL;
    if (rc == 0 && (!progs || json_object_set_new(a, "software", progs) != 0))
        rc = NOMEM(err);
    if (rc == 0 && software && !json_is_array(software))
        rc = fk_errf(err, "software: expected a list of CPE names");
    if (rc == 0 && json_array_size(software) > 5000)
        rc = fk_errf(err, "software: at most 5000 programs");
    json_array_foreach(software, i, v) if (rc == 0) rc = program(v, i, progs, err);
    if (rc != 0) {
        json_decref(a);
        return -1;
    }
    *out = a;
    return 0;
}

/* ---- CSV ----------------------------------------------------------------------------- */

static const char *const csv_columns[] = {
    "name",        "owner", "egress",       "operation",        "classification", "exposure",
    "criticality", "ics",   "compensating", "cc_certification", "crypto",         "notes",
    "software",    NULL};

typedef struct csv_ledger {
    int col[16];
    bool header;
    json_t *assets; /* in order */
    json_t *by_name;
} csv_ledger;

/* Appends the ';'-separated values of a cell (a '\;' stays in its value: CPE names quote
 * it so) to list. */
static int split(const char *text, json_t *list)
{
    const char *s = text;
    char buf[1100];
    size_t k = 0;
    for (;; s++) {
        if (*s == '\\' && s[1] && k + 2 < sizeof buf) {
            buf[k++] = *s++;
            buf[k++] = *s;
            continue;
        }
        if (*s == ';' || *s == '\0') {
            while (k && isspace((unsigned char)buf[k - 1]))
                k--;
            size_t b = 0;
            while (b < k && isspace((unsigned char)buf[b]))
                b++;
            if (k > b && json_array_append_new(list, json_stringn(buf + b, k - b)) != 0)
                return -1;
            k = 0;
            if (!*s)
                return 0;
            continue;
        }
        if (k + 1 < sizeof buf)
            buf[k++] = *s;
    }
}

static int csv_row(void *vl, size_t line, const fk_csv_cell *cells, size_t n, fk_err *err)
{
    csv_ledger *l = vl;
    if (!l->header) {
        for (int c = 0; csv_columns[c]; c++)
            l->col[c] = fk_csv_column(cells, n, csv_columns[c]);
        if (l->col[0] < 0)
            return fk_errf(err, "line %zu: expected a header naming the column \"name\"", line);
        l->header = true;
        return 0;
    }
    const char *name = (size_t)l->col[0] < n ? cells[l->col[0]].text : "";
    if (!*name)
        return fk_errf(err, "line %zu: name: expected the system's name", line);
    json_t *a = json_object_get(l->by_name, name);
    bool fresh = !a;
    if (fresh &&
        (!(a = json_pack("{ss s[] s[] si}", "name", name, "software", "crypto", "line",
                         (json_int_t)line)) ||
         json_object_set_new(l->by_name, name, a) != 0 || json_array_append(l->assets, a) != 0))
        return NOMEM(err);
    for (int c = 1; csv_columns[c]; c++) {
        int at = l->col[c];
        if (at < 0 || (size_t)at >= n || !cells[at].len)
            continue;
        const char *key = csv_columns[c], *t = cells[at].text;
        int rc = 0;
        if (!strcmp(key, "software") || !strcmp(key, "crypto"))
            rc = split(t, json_object_get(a, key));
        else if (!strcmp(key, "ics")) {
            bool yes = !strcasecmp(t, "yes") || !strcasecmp(t, "true") || !strcmp(t, "1");
            bool no = !strcasecmp(t, "no") || !strcasecmp(t, "false") || !strcmp(t, "0");
            if (!yes && !no)
                return fk_errf(err, "line %zu: ics: expected yes or no", line);
            rc = json_object_set_new(a, key, json_boolean(yes));
        } else if (!fresh && json_object_get(a, key) &&
                   strcmp(json_string_value(json_object_get(a, key)), t) != 0)
            return fk_errf(err, "line %zu: %s: differs from an earlier row of %s", line, key, name);
        else
            rc = json_object_set_new(a, key, json_string(t));
        if (rc != 0)
            return NOMEM(err);
    }
    return 0;
}

int fk_ledger_csv(const char *text, size_t len, json_t **assets, fk_err *err)
{
    csv_ledger l = {.assets = json_array(), .by_name = json_object()};
    int rc = l.assets && l.by_name ? fk_csv_read(text, len, csv_row, &l, err) : NOMEM(err);
    if (rc == 0 && !l.header)
        rc = fk_errf(err, "line 1: expected a header naming the column \"name\"");
    json_decref(l.by_name);
    if (rc != 0) {
        json_decref(l.assets);
        return -1;
    }
    *assets = l.assets;
    return 0;
}

/* ---- CycloneDX -------------------------------------------------------------------------- */

/* A CPE attribute from free text: lower case, spaces as '_', CPE's special characters
 * quoted, so that "Apache Software Foundation" is apache_software_foundation. */
static void cpe_word(const char *in, char *out, size_t cap)
{
    size_t k = 0;
    for (const char *p = in; *p && k + 3 < cap; p++) {
        unsigned char c = (unsigned char)tolower((unsigned char)*p);
        if (isspace(c))
            out[k++] = '_';
        else if (isalnum(c) || c == '_' || c == '.' || c == '-' || c >= 0x80)
            out[k++] = (char)c;
        else {
            out[k++] = '\\';
            out[k++] = (char)c;
        }
    }
    out[k] = '\0';
}

static int component(json_t *c, size_t i, json_t *software, fk_err *err)
{
    const char *cpe = json_string_value(json_object_get(c, "cpe"));
    if (cpe)
        return json_array_append_new(software, json_string(cpe)) == 0 ? 0 : NOMEM(err);
    const char *name = json_string_value(json_object_get(c, "name"));
    const char *version = json_string_value(json_object_get(c, "version"));
    const char *vendor = json_string_value(json_object_get(c, "publisher"));
    if (!vendor || !*vendor)
        vendor = json_string_value(json_object_get(json_object_get(c, "supplier"), "name"));
    if (!vendor || !*vendor)
        vendor = json_string_value(json_object_get(c, "group"));
    if (!vendor || !*vendor)
        vendor = name; /* many projects are their own vendor in the CPE dictionary */
    if (!name || !*name)
        return fk_errf(err, "components[%zu].name: expected the component's name", i);
    const char *type = json_string_value(json_object_get(c, "type"));
    char part = type && (!strcmp(type, "operating-system"))                      ? 'o'
                : type && (!strcmp(type, "device") || !strcmp(type, "firmware")) ? 'h'
                                                                                 : 'a';
    if (type && !strcmp(type, "firmware"))
        part = 'o';
    char v[300], p[300], ver[300], fs[1024];
    cpe_word(vendor, v, sizeof v);
    cpe_word(name, p, sizeof p);
    if (version && *version)
        cpe_word(version, ver, sizeof ver);
    else
        snprintf(ver, sizeof ver, "*");
    snprintf(fs, sizeof fs, "cpe:2.3:%c:%s:%s:%s:*:*:*:*:*:*:*", part, v, p, ver);
    return json_array_append_new(software, json_pack("{ss sb}", "cpe", fs, "derived", 1)) == 0
               ? 0
               : NOMEM(err);
}

static int components(json_t *list, json_t *software, size_t *counter, int depth, fk_err *err)
{
    if (list && !json_is_array(list))
        return fk_errf(err, "components: expected an array");
    if (depth > 16)
        return fk_errf(err, "components: nested more than 16 deep");
    size_t i;
    json_t *c;
    json_array_foreach(list, i, c)
    {
        if (!json_is_object(c))
            return fk_errf(err, "components[%zu]: expected an object", *counter);
        if (component(c, (*counter)++, software, err) != 0 ||
            components(json_object_get(c, "components"), software, counter, depth + 1, err) != 0)
            return -1;
    }
    return 0;
}

int fk_ledger_cyclonedx(json_t *sbom, const char *name_hint, json_t **asset, fk_err *err)
{
    *asset = NULL;
    const char *format = json_string_value(json_object_get(sbom, "bomFormat"));
    if (!format || strcmp(format, "CycloneDX") != 0)
        return fk_errf(err, "bomFormat: expected \"CycloneDX\"");
    json_t *meta = json_object_get(json_object_get(sbom, "metadata"), "component");
    const char *name = json_string_value(json_object_get(meta, "name"));
    if (!name || !*name)
        name = name_hint;
    if (!name || !*name)
        return fk_errf(err, "metadata.component.name: expected the system's name");
    json_t *a = json_pack("{ss s[]}", "name", name, "software");
    if (!a)
        return NOMEM(err);
    size_t counter = 0;
    json_t *software = json_object_get(a, "software");
    if ((meta && json_object_get(meta, "cpe") && component(meta, 0, software, err) != 0) ||
        components(json_object_get(sbom, "components"), software, &counter, 0, err) != 0) {
        json_decref(a);
        return -1;
    }
    *asset = a;
    return 0;
}
