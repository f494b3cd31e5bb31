-- 22: the result of the last full check of the audit chain (one row). Recomputing a
-- chain of hundreds of thousands of entries takes a third of a second or more, too long
-- for every view of the audit page: the page checks the entries after this one, and the
-- whole chain is checked again hourly by the hub, on demand, and by
-- `fukurou admin verify-audit`, each time recorded here with when it ran.
CREATE TABLE audit_checkpoint (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    seq INTEGER NOT NULL,
    hash BLOB NOT NULL,
    entries INTEGER NOT NULL,
    first_bad INTEGER NOT NULL,
    why TEXT NOT NULL,
    checked_ms INTEGER NOT NULL
);
