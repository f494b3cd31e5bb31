-- 10: TAXII versions and dates as microsecond instants (fk_taxii_migrate_instants, after this SQL); one version of an object may exist in STIX 2.0 and 2.1, so the specification version joins the key (SQLite changes a key by rebuilding)
CREATE TABLE taxii_object_new (
    seq INTEGER PRIMARY KEY,
    collection_id TEXT NOT NULL REFERENCES collection(id) ON DELETE CASCADE,
    object_id TEXT NOT NULL,
    version TEXT NOT NULL,
    type TEXT NOT NULL,
    spec_version TEXT NOT NULL,
    date_added TEXT NOT NULL,
    object TEXT NOT NULL,
    UNIQUE (collection_id, object_id, version, spec_version)
);
INSERT INTO taxii_object_new SELECT seq, collection_id, object_id, version, type, spec_version, date_added, object FROM taxii_object;
DROP TABLE taxii_object;
ALTER TABLE taxii_object_new RENAME TO taxii_object;
CREATE INDEX taxii_object_added ON taxii_object(collection_id, date_added, seq);
CREATE INDEX taxii_object_seq ON taxii_object(collection_id, seq);
CREATE INDEX taxii_object_id ON taxii_object(collection_id, object_id, version);
CREATE INDEX taxii_object_spec ON taxii_object(collection_id, object_id, spec_version);
