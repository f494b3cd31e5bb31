/* CPE 2.3 names: well-formed names (WFN) bound to and unbound from formatted strings
 * ("cpe:2.3:a:vendor:product:...") and URIs ("cpe:/a:vendor:product"), by NISTIR 7695;
 * and the relation of two names, attribute by attribute, by NISTIR 7696 (equal, subset,
 * superset, disjoint). A name is kept lower-cased, with its special characters quoted
 * as a WFN quotes them. Owns only what a name holds; no I/O. */
#ifndef FK_VULN_CPE_H
#define FK_VULN_CPE_H

#include "../core/error.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum {
    FK_CPE_PART,
    FK_CPE_VENDOR,
    FK_CPE_PRODUCT,
    FK_CPE_VERSION,
    FK_CPE_UPDATE,
    FK_CPE_EDITION,
    FK_CPE_LANGUAGE,
    FK_CPE_SW_EDITION,
    FK_CPE_TARGET_SW,
    FK_CPE_TARGET_HW,
    FK_CPE_OTHER,
    FK_CPE_ATTRIBUTES
};

enum { FK_CPE_VALUE_MAX = 256 };

/* One attribute: ANY, NA, or a value in WFN form (quoted characters "\x", unquoted
 * wildcards '*' and '?' at its ends). */
typedef enum fk_cpe_kind { FK_CPE_ANY, FK_CPE_NA, FK_CPE_STRING } fk_cpe_kind;
typedef struct fk_cpe_value {
    fk_cpe_kind kind;
    char text[FK_CPE_VALUE_MAX];
} fk_cpe_value;

typedef struct fk_cpe {
    fk_cpe_value a[FK_CPE_ATTRIBUTES];
} fk_cpe;

/* A name packed for matching, where a full match reads names and criteria some 14
 * million times: each attribute's kind and where its text starts in one block. A parsed
 * fk_cpe has room for the longest value in every attribute (2.9 KB, each attribute on a
 * cache line of its own); a packed one is 33 bytes and its text (NUL after each value;
 * ANY and NA have ""). */
typedef struct fk_cpe_packed {
    unsigned char kind[FK_CPE_ATTRIBUTES];
    uint16_t at[FK_CPE_ATTRIBUTES];
    char text[];
} fk_cpe_packed;

static inline const char *fk_cpe_packed_text(const fk_cpe_packed *p, int i)
{
    return p->text + p->at[i];
}

typedef enum fk_cpe_relation {
    FK_CPE_DISJOINT,
    FK_CPE_EQUAL,
    FK_CPE_SUBSET,
    FK_CPE_SUPERSET,
    FK_CPE_UNDEFINED, /* the target has wildcards: NISTIR 7696 defines no set relation */
} fk_cpe_relation;

const char *fk_cpe_attribute_name(int i);
const char *fk_cpe_relation_name(fk_cpe_relation r);

/* A formatted string or a URI, whichever it is, into a name; -1 with err naming the
 * attribute and what is wrong. */
int fk_cpe_parse(const char *text, fk_cpe *out, fk_err *err);
int fk_cpe_unbind_fs(const char *fs, fk_cpe *out, fk_err *err);
int fk_cpe_unbind_uri(const char *uri, fk_cpe *out, fk_err *err);
/* A name bound as a formatted string or a URI into out (cap bytes); -1 when it does not
 * fit or (URI) cannot be bound. */
int fk_cpe_bind_fs(const fk_cpe *n, char *out, size_t cap, fk_err *err);
int fk_cpe_bind_uri(const fk_cpe *n, char *out, size_t cap, fk_err *err);

/* The bytes n takes packed, and n packed into room (that many bytes, suitably aligned
 * as malloc's or an arena's are); unpacked again into out. */
size_t fk_cpe_packed_size(const fk_cpe *n);
fk_cpe_packed *fk_cpe_pack(const fk_cpe *n, void *room);
void fk_cpe_unpack(const fk_cpe_packed *p, fk_cpe *out);

/* An attribute value in WFN notation ("\"foo\"", ANY, NA) into v; -1 when malformed. */
int fk_cpe_value_read(const char *wfn, fk_cpe_value *v, fk_err *err);
/* The relation of a source attribute to a target's, and of whole names. */
fk_cpe_relation fk_cpe_compare_value(const fk_cpe_value *source, const fk_cpe_value *target);
/* The same with each side's kind and text apart (a packed name's). */
fk_cpe_relation fk_cpe_compare_text(fk_cpe_kind skind, const char *source, fk_cpe_kind tkind,
                                    const char *target);
/* The attributes of n whose values hold an unquoted * or ?, as bits (1 << attribute). */
unsigned fk_cpe_wildcard_mask(const fk_cpe *n);
/* Whether a value's text holds an unquoted * or ? (where a WFN allows them: its ends). */
bool fk_cpe_has_wildcards(const char *text);
fk_cpe_relation fk_cpe_compare(const fk_cpe *source, const fk_cpe *target);

#endif
