-- 7 (SQLite 17): alerts a member's collector raised itself (local matching) arrive before
-- the batch whose lines raised them, under the batch's key. One row per delivery: the key
-- makes a second delivery a duplicate, and the indicators it reported (one per line) are
-- the ones the hub's own detection of that batch leaves to it, so each is counted once.
CREATE TABLE edge_delivery (
    org_id BIGINT NOT NULL REFERENCES organisation(id),
    batch_key TEXT COLLATE "C" NOT NULL,
    received_ms BIGINT NOT NULL,
    alerts BIGINT NOT NULL,
    indicators TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (org_id, batch_key)
);
