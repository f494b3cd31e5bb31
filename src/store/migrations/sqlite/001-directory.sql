-- 1: the member directory and the audit log
CREATE TABLE organisation (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    sector TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE org_identifier (
    org_id INTEGER NOT NULL REFERENCES organisation(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('domain', 'network', 'email', 'name')),
    value TEXT NOT NULL,
    PRIMARY KEY (org_id, kind, value)
);
CREATE TABLE member_group (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    description TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
CREATE TABLE group_member (
    group_id INTEGER NOT NULL REFERENCES member_group(id) ON DELETE CASCADE,
    org_id INTEGER NOT NULL REFERENCES organisation(id) ON DELETE CASCADE,
    PRIMARY KEY (group_id, org_id)
);
CREATE TABLE account (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    org_id INTEGER NOT NULL REFERENCES organisation(id),
    role TEXT NOT NULL CHECK (role IN ('centre-admin', 'centre-analyst', 'member-reporter', 'member-reader')),
    password_hash TEXT,
    disabled INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
);
CREATE TABLE api_key (
    id TEXT PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES account(id),
    secret_sha256 BLOB NOT NULL,
    label TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    revoked_at TEXT
);
CREATE TABLE audit (
    seq INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    object TEXT NOT NULL,
    detail TEXT NOT NULL,
    prev_hash BLOB NOT NULL,
    hash BLOB NOT NULL
);
