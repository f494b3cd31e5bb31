-- 12 (SQLite 22): the result of the last full check of the audit chain (one row). Recomputing a
-- chain of hundreds of thousands of entries takes a third of a second or more, too long
-- for every view of the audit page: the page checks the entries after this one, and the
-- whole chain is checked again hourly by the hub, on demand, and by
-- `fukurou admin verify-audit`, each time recorded here with when it ran.
CREATE TABLE audit_checkpoint (
    id BIGINT PRIMARY KEY CHECK (id = 1),
    seq BIGINT NOT NULL,
    hash BYTEA NOT NULL,
    entries BIGINT NOT NULL,
    first_bad BIGINT NOT NULL,
    why TEXT COLLATE "C" NOT NULL,
    checked_ms BIGINT NOT NULL
);
