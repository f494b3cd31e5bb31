-- (SQLite 30) the distinct names the ledger runs of some products, from the index alone.
CREATE INDEX asset_software_product_cpe ON asset_software(product, cpe);
DROP INDEX asset_software_product;
