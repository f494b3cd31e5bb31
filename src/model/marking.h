/* Markings that travel with every piece of shared information: TLP 2.0 (who may be
 * told) and PAP (what may be done with it), as ordered levels with their names. The
 * STIX objects that carry them live in intel/stix; the readers they admit, in audience. */
#ifndef FK_MARKING_H
#define FK_MARKING_H

#include <stdbool.h>

typedef enum fk_tlp {
    FK_TLP_CLEAR,
    FK_TLP_GREEN,
    FK_TLP_AMBER,
    FK_TLP_AMBER_STRICT,
    FK_TLP_RED,
    FK_TLP_COUNT_,
} fk_tlp;

typedef enum fk_pap {
    FK_PAP_CLEAR,
    FK_PAP_GREEN,
    FK_PAP_AMBER,
    FK_PAP_RED,
    FK_PAP_COUNT_,
} fk_pap;

/* "CLEAR" ... "RED"; NULL out of range. */
const char *fk_tlp_name(fk_tlp t);
const char *fk_pap_name(fk_pap p);

/* Exact TLP 2.0 names ("AMBER+STRICT"), as the hub's forms and API take them. */
bool fk_tlp_from_name(const char *name, fk_tlp *out);
bool fk_pap_from_name(const char *name, fk_pap *out);
bool fk_tlp_valid(const char *name);
bool fk_pap_valid(const char *name);

/* What other tools write: an optional "TLP:" prefix, any case, and TLP 1.0's WHITE for
 * CLEAR. */
bool fk_tlp_read_loose(const char *name, fk_tlp *out);

/* Whether the centre passes information of this level on to anyone: AMBER+STRICT and RED
 * stay with their recipient. */
bool fk_tlp_redistributable(fk_tlp t);

#endif
