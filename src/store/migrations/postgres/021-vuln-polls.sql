-- (SQLite 31) the hub's polls of the live vulnerability APIs: when, and how they went.
CREATE TABLE vuln_poll (
    api TEXT PRIMARY KEY,
    started_ms BIGINT NOT NULL,
    finished_ms BIGINT,
    state TEXT NOT NULL CHECK (state IN ('running', 'done', 'failed')),
    outcome TEXT NOT NULL DEFAULT ''
);
