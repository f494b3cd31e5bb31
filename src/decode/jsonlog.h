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

#endif
