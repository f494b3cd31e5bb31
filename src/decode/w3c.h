/* IIS W3C extended logs: columns are declared by "#Fields:" header lines, which may
 * change within a file. Owns the current column list. */
#ifndef FK_W3C_H
#define FK_W3C_H

#include "decoder.h"

typedef struct fk_w3c fk_w3c;

fk_w3c *fk_w3c_new(void);
fk_dec_status fk_w3c_decode(fk_w3c *w, const char *line, size_t n, fk_event *ev, fk_arena *arena,
                            const char **why);
void fk_w3c_free(fk_w3c *w);

#endif
