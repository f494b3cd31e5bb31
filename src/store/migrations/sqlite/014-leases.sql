-- 14: who owns what among the processes of a scaled-out centre. A lease is a name
-- ("member:<worker>" while a worker lives, "partition:<n>" for the member organisations
-- whose batches one worker alone processes, "correlator" for the one hub that stores the
-- workers' alerts and correlates across organisations), its holder and when it runs out
-- unless renewed.
CREATE TABLE lease (
    name TEXT PRIMARY KEY,
    owner TEXT NOT NULL,
    expires_ms INTEGER NOT NULL
);
-- The alert messages workers sent back over the bus that the store has applied, by
-- message key ("alerts-<batch>-<part>" or a worker's flush): a message given twice is
-- applied once, and a batch is done once all its parts are in.
CREATE TABLE alert_delivery (
    key TEXT PRIMARY KEY,
    batch_id INTEGER NOT NULL,
    alerts INTEGER NOT NULL,
    at_ms INTEGER NOT NULL
);
CREATE INDEX alert_delivery_batch ON alert_delivery (batch_id) WHERE batch_id > 0;
CREATE INDEX alert_delivery_at ON alert_delivery (at_ms);
