-- 27: e-mail notices and release receipts (issue 16). A change of a case, a step of a
-- support request and a new or overdue release queue, in the change's own transaction,
-- one message per organisation told (to its first e-mail contact in the chain in
-- force); the scheduler writes each in the contact's language, sends it and retries. A
-- member answers a release with a receipt (acknowledged, done, not affected); when the
-- release's deadline passes, the scheduler reminds the organisations that have not.
-- Releases made before this migration are not watched (deadline_watch NULL).
CREATE TABLE mail_outbox (
    id INTEGER PRIMARY KEY,
    contact_id INTEGER NOT NULL REFERENCES contact(id),
    object TEXT NOT NULL,
    event TEXT NOT NULL,
    recipient TEXT NOT NULL CHECK (recipient IN ('organisation', 'centre', 'supporter')),
    payload TEXT NOT NULL,
    created_ms INTEGER NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_ms INTEGER,
    sent_ms INTEGER,
    last_error TEXT NOT NULL DEFAULT ''
);
CREATE INDEX mail_outbox_due ON mail_outbox(next_ms) WHERE next_ms IS NOT NULL;
CREATE INDEX mail_outbox_object ON mail_outbox(object, id);
CREATE TABLE release_receipt (
    release_id INTEGER NOT NULL REFERENCES release(id) ON DELETE CASCADE,
    org_id INTEGER NOT NULL REFERENCES organisation(id),
    state TEXT NOT NULL CHECK (state IN ('acknowledged', 'done', 'not-affected')),
    note TEXT NOT NULL DEFAULT '',
    account TEXT NOT NULL,
    at_ms INTEGER NOT NULL,
    PRIMARY KEY (release_id, org_id)
);
ALTER TABLE release ADD COLUMN deadline_watch INTEGER;
CREATE INDEX release_deadline_watch ON release(deadline) WHERE deadline_watch IS NOT NULL;
