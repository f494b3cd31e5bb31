-- 3 (SQLite 14): who owns what among the processes of a scaled-out centre. A lease is a
-- name ("member:<worker>" while a worker lives, "partition:<n>" for the member
-- organisations whose batches one worker alone processes, "correlator" for the one hub
-- that stores the workers' alerts and correlates across organisations), its holder and
-- when it runs out unless renewed.
CREATE TABLE lease (
    name TEXT COLLATE "C" PRIMARY KEY,
    owner TEXT COLLATE "C" NOT NULL,
    expires_ms BIGINT NOT NULL
);
-- The alert messages workers sent back over the bus that the store has applied, by
-- message key: a message given twice is applied once, and a batch is done once all its
-- parts are in.
CREATE TABLE alert_delivery (
    key TEXT COLLATE "C" PRIMARY KEY,
    batch_id BIGINT NOT NULL,
    alerts BIGINT NOT NULL,
    at_ms BIGINT NOT NULL
);
CREATE INDEX alert_delivery_batch ON alert_delivery (batch_id) WHERE batch_id > 0;
CREATE INDEX alert_delivery_at ON alert_delivery (at_ms);
