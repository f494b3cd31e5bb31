/* STIX 2.1 objects the hub emits: identities, TLP 2.0 and PAP marking definitions,
 * indicators with STIX patterns, vulnerabilities, notes, reports and bundles. Owns no
 * state; every builder returns a new jansson object (NULL when memory is exhausted). */
#ifndef FK_STIX_H
#define FK_STIX_H

#include "../detect/ioc.h"
#include "../model/marking.h"

#include <jansson.h>
#include <stdbool.h>

/* "type--uuid" */
bool fk_stix_new_id(const char *type, char out[80]);

/* The marking definitions of TLP 2.0 levels and PAP levels (names from model/marking). */
const char *fk_stix_tlp_id(const char *tlp);
json_t *fk_stix_tlp_marking(const char *tlp);
/* PAP levels as statement markings. */
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

/* The SCO for an indicator value (ipv4-addr, ipv6-addr, domain-name, url, file) with
 * the deterministic UUIDv5 id STIX 2.1 asks for (its id-contributing properties in
 * canonical JSON under the STIX namespace). */
json_t *fk_stix_observable(fk_ioc_type type, const char *value);
json_t *fk_stix_relationship(const char *id, const char *relationship_type, const char *source,
                             const char *target, const char *created, const char *created_by,
                             json_t *markings);
json_t *fk_stix_sighting(const char *id, const char *sighting_of, const char *where, int count,
                         const char *first_seen, const char *created, const char *created_by,
                         json_t *markings);
json_t *fk_stix_note(const char *id, const char *abstract, const char *content, const char *about,
                     const char *created, const char *created_by, json_t *markings);
json_t *fk_stix_incident(const char *id, const char *name, const char *description,
                         const char *created, const char *created_by, json_t *markings);

/* The strictest TLP an object carries (object and granular markings): an fk_tlp rank,
 * -1 when it carries none. defs: the bundle's marking definitions by id (from
 * fk_stix_marking_definitions); a reference that cannot be resolved counts as AMBER.
 * PAP markings seen raise *pap (0 CLEAR to 3 RED). */
int fk_stix_object_tlp(json_t *obj, json_t *defs, int *pap);
json_t *fk_stix_marking_definitions(json_t *objects);
/* An object's version as TAXII names it: its modified time, else its created time
 * (immutable objects), else NULL. */
const char *fk_stix_object_version(json_t *obj);

#endif
