/* Time as deadlines count it: Japanese national holidays (国民の祝日に関する法律: fixed days,
 * Happy Monday days, the equinoxes by the astronomical formula, substitute holidays and
 * the citizen's holiday between two holidays; the moved days of 2020 and 2021 are not
 * included), the government's year-end closing (29 December to 3 January, 行政機関の休日),
 * and business hours in Japan Standard Time. No I/O, no state. */
#ifndef FK_CASES_CALENDAR_H
#define FK_CASES_CALENDAR_H

#include <stdbool.h>
#include <stdint.h>

/* A national holiday in Japan (year 1980-2099; outside it: weekends only count). */
bool fk_jp_holiday(int year, int month, int day);

typedef struct fk_work_hours {
    bool continuous;      /* around the clock: every hour counts */
    int start_min;        /* the working day, minutes after midnight JST (540: 09:00) */
    int end_min;          /* (1080: 18:00) */
    bool year_end_closed; /* 29 Dec - 3 Jan are not working days */
} fk_work_hours;

/* The instant (ms since 1970) that is `duration_ms` of working time after start_ms. */
int64_t fk_work_add(const fk_work_hours *w, int64_t start_ms, int64_t duration_ms);

#endif
