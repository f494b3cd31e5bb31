#include "sigma_window.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "../core/strmap.h"

/* Hits are kept sorted by time in one array whose live part is e[head..n): hits almost
 * always arrive in time order, so adding is an append and expiring moves head. Every
 * aggregate is updated on the way in and on the way out; nothing is recomputed over
 * the window. Distinct values are counted in a map of value -> live hits + 1 (so that a
 * key whose hits all left, 1, differs from a new one, NULL); the map has no deletion,
 * so such keys stay until they outnumber the live ones, and the map is then rebuilt
 * from the window. */

typedef struct {
    int64_t t;
    int rule;
    char *value; /* NULL when the type reads no value */
    double num;
    bool numeric;
} hit;

typedef struct { /* temporal_ordered: one rule's hit times, sorted; live part t[head..n) */
    int64_t *t;
    size_t head, n, cap;
} times;

struct fk_sigma_window {
    fk_corr_type type;
    int nrules;
    hit *e;
    size_t head, n, cap;
    size_t per_rule[64];
    times *ordered;
    fk_strmap distinct;
    size_t ndistinct, nzero;
    double sum;
    size_t nnum;
    double *sorted; /* value_percentile: numeric values, ascending */
    size_t nsorted, sorted_cap;
};

fk_sigma_window *fk_sigma_window_new(fk_corr_type type, int nrules)
{
    if (nrules < 0 || nrules > 64)
        return NULL;
    fk_sigma_window *w = calloc(1, sizeof *w);
    if (!w)
        return NULL;
    w->type = type;
    w->nrules = nrules;
    fk_strmap_init(&w->distinct);
    if (type == FK_CORR_TEMPORAL_ORDERED) {
        w->ordered = calloc(nrules ? (size_t)nrules : 1, sizeof *w->ordered);
        if (!w->ordered) {
            free(w);
            return NULL;
        }
    }
    return w;
}

void fk_sigma_window_clear(fk_sigma_window *w)
{
    for (size_t i = w->head; i < w->n; i++)
        free(w->e[i].value);
    w->head = w->n = 0;
    memset(w->per_rule, 0, sizeof w->per_rule);
    for (int r = 0; w->ordered && r < w->nrules; r++)
        w->ordered[r].head = w->ordered[r].n = 0;
    fk_strmap_free(&w->distinct);
    fk_strmap_init(&w->distinct);
    w->ndistinct = w->nzero = 0;
    w->sum = 0;
    w->nnum = w->nsorted = 0;
}

void fk_sigma_window_free(fk_sigma_window *w)
{
    if (!w)
        return;
    fk_sigma_window_clear(w);
    fk_strmap_free(&w->distinct);
    for (int r = 0; w->ordered && r < w->nrules; r++)
        free(w->ordered[r].t);
    free(w->ordered);
    free(w->e);
    free(w->sorted);
    free(w);
}

/* ---- sorted arrays with a moving head ------------------------------------------- */

/* Room for one more element at the end: compacts when the dead head is most of the
 * array, grows otherwise. */
static int make_room(void **arr, size_t elem, size_t *head, size_t *n, size_t *cap)
{
    if (*n < *cap)
        return 0;
    if (*head > 0 && *head >= *n / 2) {
        memmove(*arr, (char *)*arr + *head * elem, (*n - *head) * elem);
        *n -= *head;
        *head = 0;
        return 0;
    }
    size_t nc = *cap ? *cap * 2 : 16;
    void *na = realloc(*arr, nc * elem);
    if (!na)
        return -1;
    *arr = na;
    *cap = nc;
    return 0;
}

