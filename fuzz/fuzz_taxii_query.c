/* libFuzzer target: TAXII filter values (added_after, match[id|type|version|
 * spec_version], next, limit) as a client sends them, run as queries against a
 * small collection. The database is made once per process; each input only reads. */
#include "../src/store/collections.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The harness's own fixture (not product state): one database for the whole run,
 * removed when the process ends. */
static fk_db *db;
static char dir[] = "/tmp/fk-fuzz-taxii-XXXXXX";

static void cleanup(void)
{
    fk_db_close(db);
    char cmd[64];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd) != 0)
        return;
}

static fk_db *open_once(void)
{
    if (db)
        return db;
    fk_err err;
    if (!mkdtemp(dir) || fk_db_open(&db, dir, &err) != 0)
        abort();
    atexit(cleanup);
    json_t *aud = json_pack("{s[] s[] sb sb}", "sectors", "groups", "all_members", 1, "public", 0);
    char id[40];
    if (fk_collection_create(db, "fuzz", "3b5e7f2a-1c4d-4e8f-9a0b-1c2d3e4f5a6b", "fukurou", "c", "",
                             aud, NULL, id, &err) != 0)
        abort();
    json_decref(aud);
    for (int i = 0; i < 20; i++) {
        char o[512];
        snprintf(
            o, sizeof o,
            "{\"type\":\"%s\",\"id\":\"%s--00000000-0000-4000-8000-0000000000%02d\","
            "\"created\":\"2024-01-01T00:00:00.000Z\",\"modified\":\"2024-0%d-01T00:00:00.000Z\"}",
            i % 2 ? "indicator" : "report", i % 2 ? "indicator" : "report", i % 7, 1 + i % 9);
        json_t *obj = json_loads(o, 0, NULL);
        fk_taxii_add(db, id, obj, "2024-01-01T00:00:00.000Z", &err);
        json_decref(obj);
    }
    return db;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fk_db *db = open_once();
    /* five NUL-separated fields: added_after, ids, types, versions, spec_versions */
    char *buf = malloc(size + 6);
    if (!buf)
        return 0;
    memcpy(buf, data, size);
    memset(buf + size, 0, 6);
    const char *f[5];
    char *p = buf;
    for (int i = 0; i < 5; i++) {
        f[i] = *p ? p : NULL;
        p += strlen(p) + (p < buf + size ? 1 : 0);
        if (p > buf + size)
            p = buf + size;
    }
    fk_taxii_query q = {f[0], (int64_t)(size % 13), 1 + size % 7, f[1], f[2], f[3], f[4], NULL};
    for (int view = 0; view < 3; view++) {
        fk_taxii_page page;
        fk_err err;
        if (fk_taxii_query_run(db, "3b5e7f2a-1c4d-4e8f-9a0b-1c2d3e4f5a6b", &q, (fk_taxii_view)view,
                               &page, &err) == 0) {
            json_t *j = json_loads(page.body, 0, NULL);
            if (!j) /* whatever the filters, the body is JSON */
                __builtin_trap();
            json_decref(j);
            free(page.body);
        }
    }
    free(buf);
    return 0;
}
