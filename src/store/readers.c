#include "readers.h"

#include "../model/audience.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* Parsing an audience per row would dominate a listing: rows of one collection share
 * one audience, and one query asks for one reader. So the last text seen for each
 * argument is kept parsed, per connection (a connection is used by one thread). */
typedef struct {
    char *text;
    size_t n;
    json_t *json;
} parsed;

typedef struct {
    parsed audience, groups, release;
} readers_cache;

static json_t *parse_cached(parsed *p, sqlite3_value *v)
{
    const char *text = (const char *)sqlite3_value_text(v);
    size_t n = (size_t)sqlite3_value_bytes(v);
    if (!text)
        return NULL;
    if (p->json && p->n == n && !memcmp(p->text, text, n))
        return p->json;
    char *copy = malloc(n + 1);
    json_t *json = json_loadb(text, n, 0, NULL);
    if (!copy || !json) {
        free(copy);
        json_decref(json);
        return NULL;
    }
    memcpy(copy, text, n + 1);
    free(p->text);
    json_decref(p->json);
    *p = (parsed){copy, n, json};
    return json;
}

static void may_read(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    readers_cache *c = sqlite3_user_data(ctx);
    json_t *aud = parse_cached(&c->audience, argv[0]);
    json_t *groups = parse_cached(&c->groups, argv[3]);
    const char *names[64];
    size_t n = 0, i;
    json_t *g;
    json_array_foreach(groups, i, g)
    {
        if (json_is_string(g) && n < sizeof names / sizeof names[0])
            names[n++] = json_string_value(g);
    }
    fk_reader r = {sqlite3_value_int(argv[1]) != 0, (const char *)sqlite3_value_text(argv[2]),
                   names, n};
    sqlite3_result_int(ctx, fk_audience_admits(aud, &r));
}

static void reaches(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    readers_cache *c = sqlite3_user_data(ctx);
    json_t *rel = parse_cached(&c->release, argv[0]);
    json_t *col = parse_cached(&c->audience, argv[1]);
    sqlite3_result_int(ctx, rel && col && fk_audience_reaches(rel, col));
}

static void release_cache(void *p)
{
    readers_cache *c = p;
    parsed *all[] = {&c->audience, &c->groups, &c->release};
    for (size_t i = 0; i < 3; i++) {
        free(all[i]->text);
        json_decref(all[i]->json);
    }
    free(c);
}

int fk_readers_register(sqlite3 *h)
{
    readers_cache *c = calloc(1, sizeof *c);
    if (!c)
        return SQLITE_NOMEM;
    /* the cache is shared by both functions and freed with the first one's destructor,
     * which SQLite calls when the connection closes */
    int rc = sqlite3_create_function_v2(h, "fk_may_read", 4, SQLITE_UTF8 | SQLITE_DETERMINISTIC, c,
                                        may_read, NULL, NULL, release_cache);
    if (rc != SQLITE_OK)
        return rc; /* SQLite has called release_cache already */
    return sqlite3_create_function_v2(h, "fk_reaches", 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC, c,
                                      reaches, NULL, NULL, NULL);
}
