#include "hash.h"

#include <string.h>

/* A multiply-xorshift hash over 8-byte words, in the spirit of wyhash/rapidhash:
 * indicator keys are short (4 to 64 bytes), so a word-at-a-time loop with a strong
 * final mix is both fast and well distributed. */
static inline uint64_t mix(uint64_t a, uint64_t b)
{
    __uint128_t r = (__uint128_t)a * b;
    return (uint64_t)r ^ (uint64_t)(r >> 64);
}

uint64_t fk_hash64(const void *data, size_t n, uint64_t seed)
{
    const unsigned char *p = data;
    const uint64_t k0 = 0xa0761d6478bd642fULL, k1 = 0xe7037ed1a0b428dbULL;
    uint64_t h = seed ^ mix(seed ^ k0, (uint64_t)n ^ k1);
    while (n >= 8) {
        uint64_t w;
        memcpy(&w, p, 8);
        h = mix(h ^ w, k1);
        p += 8;
        n -= 8;
    }
    if (n) {
        uint64_t w = 0;
        memcpy(&w, p, n);
        h = mix(h ^ w ^ ((uint64_t)n << 56), k0);
    }
    return mix(h, k0 ^ k1);
}

uint32_t fk_hash_nocase(const char *text, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)text[i];
        h = (h ^ (ch >= 'A' && ch <= 'Z' ? ch | 0x20u : ch)) * 16777619u;
    }
    return h;
}
