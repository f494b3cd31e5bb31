-- A name's answer no longer repeats the name it is about: the evidence of a row of
-- vuln_name_match says ' takes in *' where the name (the row's cpe) stood, and
-- vuln_match_all puts the name back. A full match after a bulk load writes a million
-- such rows, and the repeated name was a quarter of what it wrote (store/matches.c).
UPDATE vuln_name_match SET evidence = replace(evidence, ' takes in ' || cpe, ' takes in *')
 WHERE instr(evidence, ' takes in ' || cpe) > 0;
DROP VIEW vuln_match_all;
CREATE VIEW vuln_match_all AS
    SELECT s.asset_id, a.org_id, n.vuln_id, n.confidence, n.cpe,
           replace(n.evidence, ' takes in *', ' takes in ' || n.cpe) AS evidence, n.found_ms
      FROM vuln_name_match n JOIN asset_software s ON s.cpe = n.cpe JOIN asset a ON a.id = s.asset_id
    UNION ALL
    SELECT asset_id, org_id, vuln_id, confidence, cpe, evidence, found_ms FROM vuln_match;
