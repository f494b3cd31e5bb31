-- No query reads a vulnerability by when it changed or by its source's modification
-- time: the two indexes were only kept up (see the SQLite migration 034).
DROP INDEX IF EXISTS vuln_changed;
DROP INDEX IF EXISTS vuln_modified;
