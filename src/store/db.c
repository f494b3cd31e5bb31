#include "db.h"

#include "readers.h"

#include <stdbool.h>

#include "../core/timefmt.h"
#include "collections.h"
#include "sectors.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

struct fk_db {
    sqlite3 *h;
    /* Transactions nest: a use case that spans several store calls (a release and its
     * publication) opens the outer one, and the calls' own begin/commit pairs join it.
     * An inner rollback poisons the outer transaction, whose commit then fails. */
    int depth;
    bool poisoned;
    /* statements of the hot paths, prepared once per connection (see fk_db_cached) */
    struct {
        const char *sql;
        sqlite3_stmt *st;
    } cache[16];
    int ncache;
};

sqlite3_stmt *fk_db_cached(fk_db *db, const char *sql, fk_err *err)
{
    for (int i = 0; i < db->ncache; i++)
        if (db->cache[i].sql == sql) {
            sqlite3_reset(db->cache[i].st);
            sqlite3_clear_bindings(db->cache[i].st);
            return db->cache[i].st;
        }
    sqlite3_stmt *st;
    if (db->ncache == (int)(sizeof db->cache / sizeof db->cache[0]) ||
        sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK) {
        fk_db_error(db, err, "statement");
        return NULL;
    }
    db->cache[db->ncache].sql = sql;
    db->cache[db->ncache++].st = st;
    return st;
}

/* Schema migrations, applied in order; version N is migrations[N - 1]. Never edit a
 * released migration: add a new one. */
