/* JSON logs: one object per line, or pretty-printed objects one after another (as
 * EVTX exporters write them). Every leaf becomes an extra field under its dotted path;
 * well-known paths (ECS, Zeek, Windows Event.System / Event.EventData) fill the typed
 * fields. Owns the buffer that joins the lines of one object. */
#ifndef FK_JSONLOG_H
#define FK_JSONLOG_H

#include "decoder.h"

typedef struct fk_jsonlog fk_jsonlog;

fk_jsonlog *fk_jsonlog_new(void);
fk_dec_status fk_jsonlog_decode(fk_jsonlog *j, const char *line, size_t n, fk_event *ev,
                                fk_arena *arena, const char **why);
fk_dec_status fk_jsonlog_finish(fk_jsonlog *j, fk_event *ev, fk_arena *arena, const char **why);
void fk_jsonlog_free(fk_jsonlog *j);
/* true when an object is under way (FK_DEC_MORE was returned) and what has been read of
 * it so far is a well-formed beginning of JSON: the format sniffer's evidence for an
 * object longer than its sample. */
bool fk_jsonlog_pending_valid(const fk_jsonlog *j);

/* One record being turned into an event from its dotted leaves, as the JSON walk does
 * it; other readers of structured records (.evtx) feed the same builder, so an event
 * looks the same to detection whichever way it arrived. */
typedef struct fk_jsonlog_record {
    const fk_jsonlog *j;
    fk_event *ev;
    fk_arena *arena;
    fk_str hashes[4];
    int nhashes;
    int64_t event_id;
    fk_str channel;
} fk_jsonlog_record;

void fk_jsonlog_record_begin(fk_jsonlog_record *r, const fk_jsonlog *j, fk_event *ev,
                             fk_arena *arena);
/* path: "Event.System.EventID", "Event.EventData.Image"; both are copied. -1 when out of
 * memory. */
int fk_jsonlog_record_leaf(fk_jsonlog_record *r, const char *path, size_t pathlen, fk_str v);
/* Fills what follows from all the leaves (kind, hashes) and keeps text as the raw event. */
void fk_jsonlog_record_end(fk_jsonlog_record *r, const char *text, size_t n);

#endif
