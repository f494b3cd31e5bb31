/* Failed sign-ins counted per key (an account name, a client address) in a fixed
 * window: past the limit, password sign-ins for that key are refused without checking
 * the password until the window ends. A bounded table (old entries are evicted), safe
 * to share between threads. API keys are never limited: a locked account's keys work. */
#ifndef FK_LIMITER_H
#define FK_LIMITER_H

#include <stdbool.h>
#include <time.h>

typedef struct fk_limiter fk_limiter;

/* limit failures within window seconds. */
fk_limiter *fk_limiter_new(unsigned limit, unsigned window);
void fk_limiter_free(fk_limiter *l);
/* Seconds until key may try again; 0 when it may now. */
unsigned fk_limiter_wait(fk_limiter *l, const char *key, time_t now);
void fk_limiter_fail(fk_limiter *l, const char *key, time_t now);
void fk_limiter_clear(fk_limiter *l, const char *key);
/* Whether key was counted at least once in the current window (a table of recent
 * events rather than failures: the pairs of address and account that signed in). */
bool fk_limiter_seen(fk_limiter *l, const char *key, time_t now);

#endif
