/* Helpers shared by the unit tests: decode one line with a given format and compare
 * string slices. Test-only; not part of the library. */
#ifndef FK_TESTUTIL_H
#define FK_TESTUTIL_H

#include "../src/decode/decoder.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

/* Decodes line with a fresh decoder. The event's slices (and *why) may point into the
 * decoder, the arena or the line: the decoder is kept until the next call, so they stay
 * valid for the assertions that follow. */
static fk_decoder *fk_test_last_decoder;

static inline fk_dec_status fk_test_decode(fk_format fmt, const char *logformat, const char *line,
                                           fk_event *ev, fk_arena *arena, const char **why)
{
    fk_err err;
    fk_decoder_free(fk_test_last_decoder);
    fk_decoder *d = fk_test_last_decoder = fk_decoder_new(fmt, logformat, 2024, &err);
    cr_assert_not_null(d, "decoder: %s", err.msg);
    fk_event_clear(ev);
    ev->line = 1;
    *why = NULL;
    return fk_decoder_decode(d, line, strlen(line), ev, arena, why);
}

static inline void fk_test_decode_cleanup(void)
{
    fk_decoder_free(fk_test_last_decoder);
    fk_test_last_decoder = NULL;
}

#define cr_assert_slice(s, lit)                                                                    \
    cr_assert(fk_str_eq((s), (lit)), "expected \"%s\", got \"%.*s\"", (lit), (int)(s).n,           \
              (s).p ? (s).p : "")

/* A per-test arena for the decoder suites: TestSuite(x, .init = fk_test_setup,
 * .fini = fk_test_teardown). */
static fk_arena arena __attribute__((unused));

static inline void fk_test_setup(void)
{
    fk_arena_init(&arena, 4096);
}

static inline void fk_test_teardown(void)
{
    fk_test_decode_cleanup();
    fk_arena_free(&arena);
}

/* An extra field's value as text (NULL when the event has none); valid until the next
 * call. */
static inline const char *fk_test_extra(const fk_event *ev, const char *name)
{
    static char out[256];
    char buf[64];
    fk_str v;
    if (!fk_event_value(ev, FK_F_EXTRA, name, buf, &v))
        return NULL;
    snprintf(out, sizeof out, "%.*s", (int)v.n, v.p);
    return out;
}

static inline const char *fk_test_ip(const fk_ip *ip, char buf[FK_IP_STRLEN])
{
    return fk_ip_format(ip, buf);
}

#endif
