-- 23: incident coordination (issue 16): cases of the workflow's kinds (cases/workflow.c)
-- about one organisation, what they link to, their tasks. A case's timeline is not a
-- table of its own: every change is an entry of the hash-chained audit log whose object
-- is "case:<id>", found by the index below, so the timeline cannot be rewritten without
-- breaking the chain.
CREATE TABLE case_record (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    org_id INTEGER NOT NULL REFERENCES organisation(id),
    opened_by INTEGER NOT NULL REFERENCES account(id),
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    finder TEXT NOT NULL DEFAULT '',
    state TEXT NOT NULL,
    severity INTEGER,
    assignee TEXT NOT NULL DEFAULT '',
    created_ms INTEGER NOT NULL,
    updated_ms INTEGER NOT NULL,
    state_ms INTEGER NOT NULL
);
CREATE INDEX case_org ON case_record(org_id, id);
CREATE INDEX case_state ON case_record(state, id);
CREATE TABLE case_link (
    case_id INTEGER NOT NULL REFERENCES case_record(id),
    kind TEXT NOT NULL CHECK (kind IN ('alert', 'report', 'release', 'indicator', 'asset')),
    ref TEXT NOT NULL,
    added_ms INTEGER NOT NULL,
    PRIMARY KEY (case_id, kind, ref)
);
CREATE TABLE case_task (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES case_record(id),
    title TEXT NOT NULL,
    owner TEXT NOT NULL,
    due_ms INTEGER,
    done_ms INTEGER,
    created_ms INTEGER NOT NULL
);
CREATE INDEX case_task_case ON case_task(case_id, id);
CREATE INDEX audit_object ON audit(object, seq);
