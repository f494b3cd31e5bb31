-- 32: the match tables' confidence checked by comparisons instead of IN. SQLite 3.40
-- codes a CHECK's IN list of three or more constants as a temporary table built for
-- every row inserted (open, fill, search, close): 2.3 of the 5.6 s that writing a full
-- match's 778,000 new name answers took on the bench store (bench/vulns.sh). The same
-- rule, the same rows; the tables are rebuilt because SQLite cannot alter a constraint,
-- and the view over both is dropped and made again around them.
DROP VIEW vuln_match_all;
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
);
INSERT INTO vuln_match_new (asset_id, vuln_id, org_id, confidence, cpe, evidence, found_ms)
    SELECT asset_id, vuln_id, org_id, confidence, cpe, evidence, found_ms FROM vuln_match
     ORDER BY asset_id, vuln_id;
DROP TABLE vuln_match;
ALTER TABLE vuln_match_new RENAME TO vuln_match;
CREATE INDEX vuln_match_vuln ON vuln_match(vuln_id);
CREATE INDEX vuln_match_org ON vuln_match(org_id, vuln_id);
CREATE TABLE vuln_name_match_new (
    cpe TEXT NOT NULL,
    vuln_id TEXT NOT NULL,
    confidence TEXT NOT NULL
        CHECK (confidence = 'version' OR confidence = 'product' OR confidence = 'unversioned'),
    evidence TEXT NOT NULL,
    found_ms INTEGER NOT NULL,
    PRIMARY KEY (cpe, vuln_id)
);
INSERT INTO vuln_name_match_new (cpe, vuln_id, confidence, evidence, found_ms)
    SELECT cpe, vuln_id, confidence, evidence, found_ms FROM vuln_name_match
     ORDER BY cpe, vuln_id;
DROP TABLE vuln_name_match;
ALTER TABLE vuln_name_match_new RENAME TO vuln_name_match;
CREATE INDEX vuln_name_match_vuln ON vuln_name_match(vuln_id);
CREATE VIEW vuln_match_all AS
    SELECT s.asset_id, a.org_id, n.vuln_id, n.confidence, n.cpe, n.evidence, n.found_ms
      FROM vuln_name_match n JOIN asset_software s ON s.cpe = n.cpe JOIN asset a ON a.id = s.asset_id
    UNION ALL
    SELECT asset_id, org_id, vuln_id, confidence, cpe, evidence, found_ms FROM vuln_match;
