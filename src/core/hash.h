/* Fast non-cryptographic hashing for in-memory tables (indicators, groups, counters).
 * Not for anything an attacker could use to forge identity; seeds come from the caller. */
#ifndef FK_HASH_H
#define FK_HASH_H

#include <stddef.h>
#include <stdint.h>

uint64_t fk_hash64(const void *data, size_t n, uint64_t seed);

/* FNV-1a over text with ASCII letters folded to lower case: for small tables of names
 * that are compared without regard to case. */
uint32_t fk_hash_nocase(const char *text, size_t n);

#endif
