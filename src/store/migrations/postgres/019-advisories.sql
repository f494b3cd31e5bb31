-- (SQLite 29) advisories to exactly the members a vulnerability concerns, and the
-- compensating measures of industrial-control systems. A release may name
-- organisations among its readers (kind 'organisation').
ALTER TABLE collection_reader DROP CONSTRAINT collection_reader_kind_check;
ALTER TABLE collection_reader ADD CONSTRAINT collection_reader_kind_check
    CHECK (kind IN ('public', 'all_members', 'sector', 'group', 'organisation'));
ALTER TABLE release_reader DROP CONSTRAINT release_reader_kind_check;
ALTER TABLE release_reader ADD CONSTRAINT release_reader_kind_check
    CHECK (kind IN ('public', 'all_members', 'sector', 'group', 'organisation'));
CREATE TABLE advisory_draft (
    report_id BIGINT PRIMARY KEY REFERENCES report(id),
    vuln_id TEXT COLLATE "C" NOT NULL,
    decision TEXT COLLATE "C" NOT NULL,
    early_release_id BIGINT REFERENCES release(id),
    release_id BIGINT REFERENCES release(id),
    created_ms BIGINT NOT NULL
);
CREATE INDEX advisory_draft_vuln ON advisory_draft(vuln_id);
CREATE TABLE vuln_measure (
    asset_id BIGINT NOT NULL REFERENCES asset(id) ON DELETE CASCADE,
    vuln_id TEXT COLLATE "C" NOT NULL,
    measure TEXT COLLATE "C" NOT NULL,
    state TEXT COLLATE "C" NOT NULL CHECK (state IN ('planned', 'in-place', 'patched')),
    review_by TEXT COLLATE "C" NOT NULL DEFAULT '',
    recorded_by TEXT COLLATE "C" NOT NULL,
    recorded_ms BIGINT NOT NULL,
    PRIMARY KEY (asset_id, vuln_id)
);
