-- 29: advisories to exactly the members a vulnerability concerns, and the compensating
-- measures of the industrial-control systems that cannot be patched at once.
-- A release may name organisations among its readers (kind 'organisation', name: the
-- organisation's name): SQLite cannot change a CHECK, so both reader tables are built
-- again with the wider one and their rows carried over.
CREATE TABLE collection_reader_029 (
    collection_id TEXT NOT NULL REFERENCES collection(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('public', 'all_members', 'sector', 'group', 'organisation')),
    name TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (collection_id, kind, name)
);
INSERT INTO collection_reader_029 SELECT collection_id, kind, name FROM collection_reader;
DROP TABLE collection_reader;
ALTER TABLE collection_reader_029 RENAME TO collection_reader;
CREATE TABLE release_reader_029 (
    release_id INTEGER NOT NULL REFERENCES release(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('public', 'all_members', 'sector', 'group', 'organisation')),
    name TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (release_id, kind, name)
);
INSERT INTO release_reader_029 SELECT release_id, kind, name FROM release_reader;
DROP TABLE release_reader;
ALTER TABLE release_reader_029 RENAME TO release_reader;
-- A draft release of an advisory: the centre's report about one vulnerability and the
-- decision that would release it to the organisations it concerns; the release made
-- at once to those with early delivery, and the one made when an analyst released it.
CREATE TABLE advisory_draft (
    report_id INTEGER PRIMARY KEY REFERENCES report(id),
    vuln_id TEXT NOT NULL,
    decision TEXT NOT NULL,
    early_release_id INTEGER REFERENCES release(id),
    release_id INTEGER REFERENCES release(id),
    created_ms INTEGER NOT NULL
);
CREATE INDEX advisory_draft_vuln ON advisory_draft(vuln_id);
-- What stands in for a patch on an industrial-control system: the measure, its state
-- and when it is looked at again; one record per system and vulnerability.
CREATE TABLE vuln_measure (
    asset_id INTEGER NOT NULL REFERENCES asset(id) ON DELETE CASCADE,
    vuln_id TEXT NOT NULL,
    measure TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('planned', 'in-place', 'patched')),
    review_by TEXT NOT NULL DEFAULT '',
    recorded_by TEXT NOT NULL,
    recorded_ms INTEGER NOT NULL,
    PRIMARY KEY (asset_id, vuln_id)
);
