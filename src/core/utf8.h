/* UTF-8 as the stores and the bus need it: log lines carry whatever bytes a client sent
 * (Latin-1 from an old server, a decoded %00), while PostgreSQL text and JSON strings take
 * only valid UTF-8 without NUL. Owns the one validator and the one repair rule: every
 * byte that does not begin a valid sequence, and every NUL, becomes U+FFFD. */
#ifndef FK_UTF8_H
#define FK_UTF8_H

#include <stdbool.h>
#include <stddef.h>

/* Length of the valid UTF-8 sequence at s (1 to 4; no overlong forms, surrogates or code
 * points past U+10FFFF), 0 when the bytes are not one. */
size_t fk_utf8_seq(const unsigned char *s, size_t n);
/* The text repaired, as a new NUL-terminated string of *out_len bytes; NULL when it needs
 * no repair (nothing allocated) or when memory ran out (*failed set). keep_nul: a NUL is
 * kept (JSON strings may hold one) rather than replaced. */
char *fk_utf8_repair(const char *s, size_t n, bool keep_nul, size_t *out_len, bool *failed);

#endif
