/* Passwords that signed in recently, so that a client using HTTP Basic does not pay an
 * argon2id check (tens of milliseconds, on the one sign-in thread) on every request. An
 * entry holds an HMAC of account and password under a key made at start (never the
 * password) and the stored hash it was checked against: a changed password, a
 * disabled account or five minutes end it. Bounded; safe to share between threads. */
#ifndef FK_CREDCACHE_H
#define FK_CREDCACHE_H

#include <stdbool.h>
#include <time.h>

typedef struct fk_credcache fk_credcache;

fk_credcache *fk_credcache_new(void);
void fk_credcache_free(fk_credcache *c);
/* Remembers that password was right for account, whose stored hash is hash. */
void fk_credcache_put(fk_credcache *c, const char *account, const char *password, const char *hash,
                      time_t now);
/* True when password was right for account within the lifetime and the account's
 * stored hash is still current_hash. */
bool fk_credcache_check(fk_credcache *c, const char *account, const char *password,
                        const char *current_hash, time_t now);

#endif
