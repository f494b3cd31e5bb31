-- 30: the distinct names the ledger runs of some products, read from the index alone (a
-- few changed vulnerabilities are matched against those names rather than every system);
-- it serves every lookup by product the index it replaces served.
CREATE INDEX asset_software_product_cpe ON asset_software(product, cpe);
DROP INDEX asset_software_product;
