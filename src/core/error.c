#include "error.h"

#include <stdarg.h>
#include <stdio.h>

static int verr(fk_err *e, fk_err_code code, const char *fmt, va_list ap)
{
    if (e) {
        vsnprintf(e->msg, sizeof e->msg, fmt, ap);
        e->code = code;
    }
    return -1;
}

int fk_errf(fk_err *e, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    verr(e, FK_ERR_INVALID, fmt, ap);
    va_end(ap);
    return -1;
}

int fk_errc(fk_err *e, fk_err_code code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    verr(e, code, fmt, ap);
    va_end(ap);
    return -1;
}
