-- 4: TAXII API roots declared with their own titles
CREATE TABLE api_root (
    name TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
