-- 28: the asset ledger and the vulnerability records (issue 17). One row per
-- vulnerability, keyed by its CVE when it has one: each source (NVD, JVN) keeps its own
-- normalised record in its column, so that the order sources arrive in does not matter
-- and a later import of one never erases another's; KEV and EPSS add their facts to the
-- same row. vuln_alias links the other identifiers (JVNDB) to it; vuln_product is the
-- index matching looks candidates up by. Each member's systems and what they run (CPE
-- 2.3) are the ledger; what applies to which system, and why, is kept per program name
-- (vuln_name_match) and per system (vuln_match), read together through vuln_match_all.
CREATE TABLE vuln (
    id TEXT PRIMARY KEY,
    modified TEXT NOT NULL DEFAULT '',
    published TEXT,
    title TEXT NOT NULL DEFAULT '',
    cvss_version TEXT,
    cvss_vector TEXT,
    cvss_score REAL,
    severity TEXT,
    kev_added TEXT,
    kev_due TEXT,
    kev_action TEXT,
    kev_ransomware INTEGER NOT NULL DEFAULT 0,
    epss REAL,
    epss_percentile REAL,
    epss_date TEXT,
    versions INTEGER NOT NULL DEFAULT 0,
    configurations TEXT NOT NULL DEFAULT '[]',
    nvd TEXT,
    nvd_modified TEXT,
    jvn TEXT,
    jvn_modified TEXT,
    cvss_source TEXT,
    config_source TEXT,
    changed_ms INTEGER NOT NULL
);
CREATE INDEX vuln_changed ON vuln(changed_ms);
CREATE INDEX vuln_modified ON vuln(modified);
CREATE TABLE vuln_alias (
    alias TEXT NOT NULL,
    vuln_id TEXT NOT NULL,
    PRIMARY KEY (alias, vuln_id)
);
CREATE INDEX vuln_alias_vuln ON vuln_alias(vuln_id);
CREATE TABLE vuln_product (
    product TEXT NOT NULL,
    vuln_id TEXT NOT NULL,
    PRIMARY KEY (product, vuln_id)
);
CREATE INDEX vuln_product_vuln ON vuln_product(vuln_id);
CREATE TABLE vuln_feed (
    feed TEXT PRIMARY KEY,
    last_modified TEXT,
    imported_ms INTEGER NOT NULL,
    records INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE asset (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organisation(id),
    name TEXT NOT NULL,
    owner TEXT NOT NULL DEFAULT '',
    egress TEXT NOT NULL DEFAULT '',
    operation TEXT NOT NULL CHECK (operation IN ('in-house', 'outsourced', 'cloud')),
    classification TEXT NOT NULL DEFAULT '',
    exposure TEXT NOT NULL CHECK (exposure IN ('internet', 'internal', 'isolated')),
    criticality TEXT NOT NULL CHECK (criticality IN ('low', 'medium', 'high', 'critical')),
    ics INTEGER NOT NULL DEFAULT 0,
    compensating TEXT NOT NULL DEFAULT '',
    cc_certification TEXT NOT NULL DEFAULT '',
    crypto TEXT NOT NULL DEFAULT '[]',
    notes TEXT NOT NULL DEFAULT '',
    updated_ms INTEGER NOT NULL,
    UNIQUE (org_id, name)
);
CREATE TABLE asset_software (
    asset_id INTEGER NOT NULL REFERENCES asset(id) ON DELETE CASCADE,
    cpe TEXT NOT NULL,
    product TEXT NOT NULL,
    derived INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (asset_id, cpe)
);
CREATE INDEX asset_software_product ON asset_software(product);
CREATE INDEX asset_software_cpe ON asset_software(cpe);
CREATE TABLE vuln_match (
    asset_id INTEGER NOT NULL REFERENCES asset(id) ON DELETE CASCADE,
    vuln_id TEXT NOT NULL,
    org_id INTEGER NOT NULL,
    confidence TEXT NOT NULL CHECK (confidence IN ('version', 'product', 'unversioned')),
    cpe TEXT NOT NULL,
    evidence TEXT NOT NULL,
    found_ms INTEGER NOT NULL,
    PRIMARY KEY (asset_id, vuln_id)
);
CREATE INDEX vuln_match_vuln ON vuln_match(vuln_id);
-- What a rule that looks at one program at a time says of a program's name: every system
-- running that name shares it, so it is kept once per name, not once per system (a
-- fleet runs a few builds of each product: 100,000 systems share some 200,000 names).
CREATE TABLE vuln_name_match (
    cpe TEXT NOT NULL,
    vuln_id TEXT NOT NULL,
    confidence TEXT NOT NULL CHECK (confidence IN ('version', 'product', 'unversioned')),
    evidence TEXT NOT NULL,
    found_ms INTEGER NOT NULL,
    PRIMARY KEY (cpe, vuln_id)
);
CREATE INDEX vuln_name_match_vuln ON vuln_name_match(vuln_id);
-- Every system a vulnerability applies to: through the names it runs, and (vuln_match)
-- where the rule depends on what else the system runs. A system running two matching
-- names of one vulnerability appears twice.
CREATE VIEW vuln_match_all AS
    SELECT s.asset_id, a.org_id, n.vuln_id, n.confidence, n.cpe, n.evidence, n.found_ms
      FROM vuln_name_match n JOIN asset_software s ON s.cpe = n.cpe JOIN asset a ON a.id = s.asset_id
    UNION ALL
    SELECT asset_id, org_id, vuln_id, confidence, cpe, evidence, found_ms FROM vuln_match;
CREATE INDEX vuln_match_org ON vuln_match(org_id, vuln_id);
ALTER TABLE organisation ADD COLUMN early_delivery INTEGER NOT NULL DEFAULT 0;
