-- 5: continuous monitoring: key permissions, ingested batches (kept raw for forensics), alerts, per-member metering and sources
ALTER TABLE api_key ADD COLUMN permissions TEXT NOT NULL DEFAULT 'api';
CREATE TABLE ingest_batch (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organisation(id),
    batch_key TEXT NOT NULL,
    source TEXT NOT NULL DEFAULT '',
    format TEXT NOT NULL DEFAULT 'auto',
    received_at TEXT NOT NULL,
    received_ms INTEGER NOT NULL,
    lines INTEGER NOT NULL,
    malformed INTEGER NOT NULL,
    bytes INTEGER NOT NULL,
    digest TEXT NOT NULL,
    body BLOB,
    state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'done')),
    processed_ms INTEGER,
    events INTEGER NOT NULL DEFAULT 0,
    alerts INTEGER NOT NULL DEFAULT 0,
    UNIQUE (org_id, batch_key)
);
CREATE INDEX ingest_batch_pending ON ingest_batch(state, id);
CREATE TABLE alert (
    id INTEGER PRIMARY KEY,
    org_id INTEGER REFERENCES organisation(id),
    fingerprint TEXT NOT NULL,
    engine TEXT NOT NULL,
    rule_id TEXT NOT NULL,
    title TEXT NOT NULL,
    severity TEXT NOT NULL,
    severity_rank INTEGER NOT NULL,
    first_ms INTEGER NOT NULL,
    last_ms INTEGER NOT NULL,
    count INTEGER NOT NULL,
    field TEXT NOT NULL DEFAULT '',
    value TEXT NOT NULL DEFAULT '',
    src_ip TEXT NOT NULL DEFAULT '',
    target TEXT NOT NULL DEFAULT '',
    indicator TEXT NOT NULL DEFAULT '',
    detail TEXT NOT NULL DEFAULT '{}',
    batch_id INTEGER,
    state TEXT NOT NULL DEFAULT 'new' CHECK (state IN ('new', 'acknowledged', 'false-positive', 'escalated')),
    state_by TEXT,
    state_at TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX alert_open ON alert(org_id, fingerprint) WHERE state IN ('new', 'acknowledged');
CREATE INDEX alert_org ON alert(org_id, id);
CREATE TABLE metering (
    org_id INTEGER NOT NULL REFERENCES organisation(id),
    day TEXT NOT NULL,
    batches INTEGER NOT NULL DEFAULT 0,
    events INTEGER NOT NULL DEFAULT 0,
    bytes INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (org_id, day)
);
CREATE TABLE ingest_source (
    org_id INTEGER NOT NULL REFERENCES organisation(id),
    name TEXT NOT NULL,
    last_seen_ms INTEGER NOT NULL,
    last_event_ms INTEGER,
    lag_ms INTEGER,
    PRIMARY KEY (org_id, name)
);
