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
-- Support (seed 002's catalogue): what supporting organisations can do, which
-- organisation offers what, and requests for support on a case, each with its state and
-- respond-by time. The catalogue is data the centre edits; these are its first entries.
CREATE TABLE support_capability (
    code TEXT PRIMARY KEY,
    name_ja TEXT NOT NULL,
    name_en TEXT NOT NULL
);
INSERT INTO support_capability VALUES
    ('destination-investigation', '不正な通信先の調査', 'investigating illicit destinations'),
    ('malware-analysis', '不正プログラムの解析', 'analysing malicious programs'),
    ('site-takedown', '不正サイトの停止', 'taking down malicious sites'),
    ('app-distribution-stop', '不正アプリの配布停止', 'stopping the distribution of malicious apps'),
    ('user-warning', '利用者への注意喚起', 'warning users'),
    ('first-response-advice', '初動対応の助言', 'advice on the first response'),
    ('recovery-advice', '事後対応の助言', 'advice after the incident');
CREATE TABLE supporter (
    org_id INTEGER NOT NULL REFERENCES organisation(id),
    capability TEXT NOT NULL REFERENCES support_capability(code),
    PRIMARY KEY (org_id, capability)
);
CREATE TABLE support_request (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES case_record(id),
    supporter_id INTEGER NOT NULL REFERENCES organisation(id),
    capability TEXT NOT NULL REFERENCES support_capability(code),
    description TEXT NOT NULL,
    state TEXT NOT NULL,
    due_ms INTEGER,
    created_ms INTEGER NOT NULL,
    updated_ms INTEGER NOT NULL
);
CREATE INDEX support_request_supporter ON support_request(supporter_id, id);
CREATE INDEX support_request_case ON support_request(case_id, id);