static const char *const migrations[] = {
    /* 1: the member directory and the audit log */
    "CREATE TABLE organisation ("
    "  id INTEGER PRIMARY KEY,"
    "  name TEXT NOT NULL UNIQUE,"
    "  sector TEXT NOT NULL,"
    "  created_at TEXT NOT NULL);"
    /* what identifies an organisation inside shared content (for anonymisation) */
    "CREATE TABLE org_identifier ("
    "  org_id INTEGER NOT NULL REFERENCES organisation(id) ON DELETE CASCADE,"
    "  kind TEXT NOT NULL CHECK (kind IN ('domain', 'network', 'email', 'name')),"
    "  value TEXT NOT NULL,"
    "  PRIMARY KEY (org_id, kind, value));"
    "CREATE TABLE member_group ("
    "  id INTEGER PRIMARY KEY,"
    "  name TEXT NOT NULL UNIQUE,"
    "  description TEXT NOT NULL DEFAULT '',"
    "  created_at TEXT NOT NULL);"
    "CREATE TABLE group_member ("
    "  group_id INTEGER NOT NULL REFERENCES member_group(id) ON DELETE CASCADE,"
    "  org_id INTEGER NOT NULL REFERENCES organisation(id) ON DELETE CASCADE,"
    "  PRIMARY KEY (group_id, org_id));"
    "CREATE TABLE account ("
    "  id INTEGER PRIMARY KEY,"
    "  name TEXT NOT NULL UNIQUE,"
    "  org_id INTEGER NOT NULL REFERENCES organisation(id),"
    "  role TEXT NOT NULL CHECK (role IN ('centre-admin', 'centre-analyst', 'member-reporter', "
    "'member-reader')),"
    "  password_hash TEXT,"
    "  disabled INTEGER NOT NULL DEFAULT 0,"
    "  created_at TEXT NOT NULL);"
    "CREATE TABLE api_key ("
    "  id TEXT PRIMARY KEY,"
    "  account_id INTEGER NOT NULL REFERENCES account(id),"
    "  secret_sha256 BLOB NOT NULL,"
    "  label TEXT NOT NULL DEFAULT '',"
    "  created_at TEXT NOT NULL,"
    "  revoked_at TEXT);"
    "CREATE TABLE audit ("
    "  seq INTEGER PRIMARY KEY,"
    "  at TEXT NOT NULL,"
    "  actor TEXT NOT NULL,"
    "  action TEXT NOT NULL,"
    "  object TEXT NOT NULL,"
    "  detail TEXT NOT NULL,"
    "  prev_hash BLOB NOT NULL,"
    "  hash BLOB NOT NULL);",
    /* 2: reports from members, triage, releases, and the hub's own STIX identity */
    "CREATE TABLE setting (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
    "INSERT INTO setting VALUES ('hub_identity', 'identity--' || lower(hex(randomblob(4))) || '-' "
    "||"
    "  lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' ||"
    "  substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2) || '-' ||"
    "  lower(hex(randomblob(6))));"
    "CREATE TABLE report ("
    "  id INTEGER PRIMARY KEY,"
    "  org_id INTEGER NOT NULL REFERENCES organisation(id),"
    "  account_id INTEGER NOT NULL REFERENCES account(id),"
    "  type TEXT NOT NULL,"
    "  title TEXT NOT NULL,"
    "  description TEXT NOT NULL,"
    "  fields TEXT NOT NULL,"
    "  indicators TEXT NOT NULL,"
    "  tlp TEXT NOT NULL,"
    "  pap TEXT NOT NULL,"
    "  consent TEXT NOT NULL CHECK (consent IN ('centre', 'sector', 'members', 'public')),"
    "  impact TEXT NOT NULL DEFAULT '',"
    "  status TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'triaged', 'merged', "
    "'released')),"
    "  merged_into INTEGER REFERENCES report(id),"
    "  severity INTEGER,"
    "  severity_scale TEXT,"
    "  severity_reasons TEXT,"
    "  created_at TEXT NOT NULL,"
    "  updated_at TEXT NOT NULL);"
    "CREATE INDEX report_org ON report(org_id);"
    "CREATE TABLE release ("
    "  id INTEGER PRIMARY KEY,"
    "  report_id INTEGER NOT NULL REFERENCES report(id),"
    "  stix_report_id TEXT NOT NULL UNIQUE,"
    "  audience TEXT NOT NULL,"
    "  tier TEXT NOT NULL CHECK (tier IN ('immediate', 'advisory', 'general')),"
    "  deadline TEXT NOT NULL,"
    "  released_by INTEGER NOT NULL REFERENCES account(id),"
    "  released_at TEXT NOT NULL,"
    "  bundle TEXT NOT NULL);"
    "CREATE INDEX release_report ON release(report_id);",
    /* 3: TAXII 2.1 collections, their objects (every version), and status resources */
    "CREATE TABLE collection ("
    "  id TEXT PRIMARY KEY,"
    "  api_root TEXT NOT NULL,"
    "  title TEXT NOT NULL,"
    "  description TEXT NOT NULL DEFAULT '',"
    "  audience TEXT NOT NULL,"
    "  write_groups TEXT NOT NULL DEFAULT '[]',"
    "  created_at TEXT NOT NULL);"
    "CREATE TABLE taxii_object ("
    "  seq INTEGER PRIMARY KEY,"
    "  collection_id TEXT NOT NULL REFERENCES collection(id) ON DELETE CASCADE,"
    "  object_id TEXT NOT NULL,"
    "  version TEXT NOT NULL,"
    "  type TEXT NOT NULL,"
    "  spec_version TEXT NOT NULL,"
    "  date_added TEXT NOT NULL,"
    "  object TEXT NOT NULL,"
    "  UNIQUE (collection_id, object_id, version));"
    "CREATE INDEX taxii_object_added ON taxii_object(collection_id, date_added, seq);"
    "CREATE INDEX taxii_object_seq ON taxii_object(collection_id, seq);"
    "CREATE INDEX taxii_object_id ON taxii_object(collection_id, object_id, version);"
    "CREATE TABLE taxii_status ("
    "  id TEXT PRIMARY KEY,"
    "  collection_id TEXT NOT NULL,"
    "  account_id INTEGER NOT NULL,"
    "  request_timestamp TEXT NOT NULL,"
    "  total INTEGER NOT NULL,"
    "  successes TEXT NOT NULL,"
    "  failures TEXT NOT NULL,"
    "  pendings TEXT NOT NULL,"
    "  report_id INTEGER REFERENCES report(id));",
    /* 4: TAXII API roots declared with their own titles */
    "CREATE TABLE api_root ("
    "  name TEXT PRIMARY KEY,"
    "  title TEXT NOT NULL,"
    "  description TEXT NOT NULL DEFAULT '',"
    "  created_at TEXT NOT NULL);",
    /* 5: continuous monitoring: key permissions, ingested batches (kept raw for
     * forensics), alerts, per-member metering and sources */
    "ALTER TABLE api_key ADD COLUMN permissions TEXT NOT NULL DEFAULT 'api';"
    "CREATE TABLE ingest_batch ("
    "  id INTEGER PRIMARY KEY,"
    "  org_id INTEGER NOT NULL REFERENCES organisation(id),"
    "  batch_key TEXT NOT NULL,"
    "  source TEXT NOT NULL DEFAULT '',"
    "  format TEXT NOT NULL DEFAULT 'auto',"
    "  received_at TEXT NOT NULL,"
    "  received_ms INTEGER NOT NULL,"
    "  lines INTEGER NOT NULL,"
    "  malformed INTEGER NOT NULL,"
    "  bytes INTEGER NOT NULL,"
    "  digest TEXT NOT NULL,"
    "  body BLOB,"
    "  state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'done')),"
    "  processed_ms INTEGER,"
    "  events INTEGER NOT NULL DEFAULT 0,"
    "  alerts INTEGER NOT NULL DEFAULT 0,"
    "  UNIQUE (org_id, batch_key));"
    "CREATE INDEX ingest_batch_pending ON ingest_batch(state, id);"
    "CREATE TABLE alert ("
    "  id INTEGER PRIMARY KEY,"
    "  org_id INTEGER REFERENCES organisation(id),"
    "  fingerprint TEXT NOT NULL,"
    "  engine TEXT NOT NULL,"
    "  rule_id TEXT NOT NULL,"
    "  title TEXT NOT NULL,"
    "  severity TEXT NOT NULL,"
    "  severity_rank INTEGER NOT NULL,"
    "  first_ms INTEGER NOT NULL,"
    "  last_ms INTEGER NOT NULL,"
    "  count INTEGER NOT NULL,"
    "  field TEXT NOT NULL DEFAULT '',"
    "  value TEXT NOT NULL DEFAULT '',"
    "  src_ip TEXT NOT NULL DEFAULT '',"
    "  target TEXT NOT NULL DEFAULT '',"
    "  indicator TEXT NOT NULL DEFAULT '',"
    "  detail TEXT NOT NULL DEFAULT '{}',"
    "  batch_id INTEGER,"
    "  state TEXT NOT NULL DEFAULT 'new' CHECK (state IN ('new', 'acknowledged', "
    "'false-positive', 'escalated')),"
    "  state_by TEXT,"
    "  state_at TEXT,"
    "  created_at TEXT NOT NULL);"
    "CREATE INDEX alert_open ON alert(org_id, fingerprint) WHERE state IN ('new', "
    "'acknowledged');"
    "CREATE INDEX alert_org ON alert(org_id, id);"
    "CREATE TABLE metering ("
    "  org_id INTEGER NOT NULL REFERENCES organisation(id),"
    "  day TEXT NOT NULL,"
    "  batches INTEGER NOT NULL DEFAULT 0,"
    "  events INTEGER NOT NULL DEFAULT 0,"
    "  bytes INTEGER NOT NULL DEFAULT 0,"
    "  PRIMARY KEY (org_id, day));"
    "CREATE TABLE ingest_source ("
    "  org_id INTEGER NOT NULL REFERENCES organisation(id),"
    "  name TEXT NOT NULL,"
    "  last_seen_ms INTEGER NOT NULL,"
    "  last_event_ms INTEGER,"
    "  lag_ms INTEGER,"
    "  PRIMARY KEY (org_id, name));",
    /* 6: sectors as data (seeded from the shipped lists by the step below) */
    "CREATE TABLE sector ("
    "  list TEXT NOT NULL,"
    "  code TEXT NOT NULL,"
    "  position INTEGER NOT NULL,"
    "  name_ja TEXT NOT NULL,"
    "  name_en TEXT NOT NULL,"
    "  critical_infrastructure INTEGER NOT NULL DEFAULT 0,"
    "  PRIMARY KEY (list, code));"
    "CREATE INDEX sector_code ON sector(code);",
    /* 7: a member's alert points at the campaign (the centre's alert) it is part of */
    "ALTER TABLE alert ADD COLUMN campaign_id INTEGER REFERENCES alert(id);",
    /* 8: each member's choice of detection engines (all, or a list) */
    "ALTER TABLE organisation ADD COLUMN engines TEXT NOT NULL DEFAULT 'all';",
    /* 9: remote TAXII collections the hub reads into one of its own (the key is never
     * stored: key_env names the environment variable that holds it) */
    "CREATE TABLE taxii_feed ("
    "  name TEXT PRIMARY KEY,"
    "  url TEXT NOT NULL,"
    "  collection_id TEXT NOT NULL REFERENCES collection(id),"
    "  key_env TEXT,"
    "  added_after TEXT,"
    "  last_poll_at TEXT,"
    "  last_ok_at TEXT,"
    "  last_error TEXT,"
    "  objects_taken INTEGER NOT NULL DEFAULT 0,"
    "  objects_withheld INTEGER NOT NULL DEFAULT 0,"
    "  created_at TEXT NOT NULL);",
    /* 10: TAXII versions and dates as microsecond instants (fk_taxii_migrate_instants,
     * after this SQL); one version of an object may exist in STIX 2.0 and 2.1, so the
     * specification version joins the key (SQLite changes a key by rebuilding) */
    "CREATE TABLE taxii_object_new ("
    "  seq INTEGER PRIMARY KEY,"
    "  collection_id TEXT NOT NULL REFERENCES collection(id) ON DELETE CASCADE,"
    "  object_id TEXT NOT NULL,"
    "  version TEXT NOT NULL,"
    "  type TEXT NOT NULL,"
    "  spec_version TEXT NOT NULL,"
    "  date_added TEXT NOT NULL,"
    "  object TEXT NOT NULL,"
    "  UNIQUE (collection_id, object_id, version, spec_version));"
    "INSERT INTO taxii_object_new SELECT seq, collection_id, object_id, version, type, "
    "  spec_version, date_added, object FROM taxii_object;"
    "DROP TABLE taxii_object;"
    "ALTER TABLE taxii_object_new RENAME TO taxii_object;"
    "CREATE INDEX taxii_object_added ON taxii_object(collection_id, date_added, seq);"
    "CREATE INDEX taxii_object_seq ON taxii_object(collection_id, seq);"
    "CREATE INDEX taxii_object_id ON taxii_object(collection_id, object_id, version);"
    "CREATE INDEX taxii_object_spec ON taxii_object(collection_id, object_id, spec_version);",
};

