/* Small state that must be written even on a full disk (the spool's acknowledged
 * record, the sources' checkpoints): two files whose space is reserved once, written in
 * turn in place, each write with a sequence number and a CRC, so that a crash in the
 * middle of one leaves the other whole, and no write needs a new disk block. Owns the
 * two files. */
#ifndef FK_COLLECT_STATEFILE_H
#define FK_COLLECT_STATEFILE_H

#include "../core/error.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct fk_statefile fk_statefile;

/* Opens (creating, and reserving `reserve` bytes each) DIR/NAME.0 and DIR/NAME.1. */
int fk_statefile_open(fk_statefile **out, const char *dir, const char *name, size_t reserve,
                      bool sync, fk_err *err);
/* The newest whole text written (malloc'd, NUL-terminated), NULL when none was. */
char *fk_statefile_read(fk_statefile *f);
/* Writes text over the older of the two; grows the reservation when the text needs it
 * (which needs free space; the rest never does). */
int fk_statefile_write(fk_statefile *f, const char *text, size_t len, fk_err *err);
void fk_statefile_close(fk_statefile *f);

#endif
