#include "api.h"
#include "http.h"

#include <criterion/criterion.h>
#include <jansson.h>
#include <string.h>
#include <strings.h>

/* "/taxii2/{api_root}/collections/" -> "/taxii2/{}/collections" (the router's form) */
static void normalise(const char *path, char *out, size_t cap)
{
    size_t k = 0;
    for (const char *p = path; *p && k + 3 < cap; p++) {
        if (*p == '{') {
            out[k++] = '{';
            out[k++] = '}';
            p = strchr(p, '}');
            if (!p)
                break;
        } else {
            out[k++] = *p;
        }
    }
    if (k > 1 && out[k - 1] == '/')
        k--;
    out[k] = '\0';
}

static json_t *openapi(void)
{
    json_error_t je;
    json_t *doc = json_loadb(fk_openapi_json, fk_openapi_json_len, 0, &je);
    cr_assert_not_null(doc, "openapi.json: line %d: %s", je.line, je.text);
    return doc;
}

static bool documented(json_t *paths, const char *method, const char *pattern)
{
    const char *path;
    json_t *ops;
    char lower[16];
    size_t i;
    for (i = 0; method[i] && i < sizeof lower - 1; i++)
        lower[i] = (char)(method[i] | 0x20);
    lower[i] = '\0';
    json_object_foreach(paths, path, ops)
    {
        char norm[256];
        normalise(path, norm, sizeof norm);
        if (!strcmp(norm, pattern) && json_object_get(ops, lower))
            return true;
    }
    return false;
}

Test(openapi, every_route_is_documented)
{
    json_t *doc = openapi();
    cr_assert_str_eq(json_string_value(json_object_get(doc, "openapi")), "3.0.3");
    json_t *paths = json_object_get(doc, "paths");
    int n = 0;
    for (const fk_route *r = fk_api_routes(); r->method; r++, n++)
        cr_assert(documented(paths, r->method, r->pattern), "%s %s is not in openapi.json",
                  r->method, r->pattern);
    cr_assert_gt(n, 30);
    json_decref(doc);
}

Test(openapi, every_documented_operation_is_routed)
{
    json_t *doc = openapi();
    const char *path;
    json_t *ops;
    json_object_foreach(json_object_get(doc, "paths"), path, ops)
    {
        char norm[256];
        normalise(path, norm, sizeof norm);
        const char *method;
        json_t *op;
        json_object_foreach(ops, method, op)
        {
            bool routed = false;
            for (const fk_route *r = fk_api_routes(); r->method && !routed; r++)
                routed = !strcasecmp(r->method, method) && !strcmp(r->pattern, norm);
            cr_assert(routed, "openapi.json documents %s %s, which the server does not route",
                      method, path);
            cr_assert_not_null(json_object_get(op, "responses"), "%s %s has no responses", method,
                               path);
        }
    }
    json_decref(doc);
}

Test(http, basic_credentials_and_route_matching)
{
    char user[256], secret[560];
    cr_assert_eq(fk_http_basic_decode("YWxpY2U6czNjcjN0OndpdGg6Y29sb25z", user, sizeof user, secret,
                                      sizeof secret),
                 0);
    cr_assert_str_eq(user, "alice");
    cr_assert_str_eq(secret, "s3cr3t:with:colons");
    cr_assert_eq(fk_http_basic_decode("bm9jb2xvbg==", user, sizeof user, secret, sizeof secret), -1,
                 "no colon");
    cr_assert_eq(fk_http_basic_decode("!!!!", user, sizeof user, secret, sizeof secret), -1);
    cr_assert_eq(fk_http_basic_decode("", user, sizeof user, secret, sizeof secret), -1);
    char cap[4][128];
    int n;
    cr_assert(fk_http_route_match("/taxii2/{}/collections/{}/objects",
                                  "/taxii2/r/collections/c1/objects/", cap, &n));
    cr_assert_eq(n, 2);
    cr_assert_str_eq(cap[1], "c1");
    cr_assert_not(fk_http_route_match("/taxii2/{}/collections", "/taxii2//collections", cap, &n),
                  "empty segment");
    cr_assert_not(fk_http_route_match("/api/v1/me", "/api/v1/mex", cap, &n));
}
