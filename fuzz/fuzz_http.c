/* libFuzzer target: what the hub parses from a peer before the database is involved:
 * HTTP Basic credentials and the matching of request paths against the route table. */
#include "../src/server/api.h"
#include "../src/server/http.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (!s)
        return 0;
    memcpy(s, data, size);
    s[size] = '\0';
    char user[256], secret[560];
    if (fk_http_basic_decode(s, user, sizeof user, secret, sizeof secret) == 0 &&
        (strlen(user) >= sizeof user || strlen(secret) >= sizeof secret))
        __builtin_trap();
    char captured[4][128];
    int ncap;
    for (const fk_route *r = fk_api_routes(); r->method; r++)
        if (fk_http_route_match(r->pattern, s, captured, &ncap) && (ncap < 0 || ncap > 4))
            __builtin_trap();
    free(s);
    return 0;
}
