-- 4 (SQLite 15): whether a batch is known to be on the shared bus (JetStream acknowledged
-- its publish). A hub republishes only the pending batches that are not: republishing
-- every pending one at each start would, past JetStream's two-minute de-duplication
-- window, put a second copy of batches already on the bus, or already detected with their
-- alerts waiting for the hub, in front of the workers. Batches of before are taken as
-- published.
ALTER TABLE ingest_batch ADD COLUMN published BIGINT NOT NULL DEFAULT 1;
