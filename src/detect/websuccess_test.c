#include "websuccess.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

typedef struct {
    int n;
    char value[4][512];
    char family[4][32];
    uint64_t line[4];
} sink;

static int on_alert(void *ctx, const fk_alert *a)
{
    sink *s = ctx;
    if (s->n < 4) {
        snprintf(s->value[s->n], 512, "%.*s", (int)a->value.n, a->value.p);
        snprintf(s->family[s->n], 32, "%s", a->family ? a->family : "");
        s->line[s->n] = a->line;
    }
    s->n++;
    return 0;
}

static void web(fk_event *ev, const char *path, int status, int64_t bytes, uint64_t line)
{
    fk_event_clear(ev);
    ev->kind = FK_KIND_WEB;
    ev->path = (fk_str){path, strlen(path)};
    ev->host = FK_STR("www.example.jp");
    ev->status = status;
    ev->bytes = bytes;
    ev->file = "access.log";
    ev->line = line;
    fk_ip_parse("203.0.113.9", 11, &ev->src_ip);
}

static void clean_answers(fk_websuccess *w, const char *path, int n, int64_t base)
{
    fk_event ev;
    for (int i = 0; i < n; i++) {
        web(&ev, path, 200, base + (i % 7) * 13, 100 + (uint64_t)i);
        cr_assert_eq(fk_websuccess_event(w, &ev, NULL, NULL, (fk_str){0}), 0);
    }
}

static int attack(fk_websuccess *w, const char *path, int status, int64_t bytes, uint64_t line)
{
    fk_event ev;
    web(&ev, path, status, bytes, line);
    return fk_websuccess_event(w, &ev, "sqli-union-select", "sqli", FK_STR("id=1 union select"));
}

Test(websuccess, large_answer_after_attack_is_flagged_even_before_the_baseline)
{
    sink s = {0};
    fk_websuccess *w = fk_websuccess_new(NULL, on_alert, &s);
    cr_assert_eq(attack(w, "/item.php", 200, 48211, 1), 0);
    clean_answers(w, "/item.php", 20, 1200);
    cr_assert_eq(fk_websuccess_flush(w), 0);
    cr_assert_eq(s.n, 1);
    cr_assert_eq(s.line[0], 1);
    cr_assert_str_eq(s.family[0], "sqli");
    cr_assert(strstr(s.value[0], "48211 bytes") && strstr(s.value[0], "20 clean answers") &&
                  strstr(s.value[0], "sqli-union-select"),
              "%s", s.value[0]);
    fk_websuccess_free(w);
}

Test(websuccess, usual_size_error_status_or_unknown_url_is_not_flagged)
{
    sink s = {0};
    fk_websuccess *w = fk_websuccess_new(NULL, on_alert, &s);
    clean_answers(w, "/item.php", 20, 1200);
    clean_answers(w, "/few.php", 3, 1200);
    cr_assert_eq(attack(w, "/item.php", 200, 1250, 2), 0);   /* usual size */
    cr_assert_eq(attack(w, "/item.php", 404, 48211, 3), 0);  /* refused */
    cr_assert_eq(attack(w, "/other.php", 200, 48211, 4), 0); /* no baseline */
    cr_assert_eq(attack(w, "/few.php", 200, 48211, 5), 0);   /* too few clean answers */
    cr_assert_eq(fk_websuccess_flush(w), 0);
    cr_assert_eq(s.n, 0);
    fk_websuccess_free(w);
}

Test(websuccess, constant_page_needs_real_difference)
{
    sink s = {0};
    fk_websuccess *w = fk_websuccess_new(NULL, on_alert, &s);
    fk_event ev;
    for (int i = 0; i < 10; i++) {
        web(&ev, "/static.php", 200, 5000, (uint64_t)i);
        fk_websuccess_event(w, &ev, NULL, NULL, (fk_str){0});
    }
    cr_assert_eq(attack(w, "/static.php", 200, 5100, 20), 0); /* 2%: page noise */
    cr_assert_eq(attack(w, "/static.php", 200, 9000, 21), 0); /* clearly different */
    cr_assert_eq(attack(w, "/static.php", 200, 0, 22), 0);    /* emptied page */
    cr_assert_eq(fk_websuccess_flush(w), 0);
    cr_assert_eq(s.n, 2);
    cr_assert_eq(s.line[0], 21);
    cr_assert_eq(s.line[1], 22);
    fk_websuccess_free(w);
}

Test(websuccess, pending_limit_counts_what_was_not_kept)
{
    sink s = {0};
    fk_websuccess_limits lim;
    fk_websuccess_default_limits(&lim);
    lim.max_pending = 2;
    fk_websuccess *w = fk_websuccess_new(&lim, on_alert, &s);
    for (int i = 0; i < 5; i++)
        cr_assert_eq(attack(w, "/item.php", 200, 48211, (uint64_t)i), 0);
    clean_answers(w, "/item.php", 10, 1200);
    cr_assert_eq(fk_websuccess_flush(w), 0);
    cr_assert_eq(s.n, 2);
    cr_assert_eq(fk_websuccess_dropped(w), 3);
    fk_websuccess_free(w);
}