static int times_add(times *tl, int64_t t)
{
    void *arr = tl->t;
    if (make_room(&arr, sizeof *tl->t, &tl->head, &tl->n, &tl->cap))
        return -1;
    tl->t = arr;
    size_t i = tl->n;
    if (i > tl->head && tl->t[i - 1] > t) { /* out of time order: after the equal ones */
        size_t lo = tl->head, hi = tl->n;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (tl->t[mid] <= t)
                lo = mid + 1;
            else
                hi = mid;
        }
        i = lo;
    }
    memmove(tl->t + i + 1, tl->t + i, (tl->n - i) * sizeof *tl->t);
    tl->t[i] = t;
    tl->n++;
    return 0;
}

/* The first live time >= t, or -1. */
static int64_t times_from(const times *tl, int64_t t, bool *found)
{
    size_t lo = tl->head, hi = tl->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (tl->t[mid] < t)
            lo = mid + 1;
        else
            hi = mid;
    }
    *found = lo < tl->n;
    return *found ? tl->t[lo] : -1;
}

static size_t lower_bound(const double *a, size_t n, double v)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (a[mid] < v)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* ---- values ----------------------------------------------------------------------- */

static int distinct_rebuild(fk_sigma_window *w)
{
    fk_strmap fresh;
    fk_strmap_init(&fresh);
    size_t nd = 0;
    for (size_t i = w->head; i < w->n; i++) {
        fk_strmap_slot *slot;
        if (!w->e[i].value)
            continue;
        if (fk_strmap_upsert(&fresh, w->e[i].value, strlen(w->e[i].value), &slot)) {
            fk_strmap_free(&fresh);
            return -1;
        }
        nd += slot->value == NULL;
        slot->value = (void *)((uintptr_t)(slot->value ? slot->value : (void *)1) + 1);
    }
    fk_strmap_free(&w->distinct);
    w->distinct = fresh;
    w->ndistinct = nd;
    w->nzero = 0;
    return 0;
}

/* ---- the window ------------------------------------------------------------------ */

int fk_sigma_window_add(fk_sigma_window *w, int64_t t, int rule, const char *value, size_t n)
{
    if (rule < 0 || rule >= w->nrules)
        return 0;
    hit h = {t, rule, NULL, 0, false};
    if (value) {
        h.value = malloc(n + 1);
        if (!h.value)
            return -1;
        memcpy(h.value, value, n);
        h.value[n] = '\0';
        /* infinities and NaN would poison the sum and the sorted values */
        h.numeric = fk_sigma_number((fk_str){value, n}, &h.num) && isfinite(h.num);
    }
    /* reserve everything first, so that a failure leaves the window as it was */
    void *arr = w->e;
    fk_strmap_slot *slot = NULL;
    if (make_room(&arr, sizeof *w->e, &w->head, &w->n, &w->cap))
        goto oom;
    w->e = arr;
    if (w->type == FK_CORR_VALUE_PERCENTILE && h.numeric && w->nsorted == w->sorted_cap) {
        size_t nc = w->sorted_cap ? w->sorted_cap * 2 : 16;
        double *ns = realloc(w->sorted, nc * sizeof *ns);
        if (!ns)
            goto oom;
        w->sorted = ns;
        w->sorted_cap = nc;
    }
    if (w->ordered && times_add(&w->ordered[rule], t))
        goto oom;
    if (w->type == FK_CORR_VALUE_COUNT && h.value &&
        fk_strmap_upsert(&w->distinct, h.value, n, &slot))
        goto oom;

    size_t i = w->n;
    if (i > w->head && w->e[i - 1].t > t) { /* out of time order: after the equal ones */
        size_t lo = w->head, hi = w->n;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (w->e[mid].t <= t)
                lo = mid + 1;
            else
                hi = mid;
        }
        i = lo;
    }
    memmove(w->e + i + 1, w->e + i, (w->n - i) * sizeof *w->e);
    w->e[i] = h;
    w->n++;
    w->per_rule[rule]++;
    if (slot) {
        uintptr_t c = (uintptr_t)slot->value;
        if (c <= 1) { /* new, or back after its hits had left */
            w->ndistinct++;
            w->nzero -= c == 1;
            c = 1;
        }
        slot->value = (void *)(c + 1);
    }
    if (h.numeric) {
        w->sum += h.num;
        w->nnum++;
        if (w->type == FK_CORR_VALUE_PERCENTILE) {
            size_t at = lower_bound(w->sorted, w->nsorted, h.num);
            memmove(w->sorted + at + 1, w->sorted + at, (w->nsorted - at) * sizeof *w->sorted);
            w->sorted[at] = h.num;
            w->nsorted++;
        }
    }
    return 0;
