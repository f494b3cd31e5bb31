/* The indicator store: addresses and CIDR ranges, domains (matching subdomains too),
 * URLs and file hashes from any number of lists, and the matcher that checks every
 * address, host, URL and hash field of an event against them. Owns all indicator keys
 * and their provenance (list, line, id, label). Sized for 10 million indicators in 1 GB. */
#ifndef FK_IOC_H
#define FK_IOC_H

#include "../core/error.h"
#include "../model/event.h"
#include "../model/indicator.h"

#include <stddef.h>
#include <stdint.h>

/* Where an indicator came from. Strings live in the set's string pool. */
typedef struct fk_ioc_entry {
    uint32_t list;      /* index of the list (file) */
    uint32_t line;      /* line in that file, 0 when not line-based */
    uint32_t id_off;    /* id (STIX id, CSV id column), 0 = none */
    uint32_t label_off; /* label or comment, 0 = none */
    uint32_t next;      /* next entry with the same value (1-based), 0 = end */
    uint32_t key_off;   /* the value itself */
} fk_ioc_entry;

typedef struct fk_ioc_set fk_ioc_set;

fk_ioc_set *fk_ioc_set_new(void);
void fk_ioc_set_free(fk_ioc_set *s);

/* Registers a list (a file); returns its index or -1. */
int fk_ioc_list_add(fk_ioc_set *s, const char *name);
const char *fk_ioc_list_name(const fk_ioc_set *s, uint32_t list);

/* Classifies value (IP, CIDR, domain, URL, hash; defanged forms like hxxp:// and
 * example[.]com are accepted) and adds it. Returns -1 with a message saying what was
 * expected when the value is none of these. */
int fk_ioc_add_text(fk_ioc_set *s, const char *value, size_t n, uint32_t list, uint32_t line,
                    const char *id, const char *label, fk_err *err);
/* Classifies a value without adding it: its type and its normal form (refanged,
 * lower-cased domain and hash, canonical address or range) in out. */
int fk_ioc_classify(const char *value, size_t n, fk_ioc_type *type, char *out, size_t cap,
                    fk_err *err);
/* Adds a value whose type is known (from a STIX pattern); same checks. */
int fk_ioc_add_typed(fk_ioc_set *s, fk_ioc_type type, const char *value, size_t n, uint32_t list,
                     uint32_t line, const char *id, const char *label, fk_err *err);

size_t fk_ioc_count(const fk_ioc_set *s);
size_t fk_ioc_count_type(const fk_ioc_set *s, fk_ioc_type t);

/* Text of an entry's value, id and label (id and label "" when absent). */
const char *fk_ioc_entry_value(const fk_ioc_set *s, const fk_ioc_entry *e, char *buf, size_t cap);
fk_ioc_type fk_ioc_entry_type(const fk_ioc_set *s, const fk_ioc_entry *e);
const char *fk_ioc_str(const fk_ioc_set *s, uint32_t off);

/* Called once per (indicator, field) hit; field is the event field's name. */
typedef int (*fk_ioc_hit_fn)(void *ctx, const fk_ioc_entry *entry, const char *field, fk_str value);
/* Checks every address, host, URL and hash field of ev: the typed ones, and the
 * further fields that carry addresses behind proxies (X-Forwarded-For, X-Real-IP), DNS
 * answers (QueryResults) and Sysmon host names. Returns the number of hits, or -1 if
 * the callback failed. */
int fk_ioc_match_event(const fk_ioc_set *s, const fk_event *ev, fk_ioc_hit_fn hit, void *ctx);

/* Normalises a URL to the matching key "host[:port]/path?query" (scheme and fragment
 * dropped, host lower-cased, default ports removed). Returns the length, or 0 if the
 * text is not a URL with a host. */
size_t fk_ioc_url_key(const char *s, size_t n, char *out, size_t cap);

#endif
