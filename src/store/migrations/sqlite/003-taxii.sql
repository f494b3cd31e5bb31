-- 3: TAXII 2.1 collections, their objects (every version), and status resources
CREATE TABLE collection (
    id TEXT PRIMARY KEY,
    api_root TEXT NOT NULL,
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    audience TEXT NOT NULL,
    write_groups TEXT NOT NULL DEFAULT '[]',
    created_at TEXT NOT NULL
);
CREATE TABLE taxii_object (
    seq INTEGER PRIMARY KEY,
    collection_id TEXT NOT NULL REFERENCES collection(id) ON DELETE CASCADE,
    object_id TEXT NOT NULL,
    version TEXT NOT NULL,
    type TEXT NOT NULL,
    spec_version TEXT NOT NULL,
    date_added TEXT NOT NULL,
    object TEXT NOT NULL,
    UNIQUE (collection_id, object_id, version)
);
CREATE INDEX taxii_object_added ON taxii_object(collection_id, date_added, seq);
CREATE INDEX taxii_object_seq ON taxii_object(collection_id, seq);
CREATE INDEX taxii_object_id ON taxii_object(collection_id, object_id, version);
CREATE TABLE taxii_status (
    id TEXT PRIMARY KEY,
    collection_id TEXT NOT NULL,
    account_id INTEGER NOT NULL,
    request_timestamp TEXT NOT NULL,
    total INTEGER NOT NULL,
    successes TEXT NOT NULL,
    failures TEXT NOT NULL,
    pendings TEXT NOT NULL,
    report_id INTEGER REFERENCES report(id)
);
