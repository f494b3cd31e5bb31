#include "request.h"

#include "../core/utf8.h"

#include <microhttpd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void fk_http_error(fk_response *res, unsigned status, const char *title, const char *fmt, ...)
{
    char desc[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(desc, sizeof desc, fmt, ap);
    va_end(ap);
    json_decref(res->body);
    free(res->raw_body);
    res->raw_body = NULL;
    res->status = status;
    /* the TAXII 2.1 error message, whose http_status is a string */
    char code[8];
    snprintf(code, sizeof code, "%u", status);
    res->body = json_pack("{ss ss ss}", "title", title, "http_status", code, "description", desc);
}

void fk_http_storage_error(fk_response *res, const fk_err *err)
{
    fprintf(stderr, "fukurou hub: storage: %s\n", err->msg);
    if (err->code == FK_ERR_BUSY) { /* the database went away: nothing was applied */
        snprintf(res->retry_after, sizeof res->retry_after, "2");
        return fk_http_error(res, 503, "Unavailable",
                             "the hub's database is unreachable; nothing was changed, retry later");
    }
    fk_http_error(res, 500, "Internal error", "the hub could not complete this; see its log");
}

const char *fk_http_header(const fk_request *req, const char *name)
{
    return MHD_lookup_connection_value((struct MHD_Connection *)req->conn, MHD_HEADER_KIND, name);
}

const char *fk_http_query(const fk_request *req, const char *name)
{
    return MHD_lookup_connection_value((struct MHD_Connection *)req->conn, MHD_GET_ARGUMENT_KIND,
                                       name);
}

static int hexval(int c)
{
    return c >= '0' && c <= '9'   ? c - '0'
           : c >= 'a' && c <= 'f' ? c - 'a' + 10
           : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                  : -1;
}

/* Decodes one form component (+ for space, %XX) into a JSON string. */
static json_t *form_text(const char *p, size_t n)
{
    char *buf = malloc(n + 1);
    if (!buf)
        return NULL;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        int hi, lo;
        if (p[i] == '+')
            buf[k++] = ' ';
        else if (p[i] == '%' && i + 2 < n && (hi = hexval((unsigned char)p[i + 1])) >= 0 &&
                 (lo = hexval((unsigned char)p[i + 2])) >= 0)
            buf[k++] = (char)(hi << 4 | lo), i += 2;
        else
            buf[k++] = p[i];
    }
    json_t *j = json_stringn(buf, k);
    if (!j) { /* not UTF-8 */
        size_t len = 0;
        bool failed = false;
        char *clean = fk_utf8_repair(buf, k, true, &len, &failed);
        j = clean ? json_stringn(clean, len) : NULL;
        free(clean);
    }
    free(buf);
    return j;
}

json_t *fk_form_parse(const char *body, size_t n)
{
    json_t *o = json_object();
    size_t fields = 0;
    for (size_t i = 0; o && i < n;) {
        const char *p = body + i;
        const char *amp = memchr(p, '&', n - i);
        size_t len = amp ? (size_t)(amp - p) : n - i;
        i += len + 1;
        if (!len)
            continue;
        if (++fields > 200) {
            json_decref(o);
            return NULL;
        }
        const char *eq = memchr(p, '=', len);
        size_t kl = eq ? (size_t)(eq - p) : len;
        json_t *k = form_text(p, kl);
        json_t *v = eq ? form_text(eq + 1, len - kl - 1) : json_string("");
        /* json_object_set_new takes v, whether it succeeds or not */
        int rc = k && v ? json_object_set_new(o, json_string_value(k), v) : (json_decref(v), -1);
        json_decref(k);
        if (rc != 0) {
            json_decref(o);
            return NULL;
        }
    }
    return o;
}

const char *fk_form_field(const json_t *form, const char *name)
{
    const char *s = json_string_value(json_object_get(form, name));
    return s ? s : "";
}
