#include "request.h"

#include <microhttpd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

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
