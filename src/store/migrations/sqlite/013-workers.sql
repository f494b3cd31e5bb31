-- 13: the detection workers a hub's health view shows (fukurou worker, one row per
-- process, written by its heartbeat): when each was last seen, what it has done, and how
-- many batches came to it a second time (another worker had taken them and died).
CREATE TABLE worker (
    name TEXT PRIMARY KEY,
    host TEXT NOT NULL,
    pid INTEGER NOT NULL,
    started_ms INTEGER NOT NULL,
    last_seen_ms INTEGER NOT NULL,
    batches INTEGER NOT NULL DEFAULT 0,
    events INTEGER NOT NULL DEFAULT 0,
    alerts INTEGER NOT NULL DEFAULT 0,
    redeliveries INTEGER NOT NULL DEFAULT 0,
    stopped INTEGER NOT NULL DEFAULT 0
);
