/* A logged request body and Cookie header as web detection reads them: a form as it is;
 * a JSON, XML or multipart document rewritten as name=value&... parameters, so that the
 * readers and signatures judge each value by itself; anything else as one value. Owns
 * the buffers the rewritten text lives in, valid until the next call. */
#ifndef FK_WEBBODY_H
#define FK_WEBBODY_H

#include "../core/str.h"

#include <stdbool.h>
#include <stddef.h>

/* At most this much of a body is read: loggers cut bodies far shorter (nginx's
 * $request_body stops at its buffer, ModSecurity at SecRequestBodyLimit's 128 KiB
 * default), and more than that is an upload, not a form. */
#define FK_WEBBODY_READ_MAX (256u << 10)

/* The parameter an uploaded file's text is written under: a document someone wrote
 * and the application keeps, read as free text (fk_webstruct_param_field). */
#define FK_WEBBODY_FILE_TEXT "file-text"

typedef enum fk_webbody_shape {
    FK_WEBBODY_FORM, /* name=value&...: read parameter by parameter */
    FK_WEBBODY_RAW,  /* one value: text, a serialized object, markup that did not parse */
} fk_webbody_shape;

typedef struct fk_webbody_view {
    fk_str text;
    fk_webbody_shape shape;
    /* when text was rewritten from a JSON, XML or multipart document: the body as sent
     * (document), and whether it was XML, whose document itself is still read for what
     * only its structure carries, external entities */
    fk_str document;
    bool xml;
    /* the file name of an uploaded part that a web server would run as a script
     * (shell.php, x.php.jpg, .htaccess); empty when there is none */
    fk_str script_upload;
} fk_webbody_view;

typedef struct fk_webbody fk_webbody;

fk_webbody *fk_webbody_new(void);
void fk_webbody_free(fk_webbody *b);

/* Reads a body as logged (percent-encoding of a form kept). 0, or -1 when memory ran
 * out. A document that does not parse (cut short by the logger, or no document) is
 * read as one value. */
int fk_webbody_read(fk_webbody *b, const char *body, size_t n, fk_webbody_view *out);

/* A Cookie header's pairs ("a=1; b=2") as parameters ("a=1&b=2"). 0, or -1. */
int fk_webbody_cookies(fk_webbody *b, const char *cookie, size_t n, fk_str *out);

/* Whether a parameter's or cookie's name marks a secret: a password, a token, a key, a
 * session id. Their values are read like any other but never shown in an alert. */
bool fk_webbody_secret_name(const char *name, size_t n);

/* Copies parameters (name=value&...) to out (cap bytes, NUL-terminated, cut to fit) with
 * the values of secret names replaced by "(withheld)"; returns the length written. Each
 * name and pair is shown decoded by the fk_normalise steps given (0: as it is), but split
 * where the text was sent: decoding first would turn an '&' inside a password (%26) into
 * a separator and show the rest of the password as a parameter of its own. */
size_t fk_webbody_withhold(const char *text, size_t n, unsigned steps, char *out, size_t cap);

#endif
