/* Recognises authentication messages in syslog text (sshd, sudo, su, PAM, login):
 * failed and accepted logins with user and source address. Owns the template table. */
#ifndef FK_AUTHMSG_H
#define FK_AUTHMSG_H

#include "../model/event.h"

/* Sets kind, outcome, user, src_ip/src_port and "auth_service"/"auth_method" extras
 * when program + message is a known authentication message. Returns true if it was. */
bool fk_auth_recognize(fk_str program, fk_str message, fk_event *ev, fk_arena *arena);

#endif
