/* Linux audit records, as auditd writes /var/log/audit/audit.log (RAW or ENRICHED),
 * also behind a "node=" prefix or an audisp syslog header: one record per line becomes
 * one event whose extra pairs are the record's own fields (type, a0.., exe, name, key,
 * and the pairs inside msg='...'), with the hex auditd writes for untrusted text
 * decoded. Stateless; owns nothing. */
#ifndef FK_AUDITD_H
#define FK_AUDITD_H

#include "decoder.h"

fk_dec_status fk_auditd_decode(const char *line, size_t n, fk_event *ev, fk_arena *arena,
                               const char **why);

#endif
