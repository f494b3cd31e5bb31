#include "progress.h"

#include <stdio.h>
#include <time.h>

double fk_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void fk_progress_init(fk_progress *p, bool enabled, uint64_t total_bytes)
{
    p->enabled = enabled;
    p->total_bytes = total_bytes;
    p->start = p->last_draw = fk_now();
}

void fk_progress_update(fk_progress *p, uint64_t done_bytes, uint64_t lines)
{
    if (!p->enabled)
        return;
    double now = fk_now();
    if (now - p->last_draw < 0.2)
        return;
    p->last_draw = now;
    double rate = lines / (now - p->start > 1e-6 ? now - p->start : 1e-6);
    const int width = 30;
    if (p->total_bytes) {
        double frac = (double)done_bytes / (double)p->total_bytes;
        if (frac > 1)
            frac = 1;
        int fill = (int)(frac * width);
        fprintf(stderr, "\r[%.*s%*s] %5.1f%%  %.1f/%.1f MB  %.0fk lines/s ", fill,
                "##############################", width - fill, "", frac * 100, done_bytes / 1e6,
                p->total_bytes / 1e6, rate / 1000);
    } else {
        fprintf(stderr, "\r%.1f MB  %llu lines  %.0fk lines/s ", done_bytes / 1e6,
                (unsigned long long)lines, rate / 1000);
    }
    fflush(stderr);
}

void fk_progress_done(fk_progress *p)
{
    if (p->enabled)
        fprintf(stderr, "\r%*s\r", 90, "");
}
