/* Error reporting: functions return a status and fill an fk_err with a message that
 * names the file, line or field and what was expected. */
#ifndef FK_ERROR_H
#define FK_ERROR_H

/* What kind of failure: callers decide on the code (an HTTP status, an exit status),
 * never on the wording of the message. */
typedef enum fk_err_code {
    FK_ERR_INVALID = 1, /* the input is wrong: the message says where and what was expected */
    FK_ERR_CONFLICT,    /* it clashes with what exists (a duplicate name) */
    FK_ERR_STORAGE,     /* the database failed: not the caller's fault, not for their eyes */
    FK_ERR_NOMEM,       /* memory ran out */
    FK_ERR_BUSY,        /* a queue or a limit is full: try again later */
    FK_ERR_TOO_LARGE,   /* over a size limit */
    FK_ERR_DENIED,      /* the caller may not do this (acting as someone else) */
} fk_err_code;

typedef struct fk_err {
    fk_err_code code;
    char msg[512];
} fk_err;

/* Formats the message into e (if not NULL) and returns -1, so that callers can write
 * `return fk_errf(e, "...")`. */
int fk_errf(fk_err *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The same with a code other than FK_ERR_INVALID. */
int fk_errc(fk_err *e, fk_err_code code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
