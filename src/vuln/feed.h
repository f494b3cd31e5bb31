/* The intake feeds as one table: NVD CVE API 2.0 JSON, JVN (MyJVN hnd XML), CISA KEV JSON
 * and EPSS CSV, each with how its documents are recognised and read. A new feed is a row
 * here and a parser beside it. No I/O: documents come in as bytes. */
#ifndef FK_VULN_FEED_H
#define FK_VULN_FEED_H

#include "record.h"

#include <stddef.h>

typedef enum fk_feed_kind {
    FK_FEED_NVD,  /* hands on normalised records */
    FK_FEED_JVN,  /* hands on normalised records */
    FK_FEED_KEV,  /* hands on {id, kev} facts */
    FK_FEED_EPSS, /* hands on {id, epss, percentile, date} facts */
    FK_FEED_KINDS
} fk_feed_kind;

const char *fk_feed_name(fk_feed_kind k);
/* "nvd", "jvn", "kev", "epss" into *k; false for another name. */
bool fk_feed_named(const char *name, fk_feed_kind *k);

/* The kind a document's content shows, or -1. */
int fk_feed_recognise(const char *data, size_t len);

/* Reads a document of the given kind, or (kind < 0) of the kind its content shows, and
 * hands each record or fact to sink; *kind_out (may be NULL) says which it was. The whole
 * document is checked before the first is handed on. */
int fk_feed_read(const char *data, size_t len, int kind, fk_vuln_sink sink, void *ctx,
                 fk_feed_kind *kind_out, fk_err *err);

/* The same, every record or fact gathered into *records (a new array): a document read
 * away from the store (a second thread reads the next page while one is stored). */
int fk_feed_read_all(const char *data, size_t len, int kind, fk_feed_kind *kind_out,
                     json_t **records, fk_err *err);

#endif
