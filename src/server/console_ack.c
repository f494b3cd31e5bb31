/* The console's drill answer pages (see console_ack.h). */
#include "console_ack.h"

#include "../hub/contacts.h"
#include "console_page.h"
#include "html.h"

#include <string.h>
#include <time.h>

static bool token_shape(const char *t)
{
    return strlen(t) == 64 && strspn(t, "0123456789abcdef") == 64;
}

void fk_console_ack_page(fk_request *req, fk_response *res)
{
    const char *token = req->params[0];
    if (!token_shape(token))
        return fk_console_fail(req, res, 404, "no such check");
    fk_html h = {.lang = fk_console_lang(req)};
    fk_console_page_open(&h, req, "ack.title");
    fk_html_raw(&h, "<form method=\"post\" class=\"stacked\" action=\"/ack/");
    fk_html_text(&h, token);
    fk_html_raw(&h, "\"><p>");
    fk_html_msg(&h, "ack.ask", NULL);
    fk_html_raw(&h, "</p><button>");
    fk_html_msg(&h, "ack.confirm", NULL);
    fk_html_raw(&h, "</button></form>");
    fk_console_page_close(&h, res, 200);
}

void fk_console_ack(fk_request *req, fk_response *res)
{
    const char *token = req->params[0];
    if (!token_shape(token))
        return fk_console_fail(req, res, 404, "no such check");
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    fk_err err;
    int rc = fk_hub_drill_ack(req->db, token, "email",
                              (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000, &err);
    if (rc < 0)
        return fk_console_storage_fail(req, res, &err);
    if (rc == 1)
        return fk_console_fail(req, res, 404, "no such check");
    fk_html h = {.lang = fk_console_lang(req)};
    fk_console_page_open(&h, req, "ack.title");
    fk_html_raw(&h, "<p class=\"ok\">");
    fk_html_msg(&h, rc == 0 ? "ack.thanks" : "ack.before", NULL);
    fk_html_raw(&h, "</p>");
    fk_console_page_close(&h, res, 200);
}
