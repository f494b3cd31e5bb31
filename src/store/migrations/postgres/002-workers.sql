-- 2 (SQLite 13): the detection workers a hub's health view shows (fukurou worker, one row per
-- process, written by its heartbeat): when each was last seen, what it has done, and how
-- many batches came to it a second time (another worker had taken them and died).
CREATE TABLE worker (
    name TEXT COLLATE "C" PRIMARY KEY,
    host TEXT COLLATE "C" NOT NULL,
    pid BIGINT NOT NULL,
    started_ms BIGINT NOT NULL,
    last_seen_ms BIGINT NOT NULL,
    batches BIGINT NOT NULL DEFAULT 0,
    events BIGINT NOT NULL DEFAULT 0,
    alerts BIGINT NOT NULL DEFAULT 0,
    redeliveries BIGINT NOT NULL DEFAULT 0,
    stopped BIGINT NOT NULL DEFAULT 0
);
