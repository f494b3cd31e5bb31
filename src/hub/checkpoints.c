#include "checkpoints.h"

#include "../store/db.h"

#include <stdio.h>

enum { EVERY_MS = 1000 };

static int64_t run(fk_periodic *thread, fk_db *db, void *ctx)
{
    (void)thread;
    (void)ctx;
    int left;
    fk_err err;
    if (fk_db_checkpoint(db, &left, &err) != 0)
        fprintf(stderr, "fukurou hub: %s\n", err.msg);
    return EVERY_MS;
}

int fk_checkpoints_start(fk_periodic **out, const char *store, fk_err *err)
{
    *out = NULL;
    if (fk_db_is_postgres(store))
        return 0;
    return fk_periodic_start(out, store, EVERY_MS, run, NULL, 0, err);
}
