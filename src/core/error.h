/* Error reporting: functions return a status and fill an fk_err with a message that
 * names the file, line or field and what was expected. */
#ifndef FK_ERROR_H
#define FK_ERROR_H

typedef struct fk_err {
    char msg[512];
} fk_err;

/* Formats the message into e (if not NULL) and returns -1, so that callers can write
 * `return fk_errf(e, "...")`. */
int fk_errf(fk_err *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
