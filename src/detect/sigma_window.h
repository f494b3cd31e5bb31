/* A Sigma correlation window: the hits of the correlated rules for one group inside a
 * sliding time span, with the aggregate each correlation type reads (count, distinct
 * values, rules seen, rules seen in order, sum, sorted values) kept up to date as hits
 * enter and leave, so a hit costs O(log n) however many the window holds. Owns the
 * hits' values. */
#ifndef FK_SIGMA_WINDOW_H
#define FK_SIGMA_WINDOW_H

#include "sigma_rule.h"

#include <stddef.h>
#include <stdint.h>

typedef struct fk_sigma_window fk_sigma_window;

/* nrules: how many rules the correlation names (at most 64). NULL when out of memory. */
fk_sigma_window *fk_sigma_window_new(fk_corr_type type, int nrules);
void fk_sigma_window_free(fk_sigma_window *w);

/* Drops the hits older than now - span (milliseconds). */
void fk_sigma_window_expire(fk_sigma_window *w, int64_t now, int64_t span);

/* Adds a hit of correlated rule `rule` at time t with the correlation field's value
 * (value NULL when the type reads none). Hits may come out of time order. Returns -1
 * when out of memory (the window is unchanged). */
int fk_sigma_window_add(fk_sigma_window *w, int64_t t, int rule, const char *value, size_t n);

/* What the correlation compares with its condition: hits (event_count), distinct values
 * (value_count), rules seen (temporal), rules seen in the listed order
 * (temporal_ordered), sum, average or the given percentile of the numeric values. */
double fk_sigma_window_measure(const fk_sigma_window *w, double percentile);

/* How many hits the window holds. */
size_t fk_sigma_window_count(const fk_sigma_window *w);

/* The time of the oldest hit held (0 when empty). */
int64_t fk_sigma_window_first(const fk_sigma_window *w);

/* Empties the window (after an alert the window starts again). */
void fk_sigma_window_clear(fk_sigma_window *w);

#endif
