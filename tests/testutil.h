/* Helpers shared by the unit tests: decode one line with a given format and compare
 * string slices. Test-only; not part of the library. */
#ifndef FK_TESTUTIL_H
#define FK_TESTUTIL_H

#include "../src/decode/decoder.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

/* Decodes line with a fresh decoder; the event's slices stay valid while `arena` and
 * `line` live. */
static inline fk_dec_status fk_test_decode(fk_format fmt, const char *logformat, const char *line,
                                           fk_event *ev, fk_arena *arena, const char **why)
{
    fk_err err;
    fk_decoder *d = fk_decoder_new(fmt, logformat, 2024, &err);
    cr_assert_not_null(d, "decoder: %s", err.msg);
    fk_event_clear(ev);
    ev->line = 1;
    *why = NULL;
    fk_dec_status st = fk_decoder_decode(d, line, strlen(line), ev, arena, why);
    fk_decoder_free(d);
    return st;
}

#define cr_assert_slice(s, lit)                                                                 \
    cr_assert(fk_str_eq((s), (lit)), "expected \"%s\", got \"%.*s\"", (lit), (int)(s).n,        \
              (s).p ? (s).p : "")

static inline const char *fk_test_ip(const fk_ip *ip, char buf[FK_IP_STRLEN])
{
    return fk_ip_format(ip, buf);
}

#endif
