/* The kinds of member organisation, as data the product ships: Japan's 14 critical-
 * infrastructure sectors (the default list, as of the 2018 action plan), the 19
 * important-service fields of the Tokyo 2020 risk assessment (a second list; seed 002),
 * and the other kinds of member (government, academia, vendors, the centre). The hub
 * copies them into its database, where the centre edits them; this module owns only
 * the constant lists. */
#ifndef FK_SECTORS_H
#define FK_SECTORS_H

#include <stdbool.h>
#include <stddef.h>

typedef struct fk_sector {
    const char *code; /* stable identifier stored in the database */
    const char *name_ja, *name_en;
    bool critical_infrastructure;
} fk_sector;

typedef struct fk_sector_list {
    const char *name;  /* "ci-2018", "tokyo2020", "other" */
    const char *title; /* what the list is and where it comes from */
    const fk_sector *sectors;
    size_t count;
} fk_sector_list;

/* The shipped lists, the default one first. */
const fk_sector_list *fk_sector_lists(size_t *count);
/* A sector of any shipped list by code; NULL when unknown. For contexts without a
 * database; the hub asks its own table (store/sectors.h). */
const fk_sector *fk_sector_find(const char *code);

#endif
