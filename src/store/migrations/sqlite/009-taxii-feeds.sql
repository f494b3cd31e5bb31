-- 9: remote TAXII collections the hub reads into one of its own (the key is never stored: key_env names the environment variable that holds it)
CREATE TABLE taxii_feed (
    name TEXT PRIMARY KEY,
    url TEXT NOT NULL,
    collection_id TEXT NOT NULL REFERENCES collection(id),
    key_env TEXT,
    added_after TEXT,
    last_poll_at TEXT,
    last_ok_at TEXT,
    last_error TEXT,
    objects_taken INTEGER NOT NULL DEFAULT 0,
    objects_withheld INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
);
