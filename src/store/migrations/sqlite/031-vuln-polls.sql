-- 31: the hub's polls of the live vulnerability APIs (NVD, MyJVN): when the last began
-- and ended, and how it went (its summary, or the error that stopped it), so that a
-- restarted hub keeps the interval and an analyst sees a feed that stopped arriving.
CREATE TABLE vuln_poll (
    api TEXT PRIMARY KEY,
    started_ms INTEGER NOT NULL,
    finished_ms INTEGER,
    state TEXT NOT NULL CHECK (state IN ('running', 'done', 'failed')),
    outcome TEXT NOT NULL DEFAULT ''
);
