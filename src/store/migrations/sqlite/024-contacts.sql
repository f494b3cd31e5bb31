-- 24: the contact registry (issue 16): per organisation, people and hotlines with their
-- role, channel and language, in escalation order, in two chains: normal operation and
-- large-scale failure (大規模IT障害対応時). The centre's mode says which chain routing
-- follows. A contact removed stays (its drill results refer to it) with removed_ms.
-- Reachability drills: a check per contact, each with a one-time acknowledgement token
-- (its SHA-256 only), when it was sent and answered, and through which channel.
CREATE TABLE contact (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organisation(id),
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    channel TEXT NOT NULL CHECK (channel IN ('email', 'phone', 'hotline')),
    address TEXT NOT NULL,
    lang TEXT NOT NULL CHECK (lang IN ('ja', 'en')),
    chain TEXT NOT NULL CHECK (chain IN ('normal', 'large-scale')),
    position INTEGER NOT NULL,
    created_ms INTEGER NOT NULL,
    removed_ms INTEGER
);
CREATE INDEX contact_org ON contact(org_id, chain, position);
INSERT INTO setting (key, value) VALUES ('contact_mode', 'normal');
CREATE TABLE drill (
    id INTEGER PRIMARY KEY,
    chain TEXT NOT NULL,
    started_by TEXT NOT NULL,
    started_ms INTEGER NOT NULL
);
CREATE TABLE drill_check (
    drill_id INTEGER NOT NULL REFERENCES drill(id),
    contact_id INTEGER NOT NULL REFERENCES contact(id),
    token_sha256 BLOB NOT NULL UNIQUE,
    sent_ms INTEGER,
    send_error TEXT NOT NULL DEFAULT '',
    acked_ms INTEGER,
    ack_via TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (drill_id, contact_id)
);