/* Steps in C that follow a migration's SQL in its transaction (filling a new table from
 * the shipped data), by version; NULL when there is none. */
static int (*const after_migration[])(fk_db *db, fk_err *err) = {
    [5] = fk_sectors_seed,
    [9] = fk_taxii_migrate_instants,
};

int fk_db_latest_schema_version(void)
{
    return (int)(sizeof migrations / sizeof migrations[0]);
}

sqlite3 *fk_db_handle(fk_db *db)
{
    return db->h;
}

int fk_db_error(fk_db *db, fk_err *err, const char *what)
{
    return fk_errc(err, FK_ERR_STORAGE, "%s: %s", what, sqlite3_errmsg(db->h));
}

int fk_db_exec(fk_db *db, const char *sql, fk_err *err)
{
    char *msg = NULL;
    if (sqlite3_exec(db->h, sql, NULL, NULL, &msg) != SQLITE_OK) {
        fk_errc(err, FK_ERR_STORAGE, "database: %s", msg ? msg : sqlite3_errmsg(db->h));
        sqlite3_free(msg);
        return -1;
    }
    return 0;
}

int fk_db_begin(fk_db *db, fk_err *err)
{
    if (db->depth > 0) {
        db->depth++;
        return 0;
    }
    if (fk_db_exec(db, "BEGIN IMMEDIATE", err) != 0)
        return -1;
    db->depth = 1;
    db->poisoned = false;
    return 0;
}

