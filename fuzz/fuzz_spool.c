/* libFuzzer target: the collector's spool read back from a segment file whose bytes may
 * be anything (a damaged disk, a crash mid-write): opened, every record handed out and
 * acknowledged; each record handed out must check (its CRC is verified on the way), and
 * a record appended afterwards must come back. */
#include "../src/collect/spool.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[64];

static void empty_dir(void)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    while (d && (e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char p[128];
        snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
        unlink(p);
    }
    if (d)
        closedir(d);
}

static void remove_dir(void)
{
    empty_dir();
    rmdir(dir);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!dir[0]) {
        /* in memory where the system offers it: every input creates, writes and removes
         * files, which on a disk's file system was most of each run's time */
        strcpy(dir, "/dev/shm/fk-fuzz-spool-XXXXXX");
        if (!mkdtemp(dir)) {
            strcpy(dir, "/tmp/fk-fuzz-spool-XXXXXX");
            if (!mkdtemp(dir))
                abort();
        }
        atexit(remove_dir);
    }
    empty_dir();
    char seg[128];
    snprintf(seg, sizeof seg, "%s/seg-%020d", dir, 1);
    int fd = open(seg, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0 || write(fd, data, size) != (ssize_t)size)
        abort();
    close(fd);
    fk_spool_opts o = {
        .dir = dir, .max_bytes = 4 << 20, .segment_bytes = 1 << 20, .fsync = FK_SPOOL_FSYNC_NEVER};
    fk_spool *s;
    fk_err err;
    if (fk_spool_open(&s, &o, &err) != 0)
        return 0;
    fk_spool_record r;
    uint64_t last = 0;
    int got;
    while ((got = fk_spool_next(s, &r, &err)) == 1) {
        if (r.seq <= last)
            abort(); /* in order, each once */
        last = r.seq;
    }
    if (last)
        fk_spool_ack(s, last, 1, &err);
    uint64_t seq;
    if (fk_spool_append(s, 1, 1, 2, "m", 1, "line\n", 5, &seq, &err) == 0) {
        fk_spool_rewind(s);
        bool found = false;
        while (fk_spool_next(s, &r, &err) == 1)
            found = found || (r.seq == seq && r.data_len == 5 && !memcmp(r.data, "line\n", 5));
        if (!found)
            abort();
    }
    fk_spool_close(s);
    return 0;
}
