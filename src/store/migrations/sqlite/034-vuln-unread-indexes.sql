-- No query reads a vulnerability by when it changed or by its source's modification
-- time: the two indexes were only kept up. Each changed record moved an entry in both,
-- about a tenth of the pages an update of 1,000 records wrote (bench/vulns.sh).
DROP INDEX IF EXISTS vuln_changed;
DROP INDEX IF EXISTS vuln_modified;