/* A failed commit leaves its level open: callers follow it with fk_db_rollback. */
int fk_db_commit(fk_db *db, fk_err *err)
{
    if (db->depth > 1) {
        if (db->poisoned)
            return fk_errf(err, "database: an inner step of this transaction failed");
        db->depth--;
        return 0;
    }
    if (db->poisoned)
        return fk_errf(err, "database: a step of this transaction failed");
    if (fk_db_exec(db, "COMMIT", err) != 0)
        return -1;
    db->depth = 0;
    return 0;
}

void fk_db_rollback(fk_db *db)
{
    if (db->depth > 1) {
        db->depth--;
        db->poisoned = true;
        return;
    }
    db->depth = 0;
    db->poisoned = false;
    if (!sqlite3_get_autocommit(db->h))
        sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
}

int fk_db_schema_version(fk_db *db)
{
    sqlite3_stmt *st;
    int v = -1;
    if (sqlite3_prepare_v2(db->h, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return v;
}

const char *fk_db_now_us(char buf[40])
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return fk_time_format_us((int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000, buf);
}

const char *fk_db_now(char buf[32])
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return fk_time_format((int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000, buf);
}

static int migrate(fk_db *db, fk_err *err)
{
    int have = fk_db_schema_version(db), want = fk_db_latest_schema_version();
    if (have < 0)
        return fk_db_error(db, err, "reading the schema version");
    if (have > want)
        return fk_errf(err,
                       "the database has schema version %d, newer than this fukurou knows (%d); "
                       "use a newer fukurou",
                       have, want);
    for (int v = have + 1; v <= want; v++) {
        char pragma[64];
        snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", v);
        if (fk_db_begin(db, err) != 0)
            return -1;
        int (*step)(fk_db *, fk_err *) =
            (size_t)(v - 1) < sizeof after_migration / sizeof after_migration[0]
                ? after_migration[v - 1]
                : NULL;
        if (fk_db_exec(db, migrations[v - 1], err) != 0 || (step && step(db, err) != 0) ||
            fk_db_exec(db, pragma, err) != 0) {
            fk_db_rollback(db);
            return fk_errf(err, "upgrading the database to schema version %d: %s", v,
                           err ? err->msg : "");
        }
        if (fk_db_commit(db, err) != 0)
            return -1;
    }
    return 0;
}

void fk_db_process_init(void)
{
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

int fk_db_open(fk_db **out, const char *data_dir, fk_err *err)
{
    *out = NULL;
    if (mkdir(data_dir, 0700) != 0 && errno != EEXIST)
        return fk_errf(err, "%s: cannot create the data folder: %s", data_dir, strerror(errno));
    char path[4096];
    if ((size_t)snprintf(path, sizeof path, "%s/fukurou.db", data_dir) >= sizeof path)
        return fk_errf(err, "%s: path too long", data_dir);
    fk_db *db = calloc(1, sizeof *db);
    if (!db)
        return fk_errf(err, "out of memory");
    if (sqlite3_open_v2(path, &db->h,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        NULL) != SQLITE_OK) {
        fk_errf(err, "%s: %s", path, db->h ? sqlite3_errmsg(db->h) : "cannot open");
        fk_db_close(db);
        return -1;
    }
    sqlite3_busy_timeout(db->h, 10000);
    if (fk_readers_register(db->h) != SQLITE_OK) {
        fk_errf(err, "%s: cannot register the reader rule: %s", path, sqlite3_errmsg(db->h));
        fk_db_close(db);
        return -1;
    }
    /* WAL with synchronous=NORMAL: a commit is in the WAL file (the OS has it) before
     * it returns, so whatever the hub acknowledged survives the process being killed;
     * FULL would add an fsync per commit for power loss, which batching makes cheap
     * where the hub needs it. */
    if (fk_db_exec(
            db,
            "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; "
            "PRAGMA foreign_keys = ON; PRAGMA cache_size = -32768;", /* 32 MiB: a large release
                                                                        stays in memory until it
                                                                        commits */
            err) != 0 ||
        migrate(db, err) != 0) {
        fk_db_close(db);
        return -1;
    }
    *out = db;
    return 0;
}

void fk_db_close(fk_db *db)
{
    if (!db)
        return;
    for (int i = 0; i < db->ncache; i++)
        sqlite3_finalize(db->cache[i].st);
    sqlite3_close_v2(db->h);
    free(db);
}
