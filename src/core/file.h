/* Reading a whole file into memory, for rule, mapping and signature files: one loop,
 * one size limit and one error wording for every loader. Owns nothing; the caller
 * frees what it returns. */
#ifndef FK_FILE_H
#define FK_FILE_H

#include "error.h"

#include <stdbool.h>
#include <stddef.h>

/* Returns the file's bytes, NUL-terminated, with their count in *n; NULL with err
 * ("PATH: cannot open: why" or "PATH: cannot read (or larger than N MiB)") when the
 * file cannot be opened or read, or holds more than max bytes. */
char *fk_read_file(const char *path, size_t max, size_t *n, fk_err *err);

/* The directory for this user's caches ($XDG_CACHE_HOME/fukurou, else
 * ~/.cache/fukurou), created (mode 0700) when missing. Returns false, leaving out empty,
 * when there is no home or it cannot be created: callers then work without a cache. */
bool fk_user_cache_dir(char *out, size_t cap);

#endif
