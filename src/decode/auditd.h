/* Linux audit records, as auditd writes /var/log/audit/audit.log (RAW or ENRICHED),
 * also behind a "node=" prefix or an audisp syslog header: one record per line becomes
 * one event whose extra pairs are the record's own fields (type, a0.., exe, name, key,
 * and the pairs inside msg='...'), with the hex auditd writes for untrusted text
 * decoded. Owns the last SYSCALL record's process fields, which the EXECVE record of
 * the same serial (written next) also carries, so an EXECVE event is a whole process
 * start: program, arguments, pid, parent pid, user. */
#ifndef FK_AUDITD_H
#define FK_AUDITD_H

#include "decoder.h"

typedef struct fk_auditd fk_auditd;

fk_auditd *fk_auditd_new(void);
fk_dec_status fk_auditd_decode(fk_auditd *a, const char *line, size_t n, fk_event *ev,
                               fk_arena *arena, const char **why);
void fk_auditd_free(fk_auditd *a);

#endif
