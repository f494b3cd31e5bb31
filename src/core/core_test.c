#include "arena.h"
#include "netaddr.h"
#include "sbuf.h"
#include "strmap.h"
#include "utf8.h"

#include <criterion/criterion.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

Test(netaddr, parses_and_formats)
{
    fk_ip ip;
    char buf[FK_IP_STRLEN];
    cr_assert(fk_ip_parse("192.0.2.255", 11, &ip));
    cr_assert_str_eq(fk_ip_format(&ip, buf), "192.0.2.255");
    cr_assert(fk_ip_parse("[2001:db8::1]", 13, &ip));
    cr_assert_eq(ip.family, 6);
    cr_assert(fk_ip_parse("fe80::1%eth0", 12, &ip));
    cr_assert(fk_ip_parse("::ffff:10.1.2.3", 15, &ip));
    cr_assert_eq(ip.family, 4);
    const char *bad[] = {"256.1.1.1", "1.2.3", "01.2.3.4", "1.2.3.4.5",
                         "abc",       "",      "1.2.3.4 ", "::g"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        cr_assert_not(fk_ip_parse(bad[i], strlen(bad[i]), &ip), "%s", bad[i]);
}

Test(netaddr, cidr_masks_host_bits)
{
    fk_ip ip;
    int p;
    char buf[FK_IP_STRLEN];
    cr_assert(fk_cidr_parse("10.1.2.3/8", 10, &ip, &p));
    cr_assert_eq(p, 8);
    cr_assert_str_eq(fk_ip_format(&ip, buf), "10.0.0.0");
    cr_assert(fk_cidr_parse("2001:db8:ffff::/33", 18, &ip, &p));
    cr_assert_str_eq(fk_ip_format(&ip, buf), "2001:db8:8000::");
    cr_assert_not(fk_cidr_parse("10.0.0.0/", 9, &ip, &p));
    cr_assert_not(fk_cidr_parse("10.0.0.0/x", 10, &ip, &p));
}

/* A growable array doubles when full, keeps what it held, and refuses a size that
 * would overflow without losing the array. */
Test(arena, growable_arrays_double_and_refuse_an_overflow)
{
    int *v = NULL;
    size_t cap = 0, n = 0;
    for (int i = 0; i < 100; i++) {
        int *grown = fk_grow(v, &cap, n, 4, sizeof *v);
        cr_assert_not_null(grown);
        v = grown;
        v[n++] = i;
    }
    cr_assert_eq(cap, 128, "4, 8, ..., 128");
    for (int i = 0; i < 100; i++)
        cr_assert_eq(v[i], i);
    cr_assert_eq(fk_grow(v, &cap, 50, 4, sizeof *v), v, "room left: the same array");
    size_t huge = SIZE_MAX / 2 + 1;
    cr_assert_null(fk_grow(v, &huge, huge, 4, 2));
    cr_assert_eq(huge, SIZE_MAX / 2 + 1, "the capacity unchanged");
    free(v);
}

Test(arena, large_and_small_allocations_and_reset)
{
    fk_arena a;
    fk_arena_init(&a, 128);
    char *s = fk_arena_strndup(&a, "hello", 5);
    cr_assert_str_eq(s, "hello");
    void *big = fk_arena_alloc(&a, 10000);
    cr_assert_not_null(big);
    memset(big, 1, 10000);
    char *t = fk_arena_strndup(&a, "again", 5);
    cr_assert_str_eq(t, "again");
    cr_assert_str_eq(s, "hello", "earlier allocations stay intact");
    fk_arena_reset(&a);
    cr_assert_not_null(fk_arena_alloc(&a, 64));
    fk_arena_free(&a);
}

Test(strmap, upsert_get_and_grow)
{
    fk_strmap m;
    fk_strmap_init(&m);
    char key[32];
    for (int i = 0; i < 1000; i++) {
        int n = snprintf(key, sizeof key, "k%d", i);
        fk_strmap_slot *s;
        cr_assert_eq(fk_strmap_upsert(&m, key, (size_t)n, &s), 0);
        s->value = (void *)(uintptr_t)(i + 1);
    }
    cr_assert_eq(m.count, 1000);
    fk_strmap_slot *s = fk_strmap_get(&m, "k777", 4);
    cr_assert_not_null(s);
    cr_assert_eq((uintptr_t)s->value, 778);
    cr_assert_null(fk_strmap_get(&m, "k1000", 5));
    fk_strmap_free(&m);
}

/* Keys are copied whole (bytes past a NUL too, a NUL after each), stay where they are
 * while the map and its key chunks grow, and a zeroed map works as an initialised one. */
Test(strmap, keys_of_any_bytes_stay_put_as_the_map_grows)
{
    fk_strmap m = {0};
    const char *first = NULL;
    for (int i = 0; i < 20000; i++) {
        char key[300];
        size_t n = (size_t)(i % 280) + 9;
        memset(key, 'a' + i % 26, n);
        memcpy(key, &i, sizeof i); /* its number's bytes, NULs among them */
        fk_strmap_slot *s;
        cr_assert_eq(fk_strmap_upsert(&m, key, n, &s), 0);
        cr_assert_null(s->value);
        s->value = (void *)(uintptr_t)(i + 1);
        if (i == 0)
            first = s->key;
    }
    cr_assert_eq(m.count, 20000);
    for (int i = 0; i < 20000; i += 7) {
        char key[300];
        size_t n = (size_t)(i % 280) + 9;
        memset(key, 'a' + i % 26, n);
        memcpy(key, &i, sizeof i);
        fk_strmap_slot *s = fk_strmap_get(&m, key, n);
        cr_assert_not_null(s, "key %d", i);
        cr_assert_eq((uintptr_t)s->value, (uintptr_t)i + 1);
        cr_assert_eq(s->keylen, n);
        cr_assert_eq(memcmp(s->key, key, n), 0);
        cr_assert_eq(s->key[n], '\0');
        if (i == 0)
            cr_assert_eq(s->key, first, "the first key moved");
    }
    fk_strmap_free(&m);
    cr_assert_eq(m.count, 0);
}
Test(strpack, copies_cut_and_missing_parts_into_one_block)
{
    char src[] = "abcdef";
    const char *parts[] = {src, NULL, "xyz", ""};
    size_t lens[] = {3, 0, 3, 0};
    const char *copies[4];
    char *block = fk_strpack(4, parts, lens, copies);
    cr_assert_not_null(block);
    src[0] = 'Z'; /* the copies do not depend on the source any more */
    cr_assert_str_eq(copies[0], "abc");
    cr_assert_str_eq(copies[1], "");
    cr_assert_str_eq(copies[2], "xyz");
    cr_assert_str_eq(copies[3], "");
    cr_assert_eq(copies[0], block);
    free(block);
}

Test(utf8, valid_text_is_left_alone_and_bad_bytes_become_replacement_characters)
{
    size_t n = 0;
    bool failed = false;
    static const char ok_text[] = "caf\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\xa6\x89";
    cr_assert_null(fk_utf8_repair(ok_text, sizeof ok_text - 1, false, &n, &failed));
    cr_assert_not(failed);
    /* Latin-1, an overlong slash, a surrogate, a cut sequence, a NUL */
    static const char bad[] = "\xe9t\xe9 \xc0\xaf \xed\xa0\x80 \xe6\x97\0z";
    char *r = fk_utf8_repair(bad, sizeof bad - 1, false, &n, &failed);
    cr_assert_not_null(r);
    static const char want[] = "\xef\xbf\xbdt\xef\xbf\xbd \xef\xbf\xbd\xef\xbf\xbd "
                               "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd \xef\xbf\xbd"
                               "\xef\xbf\xbd\xef\xbf\xbdz";
    cr_assert_eq(n, sizeof want - 1);
    cr_assert_eq(memcmp(r, want, n), 0);
    free(r);
    /* keep_nul: a NUL stays (JSON escapes it) */
    static const char nul[] = "a\0b";
    cr_assert_null(fk_utf8_repair(nul, 3, true, &n, &failed));
    cr_assert_eq(fk_utf8_seq((const unsigned char *)"\xf4\x90\x80\x80", 4), 0, "past U+10FFFF");
    cr_assert_eq(fk_utf8_seq((const unsigned char *)"\xf4\x8f\xbf\xbf", 4), 4);
}
