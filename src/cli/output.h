/* Writes alerts as a coloured table, JSON lines or CSV, and keeps the counters for the
 * --summary report (by rule, by source address, by target). Owns those counters. */
#ifndef FK_OUTPUT_H
#define FK_OUTPUT_H

#include "../core/strmap.h"
#include "../model/alert.h"

#include <stdio.h>

typedef enum fk_output_format {
    FK_OUT_TABLE,
    FK_OUT_JSON,
    FK_OUT_CSV,
} fk_output_format;

typedef struct fk_output {
    FILE *out;
    fk_output_format format;
    bool color;
    bool header_done;
    uint64_t alerts;
    uint64_t by_severity[5];
    fk_strmap by_rule, by_source, by_target;
} fk_output;

void fk_output_init(fk_output *o, FILE *out, fk_output_format fmt, bool color);
/* An fk_alert_fn: writes one alert and counts it. */
int fk_output_alert(void *ctx, const fk_alert *a);
/* Writes the summary (table: text on out; json: one {"summary":...} line; csv: text on
 * the fallback stream). */
int fk_output_summary(fk_output *o, FILE *text_fallback, size_t top);
void fk_output_free(fk_output *o);
bool fk_output_format_parse(const char *s, fk_output_format *out);

#endif
