#include "credcache.h"

#include "../core/hash.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SLOTS    1024 /* a power of two */
#define LIFETIME 300  /* seconds */

typedef struct {
    char account[128];
    unsigned char mac[32];
    char hash[192];
    time_t expires;
} entry;

struct fk_credcache {
    pthread_mutex_t mu;
    unsigned char key[32];
    uint64_t seed;
    entry e[SLOTS];
};

fk_credcache *fk_credcache_new(void)
{
    fk_credcache *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    if (RAND_bytes(c->key, sizeof c->key) != 1 ||
        RAND_bytes((unsigned char *)&c->seed, sizeof c->seed) != 1) {
        free(c);
        return NULL;
    }
    pthread_mutex_init(&c->mu, NULL);
    return c;
}

void fk_credcache_free(fk_credcache *c)
{
    if (!c)
        return;
    OPENSSL_cleanse(c, sizeof *c);
    free(c);
}

static bool mac_of(const fk_credcache *c, const char *account, const char *password,
                   unsigned char out[32])
{
    size_t al = strlen(account), pl = strlen(password);
    unsigned char *msg = malloc(al + pl + 1);
    if (!msg)
        return false;
    memcpy(msg, account, al);
    msg[al] = 0; /* "ab" + "c" and "a" + "bc" differ */
    memcpy(msg + al + 1, password, pl);
    unsigned int len = 0;
    bool ok = HMAC(EVP_sha256(), c->key, sizeof c->key, msg, al + pl + 1, out, &len) && len == 32;
    OPENSSL_cleanse(msg, al + pl + 1);
    free(msg);
    return ok;
}

static entry *slot_of(fk_credcache *c, const char *account)
{
    return &c->e[fk_hash64(account, strlen(account), c->seed) & (SLOTS - 1)];
}

void fk_credcache_put(fk_credcache *c, const char *account, const char *password, const char *hash,
                      time_t now)
{
    unsigned char mac[32];
    if (strlen(account) >= sizeof c->e[0].account || strlen(hash) >= sizeof c->e[0].hash ||
        !mac_of(c, account, password, mac))
        return;
    pthread_mutex_lock(&c->mu);
    entry *e = slot_of(c, account);
    snprintf(e->account, sizeof e->account, "%s", account);
    memcpy(e->mac, mac, sizeof mac);
    snprintf(e->hash, sizeof e->hash, "%s", hash);
    e->expires = now + LIFETIME;
    pthread_mutex_unlock(&c->mu);
}

bool fk_credcache_check(fk_credcache *c, const char *account, const char *password,
                        const char *current_hash, time_t now)
{
    unsigned char mac[32];
    if (!current_hash || !mac_of(c, account, password, mac))
        return false;
    pthread_mutex_lock(&c->mu);
    entry *e = slot_of(c, account);
    bool ok = e->expires > now && !strcmp(e->account, account) && !strcmp(e->hash, current_hash) &&
              CRYPTO_memcmp(e->mac, mac, 32) == 0;
    pthread_mutex_unlock(&c->mu);
    return ok;
}
