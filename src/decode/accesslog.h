/* Web server access logs: Apache LogFormat strings (%h %t "%r" ...) and nginx
 * log_format strings ($remote_addr ...) compiled once into a token program that splits
 * each line without copying. Owns the compiled program. */
#ifndef FK_ACCESSLOG_H
#define FK_ACCESSLOG_H

#include "../core/error.h"
#include "decoder.h"

#define FK_LOGFORMAT_COMMON   "%h %l %u %t \"%r\" %>s %b"
#define FK_LOGFORMAT_COMBINED "%h %l %u %t \"%r\" %>s %b \"%{Referer}i\" \"%{User-Agent}i\""

typedef struct fk_logformat fk_logformat;

/* fmt is a preset name, an Apache LogFormat or an nginx log_format (detected by '$'). */
fk_logformat *fk_logformat_compile(const char *fmt, fk_err *err);
fk_dec_status fk_logformat_decode(const fk_logformat *lf, const char *line, size_t n, fk_event *ev,
                                  fk_arena *arena, const char **why);
void fk_logformat_free(fk_logformat *lf);

/* Splits "GET /a?b HTTP/1.1" into method, path, query (and url for absolute targets);
 * *protocol gets the last word when it starts with "HTTP/" (empty otherwise). */
void fk_http_request_split(const char *s, size_t n, fk_event *ev, fk_str *protocol);

#endif
