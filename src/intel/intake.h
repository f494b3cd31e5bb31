/* What a member's STIX bundle says, read as a report of the reporting workflow: the
 * TAXII intake path (a member POSTs objects to a collection) turns the bundle into an
 * "observation" report that then follows triage and anonymised release like any other.
 * Pure: no I/O, the caller stores the result. */
#ifndef FK_INTAKE_H
#define FK_INTAKE_H

#include "../core/error.h"

#include <jansson.h>

/* The report input for objects (a TAXII envelope's "objects"): title and description
 * from its report objects, indicators from its patterns, CVE ids from its
 * vulnerabilities. Markings only tighten: the strictest TLP and PAP any object carries
 * (AMBER when none does) and the narrowest consent (x_fukurou_consent; the centre only
 * when none is given or a value is not one of the four), so a CLEAR report cannot carry
 * a RED indicator out. Indicators whose pattern is partly unsupported keep the values
 * that could be read and are appended to failures as {"id", "message"}. now: the
 * observation time when no object says when. NULL with err when memory runs out. */
json_t *fk_intake_bundle_report(json_t *objects, const char *now, json_t *failures, fk_err *err);

#endif
