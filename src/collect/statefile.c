/* State written in place, in turn, into two reserved files (see statefile.h).
 *
 * A slot is "FKST" | seq u64 | len u32 | crc32 u32 | text, little-endian, the CRC over
 * seq, len and text. Reading takes the valid slot with the higher sequence number. */
#include "statefile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#define HEAD 20

struct fk_statefile {
    int fd[2];
    size_t reserve;
    uint64_t seq; /* of the newest slot */
    int newest;   /* its index, -1 when none */
    bool sync;
    char path[2][4200];
};

static void put32(unsigned char *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}
static uint32_t get32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static int reserve(int fd, size_t n)
{
    int r = posix_fallocate(fd, 0, (off_t)n);
    return r == EOPNOTSUPP || r == EINVAL ? ftruncate(fd, (off_t)n) : (r ? -1 : 0);
}

/* A slot's text when it is whole (malloc'd), else NULL. */
static char *read_slot(int fd, uint64_t *seq)
{
    unsigned char h[HEAD];
    if (pread(fd, h, HEAD, 0) != HEAD || memcmp(h, "FKST", 4) != 0)
        return NULL;
    uint64_t s = (uint64_t)get32(h + 4) | (uint64_t)get32(h + 8) << 32;
    uint32_t len = get32(h + 12), crc = get32(h + 16);
    if (len > (64u << 20))
        return NULL;
    char *text = malloc((size_t)len + 1);
    if (!text)
        return NULL;
    if (pread(fd, text, len, HEAD) != (ssize_t)len) {
        free(text);
        return NULL;
    }
    uLong c = crc32(crc32(0L, Z_NULL, 0), h + 4, 12);
    if ((uint32_t)crc32_z(c, (const Bytef *)text, len) != crc) {
        free(text);
        return NULL;
    }
    text[len] = '\0';
    *seq = s;
    return text;
}

int fk_statefile_open(fk_statefile **out, const char *dir, const char *name, size_t res, bool sync,
                      fk_err *err)
{
    fk_statefile *f = calloc(1, sizeof *f);
    if (!f)
        return fk_errc(err, FK_ERR_NOMEM, "out of memory");
    f->fd[0] = f->fd[1] = -1;
    f->reserve = res < 4096 ? 4096 : res;
    f->sync = sync;
    f->newest = -1;
    for (int i = 0; i < 2; i++) {
        snprintf(f->path[i], sizeof f->path[i], "%s/%s.%d", dir, name, i);
        f->fd[i] = open(f->path[i], O_RDWR | O_CREAT | O_CLOEXEC, 0600);
        off_t size = f->fd[i] >= 0 ? lseek(f->fd[i], 0, SEEK_END) : -1;
        if (f->fd[i] < 0 || size < 0 ||
            ((size_t)size < f->reserve && reserve(f->fd[i], f->reserve) != 0)) {
            fk_errc(err, errno == ENOSPC ? FK_ERR_BUSY : FK_ERR_STORAGE, "%s: cannot create: %s",
                    f->path[i], strerror(errno));
            fk_statefile_close(f);
            return -1;
        }
        if ((size_t)size > f->reserve)
            f->reserve = (size_t)size;
        uint64_t seq;
        char *t = read_slot(f->fd[i], &seq);
        if (t && (f->newest < 0 || seq > f->seq)) {
            f->seq = seq;
            f->newest = i;
        }
        free(t);
    }
    *out = f;
    return 0;
}

char *fk_statefile_read(fk_statefile *f)
{
    uint64_t seq;
    return f->newest < 0 ? NULL : read_slot(f->fd[f->newest], &seq);
}

int fk_statefile_write(fk_statefile *f, const char *text, size_t len, fk_err *err)
{
    int slot = f->newest == 0 ? 1 : 0;
    if (HEAD + len > f->reserve) { /* grow both, in turn, while there is room */
        size_t n = f->reserve;
        while (n < HEAD + len)
            n *= 2;
        if (reserve(f->fd[slot], n) != 0)
            return fk_errc(err, errno == ENOSPC ? FK_ERR_BUSY : FK_ERR_STORAGE,
                           "%s: cannot grow: %s", f->path[slot], strerror(errno));
        if (reserve(f->fd[1 - slot], n) == 0)
            f->reserve = n;
    }
    unsigned char h[HEAD];
    uint64_t seq = f->seq + 1;
    memcpy(h, "FKST", 4);
    put32(h + 4, (uint32_t)seq);
    put32(h + 8, (uint32_t)(seq >> 32));
    put32(h + 12, (uint32_t)len);
    uLong c = crc32(crc32(0L, Z_NULL, 0), h + 4, 12);
    put32(h + 16, (uint32_t)crc32_z(c, (const Bytef *)text, len));
    /* the text first, the header that makes it valid last */
    if (pwrite(f->fd[slot], text, len, HEAD) != (ssize_t)len ||
        pwrite(f->fd[slot], h, HEAD, 0) != HEAD || (f->sync && fdatasync(f->fd[slot]) != 0))
        return fk_errc(err, errno == ENOSPC ? FK_ERR_BUSY : FK_ERR_STORAGE, "%s: cannot write: %s",
                       f->path[slot], strerror(errno));
    f->seq = seq;
    f->newest = slot;
    return 0;
}

void fk_statefile_close(fk_statefile *f)
{
    if (!f)
        return;
    for (int i = 0; i < 2; i++)
        if (f->fd[i] >= 0)
            close(f->fd[i]);
    free(f);
}
