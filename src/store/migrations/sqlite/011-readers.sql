-- 11: "who may read" as plain rows rather than JSON, so that every backend's SQL can
-- express the rule of model/audience without JSON functions. The audience JSON stays
-- as what the API showed and took; these rows are what queries filter on. A row is one
-- name the audience gives: kind 'public' or 'all_members' (name ''), 'sector' (a sector
-- code) or 'group' (a group name). Filled from the JSON by fk_readers_migrate.
CREATE TABLE collection_reader (
    collection_id TEXT NOT NULL REFERENCES collection(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('public', 'all_members', 'sector', 'group')),
    name TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (collection_id, kind, name)
);
CREATE TABLE release_reader (
    release_id INTEGER NOT NULL REFERENCES release(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('public', 'all_members', 'sector', 'group')),
    name TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (release_id, kind, name)
);
-- the groups whose members may add objects to a collection
CREATE TABLE collection_writer (
    collection_id TEXT NOT NULL REFERENCES collection(id) ON DELETE CASCADE,
    group_name TEXT NOT NULL,
    PRIMARY KEY (collection_id, group_name)
);
