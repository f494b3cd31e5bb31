/* STIX 2.1 objects the hub emits: identities, TLP 2.0 and PAP marking definitions,
 * indicators with STIX patterns, vulnerabilities, notes, reports and bundles. Owns no
 * state; every builder returns a new jansson object (NULL when memory is exhausted). */
#ifndef FK_STIX_H
#define FK_STIX_H

#include "../detect/ioc.h"

#include <jansson.h>
#include <stdbool.h>

/* A random (version 4) UUID, or false when no randomness is available. */
bool fk_stix_uuid4(char out[37]);
/* "type--uuid" */
bool fk_stix_new_id(const char *type, char out[80]);

/* TLP 2.0: "CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED". */
bool fk_tlp_valid(const char *tlp);
const char *fk_stix_tlp_id(const char *tlp);
json_t *fk_stix_tlp_marking(const char *tlp);
/* PAP: "CLEAR", "GREEN", "AMBER", "RED", as statement markings. */
bool fk_pap_valid(const char *pap);
const char *fk_stix_pap_id(const char *pap);
json_t *fk_stix_pap_marking(const char *pap);

json_t *fk_stix_identity(const char *id, const char *name, const char *identity_class,
                         const char *created);
/* The pattern "[ipv4-addr:value = '...']" for an indicator (malloc'd). */
char *fk_stix_pattern_for(fk_ioc_type type, const char *value);
json_t *fk_stix_indicator(const char *id, fk_ioc_type type, const char *value, const char *created,
                          const char *created_by, json_t *markings);
json_t *fk_stix_vulnerability(const char *id, const char *cve, const char *created,
                              const char *created_by, json_t *markings);

#endif
