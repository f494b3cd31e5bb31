/* Recognises firewall messages inside syslog text: Linux netfilter/iptables LOG lines
 * and UFW ("[UFW BLOCK] IN=eth0 ... SRC=... DST=... PROTO=TCP SPT=... DPT=..."), which
 * become network events with addresses, ports, protocol and action. Stateless. */
#ifndef FK_FIREWALL_H
#define FK_FIREWALL_H

#include "../model/event.h"

bool fk_firewall_recognize(fk_str message, fk_event *ev, fk_arena *arena);

#endif
