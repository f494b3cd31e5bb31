/* The nine kinds of information members report to the centre (情報連絡), each with
 * its own fields (the template a form or an API client fills), and the validation of
 * a report against its template. Owns only constant data. */
#ifndef FK_REPORT_TYPES_H
#define FK_REPORT_TYPES_H

#include "../core/error.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

typedef enum fk_field_kind {
    FK_FIELD_TEXT,
    FK_FIELD_TIME, /* RFC 3339 */
    FK_FIELD_NUMBER,
    FK_FIELD_BOOL,
    FK_FIELD_TEXT_LIST,
    FK_FIELD_CVE_LIST, /* CVE-YYYY-NNNN... */
    FK_FIELD_CHOICE,   /* one of `choices` */
} fk_field_kind;

typedef struct fk_template_field {
    const char *name;
    fk_field_kind kind;
    bool required;
    const char *choices; /* "a|b|c" for FK_FIELD_CHOICE */
    const char *label_ja, *label_en;
} fk_template_field;

typedef struct fk_report_type {
    const char *code;
    const char *name_ja, *name_en;
    const char *stix_report_type; /* report_types value of the emitted STIX report */
    bool indicators_required;
    const fk_template_field *fields;
    size_t nfields;
} fk_report_type;

size_t fk_report_type_count(void);
const fk_report_type *fk_report_type_at(size_t i);
const fk_report_type *fk_report_type_find(const char *code);
/* The templates as JSON (served to forms and clients). */
json_t *fk_report_types_json(void);
/* Checks the type-specific fields: each required one present, each present one of its
 * kind, none unknown. The error names the field and what was expected. */
int fk_report_fields_validate(const fk_report_type *t, json_t *fields, fk_err *err);
bool fk_cve_valid(const char *s);

/* Checks a whole report as a member submits it and returns its normal form:
 *   {type, title, description, fields, indicators: ["1.2.3.4", ...], tlp, pap,
 *    consent: centre|sector|members|public, impact}
 * Indicators are classified (defanged forms accepted) and returned as
 * [{"type": "ipv4", "value": "..."}]; CVE ids among them go to "cves". Errors name the
 * field. */
int fk_report_normalise(json_t *in, json_t **out, fk_err *err);

#endif
