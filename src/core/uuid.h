/* Random (version 4) UUIDs for every identifier the hub makes: STIX objects, TAXII
 * collections and statuses, batch ids. Owns nothing; randomness comes from OpenSSL. */
#ifndef FK_UUID_H
#define FK_UUID_H

#include <stdbool.h>

/* Writes "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx" and a NUL; false when no randomness is
 * available (the caller refuses the request rather than making a predictable id). */
bool fk_uuid4(char out[37]);

/* True when s is a UUID in its 8-4-4-4-12 text form; lower: only lower-case hex digits
 * (the form the hub writes, required where ids are compared as text). */
bool fk_uuid_valid(const char *s, bool lower);

#endif