oom:
    free(h.value);
    return -1;
}

void fk_sigma_window_expire(fk_sigma_window *w, int64_t now, int64_t span)
{
    while (w->head < w->n && now - w->e[w->head].t > span) {
        hit *h = &w->e[w->head++];
        w->per_rule[h->rule]--;
        if (w->ordered) {
            times *tl = &w->ordered[h->rule];
            if (tl->head < tl->n) /* the oldest hit of all is its rule's oldest too */
                tl->head++;
        }
        if (w->type == FK_CORR_VALUE_COUNT && h->value) {
            fk_strmap_slot *slot = fk_strmap_get(&w->distinct, h->value, strlen(h->value));
            if (slot && (uintptr_t)slot->value > 1) {
                slot->value = (void *)((uintptr_t)slot->value - 1);
                if ((uintptr_t)slot->value == 1) {
                    w->ndistinct--;
                    w->nzero++;
                }
            }
        }
        if (h->numeric) {
            w->sum -= h->num;
            w->nnum--;
            if (w->type == FK_CORR_VALUE_PERCENTILE && w->nsorted) {
                size_t at = lower_bound(w->sorted, w->nsorted, h->num);
                if (at < w->nsorted) {
                    memmove(w->sorted + at, w->sorted + at + 1,
                            (w->nsorted - at - 1) * sizeof *w->sorted);
                    w->nsorted--;
                }
            }
        }
        free(h->value);
        h->value = NULL;
    }
    if (w->head == w->n)
        w->head = w->n = 0;
    /* a failed rebuild keeps the old map, which still counts right */
    if (w->nzero > 2 * w->ndistinct + 1024)
        (void)distinct_rebuild(w);
}

double fk_sigma_window_measure(const fk_sigma_window *w, double percentile)
{
    switch (w->type) {
    case FK_CORR_EVENT_COUNT: return (double)(w->n - w->head);
    case FK_CORR_VALUE_COUNT: return (double)w->ndistinct;
    case FK_CORR_TEMPORAL: {
        int seen = 0;
        for (int r = 0; r < w->nrules; r++)
            seen += w->per_rule[r] > 0;
        return seen;
    }
    case FK_CORR_TEMPORAL_ORDERED: {
        /* the longest prefix of the listed rules seen one after another: each rule's
         * earliest hit at or after the previous rule's */
        int64_t at = INT64_MIN;
        int k = 0;
        for (; k < w->nrules; k++) {
            bool found;
            int64_t t = times_from(&w->ordered[k], at, &found);
            if (!found)
                break;
            at = t;
        }
        return k;
    }
    case FK_CORR_VALUE_SUM: return w->sum;
    case FK_CORR_VALUE_AVG: return w->nnum ? w->sum / (double)w->nnum : 0;
    case FK_CORR_VALUE_PERCENTILE: {
        if (!w->nsorted)
            return 0;
        size_t idx = (size_t)(percentile / 100.0 * (double)(w->nsorted - 1) + 0.5);
        return w->sorted[idx < w->nsorted ? idx : w->nsorted - 1];
    }
    case FK_CORR_NONE: break;
    }
    return 0;
}

size_t fk_sigma_window_count(const fk_sigma_window *w)
{
    return w->n - w->head;
}

int64_t fk_sigma_window_first(const fk_sigma_window *w)
{
    return w->head < w->n ? w->e[w->head].t : 0;
}
