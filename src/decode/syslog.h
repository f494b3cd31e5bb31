/* Syslog lines: RFC 3164 (BSD, with or without <PRI>, also with the RFC 3339 stamps of
 * modern rsyslog) and RFC 5424 with structured data. Stateless; auth messages inside
 * are recognised by authmsg. */
#ifndef FK_SYSLOG_H
#define FK_SYSLOG_H

#include "decoder.h"

fk_dec_status fk_syslog_decode(const char *line, size_t n, int ref_year, fk_event *ev,
                               fk_arena *arena, const char **why);

#endif
