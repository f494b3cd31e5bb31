/* The console's page frame (head, navigation by the role table, who is signed in, the
 * language switch and sign-out), and what every page uses: its language, redirects, the
 * CSRF field of its forms, labelled rows and options. Owns nothing beyond a call. */
#ifndef FK_CONSOLE_PAGE_H
#define FK_CONSOLE_PAGE_H

#include "html.h"
#include "request.h"

#include <jansson.h>

/* The language of this request: the session's, else ?lang=, else the browser's. */
const char *fk_console_lang(const fk_request *req);
/* A 303 to a path of this hub. */
void fk_console_redirect(fk_response *res, const char *to);
/* The hidden field with the session's CSRF token (every form that changes something). */
void fk_console_csrf_field(fk_html *h, const fk_request *req);
/* The page's head, header and title (a catalogue key). */
void fk_console_page_open(fk_html *h, const fk_request *req, const char *title_key);
/* Ends the page and hands it to the response (a 500 when memory ran out building it). */
void fk_console_page_close(fk_html *h, fk_response *res, unsigned status);
/* A member's text, or "" when absent. */
const char *fk_console_str(json_t *o, const char *key);
/* An <option>, selected when value is chosen. */
void fk_console_option(fk_html *h, const char *value, const char *label_key, const char *chosen);
/* A <dt>label</dt><dd>value</dd> row, left out when value is empty. */
void fk_console_field_row(fk_html *h, const char *label_key, const char *value);

/* An error page: status with what went wrong, or a storage failure (its words to the
 * log only). */
void fk_console_fail(fk_request *req, fk_response *res, unsigned status, const char *what);
void fk_console_storage_fail(fk_request *req, fk_response *res, const fk_err *err);
/* A time typed in an <input type="datetime-local"> ("2026-12-01T18:30"), in the reader's
 * zone, as milliseconds since the epoch; -1 with err (FK_ERR_INVALID naming field). */
int fk_console_local_time(const fk_request *req, const char *local, const char *field, int64_t *ms,
                          fk_err *err);
/* A use case's refusal as a page: invalid 400, denied 403, conflict 409, else storage. */
void fk_console_refused(fk_request *req, fk_response *res, const fk_err *err);
/* After a change through a use case that answers 1 for "no such thing for this caller":
 * 404 saying missing, the refusal, or (0) back to the page `to`. */
void fk_console_done(fk_request *req, fk_response *res, int rc, const fk_err *err,
                     const char *missing, const char *to);
/* The ?after= of a list page when it is a key this hub gives (digits), else NULL. */
const char *fk_console_after(const fk_request *req);
/* A table's opening and header row: each key a catalogue key, or "#" as it is; NULL
 * keys are left out (a column the caller may not see). */
void fk_console_table_head(fk_html *h, const char *css_class, const char *const *keys, size_t n);
/* The message of key when a list is empty. */
void fk_console_empty(fk_html *h, size_t n, const char *key);
/* The link to the next page: path?after=last. */
void fk_console_pager(fk_html *h, const char *path, int64_t last, const char *key,
                      const char *const (*keep)[2], size_t nkeep);
/* A report type's name in the page's language (the code when unknown). */
const char *fk_console_type_name(const fk_html *h, const char *code);

/* Alert listings search the newest this many alerts at a time, so that a rare filter
 * never reads the whole table for one page. */
#define FK_CONSOLE_SEARCH_WINDOW 50000
/* A table of alerts (a listing's or the overview's), each linking to its page. */
void fk_console_alert_rows(fk_html *h, const fk_request *req, json_t *list);

/* The number in the path (/console/reports/{id}): true with *id, or false having
 * answered 404. */
bool fk_console_id(fk_request *req, fk_response *res, int64_t *id);

/* A select named "severity" of the hub's scale's levels (with their names in the page's
 * language); none_key: a first option meaning "not set" (NULL: none). */
void fk_console_severity_select(fk_html *h, const fk_request *req, const char *none_key);

#endif
