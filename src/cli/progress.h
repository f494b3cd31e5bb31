/* A progress bar on standard error while scanning: bytes done of total, lines per
 * second. Drawn only on a terminal and at most five times a second. */
#ifndef FK_PROGRESS_H
#define FK_PROGRESS_H

#include <stdbool.h>
#include <stdint.h>

typedef struct fk_progress {
    bool enabled;
    uint64_t total_bytes;
    double start, last_draw;
} fk_progress;

void fk_progress_init(fk_progress *p, bool enabled, uint64_t total_bytes);
void fk_progress_update(fk_progress *p, uint64_t done_bytes, uint64_t lines);
void fk_progress_done(fk_progress *p);
double fk_now(void);

#endif
