-- 2: reports from members, triage, releases, and the hub's own STIX identity
CREATE TABLE setting (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
INSERT INTO setting VALUES ('hub_identity', 'identity--' || lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6))));
CREATE TABLE report (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organisation(id),
    account_id INTEGER NOT NULL REFERENCES account(id),
    type TEXT NOT NULL,
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    fields TEXT NOT NULL,
    indicators TEXT NOT NULL,
    tlp TEXT NOT NULL,
    pap TEXT NOT NULL,
    consent TEXT NOT NULL CHECK (consent IN ('centre', 'sector', 'members', 'public')),
    impact TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'triaged', 'merged', 'released')),
    merged_into INTEGER REFERENCES report(id),
    severity INTEGER,
    severity_scale TEXT,
    severity_reasons TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX report_org ON report(org_id);
CREATE TABLE release (
    id INTEGER PRIMARY KEY,
    report_id INTEGER NOT NULL REFERENCES report(id),
    stix_report_id TEXT NOT NULL UNIQUE,
    audience TEXT NOT NULL,
    tier TEXT NOT NULL CHECK (tier IN ('immediate', 'advisory', 'general')),
    deadline TEXT NOT NULL,
    released_by INTEGER NOT NULL REFERENCES account(id),
    released_at TEXT NOT NULL,
    bundle TEXT NOT NULL
);
CREATE INDEX release_report ON release(report_id);
