-- 12: a report's numbers of indicators and CVEs as columns, written with the report, so
-- that listings show them without reading the lists (a report may hold tens of
-- thousands) and without JSON functions in their SQL.
ALTER TABLE report ADD COLUMN indicator_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE report ADD COLUMN cve_count INTEGER NOT NULL DEFAULT 0;
UPDATE report SET indicator_count = coalesce(json_array_length(indicators, '$.indicators'), 0),
    cve_count = coalesce(json_array_length(indicators, '$.cves'), 0);
