-- 35: the ledger's programs and the match tables stored in the order of their keys
-- (WITHOUT ROWID) rather than beside a row number with the key in an index of its own.
-- - asset_software: matching a few changed records asks, for each name a rule needs the
--   rest of a system for, which systems run it and what else they run. Through the row
--   number each of those rows was one more search of the table; kept by the key, the
--   name's index answers which systems and the key's order holds what each runs.
-- - vuln_product, vuln_name_match, vuln_match: a changed record's rows are removed and
--   written again; each row was in the table and in its key's index, now only in the
--   table. An update of 1,000 records (bench/vulns.sh) wrote 12,410 pages instead of
--   13,549.
-- The view over the match tables is dropped and made again around the rebuilds.
DROP VIEW vuln_match_all;

CREATE TABLE asset_software_new (
    asset_id INTEGER NOT NULL REFERENCES asset(id) ON DELETE CASCADE,
    cpe TEXT NOT NULL,
    product TEXT NOT NULL,
    derived INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (asset_id, cpe)
) WITHOUT ROWID;
INSERT INTO asset_software_new (asset_id, cpe, product, derived)
    SELECT asset_id, cpe, product, derived FROM asset_software ORDER BY asset_id, cpe;
DROP TABLE asset_software;
ALTER TABLE asset_software_new RENAME TO asset_software;
CREATE INDEX asset_software_cpe ON asset_software(cpe);
CREATE INDEX asset_software_product_cpe ON asset_software(product, cpe);

CREATE TABLE vuln_product_new (
    product TEXT NOT NULL,
    vuln_id TEXT NOT NULL,
    PRIMARY KEY (product, vuln_id)
) WITHOUT ROWID;
INSERT INTO vuln_product_new (product, vuln_id)
    SELECT product, vuln_id FROM vuln_product ORDER BY product, vuln_id;
DROP TABLE vuln_product;
ALTER TABLE vuln_product_new RENAME TO vuln_product;
CREATE INDEX vuln_product_vuln ON vuln_product(vuln_id);

CREATE TABLE vuln_name_match_new (
    cpe TEXT NOT NULL,
    vuln_id TEXT NOT NULL,
    confidence TEXT NOT NULL
        CHECK (confidence = 'version' OR confidence = 'product' OR confidence = 'unversioned'),
    evidence TEXT NOT NULL,
    found_ms INTEGER NOT NULL,
    PRIMARY KEY (cpe, vuln_id)
) WITHOUT ROWID;
INSERT INTO vuln_name_match_new (cpe, vuln_id, confidence, evidence, found_ms)
    SELECT cpe, vuln_id, confidence, evidence, found_ms FROM vuln_name_match
     ORDER BY cpe, vuln_id;
DROP TABLE vuln_name_match;
ALTER TABLE vuln_name_match_new RENAME TO vuln_name_match;
CREATE INDEX vuln_name_match_vuln ON vuln_name_match(vuln_id);

CREATE TABLE vuln_match_new (
    asset_id INTEGER NOT NULL REFERENCES asset(id) ON DELETE CASCADE,
    vuln_id TEXT NOT NULL,
    org_id INTEGER NOT NULL,
    confidence TEXT NOT NULL
        CHECK (confidence = 'version' OR confidence = 'product' OR confidence = 'unversioned'),
    cpe TEXT NOT NULL,
    evidence TEXT NOT NULL,
    found_ms INTEGER NOT NULL,
    PRIMARY KEY (asset_id, vuln_id)
) WITHOUT ROWID;
INSERT INTO vuln_match_new (asset_id, vuln_id, org_id, confidence, cpe, evidence, found_ms)
    SELECT asset_id, vuln_id, org_id, confidence, cpe, evidence, found_ms FROM vuln_match
     ORDER BY asset_id, vuln_id;
DROP TABLE vuln_match;
ALTER TABLE vuln_match_new RENAME TO vuln_match;
CREATE INDEX vuln_match_vuln ON vuln_match(vuln_id);
CREATE INDEX vuln_match_org ON vuln_match(org_id, vuln_id);

CREATE VIEW vuln_match_all AS
    SELECT s.asset_id, a.org_id, n.vuln_id, n.confidence, n.cpe,
           replace(n.evidence, ' takes in *', ' takes in ' || n.cpe) AS evidence, n.found_ms
      FROM vuln_name_match n JOIN asset_software s ON s.cpe = n.cpe JOIN asset a ON a.id = s.asset_id
    UNION ALL
    SELECT asset_id, org_id, vuln_id, confidence, cpe, evidence, found_ms FROM vuln_match;
