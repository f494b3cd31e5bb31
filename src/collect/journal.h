/* The systemd journal as a collector source, through libsystemd's sd-journal: entries
 * (optionally only those matching FIELD=value) read after a cursor, each written as one
 * RFC 5424 syslog line (priority, time to the microsecond, host, identifier, pid,
 * message), so that the hub's syslog decoder reads them like any syslog. The cursor of
 * the last entry read is the checkpoint. Owns the journal handle; one thread. */
#ifndef FK_COLLECT_JOURNAL_H
#define FK_COLLECT_JOURNAL_H

#include "../core/error.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct fk_journal fk_journal;

/* dir: a folder of journal files (NULL: this machine's journal); cursor: where reading
 * resumes (after that entry); without one, from the oldest entry, or from the newest
 * when start_at_end. */
int fk_journal_open(fk_journal **out, const char *dir, char *const *matches, size_t nmatches,
                    const char *cursor, bool start_at_end, fk_err *err);
/* Writes whole lines of new entries into dst (at most room bytes); returns the bytes. */
int64_t fk_journal_read(fk_journal *j, char *dst, size_t room, size_t max_line, uint64_t *lines,
                        fk_err *err);
/* Whether an entry is waiting that did not fit the room of the last read. */
bool fk_journal_waiting(const fk_journal *j);
/* The cursor of the last entry read, NULL before the first. */
const char *fk_journal_cursor(const fk_journal *j);
void fk_journal_close(fk_journal *j);

#endif
