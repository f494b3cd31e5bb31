#include "file.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

char *fk_read_file(const char *path, size_t max, size_t *n, fk_err *err)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fk_errf(err, "%s: cannot open: %s", path, strerror(errno));
        return NULL;
    }
    size_t cap = 1 << 14, len = 0;
    char *buf = malloc(cap + 1);
    while (buf) {
        len += fread(buf + len, 1, cap - len, f);
        if (len < cap)
            break;
        char *nb = cap < max ? realloc(buf, cap * 2 + 1) : NULL;
        if (!nb) {
            free(buf);
            buf = NULL;
            break;
        }
        buf = nb;
        cap *= 2;
    }
    bool bad = ferror(f) || (buf && len > max);
    fclose(f);
    if (!buf || bad) {
        free(buf);
        fk_errf(err, "%s: cannot read (or larger than %zu MiB)", path, max >> 20);
        return NULL;
    }
    buf[len] = '\0';
    *n = len;
    return buf;
}

static bool make_dir(const char *path)
{
    return mkdir(path, 0700) == 0 || errno == EEXIST;
}

bool fk_user_cache_dir(char *out, size_t cap)
{
    const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
    char base[4096];
    int n;
    if (xdg && xdg[0] == '/')
        n = snprintf(base, sizeof base, "%s", xdg);
    else if (home && home[0] == '/')
        n = snprintf(base, sizeof base, "%s/.cache", home);
    else
        n = -1;
    if (n < 0 || (size_t)n >= sizeof base || !make_dir(base))
        goto none;
    n = snprintf(out, cap, "%s/fukurou", base);
    if (n < 0 || (size_t)n >= cap || !make_dir(out))
        goto none;
    return true;
none:
    if (cap)
        out[0] = '\0';
    return false;
}
