/* Windows event log files (.evtx), read natively through libyal's libevtx. Each record,
 * as libevtx renders it in XML, is walked with libxml2 into the dotted fields the JSON
 * exporters produce (Event.System.*, Event.EventData.<Name>), through the JSON decoder's
 * record builder, so detection sees one event shape however the log arrived. Owns the
 * open file and its record cursor. */
#ifndef FK_EVTX_H
#define FK_EVTX_H

#include "decoder.h"

#include <stdbool.h>

typedef struct fk_evtx fk_evtx;

/* The first bytes of a file: true when they carry the EVTX file signature. */
bool fk_evtx_signature(const void *head, size_t n);
/* true when the file at path starts with the signature (false if it cannot be read). */
bool fk_evtx_is_file(const char *path);

int fk_evtx_open(fk_evtx **out, const char *path, fk_err *err);
/* Records the file lists (fk_evtx_next reads these), and fragments libevtx finds in
 * free space (a cleared or damaged log keeps some; counted, not read). */
size_t fk_evtx_count(const fk_evtx *x);
size_t fk_evtx_recovered(const fk_evtx *x);
/* libevtx found the file damaged: records may be missing. */
bool fk_evtx_corrupted(const fk_evtx *x);
/* The next record. Returns false at the end. Otherwise *status is FK_DEC_OK with ev
 * filled (ev->line is the record's position, from 1), or FK_DEC_BAD with *why saying what was wrong
 * with a record libevtx could not read; the walk goes on after it. */
bool fk_evtx_next(fk_evtx *x, fk_event *ev, fk_arena *arena, fk_dec_status *status,
                  const char **why);
void fk_evtx_close(fk_evtx *x);

/* One record's XML (as libevtx renders it) into ev; for the fuzz target and tests. */
fk_dec_status fk_evtx_decode_xml(fk_evtx *x, const char *xml, size_t n, fk_event *ev,
                                 fk_arena *arena, const char **why);
/* A reader with no file, for fk_evtx_decode_xml. */
fk_evtx *fk_evtx_new_decoder(void);

#endif
