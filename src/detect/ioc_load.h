/* Loads indicator files into an fk_ioc_set: plain lists (one value per line, '#'
 * comments, a trailing comment becomes the label), CSV (a chosen column) and STIX 2.1
 * bundles (indicators with STIX patterns). Owns no state between calls. */
#ifndef FK_IOC_LOAD_H
#define FK_IOC_LOAD_H

#include "../core/error.h"
#include "ioc.h"

#include <jansson.h>

typedef enum fk_ioc_file_format {
    FK_IOC_FILE_AUTO,
    FK_IOC_FILE_PLAIN,
    FK_IOC_FILE_CSV,
    FK_IOC_FILE_STIX,
} fk_ioc_file_format;

typedef struct fk_ioc_load_stats {
    size_t loaded;
    size_t skipped;       /* STIX indicators that cannot match one event */
    char first_skip[256]; /* why the first one was skipped */
} fk_ioc_load_stats;

/* column: for CSV, a 1-based number or a header name (NULL: the first column that
 * holds indicators). Errors name the file and line. */
int fk_ioc_load_file(fk_ioc_set *set, const char *path, fk_ioc_file_format fmt, const char *column,
                     fk_ioc_load_stats *stats, fk_err *err);

/* The same from memory (for tests and fuzzing); name is used in messages. */
int fk_ioc_load_buffer(fk_ioc_set *set, const char *name, const char *data, size_t n,
                       fk_ioc_file_format fmt, const char *column, fk_ioc_load_stats *stats,
                       fk_err *err);

/* One STIX object (only indicators add anything): for indicators streamed from a store
 * rather than read as a bundle. index numbers the object in messages. */
int fk_ioc_load_stix_object(fk_ioc_set *set, const char *name, size_t index, json_t *obj,
                            uint32_t list, fk_ioc_load_stats *stats, fk_err *err);

#endif
