/* The kinds of member organisation: the 19 critical-infrastructure sectors named in
 * the seeds, plus government, local government, academia, vendors and the centre
 * itself, with Japanese and English names. Owns only constant data. */
#ifndef FK_SECTORS_H
#define FK_SECTORS_H

#include <stdbool.h>
#include <stddef.h>

typedef struct fk_sector {
    const char *code; /* stable identifier stored in the database */
    const char *name_ja, *name_en;
    bool critical_infrastructure;
} fk_sector;

size_t fk_sector_count(void);
const fk_sector *fk_sector_at(size_t i);
/* By code; NULL when unknown. */
const fk_sector *fk_sector_find(const char *code);

#endif
