#include "checkpoints.h"

#include "../store/db.h"
#include "periodic.h"

#include <stdio.h>
#include <stdlib.h>

enum { EVERY_MS = 1000 };

struct fk_checkpoints {
    fk_periodic *thread;
};

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

int fk_checkpoints_start(fk_checkpoints **out, const char *store, fk_err *err)
{
    *out = NULL;
    if (fk_db_is_postgres(store))
        return 0;
    fk_checkpoints *c = calloc(1, sizeof *c);
    if (!c)
        return fk_errc(err, FK_ERR_NOMEM, "out of memory");
    if (fk_periodic_start(&c->thread, store, EVERY_MS, run, NULL, err) != 0) {
        free(c);
        return -1;
    }
    *out = c;
    return 0;
}

void fk_checkpoints_stop(fk_checkpoints *c)
{
    if (!c)
        return;
    /* its connection closes last and, not deferring, folds what is left on closing */
    fk_periodic_stop(c->thread);
    free(c);
}
